// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* rt_table.c - one BGP route per VRF prefix, from all sources (rt_table.h). */
#include "rib/rt_table.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static bool fallback(void *ctx, const struct route_key *key,
		     struct route_spec *spec)
{
	return rt_table__best(ctx, key, spec);
}

void rt_table__init(struct rt_table *t, struct fib *fib)
{
	memset(t, 0, sizeof(*t));
	t->fib = fib;
	fib->fallback = fallback;
	fib->fallback_ctx = t;
}

int rt_table__add_source(struct rt_table *t,
			 bool (*best)(const void *ctx,
				      const struct route_key *key,
				      struct route_spec *spec),
			 const void *ctx)
{
	if (t->n_src == RT_SOURCES_MAX)
		return -ENOSPC;
	t->src[t->n_src].best = best;
	t->src[t->n_src].ctx = ctx;
	t->n_src++;
	return 0;
}

bool rt_table__best(const struct rt_table *t, const struct route_key *key,
		    struct route_spec *spec)
{
	size_t i;

	for (i = 0; i < t->n_src; i++)
		if (t->src[i].best(t->src[i].ctx, key, spec))
			return true;
	return false;
}

void rt_table__update(struct rt_table *t, const struct route_key *key)
{
	const struct route *cur = fib__lookup(t->fib, key);
	struct route_spec spec;

	if (cur && cur->spec.source != ROUTE_BGP)
		return; /* a local route holds the prefix */
	if (rt_table__best(t, key, &spec))
		fib__desire(t->fib, key, &spec);
	else if (cur)
		fib__remove(t->fib, key);
}

struct prune {
	const struct rt_table *t;
	struct route_key *drop;
	size_t n_drop, cap_drop;
};

static void prune_cb(void *ctx, const struct route *rt)
{
	struct prune *p = ctx;
	struct route_spec spec;

	if (rt->spec.source != ROUTE_BGP ||
	    rt_table__best(p->t, &rt->key, &spec))
		return;
	if (p->n_drop == p->cap_drop) {
		size_t cap = p->cap_drop ? p->cap_drop * 2 : 64;
		struct route_key *n = realloc(p->drop, cap * sizeof(*n));

		if (!n)
			return;
		p->drop = n;
		p->cap_drop = cap;
	}
	p->drop[p->n_drop++] = rt->key;
}

void rt_table__prune(struct rt_table *t)
{
	struct prune p = {.t = t};
	size_t i;

	/* Keys first: the walk must not see the table change under it. */
	fib__for_each(t->fib, prune_cb, &p);
	for (i = 0; i < p.n_drop; i++)
		fib__remove(t->fib, &p.drop[i]);
	free(p.drop);
}
