/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* lsp_show.h - the labeled unicast rows of `mplsxctl show lsps`. */
#ifndef MPLSX_LSP_SHOW_H
#define MPLSX_LSP_SHOW_H

#include <stdint.h>

#include <cjson/cJSON.h>

struct mplsx_router;

/* How show.c renders a nexthop wherever it is referenced. */
typedef void (*lsp_show_nexthop_fn)(cJSON *o, const struct mplsx_router *r,
				    uint32_t id);

/*
 * One row per labeled unicast route, appended to A: "source": "bgp-lu",
 * "to" (its prefix), "labels" (as received), "push" (what a PE pushes:
 * implicit null none), "via" (the BGP next hop), "peer" (the neighbour it
 * came from), "best", "stale", "pes" (the PEs whose transport it is) and
 * "state": the first such PE's nexthop state, "unused" when no PE
 * resolves through it (another route is best, a static LSP wins, or no
 * route points at a PE under it).
 */
void lsp_show_lu(cJSON *a, const struct mplsx_router *r,
		 lsp_show_nexthop_fn add_nexthop);

#endif
