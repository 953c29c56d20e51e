// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* nhgroup.c - next-hop groups: ids, resilient buckets, the maps. */
#include "dp/nhgroup.h"

#include <bpf/bpf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util/log.h"

int nhg_table__init(struct nhg_table *t)
{
	memset(t, 0, sizeof(*t));
	t->groups = calloc(MPLSX_MAX_NHGROUPS, sizeof(*t->groups));
	t->used = calloc(MPLSX_MAX_NHGROUPS, sizeof(*t->used));
	if (!t->groups || !t->used) {
		nhg_table__free(t);
		return -ENOMEM;
	}
	t->map_fd = -1;
	t->stats_fd = -1;
	return 0;
}

void nhg_table__set_maps(struct nhg_table *t, int map_fd, int stats_fd,
			 int ncpus)
{
	t->map_fd = map_fd;
	t->stats_fd = stats_fd;
	t->ncpus = ncpus;
}

void nhg_table__free(struct nhg_table *t)
{
	free(t->groups);
	free(t->used);
	memset(t, 0, sizeof(*t));
	t->map_fd = -1;
	t->stats_fd = -1;
}

static void stats_zero(struct nhg_table *t, uint32_t id)
{
	struct nhg_stats *z;

	if (t->stats_fd < 0 || t->ncpus <= 0)
		return;
	z = calloc((size_t)t->ncpus, sizeof(*z));
	if (!z)
		return;
	bpf_map_update_elem(t->stats_fd, &id, z, BPF_ANY);
	free(z);
}

uint32_t nhg_table__alloc(struct nhg_table *t)
{
	uint32_t id;

	for (id = 1; id < MPLSX_MAX_NHGROUPS; id++) {
		if (t->used[id])
			continue;
		t->used[id] = true;
		memset(&t->groups[id], 0, sizeof(t->groups[id]));
		stats_zero(t, id);
		return id;
	}
	return 0;
}

void nhg_table__release(struct nhg_table *t, uint32_t id)
{
	struct nexthop_group none = {0};

	if (!id || id >= MPLSX_MAX_NHGROUPS || !t->used[id])
		return;
	t->used[id] = false;
	memset(&t->groups[id], 0, sizeof(t->groups[id]));
	if (t->map_fd >= 0)
		bpf_map_update_elem(t->map_fd, &id, &none, BPF_ANY);
}

const struct nexthop_group *nhg_table__get(const struct nhg_table *t,
					   uint32_t id)
{
	if (!id || id >= MPLSX_MAX_NHGROUPS || !t->used[id])
		return NULL;
	return &t->groups[id];
}

/*
 * Each member that is up is owed round(B * weight / total) buckets (the
 * remainders go to the first members, so the shares add up to B).  A
 * bucket keeps its slot while that slot is up and not over its share;
 * the others go, in bucket order, to the members still owed some.
 */
void nhg_buckets(const struct nexthop_group *prev, const uint32_t *weight,
		 const bool *up, int n, struct nexthop_group *out)
{
	uint32_t owed[MPLSX_NHG_MAX_MEMBERS] = {0}, total = 0, given = 0;
	bool keep[MPLSX_NHG_BUCKETS];
	int i, b, s, n_up = 0;

	memset(out, 0, sizeof(*out));
	if (n > MPLSX_NHG_MAX_MEMBERS)
		n = MPLSX_NHG_MAX_MEMBERS;
	out->n_members = (uint16_t)(n > 0 ? n : 0);
	for (i = 0; i < n; i++) {
		if (!up[i])
			continue;
		total += weight[i] ? weight[i] : 1;
		n_up++;
	}
	out->n_up = (uint16_t)n_up;
	if (!n_up)
		return;
	for (i = 0; i < n; i++) {
		if (!up[i])
			continue;
		owed[i] =
			MPLSX_NHG_BUCKETS * (weight[i] ? weight[i] : 1) / total;
		given += owed[i];
	}
	for (i = 0; given < MPLSX_NHG_BUCKETS; i = (i + 1) % n)
		if (up[i]) {
			owed[i]++;
			given++;
		}
	/* Keep what may stay where it is. */
	for (b = 0; b < MPLSX_NHG_BUCKETS; b++) {
		s = prev && prev->n_up ? prev->bucket[b] : -1;
		keep[b] = s >= 0 && s < n && up[s] && owed[s] > 0;
		if (keep[b]) {
			out->bucket[b] = (uint8_t)s;
			owed[s]--;
		}
	}
	/* Hand the rest out, members in turn (flows of one member spread
	 * over all the others when it goes down). */
	s = 0;
	for (b = 0; b < MPLSX_NHG_BUCKETS; b++) {
		if (keep[b])
			continue;
		for (i = 0; i < n && !owed[s]; i++)
			s = (s + 1) % n;
		out->bucket[b] = (uint8_t)s;
		owed[s]--;
		s = (s + 1) % n;
	}
}

int nhg_table__write(struct nhg_table *t, uint32_t id, const uint32_t *member,
		     const uint32_t *weight, const bool *up, int n)
{
	struct nexthop_group g;
	int i;

	if (!id || id >= MPLSX_MAX_NHGROUPS || !t->used[id])
		return -EINVAL;
	nhg_buckets(&t->groups[id], weight, up, n, &g);
	for (i = 0; i < g.n_members; i++)
		g.member[i] = member[i];
	if (!memcmp(&g, &t->groups[id], sizeof(g)))
		return 0;
	if (t->map_fd >= 0 &&
	    bpf_map_update_elem(t->map_fd, &id, &g, BPF_ANY)) {
		pr_warn("nexthop group %u: map update failed: %s", id,
			strerror(errno));
		return -errno;
	}
	t->groups[id] = g;
	return 1;
}

int nhg_table__stats(const struct nhg_table *t, uint32_t id,
		     struct mplsx_counter *member)
{
	struct nhg_stats *v;
	int cpu, i;

	memset(member, 0, sizeof(*member) * MPLSX_NHG_MAX_MEMBERS);
	if (t->stats_fd < 0 || t->ncpus <= 0)
		return -EBADF;
	v = calloc((size_t)t->ncpus, sizeof(*v));
	if (!v)
		return -ENOMEM;
	if (bpf_map_lookup_elem(t->stats_fd, &id, v)) {
		free(v);
		return -errno;
	}
	for (cpu = 0; cpu < t->ncpus; cpu++)
		for (i = 0; i < MPLSX_NHG_MAX_MEMBERS; i++) {
			member[i].packets += v[cpu].member[i].packets;
			member[i].bytes += v[cpu].member[i].bytes;
		}
	free(v);
	return 0;
}

bool nhg_vias__equal(const struct nhg_vias *a, const struct nhg_vias *b)
{
	int i;

	if (a->n != b->n)
		return false;
	for (i = 0; i < a->n; i++)
		if (a->v[i].weight != b->v[i].weight ||
		    !mplsx_addr__equal(&a->v[i].addr, &b->v[i].addr))
			return false;
	return true;
}
