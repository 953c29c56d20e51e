// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * mplsx.bpf.c - the XDP data plane of mplsx: label switching on core ports.
 *
 * Reads top to bottom in the order a frame takes: ingress port, Ethernet
 * and VLAN tags, label stack walk, top label processing (reserved labels,
 * label_table), then either the IP payload to the kernel, or the label
 * operation, the nexthop's L2 header and the redirect.  Every verdict
 * leaves through one exit, stats_account(), which counts it.
 *
 * TTL (RFC 3443 uniform model): entries popped on this router (explicit
 * null, pop-local) pass min(their TTL, the next entry's TTL) on as the
 * incoming TTL of the entry processed next; the forwarded frame carries
 * that TTL minus one.  An IP packet handed to the kernel keeps its own
 * TTL: the kernel is its destination or routes it with its own TTL rules.
 *
 * MPLS multicast (0x8848) is not label switched here: it goes to the
 * kernel like any other non-unicast-MPLS ethertype, which discards it.
 */
#include <linux/types.h>
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#include "mplsx_abi.h"
#include "lib/maps.h"
#include "lib/parse.h"
#include "lib/stats.h"
#include "lib/csum.h"
#include "lib/label.h"
#include "lib/nexthop.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* A frame arriving on a core port: which port, then the headers. */
static __always_inline int mplsx_ingress(struct xdp_md *ctx,
					 struct mplsx_pkt *pkt)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct hdr_cursor c = {.pos = data};
	const struct port_config *pc;
	__u32 ifindex = ctx->ingress_ifindex;
	__be16 proto;
	int act;

	pc = bpf_map_lookup_elem(&port_config, &ifindex);
	if (!pc || pc->role != MPLSX_PORT_CORE)
		return XDP_PASS; /* not ours: uncounted */
	pkt->port_id = pc->port_id;
	pkt->len = data_end - data;

	act = parse_ethhdr(&c, data_end, pkt, &proto);
	if (act != MPLSX_NEXT)
		return act;
	/* ARP, IP, ND, anything else: the host's control plane. */
	if (proto != bpf_htons(ETH_P_MPLS_UC))
		return XDP_PASS;
	return parse_mpls_stack(&c, data_end, pkt);
}

/*
 * Swap, swap and push, or PHP of the entry at index idx, then the
 * nexthop.  lse is that entry in host order, its TTL field replaced by the
 * incoming TTL carried down the stack.  Every check comes before the first
 * write, so a dropped frame is never half rewritten.  A global function:
 * the verifier checks it once, not once per stack position that reaches
 * it.
 */
__noinline int mplsx_forward(struct xdp_md *ctx, struct mplsx_pkt *pkt,
			     const struct label_entry *le, __u32 idx, __u32 lse)
{
	void *data_end = (void *)(long)ctx->data_end;
	const struct nexthop *nh;
	__u16 proto = ETH_P_MPLS_UC;
	__u32 n_pop = idx + 1, n_out, out_l2, tx_len, ifindex;
	__u32 ttl = lse_ttl(lse);
	int bos = lse_bos(lse);
	void *below, *pos;
	int delta;

	if (!pkt || !le)
		return XDP_ABORTED;
	/* RFC 3032 section 2.4.1: never send a frame out with TTL 0. */
	if (ttl <= 1)
		return mplsx_drop(pkt, MPLSX_DROP_TTL_EXPIRED);
	ttl--;

	nh = nexthop_get(le->nexthop_id);
	if (!nh)
		return mplsx_drop(pkt, MPLSX_DROP_NEXTHOP_UNRESOLVED);
	n_out = le->n_out;
	if (n_out > MPLSX_MAX_PUSH)
		return mplsx_drop(pkt, MPLSX_DROP_INTERNAL);

	below = pkt_stack_at(ctx, pkt, n_pop);
	if (!below)
		return mplsx_drop(pkt, MPLSX_DROP_INTERNAL);
	if (n_out == 0 && bos) {
		proto = label_payload_proto(below, data_end, &pkt->reason);
		if (!proto)
			return XDP_DROP;
	}

	/* One head adjust: received L2 + popped entries out, the nexthop's
	 * L2 + pushed entries in. */
	out_l2 = nexthop_l2_len(nh);
	delta = (int)(pkt->l2_len + n_pop * sizeof(struct mpls_lse)) -
		(int)(out_l2 + n_out * sizeof(struct mpls_lse));
	tx_len = pkt->len - delta;
	if (tx_len - out_l2 > nh->mtu)
		return mplsx_drop(pkt, MPLSX_DROP_MTU_EXCEEDED);
	ifindex = nh->ifindex;
	if (!nexthop_tx_ok(ifindex))
		return mplsx_drop(pkt, MPLSX_DROP_TX_ERROR);

	if (n_out == 0 && label_php_ttl(below, data_end, proto, ttl))
		return mplsx_drop(pkt, MPLSX_DROP_INTERNAL);
	if (delta && bpf_xdp_adjust_head(ctx, delta))
		return mplsx_drop(pkt, MPLSX_DROP_INTERNAL);

	data_end = (void *)(long)ctx->data_end;
	pos = nexthop_write_l2((void *)(long)ctx->data, data_end, nh, proto);
	if (!pos || label_push(pos, data_end, le, n_out,
			       (lse & MPLS_LS_TC_MASK) | ttl, bos))
		return mplsx_drop(pkt, MPLSX_DROP_INTERNAL);

	pkt->tx_port_id = nh->port_id;
	pkt->tx_len = tx_len;
	return nexthop_redirect(pkt, ifindex);
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
		if (!le)
			return mplsx_drop(pkt, MPLSX_DROP_NO_LABEL);
		stats_label(le->stats_id, pkt->len);
		ttl = min_u32(ttl, lse_ttl(lse));

		if (le->action == MPLSX_LABEL_FORWARD)
			return mplsx_forward(ctx, pkt, le, idx,
					     (lse & ~MPLS_LS_TTL_MASK) | ttl);
		if (le->action != MPLSX_LABEL_POP_LOCAL)
			return mplsx_drop(pkt, MPLSX_DROP_INTERNAL);
		if (lse_bos(lse))
			return mplsx_to_kernel(ctx, pkt, idx + 1, 0);
		idx++;
	}
	/* Unreachable: every pass pops at least one entry of n_lse. */
	return mplsx_drop(pkt, MPLSX_DROP_INTERNAL);
}

SEC("xdp")
int mplsx_xdp(struct xdp_md *ctx)
{
	struct mplsx_pkt pkt = {.port_id = MPLSX_PORT_NONE};
	int act;

	act = mplsx_ingress(ctx, &pkt);
	if (act == MPLSX_NEXT)
		act = mplsx_labels(ctx, &pkt);
	return stats_account(&pkt, act);
}
