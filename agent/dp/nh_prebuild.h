/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * nh_prebuild.h - the parts of a nexthop map value that the agent works
 * out ahead of time so that the data path does not, per frame: the
 * Ethernet header up to its ethertype, the 802.1Q tag included.  Called
 * on every resolved value before it is written (nexthop.c; the packet
 * tests and mxcost, which write values by hand, call it too).
 */
#ifndef MPLSX_NH_PREBUILD_H
#define MPLSX_NH_PREBUILD_H

#include <arpa/inet.h>
#include <linux/if_ether.h>

#include "dp/mplsx_abi.h"

/* From dmac, smac and vlan_id. */
static inline void nexthop_prebuild(struct nexthop *v)
{
	v->tpid = v->vlan_id ? htons(ETH_P_8021Q) : 0;
	v->tci = v->vlan_id ? htons(v->vlan_id) : 0;
	v->l2_len = v->vlan_id ? ETH_HLEN + 4 : ETH_HLEN;
}

#endif
