// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* ctl.c - control socket: one JSON request, one JSON answer. */
#include "ctl/ctl.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include "util/log.h"
#include "svc/router.h"
#include "ctl/show.h"
#include "svc/oam.h"

static int sockaddr_fill(struct sockaddr_un *sun, const char *path)
{
	memset(sun, 0, sizeof(*sun));
	sun->sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sun->sun_path))
		return -ENAMETOOLONG;
	strcpy(sun->sun_path, path);
	return 0;
}

int ctl__listen(const char *path)
{
	struct sockaddr_un sun;
	char dir[PATH_MAX];
	int fd, probe;

	if (sockaddr_fill(&sun, path))
		return -ENAMETOOLONG;
	snprintf(dir, sizeof(dir), "%s", path);
	if (mkdir(dirname(dir), 0700) < 0 && errno != EEXIST)
		return -errno;

	/* A live daemon answers a connect: never steal its socket. */
	probe = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (probe >= 0) {
		int busy =
			!connect(probe, (struct sockaddr *)&sun, sizeof(sun));
		close(probe);
		if (busy)
			return -EADDRINUSE;
	}
	unlink(path);

	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -errno;
	if (bind(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0 ||
	    chmod(path, 0600) < 0 || listen(fd, 16) < 0) {
		int err = -errno;

		close(fd);
		return err;
	}
	return fd;
}

static cJSON *error_json(const char *msg)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "error", msg);
	return o;
}

static cJSON *handle(struct mplsx_router *r, const struct bgp_speaker *bgp,
		     const char *text)
{
	char err[MPLSX_CONFIG_ERRLEN];
	cJSON *req = cJSON_Parse(text), *ans;
	const cJSON *cmd, *obj, *arg;

	if (!cJSON_IsObject(req)) {
		cJSON_Delete(req);
		return error_json("request: not a JSON object");
	}
	cmd = cJSON_GetObjectItemCaseSensitive(req, "command");
	obj = cJSON_GetObjectItemCaseSensitive(req, "object");
	arg = cJSON_GetObjectItemCaseSensitive(req, "arg");
	if (!cJSON_IsString(cmd)) {
		ans = error_json("command: missing (show, clear, reload)");
	} else if (!strcmp(cmd->valuestring, "show")) {
		if (!cJSON_IsString(obj)) {
			ans = error_json("show: what? (status, interfaces, "
					 "labels, lsps, neighbors, stats)");
		} else {
			ans = show__build(r, bgp, obj->valuestring,
					  cJSON_IsString(arg) ? arg->valuestring
							      : NULL,
					  err, sizeof(err));
			if (!ans)
				ans = error_json(err);
		}
	} else if (!strcmp(cmd->valuestring, "clear")) {
		/* clear mac [VPLS]: flush learnt MACs */
		const char *name =
			cJSON_IsString(arg) ? arg->valuestring : NULL;

		if (!cJSON_IsString(obj) || strcmp(obj->valuestring, "mac")) {
			ans = error_json("clear: what? (mac [VPLS])");
		} else if (vpls_clear_mac(&r->vpls, name)) {
			snprintf(err, sizeof(err),
				 "clear mac: no VPLS named \"%.64s\"",
				 name ? name : "");
			ans = error_json(err);
		} else {
			ans = cJSON_CreateObject();
			cJSON_AddStringToObject(ans, "result", "cleared");
		}
	} else if (!strcmp(cmd->valuestring, "reload")) {
		if (router__reload(r, err, sizeof(err))) {
			ans = error_json(err);
		} else {
			ans = cJSON_CreateObject();
			cJSON_AddStringToObject(ans, "result", "reloaded");
		}
	} else {
		snprintf(err, sizeof(err),
			 "command: unknown \"%.64s\" (show, clear, reload)",
			 cmd->valuestring);
		ans = error_json(err);
	}
	cJSON_Delete(req);
	return ans;
}

static void write_all(int fd, const char *buf, size_t len)
{
	while (len) {
		ssize_t n = write(fd, buf, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		buf += n;
		len -= (size_t)n;
	}
}

void ctl__serve(int listen_fd, struct mplsx_router *r,
		const struct bgp_speaker *bgp)
{
	/* A client that does not finish its request within a second is
	 * dropped: the daemon's loop must not hang on it. */
	struct timeval tv = {.tv_sec = 1};
	char buf[MPLSX_CTL_MAX_REQUEST + 1];
	size_t len = 0;
	cJSON *ans;
	char *out;
	int fd;

	fd = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC);
	if (fd < 0)
		return;
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	while (len < MPLSX_CTL_MAX_REQUEST) {
		ssize_t n = read(fd, buf + len, MPLSX_CTL_MAX_REQUEST - len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
		if (memchr(buf, '\n', len))
			break;
	}
	buf[len] = '\0';
	/* ping, traceroute: answered when the probes are (svc/oam.c). */
	if (len < MPLSX_CTL_MAX_REQUEST && r->oam && oam__ctl(r->oam, fd, buf))
		return;
	if (len >= MPLSX_CTL_MAX_REQUEST)
		ans = error_json("request: too long");
	else
		ans = handle(r, bgp, buf);
	out = cJSON_Print(ans);
	if (out) {
		write_all(fd, out, strlen(out));
		write_all(fd, "\n", 1);
	}
	cJSON_free(out);
	cJSON_Delete(ans);
	close(fd);
}

char *ctl__request(const char *path, const char *request)
{
	struct sockaddr_un sun;
	size_t len = 0, cap = 65536;
	char *buf;
	int fd;

	if (sockaddr_fill(&sun, path)) {
		errno = ENAMETOOLONG;
		return NULL;
	}
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return NULL;
	if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0) {
		int err = errno;

		close(fd);
		errno = err;
		return NULL;
	}
	write_all(fd, request, strlen(request));
	write_all(fd, "\n", 1);
	shutdown(fd, SHUT_WR);
	buf = malloc(cap);
	while (buf) {
		ssize_t n;

		if (len + 1 >= cap) {
			char *bigger = realloc(buf, cap * 2);

			if (!bigger) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = bigger;
			cap *= 2;
		}
		n = read(fd, buf + len, cap - len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	if (buf)
		buf[len] = '\0';
	return buf;
}
