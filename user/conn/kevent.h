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
 * further out, another namespace). Segments seen more than TL_KEV_DUP_WAIT_NS before the
 * event are earlier copies of the bytes, not the one it sent.
 */
bool tl_kev_match_retrans_seen(struct tl_kev_match *km, struct tl_kevent *ev);
/* Remember a retransmission, for the segment that carries it out. */
void tl_kev_match_retrans(struct tl_kev_match *km, const struct tl_ev_retrans *ev);
/* The kernel's retransmission this segment carries (sent from its socket's side), or NULL. */
const struct tl_ev_retrans *tl_kev_match_retrans_of(struct tl_kev_match *km,
						    const struct tl_record *r);
/*
 * A segment Wireshark calls a retransmission, sent from a traced socket, that no kernel
 * retransmission matched when it came. The hook at tc egress sees a segment before the
 * kernel's tracepoint reports it (tl_kev_match_retrans_seen), so the answer waits: wait on
 * the segment remembered last, then ask tl_kev_match_dup_due before each later segment or
 * event, and with now_ns INT64_MAX at the end.
 */
void tl_kev_match_dup_wait(struct tl_kev_match *km);
/* How long after its segment the kernel's retransmission event may still come: its
 * tracepoint fires once the transmit returns, which may first run the softirqs it raised. */
#define TL_KEV_DUP_WAIT_NS 10000000
/*
 * The oldest waiting segment no retransmission event took by now_ns (or whose place is
 * needed): its serial, time and TL_ANA_* flags, true; ask again until false. Those an event took go quietly.
 */
bool tl_kev_match_dup_due(struct tl_kev_match *km, int64_t now_ns, uint64_t *serial, int64_t *ts_ns,
			  uint32_t *ws_flags);

/* "ESTABLISHED" for a kernel TCP state (include/net/tcp_states.h). */
const char *tl_kevent_state_name(unsigned int st);
/* Why the kernel retransmitted, from the congestion state it did so in (enum tcp_ca_state):
 * Loss is the retransmission timer, Recovery fast retransmit; in Open or Disorder a
 * retransmission is a tail loss probe (or an RACK reordering timeout). */
enum tl_kev_why {
	TL_KEV_WHY_RTO,
	TL_KEV_WHY_FAST,
	TL_KEV_WHY_PROBE,
	TL_KEV_WHY_CWR,
	TL_KEV_WHY_MAX,
};

enum tl_kev_why tl_kevent_retrans_kind(unsigned int ca_state);
/* Its English words ("timer (RTO)"), as the event lines and JSON write them. */
const char *tl_kevent_why_name(enum tl_kev_why why);
const char *tl_kevent_retrans_why(unsigned int ca_state);

/*
 * What the kernel said about one local socket of a connection, for --summary: its
 * retransmissions as traced, by reason, and the totals it reported when it closed.
 */
struct tl_kacct {
	uint32_t retrans[TL_KEV_WHY_MAX]; /* retransmission events that went out, by reason */
	uint32_t not_sent;		  /* retransmissions the kernel tried and could not send */
	/* Sequence space the sent ones carried: a TSO retransmission carries many segments. */
	uint64_t retrans_bytes;
	uint32_t srtt_us;		      /* at the close: smoothed RTT, 0 if never measured */
	uint32_t total_retrans;		      /* at the close: segments retransmitted (tcp_sock) */
	uint64_t bytes_acked, bytes_received; /* at the close */
	uint8_t seen : 1,		      /* an event of this socket came */
		closed : 1;		      /* its close came: the figures above are valid */
};

/* Adds a retransmission, state, reset or close event of the socket to its account. */
void tl_kacct_add(struct tl_kacct *a, const struct tl_kevent *ev);
/* Retransmission events of the account that went out, all reasons together. */
uint32_t tl_kacct_retrans(const struct tl_kacct *a);

#endif
