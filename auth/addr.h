/* IP addresses and CIDR ranges: the one place where "is this loopback?" and "is this
 * address in that range?" are decided (the URL check before a token is sent, explain
 * --remote, the agent, the gateway's autoApproveCidrs).  Pure: libc inet_pton only.
 * Names are never resolved here; a name is not an address. */
#ifndef OC_AUTH_ADDR_H
#define OC_AUTH_ADDR_H

#include <stdbool.h>

enum addr_family {
	ADDR_V4 = 4,
	ADDR_V6 = 6,
};

struct addr_ip {
	enum addr_family family;
	unsigned char b[16];		/* network order; ADDR_V4 uses b[0..3] */
};

struct addr_cidr {
	struct addr_ip net;		/* host bits as written (not masked) */
	int bits;			/* prefix length: 0..32 (v4) or 0..128 (v6) */
};

/* ===== Addresses ===== */

/* Parse an IP literal: dotted-quad IPv4 (exactly four decimal parts, as inet_pton takes
 * it: no "127.1", no octal) or IPv6, which may be bracketed ("[::1]").  An IPv4-mapped
 * IPv6 address (::ffff:a.b.c.d) comes back as the IPv4 address, as the gateway compares
 * it.  0, or -1 when s is not an IP literal (names included). */
int addr_parse_ip(const char *s, struct addr_ip *out);

/* True for an IP literal in 127.0.0.0/8 or ::1 (bracketed or mapped forms included).
 * False for NULL, "" and every name. */
bool addr_is_loopback_ip(const char *s);

/* addr_is_loopback_ip, or the name "localhost" (any case, trailing dots ignored), which
 * the resolver keeps on loopback; whoever connects to it should still check the peer
 * address it got (see ws.c).  For URL hosts. */
bool addr_is_loopback_host(const char *host);

/* Format ip into out (>= 46 bytes, INET6_ADDRSTRLEN): dotted quad or RFC 5952 text. */
void addr_format(const struct addr_ip *ip, char *out, unsigned long size);

/* ===== CIDR ranges ===== */

/* Parse "IP" (one address: /32 or /128) or "IP/N", IPv4 or IPv6, surrounding blanks
 * ignored (the gateway trims them).  A mapped IPv6 range (::ffff:a.b.c.d/N) is the IPv4
 * range /N-96 (at least /0), as the gateway reads it.  0, or -1 when it is not a range. */
int addr_cidr_parse(const char *s, struct addr_cidr *out);

/* Is ip inside c?  Different families never match. */
bool addr_cidr_contains(const struct addr_cidr *c, const struct addr_ip *ip);

/* addr_cidr_contains on text: false when either does not parse. */
bool addr_in_cidr(const char *ip, const char *cidr);

#endif
