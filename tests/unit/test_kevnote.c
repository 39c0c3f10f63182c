// SPDX-License-Identifier: GPL-2.0-only
/* --events --explain through the outputs: a copy Wireshark calls a retransmission that its
 * traced socket did not send again gets the duplicate note, in English and Japanese; one the
 * kernel did retransmit (its event after or before the segment) keeps the kernel's note, and
 * a copy from a side no event was seen for, or a run without --events, gets none. */
#include <arpa/inet.h>
#include <libgen.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tl_test.h"
#include "out/i18n.h"
#include "out/outputs.h"

#define MS 1000000LL /* ns */

static FILE *tmp;
static int saved_stdout = -1;

enum { CLIENT, SERVER };

struct rec {
	struct tl_record r;
	uint8_t addrs[8];
};

/* 198.18.0.1.40000 (the local client, tc egress) <> 198.18.0.2.7777; seq and ack absolute. */
static void make_seg(struct rec *s, int from, uint8_t flags, uint32_t seq, uint32_t ack,
		     uint32_t len, int64_t ts_ns)
{
	memset(s, 0, sizeof(*s));
	s->r.version = TL_RECORD_VERSION;
	s->r.family = 4;
	s->r.size = sizeof(*s);
	s->r.ifindex = 1;
	s->r.ts_ns = (uint64_t)ts_ns;
	s->r.sport = from == CLIENT ? 40000 : 7777;
	s->r.dport = from == CLIENT ? 7777 : 40000;
	s->r.seq = seq;
	s->r.ack = ack;
	s->r.doff_byte = 5 << 4;
	s->r.tcp_flags = flags;
	s->r.window = 65535;
	s->r.flags = from == CLIENT ? TL_RF_EGRESS : 0;
	s->r.l4_len = s->r.l4_caplen = 20 + len;
	inet_pton(AF_INET, from == CLIENT ? "198.18.0.1" : "198.18.0.2", s->addrs);
	inet_pton(AF_INET, from == CLIENT ? "198.18.0.2" : "198.18.0.1", s->addrs + 4);
}

static void conn_of(struct tl_ev_conn *c, int side)
{
	memset(c, 0, sizeof(*c));
	c->family = 4;
	c->lport = side == CLIENT ? 40000 : 7777;
	c->rport = side == CLIENT ? 7777 : 40000;
	inet_pton(AF_INET, side == CLIENT ? "198.18.0.1" : "198.18.0.2", c->laddr);
	inet_pton(AF_INET, side == CLIENT ? "198.18.0.2" : "198.18.0.1", c->raddr);
}

static uint64_t frame;

static void seg(struct tl_outputs *o, int from, uint8_t flags, uint32_t seq, uint32_t ack,
		uint32_t len, int64_t ts_ns)
{
	struct rec s;
	struct tl_capture_meta m = { .ts_ns = ts_ns, .frame = ++frame, .ifname = "veth0" };

	m.number = m.frame;
	m.ts.sec = ts_ns / 1000000000;
	m.ts.frac = (uint32_t)(ts_ns % 1000000000 / 1000);
	make_seg(&s, from, flags, seq, ack, len, ts_ns);
	tl_outputs_record(o, &s.r, &m);
}

static void event(struct tl_outputs *o, const struct tl_event_hdr *h, int64_t ts_ns)
{
	struct tl_capture_meta m = { .ts_ns = ts_ns, .ifname = "?" };

	m.ts.sec = ts_ns / 1000000000;
	m.ts.frac = (uint32_t)(ts_ns % 1000000000 / 1000);
	tl_outputs_event(o, h, &m);
}

static void state(struct tl_outputs *o, int side, int64_t ts_ns)
{
	struct tl_ev_state st = {
		.h = { .mark = TL_EVENT_MARK, .kind = TL_EV_STATE, .size = sizeof(st) },
		.oldstate = 2, /* SYN_SENT */
		.newstate = 1,
	};

	conn_of(&st.c, side);
	event(o, &st.h, ts_ns);
}

static void retrans(struct tl_outputs *o, uint32_t seq, uint32_t len, int64_t ts_ns)
{
	struct tl_ev_retrans rt = {
		.h = { .mark = TL_EVENT_MARK, .kind = TL_EV_RETRANS, .size = sizeof(rt) },
		.seq = seq,
		.end_seq = seq + len,
		.ca_state = 4, /* Loss: the timer */
		.tcp_flags = 0x18,
	};

	conn_of(&rt.c, CLIENT);
	event(o, &rt.h, ts_ns);
}

static struct tl_outputs *open_outputs(bool kevents)
{
	struct tl_outputs_cfg cfg = {
		.print = { .tsfmt = TL_TS_DEFAULT },
		.numeric = true,
		.explain = { .explain = true },
		.linebuf = true,
		.flows = 64,
		.drops = true,
		.kevents = kevents,
	};
	struct tl_outputs *o = NULL;

	frame = 0;
	if (fflush(stdout) || ftruncate(fileno(tmp), 0) || lseek(fileno(tmp), 0, SEEK_SET))
		perror("test_kevnote");
	if (tl_outputs_new(&cfg, &o))
		return NULL;
	return o;
}

/* Closes the outputs, then everything they wrote. */
static const char *close_outputs(struct tl_outputs *o)
{
	static char text[65536];
	uint64_t cnt[TL_CNT_MAX] = { 0 };
	ssize_t n;

	tl_outputs_finish(o, cnt, 0);
	tl_outputs_free(o);
	n = pread(fileno(tmp), text, sizeof(text) - 1, 0);
	text[n > 0 ? n : 0] = '\0';
	return text;
}

/* The handshake, with the client's socket traced (its state event) or not. */
static void handshake(struct tl_outputs *o, bool traced)
{
	seg(o, CLIENT, 0x02, 1000, 0, 0, 1 * MS);
	seg(o, SERVER, 0x12, 5000, 1001, 0, 1 * MS + 100000);
	if (traced)
		state(o, CLIENT, 1 * MS + 150000);
	seg(o, CLIENT, 0x10, 1001, 5001, 0, 1 * MS + 200000);
}

static const char *dup_words, *kern_words;

static void check_dup(void)
{
	struct tl_outputs *o = open_outputs(true);
	const char *t;

	if (!o) {
		TL_CHECK(0, "outputs open");
		return;
	}
	handshake(o, true);
	seg(o, CLIENT, 0x18, 1001, 5001, 10, 2 * MS);
	seg(o, CLIENT, 0x18, 1001, 5001, 10, 60 * MS); /* the copy, no event for it */
	seg(o, SERVER, 0x10, 5001, 1011, 0, 90 * MS);
	t = close_outputs(o);
	TL_CHECK(strstr(t, dup_words) != NULL, "the copy no event claimed gets the note:\n%s", t);
	TL_CHECK(!strstr(t, kern_words), "and not the kernel's:\n%s", t);
	/* Right under the copy's own line: before the peer's ACK at 90 ms. */
	TL_CHECK(strstr(t, dup_words) < strstr(t, "Flags [.], ack 11"),
		 "the note comes before the next line:\n%s", t);

	/* The last copy before the end gets its answer at the end. */
	o = open_outputs(true);
	if (!o)
		return;
	handshake(o, true);
	seg(o, CLIENT, 0x18, 1001, 5001, 10, 2 * MS);
	seg(o, CLIENT, 0x18, 1001, 5001, 10, 60 * MS);
	t = close_outputs(o);
	TL_CHECK(strstr(t, dup_words) != NULL, "a copy last of all gets it at the end:\n%s", t);
}

static void check_kernel(void)
{
	struct tl_outputs *o = open_outputs(true);
	const char *t;

	if (!o)
		return;
	/* tc egress: the segment, then the kernel's event for it, 20 us later. */
	handshake(o, true);
	seg(o, CLIENT, 0x18, 1001, 5001, 10, 2 * MS);
	seg(o, CLIENT, 0x18, 1001, 5001, 10, 60 * MS);
	retrans(o, 1001, 10, 60 * MS + 20000);
	seg(o, SERVER, 0x10, 5001, 1011, 0, 90 * MS);
	t = close_outputs(o);
	TL_CHECK(strstr(t, kern_words) != NULL, "the kernel's note after its event:\n%s", t);
	TL_CHECK(!strstr(t, dup_words), "and no duplicate note:\n%s", t);

	/* A hook further out: the event first. */
	o = open_outputs(true);
	if (!o)
		return;
	handshake(o, true);
	seg(o, CLIENT, 0x18, 1001, 5001, 10, 2 * MS);
	retrans(o, 1001, 10, 60 * MS - 20000);
	seg(o, CLIENT, 0x18, 1001, 5001, 10, 60 * MS);
	seg(o, SERVER, 0x10, 5001, 1011, 0, 90 * MS);
	t = close_outputs(o);
	TL_CHECK(strstr(t, kern_words) != NULL, "the kernel's note, event first:\n%s", t);
	TL_CHECK(!strstr(t, dup_words), "and no duplicate note, event first:\n%s", t);
}

static void check_untraced(void)
{
	struct tl_outputs *o = open_outputs(true);
	const char *t;

	if (!o)
		return;
	/* The client is traced; the server's copy comes from a socket no event was seen for. */
	handshake(o, true);
	seg(o, SERVER, 0x18, 5001, 1001, 10, 2 * MS);
	seg(o, SERVER, 0x18, 5001, 1001, 10, 60 * MS);
	seg(o, CLIENT, 0x10, 1001, 5011, 0, 90 * MS);
	t = close_outputs(o);
	TL_CHECK(strstr(t, "[TCP Retransmission]") != NULL, "Wireshark flags the copy:\n%s", t);
	TL_CHECK(!strstr(t, dup_words), "an untraced side's copy gets no note:\n%s", t);

	/* No event of the client either. */
	o = open_outputs(true);
	if (!o)
		return;
	handshake(o, false);
	seg(o, CLIENT, 0x18, 1001, 5001, 10, 2 * MS);
	seg(o, CLIENT, 0x18, 1001, 5001, 10, 60 * MS);
	t = close_outputs(o);
	TL_CHECK(!strstr(t, dup_words), "a socket with no event gets no note:\n%s", t);

	/* --drops without --events: the state event is not TCP's to show. */
	o = open_outputs(false);
	if (!o)
		return;
	handshake(o, true);
	seg(o, CLIENT, 0x18, 1001, 5001, 10, 2 * MS);
	seg(o, CLIENT, 0x18, 1001, 5001, 10, 60 * MS);
	t = close_outputs(o);
	TL_CHECK(!strstr(t, dup_words), "no note without --events:\n%s", t);
}

static int open_tmp(void)
{
	tmp = tmpfile();
	fflush(stdout);
	saved_stdout = dup(STDOUT_FILENO);
	/* The outputs write to standard output: send it to the file while they run. */
	if (!tmp || saved_stdout < 0 || dup2(fileno(tmp), STDOUT_FILENO) < 0) {
		perror("test_kevnote");
		return -1;
	}
	return 0;
}

static void restore_stdout(void)
{
	fflush(stdout);
	dup2(saved_stdout, STDOUT_FILENO);
}

static int japanese(void)
{
	char exe[PATH_MAX], dir[PATH_MAX + 16];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	int rc;

	if (n <= 0)
		return 0;
	exe[n] = '\0';
	/* build/tests/test_kevnote: the catalogs are in build/locale. */
	snprintf(dir, sizeof(dir), "%s/../locale", dirname(exe));
	setenv("TCPLENS_LOCALEDIR", dir, 1);
	if (tl_i18n_lang("ja")) {
		printf("kevnote: no Japanese catalog in %s (make builds it): Japanese not checked\n",
		       dir);
		return 0;
	}
	if (open_tmp())
		return 1;
	dup_words = "カーネルはこのセグメントを再送していない"
		    "（Wireshark は [TCP Retransmission] と呼ぶ）";
	kern_words = "カーネルは上の";
	check_dup();
	restore_stdout();
	rc = tl_test_done("kevnote, Japanese");
	fflush(stdout);
	return rc;
}

int main(void)
{
	int status = 0;
	pid_t pid;

	/* A translation may be kept per call site once looked up (out/i18n.h): Japanese runs in
	 * a process of its own, forked before any text was looked up. */
	fflush(stdout);
	pid = fork();
	if (pid == 0)
		_exit(japanese());
	tl_i18n_lang("en");
	if (open_tmp())
		return 1;
	dup_words = "    | the kernel did not retransmit this segment, though Wireshark calls it "
		    "[TCP Retransmission]: the socket did not send these bytes again, so this copy "
		    "was made after it sent them (by the network, or the capture saw them twice)\n";
	kern_words = "the kernel retransmitted";
	check_dup();
	check_kernel();
	check_untraced();
	restore_stdout();
	TL_CHECK(pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
			 !WEXITSTATUS(status),
		 "the Japanese half passed");
	return tl_test_done("kevnote");
}
