/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * vrf.h - L3 MPLS VPN (RFC 4364) pieces: the IP header check of a packet
 * entering a VRF (from a CE, or from under a VPN label), the destinations
 * that belong to the host's control plane, the VRF FIB lookup and the IP
 * TTL rewrite.  The paths that use them are in mplsx.bpf.c.
 */
#ifndef MPLSX_VRF_H
#define MPLSX_VRF_H

#include <linux/types.h>
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#include "dp/mplsx_abi.h"
#include "maps.h"
#include "parse.h"
#include "csum.h"
#include "fib.h"

/* An IP packet in a VRF: where it is, what its header says, and what
 * forwarding writes.  The FIB key is filled by the parser (address) and
 * by vrf_lookup() (prefix length, VRF). */
struct vrf_ip {
	union {
		struct vrf_fib4_key k4;
		struct vrf_fib6_key k6;
	};
	__u32 l3_off;  /* IP header, from ctx->data */
	__u16 proto;   /* ETH_P_IP or ETH_P_IPV6, host order */
	__u16 len;     /* IP header + payload, as the header says */
	__u8 ttl;      /* IPv4 TTL / IPv6 hop limit: received, then to write */
	__u8 mpls_ttl; /* TTL of pushed label stack entries */
	__u8 tc;       /* TC of pushed entries: the IP precedence */
	__u8 pad;
};

/* The vrf_ip of the packet being forwarded (CE ingress, disposition)
 * lives here, not on the stack: the main program's frame and
 * disposition's sit on the deepest chains of calls (into ICMP) under
 * BPF's 512-byte stack.  One packet at a time per CPU. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct vrf_ip);
} vrf_ip_scratch SEC(".maps");

/* This CPU's vrf_ip, zeroed; NULL never happens (one entry). */
static __always_inline struct vrf_ip *vrf_ip_get(void)
{
	__u32 zero = 0;
	struct vrf_ip *ip = bpf_map_lookup_elem(&vrf_ip_scratch, &zero);

	if (ip)
		__builtin_memset(ip, 0, sizeof(*ip));
	return ip;
}

/*
 * Check the IP header at ip->l3_off against ip->proto and the frame, and
 * read what the VRF paths need.  frame_len is the frame's length.  0, or
 * -1 for a header a router must not forward (RFC 1812 section 5.2.2:
 * version, IHL, total length; RFC 8200 payload length).  The header
 * checksum is not verified: the TTL update is incremental, so a bad one
 * stays bad and the receiver discards the packet.
 */
static __always_inline int vrf_ip_parse(struct xdp_md *ctx, __u32 frame_len,
					struct vrf_ip *ip)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	__u32 off = ip->l3_off, len, hlen;

	if (off > MPLSX_HDR_MAX || off > frame_len)
		return -1;
	if (ip->proto == ETH_P_IP) {
		struct iphdr *iph = data + off;

		if ((void *)(iph + 1) > data_end)
			return -1;
		hlen = iph->ihl * 4;
		len = bpf_ntohs(iph->tot_len);
		if (iph->version != 4 || hlen < sizeof(*iph) || len < hlen ||
		    len > frame_len - off)
			return -1;
		ip->len = len;
		ip->ttl = iph->ttl;
		ip->tc = iph->tos >> 5;
		ip->k4.addr = iph->daddr;
		return 0;
	}
	if (ip->proto == ETH_P_IPV6) {
		struct ipv6hdr *ip6 = data + off;

		if ((void *)(ip6 + 1) > data_end)
			return -1;
		len = sizeof(*ip6) + bpf_ntohs(ip6->payload_len);
		if (ip6->version != 6 || len > frame_len - off)
			return -1;
		ip->len = len;
		ip->ttl = ip6->hop_limit;
		/* Traffic class straddles the first two bytes; its top three
		 * bits (the precedence) are bits 3..1 of the first. */
		ip->tc = (ip6->priority >> 1) & 0x7;
		__builtin_memcpy(ip->k6.addr, &ip6->daddr, sizeof(ip6->daddr));
		return 0;
	}
	return -1;
}

/* Multicast, broadcast and IPv6 link-local destinations: OSPF, RIP,
 * DHCP, ND and the like, for the host's control plane, never routed. */
static __always_inline int vrf_ip_to_host(const struct vrf_ip *ip)
{
	if (ip->proto == ETH_P_IP) {
		__u32 dst = bpf_ntohl(ip->k4.addr);

		return (dst >> 28) == 0xE || dst == 0xFFFFFFFFu;
	}
	return ip->k6.addr[0] == 0xFF ||
	       (ip->k6.addr[0] == 0xFE && (ip->k6.addr[1] & 0xC0) == 0x80);
}

/* Longest prefix match for the destination in vrf_id only: the stride
 * FIB (fib.h); a destination without a top entry there can only match a
 * short prefix, in the LPM trie, whose key's first 32 bits, the VRF,
 * always match in full. */
static __always_inline const struct vrf_route *vrf_lookup(struct vrf_ip *ip,
							  __u32 vrf_id)
{
	struct fib_scratch *sc = fib_scratch_get();
	const struct vrf_route *t;
	int found;

	if (!sc)
		return NULL;
	if (ip->proto == ETH_P_IP)
		found = fib_lookup4(sc, vrf_id, (const __u8 *)&ip->k4.addr);
	else
		found = fib_lookup6(sc, vrf_id, ip->k6.addr);
	if (found >= 0)
		return found ? &sc->rt : NULL;
	if (ip->proto == ETH_P_IP) {
		ip->k4.prefixlen = 32 + 32;
		ip->k4.vrf_id = vrf_id;
		t = bpf_map_lookup_elem(&vrf_fib4, &ip->k4);
	} else {
		ip->k6.prefixlen = 32 + 128;
		ip->k6.vrf_id = vrf_id;
		t = bpf_map_lookup_elem(&vrf_fib6, &ip->k6);
	}
	return t;
}

#ifndef MPLSX_GLEAN_HOLDOFF_NS
#define MPLSX_GLEAN_HOLDOFF_NS 100000000ull /* 100 ms */
#endif

/*
 * The destination is on a connected subnet of vrf_id but has no
 * adjacency yet (a GLEAN route): ask the agent to resolve it over
 * glean_events, and let the caller drop the packet.  A request equal to
 * one of the last MPLSX_GLEAN_RECENT sent on this CPU within
 * MPLSX_GLEAN_HOLDOFF_NS is not sent again, so a burst towards one host
 * asks once, even with other hosts' bursts in between; a full ring
 * buffer loses requests, which the next packet repeats.
 */
static __always_inline void vrf_glean(const struct vrf_ip *ip, __u32 vrf_id)
{
	struct glean_sent cur = {.ev.vrf_id = vrf_id};
	struct glean_recent *recent;
	__u32 zero = 0, i, j, same;

	if (ip->proto == ETH_P_IP) {
		cur.ev.family = 2; /* AF_INET */
		__builtin_memcpy(cur.ev.addr, &ip->k4.addr, 4);
	} else {
		cur.ev.family = 10; /* AF_INET6 */
		__builtin_memcpy(cur.ev.addr, ip->k6.addr, 16);
	}
	cur.ts = bpf_ktime_get_ns();
	recent = bpf_map_lookup_elem(&glean_recent, &zero);
	if (recent) {
		for (i = 0; i < MPLSX_GLEAN_RECENT; i++) {
			const struct glean_sent *s = &recent->slot[i];

			same = 1;
			for (j = 0; j < sizeof(cur.w) / sizeof(cur.w[0]); j++)
				same &= s->w[j] == cur.w[j];
			if (same && cur.ts - s->ts < MPLSX_GLEAN_HOLDOFF_NS)
				return;
		}
		recent->slot[recent->next % MPLSX_GLEAN_RECENT] = cur;
		recent->next++;
	}
	bpf_ringbuf_output(&glean_events, &cur.ev, sizeof(cur.ev), 0);
}

/* Write the IPv4 TTL (incremental checksum update, RFC 1624) or the IPv6
 * hop limit of the header at l3. */
static __always_inline int vrf_ip_set_ttl(void *l3, void *data_end, __u16 proto,
					  __u8 ttl)
{
	if (proto == ETH_P_IP) {
		struct iphdr *iph = l3;
		__be16 old, new;

		if ((void *)(iph + 1) > data_end)
			return -1;
		old = *(__be16 *)&iph->ttl;
		iph->ttl = ttl;
		new = *(__be16 *)&iph->ttl;
		csum_replace2(&iph->check, old, new);
		return 0;
	}
	{
		struct ipv6hdr *ip6 = l3;

		if ((void *)(ip6 + 1) > data_end)
			return -1;
		ip6->hop_limit = ttl;
	}
	return 0;
}

#endif /* MPLSX_VRF_H */
