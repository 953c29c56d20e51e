/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * fib_stride.h - one address family of the data path's VRF FIB: the top
 * hash and the chunk array of mplsx_abi.h ("fib4_top / fib6_top"), kept
 * from the installed routes by prefix expansion with a depth per entry
 * (DPDK rte_lpm's scheme: an entry belongs to the longest route painted
 * over it; a withdrawal repaints the withdrawn route's entries with the
 * route that covers it).
 *
 * Make-before-break: a chunk is filled before its link is written; entries
 * of linked chunks change one 8-byte store at a time (the map is mmapped);
 * a freed chunk is reused only after a quarantine longer than any lookup.
 * A lookup thus finds the old route or the new one, never a hole.
 */
#ifndef MPLSX_FIB_STRIDE_H
#define MPLSX_FIB_STRIDE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dp/mplsx_abi.h"
#include "util/hash.h"

struct fibs_block;

/* The best installed route of vrf_id covering addr with a prefix length
 * below len: its entry word in *w and returns its length + 1, or 0. */
typedef unsigned (*fibs_cover_fn)(void *ctx, uint32_t vrf_id,
				  const uint8_t *addr, unsigned len,
				  uint64_t *w);

struct fib_stride {
	unsigned top_bits;   /* MPLSX_FIB4_TOP_BITS / MPLSX_FIB6_TOP_BITS */
	unsigned addr_bytes; /* 4 / 16 */
	int top_fd;	     /* -1: a model only, nothing written */
	uint64_t *ent;	     /* chunk entries: the mmapped map, or heap */
	size_t ent_bytes;
	bool mapped;
	uint8_t *depth;	   /* per entry: prefix length + 1 painted, 0 none */
	uint32_t n_chunks; /* chunk 0 is never used */
	uint32_t fresh;	   /* chunks from here on never used */
	uint32_t *free_id; /* freed chunks, oldest first (a ring) */
	uint64_t *free_ns;
	uint32_t free_head, free_count;
	uint32_t chunks_used;
	struct hash_table blocks; /* struct fibs_block by {vrf_id, hi} */
	size_t n_blocks;
	struct fibs_block **vrf_blocks; /* per vrf_id: its blocks, a list */
	uint32_t *vrf_n_blocks;
	fibs_cover_fn cover;
	void *cover_ctx;
	uint64_t top_writes; /* top hash updates and deletes */
	/* IPv4: the direct top arrays of the big VRFs (fib4_dir, mmapped,
	 * n_dir slots of 2^16 entries; fib4_vrf_dir).  A VRF gets a slot
	 * once it has dir_min_blocks blocks, and gives it back with its last
	 * block; a slot is reused only after the quarantine. */
	uint64_t *dir;
	size_t dir_bytes;
	int dir_slot_fd;
	uint32_t n_dir, dir_min_blocks, dir_used;
	uint16_t *vrf_dir;     /* per vrf_id: its slot + 1, 0 none */
	uint16_t *dir_owner;   /* per slot: 1 in use */
	uint64_t *dir_free_ns; /* per slot: when given back */
	uint64_t failures; /* updates not made: chunk pool or top map full */
	uint64_t refused_chunks; /* of which: too few chunks left */
	uint64_t refused_tops;	 /* of which: the top map full */
};

/* family AF_INET or AF_INET6; top_fd / chunk_fd -1 for a model without
 * maps (n_chunks chunks on the heap).  0 or -errno. */
int fib_stride__init(struct fib_stride *s, int family, int top_fd, int chunk_fd,
		     uint32_t n_chunks, fibs_cover_fn cover, void *ctx);
void fib_stride__free(struct fib_stride *s);

/* A VRF with this many /16 blocks gets a direct top array (if a slot is
 * free): 64 blocks are some 16,000 /24s or more. */
#define FIB_DIR_MIN_BLOCKS 64

/* IPv4 only: the direct top arrays (fib4_dir, fib4_vrf_dir), for VRFs with
 * at least min_blocks blocks.  Before any route is set.  0 or -errno. */
int fib_stride__set_direct(struct fib_stride *s, int dir_fd, int slot_fd,
			   uint32_t min_blocks);

/* An installed route (new, or its entry word w changed): paint it. */
int fib_stride__set(struct fib_stride *s, uint32_t vrf_id, const uint8_t *addr,
		    unsigned len, uint64_t w, bool added);
/* A route no longer installed: its entries get what covers it. */
int fib_stride__clear(struct fib_stride *s, uint32_t vrf_id,
		      const uint8_t *addr, unsigned len);

/* What the data path finds for addr: 1 with the word in *w (0: no route),
 * or 0 when the top has no entry (only short prefixes can match). */
int fib_stride__lookup(const struct fib_stride *s, uint32_t vrf_id,
		       const uint8_t *addr, uint64_t *w);

/* The prefix length + 1 of the route painted over addr (0: none, or no
 * top entry): for tests. */
unsigned fib_stride__depth(const struct fib_stride *s, uint32_t vrf_id,
			   const uint8_t *addr);

/* The entry word of a route. */
uint64_t fib_stride__word(uint8_t kind, uint32_t nexthop_id,
			  uint32_t vpn_label);

#endif
