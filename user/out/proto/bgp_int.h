/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the parts of the BGP printer (user/out/proto/bgp*.c) share: message sizes, address
 * family numbers, the text buffer tcpdump formats NLRI into, and each part's entry points.
 * Private to those files: the rest of tcplens sees tl_dec_bgp() in proto.h only.
 */
#ifndef TL_BGP_INT_H
#define TL_BGP_INT_H

#include "out/proto/proto.h"

#define TL_BGP_SIZE	       19 /* marker, length, type */
#define TL_BGP_OPEN_SIZE       29
#define TL_BGP_NOTIFY_SIZE     21
#define TL_BGP_REFRESH_SIZE    23
#define TL_BGP_RD_LEN	       8
#define TL_BGP_MP_NLRI_MINSIZE 3

/*
 * tcpdump formats NLRI into a char buf[MAXHOSTNAMELEN + 100] (164 on Linux) before printing
 * it, so longer text is cut there: struct tl_bgp_sb keeps that cap.
 */
#define TL_BGP_BUF 164

enum { TL_AF_INET = 1, TL_AF_INET6 = 2, TL_AF_NSAP = 3, TL_AF_VPLS = 25, TL_AF_L2VPN = 196 };

enum {
	TL_SAFI_UNICAST = 1,
	TL_SAFI_MULTICAST = 2,
	TL_SAFI_UNIMULTICAST = 3,
	TL_SAFI_LABUNICAST = 4,
	TL_SAFI_MULTICAST_VPN = 5,
	TL_SAFI_VPLS = 65,
	TL_SAFI_MDT = 66,
	TL_SAFI_VPNUNICAST = 128,
	TL_SAFI_VPNMULTICAST = 129,
	TL_SAFI_VPNUNIMULTICAST = 130,
	TL_SAFI_RT_ROUTING_INFO = 132,
};

#define TL_AFSAFI(af, safi) ((uint32_t)(af) << 8 | (safi))

static inline uint32_t tl_be24(const uint8_t *b)
{
	return (uint32_t)b[0] << 16 | (uint32_t)b[1] << 8 | b[2];
}

/*
 * A char buffer tcpdump snprintf()s into and prints afterwards: text past cap - 1 is lost,
 * and `full` says what UPDATE_BUF_BUFLEN's buflen == 0 says (the text asked for reached cap).
 */
struct tl_bgp_sb {
	char b[TL_BGP_BUF];
	size_t cap, len, want;
};

/* A route distinguisher (RFC 4364 4.2), read whole before anything prints it. */
struct tl_bgp_rd {
	uint8_t b[8];
	uint16_t type;
};

/* bgp_vpn_ip_print(): an address of `bits` bits, read when called. */
struct tl_bgp_ip {
	uint8_t a[16];
	uint32_t bits;
};

/* bgp_text.c: the capped buffer, the pieces written into it, "name (n)" and AFI/SAFI. */
extern const struct tl_tok tl_bgp_safis[];
void tl_bgp_sb_init(struct tl_bgp_sb *sb, size_t cap);
bool tl_bgp_sb_full(const struct tl_bgp_sb *sb);
void tl_bgp_sb_str(struct tl_bgp_sb *sb, const char *s);
void tl_bgp_sb_u32(struct tl_bgp_sb *sb, uint32_t v);
void tl_bgp_sb_hex2(struct tl_bgp_sb *sb, uint8_t v);
void tl_bgp_sb_ip4(struct tl_bgp_sb *sb, const uint8_t *a);
void tl_bgp_sb_nsap(struct tl_bgp_sb *sb, const uint8_t *a, uint32_t n);
void tl_bgp_dec_sb(struct tl_dec *d, const struct tl_bgp_sb *sb);
void tl_bgp_rd_get(struct tl_dec *d, size_t off, struct tl_bgp_rd *rd);
void tl_bgp_sb_rd(struct tl_bgp_sb *sb, const struct tl_bgp_rd *rd);
void tl_bgp_ip_get(struct tl_dec *d, size_t off, uint32_t bits, struct tl_bgp_ip *ip);
void tl_bgp_sb_vpn_ip(struct tl_bgp_sb *sb, const struct tl_bgp_ip *ip);
void tl_bgp_ip4_get(struct tl_dec *d, size_t off, uint8_t a[4]);
void tl_bgp_ip6_get(struct tl_dec *d, size_t off, uint8_t a[16]);
void tl_bgp_sb_prefix(struct tl_bgp_sb *sb, const uint8_t *a, uint32_t plen, bool v6);
void tl_bgp_sb_nsap_prefix(struct tl_bgp_sb *sb, const uint8_t *a, uint32_t plen);
void tl_bgp_sb_label(struct tl_bgp_sb *sb, uint32_t label3, uint8_t last);
void tl_bgp_named(struct tl_dec *d, const char *name, uint32_t v);
void tl_bgp_afi_safi(struct tl_dec *d, uint32_t af, uint32_t safi);

/* bgp_nlri.c: the routes of each address family and the ADD-PATH guess. */
int tl_bgp_prefix(struct tl_dec *d, size_t off, uint32_t itemlen, bool v6, struct tl_bgp_sb *sb);
bool tl_bgp_add_path(struct tl_dec *d, size_t off, uint32_t length, uint32_t max_plen);
bool tl_bgp_nlri_all(struct tl_dec *d, uint32_t af, uint32_t safi, size_t tp, size_t end,
		     uint32_t len, bool ap4, bool ap6);

/* bgp_mp.c: MP_REACH_NLRI and MP_UNREACH_NLRI. */
bool tl_bgp_mp_reach(struct tl_dec *d, size_t pptr, uint32_t len, bool *done);
bool tl_bgp_mp_unreach(struct tl_dec *d, size_t pptr, uint32_t len);

/* bgp_attr.c: one path attribute; the name table and flags UPDATE prints too. */
extern const struct tl_tok tl_bgp_attrs[];
void tl_bgp_attr_flags(struct tl_dec *d, uint32_t f);
bool tl_bgp_attr(struct tl_dec *d, uint32_t atype, size_t pptr, uint32_t len, uint32_t level);

/* bgp_extcomm.c: the extended communities attribute. */
bool tl_bgp_ext_communities(struct tl_dec *d, size_t tp, uint32_t tlen);

/* bgp_cap.c: OPEN's capabilities optional parameter. */
void tl_bgp_capabilities(struct tl_dec *d, size_t opt, uint32_t caps_len);

#endif
