// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * test_stale.c - util/stale.c: a refresh marks only its owner's entries,
 * an entry announced again is fresh, the end drops exactly the stale ones
 * of the class asked (or all classes), and dropping all leaves the other
 * owners alone.
 */
#include <stdlib.h>

#include "util/hash.h"
#include "util/stale.h"
#include "testlib.h"

struct item {
	struct hash_node node;
	uint32_t key;
	struct stale_mark m;
};

#define ITEM(n) hash_entry(n, struct item, node)

static uint64_t key_hash(uint32_t k)
{
	return hash__bytes(HASH_SEED, &k, sizeof(k));
}

static uint64_t item_hash(const struct hash_node *n)
{
	return key_hash(ITEM(n)->key);
}

static bool item_eq(const struct hash_node *n, const void *key)
{
	return ITEM(n)->key == *(const uint32_t *)key;
}

static const struct hash_ops ops = {.hash = item_hash, .eq = item_eq};

static struct stale_mark *mark(struct hash_node *n)
{
	return &ITEM(n)->m;
}

static size_t dropped;

static void drop(void *ctx, struct hash_node *n)
{
	hash__remove(ctx, n);
	free(ITEM(n));
	dropped++;
}

static const struct stale_ops sops = {.mark = mark, .drop = drop};

/* Owners 0..2, classes 0/1 alternating, 300 entries. */
static void fill(struct hash_table *t)
{
	uint32_t k;

	hash__init(t, &ops, 8);
	for (k = 0; k < 300; k++) {
		struct item *it = calloc(1, sizeof(*it));

		it->key = k;
		it->m.owner = (int)(k % 3);
		it->m.cls = (uint8_t)(k % 2);
		hash__insert(t, &it->node, key_hash(k));
	}
}

static struct item *find(struct hash_table *t, uint32_t k)
{
	struct hash_node *n = hash__find(t, key_hash(k), &k);

	return n ? ITEM(n) : NULL;
}

static size_t count_owner(struct hash_table *t, int owner, bool stale)
{
	struct hash_node *n;
	size_t i, c = 0;

	for (n = hash__first(t, &i); n; n = hash__next(t, n, &i))
		c += ITEM(n)->m.owner == owner && ITEM(n)->m.stale == stale;
	return c;
}

static void drop_rest(struct hash_table *t)
{
	int o;

	for (o = 0; o < 3; o++)
		stale__drop_all(t, &sops, t, o);
	hash__destroy(t);
}

static void test_refresh(const void *arg)
{
	struct hash_table t;
	size_t n;

	(void)arg;
	fill(&t);
	n = stale__begin(&t, &sops, 1);
	CHECK(n == 100, "%zu marked", n);
	CHECK(stale__begin(&t, &sops, 1) == 0, "marked once only");
	CHECK(count_owner(&t, 0, true) == 0 && count_owner(&t, 2, true) == 0,
	      "other owners untouched");
	/* Owner 1 announces key 1 (class 1) and key 4 (class 0) again. */
	find(&t, 1)->m.stale = false;
	find(&t, 4)->m.stale = false;
	dropped = 0;
	stale__end(&t, &sops, &t, 1, 0); /* class 0 first */
	CHECK(dropped == 49, "class 0: %zu dropped", dropped);
	CHECK(find(&t, 4) && find(&t, 1) && !find(&t, 10) && find(&t, 7),
	      "fresh kept, stale class 0 gone, class 1 waits");
	dropped = 0;
	stale__end(&t, &sops, &t, 1, STALE_ANY_CLASS);
	CHECK(dropped == 49, "the rest: %zu dropped", dropped);
	CHECK(count_owner(&t, 1, false) == 2 && count_owner(&t, 1, true) == 0,
	      "owner 1 keeps the two it announced again");
	CHECK(t.count == 202, "count %zu", t.count);
	drop_rest(&t);
}

static void test_drop_all(const void *arg)
{
	struct hash_table t;

	(void)arg;
	fill(&t);
	dropped = 0;
	stale__drop_all(&t, &sops, &t, 2);
	CHECK(dropped == 100 && t.count == 200, "%zu dropped, %zu left",
	      dropped, t.count);
	CHECK(count_owner(&t, 2, false) == 0, "owner 2 gone");
	CHECK(count_owner(&t, 0, false) == 100, "owner 0 whole");
	drop_rest(&t);
}

int main(void)
{
	tl_plan(2);
	RUN(test_refresh);
	RUN(test_drop_all);
	return tl_summary();
}
