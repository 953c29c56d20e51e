// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * test_frag.c - IPv4 fragmentation of a CE's packet without DF that is
 * too big for the core (bpf/lib/frag.h), for real: in a network
 * namespace of its own, veth vR is a VRF port with the fragmenter on its
 * TC ingress hook and vC the core; each frame of tests/bpf/frag_vectors.py
 * (Scapy) goes through the XDP program in live-frame mode on vR, which
 * passes it up to the TC hook; the fragments are captured at vC's far end
 * (fC) and compared byte for byte with the ones Scapy's fragment() made
 * (offsets, MF, header checksums, labels), and the script has checked that
 * Scapy's defragment() of those gives the original datagram back.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <poll.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "dp/mplsx_abi.h"
#include "dp/nh_prebuild.h"
#include "mplsx.skel.h"
#include "testlib.h"
#include "percpu.h"

#define VECTORS	  "tests/bpf/frag_vectors.py"
#define N_VECTORS 5
#define MAXF	  4096
#include "framebuf.h" /* struct buf of MAXF bytes, unhex() */
#include "xdp_live.h"
#define MAX_FRAGS 8
#define RED	  1
#define VRF_PORT  4
#define CORE_PORT 5
#define NH_ID	  2

static struct mplsx_bpf *skel;
static int vr_if, vc_if, cap_fd = -1;

struct vec {
	char *desc;
	struct buf in;
	struct buf out[MAX_FRAGS];
	int n_out;
};

static int sh(const char *cmd)
{
	int rc = system(cmd);

	if (rc)
		fprintf(stderr, "    %s: exit %d\n", cmd, rc);
	return rc;
}

static int fd_of(const struct bpf_map *m)
{
	return bpf_map__fd(m);
}

static uint64_t counter(const struct bpf_map *map, uint32_t key)
{
	struct mplsx_counter c;

	percpu_sum(fd_of(map), key, &c, sizeof(c));
	return c.packets;
}

static int set_conf(uint32_t flags)
{
	struct icmp_conf c = {.flags = flags};
	uint32_t zero = 0;

	return bpf_map_update_elem(fd_of(skel->maps.icmp_conf), &zero, &c,
				   BPF_ANY);
}

static int setup(void)
{
	struct port_config pc = {.role = MPLSX_PORT_VRF,
				 .port_id = VRF_PORT,
				 .vrf_id = RED,
				 .mac = {2, 0, 0, 0, 0, 1}};
	struct nexthop nh = {.port_id = CORE_PORT,
			     .dmac = {2, 0, 0, 0, 0, 0x12},
			     .smac = {2, 0, 0, 0, 0, 2},
			     .mtu = 1500,
			     .state = MPLSX_NH_RESOLVED,
			     .n_push = 1};
	struct vrf_fib4_key k = {.prefixlen = 32 + 24, .vrf_id = RED};
	struct vrf_route rt = {.kind = MPLSX_ROUTE_REMOTE, .nexthop_id = NH_ID};
	struct sockaddr_ll sll = {.sll_family = AF_PACKET,
				  .sll_protocol = htons(ETH_P_ALL)};
	LIBBPF_OPTS(bpf_tc_hook, hook, .attach_point = BPF_TC_INGRESS);
	LIBBPF_OPTS(bpf_tc_opts, opts, .handle = 1, .priority = 1);
	uint32_t id = NH_ID, u;
	int err = 0;

	if (sh("ip link set lo up") ||
	    sh("sysctl -qw net.ipv6.conf.all.disable_ipv6=1 "
	       "net.ipv6.conf.default.disable_ipv6=1") ||
	    sh("ip link add vR type veth peer fR") ||
	    sh("ip link add vC type veth peer fC") ||
	    sh("for i in vR fR vC fC; do ip link set $i up; done"))
		return -1;
	vr_if = (int)if_nametoindex("vR");
	vc_if = (int)if_nametoindex("vC");
	sll.sll_ifindex = (int)if_nametoindex("fC");
	cap_fd = socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK, htons(ETH_P_ALL));
	if (cap_fd < 0 || bind(cap_fd, (struct sockaddr *)&sll, sizeof(sll)))
		return -1;

	nh.ifindex = vc_if;
	nh.push[0] = htonl(16001 << MPLS_LS_LABEL_SHIFT);
	nexthop_prebuild(&nh);
	inet_pton(AF_INET, "192.168.2.0", &k.addr);
	rt.vpn_label = htonl(200 << MPLS_LS_LABEL_SHIFT | MPLS_LS_S_MASK);
	u = (uint32_t)vr_if;
	err |= bpf_map_update_elem(fd_of(skel->maps.port_config), &u, &pc,
				   BPF_ANY);
	err |= bpf_map_update_elem(fd_of(skel->maps.nexthop), &id, &nh,
				   BPF_ANY);
	err |= bpf_map_update_elem(fd_of(skel->maps.vrf_fib4), &k, &rt,
				   BPF_ANY);
	u = (uint32_t)vc_if;
	err |= bpf_map_update_elem(fd_of(skel->maps.tx_port), &u, &u, BPF_ANY);
	err |= set_conf(MPLSX_ICMP_F_ENABLED | MPLSX_ICMP_F_FRAGMENT);
	if (err)
		return -1;
	hook.ifindex = vr_if;
	opts.prog_fd = bpf_program__fd(skel->progs.mplsx_frag_tc);
	err = bpf_tc_hook_create(&hook);
	if (err && err != -EEXIST)
		return err;
	return bpf_tc_attach(&hook, &opts);
}

/* The next frame at fC within ms; 0 when none came. */
static int cap_next(struct buf *f, int ms)
{
	struct pollfd pfd = {.fd = cap_fd, .events = POLLIN};
	ssize_t n;

	f->len = 0;
	if (poll(&pfd, 1, ms) <= 0)
		return 0;
	n = recv(cap_fd, f->b, sizeof(f->b), 0);
	if (n <= 0)
		return 0;
	f->len = (size_t)n;
	return 1;
}

static void drain(void)
{
	struct buf f;

	while (cap_next(&f, 50))
		;
}

static void dump(const char *what, const struct buf *f)
{
	size_t i;

	fprintf(stderr, "    %s (%zu bytes):", what, f->len);
	for (i = 0; i < f->len && i < 96; i++)
		fprintf(stderr, "%s%02x", i % 32 ? "" : "\n      ", f->b[i]);
	fprintf(stderr, "%s\n", f->len > 96 ? " ..." : "");
}

static void run_vec(const void *arg)
{
	const struct vec *v = arg;
	uint64_t d0 = counter(skel->maps.icmp_stats, MPLSX_ICMP_FRAGMENTED);
	uint64_t f0 = counter(skel->maps.icmp_stats, MPLSX_ICMP_FRAGMENTS);
	struct buf got;
	size_t i, diff;
	int k;

	drain();
	CHECK(!run_live(skel, &v->in, vr_if), "live run: %s", strerror(errno));
	for (k = 0; k < v->n_out; k++) {
		CHECK(cap_next(&got, 1000), "fragment %d never came", k + 1);
		if (!got.len)
			return;
		if (got.len == v->out[k].len &&
		    !memcmp(got.b, v->out[k].b, got.len))
			continue;
		for (diff = 0; diff < got.len && diff < v->out[k].len; diff++)
			if (got.b[diff] != v->out[k].b[diff])
				break;
		CHECK(0, "fragment %d differs from Scapy's at byte %zu", k + 1,
		      diff);
		dump("want", &v->out[k]);
		dump("got", &got);
	}
	CHECK(!cap_next(&got, 100), "a frame more than %d fragments", v->n_out);
	CHECK(counter(skel->maps.icmp_stats, MPLSX_ICMP_FRAGMENTED) - d0 == 1,
	      "fragmented counted once");
	CHECK(counter(skel->maps.icmp_stats, MPLSX_ICMP_FRAGMENTS) - f0 ==
		      (uint64_t)v->n_out,
	      "fragments counted: %llu",
	      (unsigned long long)(counter(skel->maps.icmp_stats,
					   MPLSX_ICMP_FRAGMENTS) -
				   f0));
	(void)i;
}

/* Without the fragmenter (the agent did not say it is there): dropped,
 * counted as mtu_exceeded, nothing on the core. */
static struct vec *first;

static void test_fragmenter_off(void)
{
	uint64_t m0 = counter(skel->maps.drop_stats, MPLSX_DROP_MTU_EXCEEDED);
	struct buf got;

	if (!first)
		return;
	drain();
	CHECK(!set_conf(MPLSX_ICMP_F_ENABLED), "icmp_conf");
	CHECK(!run_live(skel, &first->in, vr_if), "live run");
	CHECK(!cap_next(&got, 200), "a frame came out");
	CHECK(counter(skel->maps.drop_stats, MPLSX_DROP_MTU_EXCEEDED) - m0 == 1,
	      "mtu_exceeded counted");
	set_conf(MPLSX_ICMP_F_ENABLED | MPLSX_ICMP_F_FRAGMENT);
}

int main(void)
{
	static struct vec vecs[16];
	static char line[65536];
	size_t n = 0, i;
	FILE *f;
	int err;

	if (unshare(CLONE_NEWNET)) {
		fprintf(stderr, "unshare: %s\n", strerror(errno));
		printf("0 passed, 1 failed\n");
		return 1;
	}
	skel = mplsx_bpf__open_and_load();
	if (!skel || setup()) {
		fprintf(stderr, "cannot set up: %s\n", strerror(errno));
		printf("0 passed, 1 failed\n");
		return 1;
	}
	f = popen("/usr/bin/python3 " VECTORS, "r");
	while (f && n < sizeof(vecs) / sizeof(vecs[0]) &&
	       fgets(line, sizeof(line), f)) {
		char *save, *tok;
		int k = 0;

		line[strcspn(line, "\n")] = '\0';
		tok = strtok_r(line, "\t", &save);
		if (!tok)
			continue;
		vecs[n].desc = strdup(tok);
		tok = strtok_r(NULL, "\t", &save);
		if (!tok || unhex(tok, &vecs[n].in))
			continue;
		while ((tok = strtok_r(NULL, "\t", &save)) && k < MAX_FRAGS)
			if (!unhex(tok, &vecs[n].out[k]))
				k++;
		vecs[n].n_out = k;
		n++;
	}
	if (!f || pclose(f) != 0 || n == 0) {
		fprintf(stderr, "%s did not run (Scapy missing?)\n", VECTORS);
		printf("0 passed, 1 failed\n");
		return 1;
	}
	first = &vecs[0];
	tl_plan(N_VECTORS + 1);
	for (i = 0; i < n; i++)
		tl_run(vecs[i].desc, run_vec, &vecs[i]);
	RUN(test_fragmenter_off);
	err = tl_summary();
	for (i = 0; i < n; i++)
		free(vecs[i].desc);
	close(cap_fd);
	mplsx_bpf__destroy(skel);
	return err;
}
