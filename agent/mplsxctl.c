// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * mplsxctl - ask mplsxd for its state, to reload its config, or to send
 * MPLS echo requests (RFC 8029).  JSON on stdout by default; -o text
 * prints aligned tables for people.  Exit status: see usage().
 */
#include <cjson/cJSON.h>
#include <errno.h>
#include <stdarg.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctl/ctl.h"
#include "ctl/text.h"
#include "util/netns.h"
#include "util/version.h"

/* Exit statuses (documented in mplsxctl(8)). */
enum {
	EXIT_OK = 0,
	EXIT_ERROR = 1,	  /* the daemon answered with an error, or a probe
			   * failed (ping/traceroute) */
	EXIT_USAGE = 2,	  /* bad command line */
	EXIT_NODAEMON = 3 /* no mplsxd answers on the socket */
};

static bool text_mode;

static void usage(FILE *f)
{
	fprintf(f,
		"usage: mplsxctl [OPTIONS] COMMAND\n"
		"\n"
		"Commands:\n"
		"  show status          version, router id, uptime, counts\n"
		"  show interfaces      managed ports, XDP mode, counters\n"
		"  show labels          the label table and its counters\n"
		"  show lsps            LSPs to remote PEs and their state\n"
		"  show vrfs            VRFs, RD, route targets, counters\n"
		"  show routes [VRF]    VRF routes (all VRFs, or one)\n"
		"  show neighbors       next hops (adjacencies)\n"
		"  show pseudowires     pseudowires and their counters\n"
		"  show vpls            VPLS instances, ACs, peers, counters\n"
		"  show mac [VPLS]      learnt MACs: AC or PE, age\n"
		"  show bgp             BGP speaker and sessions\n"
		"  show bird            BIRD 2 config lines to peer with us\n"
		"  show stats           every counter, drops by reason\n"
		"  reload               re-read the config file\n"
		"  clear mac [VPLS]     flush learnt MACs\n"
		"  ping lsp PE          MPLS echo (RFC 8029) to a PE's "
		"address\n"
		"  ping vrf VRF PREFIX  MPLS echo for a VPN prefix (VPN FEC)\n"
		"  ping pw NAME         MPLS echo over a pseudowire (VCCV)\n"
		"  traceroute lsp PE    MPLS traceroute towards a PE\n"
		"\n"
		"Options:\n"
		"  -s, --socket PATH    control socket "
		"(default " MPLSX_SOCKET_ROOT
		"/NETNS.sock, NETNS: our network namespace)\n"
		"  -o, --format FORMAT  json (default) or text\n"
		"  -c, --count N        ping: echo requests to send (default "
		"3)\n"
		"  -m, --max-ttl N      traceroute: hops to try (default 8)\n"
		"  -h, --help           this text\n"
		"  -V, --version        print the version\n"
		"\n"
		"Exit status: 0 success, 1 the daemon reported an error or a\n"
		"probe failed, 2 usage error, 3 no mplsxd on the socket.\n");
}

/* An error: {"error": MSG} on stdout (JSON mode) or one line on stderr
 * (text mode). */
static int fail(int code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static int fail(int code, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (text_mode) {
		fprintf(stderr, "mplsxctl: %s\n", msg);
	} else {
		cJSON *o = cJSON_CreateObject();
		char *text;

		cJSON_AddStringToObject(o, "error", msg);
		text = cJSON_Print(o);
		printf("%s\n", text);
		cJSON_free(text);
		cJSON_Delete(o);
	}
	return code;
}

static int parse_count(const char *s, int lo, int hi, int *out)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (!*s || *end || v < lo || v > hi)
		return -1;
	*out = (int)v;
	return 0;
}

/* The request for ARGV (a verb and its operands), or NULL after fail(). */
static cJSON *build_request(int argc, char **argv, int count, int max_ttl,
			    int *rc)
{
	cJSON *req = cJSON_CreateObject();
	const char *verb = argv[0];

	*rc = EXIT_USAGE;
	cJSON_AddStringToObject(req, "command", verb);
	if (!strcmp(verb, "show")) {
		if (argc < 2 || argc > 3) {
			fail(EXIT_USAGE, "show: expected show WHAT [ARG] "
					 "(mplsxctl --help lists them)");
			goto bad;
		}
		cJSON_AddStringToObject(req, "object", argv[1]);
		if (argc == 3)
			cJSON_AddStringToObject(req, "arg", argv[2]);
	} else if (!strcmp(verb, "clear")) {
		if (argc < 2 || argc > 3 || strcmp(argv[1], "mac")) {
			fail(EXIT_USAGE, "clear: expected clear mac [VPLS]");
			goto bad;
		}
		cJSON_AddStringToObject(req, "object", argv[1]);
		if (argc == 3)
			cJSON_AddStringToObject(req, "arg", argv[2]);
	} else if (!strcmp(verb, "reload")) {
		if (argc != 1) {
			fail(EXIT_USAGE, "reload: takes no argument");
			goto bad;
		}
	} else if (!strcmp(verb, "ping") || !strcmp(verb, "traceroute")) {
		bool ping = !strcmp(verb, "ping");

		if (argc >= 2 && !strcmp(argv[1], "lsp") && argc == 3) {
			cJSON_AddStringToObject(req, "fec", "lsp");
			cJSON_AddStringToObject(req, "pe", argv[2]);
		} else if (ping && argc == 3 && !strcmp(argv[1], "pw")) {
			cJSON_AddStringToObject(req, "fec", "pw");
			cJSON_AddStringToObject(req, "pw", argv[2]);
		} else if (ping && argc == 4 && !strcmp(argv[1], "vrf")) {
			cJSON_AddStringToObject(req, "fec", "vrf");
			cJSON_AddStringToObject(req, "vrf", argv[2]);
			cJSON_AddStringToObject(req, "prefix", argv[3]);
		} else {
			fail(EXIT_USAGE,
			     ping ? "ping: expected ping lsp PE, ping vrf "
				    "VRF PREFIX or ping pw NAME"
				  : "traceroute: expected traceroute lsp PE");
			goto bad;
		}
		if (ping)
			cJSON_AddNumberToObject(req, "count", count);
		else
			cJSON_AddNumberToObject(req, "max_ttl", max_ttl);
	} else {
		fail(EXIT_USAGE,
		     "unknown command \"%s\" (show, clear, reload, ping, "
		     "traceroute; "
		     "mplsxctl --help)",
		     verb);
		goto bad;
	}
	return req;
bad:
	cJSON_Delete(req);
	return NULL;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"socket", required_argument, NULL, 's'},
		{"format", required_argument, NULL, 'o'},
		{"count", required_argument, NULL, 'c'},
		{"max-ttl", required_argument, NULL, 'm'},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0},
	};
	char def_sock[256];
	const char *sock = NULL;
	int opt, rc, count = 3, max_ttl = 8;
	cJSON *req, *ans;
	char *text, *reply;

	while ((opt = getopt_long(argc, argv, "+s:o:c:m:hV", longopts, NULL)) !=
	       -1) {
		switch (opt) {
		case 's':
			sock = optarg;
			break;
		case 'o':
			if (!strcmp(optarg, "text")) {
				text_mode = true;
			} else if (strcmp(optarg, "json")) {
				return fail(EXIT_USAGE,
					    "--format: \"%s\" is neither json "
					    "nor text",
					    optarg);
			}
			break;
		case 'c':
			if (parse_count(optarg, 1, 100, &count))
				return fail(EXIT_USAGE,
					    "--count: \"%s\" is not 1..100",
					    optarg);
			break;
		case 'm':
			if (parse_count(optarg, 1, 255, &max_ttl))
				return fail(EXIT_USAGE,
					    "--max-ttl: \"%s\" is not 1..255",
					    optarg);
			break;
		case 'h':
			usage(stdout);
			return EXIT_OK;
		case 'V':
			printf("mplsxctl %s\n", MPLSX_VERSION);
			return EXIT_OK;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	argc -= optind;
	argv += optind;
	if (!sock) {
		/* Our own namespace's mplsxd, as it names its socket. */
		mplsx_default_socket(def_sock, sizeof(def_sock));
		sock = def_sock;
	}
	if (argc < 1) {
		usage(stderr);
		return EXIT_USAGE;
	}
	req = build_request(argc, argv, count, max_ttl, &rc);
	if (!req)
		return rc;
	text = cJSON_PrintUnformatted(req);
	cJSON_Delete(req);
	reply = ctl__request(sock, text);
	cJSON_free(text);
	if (!reply)
		return fail(EXIT_NODAEMON, "%s: %s (is mplsxd running?)", sock,
			    strerror(errno));
	ans = cJSON_Parse(reply);
	if (!ans) {
		free(reply);
		return fail(EXIT_ERROR, "%s: the daemon's answer is not JSON",
			    sock);
	}
	rc = EXIT_OK;
	if (cJSON_IsObject(ans)) {
		const cJSON *e = cJSON_GetObjectItemCaseSensitive(ans, "error");
		const cJSON *ok = cJSON_GetObjectItemCaseSensitive(ans, "ok");

		if (cJSON_IsString(e)) {
			if (text_mode) {
				fail(EXIT_ERROR, "%s", e->valuestring);
				free(reply);
				cJSON_Delete(ans);
				return EXIT_ERROR;
			}
			rc = EXIT_ERROR;
		} else if (cJSON_IsFalse(ok)) {
			rc = EXIT_ERROR; /* a ping or traceroute that failed */
		}
	}
	if (text_mode)
		text__print(stdout, ans);
	else
		fputs(reply, stdout);
	free(reply);
	cJSON_Delete(ans);
	return rc;
}
