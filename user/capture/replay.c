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
#include "capture/parse.h"
#include "capture/replay.h"

struct tl_replay {
	pcap_t *pcap;
	enum tl_link link;
	bool nano;
	struct tl_frame_cfg fc; /* what the outputs need of the frames, as cfg_frame */
	bool frames;		/* fc asks for frame bytes: keep each batch's frames */
	struct tl_ts ts;
	uint64_t frame_no;    /* frame being handed out: 1-based, all frames count (tshark) */
	uint64_t number;      /* its tl_replay_number() */
	uint64_t passed;      /* frames read so far that count for tl_replay_number() */
	uint64_t frames_read; /* frames read from the file so far; ahead of frame_no while a
				 * batch is being filled */
	uint64_t invalid;     /* frames with a record header tcpdump rejects: not parsed */
	uint64_t cnt[TL_CNT_MAX];
	_Alignas(8) uint8_t rec[TL_RECORD_FRAME_MAX + 8];

	/* The batch being filled (see TL_REPLAY_BATCH_MAX): what the kernel gets, and for
	 * each slot what only user space knows about its frame. */
	const struct tl_replay_sink *sink;
	uint32_t n_slots; /* frames in the batch */
	uint32_t next;	  /* first slot not yet handed to the sink */
	uint32_t bytes;
	uint64_t stray; /* records naming a slot out of order: cannot happen */
	struct {
		struct tl_ts ts;
		uint64_t frame_no, number;
		uint32_t cap_len; /* bytes of the frame kept in frame_store (with fc) */
		uint32_t wire_len;
	} slot[TL_REPLAY_BATCH_MAX];
	/* With fc: slot i's frame at i * TL_FRAME_MAX, for the frame sections the kernel
	 * describes but cannot fill (it is passed the head only). */
	uint8_t *frame_store;
	_Alignas(8) uint8_t batch[TL_REPLAY_BATCH_BYTES];

	const struct tl_filter *count; /* tl_replay_count()'s filter, or NULL */
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
	case DLT_LOOP: /* same header, network byte order; the parser takes both orders */
		*link = TL_LINK_NULL;
		return 0;
	default:
		return -EPROTONOSUPPORT;
	}
}

int tl_replay_open(const char *path, bool nano, const struct tl_frame_cfg *fc,
		   struct tl_replay **out)
{
	char errbuf[PCAP_ERRBUF_SIZE];
	struct tl_replay *rp;
	int err;

	rp = calloc(1, sizeof(*rp));
	if (!rp)
		return -ENOMEM;
	rp->nano = nano;
	if (fc) {
		rp->fc = *fc;
		rp->frames = fc->every || fc->headers || fc->decode || fc->csum || fc->line;
	}
	if (rp->frames) {
		rp->frame_store = malloc((size_t)TL_REPLAY_BATCH_MAX * TL_FRAME_MAX);
		if (!rp->frame_store) {
			free(rp);
			return -ENOMEM;
		}
	}
	rp->pcap = pcap_open_offline_with_tstamp_precision(
		path, nano ? PCAP_TSTAMP_PRECISION_NANO : PCAP_TSTAMP_PRECISION_MICRO, errbuf);
	if (!rp->pcap) {
		tl_err("%s", errbuf);
		free(rp->frame_store);
		free(rp);
		return -EINVAL;
	}
	err = link_of_dlt(pcap_datalink(rp->pcap), &rp->link);
	if (err) {
		tl_err("%s: link type %s is not supported (tcplens reads Ethernet, Linux cooked "
		       "SLL/SLL2, raw IP and BSD loopback captures)",
		       path, pcap_datalink_val_to_name(pcap_datalink(rp->pcap)) ?: "unknown");
		pcap_close(rp->pcap);
		free(rp->frame_store);
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

uint64_t tl_replay_number(const struct tl_replay *rp)
{
	return rp->number;
}

void tl_replay_count(struct tl_replay *rp, const struct tl_filter *f)
{
	rp->count = f;
}

uint64_t tl_replay_invalid(const struct tl_replay *rp)
{
	return rp->invalid;
}

const uint64_t *tl_replay_counters(const struct tl_replay *rp)
{
	return rp->cnt;
}

/* The frames of the batch before slot end that gave no record, as the sink wants them. */
static void skip_until(struct tl_replay *rp, uint32_t end)
{
	for (; rp->next < end; rp->next++) {
		rp->ts = rp->slot[rp->next].ts;
		rp->frame_no = rp->slot[rp->next].frame_no;
		rp->number = rp->slot[rp->next].number;
		if (rp->sink->skip)
			rp->sink->skip(rp->sink->ctx, &rp->ts);
	}
}

/*
 * A record whose frame section the parser described (header only) gets the frame's bytes
 * from the file: rec has the record, frame the cap_len bytes the file holds.
 */
static void add_frame(struct tl_record *rec, const uint8_t *frame, uint32_t cap_len)
{
	struct tl_frame_sect *fs;
	uint32_t off;

	if (!(rec->flags & TL_RF_FRAME))
		return;
	off = TL_FRAME_SECT_OFF(rec->family, rec->opt_len, rec->flags);
	fs = (struct tl_frame_sect *)((uint8_t *)rec + off);
	if (rec->size != off + sizeof(*fs) || fs->len > cap_len || fs->len > TL_FRAME_MAX) {
		/* Cannot happen: the parser asks for captured bytes only. No section then. */
		rec->flags &= ~TL_RF_FRAME;
		rec->size = off;
		return;
	}
	memcpy(fs + 1, frame, fs->len);
	off += sizeof(*fs) + fs->len;
	memset((uint8_t *)rec + off, 0, 8);
	rec->size = (off + 7) & ~7U;
}

/*
 * -v's checksum verdict for a segment longer than the head the kernel was passed
 * (TL_REPLAY_DATA_MAX): the user-space build of the same parser sums it from the file's
 * bytes. The kernel gave the verdict of every other segment that is due one.
 */
static void add_csum(struct tl_replay *rp, struct tl_record *rec, uint32_t idx)
{
	static const struct tl_frame_cfg csum_only = { .csum = 1 };
	_Alignas(8) uint8_t tmp[TL_RECORD_MAX];
	const struct tl_record *t = (const struct tl_record *)tmp;
	const uint8_t *frame = rp->frame_store + (size_t)idx * TL_FRAME_MAX;
	const struct tl_frame_sect *fs = tl_rec_frame(rec);
	uint32_t cap = rp->slot[idx].cap_len;
	struct tl_frame f = {
		.buf_len = cap < TL_PARSE_BUF ? cap : TL_PARSE_BUF,
		.cap_len = cap,
		.wire_len = rp->slot[idx].wire_len,
		.link = rp->link,
	};

	if (!fs || (rec->flags & TL_RF_CSUM) || !tl_csum_due(rec, fs->l4_off, cap))
		return;
	if (tl_parse_frame(frame, &f, (struct tl_record *)tmp, &csum_only) != TL_CNT_EMITTED ||
	    !(t->flags & TL_RF_CSUM))
		return;
	rec->csum = t->csum;
	rec->flags |= TL_RF_CSUM;
}

/* A record from the ring: its ifindex says which frame of the batch it belongs to. */
static void on_batch_record(void *ctx, const struct tl_record *r)
{
	struct tl_replay *rp = ctx;
	struct tl_record *rec = (struct tl_record *)rp->rec;
	uint32_t idx = r->ifindex;

	if (idx < rp->next || idx >= rp->n_slots || r->size > TL_RECORD_MAX) {
		rp->stray++;
		return;
	}
	skip_until(rp, idx);
	rp->ts = rp->slot[idx].ts;
	rp->frame_no = rp->slot[idx].frame_no;
	rp->number = rp->slot[idx].number;
	rp->next = idx + 1;
	/* Consumers get the record as a single-frame replay gives it: ifindex 0. */
	memcpy(rec, r, r->size);
	rec->ifindex = 0;
	if (rp->frames)
		add_frame(rec, rp->frame_store + (size_t)idx * TL_FRAME_MAX, rp->slot[idx].cap_len);
	if (rp->frames && rp->fc.csum)
		add_csum(rp, rec, idx);
	rp->sink->record(rp->sink->ctx, rec);
}

/* Run the batch through the kernel, then hand out its records and skips in frame order. */
static int flush_kernel(struct tl_replay *rp, int prog_fd, struct tl_ring *ring)
{
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = rp->batch, .data_size_in = rp->bytes,
		    .repeat = 1, );
	int err = 0;

	if (!rp->n_slots)
		return 0;
	if (bpf_prog_test_run_opts(prog_fd, &opts)) {
		err = -errno;
		tl_err("BPF_PROG_TEST_RUN failed: %s", strerror(-err));
	} else {
		err = tl_ring_drain(ring);
		if (err > 0)
			err = 0;
		skip_until(rp, rp->n_slots);
	}
	rp->n_slots = 0;
	rp->next = 0;
	rp->bytes = 0;
	return err;
}

/* Append one frame to the batch, flushing first when it would not fit. */
static int add_kernel(struct tl_replay *rp, int prog_fd, struct tl_ring *ring,
		      const struct tl_replay_meta *meta, const uint8_t *whole, uint32_t n)
{
	uint32_t slot = TL_REPLAY_SLOT(n);
	struct tl_ts ts = rp->ts; /* a flush moves rp->ts through the batch */
	uint64_t frame_no = rp->frames_read, number = rp->passed;
	uint8_t *p;
	int err;

	if (rp->n_slots == TL_REPLAY_BATCH_MAX || rp->bytes + slot > sizeof(rp->batch)) {
		err = flush_kernel(rp, prog_fd, ring);
		if (err)
			return err;
	}
	p = rp->batch + rp->bytes;
	memcpy(p, meta, sizeof(*meta));
	memcpy(p + sizeof(*meta), whole, n);
	/* Padding is zero: the kernel copies heads shorter than 8 bytes as 8. */
	memset(p + sizeof(*meta) + n, 0, slot - sizeof(*meta) - n);
	rp->slot[rp->n_slots].ts = ts;
	rp->slot[rp->n_slots].frame_no = frame_no;
	if (rp->frames) {
		uint32_t keep = meta->cap_len < TL_FRAME_MAX ? meta->cap_len : TL_FRAME_MAX;

		memcpy(rp->frame_store + (size_t)rp->n_slots * TL_FRAME_MAX, whole, keep);
		rp->slot[rp->n_slots].cap_len = keep;
		rp->slot[rp->n_slots].wire_len = meta->wire_len;
	}
	rp->slot[rp->n_slots].number = number;
	rp->n_slots++;
	rp->bytes += slot;
	return 0;
}

/* tcpdump's MAXIMUM_SNAPLEN: no record it accepts is longer, captured or on the wire. */
#define TL_REPLAY_LEN_MAX 262144u

/*
 * tcpdump refuses to dissect a frame whose record header is impossible (nothing captured,
 * length 0, captured more than was on the wire, either length over TL_REPLAY_LEN_MAX): it
 * prints "[Invalid header: ...]" without a time stamp, so the -ttt/-ttttt reference stays
 * where it was. Such a frame is therefore neither parsed nor skipped: no hook counter sees
 * it (seen and the outcomes stay balanced, as for a frame the hook never ran on); it only
 * keeps its frame number, as tcpdump's packet count does.
 */
static bool invalid_header(const struct pcap_pkthdr *h)
{
	return !h->caplen || !h->len || h->len < h->caplen || h->caplen > TL_REPLAY_LEN_MAX ||
	       h->len > TL_REPLAY_LEN_MAX;
}

static int run_user(struct tl_replay *rp, const struct tl_replay_meta *meta, const uint8_t *frame,
		    uint32_t n, const struct tl_replay_sink *sink)
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
	outcome = tl_parse_frame(frame, &f, rec, rp->frames ? &rp->fc : NULL);
	if (outcome < 0 || outcome >= TL_CNT_MAX)
		outcome = TL_CNT_MALFORMED;
	rp->cnt[outcome]++;
	if (outcome != TL_CNT_EMITTED)
		return 0;
	rec->ts_ns = meta->ts_ns;
	add_frame(rec, frame, meta->cap_len);
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
	int ret = 0, err = 0;

	rp->sink = sink;
	if (prog_fd >= 0)
		tl_ring_set_fn(ring, on_batch_record, rp);
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

		rp->frame_no = ++rp->frames_read;
		/* pcap_offline_filter is the filter libpcap runs for tcpdump -r, on the same bytes. */
		if (!rp->count || tl_filter_match(rp->count, data, h->caplen, h->len))
			rp->passed++;
		rp->number = rp->passed;
		/* libpcap hands the fraction over unvalidated; tcpdump prints it as it is. */
		rp->ts.sec = h->ts.tv_sec;
		rp->ts.frac = (uint32_t)h->ts.tv_usec;
		if (invalid_header(h)) {
			rp->invalid++;
			tl_debug("frame %llu: invalid record header (caplen %u, len %u): not "
				 "dissected, as tcpdump does",
				 (unsigned long long)rp->frames_read, h->caplen, h->len);
			continue;
		}
		if (prog_fd >= 0) {
			err = add_kernel(rp, prog_fd, ring, &meta, data, n);
			if (err)
				break;
		} else if (run_user(rp, &meta, data, n, sink) == 0 && sink->skip) {
			sink->skip(sink->ctx, &rp->ts);
		}
	}
	/* What was read before a stop or a damaged frame is still printed, as tcpdump does. */
	if (prog_fd >= 0) {
		if (!err)
			err = flush_kernel(rp, prog_fd, ring);
		tl_ring_set_fn(ring, sink->record, sink->ctx);
		if (rp->stray && !err) {
			tl_err("%llu records from the kernel named no frame of their batch",
			       (unsigned long long)rp->stray);
			err = -EPROTO;
		}
	}
	if (err)
		return err;
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
	free(rp->frame_store);
	free(rp);
}
