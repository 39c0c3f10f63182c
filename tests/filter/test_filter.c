// SPDX-License-Identifier: GPL-2.0-only
/* The translated filters, loaded standalone behind an XDP and a tc prologue and run with
 * BPF_PROG_TEST_RUN on every frame of the corpus: the kernel must agree with libpcap. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
/* libpcap and the kernel UAPI both name their types bpf_insn and bpf_program. */
#define bpf_insn    tl_pcap_insn
#define bpf_program tl_pcap_prog
#include <pcap/pcap.h>
#undef bpf_insn
#undef bpf_program
#include <bpf/bpf.h>
#include <linux/bpf.h>

#include "tcplens.h"
#include "capture/filter.h"
#include "log.h"
#include "tl_test.h"

#define META_CAP   TL_PARSE_BUF /* frame's cap_len, in the map value after the buffer */
#define META_WIRE  (TL_PARSE_BUF + 4)
#define META_BUF   (TL_PARSE_BUF + 8) /* bytes the prologue copies: the "head" */
#define VALUE_SIZE 1024

#define I(c, d, s, o, i) \
	((struct bpf_insn){ .code = (c), .dst_reg = (d), .src_reg = (s), .off = (o), .imm = (i) })

enum { V_ERR = 0, V_REJECT = 1, V_MATCH = 2 };

/*
 * Copies META_BUF frame bytes into the map value like the hooks copy the head into the
 * scratch map, then calls the filter the way the placeholder's caller does.
 */
static int load_prog(enum bpf_prog_type type, int map_fd, const struct tl_filter *f)
{
	int helper = type == BPF_PROG_TYPE_XDP ? BPF_FUNC_xdp_load_bytes : BPF_FUNC_skb_load_bytes;
	struct bpf_insn pro[] = {
		I(BPF_ALU64 | BPF_MOV | BPF_X, 6, 1, 0, 0),
		I(BPF_ST | BPF_MEM | BPF_W, 10, 0, -4, 0),
		I(BPF_LD | BPF_IMM | BPF_DW, 1, BPF_PSEUDO_MAP_FD, 0, map_fd),
		I(0, 0, 0, 0, 0),
		I(BPF_ALU64 | BPF_MOV | BPF_X, 2, 10, 0, 0),
		I(BPF_ALU64 | BPF_ADD | BPF_K, 2, 0, 0, -4),
		I(BPF_JMP | BPF_CALL, 0, 0, 0, BPF_FUNC_map_lookup_elem),
		I(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 21, 0), /* -> err */
		I(BPF_ALU64 | BPF_MOV | BPF_X, 7, 0, 0, 0),
		I(BPF_LDX | BPF_MEM | BPF_W, 8, 7, META_BUF, 0),
		I(BPF_JMP | BPF_JGT | BPF_K, 8, 0, 18, TL_PARSE_BUF), /* -> err */
		I(BPF_JMP | BPF_JEQ | BPF_K, 8, 0, 6, 0),	      /* -> call */
		I(BPF_ALU64 | BPF_MOV | BPF_X, 1, 6, 0, 0),
		I(BPF_ALU64 | BPF_MOV | BPF_K, 2, 0, 0, 0),
		I(BPF_ALU64 | BPF_MOV | BPF_X, 3, 7, 0, 0),
		I(BPF_ALU64 | BPF_MOV | BPF_X, 4, 8, 0, 0),
		I(BPF_JMP | BPF_CALL, 0, 0, 0, helper),
		I(BPF_JMP | BPF_JNE | BPF_K, 0, 0, 11, 0), /* -> err */
		/* call: */
		I(BPF_ALU64 | BPF_MOV | BPF_X, 1, 6, 0, 0),
		I(BPF_ALU64 | BPF_MOV | BPF_X, 2, 7, 0, 0),
		I(BPF_ALU64 | BPF_MOV | BPF_X, 3, 8, 0, 0),
		I(BPF_LDX | BPF_MEM | BPF_W, 4, 7, META_CAP, 0),
		I(BPF_LDX | BPF_MEM | BPF_W, 5, 7, META_WIRE, 0),
		I(BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_CALL, 0, 7), /* -> filter */
		I(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 2, 0),
		I(BPF_ALU64 | BPF_MOV | BPF_K, 0, 0, 0, V_MATCH),
		I(BPF_JMP | BPF_EXIT, 0, 0, 0, 0),
		I(BPF_ALU64 | BPF_MOV | BPF_K, 0, 0, 0, V_REJECT),
		I(BPF_JMP | BPF_EXIT, 0, 0, 0, 0),
		/* err: */
		I(BPF_ALU64 | BPF_MOV | BPF_K, 0, 0, 0, V_ERR),
		I(BPF_JMP | BPF_EXIT, 0, 0, 0, 0),
	};
	size_t npro = sizeof(pro) / sizeof(pro[0]), cnt;
	static char log[1 << 20];
	LIBBPF_OPTS(bpf_prog_load_opts, o, .log_buf = log, .log_size = sizeof(log), .log_level = 0);
	struct bpf_insn *body, *all;
	int fd, err;

	err = tl_filter_translate(f, type, &body, &cnt);
	if (err)
		return err;
	all = malloc((npro + cnt) * sizeof(*all));
	if (!all) {
		free(body);
		return -ENOMEM;
	}
	memcpy(all, pro, sizeof(pro));
	memcpy(all + npro, body, cnt * sizeof(*all));
	if (type == BPF_PROG_TYPE_XDP)
		o.prog_flags = BPF_F_XDP_HAS_FRAGS; /* frames longer than a page */
	fd = bpf_prog_load(type, "tl_filter_test", "GPL", all, npro + cnt, &o);
	if (fd < 0) {
		err = -errno;
		o.log_level = 1;
		bpf_prog_load(type, "tl_filter_test", "GPL", all, npro + cnt, &o);
		fprintf(stderr, "verifier log (tail):\n%s\n",
			strlen(log) > 3000 ? log + strlen(log) - 3000 : log);
		fd = err;
	}
	free(all);
	free(body);
	return fd;
}

/* One frame through the loaded filter; head: bytes the prologue copies before the call. */
static int run_frame(int prog_fd, int map_fd, const unsigned char *pkt, __u32 cap, __u32 wire,
		     __u32 head)
{
	static unsigned char value[VALUE_SIZE], data[70000];
	__u32 key = 0, in = cap < 64 ? 64 : cap;
	LIBBPF_OPTS(bpf_test_run_opts, t);

	if (cap > sizeof(data))
		return -E2BIG;
	memset(value, 0, sizeof(value));
	memcpy(value + META_CAP, &cap, 4);
	memcpy(value + META_WIRE, &wire, 4);
	memcpy(value + META_BUF, &head, 4);
	if (bpf_map_update_elem(map_fd, &key, value, BPF_ANY))
		return -errno;
	/* The test run wants a minimum size: pad; cap_len says what is real. */
	memset(data, 0, in);
	memcpy(data, pkt, cap);
	t.data_in = data;
	t.data_size_in = in;
	if (bpf_prog_test_run_opts(prog_fd, &t))
		return -errno;
	return (int)t.retval;
}

struct frame {
	unsigned char *data;
	__u32 cap, wire;
};

static int read_capture(const char *path, int *dlt, struct frame **out, size_t *n)
{
	char errbuf[PCAP_ERRBUF_SIZE];
	pcap_t *p = pcap_open_offline(path, errbuf);
	struct pcap_pkthdr *h;
	const unsigned char *d;
	struct frame *fr = NULL;
	size_t cnt = 0;

	if (!p) {
		fprintf(stderr, "%s: %s\n", path, errbuf);
		return -ENOENT;
	}
	*dlt = pcap_datalink(p);
	while (pcap_next_ex(p, &h, &d) == 1) {
		struct frame *nf = realloc(fr, (cnt + 1) * sizeof(*fr));

		if (!nf)
			break;
		fr = nf;
		fr[cnt].data = malloc(h->caplen ? h->caplen : 1);
		memcpy(fr[cnt].data, d, h->caplen);
		fr[cnt].cap = h->caplen;
		fr[cnt].wire = h->len;
		cnt++;
	}
	pcap_close(p);
	*out = fr;
	*n = cnt;
	return 0;
}

static int frames_checked, frames_skipped, filters_run;

static bool compiles(const char *expr, int dlt)
{
	pcap_t *dead = pcap_open_dead(dlt, 262144);
	struct tl_pcap_prog prog;
	bool ok;

	if (!dead)
		return false;
	ok = pcap_compile(dead, &prog, expr, 1, PCAP_NETMASK_UNKNOWN) == 0;
	if (ok)
		pcap_freecode(&prog);
	pcap_close(dead);
	return ok;
}

/* Every frame of one capture through one expression, XDP and tc, full and short heads. */
static void check_capture(const char *path, const char *expr, int map_fd)
{
	struct tl_filter *f = NULL;
	struct frame *fr;
	size_t n;
	int dlt, fds[2], bad = 0;

	if (read_capture(path, &dlt, &fr, &n))
		return;
	/* Some expressions mean nothing on some link types (ether on raw IP): libpcap says so,
	 * tcpdump refuses them too, and the shell test checks that both agree. */
	if (!compiles(expr, dlt))
		goto out;
	TL_CHECK(tl_filter_new(expr, dlt, &f) == 0, "%s: '%s' compiles in libpcap, not here", path,
		 expr);
	if (!f)
		goto out;
	fds[0] = load_prog(BPF_PROG_TYPE_XDP, map_fd, f);
	fds[1] = load_prog(BPF_PROG_TYPE_SCHED_CLS, map_fd, f);
	TL_CHECK(fds[0] >= 0 && fds[1] >= 0, "%s: '%s': translated filter refused by the verifier",
		 path, expr);
	if (fds[0] < 0 || fds[1] < 0)
		goto close;
	filters_run++;
	for (size_t i = 0; i < n && bad < 3; i++) {
		bool want = tl_filter_match(f, fr[i].data, fr[i].cap, fr[i].wire);
		__u32 full = fr[i].cap < TL_PARSE_BUF ? fr[i].cap : TL_PARSE_BUF;
		/* 64: a head shorter than the headers exercises the load helper path. */
		__u32 heads[2] = { full, full < 64 ? full : 64 };

		for (int k = 0; k < 2; k++) {
			for (int h = 0; h < 2; h++) {
				int got;

				/* skb test runs are linear: at most about a page; XDP ones take
				 * 17 pages (BIG TCP frames of 80 KB cannot be run). */
				if ((k == 1 && fr[i].cap > 3000) || fr[i].cap > 65536) {
					frames_skipped++;
					continue;
				}
				got = run_frame(fds[k], map_fd, fr[i].data, fr[i].cap, fr[i].wire,
						heads[h]);
				frames_checked++;
				if (got == (want ? V_MATCH : V_REJECT)) {
					tl_test_pass++;
					continue;
				}
				bad++;
				TL_CHECK(0,
					 "%s frame %zu, '%s' (%s, head %u): libpcap %s, kernel %d",
					 path, i + 1, expr, k ? "tc" : "xdp", heads[h],
					 want ? "match" : "no match", got);
				tl_hexdump(fr[i].data, fr[i].cap < 128 ? fr[i].cap : 128);
			}
		}
	}
close:
	for (int k = 0; k < 2; k++)
		if (fds[k] >= 0)
			close(fds[k]);
	tl_filter_free(f);
out:
	for (size_t i = 0; i < n; i++)
		free(fr[i].data);
	free(fr);
}

static void check_refused(const char *expr, int dlt, int want_err, const char *why)
{
	struct tl_filter *f = NULL;
	int err = tl_filter_new(expr, dlt, &f);

	TL_CHECK(err == want_err && !f, "'%s' (%s): want error %d, got %d", expr, why, want_err,
		 err);
	tl_filter_free(f);
}

static void check_negative(void)
{
	fprintf(stderr, "--- expected error messages follow ---\n");
	check_refused("port 80 and", 1, -EINVAL, "syntax error");
	check_refused("host nosuchhost.invalid", 1, -EINVAL, "unknown host");
	check_refused("tcp and udp", 1, -EINVAL, "matches nothing");
	check_refused("ip6 protochain 6", 1, -EOPNOTSUPP, "backward jump");
	check_refused("ether host 02:00:00:00:00:01", 12, -EINVAL, "no link header on raw IP");
	fprintf(stderr, "--- end of expected error messages ---\n");
}

static void check_names(void)
{
	char *argv[] = { "host", "localhost", "and", "port", "ssh" };
	char *s = tl_filter_join(5, argv);
	struct tl_filter *a = NULL, *b = NULL;
	/* 127.0.0.1 port 22 over Ethernet: names must have resolved to the same program. */
	static const unsigned char pkt[54] = {
		0, 0,  0,    0, 0,  1, 0, 0, 0,	  0, 0,	   2,	 0x08, 0x00, 0x45, 0, 0,    40,
		0, 0,  0x40, 0, 64, 6, 0, 0, 127, 0, 0,	   1,	 127,  0,    0,	   1, 0x30, 0x39,
		0, 22, 0,    0, 0,  1, 0, 0, 0,	  0, 0x50, 0x02, 0x20, 0,    0,	   0, 0,    0,
	};

	TL_CHECK(s && !strcmp(s, "host localhost and port ssh"), "joined expression: %s", s);
	TL_CHECK(tl_filter_new(s, 1, &a) == 0, "host names resolve: %s", s);
	TL_CHECK(tl_filter_new("host 127.0.0.1 and port 22", 1, &b) == 0, "numeric twin");
	if (a && b)
		TL_CHECK(tl_filter_match(a, pkt, sizeof(pkt), sizeof(pkt)) &&
				 tl_filter_match(b, pkt, sizeof(pkt), sizeof(pkt)),
			 "localhost:ssh matches 127.0.0.1:22");
	tl_filter_free(a);
	tl_filter_free(b);
	free(s);
}

int main(int argc, char **argv)
{
	static char line[1 << 20];
	FILE *ef;
	int map_fd;

	if (argc < 3) {
		fprintf(stderr, "usage: %s EXPRESSIONS_FILE CAPTURE...\n", argv[0]);
		return 2;
	}
	check_negative();
	check_names();
	if (geteuid() != 0 && !getenv("CI")) {
		printf("filter: skipping the kernel runs: need root for BPF\n");
		return tl_test_done("filter");
	}
	map_fd = bpf_map_create(BPF_MAP_TYPE_ARRAY, "tl_filter_buf", 4, VALUE_SIZE, 1, NULL);
	TL_CHECK(map_fd >= 0, "map create: %s", strerror(errno));
	if (map_fd < 0)
		return tl_test_done("filter");
	ef = fopen(argv[1], "r");
	TL_CHECK(ef != NULL, "%s: %s", argv[1], strerror(errno));
	while (ef && fgets(line, sizeof(line), ef)) {
		line[strcspn(line, "\n")] = '\0';
		if (!line[0] || line[0] == '#')
			continue;
		for (int i = 2; i < argc; i++)
			check_capture(argv[i], line, map_fd);
	}
	if (ef)
		fclose(ef);
	close(map_fd);
	printf("filter: %d filters loaded, %d frame runs compared with pcap_offline_filter, "
	       "%d too long for a test run\n",
	       filters_run, frames_checked, frames_skipped);
	return tl_test_done("filter");
}
