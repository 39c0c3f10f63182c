/* SPDX-License-Identifier: GPL-2.0-only */
/* The kernel's events in the text and JSON outputs: their own line form, the drop
 * continuation line, and the per-reason drop counts at the end. */
#ifndef TL_OUT_KEVENTS_H
#define TL_OUT_KEVENTS_H

#include <stdbool.h>
#include <stdint.h>

#include "capture/knames.h"
#include "conn/kevent.h"
#include "out/out.h"
#include "out/print.h"

struct tl_kev_out;

/* printer NULL: no text; json: JSON objects. NULL on allocation failure. */
struct tl_kev_out *tl_kev_out_new(struct tl_out *out, struct tl_printer *printer, bool json,
				  bool drops, bool explain);
void tl_kev_out_free(struct tl_kev_out *k);

/*
 * One event. For a drop, last_line says the line printed last is its segment's (the
 * continuation then follows it directly). 0 or a negative errno from the output.
 */
int tl_kev_out_event(struct tl_kev_out *k, const struct tl_kevent *ev, bool last_line);

/* --explain: the kernel's account of a retransmitted segment beside Wireshark's guess. */
int tl_kev_out_retrans_note(struct tl_kev_out *k, const struct tl_ev_retrans *rt,
			    bool wireshark_says);

/* --json, before the summary: {"kernel_drops":{"total":N,"by_reason":{"REASON":N,...}}}. */
int tl_kev_out_json_summary(struct tl_kev_out *k);
/* Closing lines on stderr: drops per reason. */
void tl_kev_out_report(const struct tl_kev_out *k);
/* Drops counted by reason (JSON summary); n the number of reasons with counts. */
uint64_t tl_kev_out_drops(const struct tl_kev_out *k);

#endif
