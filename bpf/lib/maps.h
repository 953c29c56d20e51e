/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * maps.h - the maps of the XDP data plane.  Keys and values come from
 * mplsx_abi.h; BTF-typed definitions keep `bpftool map dump` readable.
 * Nothing is pinned here: the agent pins what it needs.
 */
#ifndef MPLSX_MAPS_H
#define MPLSX_MAPS_H

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#include "dp/mplsx_abi.h"

/* Incoming label (host order, 20 bits) -> what to do with it.  An array
 * over the whole label space (32 MiB): an inlined index instead of a
 * jhash and bucket walk, ~25 ns per frame; action 0 is "no entry". */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, MPLSX_LABEL_SPACE);
	__type(key, __u32);
	__type(value, struct label_entry);
} label_table SEC(".maps");

/* Adjacencies, resolved by the agent; shared by many label entries. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, MPLSX_MAX_NEXTHOPS);
	__type(key, __u32);
	__type(value, struct nexthop);
} nexthop SEC(".maps");

/* Ingress ifindex -> role, stats slot, VRF of the untagged port.  An
 * array: every frame looks it up, and an inlined index saves a jhash
 * (~25 ns); role 0 is "not ours". */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, MPLSX_MAX_IFINDEX);
	__type(key, __u32);
	__type(value, struct port_config);
} port_config SEC(".maps");

/* Ingress {ifindex, VLAN id != 0} -> a VLAN port: tagged frames only. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, MPLSX_MAX_PORTS);
	__type(key, struct port_key);
	__type(value, struct port_config);
} port_vlan SEC(".maps");

/* {vrf_id, destination} -> route, longest prefix match within the VRF.
 * LPM tries must not be preallocated. */
struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(max_entries, MPLSX_MAX_ROUTES);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, struct vrf_fib4_key);
	__type(value, struct vrf_route);
} vrf_fib4 SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(max_entries, MPLSX_MAX_ROUTES);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, struct vrf_fib6_key);
	__type(value, struct vrf_route);
} vrf_fib6 SEC(".maps");

/* Glean requests to the agent: a packet hit a GLEAN route, a host on a
 * connected subnet of a VRF without an adjacency yet. */
struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 64 * 1024);
} glean_events SEC(".maps");

/* The glean requests sent lately on this CPU, so that a burst towards a
 * host asks once even while other hosts' bursts interleave with it: a
 * small ring, the oldest request overwritten first. */
#ifndef MPLSX_GLEAN_RECENT
#define MPLSX_GLEAN_RECENT 8
#endif

struct glean_sent {
	__u64 ts;
	union {
		struct glean_event ev;
		__u32 w[sizeof(struct glean_event) / 4];
	};
};

struct glean_recent {
	struct glean_sent slot[MPLSX_GLEAN_RECENT];
	__u32 next; /* the slot the next request overwrites */
	__u32 pad;
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct glean_recent);
} glean_recent SEC(".maps");

/* pw_id -> an Ethernet pseudowire and its attachment circuit. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, MPLSX_MAX_PSEUDOWIRES);
	__type(key, __u32);
	__type(value, struct pseudowire);
} pseudowire SEC(".maps");

/* Egress ifindex -> ifindex: the ports a frame may be redirected to. */
struct {
	__uint(type, BPF_MAP_TYPE_DEVMAP_HASH);
	__uint(max_entries, MPLSX_MAX_PORTS);
	__type(key, __u32);
	__type(value, __u32);
} tx_port SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, MPLSX_MAX_PORTS);
	__type(key, __u32);
	__type(value, struct port_stats);
} port_stats SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, MPLSX_MAX_LABELS);
	__type(key, __u32);
	__type(value, struct mplsx_counter);
} label_stats SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, MPLSX_MAX_VRFS);
	__type(key, __u32);
	__type(value, struct vrf_stats);
} vrf_stats SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, MPLSX_DROP__MAX);
	__type(key, __u32);
	__type(value, struct mplsx_counter);
} drop_stats SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, MPLSX_MAX_PSEUDOWIRES);
	__type(key, __u32);
	__type(value, struct pw_stats);
} pw_stats SEC(".maps");

/* ICMP from the data plane (icmp.h): source addresses per port and per
 * VRF, the rate limit, a token bucket per CPU, counters. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, MPLSX_MAX_PORTS);
	__type(key, __u32);
	__type(value, struct icmp_src);
} icmp_src SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, MPLSX_MAX_VRFS);
	__type(key, __u32);
	__type(value, struct icmp_src);
} icmp_vrf_src SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct icmp_conf);
} icmp_conf SEC(".maps");

struct icmp_bucket {
	__u64 credit_ns;
	__u64 last_ns;
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct icmp_bucket);
} icmp_bucket SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, MPLSX_ICMP__MAX);
	__type(key, __u32);
	__type(value, struct mplsx_counter);
} icmp_stats SEC(".maps");

#endif /* MPLSX_MAPS_H */
