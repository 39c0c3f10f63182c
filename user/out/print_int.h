/* SPDX-License-Identifier: GPL-2.0-only */
/* What the printers of one tcpdump line share (print.c drives them, one file per protocol as
 * in tcpdump: print_link.c, print_ip.c, print_ip6.c, print_tcp.c, print_tcpopt.c,
 * hexdump.c). Private to user/out. */
#ifndef TL_PRINT_INT_H
#define TL_PRINT_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "out/names.h"
#include "out/print.h"
#include "out/put.h"
#include "cksum.h"

/*
 * Slots of the endpoint cache: "SRC.SPORT > DST.DPORT: " of recently printed connection
 * directions. Every segment of a connection repeats that text, and formatting two addresses
 * and two ports was the largest single cost of a line; a hit is a compare and a fixed copy.
 * Direct-mapped: a miss just formats and replaces the slot.
 */
#define TL_ENDS_SLOTS 256
/* Longest text: two 39-character IPv6 addresses, two ".65535", " > " and ": " is 95. */
#define TL_ENDS_TEXT 96
/* Longest IPv4 text (15 + 6 + 3 + 15 + 6 + 2 = 47), so IPv4 hits copy only this much. */
#define TL_ENDS_TEXT4 48

struct tl_ends {
	uint8_t addr[32]; /* the record's source and destination addresses, as stored there */
	uint32_t ports;	  /* sport | dport << 16 */
	uint8_t family;	  /* 0 while the slot is empty */
	uint8_t len;
	char text[TL_ENDS_TEXT];
};

struct tl_printer {
	struct tl_print_cfg cfg;
	struct tl_out *out;
	struct tl_ts ref; /* -ttt/-ttttt reference; unset while zero, as in tcpdump */
	int64_t tm_sec;	  /* second the cached local time belongs to */
	bool tm_ok;
	char tm_str[20];    /* "YYYY-MM-DD HH:MM:SS" for tm_sec */
	bool forms;	    /* a form that reads the frame section is on */
	bool dump;	    /* -x, -X or -A */
	uint8_t *cooked;    /* -i any with -xx/-XX/-AA: a frame behind its cooked header */
	char *scratch;	    /* tl_format_record's text */
	size_t scratch_len; /* the longest text a segment can give (tl_text_max) */
	struct tl_ends ends[TL_ENDS_SLOTS];
};

/*
 * Room the forms' text may take in a line beyond TL_PRINT_LINE_MAX, the dump apart: the IP
 * options, the extension headers' options and routing addresses (the parser reads 512 bytes
 * of a frame, and an option byte prints as at most 12 characters), the link header (without
 * -n two MAC addresses' names of up to TL_NAME_MAX bytes).
 */
#define TL_PRINT_FORMS_MAX 8192

/*
 * One line being printed: the record, its frame section when it carries one, and what the
 * printers learn on the way that later parts need.
 */
struct tl_line {
	struct tl_printer *p;
	const struct tl_segview *v;
	const struct tl_record *r;
	const uint8_t *f; /* the frame from its link header; NULL: the record has no section */
	uint32_t flen;	  /* bytes of it present: tcpdump's caplen, or where the section cut it */
	uint32_t wire;	  /* the frame's length on the wire */
	uint32_t link;	  /* enum tl_link */
	uint32_t l3, l4;  /* where the IP and the TCP header start in f */
	/*
	 * tcpdump's snapend once the IP layer has cut the frame to its datagram: bytes past
	 * it (Ethernet padding) are not read. flen until the IP printer sets it.
	 */
	uint32_t end;
	/*
	 * The line ended the way a longjmp ends tcpdump's (a GET_ macro past the capture): its
	 * ll_hdr_len is lost, so -x, -X and -A dump the frame from its first byte.
	 */
	bool jumped;
};

/*
 * The address and port writers. Without -n (names set) a host or port prints as tcpdump's
 * ipaddr_string/ip6addr_string/tcpport_string gives it (out/names.c). Inline: with -n they
 * are the numbers' writers and nothing else, on every endpoint-cache miss.
 *
 * The same text as tl_addr_text() (conn/flow.h), which every other output uses, written here
 * without inet_ntop's call, scratch buffer and copy.
 */
static inline char *tl_put_host(struct tl_names *names, char *c, uint8_t family, const uint8_t *a)
{
	char *e = names ? tl_names_put_host(names, c, family, a) : NULL;

	if (e)
		return e;
	return family == 6 ? put_ip6(c, a) : put_ip4(c, a);
}

static inline char *tl_put_port(const struct tl_names *names, char *c, uint16_t port)
{
	char *e = names ? tl_names_put_port(names, c, port) : NULL;

	return e ? e : put_u32(c, port);
}

/* print.c: a record's address, and both ends (with ports, ": " after them). */
char *tl_put_addr(struct tl_printer *p, char *c, const struct tl_record *r, const uint8_t *a);
char *tl_put_ends(struct tl_printer *p, char *c, const struct tl_record *r, bool ports, bool colon);

/*
 * print_link.c: -e's link-layer text; what tcpdump prints of a cooked header without -e: the
 * interface and direction of a cooked v2 frame, the inner types of 802.1Q tags.
 */
char *tl_put_link(struct tl_line *l, char *c);
/* tcpdump's oui_values: an OUI's owner, or NULL (OpenFlow's vendor ids use it too). */
const char *tl_oui_name(uint32_t oui);
char *tl_put_sll2_prefix(struct tl_line *l, char *c);
char *tl_put_cooked_tags(struct tl_line *l, char *c);
/* -i any: the text of the cooked v2 header tcpdump -i any reads (-e, 802.1Q tags), and the
 * header itself (20 bytes at h) for -xx/-XX/-AA. */
char *tl_put_any_link(struct tl_line *l, char *c);
void tl_cooked_header(const struct tl_line *l, uint8_t *h);

/*
 * print_ip.c, print_ip6.c: the network layer's text before the TCP part. *done is set when
 * the line ends there; *ext when the IP layer printed the addresses already (IPv6 extension
 * headers), so the TCP part prints only the ports.
 */
char *tl_put_ip4(struct tl_line *l, char *c, bool *done);
char *tl_put_ip6(struct tl_line *l, char *c, bool *ext, bool *done);

/* hexdump.c: -x, -X, -A after the line, and a bound on their text for n frame bytes. */
char *tl_put_dump(const struct tl_line *l, char *c);
size_t tl_dump_max(const struct tl_print_cfg *cfg, uint32_t n);

/* print_tcp.c: the TCP part, from the ports to "length N" and what may follow it. */
void tl_print_tcp_init(void);
char *tl_put_tcp(struct tl_line *l, char *c, bool ext);

/* print_tcpopt.c: the TCP options, "options [...]" (tcpdump-format.md 7.4 and 7.5). */
struct tl_optctx {
	const uint8_t *cp; /* captured option bytes */
	uint32_t cap;	   /* how many of them */
	/* MPTCP add-addr's address is named as the line's are. */
	struct tl_names *names;
	uint8_t tcp_flags;
	bool mptcp;  /* tcpdump's truncation marker becomes [|mptcp] */
	bool jumped; /* set: a kind or length byte was past the capture (a longjmp there) */
};

void tl_print_tcpopt_init(void);
/* *ended is set when the line must stop after the options (bad opt or truncation). */
char *tl_put_tcpopts(char *c, const struct tl_record *r, uint32_t hlen, uint32_t sack_base,
		     struct tl_optctx *o, bool *ended);
/* " [|tcp]", or " [|mptcp]" once an MPTCP option was printed. */
char *tl_put_trunc(char *c, const struct tl_optctx *o);

#endif
