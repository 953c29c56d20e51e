/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * stats.h - counters.  All maps are per-CPU, so plain increments are safe;
 * the agent sums the CPUs.
 */
#ifndef MPLSX_STATS_H
#define MPLSX_STATS_H

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#include "dp/mplsx_abi.h"
#include "maps.h"
#include "parse.h"

static __always_inline void stats_counter_add(void *map, __u32 key, __u32 len)
{
	struct mplsx_counter *c = bpf_map_lookup_elem(map, &key);

	if (c) {
		c->packets++;
		c->bytes += len;
	}
}

/* label_stats[stats_id]: frames that hit a label_table entry, with their
 * length as received. */
static __always_inline void stats_label(__u32 stats_id, __u32 len)
{
	stats_counter_add(&label_stats, stats_id, len);
}

/*
 * vrf_stats[vrf_id] of a frame that entered a VRF (from a CE, or under a
 * VPN label): its verdict, and for a redirect which way it went.  Bytes
 * are the frame's length as received, like every other counter here.
 */
static __always_inline void stats_vrf(const struct mplsx_pkt *pkt, int act)
{
	__u32 key = pkt->vrf_id;
	struct vrf_stats *vs = bpf_map_lookup_elem(&vrf_stats, &key);

	if (!vs)
		return;
	if (act == XDP_PASS) {
		vs->pass_packets++;
	} else if (act == XDP_DROP) {
		vs->drop_packets++;
	} else if (pkt->vrf_op == MPLSX_VRF_OP_IMPOSE) {
		vs->imposed_packets++;
		vs->imposed_bytes += pkt->len;
	} else if (pkt->vrf_op == MPLSX_VRF_OP_DISPOSE) {
		vs->disposed_packets++;
		vs->disposed_bytes += pkt->len;
	} else if (pkt->vrf_op == MPLSX_VRF_OP_LOCAL) {
		vs->local_packets++;
		vs->local_bytes += pkt->len;
	}
}

/* pw_stats[pw_id] of a frame that entered a pseudowire (from its AC) or
 * left one (PW label popped), like stats_vrf(). */
static __always_inline void stats_pw(const struct mplsx_pkt *pkt, int act)
{
	__u32 key = pkt->pw_id;
	struct pw_stats *ps = bpf_map_lookup_elem(&pw_stats, &key);

	if (!ps)
		return;
	if (act != XDP_REDIRECT) {
		ps->drop_packets++;
	} else if (pkt->vrf_op == MPLSX_VRF_OP_IMPOSE) {
		ps->imposed_packets++;
		ps->imposed_bytes += pkt->len;
	} else {
		ps->disposed_packets++;
		ps->disposed_bytes += pkt->len;
	}
}

/*
 * The single exit: count rx on the ingress port and the verdict (pass,
 * drop with its reason, or tx on the egress port), and the VRF's or the
 * pseudowire's.  A redirect
 * that the kernel refused or an aborted run count as drops.
 */
static __always_inline int stats_account(struct mplsx_pkt *pkt, int act)
{
	struct port_stats *ps, *tx;
	__u32 key = pkt->port_id;

	if (key == MPLSX_PORT_NONE)
		return act;

	if (act != XDP_PASS && act != XDP_DROP && act != XDP_REDIRECT) {
		pkt->reason = MPLSX_DROP_INTERNAL;
		act = XDP_DROP;
	}

	ps = bpf_map_lookup_elem(&port_stats, &key);
	if (ps) {
		ps->rx_packets++;
		ps->rx_bytes += pkt->len;
		if (act == XDP_PASS)
			ps->pass_packets++;
		else if (act == XDP_DROP)
			ps->drop_packets++;
	}

	if (act == XDP_DROP) {
		stats_counter_add(&drop_stats, pkt->reason, pkt->len);
	} else if (act == XDP_REDIRECT) {
		key = pkt->tx_port_id;
		tx = bpf_map_lookup_elem(&port_stats, &key);
		if (tx) {
			tx->tx_packets++;
			tx->tx_bytes += pkt->tx_len;
		}
	}
	if (pkt->vrf_id)
		stats_vrf(pkt, act);
	else if (pkt->pw_id)
		stats_pw(pkt, act);
	return act;
}

#endif /* MPLSX_STATS_H */
