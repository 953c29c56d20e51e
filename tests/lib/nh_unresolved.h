/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * nh_unresolved.h - nexthop lookups for a nh_table with no ports and no LSPs:
 * the tests and tools that drive the FIB or the VPN RIB without a router
 * pass these to nh_table__init, so every nexthop stays unresolved.
 */
#ifndef MPLSX_NH_UNRESOLVED_H
#define MPLSX_NH_UNRESOLVED_H

#include <stdbool.h>
#include <stdint.h>

#include "dp/nexthop.h"

static inline bool no_port(void *ctx, int ifindex, struct nh_port *p)
{
	(void)ctx, (void)ifindex, (void)p;
	return false;
}

static inline bool no_lsp(void *ctx, const struct mplsx_addr *pe,
			  uint32_t *push, int *n_push, struct nhg_vias *vias,
			  bool *entropy)
{
	(void)ctx, (void)pe, (void)push, (void)n_push, (void)vias;
	(void)entropy;
	return false;
}

#endif
