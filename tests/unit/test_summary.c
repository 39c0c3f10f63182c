// SPDX-License-Identifier: GPL-2.0-only
/* The summary block of one connection with the kernel's account of its sockets (--events):
 * exact lines, in English and Japanese, for a closed socket with retransmissions, a socket
 * still open, and a side not traced. */
#include <arpa/inet.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tl_test.h"
#include "out/i18n.h"
#include "out/summary.h"

static FILE *tmp;
static struct tl_out *out;

/* Everything written since the last call. */
static const char *take(void)
{
	static char text[4096];
	size_t n;

	tl_out_flush(out);
	rewind(tmp);
	n = fread(text, 1, sizeof(text) - 1, tmp);
	text[n] = '\0';
	if (ftruncate(fileno(tmp), 0))
		perror("ftruncate");
	rewind(tmp);
	return text;
}

/* 198.18.0.1.40000 (client, flow side H) > 198.18.0.2.8080 (server, side L), closed by FIN. */
static struct tl_conn_kern kern; /* --events' account, zeroed by make_conn */

static void make_conn(struct tl_flow_key *f, struct tl_conn *c, struct tl_conn_rare *x)
{
	memset(&kern, 0, sizeof(kern));
	memset(f, 0, sizeof(*f));
	memset(c, 0, sizeof(*c));
	memset(x, 0, sizeof(*x));
	f->family = 4;
	inet_pton(AF_INET, "198.18.0.2", f->addr[0]);
	inet_pton(AF_INET, "198.18.0.1", f->addr[1]);
	f->port[0] = 8080;
	f->port[1] = 40000;
	c->started = c->client_known = 1;
	c->client = 1;
	c->t_first = 1000000000;
	c->last_side = 0;
	c->ana.dir[0].lastack_ts = 1500000000;
	c->side[1].segs = 4;
	c->side[0].segs = 6;
	c->side[0].bytes_lo = 8000;
	x->retrans[0] = 1;
	c->sb[0].fin = c->sb[1].fin = 1;
	c->sb[0].fin_acked = c->sb[1].fin_acked = 1;
	c->first_closer = 1;
}

static const char *const head =
	"== connection 0: 198.18.0.1.40000 (client) > 198.18.0.2.8080 (server)\n"
	"  duration 0.500000 s, segments 10\n"
	"  client > server: segments 4, payload bytes 0, max window 0 bytes\n"
	"  server > client: segments 6, payload bytes 8000, max window 0 bytes\n"
	"  handshake RTT unknown (SYN and SYN-ACK not both seen)\n"
	"  retransmissions 1, duplicate ACKs 0, zero windows 0 (client/server: 0/1, 0/0, 0/0)\n";

static void test_english(void)
{
	struct tl_flow_key f;
	struct tl_conn c;
	struct tl_conn_rare x;
	char want[2048];

	make_conn(&f, &c, &x);
	c.ana.dir[0].win_scale = c.ana.dir[1].win_scale = 0;
	TL_CHECK(!tl_summary_print(out, NULL, &f, &c, &x, &kern, false), "prints");
	snprintf(want, sizeof(want), "%s%s", head,
		 "  end: closed with FIN by both sides, the client first\n");
	TL_CHECK_STR(take(), want, "no socket traced: the wire's block alone");

	/* The server's socket traced to its close: 2 fast retransmits and a loss probe that
	 * carried 4344 bytes, 5 segments by the kernel's count (TSO). */
	kern.side[0] =
		(struct tl_kacct){ .retrans = { [TL_KEV_WHY_FAST] = 2, [TL_KEV_WHY_PROBE] = 1 },
				   .retrans_bytes = 4344,
				   .srtt_us = 1234,
				   .total_retrans = 5,
				   .bytes_acked = 8001,
				   .bytes_received = 1,
				   .seen = 1,
				   .closed = 1 };
	/* The client's socket traced, still open, one retransmission the device refused. */
	kern.side[1] = (struct tl_kacct){ .not_sent = 1, .seen = 1 };
	TL_CHECK(!tl_summary_print(out, NULL, &f, &c, &x, &kern, false), "prints");
	snprintf(want, sizeof(want), "%s%s", head,
		 "  kernel, client's socket: not closed while traced (the kernel reports its RTT "
		 "and totals at the close)\n"
		 "  kernel, client's retransmissions: 0; Wireshark's analysis: 0\n"
		 "  kernel, client's retransmissions tried but not sent: 1\n"
		 "  kernel, server's socket at its close: srtt 1.234 ms, retransmitted segments 5, "
		 "bytes sent and acked 8001, bytes received 1\n"
		 "  kernel, server's retransmissions: 3 (fast retransmit 2, loss probe 1), 4344 "
		 "bytes; Wireshark's analysis: 1\n"
		 "  end: closed with FIN by both sides, the client first\n");
	TL_CHECK_STR(take(), want, "both sockets, client first");
}

static void test_japanese(void)
{
	struct tl_flow_key f;
	struct tl_conn c;
	struct tl_conn_rare x;
	char exe[PATH_MAX], dir[PATH_MAX + 16];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	const char *text;

	if (n <= 0)
		return;
	exe[n] = '\0';
	/* build/tests/test_summary: the catalogs are in build/locale. */
	snprintf(dir, sizeof(dir), "%s/../locale", dirname(exe));
	setenv("TCPLENS_LOCALEDIR", dir, 1);
	if (tl_i18n_lang("ja")) {
		printf("summary: no Japanese catalog in %s (make builds it): Japanese not checked\n",
		       dir);
		return;
	}
	make_conn(&f, &c, &x);
	kern.side[0] =
		(struct tl_kacct){ .retrans = { [TL_KEV_WHY_RTO] = 1, [TL_KEV_WHY_FAST] = 2 },
				   .retrans_bytes = 100,
				   .srtt_us = 50,
				   .total_retrans = 3,
				   .seen = 1,
				   .closed = 1 };
	TL_CHECK(!tl_summary_print(out, NULL, &f, &c, &x, &kern, false), "prints");
	text = take();
	TL_CHECK(strstr(text,
			"  カーネル、サーバーのソケットのクローズ時: srtt 0.050 ms、再送セグメント"
			"数 3、送信して確認応答されたバイト数 0、受信バイト数 0\n") != NULL,
		 "Japanese close line in:\n%s", text);
	TL_CHECK(
		strstr(text,
		       "  カーネル、サーバーの再送: 3（タイマー（RTO） 1、高速再送 2）、100 バイト; "
		       "Wireshark の解析: 1\n") != NULL,
		"Japanese retransmission line in:\n%s", text);
	tl_i18n_lang("en");
}

static int open_out(void)
{
	tmp = tmpfile();
	out = tmp ? tl_out_new(fileno(tmp), false) : NULL;
	if (!out) {
		perror("test_summary");
		return -1;
	}
	return 0;
}

int main(void)
{
	int status = 0;
	pid_t pid;

	/* A translation may be kept per call site once looked up (out/i18n.h): Japanese runs in
	 * a process of its own, forked before any text was looked up. */
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		if (open_out())
			_exit(1);
		int rc;

		test_japanese();
		rc = tl_test_done("summary, Japanese");
		fflush(stdout);
		_exit(rc);
	}
	if (open_out())
		return 1;
	tl_i18n_lang("en");
	test_english();
	TL_CHECK(pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
			 !WEXITSTATUS(status),
		 "the Japanese half passed");
	tl_out_free(out);
	fclose(tmp);
	return tl_test_done("summary");
}
