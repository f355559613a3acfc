/* auth/addr.c: loopback and CIDR decisions on IP literals, IPv4 and IPv6. */
#include <string.h>

#include "auth/addr.h"
#include "tests/unit/check.h"

static void
test_loopback_ip_literals_only(void)
{
	CHECK(addr_is_loopback_ip("127.0.0.1"));
	CHECK(addr_is_loopback_ip("127.255.3.4"));
	CHECK(addr_is_loopback_ip("::1"));
	CHECK(addr_is_loopback_ip("[::1]"));
	CHECK(addr_is_loopback_ip("0:0:0:0:0:0:0:1"));
	CHECK(addr_is_loopback_ip("::ffff:127.0.0.1"));
	CHECK(addr_is_loopback_ip("::ffff:7f00:2"));
	/* a name that starts like an address is a name (issue #13 item 3) */
	CHECK(!addr_is_loopback_ip("127.evil.example"));
	CHECK(!addr_is_loopback_ip("127.0.0.1.evil.example"));
	CHECK(!addr_is_loopback_ip("127.1"));		/* inet_aton shorthand: not a literal */
	CHECK(!addr_is_loopback_ip("0177.0.0.1"));	/* octal: not a literal */
	CHECK(!addr_is_loopback_ip("127.0.0.1 "));
	CHECK(!addr_is_loopback_ip("128.0.0.1"));
	CHECK(!addr_is_loopback_ip("::2"));
	CHECK(!addr_is_loopback_ip("::"));
	CHECK(!addr_is_loopback_ip("::ffff:10.0.0.1"));
	CHECK(!addr_is_loopback_ip("::127.0.0.1"));	/* IPv4-compatible, not mapped */
	CHECK(!addr_is_loopback_ip("[::1"));
	CHECK(!addr_is_loopback_ip("localhost"));	/* a name, not an address */
	CHECK(!addr_is_loopback_ip(""));
	CHECK(!addr_is_loopback_ip(NULL));
}

static void
test_loopback_host_adds_localhost(void)
{
	CHECK(addr_is_loopback_host("localhost"));
	CHECK(addr_is_loopback_host("LocalHost"));
	CHECK(addr_is_loopback_host("localhost."));
	CHECK(addr_is_loopback_host("127.0.0.1"));
	CHECK(addr_is_loopback_host("::1"));
	CHECK(addr_is_loopback_host("[::1]"));
	CHECK(!addr_is_loopback_host("127.evil.example"));
	CHECK(!addr_is_loopback_host("localhost.evil.example"));
	CHECK(!addr_is_loopback_host("evil-localhost"));
	CHECK(!addr_is_loopback_host("localhostx"));
	CHECK(!addr_is_loopback_host(""));
	CHECK(!addr_is_loopback_host(NULL));
}

static void
test_cidr_v4(void)
{
	struct addr_cidr c;

	CHECK(addr_in_cidr("10.1.2.3", "10.0.0.0/8"));
	CHECK(!addr_in_cidr("11.1.2.3", "10.0.0.0/8"));
	CHECK(addr_in_cidr("192.168.7.9", "192.168.0.0/16"));
	CHECK(addr_in_cidr("172.31.0.1", "172.16.0.0/12"));
	CHECK(!addr_in_cidr("172.32.0.1", "172.16.0.0/12"));
	CHECK(addr_in_cidr("203.0.113.7", "203.0.113.7"));
	CHECK(!addr_in_cidr("203.0.113.8", "203.0.113.7"));
	CHECK(addr_in_cidr("203.0.113.8", "203.0.113.7/31") == false);
	CHECK(addr_in_cidr("203.0.113.6", "203.0.113.7/31"));
	CHECK(addr_in_cidr("8.8.8.8", "0.0.0.0/0"));
	CHECK(addr_in_cidr("10.0.0.1", " 10.0.0.0/8 "));	/* the gateway trims entries */
	CHECK(addr_in_cidr("::ffff:10.0.0.1", "10.0.0.0/8"));	/* mapped address */
	CHECK(addr_cidr_parse("10.0.0.0/8", &c) == 0 && c.bits == 8 && c.net.family == ADDR_V4);
	CHECK(addr_cidr_parse("10.0.0.0/33", &c) < 0);
	CHECK(addr_cidr_parse("10.0.0.0/", &c) < 0);
	CHECK(addr_cidr_parse("10.0.0.0/-1", &c) < 0);
	CHECK(addr_cidr_parse("10.0.0.0/+8", &c) < 0);
	CHECK(addr_cidr_parse("10.0.0.0/8x", &c) < 0);
	CHECK(addr_cidr_parse("10.0.0/8", &c) < 0);
	CHECK(addr_cidr_parse("10.0.0.0/99999999999999999999", &c) < 0);
	CHECK(addr_cidr_parse("example.com/8", &c) < 0);
	CHECK(addr_cidr_parse("", &c) < 0);
	CHECK(!addr_in_cidr("example.com", "0.0.0.0/0"));
}

/* IPv6 ranges used to pass validation and then never match (issue #13 item 3). */
static void
test_cidr_v6_matches(void)
{
	struct addr_cidr c;

	CHECK(addr_in_cidr("fd00::1", "fd00::/8"));
	CHECK(addr_in_cidr("fdff:ffff::1", "fd00::/8"));
	CHECK(!addr_in_cidr("fe00::1", "fd00::/8"));
	CHECK(addr_in_cidr("2001:db8:abcd:12::7", "2001:db8:abcd::/48"));
	CHECK(!addr_in_cidr("2001:db8:abce::7", "2001:db8:abcd::/48"));
	CHECK(addr_in_cidr("2001:db8::1", "2001:db8::1"));
	CHECK(!addr_in_cidr("2001:db8::2", "2001:db8::1"));
	CHECK(addr_in_cidr("2001:db8::2", "2001:db8::/127") == false);
	CHECK(addr_in_cidr("2001:db8::1", "2001:db8::/127"));
	CHECK(addr_in_cidr("fe80::1", "fe80::/10"));
	CHECK(addr_in_cidr("febf::1", "fe80::/10"));
	CHECK(!addr_in_cidr("fec0::1", "fe80::/10"));
	CHECK(addr_in_cidr("2001:db8::1", "::/0"));
	CHECK(!addr_in_cidr("10.0.0.1", "::/0"));		/* families never mix */
	CHECK(!addr_in_cidr("2001:db8::1", "0.0.0.0/0"));
	/* a mapped range is an IPv4 range, as the gateway reads it */
	CHECK(addr_cidr_parse("::ffff:10.0.0.0/104", &c) == 0 && c.net.family == ADDR_V4 && c.bits == 8);
	CHECK(addr_in_cidr("10.9.9.9", "::ffff:10.0.0.0/104"));
	CHECK(addr_cidr_parse("2001:db8::/129", &c) < 0);
	CHECK(addr_cidr_parse("[2001:db8::]/32", &c) < 0);
	CHECK(addr_cidr_parse("2001:db8::/64", &c) == 0 && c.bits == 64 && c.net.family == ADDR_V6);
	CHECK(addr_cidr_parse("2001:db8::", &c) == 0 && c.bits == 128);
}

static void
test_format(void)
{
	struct addr_ip ip;
	char out[64];

	CHECK(addr_parse_ip("::ffff:127.0.0.9", &ip) == 0 && ip.family == ADDR_V4);
	addr_format(&ip, out, sizeof(out));
	CHECK_STR(out, "127.0.0.9");
	CHECK(addr_parse_ip("[2001:0db8:0:0:0:0:0:1]", &ip) == 0 && ip.family == ADDR_V6);
	addr_format(&ip, out, sizeof(out));
	CHECK_STR(out, "2001:db8::1");
}

int
main(void)
{
	RUN(test_loopback_ip_literals_only);
	RUN(test_loopback_host_adds_localhost);
	RUN(test_cidr_v4);
	RUN(test_cidr_v6_matches);
	RUN(test_format);
	return CHECK_DONE();
}
