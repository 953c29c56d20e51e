// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* dataplane.c - load, attach, pin and read the XDP program's maps. */
#include "dp/dataplane.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <dirent.h>
#include <errno.h>
#include <sys/random.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "util/log.h"
#include "mplsx.skel.h"

#ifndef BPF_FS_MAGIC
#define BPF_FS_MAGIC 0xcafe4a11
#endif

#define BPFFS_ROOT "/sys/fs/bpf"

/* libbpf and libxdp chatter (e.g. libxdp's dispatcher probe falling back
 * to a single program) is debug output for us, not a warning. */
static int libbpf_print(enum libbpf_print_level level, const char *fmt,
			va_list ap)
{
	(void)level;
	if (mplsx_log_level() >= LOG_LVL_DEBUG)
		return vfprintf(stderr, fmt, ap);
	return 0;
}

static int libxdp_print(enum libxdp_print_level level, const char *fmt,
			va_list ap)
{
	(void)level;
	if (mplsx_log_level() >= LOG_LVL_DEBUG)
		return vfprintf(stderr, fmt, ap);
	return 0;
}

static int bpffs_ensure(void)
{
	struct statfs st;

	if (statfs(BPFFS_ROOT, &st) == 0 && st.f_type == BPF_FS_MAGIC)
		return 0;
	pr_info("mounting bpffs on %s", BPFFS_ROOT);
	if (mount("bpf", BPFFS_ROOT, "bpf", 0, "mode=0700") < 0) {
		pr_warn("cannot mount bpffs on %s: %s", BPFFS_ROOT,
			strerror(errno));
		return -errno;
	}
	return 0;
}

/* Pins left by a daemon that died without cleaning up would make libbpf
 * reuse maps of an older layout: start from an empty directory. */
static int pin_dir_reset(const char *dir)
{
	DIR *d;
	struct dirent *de;
	char path[PATH_MAX + NAME_MAX + 1];

	if (mkdir(dir, 0700) < 0 && errno != EEXIST)
		return -errno;
	d = opendir(dir);
	if (!d)
		return -errno;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (unlink(path) == 0)
			pr_info("removed stale pin %s", path);
	}
	closedir(d);
	return 0;
}

int dataplane__open(struct mplsx_dataplane *dp, const char *pin_dir)
{
	int err;

	memset(dp, 0, sizeof(*dp));
	libbpf_set_print(libbpf_print);
	libxdp_set_print(libxdp_print);
	snprintf(dp->pin_dir, sizeof(dp->pin_dir), "%s", pin_dir);

	err = bpffs_ensure();
	if (err)
		return err;
	err = pin_dir_reset(dp->pin_dir);
	if (err) {
		pr_warn("pin directory %s: %s", dp->pin_dir, strerror(-err));
		return err;
	}
	dp->ncpus = libbpf_num_possible_cpus();
	if (dp->ncpus <= 0)
		return dp->ncpus ? dp->ncpus : -EINVAL;

	dp->skel = mplsx_bpf__open();
	if (!dp->skel) {
		err = -errno;
		pr_warn("cannot open the BPF object: %s", strerror(-err));
		return err;
	}

	DECLARE_LIBXDP_OPTS(xdp_program_opts, opts, .obj = dp->skel->obj,
			    .prog_name = "mplsx_xdp");
	dp->prog = xdp_program__create(&opts);
	err = libxdp_get_error(dp->prog);
	if (err) {
		dp->prog = NULL;
		pr_warn("libxdp cannot use the BPF object: %s", strerror(-err));
		mplsx_bpf__destroy(dp->skel);
		dp->skel = NULL;
		return err;
	}
	return 0;
}

static int pin_maps(struct mplsx_dataplane *dp)
{
	struct bpf_map *map;
	char path[PATH_MAX + BPF_OBJ_NAME_LEN + 1];
	int err;

	bpf_object__for_each_map(map, dp->skel->obj)
	{
		if (bpf_map__is_internal(map))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dp->pin_dir,
			 bpf_map__name(map));
		err = bpf_map__pin(map, path);
		if (err) {
			pr_warn("cannot pin %s: %s", path, strerror(-err));
			return err;
		}
	}
	dp->pinned = true;
	return 0;
}

int dataplane__attach(struct mplsx_dataplane *dp, int ifindex,
		      enum xdp_attach_mode *mode)
{
	char buf[128];
	int err;

	err = xdp_program__attach(dp->prog, ifindex, XDP_MODE_NATIVE, 0);
	if (err) {
		libxdp_strerror(err, buf, sizeof(buf));
		pr_warn("ifindex %d: native XDP refused (%s), using generic "
			"XDP",
			ifindex, buf);
		err = xdp_program__attach(dp->prog, ifindex, XDP_MODE_SKB, 0);
		if (err)
			return err;
		*mode = XDP_MODE_SKB;
	} else {
		*mode = XDP_MODE_NATIVE;
	}
	if (!dp->loaded) {
		dp->loaded = true;
		err = pin_maps(dp);
		if (err) {
			xdp_program__detach(dp->prog, ifindex, *mode, 0);
			return err;
		}
	}
	return 0;
}

int dataplane__detach(struct mplsx_dataplane *dp, int ifindex,
		      enum xdp_attach_mode mode)
{
	return xdp_program__detach(dp->prog, ifindex, mode, 0);
}

void dataplane__close(struct mplsx_dataplane *dp)
{
	struct bpf_map *map;

	if (dp->skel && dp->pinned) {
		bpf_object__for_each_map(map, dp->skel->obj)
		{
			if (!bpf_map__is_internal(map))
				bpf_map__unpin(map, NULL);
		}
	}
	if (dp->pin_dir[0])
		rmdir(dp->pin_dir);
	/* Made from the skeleton's object, the xdp_program does not own it
	 * (libxdp's from_external_obj): the skeleton frees the object. */
	if (dp->prog)
		xdp_program__close(dp->prog);
	if (dp->skel)
		mplsx_bpf__destroy(dp->skel);
	memset(dp, 0, sizeof(*dp));
}

static int map_fd(const struct mplsx_dataplane *dp, struct bpf_map *map)
{
	return dp->loaded ? bpf_map__fd(map) : -1;
}

int dataplane__label_table(const struct mplsx_dataplane *dp)
{
	return map_fd(dp, dp->skel->maps.label_table);
}

int dataplane__nexthop(const struct mplsx_dataplane *dp)
{
	return map_fd(dp, dp->skel->maps.nexthop);
}

int dataplane__port_config(const struct mplsx_dataplane *dp)
{
	return map_fd(dp, dp->skel->maps.port_config);
}

int dataplane__port_vlan(const struct mplsx_dataplane *dp)
{
	return map_fd(dp, dp->skel->maps.port_vlan);
}

/* A port's entry: port_config[ifindex] for the untagged port, port_vlan
 * for a VLAN.  pc NULL removes it (an array entry is zeroed: role 0). */
int dataplane__port_write(const struct mplsx_dataplane *dp,
			  const struct port_key *key,
			  const struct port_config *pc)
{
	struct port_config none = {};

	if (key->vlan_id)
		return pc ? bpf_map_update_elem(dataplane__port_vlan(dp), key,
						pc, BPF_ANY)
			  : bpf_map_delete_elem(dataplane__port_vlan(dp), key);
	if (key->ifindex >= MPLSX_MAX_IFINDEX) {
		errno = ERANGE;
		return -1;
	}
	return bpf_map_update_elem(dataplane__port_config(dp), &key->ifindex,
				   pc ? pc : &none, BPF_ANY);
}

int dataplane__tx_port(const struct mplsx_dataplane *dp)
{
	return map_fd(dp, dp->skel->maps.tx_port);
}

int dataplane__port_stats(const struct mplsx_dataplane *dp)
{
	return map_fd(dp, dp->skel->maps.port_stats);
}

int dataplane__label_stats(const struct mplsx_dataplane *dp)
{
	return map_fd(dp, dp->skel->maps.label_stats);
}

int dataplane__drop_stats(const struct mplsx_dataplane *dp)
{
	return map_fd(dp, dp->skel->maps.drop_stats);
}

/* Looked up by name: maps an older object lacks read as absent (-1). */
static int map_fd_by_name(const struct mplsx_dataplane *dp, const char *name)
{
	struct bpf_map *map;

	if (!dp->loaded)
		return -1;
	map = bpf_object__find_map_by_name(dp->skel->obj, name);
	return map ? bpf_map__fd(map) : -1;
}

int dataplane__map_fd(const struct mplsx_dataplane *dp, const char *name)
{
	return map_fd_by_name(dp, name);
}

int dataplane__vrf_fib4(const struct mplsx_dataplane *dp)
{
	return map_fd_by_name(dp, "vrf_fib4");
}

int dataplane__vrf_fib6(const struct mplsx_dataplane *dp)
{
	return map_fd_by_name(dp, "vrf_fib6");
}

int dataplane__vrf_stats(const struct mplsx_dataplane *dp)
{
	return map_fd_by_name(dp, "vrf_stats");
}

int dataplane__pseudowire(const struct mplsx_dataplane *dp)
{
	return map_fd_by_name(dp, "pseudowire");
}

int dataplane__pw_stats(const struct mplsx_dataplane *dp)
{
	return map_fd_by_name(dp, "pw_stats");
}

int dataplane__nexthop_group(const struct mplsx_dataplane *dp)
{
	return map_fd_by_name(dp, "nexthop_group");
}

int dataplane__nhg_stats(const struct mplsx_dataplane *dp)
{
	return map_fd_by_name(dp, "nhg_stats");
}

int dataplane__ecmp_seed_init(const struct mplsx_dataplane *dp)
{
	int fd = map_fd_by_name(dp, "ecmp_seed");
	uint32_t key = 0, seed = 0;

	if (fd < 0)
		return -EBADF;
	/* An adopted data plane keeps its seed: its flows stay put. */
	if (!bpf_map_lookup_elem(fd, &key, &seed) && seed)
		return 0;
	while (!seed)
		if (getrandom(&seed, sizeof(seed), 0) != sizeof(seed))
			return -errno;
	return bpf_map_update_elem(fd, &key, &seed, BPF_ANY) ? -errno : 0;
}

int dataplane__prog_fd(const struct mplsx_dataplane *dp, const char *name)
{
	struct bpf_program *prog;

	if (!dp->loaded)
		return -1;
	prog = bpf_object__find_program_by_name(dp->skel->obj, name);
	return prog ? bpf_program__fd(prog) : -1;
}

int dataplane__percpu_sum(const struct mplsx_dataplane *dp, int fd,
			  uint32_t key, uint64_t *sum, size_t n_u64)
{
	/* Per-CPU values are rounded up to 8 bytes per CPU by the kernel;
	 * our values are made of u64 counters, so no extra rounding. */
	uint64_t *vals;
	int cpu;
	size_t i;

	memset(sum, 0, n_u64 * sizeof(*sum));
	if (fd < 0)
		return -EBADF;
	vals = calloc((size_t)dp->ncpus, n_u64 * sizeof(*vals));
	if (!vals)
		return -ENOMEM;
	if (bpf_map_lookup_elem(fd, &key, vals)) {
		free(vals);
		return -errno;
	}
	for (cpu = 0; cpu < dp->ncpus; cpu++)
		for (i = 0; i < n_u64; i++)
			sum[i] += vals[(size_t)cpu * n_u64 + i];
	free(vals);
	return 0;
}

int dataplane__percpu_zero(const struct mplsx_dataplane *dp, int fd,
			   uint32_t key, size_t value_size)
{
	void *zero = calloc((size_t)dp->ncpus, value_size);
	int err = 0;

	if (!zero)
		return -ENOMEM;
	if (bpf_map_update_elem(fd, &key, zero, BPF_ANY))
		err = -errno;
	free(zero);
	return err;
}

const char *dataplane__mode_name(enum xdp_attach_mode mode)
{
	switch (mode) {
	case XDP_MODE_NATIVE:
		return "native";
	case XDP_MODE_SKB:
		return "generic";
	case XDP_MODE_HW:
		return "offload";
	default:
		return "none";
	}
}
