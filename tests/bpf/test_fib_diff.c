// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * test_fib_diff.c - the VRF FIB against a reference: random tables (every
 * prefix length /0../32 and /0../128, several VRFs, prefixes nested and
 * overlapping), random destinations looked up three ways - the real XDP
 * program through BPF_PROG_TEST_RUN (a frame from a VRF port: the VPN label
 * it pushes names the route), the agent's own model (fib__lookup_addr) and
 * a linear longest-prefix match over the routes - which must agree
 * everywhere: after the load, after withdrawals and changes, and while a
 * second thread inserts and withdraws (then every answer must be a route
 * that covers the destination, at least as long as the best stable one:
 * the old route or the new one, never a hole or another VRF's).
 *
 * Every route is REMOTE, behind one PE nexthop, with a label of its own
 * (a new one at each change), so a label identifies one route.  The
 * nexthop is marked resolved by hand: resolution is not under test.
 */
#include <arpa/inet.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <linux/if_ether.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "dp/fib.h"
#include "dp/mplsx_abi.h"
#include "dp/nh_prebuild.h"
#include "kernel/netlink.h"
#include "mplsx.skel.h"
#include "nh_unresolved.h"
#include "testlib.h"

#define IN_IFINDEX 1 /* lo */
#define DIR_SLOTS  3 /* direct top arrays: fewer than the VRFs */
#define N_VRFS	   8
#define MAX_ROUTES 16384
#define LABEL_BASE 16
#define MAX_LABELS (1u << 20)

struct rt {
	uint32_t vrf;
	uint8_t family, len;
	uint8_t addr[16];
	uint32_t label; /* 0: not in the table */
	bool churn;	/* the concurrent updater's */
};

static struct mplsx_bpf *skel;
static struct mplsx_nl *nl;
static struct nh_table nh;
static struct fib f;
static struct rt routes[MAX_ROUTES];
static int n_routes;
static uint32_t next_label = LABEL_BASE;
/* label -> route index + 1, written before the label can be in a map. */
static _Atomic uint32_t label_route[MAX_LABELS];
/* Per thread: the updater and the prober draw their own streams. */
static _Thread_local uint64_t rng = 0x9E3779B97F4A7C15ull;
static uint32_t cur_vrf;

static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static unsigned bytes_of(uint8_t family)
{
	return family == AF_INET ? 4 : 16;
}

static void mask(uint8_t *a, unsigned len, unsigned n)
{
	unsigned i;

	for (i = 0; i < n; i++)
		if (len <= 8 * i)
			a[i] = 0;
		else if (len < 8 * (i + 1))
			a[i] &= (uint8_t)(0xFF00 >> (len - 8 * i));
}

static bool covers(const struct rt *r, uint32_t vrf, uint8_t family,
		   const uint8_t *a)
{
	uint8_t m[16];

	if (!r->label || r->vrf != vrf || r->family != family)
		return false;
	memcpy(m, a, 16);
	mask(m, r->len, bytes_of(family));
	return !memcmp(m, r->addr, bytes_of(family));
}

/* The reference: a linear longest-prefix match. */
static const struct rt *ref_lookup(uint32_t vrf, uint8_t family,
				   const uint8_t *a, bool stable_only)
{
	const struct rt *best = NULL;
	int i;

	for (i = 0; i < n_routes; i++) {
		const struct rt *r = &routes[i];

		if (stable_only && r->churn)
			continue;
		if (covers(r, vrf, family, a) && (!best || r->len > best->len))
			best = r;
	}
	return best;
}

static struct route_key key_of(const struct rt *r)
{
	struct route_key k = {
		.vrf_id = r->vrf, .family = r->family, .prefix_len = r->len};

	memcpy(k.addr, r->addr, 16);
	return k;
}

/* Labels drawn from a pool this small when set (0: a new one each time):
 * routes then share entry words, as LOCAL routes behind one CE do. */
static uint32_t shared_labels;

/* Give route i a new label and install it (an insert, or a change). */
static void rt_set(int i)
{
	struct route_spec spec = {.kind = MPLSX_ROUTE_REMOTE,
				  .source = ROUTE_BGP,
				  .has_nh = true,
				  .nh = {.kind = NH_PE}};
	struct route_key k = key_of(&routes[i]);
	uint32_t label = next_label++;

	if (next_label >= MAX_LABELS)
		next_label = LABEL_BASE;
	if (shared_labels)
		label = LABEL_BASE + (uint32_t)(rnd() % shared_labels);
	mplsx_addr__parse(&spec.nh.addr, "10.255.0.9");
	spec.vpn_label = label;
	atomic_store(&label_route[label], (uint32_t)i + 1);
	fib__desire(&f, &k, &spec);
	routes[i].label = label;
}

static void rt_withdraw(int i)
{
	struct route_key k = key_of(&routes[i]);

	fib__remove(&f, &k);
	routes[i].label = 0;
}

/* A random prefix near one of a few seeds, so that they nest and overlap:
 * the seed's bits, with the last up-to-8 bits of the prefix random. */
static void random_prefix(struct rt *r, uint8_t family,
			  const uint8_t (*seeds)[16], int n_seeds)
{
	unsigned n = bytes_of(family), maxlen = 8 * n, len, from, b;

	len = (unsigned)(rnd() % (maxlen + 1));
	r->family = family;
	r->len = (uint8_t)len;
	r->vrf = 1 + (uint32_t)(rnd() % N_VRFS);
	if (rnd() % 10 == 0) {
		for (b = 0; b < n; b++)
			r->addr[b] = (uint8_t)rnd();
	} else {
		memcpy(r->addr, seeds[rnd() % n_seeds], 16);
		from = len > 8 ? len - 1 - (unsigned)(rnd() % 8) : 0;
		for (b = from; b < len; b++)
			if (rnd() & 1)
				r->addr[b / 8] ^= (uint8_t)(0x80 >> (b % 8));
	}
	mask(r->addr, len, 16);
}

static bool is_dup(const struct rt *r)
{
	int i;

	for (i = 0; i < n_routes; i++)
		if (routes[i].vrf == r->vrf && routes[i].family == r->family &&
		    routes[i].len == r->len &&
		    !memcmp(routes[i].addr, r->addr, 16))
			return true;
	return false;
}

static void build_table(uint8_t family, int count, int churn)
{
	uint8_t seeds[6][16];
	int i, s;

	for (s = 0; s < 6; s++)
		for (i = 0; i < 16; i++)
			seeds[s][i] = (uint8_t)rnd();
	/* Destinations the program hands to the host: no routes there. */
	for (s = 0; s < 6; s++)
		if (seeds[s][0] >= 0xE0 || seeds[s][0] == 0xFE)
			seeds[s][0] = 0x20;
	for (i = 0; i < count; i++) {
		struct rt r = {0};

		random_prefix(&r, family, seeds, 6);
		if (is_dup(&r) || n_routes >= MAX_ROUTES)
			continue;
		r.churn = i >= count - churn;
		routes[n_routes] = r;
		rt_set(n_routes++);
	}
}

/* A destination: inside a random route (often), or anywhere. */
static void random_addr(uint8_t family, uint8_t *a, uint32_t *vrf)
{
	unsigned n = bytes_of(family), b;
	int i;

	for (b = 0; b < 16; b++)
		a[b] = b < n ? (uint8_t)rnd() : 0;
	*vrf = 1 + (uint32_t)(rnd() % N_VRFS);
	if (rnd() % 8) {
		for (i = 0; i < 8; i++) {
			const struct rt *r = &routes[rnd() % n_routes];

			if (r->family != family)
				continue;
			for (b = 0; b < r->len; b++) {
				uint8_t bit = (uint8_t)(0x80 >> (b % 8));

				a[b / 8] = (uint8_t)((a[b / 8] & ~bit) |
						     (r->addr[b / 8] & bit));
			}
			*vrf = r->vrf;
			break;
		}
	}
	/* Multicast, broadcast, link-local go to the host: not routed. */
	if (family == AF_INET && a[0] >= 0xE0)
		a[0] &= 0x7F;
	if (family == AF_INET6 && (a[0] == 0xFF || a[0] == 0xFE))
		a[0] = 0x20;
}

static int set_vrf(uint32_t vrf)
{
	struct port_config pc = {
		.role = MPLSX_PORT_VRF, .port_id = 1, .vrf_id = vrf};
	uint32_t ifindex = IN_IFINDEX;

	if (vrf == cur_vrf)
		return 0;
	cur_vrf = vrf;
	return bpf_map_update_elem(bpf_map__fd(skel->maps.port_config),
				   &ifindex, &pc, BPF_ANY);
}

/* The label the real program pushes for a frame to a in vrf: 0 dropped,
 * -1 anything else. */
static long bpf_label(uint8_t family, const uint8_t *a, uint32_t vrf)
{
	uint8_t in[128] = {0}, out[256];
	struct xdp_md ctx = {.ingress_ifindex = IN_IFINDEX};
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = in, .data_out = out,
		    .data_size_out = sizeof(out), .ctx_in = &ctx,
		    .ctx_size_in = sizeof(ctx), .repeat = 1);
	uint32_t lse;
	size_t len;

	if (set_vrf(vrf))
		return -1;
	memset(in, 0x02, 12);
	if (family == AF_INET) {
		uint8_t *ip = in + 14;
		uint32_t sum = 0;
		int i;

		in[12] = 0x08;
		ip[0] = 0x45;
		ip[3] = 28; /* IPv4 + UDP */
		ip[8] = 64;
		ip[9] = 17;
		memcpy(ip + 12, "\x0a\x01\x00\x01", 4);
		memcpy(ip + 16, a, 4);
		for (i = 0; i < 20; i += 2)
			sum += (uint32_t)(ip[i] << 8 | ip[i + 1]);
		while (sum >> 16)
			sum = (sum & 0xFFFF) + (sum >> 16);
		ip[10] = (uint8_t)(~sum >> 8);
		ip[11] = (uint8_t)~sum;
		len = 14 + 28;
	} else {
		uint8_t *ip = in + 14;

		in[12] = 0x86;
		in[13] = 0xDD;
		ip[0] = 0x60;
		ip[5] = 8; /* payload: UDP header */
		ip[6] = 17;
		ip[7] = 64;
		ip[8] = 0x20;
		ip[23] = 1;
		memcpy(ip + 24, a, 16);
		len = 14 + 48;
	}
	len = len < 64 ? 64 : len;
	opts.data_size_in = (uint32_t)len;
	ctx.data_end = (uint32_t)len;
	if (bpf_prog_test_run_opts(bpf_program__fd(skel->progs.mplsx_xdp),
				   &opts))
		return -1;
	if (opts.retval == XDP_DROP)
		return 0;
	if (opts.retval != XDP_REDIRECT || opts.data_size_out < 18)
		return -1;
	memcpy(&lse, out + 14, 4);
	return ntohl(lse) >> MPLS_LS_LABEL_SHIFT;
}

static uint32_t model_label(uint8_t family, const uint8_t *a, uint32_t vrf)
{
	struct vrf_route v;

	if (!fib__lookup_addr(&f, vrf, family, a, &v))
		return 0;
	return v.kind == MPLSX_ROUTE_REMOTE ? v.vpn_label : 0xFFFFFFFFu;
}

static char *addr_str(uint8_t family, const uint8_t *a, char *buf)
{
	inet_ntop(family, a, buf, INET6_ADDRSTRLEN);
	return buf;
}

/* n random destinations per family, three ways; the mismatches. */
static int verify(int n, const char *when)
{
	static const uint8_t fams[2] = {AF_INET, AF_INET6};
	int i, k, bad = 0;

	for (k = 0; k < 2; k++)
		for (i = 0; i < n; i++) {
			uint8_t fam = fams[k], a[16];
			uint32_t vrf, want, model;
			const struct rt *r;
			long got;
			char buf[INET6_ADDRSTRLEN];

			random_addr(fam, a, &vrf);
			r = ref_lookup(vrf, fam, a, false);
			want = r ? r->label : 0;
			got = bpf_label(fam, a, vrf);
			model = model_label(fam, a, vrf);
			if (got == (long)want && model == want)
				continue;
			if (bad++ < 5)
				fprintf(stderr,
					"  %s: vrf %u %s: reference %u (/%d), "
					"program %ld, model %u\n",
					when, vrf, addr_str(fam, a, buf), want,
					r ? r->len : -1, got, model);
		}
	return bad;
}

static void test_random_tables(const void *arg)
{
	int bad, i, n;

	(void)arg;
	build_table(AF_INET, 3000, 600);
	build_table(AF_INET6, 1500, 300);
	bad = verify(6000, "loaded");
	CHECK(!bad, "%d of 12000 lookups disagree after the load (%d routes)",
	      bad, n_routes);
	CHECK(f.s4.dir_used == DIR_SLOTS,
	      "%u VRFs look up through a direct top array, %d wanted",
	      f.s4.dir_used, DIR_SLOTS);

	/* Withdraw a third, change the next hop (label) of another third. */
	n = n_routes;
	for (i = 0; i < n; i++) {
		if (routes[i].churn)
			continue;
		if (rnd() % 3 == 0)
			rt_withdraw(i);
		else if (rnd() % 2 == 0)
			rt_set(i);
	}
	bad = verify(6000, "after withdrawals and changes");
	CHECK(!bad, "%d of 12000 lookups disagree", bad);
	CHECK(f.s4.failures == 0 && f.s6.failures == 0,
	      "FIB update failures: %lu %lu", (unsigned long)f.s4.failures,
	      (unsigned long)f.s6.failures);
	printf("# %d routes, chunks in use: IPv4 %u, IPv6 %u; top entries "
	       "%zu + %zu; direct top arrays %u\n",
	       n_routes, f.s4.chunks_used, f.s6.chunks_used, f.s4.n_blocks,
	       f.s6.n_blocks, f.s4.dir_used);
}

static atomic_bool stop;
static atomic_long updates;

static void *updater(void *arg)
{
	int i;

	(void)arg;
	while (!atomic_load(&stop)) {
		i = (int)(rnd() % n_routes);
		if (!routes[i].churn)
			continue;
		if (routes[i].label && rnd() % 2)
			rt_withdraw(i);
		else
			rt_set(i);
		atomic_fetch_add(&updates, 1);
	}
	return NULL;
}

/* Concurrent: the answer must cover the destination and be at least as
 * long as the best route the updater never touches. */
static void test_concurrent_updates(const void *arg)
{
	static const uint8_t fams[2] = {AF_INET, AF_INET6};
	pthread_t th;
	int i, bad = 0, n = 0, k;
	time_t t0 = time(NULL);

	(void)arg;
	atomic_store(&stop, false);
	CHECK(!pthread_create(&th, NULL, updater, NULL), "updater thread");
	while (time(NULL) - t0 < 4 && n < 40000) {
		for (k = 0; k < 2; k++) {
			uint8_t fam = fams[k], a[16];
			uint32_t vrf, idx;
			const struct rt *stable, *r;
			long got;
			char buf[INET6_ADDRSTRLEN];
			random_addr(fam, a, &vrf);
			stable = ref_lookup(vrf, fam, a, true);
			got = bpf_label(fam, a, vrf);
			n++;
			if (got < 0) {
				bad++;
				continue;
			}
			if (got == 0) {
				if (stable && bad++ < 5)
					fprintf(stderr,
						"  vrf %u %s: dropped, /%u "
						"covers it\n",
						vrf, addr_str(fam, a, buf),
						stable->len);
				continue;
			}
			idx = atomic_load(&label_route[got]);
			r = idx ? &routes[idx - 1] : NULL;
			if (!r || r->vrf != vrf || r->family != fam ||
			    (stable && r->len < stable->len)) {
				if (bad++ < 5)
					fprintf(stderr,
						"  vrf %u %s: label %ld is not "
						"a route covering it\n",
						vrf, addr_str(fam, a, buf),
						got);
				continue;
			}
			{
				/* covers() wants a live label: test the
				 * prefix alone. */
				struct rt tmp = *r;

				tmp.label = 1;
				if (!covers(&tmp, vrf, fam, a) && bad++ < 5)
					fprintf(stderr,
						"  vrf %u %s: label %ld: a "
						"route that does not cover "
						"it\n",
						vrf, addr_str(fam, a, buf),
						got);
			}
		}
	}
	atomic_store(&stop, true);
	pthread_join(th, NULL);
	CHECK(!bad,
	      "%d of %d lookups during %ld updates were a hole or "
	      "a wrong route",
	      bad, n, atomic_load(&updates));
	CHECK(atomic_load(&updates) > 1000, "updates: %ld",
	      atomic_load(&updates));
	printf("# %d lookups during %ld concurrent updates\n", n,
	       atomic_load(&updates));
	for (i = 0; i < 1; i++) {
		bad = verify(4000, "after the updater");
		CHECK(!bad, "%d of 8000 lookups disagree", bad);
	}
	CHECK(f.s4.failures == 0 && f.s6.failures == 0,
	      "FIB update failures: %lu %lu", (unsigned long)f.s4.failures,
	      (unsigned long)f.s6.failures);
}

/* Few distinct entry words: a chunk whose entries are equal may hold
 * routes of different lengths, which must not be merged. */
static void test_shared_words(const void *arg)
{
	int i, bad;

	(void)arg;
	for (i = 0; i < n_routes; i++)
		if (routes[i].label)
			rt_withdraw(i);
	n_routes = 0;
	shared_labels = 3;
	build_table(AF_INET, 3000, 0);
	build_table(AF_INET6, 1500, 0);
	bad = verify(6000, "shared words, loaded");
	CHECK(!bad, "%d of 12000 lookups disagree", bad);
	for (i = 0; i < n_routes; i++)
		if (rnd() % 3 == 0)
			rt_withdraw(i);
		else if (rnd() % 2 == 0)
			rt_set(i);
	bad = verify(6000, "shared words, after withdrawals and changes");
	CHECK(!bad, "%d of 12000 lookups disagree", bad);
}

/* Everything withdrawn: no top entry, no chunk, no trie entry left. */
static void test_all_withdrawn(const void *arg)
{
	struct fib_top_key k, next;
	int i, left = 0;

	(void)arg;
	for (i = 0; i < n_routes; i++)
		if (routes[i].label)
			rt_withdraw(i);
	CHECK(f.s4.n_blocks == 0 && f.s6.n_blocks == 0, "blocks left: %zu %zu",
	      f.s4.n_blocks, f.s6.n_blocks);
	CHECK(f.s4.chunks_used == 0 && f.s6.chunks_used == 0,
	      "chunks left: %u %u", f.s4.chunks_used, f.s6.chunks_used);
	for (i = 0; i < 2; i++) {
		int fd = bpf_map__fd(i ? skel->maps.fib6_top
				       : skel->maps.fib4_top);

		if (!bpf_map_get_next_key(fd, NULL, &next))
			left++;
		(void)k;
	}
	CHECK(!left, "top entries left in the maps");
	for (i = 0, left = 0; i < MPLSX_MAX_VRFS; i++) {
		uint32_t id = (uint32_t)i, slot = 0;

		bpf_map_lookup_elem(bpf_map__fd(skel->maps.fib4_vrf_dir), &id,
				    &slot);
		left += slot != 0;
	}
	CHECK(!left && f.s4.dir_used == 0, "direct slots left: %d", left);
	CHECK(!verify(1000, "empty"), "lookups in an empty table");
}

static int setup(void)
{
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
	struct nexthop hop = {.ifindex = IN_IFINDEX,
			      .port_id = 2,
			      .mtu = 1500,
			      .state = MPLSX_NH_RESOLVED};
	struct route_spec spec = {.kind = MPLSX_ROUTE_REMOTE,
				  .has_nh = true,
				  .nh = {.kind = NH_PE}};
	uint32_t id, ifindex = IN_IFINDEX;

	if (nh_table__init(&nh, nl, no_port, no_lsp, NULL) ||
	    fib__init(&f, &nh) || fib__set_maps(&f, &m) || !f.s4.n_dir)
		return -1;
	/* Direct top arrays from 8 blocks on, DIR_SLOTS of them: some VRFs
	 * look up through them, the others through the hash. */
	f.s4.dir_min_blocks = 8;
	mplsx_addr__parse(&spec.nh.addr, "10.255.0.9");
	/* The one PE nexthop every route uses: taken (unresolved: no LSP),
	 * then marked resolved, and written for the program by hand. */
	id = nh_table__get(&nh, &spec.nh);
	if (!id)
		return -1;
	nh.entries[id].value.state = MPLSX_NH_RESOLVED;
	nexthop_prebuild(&hop);
	if (bpf_map_update_elem(bpf_map__fd(skel->maps.nexthop), &id, &hop,
				BPF_ANY) ||
	    bpf_map_update_elem(bpf_map__fd(skel->maps.tx_port), &ifindex,
				&ifindex, BPF_ANY))
		return -1;
	return set_vrf(1);
}

int main(void)
{
	int err;

	tl_plan(4);
	if (unshare(CLONE_NEWNET) || !(nl = mplsx_nl__open())) {
		fprintf(stderr, "needs root: %s\n", strerror(errno));
		tl_failed++;
		return tl_summary();
	}
	skel = mplsx_bpf__open();
	if (skel)
		bpf_map__set_max_entries(skel->maps.fib4_dir,
					 DIR_SLOTS << MPLSX_FIB4_TOP_BITS);
	if (skel && mplsx_bpf__load(skel)) {
		mplsx_bpf__destroy(skel);
		skel = NULL;
	}
	if (!skel || setup()) {
		fprintf(stderr, "cannot load the XDP object or set up: %s\n",
			strerror(errno));
		tl_failed++;
		return tl_summary();
	}
	RUN(test_random_tables);
	RUN(test_concurrent_updates);
	RUN(test_shared_words);
	RUN(test_all_withdrawn);
	err = tl_summary();
	fib__free(&f);
	nh_table__free(&nh);
	mplsx_nl__close(nl);
	mplsx_bpf__destroy(skel);
	return err;
}
