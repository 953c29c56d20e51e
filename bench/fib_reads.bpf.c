// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * fib_reads.bpf.c - what one FIB lookup's memory reads cost on this
 * machine, without the rest of the data path (bench/fib_reads.c): each
 * BPF_PROG_TEST_RUN repetition draws a random number and reads through
 * the layout under test, sized like a 1,048,576-route IPv4 VRF (4,096
 * /16 blocks, 1M leaves).  Layouts (rodata `layout`): the random number
 * only; the top hash + an 8-byte leaf of an 8 MiB array (the stride FIB
 * without a direct array); a VRF slot + a direct 65,536-entry top array
 * + the leaf (with one); the hash + a 4-byte leaf of a 4 MiB array; a
 * hash whose value is the whole 2 KiB chunk (kmalloc'd: the kernel's
 * huge-page direct map); the leaf alone.
 */
#include <linux/types.h>
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

#define LEAVES (1u << 20)
#define BLOCKS 4096

struct chunk {
	__u64 e[256];
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, BLOCKS);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, __u32);
	__type(value, __u64);
} top SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, BLOCKS);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, __u32);
	__type(value, struct chunk);
} top_chunk SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1 << 16);
	__uint(map_flags, BPF_F_MMAPABLE);
	__type(key, __u32);
	__type(value, __u64);
} direct SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4096);
	__type(key, __u32);
	__type(value, __u32);
} slot SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, LEAVES);
	__uint(map_flags, BPF_F_MMAPABLE);
	__type(key, __u32);
	__type(value, __u64);
} leaf8 SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, LEAVES);
	__uint(map_flags, BPF_F_MMAPABLE);
	__type(key, __u32);
	__type(value, __u32);
} leaf4 SEC(".maps");

enum { L_NONE, L_HASH, L_DIRECT, L_HASH4, L_CHUNK_VALUE, L_LEAF };
const volatile __u32 layout = L_NONE;
__u64 sum; /* keeps the reads */

SEC("xdp")
int fib_reads(struct xdp_md *ctx)
{
	__u32 r = bpf_get_prandom_u32(), k = r >> 20 & (BLOCKS - 1);
	const struct chunk *c;
	const __u32 *s, *q;
	const __u64 *p;

	switch (layout) {
	case L_HASH:
	case L_HASH4:
		if (!bpf_map_lookup_elem(&top, &k))
			return XDP_DROP;
		break;
	case L_DIRECT:
		k = 1;
		s = bpf_map_lookup_elem(&slot, &k);
		if (!s)
			return XDP_DROP;
		k = (*s + (r >> 16)) & 0xFFFF;
		if (!bpf_map_lookup_elem(&direct, &k))
			return XDP_DROP;
		break;
	case L_CHUNK_VALUE:
		c = bpf_map_lookup_elem(&top_chunk, &k);
		if (c)
			sum += c->e[r & 255];
		return XDP_DROP;
	case L_LEAF:
		break;
	default:
		sum += r;
		return XDP_DROP;
	}
	k = r & (LEAVES - 1);
	if (layout == L_HASH4) {
		q = bpf_map_lookup_elem(&leaf4, &k);
		if (q)
			sum += *q;
	} else {
		p = bpf_map_lookup_elem(&leaf8, &k);
		if (p)
			sum += *p;
	}
	return XDP_DROP;
}
