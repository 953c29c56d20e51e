/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * dataplane.h - the XDP program and its maps, as the agent holds them:
 * skeleton, libxdp attachment per interface, pins under one directory.
 */
#ifndef MPLSX_DATAPLANE_H
#define MPLSX_DATAPLANE_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <xdp/libxdp.h>

#include "dp/mplsx_abi.h"

#define MPLSX_DEFAULT_PIN_DIR "/sys/fs/bpf/mplsx"

struct mplsx_bpf;

struct mplsx_dataplane {
	struct mplsx_bpf *skel;
	struct xdp_program *prog;
	char pin_dir[PATH_MAX];
	bool loaded; /* the object is loaded (first attach done) */
	bool pinned;
	int ncpus; /* possible CPUs: per-CPU values per key */
};

/* Mount bpffs if needed, clear stale pins in PIN_DIR, open the object. */
int dataplane__open(struct mplsx_dataplane *dp, const char *pin_dir);
/* Attach to IFINDEX: native XDP, or generic (SKB) when native is
 * impossible; *mode says which.  The first attach loads the object and
 * pins its maps. */
int dataplane__attach(struct mplsx_dataplane *dp, int ifindex,
		      enum xdp_attach_mode *mode);
int dataplane__detach(struct mplsx_dataplane *dp, int ifindex,
		      enum xdp_attach_mode mode);
/* Unpin and free; attachments must be gone already. */
void dataplane__close(struct mplsx_dataplane *dp);

/* Map fds by name of the map; -1 before the object is loaded. */
int dataplane__label_table(const struct mplsx_dataplane *dp);
int dataplane__nexthop(const struct mplsx_dataplane *dp);
int dataplane__port_config(const struct mplsx_dataplane *dp);
int dataplane__port_vlan(const struct mplsx_dataplane *dp);
/* Write (pc) or remove (NULL) a port in port_config / port_vlan; 0 or -1
 * with errno (ERANGE: ifindex beyond MPLSX_MAX_IFINDEX). */
int dataplane__port_write(const struct mplsx_dataplane *dp,
			  const struct port_key *key,
			  const struct port_config *pc);
int dataplane__tx_port(const struct mplsx_dataplane *dp);
int dataplane__port_stats(const struct mplsx_dataplane *dp);
int dataplane__label_stats(const struct mplsx_dataplane *dp);
int dataplane__drop_stats(const struct mplsx_dataplane *dp);
/* Any map of the object by name (-1: absent or not loaded). */
int dataplane__map_fd(const struct mplsx_dataplane *dp, const char *name);
int dataplane__vrf_fib4(const struct mplsx_dataplane *dp);
int dataplane__vrf_fib6(const struct mplsx_dataplane *dp);
int dataplane__vrf_stats(const struct mplsx_dataplane *dp);
int dataplane__pseudowire(const struct mplsx_dataplane *dp);
int dataplane__pw_stats(const struct mplsx_dataplane *dp);
int dataplane__nexthop_group(const struct mplsx_dataplane *dp);
int dataplane__nhg_stats(const struct mplsx_dataplane *dp);
/* A random flow hash seed in ecmp_seed, unless it holds one already. */
int dataplane__ecmp_seed_init(const struct mplsx_dataplane *dp);

/* A program of the object by name (the VPLS flood program, svc/vpls.c);
 * -1 before the object is loaded or when it has none. */
int dataplane__prog_fd(const struct mplsx_dataplane *dp, const char *name);

/* Sum a per-CPU value made of N_U64 counters into SUM (n_u64 entries). */
int dataplane__percpu_sum(const struct mplsx_dataplane *dp, int map_fd,
			  uint32_t key, uint64_t *sum, size_t n_u64);
/* Zero a per-CPU slot (a reused stats id starts from 0). */
int dataplane__percpu_zero(const struct mplsx_dataplane *dp, int map_fd,
			   uint32_t key, size_t value_size);

const char *dataplane__mode_name(enum xdp_attach_mode mode);

#endif
