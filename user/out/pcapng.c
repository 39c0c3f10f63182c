// SPDX-License-Identifier: GPL-2.0-only
/* Capture files built from records (-w): pcapng or classic pcap, rotation, a writer thread. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "capture/netns.h"
#include "log.h"
#include "out/pcapng.h"
#include "out/proc.h"

/*
 * The reader path fills chunks; the writer thread writes them. Bounded memory: when every
 * chunk waits for the disk, live records are dropped and counted instead of stalling the
 * ring-buffer reader (which would make the kernel drop instead, uncounted per file).
 */
#define TL_CHUNK_SIZE (1u << 20)
#define TL_CHUNKS     16
#define TL_HDR_MAX    (64 * 1024) /* SHB + up to 64 IDBs */
#define TL_BLOCK_MAX  (TL_PCAP_FRAME_MAX + 1024)
/* tcpdump's MAXIMUM_SNAPLEN: it refuses records whose length on the wire is larger. */
#define TL_PCAP_WIRE_MAX 262144u
#define TL_COMMENT_MAX	 512
/* The process comments (out/proc.h) with their option headers and padding. */
#define TL_PROC_ROOM (TL_PROC_NOTE_MAX + TL_PROC_NOTES * 8)
#define TL_SNAPLEN   262144

#define TL_BT_SHB 0x0A0D0D0Au
#define TL_BT_IDB 1u
#define TL_BT_ISB 5u
#define TL_BT_EPB 6u

struct tl_chunk {
	size_t len;
	bool new_file; /* open path before writing data */
	char path[PATH_MAX];
	uint8_t *data;
};

struct tl_pcap {
	struct tl_pcap_cfg cfg;
	char *path; /* cfg.path, owned */
	int n_ifs;
	char **if_names;
	uint32_t *if_index;
	uint64_t *if_written;
	uint8_t hdr[TL_HDR_MAX]; /* file header (SHB + IDBs, or the pcap global header) */
	size_t hdr_len;

	/* producer state (the ring-buffer reader's thread) */
	struct tl_chunk *cur;
	bool pending_file;
	bool first_at_record; /* -G: the first file waits for the first record, see open */
	char next_path[PATH_MAX];
	uint64_t file_bytes;
	int64_t file_start_ns;
	uint32_t file_no;    /* -C number within the current -G period */
	uint32_t files_made; /* -G: files opened in all */
	uint32_t last_if;
	uint64_t drops, written;
	int64_t first_ts, last_ts; /* in if_tsresol units */

	/* shared, under mu */
	pthread_mutex_t mu;
	pthread_cond_t cv_work, cv_free;
	struct tl_chunk chunks[TL_CHUNKS];
	unsigned cons, queued;
	bool done;
	int err;
	char err_path[PATH_MAX];

	/* writer thread */
	pthread_t thread;
	bool thread_up;
	int fd;
	bool own_fd;
};

static inline void put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = (uint8_t)v;
}

static inline void put32(uint8_t *p, uint32_t v)
{
	put16(p, v >> 16);
	put16(p + 2, (uint16_t)v);
}

/*
 * The IPv4 header checksum of the 20 bytes at p, in the byte order it is stored in: the
 * one's-complement sum does not care which order the 16-bit words are added in (RFC 1071),
 * so five 32-bit loads replace ten byte-pair steps.
 */
static uint16_t tl_ip_csum20(const uint8_t *p)
{
	uint64_t s = 0;

	for (int i = 0; i < 20; i += 4) {
		uint32_t v;

		memcpy(&v, p + i, 4);
		s += v;
	}
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

int tl_frame_build(const struct tl_record *r, bool live, uint8_t *buf, uint32_t *caplen,
		   uint32_t *wirelen)
{
	uint32_t hlen_ip, tcpcap, l3len;
	uint8_t *ip = buf + 14, *tcp;

	const struct tl_frame_sect *fs = tl_rec_frame(r);

	if (r->family != 4 && r->family != 6)
		return -EINVAL;
	if (r->opt_len > TL_OPT_MAX || r->ext_cnt > TL_EXT_MAX)
		return -EINVAL;
	if (fs) {
		const uint8_t *f = (const uint8_t *)(fs + 1);
		uint32_t l3 = fs->link == TL_LINK_ETH ? 0 : fs->l3_off;

		if (fs->len > TL_FRAME_MAX || l3 > fs->len)
			return -EINVAL;
		if (l3 || fs->link != TL_LINK_ETH) {
			memset(buf, 0, 12);
			put16(buf + 12, r->family == 4 ? 0x0800 : 0x86dd);
			memcpy(buf + 14, f + l3, fs->len - l3);
			*caplen = 14 + fs->len - l3;
			*wirelen = 14 + (fs->wire_len > l3 ? fs->wire_len - l3 : 0);
		} else {
			memcpy(buf, f, fs->len);
			*caplen = fs->len;
			*wirelen = fs->wire_len;
		}
		/* The made-up link header must not push a frame past what readers accept. */
		if (*wirelen > TL_PCAP_WIRE_MAX)
			*wirelen = TL_PCAP_WIRE_MAX;
		if (*wirelen < *caplen)
			*wirelen = *caplen;
		return 0;
	}
	/* Zero MACs: the record has none, and a made-up vendor prefix would be a lie. */
	memset(buf, 0, 12);
	put16(buf + 12, r->family == 4 ? 0x0800 : 0x86dd);

	if (r->family == 4) {
		uint32_t tot = 20 + r->l4_len;

		hlen_ip = 20;
		memset(ip, 0, 20);
		ip[0] = 0x45;
		/* 4.99.3 prints "bad-len 0" for length 0: replay reproduces its own line, live
		 * writes the length the live line showed whenever 16 bits can hold it. */
		if ((r->flags & TL_RF_LEN0) && (!live || tot > 0xffff))
			tot = 0;
		put16(ip + 2, (uint16_t)tot);
		put16(ip + 6, (r->flags & TL_RF_FRAG) ? 0x2000 : 0x4000);
		ip[8] = 64;
		ip[9] = 6;
		memcpy(ip + 12, tl_rec_saddr(r), 8);
		uint16_t sum = tl_ip_csum20(ip);

		memcpy(ip + 10, &sum, 2);
	} else {
		uint32_t ext_len = 8u * r->ext_cnt, plen = ext_len + r->l4_len;
		uint8_t *e = ip + 40;

		hlen_ip = 40 + ext_len;
		memset(ip, 0, hlen_ip);
		ip[0] = 0x60;
		if ((r->flags & TL_RF_JUMBO) ||
		    ((r->flags & TL_RF_LEN0) && (!live || plen > 0xffff)))
			plen = 0;
		put16(ip + 4, (uint16_t)plen);
		ip[6] = r->ext_cnt ? r->ext[0] : 6;
		ip[7] = 64;
		memcpy(ip + 8, tl_rec_saddr(r), 32);
		/* Minimal 8-byte headers of the recorded types: tcpdump names each one. */
		for (unsigned i = 0; i < r->ext_cnt; i++, e += 8) {
			e[0] = i + 1 < r->ext_cnt ? r->ext[i + 1] : 6;
			switch (r->ext[i]) {
			case 0:
				if (i == 0 && (r->flags & TL_RF_JUMBO)) {
					/* RFC 2675: the jumbo length counts everything after the
					 * IPv6 header. */
					e[2] = 0xc2;
					e[3] = 4;
					put32(e + 4, ext_len + r->l4_len);
					break;
				}
				/* PadN, like a destination options header */
				__attribute__((fallthrough));
			case 60:
				e[2] = 1;
				e[3] = 4;
				break;
			case 44:
				/* Only first fragments make records: offset 0, M as recorded. */
				put16(e + 2, (r->flags & TL_RF_FRAG) ? 1 : 0);
				put32(e + 4, 1);
				break;
			default: /* 43: routing type 0, no segments left */
				break;
			}
		}
	}

	tcp = ip + hlen_ip;
	if (r->l4_caplen >= 20)
		tcpcap = 20 + r->opt_len;
	else if (r->l4_caplen >= 4)
		tcpcap = 4; /* only the ports are known */
	else
		tcpcap = 0;
	memset(tcp, 0, 20);
	put16(tcp, r->sport);
	put16(tcp + 2, r->dport);
	if (tcpcap >= 20) {
		put32(tcp + 4, r->seq);
		put32(tcp + 8, r->ack);
		tcp[12] = r->doff_byte;
		tcp[13] = r->tcp_flags;
		put16(tcp + 14, r->window);
		put16(tcp + 18, r->urg_ptr);
		memcpy(tcp + 20, tl_rec_opts(r), r->opt_len);
	}
	l3len = hlen_ip + r->l4_len;
	*caplen = 14 + hlen_ip + tcpcap;
	*wirelen = 14 + (l3len > r->ip_missing ? l3len - r->ip_missing : 0);
	if (*wirelen < *caplen)
		*wirelen = *caplen;
	return 0;
}

/* pcapng blocks are written in host byte order; the SHB's magic tells readers which. */
struct tl_blk {
	uint8_t *p;
	size_t n, cap;
	bool overflow;
};

static void blk_put(struct tl_blk *b, const void *v, size_t n)
{
	if (b->n + n > b->cap) {
		b->overflow = true;
		return;
	}
	memcpy(b->p + b->n, v, n);
	b->n += n;
}

static void blk_u16(struct tl_blk *b, uint16_t v)
{
	blk_put(b, &v, 2);
}

static void blk_u32(struct tl_blk *b, uint32_t v)
{
	blk_put(b, &v, 4);
}

static void blk_pad(struct tl_blk *b)
{
	static const uint8_t zero[4];

	blk_put(b, zero, (4 - b->n % 4) % 4);
}

static void blk_opt(struct tl_blk *b, uint16_t code, const void *v, size_t n)
{
	blk_u16(b, code);
	blk_u16(b, (uint16_t)n);
	blk_put(b, v, n);
	blk_pad(b);
}

static void blk_opt_u64(struct tl_blk *b, uint16_t code, uint64_t v)
{
	blk_opt(b, code, &v, 8);
}

/* pcapng time stamps are two 32-bit halves, high first, each in host order. */
static void blk_opt_ts(struct tl_blk *b, uint16_t code, int64_t ns)
{
	uint32_t v[2] = { (uint32_t)((uint64_t)ns >> 32), (uint32_t)ns };

	blk_opt(b, code, v, 8);
}

static size_t blk_begin(struct tl_blk *b, uint32_t type)
{
	size_t start = b->n;

	blk_u32(b, type);
	blk_u32(b, 0); /* length, patched by blk_end */
	return start;
}

static void blk_end(struct tl_blk *b, size_t start, bool opts)
{
	uint32_t len;

	if (opts)
		blk_u32(b, 0); /* opt_endofopt */
	len = (uint32_t)(b->n - start + 4);
	blk_u32(b, len);
	if (!b->overflow)
		memcpy(b->p + start + 4, &len, 4);
}

static void tl_build_header(struct tl_pcap *w, const struct tl_pcap_if *ifs)
{
	struct tl_blk b = { .p = w->hdr, .cap = sizeof(w->hdr) };
	char ns[128], desc[512];
	size_t s;

	if (w->cfg.classic) {
		blk_u32(&b, w->cfg.nano ? 0xa1b23c4d : 0xa1b2c3d4);
		blk_u16(&b, 2);
		blk_u16(&b, 4);
		blk_u32(&b, 0);
		blk_u32(&b, 0);
		blk_u32(&b, TL_SNAPLEN);
		blk_u32(&b, 1); /* LINKTYPE_ETHERNET */
		w->hdr_len = b.n;
		return;
	}
	tl_netns_name(ns, sizeof(ns));
	s = blk_begin(&b, TL_BT_SHB);
	blk_u32(&b, 0x1A2B3C4D);
	blk_u16(&b, 1);
	blk_u16(&b, 0);
	blk_u32(&b, 0xffffffff); /* section length unknown */
	blk_u32(&b, 0xffffffff);
	blk_opt(&b, 4, "tcplens (frames rebuilt from segment records)", 45);
	blk_end(&b, s, true);
	for (int i = 0; i < w->n_ifs; i++) {
		uint8_t res = w->cfg.nano ? 9 : 6; /* if_tsresol: 10^-res seconds */
		int n;

		s = blk_begin(&b, TL_BT_IDB);
		blk_u16(&b, 1); /* LINKTYPE_ETHERNET */
		blk_u16(&b, 0);
		blk_u32(&b, TL_SNAPLEN);
		blk_opt(&b, 2, ifs[i].name, strlen(ifs[i].name));
		n = snprintf(desc, sizeof(desc), "network namespace %s%s%s", ns,
			     ifs[i].desc ? "; " : "", ifs[i].desc ? ifs[i].desc : "");
		blk_opt(&b, 3, desc, (size_t)n < sizeof(desc) ? (size_t)n : sizeof(desc) - 1);
		blk_opt(&b, 9, &res, 1);
		blk_end(&b, s, true);
	}
	w->hdr_len = b.overflow ? 0 : b.n;
}

static int tl_write_all(int fd, const uint8_t *p, size_t n)
{
	while (n) {
		ssize_t k = write(fd, p, n);

		if (k < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

static int tl_open_file(const char *path, int *fd)
{
	*fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	return *fd < 0 ? -errno : 0;
}

static void *tl_writer(void *arg)
{
	struct tl_pcap *w = arg;

	for (;;) {
		struct tl_chunk *c;
		int err = 0;

		pthread_mutex_lock(&w->mu);
		while (!w->queued && !w->done)
			pthread_cond_wait(&w->cv_work, &w->mu);
		if (!w->queued) {
			pthread_mutex_unlock(&w->mu);
			break;
		}
		c = &w->chunks[w->cons];
		err = w->err;
		pthread_mutex_unlock(&w->mu);

		if (!err && c->new_file) {
			int fd;

			err = tl_open_file(c->path, &fd);
			if (!err) {
				if (w->own_fd)
					close(w->fd);
				w->fd = fd;
				w->own_fd = true;
			}
		}
		if (!err)
			err = tl_write_all(w->fd, c->data, c->len);

		pthread_mutex_lock(&w->mu);
		if (err && !w->err) {
			w->err = err;
			snprintf(w->err_path, sizeof(w->err_path), "%s",
				 c->new_file ? c->path : w->path);
		}
		w->cons = (w->cons + 1) % TL_CHUNKS;
		w->queued--;
		pthread_cond_signal(&w->cv_free);
		pthread_mutex_unlock(&w->mu);
	}
	return NULL;
}

static void tl_submit(struct tl_pcap *w)
{
	if (!w->cur || (!w->cur->len && !w->cur->new_file))
		return;
	pthread_mutex_lock(&w->mu);
	w->queued++;
	pthread_cond_signal(&w->cv_work);
	pthread_mutex_unlock(&w->mu);
	w->cur = NULL;
}

/* A chunk to fill; may_wait: block until the writer frees one, else fail when none is free. */
static int tl_take(struct tl_pcap *w, bool may_wait)
{
	int err;

	if (w->cur)
		return 0;
	pthread_mutex_lock(&w->mu);
	while (w->queued == TL_CHUNKS && !w->err && may_wait)
		pthread_cond_wait(&w->cv_free, &w->mu);
	err = w->err;
	if (!err && w->queued < TL_CHUNKS) {
		w->cur = &w->chunks[(w->cons + w->queued) % TL_CHUNKS];
		w->cur->len = 0;
		w->cur->new_file = false;
	}
	pthread_mutex_unlock(&w->mu);
	if (err)
		return err;
	if (!w->cur)
		return -EAGAIN;
	if (w->pending_file) {
		/* A new file always starts a chunk, so the writer switches files between chunks. */
		w->cur->new_file = true;
		memcpy(w->cur->path, w->next_path, sizeof(w->cur->path));
		memcpy(w->cur->data, w->hdr, w->hdr_len);
		w->cur->len = w->hdr_len;
		w->file_bytes = w->hdr_len;
		w->pending_file = false;
	}
	return 0;
}

/* n bytes at the end of the current chunk. */
static int tl_room(struct tl_pcap *w, size_t n, uint8_t **p)
{
	int err = tl_take(w, !w->cfg.live);

	if (!err && w->cur->len + n > TL_CHUNK_SIZE) {
		tl_submit(w);
		err = tl_take(w, !w->cfg.live);
	}
	if (err)
		return err;
	*p = w->cur->data + w->cur->len;
	return 0;
}

static int tl_digits(uint32_t v)
{
	int d = 1;

	while (v >= 10) {
		v /= 10;
		d++;
	}
	return d;
}

/* tcpdump's names: FILE, FILE1, FILE2 ... with -C; FILE0..FILE(W-1), padded, with -C -W. */
static void tl_file_name(const struct tl_pcap *w, int64_t ts_ns, uint32_t no, char *out, size_t len)
{
	char base[PATH_MAX - 32]; /* room for the file number */

	snprintf(base, sizeof(base), "%s", w->path);
	if (w->cfg.rotate_secs) {
		time_t t = (time_t)(ts_ns / 1000000000);
		struct tm tm;

		if (localtime_r(&t, &tm) && !strftime(base, sizeof(base), w->path, &tm))
			snprintf(base, sizeof(base), "%s", w->path);
	}
	if (w->cfg.rotate_bytes && w->cfg.max_files)
		snprintf(out, len, "%s%0*u", base, tl_digits(w->cfg.max_files - 1) & 15,
			 no % w->cfg.max_files);
	else if (w->cfg.rotate_bytes && no)
		snprintf(out, len, "%s%u", base, no);
	else
		snprintf(out, len, "%s", base);
}

int tl_pcap_open(const struct tl_pcap_cfg *cfg, const struct tl_pcap_if *ifs, int n_ifs,
		 struct tl_pcap **out)
{
	struct tl_pcap *w;
	char first[PATH_MAX];
	int err = -ENOMEM;

	*out = NULL;
	if (n_ifs < 1 || (!strcmp(cfg->path, "-") && (cfg->rotate_bytes || cfg->rotate_secs))) {
		tl_err("-C and -G need a file name: standard output cannot be rotated");
		return -EINVAL;
	}
	w = calloc(1, sizeof(*w));
	if (!w)
		goto nomem;
	w->cfg = *cfg;
	w->n_ifs = n_ifs;
	w->fd = -1;
	pthread_mutex_init(&w->mu, NULL);
	pthread_cond_init(&w->cv_work, NULL);
	pthread_cond_init(&w->cv_free, NULL);
	w->path = strdup(cfg->path);
	w->if_names = calloc((size_t)n_ifs, sizeof(*w->if_names));
	w->if_written = calloc((size_t)n_ifs, sizeof(*w->if_written));
	w->if_index = calloc((size_t)n_ifs, sizeof(*w->if_index));
	if (!w->path || !w->if_names || !w->if_written || !w->if_index)
		goto nomem;
	for (int i = 0; i < n_ifs; i++) {
		w->if_names[i] = strdup(ifs[i].name);
		w->if_index[i] = ifs[i].ifindex;
		if (!w->if_names[i])
			goto nomem;
	}
	for (int i = 0; i < TL_CHUNKS; i++) {
		w->chunks[i].data = malloc(TL_CHUNK_SIZE);
		if (!w->chunks[i].data)
			goto nomem;
	}
	tl_build_header(w, ifs);
	if (!w->hdr_len) {
		tl_err("too many interfaces or names too long for one pcapng header");
		err = -E2BIG;
		goto fail;
	}
	w->cfg.path = w->path;
	if (!strcmp(cfg->path, "-")) {
		w->fd = STDOUT_FILENO;
	} else if (cfg->rotate_secs) {
		/*
		 * -G names every file from the time of its first record and measures its period
		 * from there; the first file must too, or in replay its name is today's date
		 * while the others carry the capture's. So it is named and opened (by the writer
		 * thread, like every later file) when the first record comes.
		 */
		w->first_at_record = true;
	} else {
		struct timespec now;

		clock_gettime(CLOCK_REALTIME, &now);
		tl_file_name(w, (int64_t)now.tv_sec * 1000000000, 0, first, sizeof(first));
		err = tl_open_file(first, &w->fd);
		if (err) {
			tl_err("%s: cannot create: %s", first, strerror(-err));
			goto fail;
		}
		w->own_fd = true;
		w->files_made = 1;
	}
	err = -pthread_create(&w->thread, NULL, tl_writer, w);
	if (err) {
		tl_err("cannot start the file writer thread: %s", strerror(-err));
		goto fail;
	}
	w->thread_up = true;
	if (!w->first_at_record) {
		tl_take(w, true);
		memcpy(w->cur->data, w->hdr, w->hdr_len);
		w->cur->len = w->hdr_len;
		w->file_bytes = w->hdr_len;
	}
	*out = w;
	return 0;
nomem:
	tl_err("out of memory");
fail:
	tl_pcap_close(w, NULL);
	return err;
}

static uint32_t tl_if_id(struct tl_pcap *w, uint32_t ifindex)
{
	if (w->if_index[w->last_if] == ifindex)
		return w->last_if;
	for (int i = 0; i < w->n_ifs; i++) {
		if (w->if_index[i] == ifindex) {
			w->last_if = (uint32_t)i;
			return w->last_if;
		}
	}
	return 0;
}

/* The deferred first -G file: named from ts_ns, opened when its first chunk is written. */
static void tl_first_file(struct tl_pcap *w, int64_t ts_ns)
{
	w->first_at_record = false;
	w->file_start_ns = ts_ns;
	tl_file_name(w, ts_ns, 0, w->next_path, sizeof(w->next_path));
	w->pending_file = true;
	w->files_made = 1;
}

/* -C / -G: decide before each packet whether it opens a new file, as tcpdump does. */
static int tl_maybe_rotate(struct tl_pcap *w, int64_t ts_ns)
{
	bool by_time, by_size;

	if (w->first_at_record)
		tl_first_file(w, ts_ns);
	if (w->pending_file)
		return 0;
	if (!w->file_start_ns)
		w->file_start_ns = ts_ns;
	by_time = w->cfg.rotate_secs && (int64_t)((uint64_t)ts_ns - (uint64_t)w->file_start_ns) >=
						(int64_t)w->cfg.rotate_secs * 1000000000;
	by_size = w->cfg.rotate_bytes && w->file_bytes > w->cfg.rotate_bytes;
	if (!by_time && !by_size)
		return 0;
	if (by_time) {
		/* -G with -W (and no -C) means: stop after that many files. */
		if (w->cfg.max_files && !w->cfg.rotate_bytes && w->files_made >= w->cfg.max_files)
			return 1;
		w->file_start_ns = ts_ns;
		w->file_no = 0;
	} else {
		w->file_no++;
	}
	tl_submit(w);
	tl_file_name(w, ts_ns, w->file_no, w->next_path, sizeof(w->next_path));
	w->pending_file = true;
	w->files_made++;
	return 0;
}

int tl_pcap_record(struct tl_pcap *w, const struct tl_record *r, int64_t sec, uint32_t frac,
		   const char *comment)
{
	int64_t unit = w->cfg.nano ? 1000000000 : 1000000;
	/* In if_tsresol units; rotation and statistics compare these. A file's time stamps can
	 * be anything: the arithmetic wraps as pcapng's unsigned 64-bit field does. */
	int64_t ts = (int64_t)((uint64_t)sec * (uint64_t)unit + frac);
	int64_t ts_ns = w->cfg.nano ? ts : (int64_t)((uint64_t)ts * 1000);
	uint8_t *p;
	uint32_t caplen, wirelen;
	size_t clen = comment && comment[0] ? strnlen(comment, TL_COMMENT_MAX) : 0;
	/* The frame is built in place, after the block fields before it: no copy. */
	size_t at = w->cfg.classic ? 16 : 28;
	int err;

	err = tl_maybe_rotate(w, ts_ns);
	if (err)
		return err;
	err = tl_room(w, TL_BLOCK_MAX + TL_COMMENT_MAX + TL_PROC_ROOM, &p);
	if (err == -EAGAIN) {
		w->drops++;
		return 0;
	}
	if (err) {
		tl_err("%s: %s", w->err_path, strerror(-err));
		return err;
	}
	if (tl_frame_build(r, w->cfg.live, p + at, &caplen, &wirelen))
		return 0; /* the ring reader validated it; nothing sensible to write */
	struct tl_blk b = { .p = p, .cap = TL_BLOCK_MAX + TL_COMMENT_MAX + TL_PROC_ROOM };
	uint32_t id = tl_if_id(w, r->ifindex);

	if (w->cfg.classic) {
		blk_u32(&b, (uint32_t)sec);
		blk_u32(&b, frac);
		blk_u32(&b, caplen);
		blk_u32(&b, wirelen);
		b.n += caplen;
	} else {
		size_t s = blk_begin(&b, TL_BT_EPB);

		blk_u32(&b, id);
		blk_u32(&b, (uint32_t)((uint64_t)ts >> 32));
		blk_u32(&b, (uint32_t)ts);
		blk_u32(&b, caplen);
		blk_u32(&b, wirelen);
		b.n += caplen;
		blk_pad(&b);
		/* epb_flags direction bits: 1 inbound, 2 outbound; replay does not know it. */
		if (r->ifindex) {
			uint32_t fl = (r->flags & TL_RF_EGRESS) ? 2 : 1;

			blk_opt(&b, 2, &fl, 4);
		}
		if (clen)
			blk_opt(&b, 1, comment, clen);
		/* The process, as ptcpdump writes it: one comment per group of keys. */
		char notes[TL_PROC_NOTE_MAX];
		const char *list[TL_PROC_NOTES + 1];
		int nn = tl_proc_comments(r, notes, list);

		for (int i = 0; i < nn; i++)
			blk_opt(&b, 1, list[i], strlen(list[i]));
		blk_end(&b, s, r->ifindex || clen || nn);
	}
	w->cur->len += b.n;
	w->file_bytes += b.n;
	w->if_written[id]++;
	w->written++;
	if (!w->first_ts)
		w->first_ts = ts;
	w->last_ts = ts;
	return 0;
}

void tl_pcap_flush(struct tl_pcap *w)
{
	if (w)
		tl_submit(w);
}

uint64_t tl_pcap_drops(const struct tl_pcap *w)
{
	return w ? w->drops : 0;
}

uint64_t tl_pcap_written(const struct tl_pcap *w)
{
	return w ? w->written : 0;
}

static void tl_put_stats(struct tl_pcap *w, struct tl_blk *b, const struct tl_pcap_stats *st)
{
	struct timespec now;
	int64_t now_ts;
	char text[256];
	int n;

	clock_gettime(CLOCK_REALTIME, &now);
	/* if_tsresol units, like every time stamp of the interface */
	if (w->cfg.live)
		now_ts = w->cfg.nano ? (int64_t)now.tv_sec * 1000000000 + now.tv_nsec
				     : (int64_t)now.tv_sec * 1000000 + now.tv_nsec / 1000;
	else
		now_ts = w->last_ts;
	for (int i = 0; i < w->n_ifs; i++) {
		size_t s = blk_begin(b, TL_BT_ISB);

		blk_u32(b, (uint32_t)i);
		blk_u32(b, (uint32_t)((uint64_t)now_ts >> 32));
		blk_u32(b, (uint32_t)now_ts);
		/* The hook counts all interfaces together: the totals go in the first block. */
		if (i == 0 && st && st->valid) {
			n = snprintf(
				text, sizeof(text),
				"tcplens: %d interface(s); kernel counters are totals over all of "
				"them; ifdrop = ring buffer full, osdrop = file writer behind "
				"the traffic",
				w->n_ifs);
		} else {
			n = snprintf(text, sizeof(text),
				     "tcplens: usrdeliv = segments written for this interface%s",
				     st && st->valid
					     ? "; kernel counters are in interface 0's block"
					     : "");
		}
		blk_opt(b, 1, text, (size_t)n < sizeof(text) ? (size_t)n : sizeof(text) - 1);
		if (w->first_ts) {
			blk_opt_ts(b, 2, w->first_ts);
			blk_opt_ts(b, 3, w->last_ts);
		}
		if (i == 0 && st && st->valid) {
			blk_opt_u64(b, 4, st->cnt[TL_CNT_SEEN]);
			blk_opt_u64(b, 5, st->cnt[TL_CNT_RING_FULL]);
			blk_opt_u64(b, 6, st->cnt[TL_CNT_EMITTED] + st->cnt[TL_CNT_RING_FULL]);
			blk_opt_u64(b, 7, w->drops);
		}
		blk_opt_u64(b, 8, w->if_written[i]);
		blk_end(b, s, true);
	}
}

int tl_pcap_close(struct tl_pcap *w, const struct tl_pcap_stats *st)
{
	int err = 0;

	if (!w)
		return 0;
	if (w->thread_up) {
		uint8_t *p;

		/* Closing may wait for the disk: nothing is lost by waiting now. */
		w->cfg.live = false;
		if (w->first_at_record) {
			/* No record came: -w still leaves a (header-only) file, named now. */
			struct timespec now;

			clock_gettime(CLOCK_REALTIME, &now);
			tl_first_file(w, (int64_t)now.tv_sec * 1000000000);
			tl_take(w, true);
		}
		if (!w->cfg.classic && !tl_room(w, 4096 + (size_t)w->n_ifs * 512, &p)) {
			struct tl_blk b = { .p = p, .cap = 4096 + (size_t)w->n_ifs * 512 };

			tl_put_stats(w, &b, st);
			if (!b.overflow)
				w->cur->len += b.n;
		}
		tl_submit(w);
		pthread_mutex_lock(&w->mu);
		w->done = true;
		pthread_cond_signal(&w->cv_work);
		pthread_mutex_unlock(&w->mu);
		pthread_join(w->thread, NULL);
		err = w->err;
		if (err)
			tl_err("%s: %s", w->err_path, strerror(-err));
	}
	if (w->own_fd && close(w->fd) && !err) {
		err = -errno;
		tl_err("%s: %s", w->path, strerror(-err));
	}
	pthread_cond_destroy(&w->cv_work);
	pthread_cond_destroy(&w->cv_free);
	pthread_mutex_destroy(&w->mu);
	for (int i = 0; i < TL_CHUNKS; i++)
		free(w->chunks[i].data);
	for (int i = 0; w->if_names && i < w->n_ifs; i++)
		free(w->if_names[i]);
	free(w->if_names);
	free(w->if_index);
	free(w->if_written);
	free(w->path);
	free(w);
	return err;
}
