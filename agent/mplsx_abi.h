/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * mplsx_abi.h - the one definition of every BPF map key and value.
 *
 * Included by the XDP program (bpf/) and by the agent (agent/).  Fixed-width
 * types only, explicit padding, byte order in the type (__be32 = network
 * order).  Sizes are pinned with _Static_assert so a change on one side
 * cannot silently break the other.
 */
#ifndef MPLSX_ABI_H
#define MPLSX_ABI_H

#include <linux/types.h>

/* ---- sizes ------------------------------------------------------------ */

#ifndef MPLSX_MAX_LABEL_DEPTH
#define MPLSX_MAX_LABEL_DEPTH 8 /* labels walked before "stack too deep" */
#endif
#ifndef MPLSX_MAX_PUSH
#define MPLSX_MAX_PUSH 4 /* labels one label_table entry may push */
#endif
#ifndef MPLSX_MAX_VLAN_DEPTH
#define MPLSX_MAX_VLAN_DEPTH 2 /* 802.1Q / 802.1ad tags parsed */
#endif
#ifndef MPLSX_MAX_PORTS
#define MPLSX_MAX_PORTS 256 /* managed interfaces (port_id space) */
#endif
#ifndef MPLSX_MAX_NEXTHOPS
#define MPLSX_MAX_NEXTHOPS 65536
#endif
#ifndef MPLSX_MAX_LABELS
#define MPLSX_MAX_LABELS 65536 /* label_table entries (and label_stats) */
#endif

/* ---- MPLS label stack entry (RFC 3032 section 2.1) -------------------- */

#define MPLS_LS_LABEL_MASK 0xFFFFF000u
#define MPLS_LS_LABEL_SHIFT 12
#define MPLS_LS_TC_MASK 0x00000E00u
#define MPLS_LS_TC_SHIFT 9
#define MPLS_LS_S_MASK 0x00000100u
#define MPLS_LS_TTL_MASK 0x000000FFu

#define MPLS_LABEL_MAX 0xFFFFFu
#define MPLS_LABEL_IPV4_NULL 0 /* explicit null, IPv4 */
#define MPLS_LABEL_RTALERT 1
#define MPLS_LABEL_IPV6_NULL 2 /* explicit null, IPv6 */
#define MPLS_LABEL_IMPLNULL 3 /* signalled only, never on the wire */
#define MPLS_LABEL_ENTROPY 7 /* entropy label indicator (RFC 6790) */
#define MPLS_LABEL_GAL 13
#define MPLS_LABEL_OAM_ALERT 14
#define MPLS_LABEL_FIRST_UNRESERVED 16

/* ---- label_table: HASH, key = __u32 label (host order, 20 bits) -------- */

enum mplsx_label_action {
	/* Pop the top label, push out[0..n_out), send to nexthop_id.
	 * n_out == 1: swap; n_out > 1: swap and push; n_out == 0: PHP. */
	MPLSX_LABEL_FORWARD = 1,
	/* Pop the top label and process what lies below on this router:
	 * the next label, or the IP packet, handed to the kernel. */
	MPLSX_LABEL_POP_LOCAL = 2,
};

struct label_entry {
	__u8 action; /* enum mplsx_label_action */
	__u8 n_out; /* labels in out[] */
	__u16 pad0;
	__u32 nexthop_id; /* index into nexthop (FORWARD only) */
	__u32 stats_id; /* index into label_stats */
	__u32 pad1;
	/* Pre-encoded by the agent: (label << 12) in network order, TC, S
	 * and TTL zero.  out[0] ends up outermost; the data path ORs in
	 * TC, TTL and (on the last one) the S bit it inherits. */
	__be32 out[MPLSX_MAX_PUSH];
};
_Static_assert(sizeof(struct label_entry) == 32, "label_entry ABI");

/* ---- nexthop: ARRAY, key = __u32 nexthop id --------------------------- */

/* The adjacency: everything needed to put a frame on the wire, resolved
 * ahead of time by the agent (route + neighbour over netlink).  Many label
 * entries share one nexthop; a MAC change rewrites one entry. */
enum mplsx_nexthop_state {
	MPLSX_NH_UNUSED = 0,
	MPLSX_NH_RESOLVED = 1,
	MPLSX_NH_UNRESOLVED = 2, /* no route, no neighbour or link down */
};

struct nexthop {
	__u32 ifindex; /* egress interface */
	__u32 port_id; /* egress slot in port_stats */
	__u8 dmac[6];
	__u8 smac[6];
	__u16 mtu; /* egress L3 MTU: labels + payload must fit */
	__u16 vlan_id; /* 802.1Q tag to push on egress, 0 = untagged */
	__u8 state; /* enum mplsx_nexthop_state */
	__u8 pad[3];
};
_Static_assert(sizeof(struct nexthop) == 28, "nexthop ABI");

/* ---- port_config: HASH, key = __u32 ifindex --------------------------- */

enum mplsx_port_role {
	MPLSX_PORT_CORE = 1, /* "mpls": true - labelled traffic */
};

struct port_config {
	__u8 role; /* enum mplsx_port_role */
	__u8 pad0;
	__u16 pad1;
	__u32 port_id; /* slot in port_stats */
};
_Static_assert(sizeof(struct port_config) == 8, "port_config ABI");

/* ---- tx_port: DEVMAP_HASH, key = value = ifindex ---------------------- */

/* ---- counters: all PERCPU_ARRAY, summed by the agent ------------------ */

struct port_stats { /* port_stats[port_id] */
	__u64 rx_packets;
	__u64 rx_bytes;
	__u64 tx_packets; /* redirected out of this port */
	__u64 tx_bytes;
	__u64 pass_packets; /* handed to the kernel */
	__u64 drop_packets;
};
_Static_assert(sizeof(struct port_stats) == 48, "port_stats ABI");

struct mplsx_counter { /* label_stats[stats_id], drop_stats[reason] */
	__u64 packets;
	__u64 bytes;
};
_Static_assert(sizeof(struct mplsx_counter) == 16, "mplsx_counter ABI");

/* Why a frame was dropped.  Index into drop_stats; the agent's names for
 * them (mplsx_drop_reason_names) follow the same order. */
enum mplsx_drop_reason {
	MPLSX_DROP_TRUNCATED = 0, /* shorter than its headers */
	MPLSX_DROP_STACK_TOO_DEEP, /* no S bit within MPLSX_MAX_LABEL_DEPTH */
	MPLSX_DROP_NO_LABEL, /* top label not in label_table */
	MPLSX_DROP_RESERVED_LABEL, /* 1, 3, 4-15: not data (RFC 3032/7274) */
	MPLSX_DROP_TTL_EXPIRED, /* TTL would reach 0 */
	MPLSX_DROP_BAD_PAYLOAD, /* bottom of stack is neither IPv4 nor IPv6 */
	MPLSX_DROP_NEXTHOP_UNRESOLVED, /* no MAC / link down / unused id */
	MPLSX_DROP_MTU_EXCEEDED, /* labelled frame larger than egress MTU */
	MPLSX_DROP_TX_ERROR, /* egress not in tx_port, redirect refused */
	MPLSX_DROP_INTERNAL, /* head adjust failed, inconsistent maps */
	MPLSX_DROP__MAX
};

#define MPLSX_DROP_REASON_NAMES                                             \
	{                                                                   \
		"truncated", "stack_too_deep", "no_label", "reserved_label", \
			"ttl_expired", "bad_payload", "nexthop_unresolved", \
			"mtu_exceeded", "tx_error", "internal"              \
	}

#endif /* MPLSX_ABI_H */
