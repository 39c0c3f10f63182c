// SPDX-License-Identifier: GPL-2.0-only
/*
 * The pieces of BGP text every part of the printer writes: tcpdump's capped format buffer,
 * route distinguishers, addresses, prefixes and labels, "name (n)" and AFI/SAFI.
 */
#include "out/proto/bgp_int.h"

const struct tl_tok tl_bgp_safis[] = {
	{ 0, "Reserved" },
	{ 1, "Unicast" },
	{ 2, "Multicast" },
	{ 3, "Unicast+Multicast" },
	{ 4, "labeled Unicast" },
	{ 64, "Tunnel" },
	{ 65, "VPLS" },
	{ 66, "MDT" },
	{ 70, "EVPN" },
	{ 128, "labeled VPN Unicast" },
	{ 129, "labeled VPN Multicast" },
	{ 130, "labeled VPN Unicast+Multicast" },
	{ 132, "Route Target Routing Information" },
	{ 5, "Multicast VPN" },
	{ 0, NULL },
};

void tl_bgp_sb_init(struct tl_bgp_sb *sb, size_t cap)
{
	sb->cap = cap;
	sb->len = 0;
	sb->want = 0;
}

bool tl_bgp_sb_full(const struct tl_bgp_sb *sb)
{
	return sb->want >= sb->cap;
}

static void tl_bgp_sb_mem(struct tl_bgp_sb *sb, const char *s, size_t n)
{
	size_t room = sb->cap - 1 - sb->len;

	sb->want += n;
	if (n > room)
		n = room;
	memcpy(sb->b + sb->len, s, n);
	sb->len += n;
}

void tl_bgp_sb_str(struct tl_bgp_sb *sb, const char *s)
{
	tl_bgp_sb_mem(sb, s, strlen(s));
}

void tl_bgp_sb_u32(struct tl_bgp_sb *sb, uint32_t v)
{
	char t[12] = { 0 };

	tl_bgp_sb_mem(sb, t, (size_t)(put_u32(t, v) - t));
}

void tl_bgp_sb_hex2(struct tl_bgp_sb *sb, uint8_t v)
{
	char t[2] = { 0 };

	put_hex8(t, v);
	tl_bgp_sb_mem(sb, t, 2);
}

void tl_bgp_sb_ip4(struct tl_bgp_sb *sb, const uint8_t *a)
{
	char t[16] = { 0 };

	tl_bgp_sb_mem(sb, t, (size_t)(put_ip4_text(t, a) - t));
}

static void tl_bgp_sb_ip6(struct tl_bgp_sb *sb, const uint8_t *a)
{
	char t[46] = { 0 };

	tl_bgp_sb_mem(sb, t, (size_t)(put_ip6(t, a) - t));
}

/* isonsap_string(): hex octets, a dot after the first and after every second one after. */
void tl_bgp_sb_nsap(struct tl_bgp_sb *sb, const uint8_t *a, uint32_t n)
{
	if (n < 1 || n > 20) {
		tl_bgp_sb_str(sb, "isonsap_string: illegal length");
		return;
	}
	for (uint32_t i = 0; i < n; i++) {
		tl_bgp_sb_hex2(sb, a[i]);
		if (!(i & 1) && i + 1 < n)
			tl_bgp_sb_mem(sb, ".", 1);
	}
}

void tl_bgp_dec_sb(struct tl_dec *d, const struct tl_bgp_sb *sb)
{
	tl_dec_mem(d, sb->b, sb->len);
}

void tl_bgp_rd_get(struct tl_dec *d, size_t off, struct tl_bgp_rd *rd)
{
	rd->type = tl_dec_be16(d, off);
	if (rd->type <= 2) {
		tl_dec_need(d, off, 8);
		memcpy(rd->b, d->p + off, 8);
	}
}

/* bgp_vpn_rd_print(). */
void tl_bgp_sb_rd(struct tl_bgp_sb *sb, const struct tl_bgp_rd *rd)
{
	const uint8_t *b = rd->b;

	switch (rd->type) {
	case 0: /* 2-byte AS:number */
		tl_bgp_sb_u32(sb, tl_be16(b + 2));
		tl_bgp_sb_str(sb, ":");
		tl_bgp_sb_u32(sb, tl_be32(b + 4));
		tl_bgp_sb_str(sb, " (= ");
		tl_bgp_sb_ip4(sb, b + 4);
		tl_bgp_sb_str(sb, ")");
		break;
	case 1: /* IP address:number */
		tl_bgp_sb_ip4(sb, b + 2);
		tl_bgp_sb_str(sb, ":");
		tl_bgp_sb_u32(sb, tl_be16(b + 6));
		break;
	case 2: /* 4-byte AS:number */
		tl_bgp_sb_u32(sb, tl_be32(b + 2));
		tl_bgp_sb_str(sb, ":");
		tl_bgp_sb_u32(sb, tl_be16(b + 6));
		tl_bgp_sb_str(sb, " (");
		tl_bgp_sb_ip4(sb, b + 2);
		tl_bgp_sb_str(sb, ":");
		tl_bgp_sb_u32(sb, tl_be16(b + 6));
		tl_bgp_sb_str(sb, ")");
		break;
	default:
		tl_bgp_sb_str(sb, "unknown RD format");
		break;
	}
}

void tl_bgp_ip_get(struct tl_dec *d, size_t off, uint32_t bits, struct tl_bgp_ip *ip)
{
	ip->bits = bits;
	if (bits == 32 || bits == 128) {
		tl_dec_need(d, off, bits / 8);
		memcpy(ip->a, d->p + off, bits / 8);
	}
}

void tl_bgp_sb_vpn_ip(struct tl_bgp_sb *sb, const struct tl_bgp_ip *ip)
{
	if (ip->bits == 32) {
		tl_bgp_sb_ip4(sb, ip->a);
	} else if (ip->bits == 128) {
		tl_bgp_sb_ip6(sb, ip->a);
	} else {
		tl_bgp_sb_str(sb, "bogus address length ");
		tl_bgp_sb_u32(sb, ip->bits);
	}
}

/* An IPv4 address read from the payload (GET_IPADDR_STRING). */
void tl_bgp_ip4_get(struct tl_dec *d, size_t off, uint8_t a[4])
{
	tl_dec_need(d, off, 4);
	memcpy(a, d->p + off, 4);
}

void tl_bgp_ip6_get(struct tl_dec *d, size_t off, uint8_t a[16])
{
	tl_dec_need(d, off, 16);
	memcpy(a, d->p + off, 16);
}

/* "addr/len" of a prefix. */
void tl_bgp_sb_prefix(struct tl_bgp_sb *sb, const uint8_t *a, uint32_t plen, bool v6)
{
	if (v6)
		tl_bgp_sb_ip6(sb, a);
	else
		tl_bgp_sb_ip4(sb, a);
	tl_bgp_sb_str(sb, "/");
	tl_bgp_sb_u32(sb, plen);
}

/* "nsap/len" of a CLNP prefix of plen bits. */
void tl_bgp_sb_nsap_prefix(struct tl_bgp_sb *sb, const uint8_t *a, uint32_t plen)
{
	tl_bgp_sb_nsap(sb, a, (plen + 7) / 8);
	tl_bgp_sb_str(sb, "/");
	tl_bgp_sb_u32(sb, plen);
}

/* " label:N (bottom)" of an RFC 3107 label in the three bytes at off. */
void tl_bgp_sb_label(struct tl_bgp_sb *sb, uint32_t label3, uint8_t last)
{
	tl_bgp_sb_str(sb, ", label:");
	tl_bgp_sb_u32(sb, label3 >> 4);
	tl_bgp_sb_str(sb, (last & 1) ? " (bottom)" : " (BOGUS: Bottom of Stack NOT set!)");
}

/* " (N)" of a name and its number. */
void tl_bgp_named(struct tl_dec *d, const char *name, uint32_t v)
{
	tl_dec_str(d, name);
	TL_DEC_PUT(d, " (");
	tl_dec_u32(d, v);
	tl_dec_ch(d, ')');
}

/* "AFI name (n), SAFI name (n)" of the AFI at off and the SAFI at off + safi_at. */
void tl_bgp_afi_safi(struct tl_dec *d, uint32_t af, uint32_t safi)
{
	TL_DEC_PUT(d, "AFI ");
	tl_bgp_named(d, tl_tok_or(tl_af_values, af, "Unknown"), af);
	TL_DEC_PUT(d, ", SAFI ");
	tl_bgp_named(d, tl_tok_or(tl_bgp_safis, safi, "Unknown"), safi);
}
