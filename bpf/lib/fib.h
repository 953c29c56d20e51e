/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * fib.h - the VRF FIB lookup: a top hash on {vrf_id, first bits of the
 * destination} and 256-entry chunks for each further 8 bits, expanded by
 * the agent so that the first route met is the longest match (the layout
 * is described in mplsx_abi.h).  A bounded number of dependent reads
 * whatever the size of the table: IPv4 one hash and at most two array
 * reads; IPv6 one hash and at most twelve.  Destinations without a top
 * entry are covered only by short prefixes: vrf_fib4 / vrf_fib6.
 */
#ifndef MPLSX_FIB_H
#define MPLSX_FIB_H

#include <linux/types.h>
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#include "dp/mplsx_abi.h"
#include "maps.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, MPLSX_FIB_TOPS);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, struct fib_top_key);
	__type(value, struct fib_entry);
} fib4_top SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, MPLSX_FIB_TOPS);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, struct fib_top_key);
	__type(value, struct fib_entry);
} fib6_top SEC(".maps");

/* Entry chunk * 256 + next 8 bits.  Mmapable: the agent writes entries
 * with 8-byte stores, no system call per entry. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, MPLSX_FIB4_CHUNKS *MPLSX_FIB_CHUNK_ENTRIES);
	__uint(map_flags, BPF_F_MMAPABLE);
	__type(key, __u32);
	__type(value, struct fib_entry);
} fib4_chunk SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, MPLSX_FIB6_CHUNKS *MPLSX_FIB_CHUNK_ENTRIES);
	__uint(map_flags, BPF_F_MMAPABLE);
	__type(key, __u32);
	__type(value, struct fib_entry);
} fib6_chunk SEC(".maps");

union fib_word {
	__u64 w;
	struct fib_entry e;
};

static __always_inline __u8 fib_kind(const union fib_word *u)
{
	return ((const __u8 *)&u->e.label_kind)[3];
}

/* One 64-bit load: the agent's stores are 64-bit, so id and kind agree. */
static __always_inline void fib_read(union fib_word *u, const void *p)
{
	u->w = *(const volatile __u64 *)p;
}

/* Follow chunk links from *u through the address bytes a[first..last):
 * 0 with the route in *u (kind 0: none), -1 on a missing chunk. */
static __always_inline int fib_walk(void *chunks, union fib_word *u,
				    const __u8 *a, int first, int last)
{
	const void *p;
	__u32 idx;
	int i;

#pragma unroll
	for (i = first; i < last; i++) {
		if (fib_kind(u) != MPLSX_FIB_KIND_CHUNK)
			return 0;
		idx = u->e.id << MPLSX_FIB_STRIDE | a[i];
		p = bpf_map_lookup_elem(chunks, &idx);
		if (!p)
			return -1;
		fib_read(u, p);
	}
	return fib_kind(u) == MPLSX_FIB_KIND_CHUNK ? -1 : 0;
}

/* The route for addr (network order, 4 or 16 bytes) in vrf_id, in *rt:
 * 1 found, 0 no route, -1 no top entry (ask the short-prefix trie). */
static __always_inline int fib_lookup4(__u32 vrf_id, __be32 addr,
				       struct vrf_route *rt)
{
	struct fib_top_key k = {
		.vrf_id = vrf_id,
		.hi = addr & bpf_htonl(~0u << (32 - MPLSX_FIB4_TOP_BITS)),
	};
	union fib_word u;
	const void *p;

	p = bpf_map_lookup_elem(&fib4_top, &k);
	if (!p)
		return -1;
	fib_read(&u, p);
	if (fib_walk(&fib4_chunk, &u, (const __u8 *)&addr,
		     MPLSX_FIB4_TOP_BITS / 8, 4))
		return 0;
	rt->kind = fib_kind(&u);
	rt->nexthop_id = u.e.id;
	rt->vpn_label = u.e.label_kind & bpf_htonl(0xFFFFFF00);
	return rt->kind != 0;
}

static __always_inline int fib_lookup6(__u32 vrf_id, const __u8 *addr,
				       struct vrf_route *rt)
{
	struct fib_top_key k = {.vrf_id = vrf_id};
	union fib_word u;
	const void *p;

	__builtin_memcpy(&k.hi, addr, MPLSX_FIB6_TOP_BITS / 8);
	p = bpf_map_lookup_elem(&fib6_top, &k);
	if (!p)
		return -1;
	fib_read(&u, p);
	if (fib_walk(&fib6_chunk, &u, addr, MPLSX_FIB6_TOP_BITS / 8, 16))
		return 0;
	rt->kind = fib_kind(&u);
	rt->nexthop_id = u.e.id;
	rt->vpn_label = u.e.label_kind & bpf_htonl(0xFFFFFF00);
	return rt->kind != 0;
}

#endif /* MPLSX_FIB_H */
