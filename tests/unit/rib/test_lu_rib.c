// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * test_lu_rib.c - labeled unicast routes as transport: longest match,
 * best path between peers, the change callback (only when what the best
 * route says changed), implicit null, unusable labels, graceful-restart
 * staleness and AFI/SAFI disable; the transport choice (a static lsps[]
 * entry wins over BGP-LU) and the re-resolution of only the PE next hops
 * under a changed prefix.  Runs in a private network namespace.
 */
#include <errno.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>

#include "dp/nexthop.h"
#include "nh_unresolved.h"
#include "rib/lu_rib.h"
#include "svc/transport.h"
#include "testlib.h"

/* What the change callback heard. */
static struct {
	int calls;
	struct mplsx_addr prefix;
	uint8_t len;
} heard;

static void changed(void *ctx, const struct mplsx_addr *prefix, uint8_t len)
{
	(void)ctx;
	heard.calls++;
	heard.prefix = *prefix;
	heard.len = len;
}

static bool heard_of(const char *prefix, uint8_t len)
{
	struct mplsx_addr a;

	return heard.calls && !mplsx_addr__parse(&a, prefix) &&
	       mplsx_addr__equal(&a, &heard.prefix) && heard.len == len;
}

static struct bgp_route lu(const char *prefix, int len, const char *nh, int n,
			   uint32_t l0, uint32_t l1)
{
	struct bgp_route b = {.prefix_len = (uint8_t)len,
			      .n_labels = (uint8_t)n,
			      .labels = {l0, l1}};

	mplsx_addr__parse(&b.prefix, prefix);
	b.af = b.prefix.family == AF_INET6 ? BGP_AF_IPV6_LU : BGP_AF_IPV4_LU;
	mplsx_addr__parse(&b.attrs.next_hop, nh);
	return b;
}

static struct bgp_route withdrawn(const char *prefix, int len)
{
	struct bgp_route b = lu(prefix, len, "0.0.0.0", 0, 0, 0);

	b.withdraw = true;
	return b;
}

static const struct lu_route *look(const struct lu_rib *t, const char *a)
{
	struct mplsx_addr x;

	mplsx_addr__parse(&x, a);
	return lu_rib__lookup(t, &x);
}

static bool via_is(const struct lu_route *r, const char *a)
{
	struct mplsx_addr x;

	return r && !mplsx_addr__parse(&x, a) &&
	       mplsx_addr__equal(&r->next_hop, &x);
}

static void test_longest_match(void)
{
	struct lu_rib *t = lu_rib__new(changed, NULL);
	struct bgp_route b;

	b = lu("10.255.0.0", 24, "10.0.12.2", 1, 16100, 0);
	lu_rib__route(t, 0, &b);
	b = lu("10.255.0.3", 32, "10.0.23.2", 1, 16002, 0);
	lu_rib__route(t, 0, &b);
	b = lu("2001:db8:ff::", 64, "2001:db8::2", 1, 17000, 0);
	lu_rib__route(t, 0, &b);
	b = lu("10.255.0.77", 20, "10.0.12.2", 1, 16200, 0); /* bits past /20 */
	lu_rib__route(t, 1, &b);
	CHECK(lu_rib__count(t) == 4, "%zu routes", lu_rib__count(t));
	CHECK(via_is(look(t, "10.255.0.3"), "10.0.23.2") &&
		      look(t, "10.255.0.3")->labels[0] == 16002,
	      "/32 for its address");
	CHECK(look(t, "10.255.0.9") && look(t, "10.255.0.9")->prefix_len == 24,
	      "/24 for another in it");
	CHECK(look(t, "10.255.9.9") &&
		      look(t, "10.255.9.9")->prefix_len == 20 &&
		      look(t, "10.255.9.9")->labels[0] == 16200,
	      "/20 (stored masked) below that");
	CHECK(!look(t, "10.9.0.1"), "no route: none");
	CHECK(look(t, "2001:db8:ff::3") &&
		      look(t, "2001:db8:ff::3")->labels[0] == 17000,
	      "IPv6 /64");
	CHECK(!look(t, "2001:db8:fe::3"), "IPv6 outside");
	b = withdrawn("10.255.0.3", 32);
	lu_rib__route(t, 0, &b);
	CHECK(look(t, "10.255.0.3") && look(t, "10.255.0.3")->prefix_len == 24,
	      "withdrawn /32: the /24 again");
	lu_rib__free(t);
}

static void test_changed_only_when_changed(void)
{
	struct lu_rib *t = lu_rib__new(changed, NULL);
	struct bgp_route b = lu("10.255.0.3", 32, "10.0.23.2", 1, 16002, 0);

	memset(&heard, 0, sizeof(heard));
	lu_rib__route(t, 0, &b);
	CHECK(heard.calls == 1 && heard_of("10.255.0.3", 32), "new: %d",
	      heard.calls);
	lu_rib__route(t, 0, &b);
	CHECK(heard.calls == 1, "the same again: %d", heard.calls);
	b.attrs.med = 7; /* an attribute transport does not use */
	lu_rib__route(t, 0, &b);
	CHECK(heard.calls == 1, "another MED: %d", heard.calls);
	b.labels[0] = 16012;
	lu_rib__route(t, 0, &b);
	CHECK(heard.calls == 2, "new label: %d", heard.calls);
	mplsx_addr__parse(&b.attrs.next_hop, "10.0.23.9");
	lu_rib__route(t, 0, &b);
	CHECK(heard.calls == 3, "new next hop: %d", heard.calls);
	b = withdrawn("10.255.0.9", 32);
	lu_rib__route(t, 0, &b);
	CHECK(heard.calls == 3, "withdrawal of nothing: %d", heard.calls);
	b = withdrawn("10.255.0.3", 32);
	lu_rib__route(t, 0, &b);
	CHECK(heard.calls == 4 && !look(t, "10.255.0.3"), "withdrawn: %d",
	      heard.calls);
	lu_rib__free(t);
}

static void test_best_between_peers(void)
{
	struct lu_rib *t = lu_rib__new(changed, NULL);
	struct bgp_route a = lu("10.255.0.3", 32, "10.0.12.2", 1, 16002, 0);
	struct bgp_route b = lu("10.255.0.3", 32, "10.0.13.2", 1, 16999, 0);
	size_t n;
	const struct lu_route **v;

	lu_rib__route(t, 1, &a);
	lu_rib__route(t, 0, &b);
	CHECK(via_is(look(t, "10.255.0.3"), "10.0.13.2"),
	      "equal LOCAL_PREF: the lower peer index");
	a.attrs.local_pref = 200;
	a.attrs.present |= 1ull << BGP_ATTR_LOCAL_PREF;
	memset(&heard, 0, sizeof(heard));
	lu_rib__route(t, 1, &a);
	CHECK(via_is(look(t, "10.255.0.3"), "10.0.12.2") && heard.calls == 1,
	      "higher LOCAL_PREF wins, and that is a change");
	v = lu_rib__list(t, &n);
	CHECK(n == 2 && v[0]->m.owner == 1 && lu_rib__is_best(t, v[0]) &&
		      !lu_rib__is_best(t, v[1]),
	      "list: best first");
	free(v);
	a = withdrawn("10.255.0.3", 32);
	lu_rib__route(t, 1, &a);
	CHECK(via_is(look(t, "10.255.0.3"), "10.0.13.2") && heard.calls == 2,
	      "best withdrawn: the other peer's");
	lu_rib__free(t);
}

static void test_labels(void)
{
	struct lu_rib *t = lu_rib__new(changed, NULL);
	struct bgp_route b = lu("10.255.0.3", 32, "10.0.23.3", 1, 3, 0);
	uint32_t push[BGP_MAX_LABELS];

	lu_rib__route(t, 0, &b);
	CHECK(look(t, "10.255.0.3") &&
		      lu_route__push(look(t, "10.255.0.3"), push) == 0,
	      "implicit null pushes nothing");
	b = lu("10.255.0.4", 32, "10.0.23.2", 2, 16004, 16005);
	lu_rib__route(t, 0, &b);
	CHECK(lu_route__push(look(t, "10.255.0.4"), push) == 2 &&
		      push[0] == 16004 && push[1] == 16005,
	      "two labels, outermost first");
	b = lu("10.255.0.5", 32, "10.0.23.2", 1, 0, 0);
	lu_rib__route(t, 0, &b);
	CHECK(lu_route__push(look(t, "10.255.0.5"), push) == 1 && !push[0],
	      "explicit null is pushed");
	b = lu("10.255.0.4", 32, "10.0.23.2", 1, 1, 0); /* router alert */
	lu_rib__route(t, 0, &b);
	CHECK(!look(t, "10.255.0.4") && lu_rib__rejected(t) == 1,
	      "label 1: taken as withdrawn, counted");
	b = lu("10.255.0.6", 32, "10.0.23.2", 2, 3, 16006);
	lu_rib__route(t, 0, &b);
	CHECK(!look(t, "10.255.0.6") && lu_rib__rejected(t) == 2,
	      "implicit null inside a stack: refused");
	lu_rib__free(t);
}

static void test_stale(void)
{
	struct lu_rib *t = lu_rib__new(changed, NULL);
	struct bgp_route a = lu("10.255.0.3", 32, "10.0.12.2", 1, 16002, 0);
	struct bgp_route b = lu("10.255.0.4", 32, "10.0.12.2", 1, 16004, 0);
	struct bgp_route c = lu("2001:db8:ff::3", 128, "2001:db8::2", 1, 17, 0);
	struct bgp_route o = lu("10.255.0.3", 32, "10.0.13.2", 1, 16903, 0);

	lu_rib__route(t, 0, &a);
	lu_rib__route(t, 0, &b);
	lu_rib__route(t, 0, &c);
	memset(&heard, 0, sizeof(heard));
	lu_rib__peer_down(t, 0, true);
	CHECK(look(t, "10.255.0.3") && look(t, "10.255.0.3")->m.stale &&
		      lu_rib__count(t) == 3,
	      "graceful: kept, stale");
	CHECK(heard.calls == 3, "every prefix of the peer looked at: %d",
	      heard.calls);
	lu_rib__route(t, 1, &o);
	CHECK(via_is(look(t, "10.255.0.3"), "10.0.13.2"),
	      "a fresh route beats a stale one");
	lu_rib__route(t, 0, &b); /* announced again: fresh */
	lu_rib__flush_stale(t, 0, BGP_AF_IPV4_LU);
	CHECK(lu_rib__count(t) == 3 && look(t, "10.255.0.4") &&
		      !look(t, "10.255.0.4")->m.stale &&
		      via_is(look(t, "10.255.0.3"), "10.0.13.2"),
	      "End-of-RIB: the stale ipv4 route goes, the fresh stay");
	CHECK(look(t, "2001:db8:ff::3"), "ipv6 waits for its own End-of-RIB");
	lu_rib__flush_stale(t, 0, BGP_AF_COUNT);
	CHECK(!look(t, "2001:db8:ff::3") && lu_rib__count(t) == 2,
	      "restart time out: all stale go");
	lu_rib__drop_af(t, 1, BGP_AF_IPV4_LU);
	CHECK(lu_rib__count(t) == 1 &&
		      via_is(look(t, "10.255.0.4"), "10.0.12.2"),
	      "AFI/SAFI disable drops the peer's family, fresh or not");
	lu_rib__peer_down(t, 0, false);
	CHECK(!lu_rib__count(t), "not graceful: gone");
	lu_rib__free(t);
}

static void test_transport_choice(void)
{
	struct lu_rib *t = lu_rib__new(changed, NULL);
	struct cfg_lsp lsp = {.n_push = 1, .push = {16003}};
	struct mplsx_config cfg = {.lsps = &lsp, .n_lsps = 1};
	struct bgp_route b = lu("10.255.0.0", 24, "10.0.23.2", 1, 16002, 0);
	struct mplsx_addr pe;
	struct transport_path p;
	struct nhg_vias vias;
	uint32_t push[MPLSX_MAX_PUSH];
	int n_push = -1;
	bool entropy = true;

	mplsx_addr__parse(&lsp.to, "10.255.0.3");
	mplsx_addr__parse(&lsp.vias.v[0].addr, "10.0.12.2");
	lsp.vias.n = 1;
	lu_rib__route(t, 0, &b);
	p = transport__find(&cfg, t, &lsp.to);
	CHECK(p.source == TRANSPORT_STATIC && p.lsp == &lsp,
	      "a static LSP wins over a covering LU route");
	mplsx_addr__parse(&pe, "10.255.0.4");
	p = transport__find(&cfg, t, &pe);
	CHECK(p.source == TRANSPORT_BGP_LU && p.lu == look(t, "10.255.0.4"),
	      "no static LSP: BGP-LU");
	CHECK(transport__lookup(&cfg, t, &pe, push, &n_push, &vias, &entropy) &&
		      n_push == 1 && push[0] == 16002 && vias.n == 1 &&
		      via_is(p.lu, "10.0.23.2") &&
		      mplsx_addr__equal(&vias.v[0].addr, &p.lu->next_hop) &&
		      !entropy,
	      "push the LU label towards its next hop");
	mplsx_addr__parse(&pe, "10.9.0.1");
	CHECK(transport__find(&cfg, t, &pe).source == TRANSPORT_NONE &&
		      !transport__lookup(&cfg, t, &pe, push, &n_push, &vias,
					 &entropy),
	      "neither: none");
	CHECK(!strcmp(transport__source_name(TRANSPORT_STATIC), "static") &&
		      !strcmp(transport__source_name(TRANSPORT_BGP_LU),
			      "bgp-lu"),
	      "names");
	lu_rib__free(t);
}

/* The next hop table over transport__lookup, counting lookups per PE. */
static struct {
	const struct mplsx_config *cfg;
	struct lu_rib *lu;
	int lookups[4];
} nh_ctx;

static int pe_index(const struct mplsx_addr *pe)
{
	return pe->family == AF_INET ? pe->bytes[3] % 4 : 0;
}

static bool counting_lsp(void *ctx, const struct mplsx_addr *pe, uint32_t *push,
			 int *n_push, struct nhg_vias *vias, bool *entropy)
{
	(void)ctx;
	nh_ctx.lookups[pe_index(pe)]++;
	return transport__lookup(nh_ctx.cfg, nh_ctx.lu, pe, push, n_push, vias,
				 entropy);
}

static void lu_nh_changed(void *ctx, const struct mplsx_addr *prefix,
			  uint8_t len)
{
	nh_table__resolve_pe(ctx, prefix, len);
}

static void test_resolution(void)
{
	struct mplsx_nl *nl = mplsx_nl__open();
	struct nh_table nh;
	struct cfg_lsp lsp = {.n_push = 1, .push = {16001}};
	struct mplsx_config cfg = {.lsps = &lsp, .n_lsps = 1};
	struct nh_key k = {.kind = NH_PE};
	struct bgp_route b;
	const struct nh_entry *e2, *e3;
	uint32_t id1, id2, id3;

	nh_table__init(&nh, nl, no_port, counting_lsp, NULL);
	nh_ctx.cfg = &cfg;
	nh_ctx.lu = lu_rib__new(lu_nh_changed, &nh);
	mplsx_addr__parse(&lsp.to, "10.255.0.1");
	mplsx_addr__parse(&lsp.vias.v[0].addr, "10.0.12.2");
	lsp.vias.n = 1;
	/* PEs .1 (static LSP), .2 and .3 (to come from BGP-LU). */
	mplsx_addr__parse(&k.addr, "10.255.0.1");
	id1 = nh_table__get(&nh, &k);
	mplsx_addr__parse(&k.addr, "10.255.0.2");
	id2 = nh_table__get(&nh, &k);
	mplsx_addr__parse(&k.addr, "10.255.0.3");
	id3 = nh_table__get(&nh, &k);
	e2 = nh_table__entry(&nh, id2);
	e3 = nh_table__entry(&nh, id3);
	CHECK(id1 && id2 && id3 && !e3->n_push && strstr(e3->reason, "no LSP"),
	      "PE .3 without a path: unresolved (%s)", e3->reason);
	memset(nh_ctx.lookups, 0, sizeof(nh_ctx.lookups));
	b = lu("10.255.0.3", 32, "10.0.23.2", 1, 16002, 0);
	lu_rib__route(nh_ctx.lu, 0, &b);
	CHECK(nh_ctx.lookups[3] == 1 && !nh_ctx.lookups[1] &&
		      !nh_ctx.lookups[2],
	      "an LU route for .3 re-resolves .3 only (%d %d %d)",
	      nh_ctx.lookups[1], nh_ctx.lookups[2], nh_ctx.lookups[3]);
	CHECK(e3->n_push == 1 && e3->push[0] == 16002 &&
		      mplsx_addr__equal(&e3->via, &b.attrs.next_hop),
	      "PE .3: push 16002 towards 10.0.23.2");
	b.labels[0] = 16012;
	lu_rib__route(nh_ctx.lu, 0, &b);
	CHECK(e3->push[0] == 16012 && nh_ctx.lookups[3] == 2 &&
		      !nh_ctx.lookups[2],
	      "a new label: .3 again, with it");
	b = lu("10.255.0.0", 24, "10.0.12.2", 1, 16100, 0);
	lu_rib__route(nh_ctx.lu, 0, &b);
	CHECK(nh_ctx.lookups[1] == 1 && nh_ctx.lookups[2] == 1 &&
		      nh_ctx.lookups[3] == 3,
	      "a /24: every PE under it looked at again");
	CHECK(nh_table__entry(&nh, id1)->push[0] == 16001 &&
		      e2->push[0] == 16100 && e3->push[0] == 16012,
	      "static wins for .1, the /24 for .2, the /32 stays for .3");
	b = withdrawn("10.255.0.3", 32);
	lu_rib__route(nh_ctx.lu, 0, &b);
	CHECK(e3->push[0] == 16100,
	      "the /32 withdrawn: .3 falls back to the /24");
	/* BIRD's `next hop self`: implicit null, the PE itself as next hop;
	 * usable only for a directly connected PE, and the reason says so. */
	b = lu("10.255.0.2", 32, "10.255.0.2", 1, 3, 0);
	lu_rib__route(nh_ctx.lu, 0, &b);
	CHECK(!e2->n_push && e2->path_to_self &&
		      strstr(e2->reason, "ends at the PE itself"),
	      "a path to the PE itself, not connected: %s", e2->reason);
	b = withdrawn("10.255.0.0", 24);
	lu_rib__route(nh_ctx.lu, 0, &b);
	CHECK(!e3->n_push && strstr(e3->reason, "no LSP") &&
		      nh_table__entry(&nh, id1)->push[0] == 16001,
	      "all withdrawn: .3 unresolved, .1 still static");
	lu_rib__free(nh_ctx.lu);
	nh_table__free(&nh);
	mplsx_nl__close(nl);
}

int main(void)
{
	tl_plan(7);
	if (unshare(CLONE_NEWNET)) {
		fprintf(stderr, "needs root: %s\n", strerror(errno));
		tl_failed++;
		return tl_summary();
	}
	RUN(test_longest_match);
	RUN(test_changed_only_when_changed);
	RUN(test_best_between_peers);
	RUN(test_labels);
	RUN(test_stale);
	RUN(test_transport_choice);
	RUN(test_resolution);
	return tl_summary();
}
