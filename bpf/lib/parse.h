/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * parse.h - cursor parsing of the headers a core port sees: Ethernet, up
 * to MPLSX_MAX_VLAN_DEPTH 802.1Q/802.1ad tags, and the MPLS label stack
 * down to the bottom of stack (RFC 3032), bounded by MPLSX_MAX_LABEL_DEPTH.
 */
#ifndef MPLSX_PARSE_H
#define MPLSX_PARSE_H

#include <linux/types.h>
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#include "dp/mplsx_abi.h"

/* Stage result meaning "not decided yet, go on"; XDP verdicts are >= 0. */
#define MPLSX_NEXT (-1)
/* port_id of a frame that arrived on a port mplsx does not manage. */
#define MPLSX_PORT_NONE 0xFFFFFFFFu

#define VLAN_VID_MASK 0x0FFF /* 802.1Q VID bits of the TCI */

struct vlan_hdr {
	__be16 tci;
	__be16 proto; /* what follows the tag */
};

struct mpls_lse { /* label stack entry, RFC 3032 section 2.1 */
	__be32 entry;
};

struct hdr_cursor {
	void *pos;
};

/* Which vrf_stats (or pw_stats) counter a redirected frame moves. */
enum mplsx_vrf_op {
	MPLSX_VRF_OP_NONE = 0,
	MPLSX_VRF_OP_IMPOSE,  /* CE -> core */
	MPLSX_VRF_OP_DISPOSE, /* core -> CE */
	MPLSX_VRF_OP_LOCAL,   /* CE -> CE */
};

/* What the parser learned and the single exit counts from. */
struct mplsx_pkt {
	void *stack;   /* first entry; main program only, before any adjust */
	__u32 len;     /* frame length at ingress */
	__u32 port_id; /* ingress port_stats slot */
	__u32 tx_port_id; /* egress port_stats slot, on redirect */
	__u32 tx_len;	  /* frame length on egress, on redirect */
	__u32 reason;	  /* enum mplsx_drop_reason, on drop */
	__u32 vrf_id;	  /* VRF port, or VPN label popped; 0 = none */
	__u32 pw_id;	  /* AC port, or PW label popped; 0 = none */
	__u32 hash;	  /* flow hash (ecmp.h); 0 = not computed yet */
	__u16 l2_len;	  /* Ethernet header and VLAN tags */
	__u16 port_vlan;  /* VLAN id of the ingress port, 0 = untagged */
	__u8 n_vlan;
	__u8 n_lse;	 /* entries down to and including the bottom of stack */
	__u8 port_flags; /* MPLSX_PORT_F_* of a VRF port */
	__u8 vrf_op;	 /* enum mplsx_vrf_op, for VRFs and pseudowires */
	/* VPLS (lib/vpls.h): the instance (ids fit a byte) and the member
	 * the frame came from (enum mplsx_vpls_where + id), counted at the
	 * exit by vpls_account().  Four bytes: the stack of the deepest
	 * call chain is at its limit. */
	__u8 vpls_id;
	__u8 vpls_from;
	__u16 vpls_from_id;
	/* VRF port: tags that are the port's (its VLAN, or a priority tag
	 * on the untagged port); fits the struct's tail padding. */
	__u8 port_tags;
};

/* Ethernet, VLAN tags and label stack: the most header bytes we parse. */
#define MPLSX_HDR_MAX                                     \
	(sizeof(struct ethhdr) +                          \
	 MPLSX_MAX_VLAN_DEPTH * sizeof(struct vlan_hdr) + \
	 MPLSX_MAX_LABEL_DEPTH * sizeof(struct mpls_lse))

/*
 * Label stack entry n (n == n_lse: what lies below the bottom of stack),
 * recomputed from ctx: subprograms verified on their own cannot be handed
 * packet pointers.  NULL if the offset is beyond what the parser allows;
 * the caller still checks it against data_end.
 */
static __always_inline void *pkt_stack_at(struct xdp_md *ctx,
					  const struct mplsx_pkt *pkt, __u32 n)
{
	__u32 off = pkt->l2_len + n * sizeof(struct mpls_lse);

	if (n > MPLSX_MAX_LABEL_DEPTH || off > MPLSX_HDR_MAX)
		return NULL;
	return (void *)(long)ctx->data + off;
}

static __always_inline int mplsx_drop(struct mplsx_pkt *pkt,
				      enum mplsx_drop_reason reason)
{
	pkt->reason = reason;
	return XDP_DROP;
}

static __always_inline int proto_is_vlan(__be16 proto)
{
	return proto == bpf_htons(ETH_P_8021Q) ||
	       proto == bpf_htons(ETH_P_8021AD);
}

/*
 * Ethernet header and VLAN tags.  Sets *proto to the ethertype after the
 * tags (network order); a frame with more tags than we parse ends with a
 * VLAN ethertype and so goes to the kernel like any non-MPLS frame.
 */
static __always_inline int parse_ethhdr(struct hdr_cursor *c, void *data_end,
					struct mplsx_pkt *pkt, __be16 *proto)
{
	struct ethhdr *eth = c->pos;
	struct vlan_hdr *vh;
	__be16 p;
	int i;

	if ((void *)(eth + 1) > data_end)
		return mplsx_drop(pkt, MPLSX_DROP_TRUNCATED);
	p = eth->h_proto;
	vh = (void *)(eth + 1);

#pragma unroll
	for (i = 0; i < MPLSX_MAX_VLAN_DEPTH; i++) {
		if (!proto_is_vlan(p))
			break;
		if ((void *)(vh + 1) > data_end)
			return mplsx_drop(pkt, MPLSX_DROP_TRUNCATED);
		p = vh->proto;
		vh++;
		pkt->n_vlan++;
	}
	c->pos = vh;
	pkt->l2_len = sizeof(*eth) + pkt->n_vlan * sizeof(*vh);
	*proto = p;
	return MPLSX_NEXT;
}

/*
 * Walk the label stack to the entry with the S bit.  The whole stack must
 * be in the frame before any label is acted on.
 */
static __always_inline int
parse_mpls_stack(struct hdr_cursor *c, void *data_end, struct mplsx_pkt *pkt)
{
	struct mpls_lse *lse = c->pos;
	int i;

	pkt->stack = lse;
	for (i = 0; i < MPLSX_MAX_LABEL_DEPTH; i++) {
		if ((void *)(lse + 1) > data_end)
			return mplsx_drop(pkt, MPLSX_DROP_TRUNCATED);
		if (lse->entry & bpf_htonl(MPLS_LS_S_MASK)) {
			pkt->n_lse = i + 1;
			c->pos = lse + 1;
			return MPLSX_NEXT;
		}
		lse++;
	}
	return mplsx_drop(pkt, MPLSX_DROP_STACK_TOO_DEEP);
}

#endif /* MPLSX_PARSE_H */
