#include "auth/addr.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const unsigned char mapped_prefix[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };

/* Fold ::ffff:a.b.c.d into a.b.c.d: the gateway compares mapped addresses as IPv4. */
static void
unmap(struct addr_ip *ip)
{
	if (ip->family == ADDR_V6 && memcmp(ip->b, mapped_prefix, 12) == 0) {
		memmove(ip->b, ip->b + 12, 4);
		memset(ip->b + 4, 0, 12);
		ip->family = ADDR_V4;
	}
}

int
addr_parse_ip(const char *s, struct addr_ip *out)
{
	char buf[64];
	size_t n;

	if (!s)
		return -1;
	n = strlen(s);
	if (n >= 2 && s[0] == '[' && s[n - 1] == ']') {
		s++;
		n -= 2;
	}
	if (n == 0 || n >= sizeof(buf))
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	memset(out, 0, sizeof(*out));
	if (inet_pton(AF_INET, buf, out->b) == 1) {
		out->family = ADDR_V4;
		return 0;
	}
	if (inet_pton(AF_INET6, buf, out->b) == 1) {
		out->family = ADDR_V6;
		unmap(out);
		return 0;
	}
	return -1;
}

static bool
ip_is_loopback(const struct addr_ip *ip)
{
	static const unsigned char v6_loopback[16] = { [15] = 1 };

	if (ip->family == ADDR_V4)
		return ip->b[0] == 127;
	return memcmp(ip->b, v6_loopback, 16) == 0;
}

bool
addr_is_loopback_ip(const char *s)
{
	struct addr_ip ip;

	return addr_parse_ip(s, &ip) == 0 && ip_is_loopback(&ip);
}

bool
addr_is_loopback_host(const char *host)
{
	size_t n;

	if (!host)
		return false;
	n = strlen(host);
	while (n > 0 && host[n - 1] == '.')
		n--;
	if (n == 9 && strncasecmp(host, "localhost", 9) == 0)
		return true;
	return addr_is_loopback_ip(host);
}

void
addr_format(const struct addr_ip *ip, char *out, unsigned long size)
{
	if (!size)
		return;
	if (!inet_ntop(ip->family == ADDR_V4 ? AF_INET : AF_INET6, ip->b, out, (socklen_t)size))
		out[0] = '\0';
}

int
addr_cidr_parse(const char *s, struct addr_cidr *out)
{
	char buf[80], *slash, *end;
	const char *e;
	size_t n;
	long bits;
	bool mapped;

	if (!s)
		return -1;
	while (isspace((unsigned char)*s))
		s++;
	for (e = s + strlen(s); e > s && isspace((unsigned char)e[-1]); e--)
		;
	n = (size_t)(e - s);
	if (n == 0 || n >= sizeof(buf))
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	slash = strchr(buf, '/');
	if (slash)
		*slash = '\0';
	/* brackets belong to URLs, not to ranges */
	if (buf[0] == '[')
		return -1;
	/* parse without folding first: a mapped base shortens the prefix by 96 */
	memset(&out->net, 0, sizeof(out->net));
	if (inet_pton(AF_INET, buf, out->net.b) == 1)
		out->net.family = ADDR_V4;
	else if (inet_pton(AF_INET6, buf, out->net.b) == 1)
		out->net.family = ADDR_V6;
	else
		return -1;
	mapped = out->net.family == ADDR_V6 && memcmp(out->net.b, mapped_prefix, 12) == 0;
	if (!slash) {
		out->bits = out->net.family == ADDR_V4 || mapped ? 32 : 128;
		unmap(&out->net);
		return 0;
	}
	if (!isdigit((unsigned char)slash[1]))
		return -1;
	bits = strtol(slash + 1, &end, 10);
	if (*end || bits > (out->net.family == ADDR_V4 ? 32 : 128))
		return -1;
	if (mapped)
		bits = bits > 96 ? bits - 96 : 0;
	unmap(&out->net);
	out->bits = (int)bits;
	return 0;
}

bool
addr_cidr_contains(const struct addr_cidr *c, const struct addr_ip *ip)
{
	int full = c->bits / 8, rest = c->bits % 8;

	if (c->net.family != ip->family)
		return false;
	if (memcmp(c->net.b, ip->b, (size_t)full) != 0)
		return false;
	if (rest) {
		unsigned char mask = (unsigned char)(0xff << (8 - rest));

		return (c->net.b[full] & mask) == (ip->b[full] & mask);
	}
	return true;
}

bool
addr_in_cidr(const char *ip, const char *cidr)
{
	struct addr_ip a;
	struct addr_cidr c;

	return addr_parse_ip(ip, &a) == 0 && addr_cidr_parse(cidr, &c) == 0 &&
	       addr_cidr_contains(&c, &a);
}
