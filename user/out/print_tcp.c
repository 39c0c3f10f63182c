// SPDX-License-Identifier: GPL-2.0-only
/* The TCP part of tcpdump 4.99.3's line (print-tcp.c's tcp_print), from the ports to "length N". */
#include <string.h>

#include "out/print_int.h"

/*
 * The text between "Flags [" and "]" for every flags byte, and its length: one fixed 8-byte
 * copy instead of testing eight bits per line. Filled once.
 */
static char tl_flagtxt[256][8];
static uint8_t tl_flaglen[256];

void tl_print_tcp_init(void)
{
	for (unsigned int v = 0; v < 256; v++) {
		tl_flaglen[v] = 0;
		if (!v) {
			memcpy(tl_flagtxt[v], "none", 4);
			tl_flaglen[v] = 4;
			continue;
		}
		for (int i = 0; i < 8; i++)
			if (v & (1u << i))
				tl_flagtxt[v][tl_flaglen[v]++] = TL_TH_LETTERS[i];
	}
}

/*
 * -v: ", cksum 0x.... (correct)" or "(incorrect -> 0x....)". The kernel summed pseudo-header
 * and segment over the real bytes (bpf/csum.h, tl_csum_due) and left the verdict in the
 * record whenever tcpdump prints one: no fragment, the segment captured whole. So the
 * payload need not come along for it.
 */
static char *put_cksum(const struct tl_line *l, char *c)
{
	const struct tl_record *r = l->r;
	uint16_t field;

	if (!(r->flags & TL_RF_CSUM) || l->l4 + 18 > l->flen)
		return c;
	field = tl_be16(l->f + l->l4 + 16);
	PUT(c, ", cksum 0x");
	c = put_hex16(c, field);
	if (r->csum) {
		PUT(c, " (incorrect -> 0x");
		c = put_hex16(c, tl_cksum_shouldbe(field, r->csum));
		*c++ = ')';
	} else {
		PUT(c, " (correct)");
	}
	return c;
}

/*
 * print_tcp_rst_data, -v: a RST's payload, 30 bytes at most, control and high bytes in
 * cat -v's notation, instead of the port decoders.
 */
static char *put_rst_data(const struct tl_line *l, char *c, uint32_t hlen, uint32_t payload)
{
	uint32_t at = l->l4 + hlen, n = payload;

	if (!l->f)
		return c;
	PUT(c, " [");
	if (at > l->end || payload > l->end - at)
		*c++ = '!';
	PUT(c, "RST");
	if (n > 30) {
		n = 30;
		*c++ = '+';
	}
	*c++ = ' ';
	for (; n && at < l->end; n--, at++) {
		uint8_t b = l->f[at];

		if (b & 0x80) {
			b &= 0x7f;
			PUT(c, "M-");
		}
		if (b < 0x20 || b == 0x7f) {
			b ^= 0x40;
			*c++ = '^';
		}
		*c++ = (char)b;
	}
	*c++ = ']';
	return c;
}

/*
 * The payload bytes the line's frame section carries, from the first byte after the TCP
 * header. False when there are none to decode.
 */
static bool payload_bytes(const struct tl_line *l, uint32_t hlen, struct tl_dec_seg *s)
{
	const struct tl_record *r = l->r;
	uint32_t avail;

	if (l->f) {
		avail = l->end > l->l4 ? l->end - l->l4 : 0;
		if (avail > r->l4_caplen)
			avail = r->l4_caplen;
		if (avail < hlen)
			return false;
		s->p = l->f + l->l4 + hlen;
		s->caplen = avail - hlen;
		return true;
	}
	/* No frame: the kernel carries one for every segment a decoder reads whose payload
	 * was captured at all (tl_frame_want); none captured, tcpdump decodes 0 bytes too. */
	if (r->l4_caplen > hlen)
		return false;
	s->p = NULL;
	s->caplen = 0;
	return true;
}

static inline uint32_t ld32(const uint8_t *b)
{
	uint32_t v;

	memcpy(&v, b, sizeof(v));
	return v;
}

/*
 * tl_put_ends(p, c, r, true, true) through the endpoint cache. The lines must leave room for
 * TL_ENDS_TEXT bytes here: a hit copies a fixed size, so its tail is written over next.
 */
static char *put_ends_cached(struct tl_printer *p, char *c, const struct tl_record *r)
{
	const uint8_t *a = tl_rec_saddr(r);
	bool v4 = r->family == 4;
	unsigned int alen = v4 ? 8 : 32;
	uint32_t ports = r->sport | (uint32_t)r->dport << 16;
	/* The last four bytes of each address vary the most (host part, interface id). */
	uint32_t h = ld32(a + alen / 2 - 4) ^ (ld32(a + alen - 4) * 0x85ebca6bu) ^ ports;
	struct tl_ends *e = &p->ends[(h * 0x9e3779b1u) >> 24];
	char *end;

	_Static_assert(TL_ENDS_SLOTS == 256, "the slot index is the hash's top 8 bits");
	/* Names are longer than a slot, and a late one must print once it is known. */
	if (p->cfg.names)
		return tl_put_ends(p, c, r, true, true);
	if (e->family == r->family && e->ports == ports &&
	    (v4 ? !memcmp(e->addr, a, 8) : !memcmp(e->addr, a, 32))) {
		if (e->len <= TL_ENDS_TEXT4)
			memcpy(c, e->text, TL_ENDS_TEXT4);
		else
			memcpy(c, e->text, TL_ENDS_TEXT);
		return c + e->len;
	}
	end = tl_put_ends(p, c, r, true, true);
	e->family = r->family;
	e->ports = ports;
	memcpy(e->addr, a, alen);
	e->len = (uint8_t)(end - c);
	memcpy(e->text, c, e->len);
	return end;
}

/*
 * tcpdump's payload decoders (-T off: none) after "length N", within TL_DEC_OUT_MAX bytes
 * (the line reserves them, tl_text_max).
 */
static char *put_payload(struct tl_line *l, char *c, uint32_t hlen, uint32_t payload)
{
	const struct tl_record *r = l->r;
	struct tl_dec_seg s;
	int status = TL_DEC_NONE;

	/* Asked first: most lines have no payload bytes, and then nothing else is needed. */
	if (l->p->cfg.dec.mode == TL_DEC_OFF || !payload_bytes(l, hlen, &s))
		return c;
	s.len = payload;
	s.sport = r->sport;
	s.dport = r->dport;
	s.tcp_flags = r->tcp_flags;
	s.family = r->family;
	s.saddr = tl_rec_saddr(r);
	s.daddr = tl_rec_daddr(r);
	c = tl_decode_payload(c, c + TL_DEC_OUT_MAX, &s, &l->p->cfg.dec, &status);
	if (status == TL_DEC_TRUNC)
		l->jumped = true;
	return c;
}

char *tl_put_tcp(struct tl_line *l, char *c, bool ext)
{
	struct tl_printer *p = l->p;
	const struct tl_segview *v = l->v;
	const struct tl_record *r = l->r;
	uint32_t len = r->l4_len, caplen = r->l4_caplen, hlen, payload;
	uint32_t seq = r->seq, ack = r->ack, sack_base = 0;
	uint8_t fl = r->tcp_flags;
	bool ended;
	struct tl_optctx o;

	if (caplen < 4) {
		/* tcpdump's TCP layer prints the addresses again, even after extension headers. */
		c = tl_put_ends(p, c, r, false, false);
		PUT(c, ": [|tcp]");
		return c;
	}
	if (ext) {
		c = tl_put_port(p->cfg.names, c, r->sport);
		PUT(c, " > ");
		c = tl_put_port(p->cfg.names, c, r->dport);
		PUT(c, ": ");
	} else {
		c = put_ends_cached(p, c, r);
	}
	if (caplen < 20) {
		PUT(c, " [|tcp]");
		return c;
	}
	hlen = (uint32_t)(r->doff_byte >> 4) * 4;
	if (hlen < 20) {
		PUT(c, " tcp ");
		c = put_u32(c, len - hlen);
		PUT(c, " [bad hdr length ");
		c = put_u32(c, hlen);
		PUT(c, " - too short, < 20]");
		return c;
	}
	if (p->cfg.quiet) {
		PUT(c, "tcp ");
		c = put_u32(c, len - hlen);
		if (hlen > len) {
			PUT(c, " [bad hdr length ");
			c = put_u32(c, hlen);
			PUT(c, " - too long, > ");
			c = put_u32(c, len);
			*c++ = ']';
		}
		return c;
	}

	PUT(c, "Flags [");
	memcpy(c, tl_flagtxt[fl], 8);
	c += tl_flaglen[fl];
	*c++ = ']';

	/* The view took tcpdump's table step (it happens here, before the header length is
	 * checked against the IP length). */
	if (v->rel) {
		seq = v->seqv.seq;
		ack = v->seqv.ack;
		sack_base = v->seqv.sack_base;
	}
	if (hlen > len) {
		PUT(c, " [bad hdr length ");
		c = put_u32(c, hlen);
		PUT(c, " - too long, > ");
		c = put_u32(c, len);
		*c++ = ']';
		return c;
	}
	if (p->cfg.verbose && l->f)
		c = put_cksum(l, c);
	payload = len - hlen;
	if (payload || (fl & (TL_TH_SYN | TL_TH_FIN | TL_TH_RST)) || p->cfg.verbose > 1) {
		PUT(c, ", seq ");
		c = put_u32(c, seq);
		if (payload) {
			*c++ = ':';
			c = put_u32(c, seq + payload);
		}
	}
	if (fl & TL_TH_ACK) {
		PUT(c, ", ack ");
		c = put_u32(c, ack);
	}
	PUT(c, ", win ");
	c = put_u32(c, r->window);
	if (fl & TL_TH_URG) {
		PUT(c, ", urg ");
		c = put_u32(c, r->urg_ptr);
	}
	o.cp = tl_rec_opts(r);
	o.cap = r->opt_len;
	o.names = p->cfg.names;
	o.tcp_flags = fl;
	o.mptcp = false;
	o.jumped = false;
	if (hlen > 20) {
		c = tl_put_tcpopts(c, r, hlen, sack_base, &o, &ended);
		l->jumped = o.jumped;
		if (ended)
			return c;
	}
	PUT(c, ", length ");
	c = put_u32(c, payload);
	if (!payload)
		return c;
	if (caplen < hlen) {
		/* Only reachable when an eol stopped the options before the capture ended. */
		PUT(c, " [remaining caplen(");
		c = put_u32(c, caplen);
		PUT(c, ") < header length(");
		c = put_u32(c, hlen);
		PUT(c, ")]");
		l->jumped = true;
		return tl_put_trunc(c, &o);
	}
	if ((fl & TL_TH_RST) && p->cfg.verbose)
		return put_rst_data(l, c, hlen, payload);
	/*
	 * tcpdump's payload decoders run from here (tcpdump-format.md section 9). A decoder reads
	 * the payload from the frame section: l->f + l->l4 + hlen, up to l->end. One that stops
	 * as tcpdump's longjmp does (a GET_ past the capture, its " [|proto]") sets l->jumped, so
	 * that -x/-X/-A dump the frame from its link header as tcpdump then does.
	 */
	return put_payload(l, c, hlen, payload);
}
