/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * vpls.h - VPLS (RFC 4762 data plane) in XDP: MAC learning, known
 * unicast between attachment circuits and pseudowires, and the hand-off
 * of frames to flood to the TC program (vpls_flood.h), which can clone.
 *
 * An instance is a bridge: its ports are local ACs (a port, or a port and
 * VLAN, raw mode as in l2vpn.h: the service tag is not part of the frame)
 * and one pseudowire per remote PE (a full mesh, static labels).  The
 * source MAC of every frame is learnt on the member it came from; the
 * destination MAC decides:
 *   known, behind another AC   -> out of that AC (tag of that AC)
 *   known, behind a peer       -> control word, PW label, transport labels
 *   known, behind the member it came from, or from a PW to another PW
 *                              -> dropped, vpls_filtered (split horizon)
 *   group address, or unknown  -> flood: the customer frame, out of its
 *                                 tag or encapsulation, with a vpls_meta
 *                                 in front (data_meta), XDP_PASS to TC
 */
#ifndef MPLSX_VPLS_H
#define MPLSX_VPLS_H

#include <linux/types.h>
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#include "dp/mplsx_abi.h"
#include "maps.h"
#include "parse.h"
#include "label.h"
#include "nexthop.h"
#include "l2vpn.h"

/* ---- maps --------------------------------------------------------------- */

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, MPLSX_MAX_VPLS);
	__type(key, __u32);
	__type(value, struct vpls_instance);
} vpls SEC(".maps");

/* Shared by every CPU: the per-instance bound needs one count. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, MPLSX_MAX_VPLS);
	__type(key, __u32);
	__type(value, struct vpls_mac_count);
} vpls_mac_count SEC(".maps");

/* A plain hash, not an LRU: an entry goes only when the agent ages or
 * clears it, so added - removed stays the table's true size. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, MPLSX_MAX_VPLS_MACS);
	__type(key, struct vpls_mac_key);
	__type(value, struct vpls_mac);
} vpls_mac SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct vpls_clock);
} vpls_clock SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, MPLSX_MAX_PORTS);
	__type(key, __u32);
	__type(value, struct vpls_ac);
} vpls_ac SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, MPLSX_MAX_VPLS_PEERS);
	__type(key, __u32);
	__type(value, struct vpls_peer);
} vpls_peer SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, MPLSX_MAX_VPLS);
	__type(key, __u32);
	__type(value, struct vpls_stats);
} vpls_stats SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, MPLSX_MAX_PORTS);
	__type(key, __u32);
	__type(value, struct vpls_member_stats);
} vpls_ac_stats SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, MPLSX_MAX_VPLS_PEERS);
	__type(key, __u32);
	__type(value, struct vpls_member_stats);
} vpls_peer_stats SEC(".maps");

/* ---- lookups ------------------------------------------------------------ */

static __always_inline const struct vpls_instance *vpls_get(__u32 id)
{
	const struct vpls_instance *vi = bpf_map_lookup_elem(&vpls, &id);

	if (!vi || vi->state != MPLSX_VPLS_UP)
		return NULL;
	return vi;
}

/* An AC or a peer as a destination: up and of this instance. */
static __always_inline const struct vpls_ac *vpls_ac_get(__u32 port_id,
							 __u16 vpls_id)
{
	const struct vpls_ac *ac = bpf_map_lookup_elem(&vpls_ac, &port_id);

	if (!ac || ac->state != MPLSX_VPLS_UP || ac->vpls_id != vpls_id)
		return NULL;
	return ac;
}

static __always_inline const struct vpls_peer *vpls_peer_get(__u32 peer_id,
							     __u16 vpls_id)
{
	const struct vpls_peer *p = bpf_map_lookup_elem(&vpls_peer, &peer_id);

	if (!p || p->state != MPLSX_VPLS_UP || p->vpls_id != vpls_id)
		return NULL;
	return p;
}

static __always_inline struct vpls_member_stats *vpls_member_stats(__u8 where,
								   __u32 id)
{
	if (where == MPLSX_VPLS_AC)
		return bpf_map_lookup_elem(&vpls_ac_stats, &id);
	if (where == MPLSX_VPLS_PW)
		return bpf_map_lookup_elem(&vpls_peer_stats, &id);
	return NULL;
}

static __always_inline struct vpls_stats *vpls_stats_get(__u32 vpls_id)
{
	return bpf_map_lookup_elem(&vpls_stats, &vpls_id);
}

static __always_inline int vpls_mac_is_group(const __u8 *mac)
{
	return mac[0] & 1;
}

static __always_inline int vpls_mac_is_zero(const __u8 *mac)
{
	const __u16 *w = (const __u16 *)mac;

	return !(w[0] | w[1] | w[2]);
}

/* ---- learning ----------------------------------------------------------- */

/*
 * Learn smac behind (where, id).  Known at the same place: its time is
 * refreshed when vpls_clock has ticked since (once a second at most: a
 * write per frame would bounce the entry's cache line between CPUs).  Known
 * elsewhere: a move, re-learnt at once with one whole-value update, so a reader
 * on another CPU sees the old place or the new, never half of each.  New:
 * learnt while the instance holds fewer than mac_limit MACs; beyond it, or with
 * the table full, the frame still goes on (flooded when its destination is
 * unknown) and the refusal is counted as a limit hit.
 */
static __always_inline void vpls_learn(const struct vpls_instance *vi,
				       __u16 vpls_id, const __u8 *smac,
				       __u8 where, __u32 id)
{
	struct vpls_mac_key k = {.vpls_id = vpls_id};
	struct vpls_member_stats *ms;
	struct vpls_mac_count *cnt;
	struct vpls_stats *st;
	struct vpls_mac *m, v = {};
	const struct vpls_clock *clock;
	__u32 key = vpls_id, zero = 0;
	__u64 now;

	__builtin_memcpy(k.mac, smac, ETH_ALEN);
	clock = bpf_map_lookup_elem(&vpls_clock, &zero);
	now = clock ? clock->now : 0;
	m = bpf_map_lookup_elem(&vpls_mac, &k);
	if (m && m->where == where && m->id == id) {
		if (m->seen != now)
			m->seen = now;
		return;
	}
	st = vpls_stats_get(vpls_id);
	ms = vpls_member_stats(where, id);
	v.seen = now;
	v.where = where;
	v.id = id;
	if (m) {
		if (bpf_map_update_elem(&vpls_mac, &k, &v, BPF_EXIST))
			return;
		if (st)
			st->moves++;
		if (ms)
			ms->moves++;
		return;
	}
	cnt = bpf_map_lookup_elem(&vpls_mac_count, &key);
	if (!cnt)
		return;
	if (cnt->added - vi->mac_removed >= vi->mac_limit ||
	    bpf_map_update_elem(&vpls_mac, &k, &v, BPF_NOEXIST)) {
		/* A racing CPU may have just learnt it: not a limit hit. */
		if (bpf_map_lookup_elem(&vpls_mac, &k))
			return;
		if (st)
			st->limit_hits++;
		return;
	}
	__sync_fetch_and_add(&cnt->added, 1);
	if (st)
		st->learnt++;
	if (ms)
		ms->learnt++;
}

/* Where dmac lives, or NULL: flood. */
static __always_inline const struct vpls_mac *vpls_mac_find(__u16 vpls_id,
							    const __u8 *dmac)
{
	struct vpls_mac_key k = {.vpls_id = vpls_id};

	if (vpls_mac_is_group(dmac))
		return NULL;
	__builtin_memcpy(k.mac, dmac, ETH_ALEN);
	return bpf_map_lookup_elem(&vpls_mac, &k);
}

/* ---- the three ways out ------------------------------------------------- */

/* A known unicast frame leaves for member (where, id): counted here, at
 * the decision, as the exit would count a redirect. */
static __always_inline void vpls_count_out(__u8 where, __u32 id, __u32 len)
{
	struct vpls_member_stats *ms = vpls_member_stats(where, id);

	if (ms) {
		ms->out_packets++;
		ms->out_bytes += len;
	}
}

/*
 * Known unicast into the pseudowire of peer: the customer frame of len
 * bytes at the start of the buffer goes behind the control word (if the
 * instance has one), the PW label and the peer's transport labels, as a
 * point-to-point pseudowire's imposition does (mplsx_from_ac()).  Every
 * check comes before the first write.
 */
static __always_inline int vpls_impose(struct xdp_md *ctx,
				       struct mplsx_pkt *pkt,
				       const struct vpls_peer *peer,
				       __u32 peer_id, __u32 len)
{
	const struct nexthop *nh;
	__u32 n_push, cw_len, hdr, ifindex;
	struct mpls_lse *lse;
	void *data_end, *pos;
	__be32 *cw;

	/* An equal-cost group: the member the customer frame hashes to, as
	 * for a point-to-point pseudowire. */
	nh = nexthop_select(ctx, pkt, peer->nexthop_id, ECMP_ETH, 0, 0);
	if (!nh)
		return mplsx_drop(pkt, MPLSX_DROP_NEXTHOP_UNRESOLVED);
	n_push = nh->n_push;
	if (n_push > MPLSX_MAX_PUSH)
		return mplsx_drop(pkt, MPLSX_DROP_INTERNAL);
	cw_len = peer->flags & MPLSX_VPLS_F_CW ? L2VPN_CW_LEN : 0;
	if ((n_push + 1) * sizeof(*lse) + cw_len + len > nh->mtu)
		return mplsx_drop(pkt, MPLSX_DROP_MTU_EXCEEDED);
	ifindex = nh->ifindex;
	if (!nexthop_tx_select(ifindex))
		return mplsx_drop(pkt, MPLSX_DROP_TX_ERROR);
	hdr = nexthop_l2_len(nh) + (n_push + 1) * sizeof(*lse) + cw_len;
	if (bpf_xdp_adjust_head(ctx, -(int)hdr))
		return mplsx_drop(pkt, MPLSX_DROP_INTERNAL);

	data_end = (void *)(long)ctx->data_end;
	pos = nexthop_write_l2((void *)(long)ctx->data, data_end, nh,
			       ETH_P_MPLS_UC);
	if (pos)
		pos = label_push(pos, data_end, nh->push, n_push, L2VPN_TTL, 0);
	lse = pos;
	if (!lse || (void *)(lse + 1) > data_end)
		return mplsx_drop(pkt, MPLSX_DROP_INTERNAL);
	lse->entry = peer->pw_label;
	if (cw_len) {
		cw = (void *)(lse + 1);
		if ((void *)(cw + 1) > data_end)
			return mplsx_drop(pkt, MPLSX_DROP_INTERNAL);
		*cw = l2vpn_cw_encode(len);
	}
	pkt->tx_port_id = nh->port_id;
	pkt->tx_len = hdr + len;
	vpls_count_out(MPLSX_VPLS_PW, peer_id, pkt->tx_len);
	return XDP_REDIRECT;
}

/*
 * Known unicast out of AC ac_id: the customer frame is keep bytes at
 * offset off (behind a pseudowire's encapsulation, or 0 from another
 * AC), followed by len - keep bytes of padding to cut.  A VLAN AC gets
 * its tag.  Held to the AC's MTU like mplsx_pw_dispose() does.
 */
static __always_inline int vpls_to_ac(struct xdp_md *ctx, struct mplsx_pkt *pkt,
				      const struct vpls_ac *ac, __u32 ac_id,
				      __u32 off, __u32 keep, __u32 len)
{
	__u32 tag = ac->vlan ? sizeof(struct vlan_hdr) : 0, ifindex;
	__u8 macs[2 * ETH_ALEN];
	void *data, *data_end;
	__be16 *tpid;

	if (keep + tag >
	    (__u32)ac->mtu + sizeof(struct ethhdr) + sizeof(struct vlan_hdr))
		return mplsx_drop(pkt, MPLSX_DROP_MTU_EXCEEDED);
	ifindex = ac->ifindex;
	if (!nexthop_tx_select(ifindex))
		return mplsx_drop(pkt, MPLSX_DROP_TX_ERROR);
	if (len != keep && bpf_xdp_adjust_tail(ctx, (int)keep - (int)len))
		return mplsx_drop(pkt, MPLSX_DROP_INTERNAL);
	if ((int)off - (int)tag &&
	    bpf_xdp_adjust_head(ctx, (int)off - (int)tag))
		return mplsx_drop(pkt, MPLSX_DROP_INTERNAL);
	if (tag) {
		data = (void *)(long)ctx->data;
		data_end = (void *)(long)ctx->data_end;
		tpid = data + sizeof(macs);
		if ((void *)(tpid + 2) > data_end)
			return mplsx_drop(pkt, MPLSX_DROP_INTERNAL);
		__builtin_memcpy(macs, data + sizeof(struct vlan_hdr),
				 sizeof(macs));
		__builtin_memcpy(data, macs, sizeof(macs));
		tpid[0] = bpf_htons(ETH_P_8021Q);
		tpid[1] = bpf_htons(ac->vlan); /* PCP 0, DEI 0 */
	}
	pkt->tx_port_id = ac_id;
	pkt->tx_len = keep + tag;
	vpls_count_out(MPLSX_VPLS_AC, ac_id, pkt->tx_len);
	return XDP_REDIRECT;
}

/*
 * Flood: the customer frame (keep bytes at off, padding after it) is
 * moved to the front with a vpls_meta before it, and the kernel's TC
 * ingress hook, where vpls_flood.h clones it, gets it.
 */
static __always_inline int vpls_to_flood(struct xdp_md *ctx,
					 struct mplsx_pkt *pkt, __u32 off,
					 __u32 keep, __u32 len)
{
	struct vpls_meta *meta;
	void *data;

	if (len != keep && bpf_xdp_adjust_tail(ctx, (int)keep - (int)len))
		return mplsx_drop(pkt, MPLSX_DROP_INTERNAL);
	if (off && bpf_xdp_adjust_head(ctx, (int)off))
		return mplsx_drop(pkt, MPLSX_DROP_INTERNAL);
	if (bpf_xdp_adjust_meta(ctx, -(int)sizeof(*meta)))
		return mplsx_drop(pkt, MPLSX_DROP_INTERNAL);
	data = (void *)(long)ctx->data;
	meta = (void *)(long)ctx->data_meta;
	if ((void *)(meta + 1) > data)
		return mplsx_drop(pkt, MPLSX_DROP_INTERNAL);
	meta->magic = MPLSX_VPLS_META_MAGIC;
	meta->vpls_id = pkt->vpls_id;
	meta->from = pkt->vpls_from;
	meta->pad = 0;
	meta->from_id = pkt->vpls_from_id;
	return XDP_PASS;
}

/* ---- the two ways in ---------------------------------------------------- */

/*
 * A frame from a VPLS attachment circuit (port pkt->port_id, VLAN
 * pkt->port_vlan).  A VLAN AC's tag is taken off first: from here on the
 * frame is the customer's, as every member of the instance carries it.
 */
static __always_inline int vpls_from_ac(struct xdp_md *ctx,
					struct mplsx_pkt *pkt)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	const struct vpls_instance *vi;
	const struct vpls_mac *m;
	const struct vpls_peer *peer;
	const struct vpls_ac *ac;
	__u8 macs[2 * ETH_ALEN];
	struct ethhdr *eth;
	__u32 len, strip, to;

	pkt->vpls_from = MPLSX_VPLS_AC;
	pkt->vpls_from_id = (__u16)pkt->port_id;
	vi = vpls_get(pkt->vpls_id);
	if (!vi)
		return mplsx_drop(pkt, MPLSX_DROP_PW_DOWN);
	strip = pkt->port_vlan ? sizeof(struct vlan_hdr) : 0;
	if (pkt->len < sizeof(struct ethhdr) + strip)
		return mplsx_drop(pkt, MPLSX_DROP_TRUNCATED);
	len = pkt->len - strip;
	if (strip) {
		if (data + sizeof(macs) + sizeof(struct vlan_hdr) > data_end)
			return mplsx_drop(pkt, MPLSX_DROP_TRUNCATED);
		__builtin_memcpy(macs, data, sizeof(macs));
		__builtin_memcpy(data + sizeof(struct vlan_hdr), macs,
				 sizeof(macs));
		if (bpf_xdp_adjust_head(ctx, (int)strip))
			return mplsx_drop(pkt, MPLSX_DROP_INTERNAL);
		data = (void *)(long)ctx->data;
		data_end = (void *)(long)ctx->data_end;
	}
	eth = data;
	if ((void *)(eth + 1) > data_end)
		return mplsx_drop(pkt, MPLSX_DROP_TRUNCATED);
	if (vpls_mac_is_group(eth->h_source) || vpls_mac_is_zero(eth->h_source))
		return mplsx_drop(pkt, MPLSX_DROP_BAD_SOURCE_MAC);
	vpls_learn(vi, pkt->vpls_id, eth->h_source, MPLSX_VPLS_AC,
		   pkt->port_id);

	m = vpls_mac_find(pkt->vpls_id, eth->h_dest);
	if (!m)
		return vpls_to_flood(ctx, pkt, 0, len, len);
	to = m->id;
	if (m->where == MPLSX_VPLS_AC) {
		if (to == pkt->port_id)
			return mplsx_drop(pkt, MPLSX_DROP_VPLS_FILTERED);
		ac = vpls_ac_get(to, pkt->vpls_id);
		if (!ac)
			return mplsx_drop(pkt, MPLSX_DROP_PW_DOWN);
		return vpls_to_ac(ctx, pkt, ac, to, 0, len, len);
	}
	peer = vpls_peer_get(to, pkt->vpls_id);
	if (!peer)
		return mplsx_drop(pkt, MPLSX_DROP_PW_DOWN);
	return vpls_impose(ctx, pkt, peer, to, len);
}

/*
 * A VPLS PW label, n_pop entries down to and including it (it must be
 * the bottom of stack).  The control word is checked and removed as for
 * a point-to-point pseudowire (l2vpn_cw_check()), the source MAC learnt
 * on the peer, and the frame goes to a local AC only: a destination
 * behind another pseudowire is never served from here (split horizon).
 */
static __always_inline int vpls_from_pw(struct xdp_md *ctx,
					struct mplsx_pkt *pkt,
					const struct label_entry *le,
					__u32 n_pop, __u32 lse)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	const struct vpls_instance *vi;
	const struct vpls_peer *peer;
	const struct vpls_mac *m;
	const struct vpls_ac *ac;
	__u32 peer_id = le->vpls_peer_id, off, len;
	int act;
	struct ethhdr *eth;
	int keep;

	peer = bpf_map_lookup_elem(&vpls_peer, &peer_id);
	if (!peer || peer->state != MPLSX_VPLS_UP)
		return mplsx_drop(pkt, MPLSX_DROP_PW_DOWN);
	pkt->vpls_id = (__u8)peer->vpls_id;
	pkt->vpls_from = MPLSX_VPLS_PW;
	pkt->vpls_from_id = (__u16)peer_id;
	vi = vpls_get(pkt->vpls_id);
	if (!vi)
		return mplsx_drop(pkt, MPLSX_DROP_PW_DOWN);
	act = l2vpn_pw_frame(pkt, data, data_end, lse, n_pop,
			     vi->flags & MPLSX_VPLS_F_CW, &off, &len, &keep);
	if (act)
		return act;
	/* The verifier needs the bound on off itself, after the add. */
	barrier_var(off);
	if (off > MPLSX_HDR_MAX + L2VPN_CW_LEN)
		return mplsx_drop(pkt, MPLSX_DROP_INTERNAL);
	eth = data + off;
	if ((void *)(eth + 1) > data_end)
		return mplsx_drop(pkt, MPLSX_DROP_TRUNCATED);
	if (vpls_mac_is_group(eth->h_source) || vpls_mac_is_zero(eth->h_source))
		return mplsx_drop(pkt, MPLSX_DROP_BAD_SOURCE_MAC);
	vpls_learn(vi, pkt->vpls_id, eth->h_source, MPLSX_VPLS_PW, peer_id);

	m = vpls_mac_find(pkt->vpls_id, eth->h_dest);
	if (!m)
		return vpls_to_flood(ctx, pkt, off, keep, len);
	if (m->where != MPLSX_VPLS_AC)
		return mplsx_drop(pkt, MPLSX_DROP_VPLS_FILTERED);
	ac = vpls_ac_get(m->id, pkt->vpls_id);
	if (!ac)
		return mplsx_drop(pkt, MPLSX_DROP_PW_DOWN);
	return vpls_to_ac(ctx, pkt, ac, m->id, off, keep, len);
}

/* ---- counters ----------------------------------------------------------- */

/*
 * At the single exit, for a frame that entered an instance: in on the
 * instance and the member it came from; then unicast, flood (XDP_PASS: the TC
 * program counts the copies), or a drop by reason.
 */
static __always_inline void vpls_account(const struct mplsx_pkt *pkt, int act)
{
	struct vpls_stats *st = vpls_stats_get(pkt->vpls_id);
	struct vpls_member_stats *from;
	__u32 reason = pkt->reason;

	from = vpls_member_stats(pkt->vpls_from, pkt->vpls_from_id);
	if (st) {
		st->in_packets++;
		st->in_bytes += pkt->len;
	}
	if (from) {
		from->in_packets++;
		from->in_bytes += pkt->len;
	}
	if (act == XDP_REDIRECT) {
		if (st)
			st->unicast_packets++; /* out: vpls_count_out() */
	} else if (act == XDP_PASS) {
		if (st)
			st->flood_packets++;
		if (from)
			from->flood_in++;
	} else {
		if (act != XDP_DROP)
			reason = MPLSX_DROP_INTERNAL;
		if (st) {
			st->drop_packets++;
			if (reason < MPLSX_VPLS_DROP_SLOTS)
				st->drops[reason]++;
		}
		if (from)
			from->drop_packets++;
	}
}

#endif /* MPLSX_VPLS_H */
