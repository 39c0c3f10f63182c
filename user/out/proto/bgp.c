// SPDX-License-Identifier: GPL-2.0-only
/*
 * BGP (RFC 4271, port 179), as print-bgp.c prints it: the name without -v; with -v every
 * message: OPEN, UPDATE with withdrawn routes, path attributes and NLRI, NOTIFICATION,
 * ROUTE-REFRESH; -vv adds hex dumps. This file holds the messages; the path attributes
 * (bgp_attr.c, bgp_extcomm.c, bgp_mp.c), the NLRI of each address family (bgp_nlri.c), the
 * OPEN capabilities (bgp_cap.c) and the text they share (bgp_text.c) are their own files.
 */
#include "out/proto/bgp_int.h"

static const struct tl_tok tl_bgp_msgs[] = {
	{ 1, "Open" },	    { 2, "Update" },	    { 3, "Notification" },
	{ 4, "Keepalive" }, { 5, "Route Refresh" }, { 0, NULL },
};

static const struct tl_tok tl_bgp_opts[] = {
	{ 1, "Authentication Information" },
	{ 2, "Capabilities Advertisement" },
	{ 0, NULL },
};

static const struct tl_tok tl_bgp_notify_major[] = {
	{ 1, "Message Header Error" },	     { 2, "OPEN Message Error" },
	{ 3, "UPDATE Message Error" },	     { 4, "Hold Timer Expired" },
	{ 5, "Finite State Machine Error" }, { 6, "Cease" },
	{ 7, "Capability Message Error" },   { 0, NULL },
};

static const struct tl_tok tl_bgp_minor_cease[] = {
	{ 1, "Maximum Number of Prefixes Reached" },
	{ 2, "Administrative Shutdown" },
	{ 3, "Peer Unconfigured" },
	{ 4, "Administrative Reset" },
	{ 5, "Connection Rejected" },
	{ 6, "Other Configuration Change" },
	{ 7, "Connection Collision Resolution" },
	{ 0, NULL },
};

static const struct tl_tok tl_bgp_minor_msg[] = {
	{ 1, "Connection Not Synchronized" },
	{ 2, "Bad Message Length" },
	{ 3, "Bad Message Type" },
	{ 0, NULL },
};

static const struct tl_tok tl_bgp_minor_open[] = {
	{ 1, "Unsupported Version Number" }, { 2, "Bad Peer AS" },
	{ 3, "Bad BGP Identifier" },	     { 4, "Unsupported Optional Parameter" },
	{ 5, "Authentication Failure" },     { 6, "Unacceptable Hold Time" },
	{ 7, "Capability Message Error" },   { 0, NULL },
};

static const struct tl_tok tl_bgp_minor_update[] = {
	{ 1, "Malformed Attribute List" },
	{ 2, "Unrecognized Well-known Attribute" },
	{ 3, "Missing Well-known Attribute" },
	{ 4, "Attribute Flags Error" },
	{ 5, "Attribute Length Error" },
	{ 6, "Invalid ORIGIN Attribute" },
	{ 7, "AS Routing Loop" },
	{ 8, "Invalid NEXT_HOP Attribute" },
	{ 9, "Optional Attribute Error" },
	{ 10, "Invalid Network Field" },
	{ 11, "Malformed AS_PATH" },
	{ 0, NULL },
};

static const struct tl_tok tl_bgp_minor_fsm[] = {
	{ 0, "Unspecified Error" },
	{ 1, "In OpenSent State" },
	{ 2, "In OpenConfirm State" },
	{ 3, "In Established State" },
	{ 0, NULL },
};

static const struct tl_tok tl_bgp_minor_cap[] = {
	{ 1, "Invalid Action Value" },
	{ 2, "Invalid Capability Length" },
	{ 3, "Malformed Capability Value" },
	{ 4, "Unsupported Capability Code" },
	{ 0, NULL },
};

/* bgp_open_print() (RFC 4271 4.2). */
static void tl_bgp_open(struct tl_dec *d, size_t dat, uint32_t length)
{
	uint32_t optslen, i = 0;
	size_t opt;

	if (!tl_dec_has(d, dat, TL_BGP_OPEN_SIZE) || length < TL_BGP_OPEN_SIZE) {
		tl_dec_trunc_mark(d);
		return;
	}
	TL_DEC_PUT(d, "\n\t  Version ");
	tl_dec_u32(d, d->p[dat + 19]);
	TL_DEC_PUT(d, ", my AS ");
	tl_dec_u32(d, tl_be16(d->p + dat + 20));
	TL_DEC_PUT(d, ", Holdtime ");
	tl_dec_u32(d, tl_be16(d->p + dat + 22));
	TL_DEC_PUT(d, "s, ID ");
	tl_dec_ip4(d, d->p + dat + 24);
	optslen = d->p[dat + 28];
	TL_DEC_PUT(d, "\n\t  Optional parameters, length: ");
	tl_dec_u32(d, optslen);
	opt = dat + TL_BGP_OPEN_SIZE;
	length -= TL_BGP_OPEN_SIZE;
	while (i < optslen) {
		uint32_t type, olen;

		if (!tl_dec_has(d, opt + i, 2) || length < 2 + i) {
			tl_dec_trunc_mark(d);
			return;
		}
		type = d->p[opt + i];
		olen = d->p[opt + i + 1];
		if (2 + i + olen > optslen) {
			TL_DEC_PUT(d, "\n\t     Option ");
			tl_dec_u32(d, type);
			TL_DEC_PUT(d, ", length: ");
			tl_dec_u32(d, olen);
			TL_DEC_PUT(d, ", goes past the end of the options");
			break;
		}
		TL_DEC_PUT(d, "\n\t    Option ");
		tl_bgp_named(d, tl_tok_or(tl_bgp_opts, type, "Unknown"), type);
		TL_DEC_PUT(d, ", length: ");
		tl_dec_u32(d, olen);
		if (type == 2) {
			tl_bgp_capabilities(d, opt + 2 + i, olen);
		} else {
			TL_DEC_PUT(d, "\n\t      no decoder for option ");
			tl_dec_u32(d, type);
		}
		i += 2 + olen;
	}
}

/*
 * One IPv4 route of wlen bytes at off as a "\n\t    prefix" line, its path ID after it with
 * ADD-PATH: the bytes it took, -1 after saying the length is illegal, -2 when truncated.
 */
static int tl_bgp_route(struct tl_dec *d, size_t off, uint32_t wlen, bool ap, uint32_t id,
			struct tl_bgp_sb *sb)
{
	int n = tl_bgp_prefix(d, off, wlen, false, sb);

	if (n == -1) {
		TL_DEC_PUT(d, "\n\t    (illegal prefix length)");
		return -1;
	}
	if (n < 0)
		return n;
	TL_DEC_PUT(d, "\n\t    ");
	tl_bgp_dec_sb(d, sb);
	if (ap) {
		TL_DEC_PUT(d, "   Path Id: ");
		tl_dec_u32(d, id);
	}
	return n;
}

/* The withdrawn routes (wlen bytes at *p); false when truncated. */
static bool tl_bgp_withdrawn(struct tl_dec *d, size_t *p, uint32_t *length, uint32_t *wlen)
{
	bool ap = tl_bgp_add_path(d, *p, *wlen, 32);
	uint32_t id = 0;
	struct tl_bgp_sb sb;

	tl_bgp_sb_init(&sb, TL_BGP_BUF);
	while (*wlen != 0) {
		int n;

		if (ap) {
			if (*wlen < 4) {
				*p += *wlen;
				*length -= *wlen;
				break;
			}
			id = tl_dec_be32(d, *p);
			*p += 4;
			*length -= 4;
			*wlen -= 4;
		}
		n = tl_bgp_route(d, *p, *wlen, ap, id, &sb);
		if (n == -1)
			break;
		if (n == -2)
			return false;
		*p += (size_t)n;
		*length -= (uint32_t)n;
		*wlen -= (uint32_t)n;
	}
	return true;
}

/* The NLRI after the path attributes: the rest of the message. */
static bool tl_bgp_updated(struct tl_dec *d, size_t p, uint32_t length)
{
	bool ap = tl_bgp_add_path(d, p, length, 32);
	uint32_t id = 0;
	struct tl_bgp_sb sb;

	tl_bgp_sb_init(&sb, TL_BGP_BUF);
	TL_DEC_PUT(d, "\n\t  Updated routes:");
	while (length != 0) {
		int n;

		if (ap) {
			if (!tl_dec_has(d, p, 4) || length < 4)
				return false;
			id = tl_be32(d->p + p);
			p += 4;
			length -= 4;
		}
		n = tl_bgp_route(d, p, length, ap, id, &sb);
		if (n == -1)
			break;
		if (n == -2)
			return false;
		p += (size_t)n;
		length -= (uint32_t)n;
	}
	return true;
}

/* bgp_update_print() (RFC 4271 4.3): withdrawn routes, path attributes, NLRI. */
static void tl_bgp_update(struct tl_dec *d, size_t dat, uint32_t length)
{
	uint32_t wlen, len;
	size_t p;

	if (!tl_dec_has(d, dat, TL_BGP_SIZE) || length < TL_BGP_SIZE)
		goto trunc;
	p = dat + TL_BGP_SIZE;
	length -= TL_BGP_SIZE;
	if (!tl_dec_has(d, p, 2) || length < 2)
		goto trunc;
	wlen = tl_be16(d->p + p);
	p += 2;
	length -= 2;
	if (!tl_dec_has(d, p, wlen) || length < wlen)
		goto trunc;
	if (wlen > 1) {
		/* IPv4 only: an IPv6 withdrawal would be in MP_UNREACH_NLRI. */
		TL_DEC_PUT(d, "\n\t  Withdrawn routes:");
		if (!tl_bgp_withdrawn(d, &p, &length, &wlen))
			goto trunc;
	} else {
		p += wlen;
		length -= wlen;
	}
	if (!tl_dec_has(d, p, 2) || length < 2)
		goto trunc;
	len = tl_be16(d->p + p);
	p += 2;
	length -= 2;
	if (wlen == 0 && len == 0 && length == 0) {
		TL_DEC_PUT(d, "\n\t  End-of-Rib Marker (empty NLRI)");
		return;
	}
	if (len) {
		if (length < len)
			goto trunc;
		while (len) {
			uint32_t aflags, atype, alenlen, alen;

			if (!tl_dec_has(d, p, 2) || length < 2)
				goto trunc;
			if (len < 2) {
				TL_DEC_PUT(d, "\n\t  [path attrs too short]");
				p += len;
				length -= len;
				break;
			}
			aflags = d->p[p];
			atype = d->p[p + 1];
			p += 2;
			len -= 2;
			length -= 2;
			alenlen = aflags & 0x10 ? 2 : 1;
			if (!tl_dec_has(d, p, alenlen) || length < alenlen)
				goto trunc;
			if (len < alenlen) {
				TL_DEC_PUT(d, "\n\t  [path attrs too short]");
				p += len;
				length -= len;
				break;
			}
			alen = alenlen == 2 ? tl_be16(d->p + p) : d->p[p];
			p += alenlen;
			len -= alenlen;
			length -= alenlen;
			TL_DEC_PUT(d, "\n\t  ");
			tl_bgp_named(d, tl_tok_or(tl_bgp_attrs, atype, "Unknown Attribute"), atype);
			TL_DEC_PUT(d, ", length: ");
			tl_dec_u32(d, alen);
			if (aflags) {
				tl_bgp_attr_flags(d, aflags);
				TL_DEC_PUT(d, ": ");
			}
			if (len < alen) {
				TL_DEC_PUT(d, " [path attrs too short]");
				p += len;
				length -= len;
				break;
			}
			if (length < alen)
				goto trunc;
			if (!tl_bgp_attr(d, atype, p, alen, 0))
				goto trunc;
			p += alen;
			len -= alen;
			length -= alen;
		}
	}
	if (length && !tl_bgp_updated(d, p, length))
		goto trunc;
	return;
trunc:
	tl_dec_trunc_mark(d);
}

/* ", subcode name (n)" with the separator 4.99.3 uses for that error code. */
static void tl_bgp_subcode(struct tl_dec *d, const char *sep, const struct tl_tok *t, uint32_t v)
{
	tl_dec_str(d, sep);
	TL_DEC_PUT(d, "subcode ");
	tl_bgp_named(d, tl_tok_or(t, v, "Unknown"), v);
}

/* bgp_notification_print() (RFC 4271 4.5; RFC 4486, RFC 9003 for Cease). */
static void tl_bgp_notification(struct tl_dec *d, size_t dat, uint32_t length)
{
	uint32_t major, minor;
	size_t tp = dat + TL_BGP_NOTIFY_SIZE;

	if (!tl_dec_has(d, dat, TL_BGP_NOTIFY_SIZE)) {
		tl_dec_trunc_mark(d);
		return;
	}
	if (length < TL_BGP_NOTIFY_SIZE)
		return;
	major = d->p[dat + 19];
	minor = d->p[dat + 20];
	TL_DEC_PUT(d, ", ");
	tl_bgp_named(d, tl_tok_or(tl_bgp_notify_major, major, "Unknown Error"), major);
	switch (major) {
	case 1:
		tl_bgp_subcode(d, ", ", tl_bgp_minor_msg, minor);
		break;
	case 2:
		tl_bgp_subcode(d, ", ", tl_bgp_minor_open, minor);
		break;
	case 3:
		tl_bgp_subcode(d, ", ", tl_bgp_minor_update, minor);
		break;
	case 5:
		tl_bgp_subcode(d, " ", tl_bgp_minor_fsm, minor);
		break;
	case 7:
		tl_bgp_subcode(d, " ", tl_bgp_minor_cap, minor);
		break;
	case 6: {
		uint8_t comm_len, rest = 0;

		tl_bgp_subcode(d, ", ", tl_bgp_minor_cease, minor);
		if (minor == 1 && length >= TL_BGP_NOTIFY_SIZE + 7) {
			uint32_t af = tl_dec_be16(d, tp), safi = tl_dec_u8(d, tp + 2),
				 max = tl_dec_be32(d, tp + 3);

			TL_DEC_PUT(d, ", ");
			tl_bgp_afi_safi(d, af, safi);
			TL_DEC_PUT(d, ", Max Prefixes: ");
			tl_dec_u32(d, max);
		}
		if ((minor == 2 || minor == 4) && length >= TL_BGP_NOTIFY_SIZE + 1) {
			comm_len = tl_dec_u8(d, tp);
			if (comm_len > length - (TL_BGP_NOTIFY_SIZE + 1)) {
				TL_DEC_PUT(d, ", invalid Shutdown Communication length");
			} else if (comm_len == 0) {
				TL_DEC_PUT(d, ", empty Shutdown Communication");
				rest = 1;
			} else {
				TL_DEC_PUT(d, ", Shutdown Communication (length: ");
				tl_dec_u32(d, comm_len);
				TL_DEC_PUT(d, "): \"");
				tl_dec_printn_jmp(d, tp + 1, comm_len);
				tl_dec_ch(d, '"');
				/* An 8-bit sum in 4.99.3: 255 + 1 is 0. */
				rest = (uint8_t)(rest + comm_len + 1);
			}
			if (length - (rest + TL_BGP_NOTIFY_SIZE) > 0) {
				uint32_t n = length - (rest + TL_BGP_NOTIFY_SIZE);

				TL_DEC_PUT(d, ", Data: (length: ");
				tl_dec_u32(d, n);
				tl_dec_ch(d, ')');
				tl_dec_hexdump(d, "\n\t\t", tp + rest, n, 0);
			}
		}
		break;
	}
	default:
		break;
	}
}

/* bgp_route_refresh_print() (RFC 2918). */
static void tl_bgp_refresh(struct tl_dec *d, size_t p, uint32_t len)
{
	if (!tl_dec_has(d, p, TL_BGP_REFRESH_SIZE)) {
		tl_dec_trunc_mark(d);
		return;
	}
	if (len < TL_BGP_REFRESH_SIZE)
		return;
	TL_DEC_PUT(d, "\n\t  ");
	tl_bgp_afi_safi(d, tl_be16(d->p + p + 19), d->p[p + 22]);
	if (d->vflag > 1) {
		if (!tl_dec_has(d, p, len)) {
			tl_dec_trunc_mark(d);
			return;
		}
		tl_dec_unknown_data(d, p, "\n\t  ", len);
	}
}

/* bgp_pdu_print(): one message of length bytes at dat; false after " [|bgp]". */
static bool tl_bgp_pdu(struct tl_dec *d, size_t dat, uint32_t length)
{
	uint32_t type;

	if (!tl_dec_has(d, dat, TL_BGP_SIZE)) {
		tl_dec_trunc_mark(d);
		return false;
	}
	type = d->p[dat + 18];
	TL_DEC_PUT(d, "\n\t");
	tl_dec_str(d, tl_tok_or(tl_bgp_msgs, type, "Unknown"));
	TL_DEC_PUT(d, " Message (");
	tl_dec_u32(d, type);
	TL_DEC_PUT(d, "), length: ");
	tl_dec_u32(d, length);
	switch (type) {
	case 1:
		tl_bgp_open(d, dat, length);
		break;
	case 2:
		tl_bgp_update(d, dat, length);
		break;
	case 3:
		tl_bgp_notification(d, dat, length);
		break;
	case 4:
		break;
	case 5:
		tl_bgp_refresh(d, dat, length);
		break;
	default:
		if (!tl_dec_has(d, dat, length)) {
			tl_dec_trunc_mark(d);
			return false;
		}
		TL_DEC_PUT(d, "\n\t  no Message ");
		tl_dec_u32(d, type);
		TL_DEC_PUT(d, " decoder");
		tl_dec_unknown_data(d, dat, "\n\t  ", length);
		break;
	}
	return true;
}

/*
 * bgp_print(): ": BGP", and with -v every message whose 16-byte marker is found in what was
 * captured (a segment may start inside a message: " [|bgp]" marks the skipped bytes).
 */
void tl_dec_bgp(struct tl_dec *d, uint32_t len)
{
	static const uint8_t marker[16] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
					    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	size_t p = 0, start = 0;

	(void)len;
	d->proto = "bgp";
	TL_DEC_PUT(d, ": BGP");
	if (d->vflag < 1)
		return;
	while (p < d->cap) {
		uint32_t hlen;

		if (d->p[p] != 0xff) {
			p++;
			continue;
		}
		if (!tl_dec_has(d, p, sizeof(marker)))
			break;
		if (memcmp(d->p + p, marker, sizeof(marker))) {
			p++;
			continue;
		}
		if (!tl_dec_has(d, p, TL_BGP_SIZE)) {
			tl_dec_trunc_mark(d);
			return;
		}
		if (start != p)
			tl_dec_trunc_mark(d);
		hlen = tl_be16(d->p + p + 16);
		if (hlen < TL_BGP_SIZE) {
			TL_DEC_PUT(d, "\nmessage length ");
			tl_dec_u32(d, hlen);
			TL_DEC_PUT(d, " < 19 (invalid)");
			break;
		}
		if (tl_dec_has(d, p, hlen)) {
			if (!tl_bgp_pdu(d, p, hlen))
				return;
			p += hlen;
			start = p;
		} else {
			TL_DEC_PUT(d, "\n[|BGP ");
			tl_dec_str(d, tl_tok_or(tl_bgp_msgs, d->p[p + 18], "Unknown Message Type"));
			tl_dec_ch(d, ']');
			break;
		}
	}
}
