// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * test_hash.c - util/hash.c: every entry found after the table grew,
 * entries sharing a key, removal while iterating, and the FNV-1a vectors.
 * Built with ASan/UBSan: a node left linked after free would show.
 */
#include <stdlib.h>
#include <string.h>

#include "util/hash.h"
#include "testlib.h"

struct item {
	struct hash_node node;
	uint32_t key;
	uint32_t value;
};

static uint64_t key_hash(uint32_t key)
{
	return hash__bytes(HASH_SEED, &key, sizeof(key));
}

static uint64_t item_hash(const struct hash_node *n)
{
	return key_hash(hash_entry(n, struct item, node)->key);
}

static bool item_eq(const struct hash_node *n, const void *key)
{
	return hash_entry(n, struct item, node)->key == *(const uint32_t *)key;
}

static const struct hash_ops ops = {.hash = item_hash, .eq = item_eq};

static struct item *find(const struct hash_table *t, uint32_t key)
{
	struct hash_node *n = hash__find(t, key_hash(key), &key);

	return n ? hash_entry(n, struct item, node) : NULL;
}

static struct item *add(struct hash_table *t, uint32_t key, uint32_t value)
{
	struct item *it = calloc(1, sizeof(*it));

	it->key = key;
	it->value = value;
	hash__insert(t, &it->node, key_hash(key));
	return it;
}

static void free_all(struct hash_table *t)
{
	struct hash_node *n, *next;
	size_t i;

	for (n = hash__first(t, &i); n; n = next) {
		next = hash__next(t, n, &i);
		hash__remove(t, n);
		free(hash_entry(n, struct item, node));
	}
	hash__destroy(t);
}

/* FNV-1a 64 test vectors (Fowler/Noll/Vo). */
static void test_fnv_vectors(const void *arg)
{
	(void)arg;
	CHECK(hash__bytes(HASH_SEED, "", 0) == 0xcbf29ce484222325ull, "empty");
	CHECK(hash__bytes(HASH_SEED, "a", 1) == 0xaf63dc4c8601ec8cull, "a");
	CHECK(hash__bytes(HASH_SEED, "foobar", 6) == 0x85944171f73967e8ull,
	      "foobar");
	/* Continuing a hash is hashing the concatenation. */
	CHECK(hash__bytes(hash__bytes(HASH_SEED, "foo", 3), "bar", 3) ==
		      0x85944171f73967e8ull,
	      "foo + bar");
}

/* 100,000 entries through 4 initial buckets: every one found with its
 * value after the growth, absent keys not found, the count exact. */
static void test_grow_and_find(const void *arg)
{
	struct hash_table t;
	uint32_t k, missing = 0, wrong = 0;

	(void)arg;
	CHECK(!hash__init(&t, &ops, 3), "init");
	CHECK(t.n_buckets == 4, "rounded up to a power of two: %zu",
	      t.n_buckets);
	for (k = 0; k < 100000; k++)
		add(&t, k * 7919, k);
	CHECK(t.count == 100000, "count %zu", t.count);
	CHECK(t.n_buckets >= 100000, "grew to %zu buckets", t.n_buckets);
	for (k = 0; k < 100000; k++) {
		struct item *it = find(&t, k * 7919);

		missing += !it;
		wrong += it && it->value != k;
	}
	CHECK(!missing && !wrong, "%u missing, %u wrong", missing, wrong);
	CHECK(!find(&t, 1) && !find(&t, 7918), "absent keys");
	free_all(&t);
}

/* Entries sharing a key are all reachable; removing one keeps the
 * others. */
static void test_same_key(const void *arg)
{
	struct hash_table t;
	struct item *a, *b, *c;
	struct hash_node *n;
	uint32_t key = 42, seen = 0, count = 0;

	(void)arg;
	hash__init(&t, &ops, 16);
	a = add(&t, key, 1);
	b = add(&t, key, 2);
	c = add(&t, key, 4);
	add(&t, 43, 8);
	for (n = hash__find(&t, key_hash(key), &key); n;
	     n = hash__find_next(&t, n, &key)) {
		seen |= hash_entry(n, struct item, node)->value;
		count++;
	}
	CHECK(count == 3 && seen == 7, "%u entries, values 0x%x", count, seen);
	hash__remove(&t, &b->node);
	free(b);
	seen = count = 0;
	for (n = hash__find(&t, key_hash(key), &key); n;
	     n = hash__find_next(&t, n, &key)) {
		seen |= hash_entry(n, struct item, node)->value;
		count++;
	}
	CHECK(count == 2 && seen == 5, "%u entries, values 0x%x", count, seen);
	CHECK(t.count == 3, "count %zu", t.count);
	(void)a, (void)c;
	free_all(&t);
}

/* Removing the current entry while iterating visits every entry once and
 * leaves exactly the kept ones. */
static void test_remove_while_iterating(const void *arg)
{
	struct hash_table t;
	struct hash_node *n, *next;
	size_t i, visited = 0;
	uint32_t k, kept_ok = 0;

	(void)arg;
	hash__init(&t, &ops, 8);
	for (k = 0; k < 1000; k++)
		add(&t, k, k);
	for (n = hash__first(&t, &i); n; n = next) {
		struct item *it = hash_entry(n, struct item, node);

		next = hash__next(&t, n, &i);
		visited++;
		if (it->key % 3) {
			hash__remove(&t, n);
			free(it);
		}
	}
	CHECK(visited == 1000, "visited %zu", visited);
	CHECK(t.count == 334, "count %zu", t.count);
	for (k = 0; k < 1000; k++)
		kept_ok += (find(&t, k) != NULL) == (k % 3 == 0);
	CHECK(kept_ok == 1000, "%u keys as expected", kept_ok);
	free_all(&t);
}

/* An empty table iterates nothing, finds nothing, removes nothing. */
static void test_empty(const void *arg)
{
	struct hash_table t;
	struct item stray = {.key = 5};
	size_t i;

	(void)arg;
	hash__init(&t, &ops, 0);
	CHECK(t.n_buckets == 1, "%zu buckets", t.n_buckets);
	CHECK(!hash__first(&t, &i), "no entry");
	CHECK(!find(&t, 5), "nothing found");
	hash__remove(&t, &stray.node);
	CHECK(t.count == 0, "count %zu", t.count);
	hash__destroy(&t);
}

int main(void)
{
	tl_plan(5);
	RUN(test_fnv_vectors);
	RUN(test_grow_and_find);
	RUN(test_same_key);
	RUN(test_remove_while_iterating);
	RUN(test_empty);
	return tl_summary();
}
