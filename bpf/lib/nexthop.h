/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * nexthop.h - the adjacency: rebuild the L2 header from a resolved
 * nexthop and redirect through tx_port.
 */
#ifndef MPLSX_NEXTHOP_H
#define MPLSX_NEXTHOP_H

#include <linux/types.h>
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#include "dp/mplsx_abi.h"
#include "maps.h"
#include "parse.h"
#include "ecmp.h"

/* The nexthop if the agent resolved it, else NULL (unused id, no MAC,
 * link down): the data plane never waits for the control plane. */
static __always_inline const struct nexthop *nexthop_get(__u32 id)
{
	const struct nexthop *nh = bpf_map_lookup_elem(&nexthop, &id);

	if (!nh || nh->state != MPLSX_NH_RESOLVED)
		return NULL;
	return nh;
}

/*
 * The nexthop a frame leaves by: nexthop id itself, or for a group the
 * member its flow hashes to (the hash is computed only then, so a plain
 * nexthop costs what nexthop_get() does).  input, l3_off and proto say
 * what the flow is made of (ecmp.h).  NULL: unresolved, as above.
 */
static __always_inline const struct nexthop *
nexthop_select(struct xdp_md *ctx, struct mplsx_pkt *pkt, __u32 id, __u32 input,
	       __u32 l3_off, __u32 proto)
{
	const struct nexthop *nh = bpf_map_lookup_elem(&nexthop, &id);
	__u32 hash;

	if (!nh)
		return NULL;
	if (nh->state == MPLSX_NH_RESOLVED)
		return nh;
	if (nh->state != MPLSX_NH_GROUP)
		return NULL;
	hash = ecmp_flow_hash(ctx, pkt, input, l3_off, proto);
	return ecmp_member(nh->group_id, hash, pkt->len);
}

static __always_inline __u32 nexthop_l2_len(const struct nexthop *nh)
{
	return sizeof(struct ethhdr) +
	       (nh->vlan_id ? sizeof(struct vlan_hdr) : 0);
}

/* Write Ethernet (and one 802.1Q tag) at data; returns where the L3 or
 * label stack starts, or NULL if the frame is too short. */
static __always_inline void *nexthop_write_l2(void *data, void *data_end,
					      const struct nexthop *nh,
					      __u16 proto)
{
	struct ethhdr *eth = data;
	struct vlan_hdr *vh;

	if ((void *)(eth + 1) > data_end)
		return NULL;
	__builtin_memcpy(eth->h_dest, nh->dmac, ETH_ALEN);
	__builtin_memcpy(eth->h_source, nh->smac, ETH_ALEN);
	if (!nh->vlan_id) {
		eth->h_proto = bpf_htons(proto);
		return eth + 1;
	}
	vh = (void *)(eth + 1);
	if ((void *)(vh + 1) > data_end)
		return NULL;
	eth->h_proto = bpf_htons(ETH_P_8021Q);
	vh->tci = bpf_htons(nh->vlan_id);
	vh->proto = bpf_htons(proto);
	return vh + 1;
}

/*
 * Pick the egress port before the frame is touched: only ports in tx_port
 * may be redirected to (the agent adds them).  bpf_redirect_map() only
 * records the target; nothing moves until the program returns
 * XDP_REDIRECT, so a later drop simply returns XDP_DROP instead.  One
 * devmap lookup per frame, where a separate check would cost a second.
 */
static __always_inline int nexthop_tx_select(__u32 ifindex)
{
	return bpf_redirect_map(&tx_port, ifindex, 0) == XDP_REDIRECT;
}

#endif /* MPLSX_NEXTHOP_H */
