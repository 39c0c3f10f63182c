/* SPDX-License-Identifier: GPL-2.0-only */
/* tcpdump's names (no -n): TCP port names from /etc/services, host names by reverse lookup,
 * MAC addresses' names from the ethers database. */
#ifndef TL_NAMES_H
#define TL_NAMES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Longest host or port name written. DNS names stop at 253 bytes; a longer /etc/hosts or
 * /etc/services name is cut here, which keeps a line within TL_PRINT_LINE_MAX.
 */
#define TL_NAME_MAX 255

/*
 * The reverse lookup itself: the name of family's (4 or 6) address into name (room for
 * len - 1 bytes and a NUL). Its length, or a negative value when there is none. Runs on a
 * resolver thread when live.
 */
typedef int (*tl_names_lookup_fn)(void *ctx, uint8_t family, const uint8_t *addr, char *name,
				  size_t len);

/* The ethers lookup: the name of a MAC address (6 bytes) into name, as tl_names_lookup_fn. */
typedef int (*tl_names_ether_fn)(void *ctx, const uint8_t *mac, char *name, size_t len);

struct tl_names_cfg {
	const char *services; /* NULL: /etc/services */
	bool live;	      /* resolver threads and bounded waits; else lookups in line (-r) */
	bool strip_domain;    /* -N: "host.example.com" prints "host" */
	uint32_t wait_ms;     /* live: how long after its capture a line may wait for a name */
	tl_names_lookup_fn lookup; /* NULL: gethostbyaddr_r, as tcpdump's gethostbyaddr */
	void *lookup_ctx;
	tl_names_ether_fn ether; /* NULL: ether_ntohost, as tcpdump's etheraddr_string */
	void *ether_ctx;
};

struct tl_names;

/* Reads the services file (none is not an error: ports print as numbers, as in tcpdump),
 * starts the resolver threads when live. 0 or a negative errno. */
int tl_names_new(const struct tl_names_cfg *cfg, struct tl_names **out);
/* NULL ok. A resolver thread still inside a slow lookup finishes it alone and exits. */
void tl_names_free(struct tl_names *n);

/*
 * A new line begins, for a segment captured at ts_ns (ns since the epoch). Live, its
 * lookups may wait until ts_ns + wait_ms, and never longer than wait_ms from now: the output
 * never falls more than wait_ms behind the traffic because of names.
 */
void tl_names_line(struct tl_names *n, int64_t ts_ns);

/*
 * The host's name written at c, returning the end; NULL when the number is to be printed:
 * the lookup found nothing, or (live) did not answer in time, which counts the line as late.
 */
char *tl_names_put_host(struct tl_names *n, char *c, uint8_t family, const uint8_t *addr);

/* The TCP port's name from the services file written at c, returning the end; else NULL. */
char *tl_names_put_port(const struct tl_names *n, char *c, uint16_t port);

/*
 * The MAC address's name from the ethers database (/etc/ethers) written at c, returning the
 * end; NULL when it has none and the number is to be printed.
 */
char *tl_names_put_mac(struct tl_names *n, char *c, const uint8_t *mac);

/*
 * "name.port" as the line writes one end of a connection, for the reports (--summary,
 * --ladder): never waits live, counts nothing. n NULL: numbers. buf gets at least the number.
 */
void tl_names_endpoint(struct tl_names *n, uint8_t family, const uint8_t *addr, uint16_t port,
		       char *buf, size_t len);

/* Room for tl_names_endpoint's longest text, NUL included. */
#define TL_NAMES_ENDPOINT_TEXT (2 * TL_NAME_MAX + 2)

/* Lines that printed an address as a number because its lookup was still running. */
uint64_t tl_names_late(const struct tl_names *n);

#endif
