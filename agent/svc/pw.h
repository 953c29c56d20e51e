/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * pw.h - Ethernet pseudowires (RFC 4448) on top of the router: a pw_id
 * per configured pseudowire, its local label in label_table, the peer
 * PE's nexthop, and the pseudowire map entry that ties the attachment
 * circuit to them, rewritten whenever the AC or the nexthop changes.
 */
#ifndef MPLSX_PW_H
#define MPLSX_PW_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdint.h>

#include "config/config.h"
#include "dp/mplsx_abi.h"

struct mplsx_router;

struct pw_state {
	bool used;
	struct cfg_pw cfg;
	uint32_t nh_id;		   /* NH_PE nexthop of cfg.peer */
	uint32_t stats_id;	   /* label_stats slot of cfg.local_label */
	int port_id;		   /* the AC's port, -1 when it has none */
	struct label_entry label;  /* as written to label_table */
	struct pseudowire written; /* as written to the pseudowire map */
	bool map_written;
	char reason[192]; /* why down; "" when up */
};

/* pw ids and local labels for a new config (before ports are written:
 * an AC's port_config names its pw_id). */
int pws_apply(struct mplsx_router *r, const struct mplsx_config *cfg);
/* Recompute every pseudowire map entry from the AC's link and the peer's
 * nexthop; rewrite what changed. */
void pws_sync(struct mplsx_router *r);
uint32_t pw_id_by_name(const struct mplsx_router *r, const char *name);

#endif
