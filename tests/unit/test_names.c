// SPDX-License-Identifier: GPL-2.0-only
/* Names: services(5) as glibc reads it, the host cache, -N, and the live wait bound. */
#include <arpa/inet.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tl_test.h"
#include "tcplens.h"
#include "conn/view.h"
#include "out/names.h"
#include "out/print.h"

/* The resolver the tests control: a fixed table, a call counter, and a gate. */
struct fake {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	bool closed;  /* lookups wait until the gate opens */
	bool longest; /* every address gets a name of TL_NAME_MAX bytes and more */
	atomic_int calls;
};

static struct fake fk = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, false, false, 0 };

static int fake_lookup(void *ctx, uint8_t family, const uint8_t *addr, char *name, size_t len)
{
	struct fake *f = ctx;
	char text[64];
	const char *n = NULL;

	atomic_fetch_add(&f->calls, 1);
	pthread_mutex_lock(&f->mu);
	while (f->closed)
		pthread_cond_wait(&f->cv, &f->mu);
	pthread_mutex_unlock(&f->mu);
	inet_ntop(family == 6 ? AF_INET6 : AF_INET, addr, text, sizeof(text));
	if (f->longest) {
		memset(name, 'h', len - 1);
		name[len - 1] = '\0';
		return (int)len - 1 + 100; /* longer than it fits: cut to TL_NAME_MAX */
	}
	if (!strcmp(text, "10.0.0.1"))
		n = "alpha.example.com";
	else if (!strcmp(text, "10.0.0.3"))
		n = "beta";
	else if (!strcmp(text, "::1"))
		n = "localhost";
	else if (!strcmp(text, "10.0.0.4"))
		n = ".dotfirst.org";
	else if (!strncmp(text, "10.1.", 5))
		n = "many.example.net";
	if (!n)
		return -1;
	snprintf(name, len, "%s", n);
	return (int)strlen(name);
}

static void gate(bool closed)
{
	pthread_mutex_lock(&fk.mu);
	fk.closed = closed;
	pthread_cond_broadcast(&fk.cv);
	pthread_mutex_unlock(&fk.mu);
}

static int64_t now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_REALTIME, &t);
	return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

static int64_t mono_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* The host's text as the printer would write it; "" when the number is to be printed. */
static const char *host(struct tl_names *n, const char *ip)
{
	static char out[TL_NAME_MAX + 1];
	uint8_t a[16] = {};
	uint8_t family = strchr(ip, ':') ? 6 : 4;
	char *e;

	inet_pton(family == 6 ? AF_INET6 : AF_INET, ip, a);
	e = tl_names_put_host(n, out, family, a);
	*(e ? e : out) = '\0';
	return out;
}

static const char *port(const struct tl_names *n, uint16_t p)
{
	static char out[TL_NAME_MAX + 1];
	char *e = tl_names_put_port(n, out, p);

	*(e ? e : out) = '\0';
	return out;
}

static struct tl_names *make(const char *services, bool live, bool strip, uint32_t wait_ms)
{
	struct tl_names_cfg c = { .services = services,
				  .live = live,
				  .strip_domain = strip,
				  .wait_ms = wait_ms,
				  .lookup = fake_lookup,
				  .lookup_ctx = &fk };
	struct tl_names *n = NULL;

	TL_CHECK(tl_names_new(&c, &n) == 0 && n, "tl_names_new");
	return n;
}

/*
 * Each line's expectation is what getservent() gives on Debian 12 (glibc 2.36) for it, and
 * what tcpdump 4.99.3 printed for those ports with the file bind-mounted over /etc/services.
 */
static const char services_text[] = "# comment line\n"
				    "www\t80/tcp\thttp # first line of port 80\n"
				    "web2\t80/tcp\t\t# later lines for the same port lose\n"
				    "foo 2000/udp\n"
				    "bar\t2000/tcp\n"
				    "neg -1/tcp\n"
				    "big 70000/tcp\n"
				    "nine 9//tcp\n"
				    "one 1/tcpx\n"
				    "seven 7/tcp#comment glued on\n"
				    "  lead 6000/tcp\n"
				    "x#y 12345/tcp\n"
				    "noport\n"
				    "cr 22/tcp\r\n"
				    "sp 443/ tcp\n"
				    "tab\t5555\t/tcp\n"
				    "u 8080/TCP\n"
				    "plus +100/tcp\n"
				    "hex 0x65/tcp\n"
				    "oct 0102/tcp\n"
				    "max 4294967295/tcp\n"
				    "over 4294967296/tcp\n"
				    "wrap -18446744073709551615/tcp\n"
				    "ws104 104/tcp extra alias\n";

static void test_services(void)
{
	static const struct {
		uint16_t port;
		const char *want;
	} cases[] = {
		{ 80, "www" },	{ 2000, "bar" },  { 4464, "big" },  { 9, "nine" },  { 1, "wrap" },
		{ 7, "seven" }, { 6000, "lead" }, { 12345, "" },    { 22, "cr" },   { 443, "" },
		{ 5555, "" },	{ 8080, "" },	  { 100, "plus" },  { 101, "hex" }, { 66, "oct" },
		{ 102, "" },	{ 65535, "max" }, { 104, "ws104" }, { 0, "" },	    { 81, "" },
	};
	char path[] = "/tmp/tl_test_names_XXXXXX";
	int fd = mkstemp(path);
	struct tl_names *n;

	TL_CHECK(fd >= 0 && write(fd, services_text, sizeof(services_text) - 1) ==
				    (ssize_t)sizeof(services_text) - 1,
		 "services file written");
	close(fd);
	n = make(path, false, false, 0);
	for (size_t i = 0; n && i < sizeof(cases) / sizeof(cases[0]); i++) {
		char what[64];

		snprintf(what, sizeof(what), "port %u", cases[i].port);
		TL_CHECK_STR(port(n, cases[i].port), cases[i].want, what);
	}
	tl_names_free(n);

	/* No file: every port is a number, as tcpdump's getservent() finding nothing. */
	unlink(path);
	n = make(path, false, false, 0);
	TL_CHECK(n && !*port(n, 80), "no services file: numbers");
	tl_names_free(n);
}

static void test_cache(void)
{
	struct tl_names *n = make("/nonexistent", false, false, 0);
	char ep[TL_NAMES_ENDPOINT_TEXT];
	uint8_t a[16] = { 10, 0, 0, 1 };
	int before;

	if (!n)
		return;
	atomic_store(&fk.calls, 0);
	tl_names_line(n, 0);
	TL_CHECK_STR(host(n, "10.0.0.1"), "alpha.example.com", "-r: the line waits, gets the name");
	TL_CHECK_STR(host(n, "10.0.0.1"), "alpha.example.com", "again");
	TL_CHECK(atomic_load(&fk.calls) == 1, "one lookup per address: %d", atomic_load(&fk.calls));
	TL_CHECK_STR(host(n, "10.0.0.2"), "", "no name: the number");
	TL_CHECK_STR(host(n, "10.0.0.2"), "", "no name, remembered");
	TL_CHECK(atomic_load(&fk.calls) == 2, "a failed lookup is not repeated, as in tcpdump");
	TL_CHECK_STR(host(n, "::1"), "localhost", "IPv6");
	/* The same four bytes as IPv6 are another address. */
	TL_CHECK_STR(host(n, "a00:1::"), "", "family is part of the key");
	TL_CHECK_STR(host(n, "10.0.0.4"), ".dotfirst.org", "a name as it came");
	TL_CHECK(tl_names_late(n) == 0, "-r: never late");

	tl_names_endpoint(n, 4, a, 80, ep, sizeof(ep));
	TL_CHECK_STR(ep, "alpha.example.com.80", "endpoint, no services");
	tl_names_endpoint(NULL, 4, a, 80, ep, sizeof(ep));
	TL_CHECK_STR(ep, "10.0.0.1.80", "endpoint with -n");
	a[3] = 2;
	tl_names_endpoint(n, 4, a, 443, ep, sizeof(ep));
	TL_CHECK_STR(ep, "10.0.0.2.443", "endpoint without a name");

	/* Bounded: far more addresses than entries; the first ones are looked up again. */
	for (unsigned int i = 0; i < 40000; i++) {
		char ip[32];

		tl_names_line(n, 0);
		snprintf(ip, sizeof(ip), "10.1.%u.%u", i >> 8, i & 255);
		if (strcmp(host(n, ip), "many.example.net"))
			TL_CHECK(0, "%s named", ip);
	}
	before = atomic_load(&fk.calls);
	tl_names_line(n, 0);
	TL_CHECK_STR(host(n, "10.1.0.0"), "many.example.net", "evicted, looked up again");
	TL_CHECK(atomic_load(&fk.calls) == before + 1, "the evicted address cost one lookup");
	tl_names_free(n);

	/* -N: the domain goes, at the first dot. */
	n = make("/nonexistent", false, true, 0);
	TL_CHECK_STR(host(n, "10.0.0.1"), "alpha", "-N");
	TL_CHECK_STR(host(n, "10.0.0.3"), "beta", "-N, no domain to strip");
	TL_CHECK_STR(host(n, "10.0.0.4"), "", "-N, a name starting with a dot is empty");
	TL_CHECK_STR(host(n, "10.0.0.2"), "", "-N, no name: still the number");
	tl_names_free(n);
}

static void test_live_wait(void)
{
	struct tl_names *n = make("/nonexistent", true, false, 60);
	int64_t t0, dt;

	if (!n)
		return;
	/* A resolver that answers at once: the line gets the name. */
	tl_names_line(n, now_ns());
	TL_CHECK_STR(host(n, "10.0.0.3"), "beta", "live, a quick answer prints the name");
	TL_CHECK(tl_names_late(n) == 0, "not late");

	/* The resolver hangs: the line waits its 60 ms, then prints the number. */
	gate(true);
	tl_names_line(n, now_ns());
	t0 = mono_ms();
	TL_CHECK_STR(host(n, "10.0.0.1"), "", "late: the number");
	dt = mono_ms() - t0;
	TL_CHECK(dt >= 50 && dt < 1000, "waited about --name-wait: %lld ms", (long long)dt);
	TL_CHECK_STR(host(n, "10.0.0.1"), "", "same line, same address: no second wait");
	TL_CHECK(mono_ms() - t0 < dt + 20, "the line's deadline is spent");
	TL_CHECK(tl_names_late(n) == 1, "one late line: %llu",
		 (unsigned long long)tl_names_late(n));

	/* A line captured long ago (the printer is behind): no wait at all. */
	tl_names_line(n, now_ns() - 5000000000LL);
	t0 = mono_ms();
	TL_CHECK_STR(host(n, "10.0.0.1"), "", "behind: the number at once");
	TL_CHECK(mono_ms() - t0 < 30, "no wait when the capture is older than the bound");
	TL_CHECK(tl_names_late(n) == 2, "counted late");

	/* A capture time in the future does not stretch the wait past the bound. */
	tl_names_line(n, now_ns() + 10000000000LL);
	t0 = mono_ms();
	TL_CHECK_STR(host(n, "10.0.0.1"), "", "future time stamp: the number");
	dt = mono_ms() - t0;
	TL_CHECK(dt >= 50 && dt < 1000, "at most --name-wait from now: %lld ms", (long long)dt);

	/* The answer arrives: later lines print the name, and nothing more is late. */
	gate(false);
	tl_names_line(n, now_ns());
	TL_CHECK_STR(host(n, "10.0.0.1"), "alpha.example.com", "the late answer is used");
	TL_CHECK(tl_names_late(n) == 3, "late lines so far: %llu",
		 (unsigned long long)tl_names_late(n));

	/* Reports never wait and never count. */
	{
		char ep[TL_NAMES_ENDPOINT_TEXT];
		uint8_t a[16] = { 10, 0, 0, 9 };

		gate(true);
		tl_names_line(n, now_ns());
		t0 = mono_ms();
		tl_names_endpoint(n, 4, a, 22, ep, sizeof(ep));
		TL_CHECK_STR(ep, "10.0.0.9.22", "report: the number, no wait");
		TL_CHECK(mono_ms() - t0 < 30 && tl_names_late(n) == 3,
			 "report neither waits nor counts");
	}
	/* Closing with a lookup stuck inside the resolver returns at once. */
	t0 = mono_ms();
	tl_names_free(n);
	TL_CHECK(mono_ms() - t0 < 30, "free does not wait for a stuck lookup");
	gate(false);
	usleep(20000); /* the threads finish their lookups and leave */

	/* --name-wait 0: never waits, the name shows up once it is known. */
	n = make("/nonexistent", true, false, 0);
	if (!n)
		return;
	tl_names_line(n, now_ns());
	t0 = mono_ms();
	host(n, "10.0.0.3");
	TL_CHECK(mono_ms() - t0 < 30, "--name-wait 0: no wait");
	for (int i = 0; i < 200; i++) {
		tl_names_line(n, now_ns());
		if (!strcmp(host(n, "10.0.0.3"), "beta"))
			break;
		usleep(1000);
	}
	TL_CHECK_STR(host(n, "10.0.0.3"), "beta", "--name-wait 0: the name once answered");
	tl_names_free(n);
}

/*
 * TL_PRINT_LINE_MAX holds the longest line with names: every host and port name at
 * TL_NAME_MAX, the longest time stamp and interface, and 40 option bytes of five MPTCP
 * add-addr options, each address named too.
 */
static void test_longest_line(void)
{
	static uint8_t rb[TL_RECORD_MAX];
	char path[] = "/tmp/tl_test_names_XXXXXX", svc[300], line[TL_PRINT_LINE_MAX];
	struct tl_record *r = (struct tl_record *)rb;
	struct tl_print_cfg pc = { .tsfmt = TL_TS_DATE, .nano = true, .ifprefix = true };
	struct tl_capture_meta m = { .ts = { 1704164645, 999999999 },
				     .ifname = "abcdefghijklmno@abcdefghijklmno" };
	struct tl_printer *p;
	struct tl_segview v;
	struct tl_names *n;
	FILE *f;
	size_t len;

	f = fdopen(mkstemp(path), "w");
	if (!f)
		return;
	memset(svc, 's', 299);
	svc[299] = '\0';
	fprintf(f, "%s 65535/tcp\n%s 65534/tcp\n", svc, svc);
	fclose(f);
	fk.longest = true;
	n = make(path, false, false, 0);
	unlink(path);
	if (!n)
		return;
	pc.names = n;
	p = tl_printer_new(&pc, NULL);
	for (int fam = 4; fam <= 6; fam += 2) {
		uint8_t *o;

		memset(rb, 0, sizeof(rb));
		r->version = TL_RECORD_VERSION;
		r->family = (uint8_t)fam;
		r->sport = 65535;
		r->dport = 65534;
		r->seq = r->ack = 4294967295u;
		r->tcp_flags = 0xff;
		r->window = r->urg_ptr = 65535;
		r->doff_byte = 15 << 4;
		r->l4_len = r->l4_caplen = 65535;
		r->ip_missing = 65535;
		if (fam == 6) {
			static const uint8_t ext[] = { 0, 60, 44, 43 };

			memcpy(r->ext, ext, sizeof(ext));
			r->ext_cnt = sizeof(ext);
		}
		memset(rb + TL_RECORD_HDR, 0xfe, 32);
		o = rb + TL_RECORD_HDR + TL_ADDR_LEN(fam);
		for (int i = 0; i < 5; i++) {
			/* kind 30, length 8, add-addr v1, id 255, an IPv4 address */
			static const uint8_t aa[] = { 30, 8, 0x30, 255, 10, 9, 8, 7 };

			memcpy(o + 8 * i, aa, sizeof(aa));
		}
		r->opt_len = 40;
		tl_view_plain(r, &m, &v);
		len = tl_format_record(p, line, sizeof(line), &v);
		printf("# IPv%d: longest named line %zu bytes\n", fam, len);
		TL_CHECK(len > 5 * TL_NAME_MAX && len < sizeof(line) - 1 && line[len - 1] == '\n',
			 "IPv%d: the longest named line, %zu bytes, fits in %d", fam, len,
			 TL_PRINT_LINE_MAX);
	}
	tl_printer_free(p);
	tl_names_free(n);
	fk.longest = false;
}

int main(void)
{
	test_services();
	test_cache();
	test_live_wait();
	test_longest_line();
	return tl_test_done("names");
}
