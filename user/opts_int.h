/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the parts of the command line share: the option table (opts_table.c), the parser and
 * --help it drives (opts.c), and the checks of the options as a whole (opts_check.c).
 */
#ifndef TL_OPTS_INT_H
#define TL_OPTS_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "opts.h"

enum tl_opt_kind {
	TL_OPT_SET,    /* the bool at off becomes set */
	TL_OPT_COUNT,  /* the int at off counts the option's occurrences */
	TL_OPT_UINT,   /* a whole number in [min, max]: handed to fn, else stored at off */
	TL_OPT_ENUM,   /* one of names (else the message in bad): its index is handed to fn */
	TL_OPT_STR,    /* the const char * at off points to the argument */
	TL_OPT_FN,     /* fn does it all (and may refuse it) */
	TL_OPT_IGNORE, /* accepted for tcpdump's sake, meaningless here */
	TL_OPT_DOC,    /* one more --help line about the option above (or the expression) */
};

/* fn returns 0, an exit code after one message, or TL_OPTS_EXIT. */
typedef int (*tl_opt_fn)(struct tl_opts *o, const char *arg, unsigned long v);

struct tl_opt {
	const char *long_name;	  /* NULL: short name only */
	const char *arg;	  /* the argument's name in --help; NULL: takes none */
	const char *label;	  /* --help's left column when "-x, --name ARG" is not it */
	const char *help;	  /* '\n' starts a continuation line */
	size_t off;		  /* of the field in struct tl_opts: SET, COUNT, UINT, STR */
	unsigned long min, max;	  /* UINT */
	const char *what;	  /* UINT: what the number is, for the range message */
	const char *const *names; /* ENUM: NULL-terminated */
	const char *bad;	  /* ENUM: the message for anything else, %s the argument */
	tl_opt_fn fn;
	enum tl_opt_kind kind;
	char short_name; /* 0: long name only */
	bool set;	 /* SET: the value stored */
};

/* The offset of field f, which must have type t: a wrong type does not compile. */
/* NOLINTNEXTLINE(bugprone-macro-parentheses): f is a member designator, t a type name */
#define TL_AT(f, t) .off = _Generic(((struct tl_opts *)0)->f, t : offsetof(struct tl_opts, f))
#define TL_FLAG(f)  .kind = TL_OPT_SET, TL_AT(f, bool), .set = true

/* Every option, in --help's order: tl_opts_count rows, at most TL_OPTS_MAX. */
#define TL_OPTS_MAX 256
extern const struct tl_opt tl_opts_table[];
extern const size_t tl_opts_count;

/* Step 2: options that each parse but do not go together. One message, exit code 2. */
int tl_opts_check(const struct tl_opts *o);
/* Step 3: settings that follow from the options as a whole. */
void tl_opts_derive(struct tl_opts *o);

#endif
