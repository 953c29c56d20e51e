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

/* ---- layout version ----------------------------------------------------- */

/* Bumped whenever a map's key, value or meaning changes.  A restarted
 * mplsxd reuses pinned maps only when their layout version (mplsx_info)
 * equals its own; otherwise it migrates make-before-break (dataplane.c).
 * The test build of a second object overrides it. */
#ifndef MPLSX_ABI_VERSION
#define MPLSX_ABI_VERSION 3
#endif

/* mplsx_info[0]: written by the agent, pinned next to the maps. */
struct mplsx_info {
	__u32 abi_version;
	__u32 pad;
};
_Static_assert(sizeof(struct mplsx_info) == 8, "mplsx_info ABI");

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
#ifndef MPLSX_MAX_IFINDEX
#define MPLSX_MAX_IFINDEX 65536 /* port_config is indexed by ifindex */
#endif
#ifndef MPLSX_MAX_NEXTHOPS
#define MPLSX_MAX_NEXTHOPS 65536
#endif
#ifndef MPLSX_MAX_LABELS
#define MPLSX_MAX_LABELS 65536 /* label entries in use: label_stats slots */
#endif
#ifndef MPLSX_MAX_VRFS
#define MPLSX_MAX_VRFS 4096 /* vrf_id 1..4095; 0 is never a VRF */
#endif
#ifndef MPLSX_MAX_ROUTES
#define MPLSX_MAX_ROUTES 1048576 /* per address family, all VRFs */
#endif
#ifndef MPLSX_MAX_NHGROUPS
#define MPLSX_MAX_NHGROUPS 4096 /* next-hop groups; group id 0 unused */
#endif
#ifndef MPLSX_MAX_PSEUDOWIRES
/* pw_id 1..255; 0 is never a pseudowire.  Each one has an attachment
 * circuit, which is a port: more would never fit. */
#define MPLSX_MAX_PSEUDOWIRES MPLSX_MAX_PORTS
#endif
#ifndef MPLSX_MAX_VPLS
#define MPLSX_MAX_VPLS 256 /* vpls_id 1..255; 0 is never an instance */
#endif
#ifndef MPLSX_MAX_VPLS_PEERS
#define MPLSX_MAX_VPLS_PEERS 1024 /* peer ids 1..1023, all instances */
#endif
#ifndef MPLSX_VPLS_MAX_MEMBERS
#define MPLSX_VPLS_MAX_MEMBERS 32 /* ACs + peers a frame floods to */
#endif
#ifndef MPLSX_MAX_VPLS_MACS
#define MPLSX_MAX_VPLS_MACS 65536 /* learnt MACs, all instances */
#endif

/* ---- MPLS label stack entry (RFC 3032 section 2.1) -------------------- */

#define MPLS_LS_LABEL_MASK  0xFFFFF000u
#define MPLS_LS_LABEL_SHIFT 12
#define MPLS_LS_TC_MASK	    0x00000E00u
#define MPLS_LS_TC_SHIFT    9
#define MPLS_LS_S_MASK	    0x00000100u
#define MPLS_LS_TTL_MASK    0x000000FFu

#define MPLS_LABEL_MAX		    0xFFFFFu
#define MPLS_LABEL_IPV4_NULL	    0 /* explicit null, IPv4 */
#define MPLS_LABEL_RTALERT	    1
#define MPLS_LABEL_IPV6_NULL	    2 /* explicit null, IPv6 */
#define MPLS_LABEL_IMPLNULL	    3 /* signalled only, never on the wire */
#define MPLS_LABEL_ENTROPY	    7 /* entropy label indicator (RFC 6790) */
#define MPLS_LABEL_GAL		    13
#define MPLS_LABEL_OAM_ALERT	    14
#define MPLS_LABEL_FIRST_UNRESERVED 16

/* ---- label_table: ARRAY, key = __u32 label (host order, 20 bits) ------- */

/* label_table covers every label: an entry is removed by writing one with
 * action 0 (MPLSX_LABEL_NONE), which the data path drops as no_label. */
#define MPLSX_LABEL_SPACE (MPLS_LABEL_MAX + 1)

enum mplsx_label_action {
	MPLSX_LABEL_NONE = 0, /* no entry */
	/* Pop the top label, push out[0..n_out), send to nexthop_id.
	 * n_out == 1: swap; n_out > 1: swap and push; n_out == 0: PHP. */
	MPLSX_LABEL_FORWARD = 1,
	/* Pop the top label and process what lies below on this router:
	 * the next label, or the IP packet, handed to the kernel. */
	MPLSX_LABEL_POP_LOCAL = 2,
	/* Per-VRF VPN label (RFC 4364): pop, look the IP packet up in
	 * vrf_id's FIB; only LOCAL and RECEIVE routes are followed. */
	MPLSX_LABEL_VRF = 3,
	/* Per-next-hop VPN label: pop, send the IP packet straight to
	 * nexthop_id (a CE adjacency) without a second lookup. */
	MPLSX_LABEL_VRF_NEXTHOP = 4,
	/* PW label (RFC 4448): pop it and the control word if the
	 * pseudowire pw_id has one, send the Ethernet frame below out of
	 * that pseudowire's attachment circuit. */
	MPLSX_LABEL_PW = 5,
	/* VPLS PW label (RFC 4762): pop it and the instance's control word,
	 * learn the source MAC on peer vpls_peer_id, forward known unicast
	 * to its AC or flood to the local ACs only (split horizon). */
	MPLSX_LABEL_VPLS = 6,
};

/* label_entry.flags */
#define MPLSX_LABEL_F_PIPE_TTL 0x1 /* VRF labels: RFC 3443 pipe model */

struct label_entry {
	__u8 action;	  /* enum mplsx_label_action */
	__u8 n_out;	  /* labels in out[] (FORWARD only) */
	__u16 flags;	  /* MPLSX_LABEL_F_* */
	__u32 nexthop_id; /* index into nexthop (FORWARD, VRF_NEXTHOP) */
	__u32 stats_id;	  /* index into label_stats */
	union {
		__u32 vrf_id; /* VRF and VRF_NEXTHOP: counts in vrf_stats */
		__u32 pw_id;  /* PW: index into pseudowire and pw_stats */
		__u32 vpls_peer_id; /* VPLS: index into vpls_peer */
	};
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
	/* An equal-cost group: group_id indexes nexthop_group, whose
	 * buckets name the member nexthops (never groups themselves). */
	MPLSX_NH_GROUP = 3,
};

/* nexthop.flags */
/* Imposition under this nexthop's transport labels inserts an entropy
 * label indicator and an entropy label (RFC 6790 section 4.2). */
#define MPLSX_NH_F_ENTROPY 0x1

struct nexthop {
	union {
		__u32 ifindex;	/* egress interface (RESOLVED) */
		__u32 group_id; /* MPLSX_NH_GROUP: index into nexthop_group */
	};
	__u32 port_id; /* egress slot in port_stats */
	/* The Ethernet header up to its ethertype, prebuilt by the agent
	 * (nexthop_prebuild()): the data path writes l2_len - 2 bytes of it
	 * with two wide stores, then the ethertype of what follows. */
	union {
		struct {
			__u8 dmac[6];
			__u8 smac[6];
			__be16 tpid; /* ETH_P_8021Q when vlan_id, else 0 */
			__be16 tci;  /* vlan_id, PCP 0, DEI 0 */
		};
		__u64 l2_words[2];
	};
	__u16 mtu;     /* egress L3 MTU: labels + payload must fit */
	__u16 vlan_id; /* 802.1Q tag to push on egress, 0 = untagged */
	__u8 state;    /* enum mplsx_nexthop_state */
	/* Transport labels towards a remote PE (its LSP), pushed outside
	 * whatever the user of this nexthop pushes: every VPN route behind
	 * one PE shares one entry, so a new transport path is one write.
	 * Pre-encoded like label_entry.out; push[0] is outermost. */
	__u8 n_push;
	__u16 flags; /* MPLSX_NH_F_* */
	__u8 l2_len; /* 14, or 18 with the tag: the header written */
	__u8 pad0;
	__u16 pad1;
	__be32 push[MPLSX_MAX_PUSH];
	__u32 pad2;
};
_Static_assert(sizeof(struct nexthop) == 56, "nexthop ABI");

/* ---- nexthop_group: ARRAY, key = __u32 group id ----------------------- */

/* One ECMP group, shared by every label entry, LSP and route whose
 * nexthop is the group.  A flow hash picks one of MPLSX_NHG_BUCKETS
 * buckets, each naming a member slot; the agent spreads the buckets over
 * the members that are up in proportion to their weights.  A member that
 * goes down gives its buckets to the others and no other bucket moves
 * (resilient hashing): only its flows change path. */
#define MPLSX_NHG_MAX_MEMBERS 16
#define MPLSX_NHG_BUCKETS     128 /* a power of two */

struct nexthop_group {
	__u16 n_members; /* configured member slots */
	__u16 n_up;	 /* members in the buckets; 0: nothing usable */
	__u32 pad;
	__u32 member[MPLSX_NHG_MAX_MEMBERS]; /* slot -> nexthop id */
	__u8 bucket[MPLSX_NHG_BUCKETS];	     /* bucket -> slot */
};
_Static_assert(sizeof(struct nexthop_group) == 200, "nexthop_group ABI");

/* ---- ecmp_seed: ARRAY of one __u32 ---------------------------------- */
/* The flow hash's seed: random per router, written once by the agent and
 * kept with the pinned maps, so that two routers in a row hash the same
 * flows differently (no polarisation). */

/* ---- port_config: ARRAY, key = __u32 ifindex (the untagged port) ------ */
/* ---- port_vlan: HASH, key = struct port_key, vlan_id != 0 ------------- */

/* A port is an interface (port_config[ifindex], role 0 = none), or one
 * 802.1Q VLAN on it (port_vlan).  A tagged frame on an interface whose
 * port_config entry has MPLSX_PORT_F_VLANS looks up {ifindex, outer VLAN
 * id} in port_vlan; without a port there (or without the flag) it is
 * port_config[ifindex]'s only if that is a core port (tagged MPLS) or a
 * whole-port AC. */
struct port_key {
	__u32 ifindex;
	__u16 vlan_id; /* 0 = the untagged port */
	__u16 pad;
};
_Static_assert(sizeof(struct port_key) == 8, "port_key ABI");

enum mplsx_port_role {
	MPLSX_PORT_CORE = 1, /* "mpls": true - labelled traffic */
	MPLSX_PORT_VRF = 2,  /* "vrf": CE-facing, IP looked up in vrf_id */
	/* "pseudowire": an attachment circuit.  Every frame goes into the
	 * pseudowire pw_id; nothing is passed to the kernel. */
	MPLSX_PORT_AC = 3,
	/* "vpls": an attachment circuit of VPLS instance vpls_id; frames
	 * are bridged (learn, forward, flood), nothing goes to the kernel. */
	MPLSX_PORT_VPLS = 4,
};

/* port_config.flags */
#define MPLSX_PORT_F_PIPE_TTL 0x1 /* VRF ports: impose with pipe model */
/* port_config[ifindex] of an interface with VLAN ports in port_vlan (its
 * role may be 0): without it a tagged frame skips the port_vlan lookup. */
#define MPLSX_PORT_F_VLANS 0x2

struct port_config {
	__u8 role;  /* enum mplsx_port_role */
	__u8 flags; /* MPLSX_PORT_F_* */
	__u16 pad0;
	__u32 port_id; /* slot in port_stats */
	__u32 vrf_id;  /* MPLSX_PORT_VRF */
	union {
		__u32 pw_id;   /* MPLSX_PORT_AC */
		__u32 vpls_id; /* MPLSX_PORT_VPLS */
	};
	/* VRF ports: the port's own MAC.  A unicast frame for another MAC
	 * (a shared segment) is not routed; all zero: no such check. */
	__u8 mac[6];
	__u16 pad2;
};
_Static_assert(sizeof(struct port_config) == 24, "port_config ABI");

/* ---- vrf_fib4 / vrf_fib6: LPM_TRIE, all VRFs in one trie per family --- */

/* Since the stride FIB (fib_entry below) only the prefixes shorter than
 * its top stride are written here: the lookup of a destination whose top
 * bits have no fib*_top entry. */

/* prefixlen counts the 32 bits of vrf_id plus the prefix length, so every
 * lookup matches its own VRF exactly and then the longest prefix in it.
 * vrf_id is compared as bytes; any fixed byte order works, host order is
 * used. */
struct vrf_fib4_key {
	__u32 prefixlen; /* 32 + prefix length */
	__u32 vrf_id;
	__be32 addr;
};
_Static_assert(sizeof(struct vrf_fib4_key) == 12, "vrf_fib4_key ABI");

struct vrf_fib6_key {
	__u32 prefixlen; /* 32 + prefix length */
	__u32 vrf_id;
	__u8 addr[16];
};
_Static_assert(sizeof(struct vrf_fib6_key) == 24, "vrf_fib6_key ABI");

enum mplsx_route_kind {
	MPLSX_ROUTE_LOCAL = 1,	 /* a CE on this PE: nexthop is its adjacency */
	MPLSX_ROUTE_REMOTE = 2,	 /* behind a remote PE: push vpn_label, then
				  * the nexthop's transport labels */
	MPLSX_ROUTE_RECEIVE = 3, /* this PE's own address: to the kernel */
	/* A connected subnet, for a host without an adjacency yet: the data
	 * path reports {vrf_id, address} on glean_events and drops (counted
	 * as nexthop_unresolved); the agent asks ARP/ND on the VRF's own
	 * interface and installs a host route when the neighbour answers.
	 * The kernel never forwards VRF traffic: VRFs may overlap. */
	MPLSX_ROUTE_GLEAN = 4,
};

struct vrf_route {
	__u8 kind; /* enum mplsx_route_kind */
	__u8 pad0;
	__u16 pad1;
	__u32 nexthop_id;
	/* REMOTE: the VPN label, pre-encoded (label << 12) in network order
	 * with the S bit set: it is always the bottom of the stack. */
	__be32 vpn_label;
	__u32 pad2;
};
_Static_assert(sizeof(struct vrf_route) == 16, "vrf_route ABI");

/* ---- fib4_top / fib6_top: HASH, fib4_chunk / fib6_chunk: ARRAY -------- */

/* The VRF FIB proper: a multibit trie with fixed strides (DIR-24-8 in the
 * manner of DPDK's rte_lpm, cut to fit 4,095 VRFs).  {vrf_id, the first
 * MPLSX_FIB4_TOP_BITS / MPLSX_FIB6_TOP_BITS of the destination} is looked up
 * in the top hash; the entry is a route or a chunk: 256 entries indexed by
 * the next 8 bits of the address, each again a route or a chunk.  IPv4 is
 * one hash and at most 2 array reads, IPv6 one hash and at most 12 (4 down
 * to a /64).  Routes are expanded ("leaf pushing") by the agent, so the
 * first route met is the longest match.  A top miss falls back to vrf_fib4
 * / vrf_fib6, which hold only the prefixes shorter than the top stride.
 * Chunks are never rewritten while in use except entry by entry (8-byte
 * atomic stores through mmap); a new chunk is filled before it is linked. */
#define MPLSX_FIB4_TOP_BITS	16
#define MPLSX_FIB6_TOP_BITS	32
#define MPLSX_FIB_STRIDE	8 /* bits per chunk level */
#define MPLSX_FIB_CHUNK_ENTRIES (1u << MPLSX_FIB_STRIDE)
#ifndef MPLSX_FIB4_CHUNKS
#define MPLSX_FIB4_CHUNKS 16384 /* 2 KiB each: 32 MiB */
#endif
#ifndef MPLSX_FIB6_CHUNKS
#define MPLSX_FIB6_CHUNKS 20480 /* 40 MiB: 4,095 VRFs x 10 /64s */
#endif
#ifndef MPLSX_FIB_TOPS
#define MPLSX_FIB_TOPS 262144 /* top entries per family, all VRFs */
#endif

/* fib4_dir: ARRAY of fib_entry, MPLSX_FIB4_DIRECT slots of 2^16 entries;
 * fib4_vrf_dir: ARRAY by vrf_id of __u32, the VRF's slot + 1 (0: none).
 * A VRF with many /16 blocks (a big table) gets a slot: its top entries
 * are also written at slot << 16 | the first 16 bits of the address, and
 * its lookups read them there (an array read instead of the hash probe);
 * 0 there is no block (vrf_fib4).  The hash is kept whole beside it. */
#ifndef MPLSX_FIB4_DIRECT
#define MPLSX_FIB4_DIRECT 8 /* slots of 512 KiB */
#endif
#define MPLSX_FIB4_DIRECT_MAX 64

struct fib_top_key {
	__u32 vrf_id;
	__be32 hi; /* the address's first TOP_BITS, the rest zero */
};
_Static_assert(sizeof(struct fib_top_key) == 8, "fib_top_key ABI");

/* kind byte of a fib_entry that links a chunk */
#define MPLSX_FIB_KIND_CHUNK 0xFF

/* Read and written as one 64-bit word (never torn). */
struct fib_entry {
	__u32 id; /* a route: nexthop_id; a chunk link: the chunk index */
	/* A route: vpn_label pre-encoded as in vrf_route (REMOTE only), its
	 * low byte (the TTL field, in network order the last) holding the
	 * kind (enum mplsx_route_kind, or MPLSX_FIB_KIND_CHUNK).  0: no
	 * route. */
	__be32 label_kind;
};
_Static_assert(sizeof(struct fib_entry) == 8, "fib_entry ABI");

/* ---- pseudowire: ARRAY, key = __u32 pw_id ---------------------------- */

/* An Ethernet pseudowire (RFC 4448, raw mode) and its attachment
 * circuit, both directions in one entry.  Written by the agent whenever
 * the AC's link or the peer PE's nexthop changes; the data path trusts
 * state alone and never resolves anything itself. */
enum mplsx_pw_state {
	MPLSX_PW_UNUSED = 0,
	MPLSX_PW_UP = 1,
	MPLSX_PW_DOWN = 2, /* AC link down or the peer PE unresolved */
};

/* pseudowire.flags */
#define MPLSX_PW_F_CW 0x1 /* control word (RFC 4385) on both directions */

struct pseudowire {
	/* The PW label the peer expects, the whole entry pre-encoded in
	 * network order: (label << 12) | S | TTL 255, TC 0. */
	__be32 pw_label;
	__u32 nexthop_id; /* the peer PE: transport labels + adjacency */
	__u32 ac_ifindex; /* disposition: the AC's port (parent of a VLAN) */
	__u32 ac_port_id; /* its port_stats slot */
	__u16 ac_vlan;	  /* 802.1Q tag to push towards the CE, 0 = none */
	__u16 ac_mtu;	  /* the AC's MTU (Linux sense: L2 payload) */
	__u8 state;	  /* enum mplsx_pw_state */
	__u8 flags;	  /* MPLSX_PW_F_* */
	__u16 pad;
};
_Static_assert(sizeof(struct pseudowire) == 24, "pseudowire ABI");

/* ---- VPLS (RFC 4762 data plane) --------------------------------------- */

/* vpls: ARRAY, key = __u32 vpls_id.  One instance: its limits and the
 * members a frame floods to.  member[0..n_ac) are AC port ids,
 * member[n_ac..n_ac + n_pw) peer ids, the peers in ascending order of
 * the header their copy needs (the flood path only ever grows the head;
 * see bpf/lib/vpls_flood.h). */
enum mplsx_vpls_state {
	MPLSX_VPLS_UNUSED = 0,
	MPLSX_VPLS_UP = 1,
};

#define MPLSX_VPLS_F_CW 0x1 /* control word on every pseudowire */

struct vpls_instance {
	__u8 state; /* enum mplsx_vpls_state */
	__u8 flags; /* MPLSX_VPLS_F_* */
	__u8 n_ac;
	__u8 n_pw;
	__u32 mac_limit; /* learnt MACs at most; beyond: flood, count */
	/* MACs the agent removed (aged, cleared), written by the agent
	 * only: vpls_mac_count.added - mac_removed is the table size. */
	__u64 mac_removed;
	__u16 member[MPLSX_VPLS_MAX_MEMBERS];
};
_Static_assert(sizeof(struct vpls_instance) == 80, "vpls_instance ABI");

/* vpls_mac_count: ARRAY (not per CPU), key = __u32 vpls_id.  MACs the
 * data path added, by atomic increments. */
struct vpls_mac_count {
	__u64 added;
};
_Static_assert(sizeof(struct vpls_mac_count) == 8, "vpls_mac_count ABI");

/* vpls_mac: HASH, key = struct vpls_mac_key.  Where a MAC was learnt. */
enum mplsx_vpls_where {
	MPLSX_VPLS_AC = 1, /* id = the AC's port id */
	MPLSX_VPLS_PW = 2, /* id = the peer id */
};

struct vpls_mac_key {
	__u16 vpls_id;
	__u8 mac[6];
};
_Static_assert(sizeof(struct vpls_mac_key) == 8, "vpls_mac_key ABI");

struct vpls_mac {
	__u64 seen; /* vpls_clock when the last frame from it came: the
		     * data path rewrites it once per tick at most, the agent
		     * ages entries out (mac_age) */
	__u8 where; /* enum mplsx_vpls_where */
	__u8 pad0;
	__u16 pad1;
	__u32 id;
};
_Static_assert(sizeof(struct vpls_mac) == 16, "vpls_mac ABI");

/* vpls_clock: ARRAY, one entry.  Whole seconds of CLOCK_MONOTONIC,
 * written by the agent once a second: reading it costs the data path an
 * array load where bpf_ktime_get_coarse_ns() costs a helper call (about
 * 15 ns a frame, measured). */
struct vpls_clock {
	__u64 now;
};
_Static_assert(sizeof(struct vpls_clock) == 8, "vpls_clock ABI");

/* vpls_ac: ARRAY, key = __u32 port id.  A VPLS attachment circuit as a
 * destination: known unicast and flood copies leave through it. */
struct vpls_ac {
	__u32 ifindex; /* the port (parent of a VLAN) */
	__u16 vlan;    /* 802.1Q tag towards the CE, 0 = none (raw mode) */
	__u16 mtu;     /* the AC's MTU (Linux sense: L2 payload) */
	__u16 vpls_id;
	__u8 state; /* MPLSX_VPLS_UP, or 0: link down / not an AC */
	__u8 pad;
};
_Static_assert(sizeof(struct vpls_ac) == 12, "vpls_ac ABI");

/* vpls_peer: ARRAY, key = __u32 peer id.  One pseudowire of an
 * instance's full mesh, as a destination. */
struct vpls_peer {
	/* The PW label the peer expects, pre-encoded like pseudowire's:
	 * (label << 12) | S | TTL 255, network order. */
	__be32 pw_label;
	__u32 nexthop_id; /* the peer PE: transport labels + adjacency */
	__u16 vpls_id;
	__u8 state; /* MPLSX_VPLS_UP, or 0: the peer does not resolve */
	__u8 flags; /* MPLSX_VPLS_F_CW */
};
_Static_assert(sizeof(struct vpls_peer) == 12, "vpls_peer ABI");

/* XDP metadata (data_meta) of a frame handed to the TC flood program:
 * the customer frame at data, already out of its AC tag or pseudowire
 * encapsulation, and where it came from (split horizon). */
#define MPLSX_VPLS_META_MAGIC 0x56504c53u /* "VPLS" */

struct vpls_meta {
	__u32 magic;
	__u16 vpls_id;
	__u8 from; /* enum mplsx_vpls_where */
	__u8 pad;
	__u32 from_id;
};
_Static_assert(sizeof(struct vpls_meta) == 12, "vpls_meta ABI");

/* Per-instance counters: vpls_stats[vpls_id], per CPU.  Frames in from
 * ACs and pseudowires; known unicast forwarded; flooded frames and the
 * copies they made; MAC learning; drops by reason. */
#define MPLSX_VPLS_DROP_SLOTS 32

struct vpls_stats {
	__u64 in_packets;
	__u64 in_bytes;
	__u64 unicast_packets; /* known unicast, to one AC or one PW */
	__u64 flood_packets;   /* broadcast, multicast, unknown unicast */
	__u64 flood_copies;    /* copies the flood path sent */
	__u64 learnt;	       /* new MACs */
	__u64 moves;	       /* a MAC seen behind another member */
	__u64 limit_hits;      /* a new MAC not learnt: mac_limit */
	__u64 drop_packets;
	__u64 drops[MPLSX_VPLS_DROP_SLOTS]; /* by enum mplsx_drop_reason */
};
_Static_assert(sizeof(struct vpls_stats) == 328, "vpls_stats ABI");

/* Per member: vpls_ac_stats[port id], vpls_peer_stats[peer id]. */
struct vpls_member_stats {
	__u64 in_packets; /* frames from it (bytes as received) */
	__u64 in_bytes;
	__u64 out_packets; /* known unicast and flood copies to it */
	__u64 out_bytes;
	__u64 flood_in;	 /* frames from it that were flooded */
	__u64 flood_out; /* flood copies to it */
	__u64 learnt;	 /* MACs learnt behind it */
	__u64 moves;	 /* MACs that moved to it */
	__u64 drop_packets;
};
_Static_assert(sizeof(struct vpls_member_stats) == 72, "vpls_member_stats ABI");

/* ---- tx_port: DEVMAP_HASH, key = value = ifindex ---------------------- */

/* ---- glean_events: RINGBUF, data path -> agent ------------------------ */

struct glean_event {
	__u32 vrf_id;
	__u8 family; /* AF_INET (2) or AF_INET6 (10) */
	__u8 pad[3];
	__u8 addr[16]; /* IPv4 in the first 4 bytes */
};
_Static_assert(sizeof(struct glean_event) == 24, "glean_event ABI");

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

struct vrf_stats {	       /* vrf_stats[vrf_id] */
	__u64 imposed_packets; /* CE -> core, labels pushed */
	__u64 imposed_bytes;
	__u64 disposed_packets; /* core -> CE, VPN label popped */
	__u64 disposed_bytes;
	__u64 local_packets; /* CE -> CE on this PE */
	__u64 local_bytes;
	__u64 pass_packets; /* to the kernel (this PE's addresses, ARP/ND) */
	__u64 drop_packets;
};
_Static_assert(sizeof(struct vrf_stats) == 64, "vrf_stats ABI");

struct mplsx_counter { /* label_stats[stats_id], drop_stats[reason] */
	__u64 packets;
	__u64 bytes;
};
_Static_assert(sizeof(struct mplsx_counter) == 16, "mplsx_counter ABI");

struct nhg_stats { /* nhg_stats[group id]: what each member slot sent */
	struct mplsx_counter member[MPLSX_NHG_MAX_MEMBERS];
};
_Static_assert(sizeof(struct nhg_stats) == 256, "nhg_stats ABI");

struct pw_stats {	       /* pw_stats[pw_id] */
	__u64 imposed_packets; /* AC -> pseudowire, bytes as received */
	__u64 imposed_bytes;
	__u64 disposed_packets; /* pseudowire -> AC, bytes as received */
	__u64 disposed_bytes;
	__u64 drop_packets; /* either way */
};
_Static_assert(sizeof(struct pw_stats) == 40, "pw_stats ABI");

/* Why a frame was dropped.  Index into drop_stats; the agent's names for
 * them (mplsx_drop_reason_names) follow the same order. */
enum mplsx_drop_reason {
	MPLSX_DROP_TRUNCATED = 0,  /* shorter than its headers */
	MPLSX_DROP_STACK_TOO_DEEP, /* no S bit within MPLSX_MAX_LABEL_DEPTH */
	MPLSX_DROP_NO_LABEL,	   /* top label not in label_table */
	MPLSX_DROP_RESERVED_LABEL, /* 1, 3, 4-15: not data (RFC 3032/7274) */
	MPLSX_DROP_TTL_EXPIRED,	   /* TTL would reach 0 */
	MPLSX_DROP_BAD_PAYLOAD, /* bottom of stack is neither IPv4 nor IPv6 */
	MPLSX_DROP_NEXTHOP_UNRESOLVED, /* no MAC / link down / unused id */
	MPLSX_DROP_MTU_EXCEEDED, /* labelled frame larger than egress MTU */
	MPLSX_DROP_TX_ERROR,	 /* egress not in tx_port, redirect refused */
	MPLSX_DROP_INTERNAL,	 /* head adjust failed, inconsistent maps */
	MPLSX_DROP_NO_ROUTE,	 /* no VRF route, or a VPN label led to a remote
				  * route (never sent back into the core) */
	MPLSX_DROP_BAD_IP,	 /* malformed IPv4/IPv6 header (version, IHL,
				  * lengths) on a VRF port or after disposition */
	MPLSX_DROP_PW_DOWN,	 /* pseudowire unused or down (AC, peer PE) */
	MPLSX_DROP_BAD_CONTROL_WORD, /* first nibble not 0, fragment, or a
				      * length beyond the payload (RFC 4385) */
	/* VPLS: the destination is behind the member the frame came from
	 * (its own AC, or a pseudowire when it came from one: split
	 * horizon, RFC 4762 section 4.4). */
	MPLSX_DROP_VPLS_FILTERED,
	MPLSX_DROP_BAD_SOURCE_MAC, /* VPLS: a group or all-zero source MAC */
	MPLSX_DROP__MAX
};
_Static_assert(MPLSX_DROP__MAX <= MPLSX_VPLS_DROP_SLOTS, "vpls drops");

#define MPLSX_DROP_REASON_NAMES                                              \
	{                                                                    \
		"truncated", "stack_too_deep", "no_label", "reserved_label", \
			"ttl_expired", "bad_payload", "nexthop_unresolved",  \
			"mtu_exceeded", "tx_error", "internal", "no_route",  \
			"bad_ip", "pw_down", "bad_control_word",             \
			"vpls_filtered", "bad_source_mac"                    \
	}

/* ---- ICMP from the data plane (bpf/lib/icmp.h) ------------------------ */

/* icmp_src: ARRAY, key = port_id: the router's address on that port, the
 * source of what the data plane sends about a packet that came in there.
 * icmp_vrf_src: ARRAY, key = vrf_id: the PE's own address in that VRF.
 * Written by the agent from the kernel's addresses.  v4 0: none; v6 all
 * zero: none (a core port without IPv6 gets ::ffff:v4, as 6PE routers
 * do). */
struct icmp_src {
	__be32 v4;
	__u8 v6[16];
};
_Static_assert(sizeof(struct icmp_src) == 20, "icmp_src ABI");

/* icmp_conf.flags */
#define MPLSX_ICMP_F_ENABLED 0x1 /* generate; else drop as before */

#define MPLSX_ICMP_F_FRAGMENT 0x2 /* the TC fragmenter is on every VRF port */

/* In front of an IPv4 packet without DF that is too big for the core
 * with its labels: the XDP program hands it to the kernel (XDP_PASS)
 * with this as its metadata (data_meta), and the TC program of the same
 * object on the VRF port's ingress hook (bpf/lib/frag.h) sends it on as
 * RFC 791 fragments. */
#define MPLSX_FRAG_META_MAGIC 0x4d584652u /* "MXFR" */
struct frag_meta {
	__u32 magic;
	__u32 nh_id;	  /* the route's nexthop */
	__be32 vpn_label; /* pre-encoded with S, 0: none (a local CE) */
	__u16 mtu;	  /* IP bytes a fragment may have */
	__u8 ttl;	  /* the IP TTL to write (decremented already) */
	__u8 mpls_ttl;	  /* TTL of the pushed entries */
	__u8 tc;	  /* TC of the pushed entries */
	__u8 pad[3];
};
_Static_assert(sizeof(struct frag_meta) == 20, "frag_meta ABI");

/* icmp_conf: ARRAY, one entry.  The per-CPU token bucket: a message costs
 * cost_ns of credit, credit grows with time up to burst_ns; cost_ns 0 is
 * no limit.  All zero (not written): no ICMP at all. */
struct icmp_conf {
	__u32 flags; /* MPLSX_ICMP_F_* */
	__u32 pad;
	__u64 cost_ns;	/* 1e9 / rate */
	__u64 burst_ns; /* burst * cost_ns */
};
_Static_assert(sizeof(struct icmp_conf) == 24, "icmp_conf ABI");

/* icmp_stats: PERCPU_ARRAY of mplsx_counter, key = enum mplsx_icmp_stat;
 * bytes are the sizes of the messages sent (of the frames not sent for
 * the rest).  The agent's names (MPLSX_ICMP_STAT_NAMES) follow the order. */
enum mplsx_icmp_stat {
	MPLSX_ICMP_TIME_EXCEEDED = 0, /* ICMP type 11 sent */
	MPLSX_ICMP_TIME_EXCEEDED6,    /* ICMPv6 type 3 sent */
	MPLSX_ICMP_FRAG_NEEDED,	      /* ICMP type 3 code 4 sent */
	MPLSX_ICMP_PACKET_TOO_BIG,    /* ICMPv6 type 2 sent */
	MPLSX_ICMP_TUNNELLED,	      /* of those, sent on along the LSP */
	MPLSX_ICMP_RATE_LIMITED,      /* suppressed by the token bucket */
	MPLSX_ICMP_NO_SOURCE,	      /* no address to send from */
	MPLSX_ICMP_NOT_ALLOWED,	      /* about an ICMP error, a fragment, a
				       * multicast source (RFC 1812 4.3.2.7) */
	MPLSX_ICMP_FRAGMENTED,	      /* IPv4 datagrams without DF fragmented */
	MPLSX_ICMP_FRAGMENTS,	      /* the fragments sent for them */
	MPLSX_ICMP__MAX
};

#define MPLSX_ICMP_STAT_NAMES                                                 \
	{                                                                     \
		"time_exceeded", "time_exceeded6", "frag_needed",             \
			"packet_too_big", "tunnelled", "rate_limited",        \
			"no_source", "not_allowed", "fragmented", "fragments" \
	}

/* ---- oam_events: RINGBUF, data path -> agent -------------------------- */

/* An MPLS echo request (RFC 8029) that this router answers - its label
 * expires here, has no entry, or ends here, or it arrived as IP after
 * PHP - copied whole (up to MPLSX_OAM_FRAME_MAX bytes) for the agent,
 * which decodes and answers it; the frame itself goes on to the kernel,
 * which discards it (no MPLS, a 127/8 destination). */
#define MPLSX_OAM_UDP_PORT  3503
#define MPLSX_OAM_FRAME_MAX 512

struct oam_event {
	__u32 ifindex;	 /* where it arrived */
	__u32 len;	 /* bytes in frame[] */
	__u32 frame_len; /* the frame's own length */
	__u32 pad;
	__u8 frame[MPLSX_OAM_FRAME_MAX];
};
_Static_assert(sizeof(struct oam_event) == 16 + MPLSX_OAM_FRAME_MAX,
	       "oam_event ABI");

#endif /* MPLSX_ABI_H */
