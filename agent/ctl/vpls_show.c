// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* vpls_show.c - `mplsxctl show vpls` and the VPLS part of `show stats`:
 * config keys, state, MAC count and counters per instance, AC and peer. */
#include "ctl/vpls_show.h"

#include <bpf/bpf.h>
#include <stdio.h>
#include <string.h>

#include "svc/router.h"
#include "svc/vpls.h"

static const char *const drop_names[] = MPLSX_DROP_REASON_NAMES;

static void member_counters(cJSON *o, const struct mplsx_router *r,
			    const char *map, uint32_t id)
{
	static const char *const names[] = {
		"in_packets", "in_bytes", "out_packets",
		"out_bytes",  "flood_in", "flood_out",
		"learnt",     "moves",	  "drop_packets"};
	uint64_t c[9] = {0};
	size_t i;

	_Static_assert(sizeof(struct vpls_member_stats) == sizeof(c),
		       "vpls_member_stats");
	dataplane__percpu_sum(&r->dp, dataplane__map_fd(&r->dp, map), id, c, 9);
	for (i = 0; i < 9; i++)
		cJSON_AddNumberToObject(o, names[i], (double)c[i]);
}

static void inst_counters(cJSON *o, const struct mplsx_router *r, uint32_t id)
{
	static const char *const names[] = {
		"in_packets",	 "in_bytes",	 "unicast_packets",
		"flood_packets", "flood_copies", "learnt",
		"moves",	 "limit_hits",	 "drop_packets"};
	uint64_t c[sizeof(struct vpls_stats) / 8] = {0};
	cJSON *drops;
	size_t i;

	dataplane__percpu_sum(&r->dp, dataplane__map_fd(&r->dp, "vpls_stats"),
			      id, c, sizeof(c) / 8);
	for (i = 0; i < 9; i++)
		cJSON_AddNumberToObject(o, names[i], (double)c[i]);
	drops = cJSON_AddObjectToObject(o, "drops");
	for (i = 0; i < MPLSX_DROP__MAX; i++)
		if (c[9 + i])
			cJSON_AddNumberToObject(drops, drop_names[i],
						(double)c[9 + i]);
}

static uint64_t inst_macs(const struct mplsx_router *r, uint32_t id)
{
	struct vpls_mac_count cnt = {0};
	const struct vpls_inst_state *in = &r->vpls.inst[id];

	bpf_map_lookup_elem(dataplane__map_fd(&r->dp, "vpls_mac_count"), &id,
			    &cnt);
	return cnt.added >= in->mac_removed ? cnt.added - in->mac_removed : 0;
}

static cJSON *ac_row(const struct mplsx_router *r, int i)
{
	const struct vpls_table *v = &r->vpls;
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "name", r->ports[i].cfg.name);
	if (r->ports[i].cfg.vlan)
		cJSON_AddNumberToObject(o, "vlan", r->ports[i].cfg.vlan);
	cJSON_AddStringToObject(
		o, "state",
		v->ac_written[i] && v->ac[i].state == MPLSX_VPLS_UP ? "up"
								    : "down");
	member_counters(o, r, "vpls_ac_stats", (uint32_t)i);
	return o;
}

static cJSON *peer_row(const struct mplsx_router *r, uint32_t id)
{
	const struct vpls_peer_state *p = &r->vpls.peers[id];
	const struct nh_entry *e = nh_table__entry(&r->nh, p->nh_id);
	char pe[MPLSX_ADDRSTRLEN];
	cJSON *o = cJSON_CreateObject(), *t;
	int i;

	cJSON_AddStringToObject(o, "pe", mplsx_addr__str(&p->cfg.pe, pe));
	cJSON_AddNumberToObject(o, "local_label", p->cfg.local_label);
	cJSON_AddNumberToObject(o, "remote_label", p->cfg.remote_label);
	if (p->map_written && p->written.state == MPLSX_VPLS_UP) {
		cJSON_AddStringToObject(o, "state", "up");
	} else {
		cJSON_AddStringToObject(o, "state", "down");
		cJSON_AddStringToObject(o, "reason", p->reason);
	}
	t = cJSON_AddArrayToObject(o, "transport");
	if (e)
		e = nh_table__resolved(&r->nh, p->nh_id); /* or a member */
	if (e) {
		for (i = 0; i < e->n_push; i++)
			cJSON_AddItemToArray(t, cJSON_CreateNumber(e->push[i]));
		cJSON_AddStringToObject(o, "core_interface", e->adj.link.name);
	}
	member_counters(o, r, "vpls_peer_stats", id);
	return o;
}

cJSON *vpls_show(const struct mplsx_router *r)
{
	const struct vpls_table *v = &r->vpls;
	cJSON *a = cJSON_CreateArray();
	uint32_t id, pid;
	int i;

	for (id = 1; id < MPLSX_MAX_VPLS; id++) {
		const struct vpls_inst_state *in = &v->inst[id];
		cJSON *o, *acs, *peers;

		if (!in->used)
			continue;
		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "name", in->name);
		cJSON_AddNumberToObject(o, "vpls_id", id);
		cJSON_AddBoolToObject(o, "control_word", in->control_word);
		cJSON_AddNumberToObject(o, "mac_age", in->mac_age);
		cJSON_AddNumberToObject(o, "mac_limit", in->mac_limit);
		cJSON_AddNumberToObject(o, "macs", (double)inst_macs(r, id));
		cJSON_AddStringToObject(o, "signalling", "static");
		acs = cJSON_AddArrayToObject(o, "interfaces");
		for (i = 0; i < MPLSX_MAX_PORTS; i++)
			if (r->ports[i].used &&
			    !strcmp(r->ports[i].cfg.vpls, in->name))
				cJSON_AddItemToArray(acs, ac_row(r, i));
		peers = cJSON_AddArrayToObject(o, "peers");
		for (pid = 1; pid < MPLSX_MAX_VPLS_PEERS; pid++)
			if (v->peers[pid].used && v->peers[pid].vpls_id == id)
				cJSON_AddItemToArray(peers, peer_row(r, pid));
		inst_counters(cJSON_AddObjectToObject(o, "counters"), r, id);
		cJSON_AddItemToArray(a, o);
	}
	return a;
}

cJSON *vpls_show_stats(const struct mplsx_router *r)
{
	const struct vpls_table *v = &r->vpls;
	cJSON *a = cJSON_CreateArray();
	uint32_t id;

	for (id = 1; id < MPLSX_MAX_VPLS; id++) {
		cJSON *o;

		if (!v->inst[id].used)
			continue;
		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "name", v->inst[id].name);
		cJSON_AddNumberToObject(o, "macs", (double)inst_macs(r, id));
		inst_counters(o, r, id);
		cJSON_AddItemToArray(a, o);
	}
	return a;
}
