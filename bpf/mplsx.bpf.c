// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * mplsx.bpf.c - the XDP data plane of mplsx: label switching on core
 * ports, L3 MPLS VPN (RFC 4364) imposition on VRF ports and disposition
 * of VPN labels on core ports, Ethernet pseudowires (RFC 4448) from
 * attachment circuits and back.
 *
 * Reads top to bottom in the order a frame takes: ingress port, Ethernet
 * and VLAN tags; on a core port the label stack walk, top label
 * processing (reserved labels, label_table), then either the IP payload
 * to the kernel, the label operation, or the VPN label's disposition; on
 * a VRF port the IP header and the VRF lookup.  Every frame that leaves
 * towards a nexthop goes through mplsx_forward() (labels in, labels out)
 * or mplsx_ip_forward() (an IP packet out, labelled or not), which write
 * the nexthop's L2 header and its transport labels.  Every verdict leaves
 * through one exit, stats_account(), which counts it.
 *
 * TTL (RFC 3443 uniform model): entries popped on this router (explicit
 * null, pop-local) pass min(their TTL, the next entry's TTL) on as the
 * incoming TTL of the entry processed next; the forwarded frame carries
 * that TTL minus one.  An IP packet handed to the kernel keeps its own
 * TTL: the kernel is its destination or routes it with its own TTL rules.
 * VPN labels follow the uniform model unless their entry or the VRF port
 * asks for the pipe model; see mplsx_from_ce() and mplsx_dispose().
 *
 * MPLS multicast (0x8848) is not label switched here: it goes to the
 * kernel like any other non-unicast-MPLS ethertype, which discards it.
 */
#include <linux/types.h>
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#include "dp/mplsx_abi.h"
#include "lib/maps.h"
#include "lib/parse.h"
#include "lib/stats.h"
#include "lib/csum.h"
#include "lib/label.h"
#include "lib/nexthop.h"
#include "lib/vrf.h"
#include "lib/l2vpn.h"
#include "lib/icmp.h"
#include "lib/frag.h"
#include "lib/vpls.h"
#include "lib/vpls_flood.h"
#include "lib/oam.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

static __always_inline int mplsx_from_ac(struct xdp_md *ctx,
					 struct mplsx_pkt *pkt);
int mplsx_vpls_from_ac(struct xdp_md *ctx, struct mplsx_pkt *pkt);

/* The frame is for this port: a group address, the port's own MAC, or
 * any address when the agent gave none.  A short frame "matches": the
 * parse that follows drops it, counted. */
static __always_inline int port_mac_match(const struct ethhdr *eth,
					  const void *data_end,
					  const struct port_config *pc)
{
	const __u16 *d = (const void *)eth->h_dest;
	const __u16 *m = (const void *)pc->mac;

	if ((const void *)(eth + 1) > data_end || (eth->h_dest[0] & 1))
		return 1;
	if (!(m[0] | m[1] | m[2]))
		return 1;
	return d[0] == m[0] && d[1] == m[1] && d[2] == m[2];
}

/*
 * Which port the frame arrived on, then its L2 header.  A port is an
 * interface or one VLAN on it: the outer tag is peeked at before the
 * parse, so that an unmanaged port's frames pass untouched and uncounted
 * however malformed.  A tagged frame without a port of its own belongs
 * to the untagged port only if that is a core port (tagged MPLS) or a
 * whole-port attachment circuit (which carries every frame); the VLANs of
 * a VRF interface are not that VRF's.  An attachment circuit's frames
 * are not parsed at all: they go into the pseudowire as they are.
 */
static __always_inline int mplsx_ingress(struct xdp_md *ctx,
					 struct mplsx_pkt *pkt,
					 struct hdr_cursor *c, __be16 *proto)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct port_key key = {.ifindex = ctx->ingress_ifindex};
	struct ethhdr *eth = data;
	struct vlan_hdr *vh = (void *)(eth + 1);
	const struct port_config *pc, *vpc;
	int act, tagged = 0, prio_tag = 0;

	/* Ports are 802.1Q VLANs: an 802.1ad S-tag is never one of them.
	 * An 802.1Q tag with VID 0 only carries a priority (802.1Q 9.6):
	 * the frame is the untagged port's. */
	if ((void *)(vh + 1) <= data_end && proto_is_vlan(eth->h_proto)) {
		key.vlan_id = bpf_ntohs(vh->tci) & VLAN_VID_MASK;
		if (eth->h_proto == bpf_htons(ETH_P_8021Q) && !key.vlan_id)
			prio_tag = 1;
		else
			tagged = 1;
		if (eth->h_proto != bpf_htons(ETH_P_8021Q))
			key.vlan_id = 0;
	}
	/* port_vlan only for an interface that has VLAN ports: the hash
	 * lookup is not every tagged frame's (ifindex beyond port_config:
	 * it may have them). */
	pc = bpf_map_lookup_elem(&port_config, &key.ifindex);
	vpc = key.vlan_id && (!pc || (pc->flags & MPLSX_PORT_F_VLANS))
		      ? bpf_map_lookup_elem(&port_vlan, &key)
		      : NULL;
	if (vpc) {
		pc = vpc;
	} else {
		if (pc && tagged && pc->role != MPLSX_PORT_CORE &&
		    pc->role != MPLSX_PORT_AC && pc->role != MPLSX_PORT_VPLS)
			pc = NULL;
		key.vlan_id = 0;
	}
	if (!pc || !pc->role)
		return XDP_PASS; /* not ours: uncounted */
	if (pc->role == MPLSX_PORT_VRF) {
		if (!pc->vrf_id)
			return XDP_PASS; /* 0 is never a VRF */
		pkt->vrf_id = pc->vrf_id;
		pkt->port_flags = pc->flags;
		pkt->port_vlan = key.vlan_id;
		pkt->port_tags = key.vlan_id || prio_tag;
	} else if (pc->role == MPLSX_PORT_AC) {
		pkt->port_id = pc->port_id;
		pkt->len = data_end - data;
		pkt->pw_id = pc->pw_id;
		pkt->port_vlan = key.vlan_id;
		act = mplsx_from_ac(ctx, pkt);
		/* A verdict, never "go on", which would read the parse this
		 * path skips.  The verifier sees any scalar come back from a
		 * global function; the barrier keeps the compiler, which
		 * knows better, from dropping the check. */
		barrier_var(act);
		return act == MPLSX_NEXT ? XDP_ABORTED : act;
	} else if (pc->role == MPLSX_PORT_VPLS) {
		pkt->port_id = pc->port_id;
		pkt->len = data_end - data;
		pkt->vpls_id = (__u8)pc->vpls_id;
		pkt->port_vlan = key.vlan_id;
		act = mplsx_vpls_from_ac(ctx, pkt);
		barrier_var(act); /* as for an AC, above */
		return act == MPLSX_NEXT ? XDP_ABORTED : act;
	} else if (pc->role != MPLSX_PORT_CORE) {
		return XDP_PASS;
	}
	pkt->port_id = pc->port_id;
	pkt->len = data_end - data;
	/* A VRF port on a shared segment also sees unicast frames for other
	 * hosts: routing those would be wrong, the kernel drops them. */
	if (pc->role == MPLSX_PORT_VRF && !port_mac_match(eth, data_end, pc))
		return XDP_PASS;

	c->pos = data;
	return parse_ethhdr(c, data_end, pkt, proto);
}

/*
 * Swap, swap and push, or PHP of the entry at index idx, then the
 * nexthop: its transport labels go outside out[], so an entry whose path
 * moves to another LSP needs no rewrite.  lse is that entry in host
 * order, its TTL field replaced by the incoming TTL carried down the
 * stack.  Every check comes before the first write, so a dropped frame is
 * never half rewritten.  Inlined for the top entry (idx 0, nearly every
 * frame: a call and its return cost about 8 ns here); deeper entries go
 * through mplsx_forward(), a global function that the verifier checks
 * once, not once per stack position that reaches it.
 */
static __always_inline int mplsx_forward_at(struct xdp_md *ctx,
					    struct mplsx_pkt *pkt,
					    const struct label_entry *le,
					    __u32 idx, __u32 lse)
{
	void *data_end = (void *)(long)ctx->data_end;
	const struct nexthop *nh;
	__u16 proto = ETH_P_MPLS_UC;
	__u32 n_pop = idx + 1, n_out, n_push, n_lbl, out_l2, tx_len, ifindex;
	__u32 ttl = lse_ttl(lse), tc_ttl;
	int bos = lse_bos(lse);
	void *below, *pos;
	int delta;

	if (!pkt || !le)
		return XDP_ABORTED;
	/* RFC 3032 section 2.4.1: never send a frame out with TTL 0; the
	 * sender hears of it along the LSP (icmp.h). */
	if (ttl <= 1) {
		struct icmp_req rq = {.reason = MPLSX_DROP_TTL_EXPIRED,
				      .idx = idx,
				      .lse = lse};

		return mplsx_icmp_tunnel(ctx, pkt, le, &rq);
	}
	ttl--;

	nh = nexthop_select(ctx, pkt, le->nexthop_id, ECMP_MPLS, 0, 0);
	if (!nh)
		return mplsx_drop(pkt, MPLSX_DROP_NEXTHOP_UNRESOLVED);
	n_out = le->n_out;
	n_push = nh->n_push;
	if (n_out > MPLSX_MAX_PUSH || n_push > MPLSX_MAX_PUSH)
		return mplsx_drop(pkt, MPLSX_DROP_INTERNAL);
	n_lbl = n_out + n_push;

	below = pkt_stack_at(ctx, pkt, n_pop);
	if (!below)
		return mplsx_drop(pkt, MPLSX_DROP_INTERNAL);
	if (n_lbl == 0 && bos) {
		proto = label_payload_proto(below, data_end, &pkt->reason);
		if (!proto)
			return XDP_DROP;
	}

	/* One head adjust: received L2 + popped entries out, the nexthop's
	 * L2 + pushed entries in. */
	out_l2 = nexthop_l2_len(nh);
	delta = (int)(pkt->l2_len + n_pop * sizeof(struct mpls_lse)) -
		(int)(out_l2 + n_lbl * sizeof(struct mpls_lse));
	tx_len = pkt->len - delta;
	if (tx_len - out_l2 > nh->mtu) {
		struct icmp_req rq = {.too_big = 1,
				      .mtu = nh->mtu -
					     (n_lbl + pkt->n_lse - n_pop) * 4,
				      .reason = MPLSX_DROP_MTU_EXCEEDED,
				      .idx = idx,
				      .lse = lse};

		return mplsx_icmp_tunnel(ctx, pkt, le, &rq);
	}
	ifindex = nh->ifindex;
	if (!nexthop_tx_select(ifindex))
		return mplsx_drop(pkt, MPLSX_DROP_TX_ERROR);

	if (n_lbl == 0) {
		int php = label_php_ttl(below, data_end, proto, ttl);

		if (php)
			return mplsx_drop(pkt, php > 0 ? MPLSX_DROP_TTL_EXPIRED
						       : MPLSX_DROP_INTERNAL);
	}
	if (delta && bpf_xdp_adjust_head(ctx, delta))
		return mplsx_drop(pkt, MPLSX_DROP_INTERNAL);

	data_end = (void *)(long)ctx->data_end;
	pos = nexthop_write_l2((void *)(long)ctx->data, data_end, nh, proto);
	tc_ttl = (lse & MPLS_LS_TC_MASK) | ttl;
	if (pos)
		pos = label_push(pos, data_end, nh->push, n_push, tc_ttl,
				 bos && !n_out);
	if (!pos || !label_push(pos, data_end, le->out, n_out, tc_ttl, bos))
		return mplsx_drop(pkt, MPLSX_DROP_INTERNAL);

	pkt->tx_port_id = nh->port_id;
	pkt->tx_len = tx_len;
	return XDP_REDIRECT;
}

__noinline int mplsx_forward(struct xdp_md *ctx, struct mplsx_pkt *pkt,
			     const struct label_entry *le, __u32 idx, __u32 lse)
{
	if (!pkt || !le)
		return XDP_ABORTED;
	return mplsx_forward_at(ctx, pkt, le, idx, lse);
}

/* The whole stack was popped here: the IP payload goes to the kernel.
 * want is the ethertype an explicit null label demands, 0 for any.
 * Global, like mplsx_forward(). */
__noinline int mplsx_to_kernel(struct xdp_md *ctx, struct mplsx_pkt *pkt,
			       __u32 n_pop, __u16 want)
{
	void *data_end = (void *)(long)ctx->data_end;
	void *payload;
	__u16 proto;

	if (!pkt)
		return XDP_ABORTED;
	payload = pkt_stack_at(ctx, pkt, n_pop);
	if (!payload)
		return mplsx_drop(pkt, MPLSX_DROP_INTERNAL);
	proto = label_payload_proto(payload, data_end, &pkt->reason);
	if (!proto)
		return XDP_DROP;
	if (want && proto != want)
		return mplsx_drop(pkt, MPLSX_DROP_BAD_PAYLOAD);
	return label_pop_to_kernel(ctx, pkt, n_pop, proto);
}

/*
 * An IP packet of a VRF leaves through nexthop nh_id: to a CE as it is
 * (vpn_label 0), or into the core under vpn_label (bottom of stack) and
 * the nexthop's transport labels.  ip says where the packet is and the
 * TTL to write; pushed entries get TC = IP precedence and ip->mpls_ttl.
 * Ethernet padding of a short frame is cut off first: it must not ride
 * inside the labels or reach a CE as part of the packet.  Every check
 * comes before the first write.  Inlined in its two callers (CE
 * ingress, disposition), each with one call site: a call and its return
 * cost about 8 ns on this machine, and its frame would sit on the
 * deepest chain of calls (disposition, then ICMP) under BPF's 512-byte
 * stack.
 */
static __always_inline int mplsx_ip_forward(struct xdp_md *ctx,
					    struct mplsx_pkt *pkt,
					    const struct vrf_ip *ip,
					    __u32 nh_id, __be32 vpn_label)
{
	void *data_end = (void *)(long)ctx->data_end;
	const struct nexthop *nh;
	__u32 n_push, n_lbl, l3_off, out_l2, ifindex, pad, tc_ttl, hash = 0;
	struct mpls_lse *vpn;
	void *pos;
	int delta;

	if (!pkt || !ip)
		return XDP_ABORTED;
	nh = nexthop_select(ctx, pkt, nh_id, ECMP_IP, ip->l3_off, ip->proto);
	if (!nh)
		return mplsx_drop(pkt, MPLSX_DROP_NEXTHOP_UNRESOLVED);
	n_push = nh->n_push;
	if (n_push > MPLSX_MAX_PUSH)
		return mplsx_drop(pkt, MPLSX_DROP_INTERNAL);
	n_lbl = n_push + (vpn_label ? 1 : 0);
	if (vpn_label && (nh->flags & MPLSX_NH_F_ENTROPY)) {
		hash = ecmp_flow_hash(ctx, pkt, ECMP_IP, ip->l3_off, ip->proto);
		n_lbl += 2;
	}
	if (ip->len + n_lbl * sizeof(struct mpls_lse) > nh->mtu)
		return icmp_too_big(
			ctx, pkt, ip, nh->mtu - n_lbl * sizeof(struct mpls_lse),
			pkt->vrf_op == MPLSX_VRF_OP_DISPOSE, nh_id, vpn_label);
	ifindex = nh->ifindex;
	if (!nexthop_tx_select(ifindex))
		return mplsx_drop(pkt, MPLSX_DROP_TX_ERROR);
	l3_off = ip->l3_off;
	if (l3_off > MPLSX_HDR_MAX || ip->len + l3_off > pkt->len)
		return mplsx_drop(pkt, MPLSX_DROP_INTERNAL);

	if (vrf_ip_set_ttl((void *)(long)ctx->data + l3_off, data_end,
			   ip->proto, ip->ttl))
		return mplsx_drop(pkt, MPLSX_DROP_INTERNAL);
	pad = pkt->len - l3_off - ip->len;
	if (pad && bpf_xdp_adjust_tail(ctx, -(int)pad))
		return mplsx_drop(pkt, MPLSX_DROP_INTERNAL);
	out_l2 = nexthop_l2_len(nh);
	delta = (int)l3_off - (int)(out_l2 + n_lbl * sizeof(struct mpls_lse));
	if (delta && bpf_xdp_adjust_head(ctx, delta))
		return mplsx_drop(pkt, MPLSX_DROP_INTERNAL);

	data_end = (void *)(long)ctx->data_end;
	pos = nexthop_write_l2((void *)(long)ctx->data, data_end, nh,
			       n_lbl ? ETH_P_MPLS_UC : ip->proto);
	tc_ttl = (__u32)ip->tc << MPLS_LS_TC_SHIFT | ip->mpls_ttl;
	if (pos)
		pos = label_push(pos, data_end, nh->push, n_push, tc_ttl,
				 !vpn_label);
	if (pos && hash)
		pos = ecmp_push_entropy(pos, data_end, hash, tc_ttl);
	if (!pos)
		return mplsx_drop(pkt, MPLSX_DROP_INTERNAL);
	if (vpn_label) {
		vpn = pos;
		if ((void *)(vpn + 1) > data_end)
			return mplsx_drop(pkt, MPLSX_DROP_INTERNAL);
		vpn->entry = vpn_label | bpf_htonl(MPLS_LS_S_MASK | tc_ttl);
	}

	pkt->tx_port_id = nh->port_id;
	pkt->tx_len = out_l2 + n_lbl * sizeof(struct mpls_lse) + ip->len;
	return XDP_REDIRECT;
}

/*
 * Disposition of a VPN label (RFC 4364 section 5): n_pop entries down to
 * and including it are popped, ttl is the least TTL among them.  The VPN
 * label must be the bottom of stack, or sit on an explicit null at the
 * bottom (RFC 4182 allows one anywhere, and a sender may add one under
 * the VPN label to say the payload's family), which is popped too and
 * must match the payload; any other entry below is no IP packet for this
 * VRF: bad_payload.  TTL, uniform model: the IP TTL becomes min(IP TTL,
 * MPLS TTL); pipe (MPLSX_LABEL_F_PIPE_TTL): the IP TTL is kept; either
 * way it is then decremented.  A per-VRF label leads to a lookup, and
 * only LOCAL (to the CE), RECEIVE (to the kernel, labels removed, TTL
 * untouched) and GLEAN routes are followed: a VPN packet never goes back
 * into the core.  A per-next-hop label goes straight to its CE adjacency.
 */
__noinline int mplsx_dispose(struct xdp_md *ctx, struct mplsx_pkt *pkt,
			     const struct label_entry *le, __u32 n_pop,
			     __u32 ttl)
{
	void *data_end = (void *)(long)ctx->data_end;
	struct vrf_ip *ip = vrf_ip_get();
	const struct vrf_route *rt;
	struct mpls_lse *below;
	__u32 nh_id, lse, label;
	__u16 want = 0;
	__be32 vpn = 0;
	__u8 *ver;
	int pipe;

	if (!pkt || !le)
		return XDP_ABORTED;
	if (!ip)
		return mplsx_drop(pkt, MPLSX_DROP_INTERNAL);
	pkt->vrf_id = le->vrf_id;
	nh_id = le->nexthop_id;
	pipe = le->flags & MPLSX_LABEL_F_PIPE_TTL;

	if (n_pop < pkt->n_lse) {
		below = pkt_stack_at(ctx, pkt, n_pop);
		if (!below || (void *)(below + 1) > data_end)
			return mplsx_drop(pkt, MPLSX_DROP_INTERNAL);
		lse = bpf_ntohl(below->entry);
		label = lse_label(lse);
		if (!lse_bos(lse) || (label != MPLS_LABEL_IPV4_NULL &&
				      label != MPLS_LABEL_IPV6_NULL))
			return mplsx_drop(pkt, MPLSX_DROP_BAD_PAYLOAD);
		want = label == MPLS_LABEL_IPV4_NULL ? ETH_P_IP : ETH_P_IPV6;
		ttl = min_u32(ttl, lse_ttl(lse));
		n_pop++;
	}

	ver = pkt_stack_at(ctx, pkt, n_pop);
	if (!ver)
		return mplsx_drop(pkt, MPLSX_DROP_INTERNAL);
	if ((void *)(ver + 1) > data_end)
		return mplsx_drop(pkt, MPLSX_DROP_TRUNCATED);
	switch (*ver >> 4) {
	case 4:
		ip->proto = ETH_P_IP;
		break;
	case 6:
		ip->proto = ETH_P_IPV6;
		break;
	default:
		return mplsx_drop(pkt, MPLSX_DROP_BAD_PAYLOAD);
	}
	if (want && ip->proto != want)
		return mplsx_drop(pkt, MPLSX_DROP_BAD_PAYLOAD);
	ip->l3_off = pkt->l2_len + n_pop * sizeof(struct mpls_lse);
	if (vrf_ip_parse(ctx, pkt->len, ip))
		return mplsx_drop(pkt, MPLSX_DROP_BAD_IP);

	/* An ICMP error is looked up even under a per-next-hop label: it
	 * goes to the sender of what caused it, not to that CE. */
	if (le->action == MPLSX_LABEL_VRF || icmp_is_error(ctx, ip)) {
		rt = vrf_lookup(ip, pkt->vrf_id);
		if (!rt)
			return mplsx_drop(pkt, MPLSX_DROP_NO_ROUTE);
		switch (rt->kind) {
		case MPLSX_ROUTE_LOCAL:
			nh_id = rt->nexthop_id;
			break;
		case MPLSX_ROUTE_RECEIVE:
			return label_pop_to_kernel(ctx, pkt, n_pop, ip->proto);
		case MPLSX_ROUTE_GLEAN:
			vrf_glean(ip, pkt->vrf_id);
			return mplsx_drop(pkt, MPLSX_DROP_NEXTHOP_UNRESOLVED);
		default: /* REMOTE: never back into the core, but for the
			  * ICMP errors that P routers tunnel to this PE
			  * (RFC 3032 section 2.3.2): they go to their PE */
			if (rt->kind != MPLSX_ROUTE_REMOTE ||
			    !icmp_is_error(ctx, ip))
				return mplsx_drop(pkt, MPLSX_DROP_NO_ROUTE);
			nh_id = rt->nexthop_id;
			vpn = rt->vpn_label | bpf_htonl(MPLS_LS_S_MASK);
		}
	}

	if (!pipe)
		ip->ttl = min_u32(ip->ttl, ttl);
	if (ip->ttl <= 1) {
		struct icmp_req rq = {.l3_off = ip->l3_off,
				      .proto = ip->proto,
				      .reason = MPLSX_DROP_TTL_EXPIRED};

		return mplsx_icmp_vrf(ctx, pkt, &rq);
	}
	ip->ttl--;
	ip->mpls_ttl = ip->ttl;
	pkt->vrf_op = vpn ? MPLSX_VRF_OP_IMPOSE : MPLSX_VRF_OP_DISPOSE;
	return mplsx_ip_forward(ctx, pkt, ip, nh_id, vpn);
}

/*
 * A frame from the attachment circuit of pseudowire pkt->pw_id (RFC 4448
 * section 4).  Whatever it is - ARP, IP, OSPF hellos to a multicast MAC,
 * the customer's own VLANs - it goes whole into the pseudowire: Ethernet
 * header and payload as received (padding included; the FCS is gone
 * already), behind the control word if the pseudowire has one, under the
 * PW label and the peer PE's transport labels.  A VLAN AC's tag is
 * stripped (raw mode, see l2vpn.h).  A frame that would not fit the core
 * MTU is dropped: PWs do not fragment (RFC 4623 is optional).  Every
 * check comes before the first write.  Inlined in the main program, its
 * only caller: a call and its return cost about 8 ns here.
 */
static __always_inline int mplsx_from_ac(struct xdp_md *ctx,
					 struct mplsx_pkt *pkt)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	const struct pseudowire *pw;
	const struct nexthop *nh;
	__u32 n_push, n_el = 0, strip, cw_len, len, hdr, ifindex, hash = 0;
	struct mpls_lse *lse;
	__u8 macs[2 * ETH_ALEN];
	__be32 *cw;
	void *pos;

	if (!pkt)
		return XDP_ABORTED;
	pkt->vrf_op = MPLSX_VRF_OP_IMPOSE;
	pw = l2vpn_pw_get(pkt->pw_id);
	if (!pw)
		return mplsx_drop(pkt, MPLSX_DROP_PW_DOWN);
	nh = nexthop_select(ctx, pkt, pw->nexthop_id, ECMP_ETH, 0, 0);
	if (!nh)
		return mplsx_drop(pkt, MPLSX_DROP_NEXTHOP_UNRESOLVED);
	n_push = nh->n_push;
	if (n_push > MPLSX_MAX_PUSH)
		return mplsx_drop(pkt, MPLSX_DROP_INTERNAL);
	if (nh->flags & MPLSX_NH_F_ENTROPY) {
		hash = ecmp_flow_hash(ctx, pkt, ECMP_ETH, 0, 0);
		n_el = 2;
	}
	strip = pkt->port_vlan ? sizeof(struct vlan_hdr) : 0;
	if (pkt->len < sizeof(struct ethhdr) + strip)
		return mplsx_drop(pkt, MPLSX_DROP_TRUNCATED);
	len = pkt->len - strip; /* the frame as the pseudowire carries it */
	cw_len = l2vpn_cw_len(pw);
	if ((n_push + n_el + 1) * sizeof(*lse) + cw_len + len > nh->mtu)
		return mplsx_drop(pkt, MPLSX_DROP_MTU_EXCEEDED);
	ifindex = nh->ifindex;
	if (!nexthop_tx_select(ifindex))
		return mplsx_drop(pkt, MPLSX_DROP_TX_ERROR);

	if (strip) { /* the MACs move over the tag */
		if (data + sizeof(macs) + sizeof(struct vlan_hdr) > data_end)
			return mplsx_drop(pkt, MPLSX_DROP_INTERNAL);
		__builtin_memcpy(macs, data, sizeof(macs));
		__builtin_memcpy(data + sizeof(struct vlan_hdr), macs,
				 sizeof(macs));
	}
	hdr = nexthop_l2_len(nh) + (n_push + n_el + 1) * sizeof(*lse) + cw_len;
	if (bpf_xdp_adjust_head(ctx, (int)strip - (int)hdr))
		return mplsx_drop(pkt, MPLSX_DROP_INTERNAL);

	data_end = (void *)(long)ctx->data_end;
	pos = nexthop_write_l2((void *)(long)ctx->data, data_end, nh,
			       ETH_P_MPLS_UC);
	if (pos)
		pos = label_push(pos, data_end, nh->push, n_push, L2VPN_TTL, 0);
	if (pos && hash)
		pos = ecmp_push_entropy(pos, data_end, hash, L2VPN_TTL);
	lse = pos;
	if (!lse || (void *)(lse + 1) > data_end)
		return mplsx_drop(pkt, MPLSX_DROP_INTERNAL);
	lse->entry = pw->pw_label;
	if (cw_len) {
		cw = (void *)(lse + 1);
		if ((void *)(cw + 1) > data_end)
			return mplsx_drop(pkt, MPLSX_DROP_INTERNAL);
		*cw = l2vpn_cw_encode(len);
	}

	pkt->tx_port_id = nh->port_id;
	pkt->tx_len = hdr + len;
	return XDP_REDIRECT;
}

/*
 * Disposition of a PW label (RFC 4448 section 4): n_pop entries down to
 * and including it are popped; it must be the bottom of stack.  The
 * control word, if the pseudowire has one, is checked and stripped along
 * with any padding its length field points out (l2vpn_cw_check()).  The
 * Ethernet frame below leaves through the attachment circuit unchanged,
 * with the AC's VLAN tag pushed for a VLAN AC (raw mode).  Its size is
 * held to the AC's MTU the way Linux holds a received frame: payload up
 * to the MTU, plus one VLAN tag.  The PW label's TTL is not checked:
 * the label ends here and the frame has no TTL to carry it on.  Inlined
 * for a PW label on top; under other entries through mplsx_pw_dispose(),
 * global like mplsx_forward().
 */
static __always_inline int mplsx_pw_dispose_at(struct xdp_md *ctx,
					       struct mplsx_pkt *pkt,
					       const struct label_entry *le,
					       __u32 n_pop, __u32 lse)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	const struct pseudowire *pw;
	__u32 off, len, tag, ifindex;
	__be16 *tpid;
	__u8 macs[2 * ETH_ALEN];
	int act;
	int keep;

	if (!pkt || !le)
		return XDP_ABORTED;
	pkt->pw_id = le->pw_id;
	pkt->vrf_op = MPLSX_VRF_OP_DISPOSE;
	pw = l2vpn_pw_get(pkt->pw_id);
	if (!pw)
		return mplsx_drop(pkt, MPLSX_DROP_PW_DOWN);
	act = l2vpn_pw_frame(pkt, data, data_end, lse, n_pop,
			     pw->flags & MPLSX_PW_F_CW, &off, &len, &keep);
	if (act)
		return act;
	tag = pw->ac_vlan ? sizeof(struct vlan_hdr) : 0;
	if (keep + tag >
	    (__u32)pw->ac_mtu + sizeof(struct ethhdr) + sizeof(struct vlan_hdr))
		return mplsx_drop(pkt, MPLSX_DROP_MTU_EXCEEDED);
	ifindex = pw->ac_ifindex;
	if (!nexthop_tx_select(ifindex))
		return mplsx_drop(pkt, MPLSX_DROP_TX_ERROR);

	if (len != (__u32)keep && bpf_xdp_adjust_tail(ctx, keep - (int)len))
		return mplsx_drop(pkt, MPLSX_DROP_INTERNAL);
	if (bpf_xdp_adjust_head(ctx, (int)(off - tag)))
		return mplsx_drop(pkt, MPLSX_DROP_INTERNAL);
	if (tag) {
		/* The frame starts tag bytes in: its MACs move to the front
		 * and the AC's tag goes between them and the ethertype. */
		data = (void *)(long)ctx->data;
		data_end = (void *)(long)ctx->data_end;
		tpid = data + sizeof(macs);
		if ((void *)(tpid + 2) > data_end)
			return mplsx_drop(pkt, MPLSX_DROP_INTERNAL);
		__builtin_memcpy(macs, data + sizeof(struct vlan_hdr),
				 sizeof(macs));
		__builtin_memcpy(data, macs, sizeof(macs));
		tpid[0] = bpf_htons(ETH_P_8021Q);
		tpid[1] = bpf_htons(pw->ac_vlan); /* PCP 0, DEI 0 */
	}

	pkt->tx_port_id = pw->ac_port_id;
	pkt->tx_len = keep + tag;
	return XDP_REDIRECT;
}

__noinline int mplsx_pw_dispose(struct xdp_md *ctx, struct mplsx_pkt *pkt,
				const struct label_entry *le, __u32 n_pop,
				__u32 lse)
{
	if (!pkt || !le)
		return XDP_ABORTED;
	return mplsx_pw_dispose_at(ctx, pkt, le, n_pop, lse);
}

/* VPLS (lib/vpls.h): a frame from an attachment circuit of an instance,
 * and a VPLS PW label.  Global, like mplsx_forward(). */
__noinline int mplsx_vpls_from_ac(struct xdp_md *ctx, struct mplsx_pkt *pkt)
{
	if (!pkt)
		return XDP_ABORTED;
	return vpls_from_ac(ctx, pkt);
}

__noinline int mplsx_vpls_from_pw(struct xdp_md *ctx, struct mplsx_pkt *pkt,
				  const struct label_entry *le, __u32 n_pop,
				  __u32 lse)
{
	if (!pkt || !le)
		return XDP_ABORTED;
	return vpls_from_pw(ctx, pkt, le, n_pop, lse);
}

/*
 * Top label processing.  Entries this router pops (explicit null,
 * entropy label pairs, pop-local) are skipped until one is forwarded or
 * the bottom of stack is reached.  The stack walk proved an S bit within
 * n_lse entries, so the loop bound is never what ends it.
 */
static __always_inline int mplsx_labels(struct xdp_md *ctx,
					struct mplsx_pkt *pkt)
{
	void *data_end = (void *)(long)ctx->data_end;
	struct mpls_lse *stack = pkt->stack;
	const struct label_entry *le;
	__u32 idx = 0, ttl = MPLS_LS_TTL_MASK;
	__u32 lse, label;
	int i;

	for (i = 0; i < MPLSX_MAX_LABEL_DEPTH; i++) {
		if (idx >= pkt->n_lse || idx >= MPLSX_MAX_LABEL_DEPTH)
			break;
		if ((void *)(stack + idx + 1) > data_end)
			return mplsx_drop(pkt, MPLSX_DROP_TRUNCATED);
		lse = bpf_ntohl(stack[idx].entry);
		label = lse_label(lse);

		if (label < MPLS_LABEL_FIRST_UNRESERVED) {
			switch (label) {
			case MPLS_LABEL_IPV4_NULL:
			case MPLS_LABEL_IPV6_NULL:
				/* RFC 4182: pop, wherever it is in the stack */
				ttl = min_u32(ttl, lse_ttl(lse));
				if (lse_bos(lse))
					return mplsx_to_kernel(
						ctx, pkt, idx + 1,
						label == MPLS_LABEL_IPV4_NULL
							? ETH_P_IP
							: ETH_P_IPV6);
				idx++;
				continue;
			case MPLS_LABEL_ENTROPY:
				/* RFC 6790 section 4.2: the egress pops the ELI
				 * and the entropy label under it.  Their TTLs
				 * are 0 by design and carry no hop count. */
				if (lse_bos(lse) || idx + 1 >= pkt->n_lse)
					return mplsx_drop(
						pkt, MPLSX_DROP_RESERVED_LABEL);
				if ((void *)(stack + idx + 2) > data_end)
					return mplsx_drop(pkt,
							  MPLSX_DROP_TRUNCATED);
				if (stack[idx + 1].entry &
				    bpf_htonl(MPLS_LS_S_MASK))
					return mplsx_to_kernel(ctx, pkt,
							       idx + 2, 0);
				idx += 2;
				continue;
			default:
				return mplsx_drop(pkt,
						  MPLSX_DROP_RESERVED_LABEL);
			}
		}

		le = bpf_map_lookup_elem(&label_table, &label);
		if (!le || !le->action)
			return mplsx_drop(pkt, MPLSX_DROP_NO_LABEL);
		if (oam_at_disposition(ctx, pkt, le, idx, lse))
			return XDP_PASS;
		stats_label(le->stats_id, pkt->len);
		ttl = min_u32(ttl, lse_ttl(lse));

		if (le->action == MPLSX_LABEL_FORWARD) {
			lse = (lse & ~MPLS_LS_TTL_MASK) | ttl;
			if (!idx)
				return mplsx_forward_at(ctx, pkt, le, 0, lse);
			return mplsx_forward(ctx, pkt, le, idx, lse);
		}
		if (le->action == MPLSX_LABEL_VRF ||
		    le->action == MPLSX_LABEL_VRF_NEXTHOP)
			return mplsx_dispose(ctx, pkt, le, idx + 1, ttl);
		if (le->action == MPLSX_LABEL_PW) {
			if (!idx)
				return mplsx_pw_dispose_at(ctx, pkt, le, 1,
							   lse);
			return mplsx_pw_dispose(ctx, pkt, le, idx + 1, lse);
		}
		if (le->action == MPLSX_LABEL_VPLS)
			return mplsx_vpls_from_pw(ctx, pkt, le, idx + 1, lse);
		if (le->action != MPLSX_LABEL_POP_LOCAL)
			return mplsx_drop(pkt, MPLSX_DROP_INTERNAL);
		if (lse_bos(lse))
			return mplsx_to_kernel(ctx, pkt, idx + 1, 0);
		idx++;
	}
	/* Unreachable: every pass pops at least one entry of n_lse. */
	return mplsx_drop(pkt, MPLSX_DROP_INTERNAL);
}

/*
 * A frame from a CE on a VRF port.  IP only, and only right after the
 * port's own tag: ARP, a second tag and the rest are the host's.  TTL
 * and imposition: the IP TTL is decremented like any router's; the
 * pushed entries carry that TTL (uniform model, RFC 3443 section 3.1),
 * or 255 if the port asks for the pipe model (the core's hops stay
 * invisible to the customer's traceroute).  TC is the IP precedence,
 * the top three bits of TOS / traffic class: the customary mapping of an
 * E-LSP (RFC 3270), which keeps the class (CS, AF, EF); AF drop
 * precedence does not fit in three bits and is left to the IP header.
 * Inlined in the main program, its only caller: a call and its return
 * cost about 8 ns on this machine.
 */
static __always_inline int mplsx_from_ce(struct xdp_md *ctx,
					 struct mplsx_pkt *pkt, __u32 proto)
{
	struct vrf_ip *ip = vrf_ip_get();
	const struct vrf_route *rt;
	__be32 vpn;

	if (!ip)
		return mplsx_drop(pkt, MPLSX_DROP_INTERNAL);
	if ((proto != ETH_P_IP && proto != ETH_P_IPV6) ||
	    pkt->n_vlan != pkt->port_tags)
		return XDP_PASS;
	ip->l3_off = pkt->l2_len;
	ip->proto = proto;
	if (vrf_ip_parse(ctx, pkt->len, ip))
		return mplsx_drop(pkt, MPLSX_DROP_BAD_IP);
	if (vrf_ip_to_host(ip))
		return XDP_PASS;

	rt = vrf_lookup(ip, pkt->vrf_id);
	if (!rt)
		return mplsx_drop(pkt, MPLSX_DROP_NO_ROUTE);
	if (rt->kind == MPLSX_ROUTE_RECEIVE)
		return XDP_PASS;
	if (rt->kind == MPLSX_ROUTE_GLEAN) {
		vrf_glean(ip, pkt->vrf_id);
		return mplsx_drop(pkt, MPLSX_DROP_NEXTHOP_UNRESOLVED);
	}
	if (ip->ttl <= 1) {
		struct icmp_req rq = {.l3_off = ip->l3_off,
				      .proto = ip->proto,
				      .reason = MPLSX_DROP_TTL_EXPIRED};

		return mplsx_icmp_reply(ctx, pkt, &rq);
	}
	ip->ttl--;
	if (rt->kind == MPLSX_ROUTE_LOCAL) {
		pkt->vrf_op = MPLSX_VRF_OP_LOCAL;
		vpn = 0;
	} else if (rt->kind == MPLSX_ROUTE_REMOTE) {
		ip->mpls_ttl =
			pkt->port_flags & MPLSX_PORT_F_PIPE_TTL ? 255 : ip->ttl;
		pkt->vrf_op = MPLSX_VRF_OP_IMPOSE;
		/* The S bit makes the label non-zero: "push". */
		vpn = rt->vpn_label | bpf_htonl(MPLS_LS_S_MASK);
	} else {
		return mplsx_drop(pkt, MPLSX_DROP_INTERNAL);
	}
	/* One call site: the forwarding code is inlined once. */
	return mplsx_ip_forward(ctx, pkt, ip, rt->nexthop_id, vpn);
}

SEC("xdp")
int mplsx_xdp(struct xdp_md *ctx)
{
	struct mplsx_pkt pkt = {.port_id = MPLSX_PORT_NONE};
	struct hdr_cursor c;
	__be16 proto;
	int act;

	act = mplsx_ingress(ctx, &pkt, &c, &proto);
	if (act != MPLSX_NEXT)
		goto out;
	if (pkt.vrf_id) {
		act = mplsx_from_ce(ctx, &pkt, bpf_ntohs(proto));
		goto out;
	}
	/* ARP, IP, ND, anything else: the host's control plane. */
	if (proto != bpf_htons(ETH_P_MPLS_UC)) {
		/* MPLS echo after PHP */
		oam_ip(ctx, pkt.l2_len, pkt.len, bpf_ntohs(proto));
		act = XDP_PASS;
		goto out;
	}
	act = parse_mpls_stack(&c, (void *)(long)ctx->data_end, &pkt);
	/* MPLS echo requests this router answers go to the agent (oam.h). */
	if (act == MPLSX_NEXT &&
	    oam_top(bpf_ntohl(((struct mpls_lse *)pkt.stack)->entry)) ==
		    OAM_TOP_ANSWERED &&
	    oam_labelled(ctx, pkt.l2_len, pkt.n_lse, pkt.len))
		act = XDP_PASS;
	if (act == MPLSX_NEXT)
		act = mplsx_labels(ctx, &pkt);
out:
	if (pkt.vpls_id)
		vpls_account(&pkt, act);
	return stats_account(&pkt, act);
}

/* IPv4 fragmentation (lib/frag.h), on the clsact ingress hook of VRF
 * ports: what the XDP program above passed with a frag_meta. */
SEC("tc")
int mplsx_frag_tc(struct __sk_buff *skb)
{
	return mplsx_frag(skb);
}

/* The VPLS flood path (lib/vpls_flood.h), on the clsact ingress hook of
 * VPLS ACs and core ports: what the XDP program above passed with a
 * vpls_meta is cloned to the instance's members. */
SEC("tc")
int mplsx_vpls_tc(struct __sk_buff *skb)
{
	return vpls_flood(skb);
}
