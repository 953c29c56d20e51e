/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * lu_rib.h - BGP labeled unicast routes (RFC 8277) as transport paths to
 * the remote PEs: prefix -> label stack, BGP next hop, the peer it came
 * from.  Per prefix one route is best: fresh before stale, then the higher
 * LOCAL_PREF, the lower peer index, the lower next hop.  A PE address is
 * resolved by the best route of the longest prefix that holds it (the
 * router asks only when no static lsps[] entry names that PE).
 *
 * When what the best route of a prefix says changes (a new route, a new
 * label or next hop, a withdrawal, a stale route flushed), the table calls
 * its changed callback with that prefix: the router re-resolves the PE
 * next hops under it, nothing else (each PE's routes, pseudowires and VPLS
 * peers share that one next hop).  Stale marks for graceful restart are
 * util/stale.c's, as in the other route tables.
 */
#ifndef MPLSX_LU_RIB_H
#define MPLSX_LU_RIB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bgp/bgp_update.h"
#include "util/hash.h"
#include "util/stale.h"

struct lu_route {
	struct hash_node node; /* key: family, prefix, prefix_len */
	struct stale_mark m;   /* owner: the peer; cls: enum bgp_af */
	uint8_t prefix_len;
	uint8_t n_labels;
	struct mplsx_addr prefix; /* host bits zero */
	struct mplsx_addr next_hop;
	uint32_t labels[BGP_MAX_LABELS]; /* as received, outermost first */
	uint32_t local_pref;
};

/* What the best route for PREFIX/LEN says changed. */
typedef void (*lu_rib_changed_fn)(void *ctx, const struct mplsx_addr *prefix,
				  uint8_t len);

struct lu_rib;

struct lu_rib *lu_rib__new(lu_rib_changed_fn changed, void *ctx);
void lu_rib__free(struct lu_rib *t);

/* A labeled unicast route learned (route->withdraw false) or withdrawn
 * from PEER (its index in bgp.neighbors).  A route whose stack holds a
 * reserved label that cannot be pushed (1, 4..15), or more labels than
 * one push carries, is taken as a withdrawal of that prefix from PEER
 * (counted: lu_rib__rejected). */
void lu_rib__route(struct lu_rib *t, int peer, const struct bgp_route *rt);
/* PEER's session went down: graceful keeps its routes, stale. */
void lu_rib__peer_down(struct lu_rib *t, int peer, bool graceful);
/* End-of-RIB for AF (BGP_AF_COUNT: all) or the restart time ran out:
 * PEER's routes still stale go. */
void lu_rib__flush_stale(struct lu_rib *t, int peer, enum bgp_af af);
/* AFI/SAFI disable: PEER's routes of AF go, stale or not. */
void lu_rib__drop_af(struct lu_rib *t, int peer, enum bgp_af af);

/* The best route of the longest prefix holding ADDR; NULL when none. */
const struct lu_route *lu_rib__lookup(const struct lu_rib *t,
				      const struct mplsx_addr *addr);
/* The labels R makes a PE push (implicit null, 3, pushes nothing) into
 * PUSH (BGP_MAX_LABELS); returns how many. */
int lu_route__push(const struct lu_route *r, uint32_t *push);
/* Whether R is the best route of its prefix. */
bool lu_rib__is_best(const struct lu_rib *t, const struct lu_route *r);
/* Every route, sorted by family, prefix, length, best first (show
 * lsps); malloc'd, *n set; NULL when empty. */
const struct lu_route **lu_rib__list(const struct lu_rib *t, size_t *n);
size_t lu_rib__count(const struct lu_rib *t);
uint64_t lu_rib__rejected(const struct lu_rib *t);

#endif
