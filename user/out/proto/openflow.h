/* SPDX-License-Identifier: GPL-2.0-only */
/* What OpenFlow's three files share (openflow.c, openflow10.c, openflow13.c): a message type's
 * rules and body printer, and the fields print-openflow.c prints the same way in 1.0 and 1.3. */
#ifndef TL_OPENFLOW_H
#define TL_OPENFLOW_H

#include "out/proto/proto.h"

#define TL_OF_HEADER 8

enum { TL_OF_ANY, TL_OF_FIX, TL_OF_MIN };

/*
 * A message type: its name, the rule its body length (the message minus the 8-byte header)
 * must keep, and the printer -v runs on a body that keeps it (NULL: the body is only checked
 * to be captured). A printer gets the body's offset and its declared length, which may run
 * past the segment: it prints what is captured and stops where the capture does.
 */
struct tl_of_type {
	const char *name;
	void (*body)(struct tl_dec *d, size_t cp, uint32_t len);
	uint8_t rule;
	uint8_t min; /* the length the rule compares with */
};

/* of10_identify_msgtype, of13_identify_msgtype: NULL past the last type. */
const struct tl_of_type *tl_of10_type(uint8_t type);
const struct tl_of_type *tl_of13_type(uint8_t type);

/* of_bitmap_print: " (NAMES)" when an assigned bit is set, " (bogus)" when one of u is. */
void tl_of_bitmap(struct tl_dec *d, const struct tl_tok *t, uint32_t v, uint32_t u);

/* of_data_print: "\n\t data (N octets)", at -vv its hex and text. */
void tl_of_data(struct tl_dec *d, size_t cp, uint32_t len);

/* The ERROR message's body, either version: its type, code and data. types names the types;
 * codes[type] each type's codes (NULL or past ncodes: none named). */
void tl_of_error(struct tl_dec *d, size_t cp, uint32_t len, const struct tl_tok *types,
		 const struct tl_tok *const *codes, size_t ncodes);

/* of_vendor_name: an OUI's owner, or for ids with a high byte ONF's experimenter names. */
const char *tl_of_vendor_name(uint32_t vendor);

/* nd_print_invalid and the check that the rest is captured: a body or list cut short. */
void tl_of_invalid(struct tl_dec *d, size_t cp, uint32_t len);

/* GET_ETHERADDR_STRING with -n. */
void tl_of_mac(struct tl_dec *d, size_t cp);

/* tok2str(t, "PREFIX0x%0Nx)", v): the name, else prefix, the hex and ")"; t may be NULL. */
void tl_of_tok_hex(struct tl_dec *d, const struct tl_tok *t, uint32_t v, const char *prefix,
		   unsigned int width);

/* Fields of one line: "LABEL'string'" of at most n bytes up to a NUL; "LABEL0x%08x" and
 * its bitmap; "LABEL%llu", "LABEL%u" of 8, 4 and 2 bytes. The numbers are read before the
 * label is printed, as tcpdump's GET_* in ND_PRINT's arguments are: one cut by the capture
 * prints nothing; the string prints what is captured of it. */
void tl_of_str(struct tl_dec *d, const char *label, size_t cp, size_t n);
void tl_of_bits32(struct tl_dec *d, const char *label, size_t cp, const struct tl_tok *t,
		  uint32_t u);
void tl_of_u64(struct tl_dec *d, const char *label, size_t cp);
void tl_of_u32(struct tl_dec *d, const char *label, size_t cp);
void tl_of_u16(struct tl_dec *d, const char *label, size_t cp);

/* "0x%08x" and "0x%016llx". */
void tl_of_hex32(struct tl_dec *d, uint32_t v);
void tl_of_hex64(struct tl_dec *d, uint64_t v);

#endif
