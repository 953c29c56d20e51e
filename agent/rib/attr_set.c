// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* attr_set.c - interned customer attributes (attr_set.h). */
#include "rib/attr_set.h"

#include <stdlib.h>
#include <string.h>

#include "util/hash.h"

#define SET_BUCKETS_MIN 256

struct attr_node {
	struct hash_node node;
	uint64_t hash;
	uint32_t refs;
	struct bgp_attrs a; /* the customer part; handed out */
};

static struct hash_table sets;

static uint64_t node_hash(const struct hash_node *n)
{
	return hash_entry(n, struct attr_node, node)->hash;
}

static bool node_eq(const struct hash_node *n, const void *key)
{
	return bgp_attrs_customer_eq(&hash_entry(n, struct attr_node, node)->a,
				     key);
}

static const struct hash_ops set_ops = {.hash = node_hash, .eq = node_eq};

const struct bgp_attrs *attr_set__get(const struct bgp_attrs *a)
{
	uint64_t h = bgp_attrs_customer_hash(a);
	struct attr_node *s;
	struct hash_node *n;

	if (!sets.buckets && hash__init(&sets, &set_ops, SET_BUCKETS_MIN))
		return NULL;
	n = hash__find(&sets, h, a);
	if (n) {
		s = hash_entry(n, struct attr_node, node);
		s->refs++;
		return &s->a;
	}
	s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	bgp_attrs_customer_copy(&s->a, a);
	s->hash = h;
	s->refs = 1;
	hash__insert(&sets, &s->node, h);
	return &s->a;
}

void attr_set__put(const struct bgp_attrs *a)
{
	struct attr_node *s;

	if (!a)
		return;
	s = (struct attr_node *)((const char *)a -
				 offsetof(struct attr_node, a));
	if (--s->refs)
		return;
	hash__remove(&sets, &s->node);
	free(s);
}

size_t attr_set__count(void)
{
	return sets.count;
}
