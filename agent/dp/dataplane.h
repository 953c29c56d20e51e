/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * dataplane.h - the XDP program and its maps, as the agent holds them:
 * skeleton, one attachment per interface, pins under one directory.
 *
 * The data plane outlives the daemon: a crashed mplsxd, or one stopped
 * with "persist", leaves the program attached and the maps pinned, and
 * the next one adopts them (DESIGN, "Daemon and CLI"):
 *  - ADOPT: the pinned maps have our layout (mplsx_info): they are reused
 *    as they are and the agent writes only what differs; the FIB maps,
 *    whose chunk layout only the agent that painted them knows, are
 *    rebuilt beside the old ones, and the program (which must read the
 *    new ones) is replaced atomically at the commit (netlink replace of
 *    the expected program, XDP_FLAGS_REPLACE).
 *  - MIGRATE: another layout: new maps are filled beside the old ones
 *    while the old program keeps forwarding; dataplane__commit() swaps
 *    the program on every interface and only then re-pins (make before
 *    break).
 *  - FRESH: nothing pinned.
 * A lock (flock on the pin directory) keeps a second daemon off it.
 */
#ifndef MPLSX_DATAPLANE_H
#define MPLSX_DATAPLANE_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <xdp/libxdp.h>

#include "dp/mplsx_abi.h"

#define MPLSX_DEFAULT_PIN_DIR "/sys/fs/bpf/mplsx/NETNS"

struct mplsx_bpf;

enum dp_start { DP_FRESH, DP_ADOPT, DP_MIGRATE };

/* One interface the program runs on. */
struct dp_port {
	int ifindex;	  /* 0: free */
	uint32_t prog_id; /* what is attached there now */
	uint32_t flags;	  /* XDP_FLAGS_DRV_MODE or XDP_FLAGS_SKB_MODE */
	bool pending;	  /* an older program still runs there: commit */
};

/* Map sizes chosen at load (the config's "fib"); 0 keeps the object's. */
struct dp_sizes {
	uint32_t fib4_chunks, fib6_chunks;
	uint32_t fib4_direct; /* slots; 0: none used (one is still made) */
	bool fib4_direct_set; /* fib4_direct is meant (0 included) */
};

struct mplsx_dataplane {
	struct mplsx_bpf *skel;
	char pin_dir[PATH_MAX];
	int lock_fd;
	bool loaded; /* the object is loaded */
	bool pinned; /* our maps are the ones pinned in pin_dir */
	enum dp_start start;
	uint32_t found_version; /* layout version found pinned (0: none) */
	bool keep_counters;	/* adopted: counters are not zeroed */
	bool rebuilt;		/* adopted: the FIB maps are new, unpinned */
	uint32_t prog_id;	/* our program */
	uint32_t old_label_table_id; /* the earlier daemon's, until commit */
	int ncpus;		     /* possible CPUs: per-CPU values per key */
	/* One bit per label: this agent wrote a label_table entry there.
	 * What an adopted table holds beyond these is the previous
	 * daemon's (svc/label_hold.c). */
	uint64_t *label_owned;
	struct dp_sizes sizes; /* as loaded */
	struct dp_port ports[MPLSX_MAX_PORTS];
};

/* Mount bpffs if needed, take PIN_DIR's lock (-EBUSY: held, *holder the
 * pid when known), then load the object, reusing what PIN_DIR holds when
 * its layout is ours; the FIB's chunk pools get SIZES (NULL: defaults;
 * they are never reused, so a new size needs only a restart). */
int dataplane__open(struct mplsx_dataplane *dp, const char *pin_dir,
		    int *holder, const struct dp_sizes *sizes);
/* Attach to IFINDEX: native XDP, or generic (SKB) when native is
 * impossible; *mode says which.  A program of ours already there is kept
 * (same object and maps), replaced atomically (same maps), or left
 * running until dataplane__commit (other maps).  -EBUSY: a foreign
 * program is attached. */
int dataplane__attach(struct mplsx_dataplane *dp, int ifindex,
		      enum xdp_attach_mode *mode);
int dataplane__detach(struct mplsx_dataplane *dp, int ifindex,
		      enum xdp_attach_mode mode);
/* The maps hold the whole state: put our program wherever an older one
 * still runs, and pin our maps.  Idempotent. */
int dataplane__commit(struct mplsx_dataplane *dp);
/* True while a commit is still due. */
bool dataplane__pending(const struct mplsx_dataplane *dp);
/* True while an earlier daemon's program still runs on IFINDEX (until
 * the commit): what goes with it there (the VPLS flood program) waits. */
bool dataplane__port_pending(const struct mplsx_dataplane *dp, int ifindex);
/* Free.  PERSIST: leave programs attached and maps pinned for the next
 * daemon; otherwise detach everything and remove the pins. */
void dataplane__close(struct mplsx_dataplane *dp, bool persist);

const char *dataplane__start_name(enum dp_start s);

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
/* label_table[label] = *e unless *last already holds it, then *last = *e
 * (also when the write fails: the caller warns, nothing retries); 0, or
 * -1 with errno.  last is the caller's copy of what it last wrote. */
/* Every label_table write goes through these: they keep label_owned. */
int dataplane__label_set(const struct mplsx_dataplane *dp, uint32_t label,
			 const struct label_entry *e);
int dataplane__label_clear(const struct mplsx_dataplane *dp, uint32_t label);
bool dataplane__label_owned(const struct mplsx_dataplane *dp, uint32_t label);
/* Write E unless it equals *LAST (then remember it as *LAST). */
int dataplane__label_write(const struct mplsx_dataplane *dp, uint32_t label,
			   const struct label_entry *e,
			   struct label_entry *last);
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
/* Zero a per-CPU slot (a reused stats id starts from 0); not while an
 * adopted data plane is being taken over (its counters go on). */
int dataplane__percpu_zero(const struct mplsx_dataplane *dp, int map_fd,
			   uint32_t key, size_t value_size);

const char *dataplane__mode_name(enum xdp_attach_mode mode);

#endif
