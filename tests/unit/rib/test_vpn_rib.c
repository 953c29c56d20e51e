// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * test_vpn_rib.c - VPN routes between BGP and VRFs: import by route
 * target, best path, withdrawal, graceful-restart staleness, local routes
 * shadowing BGP ones, and the export difference sent to the speaker.
 * Runs on a bare router (no BPF), in a private network namespace.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>

#include "svc/router.h"
#include "nh_unresolved.h"
#include "rib/vrf_bgp.h"
#include "testlib.h"
#include "rib/vpn_rib.h"

static struct mplsx_router *r;
static struct cfg_vrf vrf_red, vrf_green;
static struct mplsx_rt rt_red, rt_other;
static struct mplsx_config cfg;

struct sent {
	size_t announced, withdrawn, calls;
	struct bgp_route last;
};
static struct sent sent;

static void advertise(void *ctx, const struct bgp_route *routes, size_t n,
		      bool withdraw)
{
	(void)ctx;
	sent.calls++;
	if (withdraw)
		sent.withdrawn += n;
	else
		sent.announced += n;
	sent.last = routes[n - 1];
}

static struct bgp_route vpn4(const char *prefix, int len, const char *nh,
			     uint32_t label, const struct mplsx_rt *rt,
			     uint8_t rd_last)
{
	struct bgp_route b = {.af = BGP_AF_VPNV4,
			      .prefix_len = (uint8_t)len,
			      .n_labels = 1,
			      .labels = {label}};

	b.rd[1] = 0;
	b.rd[7] = rd_last;
	mplsx_addr__parse(&b.prefix, prefix);
	mplsx_addr__parse(&b.attrs.next_hop, nh);
	if (rt) {
		memcpy(b.attrs.route_targets[0], rt->bytes, 8);
		b.attrs.n_route_targets = 1;
	}
	return b;
}

static const struct route *lookup(uint32_t vrf, const char *prefix, int len)
{
	struct route_key k = {
		.vrf_id = vrf, .family = AF_INET, .prefix_len = (uint8_t)len};

	inet_pton(AF_INET, prefix, k.addr);
	return fib__lookup(&r->fib, &k);
}

static void setup(void)
{
	char err[128];

	r = calloc(1, sizeof(*r));
	r->nl = mplsx_nl__open();
	nh_table__init(&r->nh, r->nl, no_port, no_lsp, r);
	fib__init(&r->fib, &r->nh);
	/* The route tables over the router's VRFs, as router__init wires
	 * them. */
	router__rib_init(r);
	mplsx_addr__parse(&cfg.router_id, "10.255.0.1");
	r->cfg = &cfg;
	mplsx_rt__parse("65000:1", &rt_red, err, sizeof(err));
	mplsx_rt__parse("65000:99", &rt_other, err, sizeof(err));
	snprintf(vrf_red.name, sizeof(vrf_red.name), "red");
	mplsx_rd__parse("65000:1", &vrf_red.rd, err, sizeof(err));
	vrf_red.import = &rt_red;
	vrf_red.n_import = 1;
	vrf_red.export = &rt_red;
	vrf_red.n_export = 1;
	snprintf(vrf_green.name, sizeof(vrf_green.name), "green");
	vrf_green.import = &rt_other;
	vrf_green.n_import = 1;
	r->vrf.by_id[1] =
		(struct vrf_state){.used = true, .cfg = &vrf_red, .label = 100};
	snprintf(r->vrf.by_id[1].name, sizeof(r->vrf.by_id[1].name), "red");
	r->vrf.by_id[2] = (struct vrf_state){
		.used = true, .cfg = &vrf_green, .label = 200};
	snprintf(r->vrf.by_id[2].name, sizeof(r->vrf.by_id[2].name), "green");
	r->vrf.ids[0] = 1;
	r->vrf.ids[1] = 2;
	r->vrf.n_ids = 2;
	vpn_rib__reimport(r->vpn);
	r->rib.advertise = advertise;
}

static void test_import_by_route_target(const void *arg)
{
	struct bgp_route b =
		vpn4("192.168.2.0", 24, "10.255.0.3", 300, &rt_red, 1);
	const struct route *rt;

	(void)arg;
	vpn_rib__route(r->vpn, 0, &b);
	rt = lookup(1, "192.168.2.0", 24);
	CHECK(rt && rt->spec.source == ROUTE_BGP &&
		      rt->spec.kind == MPLSX_ROUTE_REMOTE &&
		      rt->spec.vpn_label == 300,
	      "imported into red with its label");
	CHECK(rt && rt->spec.nh.kind == NH_PE, "through the PE nexthop");
	CHECK(!lookup(2, "192.168.2.0", 24), "not into green");
	CHECK(vpn_rib__received(r->vpn) == 1, "1 received");

	b = vpn4("192.168.3.0", 24, "10.255.0.3", 301, NULL, 1);
	vpn_rib__route(r->vpn, 0, &b);
	CHECK(!lookup(1, "192.168.3.0", 24), "no route target: no VRF");
	b = vpn4("192.168.4.0", 24, "10.255.0.3", 3, &rt_red, 1);
	vpn_rib__route(r->vpn, 0, &b);
	CHECK(!lookup(1, "192.168.4.0", 24), "implicit null VPN label refused");
	b = vpn4("192.168.5.0", 24, "10.255.0.1", 400, &rt_red, 1);
	vpn_rib__route(r->vpn, 0, &b);
	CHECK(!lookup(1, "192.168.5.0", 24), "our own route reflected back");
}

static void test_best_and_withdraw(const void *arg)
{
	struct bgp_route a =
		vpn4("10.9.0.0", 16, "10.255.0.3", 500, &rt_red, 1);
	struct bgp_route b =
		vpn4("10.9.0.0", 16, "10.255.0.4", 600, &rt_red, 2);
	const struct route *rt;

	(void)arg;
	vpn_rib__route(r->vpn, 0, &b);
	vpn_rib__route(r->vpn, 0, &a);
	rt = lookup(1, "10.9.0.0", 16);
	CHECK(rt && rt->spec.vpn_label == 500,
	      "two RDs, one prefix: the lower next hop wins");
	b.attrs.present |= 1u << BGP_ATTR_LOCAL_PREF;
	b.attrs.local_pref = 200;
	vpn_rib__route(r->vpn, 0, &b);
	rt = lookup(1, "10.9.0.0", 16);
	CHECK(rt && rt->spec.vpn_label == 600, "higher LOCAL_PREF wins");
	b.withdraw = true;
	vpn_rib__route(r->vpn, 0, &b);
	rt = lookup(1, "10.9.0.0", 16);
	CHECK(rt && rt->spec.vpn_label == 500, "withdrawn: the other one");
	a.withdraw = true;
	vpn_rib__route(r->vpn, 0, &a);
	CHECK(!lookup(1, "10.9.0.0", 16), "both withdrawn: gone");
}

/* A site over two PEs under two RDs: RFC 4271 sec. 9.1.2.2 chooses, a
 * shorter AS_PATH, then a lower MED from the same neighbouring AS, before
 * the lowest next hop. */
static void test_best_by_path(const void *arg)
{
	static const uint8_t p1[] = {2, 1, 0, 0, 0xfe, 0x4d}; /* 65101 */
	static const uint8_t p2[] = {2, 1, 0, 0, 0xfe, 0x4e}; /* 65102 */
	static const uint8_t p3[] = {2, 2, 0, 0, 0xfe, 0x4d, 0, 0, 0xfe, 0x4d};
	struct bgp_route a =
		vpn4("10.6.0.0", 16, "10.255.0.3", 500, &rt_red, 1);
	struct bgp_route b =
		vpn4("10.6.0.0", 16, "10.255.0.4", 600, &rt_red, 2);
	const struct route *rt;

	(void)arg;
	memcpy(a.attrs.as_path, p1, sizeof(p1));
	a.attrs.as_path_wire_len = sizeof(p1);
	a.attrs.as_path_len = 1;
	a.attrs.as_path_first = 65101;
	b.attrs.as_path_len = a.attrs.as_path_len;
	b.attrs.as_path_first = a.attrs.as_path_first;
	b.attrs.as_path_wire_len = a.attrs.as_path_wire_len;
	memcpy(b.attrs.as_path, p1, sizeof(p1));
	a.attrs.present |= 1ull << BGP_ATTR_MED;
	a.attrs.med = 50;
	b.attrs.present |= 1ull << BGP_ATTR_MED;
	b.attrs.med = 10;
	vpn_rib__route(r->vpn, 0, &a);
	vpn_rib__route(r->vpn, 0, &b);
	rt = lookup(1, "10.6.0.0", 16);
	CHECK(rt && rt->spec.vpn_label == 600,
	      "same neighbouring AS: MED 10 wins over MED 50 (and over the "
	      "lower next hop)");
	memcpy(b.attrs.as_path, p2, sizeof(p2));
	b.attrs.as_path_first = 65102;
	vpn_rib__route(r->vpn, 0, &b);
	rt = lookup(1, "10.6.0.0", 16);
	CHECK(rt && rt->spec.vpn_label == 500,
	      "another neighbouring AS: MEDs not compared, lower next hop");
	memcpy(a.attrs.as_path, p3, sizeof(p3));
	a.attrs.as_path_wire_len = sizeof(p3);
	a.attrs.as_path_len = 2;
	vpn_rib__route(r->vpn, 0, &a);
	rt = lookup(1, "10.6.0.0", 16);
	CHECK(rt && rt->spec.vpn_label == 600, "the shorter AS_PATH wins");
	b.attrs.origin = BGP_ORIGIN_INCOMPLETE;
	b.attrs.as_path_len = 2;
	vpn_rib__route(r->vpn, 0, &b);
	rt = lookup(1, "10.6.0.0", 16);
	CHECK(rt && rt->spec.vpn_label == 500,
	      "same length: ORIGIN IGP wins over INCOMPLETE");
	a.withdraw = b.withdraw = true;
	vpn_rib__route(r->vpn, 0, &a);
	vpn_rib__route(r->vpn, 0, &b);
	CHECK(!lookup(1, "10.6.0.0", 16), "both withdrawn: gone");
}

static void test_graceful_restart(const void *arg)
{
	struct bgp_route a =
		vpn4("10.7.0.0", 16, "10.255.0.3", 700, &rt_red, 1);

	(void)arg;
	vpn_rib__route(r->vpn, 3, &a);
	vpn_rib__peer_down(r->vpn, 3, true);
	CHECK(lookup(1, "10.7.0.0", 16), "stale route kept for forwarding");
	CHECK(vpn_rib__stale(r->vpn) == 1, "counted stale");
	vpn_rib__route(r->vpn, 3, &a);
	CHECK(vpn_rib__stale(r->vpn) == 0, "refreshed after restart");
	vpn_rib__peer_down(r->vpn, 3, true);
	vpn_rib__flush_stale(r->vpn, 3, BGP_AF_VPNV4);
	CHECK(!lookup(1, "10.7.0.0", 16), "End-of-RIB flushes stale");
	vpn_rib__route(r->vpn, 3, &a);
	vpn_rib__peer_down(r->vpn, 3, false);
	CHECK(!lookup(1, "10.7.0.0", 16), "hard down removes at once");
}

static void test_local_wins_then_fallback(const void *arg)
{
	struct bgp_route a =
		vpn4("10.6.0.0", 16, "10.255.0.3", 800, &rt_red, 1);
	struct route_key k = {.vrf_id = 1, .family = AF_INET, .prefix_len = 16};
	struct route_spec glean = {.kind = MPLSX_ROUTE_GLEAN,
				   .source = ROUTE_CONNECTED};
	const struct route *rt;

	(void)arg;
	inet_pton(AF_INET, "10.6.0.0", k.addr);
	fib__begin(&r->fib);
	fib__desire(&r->fib, &k, &glean);
	vpn_rib__route(r->vpn, 0, &a);
	rt = lookup(1, "10.6.0.0", 16);
	CHECK(rt && rt->spec.source == ROUTE_CONNECTED,
	      "a connected route shadows the BGP one");
	/* Next sync without the connected route: BGP takes over. */
	fib__begin(&r->fib);
	fib__sweep(&r->fib);
	rt = lookup(1, "10.6.0.0", 16);
	CHECK(rt && rt->spec.source == ROUTE_BGP && rt->spec.vpn_label == 800,
	      "the BGP route comes back");
	CHECK(lookup(1, "192.168.2.0", 24), "sweeps never drop BGP routes");
}

static void test_exports(const void *arg)
{
	struct route_key k = {.vrf_id = 1, .family = AF_INET, .prefix_len = 24};
	struct route_spec glean = {.kind = MPLSX_ROUTE_GLEAN,
				   .source = ROUTE_CONNECTED};
	struct bgp_route *all;
	char buf[MPLSX_ADDRSTRLEN];
	size_t n;

	(void)arg;
	inet_pton(AF_INET, "192.168.1.0", k.addr);
	memset(&sent, 0, sizeof(sent));
	fib__begin(&r->fib);
	fib__desire(&r->fib, &k, &glean);
	fib__sweep(&r->fib);
	router__sync_exports(r);
	CHECK(sent.announced == 1 && sent.withdrawn == 0,
	      "connected subnet announced: %zu", sent.announced);
	CHECK(sent.last.af == BGP_AF_VPNV4 && sent.last.labels[0] == 100 &&
		      !memcmp(sent.last.rd, vrf_red.rd.bytes, 8) &&
		      sent.last.attrs.n_route_targets == 1 &&
		      !memcmp(sent.last.attrs.route_targets[0], rt_red.bytes,
			      8),
	      "with the VRF's RD, label and export target");
	CHECK(!strcmp(mplsx_addr__str(&sent.last.attrs.next_hop, buf),
		      "10.255.0.1"),
	      "next hop = router_id: %s", buf);
	router__sync_exports(r);
	CHECK(sent.announced == 1, "unchanged: nothing sent again");
	all = vpn_rib__exports(r->vpn, BGP_AF_VPNV4, &n);
	CHECK(n == 1, "full table for a new session: %zu", n);
	free(all);

	/* A reload with other export targets: announced again. */
	vrf_red.export = &rt_other;
	router__sync_exports(r);
	CHECK(sent.announced == 2 && sent.withdrawn == 0 &&
		      !memcmp(sent.last.attrs.route_targets[0], rt_other.bytes,
			      8),
	      "new export target re-announced: %zu", sent.announced);
	/* Another RD: withdrawn under the old one, announced under the new. */
	{
		char err[64];
		struct mplsx_rd old = vrf_red.rd;

		mplsx_rd__parse("65000:7", &vrf_red.rd, err, sizeof(err));
		router__sync_exports(r);
		CHECK(sent.withdrawn == 1 && sent.announced == 3 &&
			      !memcmp(sent.last.rd, vrf_red.rd.bytes, 8),
		      "new RD: withdraw + announce (%zu, %zu)", sent.withdrawn,
		      sent.announced);
		vrf_red.rd = old;
		vrf_red.export = &rt_red;
		router__sync_exports(r);
	}
	memset(&sent, 0, sizeof(sent));
	fib__begin(&r->fib);
	fib__sweep(&r->fib);
	router__sync_exports(r);
	CHECK(sent.withdrawn == 1, "gone: withdrawn");
}

/* PE-CE: unicast routes from a VRF's session (vrf_bgp.c). */
static void test_ce_routes(const void *arg)
{
	struct bgp_route ce = {.af = BGP_AF_IPV4_UNICAST, .prefix_len = 16};
	struct bgp_route vpn =
		vpn4("10.9.0.0", 16, "10.255.0.3", 900, &rt_red, 1);
	struct route_key k = {.vrf_id = 1, .family = AF_INET, .prefix_len = 16};
	struct route_spec st = {.kind = MPLSX_ROUTE_LOCAL,
				.source = ROUTE_STATIC,
				.has_nh = true,
				.nh = {.kind = NH_ON_LINK, .oif = -1}};
	const struct route *rt;

	(void)arg;
	inet_pton(AF_INET, "10.9.0.0", k.addr);
	mplsx_addr__parse(&ce.prefix, "10.9.0.0");
	mplsx_addr__parse(&ce.attrs.next_hop, "172.16.1.2");
	vrf_bgp__route(r->ce_rib, 1, 5, &ce);
	rt = lookup(1, "10.9.0.0", 16);
	CHECK(rt && rt->spec.kind == MPLSX_ROUTE_LOCAL &&
		      rt->spec.source == ROUTE_BGP &&
		      rt->spec.nh.kind == NH_ON_LINK,
	      "CE route: a LOCAL route of the VRF, source bgp");
	CHECK(rt && rt->spec.nh.oif == -1 && !rt->installed,
	      "next hop on no VRF subnet: kept, not installed");
	CHECK(vrf_bgp__peer_of(r->ce_rib, &k) == 5, "from session 5");
	CHECK(!lookup(2, "10.9.0.0", 16), "not in another VRF");
	vpn_rib__route(r->vpn, 0, &vpn);
	rt = lookup(1, "10.9.0.0", 16);
	CHECK(rt && rt->spec.kind == MPLSX_ROUTE_LOCAL,
	      "the CE route wins over a VPN route");
	ce.withdraw = true;
	vrf_bgp__route(r->ce_rib, 1, 5, &ce);
	rt = lookup(1, "10.9.0.0", 16);
	CHECK(rt && rt->spec.kind == MPLSX_ROUTE_REMOTE &&
		      rt->spec.vpn_label == 900,
	      "withdrawn: the VPN route takes over");
	vpn.withdraw = true;
	vpn_rib__route(r->vpn, 0, &vpn);
	CHECK(!lookup(1, "10.9.0.0", 16), "both gone");

	/* Graceful restart: stale, then flushed. */
	ce.withdraw = false;
	vrf_bgp__route(r->ce_rib, 1, 5, &ce);
	vrf_bgp__peer_down(r->ce_rib, 5, true);
	CHECK(lookup(1, "10.9.0.0", 16), "kept stale over a graceful down");
	vrf_bgp__flush_stale(r->ce_rib, 5, BGP_AF_IPV4_UNICAST);
	CHECK(!lookup(1, "10.9.0.0", 16), "flushed at End-of-RIB");

	/* A static route of the prefix wins, and the CE route is back
	 * when it goes. */
	mplsx_addr__parse(&st.nh.addr, "172.16.1.9");
	fib__begin(&r->fib);
	fib__desire(&r->fib, &k, &st);
	vrf_bgp__route(r->ce_rib, 1, 5, &ce);
	rt = lookup(1, "10.9.0.0", 16);
	CHECK(rt && rt->spec.source == ROUTE_STATIC, "static wins");
	fib__begin(&r->fib);
	fib__sweep(&r->fib);
	rt = lookup(1, "10.9.0.0", 16);
	CHECK(rt && rt->spec.source == ROUTE_BGP &&
		      rt->spec.kind == MPLSX_ROUTE_LOCAL,
	      "static gone: the CE route is back");
	vrf_bgp__peer_down(r->ce_rib, 5, false);
	CHECK(!lookup(1, "10.9.0.0", 16), "session down: removed");
}

/* Session 5 of six, VRF red's, AS 65000; CE's route to PREFIX/16 from
 * 172.16.1.2, K its key. */
static void ce_session(struct cfg_bgp_neighbor *nbs, struct bgp_route *ce,
		       struct route_key *k, const char *prefix)
{
	cfg.bgp.enabled = true;
	cfg.bgp.asn = 65000;
	cfg.bgp.neighbors = nbs;
	cfg.bgp.n_neighbors = 6;
	snprintf(nbs[5].vrf, sizeof(nbs[5].vrf), "red");
	inet_pton(AF_INET, prefix, k->addr);
	mplsx_addr__parse(&ce->prefix, prefix);
	mplsx_addr__parse(&ce->attrs.next_hop, "172.16.1.2");
}

/* PE-CE: what a CE route keeps, and the loop rule (RFC 4271 9.1.2) with
 * allowas_in and the SoO the session adds (RFC 4364 sec. 7). */
static void test_ce_attrs(const void *arg)
{
	static const uint8_t soo[8] = {0, 3, 0xfd, 0xe9, 0, 0, 0, 7};
	/* AS_SEQUENCE 65001 65000 */
	static const uint8_t path[] = {2,    2, 0, 0,	 0xfd,
				       0xe9, 0, 0, 0xfd, 0xe8};
	struct cfg_bgp_neighbor nbs[6] = {0};
	struct bgp_route ce = {.af = BGP_AF_IPV4_UNICAST, .prefix_len = 16};
	struct route_key k = {.vrf_id = 1, .family = AF_INET, .prefix_len = 16};
	const struct bgp_attrs *a;

	(void)arg;
	ce_session(nbs, &ce, &k, "10.8.0.0");
	memcpy(ce.attrs.as_path, path, sizeof(path));
	ce.attrs.as_path_wire_len = sizeof(path);
	ce.attrs.as_path_first = 65001;
	ce.attrs.n_communities = 1;
	ce.attrs.communities[0] = 65001u << 16 | 7;

	vrf_bgp__route(r->ce_rib, 1, 5, &ce);
	CHECK(!lookup(1, "10.8.0.0", 16) && !vrf_bgp__attrs(r->ce_rib, &k),
	      "our AS in the path: refused (loop)");
	nbs[5].allowas_in = 1;
	nbs[5].has_soo = true;
	memcpy(nbs[5].soo, soo, 8);
	vrf_bgp__route(r->ce_rib, 1, 5, &ce);
	a = vrf_bgp__attrs(r->ce_rib, &k);
	CHECK(lookup(1, "10.8.0.0", 16) && a, "allowas_in 1: taken");
	CHECK(a && a->as_path_wire_len == sizeof(path) &&
		      !memcmp(a->as_path, path, sizeof(path)) &&
		      a->n_communities == 1 &&
		      a->communities[0] == (65001u << 16 | 7),
	      "AS path and community kept");
	CHECK(a && a->n_ext_other == 1 && bgp_attrs_has_ext(a, soo),
	      "the session's SoO added");
	/* The same route with the path now looping twice: withdrawn. */
	memcpy(ce.attrs.as_path + 6, "\0\0\xfd\xe8", 4);
	ce.attrs.as_path[2] = 0, ce.attrs.as_path[3] = 0;
	ce.attrs.as_path[4] = 0xfd, ce.attrs.as_path[5] = 0xe8;
	vrf_bgp__route(r->ce_rib, 1, 5, &ce);
	CHECK(!lookup(1, "10.8.0.0", 16), "two of our AS, allowas_in 1: gone");
	vrf_bgp__peer_down(r->ce_rib, 5, false);
	cfg.bgp = (struct cfg_bgp){0};
}

/* allowas_in N lets exactly N of our AS through, wherever they are in
 * the path (an AS_SET too: RFC 4271 sec. 9.1.2 counts any occurrence). */
static void test_ce_allowas_in(const void *arg)
{
	/* AS_SEQUENCE 65001 65000 65000, AS_SET {65000 65002} */
	static const uint8_t path[] = {
		2,    3, 0, 0, 0xfd, 0xe9, 0,	 0, 0xfd, 0xe8, 0,   0, 0xfd,
		0xe8, 1, 2, 0, 0,    0xfd, 0xe8, 0, 0,	  0xfd, 0xea};
	/* AS_SET {65000} only */
	static const uint8_t set[] = {1, 1, 0, 0, 0xfd, 0xe8};
	static const struct {
		uint8_t allowas_in;
		bool set_only, taken;
	} rows[] = {{0, false, false}, {2, false, false}, {3, false, true},
		    {10, false, true}, {0, true, false},  {1, true, true}};
	struct cfg_bgp_neighbor nbs[6] = {0};
	struct bgp_route ce = {.af = BGP_AF_IPV4_UNICAST, .prefix_len = 16};
	struct route_key k = {.vrf_id = 1, .family = AF_INET, .prefix_len = 16};
	size_t i;

	(void)arg;
	ce_session(nbs, &ce, &k, "10.7.0.0");
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const uint8_t *p = rows[i].set_only ? set : path;
		size_t n = rows[i].set_only ? sizeof(set) : sizeof(path);

		memset(ce.attrs.as_path, 0, sizeof(ce.attrs.as_path));
		memcpy(ce.attrs.as_path, p, n);
		ce.attrs.as_path_wire_len = (uint16_t)n;
		nbs[5].allowas_in = rows[i].allowas_in;
		vrf_bgp__route(r->ce_rib, 1, 5, &ce);
		CHECK(!!vrf_bgp__attrs(r->ce_rib, &k) == rows[i].taken,
		      "%s, allowas_in %u: %s",
		      rows[i].set_only ? "65000 in a set" : "65000 x3",
		      rows[i].allowas_in, rows[i].taken ? "taken" : "refused");
	}
	vrf_bgp__peer_down(r->ce_rib, 5, false);
	cfg.bgp = (struct cfg_bgp){0};
}

int main(void)
{
	tl_plan(9);
	if (unshare(CLONE_NEWNET)) {
		fprintf(stderr, "needs root: %s\n", strerror(errno));
		tl_failed++;
		return tl_summary();
	}
	setup();
	RUN(test_import_by_route_target);
	RUN(test_best_and_withdraw);
	RUN(test_best_by_path);
	RUN(test_graceful_restart);
	RUN(test_local_wins_then_fallback);
	RUN(test_exports);
	RUN(test_ce_routes);
	RUN(test_ce_attrs);
	RUN(test_ce_allowas_in);
	vpn_rib__free(r->vpn);
	lu_rib__free(r->lu);
	vrf_bgp__free(r->ce_rib);
	fib__free(&r->fib);
	nh_table__free(&r->nh);
	mplsx_nl__close(r->nl);
	free(r);
	return tl_summary();
}
