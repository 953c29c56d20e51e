// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* show.c - state as JSON rows keyed like the config (DESIGN.md). */
#include "show.h"

#include <stdio.h>
#include <string.h>

#include "mplsx_abi.h"

static const char *const drop_reason_names[] = MPLSX_DROP_REASON_NAMES;
_Static_assert(sizeof(drop_reason_names) / sizeof(drop_reason_names[0]) ==
		       MPLSX_DROP__MAX,
	       "a name for every drop reason");

#ifndef MPLSX_VERSION
#define MPLSX_VERSION "0.1.0"
#endif

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
	} else {
		cJSON_AddStringToObject(o, "reason", e->reason);
	}
}

static void add_counter(cJSON *o, const uint64_t *c)
{
	cJSON_AddNumberToObject(o, "packets", (double)c[0]);
	cJSON_AddNumberToObject(o, "bytes", (double)c[1]);
}

static void add_port_counters(cJSON *o, const struct mplsx_router *r,
			      uint32_t port_id)
{
	static const char *const names[] = { "rx_packets",   "rx_bytes",
					     "tx_packets",   "tx_bytes",
					     "pass_packets", "drop_packets" };
	uint64_t c[6];
	int i;

	_Static_assert(sizeof(struct port_stats) == sizeof(c), "port_stats");
	dataplane__percpu_sum(&r->dp, dataplane__port_stats(&r->dp), port_id,
			      c, 6);
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
		cJSON_AddBoolToObject(o, "mpls", p->cfg.mpls);
		cJSON_AddNumberToObject(o, "ifindex", p->ifindex);
		cJSON_AddNumberToObject(o, "port_id", i);
		cJSON_AddStringToObject(o, "xdp_mode",
					dataplane__mode_name(p->mode));
		if (!mplsx_nl__link_by_index(r->nl, p->ifindex, &link)) {
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
			add_addr(o, "via", &l->cfg.via);
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

		add_addr(o, "to", &l->cfg.to);
		cJSON_AddItemToObject(o, "push",
				      label_array(l->cfg.push, l->cfg.n_push));
		add_addr(o, "via", &l->cfg.via);
		add_nexthop(cJSON_AddObjectToObject(o, "nexthop"), r, l->nh_id);
		cJSON_AddItemToArray(a, o);
	}
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
		} else {
			cJSON_AddStringToObject(o, "reason", e->reason);
		}
		cJSON_AddNumberToObject(o, "refs", e->refs);
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
	for (j = 0; j < r->n_labels; j++) {
		cJSON *l = cJSON_CreateObject();

		cJSON_AddNumberToObject(l, "in", r->labels[j].cfg.in);
		dataplane__percpu_sum(&r->dp, dataplane__label_stats(&r->dp),
				      r->labels[j].stats_id, c, 2);
		add_counter(l, c);
		cJSON_AddItemToArray(labels, l);
	}
	return o;
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

		if (e && e->value.state == MPLSX_NH_RESOLVED)
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
	cJSON_AddNumberToObject(o, "uptime", (double)(time(NULL) - r->started));
	cJSON_AddNumberToObject(o, "interfaces", ports);
	cJSON_AddNumberToObject(o, "labels", (double)r->n_labels);
	cJSON_AddNumberToObject(o, "lsps", (double)r->n_lsps);
	cJSON_AddNumberToObject(nh, "resolved", resolved);
	cJSON_AddNumberToObject(nh, "unresolved", unresolved);
	cJSON_AddItemToObject(o, "nexthops", nh);
	cJSON_AddNumberToObject(o, "reloads", r->reloads_ok);
	cJSON_AddNumberToObject(o, "reloads_refused", r->reloads_failed);
	if (r->last_error[0])
		cJSON_AddStringToObject(o, "last_reload_error", r->last_error);
	return o;
}

cJSON *show__build(const struct mplsx_router *r, const char *what,
		   const char *arg, char *err, size_t errlen)
{
	(void)arg;
	if (!strcmp(what, "status"))
		return show_status(r);
	if (!strcmp(what, "interfaces"))
		return show_interfaces(r);
	if (!strcmp(what, "labels"))
		return show_labels(r);
	if (!strcmp(what, "lsps"))
		return show_lsps(r);
	if (!strcmp(what, "neighbors"))
		return show_neighbors(r);
	if (!strcmp(what, "stats"))
		return show_stats(r);
	snprintf(err, errlen,
		 "show: unknown object \"%s\" (status, interfaces, labels, "
		 "lsps, neighbors, stats)",
		 what);
	return NULL;
}
