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

/* The L2 header a nexthop writes: Ethernet, and its 802.1Q tag if any. */
static __always_inline __u32 nexthop_l2_len(const struct nexthop *nh)
{
	return nh->l2_len;
}

/*
 * Write the nexthop's L2 header at data: the agent's prebuilt MACs (and
 * tag) in two wide stores, then proto as the ethertype.  Returns where
 * the L3 or label stack starts, or NULL if the frame is too short.
 * Unaligned stores are fine for XDP on the architectures we run on.
 */
static __always_inline void *nexthop_write_l2(void *data, void *data_end,
					      const struct nexthop *nh,
					      __u16 proto)
{
	const __u32 *src = (const __u32 *)nh->l2_words;
	__u64 *w = data;

	if (nh->l2_len > ETH_HLEN) {
		if (data + ETH_HLEN + sizeof(struct vlan_hdr) > data_end)
			return NULL;
		w[0] = nh->l2_words[0];
		w[1] = nh->l2_words[1];
		*(__be16 *)(data + 16) = bpf_htons(proto);
		return data + ETH_HLEN + sizeof(struct vlan_hdr);
	}
	if (data + ETH_HLEN > data_end)
		return NULL;
	w[0] = nh->l2_words[0];
	*(__u32 *)(data + 8) = src[2];
	*(__be16 *)(data + 12) = bpf_htons(proto);
	return data + ETH_HLEN;
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
