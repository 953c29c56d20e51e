// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * vpls.c - VPLS instances (RFC 4762 data plane) with static labels.
 *
 * An instance gets a vpls_id, each of its peers (one pseudowire of the
 * full mesh) a peer id and its local label in label_table.  The data path
 * learns MACs itself (bpf/lib/vpls.h); this file keeps what it reads
 * true: which ACs and peers are up, the flood list of each instance
 * (ACs, then peers in ascending order of the header a copy needs), the
 * TC flood program on every VPLS AC and core port, and the MAC table's
 * aging: once a second entries older than mac_age, or behind a member
 * that is gone or down, are deleted and counted in mac_removed.
 *
 * Signalling: none (RFC 4762 uses LDP, RFC 4761 BGP): labels are static,
 * both PEs of each pseudowire configure them.
 */
#include "svc/vpls.h"

#include <arpa/inet.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <limits.h>
#include <time.h>
#include <unistd.h>

#include "util/log.h"

#define VPLS_TC_HANDLE	 0x4d58 /* "MX" */
#define VPLS_TC_PRIORITY 1
#define NSEC_PER_SEC	 1000000000ull

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * NSEC_PER_SEC + (uint64_t)ts.tv_nsec;
}

/* vpls_clock's unit: whole seconds of CLOCK_MONOTONIC (so that a
 * restarted mplsxd goes on from the same count). */
static uint64_t now_s(void)
{
	return now_ns() / NSEC_PER_SEC;
}

static void clock_write(struct vpls_table *t)
{
	struct vpls_clock c = {.now = now_s()};
	__u32 zero = 0;

	bpf_map_update_elem(dataplane__map_fd(t->dp, "vpls_clock"), &zero, &c,
			    BPF_ANY);
}

void vpls_init(struct vpls_table *t, struct mplsx_dataplane *dp,
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

uint32_t vpls_id_by_name(const struct vpls_table *t, const char *name)
{
	uint32_t id;

	for (id = 1; id < MPLSX_MAX_VPLS; id++)
		if (t->inst[id].used && !strcmp(t->inst[id].name, name))
			return id;
	return 0;
}

/* ---- the MAC table ------------------------------------------------------ */

struct mac_row {
	struct vpls_mac_key key;
	struct vpls_mac val;
};

/* Every entry, with bpf_map_lookup_batch (a dump of 65,536 entries is a
 * few dozen syscalls, not 130,000).  *n rows in a new array. */
static struct mac_row *mac_dump(int fd, size_t *n)
{
	enum { BATCH = 1024 };
	struct vpls_mac_key keys[BATCH];
	struct vpls_mac vals[BATCH];
	struct mac_row *rows = NULL, *grown;
	size_t cap = 0;
	uint64_t in = 0, out = 0;
	bool first = true;
	uint32_t i, cnt;
	int err;

	*n = 0;
	if (fd < 0)
		return NULL;
	for (;;) {
		LIBBPF_OPTS(bpf_map_batch_opts, opts);

		cnt = BATCH;
		err = bpf_map_lookup_batch(fd, first ? NULL : &in, &out, keys,
					   vals, &cnt, &opts);
		if (err && errno != ENOENT)
			break;
		if (*n + cnt > cap) {
			cap = (*n + cnt) * 2;
			grown = realloc(rows, cap * sizeof(*rows));
			if (!grown)
				break;
			rows = grown;
		}
		for (i = 0; i < cnt; i++) {
			rows[*n].key = keys[i];
			rows[*n].val = vals[i];
			(*n)++;
		}
		if (err) /* ENOENT: that was the last batch */
			break;
		in = out;
		first = false;
	}
	return rows;
}

/* Delete one entry, counted against its instance. */
static void mac_delete(struct vpls_table *v, int fd, const struct mac_row *row)
{
	if (row->key.vpls_id >= MPLSX_MAX_VPLS)
		return;
	if (!bpf_map_delete_elem(fd, &row->key))
		v->inst[row->key.vpls_id].mac_removed++;
}

/* The member a MAC was learnt behind is still up in its instance. */
static bool mac_member_up(const struct vpls_table *v, const struct mac_row *row)
{
	uint32_t id = row->val.id;

	if (row->val.where == MPLSX_VPLS_AC)
		return id < MPLSX_MAX_PORTS && v->ac_written[id] &&
		       v->ac[id].state == MPLSX_VPLS_UP &&
		       v->ac[id].vpls_id == row->key.vpls_id;
	if (row->val.where == MPLSX_VPLS_PW)
		return id < MPLSX_MAX_VPLS_PEERS && v->peers[id].used &&
		       v->peers[id].written.state == MPLSX_VPLS_UP &&
		       v->peers[id].vpls_id == row->key.vpls_id;
	return false;
}

/* Remove entries of instance id (0: all) that are older than mac_age,
 * behind a member that is down or gone, or every one (all). */
static void mac_sweep(struct vpls_table *t, uint32_t only, bool all)
{
	struct vpls_table *v = t;
	int fd = dataplane__map_fd(t->dp, "vpls_mac");
	uint64_t now = now_s();
	struct mac_row *rows;
	size_t n, i;

	rows = mac_dump(fd, &n);
	for (i = 0; rows && i < n; i++) {
		const struct vpls_inst_state *in;
		uint32_t id = rows[i].key.vpls_id;

		if (only && id != only)
			continue;
		in = id < MPLSX_MAX_VPLS ? &v->inst[id] : NULL;
		if (all || !in || !in->used || !mac_member_up(v, &rows[i]) ||
		    (now > rows[i].val.seen &&
		     now - rows[i].val.seen > (uint64_t)in->mac_age))
			mac_delete(v, fd, &rows[i]);
	}
	free(rows);
}

/*
 * An adopted instance's MAC count.  The data path bounds an instance by
 * vpls_mac_count.added - mac_removed; the table outlived the previous
 * daemon, its mac_removed did not.  The entries of the instance are
 * counted and mac_removed set so that the difference is that count: the
 * limit holds at once, and every entry aged out later is counted against
 * it.  added is read before and after the count: a frame learnt meanwhile
 * (the data path forwards on) makes the count start again.
 */
static void mac_count_adopt(struct vpls_table *t, uint32_t id)
{
	int cnt_fd = dataplane__map_fd(t->dp, "vpls_mac_count");
	int mac_fd = dataplane__map_fd(t->dp, "vpls_mac");
	struct vpls_inst_state *in = &t->inst[id];
	struct vpls_mac_count before, after, fix;
	struct mac_row *rows;
	uint64_t n_id = 0;
	size_t n, i;
	int tries;

	for (tries = 0; tries < 8; tries++) {
		if (bpf_map_lookup_elem(cnt_fd, &id, &before))
			return;
		rows = mac_dump(mac_fd, &n);
		for (i = 0, n_id = 0; rows && i < n; i++)
			n_id += rows[i].key.vpls_id == id;
		free(rows);
		if (bpf_map_lookup_elem(cnt_fd, &id, &after))
			return;
		if (before.added == after.added)
			break;
	}
	if (after.added >= n_id) {
		in->mac_removed = after.added - n_id;
	} else {
		/* Fewer learnt than held (not an mplsxd's count): start the
		 * count from what the table holds. */
		fix.added = n_id;
		bpf_map_update_elem(cnt_fd, &id, &fix, BPF_ANY);
		in->mac_removed = 0;
	}
	pr_info("vpls %s: %llu learnt MACs adopted", in->name,
		(unsigned long long)n_id);
}

/*
 * Upgraded to another layout (DP_MIGRATE), the new vpls_mac starts empty
 * while the earlier program goes on learning into its own.  Just before
 * the commit, when nothing writes the new table yet, the earlier one's
 * entries are copied into it when its key and value have our sizes, each
 * only if it names a member of its instance that is up here, and the
 * count is set to what was copied: the table, and mac_limit, carry on.
 */
void vpls_migrate_macs(struct vpls_table *t)
{
	char path[PATH_MAX + 16];
	struct bpf_map_info info = {0};
	__u32 len = sizeof(info);
	uint64_t n_id[MPLSX_MAX_VPLS] = {0};
	int old_fd, fd = dataplane__map_fd(t->dp, "vpls_mac");
	struct mac_row *rows;
	size_t n = 0, i, copied = 0;
	uint32_t id;

	if (t->dp->start != DP_MIGRATE || t->dp->pinned || t->macs_migrated ||
	    fd < 0)
		return;
	t->macs_migrated = true;
	snprintf(path, sizeof(path), "%s/vpls_mac", t->dp->pin_dir);
	old_fd = bpf_obj_get(path);
	if (old_fd < 0)
		return;
	if (bpf_obj_get_info_by_fd(old_fd, &info, &len) ||
	    info.type != BPF_MAP_TYPE_HASH ||
	    info.key_size != sizeof(struct vpls_mac_key) ||
	    info.value_size != sizeof(struct vpls_mac)) {
		close(old_fd);
		return;
	}
	rows = mac_dump(old_fd, &n);
	close(old_fd);
	for (i = 0; rows && i < n; i++) {
		id = rows[i].key.vpls_id;
		if (id >= MPLSX_MAX_VPLS || !t->inst[id].used ||
		    !mac_member_up(t, &rows[i]) ||
		    n_id[id] >= t->inst[id].mac_limit ||
		    bpf_map_update_elem(fd, &rows[i].key, &rows[i].val,
					BPF_NOEXIST))
			continue;
		n_id[id]++;
		copied++;
	}
	free(rows);
	for (id = 1; id < MPLSX_MAX_VPLS; id++) {
		struct vpls_mac_count c = {.added = n_id[id] +
						    t->inst[id].mac_removed};

		if (t->inst[id].used)
			bpf_map_update_elem(
				dataplane__map_fd(t->dp, "vpls_mac_count"), &id,
				&c, BPF_ANY);
	}
	pr_info("vpls: %zu of the %zu learnt MACs of layout %u carried over",
		copied, n, t->dp->found_version);
}

/* ---- instances and peers ------------------------------------------------ */

static void peer_label_write(struct vpls_table *t, uint32_t id)
{
	struct vpls_peer_state *p = &t->peers[id];
	struct label_entry e = {
		.action = MPLSX_LABEL_VPLS,
		.stats_id = p->stats_id,
		.vpls_peer_id = id,
	};

	if (dataplane__label_write(t->dp, p->cfg.local_label, &e, &p->label))
		pr_warn("vpls peer %u: label_table update failed: %s",
			p->cfg.local_label, strerror(errno));
}

static void peer_release(struct vpls_table *t, uint32_t id)
{
	struct vpls_peer_state *p = &t->peers[id];
	struct vpls_peer none = {0};

	dataplane__label_clear(t->dp, p->cfg.local_label);
	bpf_map_update_elem(dataplane__map_fd(t->dp, "vpls_peer"), &id, &none,
			    BPF_ANY);
	nh_table__put(t->nh, p->nh_id);
	label_stats__free(t->stats, p->stats_id);
	memset(p, 0, sizeof(*p));
}

static void inst_release(struct vpls_table *t, uint32_t id)
{
	struct vpls_table *v = t;
	struct vpls_instance none = {0};
	uint32_t pid;

	for (pid = 1; pid < MPLSX_MAX_VPLS_PEERS; pid++)
		if (v->peers[pid].used && v->peers[pid].vpls_id == id)
			peer_release(t, pid);
	bpf_map_update_elem(dataplane__map_fd(t->dp, "vpls"), &id, &none,
			    BPF_ANY);
	v->inst[id].used = false; /* the sweep takes its MACs */
	mac_sweep(t, id, true);
	pr_info("vpls %s: removed", v->inst[id].name);
	memset(&v->inst[id], 0, sizeof(v->inst[id]));
}

static uint32_t peer_find(const struct vpls_table *v, uint32_t vpls_id,
			  const struct cfg_vpls_peer *c)
{
	uint32_t id;

	for (id = 1; id < MPLSX_MAX_VPLS_PEERS; id++) {
		const struct vpls_peer_state *p = &v->peers[id];

		if (p->used && p->vpls_id == vpls_id &&
		    mplsx_addr__equal(&p->cfg.pe, &c->pe) &&
		    p->cfg.local_label == c->local_label)
			return id;
	}
	return 0;
}

static bool peer_in_cfg(const struct vpls_peer_state *p,
			const struct cfg_vpls *c)
{
	size_t i;

	for (i = 0; c && i < c->n_peers; i++)
		if (mplsx_addr__equal(&p->cfg.pe, &c->peers[i].pe) &&
		    p->cfg.local_label == c->peers[i].local_label)
			return true;
	return false;
}

static int peer_add(struct vpls_table *t, uint32_t vpls_id,
		    const struct cfg_vpls_peer *c)
{
	struct vpls_table *v = t;
	struct nh_key key = {.kind = NH_PE, .addr = c->pe};
	struct vpls_peer_state *p;
	uint32_t id;

	for (id = 1; id < MPLSX_MAX_VPLS_PEERS && v->peers[id].used; id++)
		;
	if (id == MPLSX_MAX_VPLS_PEERS)
		return -ENOSPC;
	p = &v->peers[id];
	p->used = true;
	p->vpls_id = vpls_id;
	p->cfg = *c;
	p->stats_id = label_stats__alloc(t->stats);
	p->nh_id = nh_table__get(t->nh, &key);
	dataplane__percpu_zero(t->dp,
			       dataplane__map_fd(t->dp, "vpls_peer_stats"), id,
			       sizeof(struct vpls_member_stats));
	return 0;
}

int vpls_apply(struct vpls_table *t, const struct mplsx_config *cfg)
{
	struct vpls_table *v = t;
	uint32_t id, pid;
	size_t i, j;
	int rc;

	/* Gone instances and peers first: their labels may be reused. */
	for (id = 1; id < MPLSX_MAX_VPLS; id++)
		if (v->inst[id].used &&
		    !mplsx_config__vpls(cfg, v->inst[id].name))
			inst_release(t, id);
	for (pid = 1; pid < MPLSX_MAX_VPLS_PEERS; pid++) {
		struct vpls_peer_state *p = &v->peers[pid];

		if (p->used &&
		    !peer_in_cfg(p, mplsx_config__vpls(
					    cfg, v->inst[p->vpls_id].name)))
			peer_release(t, pid);
	}
	for (i = 0; i < cfg->n_vpls; i++) {
		const struct cfg_vpls *c = &cfg->vpls[i];
		struct vpls_inst_state *in;

		id = vpls_id_by_name(t, c->name);
		if (!id) {
			for (id = 1; id < MPLSX_MAX_VPLS && v->inst[id].used;
			     id++)
				;
			if (id == MPLSX_MAX_VPLS)
				return -ENOSPC;
			in = &v->inst[id];
			memset(in, 0, sizeof(*in));
			in->used = true;
			memcpy(in->name, c->name, sizeof(in->name));
			/* A reused id starts from an empty count; an adopted
			 * one goes on from the MACs its table holds. */
			struct vpls_mac_count zero = {0};

			if (t->dp->keep_counters)
				mac_count_adopt(t, id);
			else
				bpf_map_update_elem(
					dataplane__map_fd(t->dp,
							  "vpls_mac_count"),
					&id, &zero, BPF_ANY);
			dataplane__percpu_zero(
				t->dp, dataplane__map_fd(t->dp, "vpls_stats"),
				id, sizeof(struct vpls_stats));
			pr_info("vpls %s: id %u, %zu peers", c->name, id,
				c->n_peers);
		}
		in = &v->inst[id];
		in->control_word = c->control_word;
		in->mac_age = c->mac_age;
		in->mac_limit = c->mac_limit;
		for (j = 0; j < c->n_peers; j++) {
			pid = peer_find(v, id, &c->peers[j]);
			if (!pid) {
				rc = peer_add(t, id, &c->peers[j]);
				if (rc)
					return rc;
				pid = peer_find(v, id, &c->peers[j]);
			}
			v->peers[pid].cfg = c->peers[j]; /* remote_label */
			peer_label_write(t, pid);
		}
	}
	v->n_inst = cfg->n_vpls;
	return 0;
}

/* ---- map entries -------------------------------------------------------- */

static void ac_compute(struct vpls_table *t, int port_id, struct vpls_ac *a)
{
	const struct port_state *p = &t->ports[port_id];
	struct mplsx_link link;

	memset(a, 0, sizeof(*a));
	if (!p->used || !p->cfg.vpls[0])
		return;
	a->ifindex = (uint32_t)p->ifindex;
	a->vlan = p->cfg.vlan;
	a->vpls_id = (uint16_t)vpls_id_by_name(t, p->cfg.vpls);
	if (mplsx_nl__link_by_index(t->nl, p->ifindex, &link))
		return;
	a->mtu = link.mtu > 0xFFFF ? 0xFFFF : (uint16_t)link.mtu;
	if (link.up && a->vpls_id)
		a->state = MPLSX_VPLS_UP;
}

static void peer_compute(struct vpls_table *t, uint32_t id,
			 struct vpls_peer *out)
{
	struct vpls_peer_state *p = &t->peers[id];
	const struct nh_entry *e = nh_table__entry(t->nh, p->nh_id);
	const struct vpls_inst_state *in = &t->inst[p->vpls_id];
	char pe[MPLSX_ADDRSTRLEN];

	memset(out, 0, sizeof(*out));
	out->pw_label = htonl(p->cfg.remote_label << MPLS_LS_LABEL_SHIFT |
			      MPLS_LS_S_MASK | 255);
	out->nexthop_id = p->nh_id;
	out->vpls_id = (uint16_t)p->vpls_id;
	out->flags = in->control_word ? MPLSX_VPLS_F_CW : 0;
	mplsx_addr__str(&p->cfg.pe, pe);
	p->hdr_len = 0;
	if (!e) {
		snprintf(p->reason, sizeof(p->reason),
			 "pe %s: nexthop table full", pe);
		return;
	}
	if (!nh_table__resolved(t->nh, p->nh_id)) {
		snprintf(p->reason, sizeof(p->reason), "pe %s: %s", pe,
			 e->reason);
		return;
	}
	e = nh_table__resolved(t->nh, p->nh_id); /* a group: a member's */
	p->reason[0] = '\0';
	out->state = MPLSX_VPLS_UP;
	p->hdr_len = 14 + (e->value.vlan_id ? 4 : 0) +
		     4 * ((uint32_t)e->value.n_push + 1) +
		     (in->control_word ? 4 : 0);
}

/* Instance entry: limits, and the flood list (ACs, then peers by header
 * length, smallest first: the TC program only grows the head). */
static void inst_compute(struct vpls_table *t, uint32_t id,
			 struct vpls_instance *out)
{
	struct vpls_table *v = t;
	const struct vpls_inst_state *in = &v->inst[id];
	uint32_t pid, n = 0, k;
	int i;

	memset(out, 0, sizeof(*out));
	out->state = MPLSX_VPLS_UP;
	out->flags = in->control_word ? MPLSX_VPLS_F_CW : 0;
	out->mac_limit = in->mac_limit;
	out->mac_removed = in->mac_removed;
	for (i = 0; i < MPLSX_MAX_PORTS && n < MPLSX_VPLS_MAX_MEMBERS; i++)
		if (v->ac_written[i] && v->ac[i].vpls_id == id)
			out->member[n++] = (uint16_t)i;
	out->n_ac = (uint8_t)n;
	for (pid = 1; pid < MPLSX_MAX_VPLS_PEERS && n < MPLSX_VPLS_MAX_MEMBERS;
	     pid++) {
		if (!v->peers[pid].used || v->peers[pid].vpls_id != id ||
		    v->peers[pid].written.state != MPLSX_VPLS_UP)
			continue;
		/* insertion by hdr_len, stable */
		for (k = n;
		     k > out->n_ac && v->peers[out->member[k - 1]].hdr_len >
					      v->peers[pid].hdr_len;
		     k--)
			out->member[k] = out->member[k - 1];
		out->member[k] = (uint16_t)pid;
		n++;
	}
	out->n_pw = (uint8_t)(n - out->n_ac);
}

static void maps_sync(struct vpls_table *t)
{
	struct vpls_table *v = t;
	int ac_fd = dataplane__map_fd(t->dp, "vpls_ac");
	int peer_fd = dataplane__map_fd(t->dp, "vpls_peer");
	int inst_fd = dataplane__map_fd(t->dp, "vpls");
	struct vpls_instance vi;
	struct vpls_peer vp;
	struct vpls_ac a;
	uint32_t id;
	int i;

	if (ac_fd < 0 || peer_fd < 0 || inst_fd < 0)
		return;
	for (i = 0; i < MPLSX_MAX_PORTS; i++) {
		uint32_t key = (uint32_t)i;

		ac_compute(t, i, &a);
		if (!t->ports[i].used || !t->ports[i].cfg.vpls[0]) {
			if (v->ac_written[i]) {
				bpf_map_update_elem(ac_fd, &key, &a, BPF_ANY);
				v->ac_written[i] = false;
			}
			continue;
		}
		if (v->ac_written[i] && !memcmp(&a, &v->ac[i], sizeof(a)))
			continue;
		if (!v->ac_written[i])
			dataplane__percpu_zero(
				t->dp,
				dataplane__map_fd(t->dp, "vpls_ac_stats"), key,
				sizeof(struct vpls_member_stats));
		if (bpf_map_update_elem(ac_fd, &key, &a, BPF_ANY))
			pr_warn("%s: vpls_ac update failed: %s",
				t->ports[i].cfg.name, strerror(errno));
		if (!v->ac_written[i] || a.state != v->ac[i].state)
			pr_info("vpls %s: attachment circuit %s %s",
				t->ports[i].cfg.vpls, t->ports[i].cfg.name,
				a.state == MPLSX_VPLS_UP ? "up" : "down");
		v->ac[i] = a;
		v->ac_written[i] = true;
	}
	for (id = 1; id < MPLSX_MAX_VPLS_PEERS; id++) {
		struct vpls_peer_state *p = &v->peers[id];
		char pe[MPLSX_ADDRSTRLEN];

		if (!p->used)
			continue;
		peer_compute(t, id, &vp);
		if (p->map_written && !memcmp(&vp, &p->written, sizeof(vp)))
			continue;
		if (bpf_map_update_elem(peer_fd, &id, &vp, BPF_ANY)) {
			pr_warn("vpls peer %u: map update failed: %s", id,
				strerror(errno));
			continue;
		}
		if (!p->map_written || vp.state != p->written.state)
			pr_info("vpls %s: peer %s %s%s%s",
				v->inst[p->vpls_id].name,
				mplsx_addr__str(&p->cfg.pe, pe),
				vp.state == MPLSX_VPLS_UP ? "up" : "down",
				p->reason[0] ? ": " : "", p->reason);
		p->written = vp;
		p->map_written = true;
	}
	for (id = 1; id < MPLSX_MAX_VPLS; id++) {
		struct vpls_inst_state *in = &v->inst[id];

		if (!in->used)
			continue;
		inst_compute(t, id, &vi);
		if (in->map_written && !memcmp(&vi, &in->written, sizeof(vi)))
			continue;
		if (bpf_map_update_elem(inst_fd, &id, &vi, BPF_ANY)) {
			pr_warn("vpls %s: map update failed: %s", in->name,
				strerror(errno));
			continue;
		}
		in->written = vi;
		in->map_written = true;
	}
}

/* ---- the TC flood program ----------------------------------------------- */

static bool tc_wanted(const struct vpls_table *t, int ifindex)
{
	int i;

	if (!t->n_inst)
		return false;
	for (i = 0; i < MPLSX_MAX_PORTS; i++)
		if (t->ports[i].used && t->ports[i].ifindex == ifindex &&
		    (t->ports[i].cfg.mpls || t->ports[i].cfg.vpls[0]))
			return true;
	return false;
}

static void tc_detach(struct vpls_table *v, int slot)
{
	LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = v->tc_ifindex[slot],
		    .attach_point = BPF_TC_INGRESS);
	LIBBPF_OPTS(bpf_tc_opts, opts, .handle = VPLS_TC_HANDLE,
		    .priority = VPLS_TC_PRIORITY);

	bpf_tc_detach(&hook, &opts);
	if (v->tc_qdisc_ours[slot]) {
		/* Only the clsact qdisc we made; INGRESS|EGRESS removes it
		 * whole. */
		hook.attach_point = BPF_TC_INGRESS | BPF_TC_EGRESS;
		bpf_tc_hook_destroy(&hook);
	}
	v->tc_ifindex[slot] = v->tc_ifindex[v->n_tc - 1];
	v->tc_qdisc_ours[slot] = v->tc_qdisc_ours[v->n_tc - 1];
	v->tc_adopted[slot] = v->tc_adopted[v->n_tc - 1];
	v->n_tc--;
}

/* The id of the flood program an earlier mplsxd left on IFINDEX (our
 * handle and priority), 0: none. */
static uint32_t tc_found(int ifindex)
{
	LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = ifindex,
		    .attach_point = BPF_TC_INGRESS);
	LIBBPF_OPTS(bpf_tc_opts, opts, .handle = VPLS_TC_HANDLE,
		    .priority = VPLS_TC_PRIORITY);

	if (bpf_tc_query(&hook, &opts))
		return 0;
	return opts.prog_id;
}

/* Our flood program on IFINDEX: attached, or put in place of the one
 * there with our handle and priority in one netlink request (a tc filter
 * replace: never none, never two).  SLOT >= 0: the adopted filter of
 * that slot is replaced. */
static void tc_attach(struct vpls_table *t, int ifindex, int slot)
{
	struct vpls_table *v = t;
	int fd = dataplane__prog_fd(t->dp, "mplsx_vpls_tc");
	LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = ifindex,
		    .attach_point = BPF_TC_INGRESS);
	LIBBPF_OPTS(bpf_tc_opts, opts, .handle = VPLS_TC_HANDLE,
		    .priority = VPLS_TC_PRIORITY, .prog_fd = fd,
		    .flags = BPF_TC_F_REPLACE);
	bool ours;
	int err;

	if (fd < 0 || (slot < 0 && v->n_tc >= MPLSX_MAX_PORTS))
		return;
	if (slot >= 0) {
		err = bpf_tc_attach(&hook, &opts);
		if (err) {
			pr_warn("ifindex %d: cannot replace the VPLS flood "
				"program: %s",
				ifindex, strerror(-err));
			return;
		}
		v->tc_adopted[slot] = false;
		pr_info("ifindex %d: VPLS flood program replaced (id %u)",
			ifindex, opts.prog_id);
		return;
	}
	err = bpf_tc_hook_create(&hook);
	if (err && err != -EEXIST) {
		pr_warn("ifindex %d: cannot add a clsact qdisc: %s", ifindex,
			strerror(-err));
		return;
	}
	ours = !err;
	err = bpf_tc_attach(&hook, &opts);
	if (err) {
		pr_warn("ifindex %d: cannot attach the VPLS flood program: %s",
			ifindex, strerror(-err));
		if (ours) {
			hook.attach_point = BPF_TC_INGRESS | BPF_TC_EGRESS;
			bpf_tc_hook_destroy(&hook);
		}
		return;
	}
	v->tc_ifindex[v->n_tc] = ifindex;
	v->tc_qdisc_ours[v->n_tc] = ours;
	v->tc_adopted[v->n_tc] = false;
	v->n_tc++;
	pr_info("ifindex %d: VPLS flood program on TC ingress", ifindex);
}

static void tc_sync(struct vpls_table *t)
{
	struct vpls_table *v = t;
	uint32_t id;
	int i, j;

	for (j = v->n_tc - 1; j >= 0; j--)
		if (!tc_wanted(t, v->tc_ifindex[j]))
			tc_detach(v, j);
	for (i = 0; i < MPLSX_MAX_PORTS; i++) {
		int ifindex = t->ports[i].ifindex;

		if (!t->ports[i].used || !tc_wanted(t, ifindex))
			continue;
		for (j = 0; j < v->n_tc && v->tc_ifindex[j] != ifindex; j++)
			;
		if (j < v->n_tc) {
			/* An adopted filter goes with the earlier daemon's
			 * XDP program, whose metadata it reads. */
			if (v->tc_adopted[j] &&
			    !dataplane__port_pending(t->dp, ifindex))
				tc_attach(t, ifindex, j);
			continue;
		}
		id = tc_found(ifindex);
		if (id && dataplane__port_pending(t->dp, ifindex) &&
		    v->n_tc < MPLSX_MAX_PORTS) {
			/* The earlier daemon's XDP program runs here on its
			 * own maps until the commit; its flood program, on
			 * the same maps, floods for it until then. */
			v->tc_ifindex[v->n_tc] = ifindex;
			v->tc_qdisc_ours[v->n_tc] = false;
			v->tc_adopted[v->n_tc] = true;
			v->n_tc++;
			pr_info("ifindex %d: the earlier VPLS flood program "
				"(id %u) floods until the commit",
				ifindex, id);
			continue;
		}
		tc_attach(t, ifindex, -1);
	}
}

void vpls_sync(struct vpls_table *t)
{
	struct vpls_table *v = t;
	uint64_t now = now_ns();

	if (!v->dp->loaded)
		return;
	clock_write(t);
	maps_sync(t);
	tc_sync(t);
	if (now - v->last_sweep_ns >= NSEC_PER_SEC) {
		v->last_sweep_ns = now;
		mac_sweep(t, 0, false);
		maps_sync(t); /* mac_removed */
	}
}

/* An earlier daemon's flood filter on an interface that is no VPLS AC or
 * core port of ours any more (the config changed while no mplsxd ran):
 * once its XDP program is gone (the commit), it goes too. */
static void tc_leftovers(struct vpls_table *v)
{
	struct if_nameindex *ifs = if_nameindex(), *it;
	int j;

	for (it = ifs; it && it->if_index; it++) {
		int ifindex = (int)it->if_index;
		LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = ifindex,
			    .attach_point = BPF_TC_INGRESS);
		LIBBPF_OPTS(bpf_tc_opts, opts, .handle = VPLS_TC_HANDLE,
			    .priority = VPLS_TC_PRIORITY);

		for (j = 0; j < v->n_tc && v->tc_ifindex[j] != ifindex; j++)
			;
		if (j < v->n_tc || !tc_found(ifindex))
			continue;
		if (!bpf_tc_detach(&hook, &opts))
			pr_info("%s: no VPLS here any more, the earlier "
				"daemon's flood program removed",
				it->if_name);
	}
	if (ifs)
		if_freenameindex(ifs);
}

void vpls_commit(struct vpls_table *t)
{
	vpls_sync(t);
	tc_leftovers(t);
}

int vpls_clear_mac(struct vpls_table *t, const char *name)
{
	uint32_t id = 0;

	if (name) {
		id = vpls_id_by_name(t, name);
		if (!id)
			return -1;
	}
	mac_sweep(t, id, true);
	maps_sync(t);
	return 0;
}

void vpls_shutdown(struct vpls_table *t)
{
	while (t->n_tc)
		tc_detach(t, t->n_tc - 1);
}

/* ---- reading the MAC table (for ctl/vpls_show.c) ------------------------ */

/* Rows by instance, then MAC. */
static int mac_row_cmp(const void *a, const void *b)
{
	const struct mac_row *x = a, *y = b;

	if (x->key.vpls_id != y->key.vpls_id)
		return x->key.vpls_id < y->key.vpls_id ? -1 : 1;
	return memcmp(x->key.mac, y->key.mac, sizeof(x->key.mac));
}

cJSON *vpls_show_mac(const struct vpls_table *t, const char *name, char *err,
		     size_t errlen)
{
	const struct vpls_table *v = t;
	uint32_t only = 0;
	struct mac_row *rows;
	uint64_t now = now_s();
	cJSON *a;
	size_t n, i;

	if (name) {
		only = vpls_id_by_name(t, name);
		if (!only) {
			snprintf(err, errlen, "show mac: no VPLS named \"%s\"",
				 name);
			return NULL;
		}
	}
	a = cJSON_CreateArray();
	rows = mac_dump(dataplane__map_fd(t->dp, "vpls_mac"), &n);
	if (rows)
		qsort(rows, n, sizeof(*rows), mac_row_cmp);
	for (i = 0; rows && i < n; i++) {
		const struct mac_row *row = &rows[i];
		uint32_t id = row->key.vpls_id, mid = row->val.id;
		char mac[18], pe[MPLSX_ADDRSTRLEN];
		cJSON *o;

		if ((only && id != only) || id >= MPLSX_MAX_VPLS ||
		    !v->inst[id].used)
			continue;
		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "vpls", v->inst[id].name);
		snprintf(mac, sizeof(mac), "%02x:%02x:%02x:%02x:%02x:%02x",
			 row->key.mac[0], row->key.mac[1], row->key.mac[2],
			 row->key.mac[3], row->key.mac[4], row->key.mac[5]);
		cJSON_AddStringToObject(o, "mac", mac);
		if (row->val.where == MPLSX_VPLS_AC && mid < MPLSX_MAX_PORTS &&
		    t->ports[mid].used) {
			cJSON_AddStringToObject(o, "interface",
						t->ports[mid].cfg.name);
			if (t->ports[mid].cfg.vlan)
				cJSON_AddNumberToObject(o, "vlan",
							t->ports[mid].cfg.vlan);
		} else if (row->val.where == MPLSX_VPLS_PW &&
			   mid < MPLSX_MAX_VPLS_PEERS && v->peers[mid].used) {
			cJSON_AddStringToObject(
				o, "pe",
				mplsx_addr__str(&v->peers[mid].cfg.pe, pe));
		} else {
			cJSON_AddStringToObject(o, "interface", "(gone)");
		}
		cJSON_AddNumberToObject(o, "age",
					now > row->val.seen
						? (double)(now - row->val.seen)
						: 0);
		cJSON_AddItemToArray(a, o);
	}
	free(rows);
	return a;
}
