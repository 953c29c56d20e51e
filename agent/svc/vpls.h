/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * vpls.h - VPLS instances (RFC 4762 data plane, static labels): instance
 * and peer ids, the peers' local labels in label_table, the vpls,
 * vpls_ac and vpls_peer map entries (rewritten when an AC's link or a
 * peer's nexthop changes), the TC flood program on the ports that need
 * it, and the MAC table's aging, clearing and reading.
 */
#ifndef MPLSX_SVC_VPLS_H
#define MPLSX_SVC_VPLS_H

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

struct vpls_peer_state {
	bool used;
	uint32_t vpls_id;
	struct cfg_vpls_peer cfg;
	uint32_t nh_id;	   /* NH_PE nexthop of cfg.pe */
	uint32_t stats_id; /* label_stats slot of cfg.local_label */
	struct label_entry label;
	struct vpls_peer written;
	bool map_written;
	uint32_t hdr_len; /* Ethernet + labels + CW of a copy to it */
	char reason[256]; /* why down; "" when up */
};

struct vpls_inst_state {
	bool used;
	char name[MPLSX_VPLS_NAMESIZE];
	bool control_word;
	uint32_t mac_age, mac_limit;
	uint64_t mac_removed; /* entries the agent deleted, ever */
	struct vpls_instance written;
	bool map_written;
};

struct vpls_table {
	struct vpls_inst_state inst[MPLSX_MAX_VPLS];	    /* vpls_id */
	size_t n_inst;					    /* in use */
	struct vpls_peer_state peers[MPLSX_MAX_VPLS_PEERS]; /* peer id */
	struct vpls_ac ac[MPLSX_MAX_PORTS];		    /* port id */
	bool ac_written[MPLSX_MAX_PORTS];
	int tc_ifindex[MPLSX_MAX_PORTS]; /* ports with the flood program */
	bool tc_qdisc_ours[MPLSX_MAX_PORTS];
	/* The earlier daemon's flood program, left in place until our XDP
	 * program replaces its own there (the commit). */
	bool tc_adopted[MPLSX_MAX_PORTS];
	bool macs_migrated; /* vpls_migrate_macs() ran */
	int n_tc;
	uint64_t last_sweep_ns;
	/* What the instances are built on: the router's (vpls_init). */
	struct mplsx_dataplane *dp;
	struct mplsx_nl *nl;
	struct nh_table *nh;
	struct label_stats *stats;
	const struct port_state *ports; /* MPLSX_MAX_PORTS */
};

void vpls_init(struct vpls_table *t, struct mplsx_dataplane *dp,
	       struct mplsx_nl *nl, struct nh_table *nh,
	       struct label_stats *stats, const struct port_state *ports);

/* Instance and peer ids and the peers' labels for a new config (before
 * ports are written: a VPLS AC's port_config names its vpls_id). */
int vpls_apply(struct vpls_table *t, const struct mplsx_config *cfg);
/* ACs' links and peers' nexthops into the maps, the flood lists, the TC
 * hooks; ages MACs out once a second. */
void vpls_sync(struct vpls_table *t);
/* Just before the commit of a migration: the earlier layout's learnt
 * MACs into our table, when it has our key and value. */
void vpls_migrate_macs(struct vpls_table *t);
/* After the commit (no earlier program left running): vpls_sync, and
 * the earlier daemon's flood filters where none is wanted now go. */
void vpls_commit(struct vpls_table *t);
/* TC hooks off, state freed. */
void vpls_shutdown(struct vpls_table *t);
uint32_t vpls_id_by_name(const struct vpls_table *t, const char *name);

/* Learnt MACs of instance NAME (NULL: all) removed; -1 for no such
 * instance. */
int vpls_clear_mac(struct vpls_table *t, const char *name);
/* `show mac [NAME]` rows (NULL with err: no such instance). */
cJSON *vpls_show_mac(const struct vpls_table *t, const char *name, char *err,
		     size_t errlen);

#endif
