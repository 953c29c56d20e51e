// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* dataplane.c - load, attach, pin and read the XDP program's maps. */
#include "dp/dataplane.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <dirent.h>
#include <linux/if_link.h>
#include <net/if.h>
#include <errno.h>
#include <sys/random.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/mount.h>
#include <sys/sysmacros.h>
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

/* ---- the pin directory and its lock ------------------------------------ */

#define INFO_NAME "mplsx_info"

static int mkdir_p(const char *dir)
{
	char path[PATH_MAX];
	char *s;

	snprintf(path, sizeof(path), "%s", dir);
	for (s = path + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(path, 0700) < 0 && errno != EEXIST)
			return -errno;
		*s = '/';
	}
	if (mkdir(path, 0700) < 0 && errno != EEXIST)
		return -errno;
	return 0;
}

/* The pid holding a flock on the inode of FD, from /proc/locks. */
static int lock_holder(int fd)
{
	char line[256], want[64];
	struct stat st;
	FILE *f;
	int pid = 0;

	if (fstat(fd, &st) < 0)
		return 0;
	snprintf(want, sizeof(want), "%02x:%02x:%lu", major(st.st_dev),
		 minor(st.st_dev), (unsigned long)st.st_ino);
	f = fopen("/proc/locks", "r");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		char type[16], dev[64];
		int p;

		/* "1: FLOCK  ADVISORY  WRITE 1234 00:2a:5678 0 EOF" */
		if (sscanf(line, "%*s %15s %*s %*s %d %63s", type, &p, dev) ==
			    3 &&
		    !strcmp(type, "FLOCK") && !strcmp(dev, want)) {
			pid = p;
			break;
		}
	}
	fclose(f);
	return pid;
}

static int pin_dir_lock(struct mplsx_dataplane *dp, int *holder)
{
	int fd, err;

	err = mkdir_p(dp->pin_dir);
	if (err)
		return err;
	fd = open(dp->pin_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		err = -errno;
		if (err == -EWOULDBLOCK) {
			err = -EBUSY;
			if (holder)
				*holder = lock_holder(fd);
		}
		close(fd);
		return err;
	}
	dp->lock_fd = fd;
	return 0;
}

static void pin_path(const struct mplsx_dataplane *dp, const char *name,
		     char *buf, size_t len)
{
	snprintf(buf, len, "%s/%s", dp->pin_dir, name);
}

/* What the pin directory holds: our layout, another one, or nothing. */
static enum dp_start pin_dir_probe(struct mplsx_dataplane *dp)
{
	struct mplsx_info info = {0};
	char path[PATH_MAX + NAME_MAX + 1];
	struct dirent *de;
	bool any = false;
	uint32_t key = 0;
	DIR *d;
	int fd;

	pin_path(dp, INFO_NAME, path, sizeof(path));
	fd = bpf_obj_get(path);
	if (fd >= 0) {
		if (bpf_map_lookup_elem(fd, &key, &info))
			info.abi_version = 0;
		close(fd);
		dp->found_version = info.abi_version;
		return info.abi_version == MPLSX_ABI_VERSION ? DP_ADOPT
							     : DP_MIGRATE;
	}
	d = opendir(dp->pin_dir);
	while (d && (de = readdir(d)))
		if (de->d_name[0] != '.')
			any = true;
	if (d)
		closedir(d);
	/* Pins without mplsx_info: an older mplsxd's, layout unknown. */
	return any ? DP_MIGRATE : DP_FRESH;
}

/* The id of the map pinned as NAME, 0: none. */
static uint32_t pinned_map_id(const struct mplsx_dataplane *dp,
			      const char *name)
{
	char path[PATH_MAX + NAME_MAX + 1];
	struct bpf_map_info info = {0};
	__u32 len = sizeof(info);
	int fd;

	pin_path(dp, name, path, sizeof(path));
	fd = bpf_obj_get(path);
	if (fd < 0)
		return 0;
	if (bpf_obj_get_info_by_fd(fd, &info, &len))
		info.id = 0;
	close(fd);
	return info.id;
}

/* Everything in the pin directory goes (it is ours: we hold its lock). */
static void pin_dir_clear(const struct mplsx_dataplane *dp)
{
	char path[PATH_MAX + NAME_MAX + 1];
	struct dirent *de;
	DIR *d = opendir(dp->pin_dir);

	while (d && (de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		pin_path(dp, de->d_name, path, sizeof(path));
		unlink(path);
	}
	if (d)
		closedir(d);
}

static int info_pin(const struct mplsx_dataplane *dp)
{
	struct mplsx_info info = {.abi_version = MPLSX_ABI_VERSION};
	char path[PATH_MAX + NAME_MAX + 1];
	uint32_t key = 0;
	int fd, err = 0;

	fd = bpf_map_create(BPF_MAP_TYPE_ARRAY, INFO_NAME, sizeof(key),
			    sizeof(info), 1, NULL);
	if (fd < 0)
		return -errno;
	pin_path(dp, INFO_NAME, path, sizeof(path));
	unlink(path);
	if (bpf_map_update_elem(fd, &key, &info, BPF_ANY) ||
	    bpf_obj_pin(fd, path))
		err = -errno;
	close(fd);
	return err;
}

/* Pin our maps (and the layout version last: it vouches for them). */
static int pin_maps(struct mplsx_dataplane *dp)
{
	struct bpf_map *map;
	char path[PATH_MAX + BPF_OBJ_NAME_LEN + 1];
	int err;

	bpf_object__for_each_map(map, dp->skel->obj)
	{
		if (bpf_map__is_internal(map) || bpf_map__is_pinned(map))
			continue;
		pin_path(dp, bpf_map__name(map), path, sizeof(path));
		unlink(path);
		err = bpf_map__pin(map, path);
		if (err) {
			pr_warn("cannot pin %s: %s", path, strerror(-err));
			return err;
		}
	}
	err = info_pin(dp);
	if (err) {
		pr_warn("cannot pin %s/%s: %s", dp->pin_dir, INFO_NAME,
			strerror(-err));
		return err;
	}
	dp->pinned = true;
	return 0;
}

/* ---- loading ---------------------------------------------------------- */

/* Maps whose layout lives in the agent's memory (the stride FIB's chunk
 * allocator, and the LPM tries it covers): an adopting daemon cannot take
 * them over as they are.  It fills new ones beside them while the old
 * program forwards from the old ones, and switches at the commit. */
static bool map_rebuilt(const struct bpf_map *map)
{
	static const char *const names[] = {
		"fib4_top", "fib6_top", "fib4_chunk", "fib6_chunk",
		"vrf_fib4", "vrf_fib6", "fib4_dir",   "fib4_vrf_dir",
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(bpf_map__name(map), names[i]))
			return true;
	return false;
}

static int skel_load(struct mplsx_dataplane *dp, bool reuse)
{
	char path[PATH_MAX + BPF_OBJ_NAME_LEN + 1];
	struct bpf_prog_info info = {0};
	__u32 len = sizeof(info);
	struct bpf_map *map;
	int err;

	dp->skel = mplsx_bpf__open();
	if (!dp->skel) {
		err = -errno;
		pr_warn("cannot open the BPF object: %s", strerror(-err));
		return err;
	}
	/* libbpf reuses a pinned map when its definition matches (and
	 * refuses the load when it does not). */
	bpf_object__for_each_map(map, dp->skel->obj)
	{
		if (!reuse || bpf_map__is_internal(map))
			continue;
		if (map_rebuilt(map)) {
			dp->rebuilt = true;
			continue;
		}
		pin_path(dp, bpf_map__name(map), path, sizeof(path));
		bpf_map__set_pin_path(map, path);
		/* The kernel adds BPF_F_RDONLY_PROG to a devmap it creates;
		 * libbpf 1.1 compares flags exactly when it reuses one. */
		if ((bpf_map__type(map) == BPF_MAP_TYPE_DEVMAP ||
		     bpf_map__type(map) == BPF_MAP_TYPE_DEVMAP_HASH) &&
		    access(path, F_OK) == 0)
			bpf_map__set_map_flags(map, bpf_map__map_flags(map) |
							    BPF_F_RDONLY_PROG);
	}
	if (dp->sizes.fib4_chunks)
		bpf_map__set_max_entries(dp->skel->maps.fib4_chunk,
					 dp->sizes.fib4_chunks *
						 MPLSX_FIB_CHUNK_ENTRIES);
	if (dp->sizes.fib6_chunks)
		bpf_map__set_max_entries(dp->skel->maps.fib6_chunk,
					 dp->sizes.fib6_chunks *
						 MPLSX_FIB_CHUNK_ENTRIES);
	if (dp->sizes.fib4_direct_set) /* an array cannot be empty */
		bpf_map__set_max_entries(
			dp->skel->maps.fib4_dir,
			(dp->sizes.fib4_direct ? dp->sizes.fib4_direct : 1)
				<< MPLSX_FIB4_TOP_BITS);
	err = mplsx_bpf__load(dp->skel);
	if (err) {
		mplsx_bpf__destroy(dp->skel);
		dp->skel = NULL;
		return err;
	}
	if (bpf_obj_get_info_by_fd(bpf_program__fd(dp->skel->progs.mplsx_xdp),
				   &info, &len) == 0)
		dp->prog_id = info.id;
	dp->sizes.fib4_chunks =
		bpf_map__max_entries(dp->skel->maps.fib4_chunk) /
		MPLSX_FIB_CHUNK_ENTRIES;
	dp->sizes.fib6_chunks =
		bpf_map__max_entries(dp->skel->maps.fib6_chunk) /
		MPLSX_FIB_CHUNK_ENTRIES;
	if (!dp->sizes.fib4_direct_set)
		dp->sizes.fib4_direct =
			bpf_map__max_entries(dp->skel->maps.fib4_dir) >>
			MPLSX_FIB4_TOP_BITS;
	dp->loaded = true;
	return 0;
}

int dataplane__open(struct mplsx_dataplane *dp, const char *pin_dir,
		    int *holder, const struct dp_sizes *sizes)
{
	int err;

	memset(dp, 0, sizeof(*dp));
	if (sizes)
		dp->sizes = *sizes;
	dp->lock_fd = -1;
	libbpf_set_print(libbpf_print);
	libxdp_set_print(libxdp_print);
	snprintf(dp->pin_dir, sizeof(dp->pin_dir), "%s", pin_dir);

	err = bpffs_ensure();
	if (err)
		return err;
	err = pin_dir_lock(dp, holder);
	if (err) {
		if (err != -EBUSY)
			pr_warn("pin directory %s: %s", dp->pin_dir,
				strerror(-err));
		return err;
	}
	dp->label_owned = calloc(MPLSX_LABEL_SPACE / 64, sizeof(uint64_t));
	if (!dp->label_owned)
		return -ENOMEM;
	dp->ncpus = libbpf_num_possible_cpus();
	if (dp->ncpus <= 0)
		return dp->ncpus ? dp->ncpus : -EINVAL;

	dp->start = pin_dir_probe(dp);
	if (dp->start != DP_FRESH)
		dp->old_label_table_id = pinned_map_id(dp, "label_table");
	if (dp->start == DP_ADOPT) {
		err = skel_load(dp, true);
		if (!err) {
			dp->pinned = true;
			dp->keep_counters = true;
			pr_info("adopting the data plane pinned in %s",
				dp->pin_dir);
			return 0;
		}
		pr_warn("pinned maps in %s do not fit this object (%s): "
			"migrating",
			dp->pin_dir, strerror(-err));
		dp->start = DP_MIGRATE;
	}
	err = skel_load(dp, false);
	if (err) {
		pr_warn("cannot load the BPF object: %s", strerror(-err));
		return err;
	}
	if (dp->start == DP_MIGRATE) {
		pr_info("%s holds map layout %u, ours is %u: new maps, "
			"switched over once filled",
			dp->pin_dir, dp->found_version, MPLSX_ABI_VERSION);
		return 0;
	}
	return pin_maps(dp);
}

/* ---- attachments ------------------------------------------------------ */

static struct dp_port *dp_port(struct mplsx_dataplane *dp, int ifindex,
			       bool add)
{
	struct dp_port *free_slot = NULL;
	int i;

	for (i = 0; i < MPLSX_MAX_PORTS; i++) {
		if (dp->ports[i].ifindex == ifindex)
			return &dp->ports[i];
		if (!dp->ports[i].ifindex && !free_slot)
			free_slot = &dp->ports[i];
	}
	if (add && free_slot) {
		memset(free_slot, 0, sizeof(*free_slot));
		free_slot->ifindex = ifindex;
	}
	return add ? free_slot : NULL;
}

static int our_fd(const struct mplsx_dataplane *dp)
{
	return bpf_program__fd(dp->skel->progs.mplsx_xdp);
}

static uint32_t map_id(struct bpf_map *map)
{
	struct bpf_map_info info = {0};
	__u32 len = sizeof(info);

	if (bpf_obj_get_info_by_fd(bpf_map__fd(map), &info, &len))
		return 0;
	return info.id;
}

/* What runs on an interface, compared with our program. */
struct prog_seen {
	bool ours;     /* an mplsx program */
	bool our_maps; /* it reads maps of ours that no other daemon has */
	bool same_tag; /* and the same instructions */
	char name[BPF_OBJ_NAME_LEN];
};

static void prog_inspect(const struct mplsx_dataplane *dp, uint32_t id,
			 struct prog_seen *seen)
{
	struct bpf_prog_info info = {0}, mine = {0};
	__u32 ids[64], len = sizeof(info), n, i;
	/* A map each daemon makes its own: an old program that reads it
	 * runs on our state, one that does not waits for the commit. */
	struct bpf_map *own =
		bpf_object__find_map_by_name(dp->skel->obj, "fib4_top");
	uint32_t label_table = map_id(own ? own : dp->skel->maps.label_table);
	int fd = bpf_prog_get_fd_by_id(id);

	memset(seen, 0, sizeof(*seen));
	if (fd < 0)
		return;
	info.nr_map_ids = sizeof(ids) / sizeof(ids[0]);
	info.map_ids = (__u64)(uintptr_t)ids;
	if (bpf_obj_get_info_by_fd(fd, &info, &len)) {
		close(fd);
		return;
	}
	close(fd);
	snprintf(seen->name, sizeof(seen->name), "%s", info.name);
	seen->ours = !strcmp(info.name, "mplsx_xdp");
	n = info.nr_map_ids < 64 ? info.nr_map_ids : 64;
	for (i = 0; i < n; i++)
		if (ids[i] == label_table)
			seen->our_maps = true;
	len = sizeof(mine);
	if (!bpf_obj_get_info_by_fd(our_fd(dp), &mine, &len))
		seen->same_tag = !memcmp(info.tag, mine.tag, sizeof(info.tag));
}

/* Put our program on IFINDEX in place of OLD_ID, atomically: the kernel
 * refuses (EEXIST) when something else than OLD_ID runs there now. */
static int prog_replace(const struct mplsx_dataplane *dp, int ifindex,
			uint32_t old_id, uint32_t flags)
{
	LIBBPF_OPTS(bpf_xdp_attach_opts, opts);
	int old_fd = bpf_prog_get_fd_by_id(old_id), err;

	if (old_fd < 0)
		return -errno;
	opts.old_prog_fd = old_fd;
	err = bpf_xdp_attach(ifindex, our_fd(dp), flags | XDP_FLAGS_REPLACE,
			     &opts);
	close(old_fd);
	return err;
}

static enum xdp_attach_mode mode_of(uint32_t flags)
{
	return flags & XDP_FLAGS_SKB_MODE ? XDP_MODE_SKB : XDP_MODE_NATIVE;
}

int dataplane__attach(struct mplsx_dataplane *dp, int ifindex,
		      enum xdp_attach_mode *mode)
{
	LIBBPF_OPTS(bpf_xdp_query_opts, q);
	struct prog_seen seen;
	struct dp_port *p;
	uint32_t flags;
	int err;

	if (!dp->loaded)
		return -EINVAL;
	err = bpf_xdp_query(ifindex, 0, &q);
	if (err)
		return err;
	p = dp_port(dp, ifindex, true);
	if (!p)
		return -ENOSPC;
	if (!q.prog_id) {
		/* Nothing there: attach, refusing to displace a program that
		 * appeared meanwhile. */
		flags = XDP_FLAGS_DRV_MODE;
		err = bpf_xdp_attach(ifindex, our_fd(dp),
				     flags | XDP_FLAGS_UPDATE_IF_NOEXIST, NULL);
		if (err && err != -EBUSY && err != -EEXIST) {
			pr_warn("ifindex %d: native XDP refused (%s), using "
				"generic XDP",
				ifindex, strerror(-err));
			flags = XDP_FLAGS_SKB_MODE;
			err = bpf_xdp_attach(
				ifindex, our_fd(dp),
				flags | XDP_FLAGS_UPDATE_IF_NOEXIST, NULL);
		}
		if (err) {
			p->ifindex = 0;
			return err;
		}
		p->prog_id = dp->prog_id;
		p->flags = flags;
		*mode = mode_of(flags);
		return 0;
	}
	flags = q.attach_mode == XDP_ATTACHED_SKB ? XDP_FLAGS_SKB_MODE
						  : XDP_FLAGS_DRV_MODE;
	prog_inspect(dp, q.prog_id, &seen);
	if (!seen.ours) {
		pr_warn("ifindex %d: another XDP program is attached (id %u, "
			"\"%s\"): not touching it",
			ifindex, q.prog_id, seen.name);
		p->ifindex = 0;
		return -EBUSY;
	}
	p->flags = flags;
	*mode = mode_of(flags);
	if (q.prog_id == dp->prog_id || (seen.our_maps && seen.same_tag)) {
		/* The same program on the same maps: keep it. */
		p->prog_id = q.prog_id;
		pr_info("ifindex %d: adopted the running program (id %u)",
			ifindex, q.prog_id);
		return 0;
	}
	if (!seen.our_maps) {
		/* It reads maps we do not fill: it goes on forwarding from
		 * them until ours hold the whole state. */
		p->prog_id = q.prog_id;
		p->pending = true;
		pr_info("ifindex %d: program id %u keeps forwarding until the "
			"new maps are filled",
			ifindex, q.prog_id);
		return 0;
	}
	err = prog_replace(dp, ifindex, q.prog_id, flags);
	if (err) {
		p->ifindex = 0;
		return err;
	}
	pr_info("ifindex %d: program id %u replaced by id %u (new object, "
		"same maps)",
		ifindex, q.prog_id, dp->prog_id);
	p->prog_id = dp->prog_id;
	return 0;
}

int dataplane__detach(struct mplsx_dataplane *dp, int ifindex,
		      enum xdp_attach_mode mode)
{
	LIBBPF_OPTS(bpf_xdp_attach_opts, opts);
	struct dp_port *p = dp_port(dp, ifindex, false);
	int fd, err;

	(void)mode;
	if (!p)
		return -ENOENT;
	/* Only what we attached goes: never whatever runs there now. */
	fd = bpf_prog_get_fd_by_id(p->prog_id);
	if (fd < 0) {
		err = -errno;
	} else {
		opts.old_prog_fd = fd;
		err = bpf_xdp_detach(ifindex, p->flags | XDP_FLAGS_REPLACE,
				     &opts);
		close(fd);
	}
	memset(p, 0, sizeof(*p));
	return err;
}

bool dataplane__pending(const struct mplsx_dataplane *dp)
{
	int i;

	if (!dp->loaded)
		return false;
	if (!dp->pinned || dp->keep_counters || dp->rebuilt)
		return true;
	for (i = 0; i < MPLSX_MAX_PORTS; i++)
		if (dp->ports[i].ifindex && dp->ports[i].pending)
			return true;
	return false;
}

bool dataplane__port_pending(const struct mplsx_dataplane *dp, int ifindex)
{
	int i;

	for (i = 0; dp->loaded && i < MPLSX_MAX_PORTS; i++)
		if (dp->ports[i].ifindex == ifindex)
			return dp->ports[i].pending;
	return false;
}

/* Does program ID read map MAP_ID? */
static bool prog_uses_map(uint32_t id, uint32_t map_id)
{
	struct bpf_prog_info info = {0};
	__u32 ids[64], len = sizeof(info), i;
	int fd = bpf_prog_get_fd_by_id(id);
	bool found = false;

	if (fd < 0)
		return false;
	info.nr_map_ids = sizeof(ids) / sizeof(ids[0]);
	info.map_ids = (__u64)(uintptr_t)ids;
	if (!bpf_obj_get_info_by_fd(fd, &info, &len))
		for (i = 0; i < info.nr_map_ids && i < 64; i++)
			found |= ids[i] == map_id;
	close(fd);
	return found;
}

/* An interface taken out of the config while no daemon ran still runs the
 * old program (it reads the label table the earlier daemon pinned): it
 * goes, as it would have on a reload. */
static void detach_leftovers(struct mplsx_dataplane *dp)
{
	struct if_nameindex *ifs = if_nameindex(), *it;

	for (it = ifs; it && it->if_index; it++) {
		LIBBPF_OPTS(bpf_xdp_query_opts, q);
		LIBBPF_OPTS(bpf_xdp_attach_opts, opts);
		int ifindex = (int)it->if_index, fd;
		uint32_t flags;

		if (dp_port(dp, ifindex, false) ||
		    bpf_xdp_query(ifindex, 0, &q) || !q.prog_id ||
		    q.prog_id == dp->prog_id ||
		    !prog_uses_map(q.prog_id, dp->old_label_table_id))
			continue;
		flags = q.attach_mode == XDP_ATTACHED_SKB ? XDP_FLAGS_SKB_MODE
							  : XDP_FLAGS_DRV_MODE;
		fd = bpf_prog_get_fd_by_id(q.prog_id);
		if (fd < 0)
			continue;
		opts.old_prog_fd = fd;
		if (!bpf_xdp_detach(ifindex, flags | XDP_FLAGS_REPLACE, &opts))
			pr_info("%s: no longer in the config, the earlier "
				"daemon's program (id %u) detached",
				it->if_name, q.prog_id);
		close(fd);
	}
	if (ifs)
		if_freenameindex(ifs);
}

int dataplane__commit(struct mplsx_dataplane *dp)
{
	int i, err, rc = 0;

	if (!dp->loaded)
		return -EINVAL;
	for (i = 0; i < MPLSX_MAX_PORTS; i++) {
		struct dp_port *p = &dp->ports[i];

		if (!p->ifindex || !p->pending)
			continue;
		err = prog_replace(dp, p->ifindex, p->prog_id, p->flags);
		if (err) {
			pr_warn("ifindex %d: cannot replace program id %u: %s",
				p->ifindex, p->prog_id, strerror(-err));
			rc = err;
			continue;
		}
		pr_info("ifindex %d: program id %u replaced by id %u (new "
			"maps)",
			p->ifindex, p->prog_id, dp->prog_id);
		p->prog_id = dp->prog_id;
		p->pending = false;
	}
	if (!rc && dp->old_label_table_id) {
		detach_leftovers(dp);
		dp->old_label_table_id = 0;
	}
	if (!rc && !dp->pinned) {
		/* No program reads the old maps any more. */
		pin_dir_clear(dp);
		rc = pin_maps(dp);
		if (!rc)
			pr_info("maps of layout %u pinned in %s",
				MPLSX_ABI_VERSION, dp->pin_dir);
	} else if (!rc && dp->rebuilt) {
		/* The rebuilt maps take the old ones' pins. */
		rc = pin_maps(dp);
		if (!rc)
			dp->rebuilt = false;
	}
	if (!rc)
		dp->keep_counters = false;
	return rc;
}

void dataplane__close(struct mplsx_dataplane *dp, bool persist)
{
	int i;

	if (dp->lock_fd >= 0 && !persist) {
		for (i = 0; i < MPLSX_MAX_PORTS; i++)
			if (dp->ports[i].ifindex)
				dataplane__detach(dp, dp->ports[i].ifindex,
						  XDP_MODE_NATIVE);
		pin_dir_clear(dp);
		rmdir(dp->pin_dir);
	}
	if (dp->skel)
		mplsx_bpf__destroy(dp->skel);
	if (dp->lock_fd >= 0)
		close(dp->lock_fd);
	free(dp->label_owned);
	memset(dp, 0, sizeof(*dp));
	dp->lock_fd = -1;
}

const char *dataplane__start_name(enum dp_start s)
{
	switch (s) {
	case DP_ADOPT:
		return "adopted";
	case DP_MIGRATE:
		return "migrated";
	default:
		return "fresh";
	}
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

static void label_mark(const struct mplsx_dataplane *dp, uint32_t label,
		       bool owned)
{
	uint64_t bit = 1ull << (label % 64);

	if (!dp->label_owned || label > MPLS_LABEL_MAX)
		return;
	if (owned)
		dp->label_owned[label / 64] |= bit;
	else
		dp->label_owned[label / 64] &= ~bit;
}

int dataplane__label_set(const struct mplsx_dataplane *dp, uint32_t label,
			 const struct label_entry *e)
{
	if (bpf_map_update_elem(dataplane__label_table(dp), &label, e, BPF_ANY))
		return -1;
	label_mark(dp, label, e->action != 0);
	return 0;
}

int dataplane__label_clear(const struct mplsx_dataplane *dp, uint32_t label)
{
	struct label_entry none = {}; /* label_table is an array */

	return dataplane__label_set(dp, label, &none);
}

bool dataplane__label_owned(const struct mplsx_dataplane *dp, uint32_t label)
{
	return dp->label_owned && label <= MPLS_LABEL_MAX &&
	       (dp->label_owned[label / 64] >> (label % 64) & 1);
}

int dataplane__label_write(const struct mplsx_dataplane *dp, uint32_t label,
			   const struct label_entry *e,
			   struct label_entry *last)
{
	int err = 0;

	if (!memcmp(e, last, sizeof(*e)))
		return 0;
	if (dataplane__label_set(dp, label, e))
		err = -1;
	*last = *e;
	return err;
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
	void *zero;
	int err = 0;

	if (dp->keep_counters)
		return 0;
	zero = calloc((size_t)dp->ncpus, value_size);
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
