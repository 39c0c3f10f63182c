// SPDX-License-Identifier: GPL-2.0-only
/* Reading a few values out of a JSON text. Runtimes answer with kilobytes of JSON of which
 * tcplens wants four fields: a walk over the text is enough, nothing is built. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "capture/jsonread.h"

/* Nesting deeper than any runtime's answer: refused, so hostile input cannot recurse far. */
#define TL_JSON_DEPTH 64

static const char *ws(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	return p;
}

/* Past the string at p (at its opening quote). */
static const char *skip_str(const char *p)
{
	for (p++; *p && *p != '"'; p++)
		if (*p == '\\' && !*++p)
			return NULL;
	return *p ? p + 1 : NULL;
}

static const char *skip(const char *p, int depth)
{
	p = ws(p);
	if (depth > TL_JSON_DEPTH)
		return NULL;
	if (*p == '"')
		p = skip_str(p);
	else if (*p == '{' || *p == '[') {
		char close = *p == '{' ? '}' : ']';

		p = ws(p + 1);
		while (p && *p != close) {
			if (close == '}') {
				p = *p == '"' ? skip_str(p) : NULL;
				p = p ? ws(p) : NULL;
				if (!p || *p != ':')
					return NULL;
				p++;
			}
			p = skip(p, depth + 1);
			if (p && *p == ',')
				p = ws(p + 1);
			else if (p && *p != close)
				return NULL;
		}
		p = p ? p + 1 : NULL;
	} else if (*p == '-' || (*p >= '0' && *p <= '9')) {
		p += *p == '-';
		while ((*p >= '0' && *p <= '9') || *p == '.' || *p == 'e' || *p == 'E' ||
		       *p == '+' || *p == '-')
			p++;
	} else if (!strncmp(p, "true", 4) || !strncmp(p, "null", 4)) {
		p += 4;
	} else if (!strncmp(p, "false", 5)) {
		p += 5;
	} else {
		return NULL;
	}
	return p ? ws(p) : NULL;
}

const char *tl_json_skip(const char *p)
{
	return p ? skip(p, 0) : NULL;
}

const char *tl_json_get(const char *p, const char *key)
{
	size_t klen = strlen(key);

	if (!p || *(p = ws(p)) != '{')
		return NULL;
	p = ws(p + 1);
	while (*p == '"') {
		const char *k = p + 1, *v;

		p = skip_str(p);
		if (!p || *(p = ws(p)) != ':')
			return NULL;
		v = ws(p + 1);
		/* Keys with escapes are not ones we look for. */
		if ((size_t)(p - k) >= klen + 1 && !strncmp(k, key, klen) && k[klen] == '"')
			return v;
		p = tl_json_skip(v);
		if (!p || *p != ',')
			return NULL;
		p = ws(p + 1);
	}
	return NULL;
}

const char *tl_json_path(const char *p, const char *path)
{
	char key[64];

	while (p && *path) {
		size_t n = strcspn(path, ".");

		if (n >= sizeof(key))
			return NULL;
		memcpy(key, path, n);
		key[n] = '\0';
		p = tl_json_get(p, key);
		path += n + (path[n] == '.');
	}
	return p;
}

const char *tl_json_first(const char *p)
{
	if (!p || *(p = ws(p)) != '[')
		return NULL;
	p = ws(p + 1);
	return *p == ']' ? NULL : p;
}

const char *tl_json_next(const char *elem)
{
	const char *p = tl_json_skip(elem);

	if (!p || *p != ',')
		return NULL;
	return ws(p + 1);
}

bool tl_json_str(const char *p, char *out, size_t len)
{
	size_t n = 0;

	if (!p || *(p = ws(p)) != '"' || !len)
		return false;
	for (p++; *p != '"'; p++) {
		char c = *p;

		if (!c)
			return false;
		if (c == '\\') {
			switch (*++p) {
			case 'n':
				c = '\n';
				break;
			case 't':
				c = '\t';
				break;
			case 'r':
				c = '\r';
				break;
			case 'b':
				c = '\b';
				break;
			case 'f':
				c = '\f';
				break;
			case 'u': {
				unsigned int u = 0;

				for (int i = 1; i <= 4; i++) {
					const char *h = strchr("0123456789abcdef", p[i] | 0x20);

					if (!p[i] || !h)
						return false;
					u = u * 16 + (unsigned int)(h - "0123456789abcdef");
				}
				c = u < 0x80 ? (char)u : '?';
				p += 4;
				break;
			}
			case '\0':
				return false;
			default: /* \" \\ \/ */
				c = *p;
			}
		}
		if (n + 1 < len)
			out[n++] = c;
	}
	out[n] = '\0';
	return true;
}

bool tl_json_int(const char *p, long long *out)
{
	char *end;

	if (!p)
		return false;
	p = ws(p);
	if (*p != '-' && (*p < '0' || *p > '9'))
		return false;
	errno = 0;
	*out = strtoll(p, &end, 10);
	return !errno && end != p && *end != '.' && *end != 'e' && *end != 'E';
}
