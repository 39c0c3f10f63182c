/* SPDX-License-Identifier: GPL-2.0-only */
/* Kernel events (--drops, --events) decoded once, and tied to the segments they concern:
 * a drop to the segment the hook saw, a retransmission to the segment that went out. */
#ifndef TL_KEVENT_H
#define TL_KEVENT_H

#include <stdbool.h>
#include <stdint.h>

#include "tcplens.h"
#include "events.h"
#include "conn/view.h"

struct tl_kevent {
	const struct tl_event_hdr *h;
	struct tl_capture_meta m;
	const struct tl_ev_conn *c;    /* retransmission, state, reset, close; else NULL */
	const struct tl_ev_drop *drop; /* TL_EV_DROP, else NULL */
	const struct tl_record *rec;   /* the dropped segment */
	/* The hook saw the dropped segment: its serial (tl_kev_match_segment), else 0. */
	uint64_t seen_serial;
	int64_t seen_ts_ns; /* and its capture time */
	/* A retransmission whose segment the hook saw first (its serial, time as above): did
	 * Wireshark's analysis make of that segment (its TL_ANA_* flags)? */
	uint32_t ws_flags;
};

/* Checks the event's size for its kind; false: malformed (count it, show nothing). */
bool tl_kevent_decode(const struct tl_event_hdr *h, const struct tl_capture_meta *m,
		      struct tl_kevent *ev);

struct tl_kev_match;

struct tl_kev_match *tl_kev_match_new(void);
void tl_kev_match_free(struct tl_kev_match *km);
/* Remember a segment the hook delivered (serial > 0, rising), for a drop that may follow. */
void tl_kev_match_segment(struct tl_kev_match *km, const struct tl_record *r, uint64_t serial,
			  int64_t ts_ns, uint32_t ws_flags);
/* Fills ev->seen_serial for a drop of a segment remembered above. */
void tl_kev_match_drop(struct tl_kev_match *km, struct tl_kevent *ev);
/*
 * A retransmission whose segment the hook saw already (tc egress runs inside the kernel's
 * transmit, before its tracepoint): fills seen_serial, seen_ts_ns and ws_flags, true.
 * Else false: remember it with tl_kev_match_retrans for a segment yet to come (a hook
 * further out, another namespace).
 */
bool tl_kev_match_retrans_seen(struct tl_kev_match *km, struct tl_kevent *ev);
/* Remember a retransmission, for the segment that carries it out. */
void tl_kev_match_retrans(struct tl_kev_match *km, const struct tl_ev_retrans *ev);
/* The kernel's retransmission this segment carries (sent from its socket's side), or NULL. */
const struct tl_ev_retrans *tl_kev_match_retrans_of(struct tl_kev_match *km,
						    const struct tl_record *r);

/* "ESTABLISHED" for a kernel TCP state (include/net/tcp_states.h). */
const char *tl_kevent_state_name(unsigned int st);
/* Why the kernel retransmitted, from the congestion state it did so in (enum tcp_ca_state):
 * Loss is the retransmission timer, Recovery fast retransmit; in Open or Disorder a
 * retransmission is a tail loss probe (or an RACK reordering timeout). */
const char *tl_kevent_retrans_why(unsigned int ca_state);

#endif
