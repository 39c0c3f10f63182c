// SPDX-License-Identifier: GPL-2.0-only
/* Redis RESP (port 6379), as print-resp.c prints it: every string of the payload in quotes. */
#include <limits.h>

#include "out/proto/proto.h"

/* resp_get_length()'s results besides a length >= 0. */
#define TL_RESP_NULL	  (-1)
#define TL_RESP_TRUNC	  (-2)
#define TL_RESP_TOO_LARGE (-3)
#define TL_RESP_NEGATIVE  (-4)
#define TL_RESP_INVALID	  (-5)

/* A parse that gives up: print-resp.c's "goto trunc", which prints " [|resp]" and stops. */
#define TL_RESP_STOP (-1)

/* ' "text"', the bytes escaped. */
static void tl_resp_segment(struct tl_dec *d, size_t off, size_t n)
{
	TL_DEC_PUT(d, " \"");
	tl_dec_printn(d, off, n);
	tl_dec_ch(d, '"');
}

/*
 * FIND_CRLF: advance *off to the next CR LF within *left bytes. False (the parse stops) if
 * none is there or it is not captured.
 */
static bool tl_resp_find_crlf(struct tl_dec *d, size_t *off, int64_t *left)
{
	for (;;) {
		if (*left < 2 || !tl_dec_has(d, *off, 2))
			return false;
		if (d->p[*off] == '\r' && d->p[*off + 1] == '\n')
			return true;
		(*off)++;
		(*left)--;
	}
}

/* CONSUME_CR_OR_LF: skip CR and LF bytes; false if there was none and the data ended. */
static bool tl_resp_skip_eol(struct tl_dec *d, size_t *off, int64_t *left)
{
	bool found = false;

	for (;;) {
		if (*left == 0 || !tl_dec_has(d, *off, 1))
			return found;
		if (d->p[*off] != '\r' && d->p[*off] != '\n')
			return true;
		found = true;
		(*off)++;
		(*left)--;
	}
}

/*
 * resp_get_length(): "<digits>\r\n" or "-1\r\n" at *off, *off moved past what was read.
 * The caller counts the bytes as the distance *off moved, as print-resp.c does (its own count
 * skips a byte on the invalid paths).
 */
static int tl_resp_length(struct tl_dec *d, size_t *off, int64_t left)
{
	bool neg = false, saw_digit = false, too_large = false;
	int result = 0;
	uint8_t c;

	if (left == 0)
		return TL_RESP_TRUNC;
	if (tl_dec_u8(d, *off) == '-') {
		neg = true;
		(*off)++;
		left--;
	}
	for (;;) {
		if (left == 0)
			return TL_RESP_TRUNC;
		c = tl_dec_u8(d, *off);
		if (!tl_isdigit(c)) {
			if (!saw_digit) {
				(*off)++;
				return TL_RESP_INVALID;
			}
			break;
		}
		c -= '0';
		if (result > INT_MAX / 10) {
			too_large = true;
		} else {
			result *= 10;
			if (result == INT_MAX / 10 * 10 && c > INT_MAX % 10)
				too_large = true;
			else
				result += c;
		}
		(*off)++;
		left--;
		saw_digit = true;
	}
	if (tl_dec_u8(d, *off) != '\r') {
		(*off)++;
		return TL_RESP_INVALID;
	}
	(*off)++;
	left--;
	if (left == 0)
		return TL_RESP_TRUNC;
	if (tl_dec_u8(d, *off) != '\n') {
		(*off)++;
		return TL_RESP_INVALID;
	}
	(*off)++;
	if (neg)
		return too_large || result != 1 ? TL_RESP_NEGATIVE : TL_RESP_NULL;
	return too_large ? TL_RESP_TOO_LARGE : result;
}

/* What a negative length other than "truncated" prints; false for truncated. */
static bool tl_resp_bad_length(struct tl_dec *d, int n)
{
	switch (n) {
	case TL_RESP_NULL:
		TL_DEC_PUT(d, " null");
		return true;
	case TL_RESP_TRUNC:
		return false;
	case TL_RESP_TOO_LARGE:
		TL_DEC_PUT(d, " length too large");
		return true;
	case TL_RESP_NEGATIVE:
		TL_DEC_PUT(d, " length negative and not -1");
		return true;
	default:
		TL_DEC_PUT(d, " invalid");
		return true;
	}
}

/*
 * One element at off with left bytes to the payload's end: the bytes it took, or
 * TL_RESP_STOP. An array's elements are not parsed here: *items gets their count, and the
 * caller parses that many more elements, which is print-resp.c's recursion made a loop (a
 * payload of nested "*1\r\n" would otherwise recurse once per four bytes).
 */
static int64_t tl_resp_element(struct tl_dec *d, size_t off, int64_t left, uint64_t *items)
{
	size_t at;
	int64_t cur = left;
	int n;

	*items = 0;
	if (left < 1)
		return TL_RESP_STOP;
	switch (tl_dec_u8(d, off)) {
	case '+':
	case '-':
	case ':':
		/* Simple string, error, integer: the text up to CR LF. */
		off++;
		cur--;
		at = off;
		if (!tl_resp_find_crlf(d, &at, &cur))
			return TL_RESP_STOP;
		tl_resp_segment(d, off, at - off);
		return 1 + (int64_t)(at - off) + 2;
	case '$':
		off++;
		cur--;
		at = off;
		n = tl_resp_length(d, &at, cur);
		cur -= (int64_t)(at - off);
		off = at;
		if (n < 0) {
			if (!tl_resp_bad_length(d, n))
				return TL_RESP_STOP;
			return left - cur;
		}
		if (n == 0) {
			TL_DEC_PUT(d, " empty");
		} else {
			if (cur < n || !tl_dec_has(d, off, (size_t)n))
				return TL_RESP_STOP;
			tl_resp_segment(d, off, (size_t)n);
			off += (size_t)n;
			cur -= n;
		}
		/* The CR LF after the string, wherever it is. */
		if (!tl_resp_find_crlf(d, &off, &cur))
			return TL_RESP_STOP;
		cur -= 2;
		return left - cur;
	case '*':
		off++;
		cur--;
		at = off;
		n = tl_resp_length(d, &at, cur);
		cur -= (int64_t)(at - off);
		if (n > 0)
			*items = (uint64_t)n;
		else if (n == 0)
			TL_DEC_PUT(d, " empty");
		else if (!tl_resp_bad_length(d, n))
			return TL_RESP_STOP;
		return left - cur;
	default:
		/* Inline command: a line ended by CR, LF or both, after any leading ones. */
		if (!tl_resp_skip_eol(d, &off, &cur))
			return TL_RESP_STOP;
		at = off;
		for (;;) {
			if (cur < 1)
				return TL_RESP_STOP;
			if (tl_dec_u8(d, at) == '\r' || d->p[at] == '\n')
				break;
			at++;
			cur--;
		}
		tl_resp_segment(d, off, at - off);
		if (!tl_resp_skip_eol(d, &at, &cur))
			return TL_RESP_STOP;
		return left - cur;
	}
}

/*
 * resp_print(): elements until the payload ends (pipelined commands), an array's elements
 * counted in `owed`. A parse that gives up prints " [|resp]" and ends the text.
 */
void tl_dec_resp(struct tl_dec *d, uint32_t len)
{
	int64_t left = len, took;
	uint64_t owed = 0, items;
	size_t off = 0;

	d->proto = "resp";
	TL_DEC_PUT(d, ": RESP");
	while (left > 0 || owed > 0) {
		if (owed)
			owed--;
		took = tl_resp_element(d, off, left, &items);
		if (took < 0) {
			tl_dec_trunc_mark(d);
			return;
		}
		off += (size_t)took;
		left -= took;
		owed += items;
	}
}
