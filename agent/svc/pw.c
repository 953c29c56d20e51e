// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * pw.c - Ethernet pseudowires (RFC 4448): ids, local labels, the peer
 * PE's nexthop and the pseudowire map entry of each one.
 *
 * A pseudowire is up when its attachment circuit's link is up and the
 * peer PE resolves (an LSP, or a directly connected PE); down, both
 * directions drop (pw_down).  Labels are provisioned statically: there
 * is no LDP here (RFC 4447) to signal them or the PW status.
 */
#include "svc/pw.h"

#include <arpa/inet.h>
#include <bpf/bpf.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "util/log.h"

void pws_init(struct pw_table *t, struct mplsx_dataplane *dp,
	      struct mplsx_nl *nl, struct nh_table *nh,
	      struct label_stats *stats, const struct port_state *ports)
{
	memset(t, 0, sizeof(*t));
	t->dp = dp;
	t->nl = nl;
	t->nh = nh;
	t->stats = stats;
	t->ports = ports;
}

uint32_t pw_id_by_name(const struct pw_table *t, const char *name)
{
	uint32_t id;

	for (id = 1; id < MPLSX_MAX_PSEUDOWIRES; id++)
		if (t->by_id[id].used && !strcmp(t->by_id[id].cfg.name, name))
			return id;
	return 0;
}

static void pw_label_write(struct pw_table *t, uint32_t id)
{
	struct pw_state *pw = &t->by_id[id];
	struct label_entry e = {
		.action = MPLSX_LABEL_PW,
		.stats_id = pw->stats_id,
		.pw_id = id,
	};

	if (dataplane__label_write(t->dp, pw->cfg.local_label, &e, &pw->label))
		pr_warn("pseudowire %s: label_table update failed: %s",
			pw->cfg.name, strerror(errno));
}

static void pw_release(struct pw_table *t, uint32_t id)
{
	struct pw_state *pw = &t->by_id[id];
	struct pseudowire unused = {.state = MPLSX_PW_UNUSED};

	dataplane__label_clear(t->dp, pw->cfg.local_label);
	bpf_map_update_elem(dataplane__pseudowire(t->dp), &id, &unused,
			    BPF_ANY);
	nh_table__put(t->nh, pw->nh_id);
	label_stats__free(t->stats, pw->stats_id);
	pr_info("pseudowire %s: removed", pw->cfg.name);
	memset(pw, 0, sizeof(*pw));
}

static uint32_t pw_peer_nexthop(struct pw_table *t, const struct cfg_pw *c)
{
	struct nh_key key = {.kind = NH_PE, .addr = c->peer};

	return nh_table__get(t->nh, &key);
}

int pws_apply(struct pw_table *t, const struct mplsx_config *cfg)
{
	uint32_t id;
	size_t i;

	/* Gone, or a new local label: the old label entry goes. */
	for (id = 1; id < MPLSX_MAX_PSEUDOWIRES; id++) {
		struct pw_state *pw = &t->by_id[id];
		const struct cfg_pw *c;

		if (!pw->used)
			continue;
		c = mplsx_config__pw(cfg, pw->cfg.name);
		if (!c || c->local_label != pw->cfg.local_label)
			pw_release(t, id);
	}
	for (i = 0; i < cfg->n_pws; i++) {
		const struct cfg_pw *c = &cfg->pws[i];
		struct pw_state *pw;

		id = pw_id_by_name(t, c->name);
		if (!id) {
			for (id = 1;
			     id < MPLSX_MAX_PSEUDOWIRES && t->by_id[id].used;
			     id++)
				;
			if (id == MPLSX_MAX_PSEUDOWIRES)
				return -ENOSPC;
			pw = &t->by_id[id];
			pw->used = true;
			pw->cfg = *c;
			pw->port_id = -1;
			pw->stats_id = label_stats__alloc(t->stats);
			pw->nh_id = pw_peer_nexthop(t, c);
			dataplane__percpu_zero(t->dp,
					       dataplane__pw_stats(t->dp), id,
					       sizeof(struct pw_stats));
			pr_info("pseudowire %s: id %u, local label %u", c->name,
				id, c->local_label);
		}
		pw = &t->by_id[id];
		if (!mplsx_addr__equal(&pw->cfg.peer, &c->peer)) {
			uint32_t old = pw->nh_id;

			/* The map entry moves before the old one is let go. */
			pw->nh_id = pw_peer_nexthop(t, c);
			pw->cfg = *c;
			pws_sync(t);
			nh_table__put(t->nh, old);
		}
		pw->cfg = *c;
		pw_label_write(t, id);
	}
	return 0;
}

/* The map entry and why it is down, from the AC's link and the peer. */
static void pw_compute(struct pw_table *t, struct pw_state *pw,
		       struct pseudowire *v)
{
	const struct nh_entry *e = nh_table__entry(t->nh, pw->nh_id);
	char peer[MPLSX_ADDRSTRLEN], ac[IF_NAMESIZE];
	const struct port_state *p;
	struct mplsx_link link;

	memset(v, 0, sizeof(*v));
	v->state = MPLSX_PW_DOWN;
	v->pw_label = htonl(pw->cfg.remote_label << MPLS_LS_LABEL_SHIFT |
			    MPLS_LS_S_MASK | 255);
	v->nexthop_id = pw->nh_id;
	v->flags = pw->cfg.control_word ? MPLSX_PW_F_CW : 0;
	mplsx_addr__str(&pw->cfg.peer, peer);

	pw->port_id = port__ac(t->ports, pw->cfg.name);
	if (pw->port_id < 0) {
		snprintf(pw->reason, sizeof(pw->reason),
			 "no attachment circuit");
		return;
	}
	p = &t->ports[pw->port_id];
	v->ac_ifindex = (uint32_t)p->ifindex;
	v->ac_port_id = (uint32_t)pw->port_id;
	v->ac_vlan = p->cfg.vlan;
	/* A copy: the compiler cannot tell it from pw->reason, both in t. */
	memcpy(ac, p->cfg.name, sizeof(ac));
	if (mplsx_nl__link_by_index(t->nl, p->ifindex, &link)) {
		snprintf(pw->reason, sizeof(pw->reason),
			 "attachment circuit %s is gone", ac);
		return;
	}
	v->ac_mtu = link.mtu > 0xFFFF ? 0xFFFF : (uint16_t)link.mtu;
	if (!link.up) {
		snprintf(pw->reason, sizeof(pw->reason),
			 "attachment circuit %s is down", ac);
		return;
	}
	if (!e) {
		snprintf(pw->reason, sizeof(pw->reason),
			 "peer %s: nexthop table full", peer);
		return;
	}
	if (!nh_table__usable(t->nh, pw->nh_id)) {
		snprintf(pw->reason, sizeof(pw->reason), "peer %s: %s", peer,
			 e->reason);
		return;
	}
	pw->reason[0] = '\0';
	v->state = MPLSX_PW_UP;
}

void pws_sync(struct pw_table *t)
{
	int fd = dataplane__pseudowire(t->dp);
	struct pseudowire v;
	uint32_t id;

	if (fd < 0)
		return;
	for (id = 1; id < MPLSX_MAX_PSEUDOWIRES; id++) {
		struct pw_state *pw = &t->by_id[id];

		if (!pw->used)
			continue;
		pw_compute(t, pw, &v);
		if (pw->map_written && !memcmp(&v, &pw->written, sizeof(v)))
			continue;
		if (bpf_map_update_elem(fd, &id, &v, BPF_ANY)) {
			pr_warn("pseudowire %s: map update failed: %s",
				pw->cfg.name, strerror(errno));
			continue;
		}
		if (!pw->map_written || v.state != pw->written.state) {
			if (v.state == MPLSX_PW_UP)
				pr_info("pseudowire %s: up", pw->cfg.name);
			else
				pr_info("pseudowire %s: down: %s", pw->cfg.name,
					pw->reason);
		}
		pw->written = v;
		pw->map_written = true;
	}
}
