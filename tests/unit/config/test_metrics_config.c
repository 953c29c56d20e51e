// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* test_metrics_config.c - the "metrics" key: listen forms and refusals. */
#include <string.h>

#include "config/config.h"
#include "testlib.h"

#define BASE                                                           \
	"{\"router_id\": \"10.255.0.1\", \"interfaces\": [{\"name\": " \
	"\"lo\", \"mpls\": true}]"

struct row {
	const char *name, *json;
	const char *addr; /* NULL: refused */
	unsigned int port;
	const char *err;
};

static const struct row rows[] = {
	{"IPv4 address and port",
	 BASE ", \"metrics\": {\"listen\": "
	      "\"127.0.0.1:9580\"}}",
	 "127.0.0.1", 9580, NULL},
	{"any IPv4 address",
	 BASE ", \"metrics\": {\"listen\": "
	      "\"0.0.0.0:9100\"}}",
	 "0.0.0.0", 9100, NULL},
	{"IPv6 in brackets",
	 BASE ", \"metrics\": {\"listen\": "
	      "\"[::1]:9580\"}}",
	 "::1", 9580, NULL},
	{"absent: off", BASE "}", "", 0, NULL},
	{"no port", BASE ", \"metrics\": {\"listen\": \"127.0.0.1\"}}", NULL, 0,
	 "metrics.listen: \"127.0.0.1\" is not ADDR:PORT"},
	{"port 0", BASE ", \"metrics\": {\"listen\": \"127.0.0.1:0\"}}", NULL,
	 0, "metrics.listen: port \"0\" must be 1..65535"},
	{"port too big",
	 BASE ", \"metrics\": {\"listen\": "
	      "\"127.0.0.1:65536\"}}",
	 NULL, 0, "metrics.listen: port \"65536\" must be 1..65535"},
	{"port not a number",
	 BASE ", \"metrics\": {\"listen\": "
	      "\"127.0.0.1:http\"}}",
	 NULL, 0, "metrics.listen: port \"http\" must be 1..65535"},
	{"IPv6 without brackets",
	 BASE ", \"metrics\": {\"listen\": "
	      "\"::1:9580\"}}",
	 NULL, 0, "metrics.listen: \"::1\" is not an IPv4 or [IPv6] address"},
	{"a name, not an address",
	 BASE ", \"metrics\": {\"listen\": "
	      "\"localhost:9580\"}}",
	 NULL, 0,
	 "metrics.listen: \"localhost\" is not an IPv4 or [IPv6] address"},
	{"not a string", BASE ", \"metrics\": {\"listen\": 9580}}", NULL, 0,
	 "metrics.listen: must be a string"},
	{"listen missing", BASE ", \"metrics\": {}}", NULL, 0,
	 "metrics.listen: required"},
	{"unknown key",
	 BASE ", \"metrics\": {\"listen\": \"127.0.0.1:1\", "
	      "\"path\": \"/m\"}}",
	 NULL, 0, "metrics.path: unknown key"},
	{"the BGP port",
	 BASE ", \"bgp\": {\"asn\": 65000}, \"metrics\": "
	      "{\"listen\": \"127.0.0.2:1790\"}}",
	 NULL, 0, "metrics.listen: port 1790 is bgp.port on the same address"},
	{"the BGP port, any address",
	 BASE ", \"bgp\": {\"asn\": 65000}, "
	      "\"metrics\": {\"listen\": "
	      "\"0.0.0.0:1790\"}}",
	 NULL, 0, "metrics.listen: port 1790 is bgp.port"},
	{"BGP's port on another address",
	 BASE ", \"bgp\": {\"asn\": 65000}, \"metrics\": {\"listen\": "
	      "\"127.0.0.1:1790\"}}",
	 "127.0.0.1", 1790, NULL},
};

static void test_row(const void *arg)
{
	const struct row *r = arg;
	char err[MPLSX_CONFIG_ERRLEN] = "", a[MPLSX_ADDRSTRLEN];
	struct mplsx_config *cfg = NULL;
	int rc = mplsx_config__parse(r->json, &cfg, err, sizeof(err));

	if (!r->addr) {
		CHECK(rc != 0 && !cfg, "accepted");
		CHECK(strstr(err, r->err), "error \"%s\", want \"%s\"", err,
		      r->err);
		return;
	}
	CHECK(rc == 0 && cfg, "refused: %s", err);
	if (!cfg)
		return;
	if (!*r->addr) {
		CHECK(!cfg->metrics.enabled, "enabled without the key");
	} else {
		CHECK(cfg->metrics.enabled, "not enabled");
		CHECK(!strcmp(mplsx_addr__str(&cfg->metrics.addr, a), r->addr),
		      "addr %s", a);
		CHECK(cfg->metrics.port == r->port, "port %u",
		      cfg->metrics.port);
	}
	mplsx_config__free(cfg);
}

int main(void)
{
	size_t i;

	tl_plan((int)(sizeof(rows) / sizeof(rows[0])));
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		tl_run(rows[i].name, test_row, &rows[i]);
	return tl_summary();
}
