/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * stale.h - the one stale-entry mechanism, for graceful restart and route
 * refresh (in the spirit of BIRD's rt_refresh_begin/end): the entries of
 * a hash table (util/hash.h) that an owner (a BGP peer) announced carry a
 * stale_mark.  When the owner goes away gracefully its entries become
 * stale but stay; each one it announces again is fresh (the table clears
 * the mark); at End-of-RIB, or when time runs out, those still stale go.
 * Used by the speaker's per-peer route sets and by both route tables.
 */
#ifndef MPLSX_STALE_H
#define MPLSX_STALE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/hash.h"

#define STALE_ANY_CLASS (-1)

/* Embedded in each entry.  Packed to 6 bytes: a route table's entry
 * stays in the malloc size class it had without it (a million routes). */
struct stale_mark {
	int owner;   /* whose entry (the peer) */
	uint8_t cls; /* what kind (the address family) */
	bool stale;
} __attribute__((packed));

struct stale_ops {
	/* The mark of the entry at N. */
	struct stale_mark *(*mark)(struct hash_node *n);
	/* Take the entry at N out of the table (and free it): the only
	 * change the walks allow. */
	void (*drop)(void *ctx, struct hash_node *n);
};

/* Refresh begins: every entry of OWNER is stale.  Returns how many
 * became so. */
size_t stale__begin(struct hash_table *t, const struct stale_ops *ops,
		    int owner);
/* Refresh ends: OWNER's entries still stale, of class CLS (or
 * STALE_ANY_CLASS), are dropped. */
void stale__end(struct hash_table *t, const struct stale_ops *ops, void *ctx,
		int owner, int cls);
/* OWNER's session went down: graceful, its entries stay, stale (returns
 * how many became so); otherwise they are dropped. */
size_t stale__owner_down(struct hash_table *t, const struct stale_ops *ops,
			 void *ctx, int owner, bool graceful);
/* OWNER's entries of class CLS are dropped, stale or not (a family the
 * session disabled). */
void stale__drop_class(struct hash_table *t, const struct stale_ops *ops,
		       void *ctx, int owner, int cls);
/* OWNER is gone for good: all its entries are dropped. */
void stale__drop_all(struct hash_table *t, const struct stale_ops *ops,
		     void *ctx, int owner);

#endif
