// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* fib_stride.c - the stride FIB of one address family (fib_stride.h). */
#include "dp/fib_stride.h"

#include <arpa/inet.h>
#include <bpf/bpf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <linux/membarrier.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "util/hash.h"
#include "util/log.h"

/* A lookup holds a chunk for nanoseconds (XDP runs under RCU, one packet
 * at a time): a freed chunk is reused after this long, or after an RCU
 * grace period (membarrier(MEMBARRIER_CMD_GLOBAL) is synchronize_rcu())
 * that the agent waits for only when no other chunk is left. */
#define FIBS_QUARANTINE_NS   50000000ull /* 50 ms */
#define FIBS_INITIAL_BUCKETS 256
#define CHUNK_N		     MPLSX_FIB_CHUNK_ENTRIES
#define DIR_N		     (1u << MPLSX_FIB4_TOP_BITS) /* entries a slot */
/* Chunks an insert leaves for withdrawals: a withdrawal may split a
 * merged chunk again (at most one chunk per level), and one that cannot
 * would leave the withdrawn route forwarding. */
#define FIBS_WITHDRAW_RESERVE 16

/* One top entry: {vrf_id, first top_bits of the address}, present while a
 * route of length >= top_bits is installed in it. */
struct fibs_block {
	struct hash_node node;		  /* in blocks, by {vrf_id, hi} */
	struct fibs_block *vprev, *vnext; /* the VRF's blocks */
	uint32_t vrf_id;
	uint32_t hi;  /* first top_bits, host order, left aligned */
	uint64_t top; /* the entry word in the top hash */
	uint8_t top_depth;
	uint32_t n_long; /* installed routes of length >= top_bits */
};

/* What a block is found by. */
struct block_key {
	uint32_t vrf_id, hi;
};

static uint64_t block_hash(const struct hash_node *n)
{
	const struct fibs_block *b = hash_entry(n, struct fibs_block, node);
	struct block_key k = {b->vrf_id, b->hi};

	return hash__bytes(HASH_SEED, &k, sizeof(k));
}

static bool block_eq(const struct hash_node *n, const void *key)
{
	const struct fibs_block *b = hash_entry(n, struct fibs_block, node);
	const struct block_key *k = key;

	return b->vrf_id == k->vrf_id && b->hi == k->hi;
}

static const struct hash_ops block_ops = {.hash = block_hash, .eq = block_eq};

union word {
	uint64_t w;
	struct fib_entry e;
};

uint64_t fib_stride__word(uint8_t kind, uint32_t nexthop_id, uint32_t vpn_label)
{
	union word u = {.e.id = nexthop_id};
	uint32_t lk = kind;

	if (kind == MPLSX_ROUTE_REMOTE)
		lk |= vpn_label << MPLS_LS_LABEL_SHIFT | MPLS_LS_S_MASK;
	u.e.label_kind = htonl(lk);
	return u.w;
}

static uint64_t chunk_word(uint32_t c)
{
	union word u = {.e.id = c, .e.label_kind = htonl(MPLSX_FIB_KIND_CHUNK)};

	return u.w;
}

static bool is_chunk(uint64_t w)
{
	union word u = {.w = w};

	return (ntohl(u.e.label_kind) & 0xFF) == MPLSX_FIB_KIND_CHUNK;
}

static uint32_t chunk_of(uint64_t w)
{
	union word u = {.w = w};

	return u.e.id;
}

static void store(uint64_t *p, uint64_t w)
{
	__atomic_store_n(p, w, __ATOMIC_RELEASE);
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

int fib_stride__init(struct fib_stride *s, int family, int top_fd, int chunk_fd,
		     uint32_t n_chunks, fibs_cover_fn cover, void *ctx)
{
	memset(s, 0, sizeof(*s));
	s->top_bits =
		family == AF_INET ? MPLSX_FIB4_TOP_BITS : MPLSX_FIB6_TOP_BITS;
	s->addr_bytes = family == AF_INET ? 4 : 16;
	s->top_fd = top_fd;
	s->cover = cover;
	s->cover_ctx = ctx;
	if (chunk_fd >= 0) {
		struct bpf_map_info info = {0};
		uint32_t len = sizeof(info);
		void *p;

		if (bpf_obj_get_info_by_fd(chunk_fd, &info, &len))
			return -errno;
		if (info.value_size != sizeof(struct fib_entry))
			return -EINVAL;
		n_chunks = info.max_entries / CHUNK_N;
		s->ent_bytes = (size_t)info.max_entries * info.value_size;
		p = mmap(NULL, s->ent_bytes, PROT_READ | PROT_WRITE, MAP_SHARED,
			 chunk_fd, 0);
		if (p == MAP_FAILED)
			return -errno;
		s->ent = p;
		s->mapped = true;
	} else {
		s->ent_bytes = (size_t)n_chunks * CHUNK_N * sizeof(uint64_t);
		s->ent = calloc(1, s->ent_bytes);
		if (!s->ent)
			return -ENOMEM;
	}
	s->n_chunks = n_chunks;
	s->fresh = 1;
	s->depth = calloc((size_t)n_chunks, CHUNK_N);
	s->free_id = calloc(n_chunks ? n_chunks : 1, sizeof(*s->free_id));
	s->free_ns = calloc(n_chunks ? n_chunks : 1, sizeof(*s->free_ns));
	hash__init(&s->blocks, &block_ops, FIBS_INITIAL_BUCKETS);
	s->vrf_blocks = calloc(MPLSX_MAX_VRFS, sizeof(*s->vrf_blocks));
	s->vrf_n_blocks = calloc(MPLSX_MAX_VRFS, sizeof(*s->vrf_n_blocks));
	if (!s->depth || !s->free_id || !s->free_ns || !s->blocks.buckets ||
	    !s->vrf_blocks || !s->vrf_n_blocks) {
		fib_stride__free(s);
		return -ENOMEM;
	}
	return 0;
}

void fib_stride__free(struct fib_stride *s)
{
	struct hash_node *n, *next;
	size_t i;

	for (n = s->blocks.buckets ? hash__first(&s->blocks, &i) : NULL; n;
	     n = next) {
		next = hash__next(&s->blocks, n, &i);
		free(hash_entry(n, struct fibs_block, node));
	}
	if (s->mapped)
		munmap(s->ent, s->ent_bytes);
	else
		free(s->ent);
	if (s->dir)
		munmap(s->dir, s->dir_bytes);
	free(s->vrf_dir);
	free(s->dir_owner);
	free(s->dir_free_ns);
	free(s->depth);
	free(s->free_id);
	free(s->free_ns);
	hash__destroy(&s->blocks);
	free(s->vrf_blocks);
	free(s->vrf_n_blocks);
	memset(s, 0, sizeof(*s));
}

int fib_stride__set_direct(struct fib_stride *s, int dir_fd, int slot_fd,
			   uint32_t min_blocks)
{
	struct bpf_map_info info = {0};
	uint32_t len = sizeof(info);
	void *p;

	if (s->top_bits != MPLSX_FIB4_TOP_BITS || s->top_fd < 0 || s->n_blocks)
		return -EINVAL;
	if (bpf_obj_get_info_by_fd(dir_fd, &info, &len))
		return -errno;
	if (info.value_size != sizeof(struct fib_entry) ||
	    info.max_entries % DIR_N)
		return -EINVAL;
	s->dir_bytes = (size_t)info.max_entries * info.value_size;
	p = mmap(NULL, s->dir_bytes, PROT_READ | PROT_WRITE, MAP_SHARED, dir_fd,
		 0);
	if (p == MAP_FAILED)
		return -errno;
	s->n_dir = info.max_entries / DIR_N;
	s->vrf_dir = calloc(MPLSX_MAX_VRFS, sizeof(*s->vrf_dir));
	s->dir_owner = calloc(s->n_dir, sizeof(*s->dir_owner));
	s->dir_free_ns = calloc(s->n_dir, sizeof(*s->dir_free_ns));
	if (!s->vrf_dir || !s->dir_owner || !s->dir_free_ns) {
		munmap(p, s->dir_bytes);
		return -ENOMEM;
	}
	s->dir = p;
	s->dir_slot_fd = slot_fd;
	s->dir_min_blocks = min_blocks ? min_blocks : 1;
	return 0;
}

/* ---- chunks ------------------------------------------------------------ */

static bool grace_period(void)
{
	return syscall(__NR_membarrier, MEMBARRIER_CMD_GLOBAL, 0, 0) == 0;
}

static int64_t chunk_alloc(struct fib_stride *s)
{
	uint32_t c;

	if (s->free_count && s->fresh >= s->n_chunks &&
	    now_ns() - s->free_ns[s->free_head] < FIBS_QUARANTINE_NS &&
	    grace_period()) {
		uint32_t i;

		/* Every lookup that could see the freed chunks is over. */
		for (i = 0; i < s->free_count; i++)
			s->free_ns[(s->free_head + i) % s->n_chunks] = 0;
	}
	if (s->free_count &&
	    now_ns() - s->free_ns[s->free_head] >= FIBS_QUARANTINE_NS) {
		c = s->free_id[s->free_head];
		s->free_head = (s->free_head + 1) % s->n_chunks;
		s->free_count--;
	} else if (s->fresh < s->n_chunks) {
		c = s->fresh++;
	} else {
		return -1;
	}
	s->chunks_used++;
	return c;
}

static void chunk_free(struct fib_stride *s, uint32_t c)
{
	uint32_t tail = (s->free_head + s->free_count) % s->n_chunks;

	s->free_id[tail] = c;
	s->free_ns[tail] = now_ns();
	s->free_count++;
	s->chunks_used--;
}

/* Chunks that painting a route of length len over addr may take: one per
 * level below the first slot on its path that is not a chunk yet (the
 * path through existing chunks costs none). */
static uint32_t chunks_needed(const struct fib_stride *s, uint64_t top,
			      const uint8_t *addr, unsigned len)
{
	unsigned byte = s->top_bits / 8, levels;
	uint64_t w = top;

	if (len <= s->top_bits)
		return 0;
	levels = (len + 7) / 8 - byte; /* slots on the path below the top */
	while (levels && is_chunk(w)) {
		w = s->ent[(size_t)chunk_of(w) * CHUNK_N + addr[byte++]];
		levels--;
	}
	return levels;
}

/* Whether need chunks are there with reserve to spare.  Chunks still in
 * quarantine count: the one grace period that frees them is waited for
 * once, not per chunk. */
static bool chunk_room(const struct fib_stride *s, uint32_t need,
		       uint32_t reserve)
{
	if (reserve > s->n_chunks / 16)
		reserve = s->n_chunks / 16;
	return need == 0 ||
	       (s->n_chunks - s->fresh) + s->free_count >= need + reserve;
}

/* c and every chunk linked below it. */
static void chunk_free_tree(struct fib_stride *s, uint32_t c)
{
	uint64_t *e = s->ent + (size_t)c * CHUNK_N;
	unsigned i;

	for (i = 0; i < CHUNK_N; i++)
		if (is_chunk(e[i]))
			chunk_free_tree(s, chunk_of(e[i]));
	chunk_free(s, c);
}

/* A chunk whose entries are one route is that route: link it in place. */
static void collapse(struct fib_stride *s, uint64_t *w, uint8_t *d, uint32_t c)
{
	const uint64_t *e = s->ent + (size_t)c * CHUNK_N;
	const uint8_t *dp = s->depth + (size_t)c * CHUNK_N;
	unsigned i;

	if (is_chunk(e[0]))
		return;
	for (i = 1; i < CHUNK_N; i++)
		if (e[i] != e[0] || dp[i] != dp[0])
			return;
	store(w, e[0]);
	*d = dp[0];
	chunk_free(s, c);
}

/* ---- painting ---------------------------------------------------------- */

struct op {
	const uint8_t *addr;
	unsigned len;
	bool set;      /* paint entries of depth <= d; else those == match */
	uint8_t match; /* clear: the withdrawn route's length + 1 */
	uint64_t w;    /* the word and depth written */
	uint8_t d;
};

static bool op_hits(const struct op *op, uint8_t d)
{
	return op->set ? d <= op->d : d == op->match;
}

static int apply_slot(struct fib_stride *s, uint64_t *w, uint8_t *d,
		      unsigned byte, const struct op *op);

/* Chunk c indexes address byte `byte`. */
static int apply_chunk(struct fib_stride *s, uint32_t c, unsigned byte,
		       const struct op *op)
{
	size_t base = (size_t)c * CHUNK_N;
	unsigned lo = 0, n = CHUNK_N, i;
	int rc;

	if (op->len > 8 * byte) {
		lo = op->addr[byte];
		n = 1;
		if (op->len < 8 * byte + 8) {
			unsigned span = 8 * byte + 8 - op->len;

			lo &= ~((1u << span) - 1) & 0xFF;
			n = 1u << span;
		}
	}
	for (i = lo; i < lo + n; i++) {
		rc = apply_slot(s, &s->ent[base + i], &s->depth[base + i],
				byte + 1, op);
		if (rc)
			return rc;
	}
	return 0;
}

/* The slot *w covers the addresses whose first `byte` bytes are fixed. */
static int apply_slot(struct fib_stride *s, uint64_t *w, uint8_t *d,
		      unsigned byte, const struct op *op)
{
	int64_t c;
	unsigned i;
	int rc;

	if (is_chunk(*w)) {
		c = chunk_of(*w);
		rc = apply_chunk(s, (uint32_t)c, byte, op);
		if (!rc)
			collapse(s, w, d, (uint32_t)c);
		return rc;
	}
	if (!op_hits(op, *d))
		return 0;
	if (op->len <= 8 * byte) {
		store(w, op->w);
		*d = op->d;
		return 0;
	}
	/* Part of the slot: a new chunk, made whole before it is linked. */
	c = chunk_alloc(s);
	if (c < 0)
		return -ENOSPC;
	for (i = 0; i < CHUNK_N; i++) {
		s->ent[(size_t)c * CHUNK_N + i] = *w;
		s->depth[(size_t)c * CHUNK_N + i] = *d;
	}
	rc = apply_chunk(s, (uint32_t)c, byte, op);
	if (rc) {
		chunk_free_tree(s, (uint32_t)c);
		return rc;
	}
	store(w, chunk_word((uint32_t)c));
	*d = 0;
	collapse(s, w, d, (uint32_t)c);
	return 0;
}

/* ---- blocks ------------------------------------------------------------ */

static uint32_t addr_hi(const struct fib_stride *s, const uint8_t *addr)
{
	uint32_t hi;

	memcpy(&hi, addr, 4);
	hi = ntohl(hi);
	return s->top_bits >= 32 ? hi : hi & ~(~0u >> s->top_bits);
}

static uint64_t block_key_hash(uint32_t vrf_id, uint32_t hi)
{
	struct block_key k = {vrf_id, hi};

	return hash__bytes(HASH_SEED, &k, sizeof(k));
}

static struct fibs_block *find_block(const struct fib_stride *s,
				     uint32_t vrf_id, uint32_t hi)
{
	struct block_key k = {vrf_id, hi};
	struct hash_node *n =
		hash__find(&s->blocks, block_key_hash(vrf_id, hi), &k);

	return n ? hash_entry(n, struct fibs_block, node) : NULL;
}

static struct fib_top_key top_key(const struct fibs_block *b)
{
	struct fib_top_key k = {.vrf_id = b->vrf_id, .hi = htonl(b->hi)};

	return k;
}

/* ---- direct top arrays (IPv4, big VRFs) -------------------------------- */

static uint64_t *dir_entry(const struct fib_stride *s,
			   const struct fibs_block *b)
{
	uint16_t slot = s->dir ? s->vrf_dir[b->vrf_id] : 0;

	return slot ? &s->dir[(size_t)(slot - 1) * DIR_N + (b->hi >> 16)]
		    : NULL;
}

static int dir_publish(const struct fib_stride *s, uint32_t vrf_id, uint32_t v)
{
	return bpf_map_update_elem(s->dir_slot_fd, &vrf_id, &v, BPF_ANY)
		       ? -errno
		       : 0;
}

/* A VRF grown to dir_min_blocks blocks takes a free slot: every top entry
 * of it is written there first, then the slot is published (lookups move
 * from the hash to the array, which hold the same words). */
static void dir_promote(struct fib_stride *s, uint32_t vrf_id)
{
	const struct fibs_block *b;
	uint64_t now;
	uint32_t i;

	if (!s->dir || s->vrf_dir[vrf_id] ||
	    s->vrf_n_blocks[vrf_id] < s->dir_min_blocks ||
	    s->dir_used >= s->n_dir)
		return;
	now = now_ns();
	for (i = 0; i < s->n_dir; i++)
		if (!s->dir_owner[i] &&
		    (!s->dir_free_ns[i] ||
		     now - s->dir_free_ns[i] >= FIBS_QUARANTINE_NS))
			break;
	if (i == s->n_dir)
		return;
	for (b = s->vrf_blocks[vrf_id]; b; b = b->vnext)
		store(&s->dir[(size_t)i * DIR_N + (b->hi >> 16)], b->top);
	if (dir_publish(s, vrf_id, i + 1)) {
		for (b = s->vrf_blocks[vrf_id]; b; b = b->vnext)
			store(&s->dir[(size_t)i * DIR_N + (b->hi >> 16)], 0);
		return;
	}
	s->dir_owner[i] = 1;
	s->vrf_dir[vrf_id] = (uint16_t)(i + 1);
	s->dir_used++;
}

/* The VRF's last block went (its slot is all zero again): lookups go back
 * to the hash, and the slot waits out the quarantine before another VRF
 * takes it (a lookup that read the old slot number finds zeros). */
static void dir_release(struct fib_stride *s, uint32_t vrf_id)
{
	uint16_t slot = s->vrf_dir[vrf_id];

	if (!slot || dir_publish(s, vrf_id, 0))
		return;
	s->vrf_dir[vrf_id] = 0;
	s->dir_owner[slot - 1] = 0;
	s->dir_free_ns[slot - 1] = now_ns();
	s->dir_used--;
}

static int top_write(struct fib_stride *s, struct fibs_block *b)
{
	struct fib_top_key k = top_key(b);
	uint64_t *d;

	if (s->top_fd < 0)
		return 0;
	s->top_writes++;
	if (bpf_map_update_elem(s->top_fd, &k, &b->top, BPF_ANY))
		return -errno;
	d = dir_entry(s, b);
	if (d)
		store(d, b->top);
	return 0;
}

static void block_destroy(struct fib_stride *s, struct fibs_block *b,
			  bool in_map)
{
	struct fib_top_key k = top_key(b);
	uint64_t *d = dir_entry(s, b);

	if (d) /* lookups fall to the trie, which covers the block */
		store(d, 0);
	if (in_map && s->top_fd >= 0) {
		s->top_writes++;
		bpf_map_delete_elem(s->top_fd, &k);
	}
	if (is_chunk(b->top))
		chunk_free_tree(s, chunk_of(b->top));
	hash__remove(&s->blocks, &b->node);
	if (b->vprev)
		b->vprev->vnext = b->vnext;
	else
		s->vrf_blocks[b->vrf_id] = b->vnext;
	if (b->vnext)
		b->vnext->vprev = b->vprev;
	s->vrf_n_blocks[b->vrf_id]--;
	s->n_blocks--;
	if (!s->vrf_n_blocks[b->vrf_id] && s->dir)
		dir_release(s, b->vrf_id);
	free(b);
}

static struct fibs_block *block_new(struct fib_stride *s, uint32_t vrf_id,
				    uint32_t hi)
{
	struct fibs_block *b = calloc(1, sizeof(*b));
	uint8_t a[16] = {0};
	uint32_t nhi = htonl(hi);

	if (!b)
		return NULL;
	b->vrf_id = vrf_id;
	b->hi = hi;
	memcpy(a, &nhi, 4);
	b->top_depth = (uint8_t)s->cover(s->cover_ctx, vrf_id, a, s->top_bits,
					 &b->top);
	if (!b->top_depth)
		b->top = 0;
	hash__insert(&s->blocks, &b->node, block_key_hash(vrf_id, hi));
	b->vnext = s->vrf_blocks[vrf_id];
	if (b->vnext)
		b->vnext->vprev = b;
	s->vrf_blocks[vrf_id] = b;
	s->vrf_n_blocks[vrf_id]++;
	s->n_blocks++;
	return b;
}

/* Apply op to the top entry of block b and write it if it changed. */
static int apply_block(struct fib_stride *s, struct fibs_block *b,
		       const struct op *op)
{
	uint64_t old = b->top;
	int rc;

	rc = apply_slot(s, &b->top, &b->top_depth, s->top_bits / 8, op);
	if (!rc && b->top != old)
		rc = top_write(s, b);
	return rc;
}

/* A prefix shorter than the top stride: every block inside it. */
static int apply_short(struct fib_stride *s, uint32_t vrf_id,
		       const struct op *op)
{
	uint32_t hi = addr_hi(s, op->addr), mask, span, i;
	struct fibs_block *b, *next;
	int rc = 0, r;

	mask = op->len ? ~0u << (32 - op->len) : 0;
	hi &= mask;
	span = s->top_bits - op->len;
	if (span < 20 && (1u << span) <= s->vrf_n_blocks[vrf_id]) {
		for (i = 0; i < 1u << span; i++) {
			b = find_block(s, vrf_id,
				       hi + (i << (32 - s->top_bits)));
			if (b && (r = apply_block(s, b, op)))
				rc = r;
		}
		return rc;
	}
	for (b = s->vrf_blocks[vrf_id]; b; b = next) {
		next = b->vnext;
		if ((b->hi & mask) == hi && (r = apply_block(s, b, op)))
			rc = r;
	}
	return rc;
}

int fib_stride__set(struct fib_stride *s, uint32_t vrf_id, const uint8_t *addr,
		    unsigned len, uint64_t w, bool added)
{
	struct op op = {.addr = addr,
			.len = len,
			.set = true,
			.w = w,
			.d = (uint8_t)(len + 1)};
	struct fibs_block *b;
	bool created;
	uint64_t old;
	uint32_t hi;
	int rc;

	if (vrf_id >= MPLSX_MAX_VRFS)
		return -EINVAL;
	if (len < s->top_bits) {
		rc = apply_short(s, vrf_id, &op);
		goto out;
	}
	hi = addr_hi(s, addr);
	b = find_block(s, vrf_id, hi);
	if (!chunk_room(s, chunks_needed(s, b ? b->top : 0, addr, len),
			FIBS_WITHDRAW_RESERVE)) {
		rc = -ENOSPC;
		s->refused_chunks++;
		goto out;
	}
	created = !b;
	if (created && !(b = block_new(s, vrf_id, hi))) {
		rc = -ENOMEM;
		goto out;
	}
	old = b->top;
	rc = apply_slot(s, &b->top, &b->top_depth, s->top_bits / 8, &op);
	if (!rc && (created || b->top != old)) {
		rc = top_write(s, b);
		if (rc == -E2BIG || rc == -ENOSPC)
			s->refused_tops++;
	}
	if (rc && created) {
		block_destroy(s, b, false);
		goto out;
	}
	if (!rc && added)
		b->n_long++;
	if (!rc && created)
		dir_promote(s, vrf_id);
out:
	if (rc)
		s->failures++;
	return rc;
}

int fib_stride__clear(struct fib_stride *s, uint32_t vrf_id,
		      const uint8_t *addr, unsigned len)
{
	uint8_t a[16] = {0};
	struct op op = {.addr = a, .len = len, .match = (uint8_t)(len + 1)};
	struct fibs_block *b;
	int rc;

	if (vrf_id >= MPLSX_MAX_VRFS)
		return -EINVAL;
	memcpy(a, addr, s->addr_bytes);
	op.d = (uint8_t)s->cover(s->cover_ctx, vrf_id, a, len, &op.w);
	if (!op.d)
		op.w = 0;
	if (len < s->top_bits) {
		rc = apply_short(s, vrf_id, &op);
	} else {
		b = find_block(s, vrf_id, addr_hi(s, addr));
		if (!b)
			return 0;
		if (b->n_long > 1 &&
		    !chunk_room(s, chunks_needed(s, b->top, a, len), 0)) {
			s->failures++;
			s->refused_chunks++;
			return -ENOSPC;
		}
		if (b->n_long <= 1) {
			/* Nothing long left: lookups fall to the short trie,
			 * which holds what covers the block. */
			block_destroy(s, b, true);
			return 0;
		}
		b->n_long--;
		rc = apply_block(s, b, &op);
	}
	if (rc)
		s->failures++;
	return rc;
}

int fib_stride__lookup(const struct fib_stride *s, uint32_t vrf_id,
		       const uint8_t *addr, uint64_t *w)
{
	const struct fibs_block *b;
	uint64_t x;
	unsigned i;

	if (vrf_id >= MPLSX_MAX_VRFS)
		return 0;
	b = find_block(s, vrf_id, addr_hi(s, addr));
	if (!b)
		return 0;
	x = b->top;
	for (i = s->top_bits / 8; i < s->addr_bytes && is_chunk(x); i++)
		x = __atomic_load_n(
			&s->ent[(size_t)chunk_of(x) * CHUNK_N + addr[i]],
			__ATOMIC_ACQUIRE);
	*w = x;
	return 1;
}

unsigned fib_stride__depth(const struct fib_stride *s, uint32_t vrf_id,
			   const uint8_t *addr)
{
	const struct fibs_block *b;
	uint64_t x;
	unsigned i, d;
	size_t at;

	if (vrf_id >= MPLSX_MAX_VRFS)
		return 0;
	b = find_block(s, vrf_id, addr_hi(s, addr));
	if (!b)
		return 0;
	x = b->top;
	d = b->top_depth;
	for (i = s->top_bits / 8; i < s->addr_bytes && is_chunk(x); i++) {
		at = (size_t)chunk_of(x) * CHUNK_N + addr[i];
		x = s->ent[at];
		d = s->depth[at];
	}
	return d;
}
