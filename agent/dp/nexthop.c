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
	return 0;
}

void nh_table__set_map(struct nh_table *t, int map_fd)
{
	t->map_fd = map_fd;
}

void nh_table__free(struct nh_table *t)
{
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

/* Which address to resolve, and the labels to push, for a key. */
static void nh_target(struct nh_table *t, struct nh_entry *e)
{
	e->via = e->key.addr;
	e->n_push = 0;
	if (e->key.kind == NH_PE &&
	    t->lsp_lookup(t->ctx, &e->key.addr, e->push, &e->n_push, &e->via))
		return;
	e->n_push = 0;
}

/* Compute the map value for an entry from a fresh resolution. */
static void nh_compute(struct nh_table *t, struct nh_entry *e,
		       struct nexthop *v)
{
	char via[MPLSX_ADDRSTRLEN], nbr[MPLSX_ADDRSTRLEN];
	struct nh_port port;
	bool lsp;
	int err, i;

	memset(v, 0, sizeof(*v));
	v->state = MPLSX_NH_UNRESOLVED;
	nh_target(t, e);
	lsp = e->key.kind == NH_PE && !mplsx_addr__equal(&e->via, &e->key.addr);
	mplsx_addr__str(&e->via, via);
	memset(&e->adj, 0, sizeof(e->adj));
	err = e->key.kind == NH_ON_LINK
		      ? mplsx_nl__resolve_on(t->nl, &e->via, e->key.oif,
					     &e->adj)
		      : mplsx_nl__resolve(t->nl, &e->via, &e->adj);
	if (err && e->key.kind == NH_PE && !lsp) {
		nh_unresolved(e,
			      "no LSP to PE %s and it is not directly "
			      "connected",
			      via);
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
	if (e->key.kind == NH_PE && !lsp &&
	    !mplsx_addr__equal(&e->adj.neighbor, &e->key.addr)) {
		nh_unresolved(e,
			      "no LSP to PE %s and it is not directly "
			      "connected",
			      via);
		return;
	}
	if (!t->port_lookup(t->ctx, e->adj.link.ifindex, &port)) {
		nh_unresolved(e, "egress %s is not an mplsx interface",
			      e->adj.link.name);
		return;
	}
	if (e->key.kind == NH_PE && !port.core) {
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
	v->n_push = (uint8_t)e->n_push;
	for (i = 0; i < e->n_push; i++)
		v->push[i] = htonl(e->push[i] << MPLS_LS_LABEL_SHIFT);
}

int nh_table__resolve(struct nh_table *t, uint32_t id)
{
	struct nh_entry *e = &t->entries[id];
	struct nexthop v;
	uint8_t before = e->value.state;
	int changed;

	nh_compute(t, e, &v);
	changed = nh_write(t, id, &v);
	if (changed && before != v.state) {
		char via[MPLSX_ADDRSTRLEN];

		mplsx_addr__str(&e->via, via);
		if (v.state == MPLSX_NH_RESOLVED)
			pr_info("nexthop %s resolved on %s", via,
				e->adj.link.name);
		else
			pr_info("nexthop %s unresolved: %s", via, e->reason);
	}
	return changed;
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

static bool nh_key_equal(const struct nh_key *a, const struct nh_key *b)
{
	return a->kind == b->kind && a->oif == b->oif &&
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
	if (--e->refs)
		return;
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
	default:
		return "unused";
	}
}
