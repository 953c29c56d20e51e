// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * test_fib.c - the VRF route table against real LPM maps: routes desired
 * again unchanged are not rewritten, the ones not desired are deleted,
 * routes behind an unresolved nexthop are kept but not installed, and
 * nexthops are shared and released.  Runs in a private network namespace.
 */
#include <arpa/inet.h>
#include <bpf/bpf.h>
#include <errno.h>
#include <sched.h>
#include <string.h>
#include <unistd.h>

#include "dp/fib.h"
#include "svc/label_pool.h"
#include "dp/mplsx_abi.h"
#include "nh_unresolved.h"
#include "testlib.h"

static struct mplsx_nl *nl;
static int fd4, fd6;
static struct fib_maps maps;
static const struct fib *cur; /* the table under test */

static struct route_key key4(uint32_t vrf, const char *addr, int len)
{
	struct route_key k = {
		.vrf_id = vrf, .family = AF_INET, .prefix_len = (uint8_t)len};

	inet_pton(AF_INET, addr, k.addr);
	return k;
}

/* The entry for exactly VRF/ADDR/LEN, or false: what the data path finds
 * for ADDR, read from the kernel's maps (the stride FIB's top hash and
 * chunks, the trie for destinations outside every top entry), when the
 * agent painted it from a route of length LEN (a shorter covering prefix
 * expanded over ADDR does not count). */
static bool in_map(uint32_t vrf, const char *addr, int len,
		   struct vrf_route *out)
{
	struct fib_top_key tk = {.vrf_id = vrf};
	union {
		uint64_t w;
		struct fib_entry e;
	} u;
	struct vrf_fib4_key k = {.prefixlen = 32 + 32, .vrf_id = vrf};
	struct vrf_route v = {0};
	uint8_t a[4];
	uint32_t idx;
	int i;

	inet_pton(AF_INET, addr, a);
	memcpy(&k.addr, a, 4);
	memcpy(&tk.hi, a, 2);
	if (bpf_map_lookup_elem(maps.top4, &tk, &u.w)) {
		struct vrf_fib4_key want = {.prefixlen = 32 + (uint32_t)len,
					    .vrf_id = vrf},
				    kk, next;
		void *prev = NULL;
		bool exact = false;

		memcpy(&want.addr, a, 4);
		while (!bpf_map_get_next_key(fd4, prev, &next)) {
			kk = next;
			prev = &kk;
			exact |= !memcmp(&kk, &want, sizeof(kk));
		}
		if (!exact || bpf_map_lookup_elem(fd4, &k, &v))
			return false;
	} else {
		for (i = 2; i < 4 && (ntohl(u.e.label_kind) & 0xFF) ==
					     MPLSX_FIB_KIND_CHUNK;
		     i++) {
			idx = u.e.id << 8 | a[i];
			if (bpf_map_lookup_elem(maps.chunk4, &idx, &u.w))
				return false;
		}
		v.kind = ntohl(u.e.label_kind) & 0xFF;
		v.nexthop_id = u.e.id;
		if (!v.kind ||
		    fib_stride__depth(&cur->s4, vrf, a) != (unsigned)len + 1)
			return false;
	}
	if (out)
		*out = v;
	return true;
}

static const struct route_spec glean = {.kind = MPLSX_ROUTE_GLEAN,
					.source = ROUTE_CONNECTED};
static const struct route_spec receive = {.kind = MPLSX_ROUTE_RECEIVE,
					  .source = ROUTE_LOCAL};

static void test_difference(const void *arg)
{
	struct nh_table nh;
	struct fib f;
	struct route_key a = key4(1, "192.168.1.0", 24),
			 b = key4(1, "192.168.1.1", 32),
			 c = key4(2, "192.168.1.0", 24);
	struct vrf_route v;
	uint64_t w;

	(void)arg;
	CHECK(!nh_table__init(&nh, nl, no_port, no_lsp, NULL), "nh init");
	CHECK(!fib__init(&f, &nh), "fib init");
	CHECK(!fib__set_maps(&f, &maps), "maps");
	cur = &f;

	fib__begin(&f);
	fib__desire(&f, &a, &glean);
	fib__desire(&f, &b, &receive);
	fib__desire(&f, &c, &receive);
	fib__sweep(&f);
	CHECK(f.count == 3 && f.writes == 3, "3 routes, 3 writes: %zu %lu",
	      f.count, (unsigned long)f.writes);
	CHECK(in_map(1, "192.168.1.0", 24, &v) && v.kind == MPLSX_ROUTE_GLEAN,
	      "red glean route in vrf_fib4");
	CHECK(in_map(2, "192.168.1.0", 24, &v) && v.kind == MPLSX_ROUTE_RECEIVE,
	      "the same prefix in VRF 2 is its own route");
	CHECK(!in_map(1, "192.168.1.128", 25, NULL),
	      "only the prefixes desired are in the map (no /25 under the "
	      "/24)");

	/* The same routes again: nothing is written. */
	w = f.writes;
	fib__begin(&f);
	fib__desire(&f, &b, &receive);
	fib__desire(&f, &a, &glean);
	fib__desire(&f, &c, &receive);
	fib__sweep(&f);
	CHECK(f.writes == w, "unchanged routes rewritten: %lu -> %lu",
	      (unsigned long)w, (unsigned long)f.writes);

	/* A route that changes kind is rewritten; one not desired goes. */
	fib__begin(&f);
	fib__desire(&f, &a, &receive);
	fib__desire(&f, &b, &receive);
	fib__sweep(&f);
	CHECK(f.writes == w + 2, "one rewrite and one delete: %lu",
	      (unsigned long)(f.writes - w));
	CHECK(in_map(1, "192.168.1.0", 24, &v) && v.kind == MPLSX_ROUTE_RECEIVE,
	      "rewritten");
	CHECK(!in_map(2, "192.168.1.0", 24, NULL), "VRF 2 route deleted");
	CHECK(f.count == 2, "2 routes left");

	fib__begin(&f);
	fib__sweep(&f);
	CHECK(f.count == 0 && !in_map(1, "192.168.1.1", 32, NULL), "all gone");
	fib__free(&f);
	nh_table__free(&nh);
}

static void test_unresolved_shared_nexthop(const void *arg)
{
	struct nh_table nh;
	struct fib f;
	struct route_key a = key4(1, "10.1.0.0", 16),
			 b = key4(1, "10.2.0.0", 16);
	struct route_spec remote = {.kind = MPLSX_ROUTE_REMOTE,
				    .source = ROUTE_STATIC,
				    .has_nh = true,
				    .nh = {.kind = NH_PE},
				    .vpn_label = 100};
	const struct route *r;

	(void)arg;
	mplsx_addr__parse(&remote.nh.addr, "10.255.0.9");
	CHECK(!nh_table__init(&nh, nl, no_port, no_lsp, NULL), "nh init");
	CHECK(!fib__init(&f, &nh), "fib init");
	CHECK(!fib__set_maps(&f, &maps), "maps");
	cur = &f;
	fib__begin(&f);
	fib__desire(&f, &a, &remote);
	fib__desire(&f, &b, &remote);
	fib__sweep(&f);
	r = fib__lookup(&f, &a);
	CHECK(r && !r->installed, "a route behind an unknown PE is kept, "
				  "not installed");
	CHECK(!in_map(1, "10.1.0.0", 16, NULL), "and not in the map");
	CHECK(r && fib__lookup(&f, &b)->nh_id == r->nh_id &&
		      nh_table__entry(&nh, r->nh_id)->refs == 2,
	      "two routes share one nexthop");
	CHECK(r && strstr(nh_table__entry(&nh, r->nh_id)->reason,
			  "no LSP to PE 10.255.0.9"),
	      "reason: %s", r ? nh_table__entry(&nh, r->nh_id)->reason : "");
	fib__begin(&f);
	fib__desire(&f, &a, &remote);
	fib__sweep(&f);
	r = fib__lookup(&f, &a);
	CHECK(r && nh_table__entry(&nh, r->nh_id)->refs == 1, "one ref left");
	fib__begin(&f);
	fib__sweep(&f);
	CHECK(nh.entries[1].refs == 0, "nexthop released");
	fib__free(&f);
	nh_table__free(&nh);
}

static void test_label_pool(const void *arg)
{
	struct label_pool p = {0};
	uint32_t a, b, c;

	(void)arg;
	CHECK(!label_pool__set_range(&p, 100, 102), "range");
	a = label_pool__alloc(&p);
	b = label_pool__alloc(&p);
	c = label_pool__alloc(&p);
	CHECK(a == 100 && b == 101 && c == 102, "lowest first: %u %u %u", a, b,
	      c);
	CHECK(label_pool__alloc(&p) == 0, "exhausted");
	label_pool__free(&p, 101);
	CHECK(label_pool__alloc(&p) == 101, "reused");
	CHECK(!label_pool__set_range(&p, 101, 200), "new range");
	CHECK(label_pool__alloc(&p) == 103, "labels in use kept across a new "
					    "range");
	label_pool__destroy(&p);
}

int main(void)
{
	LIBBPF_OPTS(bpf_map_create_opts, lpm, .map_flags = BPF_F_NO_PREALLOC);

	tl_plan(3);
	if (unshare(CLONE_NEWNET) || !(nl = mplsx_nl__open())) {
		fprintf(stderr, "needs root: %s\n", strerror(errno));
		tl_failed++;
		return tl_summary();
	}
	fd4 = bpf_map_create(BPF_MAP_TYPE_LPM_TRIE, "vrf_fib4",
			     sizeof(struct vrf_fib4_key),
			     sizeof(struct vrf_route), 1024, &lpm);
	fd6 = bpf_map_create(BPF_MAP_TYPE_LPM_TRIE, "vrf_fib6",
			     sizeof(struct vrf_fib6_key),
			     sizeof(struct vrf_route), 1024, &lpm);
	LIBBPF_OPTS(bpf_map_create_opts, mm, .map_flags = BPF_F_MMAPABLE);
	maps = (struct fib_maps){
		.short4 = fd4,
		.short6 = fd6,
		.top4 = bpf_map_create(BPF_MAP_TYPE_HASH, "fib4_top",
				       sizeof(struct fib_top_key),
				       sizeof(struct fib_entry), 1024, &lpm),
		.top6 = bpf_map_create(BPF_MAP_TYPE_HASH, "fib6_top",
				       sizeof(struct fib_top_key),
				       sizeof(struct fib_entry), 1024, &lpm),
		.chunk4 =
			bpf_map_create(BPF_MAP_TYPE_ARRAY, "fib4_chunk", 4,
				       sizeof(struct fib_entry), 64 * 256, &mm),
		.chunk6 =
			bpf_map_create(BPF_MAP_TYPE_ARRAY, "fib6_chunk", 4,
				       sizeof(struct fib_entry), 64 * 256, &mm),
	};
	if (fd4 < 0 || fd6 < 0 || maps.top4 < 0 || maps.top6 < 0 ||
	    maps.chunk4 < 0 || maps.chunk6 < 0) {
		fprintf(stderr, "cannot create the FIB maps: %s\n",
			strerror(errno));
		tl_failed++;
		return tl_summary();
	}
	RUN(test_difference);
	RUN(test_unresolved_shared_nexthop);
	RUN(test_label_pool);
	mplsx_nl__close(nl);
	return tl_summary();
}
