/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * label.h - label stack entry fields and label operations: pop to the IP
 * payload, TTL propagation on penultimate hop pop (RFC 3443 uniform
 * model), push.  Every frame forwarded through a nexthop gets the
 * nexthop's transport labels (its LSP) outside what the path pushes.
 */
#ifndef MPLSX_LABEL_H
#define MPLSX_LABEL_H

#include <linux/types.h>
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#include "dp/mplsx_abi.h"
#include "parse.h"
#include "csum.h"

/* Fields of a label stack entry already in host order. */
static __always_inline __u32 lse_label(__u32 lse)
{
	return lse >> MPLS_LS_LABEL_SHIFT;
}

static __always_inline __u32 lse_ttl(__u32 lse)
{
	return lse & MPLS_LS_TTL_MASK;
}

static __always_inline int lse_bos(__u32 lse)
{
	return !!(lse & MPLS_LS_S_MASK);
}

static __always_inline __u32 min_u32(__u32 a, __u32 b)
{
	return a < b ? a : b;
}

/*
 * What lies below the bottom of stack: IPv4 or IPv6 by its first nibble
 * (RFC 3032 has no payload type; the label's binding implies it, and the
 * version nibble is what every implementation checks).  Returns the
 * ethertype in host order, or 0 with the drop reason in *reason.  The
 * whole fixed IP header must be there: PHP rewrites its TTL, and the
 * kernel gets no stub.
 */
static __always_inline __u16 label_payload_proto(void *payload, void *data_end,
						 __u32 *reason)
{
	__u8 *ver = payload;

	*reason = MPLSX_DROP_TRUNCATED;
	if ((void *)(ver + 1) > data_end)
		return 0;
	switch (*ver >> 4) {
	case 4:
		if (payload + sizeof(struct iphdr) > data_end)
			return 0;
		return ETH_P_IP;
	case 6:
		if (payload + sizeof(struct ipv6hdr) > data_end)
			return 0;
		return ETH_P_IPV6;
	}
	*reason = MPLSX_DROP_BAD_PAYLOAD;
	return 0;
}

/*
 * Pop the first n_pop label stack entries (the whole stack) and hand the
 * IP packet to the kernel.  The received Ethernet header and VLAN tags are
 * kept, with the innermost ethertype now IPv4 or IPv6, so the kernel sees
 * what it would have seen had the peer sent plain IP.  They are moved
 * towards the payload before the head adjust, innermost tag first so that
 * nothing is overwritten before it has moved.
 */
static __always_inline int label_pop_to_kernel(struct xdp_md *ctx,
					       struct mplsx_pkt *pkt,
					       __u32 n_pop, __u16 proto)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eh = data, *neh, eth;
	struct vlan_hdr *src, *dst, tag;
	__u32 n_vlan = pkt->n_vlan, shift;
	int i;

	shift = n_pop * sizeof(struct mpls_lse);
	/* Keep the compiler from folding this check into an earlier one on
	 * another register: the verifier needs it on shift itself. */
	barrier_var(shift);
	if (shift > MPLSX_MAX_LABEL_DEPTH * sizeof(struct mpls_lse))
		return mplsx_drop(pkt, MPLSX_DROP_INTERNAL);

	for (i = MPLSX_MAX_VLAN_DEPTH - 1; i >= 0; i--) {
		if ((__u32)i >= n_vlan)
			continue;
		src = (struct vlan_hdr *)(eh + 1) + i;
		dst = (void *)src + shift;
		if ((void *)(src + 1) > data_end ||
		    (void *)(dst + 1) > data_end)
			return mplsx_drop(pkt, MPLSX_DROP_INTERNAL);
		tag = *src;
		if ((__u32)i == n_vlan - 1)
			tag.proto = bpf_htons(proto);
		*dst = tag;
	}

	neh = data + shift;
	if ((void *)(eh + 1) > data_end || (void *)(neh + 1) > data_end)
		return mplsx_drop(pkt, MPLSX_DROP_INTERNAL);
	eth = *eh;
	if (!n_vlan)
		eth.h_proto = bpf_htons(proto);
	*neh = eth;

	if (bpf_xdp_adjust_head(ctx, shift))
		return mplsx_drop(pkt, MPLSX_DROP_INTERNAL);
	return XDP_PASS;
}

/*
 * Penultimate hop pop, uniform model (RFC 3443 section 3.1): what becomes
 * the top of the packet gets min(its TTL, outgoing TTL), never a higher
 * one.  That is the next label stack entry, or at the bottom of stack the
 * IPv4 TTL (with the header checksum updated) or the IPv6 hop limit.  The
 * caller has checked that the header is there (proto from
 * label_payload_proto, or the stack walk).  Returns 0, -1 when the header
 * is cut, or 1 when what would become the top already has TTL 0: a router
 * never sends IP with TTL 0 (RFC 1812 section 5.3.1) nor a label entry
 * with TTL 0 (RFC 3032 section 2.4.1), so the caller drops it as expired.
 */
static __always_inline int label_php_ttl(void *below, void *data_end,
					 __u16 proto, __u32 ttl)
{
	if (proto == ETH_P_IP) {
		struct iphdr *iph = below;
		__be16 old, new;

		if ((void *)(iph + 1) > data_end)
			return -1;
		if (iph->ttl == 0)
			return 1;
		if (iph->ttl <= ttl)
			return 0;
		old = *(__be16 *)&iph->ttl;
		iph->ttl = ttl;
		new = *(__be16 *)&iph->ttl;
		csum_replace2(&iph->check, old, new);
	} else if (proto == ETH_P_IPV6) {
		struct ipv6hdr *ip6 = below;

		if ((void *)(ip6 + 1) > data_end)
			return -1;
		if (ip6->hop_limit == 0)
			return 1;
		if (ip6->hop_limit > ttl)
			ip6->hop_limit = ttl;
	} else {
		struct mpls_lse *next = below;
		__u32 lse;

		if ((void *)(next + 1) > data_end)
			return -1;
		lse = bpf_ntohl(next->entry);
		if (lse_ttl(lse) == 0)
			return 1;
		if (lse_ttl(lse) > ttl)
			next->entry =
				bpf_htonl((lse & ~MPLS_LS_TTL_MASK) | ttl);
	}
	return 0;
}

/*
 * Push labels[0..n) at pos, outermost first: a label entry's out[], a
 * nexthop's transport labels.  They come pre-encoded by the agent; each
 * gets tc_ttl (TC and TTL bits), and the last one the S bit if bos.
 * Straight-line copies, one bounds check per depth: no loop, no test per
 * entry.  Returns where the next entry goes, or NULL if the frame is too
 * short (or n beyond MPLSX_MAX_PUSH).
 */
_Static_assert(MPLSX_MAX_PUSH == 4, "label_push() has a case per depth");

static __always_inline void *label_push(void *pos, void *data_end,
					const __be32 *labels, __u32 n,
					__u32 tc_ttl, int bos)
{
	__be32 *e = pos, b = bpf_htonl(tc_ttl);
	__be32 s = b | (bos ? bpf_htonl(MPLS_LS_S_MASK) : 0);

	switch (n) {
	case 0:
		return pos;
	case 1:
		if ((void *)(e + 1) > data_end)
			return NULL;
		e[0] = labels[0] | s;
		return e + 1;
	case 2:
		if ((void *)(e + 2) > data_end)
			return NULL;
		e[0] = labels[0] | b;
		e[1] = labels[1] | s;
		return e + 2;
	case 3:
		if ((void *)(e + 3) > data_end)
			return NULL;
		e[0] = labels[0] | b;
		e[1] = labels[1] | b;
		e[2] = labels[2] | s;
		return e + 3;
	case 4:
		if ((void *)(e + 4) > data_end)
			return NULL;
		e[0] = labels[0] | b;
		e[1] = labels[1] | b;
		e[2] = labels[2] | b;
		e[3] = labels[3] | s;
		return e + 4;
	}
	return NULL;
}

#endif /* MPLSX_LABEL_H */
