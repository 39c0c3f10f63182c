// SPDX-License-Identifier: GPL-2.0-only
/* Telnet: the IAC commands at the start of a segment (RFC 854, 855), as print-telnet.c does. */
#include "out/proto/proto.h"

#define TL_IAC	255
#define TL_DONT 254
#define TL_DO	253
#define TL_WONT 252
#define TL_WILL 251
#define TL_SB	250
#define TL_SE	240

#define TL_TELCMD_FIRST		 236 /* xEOF */
#define TL_NTELOPTS		 40
#define TL_TELOPT_AUTHENTICATION 37
#define TL_TELOPT_ENCRYPT	 38

/* Commands from 236 (EOF) to 255 (IAC). */
static const char *const tl_telcmds[] = {
	"EOF", "SUSP", "ABORT", "EOR", "SE", "NOP",  "DMARK", "BRK", "IP",   "AO",
	"AYT", "EC",   "EL",	"GA",  "SB", "WILL", "WONT",  "DO",  "DONT", "IAC",
};

static const char *const tl_telopts[TL_NTELOPTS] = {
	"BINARY",
	"ECHO",
	"RCP",
	"SUPPRESS GO AHEAD",
	"NAME",
	"STATUS",
	"TIMING MARK",
	"RCTE",
	"NAOL",
	"NAOP",
	"NAOCRD",
	"NAOHTS",
	"NAOHTD",
	"NAOFFD",
	"NAOVTS",
	"NAOVTD",
	"NAOLFD",
	"EXTEND ASCII",
	"LOGOUT",
	"BYTE MACRO",
	"DATA ENTRY TERMINAL",
	"SUPDUP",
	"SUPDUP OUTPUT",
	"SEND LOCATION",
	"TERMINAL TYPE",
	"END OF RECORD",
	"TACACS UID",
	"OUTPUT MARKING",
	"TTYLOC",
	"3270 REGIME",
	"X.3 PAD",
	"NAWS",
	"TSPEED",
	"LFLOW",
	"LINEMODE",
	"XDISPLOC",
	"OLD-ENVIRON",
	"AUTHENTICATION",
	"ENCRYPT",
	"NEW-ENVIRON",
};

/* Sub-option qualifiers: in general, for AUTHENTICATION (37), for ENCRYPT (38). */
static const char *const tl_sb_cmds[] = { "IS", "SEND", "INFO" };
static const char *const tl_auth_cmds[] = { "IS", "SEND", "REPLY", "NAME" };
static const char *const tl_auth_types[] = {
	"NULL", "KERBEROS_V4", "KERBEROS_V5", "SPX", "MINK",   "SRP",	       "RSA", "SSL",
	NULL,	NULL,	       "LOKI",	      "SSA", "KEA_SJ", "KEA_SJ_INTEG", "DSS", "NTLM",
};
static const char *const tl_enc_cmds[] = {
	"IS",	       "SUPPORT",   "REPLY",	 "START", "END", "REQUEST-START",
	"REQUEST-END", "END_KEYID", "DEC_KEYID",
};
static const char *const tl_enc_types[] = {
	"NULL", "DES_CFB64",	  "DES_OFB64",	    "DES3_CFB64",    "DES3_OFB64",
	NULL,	"CAST5_40_CFB64", "CAST5_40_OFB64", "CAST128_CFB64", "CAST128_OFB64",
};

#define TL_N(a) (sizeof(a) / sizeof((a)[0]))

/* STR_OR_ID: the table's name, else the number as %#x. */
static void tl_tel_name(struct tl_dec *d, uint32_t x, const char *const *tab, size_t n)
{
	if (x < n && tab[x])
		tl_dec_str(d, tab[x]);
	else
		tl_dec_althex(d, x);
}

/*
 * telnet_parse(): one command at off with len bytes left; its length, or -1 if it is not a
 * whole command. print selects the pass that prints; the first pass only measures. The length
 * arithmetic is print-telnet.c's, unsigned, including its step over an IAC SE that may lie
 * past the end (the caller then stops at the next read).
 */
static int64_t tl_tel_parse(struct tl_dec *d, size_t off, uint32_t len, bool print)
{
	size_t start = off, p;
	uint32_t c, x, i;

#define TL_FETCH(v)                      \
	do {                             \
		if (len < 1)             \
			return -1;       \
		(v) = tl_dec_u8(d, off); \
		off++;                   \
		len--;                   \
	} while (0)

	TL_FETCH(c);
	if (c != TL_IAC)
		return -1;
	TL_FETCH(c);
	if (c == TL_IAC) {
		if (print)
			TL_DEC_PUT(d, "IAC IAC");
		return (int64_t)(off - start);
	}
	if (c < TL_TELCMD_FIRST)
		return -1;
	i = c - TL_TELCMD_FIRST;
	switch (c) {
	case TL_DONT:
	case TL_DO:
	case TL_WONT:
	case TL_WILL:
	case TL_SB:
		TL_FETCH(x);
		if (print) {
			tl_dec_str(d, tl_telcmds[i]);
			tl_dec_ch(d, ' ');
			if (x < TL_NTELOPTS)
				tl_dec_str(d, tl_telopts[x]);
			else
				tl_dec_althex(d, x);
		}
		if (c != TL_SB)
			break;
		/* IAC SB ... IAC SE */
		p = off;
		while (len > (uint32_t)(p + 1 - off)) {
			if (tl_dec_u8(d, p) == TL_IAC && tl_dec_u8(d, p + 1) == TL_SE)
				break;
			p++;
		}
		if (tl_dec_u8(d, p) != TL_IAC)
			return -1;
		if (p > off) {
			TL_FETCH(c);
			if (print) {
				tl_dec_ch(d, ' ');
				if (x == TL_TELOPT_AUTHENTICATION)
					tl_tel_name(d, c, tl_auth_cmds, TL_N(tl_auth_cmds));
				else if (x == TL_TELOPT_ENCRYPT)
					tl_tel_name(d, c, tl_enc_cmds, TL_N(tl_enc_cmds));
				else
					tl_tel_name(d, c, tl_sb_cmds, TL_N(tl_sb_cmds));
			}
			if ((x == TL_TELOPT_AUTHENTICATION || x == TL_TELOPT_ENCRYPT) && p > off) {
				TL_FETCH(c);
				if (print) {
					tl_dec_ch(d, ' ');
					if (x == TL_TELOPT_AUTHENTICATION)
						tl_tel_name(d, c, tl_auth_types,
							    TL_N(tl_auth_types));
					else
						tl_tel_name(d, c, tl_enc_types, TL_N(tl_enc_types));
				}
			}
		}
		while (p > off) {
			TL_FETCH(x);
			if (print) {
				tl_dec_ch(d, ' ');
				tl_dec_althex(d, x);
			}
		}
		if (print)
			TL_DEC_PUT(d, " SE");
		off += 2;
		break;
	default:
		if (print)
			tl_dec_str(d, tl_telcmds[i]);
		break;
	}
	return (int64_t)(off - start);
#undef TL_FETCH
}

/*
 * telnet_print(): " [telnet WILL NAWS, DO TERMINAL TYPE]" for the commands that open the
 * segment; with -X at -vvv each command as hex instead of the brackets.
 */
void tl_dec_telnet(struct tl_dec *d, uint32_t len)
{
	bool first = true, hex = d->xflag && d->vflag > 2;
	size_t off = 0;
	int64_t l;

	d->proto = "telnet";
	while (len > 0 && tl_dec_u8(d, off) == TL_IAC) {
		l = tl_tel_parse(d, off, len, false);
		if (l < 0)
			break;
		if (hex) {
			if (first)
				TL_DEC_PUT(d, "\nTelnet:");
			tl_dec_hexdump(d, "\n", off, (uint32_t)l, (uint32_t)off);
			if (l > 8) {
				TL_DEC_PUT(d, "\n\t\t\t\t");
			} else {
				for (int64_t k = 0; k < (8 - l) * 3; k++)
					tl_dec_ch(d, ' ');
				tl_dec_ch(d, '\t');
			}
		} else {
			tl_dec_str(d, first ? " [telnet " : ", ");
		}
		tl_tel_parse(d, off, len, true);
		first = false;
		off += (size_t)l;
		len -= (uint32_t)l;
	}
	if (!first)
		tl_dec_str(d, hex ? "\n" : "]");
}
