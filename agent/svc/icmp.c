// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * icmp.c - the data plane's ICMP state: the token bucket's parameters and
 * the source addresses.  A port answers from its first IPv4 address and
 * its first global IPv6 address; a port without IPv6 answers ICMPv6 from
 * ::ffff:its IPv4 address (what 6PE/6VPE P routers do: the core often
 * has no IPv6 at all, and the customer's traceroute still gets a hop).
 * A VRF's address is one of its interfaces' (vrf_own_addr).
 */
#include "svc/icmp.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
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
