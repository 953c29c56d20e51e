/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * fib.h - the VRF FIB lookup: a top hash on {vrf_id, first bits of the
 * destination} and 256-entry chunks for each further 8 bits, expanded by
 * the agent so that the first route met is the longest match (the layout
 * is described in mplsx_abi.h).  A bounded number of dependent reads
 * whatever the size of the table: IPv4 one hash and at most two array
 * reads; IPv6 one hash and at most twelve.  Destinations without a top
 * entry are covered only by short prefixes: vrf_fib4 / vrf_fib6.  A big
 * IPv4 VRF reads its top entry from a direct array instead of the hash.
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

/* Direct top entries of the big VRFs (mplsx_abi.h, "fib4_dir"). */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, MPLSX_FIB4_DIRECT << MPLSX_FIB4_TOP_BITS);
	__uint(map_flags, BPF_F_MMAPABLE);
	__type(key, __u32);
	__type(value, struct fib_entry);
} fib4_dir SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, MPLSX_MAX_VRFS);
	__type(key, __u32);
	__type(value, __u32);
} fib4_vrf_dir SEC(".maps");

/* A lookup's key and result live here, not on the stack: the paths that
 * look up a VRF (CE ingress, disposition, ICMP) nest three calls deep
 * under BPF's 512-byte stack.  A packet is one lookup at a time per CPU. */
struct fib_scratch {
	struct vrf_route rt;
	struct fib_top_key k;
	__u32 idx;
	__u32 pad;
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct fib_scratch);
} fib_scratch SEC(".maps");

static __always_inline struct fib_scratch *fib_scratch_get(void)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(&fib_scratch, &zero);
}

/* An entry is read as one 64-bit load (the agent's stores are 64-bit, so
 * id and kind agree) and taken apart in registers. */
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define FIB_W_ID(w) ((__u32)(w))
#define FIB_W_LK(w) ((__u32)((w) >> 32)) /* label_kind as stored */
#else
#define FIB_W_ID(w) ((__u32)((w) >> 32))
#define FIB_W_LK(w) ((__u32)(w))
#endif
#define FIB_W_KIND(w) (bpf_ntohl(FIB_W_LK(w)) & 0xFF)

static __always_inline __u64 fib_read(const void *p)
{
	return *(const volatile __u64 *)p;
}

/* Follow chunk links from w through the address bytes a[first..last):
 * the route's word (kind 0: none), or 0 on a missing chunk. */
static __always_inline __u64 fib_walk(void *chunks, struct fib_scratch *sc,
				      __u64 w, const __u8 *a, int first,
				      int last)
{
	const void *p;
	int i;

#pragma unroll
	for (i = first; i < last; i++) {
		if (FIB_W_KIND(w) != MPLSX_FIB_KIND_CHUNK)
			return w;
		sc->idx = FIB_W_ID(w) << MPLSX_FIB_STRIDE | a[i];
		p = bpf_map_lookup_elem(chunks, &sc->idx);
		if (!p)
			return 0;
		w = fib_read(p);
	}
	return FIB_W_KIND(w) == MPLSX_FIB_KIND_CHUNK ? 0 : w;
}

/* The route for addr (network order) in vrf_id, in sc->rt: 1 found, 0 no
 * route, -1 no top entry (ask the short-prefix trie). */
static __always_inline int fib_found(struct fib_scratch *sc, __u64 w)
{
	sc->rt.kind = FIB_W_KIND(w);
	sc->rt.nexthop_id = FIB_W_ID(w);
	sc->rt.vpn_label = FIB_W_LK(w) & bpf_htonl(0xFFFFFF00);
	return sc->rt.kind != 0;
}

static __always_inline int fib_lookup4(struct fib_scratch *sc, __u32 vrf_id,
				       const __u8 *addr)
{
	const __u32 *slot;
	const void *p;
	__u64 w;

	/* A big VRF: its top entry straight from its slot of fib4_dir. */
	slot = bpf_map_lookup_elem(&fib4_vrf_dir, &vrf_id);
	if (slot && *slot) {
		sc->idx = (*slot - 1) << MPLSX_FIB4_TOP_BITS |
			  (__u32)addr[0] << 8 | addr[1];
		p = bpf_map_lookup_elem(&fib4_dir, &sc->idx);
		if (!p)
			return -1;
		w = fib_read(p);
		if (!w)
			return -1;
		return fib_found(sc, fib_walk(&fib4_chunk, sc, w, addr,
					      MPLSX_FIB4_TOP_BITS / 8, 4));
	}
	sc->k.vrf_id = vrf_id;
	sc->k.hi = *(const __be32 *)addr &
		   bpf_htonl(~0u << (32 - MPLSX_FIB4_TOP_BITS));
	p = bpf_map_lookup_elem(&fib4_top, &sc->k);
	if (!p)
		return -1;
	return fib_found(sc, fib_walk(&fib4_chunk, sc, fib_read(p), addr,
				      MPLSX_FIB4_TOP_BITS / 8, 4));
}

static __always_inline int fib_lookup6(struct fib_scratch *sc, __u32 vrf_id,
				       const __u8 *addr)
{
	const void *p;

	sc->k.vrf_id = vrf_id;
	__builtin_memcpy(&sc->k.hi, addr, MPLSX_FIB6_TOP_BITS / 8);
	p = bpf_map_lookup_elem(&fib6_top, &sc->k);
	if (!p)
		return -1;
	return fib_found(sc, fib_walk(&fib6_chunk, sc, fib_read(p), addr,
				      MPLSX_FIB6_TOP_BITS / 8, 16));
}

#endif /* MPLSX_FIB_H */
