// SPDX-License-Identifier: GPL-2.0-only
/* tcpdump's names (no -n): TCP port names from /etc/services, host names by reverse lookup,
 * MAC addresses' names from the ethers database. */
#include <errno.h>
#include <netdb.h>
#include <netinet/ether.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "conn/flow.h"
#include "log.h"
#include "out/names.h"

/*
 * The host cache: 2048 sets of 4 entries, least recently used out. tcpdump keeps every
 * address it ever printed; a bounded cache keeps a long live run's memory flat, and an
 * address pushed out is only looked up again.
 */
#define TL_NAMES_SET_BITS 11
#define TL_NAMES_SETS	  (1u << TL_NAMES_SET_BITS)
#define TL_NAMES_WAYS	  4
/* Lookups run at once, live: DNS answers take a round trip each, failures seconds. */
#define TL_NAMES_THREADS 4
/* Requests queued, being looked up or answered and not yet applied: both rings hold them all. */
#define TL_NAMES_INFLIGHT 64

/*
 * The ethers cache, direct-mapped: tcpdump asks once per address for the whole run; a
 * bounded table keeps memory flat, and an address pushed out is only asked again. Asked in
 * line, live too: the database is a local file (nsswitch's files or db source), not DNS.
 */
#define TL_ETHERS_SLOTS 256

enum tl_estate {
	TL_EN_NAME = 1, /* the database names it */
	TL_EN_NUMBER,	/* it does not: the number prints */
};

struct tl_ename {
	uint8_t mac[6];
	uint8_t state; /* enum tl_estate; 0: a free slot */
	uint8_t len;
	char name[TL_NAME_MAX + 1];
};

enum tl_hstate {
	TL_HN_PENDING = 1, /* asked, no answer yet */
	TL_HN_NAME,	   /* answered with a name */
	TL_HN_NUMBER,	   /* answered with none: the number prints, as in tcpdump, for good */
};

struct tl_hname {
	uint8_t addr[16]; /* an IPv4 address in the first 4 bytes, the rest zero */
	uint32_t used;	  /* the line that last printed it: age for the LRU choice */
	uint8_t family;	  /* 0: a free entry */
	uint8_t state;	  /* enum tl_hstate */
	bool queued;	  /* its request is with the resolvers */
	uint8_t len;
	char name[TL_NAME_MAX + 1];
};

struct tl_name_req {
	uint8_t family;
	uint8_t addr[16];
};

struct tl_name_ans {
	uint8_t family;
	uint8_t addr[16];
	int16_t len; /* < 0: no name */
	char name[TL_NAME_MAX + 1];
};

/*
 * What the printing thread and the resolver threads share. Only the printing thread touches
 * the cache: answers come back through ans[] and are applied when a line needs one. The last
 * of the owner and the threads to leave frees it, so that closing never waits for a lookup
 * stuck in a DNS time-out.
 */
struct tl_resolver {
	pthread_mutex_t mu;
	pthread_cond_t req_cv;	/* resolvers wait for a request */
	pthread_cond_t done_cv; /* the printer waits for an answer (CLOCK_MONOTONIC) */
	int refs;
	bool stop;
	unsigned int in_flight;
	struct tl_name_req req[TL_NAMES_INFLIGHT];
	unsigned int req_head, req_n;
	struct tl_name_ans ans[TL_NAMES_INFLIGHT];
	unsigned int ans_head, ans_n;
	atomic_uint answers; /* pushed so far: the printer looks without the lock */
	tl_names_lookup_fn lookup;
	void *lookup_ctx;
};

struct tl_names {
	struct tl_names_cfg cfg;
	struct tl_resolver *rs; /* live only */
	unsigned int applied;	/* rs->answers already applied to the cache */
	uint32_t tick;		/* lines so far */
	int64_t ts_ns;		/* the current line's capture time */
	bool deadline_set;	/* computed once per line, and only if a lookup is pending */
	struct timespec deadline;
	uint64_t line_id, late_line; /* late_line: the last line counted late */
	uint64_t late;
	char *blob; /* port names: a length byte, then the name */
	size_t blob_len, blob_cap;
	uint32_t port_off[65536]; /* TCP port -> its name in blob; 0: none */
	struct tl_hname hosts[TL_NAMES_SETS * TL_NAMES_WAYS];
	struct tl_ename ethers[TL_ETHERS_SLOTS];
};

/* The C locale's isspace: tcpdump never sets a locale, so glibc parses its services so. */
static bool tl_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

/* Appends a port name; *off gets where it starts (never 0, which means none). */
static int tl_blob_add(struct tl_names *n, const char *s, size_t len, uint32_t *off)
{
	if (len > TL_NAME_MAX)
		len = TL_NAME_MAX;
	if (!n->blob_len)
		n->blob_len = 1; /* offset 0 means "no name" */
	if (n->blob_len + len + 1 > n->blob_cap) {
		size_t cap = n->blob_cap ? n->blob_cap * 2 : 4096;
		char *b;

		while (cap < n->blob_len + len + 1)
			cap *= 2;
		b = realloc(n->blob, cap);
		if (!b)
			return -ENOMEM;
		n->blob = b;
		n->blob_cap = cap;
	}
	*off = (uint32_t)n->blob_len;
	n->blob[n->blob_len] = (char)len;
	memcpy(n->blob + n->blob_len + 1, s, len);
	n->blob_len += len + 1;
	return 0;
}

/*
 * One line of services(5) as Debian 12's glibc reads it for tcpdump's getservent(): name,
 * port '/' protocol, aliases; '#' starts a comment anywhere. The port is cut to 16 bits as
 * s_port is (70000 is 4464). Only tcp lines count, and the first line of a port wins:
 * tcpdump appends each entry to the port's chain and its lookup returns the first.
 */
static int tl_services_line(struct tl_names *n, char *p)
{
	unsigned long port;
	char *name, *end, *proto;
	size_t len;

	while (tl_space(*p))
		p++;
	if (!*p || *p == '#')
		return 0;
	p[strcspn(p, "#\n")] = '\0';
	name = p;
	while (*p && !tl_space(*p))
		p++;
	len = (size_t)(p - name);
	while (tl_space(*p))
		p++;
	/* Base 0 as glibc's: 0x50 and 0120 are 80. Over 32 bits (and so "-1") is no port. */
	port = strtoul(p, &end, 0);
	if (end == p || port > 0xffffffffUL)
		return 0;
	if (*end == '/') {
		while (*end == '/')
			end++;
	} else if (*end) {
		return 0;
	}
	proto = end;
	while (*end && !tl_space(*end))
		end++;
	if (end - proto != 3 || memcmp(proto, "tcp", 3))
		return 0;
	port &= 0xffff;
	if (n->port_off[port])
		return 0;
	return tl_blob_add(n, name, len, &n->port_off[port]);
}

static int tl_services_load(struct tl_names *n, const char *path)
{
	FILE *f = fopen(path, "re");
	char *line = NULL;
	size_t cap = 0;
	int err = 0;

	if (!f) {
		/* tcpdump's getservent() then finds nothing: every port prints as a number. */
		tl_debug("%s: %s: ports print as numbers", path, strerror(errno));
		return 0;
	}
	while (!err && getline(&line, &cap, f) >= 0)
		err = tl_services_line(n, line);
	free(line);
	fclose(f);
	return err;
}

/* tcpdump's gethostbyaddr(), thread-safe: the first name of the answer (h_name). */
static int tl_gethost(void *ctx, uint8_t family, const uint8_t *addr, char *name, size_t len)
{
	char stackbuf[8192], *buf = stackbuf, *big = NULL;
	size_t blen = sizeof(stackbuf);
	struct hostent he, *hp = NULL;
	int herr = 0, err, n = -1;

	(void)ctx;
	for (;;) {
		err = gethostbyaddr_r(addr, family == 6 ? 16 : 4, family == 6 ? AF_INET6 : AF_INET,
				      &he, buf, blen, &hp, &herr);
		if (err != ERANGE || blen >= (1u << 20))
			break;
		blen *= 4;
		free(big);
		big = malloc(blen);
		if (!big)
			break;
		buf = big;
	}
	if (!err && hp && hp->h_name) {
		size_t l = strlen(hp->h_name);

		if (l > len - 1)
			l = len - 1;
		memcpy(name, hp->h_name, l);
		name[l] = '\0';
		n = (int)l;
	}
	free(big);
	return n;
}

/* tcpdump's ether_ntohost(): glibc copies the whole name, which its own 1024-byte buffer for
 * the ethers line bounds. */
static int tl_ether_ntohost(void *ctx, const uint8_t *mac, char *name, size_t len)
{
	char buf[1024];
	struct ether_addr ea;

	(void)ctx;
	memcpy(&ea, mac, sizeof(ea));
	if (ether_ntohost(buf, &ea))
		return -1;
	return snprintf(name, len, "%s", buf);
}

static unsigned int tl_host_hash(uint8_t family, const uint8_t *a)
{
	uint32_t w[4], h;

	if (family == 6) {
		memcpy(w, a, 16);
		h = w[0] ^ (w[1] * 0x85ebca6bu) ^ (w[2] * 0xc2b2ae35u) ^ (w[3] * 0x27d4eb2fu);
	} else {
		memcpy(&h, a, 4);
	}
	return (h * 0x9e3779b1u) >> (32 - TL_NAMES_SET_BITS);
}

/* Keep this entry rather than that one: answered before pending, then the more recent. */
static bool tl_host_older(const struct tl_names *n, const struct tl_hname *e,
			  const struct tl_hname *than)
{
	bool pe = e->state == TL_HN_PENDING, pt = than->state == TL_HN_PENDING;

	if (pe != pt)
		return pt;
	return (uint32_t)(n->tick - e->used) > (uint32_t)(n->tick - than->used);
}

static struct tl_hname *tl_host_find(struct tl_names *n, uint8_t family, const uint8_t *addr,
				     bool create)
{
	size_t alen = family == 6 ? 16 : 4;
	struct tl_hname *set = &n->hosts[tl_host_hash(family, addr) * TL_NAMES_WAYS], *v = NULL;

	for (int i = 0; i < TL_NAMES_WAYS; i++)
		if (set[i].family == family && !memcmp(set[i].addr, addr, alen))
			return &set[i];
	if (!create)
		return NULL;
	for (int i = 0; i < TL_NAMES_WAYS; i++) {
		if (!set[i].family) {
			v = &set[i];
			break;
		}
		if (!v || tl_host_older(n, &set[i], v))
			v = &set[i];
	}
	memset(v->addr, 0, sizeof(v->addr));
	memcpy(v->addr, addr, alen);
	v->family = family;
	v->state = TL_HN_PENDING;
	v->queued = false;
	v->len = 0;
	return v;
}

/* An answer into its entry: -N cuts the name at its first dot, as tcpdump does. */
static void tl_host_set(const struct tl_names *n, struct tl_hname *e, const char *name, int len)
{
	const char *dot;

	if (len < 0) {
		e->state = TL_HN_NUMBER;
		return;
	}
	if (len > TL_NAME_MAX)
		len = TL_NAME_MAX;
	if (n->cfg.strip_domain && (dot = memchr(name, '.', (size_t)len)))
		len = (int)(dot - name);
	memmove(e->name, name, (size_t)len);
	e->len = (uint8_t)len;
	e->state = TL_HN_NAME;
}

/* Resolver ring operations: all with rs->mu held. */
static void tl_queue_locked(struct tl_resolver *rs, struct tl_hname *e)
{
	struct tl_name_req *q;

	if (rs->in_flight >= TL_NAMES_INFLIGHT)
		return; /* asked again by the next line that needs it */
	q = &rs->req[(rs->req_head + rs->req_n) % TL_NAMES_INFLIGHT];
	q->family = e->family;
	memcpy(q->addr, e->addr, sizeof(q->addr));
	rs->req_n++;
	rs->in_flight++;
	e->queued = true;
	pthread_cond_signal(&rs->req_cv);
}

static void tl_apply_locked(struct tl_names *n)
{
	struct tl_resolver *rs = n->rs;

	while (rs->ans_n) {
		struct tl_name_ans *a = &rs->ans[rs->ans_head];
		struct tl_hname *e = tl_host_find(n, a->family, a->addr, false);

		/* An entry pushed out meanwhile just misses it; the next line asks again. */
		if (e && e->state == TL_HN_PENDING)
			tl_host_set(n, e, a->name, a->len);
		rs->ans_head = (rs->ans_head + 1) % TL_NAMES_INFLIGHT;
		rs->ans_n--;
		rs->in_flight--;
	}
	n->applied = atomic_load(&rs->answers);
}

static int64_t tl_ns(const struct timespec *t)
{
	return (int64_t)t->tv_sec * 1000000000 + t->tv_nsec;
}

/* The line's deadline on the monotonic clock: capture + wait, and at most wait from now. */
static void tl_deadline(struct tl_names *n)
{
	struct timespec real, mono;
	int64_t wait = (int64_t)n->cfg.wait_ms * 1000000, left;

	clock_gettime(CLOCK_REALTIME, &real);
	clock_gettime(CLOCK_MONOTONIC, &mono);
	left = n->ts_ns + wait - tl_ns(&real);
	if (left > wait)
		left = wait;
	if (left < 0)
		left = 0;
	left += tl_ns(&mono);
	n->deadline.tv_sec = left / 1000000000;
	n->deadline.tv_nsec = left % 1000000000;
	n->deadline_set = true;
}

/* A pending entry: apply what came back, ask if not asked yet, and wait if allowed. */
static void tl_host_await(struct tl_names *n, struct tl_hname *e, bool wait)
{
	struct tl_resolver *rs = n->rs;

	pthread_mutex_lock(&rs->mu);
	for (;;) {
		if (atomic_load(&rs->answers) != n->applied)
			tl_apply_locked(n);
		if (e->state != TL_HN_PENDING)
			break;
		if (!e->queued)
			tl_queue_locked(rs, e);
		if (!wait)
			break;
		if (!n->deadline_set)
			tl_deadline(n);
		if (pthread_cond_timedwait(&rs->done_cv, &rs->mu, &n->deadline) == ETIMEDOUT) {
			tl_apply_locked(n);
			break;
		}
	}
	pthread_mutex_unlock(&rs->mu);
}

/* The address's entry, answered unless live lookups are late; wait: a line, not a report. */
static struct tl_hname *tl_host_get(struct tl_names *n, uint8_t family, const uint8_t *addr,
				    bool wait)
{
	struct tl_hname *e = tl_host_find(n, family, addr, true);

	e->used = n->tick;
	if (e->state != TL_HN_PENDING)
		return e;
	if (!n->rs) {
		/* -r: the line waits for its lookup, as tcpdump's does. */
		int len = n->cfg.lookup(n->cfg.lookup_ctx, family, addr, e->name, sizeof(e->name));

		tl_host_set(n, e, e->name, len);
		return e;
	}
	tl_host_await(n, e, wait);
	if (e->state == TL_HN_PENDING && wait && n->late_line != n->line_id) {
		n->late_line = n->line_id;
		n->late++;
	}
	return e;
}

static void tl_resolver_free(struct tl_resolver *rs)
{
	pthread_mutex_destroy(&rs->mu);
	pthread_cond_destroy(&rs->req_cv);
	pthread_cond_destroy(&rs->done_cv);
	free(rs);
}

/* Drops one reference; the last one frees. */
static void tl_resolver_put(struct tl_resolver *rs)
{
	bool last;

	pthread_mutex_lock(&rs->mu);
	last = --rs->refs == 0;
	pthread_mutex_unlock(&rs->mu);
	if (last)
		tl_resolver_free(rs);
}

static void *tl_resolver_main(void *arg)
{
	struct tl_resolver *rs = arg;
	char name[TL_NAME_MAX + 1];

	pthread_mutex_lock(&rs->mu);
	while (!rs->stop) {
		struct tl_name_req q;
		struct tl_name_ans *a;
		int len;

		if (!rs->req_n) {
			pthread_cond_wait(&rs->req_cv, &rs->mu);
			continue;
		}
		q = rs->req[rs->req_head];
		rs->req_head = (rs->req_head + 1) % TL_NAMES_INFLIGHT;
		rs->req_n--;
		pthread_mutex_unlock(&rs->mu);
		len = rs->lookup(rs->lookup_ctx, q.family, q.addr, name, sizeof(name));
		pthread_mutex_lock(&rs->mu);
		/* Room: in_flight counts this request until the printer applies its answer. */
		a = &rs->ans[(rs->ans_head + rs->ans_n) % TL_NAMES_INFLIGHT];
		a->family = q.family;
		memcpy(a->addr, q.addr, sizeof(a->addr));
		a->len = (int16_t)(len > TL_NAME_MAX ? TL_NAME_MAX : len);
		if (len > 0)
			memcpy(a->name, name, (size_t)a->len);
		rs->ans_n++;
		atomic_fetch_add(&rs->answers, 1);
		pthread_cond_broadcast(&rs->done_cv);
	}
	pthread_mutex_unlock(&rs->mu);
	tl_resolver_put(rs);
	return NULL;
}

static int tl_resolver_start(struct tl_names *n)
{
	struct tl_resolver *rs = calloc(1, sizeof(*rs));
	pthread_condattr_t ca;
	pthread_attr_t ta;
	sigset_t all, old;
	int started = 0, err = 0;

	if (!rs)
		return -ENOMEM;
	pthread_mutex_init(&rs->mu, NULL);
	pthread_cond_init(&rs->req_cv, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&rs->done_cv, &ca);
	pthread_condattr_destroy(&ca);
	rs->lookup = n->cfg.lookup;
	rs->lookup_ctx = n->cfg.lookup_ctx;
	rs->refs = 1;
	n->rs = rs;

	pthread_attr_init(&ta);
	pthread_attr_setdetachstate(&ta, PTHREAD_CREATE_DETACHED);
	/* Signals stay with the main thread, whose loop they stop. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	for (int i = 0; i < TL_NAMES_THREADS; i++) {
		pthread_t t;

		pthread_mutex_lock(&rs->mu);
		rs->refs++;
		pthread_mutex_unlock(&rs->mu);
		err = -pthread_create(&t, &ta, tl_resolver_main, rs);
		if (err) {
			pthread_mutex_lock(&rs->mu);
			rs->refs--;
			pthread_mutex_unlock(&rs->mu);
			break;
		}
		started++;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	pthread_attr_destroy(&ta);
	if (!started) {
		tl_err("cannot start the name resolver: %s (use -n for numbers)", strerror(-err));
		return err;
	}
	return 0;
}

int tl_names_new(const struct tl_names_cfg *cfg, struct tl_names **out)
{
	struct tl_names *n = calloc(1, sizeof(*n));
	int err;

	*out = NULL;
	if (!n)
		return -ENOMEM;
	n->cfg = *cfg;
	if (!n->cfg.lookup)
		n->cfg.lookup = tl_gethost;
	if (!n->cfg.ether)
		n->cfg.ether = tl_ether_ntohost;
	n->line_id = 1;
	err = tl_services_load(n, cfg->services ? cfg->services : "/etc/services");
	if (!err && cfg->live)
		err = tl_resolver_start(n);
	if (err) {
		tl_names_free(n);
		return err;
	}
	*out = n;
	return 0;
}

void tl_names_free(struct tl_names *n)
{
	if (!n)
		return;
	if (n->rs) {
		pthread_mutex_lock(&n->rs->mu);
		n->rs->stop = true;
		pthread_cond_broadcast(&n->rs->req_cv);
		pthread_mutex_unlock(&n->rs->mu);
		tl_resolver_put(n->rs);
	}
	free(n->blob);
	free(n);
}

void tl_names_line(struct tl_names *n, int64_t ts_ns)
{
	n->ts_ns = ts_ns;
	n->deadline_set = false;
	n->line_id++;
	n->tick++;
}

char *tl_names_put_host(struct tl_names *n, char *c, uint8_t family, const uint8_t *addr)
{
	const struct tl_hname *e = tl_host_get(n, family, addr, true);

	if (e->state != TL_HN_NAME)
		return NULL;
	memcpy(c, e->name, e->len);
	return c + e->len;
}

char *tl_names_put_port(const struct tl_names *n, char *c, uint16_t port)
{
	uint32_t off = n->port_off[port];
	size_t len;

	if (!off)
		return NULL;
	len = (uint8_t)n->blob[off];
	memcpy(c, n->blob + off + 1, len);
	return c + len;
}

char *tl_names_put_mac(struct tl_names *n, char *c, const uint8_t *mac)
{
	/* The low bytes: the first three are a vendor's, shared by many addresses. */
	struct tl_ename *e = &n->ethers[(mac[4] ^ mac[5] * 31u) % TL_ETHERS_SLOTS];

	if (!e->state || memcmp(e->mac, mac, 6)) {
		int len = n->cfg.ether(n->cfg.ether_ctx, mac, e->name, sizeof(e->name));

		memcpy(e->mac, mac, 6);
		e->state = len > 0 ? TL_EN_NAME : TL_EN_NUMBER;
		e->len = (uint8_t)(len > TL_NAME_MAX ? TL_NAME_MAX : len > 0 ? len : 0);
	}
	if (e->state != TL_EN_NAME)
		return NULL;
	memcpy(c, e->name, e->len);
	return c + e->len;
}

void tl_names_endpoint(struct tl_names *n, uint8_t family, const uint8_t *addr, uint16_t port,
		       char *buf, size_t len)
{
	char host[TL_NAME_MAX + 1], serv[TL_NAME_MAX + 1];
	const char *h = NULL;
	char *e = NULL;

	if (n) {
		const struct tl_hname *he = tl_host_get(n, family, addr, false);

		if (he->state == TL_HN_NAME) {
			memcpy(host, he->name, he->len);
			host[he->len] = '\0';
			h = host;
		}
		e = tl_names_put_port(n, serv, port);
	}
	if (!h)
		h = tl_addr_text(family, addr, host, sizeof(host));
	if (e) {
		*e = '\0';
		snprintf(buf, len, "%s.%s", h, serv);
	} else {
		snprintf(buf, len, "%s.%u", h, port);
	}
}

uint64_t tl_names_late(const struct tl_names *n)
{
	return n ? n->late : 0;
}
