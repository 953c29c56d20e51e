// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * test_fib_full.c - the VRF FIB with small pools, against real maps: a
 * route that finds the chunk pool or the top hash full is not installed,
 * is counted and logged once per burst, the routes already installed keep
 * their entries, and the refused routes go in once withdrawals free room.
 * Runs in a private network namespace.
 */
#include <arpa/inet.h>
#include <bpf/bpf.h>
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "dp/fib.h"
#include "dp/mplsx_abi.h"
#include "nh_unresolved.h"
#include "testlib.h"

#define POOL 20 /* chunks: 19 handed out, 1 kept for withdrawals */

static struct mplsx_nl *nl;

/* Maps like the object's, of the given sizes. */
static int make_maps(struct fib_maps *m, uint32_t tops, uint32_t chunks)
{
	LIBBPF_OPTS(bpf_map_create_opts, np, .map_flags = BPF_F_NO_PREALLOC);
	LIBBPF_OPTS(bpf_map_create_opts, mm, .map_flags = BPF_F_MMAPABLE);

	*m = (struct fib_maps){
		.short4 = bpf_map_create(BPF_MAP_TYPE_LPM_TRIE, "vrf_fib4",
					 sizeof(struct vrf_fib4_key),
					 sizeof(struct vrf_route), 64, &np),
		.short6 = bpf_map_create(BPF_MAP_TYPE_LPM_TRIE, "vrf_fib6",
					 sizeof(struct vrf_fib6_key),
					 sizeof(struct vrf_route), 64, &np),
		.top4 = bpf_map_create(BPF_MAP_TYPE_HASH, "fib4_top",
				       sizeof(struct fib_top_key),
				       sizeof(struct fib_entry), tops, &np),
		.top6 = bpf_map_create(BPF_MAP_TYPE_HASH, "fib6_top",
				       sizeof(struct fib_top_key),
				       sizeof(struct fib_entry), tops, &np),
		.chunk4 = bpf_map_create(BPF_MAP_TYPE_ARRAY, "fib4_chunk", 4,
					 sizeof(struct fib_entry),
					 chunks * MPLSX_FIB_CHUNK_ENTRIES, &mm),
		.chunk6 = bpf_map_create(BPF_MAP_TYPE_ARRAY, "fib6_chunk", 4,
					 sizeof(struct fib_entry),
					 chunks * MPLSX_FIB_CHUNK_ENTRIES, &mm),
	};
	return m->short4 < 0 || m->short6 < 0 || m->top4 < 0 || m->top6 < 0 ||
			       m->chunk4 < 0 || m->chunk6 < 0
		       ? -1
		       : 0;
}

static void close_maps(struct fib_maps *m)
{
	close(m->short4), close(m->short6), close(m->top4);
	close(m->top6), close(m->chunk4), close(m->chunk6);
}

/* 10.i.1.0/24 in VRF 1: each in a /16 of its own, one chunk each. */
static struct route_key key_i(uint32_t i)
{
	struct route_key k = {.vrf_id = 1, .family = AF_INET, .prefix_len = 24};
	uint32_t a = htonl(0x0A000100u | i << 16);

	memcpy(k.addr, &a, 4);
	return k;
}

/* What the data path reads for the first address of k: the entry word
 * through the kernel's top hash and chunk array (0: none). */
static uint64_t dp_word(const struct fib_maps *m, const struct route_key *k)
{
	struct fib_top_key tk = {.vrf_id = k->vrf_id};
	union {
		uint64_t w;
		struct fib_entry e;
	} u;
	uint32_t idx;
	int i;

	memcpy(&tk.hi, k->addr, 2);
	if (bpf_map_lookup_elem(m->top4, &tk, &u.w))
		return 0;
	for (i = 2;
	     i < 4 && (ntohl(u.e.label_kind) & 0xFF) == MPLSX_FIB_KIND_CHUNK;
	     i++) {
		idx = u.e.id << 8 | k->addr[i];
		if (bpf_map_lookup_elem(m->chunk4, &idx, &u.w))
			return 0;
	}
	return u.w;
}

/* A RECEIVE route's word names no nexthop: tell routes apart by kind. */
static const struct route_spec receive = {.kind = MPLSX_ROUTE_RECEIVE,
					  .source = ROUTE_LOCAL};
static const struct route_spec glean = {.kind = MPLSX_ROUTE_GLEAN,
					.source = ROUTE_CONNECTED};

/* Lines of FILE that contain NEEDLE. */
static int lines_with(FILE *f, const char *needle)
{
	char line[512];
	int n = 0;

	rewind(f);
	while (fgets(line, sizeof(line), f))
		n += strstr(line, needle) != NULL;
	return n;
}

/* Runs fn with stderr (the agent's log) going to a file. */
static FILE *log_begin(int *saved)
{
	FILE *f = tmpfile();

	fflush(stderr);
	*saved = dup(2);
	if (f)
		dup2(fileno(f), 2);
	return f;
}

static void log_end(int saved)
{
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
}

static void test_chunk_pool_full(const void *arg)
{
	uint64_t before[40], w_glean;
	struct nh_table nh;
	struct fib_maps m;
	struct fib f;
	struct route_key k;
	const struct route *r;
	uint32_t i, installed = 0, refused = 0;
	int saved;
	FILE *log;

	(void)arg;
	CHECK(!make_maps(&m, 1024, POOL), "maps: %s", strerror(errno));
	CHECK(!nh_table__init(&nh, nl, no_port, no_lsp, NULL), "nh init");
	CHECK(!fib__init(&f, &nh) && !fib__set_maps(&f, &m), "fib");

	/* 30 routes, each wanting a chunk of its own, into 19. */
	log = log_begin(&saved);
	fib__begin(&f);
	for (i = 0; i < 30; i++) {
		k = key_i(i);
		fib__desire(&f, &k, &receive);
	}
	log_end(saved);
	for (i = 0; i < 30; i++) {
		k = key_i(i);
		r = fib__lookup(&f, &k);
		installed += r && r->installed && !r->refused;
		refused += r && !r->installed && r->refused;
		before[i] = dp_word(&m, &k);
	}
	CHECK(installed == POOL - 2 && refused == 30 - (POOL - 2),
	      "18 installed (one chunk kept for withdrawals), 12 refused: "
	      "%u %u",
	      installed, refused);
	CHECK(f.refused[0] == refused && f.refusals[0] == refused &&
		      f.refused[1] == 0,
	      "counted: refused %u, refusals %lu", f.refused[0],
	      (unsigned long)f.refusals[0]);
	CHECK(f.s4.chunks_used == POOL - 2, "chunks in use: %u",
	      f.s4.chunks_used);
	CHECK(log && lines_with(log, "IPv4 chunk pool is full") == 1 &&
		      lines_with(log, "fib.chunks_v4") == 1,
	      "one log line for the burst: %d",
	      log ? lines_with(log, "chunk pool is full") : -1);
	if (log)
		fclose(log);
	for (i = 0; i < 30; i++) {
		k = key_i(i);
		r = fib__lookup(&f, &k);
		CHECK(!!before[i] == (r && r->installed),
		      "route %u: in the data path exactly when installed", i);
	}

	/* A route into a chunk already there needs no new one: it goes in
	 * while the pool is full; a change of a route in place too. */
	k = key_i(0);
	k.addr[2] = 7;
	fib__desire(&f, &k, &glean);
	r = fib__lookup(&f, &k);
	CHECK(r && r->installed && !r->refused && dp_word(&m, &k) != 0,
	      "10.0.7.0/24 beside 10.0.1.0/24 installed with the pool full");
	k = key_i(1);
	fib__desire(&f, &k, &glean);
	w_glean = dp_word(&m, &k);
	CHECK(w_glean != before[1] && fib__lookup(&f, &k)->installed,
	      "a route changed in place with the pool full");
	for (i = 2; i < 30; i++) {
		k = key_i(i);
		CHECK(dp_word(&m, &k) == before[i],
		      "route %u's entry untouched by the refusals", i);
	}

	/* Withdraw 5 installed routes: 5 refused ones go in at the next
	 * tick, the rest wait. */
	for (i = 2; i < 7; i++) {
		k = key_i(i);
		fib__remove(&f, &k);
	}
	fib__retry_refused(&f);
	installed = refused = 0;
	for (i = 0; i < 30; i++) {
		k = key_i(i);
		r = fib__lookup(&f, &k);
		if (!r)
			continue;
		installed += r->installed && dp_word(&m, &k) != 0;
		refused += r->refused;
	}
	CHECK(installed == POOL - 2 && refused == 30 - 5 - (POOL - 2) &&
		      f.refused[0] == refused,
	      "after 5 withdrawals: %u installed, %u refused (%u)", installed,
	      refused, f.refused[0]);

	/* Every route goes: nothing refused, no chunk left. */
	fib__begin(&f);
	fib__sweep(&f);
	CHECK(f.count == 0 && f.refused[0] == 0 && f.s4.chunks_used == 0,
	      "empty: %zu routes, %u refused, %u chunks", f.count, f.refused[0],
	      f.s4.chunks_used);
	fib__free(&f);
	nh_table__free(&nh);
	close_maps(&m);
}

static void test_top_hash_full(const void *arg)
{
	struct nh_table nh;
	struct fib_maps m;
	struct fib f;
	struct route_key k;
	const struct route *r;
	uint32_t i, installed = 0;

	(void)arg;
	CHECK(!make_maps(&m, 4, 64), "maps: %s", strerror(errno));
	CHECK(!nh_table__init(&nh, nl, no_port, no_lsp, NULL), "nh init");
	CHECK(!fib__init(&f, &nh) && !fib__set_maps(&f, &m), "fib");
	fib__begin(&f);
	for (i = 0; i < 6; i++) {
		k = key_i(i);
		fib__desire(&f, &k, &receive);
	}
	for (i = 0; i < 6; i++) {
		k = key_i(i);
		r = fib__lookup(&f, &k);
		installed += r && r->installed;
		CHECK(r && (r->installed == !r->refused) &&
			      !!dp_word(&m, &k) == r->installed,
		      "route %u: installed and in the map, or refused", i);
	}
	CHECK(installed == 4 && f.refused[0] == 2 && f.s4.refused_tops == 2,
	      "4 top entries, 2 routes refused: %u %u %lu", installed,
	      f.refused[0], (unsigned long)f.s4.refused_tops);
	CHECK(f.s4.chunks_used == 4 && f.s4.n_blocks == 4,
	      "the refused routes' chunks given back: %u chunks, %zu blocks",
	      f.s4.chunks_used, f.s4.n_blocks);
	k = key_i(0);
	fib__remove(&f, &k);
	fib__retry_refused(&f);
	CHECK(f.refused[0] == 1, "one goes in after a withdrawal: %u",
	      f.refused[0]);
	fib__free(&f);
	nh_table__free(&nh);
	close_maps(&m);
}

int main(void)
{
	tl_plan(2);
	if (unshare(CLONE_NEWNET) || !(nl = mplsx_nl__open())) {
		fprintf(stderr, "needs root: %s\n", strerror(errno));
		tl_failed++;
		return tl_summary();
	}
	RUN(test_chunk_pool_full);
	RUN(test_top_hash_full);
	mplsx_nl__close(nl);
	return tl_summary();
}
