/* SPDX-License-Identifier: GPL-2.0-only */
/* -D: the interfaces tcplens can attach to, listed as tcpdump -D lists them. */
#ifndef TL_DEVICES_H
#define TL_DEVICES_H

#include <stdio.h>

/*
 * libpcap's list of capture devices (tcpdump -D's order, names, descriptions and flags),
 * without those tcplens cannot trace (netfilter, D-Bus, Bluetooth, USB monitors, links of
 * other types), numbered from 1, into f. Works without privilege. 0, or a negative errno
 * after one message when there is no list to give.
 */
int tl_devices_list(FILE *f);

#endif
