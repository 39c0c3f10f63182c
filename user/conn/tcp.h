/* SPDX-License-Identifier: GPL-2.0-only */
/* TCP wire facts every layer reads the same way: flag bits, sequence order, big-endian fields. */
#ifndef TL_TCP_H
#define TL_TCP_H

#include <stdbool.h>
#include <stdint.h>

/* The flags byte (header byte 13, RFC 9293 and RFC 3168 for ECE/CWR). */
#define TL_TH_FIN 0x01
#define TL_TH_SYN 0x02
#define TL_TH_RST 0x04
#define TL_TH_PSH 0x08
#define TL_TH_ACK 0x10
#define TL_TH_URG 0x20
#define TL_TH_ECE 0x40
#define TL_TH_CWR 0x80

/* tcpdump's letter for each flag bit, lowest bit first ("." is ACK). */
#define TL_TH_LETTERS "FSRP.UEW"

/* Sequence order modulo 2^32 (RFC 9293 3.4; Wireshark's GT_SEQ/LT_SEQ/LE_SEQ). */
static inline bool tl_seq_gt(uint32_t a, uint32_t b)
{
	return (int32_t)(a - b) > 0;
}

static inline bool tl_seq_lt(uint32_t a, uint32_t b)
{
	return (int32_t)(a - b) < 0;
}

static inline bool tl_seq_le(uint32_t a, uint32_t b)
{
	return (int32_t)(a - b) <= 0;
}

/* Header and option fields are big-endian and may sit at any alignment. */
static inline uint16_t tl_be16(const uint8_t *b)
{
	return (uint16_t)(b[0] << 8 | b[1]);
}

static inline uint32_t tl_be32(const uint8_t *b)
{
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

static inline uint64_t tl_be64(const uint8_t *b)
{
	return (uint64_t)tl_be32(b) << 32 | tl_be32(b + 4);
}

/*
 * tcpdump 4.99.3's name of an option kind (print-tcp.c's tcp_option_values): "uto" for 28, ""
 * for CC.ECHO (13), "exp" for 254; NULL for a kind it has no name for (it prints unknown-K).
 */
const char *tl_tcpopt_name(unsigned int kind);

#endif
