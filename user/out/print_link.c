// SPDX-License-Identifier: GPL-2.0-only
/*
 * The link-layer text of tcpdump 4.99.3's line: -e's header (print-ether.c, print-llc.c,
 * print-sll.c, print-null.c, print-raw.c) and the interface and direction a Linux cooked v2
 * header always shows. Read from the record's frame section.
 */
#include <net/if.h>
#include <string.h>

#include "out/names.h"
#include "out/print_int.h"

/* VLAN tags before IP in a record's frame: bpf/parse.h's TL_VLAN_MAX, which bounds the text. */
#define TL_TAGS_MAX 3

/* tcpdump's ethertype_values, for the types a TCP frame can carry on its way to IP. */
static const char *ethertype_name(uint16_t type)
{
	switch (type) {
	case 0x0800:
		return "IPv4";
	case 0x86dd:
		return "IPv6";
	case 0x8100:
		return "802.1Q";
	case 0x9100:
		return "802.1Q-9100";
	case 0x88a8:
		return "802.1Q-QinQ";
	case 0x9200:
		return "802.1Q-9200";
	case 0x8870:
		return "Jumbo";
	default:
		return NULL;
	}
}

/*
 * tcpdump's oui_values: the vendor etheraddr_string names after an address without -n, and
 * OpenFlow's vendor ids; NULL for any other prefix. 0x0080c2 is in tcpdump's table twice; its
 * lookup finds the first entry.
 */
const char *tl_oui_name(uint32_t oui)
{
	switch (oui) {
	case 0x000000:
		return "Ethernet";
	case 0x00000c:
		return "Cisco";
	case 0x00005e:
		return "IANA";
	case 0x000081:
		return "Nortel Networks SONMP";
	case 0x0000f8:
		return "Cisco bridged";
	case 0x0080c2:
		return "Ethernet bridged";
	case 0x00a03e:
		return "ATM Forum";
	case 0x00e02f:
		return "DOCSIS Spanning Tree";
	case 0x080007:
		return "Appletalk";
	case 0x009069:
		return "Juniper";
	case 0x080009:
		return "Hewlett-Packard";
	case 0x00120f:
		return "IEEE 802.3 Private";
	case 0x0012bb:
		return "ANSI/TIA";
	case 0x001b21:
		return "DCBX";
	case 0x002320:
		return "Nicira Networks";
	case 0x5c16c7:
		return "Big Switch Networks";
	case 0xb0d2f5:
		return "Vello Systems";
	case 0x002481:
		return "HP";
	case 0x0004ea:
		return "HP-Labs";
	case 0x748771:
		return "Infoblox Inc";
	case 0xa42305:
		return "Open Networking Lab";
	case 0x00049f:
		return "Freescale";
	case 0x0015ad:
		return "Netronome";
	case 0x001018:
		return "Broadcom";
	case 0x00e004:
		return "PMC-Sierra";
	case 0xd0f0db:
		return "Ericsson";
	default:
		return NULL;
	}
}

/*
 * etheraddr_string: "%02x:%02x:...", and without -n the ethers database's name for it
 * instead, or after it " (oui VENDOR)".
 */
static char *put_etheraddr(const struct tl_line *l, char *c, const uint8_t *a)
{
	struct tl_names *names = l->p->cfg.names;
	char *e = names ? tl_names_put_mac(names, c, a) : NULL;

	if (e)
		return e;
	c = put_mac(c, a);
	if (names) {
		uint32_t oui = (uint32_t)a[0] << 16 | (uint32_t)a[1] << 8 | a[2];

		/* A locally administered prefix (veth, containers) is not in the table either. */
		PUT(c, " (oui ");
		c = put_str(c, tl_oui_name(oui) ?: "Unknown");
		*c++ = ')';
	}
	return c;
}

/* ether_type_print: "ethertype NAME (0x%04x)", with -q only the name. */
static char *put_ethertype(const struct tl_line *l, char *c, uint16_t type)
{
	const char *name = ethertype_name(type);

	if (l->p->cfg.quiet) {
		if (name)
			return put_str(c, name);
		PUT(c, "Unknown Ethertype (0x");
		c = put_hex16(c, type);
		*c++ = ')';
		return c;
	}
	PUT(c, "ethertype ");
	c = put_str(c, name ? name : "Unknown");
	PUT(c, " (0x");
	c = put_hex16(c, type);
	*c++ = ')';
	return c;
}

/* ieee8021q_tci_string, and the ", " after it. */
static char *put_tci(char *c, uint16_t tci)
{
	PUT(c, "vlan ");
	c = put_u32(c, tci & 0xfff);
	PUT(c, ", p ");
	c = put_u32(c, tci >> 13);
	if (tci & 0x1000)
		PUT(c, ", DEI");
	PUT(c, ", ");
	return c;
}

static const char *llc_sap_name(uint8_t sap)
{
	switch (sap) {
	case 0x06:
		return "IP";
	case 0xaa:
		return "SNAP";
	default:
		return "Unknown";
	}
}

/*
 * llc_print and snap_print with -e, for the two shapes the parser hands to IP (SNAP, RFC
 * 948's IP SAP). b is the LLC header, length what tcpdump has left of the frame there.
 */
static char *put_llc(char *c, const uint8_t *b, uint32_t avail, uint32_t length)
{
	uint8_t dsap, ssap;
	uint32_t oui;

	if (avail < 3)
		return c;
	dsap = b[0] & 0xfe;
	ssap = b[1] & 0xfe;

	PUT(c, "LLC, dsap ");
	c = put_str(c, llc_sap_name(dsap));
	PUT(c, " (0x");
	c = put_hex8(c, dsap);
	PUT(c, ") ");
	c = put_str(c, b[0] & 1 ? "Group" : "Individual");
	PUT(c, ", ssap ");
	c = put_str(c, llc_sap_name(ssap));
	PUT(c, " (0x");
	c = put_hex8(c, ssap);
	PUT(c, ") ");
	c = put_str(c, b[1] & 1 ? "Response" : "Command");
	PUT(c, ", ctrl 0x03: ");
	if (dsap != 0xaa || avail < 8)
		return c;
	oui = (uint32_t)b[3] << 16 | (uint32_t)b[4] << 8 | b[5];
	PUT(c, "oui ");
	c = put_str(c, tl_oui_name(oui) ?: "Unknown");
	PUT(c, " (0x");
	c = put_hex8(put_hex8(put_hex8(c, b[3]), b[4]), b[5]);
	c = put_str(c, oui ? "), pid " : "), ethertype ");
	c = put_str(c, ethertype_name(tl_be16(b + 6)) ?: "Unknown");
	PUT(c, " (0x");
	c = put_hex16(c, tl_be16(b + 6));
	PUT(c, "), length ");
	c = put_u32(c, length - 3 - 5);
	PUT(c, ": ");
	return c;
}

/* ether_common_print with -e, up to where ip_print takes over. */
static char *put_ether(const struct tl_line *l, char *c)
{
	const uint8_t *f = l->f;
	uint32_t off = 14, length = l->wire - 14;
	uint16_t type = tl_be16(f + 12);
	bool printed_length = false;
	int tags = 0;

	c = put_etheraddr(l, c, f + 6);
	PUT(c, " > ");
	c = put_etheraddr(l, c, f);
	PUT(c, ", ");
	while ((type == 0x8100 || type == 0x9100 || type == 0x9200 || type == 0x88a8) &&
	       off + 4 <= l->l3 && tags++ < TL_TAGS_MAX) {
		c = put_ethertype(l, c, type);
		if (!printed_length) {
			PUT(c, ", length ");
			c = put_u32(c, l->wire);
			PUT(c, ": ");
			printed_length = true;
		} else {
			PUT(c, ", ");
		}
		c = put_tci(c, tl_be16(f + off));
		type = tl_be16(f + off + 2);
		off += 4;
		length -= 4;
	}
	if (type <= 1500) {
		/* An 802.3 length: tcpdump believes it when it is the smaller. */
		if (type < length)
			length = type;
		PUT(c, "802.3");
		if (!printed_length) {
			PUT(c, ", length ");
			c = put_u32(c, length);
			PUT(c, ": ");
		}
		return put_llc(c, f + off, l->l3 - off, length);
	}
	if (type == 0x8870) /* jumbo frames: LLC follows, and no type is printed */
		return put_llc(c, f + off, l->l3 - off, length);
	c = put_ethertype(l, c, type);
	if (!printed_length) {
		PUT(c, ", length ");
		c = put_u32(c, l->wire);
		PUT(c, ": ");
	} else {
		PUT(c, ", ");
	}
	return c;
}

static const char *sll_pkttype(uint16_t t)
{
	static const char *const names[] = { "In", "B", "M", "P", "Out" };

	return t < 5 ? names[t] : "?";
}

/* sll_print's and sll2_print's protocol text: the type, or what a length means there. */
static char *put_sll_type(char *c, uint16_t type)
{
	if (type > 1500) {
		PUT(c, "ethertype ");
		c = put_str(c, ethertype_name(type) ?: "Unknown");
		PUT(c, " (0x");
		c = put_hex16(c, type);
		*c++ = ')';
	} else if (type == 1) {
		PUT(c, "802.3");
	} else if (type == 4) {
		PUT(c, "802.2");
	} else {
		PUT(c, "ethertype Unknown (0x");
		c = put_hex16(c, type);
		*c++ = ')';
	}
	return c;
}

/*
 * What follows a cooked header in sll_if_print/sll2_if_print: 802.1Q tags (with -e their
 * TCI; unless -q the inner type's name, -e or not) and, with -e, 802.2 LLC. hdr is the
 * cooked header's length.
 */
static char *put_cooked_rest(const struct tl_line *l, char *c, uint32_t hdr, uint16_t type)
{
	uint32_t off = hdr, length = l->wire - hdr;
	int tags = 0;

	while (type == 0x8100 && off + 4 <= l->l3 && tags++ < TL_TAGS_MAX) {
		if (l->p->cfg.link)
			c = put_tci(c, tl_be16(l->f + off));
		type = tl_be16(l->f + off + 2);
		if (type <= 1500)
			type = 0x0004;
		if (!l->p->cfg.quiet) {
			PUT(c, "ethertype ");
			c = put_str(c, ethertype_name(type) ?: "Unknown");
			PUT(c, ", ");
		}
		off += 4;
		length -= 4;
	}
	if (type == 0x0004 && off <= l->l3 && l->p->cfg.link)
		c = put_llc(c, l->f + off, l->l3 - off, length);
	return c;
}

static char *put_sll(const struct tl_line *l, char *c)
{
	const uint8_t *f = l->f;
	const char *pt = sll_pkttype(tl_be16(f));
	size_t n = strlen(pt);

	/* "%3s ": right-aligned. */
	for (; n < 3; n++)
		*c++ = ' ';
	c = put_str(c, pt);
	*c++ = ' ';
	if (tl_be16(f + 4) == 6) {
		c = put_etheraddr(l, c, f + 6);
		*c++ = ' ';
	}
	if (!l->p->cfg.quiet) {
		c = put_sll_type(c, tl_be16(f + 14));
		PUT(c, ", length ");
		c = put_u32(c, l->wire);
		PUT(c, ": ");
	}
	return put_cooked_rest(l, c, 16, tl_be16(f + 14));
}

static char *put_sll2(const struct tl_line *l, char *c)
{
	const uint8_t *f = l->f;

	PUT(c, "ifindex ");
	c = put_u32(c, tl_be32(f + 4));
	*c++ = ' ';
	if (f[11] == 6) {
		c = put_etheraddr(l, c, f + 12);
		*c++ = ' ';
	}
	if (!l->p->cfg.quiet) {
		c = put_sll_type(c, tl_be16(f));
		PUT(c, ", length ");
		c = put_u32(c, l->wire);
		PUT(c, ": ");
	}
	return put_cooked_rest(l, c, 20, tl_be16(f));
}

/* null_hdr_print: the family in the capturing host's byte order, either order accepted;
 * with -q only its name. */
static char *put_null(const struct tl_line *l, char *c)
{
	uint32_t fam;

	memcpy(&fam, l->f, 4);
	if (fam & 0xffff0000)
		fam = __builtin_bswap32(fam);
	if (l->p->cfg.quiet) {
		c = put_str(c, fam == 2 ? "IPv4" : "IPv6");
	} else {
		PUT(c, "AF ");
		c = put_str(c, fam == 2 ? "IPv4" : "IPv6");
		PUT(c, " (");
		c = put_u32(c, fam);
		*c++ = ')';
	}
	PUT(c, ", length ");
	c = put_u32(c, l->wire);
	PUT(c, ": ");
	return c;
}

/*
 * tcpdump -i any reads Linux cooked v2 frames: after the interface and direction (the
 * printer's ifprefix) -e shows that header, "ifindex N SRCMAC ethertype T (0x....), length
 * L: ", L counting the 20-byte cooked header instead of the 14-byte Ethernet one. Live
 * frames are Ethernet; this is the header the kernel would have made of them.
 */
char *tl_put_any_link(struct tl_line *l, char *c)
{
	const uint8_t *f = l->f;

	if (!f || l->l3 > l->flen || l->l3 < 14)
		return c;
	if (l->p->cfg.link) {
		PUT(c, "ifindex ");
		c = put_u32(c, l->r->ifindex);
		*c++ = ' ';
		c = put_etheraddr(l, c, f + 6);
		*c++ = ' ';
		if (!l->p->cfg.quiet) {
			c = put_sll_type(c, tl_be16(f + 12));
			PUT(c, ", length ");
			c = put_u32(c, l->wire - 14 + 20);
			PUT(c, ": ");
		}
	}
	return put_cooked_rest(l, c, 14, tl_be16(f + 12));
}

void tl_cooked_header(const struct tl_line *l, uint8_t *h)
{
	const uint8_t *f = l->f;
	uint32_t ifindex = l->r->ifindex;

	memcpy(h, f + 12, 2); /* protocol */
	h[2] = h[3] = 0;
	h[4] = (uint8_t)(ifindex >> 24);
	h[5] = (uint8_t)(ifindex >> 16);
	h[6] = (uint8_t)(ifindex >> 8);
	h[7] = (uint8_t)ifindex;
	h[8] = 0; /* ARPHRD_ETHER */
	h[9] = 1;
	/* PACKET_OUTGOING, else what the destination says: broadcast, multicast, this host. */
	if (l->r->flags & TL_RF_EGRESS)
		h[10] = 4;
	else if (!memcmp(f, "\xff\xff\xff\xff\xff\xff", 6))
		h[10] = 1;
	else
		h[10] = f[0] & 1 ? 2 : 0;
	h[11] = 6;
	memcpy(h + 12, f + 6, 6);
	h[18] = h[19] = 0;
}

char *tl_put_cooked_tags(struct tl_line *l, char *c)
{
	if (!l->f || l->l3 > l->flen)
		return c;
	if (l->link == TL_LINK_SLL && l->l3 >= 16)
		return put_cooked_rest(l, c, 16, tl_be16(l->f + 14));
	if (l->link == TL_LINK_SLL2 && l->l3 >= 20)
		return put_cooked_rest(l, c, 20, tl_be16(l->f));
	return c;
}

char *tl_put_link(struct tl_line *l, char *c)
{
	if (!l->f || l->l3 > l->flen)
		return c;
	/* l3 lies past each header: the parser walked it (checked for a record from elsewhere). */
	switch (l->link) {
	case TL_LINK_ETH:
		return l->l3 >= 14 ? put_ether(l, c) : c;
	case TL_LINK_SLL:
		return l->l3 >= 16 ? put_sll(l, c) : c;
	case TL_LINK_SLL2:
		return l->l3 >= 20 ? put_sll2(l, c) : c;
	case TL_LINK_NULL:
		return l->l3 >= 4 ? put_null(l, c) : c;
	default:
		PUT(c, "ip: ");
		return c;
	}
}

/*
 * sll2_if_print's "%-5s %-3s ": the interface the index names on this host, as tcpdump
 * reading the file here names it, and the packet type.
 */
char *tl_put_sll2_prefix(struct tl_line *l, char *c)
{
	char name[IF_NAMESIZE];
	const char *pt;
	size_t n;

	if (!l->f || l->flen < 20)
		return c;
	if (!if_indextoname(tl_be32(l->f + 4), name))
		memcpy(name, "?", 2);
	n = strnlen(name, sizeof(name));
	memcpy(c, name, n);
	c += n;
	for (; n < 5; n++)
		*c++ = ' ';
	*c++ = ' ';
	pt = sll_pkttype(l->f[10]);
	n = strlen(pt);
	c = put_str(c, pt);
	for (; n < 3; n++)
		*c++ = ' ';
	*c++ = ' ';
	return c;
}
