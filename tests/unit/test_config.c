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

#include "config.h"
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
	mplsx_config__free(cfg);
	mplsx_config__free(NULL);
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
	/* top level keys */
	{"top: unknown key", WITH("'colour': 'red'"), "colour: unknown key"},
	{"top: duplicate key", WITH("'router_id': '10.0.0.2'"),
	 "router_id: duplicate key"},
	{"top: vrfs non-empty", WITH("'vrfs': [{'name': 'red'}]"),
	 "vrfs: not supported by this version"},
	{"top: vrfs not array", WITH("'vrfs': {}"), "vrfs: must be an array"},
	{"top: pseudowires non-empty", WITH("'pseudowires': [{}]"),
	 "pseudowires: not supported by this version"},
	{"top: bgp present", WITH("'bgp': {}"),
	 "bgp: not supported by this version"},
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
	{"interfaces: unknown interface",
	 IFACE("{'name': 'lo', 'mpls': true}, {'name': 'nosuch9', 'mpls': "
	       "true}"),
	 "interfaces[1].name: no such interface \"nosuch9\""},
	{"interfaces: duplicate",
	 IFACE("{'name': 'lo', 'mpls': true}, {'name': 'lo', 'mpls': true}"),
	 "interfaces[1].name: duplicate interface \"lo\""},
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
	 "interfaces[0].mpls: must be true (this version"},
	{"interfaces: mpls missing", IFACE("{'name': 'lo'}"),
	 "interfaces[0].mpls: required"},
	{"interfaces: vrf", IFACE("{'name': 'lo', 'vrf': 'red'}"),
	 "interfaces[0].vrf: not supported by this version"},
	{"interfaces: vlan", IFACE("{'name': 'lo', 'mpls': true, 'vlan': 100}"),
	 "interfaces[0].vlan: not supported by this version"},
	{"interfaces: pseudowire", IFACE("{'name': 'lo', 'pseudowire': 'pw1'}"),
	 "interfaces[0].pseudowire: not supported by this version"},
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
	if (cfg != sentinel)
		mplsx_config__free(cfg);
}

/* A short or absent error buffer is never overrun. */
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

/* More interfaces than the data plane has ports. */
static void test_too_many_interfaces(void)
{
	static const char head[] = "{'router_id': '10.0.0.1', 'interfaces': [";
	static const char item[] = "{'name': 'lo', 'mpls': true},";
	size_t n = MPLSX_MAX_PORTS + 1, len = sizeof(head) + n * sizeof(item);
	struct mplsx_config *cfg = NULL;
	char err[MPLSX_CONFIG_ERRLEN];
	char *json = malloc(len + 4), *p = json;

	p += sprintf(p, "%s", head);
	for (size_t i = 0; i < n; i++)
		p += sprintf(p, "%s", item);
	strcpy(p - 1, "]}"); /* over the last comma */
	CHECK(parse(json, &cfg, err) == -EINVAL);
	CHECK(cfg == NULL);
	CHECK(strstr(err, "interfaces: 257 entries, at most 256"), "got \"%s\"",
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
	RUN(test_full_config);
	RUN(test_defaults);
	RUN(test_label_range_edges);
	for (size_t i = 0; i < sizeof(bad_configs) / sizeof(bad_configs[0]);
	     i++)
		tl_run(bad_configs[i].desc, test_bad, &bad_configs[i]);
	RUN(test_small_errbuf);
	RUN(test_too_many_interfaces);
	RUN(test_load_missing);
	RUN(test_load_file);
	RUN(test_load_bad_file);
	return tl_summary();
}
