/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * vpls_flood.h - the VPLS flood path, a TC ingress program: XDP cannot
 * clone a frame, so the XDP program hands broadcast, multicast and
 * unknown unicast frames of an instance to the kernel (XDP_PASS) with a
 * struct vpls_meta in front of them (data_meta), and this program, on
 * the same port's clsact ingress hook, sends one copy to every member
 * with bpf_clone_redirect() and drops the original.
 *
 * Split horizon (RFC 4762 section 4.4): a frame from an AC goes to every
 * other AC and every pseudowire; a frame from a pseudowire to the local
 * ACs only.  AC copies go first, on the customer frame as it is (a VLAN
 * AC's tag as the skb's accelerated tag).  Then each pseudowire's copy
 * gets the peer's header in front: Ethernet, transport labels, PW label,
 * control word.  bpf_skb_change_head() can only grow the head, so the
 * agent orders the peers by the size of that header, smallest first, and
 * each copy grows it by the difference and rewrites all of it.
 *
 * Frames without the metadata (the host's own traffic on a core port)
 * are none of this program's business: TC_ACT_OK.
 */
#ifndef MPLSX_VPLS_FLOOD_H
#define MPLSX_VPLS_FLOOD_H

#include <linux/types.h>
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#include "dp/mplsx_abi.h"
#include "vpls.h"

/* Ethernet + one VLAN tag + transport labels + PW label + control word */
#define VPLS_FLOOD_HDR_MAX                                 \
	(sizeof(struct ethhdr) + sizeof(struct vlan_hdr) + \
	 (MPLSX_MAX_PUSH + 1) * sizeof(struct mpls_lse) + L2VPN_CW_LEN)

/* A copy sent (reason < 0: len bytes) or not (dropped for reason).
 * Returns 0, so that callers can return it. */
static __always_inline int vpls_flood_count(__u32 vpls_id, __u8 where, __u32 id,
					    __u32 len, int reason)
{
	struct vpls_stats *st = vpls_stats_get(vpls_id);
	struct vpls_member_stats *ms = vpls_member_stats(where, id);

	if (reason >= 0) {
		if (st) {
			st->drop_packets++;
			if ((__u32)reason < MPLSX_VPLS_DROP_SLOTS)
				st->drops[reason]++;
		}
		if (ms)
			ms->drop_packets++;
		return 0;
	}
	if (st)
		st->flood_copies++;
	if (ms) {
		ms->out_packets++;
		ms->out_bytes += len;
		ms->flood_out++;
	}
	return 0;
}

/* A tag the kernel took out of the frame into skb->vlan_tci (a customer
 * tag on a whole-port AC) goes back into the bytes: it is part of what
 * the pseudowires carry, and an AC copy must not lose it under its own
 * service tag. */
static __always_inline int vpls_flood_untag_accel(struct __sk_buff *skb)
{
	__u16 tci = skb->vlan_tci;
	__be16 tpid = (__be16)skb->vlan_proto;
	__u8 macs[2 * ETH_ALEN];
	void *data, *data_end;
	__be16 *tag;

	if (!skb->vlan_present)
		return 0;
	if (bpf_skb_vlan_pop(skb) || bpf_skb_change_head(skb, 4, 0))
		return -1;
	data = (void *)(long)skb->data;
	data_end = (void *)(long)skb->data_end;
	tag = data + sizeof(macs);
	if ((void *)(tag + 2) > data_end || data + 4 + sizeof(macs) > data_end)
		return -1;
	__builtin_memcpy(macs, data + 4, sizeof(macs));
	__builtin_memcpy(data, macs, sizeof(macs));
	tag[0] = tpid;
	tag[1] = bpf_htons(tci);
	return 0;
}

/* Write the copy for peer at the front: hdr bytes, which the caller made
 * room for. */
static __always_inline int vpls_flood_write(struct __sk_buff *skb,
					    const struct nexthop *nh,
					    const struct vpls_peer *peer,
					    __u32 cw_len, __u32 frame_len)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	struct mpls_lse *lse;
	__be32 *cw;
	void *pos;

	pos = nexthop_write_l2(data, data_end, nh, ETH_P_MPLS_UC);
	if (pos)
		pos = label_push(pos, data_end, nh->push, nh->n_push, L2VPN_TTL,
				 0);
	lse = pos;
	if (!lse || (void *)(lse + 1) > data_end)
		return -1;
	lse->entry = peer->pw_label;
	if (cw_len) {
		cw = (void *)(lse + 1);
		if ((void *)(cw + 1) > data_end)
			return -1;
		*cw = l2vpn_cw_encode(frame_len);
	}
	return 0;
}

/*
 * One copy out of AC id, on the frame as it is (len bytes).  Global, as
 * the PW copy below: verified once, not once per pass of the loops.
 */
__noinline int vpls_flood_ac(struct __sk_buff *skb, __u32 id, __u32 vpls_id,
			     __u32 len)
{
	const struct vpls_ac *ac = vpls_ac_get(id, (__u16)vpls_id);
	__u32 tag;

	if (!skb || !ac)
		return 0;
	tag = ac->vlan ? sizeof(struct vlan_hdr) : 0;
	if (len + tag >
	    (__u32)ac->mtu + sizeof(struct ethhdr) + sizeof(struct vlan_hdr))
		return vpls_flood_count(vpls_id, MPLSX_VPLS_AC, id, 0,
					MPLSX_DROP_MTU_EXCEEDED);
	if (tag && bpf_skb_vlan_push(skb, bpf_htons(ETH_P_8021Q), ac->vlan))
		return vpls_flood_count(vpls_id, MPLSX_VPLS_AC, id, 0,
					MPLSX_DROP_INTERNAL);
	if (bpf_clone_redirect(skb, ac->ifindex, 0))
		vpls_flood_count(vpls_id, MPLSX_VPLS_AC, id, 0,
				 MPLSX_DROP_TX_ERROR);
	else
		vpls_flood_count(vpls_id, MPLSX_VPLS_AC, id, len + tag, -1);
	if (tag)
		bpf_skb_vlan_pop(skb);
	return 0;
}

/* vpls_flood_pw(): vpls_id's flag for the last peer, and its result's
 * for "the frame itself was redirected" (no clone for the last copy). */
#define VPLS_FLOOD_LAST	      0x10000u
#define VPLS_FLOOD_REDIRECTED 0x40000000

/*
 * One copy into the pseudowire of peer id: the customer frame is len
 * bytes behind head bytes of the previous peer's header.  Returns the
 * head now in front of the frame, with VPLS_FLOOD_REDIRECTED when this
 * was the last peer (VPLS_FLOOD_LAST in vpls_id) and the frame itself
 * went to it with bpf_redirect(): one clone fewer per flood.
 */
__noinline int vpls_flood_pw(struct __sk_buff *skb, __u32 id, __u32 vpls_id,
			     __u32 len, __u32 head)
{
	int last = vpls_id & VPLS_FLOOD_LAST;
	const struct vpls_peer *peer;
	const struct nexthop *nh;
	__u32 l2, hdr, cw_len;

	vpls_id &= 0xFFFF;
	peer = vpls_peer_get(id, (__u16)vpls_id);
	if (!skb || !peer)
		return head;
	cw_len = peer->flags & MPLSX_VPLS_F_CW ? L2VPN_CW_LEN : 0;
	nh = bpf_map_lookup_elem(&nexthop, &peer->nexthop_id);
	/* An equal-cost group: a member by the skb's flow hash (XDP's own
	 * hash needs an xdp_md). */
	if (nh && nh->state == MPLSX_NH_GROUP)
		nh = ecmp_member(nh->group_id, bpf_get_hash_recalc(skb),
				 skb->len);
	if (nh && nh->state != MPLSX_NH_RESOLVED)
		nh = NULL;
	if (!nh || nh->n_push > MPLSX_MAX_PUSH) {
		vpls_flood_count(vpls_id, MPLSX_VPLS_PW, id, 0,
				 MPLSX_DROP_NEXTHOP_UNRESOLVED);
		return head;
	}
	l2 = nexthop_l2_len(nh);
	hdr = l2 + (nh->n_push + 1) * sizeof(struct mpls_lse) + cw_len;
	if (hdr - l2 + len > nh->mtu) {
		vpls_flood_count(vpls_id, MPLSX_VPLS_PW, id, 0,
				 MPLSX_DROP_MTU_EXCEEDED);
		return head;
	}
	/* Grow to this peer's header; the head is never shrunk (the agent's
	 * order), and the clone sent before shares the data, so a head of
	 * the same size is made private first. */
	if (hdr < head || hdr > VPLS_FLOOD_HDR_MAX) {
		vpls_flood_count(vpls_id, MPLSX_VPLS_PW, id, 0,
				 MPLSX_DROP_INTERNAL);
		return head;
	}
	if (hdr > head ? bpf_skb_change_head(skb, hdr - head, 0)
		       : bpf_skb_pull_data(skb, hdr)) {
		vpls_flood_count(vpls_id, MPLSX_VPLS_PW, id, 0,
				 MPLSX_DROP_INTERNAL);
		return head;
	}
	if (vpls_flood_write(skb, nh, peer, cw_len, len)) {
		vpls_flood_count(vpls_id, MPLSX_VPLS_PW, id, 0,
				 MPLSX_DROP_INTERNAL);
		return hdr;
	}
	if (last && bpf_redirect(nh->ifindex, 0) == TC_ACT_REDIRECT) {
		vpls_flood_count(vpls_id, MPLSX_VPLS_PW, id, hdr + len, -1);
		return hdr | VPLS_FLOOD_REDIRECTED;
	}
	if (bpf_clone_redirect(skb, nh->ifindex, 0))
		vpls_flood_count(vpls_id, MPLSX_VPLS_PW, id, 0,
				 MPLSX_DROP_TX_ERROR);
	else
		vpls_flood_count(vpls_id, MPLSX_VPLS_PW, id, hdr + len, -1);
	return hdr;
}

static __always_inline int vpls_flood(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	struct vpls_meta *meta = (void *)(long)skb->data_meta;
	const struct vpls_instance *vi;
	__u32 i, n_ac, n_pw, len, from_id, id, head = 0, vpls_id;
	__u8 from;

	if ((void *)(meta + 1) > data || meta->magic != MPLSX_VPLS_META_MAGIC)
		return TC_ACT_OK;
	vpls_id = meta->vpls_id;
	from = meta->from;
	from_id = meta->from_id;
	vi = vpls_get(vpls_id);
	if (!vi)
		return TC_ACT_SHOT;
	if (vpls_flood_untag_accel(skb)) {
		vpls_flood_count(vpls_id, from, from_id, 0,
				 MPLSX_DROP_INTERNAL);
		return TC_ACT_SHOT;
	}
	len = skb->len;
	n_ac = vi->n_ac;
	n_pw = vi->n_pw;

	for (i = 0; i < MPLSX_VPLS_MAX_MEMBERS; i++) {
		if (i >= n_ac)
			break;
		id = vi->member[i];
		if (from != MPLSX_VPLS_AC || id != from_id)
			vpls_flood_ac(skb, id, vpls_id, len);
	}
	if (from != MPLSX_VPLS_AC)
		return TC_ACT_SHOT; /* from a pseudowire: local ACs only */
	for (i = n_ac; i < MPLSX_VPLS_MAX_MEMBERS; i++) {
		if (i >= n_ac + n_pw)
			break;
		head = vpls_flood_pw(
			skb, vi->member[i],
			vpls_id | (i + 1 == n_ac + n_pw ? VPLS_FLOOD_LAST : 0),
			len, head);
		if (head & VPLS_FLOOD_REDIRECTED)
			return TC_ACT_REDIRECT;
	}
	return TC_ACT_SHOT;
}

#endif /* MPLSX_VPLS_FLOOD_H */
