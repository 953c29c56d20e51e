// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * mplsxctl - ask mplsxd for its state or to reload its config.
 * JSON on stdout; on failure a JSON object with "error" and exit 1.
 */
#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctl/ctl.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: mplsxctl [-s SOCKET] show "
		   "status|interfaces|labels|lsps|"
		   "neighbors|pseudowires|bgp|bird|stats\n"
		   "       mplsxctl [-s SOCKET] reload\n");
}

static int fail(const char *fmt, const char *arg)
{
	char msg[512];
	cJSON *o = cJSON_CreateObject();
	char *text;

	snprintf(msg, sizeof(msg), fmt, arg);
	cJSON_AddStringToObject(o, "error", msg);
	text = cJSON_Print(o);
	printf("%s\n", text);
	cJSON_free(text);
	cJSON_Delete(o);
	return 1;
}

int main(int argc, char **argv)
{
	const char *sock = MPLSX_DEFAULT_SOCKET;
	cJSON *req, *ans;
	char *text, *reply;
	int opt, rc;

	while ((opt = getopt(argc, argv, "+s:h")) != -1) {
		switch (opt) {
		case 's':
			sock = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1) {
		usage(stderr);
		return fail("usage: %s", "mplsxctl show WHAT | reload");
	}

	req = cJSON_CreateObject();
	cJSON_AddStringToObject(req, "command", argv[0]);
	if (!strcmp(argv[0], "show")) {
		if (argc < 2 || argc > 3) {
			cJSON_Delete(req);
			return fail("show: %s", "expected show WHAT [ARG]");
		}
		cJSON_AddStringToObject(req, "object", argv[1]);
		if (argc == 3)
			cJSON_AddStringToObject(req, "arg", argv[2]);
	} else if (strcmp(argv[0], "reload") || argc != 1) {
		cJSON_Delete(req);
		return fail("unknown command \"%s\" (show, reload)", argv[0]);
	}
	text = cJSON_PrintUnformatted(req);
	cJSON_Delete(req);
	reply = ctl__request(sock, text);
	cJSON_free(text);
	if (!reply) {
		char msg[512];

		snprintf(msg, sizeof(msg), "%s: %s (is mplsxd running?)", sock,
			 strerror(errno));
		return fail("%s", msg);
	}
	ans = cJSON_Parse(reply);
	if (!ans) {
		free(reply);
		return fail("%s: the daemon's answer is not JSON", sock);
	}
	rc = cJSON_IsObject(ans) &&
			     cJSON_GetObjectItemCaseSensitive(ans, "error")
		     ? 1
		     : 0;
	fputs(reply, stdout);
	free(reply);
	cJSON_Delete(ans);
	return rc;
}
