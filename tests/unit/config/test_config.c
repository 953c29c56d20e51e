// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * test_config.c - the config parser: one full config checked field by
 * field, defaults, a table of bad configs (each refused with its own
 * message naming the key), and loading from files.
 *
 * JSON in this file is written with single quotes for readability; q()
 * turns them into double quotes before parsing.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config/config.h"
#include "svc/icmp.h"
#include "testlib.h"

/* A heap copy of S with ' replaced by ". */
static char *q(const char *s)
{
	char *json = strdup(s);

	for (char *p = json; *p; p++)
		if (*p == '\'')
			*p = '"';
	return json;
}

static int parse(const char *s, struct mplsx_config **cfg, char *err)
{
	char *json = q(s);
	int r;

	err[0] = '\0';
	r = mplsx_config__parse(json, cfg, err, MPLSX_CONFIG_ERRLEN);
	free(json);
	return r;
}

static bool addr_is(const struct mplsx_addr *a, const char *text)
{
	struct mplsx_addr b;

	return mplsx_addr__parse(&b, text) == 0 && mplsx_addr__equal(a, &b);
}

/* ---- a valid config ---------------------------------------------------- */

static const char full_config[] =
	"{\n"
	"  'router_id': '10.255.0.1',\n"
	"  'label_range': [50000, 59999],\n"
	"  'interfaces': [ {'name': 'lo', 'mpls': true} ],\n"
	"  'labels': [\n"
	"    {'in': 16002, 'out': [16002], 'via': '10.0.23.3'},\n"
	"    {'in': 16003, 'out': [], 'via': '10.0.23.3'},\n"
	"    {'in': 1048575, 'out': [0, 2, 16, 1048575], 'via': "
	"'2001:db8::1'},\n"
	"    {'in': 16}\n"
	"  ],\n"
	"  'lsps': [\n"
	"    {'to': '10.255.0.3', 'push': [16003], 'via': '10.0.12.2'},\n"
	"    {'to': '2001:db8::3', 'push': [], 'via': 'fe80::1'},\n"
	"    {'to': '10.255.0.4', 'via': '10.0.12.2'}\n"
	"  ],\n"
	"  'vrfs': [],\n"
	"  'pseudowires': []\n"
	"}\n";

static void test_full_config(void)
{
	char err[MPLSX_CONFIG_ERRLEN];
	struct mplsx_config *cfg = NULL;
	const struct cfg_label *l;
	const struct cfg_lsp *lsp;

	CHECK(parse(full_config, &cfg, err) == 0, "error: %s", err);
	if (!cfg)
		return;

	CHECK(cfg->router_id.family == AF_INET);
	CHECK(addr_is(&cfg->router_id, "10.255.0.1"));
	CHECK(cfg->label_range[0] == 50000 && cfg->label_range[1] == 59999);

	CHECK(cfg->n_interfaces == 1);
	CHECK(!strcmp(cfg->interfaces[0].name, "lo"));
	CHECK(cfg->interfaces[0].mpls);
	CHECK(mplsx_config__interface(cfg, "lo") == &cfg->interfaces[0]);
	CHECK(mplsx_config__interface(cfg, "eth0") == NULL);

	CHECK(cfg->n_labels == 4);
	l = mplsx_config__label(cfg, 16002);
	CHECK(l == &cfg->labels[0]);
	CHECK(l && l->in == 16002 && l->n_out == 1 && l->out[0] == 16002);
	CHECK(l && l->has_via && addr_is(&l->via, "10.0.23.3"));
	l = mplsx_config__label(cfg, 16003);
	CHECK(l == &cfg->labels[1]);
	CHECK(l && l->n_out == 0 && l->has_via);
	CHECK(l && addr_is(&l->via, "10.0.23.3"));
	l = mplsx_config__label(cfg, 1048575);
	CHECK(l == &cfg->labels[2]);
	CHECK(l && l->n_out == 4 && l->out[0] == 0 && l->out[1] == 2 &&
	      l->out[2] == 16 && l->out[3] == 1048575);
	CHECK(l && l->via.family == AF_INET6 &&
	      addr_is(&l->via, "2001:db8::1"));
	l = mplsx_config__label(cfg, 16);
	CHECK(l == &cfg->labels[3]);
	CHECK(l && l->n_out == 0 && !l->has_via && l->via.family == 0);
	CHECK(mplsx_config__label(cfg, 16004) == NULL);

	CHECK(cfg->n_lsps == 3);
	lsp = &cfg->lsps[0];
	CHECK(addr_is(&lsp->to, "10.255.0.3") &&
	      addr_is(&lsp->via, "10.0.12.2"));
	CHECK(lsp->n_push == 1 && lsp->push[0] == 16003);
	lsp = &cfg->lsps[1];
	CHECK(lsp->to.family == AF_INET6 && addr_is(&lsp->to, "2001:db8::3"));
	CHECK(addr_is(&lsp->via, "fe80::1") && lsp->n_push == 0);
	lsp = &cfg->lsps[2]; /* push omitted: empty */
	CHECK(addr_is(&lsp->to, "10.255.0.4") && lsp->n_push == 0);

	mplsx_config__free(cfg);
}

static void test_defaults(void)
{
	char err[MPLSX_CONFIG_ERRLEN];
	struct mplsx_config *cfg = NULL;

	CHECK(parse("{'router_id': '192.0.2.1',"
		    " 'interfaces': [{'mpls': true, 'name': 'lo'}]}",
		    &cfg, err) == 0,
	      "error: %s", err);
	if (!cfg)
		return;
	CHECK(addr_is(&cfg->router_id, "192.0.2.1"));
	CHECK(cfg->label_range[0] == 100000 && cfg->label_range[1] == 199999);
	CHECK(cfg->n_interfaces == 1 && cfg->interfaces[0].mpls);
	CHECK(cfg->n_labels == 0 && cfg->labels == NULL);
	CHECK(cfg->n_lsps == 0 && cfg->lsps == NULL);
	CHECK(mplsx_config__label(cfg, 16) == NULL);
	CHECK(!cfg->persist, "persist defaults to false");
	mplsx_config__free(cfg);
	mplsx_config__free(NULL);
}

/* An interface that does not exist (yet) is taken: mplsxd shows it absent
 * and attaches it when it appears (README, "mplsxd"). */
static void test_absent_interface(void)
{
	char err[MPLSX_CONFIG_ERRLEN];
	struct mplsx_config *cfg = NULL;

	CHECK(parse("{'router_id': '192.0.2.1', 'persist': true,"
		    " 'interfaces': [{'mpls': true, 'name': 'nosuch9'}]}",
		    &cfg, err) == 0,
	      "error: %s", err);
	if (!cfg)
		return;
	CHECK(cfg->n_interfaces == 1 &&
	      !strcmp(cfg->interfaces[0].name, "nosuch9"));
	CHECK(cfg->persist, "persist: true");
	mplsx_config__free(cfg);
	CHECK(parse("{'router_id': '192.0.2.1', 'persist': 1,"
		    " 'interfaces': [{'mpls': true, 'name': 'lo'}]}",
		    &cfg, err) == -EINVAL &&
		      !strcmp(err, "persist: must be true or false"),
	      "error: %s", err);
}

/* Labels right outside label_range, and a label_range of one label. */
static void test_label_range_edges(void)
{
	char err[MPLSX_CONFIG_ERRLEN];
	struct mplsx_config *cfg = NULL;

	CHECK(parse("{'router_id': '10.0.0.1',"
		    " 'interfaces': [{'name': 'lo', 'mpls': true}],"
		    " 'labels': [{'in': 99999}, {'in': 200000}],"
		    " 'lsps': []}",
		    &cfg, err) == 0,
	      "error: %s", err);
	mplsx_config__free(cfg);
	cfg = NULL;
	CHECK(parse("{'router_id': '10.0.0.1', 'label_range': [16, 16],"
		    " 'interfaces': [{'name': 'lo', 'mpls': true}],"
		    " 'labels': [{'in': 17}, {'in': 150000}]}",
		    &cfg, err) == 0,
	      "error: %s", err);
	CHECK(cfg && cfg->label_range[0] == 16 && cfg->label_range[1] == 16);
	mplsx_config__free(cfg);
}

/* ---- a valid L3 VPN config ----------------------------------------------- */

/* The same routes in red and blue (VRFs are separate address spaces). */
#define L3VPN_ROUTES                                                         \
	"'routes': [\n"                                                      \
	"      {'prefix': '192.168.1.0/24', 'via': '172.16.1.2'},\n"         \
	"      {'prefix': '192.168.0.0/16', 'pe': '10.255.0.3', "            \
	"'label': 200},\n"                                                   \
	"      {'prefix': '2001:0db8:0001::/48', 'via': 'fe80::2'},\n"       \
	"      {'prefix': '2001:db8:9::/48', 'pe': '10.255.0.3', "           \
	"'label': 1048575},\n"                                               \
	"      {'label': 16, 'pe': '2001:db8::3', 'prefix': '0.0.0.0/0'},\n" \
	"      {'prefix': '10.0.0.128/25', 'via': '172.16.1.3'}\n"           \
	"    ]"

static const char l3vpn_config[] =
	"{\n"
	"  'router_id': '10.255.0.1',\n"
	"  'interfaces': [\n"
	"    {'name': 'lo', 'vlan': 100, 'vrf': 'blue'},\n"
	"    {'vrf': 'red', 'name': 'lo', 'vlan': 200},\n"
	"    {'name': 'lo', 'vlan': 4094, 'vrf': 'red', 'mpls': false}\n"
	"  ],\n"
	"  'labels': [ {'in': 16002, 'out': [16002], 'via': '10.0.23.3'} ],\n"
	"  'lsps': [\n"
	"    {'to': '10.255.0.3', 'push': [16003], 'via': '10.0.12.2'},\n"
	"    {'to': '2001:db8::3', 'push': [], 'via': 'fe80::1'}\n"
	"  ],\n"
	"  'vrfs': [\n"
	"    {'name': 'red', 'rd': '65000:1',\n"
	"     'import': ['65000:1', '10.255.0.1:7'], 'export': ['65000:1'],\n"
	"     'label': 100, 'label_mode': 'per-vrf', 'ttl_mode': 'uniform',\n"
	"     " L3VPN_ROUTES "},\n"
	"    {'name': 'blue', 'rd': '4200000000:1', 'import': [],\n"
	"     'export': ['4200000000:1'], 'label': 16003,\n"
	"     'label_mode': 'per-nexthop', 'ttl_mode': 'pipe',\n"
	"     " L3VPN_ROUTES "},\n"
	"    {'name': 'Green_2-b', 'rd': '10.255.0.1:3'}\n"
	"  ]\n"
	"}\n";

static void check_l3vpn_routes(const struct cfg_vrf *vrf)
{
	const struct cfg_route *rt = vrf->routes;

	CHECK(vrf->n_routes == 6, "%s: %zu routes", vrf->name, vrf->n_routes);
	if (vrf->n_routes != 6)
		return;
	CHECK(addr_is(&rt[0].prefix, "192.168.1.0") && rt[0].prefix_len == 24);
	CHECK(rt[0].has_via && addr_is(&rt[0].via, "172.16.1.2"));
	CHECK(!rt[0].has_pe && rt[0].pe.family == 0 && rt[0].label == 0);
	CHECK(addr_is(&rt[1].prefix, "192.168.0.0") && rt[1].prefix_len == 16);
	CHECK(!rt[1].has_via && rt[1].via.family == 0);
	CHECK(rt[1].has_pe && addr_is(&rt[1].pe, "10.255.0.3"));
	CHECK(rt[1].label == 200);
	CHECK(rt[2].prefix.family == AF_INET6 && rt[2].prefix_len == 48);
	CHECK(addr_is(&rt[2].prefix, "2001:db8:1::"));
	CHECK(rt[2].has_via && addr_is(&rt[2].via, "fe80::2") && !rt[2].has_pe);
	CHECK(addr_is(&rt[3].prefix, "2001:db8:9::") && rt[3].prefix_len == 48);
	CHECK(rt[3].has_pe && rt[3].pe.family == AF_INET);
	CHECK(addr_is(&rt[3].pe, "10.255.0.3") && rt[3].label == 1048575);
	CHECK(addr_is(&rt[4].prefix, "0.0.0.0") && rt[4].prefix_len == 0);
	CHECK(rt[4].has_pe && addr_is(&rt[4].pe, "2001:db8::3"));
	CHECK(rt[4].label == 16 && !rt[4].has_via);
	CHECK(addr_is(&rt[5].prefix, "10.0.0.128") && rt[5].prefix_len == 25);
	CHECK(addr_is(&rt[5].via, "172.16.1.3"));
}

static void test_l3vpn_config(void)
{
	static const uint8_t rd_red[8] = {0, 0, 0xfd, 0xe8, 0, 0, 0, 1};
	static const uint8_t rd_blue[8] = {0, 2, 0xfa, 0x56, 0xea, 0, 0, 1};
	static const uint8_t rd_green[8] = {0, 1, 10, 255, 0, 1, 0, 3};
	static const uint8_t rt_as2[8] = {0, 2, 0xfd, 0xe8, 0, 0, 0, 1};
	static const uint8_t rt_ip4[8] = {1, 2, 10, 255, 0, 1, 0, 7};
	static const uint8_t rt_as4[8] = {2, 2, 0xfa, 0x56, 0xea, 0, 0, 1};
	char err[MPLSX_CONFIG_ERRLEN];
	struct mplsx_config *cfg = NULL;
	const struct cfg_interface *ifc;
	const struct cfg_vrf *vrf;
	struct mplsx_addr a;

	CHECK(parse(l3vpn_config, &cfg, err) == 0, "error: %s", err);
	if (!cfg)
		return;

	CHECK(cfg->n_interfaces == 3);
	ifc = cfg->interfaces;
	CHECK(!strcmp(ifc[0].name, "lo") && ifc[0].vlan == 100);
	CHECK(!ifc[0].mpls && !strcmp(ifc[0].vrf, "blue"));
	CHECK(!strcmp(ifc[1].name, "lo") && ifc[1].vlan == 200);
	CHECK(!ifc[1].mpls && !strcmp(ifc[1].vrf, "red"));
	CHECK(ifc[2].vlan == 4094 && !ifc[2].mpls);
	CHECK(!strcmp(ifc[2].vrf, "red"));
	CHECK(mplsx_config__interface(cfg, "lo") == &ifc[0]);

	CHECK(cfg->n_lsps == 2);
	CHECK(mplsx_addr__parse(&a, "2001:0db8::3") == 0);
	CHECK(mplsx_config__lsp(cfg, &a) == &cfg->lsps[1]);
	CHECK(mplsx_addr__parse(&a, "10.255.0.3") == 0);
	CHECK(mplsx_config__lsp(cfg, &a) == &cfg->lsps[0]);
	CHECK(mplsx_addr__parse(&a, "10.255.0.4") == 0);
	CHECK(mplsx_config__lsp(cfg, &a) == NULL);

	CHECK(cfg->n_vrfs == 3);
	if (cfg->n_vrfs != 3)
		goto out;
	vrf = mplsx_config__vrf(cfg, "red");
	CHECK(vrf == &cfg->vrfs[0]);
	CHECK(!memcmp(vrf->rd.bytes, rd_red, 8));
	CHECK(vrf->n_import == 2 && vrf->n_export == 1);
	CHECK(vrf->n_import == 2 && !memcmp(vrf->import[0].bytes, rt_as2, 8) &&
	      !memcmp(vrf->import[1].bytes, rt_ip4, 8));
	CHECK(vrf->n_export == 1 && !memcmp(vrf->export[0].bytes, rt_as2, 8));
	CHECK(vrf->has_label && vrf->label == 100);
	CHECK(vrf->label_mode == CFG_LABEL_PER_VRF);
	CHECK(vrf->ttl_mode == CFG_TTL_UNIFORM);
	check_l3vpn_routes(vrf);

	vrf = mplsx_config__vrf(cfg, "blue");
	CHECK(vrf == &cfg->vrfs[1]);
	CHECK(!memcmp(vrf->rd.bytes, rd_blue, 8));
	CHECK(vrf->n_import == 0 && vrf->import == NULL);
	CHECK(vrf->n_export == 1 && !memcmp(vrf->export[0].bytes, rt_as4, 8));
	CHECK(vrf->has_label && vrf->label == 16003);
	CHECK(vrf->label_mode == CFG_LABEL_PER_NEXTHOP);
	CHECK(vrf->ttl_mode == CFG_TTL_PIPE);
	check_l3vpn_routes(vrf);

	vrf = mplsx_config__vrf(cfg, "Green_2-b"); /* every default */
	CHECK(vrf == &cfg->vrfs[2]);
	CHECK(!memcmp(vrf->rd.bytes, rd_green, 8));
	CHECK(vrf->n_import == 0 && vrf->import == NULL);
	CHECK(vrf->n_export == 0 && vrf->export == NULL);
	CHECK(!vrf->has_label && vrf->label == 0);
	CHECK(vrf->label_mode == CFG_LABEL_PER_VRF);
	CHECK(vrf->ttl_mode == CFG_TTL_UNIFORM);
	CHECK(vrf->n_routes == 0 && vrf->routes == NULL);

	CHECK(mplsx_config__vrf(cfg, "green") == NULL); /* case matters */
	CHECK(mplsx_config__vrf(cfg, "") == NULL);
out:
	mplsx_config__free(cfg);
}

/* ---- pseudowires -------------------------------------------------------- */

/* A whole-port AC and two VLAN ACs on lo, control word by default, off,
 * and on; an IPv6 peer. */
static const char pw_config[] =
	"{\n"
	"  'router_id': '10.255.0.1',\n"
	"  'interfaces': [\n"
	"    {'name': 'lo', 'vlan': 10, 'pseudowire': 'pw1'},\n"
	"    {'name': 'lo', 'vlan': 4094, 'pseudowire': 'pw-2_b'},\n"
	"    {'name': 'lo', 'vlan': 30, 'pseudowire': 'pw3'}\n"
	"  ],\n"
	"  'pseudowires': [\n"
	"    {'name': 'pw1', 'peer': '10.255.0.3', 'local_label': 5001,\n"
	"     'remote_label': 5002},\n"
	"    {'name': 'pw-2_b', 'peer': '2001:db8::3', 'local_label': 16,\n"
	"     'remote_label': 1048575, 'control_word': false},\n"
	"    {'name': 'pw3', 'peer': '10.255.0.4', 'local_label': 99999,\n"
	"     'remote_label': 16, 'control_word': true}\n"
	"  ]\n"
	"}\n";

static void test_pw_config(void)
{
	char err[MPLSX_CONFIG_ERRLEN];
	struct mplsx_config *cfg = NULL;
	const struct cfg_pw *pw;

	CHECK(parse(pw_config, &cfg, err) == 0, "error: %s", err);
	if (!cfg)
		return;
	CHECK(cfg->n_pws == 3 && cfg->n_interfaces == 3);
	CHECK(!strcmp(cfg->interfaces[0].pseudowire, "pw1") &&
	      cfg->interfaces[0].vlan == 10 && !cfg->interfaces[0].mpls &&
	      !cfg->interfaces[0].vrf[0]);
	CHECK(!strcmp(cfg->interfaces[1].pseudowire, "pw-2_b") &&
	      cfg->interfaces[1].vlan == 4094);
	pw = mplsx_config__pw(cfg, "pw1");
	CHECK(pw == &cfg->pws[0]);
	CHECK(pw && addr_is(&pw->peer, "10.255.0.3") &&
	      pw->local_label == 5001 && pw->remote_label == 5002 &&
	      pw->control_word);
	pw = mplsx_config__pw(cfg, "pw-2_b");
	CHECK(pw && addr_is(&pw->peer, "2001:db8::3") &&
	      pw->local_label == 16 && pw->remote_label == 1048575 &&
	      !pw->control_word);
	pw = mplsx_config__pw(cfg, "pw3");
	CHECK(pw && pw->control_word && pw->local_label == 99999);
	CHECK(mplsx_config__pw(cfg, "PW1") == NULL);
	mplsx_config__free(cfg);

	/* A whole port as the AC. */
	cfg = NULL;
	CHECK(parse("{'router_id': '10.0.0.1', 'interfaces': [{'name': 'lo', "
		    "'pseudowire': 'pw1'}], 'pseudowires': [{'name': 'pw1', "
		    "'peer': '10.0.0.3', 'local_label': 5001, "
		    "'remote_label': 5002}]}",
		    &cfg, err) == 0,
	      "error: %s", err);
	CHECK(cfg && cfg->interfaces[0].vlan == 0 &&
	      !strcmp(cfg->interfaces[0].pseudowire, "pw1"));
	mplsx_config__free(cfg);
}

/* ---- bad configs -------------------------------------------------------- */

struct bad {
	const char *desc;
	const char *json;
	const char *expect; /* substring of the error message */
};

/* A valid config with ... added at the end of the top-level object. */
#define OK_PREFIX                                   \
	"{'router_id': '10.0.0.1', 'interfaces': [" \
	"{'name': 'lo', 'mpls': true}]"
#define WITH(...)  OK_PREFIX ", " __VA_ARGS__ "}"
#define IFACE(...) "{'router_id': '10.0.0.1', 'interfaces': [" __VA_ARGS__ "]}"
#define LABEL(...) WITH("'labels': [" __VA_ARGS__ "]")
#define LSP(...)   WITH("'lsps': [" __VA_ARGS__ "]")
#define VRF(...)   WITH("'vrfs': [" __VA_ARGS__ "]")
/* Pseudowires (pw1 attached to lo) next to a static label 16, a VRF
 * label 17 and label_range [100, 200]. */
#define PW(...)                                                        \
	"{'router_id': '10.0.0.1', 'label_range': [100, 200], "        \
	"'labels': [{'in': 16}], 'vrfs': [{'name': 'red', 'rd': "      \
	"'65000:1', 'label': 17}], 'pseudowires': [" __VA_ARGS__ "], " \
	"'interfaces': [{'name': 'lo', 'vlan': 1, 'pseudowire': 'pw1'}]}"
/* The body of a valid pseudowire after its name. */
#define PW_OK "'peer': '10.0.0.3', 'local_label': 5001, 'remote_label': 5002"
/* Interfaces with pseudowires pw1 and pw2 and VRF red defined. */
#define PW_IFACE(...)                                               \
	"{'router_id': '10.0.0.1', 'vrfs': [{'name': 'red', 'rd': " \
	"'65000:1'}], 'pseudowires': [{'name': 'pw1', " PW_OK "}, " \
	"{'name': 'pw2', 'peer': '10.0.0.3', 'local_label': 5003, " \
	"'remote_label': 5004}], 'interfaces': [" __VA_ARGS__ "]}"

/* One VRF with these routes. */
#define ROUTE(...) \
	VRF("{'name': 'red', 'rd': '65000:1', 'routes': [" __VA_ARGS__ "]}")
/* Interfaces with VRFs red and blue defined (with RTs and routes, so an
 * error in interfaces frees them). */
#define VRF_IFACE(...)                                                \
	"{'router_id': '10.0.0.1', 'vrfs': ["                         \
	"{'name': 'red', 'rd': '65000:1', 'import': ['65000:1'], "    \
	"'routes': [{'prefix': '10.1.0.0/16', 'via': '10.0.0.2'}]}, " \
	"{'name': 'blue', 'rd': '65000:2'}], 'interfaces': [" __VA_ARGS__ "]}"

static const struct bad bad_configs[] = {
	/* JSON itself */
	{"json: syntax error", "{'router_id': }",
	 "json: parse error near line 1"},
	{"json: error line number", "{\n 'router_id': '10.0.0.1',\n oops\n}",
	 "json: parse error near line 3"},
	{"json: empty", "", "json: parse error near line 1"},
	{"json: trailing garbage", OK_PREFIX "} x", "json: parse error"},
	{"json: top level array", "[]", "json: top level must be an object"},
	{"json: top level string", "'x'", "json: top level must be an object"},
	/* fib */
	{"fib: not an object", WITH("'fib': 5"), "fib: must be an object"},
	{"fib: unknown key", WITH("'fib': {'chunks': 5}"),
	 "fib.chunks: unknown key"},
	{"fib: chunks_v4 below 16", WITH("'fib': {'chunks_v4': 15}"),
	 "fib.chunks_v4: 15 is out of range, must be 16..1048576"},
	{"fib: chunks_v6 too big", WITH("'fib': {'chunks_v6': 1048577}"),
	 "fib.chunks_v6: 1048577 is out of range, must be 16..1048576"},
	{"fib: chunks_v4 a string", WITH("'fib': {'chunks_v4': '64'}"),
	 "fib.chunks_v4: must be an integer"},
	{"fib: direct_v4 above 64", WITH("'fib': {'direct_v4': 65}"),
	 "fib.direct_v4: 65 is out of range, must be 0..64"},
	/* icmp */
	{"icmp: not an object", WITH("'icmp': 5"), "icmp: must be an object"},
	{"icmp: unknown key", WITH("'icmp': {'rate_ms': 5}"),
	 "icmp.rate_ms: unknown key"},
	{"icmp: negative rate", WITH("'icmp': {'rate': -1}"),
	 "icmp.rate: -1 is out of range, must be 0..10000000"},
	{"icmp: fractional rate", WITH("'icmp': {'rate': 1.5}"),
	 "icmp.rate: 1.5 is not an integer"},
	{"icmp: burst 0", WITH("'icmp': {'burst': 0}"),
	 "icmp.burst: 0 is out of range, must be 1..1000000"},
	{"icmp: enabled not a bool", WITH("'icmp': {'enabled': 'yes'}"),
	 "icmp.enabled: must be true or false"},
	/* top level keys */
	{"top: unknown key", WITH("'colour': 'red'"), "colour: unknown key"},
	{"top: duplicate key", WITH("'router_id': '10.0.0.2'"),
	 "router_id: duplicate key"},
	{"top: vrfs not array", WITH("'vrfs': {}"), "vrfs: must be an array"},
	{"top: pseudowires not array", WITH("'pseudowires': {}"),
	 "pseudowires: must be an array"},
	/* bgp */
	{"bgp: not object", WITH("'bgp': []"), "bgp: must be an object"},
	{"bgp: asn missing", WITH("'bgp': {}"), "bgp.asn: required"},
	{"bgp: asn 0", WITH("'bgp': {'asn': 0}"),
	 "bgp.asn: 0 is out of range, must be 1..4294967295"},
	{"bgp: asn too big", WITH("'bgp': {'asn': 4294967296}"),
	 "bgp.asn: 4294967296 is out of range, must be 1..4294967295"},
	{"bgp: unknown key", WITH("'bgp': {'asn': 1, 'mode': 'x'}"),
	 "bgp.mode: unknown key"},
	{"bgp: listen bad", WITH("'bgp': {'asn': 1, 'listen': 'lo'}"),
	 "bgp.listen: \"lo\" is not an IPv4 or IPv6 address"},
	{"bgp: port 0", WITH("'bgp': {'asn': 1, 'port': 0}"),
	 "bgp.port: 0 is out of range, must be 1..65535"},
	{"bgp: hold_time 2", WITH("'bgp': {'asn': 1, 'hold_time': 2}"),
	 "bgp.hold_time: 2: must be 0 or 3..65535"},
	{"bgp: hold_time too big",
	 WITH("'bgp': {'asn': 1, 'hold_time': 65536}"),
	 "bgp.hold_time: 65536 is out of range, must be 0..65535"},
	{"bgp: graceful_restart too big",
	 WITH("'bgp': {'asn': 1, 'graceful_restart': 4096}"),
	 "bgp.graceful_restart: 4096 is out of range, must be 0..4095"},
	{"bgp: neighbors not array", WITH("'bgp': {'asn': 1, 'neighbors': {}}"),
	 "bgp.neighbors: must be an array"},
	{"bgp: neighbor address missing",
	 WITH("'bgp': {'asn': 1, 'neighbors': [{'asn': 1}]}"),
	 "bgp.neighbors[0].address: required"},
	{"bgp: neighbor address bad",
	 WITH("'bgp': {'asn': 1, 'neighbors': [{'address': '1.2.3', 'asn': "
	      "1}]}"),
	 "bgp.neighbors[0].address: \"1.2.3\" is not an IPv4 or IPv6 "
	 "address"},
	{"bgp: neighbor asn missing",
	 WITH("'bgp': {'asn': 1, 'neighbors': [{'address': '127.0.0.1'}]}"),
	 "bgp.neighbors[0].asn: required"},
	{"bgp: neighbor port 65536",
	 WITH("'bgp': {'asn': 1, 'neighbors': [{'address': '127.0.0.1', "
	      "'asn': 1, 'port': 65536}]}"),
	 "bgp.neighbors[0].port: 65536 is out of range, must be 1..65535"},
	{"bgp: neighbor vrf unknown (PE-CE)",
	 WITH("'bgp': {'asn': 1, 'neighbors': [{'address': '127.0.0.1', "
	      "'asn': 1, 'vrf': 'nosuch'}]}"),
	 "bgp.neighbors[0].vrf: no VRF named \"nosuch\""},
	{"bgp: neighbor vrf not a string",
	 WITH("'bgp': {'asn': 1, 'neighbors': [{'address': '127.0.0.1', "
	      "'asn': 1, 'vrf': 1}]}"),
	 "bgp.neighbors[0].vrf: must be a string"},
	{"bgp: per-VRF neighbor on the VPN session's port",
	 WITH("'vrfs': [{'name': 'red', 'rd': '65000:1'}], 'bgp': {'asn': 1, "
	      "'neighbors': [{'address': '127.0.0.1', 'asn': 1}, {'address': "
	      "'127.0.0.1', 'asn': 1, 'vrf': 'red'}]}"),
	 "bgp.neighbors[1]: duplicate neighbor 127.0.0.1 port 1790 (also "
	 "bgp.neighbors[0])"},
	{"bgp: neighbor duplicate",
	 WITH("'bgp': {'asn': 1, 'port': 2000, 'neighbors': [{'address': "
	      "'127.0.0.1', 'asn': 1}, {'address': '127.0.0.1', 'asn': 2, "
	      "'port': 2000}]}"),
	 "bgp.neighbors[1]: duplicate neighbor 127.0.0.1 port 2000 (also "
	 "bgp.neighbors[0])"},
	{"bgp: as_override without a vrf",
	 WITH("'bgp': {'asn': 1, 'neighbors': [{'address': '127.0.0.1', "
	      "'asn': 1, 'as_override': true}]}"),
	 "bgp.neighbors[0].as_override: only for a neighbor with a vrf"},
	{"bgp: as_override not a bool",
	 WITH("'vrfs': [{'name': 'red', 'rd': '65000:1'}], 'bgp': {'asn': 1, "
	      "'neighbors': [{'address': '127.0.0.1', 'asn': 1, 'port': 1791, "
	      "'vrf': 'red', 'as_override': 1}]}"),
	 "bgp.neighbors[0].as_override: must be true or false"},
	{"bgp: allowas_in 11",
	 WITH("'vrfs': [{'name': 'red', 'rd': '65000:1'}], 'bgp': {'asn': 1, "
	      "'neighbors': [{'address': '127.0.0.1', 'asn': 1, 'port': 1791, "
	      "'vrf': 'red', 'allowas_in': 11}]}"),
	 "bgp.neighbors[0].allowas_in: 11 is out of range, must be 0..10"},
	{"bgp: ce_asn 0",
	 WITH("'vrfs': [{'name': 'red', 'rd': '65000:1'}], 'bgp': {'asn': 1, "
	      "'neighbors': [{'address': '127.0.0.1', 'asn': 1, 'port': 1791, "
	      "'vrf': 'red', 'ce_asn': 0}]}"),
	 "bgp.neighbors[0].ce_asn: 0 is out of range, must be 1..4294967295"},
	{"bgp: soo bad",
	 WITH("'vrfs': [{'name': 'red', 'rd': '65000:1'}], 'bgp': {'asn': 1, "
	      "'neighbors': [{'address': '127.0.0.1', 'asn': 1, 'port': 1791, "
	      "'vrf': 'red', 'soo': 'x'}]}"),
	 "bgp.neighbors[0].soo: "},
	/* router_id */
	{"router_id: missing", "{'interfaces': [{'name': 'lo', 'mpls': true}]}",
	 "router_id: required"},
	{"router_id: bad", "{'router_id': '10.0.0', 'interfaces': []}",
	 "router_id: \"10.0.0\" is not an IPv4 address"},
	{"router_id: IPv6", "{'router_id': '2001:db8::1'}",
	 "router_id: \"2001:db8::1\" is not an IPv4 address"},
	{"router_id: number", "{'router_id': 167772161}",
	 "router_id: must be an address string"},
	/* label_range */
	{"label_range: out of order", WITH("'label_range': [200, 100]"),
	 "label_range: lo 200 is above hi 100"},
	{"label_range: lo reserved", WITH("'label_range': [15, 100]"),
	 "label_range[0]: 15 is out of range, must be 16..1048575"},
	{"label_range: hi too big", WITH("'label_range': [16, 1048576]"),
	 "label_range[1]: 1048576 is out of range, must be 16..1048575"},
	{"label_range: string", WITH("'label_range': [16, '100']"),
	 "label_range[1]: must be an integer"},
	{"label_range: fraction", WITH("'label_range': [100.5, 200]"),
	 "label_range[0]: 100.5 is not an integer"},
	{"label_range: one element", WITH("'label_range': [100]"),
	 "label_range: must be an array [lo, hi]"},
	{"label_range: three elements", WITH("'label_range': [1, 2, 3]"),
	 "label_range: must be an array [lo, hi]"},
	{"label_range: object", WITH("'label_range': {'lo': 16}"),
	 "label_range: must be an array [lo, hi]"},
	/* interfaces */
	{"interfaces: missing", "{'router_id': '10.0.0.1'}",
	 "interfaces: required"},
	{"interfaces: empty", IFACE(""), "interfaces: must not be empty"},
	{"interfaces: not array", "{'router_id': '10.0.0.1', 'interfaces': {}}",
	 "interfaces: must be an array"},
	{"interfaces: element not object", IFACE("'lo'"),
	 "interfaces[0]: must be an object"},
	{"interfaces: duplicate",
	 IFACE("{'name': 'lo', 'mpls': true}, {'name': 'lo', 'mpls': true}"),
	 "interfaces[1].name: duplicate interface \"lo\" (also "
	 "interfaces[0])"},
	{"interfaces: name too long",
	 IFACE("{'name': 'abcdefghijklmnop', 'mpls': true}"),
	 "interfaces[0].name: \"abcdefghijklmnop\" must be 1..15 characters"},
	{"interfaces: name empty", IFACE("{'name': '', 'mpls': true}"),
	 "interfaces[0].name: \"\" must be 1..15 characters"},
	{"interfaces: name missing", IFACE("{'mpls': true}"),
	 "interfaces[0].name: required"},
	{"interfaces: name not string", IFACE("{'name': 1, 'mpls': true}"),
	 "interfaces[0].name: must be a string"},
	{"interfaces: mpls not boolean", IFACE("{'name': 'lo', 'mpls': 'yes'}"),
	 "interfaces[0].mpls: must be true or false"},
	{"interfaces: mpls false", IFACE("{'name': 'lo', 'mpls': false}"),
	 "interfaces[0]: needs \"mpls\": true or \"vrf\""},
	{"interfaces: neither mpls nor vrf", IFACE("{'name': 'lo'}"),
	 "interfaces[0]: needs \"mpls\": true or \"vrf\""},
	{"interfaces: vrf without vrfs", IFACE("{'name': 'lo', 'vrf': 'red'}"),
	 "interfaces[0].vrf: no VRF named \"red\""},
	{"interfaces: unknown vrf",
	 VRF_IFACE("{'name': 'lo', 'vrf': 'red', 'vlan': 1}, "
		   "{'name': 'lo', 'vrf': 'blue', 'vlan': 2}, "
		   "{'name': 'lo', 'vrf': 'green', 'vlan': 3}"),
	 "interfaces[2].vrf: no VRF named \"green\""},
	{"interfaces: vrf name case", VRF_IFACE("{'name': 'lo', 'vrf': 'Red'}"),
	 "interfaces[0].vrf: no VRF named \"Red\""},
	{"interfaces: vrf not string", VRF_IFACE("{'name': 'lo', 'vrf': 1}"),
	 "interfaces[0].vrf: must be a string"},
	{"interfaces: vrf and mpls",
	 VRF_IFACE("{'name': 'lo', 'mpls': true, 'vrf': 'red'}"),
	 "interfaces[0].vrf: not allowed with \"mpls\": true"},
	{"interfaces: vlan on mpls",
	 IFACE("{'name': 'lo', 'mpls': true, 'vlan': 100}"),
	 "interfaces[0].vlan: only VRF, pseudowire and VPLS interfaces take "
	 "a VLAN in this version"},
	{"interfaces: vlan 0",
	 VRF_IFACE("{'name': 'lo', 'vrf': 'red', 'vlan': 0}"),
	 "interfaces[0].vlan: 0 is out of range, must be 1..4094"},
	{"interfaces: vlan 4095",
	 VRF_IFACE("{'name': 'lo', 'vrf': 'red', 'vlan': 4095}"),
	 "interfaces[0].vlan: 4095 is out of range, must be 1..4094"},
	{"interfaces: vlan string",
	 VRF_IFACE("{'name': 'lo', 'vrf': 'red', 'vlan': '100'}"),
	 "interfaces[0].vlan: must be an integer"},
	{"interfaces: duplicate vlan",
	 VRF_IFACE("{'name': 'lo', 'vrf': 'red', 'vlan': 100}, "
		   "{'name': 'lo', 'vrf': 'blue', 'vlan': 100}"),
	 "interfaces[1].name: duplicate interface \"lo\" VLAN 100 (also "
	 "interfaces[0])"},
	{"interfaces: duplicate untagged vrf",
	 VRF_IFACE(
		 "{'name': 'lo', 'vrf': 'red'}, {'name': 'lo', 'vrf': 'blue'}"),
	 "interfaces[1].name: duplicate interface \"lo\" (also "
	 "interfaces[0])"},
	{"interfaces: untagged then vlan",
	 VRF_IFACE("{'name': 'lo', 'mpls': true}, "
		   "{'name': 'lo', 'vrf': 'blue', 'vlan': 100}"),
	 "interfaces[1].name: \"lo\" is used both untagged and with VLAN 100 "
	 "(also interfaces[0])"},
	{"interfaces: vlan then untagged",
	 VRF_IFACE("{'name': 'lo', 'vrf': 'red', 'vlan': 7}, "
		   "{'name': 'lo', 'vrf': 'blue'}"),
	 "interfaces[1].name: \"lo\" is used both untagged and with VLAN 7 "
	 "(also interfaces[0])"},
	{"interfaces: pseudowire without pseudowires",
	 IFACE("{'name': 'lo', 'pseudowire': 'pw1'}"),
	 "interfaces[0].pseudowire: no pseudowire named \"pw1\""},
	{"interfaces: unknown pseudowire",
	 PW_IFACE("{'name': 'lo', 'vlan': 1, 'pseudowire': 'pw1'}, "
		  "{'name': 'lo', 'vlan': 2, 'pseudowire': 'pw9'}"),
	 "interfaces[1].pseudowire: no pseudowire named \"pw9\""},
	{"interfaces: pseudowire not string",
	 PW_IFACE("{'name': 'lo', 'pseudowire': 1}"),
	 "interfaces[0].pseudowire: must be a string"},
	{"interfaces: pseudowire and mpls",
	 PW_IFACE("{'name': 'lo', 'mpls': true, 'pseudowire': 'pw1'}"),
	 "interfaces[0].pseudowire: not allowed with \"mpls\": true"},
	{"interfaces: pseudowire and vrf",
	 PW_IFACE("{'name': 'lo', 'vrf': 'red', 'pseudowire': 'pw1'}"),
	 "interfaces[0].vrf: not allowed with \"pseudowire\""},
	{"interfaces: pseudowire with two ACs",
	 PW_IFACE("{'name': 'lo', 'vlan': 1, 'pseudowire': 'pw1'}, "
		  "{'name': 'lo', 'vlan': 2, 'pseudowire': 'pw2'}, "
		  "{'name': 'lo', 'vlan': 3, 'pseudowire': 'pw1'}"),
	 "interfaces[2].pseudowire: pseudowire \"pw1\" has an attachment "
	 "circuit already (interfaces[0])"},
	{"interfaces: pseudowire vlan 4095",
	 PW_IFACE("{'name': 'lo', 'vlan': 4095, 'pseudowire': 'pw1'}"),
	 "interfaces[0].vlan: 4095 is out of range, must be 1..4094"},
	{"interfaces: pseudowire port and vlan",
	 PW_IFACE("{'name': 'lo', 'pseudowire': 'pw1'}, "
		  "{'name': 'lo', 'vlan': 2, 'pseudowire': 'pw2'}"),
	 "interfaces[1].name: \"lo\" is used both untagged and with VLAN 2"},
	{"pseudowires: one without an AC",
	 PW_IFACE("{'name': 'lo', 'pseudowire': 'pw1'}"),
	 "pseudowires[1]: \"pw2\" is the pseudowire of no interface"},
	/* pseudowires */
	{"pseudowires: element not object", PW("'pw1'"),
	 "pseudowires[0]: must be an object"},
	{"pseudowires: unknown key", PW("{'name': 'pw1', " PW_OK ", 'mtu': 9}"),
	 "pseudowires[0].mtu: unknown key"},
	{"pseudowires: duplicate key",
	 PW("{'name': 'pw1', " PW_OK ", 'peer': '10.0.0.4'}"),
	 "pseudowires[0].peer: duplicate key"},
	{"pseudowires: name missing", PW("{" PW_OK "}"),
	 "pseudowires[0].name: required"},
	{"pseudowires: name empty", PW("{'name': '', " PW_OK "}"),
	 "pseudowires[0].name: \"\" must be 1..31 characters"},
	{"pseudowires: name characters", PW("{'name': 'pw 1', " PW_OK "}"),
	 "pseudowires[0].name: \"pw 1\" may contain only letters"},
	{"pseudowires: duplicate name",
	 PW("{'name': 'pw1', " PW_OK "}, {'name': 'pw1', 'peer': '10.0.0.4', "
	    "'local_label': 5003, 'remote_label': 5004}"),
	 "pseudowires[1].name: duplicate pseudowire \"pw1\" (also "
	 "pseudowires[0])"},
	{"pseudowires: peer missing",
	 PW("{'name': 'pw1', 'local_label': 5001, 'remote_label': 5002}"),
	 "pseudowires[0].peer: required"},
	{"pseudowires: peer bad",
	 PW("{'name': 'pw1', 'peer': '10.0.0', 'local_label': 5001, "
	    "'remote_label': 5002}"),
	 "pseudowires[0].peer: \"10.0.0\" is not an IPv4 or IPv6 address"},
	{"pseudowires: local_label missing",
	 PW("{'name': 'pw1', 'peer': '10.0.0.3', 'remote_label': 5002}"),
	 "pseudowires[0].local_label: required"},
	{"pseudowires: local_label reserved",
	 PW("{'name': 'pw1', 'peer': '10.0.0.3', 'local_label': 15, "
	    "'remote_label': 5002}"),
	 "pseudowires[0].local_label: 15 is a reserved label (0-15)"},
	{"pseudowires: local_label too big",
	 PW("{'name': 'pw1', 'peer': '10.0.0.3', 'local_label': 1048576, "
	    "'remote_label': 5002}"),
	 "pseudowires[0].local_label: 1048576 is out of range, must be "
	 "0..1048575"},
	{"pseudowires: local_label in label_range",
	 PW("{'name': 'pw1', 'peer': '10.0.0.3', 'local_label': 150, "
	    "'remote_label': 5002}"),
	 "pseudowires[0].local_label: 150 is inside label_range [100, 200]"},
	{"pseudowires: local_label is a static label",
	 PW("{'name': 'pw1', 'peer': '10.0.0.3', 'local_label': 16, "
	    "'remote_label': 5002}"),
	 "pseudowires[0].local_label: duplicate label 16 (also labels[0])"},
	{"pseudowires: local_label is a VRF label",
	 PW("{'name': 'pw1', 'peer': '10.0.0.3', 'local_label': 17, "
	    "'remote_label': 5002}"),
	 "pseudowires[0].local_label: duplicate label 17 (also vrfs[0], "
	 "\"red\")"},
	{"pseudowires: local_label of another pseudowire",
	 PW("{'name': 'pw1', " PW_OK "}, {'name': 'pw2', 'peer': '10.0.0.4', "
	    "'local_label': 5001, 'remote_label': 5004}"),
	 "pseudowires[1].local_label: duplicate label 5001 (also "
	 "pseudowires[0], \"pw1\")"},
	{"pseudowires: remote_label missing",
	 PW("{'name': 'pw1', 'peer': '10.0.0.3', 'local_label': 5001}"),
	 "pseudowires[0].remote_label: required"},
	{"pseudowires: remote_label reserved",
	 PW("{'name': 'pw1', 'peer': '10.0.0.3', 'local_label': 5001, "
	    "'remote_label': 3}"),
	 "pseudowires[0].remote_label: 3 is a reserved label (0-15)"},
	{"pseudowires: remote_label too big",
	 PW("{'name': 'pw1', 'peer': '10.0.0.3', 'local_label': 5001, "
	    "'remote_label': 1048576}"),
	 "pseudowires[0].remote_label: 1048576 is out of range"},
	{"pseudowires: remote_label string",
	 PW("{'name': 'pw1', 'peer': '10.0.0.3', 'local_label': 5001, "
	    "'remote_label': '5002'}"),
	 "pseudowires[0].remote_label: must be an integer"},
	{"pseudowires: control_word not boolean",
	 PW("{'name': 'pw1', " PW_OK ", 'control_word': 1}"),
	 "pseudowires[0].control_word: must be true or false"},
	{"interfaces: unknown key",
	 IFACE("{'name': 'lo', 'mpls': true, 'speed': 10}"),
	 "interfaces[0].speed: unknown key"},
	{"interfaces: duplicate key",
	 IFACE("{'name': 'lo', 'mpls': true, 'name': 'lo'}"),
	 "interfaces[0].name: duplicate key"},
	/* labels */
	{"labels: not array", WITH("'labels': {}"), "labels: must be an array"},
	{"labels: element not object", LABEL("16002"),
	 "labels[0]: must be an object"},
	{"labels: unknown key", LABEL("{'in': 16002, 'swap': 16003}"),
	 "labels[0].swap: unknown key"},
	{"labels: in missing", LABEL("{'out': []}"), "labels[0].in: required"},
	{"labels: in reserved", LABEL("{'in': 3}"),
	 "labels[0].in: 3 is a reserved label (0-15)"},
	{"labels: in zero", LABEL("{'in': 0}"),
	 "labels[0].in: 0 is a reserved label (0-15)"},
	{"labels: in inside label_range", LABEL("{'in': 100000}"),
	 "labels[0].in: 100000 is inside label_range [100000, 199999], which "
	 "is reserved for dynamic allocation"},
	{"labels: in inside custom label_range",
	 WITH("'label_range': [20000, 20010], 'labels': [{'in': 20010}]"),
	 "labels[0].in: 20010 is inside label_range [20000, 20010]"},
	{"labels: duplicate in", LABEL("{'in': 16002}, {'in': 16002}"),
	 "labels[1].in: duplicate label 16002 (also labels[0])"},
	{"labels: in too big", LABEL("{'in': 1048576}"),
	 "labels[0].in: 1048576 is out of range, must be 0..1048575"},
	{"labels: in huge", LABEL("{'in': 1e400}"),
	 "labels[0].in: inf is out of range"},
	{"labels: in fraction", LABEL("{'in': 1.5}"),
	 "labels[0].in: 1.5 is not an integer"},
	{"labels: in negative", LABEL("{'in': -1}"),
	 "labels[0].in: -1 is out of range, must be 0..1048575"},
	{"labels: in string", LABEL("{'in': '16002'}"),
	 "labels[0].in: must be an integer"},
	{"labels: in boolean", LABEL("{'in': true}"),
	 "labels[0].in: must be an integer"},
	{"labels: out too long",
	 LABEL("{'in': 16002, 'out': [16, 17, 18, 19, 20], 'via': '10.0.0.2'}"),
	 "labels[0].out: 5 labels, at most 4 may be pushed"},
	{"labels: out reserved 3",
	 LABEL("{'in': 16002}, {'in': 16003, 'out': [3], 'via': '10.0.0.2'}"),
	 "labels[1].out[0]: 3 is a reserved label (0-15), only 0 and 2 may be "
	 "pushed"},
	{"labels: out reserved 1",
	 LABEL("{'in': 16002, 'out': [16, 1], 'via': '10.0.0.2'}"),
	 "labels[0].out[1]: 1 is a reserved label (0-15)"},
	{"labels: out reserved 15",
	 LABEL("{'in': 16002, 'out': [15], 'via': '10.0.0.2'}"),
	 "labels[0].out[0]: 15 is a reserved label (0-15)"},
	{"labels: out 1048576",
	 LABEL("{'in': 16002, 'out': [16, 1048576], 'via': '10.0.0.2'}"),
	 "labels[0].out[1]: 1048576 is out of range, must be 0..1048575"},
	{"labels: out fraction",
	 LABEL("{'in': 16002, 'out': [16.5], 'via': '10.0.0.2'}"),
	 "labels[0].out[0]: 16.5 is not an integer"},
	{"labels: out negative",
	 LABEL("{'in': 16002, 'out': [-16], 'via': '10.0.0.2'}"),
	 "labels[0].out[0]: -16 is out of range"},
	{"labels: out string",
	 LABEL("{'in': 16002, 'out': ['16'], 'via': '10.0.0.2'}"),
	 "labels[0].out[0]: must be an integer"},
	{"labels: out not array",
	 LABEL("{'in': 16002, 'out': 16, 'via': '10.0.0.2'}"),
	 "labels[0].out: must be an array of labels"},
	{"labels: out without via", LABEL("{'in': 16002, 'out': [16002]}"),
	 "labels[0].via: required when out is not empty"},
	{"labels: bad via", LABEL("{'in': 16002, 'out': [], 'via': '10.0.23'}"),
	 "labels[0].via: \"10.0.23\" is not an IPv4 or IPv6 address"},
	{"labels: via not string", LABEL("{'in': 16002, 'via': 167772161}"),
	 "labels[0].via: must be an address string"},
	/* via lists: equal-cost groups */
	{"labels: empty via list",
	 LABEL("{'in': 16002, 'out': [16], 'via': []}"),
	 "labels[0].via: an empty list has no next hop"},
	{"labels: bad via in a list",
	 LABEL("{'in': 16002, 'out': [16], 'via': ['10.0.0.2', '10.0.0']}"),
	 "labels[0].via[1]: \"10.0.0\" is not an IPv4 or IPv6 address"},
	{"labels: duplicate via",
	 LABEL("{'in': 16002, 'via': ['10.0.0.2', '10.0.0.3', '10.0.0.2']}"),
	 "labels[0].via[2]: duplicate 10.0.0.2 (also labels[0].via[0])"},
	{"labels: too many vias",
	 LABEL("{'in': 16002, 'via': ['10.0.0.1', '10.0.0.2', '10.0.0.3', "
	       "'10.0.0.4', '10.0.0.5', '10.0.0.6', '10.0.0.7', '10.0.0.8', "
	       "'10.0.0.9', '10.0.0.10', '10.0.0.11', '10.0.0.12', "
	       "'10.0.0.13', '10.0.0.14', '10.0.0.15', '10.0.0.16', "
	       "'10.0.0.17']}"),
	 "labels[0].via: 17 addresses, a group has at most 16"},
	{"lsps: weight zero",
	 LSP("{'to': '10.0.0.3', 'via': ['10.0.0.2', "
	     "{'address': '10.0.1.2', 'weight': 0}]}"),
	 "lsps[0].via[1].weight: 0 is out of range, must be 1..255"},
	{"lsps: via member without address",
	 LSP("{'to': '10.0.0.3', 'via': [{'weight': 2}]}"),
	 "lsps[0].via[0].address: required"},
	{"lsps: via member unknown key",
	 LSP("{'to': '10.0.0.3', 'via': [{'address': '10.0.0.2', 'w': 2}]}"),
	 "lsps[0].via[0].w: unknown key"},
	{"lsps: entropy not bool",
	 LSP("{'to': '10.0.0.3', 'via': '10.0.0.2', 'entropy': 1}"),
	 "lsps[0].entropy: must be true or false"},
	{"routes: via list of another family",
	 ROUTE("{'prefix': '10.9.0.0/16', 'via': ['10.0.0.2', '2001:db8::2']}"),
	 "vrfs[0].routes[0].via[1]: \"2001:db8::2\" is not an IPv4 address"},
	/* lsps */
	{"lsps: not array", WITH("'lsps': 'x'"), "lsps: must be an array"},
	{"lsps: element not object", LSP("[]"), "lsps[0]: must be an object"},
	{"lsps: unknown key",
	 LSP("{'to': '10.0.0.3', 'via': '10.0.0.2', 'pop': true}"),
	 "lsps[0].pop: unknown key"},
	{"lsps: to missing", LSP("{'push': [], 'via': '10.0.0.2'}"),
	 "lsps[0].to: required"},
	{"lsps: bad to", LSP("{'to': '10.0.0.300', 'via': '10.0.0.2'}"),
	 "lsps[0].to: \"10.0.0.300\" is not an IPv4 or IPv6 address"},
	{"lsps: duplicate to",
	 LSP("{'to': '2001:db8::3', 'via': '10.0.0.2'},"
	     " {'to': '2001:0db8:0::3', 'via': '10.0.0.4'}"),
	 "lsps[1].to: duplicate LSP to 2001:db8::3 (also lsps[0])"},
	{"lsps: via missing", LSP("{'to': '10.0.0.3', 'push': [16]}"),
	 "lsps[0].via: required"},
	{"lsps: bad via", LSP("{'to': '10.0.0.3', 'via': 'router2'}"),
	 "lsps[0].via: \"router2\" is not an IPv4 or IPv6 address"},
	{"lsps: push reserved",
	 LSP("{'to': '10.0.0.3', 'push': [16, 7], 'via': '10.0.0.2'}"),
	 "lsps[0].push[1]: 7 is a reserved label (0-15), only 0 and 2 may be "
	 "pushed"},
	{"lsps: push too long",
	 LSP("{'to': '10.0.0.3', 'push': [16, 16, 16, 16, 16], 'via': "
	     "'10.0.0.2'}"),
	 "lsps[0].push: 5 labels, at most 4 may be pushed"},
	{"lsps: push not array",
	 LSP("{'to': '10.0.0.3', 'push': 16, 'via': '10.0.0.2'}"),
	 "lsps[0].push: must be an array of labels"},
	/* vrfs */
	{"vrfs: element not object", VRF("'red'"),
	 "vrfs[0]: must be an object"},
	{"vrfs: unknown key",
	 VRF("{'name': 'red', 'rd': '65000:1', 'colour': 'red'}"),
	 "vrfs[0].colour: unknown key"},
	{"vrfs: name missing", VRF("{'rd': '65000:1'}"),
	 "vrfs[0].name: required"},
	{"vrfs: name not string", VRF("{'name': 7, 'rd': '65000:1'}"),
	 "vrfs[0].name: must be a string"},
	{"vrfs: name empty", VRF("{'name': '', 'rd': '65000:1'}"),
	 "vrfs[0].name: \"\" must be 1..31 characters long"},
	{"vrfs: name too long",
	 VRF("{'name': 'abcdefghijabcdefghijabcdefghijab', 'rd': '65000:1'}"),
	 "vrfs[0].name: \"abcdefghijabcdefghijabcdefghijab\" must be 1..31 "
	 "characters long"},
	{"vrfs: name with space", VRF("{'name': 'red one', 'rd': '65000:1'}"),
	 "vrfs[0].name: \"red one\" may contain only letters, digits, '_' and "
	 "'-'"},
	{"vrfs: name with dot", VRF("{'name': 'red.1', 'rd': '65000:1'}"),
	 "vrfs[0].name: \"red.1\" may contain only"},
	{"vrfs: duplicate name",
	 VRF("{'name': 'red', 'rd': '65000:1'}, {'name': 'red', 'rd': "
	     "'65000:2'}"),
	 "vrfs[1].name: duplicate VRF \"red\" (also vrfs[0])"},
	{"vrfs: rd missing", VRF("{'name': 'red'}"), "vrfs[0].rd: required"},
	{"vrfs: rd not string", VRF("{'name': 'red', 'rd': 65000}"),
	 "vrfs[0].rd: must be a string"},
	{"vrfs: rd bad", VRF("{'name': 'red', 'rd': '65000'}"),
	 "vrfs[0].rd: \"65000\": expected ASN:N"},
	{"vrfs: rd bad number", VRF("{'name': 'red', 'rd': '10.0.0.1:65536'}"),
	 "vrfs[0].rd: \"10.0.0.1:65536\": the number after an IPv4 address "
	 "must be 0..65535"},
	{"vrfs: duplicate rd",
	 VRF("{'name': 'red', 'rd': '65000:1'}, {'name': 'blue', 'rd': "
	     "'65000:01'}"),
	 "vrfs[1].rd: duplicate rd 65000:1 (also vrfs[0], \"red\")"},
	{"vrfs: import not array",
	 VRF("{'name': 'red', 'rd': '65000:1', 'import': '65000:1'}"),
	 "vrfs[0].import: must be an array of route targets"},
	{"vrfs: import bad",
	 VRF("{'name': 'red', 'rd': '65000:1', 'import': ['65000:1', "
	     "'65000:x']}"),
	 "vrfs[0].import[1]: \"65000:x\": \"x\" is not a number"},
	{"vrfs: export not string",
	 VRF("{'name': 'red', 'rd': '65000:1', 'export': [65000]}"),
	 "vrfs[0].export[0]: must be a string"},
	{"vrfs: export bad",
	 VRF("{'name': 'red', 'rd': '65000:1', 'export': ['red:1']}"),
	 "vrfs[0].export[0]: \"red:1\": \"red\" is neither an AS number"},
	{"vrfs: label reserved",
	 VRF("{'name': 'red', 'rd': '65000:1', 'label': 15}"),
	 "vrfs[0].label: 15 is a reserved label (0-15)"},
	{"vrfs: label too big",
	 VRF("{'name': 'red', 'rd': '65000:1', 'label': 1048576}"),
	 "vrfs[0].label: 1048576 is out of range"},
	{"vrfs: label string",
	 VRF("{'name': 'red', 'rd': '65000:1', 'label': '100'}"),
	 "vrfs[0].label: must be an integer"},
	{"vrfs: label inside label_range",
	 VRF("{'name': 'red', 'rd': '65000:1', 'label': 199999}"),
	 "vrfs[0].label: 199999 is inside label_range [100000, 199999]"},
	{"vrfs: label is a static label",
	 WITH("'labels': [{'in': 16001}, {'in': 16002}], 'vrfs': [{'name': "
	      "'red', 'rd': '65000:1', 'label': 16002}]"),
	 "vrfs[0].label: duplicate label 16002 (also labels[1])"},
	{"vrfs: label of another VRF",
	 VRF("{'name': 'red', 'rd': '65000:1', 'label': 100}, {'name': "
	     "'blue', 'rd': '65000:2'}, {'name': 'green', 'rd': '65000:3', "
	     "'label': 100}"),
	 "vrfs[2].label: duplicate label 100 (also vrfs[0], \"red\")"},
	{"vrfs: label_mode bad",
	 VRF("{'name': 'red', 'rd': '65000:1', 'label_mode': 'per-prefix'}"),
	 "vrfs[0].label_mode: \"per-prefix\" must be \"per-vrf\" or "
	 "\"per-nexthop\""},
	{"vrfs: label_mode not string",
	 VRF("{'name': 'red', 'rd': '65000:1', 'label_mode': 1}"),
	 "vrfs[0].label_mode: must be a string"},
	{"vrfs: ttl_mode bad",
	 VRF("{'name': 'red', 'rd': '65000:1', 'ttl_mode': 'Pipe'}"),
	 "vrfs[0].ttl_mode: \"Pipe\" must be \"uniform\" or \"pipe\""},
	{"vrfs: routes not array",
	 VRF("{'name': 'red', 'rd': '65000:1', 'routes': {}}"),
	 "vrfs[0].routes: must be an array"},
	/* vrfs[].routes */
	{"routes: element not object", ROUTE("'10.0.0.0/8'"),
	 "vrfs[0].routes[0]: must be an object"},
	{"routes: unknown key",
	 ROUTE("{'prefix': '10.0.0.0/8', 'via': '10.0.0.2', 'metric': 1}"),
	 "vrfs[0].routes[0].metric: unknown key"},
	{"routes: prefix missing", ROUTE("{'via': '10.0.0.2'}"),
	 "vrfs[0].routes[0].prefix: required"},
	{"routes: prefix not string",
	 ROUTE("{'prefix': 10, 'via': '10.0.0.2'}"),
	 "vrfs[0].routes[0].prefix: must be a prefix string"},
	{"routes: prefix without length",
	 ROUTE("{'prefix': '10.0.0.0', 'via': '10.0.0.2'}"),
	 "vrfs[0].routes[0].prefix: \"10.0.0.0\" is not a prefix "
	 "(A.B.C.D/N or X:X::X/N)"},
	{"routes: prefix bad address",
	 ROUTE("{'prefix': '10.0.0/8', 'via': '10.0.0.2'}"),
	 "vrfs[0].routes[0].prefix: \"10.0.0/8\" is not a prefix"},
	{"routes: prefix empty length",
	 ROUTE("{'prefix': '10.0.0.0/', 'via': '10.0.0.2'}"),
	 "vrfs[0].routes[0].prefix: \"10.0.0.0/\" is not a prefix"},
	{"routes: prefix negative length",
	 ROUTE("{'prefix': '10.0.0.0/-8', 'via': '10.0.0.2'}"),
	 "vrfs[0].routes[0].prefix: \"10.0.0.0/-8\" is not a prefix"},
	{"routes: prefix length garbage",
	 ROUTE("{'prefix': '10.0.0.0/8x', 'via': '10.0.0.2'}"),
	 "vrfs[0].routes[0].prefix: \"10.0.0.0/8x\" is not a prefix"},
	{"routes: prefix IPv4 length 33",
	 ROUTE("{'prefix': '10.0.0.0/33', 'via': '10.0.0.2'}"),
	 "vrfs[0].routes[0].prefix: \"10.0.0.0/33\": prefix length 33 is out "
	 "of range, must be 0..32"},
	{"routes: prefix IPv6 length 129",
	 ROUTE("{'prefix': '2001:db8::/129', 'via': 'fe80::1'}"),
	 "vrfs[0].routes[0].prefix: \"2001:db8::/129\": prefix length 129 is "
	 "out of range, must be 0..128"},
	{"routes: prefix huge length",
	 ROUTE("{'prefix': '10.0.0.0/99999999999999999999999', 'via': "
	       "'10.0.0.2'}"),
	 "vrfs[0].routes[0].prefix: \"10.0.0.0/99999999999999999999999\": "
	 "prefix length"},
	{"routes: IPv4 host bits",
	 ROUTE("{'prefix': '192.168.1.1/24', 'via': '10.0.0.2'}"),
	 "vrfs[0].routes[0].prefix: \"192.168.1.1/24\": host bits must be "
	 "zero (the network is 192.168.1.0/24)"},
	{"routes: IPv4 host bits in a partial byte",
	 ROUTE("{'prefix': '10.0.0.64/25', 'via': '10.0.0.2'}"),
	 "\"10.0.0.64/25\": host bits must be zero (the network is "
	 "10.0.0.0/25)"},
	{"routes: IPv4 default with host bits",
	 ROUTE("{'prefix': '128.0.0.0/0', 'via': '10.0.0.2'}"),
	 "host bits must be zero (the network is 0.0.0.0/0)"},
	{"routes: IPv6 host bits",
	 ROUTE("{'prefix': '2001:db8::1/64', 'via': 'fe80::1'}"),
	 "vrfs[0].routes[0].prefix: \"2001:db8::1/64\": host bits must be "
	 "zero (the network is 2001:db8::/64)"},
	{"routes: duplicate prefix",
	 ROUTE("{'prefix': '2001:db8::/32', 'via': 'fe80::1'}, "
	       "{'prefix': '2001:0db8:0::/32', 'pe': '10.0.0.3', 'label': 16}"),
	 "vrfs[0].routes[1].prefix: duplicate prefix 2001:db8::/32 (also "
	 "routes[0])"},
	{"routes: neither via nor pe", ROUTE("{'prefix': '10.0.0.0/8'}"),
	 "vrfs[0].routes[0]: needs \"via\" (a CE next hop) or \"pe\" (a "
	 "remote PE)"},
	{"routes: via and pe",
	 ROUTE("{'prefix': '10.0.0.0/8', 'via': '10.0.0.2', 'pe': "
	       "'10.0.0.3', 'label': 16}"),
	 "vrfs[0].routes[0].pe: not allowed with \"via\""},
	{"routes: IPv6 via for IPv4 prefix",
	 ROUTE("{'prefix': '10.0.0.0/8', 'via': 'fe80::1'}"),
	 "vrfs[0].routes[0].via: \"fe80::1\" is not an IPv4 address"},
	{"routes: IPv4 via for IPv6 prefix",
	 ROUTE("{'prefix': '2001:db8::/32', 'via': '10.0.0.2'}"),
	 "vrfs[0].routes[0].via: \"10.0.0.2\" is not an IPv6 address"},
	{"routes: bad pe",
	 ROUTE("{'prefix': '10.0.0.0/8', 'pe': 'pe3', 'label': 16}"),
	 "vrfs[0].routes[0].pe: \"pe3\" is not an IPv4 or IPv6 address"},
	{"routes: pe without label",
	 ROUTE("{'prefix': '10.0.0.0/8', 'pe': '10.0.0.3'}"),
	 "vrfs[0].routes[0].label: required with \"pe\""},
	{"routes: label without pe",
	 ROUTE("{'prefix': '10.0.0.0/8', 'via': '10.0.0.2', 'label': 16}"),
	 "vrfs[0].routes[0].label: only routes with \"pe\" take a label"},
	{"routes: label implicit null",
	 ROUTE("{'prefix': '10.0.0.0/8', 'pe': '10.0.0.3', 'label': 3}"),
	 "vrfs[0].routes[0].label: 3 is a reserved label (0-15)"},
	{"routes: label explicit null",
	 ROUTE("{'prefix': '10.0.0.0/8', 'pe': '10.0.0.3', 'label': 0}"),
	 "vrfs[0].routes[0].label: 0 is a reserved label (0-15)"},
	{"routes: label too big",
	 ROUTE("{'prefix': '10.0.0.0/8', 'pe': '10.0.0.3', 'label': 1048576}"),
	 "vrfs[0].routes[0].label: 1048576 is out of range"},
	{"routes: error in a later VRF",
	 VRF("{'name': 'red', 'rd': '65000:1', 'import': ['65000:1'], "
	     "'export': ['65000:1'], 'routes': [{'prefix': '10.0.0.0/8', "
	     "'via': '10.0.0.2'}]}, {'name': 'blue', 'rd': '65000:2', "
	     "'import': ['65000:2'], 'routes': [{'prefix': '10.0.0.0/8', "
	     "'via': '10.0.0.2'}, {'prefix': '10.0.0.0/8', 'via': "
	     "'10.0.0.3'}]}"),
	 "vrfs[1].routes[1].prefix: duplicate prefix 10.0.0.0/8 (also "
	 "routes[0])"},
};

/* The PE-CE options of a per-VRF neighbour (RFC 4364 sec. 7). */
static void test_bgp_ce_options(void)
{
	static const uint8_t soo[8] = {0, 3, 0xfd, 0xe9, 0, 0, 0, 7};
	char err[MPLSX_CONFIG_ERRLEN];
	struct mplsx_config *cfg = NULL;
	const struct cfg_bgp_neighbor *nb;

	CHECK(parse(WITH("'vrfs': [{'name': 'red', 'rd': '65000:1'}], 'bgp': "
			 "{'asn': 65000, 'neighbors': [{'address': "
			 "'127.0.0.1', 'asn': 65000, 'port': 1791, 'vrf': "
			 "'red', 'as_override': true, 'allowas_in': 2, "
			 "'soo': '65001:7', 'ce_asn': 65001}, {'address': "
			 "'127.0.0.1', 'asn': 65000}]}"),
		    &cfg, err) == 0,
	      "error: %s", err);
	if (!cfg || cfg->bgp.n_neighbors != 2)
		return;
	nb = &cfg->bgp.neighbors[0];
	CHECK(nb->as_override && nb->allowas_in == 2 && nb->ce_asn == 65001,
	      "options %d %u %u", nb->as_override, nb->allowas_in, nb->ce_asn);
	CHECK(nb->has_soo && !memcmp(nb->soo, soo, 8), "soo wire form");
	nb = &cfg->bgp.neighbors[1];
	CHECK(!nb->as_override && !nb->allowas_in && !nb->has_soo &&
		      !nb->ce_asn,
	      "defaults");
	mplsx_config__free(cfg);
}

static void test_bgp_config(void)
{
	char err[MPLSX_CONFIG_ERRLEN];
	struct mplsx_config *cfg = NULL;
	const struct cfg_bgp *b;

	CHECK(parse(WITH("'bgp': {'asn': 4200000000, 'neighbors': ["
			 "{'address': '127.0.0.1', 'asn': 65000}, "
			 "{'address': '127.0.0.1', 'asn': 65001, 'port': "
			 "1791}, "
			 "{'address': '::1', 'asn': 65000}]}"),
		    &cfg, err) == 0,
	      "error: %s", err);
	if (!cfg)
		return;
	b = &cfg->bgp;
	CHECK(b->enabled && b->asn == 4200000000u, "asn %u", b->asn);
	CHECK(addr_is(&b->listen, "127.0.0.2"), "listen default");
	CHECK(b->port == 1790 && b->hold_time == 90 &&
		      b->graceful_restart == 120,
	      "defaults %u %u %u", b->port, b->hold_time, b->graceful_restart);
	CHECK(b->n_neighbors == 3, "%zu neighbors", b->n_neighbors);
	if (b->n_neighbors == 3) {
		CHECK(addr_is(&b->neighbors[0].address, "127.0.0.1") &&
			      b->neighbors[0].asn == 65000 &&
			      b->neighbors[0].port == 1790,
		      "neighbor 0");
		CHECK(b->neighbors[1].port == 1791 &&
			      b->neighbors[1].asn == 65001,
		      "neighbor 1 port");
		CHECK(addr_is(&b->neighbors[2].address, "::1"), "neighbor 2");
	}
	mplsx_config__free(cfg);

	cfg = NULL;
	CHECK(parse(WITH("'bgp': {'asn': 65000, 'listen': '::1', 'port': 179, "
			 "'hold_time': 0, 'graceful_restart': 0}"),
		    &cfg, err) == 0,
	      "error: %s", err);
	if (!cfg)
		return;
	b = &cfg->bgp;
	CHECK(addr_is(&b->listen, "::1") && b->port == 179 &&
		      b->hold_time == 0 && b->graceful_restart == 0 &&
		      b->n_neighbors == 0,
	      "explicit values");
	mplsx_config__free(cfg);

	/* PE-CE: one session per VRF, each on a port of its own. */
	cfg = NULL;
	CHECK(parse(WITH("'vrfs': [{'name': 'red', 'rd': '65000:1'}, {'name': "
			 "'blue', 'rd': '65000:2'}], 'bgp': {'asn': 65000, "
			 "'neighbors': [{'address': '127.0.0.1', 'asn': "
			 "65000}, "
			 "{'address': '127.0.0.1', 'asn': 65000, 'vrf': 'red', "
			 "'port': 1791}, {'address': '127.0.0.1', 'asn': "
			 "65000, "
			 "'vrf': 'blue', 'port': 1792}]}"),
		    &cfg, err) == 0,
	      "error: %s", err);
	if (cfg && cfg->bgp.n_neighbors == 3) {
		b = &cfg->bgp;
		CHECK(!b->neighbors[0].vrf[0], "VPN session has no vrf");
		CHECK(!strcmp(b->neighbors[1].vrf, "red") &&
			      b->neighbors[1].port == 1791,
		      "red session");
		CHECK(!strcmp(b->neighbors[2].vrf, "blue") &&
			      b->neighbors[2].port == 1792,
		      "blue session");
	} else {
		CHECK(0, "per-VRF neighbors not parsed");
	}
	mplsx_config__free(cfg);

	cfg = NULL;
	CHECK(parse(OK_PREFIX "}", &cfg, err) == 0, "error: %s", err);
	if (cfg)
		CHECK(!cfg->bgp.enabled, "no bgp key: not enabled");
	mplsx_config__free(cfg);
}

/* "icmp": defaults like Linux (1000/s, burst 50), the bucket's numbers. */
static void test_icmp_config(void)
{
	struct mplsx_config *cfg = NULL;
	char err[MPLSX_CONFIG_ERRLEN];
	struct icmp_conf c;

	CHECK(parse(OK_PREFIX "}", &cfg, err) == 0, "error: %s", err);
	if (cfg) {
		CHECK(cfg->icmp.enabled && cfg->icmp.rate == 1000 &&
			      cfg->icmp.burst == 50,
		      "defaults");
		icmp__conf(&cfg->icmp, &c);
		CHECK(c.flags == MPLSX_ICMP_F_ENABLED && c.cost_ns == 1000000 &&
			      c.burst_ns == 50000000,
		      "bucket %llu/%llu", (unsigned long long)c.cost_ns,
		      (unsigned long long)c.burst_ns);
	}
	mplsx_config__free(cfg);
	cfg = NULL;
	CHECK(parse(WITH("'icmp': {'rate': 0, 'burst': 7}"), &cfg, err) == 0,
	      "error: %s", err);
	if (cfg) {
		icmp__conf(&cfg->icmp, &c);
		CHECK(c.flags == MPLSX_ICMP_F_ENABLED && !c.cost_ns,
		      "rate 0: no limit");
	}
	mplsx_config__free(cfg);
	cfg = NULL;
	CHECK(parse(WITH("'icmp': {'enabled': false}"), &cfg, err) == 0,
	      "error: %s", err);
	if (cfg) {
		icmp__conf(&cfg->icmp, &c);
		CHECK(!c.flags, "disabled");
	}
	mplsx_config__free(cfg);
}

/* "fib": the chunk pools, defaults and values. */
static void test_fib_config(void)
{
	struct mplsx_config *cfg = NULL;
	char err[MPLSX_CONFIG_ERRLEN];

	CHECK(parse(OK_PREFIX "}", &cfg, err) == 0, "error: %s", err);
	if (cfg)
		CHECK(cfg->fib.chunks_v4 == MPLSX_FIB4_CHUNKS &&
			      cfg->fib.chunks_v6 == MPLSX_FIB6_CHUNKS &&
			      cfg->fib.direct_v4 == MPLSX_FIB4_DIRECT,
		      "defaults %u %u %u", cfg->fib.chunks_v4,
		      cfg->fib.chunks_v6, cfg->fib.direct_v4);
	mplsx_config__free(cfg);
	cfg = NULL;
	CHECK(parse(WITH("'fib': {'chunks_v6': 16}"), &cfg, err) == 0,
	      "error: %s", err);
	if (cfg)
		CHECK(cfg->fib.chunks_v4 == MPLSX_FIB4_CHUNKS &&
			      cfg->fib.chunks_v6 == 16,
		      "chunks_v6 alone: %u %u", cfg->fib.chunks_v4,
		      cfg->fib.chunks_v6);
	mplsx_config__free(cfg);
}

static void test_bad(const void *arg)
{
	const struct bad *b = arg;
	struct mplsx_config *sentinel = (struct mplsx_config *)&sentinel;
	struct mplsx_config *cfg = sentinel;
	char err[MPLSX_CONFIG_ERRLEN];

	CHECK(parse(b->json, &cfg, err) == -EINVAL, "accepted: %s", b->json);
	CHECK(cfg == sentinel, "*out was touched");
	CHECK(strstr(err, b->expect) != NULL, "got \"%s\", want \"%s\"", err,
	      b->expect);
	if (cfg != sentinel)
		mplsx_config__free(cfg);
}

/* A short or absent error buffer is never overrun. */
/* Via lists: labels, LSPs (weights, entropy) and VRF routes. */
static void test_via_lists(void)
{
	struct mplsx_config *cfg = NULL;
	char err[MPLSX_CONFIG_ERRLEN];
	int r;

	r = parse(WITH("'labels': [{'in': 16002, 'out': [16002], 'via': "
		       "['10.0.0.2', '10.0.1.2']}], 'lsps': [{'to': "
		       "'10.0.0.9', 'push': [16009], 'entropy': true, 'via': "
		       "['10.0.0.2', {'address': '10.0.1.2', 'weight': 3}]}, "
		       "{'to': '10.0.0.8', 'via': '10.0.0.2'}], 'vrfs': "
		       "[{'name': 'red', 'rd': '65000:1', 'routes': "
		       "[{'prefix': '10.9.0.0/16', 'via': ['10.0.0.5', "
		       "'10.0.0.6']}]}]"),
		  &cfg, err);
	CHECK(r == 0, "%s", err);
	if (r)
		return;
	CHECK(cfg->labels[0].vias.n == 2 &&
	      addr_is(&cfg->labels[0].vias.v[1].addr, "10.0.1.2") &&
	      addr_is(&cfg->labels[0].via, "10.0.0.2") &&
	      cfg->labels[0].vias.v[0].weight == 1);
	CHECK(cfg->lsps[0].vias.n == 2 && cfg->lsps[0].vias.v[1].weight == 3 &&
	      cfg->lsps[0].entropy);
	CHECK(cfg->lsps[1].vias.n == 1 && !cfg->lsps[1].entropy &&
	      addr_is(&cfg->lsps[1].via, "10.0.0.2"));
	CHECK(cfg->vrfs[0].routes[0].vias.n == 2 &&
	      addr_is(&cfg->vrfs[0].routes[0].vias.v[1].addr, "10.0.0.6"));
	mplsx_config__free(cfg);
}

static void test_small_errbuf(void)
{
	struct mplsx_config *cfg = NULL;
	char err[8];
	char *json = q("{'router_id': '10.0.0'}");

	memset(err, 'x', sizeof(err));
	CHECK(mplsx_config__parse(json, &cfg, err, sizeof(err)) == -EINVAL);
	CHECK(!strcmp(err, "router_"), "got \"%s\"", err);
	CHECK(mplsx_config__parse(json, &cfg, NULL, 0) == -EINVAL);
	CHECK(cfg == NULL);
	free(json);
}

/* HEAD, N copies of ITEM (a format given the copy's index twice) less the
 * last comma, and TAIL; single quotes as written. */
static char *repeat(const char *head, const char *item, size_t n,
		    const char *tail)
{
	char *json = malloc(strlen(head) + n * (strlen(item) + 40) +
			    strlen(tail) + 1),
	     *p = json;

	if (!json)
		abort();
	p += sprintf(p, "%s", head);
	for (size_t i = 0; i < n; i++)
		p += sprintf(p, item, i, i);
	strcpy(p - 1, tail); /* over the last comma */
	return json;
}

/* More interfaces than the data plane has ports. */
static void test_too_many_interfaces(void)
{
	struct mplsx_config *cfg = NULL;
	char err[MPLSX_CONFIG_ERRLEN];
	char *json = repeat("{'router_id': '10.0.0.1', 'interfaces': [",
			    "{'name': 'lo', 'mpls': true},",
			    MPLSX_MAX_PORTS + 1, "]}");

	CHECK(parse(json, &cfg, err) == -EINVAL);
	CHECK(cfg == NULL);
	CHECK(strstr(err, "interfaces: 257 entries, at most 256"), "got \"%s\"",
	      err);
	free(json);
}

/* VRF ids are 1..4095. */
static void test_vrf_limit(void)
{
	static const char head[] =
		"{'router_id': '10.0.0.1', 'interfaces': "
		"[{'name': 'lo', 'vrf': 'v4094'}], 'vrfs': [";
	static const char item[] = "{'name': 'v%zu', 'rd': '65000:%zu'},";
	struct mplsx_config *cfg = NULL;
	char err[MPLSX_CONFIG_ERRLEN];
	char *json = repeat(head, item, MPLSX_MAX_VRFS - 1, "]}");

	CHECK(parse(json, &cfg, err) == 0, "error: %s", err);
	CHECK(cfg && cfg->n_vrfs == MPLSX_MAX_VRFS - 1);
	CHECK(cfg && mplsx_config__vrf(cfg, "v4094") == &cfg->vrfs[4094]);
	mplsx_config__free(cfg);
	free(json);

	cfg = NULL;
	json = repeat(head, item, MPLSX_MAX_VRFS, "]}");
	CHECK(parse(json, &cfg, err) == -EINVAL);
	CHECK(cfg == NULL);
	CHECK(strstr(err, "vrfs: 4096 entries, at most 4095"), "got \"%s\"",
	      err);
	free(json);
}

/* ---- files -------------------------------------------------------------- */

static void test_load_missing(void)
{
	char err[MPLSX_CONFIG_ERRLEN];
	struct mplsx_config *cfg = NULL;

	CHECK(mplsx_config__load("/nonexistent/mplsx.json", &cfg, err,
				 sizeof(err)) < 0);
	CHECK(cfg == NULL);
	CHECK(!strcmp(err,
		      "/nonexistent/mplsx.json: No such file or directory"),
	      "got \"%s\"", err);
	CHECK(mplsx_config__load("/", &cfg, err, sizeof(err)) < 0);
	CHECK(!strcmp(err, "/: Is a directory"), "got \"%s\"", err);
}

static int write_temp(char *path, const char *text)
{
	char *json = q(text);
	int fd = mkstemp(path), ok;

	if (fd < 0) {
		free(json);
		return -1;
	}
	ok = write(fd, json, strlen(json)) == (ssize_t)strlen(json);
	close(fd);
	free(json);
	return ok ? 0 : -1;
}

static void test_load_file(void)
{
	char path[] = "/tmp/mplsx-test-config-XXXXXX";
	char err[MPLSX_CONFIG_ERRLEN] = "";
	struct mplsx_config *cfg = NULL;

	CHECK(write_temp(path, full_config) == 0, "temp file: %s",
	      strerror(errno));
	CHECK(mplsx_config__load(path, &cfg, err, sizeof(err)) == 0,
	      "error: %s", err);
	CHECK(cfg && cfg->n_labels == 4 && cfg->n_lsps == 3);
	CHECK(cfg && mplsx_config__interface(cfg, "lo") != NULL);
	mplsx_config__free(cfg);
	unlink(path);
}

static void test_load_bad_file(void)
{
	char path[] = "/tmp/mplsx-test-config-XXXXXX";
	char err[MPLSX_CONFIG_ERRLEN] = "";
	struct mplsx_config *cfg = NULL;

	CHECK(write_temp(path,
			 "{\n  'router_id': '10.0.0.1',\n\n  'labels': [\n"
			 "    {'in': 16002,}\n  ]\n}\n") == 0);
	CHECK(mplsx_config__load(path, &cfg, err, sizeof(err)) == -EINVAL);
	CHECK(cfg == NULL);
	CHECK(!strcmp(err, "json: parse error near line 5"), "got \"%s\"", err);
	unlink(path);
}

int main(void)
{
	tl_plan(17 + sizeof(bad_configs) / sizeof(bad_configs[0]));
	RUN(test_full_config);
	RUN(test_defaults);
	RUN(test_absent_interface);
	RUN(test_label_range_edges);
	RUN(test_l3vpn_config);
	RUN(test_pw_config);
	RUN(test_bgp_config);
	RUN(test_bgp_ce_options);
	RUN(test_icmp_config);
	RUN(test_fib_config);
	for (size_t i = 0; i < sizeof(bad_configs) / sizeof(bad_configs[0]);
	     i++)
		tl_run(bad_configs[i].desc, test_bad, &bad_configs[i]);
	RUN(test_via_lists);
	RUN(test_small_errbuf);
	RUN(test_too_many_interfaces);
	RUN(test_vrf_limit);
	RUN(test_load_missing);
	RUN(test_load_file);
	RUN(test_load_bad_file);
	return tl_summary();
}
