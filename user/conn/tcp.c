// SPDX-License-Identifier: GPL-2.0-only
/* TCP option names as tcpdump 4.99.3 prints them, for the text line and the JSON objects. */
#include <stddef.h>

#include "conn/tcp.h"

const char *tl_tcpopt_name(unsigned int kind)
{
	static const char *const names[35] = {
		[0] = "eol",	[1] = "nop",   [2] = "mss",	  [3] = "wscale",  [4] = "sackOK",
		[5] = "sack",	[6] = "echo",  [7] = "echoreply", [8] = "TS",	   [11] = "cc",
		[12] = "ccnew", [13] = "", /* 4.99.3 has an empty name for CC.ECHO */
		[19] = "md5",	[20] = "scps", [28] = "uto",	  [29] = "tcp-ao", [30] = "mptcp",
		[34] = "tfo",
	};

	if (kind < sizeof(names) / sizeof(names[0]))
		return names[kind];
	return kind == 254 ? "exp" : NULL;
}
