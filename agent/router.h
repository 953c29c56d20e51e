/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * router.h - the running state of mplsxd: managed ports, the label table,
 * LSPs and their nexthops, and how a new config is applied to them as a
 * difference (unchanged entries are never rewritten).
 */
#ifndef MPLSX_ROUTER_H
#define MPLSX_ROUTER_H

#include <limits.h>
#include <net/if.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "config.h"
#include "dataplane.h"
#include "netlink.h"
#include "nexthop.h"

struct port_state {
	bool used;
	struct cfg_interface cfg;
	int ifindex;
	enum xdp_attach_mode mode;
};

struct label_state {
	struct cfg_label cfg;
	uint32_t nh_id; /* 0 for pop-local */
	uint32_t stats_id;
	struct label_entry entry; /* as written to label_table */
};

struct lsp_state {
	struct cfg_lsp cfg;
	uint32_t nh_id;
};

struct mplsx_router {
	struct mplsx_dataplane dp;
	struct mplsx_nl *nl;
	struct nh_table nh;
	struct mplsx_config *cfg;
	char cfg_path[PATH_MAX];

	struct port_state ports[MPLSX_MAX_PORTS]; /* index = port_id */
	struct label_state *labels;
	size_t n_labels;
	struct lsp_state *lsps;
	size_t n_lsps;
	uint64_t stats_ids[MPLSX_MAX_LABELS / 64]; /* label_stats in use */

	time_t started;
	unsigned int reloads_ok, reloads_failed;
	char last_error[MPLSX_CONFIG_ERRLEN];
};

/* Open netlink and the BPF object (not attached yet). */
int router__init(struct mplsx_router *r, const char *pin_dir);
/* Make the running state match CFG.  On success the router owns CFG and
 * frees the previous one; on failure (e.g. an attach refused) nothing of
 * the running state changed and err says why. */
int router__apply(struct mplsx_router *r, struct mplsx_config *cfg,
		  char *err, size_t errlen);
/* Load CFG_PATH and apply it; a refused file changes nothing. */
int router__reload(struct mplsx_router *r, char *err, size_t errlen);
/* Netlink said something changed (or the periodic timer fired). */
void router__refresh(struct mplsx_router *r);
/* Detach everything, unpin, free. */
void router__shutdown(struct mplsx_router *r);

const struct port_state *router__port_by_ifindex(const struct mplsx_router *r,
						 int ifindex);
const char *label_action_name(const struct label_state *l);

#endif
