// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * test_netlink.c - the rtnetlink client against a real kernel.
 *
 * Runs as root in a network namespace of its own (unshare(CLONE_NEWNET)),
 * so it touches nothing on the host and leaves nothing behind: the
 * namespace and its links go away with the process.  Topology: veth pair
 * t0 (10.99.0.1/24, 2001:db8:99::1/64) -- t1 (10.99.0.2/24,
 * 2001:db8:99::2/64, fe80::99:2), so ARP and ND between them really
 * resolve.  t1 lives in a second namespace held by a child process: with
 * both ends in one namespace, 10.99.0.2 would be a local address
 * (RTN_LOCAL) and never a neighbour.  The child dies with us.
 */
#include <errno.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kernel/netlink.h"
#include "testlib.h"

#define T0_MAC	   "02:00:00:00:99:01"
#define T1_MAC	   "02:00:00:00:99:02"
#define T0_MAC_NEW "02:00:00:00:99:11"
#define T1_MAC_NEW "02:00:00:00:99:22"
#define STATIC_MAC "02:00:00:00:99:50"
#define WAIT_MS	   2000

static struct mplsx_nl *nl;
static const char *setup_error;
static pid_t peer_pid;
static int peer_hold = -1; /* peer exits when this closes */

static int run_cmd(const char *cmd)
{
	int ret = system(cmd);

	if (ret != 0)
		fprintf(stderr, "  command failed (%d): %s\n", ret, cmd);
	return ret;
}

/* Run a shell command in our namespace. */
static int sh(const char *fmt, ...)
{
	char cmd[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	return run_cmd(cmd);
}

/* Run a shell command in the peer's namespace (where t1 is). */
static int peer(const char *fmt, ...)
{
	char cmd[512];
	int len;
	va_list ap;

	len = snprintf(cmd, sizeof(cmd), "nsenter -t %d -n ", (int)peer_pid);
	va_start(ap, fmt);
	vsnprintf(cmd + len, sizeof(cmd) - len, fmt, ap);
	va_end(ap);
	return run_cmd(cmd);
}

static int write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	int ret;

	if (!f)
		return -1;
	ret = fputs(text, f) < 0 ? -1 : 0;
	if (fclose(f))
		ret = -1;
	return ret;
}

/* A child that only holds a second network namespace open. */
static int peer_start(void)
{
	int ready[2], hold[2];
	char c = 0;

	if (pipe(ready) || pipe(hold))
		return -1;
	peer_pid = fork();
	if (peer_pid < 0)
		return -1;
	if (peer_pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		close(ready[0]);
		close(hold[1]);
		if (unshare(CLONE_NEWNET))
			_exit(1);
		/* Without DAD the peer answers ND as soon as t1 is up. */
		if (write_file("/proc/sys/net/ipv6/conf/all/accept_dad", "0") ||
		    write_file("/proc/sys/net/ipv6/conf/default/accept_dad",
			       "0"))
			_exit(1);
		if (write(ready[1], &c, 1) != 1)
			_exit(1);
		/* Blocks until the parent closes its end or exits. */
		while (read(hold[0], &c, 1) > 0)
			;
		_exit(0);
	}
	close(ready[1]);
	close(hold[0]);
	peer_hold = hold[1];
	if (read(ready[0], &c, 1) != 1) {
		close(ready[0]);
		return -1;
	}
	close(ready[0]);
	return 0;
}

static void peer_stop(void)
{
	if (peer_hold >= 0)
		close(peer_hold);
	if (peer_pid > 0)
		waitpid(peer_pid, NULL, 0);
}

static void mac_parse(const char *text, uint8_t *mac)
{
	unsigned int b[6];
	int i;

	if (sscanf(text, "%x:%x:%x:%x:%x:%x", &b[0], &b[1], &b[2], &b[3], &b[4],
		   &b[5]) != 6)
		abort();
	for (i = 0; i < 6; i++)
		mac[i] = (uint8_t)b[i];
}

static bool mac_is(const uint8_t *mac, const char *text)
{
	uint8_t want[6];

	mac_parse(text, want);
	return memcmp(mac, want, sizeof(want)) == 0;
}

static struct mplsx_addr addr(const char *text)
{
	struct mplsx_addr a;

	if (mplsx_addr__parse(&a, text))
		abort();
	return a;
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Drain until quiet; returns 1 if any call reported a change. */
static int drain_all(void)
{
	int changed = 0;
	int i, ret;

	for (i = 0; i < 100; i++) {
		ret = mplsx_nl__drain_events(nl);
		if (ret < 0)
			return ret;
		if (!ret)
			break;
		changed = 1;
	}
	return changed;
}

/* Wait up to WAIT_MS for the event socket, then drain it. */
static int wait_event(void)
{
	struct pollfd pfd = {
		.fd = mplsx_nl__event_fd(nl),
		.events = POLLIN,
	};

	if (poll(&pfd, 1, WAIT_MS) < 0)
		return -errno;
	return drain_all();
}

/*
 * Resolve like the daemon does: call, and while the MAC is unknown wait
 * for an event (the neighbour update) and retry, up to WAIT_MS.
 * *calls counts resolve calls, to tell "resolved at once" from "later".
 */
static int resolve_wait(const char *via, int oif, struct mplsx_adjacency *adj,
			int *calls)
{
	struct mplsx_addr v = addr(via);
	long deadline = now_ms() + WAIT_MS;
	int err;

	*calls = 0;
	for (;;) {
		struct pollfd pfd = {
			.fd = mplsx_nl__event_fd(nl),
			.events = POLLIN,
		};

		(*calls)++;
		err = oif ? mplsx_nl__resolve_on(nl, &v, oif, adj)
			  : mplsx_nl__resolve(nl, &v, adj);
		if (err || adj->dmac_valid || now_ms() >= deadline)
			return err;
		poll(&pfd, 1, 50);
		if (mplsx_nl__drain_events(nl) < 0)
			return -EIO;
	}
}

static int resolve_once(const char *via, struct mplsx_adjacency *adj)
{
	struct mplsx_addr v = addr(via);

	return mplsx_nl__resolve(nl, &v, adj);
}

static int setup(void)
{
	int i;

	/* No DAD, so the kernel-made link-local addresses answer at once. */
	if (write_file("/proc/sys/net/ipv6/conf/all/accept_dad", "0") ||
	    write_file("/proc/sys/net/ipv6/conf/default/accept_dad", "0")) {
		setup_error = "cannot write ipv6 accept_dad sysctls";
		return -1;
	}
	if (peer_start()) {
		setup_error = "cannot start the peer namespace";
		return -1;
	}
	if (sh("ip link set lo up") ||
	    sh("ip link add t0 address " T0_MAC " mtu 1450 type veth "
	       "peer name t1 address " T1_MAC " netns %d",
	       (int)peer_pid) ||
	    sh("ip addr add 10.99.0.1/24 dev t0") ||
	    sh("ip addr add 2001:db8:99::1/64 dev t0 nodad") ||
	    peer("ip addr add 10.99.0.2/24 dev t1") ||
	    peer("ip addr add 2001:db8:99::2/64 dev t1 nodad") ||
	    peer("ip addr add fe80::99:2/64 dev t1 nodad") ||
	    sh("ip link set t0 up") || peer("ip link set t1 up")) {
		setup_error = "ip commands failed (iproute2, nsenter?)";
		return -1;
	}
	/*
	 * Both ends finish coming up in the kernel's linkwatch work, after
	 * `ip link set up` returns; until then the peer drops what it sends
	 * (ND answers came a second late).  Start once both are UP.
	 */
	for (i = 0; i < WAIT_MS / 20; i++) {
		char cmd[128];

		snprintf(cmd, sizeof(cmd),
			 "nsenter -t %d -n ip -o link show t1 | grep -q 'state "
			 "UP'",
			 (int)peer_pid);
		if (!system("ip -o link show t0 | grep -q 'state UP'") &&
		    !system(cmd))
			return 0;
		usleep(20000);
	}
	setup_error = "t0/t1 did not come up";
	return -1;
}

static void test_setup_failed(void)
{
	CHECK(0, "setup failed: %s", setup_error);
}

static void test_link_lo(void)
{
	struct mplsx_link link;
	int err;

	err = mplsx_nl__link_by_name(nl, "lo", &link);
	CHECK(err == 0, "err %d", err);
	CHECK(strcmp(link.name, "lo") == 0, "name %s", link.name);
	CHECK(link.ifindex == 1, "ifindex %d", link.ifindex);
	CHECK(link.mtu == 65536, "mtu %u", link.mtu);
	CHECK(link.up, "lo is up (oper state unknown counts as up)");
	CHECK(mac_is(link.mac, "00:00:00:00:00:00"), "lo has a zero mac");
}

static void test_link_t0(void)
{
	struct mplsx_link link, by_index;
	int err;

	err = mplsx_nl__link_by_name(nl, "t0", &link);
	CHECK(err == 0, "err %d", err);
	CHECK(strcmp(link.name, "t0") == 0, "name %s", link.name);
	CHECK(link.ifindex > 1, "ifindex %d", link.ifindex);
	CHECK(link.mtu == 1450, "mtu %u", link.mtu);
	CHECK(link.up, "t0 up");
	CHECK(mac_is(link.mac, T0_MAC), "mac");

	err = mplsx_nl__link_by_index(nl, link.ifindex, &by_index);
	CHECK(err == 0, "err %d", err);
	CHECK(memcmp(&link, &by_index, sizeof(link)) == 0,
	      "by index and by name agree");
}

static void test_link_missing(void)
{
	struct mplsx_link link;
	int err;

	err = mplsx_nl__link_by_name(nl, "nosuch0", &link);
	CHECK(err == -ENODEV, "by name: err %d", err);
	err = mplsx_nl__link_by_index(nl, 99999, &link);
	CHECK(err == -ENODEV, "by index: err %d", err);
	err = mplsx_nl__link_by_name(nl, "a-name-too-long-for-linux", &link);
	CHECK(err == -ENODEV, "long name: err %d", err);
	err = mplsx_nl__link_by_name(nl, "", &link);
	CHECK(err == -ENODEV, "empty name: err %d", err);
}

static void test_resolve_connected_v4(void)
{
	struct mplsx_adjacency adj;
	char buf[MPLSX_ADDRSTRLEN];
	int calls, err;

	err = resolve_wait("10.99.0.2", 0, &adj, &calls);
	CHECK(err == 0, "err %d", err);
	CHECK(adj.dmac_valid, "resolved within %d ms (%d calls)", WAIT_MS,
	      calls);
	CHECK(mac_is(adj.dmac, T1_MAC), "dmac is t1's");
	CHECK(strcmp(adj.link.name, "t0") == 0, "egress %s", adj.link.name);
	CHECK(mac_is(adj.link.mac, T0_MAC), "smac is t0's");
	CHECK(adj.link.up, "egress up");
	CHECK(strcmp(mplsx_addr__str(&adj.neighbor, buf), "10.99.0.2") == 0,
	      "neighbor %s", buf);
	/* Nothing else talks to 10.99.0.2: the first call had to trigger. */
	CHECK(calls > 1, "first call cannot know the MAC yet (%d calls)",
	      calls);
}

static void test_resolve_gateway_v4(void)
{
	struct mplsx_adjacency adj;
	char buf[MPLSX_ADDRSTRLEN];
	int calls, err;

	CHECK(sh("ip route add 10.98.0.0/24 via 10.99.0.2") == 0, "route");
	err = resolve_wait("10.98.0.7", 0, &adj, &calls);
	CHECK(err == 0, "err %d", err);
	CHECK(adj.dmac_valid, "resolved");
	CHECK(mac_is(adj.dmac, T1_MAC), "dmac is the gateway's");
	CHECK(strcmp(adj.link.name, "t0") == 0, "egress %s", adj.link.name);
	CHECK(strcmp(mplsx_addr__str(&adj.neighbor, buf), "10.99.0.2") == 0,
	      "neighbor is the gateway, not the via: %s", buf);
}

static void test_resolve_unroutable(void)
{
	struct mplsx_adjacency adj;
	int err;

	/* A fresh namespace has no default route. */
	err = resolve_once("203.0.113.1", &adj);
	CHECK(err == -ENETUNREACH, "v4: err %d", err);
	err = resolve_once("2001:db8:ffff::1", &adj);
	CHECK(err == -ENETUNREACH, "v6: err %d", err);

	CHECK(sh("ip route add unreachable 10.97.0.0/24") == 0, "route");
	err = resolve_once("10.97.0.1", &adj);
	CHECK(err == -ENETUNREACH, "unreachable route: err %d", err);
	CHECK(sh("ip route add blackhole 10.96.0.0/24") == 0, "route");
	err = resolve_once("10.96.0.1", &adj);
	CHECK(err == -ENETUNREACH || err == -EINVAL, "blackhole route: err %d",
	      err);
}

static void test_resolve_local(void)
{
	struct mplsx_adjacency adj;
	int err;

	err = resolve_once("10.99.0.1", &adj);
	CHECK(err == -EADDRNOTAVAIL, "own v4 address: err %d", err);
	err = resolve_once("127.0.0.1", &adj);
	CHECK(err == -EADDRNOTAVAIL, "loopback: err %d", err);
	err = resolve_once("2001:db8:99::1", &adj);
	CHECK(err == -EADDRNOTAVAIL, "own v6 address: err %d", err);
}

static void test_resolve_static_neigh(void)
{
	struct mplsx_adjacency adj;
	int err;

	CHECK(sh("ip neigh add 10.99.0.50 lladdr " STATIC_MAC
		 " dev t0 nud permanent") == 0,
	      "neigh add");
	err = resolve_once("10.99.0.50", &adj);
	CHECK(err == 0, "err %d", err);
	CHECK(adj.dmac_valid, "a permanent entry resolves at once");
	CHECK(mac_is(adj.dmac, STATIC_MAC), "dmac");
}

static void test_resolve_bad_args(void)
{
	struct mplsx_adjacency adj;
	struct mplsx_addr none = {0};
	int err;

	err = mplsx_nl__resolve(nl, &none, &adj);
	CHECK(err == -EINVAL, "family 0: err %d", err);
	err = mplsx_nl__resolve_on(nl, &none, 0, &adj);
	CHECK(err == -EINVAL, "ifindex 0: err %d", err);
}

static void test_resolve_v6(void)
{
	struct mplsx_adjacency adj;
	struct mplsx_link t0;
	char buf[MPLSX_ADDRSTRLEN];
	int calls, err;

	err = resolve_wait("2001:db8:99::2", 0, &adj, &calls);
	CHECK(err == 0, "on-link: err %d", err);
	CHECK(adj.dmac_valid, "on-link resolved (%d calls)", calls);
	CHECK(mac_is(adj.dmac, T1_MAC), "on-link dmac");
	CHECK(strcmp(adj.link.name, "t0") == 0, "egress %s", adj.link.name);

	/* Link-local gateway, as IGPs install them. */
	CHECK(sh("ip -6 route add 2001:db8:98::/64 via fe80::99:2 dev t0") == 0,
	      "route");
	err = resolve_wait("2001:db8:98::7", 0, &adj, &calls);
	CHECK(err == 0, "via link-local gw: err %d", err);
	CHECK(adj.dmac_valid, "via link-local gw resolved (%d calls)", calls);
	CHECK(mac_is(adj.dmac, T1_MAC), "gw dmac");
	CHECK(strcmp(mplsx_addr__str(&adj.neighbor, buf), "fe80::99:2") == 0,
	      "neighbor %s", buf);

	/* A link-local via needs its interface. */
	CHECK(mplsx_nl__link_by_name(nl, "t0", &t0) == 0, "t0");
	err = resolve_wait("fe80::99:2", t0.ifindex, &adj, &calls);
	CHECK(err == 0, "link-local via on t0: err %d", err);
	CHECK(adj.dmac_valid, "link-local via resolved");
	CHECK(adj.link.ifindex == t0.ifindex, "egress %s", adj.link.name);
	CHECK(mac_is(adj.dmac, T1_MAC), "link-local dmac");
}

/*
 * Drain says 0 when nothing happened.  The peer is a live kernel (ND and
 * ARP timers), so a stray event may land between two calls: quiet must
 * come within a few calls, not necessarily the first.
 */
static bool goes_quiet(void)
{
	int i;

	for (i = 0; i < 3; i++) {
		if (mplsx_nl__drain_events(nl) == 0)
			return true;
		usleep(10000);
	}
	return false;
}

static void test_events_idle(void)
{
	CHECK(drain_all() >= 0, "drain");
	CHECK(goes_quiet(), "nothing happened, drain keeps saying 1");
}

/*
 * Events lost: shrink the event socket's buffer to the minimum, add 250
 * routes (far more than ~4 KiB of skbs), and expect drain to say "rescan"
 * instead of failing, and the socket to work afterwards.
 */
static void test_events_overflow(void)
{
	int fd = mplsx_nl__event_fd(nl);
	int tiny = 1, big = 4 * 1024 * 1024;
	int ret;

	drain_all();
	CHECK(setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &tiny, sizeof(tiny)) == 0,
	      "shrink: %s", strerror(errno));
	CHECK(sh("for i in $(seq 1 250); do "
		 "echo route add 10.200.$i.0/24 via 10.99.0.2; "
		 "done | ip -batch -") == 0,
	      "routes");
	ret = mplsx_nl__drain_events(nl);
	CHECK(ret == 1, "overflow reported as a change: %d", ret);
	CHECK(goes_quiet(), "then quiet");

	CHECK(setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &big, sizeof(big)) ==
		      0,
	      "restore: %s", strerror(errno));
	CHECK(sh("ip route del 10.200.1.0/24") == 0, "route del");
	ret = wait_event();
	CHECK(ret == 1, "events flow again: %d", ret);
}

/*
 * The peer's MAC changes: that is no event in our namespace (t1 is not
 * ours), so the daemon learns it when the neighbour entry is refreshed or
 * flushed.  Here: flush, and check each step is reported.
 */
static void test_peer_mac_change(void)
{
	struct mplsx_adjacency adj;
	int calls, err, ret;

	drain_all();
	CHECK(peer("ip link set t1 address " T1_MAC_NEW) == 0, "set mac");
	CHECK(sh("ip neigh flush dev t0") == 0, "flush");
	ret = wait_event();
	CHECK(ret == 1, "neighbour flush reported: %d", ret);

	err = resolve_once("10.99.0.2", &adj);
	CHECK(err == 0, "err %d", err);
	CHECK(!adj.dmac_valid, "flushed entry: resolution triggered");
	ret = wait_event();
	CHECK(ret == 1, "neighbour update reported: %d", ret);
	err = resolve_wait("10.99.0.2", 0, &adj, &calls);
	CHECK(err == 0, "err %d", err);
	CHECK(adj.dmac_valid, "re-resolved (%d calls)", calls);
	CHECK(mac_is(adj.dmac, T1_MAC_NEW), "new MAC seen");
}

/* Our own MAC changes: a link event, and the adjacency's source MAC. */
static void test_own_mac_change(void)
{
	struct mplsx_adjacency adj;
	int err, ret;

	drain_all();
	CHECK(sh("ip link set t0 address " T0_MAC_NEW) == 0, "set mac");
	ret = wait_event();
	CHECK(ret == 1, "link change reported: %d", ret);
	err = resolve_once("10.99.0.2", &adj);
	CHECK(err == 0, "err %d", err);
	CHECK(mac_is(adj.link.mac, T0_MAC_NEW), "new source MAC");
}

/*
 * Carrier loss (peer down): the routes stay, so resolve returns 0 with
 * link.up false and dmac_valid false.
 */
static void test_carrier_down(void)
{
	struct mplsx_adjacency adj;
	int err, ret;

	drain_all();
	CHECK(peer("ip link set t1 down") == 0, "t1 down");
	/* Carrier changes reach rtnetlink through linkwatch, a bit later. */
	ret = wait_event();
	CHECK(ret == 1, "link change reported: %d", ret);
	err = resolve_once("10.99.0.2", &adj);
	CHECK(err == 0, "err %d", err);
	CHECK(!adj.link.up, "t0 has no carrier");
	CHECK(!adj.dmac_valid, "no MAC on a dead link");
	err = resolve_once("10.99.0.50", &adj);
	CHECK(err == 0 && !adj.link.up && !adj.dmac_valid,
	      "static neighbour, dead link: err %d up %d valid %d", err,
	      adj.link.up, adj.dmac_valid);
	CHECK(peer("ip link set t1 up") == 0, "t1 up");
}

/*
 * Admin down: the kernel removes the link's routes, so resolve fails
 * (-ENETUNREACH).  0 with link.up false would also be acceptable to the
 * daemon; either way dmac_valid is never true on a link that is down.
 */
static void test_admin_down(void)
{
	static const char *const vias[] = {"10.99.0.2", "10.98.0.7",
					   "10.99.0.50", "2001:db8:99::2"};
	struct mplsx_adjacency adj;
	unsigned int i;
	int err;

	drain_all();
	CHECK(sh("ip link set t0 down") == 0, "t0 down");
	CHECK(wait_event() == 1, "link change reported");
	for (i = 0; i < sizeof(vias) / sizeof(vias[0]); i++) {
		err = resolve_once(vias[i], &adj);
		CHECK(err < 0 || (!adj.link.up && !adj.dmac_valid),
		      "%s: err %d up %d valid %d", vias[i], err, adj.link.up,
		      adj.dmac_valid);
		CHECK(err == -ENETUNREACH, "%s: err %d", vias[i], err);
	}
}

int main(void)
{
	tl_plan(16);
	if (unshare(CLONE_NEWNET)) {
		fprintf(stderr, "unshare(CLONE_NEWNET): %s\n", strerror(errno));
		setup_error = "cannot create a network namespace (run as root)";
		RUN(test_setup_failed);
		return tl_summary();
	}
	if (setup()) {
		RUN(test_setup_failed);
		peer_stop();
		return tl_summary();
	}
	nl = mplsx_nl__open();
	if (!nl) {
		fprintf(stderr, "mplsx_nl__open: %s\n", strerror(errno));
		setup_error = "mplsx_nl__open failed";
		RUN(test_setup_failed);
		peer_stop();
		return tl_summary();
	}

	RUN(test_link_lo);
	RUN(test_link_t0);
	RUN(test_link_missing);
	RUN(test_resolve_connected_v4);
	RUN(test_resolve_gateway_v4);
	RUN(test_resolve_unroutable);
	RUN(test_resolve_local);
	RUN(test_resolve_static_neigh);
	RUN(test_resolve_bad_args);
	RUN(test_resolve_v6);
	RUN(test_events_idle);
	RUN(test_events_overflow);
	RUN(test_peer_mac_change);
	RUN(test_own_mac_change);
	RUN(test_carrier_down);
	RUN(test_admin_down);

	mplsx_nl__close(nl);
	peer_stop();
	return tl_summary();
}
