// SPDX-License-Identifier: GPL-2.0-only
/*
 * DNS over TCP (port 53, RFC 1035 4.2.2), as print-domain.c prints it: the message, its
 * header summary, questions and sections, and what explain reads of a query and its answer.
 * Names with compression are in dns_name.c, resource records and EDNS options in dns_rr.c.
 */
#include <stdio.h>

#include "out/proto/app.h"
#include "out/proto/dns_int.h"

#define TL_IQUERY 1

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
