// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* nhg_show.c - next-hop group members and their counters for `show`. */
#include "ctl/nhg_show.h"

#include <stdio.h>

#include "dp/nexthop.h"
#include "dp/nhgroup.h"
#include "svc/router.h"

static int buckets_of(const struct nexthop_group *g, int slot)
{
	int b, n = 0;

	for (b = 0; g && g->n_up && b < MPLSX_NHG_BUCKETS; b++)
		n += g->bucket[b] == slot;
	return n;
}

void nhg_show_members(cJSON *o, const struct mplsx_router *r, uint32_t nh_id)
{
	const struct nh_entry *e = nh_table__entry(&r->nh, nh_id);
	struct mplsx_counter c[MPLSX_NHG_MAX_MEMBERS];
	const struct nexthop_group *g;
	char buf[MPLSX_ADDRSTRLEN];
	cJSON *a;
	int i;

	if (!e || !e->group_id)
		return;
	g = nhg_table__get(&r->nh.groups, e->group_id);
	nhg_table__stats(&r->nh.groups, e->group_id, c);
	cJSON_AddNumberToObject(o, "group", e->group_id);
	a = cJSON_AddArrayToObject(o, "members");
	for (i = 0; i < e->n_members; i++) {
		const struct nh_entry *m =
			nh_table__entry(&r->nh, e->member[i]);
		cJSON *mo;

		if (!m)
			continue;
		mo = cJSON_CreateObject();
		cJSON_AddNumberToObject(mo, "id", e->member[i]);
		cJSON_AddStringToObject(mo, "via",
					mplsx_addr__str(&m->via, buf));
		if (m->adj.link.ifindex) {
			cJSON_AddStringToObject(mo, "interface",
						m->adj.link.name);
			cJSON_AddStringToObject(
				mo, "neighbor",
				mplsx_addr__str(&m->adj.neighbor, buf));
		}
		cJSON_AddStringToObject(mo, "state",
					nh_state_name(m->value.state));
		if (m->value.state != MPLSX_NH_RESOLVED)
			cJSON_AddStringToObject(mo, "reason", m->reason);
		cJSON_AddNumberToObject(mo, "weight", m->weight);
		cJSON_AddNumberToObject(mo, "buckets", buckets_of(g, i));
		cJSON_AddNumberToObject(mo, "packets", (double)c[i].packets);
		cJSON_AddNumberToObject(mo, "bytes", (double)c[i].bytes);
		cJSON_AddItemToArray(a, mo);
	}
}

void nhg_show_vias(cJSON *o, const char *key, const struct nhg_vias *vias)
{
	char buf[MPLSX_ADDRSTRLEN];
	cJSON *a;
	int i;

	if (vias->n == 1) {
		cJSON_AddStringToObject(o, key,
					mplsx_addr__str(&vias->v[0].addr, buf));
		return;
	}
	a = cJSON_AddArrayToObject(o, key);
	for (i = 0; i < vias->n; i++) {
		cJSON *m;

		mplsx_addr__str(&vias->v[i].addr, buf);
		if (vias->v[i].weight == 1) {
			cJSON_AddItemToArray(a, cJSON_CreateString(buf));
			continue;
		}
		m = cJSON_CreateObject();
		cJSON_AddStringToObject(m, "address", buf);
		cJSON_AddNumberToObject(m, "weight", vias->v[i].weight);
		cJSON_AddItemToArray(a, m);
	}
}
