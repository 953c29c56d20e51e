// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* router.c - apply a config to the data plane as a difference. */
#include "svc/router.h"

#include <arpa/inet.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "svc/port_link.h"
#include "svc/transport.h"
#include "util/log.h"
#include "mplsx.skel.h"

/* ---- ports ------------------------------------------------------------ */

/* Nexthop resolution gives the kernel's egress device: a port itself, or
 * the 802.1Q device of a VLAN port (then: redirect to the parent, tag). */
static bool port_lookup(void *ctx, int ifindex, struct nh_port *np)
{
	const struct mplsx_router *r = ctx;

	return port__egress(r->ports, ifindex, np);
}

/* The transport path to PE (svc/transport.h): static, else BGP-LU. */
static bool lsp_lookup(void *ctx, const struct mplsx_addr *pe, uint32_t *push,
		       int *n_push, struct nhg_vias *vias, bool *entropy)
{
	const struct mplsx_router *r = ctx;

	return transport__lookup(r->cfg, r->lu, pe, push, n_push, vias,
				 entropy);
}

/* A labeled unicast prefix's best route changed: only the PEs under it
 * resolve again (one nexthop entry each, shared by their VPN routes,
 * pseudowires and VPLS peers). */
static void lu_changed(void *ctx, const struct mplsx_addr *prefix, uint8_t len)
{
	struct mplsx_router *r = ctx;

	if (!nh_table__resolve_pe(&r->nh, prefix, len))
		return;
	fib__sync_installed(&r->fib);
	pws_sync(&r->pw);
	vpls_sync(&r->vpls);
}

/* A port's port_config: its role, and what the role needs. */
static void port_maps_write(struct mplsx_router *r, uint32_t port_id, bool new)
{
	struct port_state *p = &r->ports[port_id];
	struct port_config pc = {.port_id = port_id};

	if (p->cfg.mpls) {
		pc.role = MPLSX_PORT_CORE;
	} else if (p->cfg.pseudowire[0]) {
		pc.role = MPLSX_PORT_AC;
		pc.pw_id = pw_id_by_name(&r->pw, p->cfg.pseudowire);
	} else if (p->cfg.vpls[0]) {
		pc.role = MPLSX_PORT_VPLS;
		pc.vpls_id = vpls_id_by_name(&r->vpls, p->cfg.vpls);
	} else {
		const struct vrf_state *v;

		p->vrf_id = vrf_id_by_name(&r->vrf, p->cfg.vrf);
		v = &r->vrf.by_id[p->vrf_id];
		pc.role = MPLSX_PORT_VRF;
		pc.vrf_id = p->vrf_id;
		memcpy(pc.mac, p->mac, sizeof(pc.mac));
		if (v->cfg && v->cfg->ttl_mode == CFG_TTL_PIPE)
			pc.flags |= MPLSX_PORT_F_PIPE_TTL;
	}
	port__write(r->ports, &r->dp, port_id, &pc, new);
}

/* ---- labels ----------------------------------------------------------- */

static bool cfg_label_equal(const struct cfg_label *a,
			    const struct cfg_label *b)
{
	return a->in == b->in && a->n_out == b->n_out &&
	       !memcmp(a->out, b->out, sizeof(a->out[0]) * (size_t)a->n_out) &&
	       a->has_via == b->has_via &&
	       (!a->has_via || nhg_vias__equal(&a->vias, &b->vias));
}

static const struct label_state *label_find(const struct label_state *v,
					    size_t n, uint32_t in)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (v[i].cfg.in == in)
			return &v[i];
	return NULL;
}

static void label_entry_build(struct label_state *l)
{
	int i;

	memset(&l->entry, 0, sizeof(l->entry));
	l->entry.action =
		l->cfg.has_via ? MPLSX_LABEL_FORWARD : MPLSX_LABEL_POP_LOCAL;
	l->entry.n_out = (uint8_t)l->cfg.n_out;
	l->entry.nexthop_id = l->nh_id;
	l->entry.stats_id = l->stats_id;
	/* Shift and byte-swap here, once, not per packet. */
	for (i = 0; i < l->cfg.n_out; i++)
		l->entry.out[i] = htonl(l->cfg.out[i] << MPLS_LS_LABEL_SHIFT);
}

const char *label_action_name(const struct label_state *l)
{
	if (!l->cfg.has_via)
		return "pop";
	switch (l->cfg.n_out) {
	case 0:
		return "php";
	case 1:
		return "swap";
	default:
		return "swap-push";
	}
}

/* Build the new label set from CFG.  Unchanged labels keep their nexthop
 * reference and statistics and are not rewritten. */
static int labels_apply(struct mplsx_router *r, const struct mplsx_config *cfg)
{
	struct label_state *next = NULL;
	size_t i;

	if (cfg->n_labels) {
		next = calloc(cfg->n_labels, sizeof(*next));
		if (!next)
			return -ENOMEM;
	}
	for (i = 0; i < cfg->n_labels; i++) {
		const struct cfg_label *cl = &cfg->labels[i];
		const struct label_state *old =
			label_find(r->labels, r->n_labels, cl->in);
		struct label_state *l = &next[i];

		if (old && cfg_label_equal(&old->cfg, cl)) {
			*l = *old;
			continue;
		}
		l->cfg = *cl;
		/* A changed label keeps counting in its own slot. */
		l->stats_id =
			old ? old->stats_id : label_stats__alloc(&r->stats);
		if (cl->has_via) {
			struct nh_key key = {
				.kind = NH_VIA,
				.addr = cl->via,
				.vias = nh_table__vias(&r->nh, &cl->vias),
			};

			l->nh_id = nh_table__get(&r->nh, &key);
		}
		if (cl->has_via && !l->nh_id)
			pr_warn("label %u: nexthop table full", cl->in);
		label_entry_build(l);
		if (dataplane__label_set(&r->dp, cl->in, &l->entry))
			pr_warn("label %u: label_table update failed: %s",
				cl->in, strerror(errno));
		/* Release the old nexthop only after the entry moved away. */
		if (old)
			nh_table__put(&r->nh, old->nh_id);
	}
	for (i = 0; i < r->n_labels; i++) {
		const struct label_state *old = &r->labels[i];
		if (label_find(next, cfg->n_labels, old->cfg.in))
			continue;
		dataplane__label_clear(&r->dp, old->cfg.in);
		nh_table__put(&r->nh, old->nh_id);
		label_stats__free(&r->stats, old->stats_id);
	}
	free(r->labels);
	r->labels = next;
	r->n_labels = cfg->n_labels;
	return 0;
}

/* ---- LSPs (transport paths to remote PEs) ----------------------------- */

static int lsps_apply(struct mplsx_router *r, const struct mplsx_config *cfg)
{
	struct lsp_state *next = NULL;
	size_t i;

	if (cfg->n_lsps) {
		next = calloc(cfg->n_lsps, sizeof(*next));
		if (!next)
			return -ENOMEM;
	}
	/* An LSP is what the PE's nexthop resolves through; holding that
	 * nexthop shows the LSP's state even before a route uses it. */
	for (i = 0; i < cfg->n_lsps; i++) {
		struct nh_key key = {.kind = NH_PE, .addr = cfg->lsps[i].to};

		next[i].cfg = cfg->lsps[i];
		next[i].nh_id = nh_table__get(&r->nh, &key);
	}
	for (i = 0; i < r->n_lsps; i++)
		nh_table__put(&r->nh, r->lsps[i].nh_id);
	free(r->lsps);
	r->lsps = next;
	r->n_lsps = cfg->n_lsps;
	return 0;
}

/* ---- glean: the data path asks for a neighbour ------------------------ */

static int glean_event(void *ctx, void *data, size_t len)
{
	struct mplsx_router *r = ctx;
	const struct glean_event *ev = data;
	struct mplsx_adjacency adj;
	struct mplsx_addr addr = {0};
	int i;

	if (len < sizeof(*ev) || ev->vrf_id >= MPLSX_MAX_VRFS ||
	    (ev->family != AF_INET && ev->family != AF_INET6))
		return 0;
	addr.family = ev->family;
	memcpy(addr.bytes, ev->addr, mplsx_addr__len(&addr));
	r->gleans++;
	/* Ask on every interface of the VRF: the one whose subnet holds the
	 * address answers (resolve_on refuses the others' routes). */
	for (i = 0; i < MPLSX_MAX_PORTS; i++)
		if (r->ports[i].used && r->ports[i].vrf_id == ev->vrf_id)
			mplsx_nl__resolve_on(r->nl, &addr,
					     r->ports[i].kernel_ifindex, &adj);
	return 0;
}

static void glean_open(struct mplsx_router *r)
{
	struct bpf_map *map;

	if (r->glean)
		return;
	map = bpf_object__find_map_by_name(r->dp.skel->obj, "glean_events");
	if (!map)
		return;
	r->glean = ring_buffer__new(bpf_map__fd(map), glean_event, r, NULL);
	if (!r->glean)
		pr_warn("glean events: %s", strerror(errno));
}

int router__glean_fd(const struct mplsx_router *r)
{
	return r->glean ? ring_buffer__epoll_fd(r->glean) : -1;
}

void router__glean_poll(struct mplsx_router *r)
{
	if (r->glean)
		ring_buffer__consume(r->glean);
}

/* ---- the whole router ------------------------------------------------- */

/* The VRF routes from the config and the kernel, then the CE routes over
 * the VRF addresses just read, then the labels of their next hops. */
static void routes_sync(struct mplsx_router *r)
{
	if (!r->dp.loaded)
		return;
	vrfs_sync_routes(&r->vrf);
	icmp__sync(&r->icmp, &r->dp, r->nl, r->ports, &r->vrf, &r->cfg->icmp);
	vrf_bgp__resolve(r->ce_rib);
	vrfs_sync_pnh(&r->vrf);
}

static bool ce_best(const void *ctx, const struct route_key *key,
		    struct route_spec *spec)
{
	return vrf_bgp__spec(ctx, key, spec);
}

static bool vpn_best(const void *ctx, const struct route_key *key,
		     struct route_spec *spec)
{
	return vpn_rib__best(ctx, key, spec);
}

static const struct bgp_attrs *vpn_attrs(const void *ctx,
					 const struct route_key *k)
{
	return vpn_rib__chosen_attrs(ctx, k);
}

static const struct bgp_attrs *ce_attrs(const void *ctx,
					const struct route_key *k)
{
	return vrf_bgp__attrs(ctx, k);
}

int router__rib_init(struct mplsx_router *r)
{
	r->rib.vrf = &vrf_rib_ops;
	r->rib.vrf_ctx = &r->vrf;
	r->rib.cfg = (const struct mplsx_config *const *)&r->cfg;
	r->rib.fib = &r->fib;
	r->rib.rt = &r->rt;
	rt_table__init(&r->rt, &r->fib);
	r->ce_rib = vrf_bgp__new(&r->rib);
	r->vpn = vpn_rib__new(&r->rib);
	r->lu = lu_rib__new(lu_changed, r);
	if (!r->ce_rib || !r->vpn || !r->lu)
		return -ENOMEM;
	rt_table__add_source(&r->rt, ce_best, r->ce_rib);
	rt_table__add_source(&r->rt, vpn_best, r->vpn);
	r->rib.vpn_attrs = vpn_attrs;
	r->rib.vpn_attrs_ctx = r->vpn;
	r->rib.ce_attrs = ce_attrs;
	r->rib.ce_attrs_ctx = r->ce_rib;
	return 0;
}

void router__sync_exports(struct mplsx_router *r)
{
	vpn_rib__sync_exports(r->vpn);
	vrf_bgp__sync(r->ce_rib);
}

int router__init(struct mplsx_router *r, const char *pin_dir, int *holder,
		 const struct mplsx_config *cfg)
{
	struct dp_sizes sizes = {0};
	int err;

	memset(r, 0, sizeof(*r));
	r->started = time(NULL);
	r->nl = mplsx_nl__open();
	if (!r->nl) {
		pr_warn("netlink: %s", strerror(errno));
		return -errno;
	}
	label_stats__init(&r->stats, &r->dp);
	vrfs_init(&r->vrf, &r->dp, r->nl, &r->nh, &r->fib, &r->pool, &r->stats,
		  r->ports);
	pws_init(&r->pw, &r->dp, r->nl, &r->nh, &r->stats, r->ports);
	vpls_init(&r->vpls, &r->dp, r->nl, &r->nh, &r->stats, r->ports);
	err = nh_table__init(&r->nh, r->nl, port_lookup, lsp_lookup, r);
	if (!err)
		err = fib__init(&r->fib, &r->nh);
	if (!err)
		err = router__rib_init(r);
	if (err)
		return err;
	if (cfg)
		sizes = (struct dp_sizes){cfg->fib.chunks_v4,
					  cfg->fib.chunks_v6,
					  cfg->fib.direct_v4, true};
	err = dataplane__open(&r->dp, pin_dir, holder, &sizes);
	if (!err) /* a failed read holds nothing: not fatal */
		label_hold__begin(&r->label_hold, &r->dp, &r->pool);
	return err;
}

/* How long the previous daemon's labels are held (svc/label_hold.h):
 * without BGP the config is all there is to write again. */
static unsigned int label_hold_seconds(const struct mplsx_config *cfg)
{
	if (!cfg->bgp.n_neighbors)
		return 0;
	return cfg->bgp.graceful_restart ? cfg->bgp.graceful_restart
					 : LABEL_HOLD_NO_GR;
}

/* The chunk pools are sized when the maps are made: a config asking for
 * other sizes than the running ones is refused, running state kept. */
static int fib_pools_check(const struct mplsx_dataplane *dp,
			   const struct mplsx_config *cfg, char *err,
			   size_t errlen)
{
	const char *key = NULL;
	uint32_t want = 0, have = 0;

	if (!dp->loaded)
		return 0;
	if (cfg->fib.chunks_v4 != dp->sizes.fib4_chunks)
		key = "fib.chunks_v4", want = cfg->fib.chunks_v4,
		have = dp->sizes.fib4_chunks;
	else if (cfg->fib.chunks_v6 != dp->sizes.fib6_chunks)
		key = "fib.chunks_v6", want = cfg->fib.chunks_v6,
		have = dp->sizes.fib6_chunks;
	else if (cfg->fib.direct_v4 != dp->sizes.fib4_direct)
		key = "fib.direct_v4", want = cfg->fib.direct_v4,
		have = dp->sizes.fib4_direct;
	if (!key)
		return 0;
	snprintf(err, errlen,
		 "%s: %u differs from the running pool of %u %s, which "
		 "is sized when mplsxd starts: restart mplsxd to change it",
		 key, want, have,
		 strcmp(key, "fib.direct_v4") ? "chunks" : "direct arrays");
	return -EINVAL;
}

int router__apply(struct mplsx_router *r, struct mplsx_config *cfg, char *err,
		  size_t errlen)
{
	bool added[MPLSX_MAX_PORTS] = {false};
	struct mplsx_config *old;
	int i, rc;

	rc = fib_pools_check(&r->dp, cfg, err, errlen);
	if (rc)
		return rc;
	rc = port__attach_new(r->ports, &r->dp, r->nl, cfg, added, err, errlen);
	if (rc)
		return rc;
	nh_table__set_map(&r->nh, dataplane__nexthop(&r->dp));
	nh_table__set_group_maps(&r->nh, dataplane__nexthop_group(&r->dp),
				 dataplane__nhg_stats(&r->dp), r->dp.ncpus);
	dataplane__ecmp_seed_init(&r->dp);
	{
		struct fib_maps m = {
			.short4 = dataplane__vrf_fib4(&r->dp),
			.short6 = dataplane__vrf_fib6(&r->dp),
			.top4 = dataplane__map_fd(&r->dp, "fib4_top"),
			.top6 = dataplane__map_fd(&r->dp, "fib6_top"),
			.chunk4 = dataplane__map_fd(&r->dp, "fib4_chunk"),
			.chunk6 = dataplane__map_fd(&r->dp, "fib6_chunk"),
			.dir4 = r->dp.sizes.fib4_direct
					? dataplane__map_fd(&r->dp, "fib4_dir")
					: -1,
			.dir_slot4 = dataplane__map_fd(&r->dp, "fib4_vrf_dir"),
		};

		rc = fib__set_maps(&r->fib, &m);
		if (rc) {
			snprintf(err, errlen, "VRF FIB maps: %s",
				 strerror(-rc));
			return rc;
		}
	}
	glean_open(r);

	/* From here on the new config is the one lookups see. */
	old = r->cfg;
	r->cfg = cfg;
	rc = vrfs_apply(&r->vrf, cfg);
	if (!rc)
		vpn_rib__reimport(r->vpn);
	if (!rc)
		rc = pws_apply(&r->pw, cfg);
	if (!rc)
		rc = vpls_apply(&r->vpls, cfg);
	for (i = 0; !rc && i < MPLSX_MAX_PORTS; i++) {
		const struct cfg_interface *ci;

		if (!r->ports[i].used)
			continue;
		ci = port__cfg(cfg, &r->ports[i]);
		if (!ci)
			continue; /* removed below */
		r->ports[i].cfg = *ci;
		if (!r->ports[i].absent)
			port_maps_write(r, (uint32_t)i, added[i]);
	}

	/* Nexthops may now egress through a new port, or a new LSP. */
	nh_table__resolve_all(&r->nh);
	if (!rc)
		rc = labels_apply(r, cfg);
	if (!rc)
		rc = lsps_apply(r, cfg);
	if (rc) {
		snprintf(err, errlen, "applying the config: %s", strerror(-rc));
		mplsx_config__free(old);
		return 0; /* the new config is partly in place: keep it */
	}

	/* Ports last: nothing points through a removed port any more. */
	for (i = 0; i < MPLSX_MAX_PORTS; i++)
		if (r->ports[i].used && !port__cfg(cfg, &r->ports[i]))
			port__remove(r->ports, &r->dp, i);
	routes_sync(r);
	nh_table__resolve_all(&r->nh);
	fib__sync_installed(&r->fib);
	pws_sync(&r->pw);
	vpls_sync(&r->vpls);
	router__sync_exports(r);
	label_hold__arm(&r->label_hold, label_hold_seconds(cfg));
	mplsx_config__free(old);
	return 0;
}

int router__reload(struct mplsx_router *r, char *err, size_t errlen)
{
	struct mplsx_config *cfg;
	int rc;

	rc = mplsx_config__load(r->cfg_path, &cfg, err, errlen);
	if (!rc) {
		rc = router__apply(r, cfg, err, errlen);
		if (rc)
			mplsx_config__free(cfg);
	}
	if (rc) {
		r->reloads_failed++;
		snprintf(r->last_error, sizeof(r->last_error), "%s", err);
		pr_warn("reload refused, running state kept: %s", err);
		return rc;
	}
	r->reloads_ok++;
	r->last_error[0] = '\0';
	pr_info("reloaded %s", r->cfg_path);
	return 0;
}

void router__refresh(struct mplsx_router *r)
{
	bool appeared[MPLSX_MAX_PORTS];
	int i;

	if (!r->dp.loaded)
		return;
	label_hold__tick(&r->label_hold, &r->dp, &r->pool);
	/* Interfaces that went or came (back) first: what follows resolves
	 * over the ports as they are now. */
	if (port__follow_links(r->ports, &r->dp, r->nl, appeared)) {
		r->links_appeared++;
		for (i = 0; i < MPLSX_MAX_PORTS; i++)
			if (appeared[i])
				port_maps_write(r, (uint32_t)i, true);
	}
	routes_sync(r);
	if (nh_table__resolve_all(&r->nh))
		fib__sync_installed(&r->fib);
	fib__retry_refused(&r->fib);
	pws_sync(&r->pw); /* AC links too, not only nexthops */
	vpls_sync(&r->vpls);
	if (vpn_rib__sync_exports_if_changed(r->vpn))
		vrf_bgp__sync(r->ce_rib);
}

void router__shutdown(struct mplsx_router *r, bool persist)
{
	int i;

	/* Persisting, the maps and hooks go on holding what forwards:
	 * untouched. */
	if (!persist) {
		vpls_shutdown(&r->vpls); /* TC hooks first, while the ports
					  * exist */
		icmp__shutdown(&r->icmp, &r->dp);
	}
	for (i = 0; !persist && i < MPLSX_MAX_PORTS; i++)
		if (r->ports[i].used)
			port__remove(r->ports, &r->dp, i);
	if (r->glean)
		ring_buffer__free(r->glean);
	dataplane__close(&r->dp, persist);
	vpn_rib__free(r->vpn);
	lu_rib__free(r->lu);
	vrf_bgp__free(r->ce_rib);
	fib__free(&r->fib);
	vrfs_free(&r->vrf);
	label_pool__destroy(&r->pool);
	nh_table__free(&r->nh);
	if (r->nl)
		mplsx_nl__close(r->nl);
	free(r->labels);
	free(r->lsps);
	mplsx_config__free(r->cfg);
	memset(r, 0, sizeof(*r));
}
