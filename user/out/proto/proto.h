/* SPDX-License-Identifier: GPL-2.0-only */
/* What every payload printer shares: the bounded reader, the bounded writer, tcpdump's habits. */
#ifndef TL_PROTO_H
#define TL_PROTO_H

#include <setjmp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "conn/tcp.h"
#include "out/put.h"

/*
 * One decoding. Offsets are from the first payload byte; p[0 .. cap) are the bytes captured.
 *
 * tcpdump's printers read through GET_* macros that, at the first byte past the capture,
 * longjmp out of every printer at once and print " [|proto]": the text stops there, wherever
 * the printer was. The readers below do the same (tl_dec_trunc), which keeps the text
 * byte-identical without threading a "truncated" result through every line of every printer.
 * The writer stops the same way when the output is full (tl_dec_full).
 */
struct tl_dec_seg;

struct tl_dec {
	const uint8_t *p;
	size_t cap;
	const struct tl_dec_seg *seg; /* ports and addresses, for the printers that need them */
	char *c;
	char *end;	   /* the caller's end minus TL_DEC_SLACK, kept for the truncation marker */
	const char *proto; /* tcpdump's ndo_protocol: the name in " [|proto]" */
	uint8_t vflag;
	bool xflag;
	sigjmp_buf jb; /* where tl_dec_trunc and tl_dec_full land */
};

/* Longest " [|proto]" plus margin. */
#define TL_DEC_SLACK 32

#define TL_DEC_JMP_TRUNC 1
#define TL_DEC_JMP_FULL	 2

/* GET_* past the capture: " [|proto]" and the end of the decoding. */
_Noreturn void tl_dec_trunc(struct tl_dec *d);
/* The output is full: the decoding ends with the text cut. */
_Noreturn void tl_dec_full(struct tl_dec *d);

/* ND_TTEST_LEN: are n bytes at off captured? */
static inline bool tl_dec_has(const struct tl_dec *d, size_t off, size_t n)
{
	return off <= d->cap && d->cap - off >= n;
}

/* ND_TCHECK_LEN inside a GET: the bytes are there, or the decoding ends. */
static inline void tl_dec_need(struct tl_dec *d, size_t off, size_t n)
{
	if (!tl_dec_has(d, off, n))
		tl_dec_trunc(d);
}

static inline uint8_t tl_dec_u8(struct tl_dec *d, size_t off)
{
	tl_dec_need(d, off, 1);
	return d->p[off];
}

static inline uint16_t tl_dec_be16(struct tl_dec *d, size_t off)
{
	tl_dec_need(d, off, 2);
	return tl_be16(d->p + off);
}

static inline uint32_t tl_dec_be24(struct tl_dec *d, size_t off)
{
	tl_dec_need(d, off, 3);
	return (uint32_t)d->p[off] << 16 | (uint32_t)d->p[off + 1] << 8 | d->p[off + 2];
}

static inline uint32_t tl_dec_be32(struct tl_dec *d, size_t off)
{
	tl_dec_need(d, off, 4);
	return tl_be32(d->p + off);
}

static inline uint64_t tl_dec_be64(struct tl_dec *d, size_t off)
{
	tl_dec_need(d, off, 8);
	return tl_be64(d->p + off);
}

/* Room for n more bytes of text, or the end of the decoding. */
static inline void tl_dec_room(struct tl_dec *d, size_t n)
{
	if ((size_t)(d->end - d->c) < n)
		tl_dec_full(d);
}

static inline void tl_dec_mem(struct tl_dec *d, const void *s, size_t n)
{
	tl_dec_room(d, n);
	memcpy(d->c, s, n);
	d->c += n;
}

/* A string literal (pasting "" makes anything else, say a ?: of two, a compile error). */
#define TL_DEC_PUT(d, lit) tl_dec_mem((d), "" lit, sizeof(lit) - 1)

static inline void tl_dec_str(struct tl_dec *d, const char *s)
{
	tl_dec_mem(d, s, strlen(s));
}

static inline void tl_dec_ch(struct tl_dec *d, char ch)
{
	tl_dec_room(d, 1);
	*d->c++ = ch;
}

/* %u */
static inline void tl_dec_u32(struct tl_dec *d, uint32_t v)
{
	tl_dec_room(d, 10);
	d->c = put_u32(d->c, v);
}

/* %llu, and %0Nllu with width */
static inline void tl_dec_u64w(struct tl_dec *d, uint64_t v, unsigned int width)
{
	tl_dec_room(d, 20 + width);
	d->c = put_u64w(d->c, v, width);
}

/* %d */
static inline void tl_dec_i32(struct tl_dec *d, int32_t v)
{
	if (v < 0) {
		tl_dec_ch(d, '-');
		tl_dec_u32(d, 0u - (uint32_t)v);
	} else {
		tl_dec_u32(d, (uint32_t)v);
	}
}

/* %02x */
static inline void tl_dec_hex2(struct tl_dec *d, uint8_t b)
{
	tl_dec_room(d, 2);
	d->c = put_hex8(d->c, b);
}

/* %x */
static inline void tl_dec_hex(struct tl_dec *d, uint64_t v)
{
	tl_dec_room(d, 16);
	d->c = put_hexv(d->c, v);
}

/* %0Nx: at least width hex digits. */
static inline void tl_dec_hexw(struct tl_dec *d, uint64_t v, unsigned int width)
{
	unsigned int n = 1;

	while (n < 16 && v >> (4 * n))
		n++;
	for (; n < width; n++)
		tl_dec_ch(d, '0');
	tl_dec_hex(d, v);
}

/* %#x: "0x" and the digits, but a bare "0" for zero. */
static inline void tl_dec_althex(struct tl_dec *d, uint64_t v)
{
	if (v)
		TL_DEC_PUT(d, "0x");
	tl_dec_hex(d, v);
}

static inline void tl_dec_ip4(struct tl_dec *d, const uint8_t *a)
{
	tl_dec_room(d, 15);
	d->c = put_ip4_text(d->c, a);
}

static inline void tl_dec_ip6(struct tl_dec *d, const uint8_t *a)
{
	tl_dec_room(d, 45);
	d->c = put_ip6(d->c, a);
}

/* ND_ASCII_ISPRINT: what tcpdump prints as itself. */
static inline bool tl_isprint(uint8_t c)
{
	return c >= 0x20 && c <= 0x7e;
}

static inline bool tl_isdigit(uint8_t c)
{
	return c >= '0' && c <= '9';
}

/* ascii_strcasecmp() == 0: equal but for ASCII case, whatever the locale. */
static inline bool tl_ascii_caseeq(const char *a, const char *b)
{
	for (;; a++, b++) {
		char x = *a >= 'A' && *a <= 'Z' ? (char)(*a - 'A' + 'a') : *a;
		char y = *b >= 'A' && *b <= 'Z' ? (char)(*b - 'A' + 'a') : *b;

		if (x != y)
			return false;
		if (!x)
			return true;
	}
}

/* fn_print_char: M- for the high bit, ^ for a control character (DEL as ^?). */
void tl_dec_esc(struct tl_dec *d, uint8_t c);

/* nd_printn: at most n bytes from off, escaped, stopping at the capture's end; true if it
 * stopped there before n. */
bool tl_dec_printn(struct tl_dec *d, size_t off, size_t n);

/* nd_printn without an end: n bytes, escaped; a byte past the capture ends the decoding. */
void tl_dec_printn_jmp(struct tl_dec *d, size_t off, size_t n);

/* print_unknown_data: what is captured of len bytes at off as a hex dump. */
void tl_dec_unknown_data(struct tl_dec *d, size_t off, const char *ident, uint32_t len);

/* nd_printjnp: up to n bytes or a NUL, escaped; a byte past the capture ends the decoding. */
void tl_dec_printjnp(struct tl_dec *d, size_t off, size_t n);

/* nd_print_trunc without the longjmp: " [|proto]". */
void tl_dec_trunc_mark(struct tl_dec *d);

/* nd_print_protocol_caps: the protocol name in capitals. */
void tl_dec_proto_caps(struct tl_dec *d);

/* unsigned_relts_print: seconds as 1y2w3d4h5m6s, "0s" for 0. */
void tl_dec_relts(struct tl_dec *d, uint32_t secs);

/* hex_print_with_offset: " xxxx" pairs, 8 per line after "ident0xOFFS: ". */
void tl_dec_hexdump(struct tl_dec *d, const char *ident, size_t off, uint32_t len, uint32_t oset);

/* hex_and_ascii_print_with_offset: 16 bytes a line, hex then text ('.' for non-graphic). */
void tl_dec_hexascii(struct tl_dec *d, const char *ident, size_t off, uint64_t len, uint32_t oset);

/* tcpdump's struct tok: a value and its name; tables end with a NULL name. */
struct tl_tok {
	uint32_t v;
	const char *s;
};

/* The name of v, or NULL. */
const char *tl_tok(const struct tl_tok *t, uint32_t v);

/* af.c's address family numbers (RFC 1700; 196 is draft-kompella's L2VPN). */
extern const struct tl_tok tl_af_values[];

/* tok2str(t, unknown, v) where unknown has no number in it: the name, else unknown. */
const char *tl_tok_or(const struct tl_tok *t, uint32_t v, const char *unknown);

/* bittok2str(t, "none", v): the names of the bits set in v, ", " between. */
void tl_dec_bits(struct tl_dec *d, const struct tl_tok *t, uint32_t v);

/* tok2str(t, "fmt%u", v): the name, else prefix and the number in decimal. */
void tl_dec_tok(struct tl_dec *d, const struct tl_tok *t, uint32_t v, const char *prefix);

/* tcp.h's ports of tcpdump 4.99.3. */
#define TL_PORT_FTP	      21
#define TL_PORT_SSH	      22
#define TL_PORT_TELNET	      23
#define TL_PORT_SMTP	      25
#define TL_PORT_WHOIS	      43
#define TL_PORT_DOMAIN	      53
#define TL_PORT_HTTP	      80
#define TL_PORT_BGP	      179
#define TL_PORT_RPKI_RTR      323
#define TL_PORT_RTSP	      554
#define TL_PORT_MSDP	      639
#define TL_PORT_LDP	      646
#define TL_PORT_PPTP	      1723
#define TL_PORT_REDIS	      6379
#define TL_PORT_OPENFLOW_OLD  6633
#define TL_PORT_OPENFLOW_IANA 6653
#define TL_PORT_HTTP_ALT      8080
#define TL_PORT_RTSP_ALT      8554
#define TL_PORT_NFS	      2049
#define TL_PORT_BEEP	      10288

/* The printer print-tcp.c picks for a segment by its ports. */
enum tl_dec_proto {
	TL_DP_NONE,
	TL_DP_TELNET,
	TL_DP_SMTP,
	TL_DP_WHOIS,
	TL_DP_BGP,
	TL_DP_PPTP,
	TL_DP_REDIS,
	TL_DP_SSH,
	TL_DP_BEEP,
	TL_DP_OPENFLOW,
	TL_DP_FTP,
	TL_DP_HTTP,
	TL_DP_RTSP,
	TL_DP_DOMAIN,
	TL_DP_MSDP,
	TL_DP_RPKI_RTR,
	TL_DP_LDP,
	TL_DP_NFS,
};

/* The first of print-tcp.c's port tests that either port passes; decode.c. */
enum tl_dec_proto tl_dec_port_proto(uint16_t sport, uint16_t dport);

/* The printers, each as tcpdump's *_print() of the same protocol (offsets from d->p). */
void tl_dec_txtproto(struct tl_dec *d, uint32_t len, const char *const *cmds, bool code_second);
void tl_dec_http(struct tl_dec *d, uint32_t len);
void tl_dec_rtsp(struct tl_dec *d, uint32_t len);
void tl_dec_smtp(struct tl_dec *d, uint32_t len);
void tl_dec_ftp(struct tl_dec *d, uint32_t len);
void tl_dec_whois(struct tl_dec *d, uint32_t len);
void tl_dec_ssh(struct tl_dec *d, uint32_t len);
void tl_dec_telnet(struct tl_dec *d, uint32_t len);
void tl_dec_resp(struct tl_dec *d, uint32_t len);
void tl_dec_domain(struct tl_dec *d, uint32_t len);
void tl_dec_zmtp1(struct tl_dec *d, uint32_t len);
void tl_dec_beep(struct tl_dec *d, uint32_t len);
void tl_dec_msdp(struct tl_dec *d, uint32_t len);
void tl_dec_pptp(struct tl_dec *d, uint32_t len);
void tl_dec_bgp(struct tl_dec *d, uint32_t len);
void tl_dec_openflow(struct tl_dec *d, uint32_t len);
void tl_dec_rpki_rtr(struct tl_dec *d, uint32_t len);
void tl_dec_ldp(struct tl_dec *d, uint32_t len);
void tl_dec_nfs(struct tl_dec *d, uint32_t len);

/* decode_prefix4/6: a prefix item read (bytes taken, -1 bad length, -2 too short), then its
 * "addr/len". */
int tl_dec_prefix_get(struct tl_dec *d, size_t off, uint32_t itemlen, bool v6, uint8_t a[16],
		      uint32_t *plen);
void tl_dec_prefix_put(struct tl_dec *d, const uint8_t a[16], uint32_t plen, bool v6);

/*
 * --explain's view of a payload (app.h): what each protocol's file recognises, read with
 * tl_dec_has and direct reads only, since no decoding's jump target is set around them.
 */
struct tl_app;

/* A field's text written by fn through d's writer (and readers): size bytes, NUL-terminated,
 * ending in "..." where fn ran out of room or past the capture; app.c. */
typedef void (*tl_app_text_fn)(struct tl_dec *d, const void *arg);
void tl_app_text(struct tl_dec *d, char *field, size_t size, tl_app_text_fn fn, const void *arg);

/* n bytes at off as a field, escaped; "..." where they run past the capture or the field. */
void tl_app_bytes(struct tl_dec *d, char *field, size_t size, size_t off, size_t n);

/* The offset of the LF ending the line at off, or d->cap when none is captured. A CR before
 * the LF is part of the line: tl_app_trim drops it. */
size_t tl_app_eol(const struct tl_dec *d, size_t off);
/* The end of the line [off, eol) without its CR and trailing blanks. */
size_t tl_app_trim(const struct tl_dec *d, size_t off, size_t eol);

/* Each fills a and returns its kind, or TL_APP_NONE (0). */
int tl_app_http(struct tl_dec *d, struct tl_app *a);
int tl_app_ssh(struct tl_dec *d, struct tl_app *a);
int tl_app_dns(struct tl_dec *d, struct tl_app *a);
/* to_server: the segment goes to the SMTP port (commands), else comes from it (replies). */
int tl_app_smtp(struct tl_dec *d, bool to_server, struct tl_app *a);

/*
 * Printers written for some -v counts only: false where tcpdump's printer prints what is not
 * written here, and the segment then prints nothing (tcpdump -T vat's line) rather than part.
 */
bool tl_dec_openflow_done(const struct tl_dec *d);

#endif
