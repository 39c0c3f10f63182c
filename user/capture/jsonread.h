/* SPDX-License-Identifier: GPL-2.0-only */
/* Reading a few values out of a JSON text: what container runtimes answer. */
#ifndef TL_JSONREAD_H
#define TL_JSONREAD_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Every function takes p, the start of a value (leading white space allowed) in a
 * NUL-terminated text, and returns NULL for malformed input or a value of another type.
 */

/* Past the value at p (and the white space after it). */
const char *tl_json_skip(const char *p);

/* The value of key in the object at p. */
const char *tl_json_get(const char *p, const char *key);

/* The path of keys a.b.c, each looked up in the object the one before gave. */
const char *tl_json_path(const char *p, const char *path);

/* The array at p: its first element; then each next one after elem; NULL at the end. */
const char *tl_json_first(const char *p);
const char *tl_json_next(const char *elem);

/* The string at p, unescaped (\uXXXX beyond ASCII becomes '?'), cut to len - 1 bytes. */
bool tl_json_str(const char *p, char *out, size_t len);

/* The whole number at p. */
bool tl_json_int(const char *p, long long *out);

#endif
