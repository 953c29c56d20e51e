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

struct ring_buffer;
struct vpn_rib;
struct vrf_bgp;
struct vrf_addr;
struct bgp_route;

#include "config/config.h"
#include "dp/dataplane.h"
#include "dp/fib.h"
#include "svc/label_pool.h"
#include "kernel/netlink.h"
#include "dp/nexthop.h"
#include "svc/pw.h"

struct port_state {
	bool used;
	struct cfg_interface cfg;
	int ifindex;	    /* the port XDP runs on (a VLAN's parent) */
	int kernel_ifindex; /* the device with the addresses: ifindex, or
			     * the 802.1Q device of cfg.vlan */
	uint32_t vrf_id;    /* VRF ports */
	uint8_t mac[6];	    /* the kernel device's MAC: frames for it */
	enum xdp_attach_mode mode;
	struct port_config written; /* what port_config holds */
};

struct vrf_state {
	bool used;
	char name[MPLSX_VRF_NAMESIZE];
	const struct cfg_vrf *cfg; /* in router.cfg */
	uint32_t label; /* per-VRF label: static or from label_range */
	bool label_dynamic;
	uint32_t stats_id;
	struct label_entry written;
};

/* A per-next-hop VPN label (label_mode per-nexthop): one per CE nexthop
 * of the VRF, popped straight to that CE. */
struct pnh_label {
	uint32_t vrf_id;
	struct nh_key nh;
	uint32_t nh_id;
	uint32_t label;
	uint32_t stats_id;
	uint32_t mark;
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

	struct vrf_state vrfs[MPLSX_MAX_VRFS]; /* index = vrf_id */
	/* The ids in use, in order: per-route loops visit these, not the
	 * 4,095 slots (vrfs_apply keeps it). */
	uint32_t vrf_ids[MPLSX_MAX_VRFS];
	size_t n_vrf_ids;
	struct fib fib;
	struct label_pool pool;
	struct pnh_label *pnh;
	size_t n_pnh, cap_pnh;
	uint32_t pnh_mark;
	struct ring_buffer *glean;
	uint64_t gleans;     /* glean events handled */
	struct vpn_rib *vpn; /* BGP VPN routes in and out (vpn_rib.c) */
	/* PE-CE routes of the VRF sessions (vrf_bgp.c) */
	struct vrf_bgp *ce_rib;
	/* The VRF ports' addresses at the last route sync (vrf.c): CE next
	 * hops resolve over them. */
	struct vrf_addr *vrf_addrs;
	size_t n_vrf_addrs;

	struct pw_state pws[MPLSX_MAX_PSEUDOWIRES]; /* index = pw_id (pw.c) */

	time_t started;
	unsigned int reloads_ok, reloads_failed;
	char last_error[MPLSX_CONFIG_ERRLEN];

	/* Set by the BGP speaker: send these routes to every peer. */
	void (*advertise)(void *ctx, const struct bgp_route *routes, size_t n,
			  bool withdraw);
	void *advertise_ctx;
	/* ... and these unicast routes to VRF_ID's sessions (PE-CE). */
	void (*advertise_vrf)(void *ctx, uint32_t vrf_id,
			      const struct bgp_route *routes, size_t n,
			      bool withdraw);
};

/* Open netlink and the BPF object (not attached yet). */
int router__init(struct mplsx_router *r, const char *pin_dir);
/* Make the running state match CFG.  On success the router owns CFG and
 * frees the previous one; on failure (e.g. an attach refused) nothing of
 * the running state changed and err says why. */
int router__apply(struct mplsx_router *r, struct mplsx_config *cfg, char *err,
		  size_t errlen);
/* Load CFG_PATH and apply it; a refused file changes nothing. */
int router__reload(struct mplsx_router *r, char *err, size_t errlen);
/* Netlink said something changed (or the periodic timer fired). */
void router__refresh(struct mplsx_router *r);
/* Detach everything, unpin, free. */
void router__shutdown(struct mplsx_router *r);

const struct port_state *router__port_by_ifindex(const struct mplsx_router *r,
						 int ifindex);
/* Label statistics slots (label_stats), shared by every label user. */
uint32_t router__stats_id_alloc(struct mplsx_router *r);
void router__stats_id_free(struct mplsx_router *r, uint32_t id);
/* Glean events from the data path: the epoll fd, and the handler. */
int router__glean_fd(const struct mplsx_router *r);
void router__glean_poll(struct mplsx_router *r);

/* vrf.c: VRF ids and labels for a new config, and the VRF routes synced
 * from the config and the kernel (addresses, neighbours). */
int vrfs_apply(struct mplsx_router *r, const struct mplsx_config *cfg);
void vrfs_sync_routes(struct mplsx_router *r);
uint32_t vrf_id_by_name(const struct mplsx_router *r, const char *name);
/* The VPN label a remote PE pushes to reach route RT of ours: the VRF's
 * label, or the per-next-hop label of its CE. */
uint32_t vrf_local_label(const struct mplsx_router *r, const struct route *rt);
/* The VRF interface (kernel ifindex) whose subnet holds ADDR, 0: none. */
int vrf_subnet_ifindex(const struct mplsx_router *r, uint32_t vrf_id,
		       const struct mplsx_addr *addr);
/* An address of ours of FAMILY on a VRF interface (a next hop for what
 * the VRF's BGP session hears). */
bool vrf_own_addr(const struct mplsx_router *r, uint32_t vrf_id, int family,
		  struct mplsx_addr *out);
/* Per-next-hop labels after CE routes changed outside a route sync. */
void vrfs_sync_pnh(struct mplsx_router *r);
void vrfs_free(struct mplsx_router *r);

/* vpn_rib.c, beyond what the BGP speaker calls (vpn_rib.h). */
int vpn_rib__init(struct mplsx_router *r);
void vpn_rib__free(struct mplsx_router *r);
/* Import targets may have changed (reload): import everything again. */
void vpn_rib__reimport(struct mplsx_router *r);
/* Local routes may have changed: advertise the difference. */
void vpn_rib__sync_exports(struct mplsx_router *r);
/* The same, skipped when the FIB has not changed since (periodic). */
void vpn_rib__sync_exports_if_changed(struct mplsx_router *r);
const char *label_action_name(const struct label_state *l);

#endif
