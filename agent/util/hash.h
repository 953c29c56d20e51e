/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * hash.h - the agent's one hash table: chained, intrusive (each entry
 * embeds a struct hash_node; the table never allocates entries), grown by
 * doubling past one entry per bucket.  The entry type's key is known
 * through two callbacks: the hash of an entry's key (to rehash on growth)
 * and whether an entry has a given key.  Several entries may share a key
 * (hash__find, then hash__find_next).
 */
#ifndef MPLSX_HASH_H
#define MPLSX_HASH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct hash_node {
	struct hash_node *next;
};

struct hash_ops {
	uint64_t (*hash)(const struct hash_node *n);
	bool (*eq)(const struct hash_node *n, const void *key);
};

struct hash_table {
	struct hash_node **buckets;
	size_t n_buckets; /* a power of two */
	size_t count;
	const struct hash_ops *ops;
};

/* The entry of TYPE whose MEMBER is NODE. */
#define hash_entry(node, type, member) \
	((type *)((char *)(node)-offsetof(type, member)))

/* FNV-1a over N bytes of P, continuing from H (HASH_SEED to start). */
#define HASH_SEED 14695981039346656037ull
uint64_t hash__bytes(uint64_t h, const void *p, size_t n);

/* An empty table of at least MIN_BUCKETS buckets; -ENOMEM or 0. */
int hash__init(struct hash_table *t, const struct hash_ops *ops,
	       size_t min_buckets);
/* Free the buckets (the entries are the caller's). */
void hash__destroy(struct hash_table *t);

/* The first entry whose key is KEY (of hash H), or NULL. */
struct hash_node *hash__find(const struct hash_table *t, uint64_t h,
			     const void *key);
/* The next entry after N with key KEY, or NULL. */
struct hash_node *hash__find_next(const struct hash_table *t,
				  const struct hash_node *n, const void *key);
/* Add N, whose key hashes to H (the table may grow: iterators and
 * found nodes stay valid, iteration order does not). */
void hash__insert(struct hash_table *t, struct hash_node *n, uint64_t h);
/* Take N out; the caller may free it then. */
void hash__remove(struct hash_table *t, struct hash_node *n);

/*
 * Every entry, in no order.  The current one may be removed (and freed)
 * once its successor is taken, nothing else may be added or removed:
 *   for (n = hash__first(t, &i); n; n = next) {
 *           next = hash__next(t, n, &i);
 *           ...
 *   }
 */
struct hash_node *hash__first(const struct hash_table *t, size_t *i);
struct hash_node *hash__next(const struct hash_table *t,
			     const struct hash_node *n, size_t *i);

#endif
