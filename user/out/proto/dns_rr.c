// SPDX-License-Identifier: GPL-2.0-only
/*
 * DNS resource records (RFC 1035 3.2, 4.1.3) as print-domain.c's ns_rprint() prints them:
 * class, type and the data of each type it decodes, with the OPT record's EDNS options
 * (RFC 6891).
 */
#include "out/proto/dns_int.h"

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

const struct tl_tok tl_ns_types[] = {
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
void tl_dns_class(struct tl_dec *d, uint32_t class)
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
size_t tl_dns_record(struct tl_dec *d, size_t cp, size_t bp)
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
