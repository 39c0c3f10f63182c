// SPDX-License-Identifier: GPL-2.0-only
/* Agreement test: the analysis engine against TShark 4.0.17's tcp.analysis.* over the corpus. */
#include <errno.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conn/analysis.h"
/* the user-space build of bpf/parse.h */
#include "capture/parse.h"

#define TL_CORPUS_DEFAULT "/work/shared/conformance"
#define TL_MAX_FRAMES	  8192
#define TL_MAX_CONVS	  1024

/*
 * Columns compared. "flag" columns are 1 or empty; the others are compared as text after our
 * value is printed the way tshark prints it.
 */
enum tl_col {
	TL_C_RETRANS,
	TL_C_FAST,
	TL_C_SPURIOUS,
	TL_C_OOO,
	TL_C_LOST,
	TL_C_ACK_LOST,
	TL_C_DUP,
	TL_C_ZW,
	TL_C_ZWP,
	TL_C_ZWPA,
	TL_C_KA,
	TL_C_KAA,
	TL_C_WU,
	TL_C_WF,
	TL_C_REUSED,
	TL_C_DUP_NUM,
	TL_C_DUP_FRAME,
	TL_C_ACKS_FRAME,
	TL_C_ACK_RTT,
	TL_C_INIT_RTT,
	TL_C_MAX,
};

static const struct {
	const char *name; /* tshark field without "tcp.analysis." */
	uint32_t bit;	  /* 0: value column */
} tl_cols[TL_C_MAX] = {
	[TL_C_RETRANS] = { "retransmission", TL_ANA_RETRANSMISSION },
	[TL_C_FAST] = { "fast_retransmission", TL_ANA_FAST_RETRANSMISSION },
	[TL_C_SPURIOUS] = { "spurious_retransmission", TL_ANA_SPURIOUS_RETRANSMISSION },
	[TL_C_OOO] = { "out_of_order", TL_ANA_OUT_OF_ORDER },
	[TL_C_LOST] = { "lost_segment", TL_ANA_LOST_SEGMENT },
	[TL_C_ACK_LOST] = { "ack_lost_segment", TL_ANA_ACK_LOST_SEGMENT },
	[TL_C_DUP] = { "duplicate_ack", TL_ANA_DUP_ACK },
	[TL_C_ZW] = { "zero_window", TL_ANA_ZERO_WINDOW },
	[TL_C_ZWP] = { "zero_window_probe", TL_ANA_ZERO_WINDOW_PROBE },
	[TL_C_ZWPA] = { "zero_window_probe_ack", TL_ANA_ZERO_WINDOW_PROBE_ACK },
	[TL_C_KA] = { "keep_alive", TL_ANA_KEEP_ALIVE },
	[TL_C_KAA] = { "keep_alive_ack", TL_ANA_KEEP_ALIVE_ACK },
	[TL_C_WU] = { "window_update", TL_ANA_WINDOW_UPDATE },
	[TL_C_WF] = { "window_full", TL_ANA_WINDOW_FULL },
	[TL_C_REUSED] = { "reused_ports", TL_ANA_REUSED_PORTS },
	[TL_C_DUP_NUM] = { "duplicate_ack_num", 0 },
	[TL_C_DUP_FRAME] = { "duplicate_ack_frame", 0 },
	[TL_C_ACKS_FRAME] = { "acks_frame", 0 },
	[TL_C_ACK_RTT] = { "ack_rtt", 0 },
	[TL_C_INIT_RTT] = { "initial_rtt", 0 },
};

/*
 * Known disagreements. Each one is a limit of tcplens's input (what the parser can see), not of
 * the analysis rules; anything not listed here fails its capture.
 */
static const struct {
	const char *capture;
	uint32_t frame;
	enum tl_col col; /* TL_C_MAX: every column of the frame */
	const char *reason;
} tl_exceptions[] = {
	/* Invalid time stamps (sub-second field out of range): libpcap and Wireshark carry them
	 * differently, so time differences differ; the flags agree. */
	{ "timestamp_invalid_micro", 3, TL_C_ACK_RTT, "invalid pcap time stamp" },
	{ "timestamp_invalid_micro", 3, TL_C_INIT_RTT, "invalid pcap time stamp" },
	{ "timestamp_invalid_nano", 3, TL_C_ACK_RTT, "invalid pcap time stamp" },
	{ "timestamp_invalid_nano", 3, TL_C_INIT_RTT, "invalid pcap time stamp" },
	{ "smb_data_print-segv", 4, TL_C_ACK_RTT,
	  "time stamps decades apart: Wireshark's nstime and our int64 ns differ" },
	/* IP reassembly: tshark analyses the reassembled segment in the frame that completes
	 * it; tcplens sees TCP only in first fragments, and skips those (section 0). */
	{ "synth-frag", 4, TL_C_MAX, "reassembled in this frame by tshark" },
	{ "synth-v6-exthdr", 4, TL_C_MAX, "reassembled in this frame by tshark" },
	/* Wireshark rejects the Quick-Start IP option of length 4 and never reaches TCP;
	 * tcpdump and tcplens accept the packet. */
	{ "synth-ipopts", 5, TL_C_MAX, "malformed IP option stops tshark before TCP" },
	/* Wireshark takes the destination from the loose source route option (final hop), so
	 * this SYN opens a new conversation; tcplens keys by the IP header's destination, as
	 * tcpdump prints it. */
	{ "synth-ipopts", 7, TL_C_MAX, "tshark uses the LSRR final destination" },
	/* Options cut by the snaplen: tshark still updates its state but the exception thrown in
	 * the option dissector stops it before it prints the flags. */
	{ "synth-snaplen", 5, TL_C_MAX, "tshark aborts printing in truncated options" },
	{ "synth-snaplen", 6, TL_C_MAX, "tshark aborts printing in truncated options" },
	/* Malformed headers: tshark's sequence state after the bogus (data offset < 5) and
	 * short segments of frames 1-3 is not what section 0 of the spec describes (its
	 * flags on 5, 6 and 11 need a nextseq near 21, as if frame 3, data offset 0, had been
	 * analysed with 20 bytes of payload); frame 10 is an IPv4 total length of 0, which the
	 * parser does not turn into a record ("bad-len 0" in tcpdump). */
	{ "synth-hdrlen", 5, TL_C_MAX, "state from bogus-header segments" },
	{ "synth-hdrlen", 6, TL_C_MAX, "state from bogus-header segments" },
	{ "synth-hdrlen", 10, TL_C_MAX, "IPv4 total length 0: no record" },
	{ "synth-hdrlen", 11, TL_C_MAX, "state from bogus-header segments" },
};

struct tl_conv {
	uint8_t family;
	uint8_t addr[2][16];
	uint16_t port[2];
	struct tl_ana_conn ana;
};

struct tl_row {
	char cell[TL_C_MAX][32];
	bool present;
};

struct tl_stats {
	unsigned long both_set, both_clear, ours_only, theirs_only;
};

static struct tl_conv tl_convs[TL_MAX_CONVS];
static struct tl_ana_lists tl_lists;
static unsigned int tl_nconv;
static struct tl_row tl_rows[TL_MAX_FRAMES + 1];
static struct tl_stats tl_stats[TL_C_MAX];

static struct tl_conv *tl_conv_get(const struct tl_record *r, int *side, uint32_t *next_stream)
{
	unsigned int alen = r->family == 6 ? 16 : 4, i;
	const uint8_t *sa = tl_rec_saddr(r), *da = tl_rec_daddr(r);
	struct tl_conv *c;

	for (i = 0; i < tl_nconv; i++) {
		c = &tl_convs[i];
		if (c->family != r->family)
			continue;
		if (c->port[0] == r->sport && c->port[1] == r->dport &&
		    !memcmp(c->addr[0], sa, alen) && !memcmp(c->addr[1], da, alen)) {
			*side = 0;
			return c;
		}
		if (c->port[1] == r->sport && c->port[0] == r->dport &&
		    !memcmp(c->addr[1], sa, alen) && !memcmp(c->addr[0], da, alen)) {
			*side = 1;
			return c;
		}
	}
	if (tl_nconv == TL_MAX_CONVS)
		return NULL;
	c = &tl_convs[tl_nconv++];
	memset(c, 0, sizeof(*c));
	c->family = r->family;
	memcpy(c->addr[0], sa, alen);
	memcpy(c->addr[1], da, alen);
	c->port[0] = r->sport;
	c->port[1] = r->dport;
	tl_ana_init(&c->ana, (*next_stream)++);
	*side = 0;
	return c;
}

/* Read NAME.tshark.tsv into tl_rows; returns the number of frames or -errno. */
static int tl_read_tsv(const char *path)
{
	int colidx[TL_C_MAX], ncol = 0, max = 0;
	char line[8192];
	FILE *f = fopen(path, "r");

	if (!f)
		return -errno;
	memset(tl_rows, 0, sizeof(tl_rows));
	for (int i = 0; i < TL_C_MAX; i++)
		colidx[i] = -1;
	while (fgets(line, sizeof(line), f)) {
		char *save = NULL, *tok, *p = line;
		int col = 0;
		long frame = -1;

		line[strcspn(line, "\n")] = '\0';
		if (!ncol) {
			while ((tok = strsep(&p, "\t"))) {
				for (int i = 0; i < TL_C_MAX; i++)
					if (!strncmp(tok, "tcp.analysis.", 13) &&
					    !strcmp(tok + 13, tl_cols[i].name))
						colidx[i] = col;
				col++;
			}
			ncol = col;
			continue;
		}
		(void)save;
		while ((tok = strsep(&p, "\t"))) {
			if (col == 0) {
				frame = strtol(tok, NULL, 10);
				if (frame < 1 || frame > TL_MAX_FRAMES)
					break;
				tl_rows[frame].present = true;
				if (frame > max)
					max = (int)frame;
			}
			for (int i = 0; i < TL_C_MAX; i++) {
				if (colidx[i] != col)
					continue;
				/* several TCP layers in one frame: compare the first */
				tok[strcspn(tok, ",")] = '\0';
				snprintf(tl_rows[frame].cell[i], sizeof(tl_rows[frame].cell[i]),
					 "%s", tok);
			}
			col++;
		}
	}
	fclose(f);
	return max;
}

static int tl_link_of(int dlt)
{
	switch (dlt) {
	case DLT_EN10MB:
		return TL_LINK_ETH;
	case DLT_LINUX_SLL:
		return TL_LINK_SLL;
	case 276:
		return TL_LINK_SLL2;
	case DLT_RAW:
	case 14:
	case 101:
		return TL_LINK_RAW;
	case 228:
		return TL_LINK_IPV4;
	case 229:
		return TL_LINK_IPV6;
	case DLT_NULL:
		return TL_LINK_NULL;
	default:
		return -1;
	}
}

static void tl_fmt_time(char *buf, size_t len, int64_t ns)
{
	const char *sign = ns < 0 ? "-" : "";
	uint64_t a = ns < 0 ? (uint64_t)-ns : (uint64_t)ns;

	snprintf(buf, len, "%s%llu.%09llu", sign, (unsigned long long)(a / 1000000000ull),
		 (unsigned long long)(a % 1000000000ull));
}

static bool tl_excepted(const char *name, uint32_t frame, enum tl_col col, const char **why)
{
	for (size_t i = 0; i < sizeof(tl_exceptions) / sizeof(tl_exceptions[0]); i++) {
		if (strcmp(tl_exceptions[i].capture, name))
			continue;
		if (tl_exceptions[i].frame != frame)
			continue;
		if (tl_exceptions[i].col != TL_C_MAX && tl_exceptions[i].col != col)
			continue;
		*why = tl_exceptions[i].reason;
		return true;
	}
	return false;
}

/* Our cells for one frame, formatted like tshark's. */
static void tl_our_cells(const struct tl_ana_result *res, char cell[TL_C_MAX][32])
{
	memset(cell, 0, TL_C_MAX * 32);
	for (int i = 0; i < TL_C_MAX; i++)
		if (tl_cols[i].bit && (res->flags & tl_cols[i].bit))
			strcpy(cell[i], "1");
	if (tl_ana_is_retrans(res->flags))
		strcpy(cell[TL_C_RETRANS], "1");
	if (res->flags & TL_ANA_DUP_ACK) {
		snprintf(cell[TL_C_DUP_NUM], 32, "%u", res->dupack_num);
		snprintf(cell[TL_C_DUP_FRAME], 32, "%llu", (unsigned long long)res->dupack_frame);
	}
	if (res->acks_frame) {
		snprintf(cell[TL_C_ACKS_FRAME], 32, "%llu", (unsigned long long)res->acks_frame);
		tl_fmt_time(cell[TL_C_ACK_RTT], 32, res->ack_rtt_ns);
	}
	if (res->has_initial_rtt)
		tl_fmt_time(cell[TL_C_INIT_RTT], 32, res->initial_rtt_ns);
}

/* Returns 1 if the capture agrees (up to listed exceptions), 0 if not, -1 if skipped. */
static int tl_run_capture(const char *dir, const char *name, const char *pcapname)
{
	char path[8192], errbuf[PCAP_ERRBUF_SIZE];
	uint8_t buf[TL_PARSE_BUF];
	union {
		struct tl_record rec;
		uint8_t raw[TL_RECORD_MAX + 64];
	} u;
	struct pcap_pkthdr *h;
	const uint8_t *data;
	uint32_t frame = 0, next_stream = 0;
	int link, nrows, bad = 0, ret;
	pcap_t *p;

	snprintf(path, sizeof(path), "%s/expected/%s.tshark.tsv", dir, name);
	nrows = tl_read_tsv(path);
	if (nrows < 0) {
		printf("FAIL %s: cannot read %s: %s\n", name, path, strerror(-nrows));
		return 0;
	}
	snprintf(path, sizeof(path), "%s/%s", dir, pcapname);
	p = pcap_open_offline_with_tstamp_precision(path, PCAP_TSTAMP_PRECISION_NANO, errbuf);
	if (!p) {
		printf("FAIL %s: %s\n", name, errbuf);
		return 0;
	}
	link = tl_link_of(pcap_datalink(p));
	if (link < 0) {
		printf("skip %s: link type %s\n", name,
		       pcap_datalink_val_to_name(pcap_datalink(p)) ?: "?");
		pcap_close(p);
		return -1;
	}
	tl_nconv = 0;
	/* the conversations of the last capture are forgotten: their lists with them */
	tl_ana_lists_destroy(&tl_lists);
	while ((ret = pcap_next_ex(p, &h, &data)) == 1) {
		struct tl_frame f = { .link = (uint32_t)link };
		char ours[TL_C_MAX][32];
		struct tl_ana_result res = { 0 };
		struct tl_seg s;
		struct tl_conv *c;
		int side;

		frame++;
		if (frame > TL_MAX_FRAMES)
			break;
		memset(buf, 0, sizeof(buf));
		f.buf_len = h->caplen < TL_PARSE_BUF ? h->caplen : TL_PARSE_BUF;
		f.cap_len = h->caplen;
		f.wire_len = h->len;
		memcpy(buf, data, f.buf_len);
		memset(ours, 0, sizeof(ours));
		if (tl_parse_frame(buf, &f, &u.rec, 0) == TL_CNT_EMITTED) {
			/* opened with nanosecond precision: tv_usec holds nanoseconds */
			u.rec.ts_ns =
				(uint64_t)h->ts.tv_sec * 1000000000ull + (uint64_t)h->ts.tv_usec;
			c = tl_seg_from_record(&u.rec, frame, &s) == 0
				    ? tl_conv_get(&u.rec, &side, &next_stream)
				    : NULL;
			if (c) {
				tl_ana_segment(&tl_lists, &c->ana, side, &s, &res);
				if (res.new_conv)
					c->ana.stream = next_stream++;
				tl_our_cells(&res, ours);
			}
		}
		for (int i = 0; i < TL_C_MAX; i++) {
			const char *theirs = tl_rows[frame].cell[i], *why;
			bool os = ours[i][0], ts = theirs[0];

			if (tl_cols[i].bit) {
				if (os && ts)
					tl_stats[i].both_set++;
				else if (!os && !ts)
					tl_stats[i].both_clear++;
				else if (os)
					tl_stats[i].ours_only++;
				else
					tl_stats[i].theirs_only++;
			}
			if (!strcmp(ours[i], theirs))
				continue;
			if (tl_excepted(name, frame, i, &why)) {
				printf("  known %s frame %u %s: ours '%s' tshark '%s' (%s)\n", name,
				       frame, tl_cols[i].name, ours[i], theirs, why);
				continue;
			}
			printf("  DIFF %s frame %u %s: ours '%s' tshark '%s'\n", name, frame,
			       tl_cols[i].name, ours[i], theirs);
			bad++;
		}
	}
	pcap_close(p);
	if ((int)frame != nrows) {
		printf("  DIFF %s: %u frames in the capture, %d rows in the TSV\n", name, frame,
		       nrows);
		bad++;
	}
	printf("%s %s (%u frames)\n", bad ? "FAIL" : "ok  ", name, frame);
	return bad ? 0 : 1;
}

static int tl_run_dir(const char *dir, int *pass, int *fail)
{
	char path[8192], line[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/tests.tsv", dir);
	f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "analysis: cannot open %s: %s\n", path, strerror(errno));
		return -errno;
	}
	while (fgets(line, sizeof(line), f)) {
		char *p = line, *name = strsep(&p, "\t"), *pcapname = strsep(&p, "\t");
		int r;

		if (!pcapname || !strcmp(name, "name"))
			continue;
		r = tl_run_capture(dir, name, pcapname);
		if (r == 1)
			(*pass)++;
		else if (r == 0)
			(*fail)++;
	}
	fclose(f);
	return 0;
}

int main(int argc, char **argv)
{
	const char *root = argc > 1 ? argv[1] : TL_CORPUS_DEFAULT;
	static const char *const sub[] = { "tcpdump-tests", "synthetic" };
	char dir[1024];
	int pass = 0, fail = 0;

	tl_ana_lists_init(&tl_lists);
	for (size_t i = 0; i < 2; i++) {
		snprintf(dir, sizeof(dir), "%s/%s", root, sub[i]);
		if (tl_run_dir(dir, &pass, &fail))
			fail++;
	}
	printf("\n%-24s %9s %9s %9s %9s\n", "flag", "both set", "both clr", "ours only",
	       "tshark only");
	for (int i = 0; i < TL_C_MAX; i++)
		if (tl_cols[i].bit)
			printf("%-24s %9lu %9lu %9lu %9lu\n", tl_cols[i].name, tl_stats[i].both_set,
			       tl_stats[i].both_clear, tl_stats[i].ours_only,
			       tl_stats[i].theirs_only);
	printf("analysis: %d passed, %d failed\n", pass, fail);
	return fail ? 1 : 0;
}
