/* SPDX-License-Identifier: GPL-2.0-only */
/* The TCP payload decoders: the text tcpdump 4.99.3 prints after "length N", chosen by port. */
#ifndef TL_DECODE_H
#define TL_DECODE_H

#include <stdbool.h>
#include <stdint.h>

/* Which decoders run: tcpdump's -T. Zero, what a zeroed configuration holds, is by port. */
enum tl_dec_mode {
	TL_DEC_PORTS,	     /* no -T: by port, as print-tcp.c chooses */
	TL_DEC_OFF,	     /* -T with any other type: TCP payloads are not decoded */
	TL_DEC_FORCE_RESP,   /* -T resp: every TCP payload as RESP */
	TL_DEC_FORCE_DOMAIN, /* -T domain: every TCP payload as DNS over TCP */
	TL_DEC_FORCE_ZMTP1,  /* -T zmtp1: every TCP payload as ZMTP/1.0 */
};

struct tl_dec_cfg {
	uint8_t mode;  /* enum tl_dec_mode */
	uint8_t vflag; /* how many -v */
	bool xflag;    /* -X (telnet's hex form at -vvv) */
};

/* One TCP segment's payload as tcpdump's TCP printer hands it on. */
struct tl_dec_seg {
	const uint8_t *p; /* first payload byte (after the TCP header and its options) */
	uint32_t caplen;  /* bytes captured at p: nothing past them is read */
	uint32_t len;	  /* payload length from the IP header ("length N") */
	uint16_t sport, dport;
	uint8_t tcp_flags;	      /* RST with -v prints the reset's data instead of a decoder */
	uint8_t family;		      /* 4 or 6; else NFS replies are not paired with their calls */
	const uint8_t *saddr, *daddr; /* the IP addresses, network order (4 or 16 bytes) */
};

/* What tl_decode_payload() did. */
enum tl_dec_status {
	TL_DEC_NONE,  /* printed nothing: no decoder for these ports, or an empty payload */
	TL_DEC_OK,    /* printed the decoder's text */
	TL_DEC_TRUNC, /* stopped at the first byte past caplen with " [|proto]", as tcpdump's
		       * printers do by longjmp; tcpdump then dumps -x/-X from the link header */
	TL_DEC_CUT,   /* the text did not fit before end and was cut there */
};

/*
 * Room a caller should give for one segment's text: enough for every printer on a 64 KiB
 * payload but DNS names multiplied by compression pointers, which are cut here.
 */
#define TL_DEC_OUT_MAX (256 * 1024)

/*
 * Write the text tcpdump 4.99.3 prints after ", length N" for this segment into [out, end)
 * and return its end (no NUL). The caller has already printed the line up to "length N" and
 * checked that the TCP header was captured. Reads only s->p[0 .. s->caplen). status (may be
 * NULL) gets an enum tl_dec_status. Allocation-free; reentrant but for NFS, whose printer
 * remembers the last 64 calls to print their replies (nfs_rpc.c), so one thread prints.
 */
char *tl_decode_payload(char *out, char *end, const struct tl_dec_seg *s,
			const struct tl_dec_cfg *cfg, int *status);

/* Forget the NFS calls seen (a new capture, or a test that must not depend on the last). */
void tl_dec_nfs_reset(void);

/*
 * Which segments' payloads the decoders of mode read, for the kernel to carry their bytes:
 * 0 none, 1 those with a port set in bits (tl_dec_dispatch's ports), 2 every segment (a -T
 * that decodes every TCP payload).
 */
int tl_decode_ports(enum tl_dec_mode mode, unsigned long long bits[65536 / 64]);

/*
 * tcpdump's -T TYPE (any case) into a mode: 0, or -EINVAL for a type tcpdump does not know.
 */
int tl_dec_mode_parse(const char *type, enum tl_dec_mode *mode);

#endif
