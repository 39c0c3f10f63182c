// SPDX-License-Identifier: GPL-2.0-only
/* Reads capture files with libpcap and pushes each frame through the real parser. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
/* libpcap's cBPF struct bpf_insn clashes with the kernel's: keep pcap's bpf.h out. */
#define PCAP_DONT_INCLUDE_PCAP_BPF_H
#include <pcap/pcap.h>
#include <pcap/dlt.h>
#include <bpf/bpf.h>
#include <linux/bpf.h>

#include "log.h"
#include "parse.h"
#include "replay.h"

struct tl_replay {
	pcap_t *pcap;
	enum tl_link link;
	bool nano;
	uint32_t snap_len;	/* -s: payload bytes the user-space parser keeps, as cfg_snap_len */
	struct tl_ts ts;
	uint64_t frame_no;	/* 1-based, every frame of the file counts (as in tshark) */
	uint64_t cnt[TL_CNT_MAX];
	/* metadata + frame head, as BPF_PROG_TEST_RUN wants them in one buffer */
	uint8_t buf[sizeof(struct tl_replay_meta) + TL_REPLAY_DATA_MAX];
	_Alignas(8) uint8_t rec[TL_RECORD_MAX];
};

static int link_of_dlt(int dlt, enum tl_link *link)
{
	switch (dlt) {
	case DLT_EN10MB:
		*link = TL_LINK_ETH;
		return 0;
	case DLT_RAW:
#ifdef DLT_IPV4
	case DLT_IPV4:
		*link = dlt == DLT_IPV4 ? TL_LINK_IPV4 : TL_LINK_RAW;
		return 0;
	case DLT_IPV6:
		*link = TL_LINK_IPV6;
		return 0;
#else
		*link = TL_LINK_RAW;
		return 0;
#endif
	case DLT_LINUX_SLL:
		*link = TL_LINK_SLL;
		return 0;
	case DLT_LINUX_SLL2:
		*link = TL_LINK_SLL2;
		return 0;
	case DLT_NULL:
	case DLT_LOOP:	/* same header, network byte order; the parser takes both orders */
		*link = TL_LINK_NULL;
		return 0;
	default:
		return -EPROTONOSUPPORT;
	}
}

int tl_replay_open(const char *path, bool nano, uint32_t snap_len, struct tl_replay **out)
{
	char errbuf[PCAP_ERRBUF_SIZE];
	struct tl_replay *rp;
	int err;

	rp = calloc(1, sizeof(*rp));
	if (!rp)
		return -ENOMEM;
	rp->nano = nano;
	rp->snap_len = snap_len;
	rp->pcap = pcap_open_offline_with_tstamp_precision(
		path, nano ? PCAP_TSTAMP_PRECISION_NANO : PCAP_TSTAMP_PRECISION_MICRO, errbuf);
	if (!rp->pcap) {
		tl_err("%s", errbuf);
		free(rp);
		return -EINVAL;
	}
	err = link_of_dlt(pcap_datalink(rp->pcap), &rp->link);
	if (err) {
		tl_err("%s: link type %s is not supported (tcplens reads Ethernet, Linux cooked "
		       "SLL/SLL2, raw IP and BSD loopback captures)",
		       path, pcap_datalink_val_to_name(pcap_datalink(rp->pcap)) ?: "unknown");
		pcap_close(rp->pcap);
		free(rp);
		return err;
	}
	*out = rp;
	return 0;
}

const char *tl_replay_link_name(const struct tl_replay *rp)
{
	int dlt = pcap_datalink(rp->pcap);
	const char *name = pcap_datalink_val_to_name(dlt);
	const char *desc = pcap_datalink_val_to_description(dlt);
	static char text[128];

	snprintf(text, sizeof(text), "%s (%s)", name ?: "?", desc ?: "?");
	return text;
}

int tl_replay_snaplen(const struct tl_replay *rp)
{
	return pcap_snapshot(rp->pcap);
}

const struct tl_ts *tl_replay_ts(const struct tl_replay *rp)
{
	return &rp->ts;
}

uint64_t tl_replay_frame_no(const struct tl_replay *rp)
{
	return rp->frame_no;
}

const uint64_t *tl_replay_counters(const struct tl_replay *rp)
{
	return rp->cnt;
}

/* The kernel path: metadata in the XDP data_meta area, then the frame head. */
static int run_kernel(struct tl_replay *rp, int prog_fd, struct tl_ring *ring,
		      const struct tl_replay_meta *meta, const uint8_t *frame, uint32_t n)
{
	struct xdp_md ctx = {
		.data = sizeof(*meta),
		.data_end = sizeof(*meta) + n,
	};
	LIBBPF_OPTS(bpf_test_run_opts, opts,
		.data_in = rp->buf,
		.data_size_in = sizeof(*meta) + n,
		.ctx_in = &ctx,
		.ctx_size_in = sizeof(ctx),
		.repeat = 1,
	);
	int err, got;

	memcpy(rp->buf, meta, sizeof(*meta));
	memcpy(rp->buf + sizeof(*meta), frame, n);
	err = bpf_prog_test_run_opts(prog_fd, &opts);
	if (err) {
		err = -errno;
		tl_err("BPF_PROG_TEST_RUN failed: %s", strerror(-err));
		return err;
	}
	got = tl_ring_drain(ring);
	return got;
}

static int run_user(struct tl_replay *rp, const struct tl_replay_meta *meta,
		    const uint8_t *frame, uint32_t n, const struct tl_replay_sink *sink)
{
	struct tl_record *rec = (struct tl_record *)rp->rec;
	struct tl_frame f = {
		.buf_len = n,
		.cap_len = meta->cap_len,
		.wire_len = meta->wire_len,
		.link = meta->link,
	};
	int outcome;

	rp->cnt[TL_CNT_SEEN]++;
	outcome = tl_parse_frame(frame, &f, rec, rp->snap_len);
	if (outcome < 0 || outcome >= TL_CNT_MAX)
		outcome = TL_CNT_MALFORMED;
	rp->cnt[outcome]++;
	if (outcome != TL_CNT_EMITTED)
		return 0;
	rec->ts_ns = meta->ts_ns;
	if (rec->l4_caplen < rec->l4_len || rec->ip_missing)
		rp->cnt[TL_CNT_TRUNCATED]++;
	sink->record(sink->ctx, rec);
	return 1;
}

int tl_replay_run(struct tl_replay *rp, int prog_fd, struct tl_ring *ring,
		  const struct tl_replay_sink *sink, volatile sig_atomic_t *stop)
{
	struct pcap_pkthdr *h;
	const u_char *data;
	int ret;

	while (!*stop && (ret = pcap_next_ex(rp->pcap, &h, &data)) == 1) {
		uint32_t n = h->caplen < TL_REPLAY_DATA_MAX ? h->caplen : TL_REPLAY_DATA_MAX;
		struct tl_replay_meta meta = {
			.ts_ns = (uint64_t)h->ts.tv_sec * 1000000000ull +
				 (uint64_t)h->ts.tv_usec * (rp->nano ? 1 : 1000),
			.cap_len = h->caplen,
			.wire_len = h->len,
			.link = rp->link,
			.magic = TL_REPLAY_MAGIC,
		};
		int got;

		rp->frame_no++;
		/* libpcap hands the fraction over unvalidated; tcpdump prints it as it is. */
		rp->ts.sec = h->ts.tv_sec;
		rp->ts.frac = (uint32_t)h->ts.tv_usec;
		if (prog_fd >= 0)
			got = run_kernel(rp, prog_fd, ring, &meta, data, n);
		else
			got = run_user(rp, &meta, data, n, sink);
		if (got < 0)
			return got;
		if (got == 0 && sink->skip)
			sink->skip(sink->ctx, &rp->ts);
	}
	if (!*stop && ret == PCAP_ERROR) {
		/* tcpdump reports a cut-off file after printing what it could read. */
		tl_err("%s", pcap_geterr(rp->pcap));
		return -EIO;
	}
	return 0;
}

void tl_replay_close(struct tl_replay *rp)
{
	if (!rp)
		return;
	pcap_close(rp->pcap);
	free(rp);
}
