/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * oam.h - MPLS echo requests (RFC 8029 LSP ping and traceroute) to the
 * agent.  An echo request is a UDP datagram to port 3503 with a 127/8
 * (IPv6: ::ffff:127.0.0.0/104) destination, so that no router ever
 * forwards it as IP.  This router answers it when its top label's TTL
 * expires here, when the label has no entry or ends here (pop, VPN or PW
 * label), or when it arrives as IP on a core port (PHP took the last
 * label): the data path copies the frame into oam_events and lets it go
 * on to the kernel, which has no MPLS and drops martians.  A transit
 * request (a label swapped with TTL left) is forwarded like any frame.
 * The agent decodes, validates and replies; it rate-limits its replies,
 * and a full ring buffer loses requests, never forwarding time.
 */
#ifndef MPLSX_OAM_H
#define MPLSX_OAM_H

#include <linux/types.h>
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/udp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#include "dp/mplsx_abi.h"
#include "parse.h"
#include "label.h"

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 64 * 1024);
} oam_events SEC(".maps");

/* The UDP header of an echo request at IP, or NULL.  Cheap on data
 * traffic: the destination's first byte rules nearly everything out. */
static __always_inline struct udphdr *oam_echo_udp(void *ip, void *data_end)
{
	struct iphdr *ip4 = ip;
	struct ipv6hdr *ip6 = ip;
	struct udphdr *udp;
	__u8 *hbh;

	if ((void *)(ip4 + 1) > data_end)
		return NULL;
	if (ip4->version == 4) {
		if ((bpf_ntohl(ip4->daddr) >> 24) != 127 ||
		    ip4->protocol != IPPROTO_UDP || ip4->ihl < 5)
			return NULL;
		udp = ip + ip4->ihl * 4;
	} else if (ip4->version == 6) {
		if ((void *)(ip6 + 1) > data_end ||
		    ip6->daddr.in6_u.u6_addr32[0] ||
		    ip6->daddr.in6_u.u6_addr32[1] ||
		    ip6->daddr.in6_u.u6_addr32[2] != bpf_htonl(0xffff) ||
		    ip6->daddr.in6_u.u6_addr8[12] != 127)
			return NULL;
		udp = (void *)(ip6 + 1);
		if (ip6->nexthdr == 0) { /* hop-by-hop (router alert) */
			hbh = (void *)udp;
			if ((void *)(hbh + 2) > data_end ||
			    hbh[0] != IPPROTO_UDP)
				return NULL;
			udp = (void *)hbh + (hbh[1] + 1) * 8;
		} else if (ip6->nexthdr != IPPROTO_UDP) {
			return NULL;
		}
	} else {
		return NULL;
	}
	if ((void *)(udp + 1) > data_end ||
	    udp->dest != bpf_htons(MPLSX_OAM_UDP_PORT))
		return NULL;
	return udp;
}

/* Copy the frame for the agent; the caller passes it to the kernel. */
static __always_inline void oam_punt(struct xdp_md *ctx, __u32 frame_len)
{
	struct oam_event *ev;
	__u64 len = frame_len;

	if (len > MPLSX_OAM_FRAME_MAX)
		len = MPLSX_OAM_FRAME_MAX;
	/* The verifier needs the bound on the register the helper gets. */
	barrier_var(len);
	if (len < sizeof(struct ethhdr) || len > MPLSX_OAM_FRAME_MAX)
		return;
	ev = bpf_ringbuf_reserve(&oam_events, sizeof(*ev), 0);
	if (!ev)
		return;
	ev->ifindex = ctx->ingress_ifindex;
	ev->frame_len = frame_len;
	ev->pad = 0;
	if (bpf_xdp_load_bytes(ctx, 0, ev->frame, len)) {
		bpf_ringbuf_discard(ev, 0);
		return;
	}
	ev->len = len;
	bpf_ringbuf_submit(ev, 0);
}

/* Where label stack entry N begins (N == n_lse: the payload), or NULL. */
static __always_inline void *oam_at(struct xdp_md *ctx, __u32 l2_len, __u32 n)
{
	__u32 off = l2_len + n * sizeof(struct mpls_lse);

	if (n > MPLSX_MAX_LABEL_DEPTH || off > MPLSX_HDR_MAX)
		return NULL;
	return (void *)(long)ctx->data + off;
}

/* Labels that end here with the frame's payload: VPN, PW, VPLS. */
static __always_inline int oam_label_disposes(const struct label_entry *le)
{
	return le->action == MPLSX_LABEL_VRF ||
	       le->action == MPLSX_LABEL_VRF_NEXTHOP ||
	       le->action == MPLSX_LABEL_PW || le->action == MPLSX_LABEL_VPLS;
}

/* What oam_top() says of a frame's top label stack entry. */
enum oam_top_kind {
	OAM_TOP_NEVER = 0, /* transit (swapped with TTL left), explicit null */
	OAM_TOP_ANSWERED,  /* answered: check the payload before the walk */
	OAM_TOP_DISPOSITION, /* answered, checked where the label ends
			      * (oam_at_disposition()) */
};

/*
 * Is the frame whose top label stack entry is LSE (host order) one whose
 * echo request this router answers?  Not a transit frame (a label it
 * swaps with TTL left) nor an explicit null (popped, the IP goes on).
 * Inlined in the main program on the top entry the stack walk proved, so
 * that transit traffic never pays for the call to oam_labelled() (a call
 * and its return cost about 8 ns here) and reads no payload; it adds no
 * packet range either, which would double the verifier's states in the
 * label walk that follows.  A disposition label with TTL left is checked
 * where it is processed, after a look at the payload.
 */
static __always_inline enum oam_top_kind oam_top(__u32 lse)
{
	const struct label_entry *le;
	__u32 label = lse_label(lse);

	if (label >= MPLS_LABEL_FIRST_UNRESERVED && lse_ttl(lse) > 1) {
		le = bpf_map_lookup_elem(&label_table, &label);
		if (!le)
			return OAM_TOP_ANSWERED;
		if (le->action == MPLSX_LABEL_FORWARD)
			return OAM_TOP_NEVER;
		return oam_label_disposes(le) ? OAM_TOP_DISPOSITION
					      : OAM_TOP_ANSWERED;
	}
	if (label == MPLS_LABEL_IPV4_NULL || label == MPLS_LABEL_IPV6_NULL)
		return OAM_TOP_NEVER;
	return OAM_TOP_ANSWERED;
}

/*
 * A core port's IP frame (ethertype PROTO, host order, after L2_LEN
 * bytes of Ethernet and tags): an echo request after PHP?  Then the
 * agent's.  Global functions, these two, verified once with a stack frame
 * of their own; they take scalars, not the caller's mplsx_pkt, whose
 * packet pointer a call with its address would invalidate.
 */
__noinline int oam_ip(struct xdp_md *ctx, __u32 l2_len, __u32 frame_len,
		      __u32 proto)
{
	void *ip;

	if (proto != ETH_P_IP && proto != ETH_P_IPV6)
		return 0;
	ip = oam_at(ctx, l2_len, 0);
	if (!ip || !oam_echo_udp(ip, (void *)(long)ctx->data_end))
		return 0;
	oam_punt(ctx, frame_len);
	return 1;
}

/*
 * A labelled frame (N_LSE entries after L2_LEN bytes, a VCCV channel
 * header possibly below them): an echo request
 * under the stack that this router answers (see above)?  Returns 1 when the
 * frame went to the agent (the caller passes it to the kernel), 0 to process it
 * as usual.
 */
__noinline int oam_labelled(struct xdp_md *ctx, __u32 l2_len, __u32 n_lse,
			    __u32 frame_len)
{
	void *data_end = (void *)(long)ctx->data_end;
	struct mpls_lse *top;
	void *ip;

	top = oam_at(ctx, l2_len, 0);
	ip = oam_at(ctx, l2_len, n_lse);
	if (!top || !ip || (void *)(top + 1) > data_end)
		return 0;
	/* Under a PW label with a control word, VCCV puts an associated
	 * channel header (RFC 4385: first nibble 1) before the IP packet:
	 * channel type 0x0021 (IPv4) or 0x0057 (IPv6), RFC 5085. */
	if ((void *)((__u8 *)ip + 4) <= data_end && (*(__u8 *)ip >> 4) == 1) {
		__be16 ch = *(__be16 *)((__u8 *)ip + 2);

		if (ch != bpf_htons(0x0021) && ch != bpf_htons(0x0057))
			return 0;
		ip = (__u8 *)ip + 4;
	}
	if (!oam_echo_udp(ip, data_end) ||
	    oam_top(bpf_ntohl(top->entry)) == OAM_TOP_NEVER)
		return 0;
	oam_punt(ctx, frame_len);
	return 1;
}

/*
 * Could the packet at IP (below a label stack) be an echo request?  True
 * for a VCCV channel header (first nibble 1), an IPv4 destination in
 * 127/8 and an IPv6 one whose first 32 bits are 0; oam_labelled()
 * decides.  Inlined, so that data traffic under a VPN, PW or VPLS label
 * does not pay for the call.
 */
static __always_inline int oam_may_be_echo(const void *ip, const void *data_end)
{
	const struct iphdr *ip4 = ip;
	const struct ipv6hdr *ip6 = ip;
	__u8 v;

	if ((const void *)((const __u8 *)ip + 1) > data_end)
		return 0;
	v = *(const __u8 *)ip >> 4;
	if (v == 1)
		return 1;
	if (v == 4)
		return (const void *)(ip4 + 1) <= data_end &&
		       (bpf_ntohl(ip4->daddr) >> 24) == 127;
	return v == 6 && (const void *)(ip6 + 1) <= data_end &&
	       !ip6->daddr.in6_u.u6_addr32[0];
}

/*
 * The top label (idx 0, entry le, TTL left) ends here with the payload:
 * an echo request under it goes to the agent, as oam_top() deferred.
 * Only the path to this label's disposition sees the payload's bounds.
 */
static __always_inline int oam_at_disposition(struct xdp_md *ctx,
					      const struct mplsx_pkt *pkt,
					      const struct label_entry *le,
					      __u32 idx, __u32 lse)
{
	void *ip;

	if (idx || lse_ttl(lse) <= 1 || !oam_label_disposes(le))
		return 0;
	ip = oam_at(ctx, pkt->l2_len, pkt->n_lse);
	return ip && oam_may_be_echo(ip, (void *)(long)ctx->data_end) &&
	       oam_labelled(ctx, pkt->l2_len, pkt->n_lse, pkt->len);
}

#endif /* MPLSX_OAM_H */
