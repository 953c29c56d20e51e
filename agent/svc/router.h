/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * router.h - the running state of mplsxd: the label table, LSPs and their
 * nexthops, and the services below (ports, VRFs, pseudowires, the route
 * tables) put together; a new config is applied to them as a difference
 * (unchanged entries are never rewritten).
 */
#ifndef MPLSX_ROUTER_H
#define MPLSX_ROUTER_H

#include <limits.h>
#include <net/if.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

struct ring_buffer;
struct mplsx_oam;

#include "config/config.h"
#include "dp/dataplane.h"
#include "dp/fib.h"
#include "dp/nexthop.h"
#include "kernel/netlink.h"
#include "rib/lu_rib.h"
#include "rib/rib_env.h"
#include "rib/rt_table.h"
#include "rib/vpn_rib.h"
#include "rib/vrf_bgp.h"
#include "svc/label_hold.h"
#include "svc/label_pool.h"
#include "svc/label_stats.h"
#include "svc/port.h"
#include "svc/pw.h"
#include "svc/vpls.h"
#include "svc/vrf.h"
#include "svc/icmp.h"

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
	struct label_stats stats;
	struct label_state *labels;
	size_t n_labels;
	struct lsp_state *lsps;
	size_t n_lsps;

	struct vrf_table vrf;	/* vrf.c */
	struct icmp_state icmp; /* icmp.c: ICMP sources, rate limit */
	struct fib fib;
	struct label_pool pool;
	struct label_hold label_hold; /* the previous daemon's labels */
	struct ring_buffer *glean;
	uint64_t gleans;     /* glean events handled */
	struct vpn_rib *vpn; /* BGP VPN routes in and out (vpn_rib.c) */
	/* Labeled unicast routes: transport to PEs without a static LSP
	 * (lu_rib.c) */
	struct lu_rib *lu;
	/* PE-CE routes of the VRF sessions (vrf_bgp.c) */
	struct vrf_bgp *ce_rib;
	/* What both tables see: the VRFs, the config, the FIB, and where
	 * advertisements go (rib.advertise*, set by the BGP speaker's
	 * owner). */
	struct rib_env rib;
	struct rt_table rt; /* one BGP route per VRF prefix, both tables' */

	struct pw_table pw;	/* pw.c */
	struct vpls_table vpls; /* vpls.c */
	struct mplsx_oam *oam;	/* MPLS echo (oam.c), set by the daemon */

	time_t started;
	unsigned int reloads_ok, reloads_failed;
	/* Interfaces attached again (port_link.c): the daemon refreshes
	 * faster for a while, their next hops resolve meanwhile. */
	unsigned int links_appeared;
	char last_error[MPLSX_CONFIG_ERRLEN];
};

/* Open netlink and the BPF object (not attached yet), its FIB pools
 * sized by CFG's "fib" (NULL: defaults); -EBUSY: another mplsxd holds
 * PIN_DIR (*holder: its pid, 0 unknown). */
int router__init(struct mplsx_router *r, const char *pin_dir, int *holder,
		 const struct mplsx_config *cfg);
/* Make the running state match CFG.  On success the router owns CFG and
 * frees the previous one; on failure (e.g. an attach refused) nothing of
 * the running state changed and err says why. */
int router__apply(struct mplsx_router *r, struct mplsx_config *cfg, char *err,
		  size_t errlen);
/* Load CFG_PATH and apply it; a refused file changes nothing. */
int router__reload(struct mplsx_router *r, char *err, size_t errlen);
/* Netlink said something changed (or the periodic timer fired). */
void router__refresh(struct mplsx_router *r);
/* Detach everything, unpin, free; PERSIST: free only, the data plane
 * forwards on for the next mplsxd to adopt. */
void router__shutdown(struct mplsx_router *r, bool persist);

/* The route tables over the VRFs and the FIB (fib set up): CE routes
 * before VPN routes.  router__init calls it; so do tests without BPF. */
int router__rib_init(struct mplsx_router *r);
/* Local routes may have changed: the route tables advertise the
 * difference, to the VPN peers and to the VRF sessions. */
void router__sync_exports(struct mplsx_router *r);
/* Glean events from the data path: the epoll fd, and the handler. */
int router__glean_fd(const struct mplsx_router *r);
void router__glean_poll(struct mplsx_router *r);

/* "pop", "php", "swap", "swap-push" (show labels). */
const char *label_action_name(const struct label_state *l);

#endif
