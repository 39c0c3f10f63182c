// SPDX-License-Identifier: GPL-2.0-only
/* Traffic generator for the benchmark: synthetic TCP segments sent into an interface or
 * written to a pcap file, or a real bulk TCP transfer between namespaces. */
#define _GNU_SOURCE /* sendmmsg() */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <net/if.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include "frames.h"

#define TL_GEN_BATCH_MAX     256
#define TL_GEN_TCP_CONNS_MAX 256
/* 2024-01-01 00:00:00 UTC: a fixed start makes pcap files byte-for-byte reproducible. */
#define TL_GEN_PCAP_EPOCH 1704067200ull

enum tl_gen_mode { TL_MODE_NONE, TL_MODE_IFACE, TL_MODE_PCAP, TL_MODE_SERVER, TL_MODE_CLIENT };

struct tl_gen_opts {
	enum tl_gen_mode mode;
	const char *target; /* interface, file or server address */
	unsigned port;
	double rate;	 /* segments per second, 0: flat out */
	double duration; /* seconds, 0: until the count or a signal */
	unsigned long long count;
	unsigned batch;
	struct tl_gen_cfg cfg;
};

struct tl_gen_stats {
	unsigned long long sent, dropped, bytes;
	double seconds;
};

static volatile sig_atomic_t tl_stop;

static void on_signal(int sig)
{
	(void)sig;
	tl_stop = 1;
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: gen -i IFACE [options]     send segments out of IFACE (AF_PACKET)\n"
		"       gen -w FILE [options]      write the same segments to a pcap file\n"
		"       gen --tcp-server PORT [-d S]          real TCP: accept and discard\n"
		"       gen --tcp-client ADDR -p PORT [-f N] [-d S]   real TCP: bulk send\n"
		"\n"
		"Synthetic traffic: -f flows take turns; each segment carries -s bytes of payload\n"
		"(flags [P.], seq advancing by the payload) or none (a pure ACK, ack advancing by\n"
		"%d). Checksums are valid; the destination MAC belongs to nobody, so the receiver\n"
		"drops the frames right after its capture hooks.\n"
		"\n"
		"  -r PPS        segments per second (default 0: flat out); with -w, the spacing\n"
		"                of the time stamps (default 1000000)\n"
		"  -d SECONDS    stop after this long (with -i; default 3)\n"
		"  -n COUNT      stop after COUNT segments (default: 1000000 with -w)\n"
		"  -s BYTES      TCP payload per segment, 0..%d (default 0)\n"
		"  -f FLOWS      number of flows (default 16; with --tcp-client, connections)\n"
		"  -p PORT       synthetic: every flow's destination port (default 5201 and up,\n"
		"                clear of tcpdump's decoders; 80 measures the HTTP decoder)\n"
		"  -4, -6, -m    IPv4 only (default), IPv6 only, or flows alternating between both\n"
		"  -o            TCP timestamp option (nop,nop,TS) on every segment\n"
		"  -b BATCH      frames per sendmmsg() call, 1..%d (default 64)\n"
		"  --seed N      initial sequence numbers (default 1)\n"
		"  --src4 A --dst4 A --src6 A --dst6 A --smac M --dmac M   addresses\n"
		"                (defaults 198.18.0.1 > 198.18.0.2, fd00:198::1 > fd00:198::2)\n"
		"  -h            this text\n"
		"\n"
		"At the end one line on stdout: sent=N dropped=N bytes=N seconds=S pps=R\n"
		"(dropped: frames the interface refused, e.g. its peer's queue was full).\n",
		TL_GEN_MSS, TL_GEN_PAYLOAD_MAX, TL_GEN_BATCH_MAX);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void sleep_until(double t)
{
	struct timespec ts;
	double d = t - now_s();

	if (d <= 0)
		return;
	/* The scheduler wakes us late by tens of µs: sleep only the long waits, spin the rest. */
	if (d > 200e-6) {
		d -= 100e-6;
		ts.tv_sec = (time_t)d;
		ts.tv_nsec = (long)((d - ts.tv_sec) * 1e9);
		nanosleep(&ts, NULL);
	}
	while (now_s() < t && !tl_stop)
		;
}

static int parse_num(const char *s, double max, double *out, const char *what)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || *end || v < 0 || v > max) {
		fprintf(stderr, "gen: %s: bad %s (0..%.0f)\n", s, what, max);
		return -EINVAL;
	}
	*out = v;
	return 0;
}

static int parse_mac(const char *s, uint8_t mac[6])
{
	unsigned m[6];
	int i;

	if (sscanf(s, "%x:%x:%x:%x:%x:%x", &m[0], &m[1], &m[2], &m[3], &m[4], &m[5]) != 6) {
		fprintf(stderr, "gen: %s: bad MAC address (xx:xx:xx:xx:xx:xx)\n", s);
		return -EINVAL;
	}
	for (i = 0; i < 6; i++)
		mac[i] = (uint8_t)m[i];
	return 0;
}

static int parse_addr(int af, const char *s, void *dst)
{
	if (inet_pton(af, s, dst) != 1) {
		fprintf(stderr, "gen: %s: bad IPv%d address\n", s, af == AF_INET ? 4 : 6);
		return -EINVAL;
	}
	return 0;
}

enum {
	OPT_SEED = 256,
	OPT_SRC4,
	OPT_DST4,
	OPT_SRC6,
	OPT_DST6,
	OPT_SMAC,
	OPT_DMAC,
	OPT_SERVER,
	OPT_CLIENT
};

static int parse_args(int argc, char **argv, struct tl_gen_opts *o)
{
	static const struct option lo[] = { { "seed", required_argument, NULL, OPT_SEED },
					    { "src4", required_argument, NULL, OPT_SRC4 },
					    { "dst4", required_argument, NULL, OPT_DST4 },
					    { "src6", required_argument, NULL, OPT_SRC6 },
					    { "dst6", required_argument, NULL, OPT_DST6 },
					    { "smac", required_argument, NULL, OPT_SMAC },
					    { "dmac", required_argument, NULL, OPT_DMAC },
					    { "tcp-server", required_argument, NULL, OPT_SERVER },
					    { "tcp-client", required_argument, NULL, OPT_CLIENT },
					    { "help", no_argument, NULL, 'h' },
					    {} };
	bool rate_set = false, dur_set = false;
	double v;
	int c;

	memset(o, 0, sizeof(*o));
	tl_gen_defaults(&o->cfg);
	o->batch = 64;
	while ((c = getopt_long(argc, argv, "i:w:r:d:n:s:f:p:b:46moh", lo, NULL)) != -1) {
		switch (c) {
		case 'i':
		case 'w':
		case OPT_CLIENT:
			o->mode = c == 'i'   ? TL_MODE_IFACE
				  : c == 'w' ? TL_MODE_PCAP
					     : TL_MODE_CLIENT;
			o->target = optarg;
			break;
		case OPT_SERVER:
		case 'p':
			if (parse_num(optarg, 65535, &v, "port"))
				return -EINVAL;
			o->port = (unsigned)v;
			o->cfg.dport = (uint16_t)v;
			if (c == OPT_SERVER)
				o->mode = TL_MODE_SERVER;
			break;
		case 'r':
			if (parse_num(optarg, 1e9, &o->rate, "rate"))
				return -EINVAL;
			rate_set = true;
			break;
		case 'd':
			if (parse_num(optarg, 1e6, &o->duration, "duration"))
				return -EINVAL;
			dur_set = true;
			break;
		case 'n':
			if (parse_num(optarg, 1e15, &v, "count"))
				return -EINVAL;
			o->count = (unsigned long long)v;
			break;
		case 's':
			if (parse_num(optarg, TL_GEN_PAYLOAD_MAX, &v, "payload size"))
				return -EINVAL;
			o->cfg.payload = (unsigned)v;
			break;
		case 'f':
			if (parse_num(optarg, 1 << 24, &v, "flow count") || v < 1) {
				fprintf(stderr, "gen: need at least one flow\n");
				return -EINVAL;
			}
			o->cfg.flows = (unsigned)v;
			break;
		case 'b':
			if (parse_num(optarg, TL_GEN_BATCH_MAX, &v, "batch") || v < 1)
				return -EINVAL;
			o->batch = (unsigned)v;
			break;
		case '4':
		case '6':
			o->cfg.family = c - '0';
			break;
		case 'm':
			o->cfg.family = 0;
			break;
		case 'o':
			o->cfg.options = true;
			break;
		case OPT_SEED:
			if (parse_num(optarg, UINT32_MAX, &v, "seed"))
				return -EINVAL;
			o->cfg.seed = (uint32_t)v;
			break;
		case OPT_SRC4:
		case OPT_DST4:
			if (parse_addr(AF_INET, optarg,
				       c == OPT_SRC4 ? &o->cfg.src4 : &o->cfg.dst4))
				return -EINVAL;
			break;
		case OPT_SRC6:
		case OPT_DST6:
			if (parse_addr(AF_INET6, optarg,
				       c == OPT_SRC6 ? &o->cfg.src6 : &o->cfg.dst6))
				return -EINVAL;
			break;
		case OPT_SMAC:
		case OPT_DMAC:
			if (parse_mac(optarg, c == OPT_SMAC ? o->cfg.smac : o->cfg.dmac))
				return -EINVAL;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			fprintf(stderr, "gen: see gen -h\n");
			return -EINVAL;
		}
	}
	if (optind != argc || o->mode == TL_MODE_NONE) {
		fprintf(stderr, "gen: say where the traffic goes: -i IFACE, -w FILE, --tcp-server "
				"or --tcp-client (see gen -h)\n");
		return -EINVAL;
	}
	if (o->mode == TL_MODE_CLIENT && !o->port) {
		fprintf(stderr, "gen: --tcp-client needs -p PORT\n");
		return -EINVAL;
	}
	if (o->mode == TL_MODE_PCAP) {
		if (!rate_set || o->rate == 0)
			o->rate = 1e6;
		if (!o->count)
			o->count = 1000000;
	} else if (!dur_set && !o->count && o->mode != TL_MODE_SERVER) {
		o->duration = 3;
	}
	return 0;
}

static void put_le32(FILE *f, uint32_t v)
{
	fwrite(&v, 4, 1, f); /* pcap files are written in the writer's byte order */
}

static int run_pcap(const struct tl_gen_opts *o, struct tl_gen *g, struct tl_gen_stats *st)
{
	static uint8_t frame[TL_GEN_FRAME_MAX];
	uint32_t hdr[4];
	unsigned long long i;
	double t0 = now_s();
	FILE *f;
	int err = 0;

	f = fopen(o->target, "wb");
	if (!f) {
		err = -errno;
		fprintf(stderr, "gen: %s: %s\n", o->target, strerror(-err));
		return err;
	}
	setvbuf(f, NULL, _IOFBF, 1 << 20);
	put_le32(f, 0xa1b2c3d4);  /* microsecond time stamps */
	put_le32(f, 2 | 4 << 16); /* version 2.4 */
	put_le32(f, 0);
	put_le32(f, 0);
	put_le32(f, 262144);
	put_le32(f, 1); /* LINKTYPE_ETHERNET */
	for (i = 0; i < o->count && !tl_stop; i++) {
		unsigned long long us = (unsigned long long)(i * 1e6 / o->rate);
		size_t len = tl_gen_next(g, frame);

		hdr[0] = (uint32_t)(TL_GEN_PCAP_EPOCH + us / 1000000);
		hdr[1] = (uint32_t)(us % 1000000);
		hdr[2] = (uint32_t)len;
		hdr[3] = (uint32_t)len;
		fwrite(hdr, sizeof(hdr), 1, f);
		fwrite(frame, len, 1, f);
		st->sent++;
		st->bytes += len;
	}
	if (ferror(f) | fclose(f)) {
		err = -EIO;
		fprintf(stderr, "gen: %s: write failed (disk full?)\n", o->target);
	}
	st->seconds = now_s() - t0;
	return err;
}

static int open_packet(const char *ifname)
{
	struct sockaddr_ll sll = { .sll_family = AF_PACKET };
	int fd, one = 1, sndbuf = 4 << 20, err;

	sll.sll_ifindex = (int)if_nametoindex(ifname);
	if (!sll.sll_ifindex) {
		fprintf(stderr, "gen: %s: no such interface (see ip link)\n", ifname);
		return -ENODEV;
	}
	/* Protocol 0: a send-only socket, so the frames we receive back cost nothing. */
	fd = socket(AF_PACKET, SOCK_RAW, 0);
	if (fd < 0) {
		err = -errno;
		fprintf(stderr, "gen: AF_PACKET socket: %s (needs CAP_NET_RAW)\n", strerror(-err));
		return err;
	}
	/* Straight to the driver: no qdisc, and no copy to AF_PACKET taps on the sending side. */
	if (setsockopt(fd, SOL_PACKET, PACKET_QDISC_BYPASS, &one, sizeof(one)) ||
	    setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof(sndbuf)) ||
	    bind(fd, (struct sockaddr *)&sll, sizeof(sll))) {
		err = -errno;
		fprintf(stderr, "gen: %s: setting up the packet socket: %s\n", ifname,
			strerror(-err));
		close(fd);
		return err;
	}
	return fd;
}

static int run_iface(const struct tl_gen_opts *o, struct tl_gen *g, struct tl_gen_stats *st)
{
	static uint8_t frames[TL_GEN_BATCH_MAX][TL_GEN_FRAME_MAX];
	struct mmsghdr msg[TL_GEN_BATCH_MAX];
	struct iovec iov[TL_GEN_BATCH_MAX];
	unsigned long long attempted = 0;
	double t0, end, now;
	unsigned i, n, k;
	int fd, r, err = 0;

	fd = open_packet(o->target);
	if (fd < 0)
		return fd;
	memset(msg, 0, sizeof(msg));
	for (i = 0; i < o->batch; i++) {
		iov[i].iov_base = frames[i];
		msg[i].msg_hdr.msg_iov = &iov[i];
		msg[i].msg_hdr.msg_iovlen = 1;
	}
	t0 = now_s();
	end = o->duration > 0 ? t0 + o->duration : 1e300;
	while (!tl_stop) {
		now = now_s();
		if (now >= end || (o->count && attempted >= o->count))
			break;
		n = o->batch;
		if (o->count && o->count - attempted < n)
			n = (unsigned)(o->count - attempted);
		if (o->rate > 0)
			sleep_until(t0 + attempted / o->rate);
		for (i = 0; i < n; i++) {
			iov[i].iov_len = tl_gen_next(g, frames[i]);
			st->bytes += iov[i].iov_len;
		}
		attempted += n;
		/* sendmmsg() stops at the first frame that fails: count it and go on after it. */
		for (k = 0; k < n;) {
			r = sendmmsg(fd, msg + k, n - k, 0);
			if (r < 0 && errno == EINTR) {
				if (tl_stop)
					break;
				continue;
			}
			if (r < 0 && errno != ENOBUFS && errno != EAGAIN) {
				err = -errno;
				fprintf(stderr, "gen: %s: sendmmsg: %s\n", o->target,
					strerror(-err));
				goto out;
			}
			if (r < 0)
				r = 0;
			st->sent += r;
			k += r;
			if (k < n) {
				st->dropped++;
				st->bytes -= iov[k].iov_len;
				k++;
			}
		}
	}
out:
	st->seconds = now_s() - t0;
	close(fd);
	return err;
}

static int set_nonblock(int fd)
{
	int fl = fcntl(fd, F_GETFL);

	return fl < 0 ? -errno : fcntl(fd, F_SETFL, fl | O_NONBLOCK) ? -errno : 0;
}

/* Real TCP: whatever the stack makes of it (GSO, ACKs, window): the segment count is the
 * receiving interface's, not ours. */
static int run_server(const struct tl_gen_opts *o, struct tl_gen_stats *st)
{
	static char buf[1 << 18];
	struct pollfd pfd[TL_GEN_TCP_CONNS_MAX + 1];
	struct sockaddr_in6 sa = { .sin6_family = AF_INET6, .sin6_addr = IN6ADDR_ANY_INIT };
	int lfd, one = 1, zero = 0, n = 1, i, err = 0;
	double t0 = now_s();
	ssize_t r;

	sa.sin6_port = htons(o->port);
	lfd = socket(AF_INET6, SOCK_STREAM, 0);
	if (lfd < 0 || setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    setsockopt(lfd, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof(zero)) ||
	    bind(lfd, (struct sockaddr *)&sa, sizeof(sa)) || listen(lfd, 64) || set_nonblock(lfd)) {
		err = -errno;
		fprintf(stderr, "gen: listening on port %u: %s\n", o->port, strerror(-err));
		if (lfd >= 0)
			close(lfd);
		return err;
	}
	fprintf(stderr, "gen: listening on port %u\n", o->port);
	pfd[0].fd = lfd;
	pfd[0].events = POLLIN;
	while (!tl_stop && (o->duration <= 0 || now_s() - t0 < o->duration)) {
		if (poll(pfd, n, 100) < 0 && errno != EINTR) {
			err = -errno;
			break;
		}
		if ((pfd[0].revents & POLLIN) && n <= TL_GEN_TCP_CONNS_MAX) {
			int c = accept(lfd, NULL, NULL);

			if (c >= 0 && !set_nonblock(c)) {
				pfd[n].fd = c;
				pfd[n].events = POLLIN;
				pfd[n].revents = 0;
				n++;
			} else if (c >= 0) {
				close(c);
			}
		}
		for (i = 1; i < n; i++) {
			if (!pfd[i].revents)
				continue;
			while ((r = read(pfd[i].fd, buf, sizeof(buf))) > 0)
				st->bytes += r;
			if (r == 0 || (r < 0 && errno != EAGAIN)) {
				close(pfd[i].fd);
				pfd[i--] = pfd[--n];
			}
		}
	}
	for (i = 1; i < n; i++)
		close(pfd[i].fd);
	close(lfd);
	st->seconds = now_s() - t0;
	return err;
}

static int run_client(const struct tl_gen_opts *o, struct tl_gen_stats *st)
{
	static char buf[1 << 16];
	struct pollfd pfd[TL_GEN_TCP_CONNS_MAX];
	struct sockaddr_storage ss = {};
	struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;
	unsigned conns = o->cfg.flows, i;
	double t0, end;
	socklen_t sl;
	int err = 0;
	ssize_t r;

	if (conns > TL_GEN_TCP_CONNS_MAX)
		conns = TL_GEN_TCP_CONNS_MAX;
	if (inet_pton(AF_INET, o->target, &s4->sin_addr) == 1) {
		s4->sin_family = AF_INET;
		s4->sin_port = htons(o->port);
		sl = sizeof(*s4);
	} else if (inet_pton(AF_INET6, o->target, &s6->sin6_addr) == 1) {
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(o->port);
		sl = sizeof(*s6);
	} else {
		fprintf(stderr, "gen: %s: not an IPv4 or IPv6 address\n", o->target);
		return -EINVAL;
	}
	memset(buf, 'x', sizeof(buf));
	for (i = 0; i < conns; i++) {
		pfd[i].fd = socket(ss.ss_family, SOCK_STREAM, 0);
		pfd[i].events = POLLOUT;
		if (pfd[i].fd < 0 || connect(pfd[i].fd, (struct sockaddr *)&ss, sl) ||
		    set_nonblock(pfd[i].fd)) {
			err = -errno;
			fprintf(stderr, "gen: connecting to %s port %u: %s\n", o->target, o->port,
				strerror(-err));
			conns = i + (pfd[i].fd >= 0);
			goto out;
		}
	}
	t0 = now_s();
	end = o->duration > 0 ? t0 + o->duration : 1e300;
	while (!tl_stop && now_s() < end) {
		if (poll(pfd, conns, 100) < 0 && errno != EINTR) {
			err = -errno;
			break;
		}
		for (i = 0; i < conns; i++) {
			if (!(pfd[i].revents & POLLOUT))
				continue;
			r = write(pfd[i].fd, buf, sizeof(buf));
			if (r > 0)
				st->bytes += r;
			else if (r < 0 && errno != EAGAIN) {
				err = -errno;
				fprintf(stderr, "gen: sending: %s\n", strerror(-err));
				goto out;
			}
		}
	}
	st->seconds = now_s() - t0;
out:
	for (i = 0; i < conns; i++)
		close(pfd[i].fd);
	return err;
}

int main(int argc, char **argv)
{
	struct tl_gen_stats st = {};
	struct sigaction sa = { .sa_handler = on_signal };
	struct tl_gen_opts o;
	struct tl_gen g;
	int err;

	if (parse_args(argc, argv, &o))
		return 2;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	switch (o.mode) {
	case TL_MODE_SERVER:
		err = run_server(&o, &st);
		break;
	case TL_MODE_CLIENT:
		err = run_client(&o, &st);
		break;
	default:
		err = tl_gen_init(&g, &o.cfg);
		if (err) {
			fprintf(stderr, "gen: cannot set up the flows: %s\n", strerror(-err));
			return 1;
		}
		err = o.mode == TL_MODE_PCAP ? run_pcap(&o, &g, &st) : run_iface(&o, &g, &st);
		tl_gen_free(&g);
		break;
	}
	/* Also after a failure part-way: what was sent is part of the measurement. */
	if (err && !st.sent && !st.bytes)
		return 1;
	printf("sent=%llu dropped=%llu bytes=%llu seconds=%.6f pps=%.0f\n", st.sent, st.dropped,
	       st.bytes, st.seconds, st.seconds > 0 ? st.sent / st.seconds : 0.0);
	return err ? 1 : 0;
}
