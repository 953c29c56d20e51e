/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * transport.h - how a remote PE is reached (the next hop table's LSP
 * lookup): the config's static lsps[] entry for that PE wins; without
 * one, the BGP labeled unicast route (rib/lu_rib.h) of the longest prefix
 * holding the PE: its labels (implicit null pushes none) towards its BGP
 * next hop, resolved through the kernel like any via.  Neither: the PE
 * must be on a connected subnet (dp/nexthop.c decides).
 */
#ifndef MPLSX_TRANSPORT_H
#define MPLSX_TRANSPORT_H

#include <stdbool.h>
#include <stdint.h>

#include "config/config.h"
#include "dp/nhgroup.h"
#include "rib/lu_rib.h"

enum transport_source {
	TRANSPORT_NONE,
	TRANSPORT_STATIC, /* lsps[] */
	TRANSPORT_BGP_LU, /* a labeled unicast route */
};

struct transport_path {
	enum transport_source source;
	const struct cfg_lsp *lsp; /* TRANSPORT_STATIC */
	const struct lu_route *lu; /* TRANSPORT_BGP_LU */
};

/* Where the path to PE comes from (CFG or LU may be NULL). */
struct transport_path transport__find(const struct mplsx_config *cfg,
				      const struct lu_rib *lu,
				      const struct mplsx_addr *pe);
/* The same, in the next hop table's terms (nh_lsp_lookup_fn): false when
 * there is no path. */
bool transport__lookup(const struct mplsx_config *cfg, const struct lu_rib *lu,
		       const struct mplsx_addr *pe, uint32_t *push, int *n_push,
		       struct nhg_vias *vias, bool *entropy);
/* "static", "bgp-lu" (show lsps). */
const char *transport__source_name(enum transport_source s);

#endif
