/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * frag.h - IPv4 fragmentation (RFC 791 section 3.2) of a CE's packet
 * without DF that is too big for the core with its labels.  One XDP
 * frame cannot become several, so the XDP program hands the packet to
 * the kernel (XDP_PASS) with a struct frag_meta in front (data_meta), and
 * this TC program, on the VRF port's clsact ingress hook, makes the
 * fragments: the payload is copied aside once, then the one skb is cut
 * to each fragment in turn (IP header rewritten: total length, offset,
 * MF, TTL, checksum), put behind the nexthop's L2 header, transport
 * labels and VPN label, and sent with bpf_clone_redirect(); the last one
 * with bpf_redirect().  Every fragment's data but the last is a multiple
 * of 8 bytes; an already fragmented datagram keeps its offset base and
 * its MF on the last piece.  IP options are not copied into fragments:
 * such a packet is dropped (counted as mtu_exceeded), as are datagrams
 * that would need more than FRAG_MAX fragments.
 *
 * Frames without the metadata are not this program's: TC_ACT_UNSPEC lets
 * the next filter (the VPLS flood program, on a shared port) or the
 * kernel have them.
 */
#ifndef MPLSX_FRAG_H
#define MPLSX_FRAG_H

#include <linux/types.h>
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#include "dp/mplsx_abi.h"
#include "maps.h"
#include "parse.h"
#include "stats.h"
#include "nexthop.h"
#include "csum.h"
#include "icmp.h"

#ifndef FRAG_MAX
#define FRAG_MAX 8 /* fragments of one datagram */
#endif
#define FRAG_BUF     9216 /* the largest payload fragmented (jumbo) */
#define FRAG_HDR_MAX (sizeof(struct ethhdr) + 4 + (MPLSX_MAX_PUSH + 1) * 4)

struct frag_scratch {
	/* Room for a start masked to 14 bits plus a fragment's length: what
	 * the verifier can prove of sc->payload + start. */
	__u8 payload[0x4000 + FRAG_BUF];
	__u8 hdr[FRAG_HDR_MAX]; /* L2 + labels of every fragment */
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct frag_scratch);
} frag_scratch SEC(".maps");

static __always_inline int frag_drop(__u32 reason, __u32 len)
{
	stats_counter_add(&drop_stats, reason, len);
	return TC_ACT_SHOT;
}

/* nh's L2 header, its transport labels and the VPN label into hdr;
 * returns the length, 0 if it does not fit. */
static __always_inline __u32 frag_front(__u8 *hdr, const struct nexthop *nh,
					const struct frag_meta *fm)
{
	__u32 n_push = nh->n_push, i, off, tc_ttl, n_lbl;
	__be16 proto;

	if (n_push > MPLSX_MAX_PUSH)
		return 0;
	n_lbl = n_push + (fm->vpn_label ? 1 : 0);
	proto = bpf_htons(n_lbl ? ETH_P_MPLS_UC : ETH_P_IP);
	__builtin_memcpy(hdr, nh->dmac, ETH_ALEN);
	__builtin_memcpy(hdr + ETH_ALEN, nh->smac, ETH_ALEN);
	off = 2 * ETH_ALEN;
	if (nh->vlan_id) {
		*(__be16 *)(hdr + off) = bpf_htons(ETH_P_8021Q);
		*(__be16 *)(hdr + off + 2) = bpf_htons(nh->vlan_id);
		off += 4;
	}
	*(__be16 *)(hdr + off) = proto;
	off += 2;
	tc_ttl = (__u32)fm->tc << MPLS_LS_TC_SHIFT | fm->mpls_ttl;
	for (i = 0; i < MPLSX_MAX_PUSH; i++) {
		__u32 bits = tc_ttl;

		if (i >= n_push)
			break;
		if (!fm->vpn_label && i == n_push - 1)
			bits |= MPLS_LS_S_MASK;
		*(__be32 *)(hdr + off) = nh->push[i] | bpf_htonl(bits);
		off += 4;
	}
	if (fm->vpn_label) {
		*(__be32 *)(hdr + off) =
			fm->vpn_label | bpf_htonl(MPLS_LS_S_MASK | tc_ttl);
		off += 4;
	}
	return off;
}

static __always_inline int mplsx_frag(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	struct frag_meta *meta = (void *)(long)skb->data_meta;
	struct frag_meta fm;
	const struct nexthop *nh;
	struct frag_scratch *sc;
	struct iphdr iph;
	struct ethhdr *eth;
	__u32 zero = 0, l3, hlen, tot, pay, step, n, k, off0, mf0, len;
	__u32 ifindex, eg_port, sent = 0, tx_bytes = 0, flen, start;
	__u16 base;

	if ((void *)(meta + 1) > data || meta->magic != MPLSX_FRAG_META_MAGIC)
		return TC_ACT_UNSPEC;
	fm = *meta;
	len = skb->len;
	nh = nexthop_get(fm.nh_id);
	sc = bpf_map_lookup_elem(&frag_scratch, &zero);
	if (!nh || !sc)
		return frag_drop(MPLSX_DROP_NEXTHOP_UNRESOLVED, len);
	ifindex = nh->ifindex;
	eg_port = nh->port_id;
	/* A tag the kernel took into skb->vlan_tci would go out again. */
	if (skb->vlan_present && bpf_skb_vlan_pop(skb))
		return frag_drop(MPLSX_DROP_INTERNAL, len);

	data = (void *)(long)skb->data;
	eth = data;
	if ((void *)(eth + 1) > (void *)(long)skb->data_end)
		return frag_drop(MPLSX_DROP_TRUNCATED, len);
	l3 = sizeof(*eth);
	if (eth->h_proto == bpf_htons(ETH_P_8021Q))
		l3 += 4;
	if (bpf_skb_load_bytes(skb, l3, &iph, sizeof(iph)))
		return frag_drop(MPLSX_DROP_TRUNCATED, len);
	hlen = iph.ihl * 4;
	tot = bpf_ntohs(iph.tot_len);
	if (iph.version != 4 || hlen != sizeof(iph) || tot <= hlen ||
	    l3 + tot > skb->len || (iph.frag_off & bpf_htons(IP_DF_)))
		return frag_drop(MPLSX_DROP_MTU_EXCEEDED, len);
	pay = tot - hlen;
	if (fm.mtu <= hlen + 8 || pay > FRAG_BUF)
		return frag_drop(MPLSX_DROP_MTU_EXCEEDED, len);
	step = (fm.mtu - hlen) & ~7u;
	n = (pay + step - 1) / step;
	if (n > FRAG_MAX)
		return frag_drop(MPLSX_DROP_MTU_EXCEEDED, len);
	off0 = bpf_ntohs(iph.frag_off) & IP_OFFMASK_;
	mf0 = bpf_ntohs(iph.frag_off) & 0x2000;

	/* The payload aside, then the skb's front: the new L2 header and
	 * labels in place of the received L2 header. */
	pay &= 0x3FFF;
	if (pay < 1 || bpf_skb_load_bytes(skb, l3 + hlen, sc->payload, pay))
		return frag_drop(MPLSX_DROP_INTERNAL, len);
	flen = frag_front(sc->hdr, nh, &fm);
	if (!flen || flen > FRAG_HDR_MAX)
		return frag_drop(MPLSX_DROP_INTERNAL, len);
	if (flen > l3 && bpf_skb_change_head(skb, flen - l3, 0))
		return frag_drop(MPLSX_DROP_INTERNAL, len);
	if (flen < l3 &&
	    bpf_skb_adjust_room(skb, -(int)(l3 - flen), BPF_ADJ_ROOM_MAC, 0))
		return frag_drop(MPLSX_DROP_INTERNAL, len);
	if (bpf_skb_store_bytes(skb, 0, sc->hdr, flen, 0))
		return frag_drop(MPLSX_DROP_INTERNAL, len);

	iph.ttl = fm.ttl;
	for (k = 0; k < FRAG_MAX; k++) {
		__u32 chunk, last;

		if (k >= n)
			break;
		start = k * step;
		if (start >= FRAG_BUF)
			break;
		last = k == n - 1;
		chunk = (last ? pay - start : step) & 0x3FFF;
		if (chunk < 1 || chunk > FRAG_BUF)
			return frag_drop(MPLSX_DROP_INTERNAL, len);
		if (bpf_skb_change_tail(skb, flen + hlen + chunk, 0))
			return frag_drop(MPLSX_DROP_INTERNAL, len);
		base = off0 + start / 8;
		iph.frag_off = bpf_htons(base | (last ? mf0 : 0x2000));
		iph.tot_len = bpf_htons(hlen + chunk);
		iph.check = 0;
		iph.check = ~csum_fold(
			bpf_csum_diff(NULL, 0, (void *)&iph, sizeof(iph), 0));
		if (bpf_skb_store_bytes(skb, flen, &iph, sizeof(iph), 0) ||
		    bpf_skb_store_bytes(skb, flen + hlen,
					sc->payload + (start & 0x3FFF), chunk,
					0))
			return frag_drop(MPLSX_DROP_INTERNAL, len);
		sent++;
		tx_bytes += flen + hlen + chunk;
		if (last)
			break;
		if (bpf_clone_redirect(skb, ifindex, 0))
			return frag_drop(MPLSX_DROP_TX_ERROR, len);
	}
	stats_counter_add(&icmp_stats, MPLSX_ICMP_FRAGMENTED, len);
	stats_counter_add(&icmp_stats, MPLSX_ICMP_FRAGMENTS, tx_bytes);
	{
		struct mplsx_counter *c;
		struct port_stats *ps;
		__u32 key = MPLSX_ICMP_FRAGMENTS;

		/* counted once per fragment, not once per datagram */
		c = bpf_map_lookup_elem(&icmp_stats, &key);
		if (c && sent)
			c->packets += sent - 1;
		ps = bpf_map_lookup_elem(&port_stats, &eg_port);
		if (ps) {
			ps->tx_packets += sent;
			ps->tx_bytes += tx_bytes;
		}
	}
	return bpf_redirect(ifindex, 0);
}

#endif /* MPLSX_FRAG_H */
