/* SPDX-License-Identifier: GPL-2.0-only */
/* Walks a record's TCP options for the modules that read their meaning (analysis, explain,
 * JSON). tcpdump's printer has its own walk in print.c, since it must reproduce tcpdump's
 * quirks ([len N] re-reading, [bad opt] placement) byte for byte. */
#ifndef TL_TCPOPT_H
#define TL_TCPOPT_H

#include <stdbool.h>
#include <stdint.h>

#include "tcplens.h"

enum tl_opt_stop {
	TL_OPT_END,   /* the option area ended, or an EOL was returned */
	TL_OPT_TRUNC, /* the next option runs past the captured bytes */
	TL_OPT_BAD,   /* the next option's length is below 2 or past the header */
};

struct tl_opt_iter {
	const uint8_t *o;
	uint32_t cap;  /* option bytes captured (opt_len) */
	uint32_t left; /* option bytes the header declares (hlen - 20) */
	uint32_t i;
	int kind; /* after a TRUNC/BAD stop: the failing option's kind, -1 if not captured */
	enum tl_opt_stop stop;
};

struct tl_opt {
	uint8_t kind;
	uint8_t len;	     /* whole option, kind and length bytes included; 1 for EOL/NOP */
	const uint8_t *body; /* len - 2 bytes */
};

static inline void tl_opt_begin(struct tl_opt_iter *it, const struct tl_record *r)
{
	uint32_t hlen = (uint32_t)(r->doff_byte >> 4) * 4;

	it->o = tl_rec_opts(r);
	it->cap = r->opt_len;
	it->left = hlen > 20 ? hlen - 20 : 0;
	it->i = 0;
	it->kind = -1;
	it->stop = TL_OPT_END;
}

/* Only captured bytes are read, as in Wireshark. After an EOL the walk ends (RFC 9293). */
static inline bool tl_opt_next(struct tl_opt_iter *it, struct tl_opt *opt)
{
	uint32_t i = it->i;
	uint8_t len;

	if (i >= it->left || it->stop != TL_OPT_END)
		return false;
	if (i >= it->cap) {
		it->stop = TL_OPT_TRUNC;
		it->kind = -1;
		return false;
	}
	opt->kind = it->o[i];
	it->kind = opt->kind;
	if (opt->kind <= 1) {
		opt->len = 1;
		opt->body = NULL;
		it->i = i + 1;
		if (opt->kind == 0)
			it->left = it->i; /* nothing after an EOL is read */
		return true;
	}
	if (i + 1 >= it->cap) {
		it->stop = TL_OPT_TRUNC;
		return false;
	}
	len = it->o[i + 1];
	if (len < 2 || i + len > it->left) {
		it->stop = TL_OPT_BAD;
		return false;
	}
	if (i + len > it->cap) {
		it->stop = TL_OPT_TRUNC;
		return false;
	}
	opt->len = len;
	opt->body = it->o + i + 2;
	it->i = i + len;
	return true;
}

#endif
