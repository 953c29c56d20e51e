// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * vrf.c - VRFs (RFC 4364): ids, VPN labels and the routes of each VRF.
 *
 * A VRF's routes come from four places, in this order of precedence:
 * this PE's own addresses on the VRF's interfaces (receive), the config's
 * static routes, the neighbours the kernel knows on those interfaces (host
 * routes to CEs) and the connected subnets themselves (glean).  They are
 * recomputed on every refresh and applied as a difference (fib.c).
 */
#include "svc/vrf.h"

#include <arpa/inet.h>
#include <bpf/bpf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util/log.h"

void vrfs_init(struct vrf_table *t, struct mplsx_dataplane *dp,
	       struct mplsx_nl *nl, struct nh_table *nh, struct fib *fib,
	       struct label_pool *pool, struct label_stats *stats,
	       const struct port_state *ports)
{
	memset(t, 0, sizeof(*t));
	t->dp = dp;
	t->nl = nl;
	t->nh = nh;
	t->fib = fib;
	t->pool = pool;
	t->stats = stats;
	t->ports = ports;
}

uint32_t vrf_id_by_name(const struct vrf_table *t, const char *name)
{
	uint32_t id;

	for (id = 1; id < MPLSX_MAX_VRFS; id++)
		if (t->by_id[id].used && !strcmp(t->by_id[id].name, name))
			return id;
	return 0;
}

static void label_write(struct vrf_table *t, uint32_t label,
			const struct label_entry *e)
{
	if (dataplane__label_set(t->dp, label, e))
		pr_warn("label %u: label_table update failed: %s", label,
			strerror(errno));
}

static void label_delete(struct vrf_table *t, uint32_t label)
{
	dataplane__label_clear(t->dp, label);
}

static void vrf_release(struct vrf_table *t, uint32_t id)
{
	struct vrf_state *v = &t->by_id[id];

	if (v->label) {
		label_delete(t, v->label);
		if (v->label_dynamic)
			label_pool__free(t->pool, v->label);
	}
	label_stats__free(t->stats, v->stats_id);
	memset(v, 0, sizeof(*v));
}

/* The per-VRF label entry: pop, look up in this VRF. */
static void vrf_label_write(struct vrf_table *t, uint32_t id)
{
	struct vrf_state *v = &t->by_id[id];
	struct label_entry e = {
		.action = MPLSX_LABEL_VRF,
		.flags = v->cfg->ttl_mode == CFG_TTL_PIPE
				 ? MPLSX_LABEL_F_PIPE_TTL
				 : 0,
		.stats_id = v->stats_id,
		.vrf_id = id,
	};

	if (!memcmp(&e, &v->written, sizeof(e)))
		return;
	label_write(t, v->label, &e);
	v->written = e;
}

int vrfs_apply(struct vrf_table *t, const struct mplsx_config *cfg)
{
	uint32_t id;
	size_t i;
	int err;

	err = label_pool__set_range(t->pool, cfg->label_range[0],
				    cfg->label_range[1]);
	if (err)
		return err;
	/* VRFs gone from the config, or whose label changed source. */
	for (id = 1; id < MPLSX_MAX_VRFS; id++) {
		struct vrf_state *v = &t->by_id[id];
		const struct cfg_vrf *c;

		if (!v->used)
			continue;
		c = mplsx_config__vrf(cfg, v->name);
		if (!c || (c->has_label && c->label != v->label) ||
		    (!c->has_label && !v->label_dynamic))
			vrf_release(t, id);
	}
	for (i = 0; i < cfg->n_vrfs; i++) {
		const struct cfg_vrf *c = &cfg->vrfs[i];
		struct vrf_state *v;

		id = vrf_id_by_name(t, c->name);
		if (!id) {
			for (id = 1; id < MPLSX_MAX_VRFS && t->by_id[id].used;
			     id++)
				;
			if (id == MPLSX_MAX_VRFS)
				return -ENOSPC;
			v = &t->by_id[id];
			v->used = true;
			snprintf(v->name, sizeof(v->name), "%s", c->name);
			v->stats_id = label_stats__alloc(t->stats);
			if (c->has_label) {
				v->label = c->label;
			} else {
				/* After a restart: the label this VRF had,
				 * if the previous daemon's entry is ours. */
				v->label = label_pool__alloc_tagged(
					t->pool,
					label_pool_tag(MPLSX_LABEL_VRF, id));
				v->label_dynamic = true;
				if (!v->label)
					pr_warn("vrf %s: label_range exhausted",
						c->name);
			}
			pr_info("vrf %s: id %u, label %u", c->name, id,
				v->label);
		}
		v = &t->by_id[id];
		v->cfg = c;
		if (v->label)
			vrf_label_write(t, id);
	}
	t->n_ids = 0;
	for (id = 1; id < MPLSX_MAX_VRFS; id++)
		if (t->by_id[id].used)
			t->ids[t->n_ids++] = id;
	return 0;
}

void vrfs_free(struct vrf_table *t)
{
	free(t->pnh);
	t->pnh = NULL;
	t->n_pnh = t->cap_pnh = 0;
	free(t->addrs);
	t->addrs = NULL;
	t->n_addrs = 0;
	vrf_ll__free(&t->ll);
}

/* ---- route sync ------------------------------------------------------- */

struct sync_ctx {
	struct vrf_table *t;
	struct vrf_addr *addrs;
	size_t n_addrs, cap_addrs;
	const struct port_state *port; /* the port being dumped */
	/* Neighbours of the port, desired once its dump is over: a new
	 * nexthop is resolved over netlink, which must not happen inside
	 * the dump's callback (it reuses the receive buffer). */
	struct mplsx_addr *nbrs;
	size_t n_nbrs, cap_nbrs;
	struct vrf_ll_set ll; /* link-local neighbours: no host routes */
	int err;
};

static void prefix_key(struct route_key *k, uint32_t vrf_id,
		       const struct mplsx_addr *a, int len)
{
	int i;

	memset(k, 0, sizeof(*k));
	k->vrf_id = vrf_id;
	k->family = (uint8_t)a->family;
	k->prefix_len = (uint8_t)len;
	memcpy(k->addr, a->bytes, mplsx_addr__len(a));
	/* Host bits off: 10.0.1.7/24 is the route 10.0.1.0/24. */
	for (i = 0; i < 16; i++) {
		int bits = len - i * 8;

		if (bits >= 8)
			continue;
		k->addr[i] &= bits <= 0 ? 0 : (uint8_t)(0xFF << (8 - bits));
	}
}

static bool in_prefix(const struct mplsx_addr *a, const struct vrf_addr *p)
{
	struct route_key ka, kp;

	if (a->family != p->addr.family)
		return false;
	prefix_key(&ka, 0, a, p->prefix_len);
	prefix_key(&kp, 0, &p->addr, p->prefix_len);
	return !memcmp(ka.addr, kp.addr, sizeof(ka.addr));
}

/* Desire a route unless one of higher precedence took its key this
 * round. */
static void desire(struct sync_ctx *s, const struct route_key *k,
		   const struct route_spec *spec)
{
	const struct route *old = fib__lookup(s->t->fib, k);

	if (old && old->mark == s->t->fib->mark)
		return;
	if (fib__desire(s->t->fib, k, spec))
		s->err = -ENOMEM;
}

static void addr_cb(void *ctx, const struct mplsx_addr *addr, int prefix_len)
{
	struct sync_ctx *s = ctx;
	struct vrf_addr *v;

	/* Link-local traffic goes to the kernel anyway (fe80::/10). */
	if (vrf_ll__is_link_local(addr))
		return;
	if (s->n_addrs == s->cap_addrs) {
		size_t cap = s->cap_addrs ? s->cap_addrs * 2 : 16;
		struct vrf_addr *n = realloc(s->addrs, cap * sizeof(*n));

		if (!n) {
			s->err = -ENOMEM;
			return;
		}
		s->addrs = n;
		s->cap_addrs = cap;
	}
	v = &s->addrs[s->n_addrs++];
	v->vrf_id = s->port->vrf_id;
	v->ifindex = s->port->kernel_ifindex;
	v->addr = *addr;
	v->prefix_len = prefix_len;
}

static void neigh_cb(void *ctx, const struct mplsx_addr *addr,
		     const uint8_t mac[6])
{
	struct sync_ctx *s = ctx;
	size_t i;
	bool on_subnet = false;

	(void)mac;
	/* Kept to place link-local next hops (vrf_ll.h), never routes. */
	if (vrf_ll__is_link_local(addr)) {
		if (vrf_ll__add(&s->ll, s->port->vrf_id,
				s->port->kernel_ifindex, addr))
			s->err = -ENOMEM;
		return;
	}
	/* Only neighbours inside one of the interface's subnets are CEs of
	 * this VRF (a stray entry must not become a route). */
	for (i = 0; i < s->n_addrs; i++)
		if (s->addrs[i].ifindex == s->port->kernel_ifindex &&
		    in_prefix(addr, &s->addrs[i]))
			on_subnet = true;
	if (!on_subnet)
		return;
	if (s->n_nbrs == s->cap_nbrs) {
		size_t cap = s->cap_nbrs ? s->cap_nbrs * 2 : 16;
		struct mplsx_addr *n = realloc(s->nbrs, cap * sizeof(*n));

		if (!n) {
			s->err = -ENOMEM;
			return;
		}
		s->nbrs = n;
		s->cap_nbrs = cap;
	}
	s->nbrs[s->n_nbrs++] = *addr;
}

/* The neighbours neigh_cb() collected for s->port become host routes. */
static void neigh_desire(struct sync_ctx *s)
{
	size_t i;

	for (i = 0; i < s->n_nbrs; i++) {
		const struct mplsx_addr *addr = &s->nbrs[i];
		struct route_key k;
		struct route_spec spec = {
			.kind = MPLSX_ROUTE_LOCAL,
			.source = ROUTE_ADJACENCY,
			.has_nh = true,
			.nh = {.kind = NH_ON_LINK,
			       .oif = s->port->kernel_ifindex,
			       .addr = *addr},
			.ifindex = s->port->kernel_ifindex,
		};

		prefix_key(&k, s->port->vrf_id, addr,
			   addr->family == AF_INET ? 32 : 128);
		desire(s, &k, &spec);
	}
	s->n_nbrs = 0;
}

/* Which VRF interface a static route's via is on (0: none). */
static int via_ifindex(const struct sync_ctx *s, uint32_t vrf_id,
		       const struct mplsx_addr *via)
{
	size_t i;

	/* The neighbours of the last sync: this one's come later. */
	if (vrf_ll__is_link_local(via))
		return vrf_ll__ifindex(&s->t->ll, s->t->ports, vrf_id, via);
	for (i = 0; i < s->n_addrs; i++)
		if (s->addrs[i].vrf_id == vrf_id &&
		    in_prefix(via, &s->addrs[i]))
			return s->addrs[i].ifindex;
	return 0;
}

static void static_routes(struct sync_ctx *s, uint32_t vrf_id,
			  const struct cfg_vrf *c)
{
	size_t i;

	for (i = 0; i < c->n_routes; i++) {
		const struct cfg_route *cr = &c->routes[i];
		struct route_key k;
		struct route_spec spec = {.source = ROUTE_STATIC,
					  .has_nh = true};

		prefix_key(&k, vrf_id, &cr->prefix, cr->prefix_len);
		if (cr->has_pe) {
			spec.kind = MPLSX_ROUTE_REMOTE;
			spec.nh.kind = NH_PE;
			spec.nh.addr = cr->pe;
			spec.vpn_label = cr->label;
		} else {
			spec.kind = MPLSX_ROUTE_LOCAL;
			spec.nh.kind = NH_ON_LINK;
			/* -1: the via is on no subnet of this VRF; the
			 * nexthop stays unresolved and says so. */
			spec.nh.oif = via_ifindex(s, vrf_id, &cr->via);
			if (!spec.nh.oif)
				spec.nh.oif = -1;
			spec.nh.addr = cr->via;
			spec.nh.vias = nh_table__vias(s->t->nh, &cr->vias);
			spec.ifindex = spec.nh.oif;
		}
		desire(s, &k, &spec);
	}
}

/* ---- per-next-hop labels ---------------------------------------------- */

static void pnh_desire(struct vrf_table *t, uint32_t vrf_id,
		       const struct route *rt)
{
	struct pnh_label *p;
	size_t i;

	for (i = 0; i < t->n_pnh; i++) {
		p = &t->pnh[i];
		if (p->vrf_id == vrf_id && p->nh.kind == rt->spec.nh.kind &&
		    p->nh.oif == rt->spec.nh.oif &&
		    mplsx_addr__equal(&p->nh.addr, &rt->spec.nh.addr)) {
			p->mark = t->pnh_mark;
			return;
		}
	}
	if (t->n_pnh == t->cap_pnh) {
		size_t cap = t->cap_pnh ? t->cap_pnh * 2 : 16;
		struct pnh_label *n = realloc(t->pnh, cap * sizeof(*n));

		if (!n)
			return;
		t->pnh = n;
		t->cap_pnh = cap;
	}
	p = &t->pnh[t->n_pnh];
	memset(p, 0, sizeof(*p));
	p->label = label_pool__alloc(t->pool);
	if (!p->label) {
		pr_warn("vrf %u: label_range exhausted", vrf_id);
		return;
	}
	t->n_pnh++;
	p->vrf_id = vrf_id;
	p->nh = rt->spec.nh;
	p->nh_id = nh_table__get(t->nh, &p->nh);
	p->stats_id = label_stats__alloc(t->stats);
	p->mark = t->pnh_mark;
	{
		struct label_entry e = {
			.action = MPLSX_LABEL_VRF_NEXTHOP,
			.flags = t->by_id[vrf_id].cfg->ttl_mode == CFG_TTL_PIPE
					 ? MPLSX_LABEL_F_PIPE_TTL
					 : 0,
			.nexthop_id = p->nh_id,
			.stats_id = p->stats_id,
			.vrf_id = vrf_id,
		};

		label_write(t, p->label, &e);
	}
}

struct pnh_walk {
	struct vrf_table *t;
};

static void pnh_route_cb(void *ctx, const struct route *rt)
{
	struct vrf_table *t = ((struct pnh_walk *)ctx)->t;
	const struct vrf_state *v = &t->by_id[rt->key.vrf_id];

	if (v->used && v->cfg && v->cfg->label_mode == CFG_LABEL_PER_NEXTHOP &&
	    rt->spec.kind == MPLSX_ROUTE_LOCAL)
		pnh_desire(t, rt->key.vrf_id, rt);
}

static void pnh_sync(struct vrf_table *t)
{
	struct pnh_walk w = {.t = t};
	size_t i = 0;

	size_t j;
	bool any = t->n_pnh > 0;

	/* The walk is over the whole FIB: skip it when no VRF needs it. */
	for (j = 0; !any && j < t->n_ids; j++) {
		const struct vrf_state *v = &t->by_id[t->ids[j]];

		any = v->cfg && v->cfg->label_mode == CFG_LABEL_PER_NEXTHOP;
	}
	if (!any)
		return;
	t->pnh_mark++;
	fib__for_each(t->fib, pnh_route_cb, &w);
	while (i < t->n_pnh) {
		struct pnh_label *p = &t->pnh[i];

		if (p->mark == t->pnh_mark) {
			i++;
			continue;
		}
		label_delete(t, p->label);
		label_pool__free(t->pool, p->label);
		nh_table__put(t->nh, p->nh_id);
		label_stats__free(t->stats, p->stats_id);
		*p = t->pnh[--t->n_pnh];
	}
}

/*
 * The network and broadcast addresses of an IPv4 subnet (/30 or wider)
 * are the PE's own too, not hosts to glean: a subnet-directed broadcast
 * must not make the agent ARP for 192.168.1.255.  They go to the kernel,
 * which never forwards a directed broadcast (RFC 2644).
 */
static void subnet_edges(struct sync_ctx *s, const struct vrf_addr *a,
			 const struct route_spec *receive)
{
	struct mplsx_addr edge = a->addr;
	struct route_key k;
	uint32_t net, mask;

	if (a->addr.family != AF_INET || a->prefix_len > 30)
		return;
	mask = a->prefix_len ? ~0u << (32 - a->prefix_len) : 0;
	net = ntohl(a->addr.v4.s_addr) & mask;
	edge.v4.s_addr = htonl(net);
	prefix_key(&k, a->vrf_id, &edge, 32);
	desire(s, &k, receive);
	edge.v4.s_addr = htonl(net | ~mask);
	prefix_key(&k, a->vrf_id, &edge, 32);
	desire(s, &k, receive);
}

void vrfs_sync_routes(struct vrf_table *t)
{
	struct sync_ctx s = {.t = t};
	uint32_t id;
	size_t i;
	int p;

	if (!t->dp->loaded)
		return;
	/* The addresses of every VRF port first: static routes and
	 * neighbours are checked against them. */
	for (p = 0; p < MPLSX_MAX_PORTS; p++) {
		s.port = &t->ports[p];
		if (s.port->used && s.port->vrf_id &&
		    s.port->kernel_ifindex > 0)
			mplsx_nl__addrs(t->nl, s.port->kernel_ifindex, addr_cb,
					&s);
	}
	fib__begin(t->fib);
	for (i = 0; i < s.n_addrs; i++) {
		const struct vrf_addr *a = &s.addrs[i];
		int host = a->addr.family == AF_INET ? 32 : 128;
		struct route_key k;
		struct route_spec spec = {.kind = MPLSX_ROUTE_RECEIVE,
					  .source = ROUTE_LOCAL,
					  .ifindex = a->ifindex};

		prefix_key(&k, a->vrf_id, &a->addr, host);
		desire(&s, &k, &spec);
		subnet_edges(&s, a, &spec);
	}
	for (i = 0; i < t->n_ids; i++) {
		id = t->ids[i];
		if (t->by_id[id].cfg)
			static_routes(&s, id, t->by_id[id].cfg);
	}
	for (p = 0; p < MPLSX_MAX_PORTS; p++) {
		s.port = &t->ports[p];
		if (s.port->used && s.port->vrf_id &&
		    s.port->kernel_ifindex > 0) {
			mplsx_nl__neighbors(t->nl, s.port->kernel_ifindex,
					    neigh_cb, &s);
			neigh_desire(&s);
		}
	}
	for (i = 0; i < s.n_addrs; i++) {
		const struct vrf_addr *a = &s.addrs[i];
		struct route_key k;
		struct route_spec spec = {.kind = MPLSX_ROUTE_GLEAN,
					  .source = ROUTE_CONNECTED,
					  .ifindex = a->ifindex};

		if (a->prefix_len == (a->addr.family == AF_INET ? 32 : 128))
			continue;
		prefix_key(&k, a->vrf_id, &a->addr, a->prefix_len);
		desire(&s, &k, &spec);
	}
	if (s.err)
		pr_warn("route sync: %s (routes kept as they were)",
			strerror(-s.err));
	else
		fib__sweep(t->fib);
	/* Kept for CE next hops learned over BGP between syncs. */
	free(t->addrs);
	t->addrs = s.addrs;
	t->n_addrs = s.n_addrs;
	vrf_ll__free(&t->ll);
	t->ll = s.ll;
	free(s.nbrs);
}

int vrf_subnet_ifindex(const struct vrf_table *t, uint32_t vrf_id,
		       const struct mplsx_addr *addr)
{
	size_t i;

	if (vrf_ll__is_link_local(addr))
		return vrf_ll__ifindex(&t->ll, t->ports, vrf_id, addr);
	for (i = 0; i < t->n_addrs; i++)
		if (t->addrs[i].vrf_id == vrf_id &&
		    t->addrs[i].prefix_len <
			    (addr->family == AF_INET ? 32 : 128) &&
		    in_prefix(addr, &t->addrs[i]))
			return t->addrs[i].ifindex;
	return 0;
}

bool vrf_own_addr(const struct vrf_table *t, uint32_t vrf_id, int family,
		  struct mplsx_addr *out)
{
	size_t i;

	for (i = 0; i < t->n_addrs; i++)
		if (t->addrs[i].vrf_id == vrf_id &&
		    t->addrs[i].addr.family == family) {
			*out = t->addrs[i].addr;
			return true;
		}
	return false;
}

void vrfs_sync_pnh(struct vrf_table *t)
{
	pnh_sync(t);
}

uint32_t vrf_local_label(const struct vrf_table *t, const struct route *rt)
{
	const struct vrf_state *v = &t->by_id[rt->key.vrf_id];
	size_t i;

	/* Per-next-hop VRFs still pop routes without a CE next hop (their
	 * own addresses, connected subnets) with the VRF's label. */
	if (v->cfg && v->cfg->label_mode == CFG_LABEL_PER_NEXTHOP &&
	    rt->spec.kind == MPLSX_ROUTE_LOCAL)
		for (i = 0; i < t->n_pnh; i++)
			if (t->pnh[i].vrf_id == rt->key.vrf_id &&
			    t->pnh[i].nh_id == rt->nh_id && rt->nh_id)
				return t->pnh[i].label;
	return v->label;
}

/* ---- the route tables' view ------------------------------------------- */

static const struct cfg_vrf *rib_cfg(const void *ctx, uint32_t vrf_id)
{
	const struct vrf_table *t = ctx;

	return vrf_id < MPLSX_MAX_VRFS ? t->by_id[vrf_id].cfg : NULL;
}

static const uint32_t *rib_ids(const void *ctx, size_t *n)
{
	const struct vrf_table *t = ctx;

	*n = t->n_ids;
	return t->ids;
}

static uint32_t rib_local_label(const void *ctx, const struct route *rt)
{
	return vrf_local_label(ctx, rt);
}

static int rib_subnet_ifindex(const void *ctx, uint32_t vrf_id,
			      const struct mplsx_addr *addr)
{
	return vrf_subnet_ifindex(ctx, vrf_id, addr);
}

static bool rib_own_addr(const void *ctx, uint32_t vrf_id, int family,
			 struct mplsx_addr *out)
{
	return vrf_own_addr(ctx, vrf_id, family, out);
}

const struct rib_vrf_ops vrf_rib_ops = {
	.cfg = rib_cfg,
	.ids = rib_ids,
	.local_label = rib_local_label,
	.subnet_ifindex = rib_subnet_ifindex,
	.own_addr = rib_own_addr,
};
