// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* lsp_show.c - labeled unicast LSPs in `show lsps` (lsp_show.h). */
#include "ctl/lsp_show.h"

#include <stdio.h>
#include <stdlib.h>

#include "svc/router.h"
#include "svc/transport.h"

static void add_labels(cJSON *o, const char *key, const uint32_t *l, int n)
{
	cJSON *a = cJSON_AddArrayToObject(o, key);
	int i;

	for (i = 0; i < n; i++)
		cJSON_AddItemToArray(a, cJSON_CreateNumber(l[i]));
}

/* A PE next hop resolved through a labeled unicast route. */
struct pe_use {
	const struct lu_route *lu;
	uint32_t id;
};

/* Every PE next hop whose transport is a BGP-LU route, looked up once
 * (not once per row); *n set, malloc'd. */
static struct pe_use *pe_uses(const struct mplsx_router *r, size_t *n)
{
	struct pe_use *u = NULL, *grown;
	size_t cap = 0;
	uint32_t id;

	*n = 0;
	for (id = 1; id < r->nh.high; id++) {
		const struct nh_entry *e = nh_table__entry(&r->nh, id);
		struct transport_path p;

		if (!e || e->key.kind != NH_PE)
			continue;
		p = transport__find(r->cfg, r->lu, &e->key.addr);
		if (p.source != TRANSPORT_BGP_LU)
			continue;
		if (*n == cap) {
			cap = cap ? 2 * cap : 16;
			grown = realloc(u, cap * sizeof(*u));
			if (!grown)
				break;
			u = grown;
		}
		u[(*n)++] = (struct pe_use){.lu = p.lu, .id = id};
	}
	return u;
}

/* The PEs whose transport path is LU, into "pes"; the first one's
 * nexthop id, 0 when none. */
static uint32_t add_pes(cJSON *o, const struct mplsx_router *r,
			const struct lu_route *lu, const struct pe_use *u,
			size_t n)
{
	cJSON *pes = cJSON_AddArrayToObject(o, "pes");
	char a[MPLSX_ADDRSTRLEN];
	uint32_t first = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (u[i].lu != lu)
			continue;
		cJSON_AddItemToArray(
			pes,
			cJSON_CreateString(mplsx_addr__str(
				&nh_table__entry(&r->nh, u[i].id)->key.addr,
				a)));
		if (!first)
			first = u[i].id;
	}
	return first;
}

void lsp_show_lu(cJSON *a, const struct mplsx_router *r,
		 lsp_show_nexthop_fn add_nexthop)
{
	size_t i, n, n_uses = 0;
	const struct lu_route **v = lu_rib__list(r->lu, &n);
	struct pe_use *uses = n ? pe_uses(r, &n_uses) : NULL;

	for (i = 0; i < n; i++) {
		const struct lu_route *lu = v[i];
		cJSON *o = cJSON_CreateObject();
		char buf[MPLSX_ADDRSTRLEN + 4], addr[MPLSX_ADDRSTRLEN];
		uint32_t push[BGP_MAX_LABELS], nh;
		int peer = lu->m.owner;

		cJSON_AddStringToObject(
			o, "source", transport__source_name(TRANSPORT_BGP_LU));
		snprintf(buf, sizeof(buf), "%s/%u",
			 mplsx_addr__str(&lu->prefix, addr), lu->prefix_len);
		cJSON_AddStringToObject(o, "to", buf);
		add_labels(o, "labels", lu->labels, lu->n_labels);
		add_labels(o, "push", push, lu_route__push(lu, push));
		cJSON_AddStringToObject(o, "via",
					mplsx_addr__str(&lu->next_hop, addr));
		if (r->cfg && peer >= 0 &&
		    (size_t)peer < r->cfg->bgp.n_neighbors)
			cJSON_AddStringToObject(
				o, "peer",
				mplsx_addr__str(
					&r->cfg->bgp.neighbors[peer].address,
					addr));
		else
			cJSON_AddNullToObject(o, "peer");
		cJSON_AddBoolToObject(o, "best", lu_rib__is_best(r->lu, lu));
		cJSON_AddBoolToObject(o, "stale", lu->m.stale);
		nh = add_pes(o, r, lu, uses, n_uses);
		if (nh) {
			cJSON_AddStringToObject(
				o, "state",
				nh_state_name(nh_table__entry(&r->nh, nh)
						      ->value.state));
			add_nexthop(cJSON_AddObjectToObject(o, "nexthop"), r,
				    nh);
		} else {
			cJSON_AddStringToObject(o, "state", "unused");
		}
		cJSON_AddItemToArray(a, o);
	}
	free(uses);
	free(v);
}
