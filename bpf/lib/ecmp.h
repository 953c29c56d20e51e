/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * ecmp.h - per-flow hashing and next-hop groups.
 *
 * A flow always hashes to the same value on one router, so it always
 * takes the same member of a group and its packets are never reordered;
 * different flows spread evenly.  What a flow is depends on the frame:
 *   IPv4 / IPv6 (from a CE, or under a VPN label): addresses, protocol,
 *     and the TCP/UDP/SCTP ports unless the packet is a fragment (so that
 *     all fragments of a datagram stay together);
 *   MPLS: the label values of the whole stack and the IP header below it
 *     when the payload starts with version 4 or 6 - or, when the stack
 *     holds an entropy label (RFC 6790 section 4.3), that label alone:
 *     the ingress put the customer flow in it;
 *   Ethernet from an attachment circuit: the two MAC addresses.
 * TTL, TC/DSCP, lengths, IP ids and checksums never matter.  The seed in
 * ecmp_seed starts every hash, so two routers in a row hash differently.
 */
#ifndef MPLSX_ECMP_H
#define MPLSX_ECMP_H

#include <linux/types.h>
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#include "dp/mplsx_abi.h"
#include "maps.h"
#include "parse.h"

/* Group id -> buckets and member nexthops. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, MPLSX_MAX_NHGROUPS);
	__type(key, __u32);
	__type(value, struct nexthop_group);
} nexthop_group SEC(".maps");

/* Group id -> packets and bytes sent by each member slot. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, MPLSX_MAX_NHGROUPS);
	__type(key, __u32);
	__type(value, struct nhg_stats);
} nhg_stats SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} ecmp_seed SEC(".maps");

/* What the flow of a frame is made of (see the top of this file). */
enum ecmp_input {
	ECMP_MPLS = 0, /* label stack at pkt->stack, payload below */
	ECMP_IP,       /* an IP header at l3_off, proto ETH_P_IP/IPV6 */
	ECMP_ETH,      /* an Ethernet frame at the start of the packet */
};

/* One multiply per 32-bit word (the words' order matters), then
 * MurmurHash3's finaliser, which carries every input bit to every output
 * bit: cheap, and good enough to spread flows. */
static __always_inline __u32 ecmp_mix(__u32 h, __u32 w)
{
	return (h ^ w) * 0x9e3779b1u;
}

static __always_inline __u32 ecmp_final(__u32 h)
{
	h ^= h >> 16;
	h *= 0x85ebca6bu;
	h ^= h >> 13;
	h *= 0xc2b2ae35u;
	h ^= h >> 16;
	return h ? h : 1; /* 0 means "not computed" in mplsx_pkt.hash */
}

static __always_inline int ecmp_l4_has_ports(__u8 proto)
{
	return proto == IPPROTO_TCP || proto == IPPROTO_UDP ||
	       proto == IPPROTO_SCTP;
}

/* Fold the IP header at off (ETH_P_IP or ETH_P_IPV6) into h.  A header
 * that is not all there adds nothing: such a packet is dropped later or
 * is one flow anyway. */
static __always_inline __u32 ecmp_hash_ip(void *data, void *data_end, __u32 off,
					  __u16 proto, __u32 h)
{
	__u32 *ports;

	if (off > MPLSX_HDR_MAX)
		return h;
	if (proto == ETH_P_IP) {
		struct iphdr *iph = data + off;
		__u32 hlen;

		if ((void *)(iph + 1) > data_end)
			return h;
		h = ecmp_mix(h, iph->saddr);
		h = ecmp_mix(h, iph->daddr);
		h = ecmp_mix(h, iph->protocol);
		hlen = iph->ihl * 4;
		/* Fragments (MF set or an offset): no ports, so the first
		 * and the others go the same way. */
		if (!ecmp_l4_has_ports(iph->protocol) ||
		    (iph->frag_off & bpf_htons(0x3FFF)) || hlen < sizeof(*iph))
			return h;
		ports = (void *)iph + (hlen & 0x3C);
		if ((void *)(ports + 1) <= data_end)
			h = ecmp_mix(h, *ports);
		return h;
	}
	if (proto == ETH_P_IPV6) {
		struct ipv6hdr *ip6 = data + off;
		__u32 *a;
		int i;

		if ((void *)(ip6 + 1) > data_end)
			return h;
		a = (__u32 *)&ip6->saddr; /* saddr and daddr: 8 words */
#pragma unroll
		for (i = 0; i < 8; i++)
			h = ecmp_mix(h, a[i]);
		h = ecmp_mix(h, ip6->nexthdr);
		if (!ecmp_l4_has_ports(ip6->nexthdr))
			return h;
		ports = (void *)(ip6 + 1);
		if ((void *)(ports + 1) <= data_end)
			h = ecmp_mix(h, *ports);
		return h;
	}
	return h;
}

/* The label stack (values only) and the IP header below it, or the
 * entropy label alone when there is one. */
static __always_inline __u32 ecmp_hash_mpls(struct xdp_md *ctx,
					    const struct mplsx_pkt *pkt,
					    __u32 h)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	__u32 off = pkt->l2_len, lse, i, n = pkt->n_lse, label;
	__u32 seed = h;
	struct mpls_lse *e;
	__u8 *ver;

	if (off > MPLSX_HDR_MAX)
		return h;
	e = data + off;
	for (i = 0; i < MPLSX_MAX_LABEL_DEPTH; i++, e++) {
		if (i >= n)
			break;
		if ((void *)(e + 1) > data_end)
			return h;
		lse = bpf_ntohl(e->entry);
		label = lse >> MPLS_LS_LABEL_SHIFT;
		if (label == MPLS_LABEL_ENTROPY && i + 1 < n) {
			e++;
			if ((void *)(e + 1) > data_end)
				return h;
			return ecmp_mix(seed, bpf_ntohl(e->entry) &
						      MPLS_LS_LABEL_MASK);
		}
		h = ecmp_mix(h, lse & MPLS_LS_LABEL_MASK);
	}
	off += (n & 0xF) * sizeof(struct mpls_lse);
	if (off > MPLSX_HDR_MAX)
		return h;
	ver = data + off;
	if ((void *)(ver + 1) > data_end)
		return h;
	if ((*ver >> 4) == 4)
		return ecmp_hash_ip(data, data_end, off, ETH_P_IP, h);
	if ((*ver >> 4) == 6)
		return ecmp_hash_ip(data, data_end, off, ETH_P_IPV6, h);
	return h;
}

/*
 * The frame's flow hash, computed once per frame and kept in pkt->hash
 * (a group and an entropy label on one path use the same value).
 * Global: the verifier checks it once for all its callers.
 */
__noinline __u32 ecmp_flow_hash(struct xdp_md *ctx, struct mplsx_pkt *pkt,
				__u32 input, __u32 l3_off, __u32 proto)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	__u32 zero = 0, h = 0;
	const __u32 *seed;

	if (!pkt)
		return 1;
	if (pkt->hash)
		return pkt->hash;
	seed = bpf_map_lookup_elem(&ecmp_seed, &zero);
	if (seed)
		h = *seed;
	if (input == ECMP_MPLS) {
		h = ecmp_hash_mpls(ctx, pkt, h);
	} else if (input == ECMP_IP) {
		h = ecmp_hash_ip(data, data_end, l3_off, proto, h);
	} else {
		__u32 *mac = data; /* destination and source: 3 words */

		if ((void *)(mac + 3) <= data_end) {
			h = ecmp_mix(h, mac[0]);
			h = ecmp_mix(h, mac[1]);
			h = ecmp_mix(h, mac[2]);
		}
	}
	pkt->hash = ecmp_final(h);
	return pkt->hash;
}

/* The member of group group_id that the frame's hash picks, counted in
 * nhg_stats; NULL when the group has no member up (or the id is bad). */
static __always_inline const struct nexthop *ecmp_member(__u32 group_id,
							 __u32 hash, __u32 len)
{
	const struct nexthop_group *g;
	const struct nexthop *nh;
	struct nhg_stats *st;
	__u32 slot, id;

	g = bpf_map_lookup_elem(&nexthop_group, &group_id);
	if (!g || !g->n_up)
		return NULL;
	/* Bits 20 and up: the low 20 make the entropy label. */
	slot = g->bucket[(hash >> 20) & (MPLSX_NHG_BUCKETS - 1)] &
	       (MPLSX_NHG_MAX_MEMBERS - 1);
	id = g->member[slot];
	nh = bpf_map_lookup_elem(&nexthop, &id);
	if (!nh || nh->state != MPLSX_NH_RESOLVED)
		return NULL;
	st = bpf_map_lookup_elem(&nhg_stats, &group_id);
	if (st) {
		st->member[slot].packets++;
		st->member[slot].bytes += len;
	}
	return nh;
}

/* An entropy label from the flow hash (RFC 6790 section 4.2): any value
 * but the reserved ones, TTL 0; S and TC are the caller's. */
static __always_inline __u32 ecmp_entropy_label(__u32 hash)
{
	__u32 label = hash & MPLS_LABEL_MAX;

	if (label < MPLS_LABEL_FIRST_UNRESERVED)
		label += MPLS_LABEL_FIRST_UNRESERVED;
	return label << MPLS_LS_LABEL_SHIFT;
}

/* Write the entropy label indicator and the entropy label at pos (RFC
 * 6790 section 4.2): the ELI takes the TC and TTL of the transport label
 * above it, the EL the TC and TTL 0; S is never set, a VPN or PW label
 * always follows.  Returns the end, or NULL if the frame is too short. */
static __always_inline void *ecmp_push_entropy(void *pos, void *data_end,
					       __u32 hash, __u32 tc_ttl)
{
	struct mpls_lse *lse = pos;

	if ((void *)(lse + 2) > data_end)
		return NULL;
	lse[0].entry =
		bpf_htonl(MPLS_LABEL_ENTROPY << MPLS_LS_LABEL_SHIFT | tc_ttl);
	lse[1].entry = bpf_htonl(ecmp_entropy_label(hash) |
				 (tc_ttl & MPLS_LS_TC_MASK));
	return lse + 2;
}

#endif /* MPLSX_ECMP_H */
