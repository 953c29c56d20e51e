// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * icmp.c - the data plane's ICMP state: the token bucket's parameters and
 * the source addresses.  A port answers from its first IPv4 address and
 * its first global IPv6 address; a port without IPv6 answers ICMPv6 from
 * ::ffff:its IPv4 address (what 6PE/6VPE P routers do: the core often
 * has no IPv6 at all, and the customer's traceroute still gets a hop).
 * A VRF's address is one of its interfaces' (vrf_own_addr).
 *
 * IPv4 without DF too big for the core is fragmented by a TC program of
 * the same object (bpf/lib/frag.h) on the ingress hook of every VRF
 * port's interface; the XDP program hands such packets to it only while
 * icmp_conf says MPLSX_ICMP_F_FRAGMENT, which is set once every one of
 * those interfaces has it (else they would reach the kernel's own
 * routing, which knows no VRF).
 */
#include "svc/icmp.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <netinet/in.h>
#include <string.h>

#include "util/log.h"
#include "mplsx.skel.h"

void icmp__conf(const struct cfg_icmp *cfg, struct icmp_conf *out)
{
	memset(out, 0, sizeof(*out));
	if (!cfg->enabled)
		return;
	out->flags = MPLSX_ICMP_F_ENABLED;
	if (cfg->rate) {
		out->cost_ns = 1000000000ull / cfg->rate;
		out->burst_ns = out->cost_ns * cfg->burst;
	}
}

/* Our filter on the clsact ingress hook: after the VPLS flood program's
 * priority, another handle (the two never share a frame: each passes on
 * what has no metadata of its own). */
#define FRAG_TC_HANDLE	 0x4d46 /* "MF" */
#define FRAG_TC_PRIORITY 2

static void tc_detach(struct icmp_state *s, int slot)
{
	LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = s->tc_ifindex[slot],
		    .attach_point = BPF_TC_INGRESS);
	LIBBPF_OPTS(bpf_tc_opts, opts, .handle = FRAG_TC_HANDLE,
		    .priority = FRAG_TC_PRIORITY);

	bpf_tc_detach(&hook, &opts);
	if (s->tc_qdisc_ours[slot]) {
		hook.attach_point = BPF_TC_INGRESS | BPF_TC_EGRESS;
		bpf_tc_hook_destroy(&hook);
	}
	s->tc_ifindex[slot] = s->tc_ifindex[s->n_tc - 1];
	s->tc_qdisc_ours[slot] = s->tc_qdisc_ours[s->n_tc - 1];
	s->n_tc--;
}

static bool tc_attach(struct icmp_state *s, const struct mplsx_dataplane *dp,
		      int ifindex)
{
	int fd = dataplane__prog_fd(dp, "mplsx_frag_tc");
	LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = ifindex,
		    .attach_point = BPF_TC_INGRESS);
	LIBBPF_OPTS(bpf_tc_opts, opts, .handle = FRAG_TC_HANDLE,
		    .priority = FRAG_TC_PRIORITY, .prog_fd = fd,
		    .flags = BPF_TC_F_REPLACE);
	bool ours;
	int err;

	if (fd < 0 || s->n_tc >= MPLSX_MAX_PORTS)
		return false;
	err = bpf_tc_hook_create(&hook);
	if (err && err != -EEXIST) {
		pr_warn("ifindex %d: no clsact qdisc for the fragmenter: %s",
			ifindex, strerror(-err));
		return false;
	}
	ours = !err;
	err = bpf_tc_attach(&hook, &opts);
	if (err) {
		pr_warn("ifindex %d: cannot attach the fragmenter: %s", ifindex,
			strerror(-err));
		if (ours) {
			hook.attach_point = BPF_TC_INGRESS | BPF_TC_EGRESS;
			bpf_tc_hook_destroy(&hook);
		}
		return false;
	}
	s->tc_ifindex[s->n_tc] = ifindex;
	s->tc_qdisc_ours[s->n_tc] = ours;
	s->n_tc++;
	pr_info("ifindex %d: IPv4 fragmenter on TC ingress", ifindex);
	return true;
}

static bool is_vrf_if(const struct port_state *ports, int ifindex)
{
	int i;

	for (i = 0; i < MPLSX_MAX_PORTS; i++)
		if (ports[i].used && ports[i].vrf_id &&
		    ports[i].ifindex == ifindex)
			return true;
	return false;
}

/* The fragmenter on exactly the interfaces of VRF ports; false if one
 * of them could not have it. */
static bool tc_sync(struct icmp_state *s, const struct mplsx_dataplane *dp,
		    const struct port_state *ports)
{
	bool ok = true;
	int i, j;

	for (j = s->n_tc - 1; j >= 0; j--)
		if (!is_vrf_if(ports, s->tc_ifindex[j]))
			tc_detach(s, j);
	for (i = 0; i < MPLSX_MAX_PORTS; i++) {
		if (!ports[i].used || !ports[i].vrf_id)
			continue;
		for (j = 0; j < s->n_tc && s->tc_ifindex[j] != ports[i].ifindex;
		     j++)
			;
		if (j == s->n_tc && !tc_attach(s, dp, ports[i].ifindex))
			ok = false;
	}
	return ok;
}

static int map_fd(const struct mplsx_dataplane *dp, const char *name)
{
	struct bpf_map *map;

	if (!dp->loaded)
		return -1;
	map = bpf_object__find_map_by_name(dp->skel->obj, name);
	return map ? bpf_map__fd(map) : -1;
}

struct addr_pick {
	bool has4, has6;
	struct icmp_src src;
};

static void addr_cb(void *ctx, const struct mplsx_addr *a, int prefix_len)
{
	struct addr_pick *p = ctx;

	(void)prefix_len;
	if (a->family == AF_INET && !p->has4) {
		memcpy(&p->src.v4, a->bytes, 4);
		p->has4 = true;
	} else if (a->family == AF_INET6 && !p->has6 &&
		   !(a->bytes[0] == 0xfe && (a->bytes[1] & 0xc0) == 0x80) &&
		   !(a->bytes[0] == 0 && !memcmp(a->bytes, a->bytes + 1, 14) &&
		     a->bytes[15] == 1)) {
		memcpy(p->src.v6, a->bytes, 16);
		p->has6 = true;
	}
}

/* No IPv6 address: ::ffff:v4. */
static void v4_mapped(struct addr_pick *p)
{
	if (p->has6 || !p->has4)
		return;
	memset(p->src.v6, 0, 10);
	p->src.v6[10] = p->src.v6[11] = 0xff;
	memcpy(p->src.v6 + 12, &p->src.v4, 4);
}

static void src_write(int fd, uint32_t key, struct icmp_src *cache,
		      const struct icmp_src *want, const char *what)
{
	if (!memcmp(cache, want, sizeof(*want)))
		return;
	if (fd < 0 || bpf_map_update_elem(fd, &key, want, BPF_ANY)) {
		pr_warn("icmp: cannot write the source of %s %u", what, key);
		return;
	}
	*cache = *want;
}

void icmp__sync(struct icmp_state *s, const struct mplsx_dataplane *dp,
		struct mplsx_nl *nl, const struct port_state *ports,
		const struct vrf_table *vrf, const struct cfg_icmp *cfg)
{
	int fd_conf = map_fd(dp, "icmp_conf"), fd_src = map_fd(dp, "icmp_src");
	int fd_vrf = map_fd(dp, "icmp_vrf_src");
	struct icmp_conf conf;
	uint32_t zero = 0, i;
	size_t j;

	if (!dp->loaded)
		return;
	icmp__conf(cfg, &conf);
	/* The fragmenter is not about ICMP: on whatever "icmp" says. */
	if (tc_sync(s, dp, ports))
		conf.flags |= MPLSX_ICMP_F_FRAGMENT;
	if (!s->conf_written || memcmp(&conf, &s->conf, sizeof(conf))) {
		if (fd_conf < 0 ||
		    bpf_map_update_elem(fd_conf, &zero, &conf, BPF_ANY))
			pr_warn("icmp: cannot write icmp_conf");
		else
			s->conf = conf, s->conf_written = true;
	}
	for (i = 0; i < MPLSX_MAX_PORTS; i++) {
		struct addr_pick p = {0};

		if (ports[i].used && ports[i].kernel_ifindex > 0 &&
		    !ports[i].cfg.pseudowire[0]) {
			mplsx_nl__addrs(nl, ports[i].kernel_ifindex, addr_cb,
					&p);
			v4_mapped(&p);
		}
		src_write(fd_src, i, &s->port[i], &p.src, "port");
	}
	for (j = 0; j < MPLSX_MAX_VRFS; j++) {
		struct addr_pick p = {0};
		struct mplsx_addr a;

		if (j && vrf->by_id[j].used) {
			if (vrf_own_addr(vrf, j, AF_INET, &a))
				addr_cb(&p, &a, 32);
			if (vrf_own_addr(vrf, j, AF_INET6, &a))
				addr_cb(&p, &a, 128);
			v4_mapped(&p);
		}
		src_write(fd_vrf, j, &s->vrf[j], &p.src, "vrf");
	}
}

void icmp__shutdown(struct icmp_state *s, const struct mplsx_dataplane *dp)
{
	int fd = map_fd(dp, "icmp_conf");
	struct icmp_conf conf = s->conf;
	uint32_t zero = 0;

	conf.flags &= ~MPLSX_ICMP_F_FRAGMENT;
	if (fd >= 0)
		bpf_map_update_elem(fd, &zero, &conf, BPF_ANY);
	while (s->n_tc)
		tc_detach(s, s->n_tc - 1);
}

int icmp__stats(const struct mplsx_dataplane *dp,
		struct mplsx_counter out[MPLSX_ICMP__MAX])
{
	int fd = map_fd(dp, "icmp_stats"), i;

	memset(out, 0, sizeof(*out) * MPLSX_ICMP__MAX);
	if (fd < 0)
		return -1;
	for (i = 0; i < MPLSX_ICMP__MAX; i++)
		dataplane__percpu_sum(dp, fd, i, (uint64_t *)&out[i], 2);
	return 0;
}
