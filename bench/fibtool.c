// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * fibtool.c - the VRF FIB's memory, measured from the maps.
 *
 *   fibtool mem PINDIR      the maps a running mplsxd pinned: top entries,
 *                           chunks reachable from them (walked through
 *                           the mmapped chunk array), direct top arrays
 *                           in use (512 KiB each), bytes in use and
 *                           bytes the kernel allocated (fdinfo memlock)
 *   fibtool load SCENARIO   the agent's FIB code (agent/dp/fib*.c) into a
 *                           fresh load of the XDP object's maps, then the
 *                           same figures, the routes installed and refused
 *                           (a pool or the top hash full) and the agent's
 *                           install rate; a VPN label per prefix, so that
 *                           no two neighbouring routes merge:
 *                             vrf1m     1,048,576 /24 in one VRF
 *                             vrfs10    4,095 VRFs x 10 /24 (one /16 each)
 *                             vrfs10s   4,095 VRFs x 10 /24 (ten /16s each)
 *                             vrfs10v6  4,095 VRFs x 10 /48 (one /40 each)
 *                             vrfs10v64 4,095 VRFs x 10 /64 (one /56 each)
 *
 * JSON on stdout.
 */
#include <arpa/inet.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "dp/fib.h"
#include "dp/mplsx_abi.h"
#include "kernel/netlink.h"
#include "mplsx.skel.h"
#include "nh_unresolved.h"

/* A bpf_mem_alloc'd hash element: struct htab_elem (48 bytes on 64-bit)
 * + key 8 + value 8, from the 64-byte size class. */
#define TOP_ENTRY_BYTES 64
#define CHUNK_BYTES	(MPLSX_FIB_CHUNK_ENTRIES * sizeof(struct fib_entry))
#define DIRECT_BYTES	((1u << MPLSX_FIB4_TOP_BITS) * sizeof(struct fib_entry))

static long long memlock(int fd)
{
	char path[64], line[256];
	long long v = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "memlock: %lld", &v) == 1)
			break;
	fclose(f);
	return v;
}

static unsigned kind_of(uint64_t w)
{
	struct fib_entry e;

	memcpy(&e, &w, sizeof(e));
	return ntohl(e.label_kind) & 0xFF;
}

static uint32_t id_of(uint64_t w)
{
	struct fib_entry e;

	memcpy(&e, &w, sizeof(e));
	return e.id;
}

static long walk(const uint64_t *ent, uint32_t n_chunks, uint64_t w, int depth)
{
	long n = 1;
	uint32_t c = id_of(w), i;

	if (c >= n_chunks || depth > 16)
		return 0;
	for (i = 0; i < MPLSX_FIB_CHUNK_ENTRIES; i++) {
		uint64_t x = ent[(size_t)c * MPLSX_FIB_CHUNK_ENTRIES + i];

		if (kind_of(x) == MPLSX_FIB_KIND_CHUNK)
			n += walk(ent, n_chunks, x, depth + 1);
	}
	return n;
}

/* Direct top arrays in use (fib4_vrf_dir entries set): their count, and
 * the fib4_dir map's memlock in *alloc (0 without the maps). */
static long direct_slots(int dir_fd, int slot_fd, long long *alloc)
{
	uint32_t id, slot;
	long n = 0;

	*alloc = 0;
	if (dir_fd < 0 || slot_fd < 0)
		return 0;
	for (id = 0; id < MPLSX_MAX_VRFS; id++)
		if (!bpf_map_lookup_elem(slot_fd, &id, &slot) && slot)
			n++;
	*alloc = memlock(dir_fd) + memlock(slot_fd);
	return n;
}

/* One family: {"tops", "chunks", "direct", "in_use_bytes",
 * "allocated_bytes"}; dir_fd / slot_fd -1 for IPv6. */
static void family_mem(const char *name, int top_fd, int chunk_fd, int trie_fd,
		       int dir_fd, int slot_fd, const char *sep)
{
	struct bpf_map_info info = {0};
	uint32_t len = sizeof(info), n_chunks;
	struct fib_top_key k, next;
	void *prev = NULL;
	long tops = 0, chunks = 0, direct;
	long long dir_alloc;
	uint64_t w, *ent;
	size_t bytes;

	if (bpf_obj_get_info_by_fd(chunk_fd, &info, &len))
		return;
	n_chunks = info.max_entries / MPLSX_FIB_CHUNK_ENTRIES;
	bytes = (size_t)info.max_entries * info.value_size;
	ent = mmap(NULL, bytes, PROT_READ, MAP_SHARED, chunk_fd, 0);
	if (ent == MAP_FAILED)
		return;
	while (!bpf_map_get_next_key(top_fd, prev, &next)) {
		k = next;
		prev = &k;
		tops++;
		if (!bpf_map_lookup_elem(top_fd, &k, &w) &&
		    kind_of(w) == MPLSX_FIB_KIND_CHUNK)
			chunks += walk(ent, n_chunks, w, 0);
	}
	munmap(ent, bytes);
	direct = direct_slots(dir_fd, slot_fd, &dir_alloc);
	printf("%s\"%s\": {\"tops\": %ld, \"chunks\": %ld, \"chunks_max\": %u, "
	       "\"direct\": %ld, \"in_use_bytes\": %ld, "
	       "\"allocated_bytes\": %lld, \"trie_bytes\": %lld}",
	       sep, name, tops, chunks, n_chunks, direct,
	       tops * TOP_ENTRY_BYTES + chunks * (long)CHUNK_BYTES +
		       direct * (long)DIRECT_BYTES,
	       memlock(top_fd) + memlock(chunk_fd) + dir_alloc,
	       memlock(trie_fd));
}

static int pinned(const char *dir, const char *name)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return bpf_obj_get(path);
}

static int cmd_mem(const char *dir)
{
	int t4 = pinned(dir, "fib4_top"), c4 = pinned(dir, "fib4_chunk"),
	    t6 = pinned(dir, "fib6_top"), c6 = pinned(dir, "fib6_chunk"),
	    s4 = pinned(dir, "vrf_fib4"), s6 = pinned(dir, "vrf_fib6");

	if (t4 < 0 || c4 < 0 || t6 < 0 || c6 < 0) {
		fprintf(stderr, "fibtool: %s: no FIB maps pinned\n", dir);
		return 1;
	}
	printf("{");
	family_mem("ipv4", t4, c4, s4, pinned(dir, "fib4_dir"),
		   pinned(dir, "fib4_vrf_dir"), "");
	family_mem("ipv6", t6, c6, s6, -1, -1, ", ");
	printf("}\n");
	return 0;
}

/* ---- load: the agent's code into a fresh object ------------------------ */

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A load scenario: VRFS VRFs of PER routes each, of length LEN. */
struct scenario {
	const char *name;
	uint32_t vrfs, per;
	uint8_t family, len;
	bool spread; /* IPv4: each route in a /16 of its own */
};

static const struct scenario scenarios[] = {
	{"vrf1m", 1, 1048576, AF_INET, 24, false},
	{"vrfs10", 4095, 10, AF_INET, 24, false},
	{"vrfs10s", 4095, 10, AF_INET, 24, true},
	{"vrfs10v6", 4095, 10, AF_INET6, 48, false},
	{"vrfs10v64", 4095, 10, AF_INET6, 64, false},
};

/* Route i of VRF v: IPv4 32.0.0.0 + i*256 (one VRF), 10.v.i.0 (one /16
 * per VRF) or 10.i.v.0 (spread); IPv6 2001:db8:vv0i::/48 or
 * 2001:db8:vv00:i::/64. */
static void scenario_addr(const struct scenario *sc, uint32_t v, uint32_t i,
			  uint8_t *addr)
{
	uint32_t a;

	if (sc->family == AF_INET6) {
		static const uint8_t pfx[4] = {0x20, 0x01, 0x0d, 0xb8};

		memcpy(addr, pfx, 4);
		addr[4] = (uint8_t)v;
		addr[sc->len / 8 - 1] = (uint8_t)i;
		return;
	}
	if (sc->vrfs == 1)
		a = 0x20000000u + (i << 8);
	else if (sc->spread)
		a = 0x0A000000u + (i << 16) + (v % 256 << 8);
	else
		a = 0x0A000000u + ((v % 256) << 16) + (i << 8);
	a = htonl(a);
	memcpy(addr, &a, 4);
}

static void count_installed(void *ctx, const struct route *r)
{
	*(uint32_t *)ctx += r->installed;
}

static int cmd_load(const char *name)
{
	struct route_spec spec = {.kind = MPLSX_ROUTE_REMOTE,
				  .source = ROUTE_BGP,
				  .has_nh = true,
				  .nh = {.kind = NH_PE},
				  .vpn_label = 3001};
	const struct scenario *sc = NULL;
	struct mplsx_bpf *skel;
	struct mplsx_nl *nl;
	struct nh_table nh;
	struct fib f;
	uint32_t id, n = 0, v, i, installed = 0;
	double t0, t1;
	size_t j;

	for (j = 0; j < sizeof(scenarios) / sizeof(scenarios[0]); j++)
		if (!strcmp(name, scenarios[j].name))
			sc = &scenarios[j];
	if (!sc) {
		fprintf(stderr, "fibtool: unknown scenario %s\n", name);
		return 2;
	}
	if (unshare(CLONE_NEWNET) || !(nl = mplsx_nl__open()))
		return 1;
	skel = mplsx_bpf__open_and_load();
	if (!skel)
		return 1;
	struct fib_maps m = {
		.short4 = bpf_map__fd(skel->maps.vrf_fib4),
		.short6 = bpf_map__fd(skel->maps.vrf_fib6),
		.top4 = bpf_map__fd(skel->maps.fib4_top),
		.top6 = bpf_map__fd(skel->maps.fib6_top),
		.chunk4 = bpf_map__fd(skel->maps.fib4_chunk),
		.chunk6 = bpf_map__fd(skel->maps.fib6_chunk),
		.dir4 = bpf_map__fd(skel->maps.fib4_dir),
		.dir_slot4 = bpf_map__fd(skel->maps.fib4_vrf_dir),
	};
	if (nh_table__init(&nh, nl, no_port, no_lsp, NULL) ||
	    fib__init(&f, &nh) || fib__set_maps(&f, &m))
		return 1;
	mplsx_addr__parse(&spec.nh.addr, "10.255.0.9");
	id = nh_table__get(&nh, &spec.nh);
	nh.entries[id].value.state = MPLSX_NH_RESOLVED; /* not under test */
	t0 = now_s();
	for (v = 1; v <= sc->vrfs; v++)
		for (i = 0; i < sc->per; i++) {
			struct route_key k = {.vrf_id = v,
					      .family = sc->family,
					      .prefix_len = sc->len};

			scenario_addr(sc, v, i, k.addr);
			spec.vpn_label = 16 + n % 1048560;
			fib__desire(&f, &k, &spec);
			n++;
		}
	t1 = now_s();
	fib__for_each(&f, count_installed, &installed);
	printf("{\"scenario\": \"%s\", \"family\": \"%s\", \"vrfs\": %u, "
	       "\"prefix_len\": %u, \"routes\": %u, \"installed\": %u, "
	       "\"refused\": %u, \"install_s\": %.3f, "
	       "\"routes_per_s\": %.0f, ",
	       sc->name, sc->family == AF_INET ? "ipv4" : "ipv6", sc->vrfs,
	       sc->len, n, installed, n - installed, t1 - t0, n / (t1 - t0));
	if (sc->family == AF_INET)
		family_mem("fib", m.top4, m.chunk4, m.short4, m.dir4,
			   m.dir_slot4, "");
	else
		family_mem("fib", m.top6, m.chunk6, m.short6, -1, -1, "");
	printf("}\n");
	fib__free(&f);
	nh_table__free(&nh);
	mplsx_nl__close(nl);
	mplsx_bpf__destroy(skel);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "mem"))
		return cmd_mem(argv[2]);
	if (argc == 3 && !strcmp(argv[1], "load"))
		return cmd_load(argv[2]);
	fprintf(stderr, "usage: fibtool mem PINDIR | load "
			"vrf1m|vrfs10|vrfs10s|vrfs10v6|vrfs10v64\n");
	return 2;
}
