/* SPDX-License-Identifier: GPL-2.0-only */
/* Between the option table (opts.c) and the checks of the options as a whole (opts_check.c). */
#ifndef TL_OPTS_INT_H
#define TL_OPTS_INT_H

#include "opts.h"

/* Step 2: options that each parse but do not go together. One message, exit code 2. */
int tl_opts_check(const struct tl_opts *o);
/* Step 3: settings that follow from the options as a whole. */
void tl_opts_derive(struct tl_opts *o);

#endif
