// SPDX-License-Identifier: GPL-2.0-only
/* Message helpers: every line starts with "tcplens: " and ends with a newline. */
#include <stdarg.h>
#include <stdio.h>
#include <bpf/libbpf.h>

#include "log.h"

int tl_verbose;

static void vlog(const char *fmt, va_list ap)
{
	fputs("tcplens: ", stderr);
	/* Every caller did va_start; LLVM 14's analyzer loses track across the call. */
	/* NOLINTNEXTLINE(clang-analyzer-valist.Uninitialized) */
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void tl_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(fmt, ap);
	va_end(ap);
}

void tl_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(fmt, ap);
	va_end(ap);
}

void tl_debug(const char *fmt, ...)
{
	va_list ap;

	if (tl_verbose < 1)
		return;
	va_start(ap, fmt);
	vlog(fmt, ap);
	va_end(ap);
}

static int libbpf_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	/* libbpf explains verifier rejections at WARN level; they matter only when debugging. */
	if ((level == LIBBPF_DEBUG && tl_verbose < 2) || (level != LIBBPF_DEBUG && tl_verbose < 1))
		return 0;
	return vfprintf(stderr, fmt, ap);
}

void tl_log_setup_libbpf(void)
{
	libbpf_set_print(libbpf_print);
}
