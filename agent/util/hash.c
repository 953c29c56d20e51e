// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* hash.c - the chained hash table (hash.h). */
#include "util/hash.h"

#include <errno.h>
#include <stdlib.h>

uint64_t hash__bytes(uint64_t h, const void *p, size_t n)
{
	const uint8_t *b = p;

	while (n--)
		h = (h ^ *b++) * 1099511628211ull;
	return h;
}

int hash__init(struct hash_table *t, const struct hash_ops *ops,
	       size_t min_buckets)
{
	size_t n = 1;

	while (n < min_buckets)
		n *= 2;
	t->buckets = calloc(n, sizeof(*t->buckets));
	if (!t->buckets)
		return -ENOMEM;
	t->n_buckets = n;
	t->count = 0;
	t->ops = ops;
	return 0;
}

void hash__destroy(struct hash_table *t)
{
	free(t->buckets);
	t->buckets = NULL;
	t->n_buckets = t->count = 0;
}

static struct hash_node **bucket(const struct hash_table *t, uint64_t h)
{
	return &t->buckets[h & (t->n_buckets - 1)];
}

struct hash_node *hash__find(const struct hash_table *t, uint64_t h,
			     const void *key)
{
	struct hash_node *n;

	for (n = *bucket(t, h); n; n = n->next)
		if (t->ops->eq(n, key))
			return n;
	return NULL;
}

struct hash_node *hash__find_next(const struct hash_table *t,
				  const struct hash_node *n, const void *key)
{
	for (n = n->next; n; n = n->next)
		if (t->ops->eq(n, key))
			return (struct hash_node *)n;
	return NULL;
}

static void grow(struct hash_table *t)
{
	size_t n = t->n_buckets * 2, i;
	struct hash_node **b = calloc(n, sizeof(*b));

	if (!b)
		return; /* longer chains, still correct */
	for (i = 0; i < t->n_buckets; i++) {
		struct hash_node *x = t->buckets[i], *next;

		for (; x; x = next) {
			struct hash_node **to = &b[t->ops->hash(x) & (n - 1)];

			next = x->next;
			x->next = *to;
			*to = x;
		}
	}
	free(t->buckets);
	t->buckets = b;
	t->n_buckets = n;
}

void hash__insert(struct hash_table *t, struct hash_node *n, uint64_t h)
{
	struct hash_node **b;

	if (t->count >= t->n_buckets)
		grow(t);
	b = bucket(t, h);
	n->next = *b;
	*b = n;
	t->count++;
}

void hash__remove(struct hash_table *t, struct hash_node *n)
{
	struct hash_node **pp = bucket(t, t->ops->hash(n));

	for (; *pp; pp = &(*pp)->next)
		if (*pp == n) {
			*pp = n->next;
			t->count--;
			return;
		}
}

struct hash_node *hash__first(const struct hash_table *t, size_t *i)
{
	for (*i = 0; *i < t->n_buckets; (*i)++)
		if (t->buckets[*i])
			return t->buckets[*i];
	return NULL;
}

struct hash_node *hash__next(const struct hash_table *t,
			     const struct hash_node *n, size_t *i)
{
	if (n->next)
		return n->next;
	for ((*i)++; *i < t->n_buckets; (*i)++)
		if (t->buckets[*i])
			return t->buckets[*i];
	return NULL;
}
