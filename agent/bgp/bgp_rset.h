/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * bgp_rset.h - the routes learned from one peer, by key only: what a later
 * withdrawal or End-of-RIB refers to, counted per family, with the stale
 * marks of graceful restart (RFC 4724).
 */
#ifndef MPLSX_BGP_RSET_H
#define MPLSX_BGP_RSET_H

#include <stddef.h>
#include <stdint.h>

#include "bgp/bgp_update.h"
#include "util/hash.h"
#include "util/stale.h"

/* A route key. */
struct bgp_rkey {
	struct hash_node node; /* in bgp_rset.keys */
	struct stale_mark m;   /* cls: enum bgp_af; owner: 0 */
	uint8_t len;
	uint8_t rd[BGP_RD_LEN];
	uint8_t prefix[16];
};

/* All zero: empty. */
struct bgp_rset {
	struct hash_table keys; /* struct bgp_rkey; set up at the first add */
	size_t live;
	size_t n_af[BGP_AF_COUNT];
	size_t n_stale;
};

/* RT is held (again): fresh, no longer stale. */
void bgp_rset__add(struct bgp_rset *rs, const struct bgp_route *rt);
/* RT is withdrawn. */
void bgp_rset__del(struct bgp_rset *rs, const struct bgp_route *rt);
/* Every route held is stale now (the session went down gracefully). */
void bgp_rset__mark_stale(struct bgp_rset *rs);
/* Drop the stale routes of AF (BGP_AF_COUNT: all). */
void bgp_rset__flush_stale(struct bgp_rset *rs, enum bgp_af af);
/* Drop every route of AF, stale or not (AFI/SAFI disable). */
void bgp_rset__drop_af(struct bgp_rset *rs, enum bgp_af af);
/* Forget every route. */
void bgp_rset__free(struct bgp_rset *rs);

#endif
