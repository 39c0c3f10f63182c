/* SPDX-License-Identifier: GPL-2.0-only */
/* One place for user-facing messages: "tcplens: what failed (what to do)" on stderr. */
#ifndef TL_LOG_H
#define TL_LOG_H

extern int tl_verbose; /* each --debug raises it; libbpf's debug output needs 2 */

void tl_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void tl_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void tl_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Route libbpf's own messages through our verbosity levels. */
void tl_log_setup_libbpf(void);

#endif
