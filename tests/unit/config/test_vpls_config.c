// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * test_vpls_config.c - the `vpls[]` key and VPLS interfaces: a valid
 * config field by field, the defaults, and a table of bad ones, each
 * refused with a message naming the key.  JSON uses single quotes; q()
 * makes them double.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "testlib.h"

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

static const char good[] =
	"{'router_id': '10.255.0.1',\n"
	" 'labels': [{'in': 16001}],\n"
	" 'pseudowires': [{'name': 'pw1', 'peer': '10.255.0.9',\n"
	"   'local_label': 5001, 'remote_label': 5002}],\n"
	" 'vpls': [\n"
	"   {'name': 'cust-a', 'peers': [\n"
	"     {'pe': '10.255.0.2', 'local_label': 7002, 'remote_label': "
	"7101},\n"
	"     {'pe': '10.255.0.3', 'local_label': 7003, 'remote_label': "
	"7101}]},\n"
	"   {'name': 'b', 'control_word': false, 'mac_age': 5,\n"
	"    'mac_limit': 2}],\n"
	" 'interfaces': [\n"
	"   {'name': 'lo', 'vlan': 10, 'vpls': 'cust-a'},\n"
	"   {'name': 'lo', 'vlan': 11, 'vpls': 'cust-a'},\n"
	"   {'name': 'lo', 'vlan': 12, 'vpls': 'b'},\n"
	"   {'name': 'lo', 'vlan': 13, 'pseudowire': 'pw1'}]}";

static void test_good(void)
{
	struct mplsx_config *cfg = NULL;
	char err[MPLSX_CONFIG_ERRLEN];
	const struct cfg_vpls *a, *b;

	CHECK(parse(good, &cfg, err) == 0, "error: %s", err);
	if (!cfg)
		return;
	CHECK(cfg->n_vpls == 2, "n_vpls %zu", cfg->n_vpls);
	a = mplsx_config__vpls(cfg, "cust-a");
	b = mplsx_config__vpls(cfg, "b");
	CHECK(a && b && !mplsx_config__vpls(cfg, "c"), "lookups");
	if (!a || !b)
		goto out;
	CHECK(a->control_word && a->mac_age == 300 && a->mac_limit == 4096,
	      "defaults: cw %d age %u limit %u", a->control_word, a->mac_age,
	      a->mac_limit);
	CHECK(a->n_peers == 2 && addr_is(&a->peers[0].pe, "10.255.0.2") &&
		      a->peers[0].local_label == 7002 &&
		      a->peers[0].remote_label == 7101 &&
		      addr_is(&a->peers[1].pe, "10.255.0.3") &&
		      a->peers[1].local_label == 7003,
	      "peers");
	CHECK(!b->control_word && b->mac_age == 5 && b->mac_limit == 2 &&
		      b->n_peers == 0,
	      "b");
	CHECK(!strcmp(cfg->interfaces[0].vpls, "cust-a") &&
		      cfg->interfaces[0].vlan == 10 &&
		      !strcmp(cfg->interfaces[2].vpls, "b") &&
		      !cfg->interfaces[3].vpls[0],
	      "interfaces");
out:
	mplsx_config__free(cfg);
}

struct bad {
	const char *desc, *json, *expect;
};

#define CFG(vpls, ifs)                                                      \
	"{'router_id': '10.255.0.1', 'labels': [{'in': 16001}], "           \
	"'vrfs': [{'name': 'red', 'rd': '65000:1', 'import': ['65000:1'], " \
	"'export': ['65000:1'], 'label': 17}], "                            \
	"'pseudowires': [{'name': 'pw1', 'peer': '10.255.0.9', "            \
	"'local_label': 5001, 'remote_label': 5002}], "                     \
	"'vpls': [" vpls "], 'interfaces': [{'name': 'lo', 'vlan': 99, "    \
	"'pseudowire': 'pw1'}, " ifs "]}"
#define ONE(body)                                                          \
	CFG("{'name': 'v1'" body "}", "{'name': 'lo', 'vlan': 1, 'vpls': " \
				      "'v1'}")
#define PEER(body) ONE(", 'peers': [" body "]")

static const struct bad bad[] = {
	{"not an array", CFG("", "") "x", "json"},
	{"vpls not array",
	 "{'router_id': '10.255.0.1', 'vpls': {}, 'interfaces': [{'name': "
	 "'lo', 'mpls': true}]}",
	 "vpls: must be an array"},
	{"no name", CFG("{}", "{'name': 'lo', 'mpls': true}"),
	 "vpls[0].name: required"},
	{"bad name", CFG("{'name': 'a b'}", "{'name': 'lo', 'mpls': true}"),
	 "vpls[0].name: \"a b\" may contain only"},
	{"duplicate name",
	 CFG("{'name': 'v1'}, {'name': 'v1'}",
	     "{'name': 'lo', 'vlan': 1, 'vpls': 'v1'}"),
	 "vpls[1].name: duplicate VPLS \"v1\" (also vpls[0])"},
	{"unknown key", ONE(", 'mtu': 1500"), "vpls[0].mtu: unknown key"},
	{"control_word not bool", ONE(", 'control_word': 1"),
	 "vpls[0].control_word: must be true or false"},
	{"mac_age 0", ONE(", 'mac_age': 0"), "vpls[0].mac_age:"},
	{"mac_limit too big", ONE(", 'mac_limit': 65537"),
	 "vpls[0].mac_limit:"},
	{"peers not array", ONE(", 'peers': {}"),
	 "vpls[0].peers: must be an array"},
	{"peer without pe", PEER("{'local_label': 7000, 'remote_label': 7000}"),
	 "vpls[0].peers[0].pe: required"},
	{"peer is us",
	 PEER("{'pe': '10.255.0.1', 'local_label': 7000, 'remote_label': 1}"),
	 "vpls[0].peers[0].pe: is this router's router_id"},
	{"peer twice",
	 PEER("{'pe': '10.255.0.2', 'local_label': 7000, 'remote_label': 16}, "
	      "{'pe': '10.255.0.2', 'local_label': 7001, 'remote_label': 16}"),
	 "vpls[0].peers[1].pe: duplicate PE (also peers[0])"},
	{"local label reserved",
	 PEER("{'pe': '10.255.0.2', 'local_label': 3, 'remote_label': 16}"),
	 "vpls[0].peers[0].local_label:"},
	{"local label in label_range",
	 PEER("{'pe': '10.255.0.2', 'local_label': 100000, "
	      "'remote_label': 16}"),
	 "vpls[0].peers[0].local_label: 100000 is inside label_range"},
	{"local label = labels[].in",
	 PEER("{'pe': '10.255.0.2', 'local_label': 16001, "
	      "'remote_label': 16}"),
	 "vpls[0].peers[0].local_label: duplicate label 16001 (also "
	 "labels[0])"},
	{"local label = VRF label",
	 PEER("{'pe': '10.255.0.2', 'local_label': 17, 'remote_label': 16}"),
	 "vpls[0].peers[0].local_label: duplicate label 17 (also vrfs[0]"},
	{"local label = pseudowire's",
	 PEER("{'pe': '10.255.0.2', 'local_label': 5001, "
	      "'remote_label': 16}"),
	 "vpls[0].peers[0].local_label: duplicate label 5001 (also "
	 "pseudowires[0]"},
	{"local label twice in one instance",
	 PEER("{'pe': '10.255.0.2', 'local_label': 7000, 'remote_label': 16}, "
	      "{'pe': '10.255.0.3', 'local_label': 7000, 'remote_label': 16}"),
	 "vpls[0].peers[1].local_label: duplicate label 7000 (also "
	 "peers[0])"},
	{"local label in two instances",
	 CFG("{'name': 'v1', 'peers': [{'pe': '10.255.0.2', 'local_label': "
	     "7000, 'remote_label': 16}]}, {'name': 'v2', 'peers': [{'pe': "
	     "'10.255.0.2', 'local_label': 7000, 'remote_label': 16}]}",
	     "{'name': 'lo', 'vlan': 1, 'vpls': 'v1'}, {'name': 'lo', "
	     "'vlan': 2, 'vpls': 'v2'}"),
	 "vpls[1].peers[0].local_label: duplicate label 7000 (also "
	 "vpls[0].peers[0])"},
	{"remote label reserved",
	 PEER("{'pe': '10.255.0.2', 'local_label': 7000, 'remote_label': 3}"),
	 "vpls[0].peers[0].remote_label:"},
	{"peer unknown key",
	 PEER("{'pe': '10.255.0.2', 'local_label': 7000, 'remote_label': 16, "
	      "'cw': true}"),
	 "vpls[0].peers[0].cw: unknown key"},
	{"instance without AC",
	 CFG("{'name': 'v1'}", "{'name': 'lo', 'vlan': 2, 'vrf': 'red'}"),
	 "vpls[0]: \"v1\" has no interface"},
	{"interface: no such vpls",
	 CFG("{'name': 'v1'}", "{'name': 'lo', 'vlan': 1, 'vpls': 'v1'}, "
			       "{'name': 'lo', 'vlan': 2, 'vpls': 'v9'}"),
	 "interfaces[2].vpls: no VPLS instance named \"v9\""},
	{"interface: vpls and mpls",
	 CFG("{'name': 'v1'}", "{'name': 'lo', 'mpls': true, 'vpls': 'v1'}"),
	 "interfaces[1].vpls: not allowed with \"mpls\": true"},
	{"interface: vpls and pseudowire",
	 "{'router_id': '10.255.0.1', 'pseudowires': [{'name': 'pw1', "
	 "'peer': '10.255.0.9', 'local_label': 5001, 'remote_label': 5002}], "
	 "'vpls': [{'name': 'v1'}], 'interfaces': [{'name': 'lo', 'vlan': 1, "
	 "'vpls': 'v1', 'pseudowire': 'pw1'}]}",
	 "interfaces[0].vpls: not allowed with \"pseudowire\""},
	{"interface: vpls and vrf",
	 CFG("{'name': 'v1'}",
	     "{'name': 'lo', 'vlan': 1, 'vpls': 'v1', 'vrf': 'red'}"),
	 "interfaces[1].vrf: not allowed with \"vpls\""},
	{"interface in two services",
	 CFG("{'name': 'v1'}", "{'name': 'lo', 'vlan': 1, 'vpls': 'v1'}, "
			       "{'name': 'lo', 'vlan': 1, 'vrf': 'red'}"),
	 "interfaces[2].name: duplicate interface \"lo\" VLAN 1"},
	{"interface vpls not string",
	 CFG("{'name': 'v1'}", "{'name': 'lo', 'vlan': 1, 'vpls': 1}"),
	 "interfaces[1].vpls: must be a string"},
};

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
}

/* Instance ACs + peers are bounded by the flood list's size. */
static void test_too_many_members(void)
{
	char json[8192];
	size_t n = 0;
	int i;
	struct mplsx_config *cfg = NULL;
	char err[MPLSX_CONFIG_ERRLEN];

	n += (size_t)snprintf(json + n, sizeof(json) - n,
			      "{'router_id': '10.255.0.1', 'vpls': [{'name': "
			      "'v', 'peers': [");
	for (i = 0; i < 30; i++)
		n += (size_t)snprintf(json + n, sizeof(json) - n,
				      "%s{'pe': '10.0.0.%d', 'local_label': "
				      "%d, 'remote_label': 16}",
				      i ? ", " : "", i + 1, 7000 + i);
	n += (size_t)snprintf(json + n, sizeof(json) - n,
			      "]}], 'interfaces': [{'name': 'lo', 'vlan': 1, "
			      "'vpls': 'v'}, {'name': 'lo', 'vlan': 2, "
			      "'vpls': 'v'}]}");
	CHECK(parse(json, &cfg, err) == 0, "31 peers + 2 ACs... %s", err);
	mplsx_config__free(cfg);
	cfg = NULL;
	snprintf(json + n - 2, sizeof(json) - n + 2,
		 ", {'name': 'lo', 'vlan': 3, 'vpls': 'v'}]}");
	CHECK(parse(json, &cfg, err) == -EINVAL &&
		      strstr(err, "interfaces[2].vpls: VPLS \"v\" has 30 "
				  "peers and 3 attachment circuits"),
	      "got %s", err);
	if (cfg)
		mplsx_config__free(cfg);
}

int main(void)
{
	tl_plan(2 + sizeof(bad) / sizeof(bad[0]));
	RUN(test_good);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		tl_run(bad[i].desc, test_bad, &bad[i]);
	RUN(test_too_many_members);
	return tl_summary();
}
