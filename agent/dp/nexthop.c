// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* nexthop.c - adjacency table, resolved over netlink, mirrored in a map. */
#include "dp/nexthop.h"

#include <arpa/inet.h>
#include <bpf/bpf.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dp/nh_prebuild.h"
#include "util/log.h"

int nh_table__init(struct nh_table *t, struct mplsx_nl *nl,
		   nh_port_lookup_fn port_lookup, nh_lsp_lookup_fn lsp_lookup,
		   void *ctx)
{
	memset(t, 0, sizeof(*t));
	t->entries = calloc(MPLSX_MAX_NEXTHOPS, sizeof(*t->entries));
	if (!t->entries)
		return -ENOMEM;
	t->size = MPLSX_MAX_NEXTHOPS;
	t->high = 1;
	t->map_fd = -1;
	t->nl = nl;
	t->port_lookup = port_lookup;
	t->lsp_lookup = lsp_lookup;
	t->ctx = ctx;
	return nhg_table__init(&t->groups);
}

void nh_table__set_map(struct nh_table *t, int map_fd)
{
	t->map_fd = map_fd;
}

void nh_table__set_group_maps(struct nh_table *t, int map_fd, int stats_fd,
			      int ncpus)
{
	nhg_table__set_maps(&t->groups, map_fd, stats_fd, ncpus);
}

uint32_t nh_table__vias(struct nh_table *t, const struct nhg_vias *vias)
{
	struct nhg_vias *grown;
	uint32_t i;

	if (vias->n < 2)
		return 0;
	for (i = 0; i < t->n_vias; i++)
		if (nhg_vias__equal(&t->vias[i], vias))
			return i + 1;
	grown = realloc(t->vias, (t->n_vias + 1) * sizeof(*grown));
	if (!grown)
		return 0;
	t->vias = grown;
	t->vias[t->n_vias++] = *vias;
	return t->n_vias;
}

bool nh_table__usable(const struct nh_table *t, uint32_t id)
{
	const struct nh_entry *e = nh_table__entry(t, id);
	const struct nexthop_group *g;

	if (!e)
		return false;
	if (e->value.state == MPLSX_NH_RESOLVED)
		return true;
	if (e->value.state != MPLSX_NH_GROUP)
		return false;
	g = nhg_table__get(&t->groups, e->group_id);
	return g && g->n_up;
}

const struct nh_entry *nh_table__resolved(const struct nh_table *t, uint32_t id)
{
	const struct nh_entry *e = nh_table__entry(t, id), *m;
	int i;

	if (!e || e->value.state == MPLSX_NH_RESOLVED)
		return e && e->value.state == MPLSX_NH_RESOLVED ? e : NULL;
	for (i = 0; e->group_id && i < e->n_members; i++) {
		m = nh_table__entry(t, e->member[i]);
		if (m && m->value.state == MPLSX_NH_RESOLVED)
			return m;
	}
	return NULL;
}

void nh_table__free(struct nh_table *t)
{
	nhg_table__free(&t->groups);
	free(t->vias);
	free(t->entries);
	memset(t, 0, sizeof(*t));
}

const struct nh_entry *nh_table__entry(const struct nh_table *t, uint32_t id)
{
	if (!id || id >= t->size || !t->entries[id].refs)
		return NULL;
	return &t->entries[id];
}

static int nh_write(struct nh_table *t, uint32_t id, const struct nexthop *v)
{
	struct nh_entry *e = &t->entries[id];

	if (e->written && !memcmp(&e->value, v, sizeof(*v)))
		return 0;
	if (t->map_fd < 0)
		return 0;
	if (bpf_map_update_elem(t->map_fd, &id, v, BPF_ANY)) {
		pr_warn("nexthop %u: map update failed: %s", id,
			strerror(errno));
		return 0;
	}
	e->value = *v;
	e->written = true;
	return 1;
}

__attribute__((format(printf, 2, 3))) static void
nh_unresolved(struct nh_entry *e, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(e->reason, sizeof(e->reason), fmt, ap);
	va_end(ap);
}

/* The addresses to resolve (one or more, with weights) and the labels
 * to push, for a key.  *lsp: the PE is reached through an LSP. */
static void nh_targets(struct nh_table *t, struct nh_entry *e,
		       struct nhg_vias *vias, bool *lsp)
{
	memset(vias, 0, sizeof(*vias));
	e->n_push = 0;
	e->entropy = false;
	e->path_to_self = false;
	*lsp = false;
	if (e->key.kind == NH_PE &&
	    t->lsp_lookup(t->ctx, &e->key.addr, e->push, &e->n_push, vias,
			  &e->entropy) &&
	    vias->n >= 1) {
		*lsp = vias->n > 1 ||
		       !mplsx_addr__equal(&vias->v[0].addr, &e->key.addr);
		e->path_to_self = !*lsp;
		return;
	}
	e->n_push = 0;
	e->entropy = false;
	if (e->key.vias && e->key.vias <= t->n_vias) {
		*vias = t->vias[e->key.vias - 1];
		return;
	}
	vias->n = 1;
	vias->v[0].addr = e->key.addr;
	vias->v[0].weight = 1;
}

/* A PE with no usable transport path and not directly connected.  A path
 * that ends at the PE itself (BIRD's `next hop self` gives implicit null
 * and its own address) is named: it needs a directly connected PE. */
static void nh_pe_unreachable(struct nh_entry *e, const struct nh_entry *path,
			      const char *pe)
{
	if (path->path_to_self)
		nh_unresolved(e,
			      "the LSP to PE %s ends at the PE itself (next "
			      "hop %s), which is not directly connected",
			      pe, pe);
	else
		nh_unresolved(e,
			      "no LSP to PE %s and it is not directly "
			      "connected",
			      pe);
}

/*
 * The map value for one path: e->via and e->adj hold what was resolved
 * (err as the resolver returned it), key is what the nexthop is for, lsp
 * whether a PE is reached through its LSP, push the labels to push.
 */
static void nh_value(const struct nh_table *t, const struct nh_key *key,
		     bool lsp, struct nh_entry *e, int err,
		     const struct nh_entry *labels, struct nexthop *v)
{
	char via[MPLSX_ADDRSTRLEN], nbr[MPLSX_ADDRSTRLEN];
	struct nh_port port;
	int i;

	memset(v, 0, sizeof(*v));
	v->state = MPLSX_NH_UNRESOLVED;
	mplsx_addr__str(&e->via, via);
	if (err && key->kind == NH_PE && !lsp) {
		nh_pe_unreachable(e, labels, via);
		return;
	}
	if (err == -ENETUNREACH) {
		nh_unresolved(e, "no route to %s", via);
		return;
	}
	if (err == -EADDRNOTAVAIL) {
		nh_unresolved(e, "%s is an address of this router", via);
		return;
	}
	if (err) {
		snprintf(e->reason, sizeof(e->reason), "cannot resolve %s: %s",
			 via, strerror(-err));
		return;
	}
	/* A PE without an LSP must be on a connected subnet: otherwise we
	 * have no transport label to reach it (DESIGN: shown, not installed).
	 */
	if (key->kind == NH_PE && !lsp &&
	    !mplsx_addr__equal(&e->adj.neighbor, &key->addr)) {
		nh_pe_unreachable(e, labels, via);
		return;
	}
	if (!t->port_lookup(t->ctx, e->adj.link.ifindex, &port)) {
		nh_unresolved(e, "egress %s is not an mplsx interface",
			      e->adj.link.name);
		return;
	}
	if (key->kind == NH_PE && !port.core) {
		nh_unresolved(e,
			      "PE %s is reached through %s, which is "
			      "not a core (mpls) interface",
			      via, e->adj.link.name);
		return;
	}
	if (!e->adj.link.up) {
		nh_unresolved(e, "link %s is down", e->adj.link.name);
		return;
	}
	if (!e->adj.dmac_valid) {
		nh_unresolved(e,
			      "neighbour %s on %s not resolved (ARP/ND "
			      "sent)",
			      mplsx_addr__str(&e->adj.neighbor, nbr),
			      e->adj.link.name);
		return;
	}
	e->reason[0] = '\0';
	v->state = MPLSX_NH_RESOLVED;
	v->ifindex = port.tx_ifindex;
	v->port_id = port.port_id;
	v->vlan_id = port.vlan_id;
	memcpy(v->dmac, e->adj.dmac, 6);
	memcpy(v->smac, e->adj.link.mac, 6);
	v->mtu = e->adj.link.mtu > 0xFFFF ? 0xFFFF : (uint16_t)e->adj.link.mtu;
	v->n_push = (uint8_t)labels->n_push;
	for (i = 0; i < labels->n_push; i++)
		v->push[i] = htonl(labels->push[i] << MPLS_LS_LABEL_SHIFT);
	if (labels->entropy && lsp)
		v->flags = MPLSX_NH_F_ENTROPY;
	nexthop_prebuild(v);
}

/* An entry for one member of group entry parent: not findable by key. */
static uint32_t nh_member_alloc(struct nh_table *t, uint32_t parent)
{
	uint32_t id;

	for (id = 1; id < t->high; id++)
		if (!t->entries[id].refs)
			break;
	if (id == t->high) {
		if (t->high >= t->size)
			return 0;
		t->high++;
	}
	memset(&t->entries[id], 0, sizeof(t->entries[id]));
	t->entries[id].refs = 1;
	t->entries[id].key.kind = NH_MEMBER;
	t->entries[id].parent = parent;
	return id;
}

static void nh_release(struct nh_table *t, uint32_t id)
{
	struct nexthop unused = {.state = MPLSX_NH_UNUSED};

	if (t->map_fd >= 0)
		bpf_map_update_elem(t->map_fd, &id, &unused, BPF_ANY);
	memset(&t->entries[id], 0, sizeof(t->entries[id]));
}

/* Members beyond n, and the group itself when n is 0. */
static void nh_group_shrink(struct nh_table *t, struct nh_entry *e, int n)
{
	while (e->n_members > n)
		nh_release(t, e->member[--e->n_members]);
	if (!n && e->group_id) {
		nhg_table__release(&t->groups, e->group_id);
		e->group_id = 0;
	}
}

/* Resolve every target, a kernel multipath route giving one path per
 * next hop.  Returns the number of paths (weights multiplied). */
static int nh_paths(struct nh_table *t, const struct nh_entry *e,
		    const struct nhg_vias *vias, struct mplsx_path *paths,
		    struct mplsx_addr *path_via)
{
	int i, j, n = 0, got;

	for (i = 0; i < vias->n && n < MPLSX_NHG_MAX_MEMBERS; i++) {
		const struct mplsx_addr *a = &vias->v[i].addr;

		if (e->key.kind == NH_ON_LINK) {
			memset(&paths[n], 0, sizeof(paths[n]));
			paths[n].weight = 1;
			paths[n].err = mplsx_nl__resolve_on(
				t->nl, a, e->key.oif, &paths[n].adj);
			got = 1;
		} else {
			got = mplsx_nl__resolve_paths(
				t->nl, a, paths + n, MPLSX_NHG_MAX_MEMBERS - n);
			if (got < 1) {
				memset(&paths[n], 0, sizeof(paths[n]));
				paths[n].err = got ? got : -EINVAL;
				paths[n].weight = 1;
				got = 1;
			}
		}
		for (j = n; j < n + got; j++) {
			path_via[j] = *a;
			paths[j].weight *=
				vias->v[i].weight ? vias->v[i].weight : 1;
		}
		n += got;
	}
	return n;
}

/* Compute the map value for an entry from a fresh resolution; a group's
 * members are resolved and written on the way. */
static int nh_compute(struct nh_table *t, uint32_t id, struct nexthop *v)
{
	struct nh_entry *e = &t->entries[id];
	struct mplsx_path paths[MPLSX_NHG_MAX_MEMBERS];
	struct mplsx_addr path_via[MPLSX_NHG_MAX_MEMBERS] = {0};
	uint32_t weight[MPLSX_NHG_MAX_MEMBERS];
	bool up[MPLSX_NHG_MAX_MEMBERS];
	struct nhg_vias vias;
	struct nexthop mv;
	int i, n, n_up = 0, changed = 0;
	bool lsp;

	nh_targets(t, e, &vias, &lsp);
	n = nh_paths(t, e, &vias, paths, path_via);
	e->via = path_via[0];
	if (n == 1 && vias.n == 1) {
		/* A group that was is released once the entry no longer
		 * points at it (nh_table__resolve): make before break. */
		e->adj = paths[0].adj;
		nh_value(t, &e->key, lsp, e, paths[0].err, e, v);
		return 0;
	}
	memset(&e->adj, 0, sizeof(e->adj));
	if (!e->group_id)
		e->group_id = nhg_table__alloc(&t->groups);
	while (e->group_id && e->n_members < n) {
		uint32_t m = nh_member_alloc(t, id);

		if (!m)
			break;
		e = &t->entries[id];
		e->member[e->n_members++] = m;
	}
	if (!e->group_id || e->n_members < n) {
		memset(v, 0, sizeof(*v));
		v->state = MPLSX_NH_UNRESOLVED;
		nh_unresolved(e, "no room for a group of %d paths", n);
		return 0;
	}
	for (i = 0; i < n; i++) {
		struct nh_entry *m = &t->entries[e->member[i]];
		uint8_t before = m->value.state;

		m->via = path_via[i];
		m->adj = paths[i].adj;
		m->weight = paths[i].weight;
		nh_value(t, &e->key, lsp, m, paths[i].err, e, &mv);
		changed += nh_write(t, e->member[i], &mv);
		weight[i] = m->weight;
		up[i] = mv.state == MPLSX_NH_RESOLVED;
		n_up += up[i];
		if (m->written && before != mv.state) {
			char a[MPLSX_ADDRSTRLEN];

			mplsx_addr__str(&m->via, a);
			if (up[i])
				pr_info("nexthop group %u: member %s up on %s",
					e->group_id, a, m->adj.link.name);
			else
				pr_info("nexthop group %u: member %s down: %s",
					e->group_id, a, m->reason);
		}
	}
	changed += nhg_table__write(&t->groups, e->group_id, e->member, weight,
				    up, n) > 0;
	nh_group_shrink(t, e, n); /* paths gone: no bucket names them now */
	memset(v, 0, sizeof(*v));
	v->state = MPLSX_NH_GROUP;
	v->group_id = e->group_id;
	if (n_up)
		e->reason[0] = '\0';
	else
		snprintf(e->reason, sizeof(e->reason),
			 "no member of the group is up (%.90s)",
			 t->entries[e->member[0]].reason);
	return changed;
}

int nh_table__resolve(struct nh_table *t, uint32_t id)
{
	struct nh_entry *e = &t->entries[id];
	struct nexthop v;
	uint8_t before = e->value.state;
	int changed, members;

	if (e->key.kind == NH_MEMBER)
		return 0; /* its group's entry resolves it */
	members = nh_compute(t, id, &v);
	e = &t->entries[id];
	changed = nh_write(t, id, &v);
	if (v.state != MPLSX_NH_GROUP && e->group_id)
		nh_group_shrink(t, e, 0);
	if (changed && before != v.state) {
		char via[MPLSX_ADDRSTRLEN];

		mplsx_addr__str(&e->via, via);
		if (v.state == MPLSX_NH_GROUP)
			pr_info("nexthop %s: group %u of %d paths", via,
				e->group_id, e->n_members);
		else if (v.state == MPLSX_NH_RESOLVED)
			pr_info("nexthop %s resolved on %s", via,
				e->adj.link.name);
		else
			pr_info("nexthop %s unresolved: %s", via, e->reason);
	}
	return changed + members;
}

int nh_table__resolve_all(struct nh_table *t)
{
	int changed = 0;
	uint32_t id;

	for (id = 1; id < t->high; id++)
		if (t->entries[id].refs)
			changed += nh_table__resolve(t, id);
	return changed;
}

int nh_table__resolve_pe(struct nh_table *t, const struct mplsx_addr *prefix,
			 unsigned int len)
{
	int changed = 0;
	uint32_t id;

	for (id = 1; id < t->high; id++) {
		const struct nh_entry *e = &t->entries[id];

		if (e->refs && e->key.kind == NH_PE &&
		    mplsx_addr__in_prefix(&e->key.addr, prefix, len))
			changed += nh_table__resolve(t, id);
	}
	return changed;
}

static bool nh_key_equal(const struct nh_key *a, const struct nh_key *b)
{
	return a->kind == b->kind && a->oif == b->oif && a->vias == b->vias &&
	       mplsx_addr__equal(&a->addr, &b->addr);
}

uint32_t nh_table__get_via(struct nh_table *t, const struct mplsx_addr *via)
{
	struct nh_key key = {.kind = NH_VIA, .addr = *via};

	return nh_table__get(t, &key);
}

uint32_t nh_table__get(struct nh_table *t, const struct nh_key *key)
{
	uint32_t id, free_id = 0;

	for (id = 1; id < t->high; id++) {
		struct nh_entry *e = &t->entries[id];

		if (!e->refs) {
			if (!free_id)
				free_id = id;
			continue;
		}
		if (nh_key_equal(&e->key, key)) {
			e->refs++;
			return id;
		}
	}
	if (!free_id && t->high < t->size)
		free_id = t->high++;
	if (!free_id)
		return 0;
	memset(&t->entries[free_id], 0, sizeof(t->entries[free_id]));
	t->entries[free_id].refs = 1;
	t->entries[free_id].key = *key;
	nh_table__resolve(t, free_id);
	return free_id;
}

void nh_table__put(struct nh_table *t, uint32_t id)
{
	struct nh_entry *e;
	struct nexthop unused = {.state = MPLSX_NH_UNUSED};

	if (!id || id >= t->size || !t->entries[id].refs)
		return;
	e = &t->entries[id];
	if (e->key.kind == NH_MEMBER || --e->refs)
		return;
	nh_group_shrink(t, e, 0);
	if (t->map_fd >= 0)
		bpf_map_update_elem(t->map_fd, &id, &unused, BPF_ANY);
	memset(e, 0, sizeof(*e));
}

const char *nh_state_name(uint8_t state)
{
	switch (state) {
	case MPLSX_NH_RESOLVED:
		return "resolved";
	case MPLSX_NH_UNRESOLVED:
		return "unresolved";
	case MPLSX_NH_GROUP:
		return "group";
	default:
		return "unused";
	}
}
