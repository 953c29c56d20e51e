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
#include <stdbool.h>
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "util/log.h"
#include "svc/router.h"
#include "ctl/show.h"
#include "svc/oam.h"

#define STR_(x) #x
#define STR(x)	STR_(x)

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
		ssize_t n = send(fd, buf, len, MSG_NOSIGNAL);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		buf += n;
		len -= (size_t)n;
	}
}

/* ---- the server: every client non-blocking, its own buffers ----------- */

struct ctl_client {
	int fd;
	char in[MPLSX_CTL_MAX_REQUEST + 1];
	size_t in_len;
	bool too_long; /* answered already; what else it sends is dropped */
	bool read_done;
	bool handed_over; /* svc/oam.c answers it, and closes it */
	char *out;	  /* the answer, once there is one */
	size_t out_len, out_off;
	uint64_t deadline_ms;
};

struct ctl_server {
	int listen_fd, ep;
	struct mplsx_router *r;
	const struct bgp_speaker *bgp;
	struct ctl_client *c[MPLSX_CTL_MAX_CLIENTS];
	uint64_t served, dropped;
};

static uint64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

struct ctl_server *ctl__server_new(int listen_fd, struct mplsx_router *r,
				   const struct bgp_speaker *bgp)
{
	struct ctl_server *s = calloc(1, sizeof(*s));
	struct epoll_event ev = {.events = EPOLLIN, .data.ptr = NULL};

	if (!s)
		return NULL;
	s->listen_fd = listen_fd;
	s->r = r;
	s->bgp = bgp;
	s->ep = epoll_create1(EPOLL_CLOEXEC);
	if (s->ep < 0 || epoll_ctl(s->ep, EPOLL_CTL_ADD, listen_fd, &ev)) {
		if (s->ep >= 0)
			close(s->ep);
		free(s);
		return NULL;
	}
	return s;
}

int ctl__server_fd(const struct ctl_server *s)
{
	return s->ep;
}

static void client_close(struct ctl_server *s, int slot)
{
	struct ctl_client *c = s->c[slot];

	epoll_ctl(s->ep, EPOLL_CTL_DEL, c->fd, NULL);
	if (!c->handed_over)
		close(c->fd);
	free(c->out);
	free(c);
	s->c[slot] = NULL;
}

/* Queue ANS as the client's answer (it owns the text from here). */
static void client_answer(struct ctl_client *c, cJSON *ans)
{
	static const char oom[] = "{\"error\": \"out of memory\"}";
	char *text = cJSON_Print(ans);
	const char *src = text ? text : oom;
	size_t len = strlen(src);

	cJSON_Delete(ans);
	c->out = malloc(len + 2);
	if (c->out) {
		memcpy(c->out, src, len);
		c->out[len] = '\n';
		c->out_len = len + 1;
	}
	cJSON_free(text);
}

/* Write what the socket takes; true when the client is finished. */
static bool client_flush(struct ctl_server *s, struct ctl_client *c)
{
	struct epoll_event ev = {.data.ptr = c};

	while (c->out && c->out_off < c->out_len) {
		ssize_t n = send(c->fd, c->out + c->out_off,
				 c->out_len - c->out_off,
				 MSG_NOSIGNAL | MSG_DONTWAIT);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			ev.events = EPOLLOUT | (c->read_done ? 0 : EPOLLIN);
			epoll_ctl(s->ep, EPOLL_CTL_MOD, c->fd, &ev);
			return false;
		}
		if (n <= 0)
			return true; /* gone: nothing more to do */
		c->out_off += (size_t)n;
	}
	if (!c->out)
		return false;
	/* All written; a too-long request is drained to its end first so
	 * that the client reads the answer, not a reset. */
	return !c->too_long || c->read_done;
}

static void client_request(struct ctl_server *s, struct ctl_client *c)
{
	c->in[c->in_len] = '\0';
	s->served++;
	/* ping, traceroute: answered when the probes are (svc/oam.c),
	 * which takes the connection over. */
	if (s->r->oam && oam__ctl(s->r->oam, c->fd, c->in)) {
		c->handed_over = true;
		return;
	}
	client_answer(c, handle(s->r, s->bgp, c->in));
}

/* Read what is there; answer once a whole request is in. */
static bool client_readable(struct ctl_server *s, struct ctl_client *c)
{
	char sink[4096];

	while (!c->read_done) {
		char *dst = c->too_long ? sink : c->in + c->in_len;
		size_t room = c->too_long ? sizeof(sink)
					  : MPLSX_CTL_MAX_REQUEST - c->in_len;
		ssize_t n;

		if (!room) {
			/* The limit reached without an end: answered now,
			 * whatever follows is dropped. */
			c->too_long = true;
			client_answer(
				c,
				error_json(
					"request: longer than the "
					"limit of " STR(
						MPLSX_CTL_MAX_REQUEST) " byte"
								       "s"));
			continue;
		}
		n = recv(c->fd, dst, room, MSG_DONTWAIT);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;
		if (n <= 0) {
			c->read_done = true;
			break;
		}
		if (c->too_long)
			continue;
		if (memchr(dst, '\n', (size_t)n)) {
			c->in_len += (size_t)n;
			c->read_done = true; /* one request per connection */
			break;
		}
		c->in_len += (size_t)n;
	}
	if (!c->out && c->read_done)
		client_request(s, c);
	if (c->handed_over)
		return true;
	return client_flush(s, c);
}

static void accept_all(struct ctl_server *s)
{
	for (;;) {
		struct epoll_event ev = {.events = EPOLLIN};
		struct ctl_client *c;
		int fd, slot;

		fd = accept4(s->listen_fd, NULL, NULL,
			     SOCK_CLOEXEC | SOCK_NONBLOCK);
		if (fd < 0)
			return;
		for (slot = 0; slot < MPLSX_CTL_MAX_CLIENTS; slot++)
			if (!s->c[slot])
				break;
		c = slot < MPLSX_CTL_MAX_CLIENTS ? calloc(1, sizeof(*c)) : NULL;
		if (!c) {
			static const char busy[] = "{\"error\": \"control "
						   "socket: too many clients, "
						   "try again\"}\n";

			send(fd, busy, sizeof(busy) - 1,
			     MSG_NOSIGNAL | MSG_DONTWAIT);
			close(fd);
			s->dropped++;
			continue;
		}
		c->fd = fd;
		c->deadline_ms = mono_ms() + MPLSX_CTL_CLIENT_TIMEOUT_MS;
		ev.data.ptr = c;
		if (epoll_ctl(s->ep, EPOLL_CTL_ADD, fd, &ev)) {
			close(fd);
			free(c);
			continue;
		}
		s->c[slot] = c;
	}
}

static int slot_of(const struct ctl_server *s, const struct ctl_client *c)
{
	int i;

	for (i = 0; i < MPLSX_CTL_MAX_CLIENTS; i++)
		if (s->c[i] == c)
			return i;
	return -1;
}

/* Clients past their deadline are told so and closed: a slow or idle
 * client holds a slot for that long at most, and nobody else waits. */
static void expire(struct ctl_server *s)
{
	uint64_t now = mono_ms();
	int i;

	for (i = 0; i < MPLSX_CTL_MAX_CLIENTS; i++) {
		struct ctl_client *c = s->c[i];

		if (!c || now < c->deadline_ms)
			continue;
		if (!c->out)
			write_all(c->fd,
				  "{\"error\": \"request: not complete "
				  "in time\"}\n",
				  sizeof("{\"error\": \"request: not complete "
					 "in time\"}\n") -
					  1);
		client_close(s, i);
		s->dropped++;
	}
}

void ctl__server_dispatch(struct ctl_server *s)
{
	struct epoll_event evs[32];
	int i, n = epoll_wait(s->ep, evs, 32, 0);

	for (i = 0; i < n; i++) {
		struct ctl_client *c = evs[i].data.ptr;
		int slot;
		bool done;

		if (!c) {
			accept_all(s);
			continue;
		}
		slot = slot_of(s, c);
		if (slot < 0)
			continue; /* closed earlier in this round */
		if (evs[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR))
			done = client_readable(s, c);
		else
			done = client_flush(s, c);
		if (done)
			client_close(s, slot);
	}
	expire(s);
}

void ctl__server_free(struct ctl_server *s)
{
	int i;

	if (!s)
		return;
	for (i = 0; i < MPLSX_CTL_MAX_CLIENTS; i++)
		if (s->c[i])
			client_close(s, i);
	close(s->ep);
	free(s);
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
