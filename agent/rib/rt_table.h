/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * rt_table.h - the BGP routes of every VRF prefix, from all their sources,
 * one chosen per prefix (in the spirit of BIRD's nest/rt-table.c).
 *
 * The sources are the route tables: the CE routes of the VRF sessions
 * (vrf_bgp.c) and the VPN routes of the remote PEs (vpn_rib.c), in that
 * order of preference: a route from the site beats one from a remote PE.
 * Each keeps its own routes and says which of them it would choose; this
 * table asks them in order and puts the winner into the FIB, unless a
 * local route (connected, static, a neighbour) holds the prefix: local
 * routes win, and the BGP route comes back when the local one goes (the
 * FIB's fallback is this table).
 */
#ifndef MPLSX_RT_TABLE_H
#define MPLSX_RT_TABLE_H

#include <stdbool.h>
#include <stddef.h>

#include "dp/fib.h"

#define RT_SOURCES_MAX 4

struct rt_source {
	/* The source's choice for KEY as a FIB spec; false: it has none. */
	bool (*best)(const void *ctx, const struct route_key *key,
		     struct route_spec *spec);
	const void *ctx;
};

struct rt_table {
	struct fib *fib;
	struct rt_source src[RT_SOURCES_MAX]; /* most preferred first */
	size_t n_src;
};

/* A table over FIB, with no source yet; it becomes FIB's fallback. */
void rt_table__init(struct rt_table *t, struct fib *fib);
/* Add a source, less preferred than those before it; -ENOSPC or 0. */
int rt_table__add_source(struct rt_table *t,
			 bool (*best)(const void *ctx,
				      const struct route_key *key,
				      struct route_spec *spec),
			 const void *ctx);
/* The route chosen for KEY across the sources; false: none has one. */
bool rt_table__best(const struct rt_table *t, const struct route_key *key,
		    struct route_spec *spec);
/* A source's routes for KEY changed: the FIB follows. */
void rt_table__update(struct rt_table *t, const struct route_key *key);
/* BGP routes in the FIB that no source has any more leave (a reload
 * changed import targets, or removed a VRF). */
void rt_table__prune(struct rt_table *t);

#endif
