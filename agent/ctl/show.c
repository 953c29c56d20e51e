// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* show.c - state as JSON rows keyed like the config (README.md "mplsxctl"). */
#include "ctl/show.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bgp/bgp_speaker.h"
#include "bgp/bgp_rt.h"
#include "ctl/attrs_show.h"
#include "ctl/bird_snippet.h"
#include "ctl/fib_show.h"
#include "ctl/icmp_show.h"
#include "ctl/lsp_show.h"
#include "ctl/nhg_show.h"
#include "ctl/pw_show.h"
#include "ctl/show_bgp.h"
#include "ctl/vpls_show.h"
#include "dp/mplsx_abi.h"
#include "rib/vpn_rib.h"
#include "rib/vrf_bgp.h"
#include "svc/oam.h"
#include "util/version.h"

static const char *const drop_reason_names[] = MPLSX_DROP_REASON_NAMES;
_Static_assert(sizeof(drop_reason_names) / sizeof(drop_reason_names[0]) ==
		       MPLSX_DROP__MAX,
	       "a name for every drop reason");

static void add_addr(cJSON *o, const char *key, const struct mplsx_addr *a)
{
	char buf[MPLSX_ADDRSTRLEN];

	cJSON_AddStringToObject(o, key, mplsx_addr__str(a, buf));
}

static void add_mac(cJSON *o, const char *key, const uint8_t *mac)
{
	char buf[18];

	snprintf(buf, sizeof(buf), "%02x:%02x:%02x:%02x:%02x:%02x", mac[0],
		 mac[1], mac[2], mac[3], mac[4], mac[5]);
	cJSON_AddStringToObject(o, key, buf);
}

static cJSON *label_array(const uint32_t *labels, int n)
{
	cJSON *a = cJSON_CreateArray();
	int i;

	for (i = 0; i < n; i++)
		cJSON_AddItemToArray(a, cJSON_CreateNumber(labels[i]));
	return a;
}

/* What a nexthop looks like wherever it is referenced. */
static void add_nexthop(cJSON *o, const struct mplsx_router *r, uint32_t id)
{
	const struct nh_entry *e = nh_table__entry(&r->nh, id);

	if (!e) {
		cJSON_AddStringToObject(o, "state", "unresolved");
		cJSON_AddStringToObject(o, "reason", "nexthop table full");
		return;
	}
	cJSON_AddStringToObject(o, "state", nh_state_name(e->value.state));
	if (e->value.state == MPLSX_NH_RESOLVED) {
		cJSON_AddStringToObject(o, "interface", e->adj.link.name);
		add_mac(o, "mac", e->value.dmac);
	} else if (e->reason[0]) {
		cJSON_AddStringToObject(o, "reason", e->reason);
	}
	nhg_show_members(o, r, id);
}

static void add_counter(cJSON *o, const uint64_t *c)
{
	cJSON_AddNumberToObject(o, "packets", (double)c[0]);
	cJSON_AddNumberToObject(o, "bytes", (double)c[1]);
}

static void add_port_counters(cJSON *o, const struct mplsx_router *r,
			      uint32_t port_id)
{
	static const char *const names[] = {"rx_packets",   "rx_bytes",
					    "tx_packets",   "tx_bytes",
					    "pass_packets", "drop_packets"};
	uint64_t c[6];
	int i;

	_Static_assert(sizeof(struct port_stats) == sizeof(c), "port_stats");
	dataplane__percpu_sum(&r->dp, dataplane__port_stats(&r->dp), port_id, c,
			      6);
	for (i = 0; i < 6; i++)
		cJSON_AddNumberToObject(o, names[i], (double)c[i]);
}

static cJSON *show_interfaces(const struct mplsx_router *r)
{
	cJSON *a = cJSON_CreateArray();
	struct mplsx_link link;
	uint32_t i;

	for (i = 0; i < MPLSX_MAX_PORTS; i++) {
		const struct port_state *p = &r->ports[i];
		cJSON *o;

		if (!p->used)
			continue;
		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "name", p->cfg.name);
		if (p->cfg.vlan)
			cJSON_AddNumberToObject(o, "vlan", p->cfg.vlan);
		if (p->cfg.mpls)
			cJSON_AddBoolToObject(o, "mpls", true);
		else if (p->cfg.pseudowire[0])
			cJSON_AddStringToObject(o, "pseudowire",
						p->cfg.pseudowire);
		else if (p->cfg.vpls[0])
			cJSON_AddStringToObject(o, "vpls", p->cfg.vpls);
		else
			cJSON_AddStringToObject(o, "vrf", p->cfg.vrf);
		cJSON_AddNumberToObject(o, "ifindex", p->ifindex);
		cJSON_AddNumberToObject(o, "port_id", i);
		cJSON_AddStringToObject(o, "xdp_mode",
					dataplane__mode_name(p->mode));
		if (p->absent) {
			/* Not there (yet): attached when it appears. */
			cJSON_AddStringToObject(o, "state", "absent");
		} else if (!mplsx_nl__link_by_index(r->nl, p->ifindex, &link)) {
			cJSON_AddStringToObject(o, "state",
						link.up ? "up" : "down");
			add_mac(o, "mac", link.mac);
			cJSON_AddNumberToObject(o, "mtu", link.mtu);
		} else {
			cJSON_AddStringToObject(o, "state", "gone");
		}
		add_port_counters(o, r, i);
		cJSON_AddItemToArray(a, o);
	}
	return a;
}

static cJSON *show_labels(const struct mplsx_router *r)
{
	cJSON *a = cJSON_CreateArray();
	uint64_t c[2];
	size_t i;

	for (i = 0; i < r->n_labels; i++) {
		const struct label_state *l = &r->labels[i];
		cJSON *o = cJSON_CreateObject();

		cJSON_AddNumberToObject(o, "in", l->cfg.in);
		cJSON_AddItemToObject(o, "out",
				      label_array(l->cfg.out, l->cfg.n_out));
		if (l->cfg.has_via)
			nhg_show_vias(o, "via", &l->cfg.vias);
		cJSON_AddStringToObject(o, "action", label_action_name(l));
		cJSON_AddBoolToObject(o, "installed", true);
		if (l->cfg.has_via)
			add_nexthop(cJSON_AddObjectToObject(o, "nexthop"), r,
				    l->nh_id);
		dataplane__percpu_sum(&r->dp, dataplane__label_stats(&r->dp),
				      l->stats_id, c, 2);
		add_counter(o, c);
		cJSON_AddItemToArray(a, o);
	}
	return a;
}

static cJSON *show_lsps(const struct mplsx_router *r)
{
	cJSON *a = cJSON_CreateArray();
	size_t i;

	for (i = 0; i < r->n_lsps; i++) {
		const struct lsp_state *l = &r->lsps[i];
		cJSON *o = cJSON_CreateObject();

		const struct nh_entry *e = nh_table__entry(&r->nh, l->nh_id);

		cJSON_AddStringToObject(o, "source", "static");
		add_addr(o, "to", &l->cfg.to);
		cJSON_AddItemToObject(o, "push",
				      label_array(l->cfg.push, l->cfg.n_push));
		nhg_show_vias(o, "via", &l->cfg.vias);
		cJSON_AddBoolToObject(o, "entropy", l->cfg.entropy);
		cJSON_AddStringToObject(o, "state",
					e ? nh_state_name(e->value.state)
					  : "unresolved");
		add_nexthop(cJSON_AddObjectToObject(o, "nexthop"), r, l->nh_id);
		cJSON_AddItemToArray(a, o);
	}
	lsp_show_lu(a, r, add_nexthop); /* then those BGP-LU brought */
	return a;
}

static cJSON *show_neighbors(const struct mplsx_router *r)
{
	cJSON *a = cJSON_CreateArray();
	uint32_t id;

	for (id = 1; id < r->nh.high; id++) {
		const struct nh_entry *e = nh_table__entry(&r->nh, id);
		cJSON *o;

		if (!e)
			continue;
		o = cJSON_CreateObject();
		cJSON_AddNumberToObject(o, "id", id);
		add_addr(o, "via", &e->via);
		if (e->key.kind == NH_PE) {
			add_addr(o, "pe", &e->key.addr);
			cJSON_AddItemToObject(o, "push",
					      label_array(e->push, e->n_push));
		}
		cJSON_AddStringToObject(o, "state",
					nh_state_name(e->value.state));
		if (e->adj.link.ifindex) {
			cJSON_AddStringToObject(o, "interface",
						e->adj.link.name);
			add_addr(o, "neighbor", &e->adj.neighbor);
		}
		if (e->value.state == MPLSX_NH_RESOLVED) {
			add_mac(o, "mac", e->value.dmac);
			add_mac(o, "source_mac", e->value.smac);
			cJSON_AddNumberToObject(o, "mtu", e->value.mtu);
		} else if (e->reason[0]) {
			cJSON_AddStringToObject(o, "reason", e->reason);
		}
		if (e->key.kind == NH_MEMBER)
			cJSON_AddNumberToObject(o, "member_of", e->parent);
		nhg_show_members(o, r, id);
		cJSON_AddNumberToObject(o, "refs", e->refs);
		cJSON_AddItemToArray(a, o);
	}
	return a;
}

static void vrf_counters(cJSON *o, const struct mplsx_router *r, uint32_t id)
{
	static const char *const names[] = {
		"imposed_packets", "imposed_bytes", "disposed_packets",
		"disposed_bytes",  "local_packets", "local_bytes",
		"pass_packets",	   "drop_packets"};
	uint64_t c[8];
	int i;

	_Static_assert(sizeof(struct vrf_stats) == sizeof(c), "vrf_stats");
	dataplane__percpu_sum(&r->dp, dataplane__vrf_stats(&r->dp), id, c, 8);
	for (i = 0; i < 8; i++)
		cJSON_AddNumberToObject(o, names[i], (double)c[i]);
}

static void add_vrf_counters(cJSON *a, const struct mplsx_router *r)
{
	uint32_t id;

	for (id = 1; id < MPLSX_MAX_VRFS; id++) {
		cJSON *o;

		if (!r->vrf.by_id[id].used)
			continue;
		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "name", r->vrf.by_id[id].name);
		vrf_counters(o, r, id);
		cJSON_AddItemToArray(a, o);
	}
}

/* ---- VRFs and routes -------------------------------------------------- */

struct route_rows {
	const struct mplsx_router *r;
	uint32_t vrf_id; /* 0: all */
	const struct route **rows;
	size_t n, cap;
	unsigned int installed, total, refused;
};

static void collect_route(void *ctx, const struct route *rt)
{
	struct route_rows *c = ctx;

	if (c->vrf_id && rt->key.vrf_id != c->vrf_id)
		return;
	c->total++;
	if (rt->installed)
		c->installed++;
	c->refused += rt->refused;
	if (!c->rows)
		return; /* counting only */
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 64;
		const struct route **n = realloc(c->rows, cap * sizeof(*n));

		if (!n)
			return;
		c->rows = n;
		c->cap = cap;
	}
	c->rows[c->n++] = rt;
}

/* By VRF name, family, address, then prefix length. */
static int route_cmp(const void *a, const void *b, void *ctx)
{
	const struct mplsx_router *r = ctx;
	const struct route *x = *(const struct route *const *)a;
	const struct route *y = *(const struct route *const *)b;
	int c = strcmp(r->vrf.by_id[x->key.vrf_id].name,
		       r->vrf.by_id[y->key.vrf_id].name);

	if (!c)
		c = x->key.family - y->key.family;
	if (!c)
		c = memcmp(x->key.addr, y->key.addr, sizeof(x->key.addr));
	if (!c)
		c = x->key.prefix_len - y->key.prefix_len;
	return c;
}

static const char *route_kind_name(uint8_t kind)
{
	switch (kind) {
	case MPLSX_ROUTE_LOCAL:
		return "local";
	case MPLSX_ROUTE_REMOTE:
		return "remote";
	case MPLSX_ROUTE_RECEIVE:
		return "receive";
	case MPLSX_ROUTE_GLEAN:
		return "glean";
	default:
		return "?";
	}
}

static const char *ifname_of(const struct mplsx_router *r, int kernel_ifindex)
{
	int i;

	for (i = 0; i < MPLSX_MAX_PORTS; i++)
		if (r->ports[i].used &&
		    r->ports[i].kernel_ifindex == kernel_ifindex)
			return r->ports[i].cfg.name;
	return NULL;
}

/* A route from a VRF's BGP session: which one (PE-CE). */
static void ce_session(cJSON *o, const struct mplsx_router *r,
		       const struct route *rt)
{
	int peer = vrf_bgp__peer_of(r->ce_rib, &rt->key);
	char a[MPLSX_ADDRSTRLEN], buf[MPLSX_ADDRSTRLEN + 8];
	const struct cfg_bgp *b = &r->cfg->bgp;

	cJSON_AddStringToObject(o, "peer", "ce");
	if (peer < 0 || (size_t)peer >= b->n_neighbors)
		return;
	snprintf(buf, sizeof(buf), "%s:%u",
		 mplsx_addr__str(&b->neighbors[peer].address, a),
		 b->neighbors[peer].port);
	cJSON_AddStringToObject(o, "session", buf);
}

/* What a BGP route carries for the customer: the CE's, or the VPN
 * route's (RFC 4364 sec. 7). */
static void bgp_attrs_row(cJSON *o, const struct mplsx_router *r,
			  const struct route *rt)
{
	const struct bgp_attrs *a =
		rt->spec.kind == MPLSX_ROUTE_REMOTE
			? vpn_rib__chosen_attrs(r->vpn, &rt->key)
			: vrf_bgp__attrs(r->ce_rib, &rt->key);

	if (a)
		attrs_show(o, a);
}

/* Why route RT is not installed. */
static const char *unplaced_reason(const struct route *rt,
				   const struct nh_entry *e)
{
	bool bgp = rt->spec.source == ROUTE_BGP;

	if (rt->spec.nh.oif >= 0)
		return e->reason;
	if (vrf_ll__is_link_local(&rt->spec.nh.addr))
		return bgp ? "BGP next hop is link-local and no single VRF "
			     "interface has it as a neighbour"
			   : "link-local via and no single VRF interface has "
			     "it as a neighbour";
	return bgp ? "BGP next hop is on no subnet of the VRF's interfaces"
		   : "via is on no subnet of the VRF's interfaces";
}

static cJSON *route_row(const struct mplsx_router *r, const struct route *rt)
{
	const struct nh_entry *e = nh_table__entry(&r->nh, rt->nh_id);
	cJSON *o = cJSON_CreateObject(), *labels = cJSON_CreateArray();
	char buf[MPLSX_ADDRSTRLEN + 8];
	struct mplsx_addr a = {.family = rt->key.family};
	const char *ifname;
	uint32_t ll;
	int i;

	memcpy(a.bytes, rt->key.addr, 16);
	mplsx_addr__str(&a, buf);
	snprintf(buf + strlen(buf), 8, "/%u", rt->key.prefix_len);
	cJSON_AddStringToObject(o, "vrf", r->vrf.by_id[rt->key.vrf_id].name);
	cJSON_AddStringToObject(o, "prefix", buf);
	cJSON_AddStringToObject(o, "source",
				route_source_name(rt->spec.source));
	cJSON_AddStringToObject(o, "type", route_kind_name(rt->spec.kind));
	if (rt->spec.kind == MPLSX_ROUTE_REMOTE) {
		uint8_t rd[BGP_RD_LEN];
		char rdbuf[BGP_RD_STRLEN];

		add_addr(o, "pe", &rt->spec.nh.addr);
		if (rt->spec.source == ROUTE_BGP &&
		    vpn_rib__chosen_rd(r->vpn, &rt->key, rd))
			cJSON_AddStringToObject(
				o, "rd",
				bgp_rd_format(rd, rdbuf, sizeof(rdbuf)));
		/* The stack pushed, outermost first: transport, then VPN. */
		for (i = 0; e && i < e->n_push; i++)
			cJSON_AddItemToArray(labels,
					     cJSON_CreateNumber(e->push[i]));
		cJSON_AddItemToArray(labels,
				     cJSON_CreateNumber(rt->spec.vpn_label));
	} else if (rt->spec.has_nh && rt->spec.nh.vias &&
		   rt->spec.nh.vias <= r->nh.n_vias) {
		nhg_show_vias(o, "via", &r->nh.vias[rt->spec.nh.vias - 1]);
	} else if (rt->spec.has_nh) {
		add_addr(o, "via", &rt->spec.nh.addr);
	}
	if (rt->spec.has_nh)
		nhg_show_members(o, r, rt->nh_id);
	if (rt->spec.source == ROUTE_BGP && rt->spec.kind != MPLSX_ROUTE_REMOTE)
		ce_session(o, r, rt);
	if (rt->spec.source == ROUTE_BGP)
		bgp_attrs_row(o, r, rt);
	cJSON_AddItemToObject(o, "labels", labels);
	ifname = ifname_of(r, rt->spec.kind == MPLSX_ROUTE_REMOTE
				      ? (e ? e->adj.link.ifindex : 0)
				      : rt->spec.ifindex);
	if (ifname)
		cJSON_AddStringToObject(o, "interface", ifname);
	if (rt->spec.kind != MPLSX_ROUTE_REMOTE &&
	    (ll = vrf_local_label(&r->vrf, rt)) != 0)
		cJSON_AddNumberToObject(o, "label", ll);
	cJSON_AddBoolToObject(o, "installed", rt->installed);
	if (rt->refused)
		cJSON_AddStringToObject(o, "reason",
					fib_show__refused_reason(rt));
	else if (!rt->installed && e)
		cJSON_AddStringToObject(o, "reason", unplaced_reason(rt, e));
	return o;
}

static cJSON *show_routes(const struct mplsx_router *r, const char *vrf,
			  char *err, size_t errlen)
{
	struct route_rows c = {.r = r};
	cJSON *a;
	size_t i;

	if (vrf) {
		c.vrf_id = vrf_id_by_name(&r->vrf, vrf);
		if (!c.vrf_id) {
			snprintf(err, errlen,
				 "show routes: no VRF named \"%s\"", vrf);
			return NULL;
		}
	}
	c.rows = malloc(sizeof(*c.rows));
	c.cap = c.rows ? 1 : 0;
	fib__for_each(&r->fib, collect_route, &c);
	if (c.n)
		qsort_r(c.rows, c.n, sizeof(*c.rows), route_cmp, (void *)r);
	a = cJSON_CreateArray();
	for (i = 0; i < c.n; i++)
		cJSON_AddItemToArray(a, route_row(r, c.rows[i]));
	free(c.rows);
	return a;
}

static cJSON *rt_array(const struct mplsx_rt *rts, size_t n)
{
	cJSON *a = cJSON_CreateArray();
	char buf[MPLSX_RD_STRLEN];
	size_t i;

	for (i = 0; i < n; i++)
		cJSON_AddItemToArray(
			a, cJSON_CreateString(mplsx_rt__str(&rts[i], buf)));
	return a;
}

static cJSON *show_vrfs(const struct mplsx_router *r)
{
	cJSON *a = cJSON_CreateArray();
	char buf[MPLSX_RD_STRLEN];
	uint32_t id;
	int i;

	for (id = 1; id < MPLSX_MAX_VRFS; id++) {
		const struct vrf_state *v = &r->vrf.by_id[id];
		struct route_rows c = {.r = r, .vrf_id = id};
		cJSON *o, *ifs;

		if (!v->used || !v->cfg)
			continue;
		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "name", v->name);
		cJSON_AddNumberToObject(o, "id", id);
		cJSON_AddStringToObject(o, "rd",
					mplsx_rd__str(&v->cfg->rd, buf));
		cJSON_AddItemToObject(
			o, "import",
			rt_array(v->cfg->import, v->cfg->n_import));
		cJSON_AddItemToObject(
			o, "export",
			rt_array(v->cfg->export, v->cfg->n_export));
		cJSON_AddNumberToObject(o, "label", v->label);
		cJSON_AddStringToObject(o, "label_mode",
					v->cfg->label_mode ==
							CFG_LABEL_PER_NEXTHOP
						? "per-nexthop"
						: "per-vrf");
		cJSON_AddStringToObject(
			o, "ttl_mode",
			v->cfg->ttl_mode == CFG_TTL_PIPE ? "pipe" : "uniform");
		ifs = cJSON_AddArrayToObject(o, "interfaces");
		for (i = 0; i < MPLSX_MAX_PORTS; i++)
			if (r->ports[i].used && r->ports[i].vrf_id == id)
				cJSON_AddItemToArray(
					ifs, cJSON_CreateString(
						     r->ports[i].cfg.name));
		fib__for_each(&r->fib, collect_route, &c);
		cJSON_AddNumberToObject(o, "routes", c.total);
		cJSON_AddNumberToObject(o, "installed", c.installed);
		cJSON_AddNumberToObject(o, "refused", c.refused);
		vrf_counters(o, r, id);
		cJSON_AddItemToArray(a, o);
	}
	return a;
}

static cJSON *show_stats(const struct mplsx_router *r)
{
	cJSON *o = cJSON_CreateObject();
	cJSON *ifs = cJSON_AddArrayToObject(o, "interfaces");
	cJSON *drops = cJSON_AddObjectToObject(o, "drops");
	cJSON *labels = cJSON_AddArrayToObject(o, "labels");
	uint64_t c[2], total = 0;
	uint32_t i;
	size_t j;

	for (i = 0; i < MPLSX_MAX_PORTS; i++) {
		cJSON *p;

		if (!r->ports[i].used)
			continue;
		p = cJSON_CreateObject();
		cJSON_AddStringToObject(p, "name", r->ports[i].cfg.name);
		add_port_counters(p, r, i);
		cJSON_AddItemToArray(ifs, p);
	}
	for (i = 0; i < MPLSX_DROP__MAX; i++) {
		dataplane__percpu_sum(&r->dp, dataplane__drop_stats(&r->dp), i,
				      c, 2);
		cJSON_AddNumberToObject(drops, drop_reason_names[i],
					(double)c[0]);
		total += c[0];
	}
	cJSON_AddNumberToObject(drops, "total", (double)total);
	add_vrf_counters(cJSON_AddArrayToObject(o, "vrfs"), r);
	cJSON_AddItemToObject(o, "vpls", vpls_show_stats(r));
	for (j = 0; j < r->n_labels; j++) {
		cJSON *l = cJSON_CreateObject();

		cJSON_AddNumberToObject(l, "in", r->labels[j].cfg.in);
		dataplane__percpu_sum(&r->dp, dataplane__label_stats(&r->dp),
				      r->labels[j].stats_id, c, 2);
		add_counter(l, c);
		cJSON_AddItemToArray(labels, l);
	}
	icmp_show_stats(o, r);
	if (r->oam) /* MPLS echo requests answered, probes sent */
		cJSON_AddItemToObject(o, "oam", oam__show(r->oam));
	return o;
}

/* The labels an adopted label_table held (svc/label_hold.h). */
static void add_adopted_labels(cJSON *o, const struct mplsx_router *r)
{
	const struct label_hold *h = &r->label_hold;
	cJSON *a;

	if (!h->found)
		return;
	a = cJSON_AddObjectToObject(o, "adopted_labels");
	cJSON_AddNumberToObject(a, "found", (double)h->found);
	cJSON_AddNumberToObject(a, "held",
				(double)label_hold__held(h, &r->dp, &r->pool));
	cJSON_AddNumberToObject(a, "removed", (double)h->removed);
	cJSON_AddNumberToObject(a, "hold_seconds", h->secs);
}

static cJSON *show_status(const struct mplsx_router *r)
{
	cJSON *o = cJSON_CreateObject();
	cJSON *nh = cJSON_CreateObject();
	unsigned int resolved = 0, unresolved = 0, ports = 0;
	uint32_t id;
	int i;

	for (id = 1; id < r->nh.high; id++) {
		const struct nh_entry *e = nh_table__entry(&r->nh, id);

		if (e && nh_table__usable(&r->nh, id))
			resolved++;
		else if (e)
			unresolved++;
	}
	for (i = 0; i < MPLSX_MAX_PORTS; i++)
		ports += r->ports[i].used;
	cJSON_AddStringToObject(o, "version", MPLSX_VERSION);
	add_addr(o, "router_id", &r->cfg->router_id);
	cJSON_AddStringToObject(o, "config", r->cfg_path);
	cJSON_AddStringToObject(o, "pin_dir", r->dp.pin_dir);
	/* How this daemon came by its data plane (DESIGN: hitless restart). */
	cJSON_AddStringToObject(o, "dataplane",
				dataplane__start_name(r->dp.start));
	cJSON_AddBoolToObject(o, "dataplane_committed",
			      !dataplane__pending(&r->dp));
	cJSON_AddNumberToObject(o, "map_layout", MPLSX_ABI_VERSION);
	cJSON_AddNumberToObject(o, "uptime", (double)(time(NULL) - r->started));
	cJSON_AddNumberToObject(o, "interfaces", ports);
	cJSON_AddNumberToObject(o, "labels", (double)r->n_labels);
	cJSON_AddNumberToObject(o, "lsps", (double)r->n_lsps);
	add_adopted_labels(o, r);
	cJSON_AddNumberToObject(nh, "resolved", resolved);
	cJSON_AddNumberToObject(nh, "unresolved", unresolved);
	cJSON_AddItemToObject(o, "nexthops", nh);
	cJSON_AddNumberToObject(o, "reloads", r->reloads_ok);
	cJSON_AddNumberToObject(o, "reloads_refused", r->reloads_failed);
	if (r->last_error[0])
		cJSON_AddStringToObject(o, "last_reload_error", r->last_error);
	cJSON_AddItemToObject(o, "fib", fib_show__status(r));
	return o;
}

cJSON *show__build(const struct mplsx_router *r, const struct bgp_speaker *bgp,
		   const char *what, const char *arg, char *err, size_t errlen)
{
	if (!strcmp(what, "status"))
		return show_status(r);
	if (!strcmp(what, "interfaces"))
		return show_interfaces(r);
	if (!strcmp(what, "labels"))
		return show_labels(r);
	if (!strcmp(what, "lsps"))
		return show_lsps(r);
	if (!strcmp(what, "vrfs"))
		return show_vrfs(r);
	if (!strcmp(what, "routes"))
		return show_routes(r, arg, err, errlen);
	if (!strcmp(what, "neighbors"))
		return show_neighbors(r);
	if (!strcmp(what, "stats"))
		return show_stats(r);
	if (!strcmp(what, "pseudowires"))
		return pws_show(r);
	if (!strcmp(what, "vpls"))
		return vpls_show(r);
	if (!strcmp(what, "mac"))
		return vpls_show_mac(&r->vpls, arg, err, errlen);
	if (!strcmp(what, "bgp"))
		return show_bgp(r->cfg, bgp, err, errlen);
	if (!strcmp(what, "bird"))
		return show_bird(r, err, errlen);
	snprintf(err, errlen,
		 "show: unknown object \"%s\" (status, interfaces, labels, "
		 "lsps, vrfs, routes, neighbors, pseudowires, vpls, mac, bgp, "
		 "bird, stats)",
		 what);
	return NULL;
}
