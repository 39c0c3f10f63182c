// SPDX-License-Identifier: GPL-2.0-only
/* DNS over TCP (port 53, RFC 1035 4.2.2), as print-domain.c prints it: header summary,
 * questions and answers, names with compression, EDNS options. */
#include <stdio.h>

#include "out/proto/app.h"
#include "out/proto/proto.h"

/* A name or record that could not be followed: print-domain.c's NULL pointer. */
#define TL_NIL SIZE_MAX

#define TL_MAXCDNAME 255 /* longest name text before <DOMAIN NAME TOO LONG> */

/* Label types: the two top bits of a length byte (RFC 1035 4.1.4, RFC 6891). */
#define TL_TYPE_MASK	  0xc0
#define TL_TYPE_INDIR	  0xc0
#define TL_TYPE_RESERVED  0x80
#define TL_TYPE_EDNS0	  0x40
#define TL_EDNS0_BITLABEL 0x01

#define TL_T_A	     1
#define TL_T_NS	     2
#define TL_T_CNAME   5
#define TL_T_SOA     6
#define TL_T_PTR     12
#define TL_T_MX	     15
#define TL_T_TXT     16
#define TL_T_AAAA    28
#define TL_T_SRV     33
#define TL_T_A6	     38
#define TL_T_DNAME   39
#define TL_T_OPT     41
#define TL_T_UNSPECA 104
#define TL_T_TSIG    250
#define TL_T_URI     256
#define TL_C_IN	     1
#define TL_IQUERY    1

#define TL_E_NSID      3
#define TL_E_DAU       5
#define TL_E_DHU       6
#define TL_E_N3U       7
#define TL_E_ECS       8
#define TL_E_EXPIRE    9
#define TL_E_COOKIE    10
#define TL_E_KEEPALIVE 11
#define TL_E_PADDING   12
#define TL_E_CHAIN     13
#define TL_E_KEYTAG    14

static const char *const tl_ns_ops[] = {
	"",	    " inv_q",	 " stat",     " op3",	  " notify",  " update",
	" op6",	    " op7",	 " op8",      " updateA", " updateD", " updateDA",
	" updateM", " updateMA", " zoneInit", " zoneRef",
};

/* 4.99.3's table, two names without their space included. */
static const char *const tl_ns_resp[] = {
	"",	     " FormErr", " ServFail", " NXDomain", " NotImp",  " Refused",
	" YXDomain", " YXRRSet", " NXRRSet",  " NotAuth",  " NotZone", " Resp11",
	" Resp12",   " Resp13",	 " Resp14",   " NoChange", " BadVers", "Resp17",
	" Resp18",   " Resp19",	 " Resp20",   "Resp21",	   " Resp22",  " BadCookie",
};

static const struct tl_tok tl_ns_types[] = {
	{ 1, "A" },	    { 2, "NS" },	{ 3, "MD" },	    { 4, "MF" },
	{ 5, "CNAME" },	    { 6, "SOA" },	{ 7, "MB" },	    { 8, "MG" },
	{ 9, "MR" },	    { 10, "NULL" },	{ 11, "WKS" },	    { 12, "PTR" },
	{ 13, "HINFO" },    { 14, "MINFO" },	{ 15, "MX" },	    { 16, "TXT" },
	{ 17, "RP" },	    { 18, "AFSDB" },	{ 19, "X25" },	    { 20, "ISDN" },
	{ 21, "RT" },	    { 22, "NSAP" },	{ 23, "NSAP_PTR" }, { 24, "SIG" },
	{ 25, "KEY" },	    { 26, "PX" },	{ 27, "GPOS" },	    { 28, "AAAA" },
	{ 29, "LOC" },	    { 30, "NXT" },	{ 31, "EID" },	    { 32, "NIMLOC" },
	{ 33, "SRV" },	    { 34, "ATMA" },	{ 35, "NAPTR" },    { 36, "KX" },
	{ 37, "CERT" },	    { 38, "A6" },	{ 39, "DNAME" },    { 40, "SINK" },
	{ 41, "OPT" },	    { 42, "APL" },	{ 43, "DS" },	    { 44, "SSHFP" },
	{ 45, "IPSECKEY" }, { 46, "RRSIG" },	{ 47, "NSEC" },	    { 48, "DNSKEY" },
	{ 99, "SPF" },	    { 100, "UINFO" },	{ 101, "UID" },	    { 102, "GID" },
	{ 103, "UNSPEC" },  { 104, "UNSPECA" }, { 249, "TKEY" },    { 250, "TSIG" },
	{ 251, "IXFR" },    { 252, "AXFR" },	{ 253, "MAILB" },   { 254, "MAILA" },
	{ 255, "ANY" },	    { 256, "URI" },	{ 0, NULL },
};

static const struct tl_tok tl_ns_classes[] = {
	{ 1, "IN" }, { 3, "CHAOS" }, { 4, "HS" }, { 255, "ANY" }, { 0, NULL },
};

static const struct tl_tok tl_edns_opts[] = {
	{ 1, "LLQ" },	   { 2, "UL" },		 { 3, "NSID" },	       { 5, "DAU" },
	{ 6, "DHU" },	   { 7, "N3U" },	 { 8, "ECS" },	       { 9, "EXPIRE" },
	{ 10, "COOKIE" },  { 11, "KEEPALIVE" },	 { 12, "PADDING" },    { 13, "CHAIN" },
	{ 14, "KEY-TAG" }, { 16, "CLIENT-TAG" }, { 17, "SERVER-TAG" }, { 0, NULL },
};

static const struct tl_tok tl_dau_algs[] = {
	{ 0, "DELETE" },
	{ 1, "RSAMD5" },
	{ 2, "DH" },
	{ 3, "DS" },
	{ 5, "RSASHA1" },
	{ 6, "DSA-NSEC3-SHA1" },
	{ 7, "RSASHA1-NSEC3-SHA1" },
	{ 8, "RSASHA256" },
	{ 10, "RSASHA512" },
	{ 12, "ECC-GOST" },
	{ 13, "ECDSAP256SHA256" },
	{ 14, "ECDSAP384SHA384" },
	{ 15, "ED25519" },
	{ 16, "ED448" },
	{ 252, "INDIRECT" },
	{ 253, "PRIVATEDNS" },
	{ 254, "PRIVATEOID" },
	{ 0, NULL },
};

static const struct tl_tok tl_dhu_algs[] = {
	{ 1, "SHA-1" }, { 2, "SHA-256" }, { 3, "GOST_R_34.11-94" }, { 4, "SHA-384" }, { 0, NULL },
};

static const struct tl_tok tl_n3u_algs[] = { { 1, "SHA-1" }, { 0, NULL } };

/* ns_nskip(): the offset after the name at cp without printing it, or TL_NIL. */
static size_t tl_dns_skip(struct tl_dec *d, size_t cp)
{
	uint32_t i, bitlen;

	if (!tl_dec_has(d, cp, 1))
		return TL_NIL;
	i = d->p[cp++];
	while (i) {
		switch (i & TL_TYPE_MASK) {
		case TL_TYPE_INDIR:
			return cp + 1;
		case TL_TYPE_EDNS0:
			if ((i & ~TL_TYPE_MASK) != TL_EDNS0_BITLABEL)
				return TL_NIL;
			if (!tl_dec_has(d, cp, 1))
				return TL_NIL;
			bitlen = d->p[cp] ? d->p[cp] : 256;
			cp++;
			cp += (bitlen + 7) / 8;
			break;
		case TL_TYPE_RESERVED:
			return TL_NIL;
		default:
			cp += i;
			break;
		}
		if (!tl_dec_has(d, cp, 1))
			return TL_NIL;
		i = d->p[cp++];
	}
	return cp;
}

/* blabel_print(): an RFC 2673 bit-string label as \[xHEX/BITS]. */
static size_t tl_dns_blabel(struct tl_dec *d, size_t cp)
{
	uint32_t bitlen, slen, b;
	size_t bitp, lim;
	uint8_t tc;

	if (!tl_dec_has(d, cp, 1))
		return TL_NIL;
	bitlen = d->p[cp] ? d->p[cp] : 256;
	slen = (bitlen + 3) / 4;
	lim = cp + 1 + slen;
	TL_DEC_PUT(d, "\\[x");
	for (bitp = cp + 1, b = bitlen; bitp < lim && b > 7; b -= 8, bitp++)
		tl_dec_hex2(d, tl_dec_u8(d, bitp));
	if (b > 4) {
		tc = tl_dec_u8(d, bitp);
		tl_dec_hex2(d, (uint8_t)(tc & (0xff << (8 - b))));
	} else if (b > 0) {
		tc = tl_dec_u8(d, bitp);
		tl_dec_hex(d, ((tc >> 4) & 0x0f) & (0x0f << (4 - b)));
	}
	tl_dec_ch(d, '/');
	tl_dec_u32(d, bitlen);
	tl_dec_ch(d, ']');
	return lim;
}

/* labellen(): how far the label at cp reaches past its first byte, or -1 (some printed). */
static int64_t tl_dns_labellen(struct tl_dec *d, size_t cp)
{
	uint32_t i, elt;

	if (!tl_dec_has(d, cp, 1))
		return -1;
	i = d->p[cp];
	switch (i & TL_TYPE_MASK) {
	case TL_TYPE_EDNS0:
		elt = i & ~TL_TYPE_MASK;
		if (elt != TL_EDNS0_BITLABEL) {
			TL_DEC_PUT(d, "<ELT ");
			tl_dec_u32(d, elt);
			tl_dec_ch(d, '>');
			return -1;
		}
		if (!tl_dec_has(d, cp + 1, 1))
			return -1;
		return ((d->p[cp + 1] ? d->p[cp + 1] : 256) + 7) / 8 + 1;
	case TL_TYPE_INDIR:
	case 0:
		return i;
	default:
		TL_DEC_PUT(d, "<BAD LABEL TYPE>");
		return -1;
	}
}

/* The label byte at *cp: its type and length in *i and *l, *cp past it; false where it is not
 * captured or its type is bad (said so). */
static bool tl_dns_label_at(struct tl_dec *d, size_t *cp, uint32_t *i, int64_t *l)
{
	if (!tl_dec_has(d, *cp, 1))
		return false;
	*i = d->p[*cp];
	if ((*l = tl_dns_labellen(d, *cp)) < 0)
		return false;
	(*cp)++;
	return true;
}

/*
 * fqdn_print(): the name at cp, compression pointers resolved against the message at bp.
 * Returns the offset after the name where it sits (after the first pointer), or TL_NIL. Each
 * pointer must point before the previous one, as BIND requires: that ends every loop.
 * max_offset is unsigned 32-bit arithmetic as in tcpdump, where EDNS CHAIN hands a bp past cp.
 */
static size_t tl_dns_name(struct tl_dec *d, size_t cp, size_t bp)
{
	size_t rp = TL_NIL;
	bool compress = false;
	uint32_t i, offset, max_offset, name_chars = 0;
	int64_t l;

	if ((l = tl_dns_labellen(d, cp)) < 0)
		return TL_NIL;
	if (!tl_dec_has(d, cp, 1))
		return TL_NIL;
	max_offset = (uint32_t)cp - (uint32_t)bp;
	i = d->p[cp++];
	if ((i & TL_TYPE_MASK) != TL_TYPE_INDIR)
		rp = cp + (size_t)l;
	if (!i) {
		tl_dec_ch(d, '.');
		return rp;
	}
	while (i && cp < d->cap) {
		switch (i & TL_TYPE_MASK) {
		case TL_TYPE_INDIR:
			if (!compress) {
				rp = cp + 1;
				compress = true;
			}
			if (!tl_dec_has(d, cp, 1))
				return TL_NIL;
			offset = ((i << 8) | d->p[cp]) & 0x3fff;
			if (offset >= max_offset) {
				TL_DEC_PUT(d, "<BAD PTR>");
				return TL_NIL;
			}
			max_offset = offset;
			cp = bp + offset;
			if (!tl_dns_label_at(d, &cp, &i, &l))
				return TL_NIL;
			continue;
		case TL_TYPE_EDNS0:
			if ((i & ~TL_TYPE_MASK) != TL_EDNS0_BITLABEL) {
				TL_DEC_PUT(d, "<ELT ");
				tl_dec_u32(d, i & ~TL_TYPE_MASK);
				tl_dec_ch(d, '>');
				return TL_NIL;
			}
			if (tl_dns_blabel(d, cp) == TL_NIL)
				return TL_NIL;
			break;
		case TL_TYPE_RESERVED:
			TL_DEC_PUT(d, "<BAD LABEL TYPE>");
			return TL_NIL;
		default:
			if (name_chars + l <= TL_MAXCDNAME) {
				if (tl_dec_printn(d, cp, (size_t)l))
					return TL_NIL;
			} else if (name_chars < TL_MAXCDNAME) {
				if (tl_dec_printn(d, cp, TL_MAXCDNAME - name_chars))
					return TL_NIL;
			}
			name_chars += (uint32_t)l;
			break;
		}
		cp += (size_t)l;
		if (name_chars <= TL_MAXCDNAME)
			tl_dec_ch(d, '.');
		name_chars++;
		if (!tl_dns_label_at(d, &cp, &i, &l))
			return TL_NIL;
		if (!compress)
			rp += (size_t)l + 1;
	}
	if (name_chars > TL_MAXCDNAME)
		TL_DEC_PUT(d, "<DOMAIN NAME TOO LONG>");
	return rp;
}

/* ns_cprint(): a <character-string>, or TL_NIL when it runs past the capture. */
static size_t tl_dns_cstring(struct tl_dec *d, size_t cp)
{
	uint32_t i;

	if (!tl_dec_has(d, cp, 1))
		return TL_NIL;
	i = d->p[cp++];
	if (tl_dec_printn(d, cp, i))
		return TL_NIL;
	return cp + i;
}

/* print_eopt_ecs(): EDNS client subnet (RFC 7871) as ADDRESS/SOURCE/SCOPE. */
static void tl_dns_ecs(struct tl_dec *d, size_t cp, uint32_t data_len)
{
	uint32_t family, addr_bits, src_len, scope_len;
	uint8_t padded[16] = { 0 };

	if (data_len < 4) {
		TL_DEC_PUT(d, " (invalid)");
		return;
	}
	family = tl_dec_be16(d, cp);
	src_len = tl_dec_u8(d, cp + 2);
	scope_len = tl_dec_u8(d, cp + 3);
	cp += 4;
	if (family == 1) {
		addr_bits = 32;
	} else if (family == 2) {
		addr_bits = 128;
	} else {
		TL_DEC_PUT(d, " (invalid)");
		return;
	}
	if (data_len - 4 > addr_bits / 8 || src_len > addr_bits || scope_len > addr_bits ||
	    (src_len + 7) / 8 != data_len - 4) {
		TL_DEC_PUT(d, " (invalid)");
		return;
	}
	/* The option's length was checked against the capture before. */
	memcpy(padded, d->p + cp, data_len - 4);
	if (family == 1)
		tl_dec_ip4(d, padded);
	else
		tl_dec_ip6(d, padded);
	tl_dec_ch(d, '/');
	tl_dec_u32(d, src_len);
	tl_dec_ch(d, '/');
	tl_dec_u32(d, scope_len);
}

/* A list of algorithm numbers, space separated, by name. */
static void tl_dns_algs(struct tl_dec *d, size_t cp, uint32_t n, const struct tl_tok *t)
{
	for (uint32_t i = 0; i < n; i++) {
		if (i > 0)
			tl_dec_ch(d, ' ');
		tl_dec_tok(d, t, tl_dec_u8(d, cp + i), "Alg_");
	}
}

/* eopt_print(): one EDNS option (RFC 6891 6.1.2); the offset after it, or TL_NIL. */
static size_t tl_dns_eopt(struct tl_dec *d, size_t cp)
{
	uint32_t opt, data_len, i, v;

	if (!tl_dec_has(d, cp, 2))
		return TL_NIL;
	opt = tl_be16(d->p + cp);
	cp += 2;
	tl_dec_tok(d, tl_edns_opts, opt, "Opt");
	if (!tl_dec_has(d, cp, 2))
		return TL_NIL;
	data_len = tl_be16(d->p + cp);
	cp += 2;
	if (!tl_dec_has(d, cp, data_len))
		return TL_NIL;
	if (data_len > 0) {
		tl_dec_ch(d, ' ');
		switch (opt) {
		case TL_E_ECS:
			tl_dns_ecs(d, cp, data_len);
			break;
		case TL_E_COOKIE:
			if (data_len < 8 || (data_len > 8 && data_len < 16) || data_len > 40) {
				TL_DEC_PUT(d, " (invalid)");
				break;
			}
			for (i = 0; i < data_len; i++) {
				/* client and server cookie */
				if (i == 8)
					tl_dec_ch(d, ' ');
				tl_dec_hex2(d, d->p[cp + i]);
			}
			break;
		case TL_E_KEEPALIVE:
			if (data_len != 2) {
				TL_DEC_PUT(d, " (invalid)");
				break;
			}
			/* Units of 100 ms, printed as %0.1f seconds: exact in one decimal. */
			v = tl_be16(d->p + cp);
			tl_dec_u32(d, v / 10);
			tl_dec_ch(d, '.');
			tl_dec_u32(d, v % 10);
			TL_DEC_PUT(d, " sec");
			break;
		case TL_E_EXPIRE:
			if (data_len != 4) {
				TL_DEC_PUT(d, " (invalid)");
				break;
			}
			tl_dec_u32(d, tl_be32(d->p + cp));
			TL_DEC_PUT(d, " sec");
			break;
		case TL_E_PADDING:
			tl_dec_ch(d, '(');
			tl_dec_u32(d, data_len);
			tl_dec_ch(d, ')');
			break;
		case TL_E_KEYTAG:
			if (data_len % 2) {
				TL_DEC_PUT(d, " (invalid)");
				break;
			}
			for (i = 0; i < data_len; i += 2) {
				if (i > 0)
					tl_dec_ch(d, ' ');
				tl_dec_u32(d, tl_be16(d->p + cp + i));
			}
			break;
		case TL_E_DAU:
			tl_dns_algs(d, cp, data_len, tl_dau_algs);
			break;
		case TL_E_DHU:
			tl_dns_algs(d, cp, data_len, tl_dhu_algs);
			break;
		case TL_E_N3U:
			tl_dns_algs(d, cp, data_len, tl_n3u_algs);
			break;
		case TL_E_CHAIN:
			/* tcpdump passes the option's end as the message start here. */
			tl_dns_name(d, cp, cp + data_len);
			break;
		default:
			/* NSID and unknown options: the bytes in hex. */
			for (i = 0; i < data_len; i++)
				tl_dec_hex2(d, d->p[cp + i]);
			break;
		}
	}
	return cp + data_len;
}

/* " (Class N)" or the class name, when it is not IN. */
static void tl_dns_class(struct tl_dec *d, uint32_t class)
{
	const char *s = tl_tok(tl_ns_classes, class);

	tl_dec_ch(d, ' ');
	if (s) {
		tl_dec_str(d, s);
		return;
	}
	TL_DEC_PUT(d, "(Class ");
	tl_dec_u32(d, class);
	tl_dec_ch(d, ')');
}

/* ns_qprint(): " TYPE? name"; the offset after the question, or TL_NIL. */
static size_t tl_dns_question(struct tl_dec *d, size_t cp, size_t bp)
{
	size_t np = cp;
	uint32_t i;

	cp = tl_dns_skip(d, cp);
	if (cp == TL_NIL || !tl_dec_has(d, cp, 4))
		return TL_NIL;
	i = tl_be16(d->p + cp);
	cp += 2;
	tl_dec_ch(d, ' ');
	tl_dec_tok(d, tl_ns_types, i, "Type");
	i = tl_be16(d->p + cp);
	if (i != TL_C_IN)
		tl_dns_class(d, i);
	TL_DEC_PUT(d, "? ");
	cp = tl_dns_name(d, np, bp);
	return cp != TL_NIL ? cp + 4 : TL_NIL;
}

/* TSIG's fields as ns_rprint() names them, in wire order; the second, maclen, has the MAC after it. */
static const char *const tl_dns_tsig[] = { " fudge=", " maclen=", " origid=", " error=",
					   " otherlen=" };

/* The record data ns_rprint() prints for typ at cp (len bytes, ending at rp); false: NULL. */
static bool tl_dns_rdata(struct tl_dec *d, uint32_t typ, uint32_t class, uint32_t opt_flags,
			 size_t cp, size_t rp, uint32_t len, size_t bp)
{
	uint8_t a6[16];
	uint32_t pbit, pbyte, prio, weight;

	switch (typ) {
	case TL_T_A:
		if (!tl_dec_has(d, cp, 4))
			return false;
		tl_dec_ch(d, ' ');
		tl_dec_ip4(d, d->p + cp);
		break;
	case TL_T_NS:
	case TL_T_CNAME:
	case TL_T_PTR:
	case TL_T_DNAME:
		tl_dec_ch(d, ' ');
		if (tl_dns_name(d, cp, bp) == TL_NIL)
			return false;
		break;
	case TL_T_SOA:
		if (!d->vflag)
			break;
		tl_dec_ch(d, ' ');
		if ((cp = tl_dns_name(d, cp, bp)) == TL_NIL)
			return false;
		tl_dec_ch(d, ' ');
		if ((cp = tl_dns_name(d, cp, bp)) == TL_NIL)
			return false;
		if (!tl_dec_has(d, cp, 20))
			return false;
		for (int k = 0; k < 5; k++, cp += 4) {
			tl_dec_ch(d, ' ');
			tl_dec_u32(d, tl_be32(d->p + cp));
		}
		break;
	case TL_T_MX:
		tl_dec_ch(d, ' ');
		if (!tl_dec_has(d, cp, 2))
			return false;
		if (tl_dns_name(d, cp + 2, bp) == TL_NIL)
			return false;
		tl_dec_ch(d, ' ');
		tl_dec_u32(d, tl_dec_be16(d, cp));
		break;
	case TL_T_TXT:
		while (cp < rp) {
			TL_DEC_PUT(d, " \"");
			cp = tl_dns_cstring(d, cp);
			if (cp == TL_NIL)
				return false;
			tl_dec_ch(d, '"');
		}
		break;
	case TL_T_SRV:
		tl_dec_ch(d, ' ');
		if (!tl_dec_has(d, cp, 6))
			return false;
		if (tl_dns_name(d, cp + 6, bp) == TL_NIL)
			return false;
		tl_dec_ch(d, ':');
		tl_dec_u32(d, tl_dec_be16(d, cp + 4));
		tl_dec_ch(d, ' ');
		tl_dec_u32(d, tl_dec_be16(d, cp));
		tl_dec_ch(d, ' ');
		tl_dec_u32(d, tl_dec_be16(d, cp + 2));
		break;
	case TL_T_AAAA:
		if (!tl_dec_has(d, cp, 16))
			return false;
		tl_dec_ch(d, ' ');
		tl_dec_ip6(d, d->p + cp);
		break;
	case TL_T_A6:
		if (!tl_dec_has(d, cp, 1))
			return false;
		pbit = d->p[cp];
		pbyte = (pbit & ~7u) / 8;
		if (pbit > 128) {
			tl_dec_ch(d, ' ');
			tl_dec_u32(d, pbit);
			TL_DEC_PUT(d, "(bad plen)");
			break;
		}
		if (pbit < 128) {
			memset(a6, 0, sizeof(a6));
			tl_dec_need(d, cp + 1, 16 - pbyte);
			memcpy(a6 + pbyte, d->p + cp + 1, 16 - pbyte);
			tl_dec_ch(d, ' ');
			tl_dec_u32(d, pbit);
			tl_dec_ch(d, ' ');
			tl_dec_ip6(d, a6);
		}
		if (pbit > 0) {
			tl_dec_ch(d, ' ');
			if (tl_dns_name(d, cp + 1 + 16 - pbyte, bp) == TL_NIL)
				return false;
		}
		break;
	case TL_T_URI:
		if (!tl_dec_has(d, cp, len))
			return false;
		/* One printf in tcpdump: both fields are read (or the decoding ends) first. */
		prio = tl_dec_be16(d, cp);
		weight = tl_dec_be16(d, cp + 2);
		tl_dec_ch(d, ' ');
		tl_dec_u32(d, prio);
		tl_dec_ch(d, ' ');
		tl_dec_u32(d, weight);
		tl_dec_ch(d, ' ');
		/* len - 4 is unsigned in tcpdump: a shorter record prints to the capture's end. */
		if (tl_dec_printn(d, cp + 4, (uint32_t)(len - 4)))
			return false;
		break;
	case TL_T_OPT:
		TL_DEC_PUT(d, " UDPsize=");
		tl_dec_u32(d, class);
		if (opt_flags & 0x8000)
			TL_DEC_PUT(d, " DO");
		if (cp < rp) {
			TL_DEC_PUT(d, " [");
			while (cp < rp) {
				cp = tl_dns_eopt(d, cp);
				if (cp == TL_NIL)
					return false;
				if (cp < rp)
					tl_dec_ch(d, ',');
			}
			tl_dec_ch(d, ']');
		}
		break;
	case TL_T_UNSPECA:
		if (!tl_dec_has(d, cp, len))
			return false;
		if (tl_dec_printn(d, cp, len))
			return false;
		break;
	case TL_T_TSIG:
		if (rp > d->cap)
			return false;
		if (!d->vflag)
			break;
		tl_dec_ch(d, ' ');
		if ((cp = tl_dns_name(d, cp, bp)) == TL_NIL)
			return false;
		cp += 6;
		/* RFC 8945 4.2's 16-bit fields after the time; the MAC is skipped by its length. */
		for (size_t k = 0; k < sizeof(tl_dns_tsig) / sizeof(tl_dns_tsig[0]); k++) {
			if (!tl_dec_has(d, cp, 2))
				return false;
			tl_dec_str(d, tl_dns_tsig[k]);
			tl_dec_u32(d, tl_be16(d->p + cp));
			cp += 2 + (k == 1 ? tl_be16(d->p + cp) : 0);
		}
		break;
	default:
		break;
	}
	return true;
}

/*
 * ns_rprint(): one resource record: its name at -v, TYPE and the data. The offset after it
 * (from its length field, whatever the data was), the capture's end when even its fixed part
 * is not there, or TL_NIL.
 */
static size_t tl_dns_record(struct tl_dec *d, size_t cp, size_t bp)
{
	uint32_t class, typ, len, opt_flags = 0;
	size_t rp;

	if (d->vflag) {
		tl_dec_ch(d, ' ');
		if ((cp = tl_dns_name(d, cp, bp)) == TL_NIL)
			return TL_NIL;
	} else {
		cp = tl_dns_skip(d, cp);
	}
	if (cp == TL_NIL || !tl_dec_has(d, cp, 10))
		return d->cap;
	typ = tl_be16(d->p + cp);
	class = tl_be16(d->p + cp + 2);
	if (class != TL_C_IN && typ != TL_T_OPT)
		tl_dns_class(d, class);
	if (typ == TL_T_OPT) {
		opt_flags = tl_be16(d->p + cp + 6);
	} else if (d->vflag > 2) {
		TL_DEC_PUT(d, " [");
		tl_dec_relts(d, tl_be32(d->p + cp + 4));
		tl_dec_ch(d, ']');
	}
	len = tl_be16(d->p + cp + 8);
	cp += 10;
	rp = cp + len;
	tl_dec_ch(d, ' ');
	tl_dec_tok(d, tl_ns_types, typ, "Type");
	if (rp > d->cap)
		return TL_NIL;
	if (!tl_dns_rdata(d, typ, class, opt_flags, cp, rp, len, bp))
		return TL_NIL;
	return rp;
}

/* ns_rcode(): the extended response code's text. */
static void tl_dns_rcode(struct tl_dec *d, uint32_t rcode)
{
	if (rcode < sizeof(tl_ns_resp) / sizeof(tl_ns_resp[0])) {
		tl_dec_str(d, tl_ns_resp[rcode]);
		return;
	}
	TL_DEC_PUT(d, " Resp");
	tl_dec_u32(d, rcode & 0xfff);
}

/*
 * A section of n records: the first, then more while the capture lasts, "," between; a
 * prefix (" ns:", " ar:") only when the section is printed at all. False: print-domain.c's
 * "goto trunc" (records left over, or one that could not be followed).
 */
static bool tl_dns_section(struct tl_dec *d, size_t *cp, size_t bp, uint32_t n, const char *pfx,
			   bool need_cap)
{
	if (n && (!need_cap || *cp < d->cap)) {
		tl_dec_str(d, pfx);
		if ((*cp = tl_dns_record(d, *cp, bp)) == TL_NIL)
			return false;
		n--;
		while (*cp < d->cap && n) {
			tl_dec_ch(d, ',');
			if ((*cp = tl_dns_record(d, *cp, bp)) == TL_NIL)
				return false;
			n--;
		}
	}
	return n == 0;
}

/*
 * The extended RCODE: the OPT record in the additional section holds its upper 8 bits
 * (RFC 6891 6.1.3). Walks the sections without printing, as far as the capture goes.
 */
static uint32_t tl_dns_ext_rcode(struct tl_dec *d, size_t cp, uint32_t rcode, uint32_t qd,
				 uint32_t an_ns, uint32_t ar)
{
	uint32_t i;

	for (i = 0; i < qd; i++) {
		if ((cp = tl_dns_skip(d, cp)) == TL_NIL)
			return rcode;
		cp += 4;
		if (cp >= d->cap)
			return rcode;
	}
	for (i = 0; i < an_ns; i++) {
		if ((cp = tl_dns_skip(d, cp)) == TL_NIL)
			return rcode;
		cp += 8;
		if (cp + 2 > d->cap)
			return rcode;
		cp += 2 + tl_be16(d->p + cp);
		if (cp >= d->cap)
			return rcode;
	}
	for (i = 0; i < ar; i++) {
		uint32_t type;

		if ((cp = tl_dns_skip(d, cp)) == TL_NIL)
			return rcode;
		if (cp + 2 > d->cap)
			return rcode;
		type = tl_be16(d->p + cp);
		cp += 4;
		if (cp + 1 > d->cap)
			return rcode;
		if (type == TL_T_OPT)
			return rcode | (uint32_t)d->p[cp] << 4;
		cp += 4;
		if (cp + 2 > d->cap)
			return rcode;
		cp += 2 + tl_be16(d->p + cp);
		if (cp >= d->cap)
			return rcode;
	}
	return rcode;
}

/* " [Nx]" */
static void tl_dns_count(struct tl_dec *d, uint32_t n, const char *what)
{
	TL_DEC_PUT(d, " [");
	tl_dec_u32(d, n);
	tl_dec_str(d, what);
	tl_dec_ch(d, ']');
}

/* A response: "ID[op][rcode][*][-][|][$] [Nq] an/ns/ar answers" (-vv: questions, ns:, ar:). */
static bool tl_dns_response(struct tl_dec *d, size_t bp, uint32_t flags, uint32_t rcode,
			    uint32_t qd, uint32_t an, uint32_t ns, uint32_t ar)
{
	size_t cp = bp + 12;

	tl_dec_u32(d, tl_be16(d->p + bp));
	tl_dec_str(d, tl_ns_ops[(flags >> 11) & 0xf]);
	tl_dns_rcode(d, rcode);
	if (flags & 0x0400)
		tl_dec_ch(d, '*');
	if (!(flags & 0x0080))
		tl_dec_ch(d, '-');
	if (flags & 0x0200)
		tl_dec_ch(d, '|');
	if (flags & 0x0020)
		tl_dec_ch(d, '$');
	if (qd != 1)
		tl_dns_count(d, qd, "q");
	for (uint32_t i = 0; i < qd; i++) {
		if (i != 0)
			tl_dec_ch(d, ',');
		if (d->vflag > 1) {
			TL_DEC_PUT(d, " q:");
			if ((cp = tl_dns_question(d, cp, bp)) == TL_NIL)
				return false;
		} else {
			if ((cp = tl_dns_skip(d, cp)) == TL_NIL)
				return false;
			cp += 4;
		}
	}
	tl_dec_ch(d, ' ');
	tl_dec_u32(d, an);
	tl_dec_ch(d, '/');
	tl_dec_u32(d, ns);
	tl_dec_ch(d, '/');
	tl_dec_u32(d, ar);
	if (!tl_dns_section(d, &cp, bp, an, "", false))
		return false;
	if (d->vflag > 1) {
		if (!tl_dns_section(d, &cp, bp, ns, " ns:", true))
			return false;
		if (!tl_dns_section(d, &cp, bp, ar, " ar:", true))
			return false;
	}
	return true;
}

/* A request: "ID[op][+][%] [b2&3=0x..] [Na] [Nq] [Nn] [Nau] TYPE? name" (-vv: the rest). */
static bool tl_dns_request(struct tl_dec *d, size_t bp, uint32_t flags, uint32_t qd, uint32_t an,
			   uint32_t ns, uint32_t ar)
{
	size_t cp = bp + 12;
	uint32_t opcode = (flags >> 11) & 0xf;

	tl_dec_u32(d, tl_be16(d->p + bp));
	tl_dec_str(d, tl_ns_ops[opcode]);
	if (flags & 0x0100)
		tl_dec_ch(d, '+');
	if (flags & 0x0010)
		tl_dec_ch(d, '%');
	/* Bits a query should not have set: AA, TC, RA, Z/AD/CD, RCODE. */
	if (flags & 0x6cf) {
		TL_DEC_PUT(d, " [b2&3=0x");
		tl_dec_hex(d, flags);
		tl_dec_ch(d, ']');
	}
	if (opcode == TL_IQUERY) {
		if (qd)
			tl_dns_count(d, qd, "q");
		if (an != 1)
			tl_dns_count(d, an, "a");
	} else {
		if (an)
			tl_dns_count(d, an, "a");
		if (qd != 1)
			tl_dns_count(d, qd, "q");
	}
	if (ns)
		tl_dns_count(d, ns, "n");
	if (ar)
		tl_dns_count(d, ar, "au");
	if (qd) {
		if ((cp = tl_dns_question(d, cp, bp)) == TL_NIL)
			return false;
		qd--;
		while (cp < d->cap && qd) {
			if ((cp = tl_dns_question(d, cp, bp)) == TL_NIL)
				return false;
			qd--;
		}
	}
	if (qd)
		return false;
	if (d->vflag > 1) {
		if (!tl_dns_section(d, &cp, bp, an, "", false))
			return false;
		if (!tl_dns_section(d, &cp, bp, ns, " ns:", true))
			return false;
		if (!tl_dns_section(d, &cp, bp, ar, " ar:", true))
			return false;
	}
	return true;
}

/*
 * domain_print() over TCP: the 2-byte length prefix must equal the rest of the payload (a
 * message split over segments is not reassembled; tcpdump says so instead of guessing), then
 * the message. " (LEN)" at the end, or " [|domain]" where the records run out.
 */
void tl_dec_domain(struct tl_dec *d, uint32_t length)
{
	const size_t bp = 2;
	uint32_t flags, qd, an, ns, ar, rcode;
	bool ok;

	d->proto = "domain";
	if (length < 2) {
		TL_DEC_PUT(d, " [DNS over TCP: length ");
		tl_dec_u32(d, length);
		TL_DEC_PUT(d, " < 2] (invalid)");
		return;
	}
	length -= 2;
	if (tl_dec_be16(d, 0) != length) {
		TL_DEC_PUT(d, " [prefix length(");
		tl_dec_u32(d, tl_be16(d->p));
		TL_DEC_PUT(d, ") != length(");
		tl_dec_u32(d, length);
		TL_DEC_PUT(d, ")] (invalid)");
		return;
	}
	tl_dec_ch(d, ' ');
	if (length < 12) {
		TL_DEC_PUT(d, "domain [length ");
		tl_dec_u32(d, length);
		TL_DEC_PUT(d, " < 12] (invalid)");
		return;
	}
	if (!tl_dec_has(d, bp, 12)) {
		tl_dec_trunc_mark(d);
		return;
	}
	flags = tl_be16(d->p + bp + 2);
	qd = tl_be16(d->p + bp + 4);
	an = tl_be16(d->p + bp + 6);
	ns = tl_be16(d->p + bp + 8);
	ar = tl_be16(d->p + bp + 10);
	rcode = tl_dns_ext_rcode(d, bp + 12, flags & 0xf, qd, an + ns, ar);
	if (flags & 0x8000)
		ok = tl_dns_response(d, bp, flags, rcode, qd, an, ns, ar);
	else
		ok = tl_dns_request(d, bp, flags, qd, an, ns, ar);
	if (!ok) {
		tl_dec_trunc_mark(d);
		return;
	}
	TL_DEC_PUT(d, " (");
	tl_dec_u32(d, length);
	tl_dec_ch(d, ')');
}

/* A name at cp of the message at bp, for tl_app_text. */
struct tl_dns_at {
	size_t cp, bp;
};

static void tl_app_dns_name(struct tl_dec *d, const void *arg)
{
	const struct tl_dns_at *at = arg;

	if (tl_dns_name(d, at->cp, at->bp) == TL_NIL)
		tl_dec_trunc(d);
}

/* A resource record's data as a zone file writes it, for the types explain shows. */
struct tl_dns_rdata {
	uint32_t typ;
	size_t cp, len, bp;
};

static void tl_app_dns_rdata(struct tl_dec *d, const void *arg)
{
	const struct tl_dns_rdata *r = arg;
	const struct tl_dns_at name = { r->cp, r->bp }, mx = { r->cp + 2, r->bp };

	switch (r->typ) {
	case TL_T_A:
		if (r->len == 4)
			tl_dec_ip4(d, d->p + r->cp);
		break;
	case TL_T_AAAA:
		if (r->len == 16)
			tl_dec_ip6(d, d->p + r->cp);
		break;
	case TL_T_NS:
	case TL_T_CNAME:
	case TL_T_PTR:
	case TL_T_DNAME:
		tl_app_dns_name(d, &name);
		break;
	case TL_T_MX:
		if (r->len < 3)
			break;
		tl_dec_u32(d, tl_be16(d->p + r->cp));
		tl_dec_ch(d, ' ');
		tl_app_dns_name(d, &mx);
		break;
	default:
		break;
	}
}

/* A name field without the root's final dot ("example.com", but "." alone stays). */
static void tl_app_dns_field(struct tl_dec *d, char *field, size_t size, tl_app_text_fn fn,
			     const void *arg)
{
	size_t n;

	tl_app_text(d, field, size, fn, arg);
	n = strlen(field);
	if (n > 1 && field[n - 1] == '.' && field[n - 2] != '.')
		field[n - 1] = '\0';
}

static void tl_app_dns_type(char *buf, size_t size, uint32_t typ)
{
	const char *s = tl_tok(tl_ns_types, typ);

	if (s)
		snprintf(buf, size, "%s", s);
	else
		snprintf(buf, size, "Type%u", typ);
}

/*
 * A standard query (opcode 0) with one question, and its response: what resolvers send.
 * Anything else is more likely the middle of a longer message than the start of one. Only
 * the message the 2-byte length prefix announces is read, however many follow it or however
 * much of it is still to come, and of the answers only the first.
 */
int tl_app_dns(struct tl_dec *d, struct tl_app *a)
{
	const size_t bp = 2;
	const struct tl_dns_at q = { bp + 12, bp };
	struct tl_dns_rdata rd = { .bp = bp };
	struct tl_dns_at an = { .bp = bp };
	uint32_t msglen, flags;
	size_t np;

	if (!tl_dec_has(d, 0, bp + 12))
		return TL_APP_NONE;
	msglen = tl_be16(d->p);
	if (msglen < 12)
		return TL_APP_NONE;
	if (d->cap > bp + msglen)
		d->cap = bp + msglen;
	flags = tl_be16(d->p + bp + 2);
	if ((flags >> 11) & 0xf || tl_be16(d->p + bp + 4) != 1)
		return TL_APP_NONE;
	np = tl_dns_skip(d, bp + 12);
	if (np == TL_NIL || !tl_dec_has(d, np, 4))
		return TL_APP_NONE;
	tl_app_dns_type(a->u.dns.qtype, sizeof(a->u.dns.qtype), tl_be16(d->p + np));
	tl_app_dns_field(d, a->u.dns.qname, sizeof(a->u.dns.qname), tl_app_dns_name, &q);
	if (!(flags & 0x8000)) {
		a->kind = TL_APP_DNS_QUERY;
		return a->kind;
	}
	a->kind = TL_APP_DNS_RESPONSE;
	a->u.dns.rcode = flags & 0xf;
	/* The table's names start with a space (most of them: see its comment). */
	snprintf(a->u.dns.rname, sizeof(a->u.dns.rname), "%s",
		 tl_ns_resp[a->u.dns.rcode] + (tl_ns_resp[a->u.dns.rcode][0] == ' '));
	a->u.dns.answers = tl_be16(d->p + bp + 6);
	if (!a->u.dns.answers)
		return a->kind;
	an.cp = np + 4;
	np = tl_dns_skip(d, an.cp);
	if (np == TL_NIL || !tl_dec_has(d, np, 10))
		return a->kind;
	rd.typ = tl_be16(d->p + np);
	rd.len = tl_be16(d->p + np + 8);
	rd.cp = np + 10;
	if (!tl_dec_has(d, rd.cp, rd.len))
		return a->kind;
	a->u.dns.answer = true;
	tl_app_dns_type(a->u.dns.atype, sizeof(a->u.dns.atype), rd.typ);
	tl_app_dns_field(d, a->u.dns.aname, sizeof(a->u.dns.aname), tl_app_dns_name, &an);
	tl_app_dns_field(d, a->u.dns.adata, sizeof(a->u.dns.adata), tl_app_dns_rdata, &rd);
	return a->kind;
}
