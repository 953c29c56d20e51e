// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * mplsxd - the mplsx agent: reads the config, loads and attaches the XDP
 * data plane, keeps its maps in sync with the config and the kernel's
 * routes and neighbours, and answers mplsxctl on the control socket.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <time.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include "bgp/bgp_speaker.h"
#include "config/config.h"
#include "ctl/ctl.h"
#include "ctl/metrics.h"
#include "svc/oam.h"
#include "dp/dataplane.h"
#include "util/log.h"
#include "util/version.h"
#include "svc/bgp_routes.h"
#include "util/netns.h"
#include "svc/router.h"

/* A safety net behind netlink events: every nexthop is re-resolved at
 * least this often, so a lost event costs at most a second. */
#define REFRESH_INTERVAL_S 1
/* An adopted or migrating data plane is committed (new program in place,
 * counters reset as usual) once BGP has brought every route back, or
 * after this long when a neighbour stays away. */
#define COMMIT_DEADLINE_S 30

static void usage(FILE *f)
{
	fprintf(f, "usage: mplsxd -c FILE [-s SOCKET] [-p PIN_DIR] [-v]\n"
		   "  -c, --config FILE    config file (JSON)\n"
		   "  -s, --socket SOCKET  control socket "
		   "(default " MPLSX_SOCKET_ROOT "/NETNS.sock)\n"
		   "  -p, --pin-dir DIR    bpffs directory for the maps "
		   "(default " MPLSX_PIN_ROOT "/NETNS)\n"
		   "  NETNS: the ip netns name of our network namespace, "
		   "\"default\" for the host's\n"
		   "  -v, --verbose        debug logging (libbpf and libxdp "
		   "included)\n"
		   "  -n, --check          check the config file and exit\n"
		   "  -h, --help           this text\n"
		   "  -V, --version        print the version\n"
		   "Exit status: 0 stopped by SIGTERM/SIGINT, 1 the config or "
		   "the data plane\nfailed at start, 2 usage error.\n");
}

static int signal_fd(void)
{
	sigset_t mask;

	sigemptyset(&mask);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGHUP);
	sigprocmask(SIG_BLOCK, &mask, NULL);
	signal(SIGPIPE, SIG_IGN);
	return signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
}

static int timer_fd(void)
{
	struct itimerspec its = {
		.it_interval = {.tv_sec = REFRESH_INTERVAL_S},
		.it_value = {.tv_sec = REFRESH_INTERVAL_S},
	};
	int fd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);

	if (fd >= 0)
		timerfd_settime(fd, 0, &its, NULL);
	return fd;
}

/* router.rib.advertise: VRF route changes go out to the BGP peers. */
static void advertise(void *ctx, const struct bgp_route *routes, size_t n,
		      bool withdraw)
{
	bgp_speaker__advertise(ctx, routes, n, withdraw);
}

static void advertise_vrf(void *ctx, const char *vrf, int peer,
			  const struct bgp_route *routes, size_t n,
			  bool withdraw)
{
	bgp_speaker__advertise_vrf(ctx, vrf, peer, routes, n, withdraw);
}

static int epoll_add(int ep, int fd)
{
	struct epoll_event ev = {.events = EPOLLIN, .data.fd = fd};

	return epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
}

#define FAST_REFRESH_MS	    50
#define FAST_REFRESH_FOR_MS 2000

static uint64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* A data plane taken over from an earlier mplsxd: once our maps hold
 * everything (config applied, BGP routes back), our program takes over. */
static void commit_when_ready(struct mplsx_router *r, struct bgp_speaker *bgp)
{
	if (!dataplane__pending(&r->dp))
		return;
	if (!bgp_speaker__converged(bgp) &&
	    time(NULL) - r->started < COMMIT_DEADLINE_S)
		return;
	vpls_migrate_macs(&r->vpls);
	if (dataplane__commit(&r->dp) == 0) {
		pr_info("data plane %s and committed",
			dataplane__start_name(r->dp.start));
		vpls_commit(&r->vpls); /* the flood programs follow at once */
	}
}

/* Returns when SIGTERM or SIGINT arrives. */
static int run(struct mplsx_router *r, struct ctl_server *ctl,
	       struct bgp_speaker *bgp, struct metrics *metrics)
{
	int ctl_fd = ctl__server_fd(ctl);
	int metrics_fd = metrics__fd(metrics);
	int oam_fd = oam__fd(r->oam);
	int bgp_fd = bgp_speaker__fd(bgp);
	/* A reload (SIGHUP or mplsxctl) that took: the speaker follows. */
	unsigned int reloads = r->reloads_ok;
	int sig_fd = signal_fd(), tick_fd = timer_fd();
	int nl_fd = mplsx_nl__event_fd(r->nl);
	int glean_fd = router__glean_fd(r);
	int ep = epoll_create1(EPOLL_CLOEXEC);
	char err[MPLSX_CONFIG_ERRLEN];
	bool running = true;
	unsigned int appeared = r->links_appeared;
	uint64_t fast_until = 0;

	if (sig_fd < 0 || tick_fd < 0 || ep < 0 || epoll_add(ep, sig_fd) ||
	    epoll_add(ep, tick_fd) || epoll_add(ep, ctl_fd) ||
	    epoll_add(ep, nl_fd) ||
	    (glean_fd >= 0 && epoll_add(ep, glean_fd)) ||
	    epoll_add(ep, bgp_fd) || epoll_add(ep, metrics_fd) ||
	    (oam_fd >= 0 && epoll_add(ep, oam_fd))) {
		pr_warn("event loop setup: %s", strerror(errno));
		return -1;
	}
	while (running) {
		struct epoll_event evs[8];
		int i, n;

		/* An interface just came back: its addresses, routes and
		 * neighbours follow in events that may lag; look again every
		 * FAST_REFRESH_MS for a while, not only once a second. */
		if (r->links_appeared != appeared) {
			appeared = r->links_appeared;
			fast_until = mono_ms() + FAST_REFRESH_FOR_MS;
		}
		n = epoll_wait(ep, evs, 8,
			       mono_ms() < fast_until ? FAST_REFRESH_MS : -1);
		if (n == 0) {
			router__refresh(r);
			continue;
		}

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			pr_warn("epoll_wait: %s", strerror(errno));
			break;
		}
		for (i = 0; i < n; i++) {
			int fd = evs[i].data.fd;

			if (fd == sig_fd) {
				struct signalfd_siginfo si;

				while (read(sig_fd, &si, sizeof(si)) ==
				       sizeof(si)) {
					if (si.ssi_signo == SIGHUP) {
						pr_info("SIGHUP: reloading");
						router__reload(r, err,
							       sizeof(err));
					} else {
						pr_info("signal %u: stopping",
							si.ssi_signo);
						running = false;
					}
				}
			} else if (fd == tick_fd) {
				uint64_t ticks;

				if (read(tick_fd, &ticks, sizeof(ticks)) > 0)
					router__refresh(r);
				ctl__server_dispatch(ctl); /* deadlines */
			} else if (fd == nl_fd) {
				if (mplsx_nl__drain_events(r->nl) > 0)
					router__refresh(r);
			} else if (fd == glean_fd) {
				router__glean_poll(r);
			} else if (fd == ctl_fd) {
				ctl__server_dispatch(ctl);
			} else if (fd == bgp_fd) {
				bgp_speaker__dispatch(bgp);
			} else if (fd == metrics_fd) {
				metrics__dispatch(metrics);
			} else if (fd == oam_fd) {
				oam__dispatch(r->oam);
			}
		}
		if (r->reloads_ok != reloads) {
			reloads = r->reloads_ok;
			bgp_speaker__apply(bgp, r->cfg);
			metrics__apply(metrics, r->cfg);
		}
		commit_when_ready(r, bgp);
	}
	close(ep);
	close(sig_fd);
	close(tick_fd);
	return 0;
}

int main(int argc, char **argv)
{
	char def_sock[PATH_MAX], def_pins[PATH_MAX];
	const char *cfg_path = NULL, *sock_path = NULL, *pin_dir = NULL;
	char err[MPLSX_CONFIG_ERRLEN];
	struct mplsx_config *cfg = NULL;
	static struct mplsx_router router;
	struct bgp_speaker *bgp = NULL;
	struct metrics *metrics = NULL;
	bool check_only = false;
	struct ctl_server *ctl = NULL;
	int opt, ctl_fd = -1, rc = 1, holder = 0;
	bool running = false;

	static const struct option longopts[] = {
		{"config", required_argument, NULL, 'c'},
		{"socket", required_argument, NULL, 's'},
		{"pin-dir", required_argument, NULL, 'p'},
		{"verbose", no_argument, NULL, 'v'},
		{"check", no_argument, NULL, 'n'},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0},
	};

	while ((opt = getopt_long(argc, argv, "c:s:p:vnhV", longopts, NULL)) !=
	       -1) {
		switch (opt) {
		case 'c':
			cfg_path = optarg;
			break;
		case 's':
			sock_path = optarg;
			break;
		case 'p':
			pin_dir = optarg;
			break;
		case 'v':
			mplsx_log_set_level(LOG_LVL_DEBUG);
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("mplsxd %s\n", MPLSX_VERSION);
			return 0;
		case 'n':
			check_only = true;
			break;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (!cfg_path || optind != argc) {
		usage(stderr);
		return 2;
	}
	/* One mplsxd per network namespace: the defaults carry its name. */
	if (!sock_path) {
		mplsx_default_socket(def_sock, sizeof(def_sock));
		sock_path = def_sock;
	}
	if (!pin_dir) {
		mplsx_default_pin_dir(def_pins, sizeof(def_pins));
		pin_dir = def_pins;
	}
	if (mplsx_config__load(cfg_path, &cfg, err, sizeof(err))) {
		fprintf(stderr, "mplsxd: %s: %s\n", cfg_path, err);
		return 1;
	}
	if (check_only) {
		printf("mplsxd: %s: ok\n", cfg_path);
		mplsx_config__free(cfg);
		return 0;
	}
	/* The pin directory's lock first: a second daemon touches nothing,
	 * neither the pins nor the socket. */
	rc = router__init(&router, pin_dir, &holder, cfg);
	if (rc) {
		if (rc == -EBUSY && holder)
			fprintf(stderr,
				"mplsxd: %s: in use by mplsxd pid %d, "
				"not touched\n",
				pin_dir, holder);
		else if (rc == -EBUSY)
			fprintf(stderr,
				"mplsxd: %s: in use by another mplsxd, "
				"not touched\n",
				pin_dir);
		mplsx_config__free(cfg);
		router__shutdown(&router, true);
		return 1;
	}
	rc = 1;
	ctl_fd = ctl__listen(sock_path);
	if (ctl_fd < 0) {
		fprintf(stderr, "mplsxd: control socket %s: %s\n", sock_path,
			ctl_fd == -EADDRINUSE ? "another mplsxd answers there"
					      : strerror(-ctl_fd));
		mplsx_config__free(cfg);
		/* What the pin directory holds goes on forwarding. */
		router__shutdown(&router, true);
		return 1;
	}
	snprintf(router.cfg_path, sizeof(router.cfg_path), "%s", cfg_path);
	if (router__apply(&router, cfg, err, sizeof(err))) {
		fprintf(stderr, "mplsxd: %s: %s\n", cfg_path, err);
		mplsx_config__free(cfg);
		goto out;
	}
	running = true;
	pr_info("running: %zu labels on %s, control socket %s, pins %s (%s)",
		router.n_labels, cfg_path, sock_path, pin_dir,
		dataplane__start_name(router.dp.start));
	bgp = bgp_speaker__new(&bgp_routes__ops, &router);
	if (!bgp)
		goto out;
	router.rib.advertise = advertise;
	router.rib.advertise_vrf = advertise_vrf;
	router.rib.advertise_ctx = bgp;
	bgp_speaker__apply(bgp, router.cfg);
	/* MPLS echo: without it (no UDP port 3503) the router runs on. */
	router.oam = oam__new(&router);
	metrics = metrics__new(&router, bgp);
	if (!metrics)
		goto out;
	metrics__apply(metrics, router.cfg);
	ctl = ctl__server_new(ctl_fd, &router, bgp);
	if (!ctl)
		goto out;
	rc = run(&router, ctl, bgp, metrics) ? 1 : 0;
out:
	metrics__free(metrics);
	oam__free(router.oam);
	router.oam = NULL;
	router.rib.advertise = NULL;
	router.rib.advertise_vrf = NULL;
	bgp_speaker__free(bgp);
	ctl__server_free(ctl);
	{
		/* A data plane we took over and could not run stays as it
		 * was; a running one persists when the config says so. */
		bool persist = running ? router.cfg && router.cfg->persist
				       : router.dp.start != DP_FRESH;

		if (persist)
			pr_info("persist: the data plane forwards on, pins "
				"kept in %s",
				pin_dir);
		router__shutdown(&router, persist);
	}
	close(ctl_fd);
	unlink(sock_path);
	pr_info("stopped");
	return rc;
}
