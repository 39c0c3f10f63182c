// SPDX-License-Identifier: GPL-2.0-only
/* PPTP control messages (RFC 2637, port 1723), as print-pptp.c prints them. */
#include "out/proto/proto.h"

#define TL_PPTP_MAGIC 0x1a2b3c4d

enum {
	TL_SCCRQ = 1,
	TL_SCCRP,
	TL_STOPCCRQ,
	TL_STOPCCRP,
	TL_ECHORQ,
	TL_ECHORP,
	TL_OCRQ,
	TL_OCRP,
	TL_ICRQ,
	TL_ICRP,
	TL_ICCN,
	TL_CCRQ,
	TL_CDN,
	TL_WEN,
	TL_SLI,
};

static const char *const tl_pptp_types[] = {
	"NOT_DEFINED", "SCCRQ", "SCCRP", "StopCCRQ", "StopCCRP", "ECHORQ", "ECHORP", "OCRQ",
	"OCRP",	       "ICRQ",	"ICRP",	 "ICCN",     "CCRQ",	 "CDN",	   "WEN",    "SLI",
};

static const struct tl_tok tl_pptp_btype[] = { { 1, "A" }, { 2, "D" }, { 3, "Any" }, { 0, NULL } };
static const struct tl_tok tl_pptp_ftype[] = { { 1, "A" }, { 2, "S" }, { 3, "E" }, { 0, NULL } };
static const struct tl_tok tl_pptp_errcode[] = {
	{ 0, "None" },	      { 1, "Not-Connected" }, { 2, "Bad-Format" }, { 3, "Bad-Value" },
	{ 4, "No-Resource" }, { 5, "Bad-Call-ID" },   { 6, "PAC-Error" },  { 0, NULL },
};
static const struct tl_tok tl_pptp_sccrp[] = {
	{ 1, "Successful channel establishment" },
	{ 2, "General error" },
	{ 3, "Command channel already exists" },
	{ 4, "Requester is not authorized to establish a command channel" },
	{ 5, "The protocol version of the requester is not supported" },
	{ 0, NULL },
};
static const struct tl_tok tl_pptp_echorp[] = { { 1, "OK" }, { 2, "General Error" }, { 0, NULL } };
static const struct tl_tok tl_pptp_ocrp[] = {
	{ 1, "Connected" },    { 2, "General Error" }, { 3, "No Carrier" },    { 4, "Busy" },
	{ 5, "No Dial Tone" }, { 6, "Time-out" },      { 7, "Do Not Accept" }, { 0, NULL },
};
static const struct tl_tok tl_pptp_icrp[] = {
	{ 1, "Connect" },
	{ 2, "General Error" },
	{ 3, "Do Not Accept" },
	{ 0, NULL },
};
static const struct tl_tok tl_pptp_cdn[] = {
	{ 1, "Lost Carrier" }, { 2, "General Error" }, { 3, "Admin Shutdown" }, { 4, "Request" },
	{ 0, NULL },
};

/* A 1-, 2- or 4-byte field, big-endian. */
static uint32_t tl_pptp_get(struct tl_dec *d, size_t off, size_t size)
{
	if (size == 1)
		return tl_dec_u8(d, off);
	if (size == 2)
		return tl_dec_be16(d, off);
	return tl_dec_be32(d, off);
}

/* " NAME(%u)" of a field: the field is read before anything is printed. */
static void tl_pptp_uint(struct tl_dec *d, const char *name, size_t off, size_t size)
{
	uint32_t v = tl_pptp_get(d, off, size);

	tl_dec_str(d, name);
	tl_dec_u32(d, v);
	tl_dec_ch(d, ')');
}

/* " [ERROR: reserved=N must be zero]" for a reserved field that is not. */
static void tl_pptp_rsv(struct tl_dec *d, size_t off, size_t size)
{
	uint32_t v = tl_pptp_get(d, off, size);

	if (v) {
		TL_DEC_PUT(d, " [ERROR: reserved=");
		tl_dec_u32(d, v);
		TL_DEC_PUT(d, " must be zero]");
	}
}

static void tl_pptp_proto_ver(struct tl_dec *d, size_t off)
{
	uint32_t v = tl_dec_be16(d, off);

	TL_DEC_PUT(d, " PROTO_VER(");
	tl_dec_u32(d, v >> 8);
	tl_dec_ch(d, '.');
	tl_dec_u32(d, v & 0xff);
	tl_dec_ch(d, ')');
}

/* " NAME(%u)" of a code byte, ":name" after the number with -v where there is a table. */
static void tl_pptp_code(struct tl_dec *d, const char *name, size_t off, const struct tl_tok *t)
{
	uint32_t v = tl_dec_u8(d, off);

	tl_dec_str(d, name);
	tl_dec_u32(d, v);
	if (d->vflag && t) {
		tl_dec_ch(d, ':');
		tl_dec_str(d, tl_tok_or(t, v, "?"));
	}
	tl_dec_ch(d, ')');
}

static void tl_pptp_result(struct tl_dec *d, size_t off, int type)
{
	const struct tl_tok *t = NULL;

	/* StopCCRP's names are ECHORP's in 4.99.3. */
	switch (type) {
	case TL_SCCRP:
		t = tl_pptp_sccrp;
		break;
	case TL_STOPCCRP:
	case TL_ECHORP:
		t = tl_pptp_echorp;
		break;
	case TL_OCRP:
		t = tl_pptp_ocrp;
		break;
	case TL_ICRP:
		t = tl_pptp_icrp;
		break;
	case TL_CDN:
		t = tl_pptp_cdn;
		break;
	default:
		break;
	}
	tl_pptp_code(d, " RESULT_CODE(", off, t);
}

static void tl_pptp_err(struct tl_dec *d, size_t off)
{
	tl_pptp_code(d, " ERR_CODE(", off, tl_pptp_errcode);
}

static void tl_pptp_framing_cap(struct tl_dec *d, size_t off)
{
	TL_DEC_PUT(d, " FRAME_CAP(");
	if (tl_dec_be32(d, off) & 1)
		tl_dec_ch(d, 'A');
	if (tl_dec_be32(d, off) & 2)
		tl_dec_ch(d, 'S');
	tl_dec_ch(d, ')');
}

static void tl_pptp_bearer_cap(struct tl_dec *d, size_t off)
{
	uint32_t v = tl_dec_be32(d, off);

	TL_DEC_PUT(d, " BEARER_CAP(");
	if (v & 2)
		tl_dec_ch(d, 'D');
	if (v & 1)
		tl_dec_ch(d, 'A');
	tl_dec_ch(d, ')');
}

static void tl_pptp_typed(struct tl_dec *d, const char *name, const struct tl_tok *t, size_t off)
{
	uint32_t v = tl_dec_be32(d, off);

	tl_dec_str(d, name);
	tl_dec_str(d, tl_tok_or(t, v, "?"));
	tl_dec_ch(d, ')');
}

/* " NAME(" up to n bytes of a NUL-padded string ")". */
static void tl_pptp_string(struct tl_dec *d, const char *name, size_t off, uint32_t n)
{
	tl_dec_str(d, name);
	tl_dec_printjnp(d, off, n);
	tl_dec_ch(d, ')');
}

/* The body of one control message; offsets from the body's start at 12. */
static void tl_pptp_body(struct tl_dec *d, uint32_t type)
{
	const size_t b = 12;
	uint32_t n;

	switch (type) {
	case TL_SCCRQ:
	case TL_SCCRP:
		tl_pptp_proto_ver(d, b);
		if (type == TL_SCCRQ) {
			tl_pptp_rsv(d, b + 2, 2);
		} else {
			tl_pptp_result(d, b + 2, TL_SCCRP);
			tl_pptp_err(d, b + 3);
		}
		tl_pptp_framing_cap(d, b + 4);
		tl_pptp_bearer_cap(d, b + 8);
		tl_pptp_uint(d, " MAX_CHAN(", b + 12, 2);
		tl_pptp_uint(d, " FIRM_REV(", b + 14, 2);
		tl_pptp_string(d, " HOSTNAME(", b + 16, 64);
		tl_pptp_string(d, " VENDOR(", b + 80, 64);
		break;
	case TL_STOPCCRQ: {
		uint32_t r = tl_dec_u8(d, b);

		TL_DEC_PUT(d, " REASON(");
		tl_dec_u32(d, r);
		if (d->vflag)
			tl_dec_str(d, r == 1   ? ":None"
				      : r == 2 ? ":Stop-Protocol"
				      : r == 3 ? ":Stop-Local-Shutdown"
					       : ":?");
		tl_dec_ch(d, ')');
		tl_pptp_rsv(d, b + 1, 1);
		tl_pptp_rsv(d, b + 2, 2);
		break;
	}
	case TL_STOPCCRP:
		tl_pptp_result(d, b, TL_STOPCCRP);
		tl_pptp_err(d, b + 1);
		tl_pptp_rsv(d, b + 2, 2);
		break;
	case TL_ECHORQ:
		tl_pptp_uint(d, " ID(", b, 4);
		break;
	case TL_ECHORP:
		tl_pptp_uint(d, " ID(", b, 4);
		tl_pptp_result(d, b + 4, TL_ECHORP);
		tl_pptp_err(d, b + 5);
		tl_pptp_rsv(d, b + 6, 2);
		break;
	case TL_OCRQ:
		tl_pptp_uint(d, " CALL_ID(", b, 2);
		tl_pptp_uint(d, " CALL_SER_NUM(", b + 2, 2);
		tl_pptp_uint(d, " MIN_BPS(", b + 4, 4);
		tl_pptp_uint(d, " MAX_BPS(", b + 8, 4);
		tl_pptp_typed(d, " BEARER_TYPE(", tl_pptp_btype, b + 12);
		tl_pptp_typed(d, " FRAME_TYPE(", tl_pptp_ftype, b + 16);
		tl_pptp_uint(d, " RECV_WIN(", b + 20, 2);
		tl_pptp_uint(d, " PROC_DELAY(", b + 22, 2);
		tl_pptp_uint(d, " PHONE_NO_LEN(", b + 24, 2);
		tl_pptp_rsv(d, b + 26, 2);
		TL_DEC_PUT(d, " PHONE_NO(");
		n = tl_dec_be16(d, b + 24);
		tl_dec_printjnp(d, b + 28, n < 64 ? n : 64);
		tl_dec_ch(d, ')');
		tl_pptp_string(d, " SUB_ADDR(", b + 92, 64);
		break;
	case TL_OCRP:
		tl_pptp_uint(d, " CALL_ID(", b, 2);
		tl_pptp_uint(d, " PEER_CALL_ID(", b + 2, 2);
		tl_pptp_result(d, b + 4, TL_OCRP);
		tl_pptp_err(d, b + 5);
		tl_pptp_uint(d, " CAUSE_CODE(", b + 6, 2);
		tl_pptp_uint(d, " CONN_SPEED(", b + 8, 4);
		tl_pptp_uint(d, " RECV_WIN(", b + 12, 2);
		tl_pptp_uint(d, " PROC_DELAY(", b + 14, 2);
		tl_pptp_uint(d, " PHY_CHAN_ID(", b + 16, 4);
		break;
	case TL_ICRQ:
		tl_pptp_uint(d, " CALL_ID(", b, 2);
		tl_pptp_uint(d, " CALL_SER_NUM(", b + 2, 2);
		tl_pptp_typed(d, " BEARER_TYPE(", tl_pptp_btype, b + 4);
		tl_pptp_uint(d, " PHY_CHAN_ID(", b + 8, 4);
		tl_pptp_uint(d, " DIALED_NO_LEN(", b + 12, 2);
		tl_pptp_uint(d, " DIALING_NO_LEN(", b + 14, 2);
		TL_DEC_PUT(d, " DIALED_NO(");
		n = tl_dec_be16(d, b + 12);
		tl_dec_printjnp(d, b + 16, n < 64 ? n : 64);
		tl_dec_ch(d, ')');
		TL_DEC_PUT(d, " DIALING_NO(");
		n = tl_dec_be16(d, b + 14);
		tl_dec_printjnp(d, b + 80, n < 64 ? n : 64);
		tl_dec_ch(d, ')');
		tl_pptp_string(d, " SUB_ADDR(", b + 144, 64);
		break;
	case TL_ICRP:
		tl_pptp_uint(d, " CALL_ID(", b, 2);
		tl_pptp_uint(d, " PEER_CALL_ID(", b + 2, 2);
		tl_pptp_result(d, b + 4, TL_ICRP);
		tl_pptp_err(d, b + 5);
		tl_pptp_uint(d, " RECV_WIN(", b + 6, 2);
		tl_pptp_uint(d, " PROC_DELAY(", b + 8, 2);
		tl_pptp_rsv(d, b + 10, 2);
		break;
	case TL_ICCN:
		tl_pptp_uint(d, " PEER_CALL_ID(", b, 2);
		tl_pptp_rsv(d, b + 2, 2);
		tl_pptp_uint(d, " CONN_SPEED(", b + 4, 4);
		tl_pptp_uint(d, " RECV_WIN(", b + 8, 2);
		tl_pptp_uint(d, " PROC_DELAY(", b + 10, 2);
		tl_pptp_typed(d, " FRAME_TYPE(", tl_pptp_ftype, b + 12);
		break;
	case TL_CCRQ:
		tl_pptp_uint(d, " CALL_ID(", b, 2);
		tl_pptp_rsv(d, b + 2, 2);
		break;
	case TL_CDN:
		tl_pptp_uint(d, " CALL_ID(", b, 2);
		tl_pptp_result(d, b + 2, TL_CDN);
		tl_pptp_err(d, b + 3);
		tl_pptp_uint(d, " CAUSE_CODE(", b + 4, 2);
		tl_pptp_rsv(d, b + 6, 2);
		tl_pptp_string(d, " CALL_STATS(", b + 8, 128);
		break;
	case TL_WEN:
		tl_pptp_uint(d, " PEER_CALL_ID(", b, 2);
		tl_pptp_rsv(d, b + 2, 2);
		tl_pptp_uint(d, " CRC_ERR(", b + 4, 4);
		tl_pptp_uint(d, " FRAMING_ERR(", b + 8, 4);
		tl_pptp_uint(d, " HARDWARE_OVERRUN(", b + 12, 4);
		tl_pptp_uint(d, " BUFFER_OVERRUN(", b + 16, 4);
		tl_pptp_uint(d, " TIMEOUT_ERR(", b + 20, 4);
		tl_pptp_uint(d, " ALIGN_ERR(", b + 24, 4);
		break;
	case TL_SLI: {
		uint32_t v;

		tl_pptp_uint(d, " PEER_CALL_ID(", b, 2);
		tl_pptp_rsv(d, b + 2, 2);
		v = tl_dec_be32(d, b + 4);
		TL_DEC_PUT(d, " SEND_ACCM(0x");
		tl_dec_hexw(d, v, 8);
		tl_dec_ch(d, ')');
		v = tl_dec_be32(d, b + 8);
		TL_DEC_PUT(d, " RECV_ACCM(0x");
		tl_dec_hexw(d, v, 8);
		tl_dec_ch(d, ')');
		break;
	}
	default:
		break;
	}
}

/* pptp_print(): the common header, then the message's fields; it reads whatever is captured,
 * whatever the length says. */
void tl_dec_pptp(struct tl_dec *d, uint32_t len)
{
	uint32_t mc, type;

	(void)len;
	d->proto = "pptp";
	TL_DEC_PUT(d, ": pptp");
	if (d->vflag) {
		uint32_t l = tl_dec_be16(d, 0), t;

		TL_DEC_PUT(d, " Length=");
		tl_dec_u32(d, l);
		t = tl_dec_be16(d, 2);
		tl_dec_str(d, t == 1 ? " CTRL-MSG" : t == 2 ? " MGMT-MSG" : " UNKNOWN-MSG-TYPE");
	}
	mc = tl_dec_be32(d, 4);
	if (mc != TL_PPTP_MAGIC) {
		TL_DEC_PUT(d, " UNEXPECTED Magic-Cookie!!(");
		tl_dec_hexw(d, mc, 8);
		tl_dec_ch(d, ')');
	}
	if (d->vflag || mc != TL_PPTP_MAGIC) {
		TL_DEC_PUT(d, " Magic-Cookie=");
		tl_dec_hexw(d, mc, 8);
	}
	type = tl_dec_be16(d, 8);
	if (type < sizeof(tl_pptp_types) / sizeof(tl_pptp_types[0])) {
		TL_DEC_PUT(d, " CTRL_MSGTYPE=");
		tl_dec_str(d, tl_pptp_types[type]);
	} else {
		TL_DEC_PUT(d, " UNKNOWN_CTRL_MSGTYPE(");
		tl_dec_u32(d, type);
		tl_dec_ch(d, ')');
	}
	tl_pptp_rsv(d, 10, 2);
	tl_pptp_body(d, type);
}
