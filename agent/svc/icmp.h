/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * icmp.h - what the data plane needs to send ICMP errors (bpf/lib/icmp.h):
 * the rate limit from the config, the router's own address on each port
 * and in each VRF, read from the kernel, and the IPv4 fragmenter's TC
 * program on the VRF ports.  Entries are written only when they change.
 */
#ifndef MPLSX_SVC_ICMP_H
#define MPLSX_SVC_ICMP_H

#include <stdbool.h>
#include <stdint.h>

#include "config/config.h"
#include "dp/dataplane.h"
#include "kernel/netlink.h"
#include "svc/port.h"
#include "svc/vrf.h"

struct icmp_state {
	struct icmp_src port[MPLSX_MAX_PORTS]; /* as written, by port_id */
	struct icmp_src vrf[MPLSX_MAX_VRFS];   /* as written, by vrf_id */
	struct icmp_conf conf;
	bool conf_written;
	/* The IPv4 fragmenter (bpf/lib/frag.h) on the TC ingress hook of
	 * the interfaces of VRF ports. */
	int tc_ifindex[MPLSX_MAX_PORTS];
	bool tc_qdisc_ours[MPLSX_MAX_PORTS];
	int n_tc;
	bool tc_failed; /* an interface lacks it: no fragmenting */
};

/* The bucket's parameters for CFG: a message costs 1e9 / rate ns. */
void icmp__conf(const struct cfg_icmp *cfg, struct icmp_conf *out);
/* Write icmp_conf, icmp_src and icmp_vrf_src for the running state. */
void icmp__sync(struct icmp_state *s, const struct mplsx_dataplane *dp,
		struct mplsx_nl *nl, const struct port_state *ports,
		const struct vrf_table *vrf, const struct cfg_icmp *cfg);
/* Detach the fragmenter (fragmenting off first). */
void icmp__shutdown(struct icmp_state *s, const struct mplsx_dataplane *dp);
/* icmp_stats summed over the CPUs; 0 or -1. */
int icmp__stats(const struct mplsx_dataplane *dp,
		struct mplsx_counter out[MPLSX_ICMP__MAX]);

#endif
