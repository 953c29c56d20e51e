// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* pw_show.c - `mplsxctl show pseudowires`: config keys, state, counters. */
#include "ctl/pw_show.h"

#include <stdio.h>

#include "svc/pw.h"
#include "svc/router.h"

static void pw_counters(cJSON *o, const struct mplsx_router *r, uint32_t id)
{
	static const char *const names[] = {"imposed_packets", "imposed_bytes",
					    "disposed_packets",
					    "disposed_bytes", "drop_packets"};
	uint64_t c[5] = {0};
	size_t i;

	_Static_assert(sizeof(struct pw_stats) == sizeof(c), "pw_stats");
	dataplane__percpu_sum(&r->dp, dataplane__pw_stats(&r->dp), id, c, 5);
	for (i = 0; i < 5; i++)
		cJSON_AddNumberToObject(o, names[i], (double)c[i]);
}

/* The transport labels pushed towards the peer, when it resolves. */
static void pw_transport(cJSON *o, const struct mplsx_router *r,
			 const struct pw_state *pw)
{
	const struct nh_entry *e = nh_table__entry(&r->nh, pw->nh_id);
	cJSON *a = cJSON_AddArrayToObject(o, "transport");
	int i;

	if (!e || !nh_table__usable(&r->nh, pw->nh_id))
		return;
	for (i = 0; i < e->n_push; i++)
		cJSON_AddItemToArray(a, cJSON_CreateNumber(e->push[i]));
	if (e->adj.link.ifindex) /* a group: its members say */
		cJSON_AddStringToObject(o, "core_interface", e->adj.link.name);
}

cJSON *pws_show(const struct mplsx_router *r)
{
	cJSON *a = cJSON_CreateArray();
	char peer[MPLSX_ADDRSTRLEN];
	uint32_t id;

	for (id = 1; id < MPLSX_MAX_PSEUDOWIRES; id++) {
		const struct pw_state *pw = &r->pw.by_id[id];
		const struct port_state *p;
		cJSON *o;

		if (!pw->used)
			continue;
		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "name", pw->cfg.name);
		p = pw->port_id >= 0 ? &r->ports[pw->port_id] : NULL;
		if (p) {
			cJSON_AddStringToObject(o, "interface", p->cfg.name);
			if (p->cfg.vlan)
				cJSON_AddNumberToObject(o, "vlan", p->cfg.vlan);
		}
		cJSON_AddStringToObject(o, "peer",
					mplsx_addr__str(&pw->cfg.peer, peer));
		cJSON_AddNumberToObject(o, "local_label", pw->cfg.local_label);
		cJSON_AddNumberToObject(o, "remote_label",
					pw->cfg.remote_label);
		cJSON_AddBoolToObject(o, "control_word", pw->cfg.control_word);
		cJSON_AddNumberToObject(o, "pw_id", id);
		if (pw->map_written && pw->written.state == MPLSX_PW_UP) {
			cJSON_AddStringToObject(o, "state", "up");
		} else {
			cJSON_AddStringToObject(o, "state", "down");
			cJSON_AddStringToObject(o, "reason", pw->reason);
		}
		pw_transport(o, r, pw);
		pw_counters(o, r, id);
		cJSON_AddItemToArray(a, o);
	}
	return a;
}
