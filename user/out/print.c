// SPDX-License-Identifier: GPL-2.0-only
/*
 * The tcpdump -nn line (Debian's tcpdump 4.99.3), byte for byte: the time stamp, the
 * interface prefix and the address and port writers here; the protocols' parts in
 * print_ip.c, print_ip6.c, print_tcp.c and print_tcpopt.c, as tcpdump splits them; payload
 * decoders in out/proto/.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <net/if.h>
#include <time.h>

#include "out/names.h"
#include "out/print_int.h"
#include "out/proc.h"

/* tcpdump's ts_frac_print: ".%06u" or ".%09u" of an unchecked value. */
static inline char *put_frac(const struct tl_printer *p, char *c, uint32_t frac)
{
	*c++ = '.';
	/* Fixed widths, zero-padded. Unvalidated, so it may be wider: %u prints it whole. */
	if (!p->cfg.nano && frac < 1000000) {
		uint32_t lo = frac % 10000;

		memcpy(c, tl_digits2 + frac / 10000 * 2, 2);
		memcpy(c + 2, tl_digits2 + lo / 100 * 2, 2);
		memcpy(c + 4, tl_digits2 + lo % 100 * 2, 2);
		return c + 6;
	}
	if (p->cfg.nano && frac < 1000000000) {
		*c++ = (char)('0' + frac / 100000000);
		return put_8digits(c, frac % 100000000);
	}
	return put_u32(c, frac);
}

static char *put_err_time(char *c)
{
	PUT(c, "[Error converting time]");
	return c;
}

static inline char *put_localtime(struct tl_printer *p, char *c, const struct tl_ts *ts, bool date)
{
	if ((uint32_t)ts->sec & 0x80000000u)
		return put_err_time(c);
	/* localtime_r is costly (and may read TZ state): once per new second only. */
	if (ts->sec != p->tm_sec || !p->tm_str[0]) {
		time_t t = (time_t)ts->sec;
		struct tm tm;

		p->tm_sec = ts->sec;
		p->tm_ok = localtime_r(&t, &tm) &&
			   strftime(p->tm_str, sizeof(p->tm_str), "%Y-%m-%d %H:%M:%S", &tm) == 19;
		if (!p->tm_ok)
			p->tm_str[0] = 'x';
	}
	if (!p->tm_ok)
		return put_err_time(c);
	if (date) {
		memcpy(c, p->tm_str, 19);
		c += 19;
	} else {
		memcpy(c, p->tm_str + 11, 8);
		c += 8;
	}
	return put_frac(p, c, ts->frac);
}

static char *put_hms(char *c, uint64_t sec)
{
	uint32_t day = (uint32_t)(sec % 86400);

	c = put_u64w(c, day / 3600, 2);
	*c++ = ':';
	c = put_u64w(c, day / 60 % 60, 2);
	*c++ = ':';
	return put_u64w(c, day % 60, 2);
}

/*
 * -ttt / -ttttt: absolute difference with a sign character, printed through the UTC clock
 * formatter, so whole days vanish. The reference is "unset" while it is 0.0, as in tcpdump.
 */
static char *put_delta(struct tl_printer *p, char *c, const struct tl_ts *ts)
{
	const struct tl_ts *a = ts, *b = &p->ref;
	int64_t ds, df;
	uint64_t uds;
	bool neg;

	if (!p->ref.sec && !p->ref.frac)
		p->ref = *ts;
	/* libpcap hands the fraction over as a signed 32-bit field: compare and subtract so. */
	neg = ts->sec < p->ref.sec ||
	      (ts->sec == p->ref.sec && (int32_t)ts->frac < (int32_t)p->ref.frac);
	if (neg) {
		a = &p->ref;
		b = ts;
	}
	/* Unsigned, so absurd time stamps wrap instead of overflowing. */
	uds = (uint64_t)a->sec - (uint64_t)b->sec;
	df = (int64_t)(int32_t)a->frac - (int32_t)b->frac;
	if (df < 0) {
		uds--;
		df += p->cfg.nano ? 1000000000 : 1000000;
	}
	ds = (int64_t)uds;
	*c++ = neg ? '-' : ' ';
	if ((uint32_t)ds & 0x80000000u || ds < 0)
		c = put_err_time(c);
	else
		c = put_frac(p, put_hms(c, (uint64_t)ds), (uint32_t)df);
	if (p->cfg.tsfmt == TL_TS_DELTA)
		p->ref = *ts;
	return c;
}

static inline char *put_ts(struct tl_printer *p, char *c, const struct tl_ts *ts)
{
	/* The default first, outside the switch: it is on every line that has no -t. */
	if (p->cfg.tsfmt == TL_TS_DEFAULT) {
		c = put_localtime(p, c, ts, false);
		*c++ = ' ';
		return c;
	}
	switch (p->cfg.tsfmt) {
	case TL_TS_NONE:
		return c;
	case TL_TS_EPOCH:
		if ((uint32_t)ts->sec & 0x80000000u)
			c = put_err_time(c);
		else
			c = put_frac(p, put_u32(c, (uint32_t)ts->sec), ts->frac);
		break;
	case TL_TS_DELTA:
	case TL_TS_SINCE_FIRST:
		c = put_delta(p, c, ts);
		break;
	case TL_TS_DATE:
		c = put_localtime(p, c, ts, true);
		break;
	default:
		c = put_localtime(p, c, ts, false);
		break;
	}
	*c++ = ' ';
	return c;
}

/* tcpdump -i any (LINUX_SLL2): "%-5s " interface name, then "In  " or "Out ". */
static char *put_ifprefix(char *c, const char *ifname, bool egress)
{
	size_t n = ifname && *ifname ? strnlen(ifname, 2 * IF_NAMESIZE) : 0;

	if (!n) {
		*c++ = '?';
		n = 1;
	} else {
		memcpy(c, ifname, n);
		c += n;
	}
	for (; n < 5; n++)
		*c++ = ' ';
	*c++ = ' ';
	if (egress)
		PUT(c, "Out ");
	else
		PUT(c, "In  ");
	return c;
}

char *tl_put_addr(struct tl_printer *p, char *c, const struct tl_record *r, const uint8_t *a)
{
	return tl_put_host(p->cfg.names, c, r->family == 6 ? 6 : 4, a);
}

char *tl_put_ends(struct tl_printer *p, char *c, const struct tl_record *r, bool ports, bool colon)
{
	c = tl_put_addr(p, c, r, tl_rec_saddr(r));
	if (ports) {
		*c++ = '.';
		c = tl_put_port(p->cfg.names, c, r->sport);
	}
	PUT(c, " > ");
	c = tl_put_addr(p, c, r, tl_rec_daddr(r));
	if (ports) {
		*c++ = '.';
		c = tl_put_port(p->cfg.names, c, r->dport);
	}
	if (colon)
		PUT(c, ": ");
	return c;
}

/*
 * The record's frame section when it has a whole one inside the record, else NULL: the
 * printers read no byte past it, whatever the record says.
 */
static const struct tl_frame_sect *tl_frame_of(const struct tl_record *r)
{
	const struct tl_frame_sect *fs = tl_rec_frame(r);

	/* tl_rec_frame() keeps the section inside the record; the dumps' room needs the cap. */
	if (!fs || fs->len > TL_FRAME_MAX)
		return NULL;
	return fs;
}

/* The frame section of the record, when it has one, in the line's terms. */
static void tl_line_frame(struct tl_line *l)
{
	const struct tl_frame_sect *fs = tl_frame_of(l->r);

	/*
	 * The TCP header may lie past the bytes present ("bad-len 0" with a long IHL). Both lie
	 * in the parser's window in every record it makes, which bounds the text the headers
	 * give (TL_PRINT_FORMS_MAX): a record that says otherwise is printed without its frame.
	 */
	if (!fs || fs->l3_off > fs->l4_off || fs->l3_off > fs->len || fs->l4_off > TL_PARSE_BUF)
		return;
	l->f = (const uint8_t *)(fs + 1);
	l->flen = fs->len;
	l->wire = fs->wire_len;
	l->link = fs->link;
	l->l3 = fs->l3_off;
	l->l4 = fs->l4_off;
	l->end = fs->len;
}

bool tl_print_reaches_tcp(void *ctx, const struct tl_record *r)
{
	struct tl_printer *p = ctx;
	struct tl_segview v = { .r = r };
	struct tl_line l = { .p = p, .v = &v, .r = r };
	bool ext, done;

	if (!(r->flags & TL_RF_FRAME))
		return true;
	tl_line_frame(&l);
	if (!l.f)
		return true;
	/* Only extension headers and, under -v, IPv4 options can end a line there. */
	if (r->family == 6 ? !r->ext_cnt
			   : !p->cfg.verbose || l.l3 >= l.flen || (l.f[l.l3] & 15) <= 5)
		return true;
	if (r->family == 6)
		tl_put_ip6(&l, p->scratch, &ext, &done);
	else
		tl_put_ip4(&l, p->scratch, &done);
	return !done;
}

/* One segment's text: the line, then -x/-X/-A's dump; no final newline. */
static char *tl_format(struct tl_printer *p, char *c, const struct tl_segview *v)
{
	struct tl_line l = { .p = p, .v = v, .r = v->r };
	bool ext = false, done = false, bare;

	if (v->r->flags & TL_RF_FRAME)
		tl_line_frame(&l);
	c = put_ts(p, c, &v->m.ts);
	if (p->cfg.ifprefix)
		c = put_ifprefix(c, v->m.ifname, l.r->flags & TL_RF_EGRESS);
	if (l.f) {
		if (l.link == TL_LINK_SLL2)
			c = tl_put_sll2_prefix(&l, c);
		if (p->cfg.ifprefix && l.link == TL_LINK_ETH)
			c = tl_put_any_link(&l, c);
		else if (p->cfg.link)
			c = tl_put_link(&l, c);
		else if (l.link == TL_LINK_SLL || l.link == TL_LINK_SLL2)
			c = tl_put_cooked_tags(&l, c);
	}
	/* Most lines: no frame section, and nothing for the IP printers to say but their name. */
	bare = !l.f && !l.r->ip_missing && !(l.r->flags & TL_RF_LEN0);
	if (bare && l.r->family == 4)
		PUT(c, "IP ");
	else if (bare && !l.r->ext_cnt)
		PUT(c, "IP6 ");
	else if (l.r->family == 6)
		c = tl_put_ip6(&l, c, &ext, &done);
	else
		c = tl_put_ip4(&l, c, &done);
	if (!done)
		c = tl_put_tcp(&l, c, ext);
	if (p->cfg.proc)
		c = tl_proc_put_suffix(c, l.r);
	if (l.f && p->dump)
		c = tl_put_dump(&l, c);
	return c;
}

/*
 * Room a segment's text may take: the line with what it may print from a frame section
 * (also without a form: a cooked header's or an extension header's text), a payload
 * decoder's text when the record carries payload bytes (frame), the --proc suffix, and the
 * dump of a frame of n bytes.
 */
static size_t tl_text_max(const struct tl_printer *p, uint32_t n, bool frame)
{
	return TL_PRINT_LINE_MAX + TL_PRINT_FORMS_MAX + (frame ? TL_DEC_OUT_MAX : 0) +
	       TL_PROC_SUFFIX_MAX + (p->dump ? tl_dump_max(&p->cfg, n) : 0);
}

struct tl_printer *tl_printer_new(const struct tl_print_cfg *cfg, struct tl_out *out)
{
	struct tl_printer *p;

	p = calloc(1, sizeof(*p));
	if (!p)
		return NULL;
	if (!tl_octets[0][3]) {
		tl_print_tcp_init();
		tl_print_tcpopt_init();
		tl_put_init();
	}
	p->cfg = *cfg;
	p->out = out;
	p->forms = tl_print_frame_need(cfg) != 0;
	p->dump = cfg->hex || cfg->hexasc || cfg->ascii;
	p->scratch_len = tl_text_max(p, TL_FRAME_MAX, true);
	p->scratch = malloc(p->scratch_len);
	/* -i any dumps from the cooked header (-xx, or after a longjmp). */
	if (cfg->ifprefix && p->dump)
		p->cooked = malloc(20 + TL_FRAME_MAX);
	if (!p->scratch || (cfg->ifprefix && p->dump && !p->cooked)) {
		tl_printer_free(p);
		return NULL;
	}
	return p;
}

void tl_printer_free(struct tl_printer *p)
{
	if (!p)
		return;
	free(p->scratch);
	free(p->cooked);
	free(p);
}

int tl_print_record(struct tl_printer *p, const struct tl_segview *v)
{
	const struct tl_frame_sect *fs = p->dump ? tl_frame_of(v->r) : NULL;
	bool frame = v->r->flags & TL_RF_FRAME;
	char *start = tl_out_reserve(p->out, tl_text_max(p, fs ? fs->len : 0, frame)), *c;

	if (!start)
		return tl_out_error(p->out) ? tl_out_error(p->out) : -ENOSPC;
	c = tl_format(p, start, v);
	*c++ = '\n';
	return tl_out_commit(p->out, (size_t)(c - start));
}

size_t tl_format_time(struct tl_printer *p, char *buf, const struct tl_ts *ts)
{
	return (size_t)(put_ts(p, buf, ts) - buf);
}

void tl_print_skip(struct tl_printer *p, const struct tl_ts *ts)
{
	if (p->cfg.tsfmt != TL_TS_DELTA && p->cfg.tsfmt != TL_TS_SINCE_FIRST)
		return;
	if (!p->ref.sec && !p->ref.frac)
		p->ref = *ts;
	if (p->cfg.tsfmt == TL_TS_DELTA)
		p->ref = *ts;
}

size_t tl_format_record(struct tl_printer *p, char *buf, size_t cap, const struct tl_segview *v)
{
	char *c = tl_format(p, p->scratch, v);
	size_t n;

	/* p->scratch has room for the longest text (tl_text_max of a whole frame). */
	*c++ = '\n';
	n = (size_t)(c - p->scratch);
	if (!cap)
		return 0;
	if (n > cap - 1)
		n = cap - 1;
	memcpy(buf, p->scratch, n);
	buf[n] = '\0';
	return n;
}

uint32_t tl_print_frame_need(const struct tl_print_cfg *cfg)
{
	if (cfg->hex || cfg->hexasc || cfg->ascii)
		return TL_FRAME_MAX;
	/* -v reads IP options and extension headers from the frame; the checksum verdict
	 * comes in the record (tl_frame_cfg.csum), a RST's payload by tl_frame_cfg.rst. */
	if (cfg->link || cfg->verbose)
		return TL_PRINT_FRAME_HEADERS;
	return 0;
}
