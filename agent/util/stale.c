// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* stale.c - stale marks for graceful restart and route refresh (stale.h). */
#include "util/stale.h"

enum walk { MARK, DROP_STALE, DROP_ALL, DROP_CLASS };

static size_t walk(struct hash_table *t, const struct stale_ops *ops, void *ctx,
		   int owner, int cls, enum walk what)
{
	struct hash_node *n, *next;
	size_t i, count = 0;

	if (!t->buckets)
		return 0;
	for (n = hash__first(t, &i); n; n = next) {
		struct stale_mark *m = ops->mark(n);

		next = hash__next(t, n, &i);
		if (m->owner != owner)
			continue;
		if (what == MARK) {
			/* Still used; fresh again when announced again. */
			count += !m->stale;
			m->stale = true;
		} else if (what == DROP_ALL ||
			   (what == DROP_CLASS && m->cls == cls) ||
			   (m->stale &&
			    (cls == STALE_ANY_CLASS || m->cls == cls))) {
			ops->drop(ctx, n);
		}
	}
	return count;
}

size_t stale__begin(struct hash_table *t, const struct stale_ops *ops,
		    int owner)
{
	return walk(t, ops, NULL, owner, STALE_ANY_CLASS, MARK);
}

void stale__end(struct hash_table *t, const struct stale_ops *ops, void *ctx,
		int owner, int cls)
{
	walk(t, ops, ctx, owner, cls, DROP_STALE);
}

void stale__drop_class(struct hash_table *t, const struct stale_ops *ops,
		       void *ctx, int owner, int cls)
{
	walk(t, ops, ctx, owner, cls, DROP_CLASS);
}

void stale__drop_all(struct hash_table *t, const struct stale_ops *ops,
		     void *ctx, int owner)
{
	walk(t, ops, ctx, owner, STALE_ANY_CLASS, DROP_ALL);
}

size_t stale__owner_down(struct hash_table *t, const struct stale_ops *ops,
			 void *ctx, int owner, bool graceful)
{
	return walk(t, ops, ctx, owner, STALE_ANY_CLASS,
		    graceful ? MARK : DROP_ALL);
}
