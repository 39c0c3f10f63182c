/* SPDX-License-Identifier: GPL-2.0-only */
/* The kernel's events in the text and JSON outputs: their own line form, the drop
 * continuation line, and the per-reason drop counts at the end. */
#ifndef TL_OUT_KEVENTS_H
#define TL_OUT_KEVENTS_H

#include <stdbool.h>
#include <stdint.h>

#include "capture/knames.h"
#include "conn/kevent.h"
#include "out/names.h"
#include "out/out.h"
#include "out/print.h"

struct tl_kev_out;

/*
 * printer NULL: no text; json: JSON objects. names: the endpoints of the event lines named
 * as the segment lines name them (NULL: numbers, as with -n). NULL on allocation failure.
 */
struct tl_kev_out *tl_kev_out_new(struct tl_out *out, struct tl_printer *printer,
				  struct tl_names *names, bool json, bool drops, bool explain);
void tl_kev_out_free(struct tl_kev_out *k);

/*
 * One event. For a drop, last_line says the line printed last is its segment's (the
 * continuation then follows it directly). 0 or a negative errno from the output.
 */
int tl_kev_out_event(struct tl_kev_out *k, const struct tl_kevent *ev, bool last_line);

/*
 * --explain, under a segment the kernel had retransmitted before the hook saw it: the
 * kernel's account beside Wireshark's guess (ws_flags: the segment's TL_ANA_* flags), and why.
 */
int tl_kev_out_retrans_note(struct tl_kev_out *k, const struct tl_ev_retrans *rt,
			    uint32_t ws_flags);

/*
 * --explain, under a segment Wireshark calls a retransmission (ws_flags) that its traced
 * socket did not send again: the copy was made after the socket. ts_ns: the segment's time,
 * when other lines came between; -1 when the note follows the segment's own line.
 */
int tl_kev_out_dup_note(struct tl_kev_out *k, int64_t ts_ns, uint32_t ws_flags);

/* The kernel's reason to retransmit in the reader's language, for --explain and --summary
 * (the event lines and JSON keep tl_kevent_why_name's English words). */
const char *tl_kev_why_words(enum tl_kev_why why);

/* --json, before the summary: {"kernel_drops":{"total":N,"by_reason":{"REASON":N,...}}}. */
int tl_kev_out_json_summary(struct tl_kev_out *k);
/* Closing lines on stderr: drops per reason. */
void tl_kev_out_report(const struct tl_kev_out *k);
/* Drops counted by reason (JSON summary); n the number of reasons with counts. */
uint64_t tl_kev_out_drops(const struct tl_kev_out *k);

#endif
