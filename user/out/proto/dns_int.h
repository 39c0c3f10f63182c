/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the parts of the DNS printer (user/out/proto/dns*.c) share: record types, the
 * "could not follow" offset, names (dns_name.c) and resource records (dns_rr.c). Private to
 * those files: the rest of tcplens sees tl_dec_domain() and tl_app_dns() in proto.h and app.h.
 */
#ifndef TL_DNS_INT_H
#define TL_DNS_INT_H

#include "out/proto/proto.h"

/* A name or record that could not be followed: print-domain.c's NULL pointer. */
#define TL_NIL SIZE_MAX

#define TL_T_A	     1
#define TL_T_NS	     2
#define TL_T_CNAME   5
#define TL_T_SOA     6
#define TL_T_PTR     12
#define TL_T_MX	     15
#define TL_T_TXT     16
#define TL_T_AAAA    28
#define TL_T_SRV     33
#define TL_T_A6	     38
#define TL_T_DNAME   39
#define TL_T_OPT     41
#define TL_T_UNSPECA 104
#define TL_T_TSIG    250
#define TL_T_URI     256
#define TL_C_IN	     1

/* dns_name.c: names, skipped or printed. */
size_t tl_dns_skip(struct tl_dec *d, size_t cp);
size_t tl_dns_name(struct tl_dec *d, size_t cp, size_t bp);

/* dns_rr.c: resource records, and the type and class names questions print too. */
extern const struct tl_tok tl_ns_types[];
void tl_dns_class(struct tl_dec *d, uint32_t class);
size_t tl_dns_record(struct tl_dec *d, size_t cp, size_t bp);

#endif
