/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * pw.h - Ethernet pseudowires (RFC 4448): a pw_id
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
#include "dp/dataplane.h"
#include "dp/mplsx_abi.h"
#include "dp/nexthop.h"
#include "kernel/netlink.h"
#include "svc/label_stats.h"
#include "svc/port.h"

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

struct pw_table {
	struct pw_state by_id[MPLSX_MAX_PSEUDOWIRES]; /* index = pw_id */
	/* What the pseudowires are built on: the router's (pws_init). */
	struct mplsx_dataplane *dp;
	struct mplsx_nl *nl;
	struct nh_table *nh;
	struct label_stats *stats;
	const struct port_state *ports; /* MPLSX_MAX_PORTS */
};

void pws_init(struct pw_table *t, struct mplsx_dataplane *dp,
	      struct mplsx_nl *nl, struct nh_table *nh,
	      struct label_stats *stats, const struct port_state *ports);
/* pw ids and local labels for a new config (before ports are written:
 * an AC's port_config names its pw_id). */
int pws_apply(struct pw_table *t, const struct mplsx_config *cfg);
/* Recompute every pseudowire map entry from the AC's link and the peer's
 * nexthop; rewrite what changed. */
void pws_sync(struct pw_table *t);
uint32_t pw_id_by_name(const struct pw_table *t, const char *name);

#endif
