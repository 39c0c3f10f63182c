/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the parts of explain (user/out/explain*.c) share: its state, the note a segment's words
 * go to, and each part's entry points. Private to those files: outputs see out/explain.h.
 */
#ifndef TL_EXPLAIN_INT_H
#define TL_EXPLAIN_INT_H

#include "out/explain.h"
#include "conn/tcp.h"

/* The annotation lines of one segment, written in one go after the tcpdump line. A NULL note
 * (no --explain) is accepted everywhere and says nothing. */
struct tl_note {
	char buf[4096];
	size_t n;
};

struct tl_explain {
	struct tl_explain_cfg cfg;
	struct tl_out *out; /* reports: --summary and --ladder */
	struct tl_view *view;
	uint64_t ladder_budget;
	int err;		       /* first output error seen while reporting */
	struct tl_slab rare;	       /* the connections' struct tl_conn_rare records */
	struct tl_conn_rare rare_sink; /* written instead when memory ran out (err is set) */
	struct tl_slab kern;	       /* --events: the struct tl_conn_kern records */
	struct tl_conn_kern kern_sink; /* as rare_sink */
	struct tl_note nt;	       /* the last segment's annotation */
};

/* explain.c: the note, and the state of each connection the words read and keep. */
void tl_say(struct tl_note *nt, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
const struct tl_conn_rare *tl_rare(const struct tl_explain *e, const struct tl_conn *c);
struct tl_conn_rare *tl_rare_w(struct tl_explain *e, struct tl_conn *c);
uint32_t tl_scaled_win(const struct tl_conn *c, int side, uint16_t win, bool syn);

/* explain_tcp.c: what the segment does to the connection, and what the analysis found. */
void tl_say_phase(struct tl_note *nt, struct tl_explain *e, struct tl_conn *c, int d,
		  const struct tl_record *r, const struct tl_seg *s, bool first);
void tl_say_flow(struct tl_note *nt, struct tl_explain *e, const struct tl_flow *f,
		 struct tl_conn *c, int d, const struct tl_record *r, const struct tl_seg *s,
		 const struct tl_ana_result *res, bool first);
void tl_say_analysis(struct tl_explain *e, struct tl_note *nt, const struct tl_flow *f,
		     const struct tl_conn *c, int d, const struct tl_seg *s,
		     const struct tl_ana_result *res);

/* explain_app.c: what the application says, when the segment starts a message explain knows. */
void tl_say_app(struct tl_note *nt, const struct tl_record *r, const struct tl_seg *s);

#endif
