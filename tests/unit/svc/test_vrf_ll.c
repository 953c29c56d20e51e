// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * test_vrf_ll.c - the VRF interface of an IPv6 link-local next hop (an
 * OSPFv3 route's): the interface the kernel knows it as a neighbour on,
 * else the VRF's only interface; never another VRF's or the core's, and
 * none when two interfaces of the VRF claim it.
 */
#include <string.h>

#include "svc/vrf_ll.h"
#include "testlib.h"

/* Ports: core (ifindex 2), red r1 (3) and r9 (9), blue b1 (4), and a
 * blue port whose device is absent (kernel_ifindex 0). */
static struct port_state ports[MPLSX_MAX_PORTS];

static void ports_init(void)
{
	static const struct {
		int port, ifindex;
		uint32_t vrf;
	} rows[] = {{0, 2, 0}, {1, 3, 1}, {2, 4, 2}, {3, 9, 1}, {4, 0, 2}};
	size_t i;

	memset(ports, 0, sizeof(ports));
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		ports[rows[i].port].used = true;
		ports[rows[i].port].kernel_ifindex = rows[i].ifindex;
		ports[rows[i].port].vrf_id = rows[i].vrf;
	}
}

static struct mplsx_addr addr(const char *s)
{
	struct mplsx_addr a;

	mplsx_addr__parse(&a, s);
	return a;
}

static int ifindex_of(const struct vrf_ll_set *s, uint32_t vrf, const char *a)
{
	struct mplsx_addr x = addr(a);

	return vrf_ll__ifindex(s, ports, vrf, &x);
}

static void test_is_link_local(const void *arg)
{
	static const struct {
		const char *a;
		bool ll;
	} rows[] = {{"fe80::1", true},	  {"febf:ffff::1", true},
		    {"fec0::1", false},	  {"fe7f::1", false},
		    {"fd00:2::1", false}, {"169.254.0.1", false}};
	size_t i;

	(void)arg;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct mplsx_addr a = addr(rows[i].a);

		CHECK(vrf_ll__is_link_local(&a) == rows[i].ll, "%s", rows[i].a);
	}
}

/* Red has two interfaces: the neighbour table decides. */
static void test_neighbour_decides(const void *arg)
{
	struct vrf_ll_set s = {0};
	struct mplsx_addr ce = addr("fe80::2");

	(void)arg;
	CHECK(ifindex_of(&s, 1, "fe80::2") == 0, "two interfaces, no guess");
	CHECK(!vrf_ll__add(&s, 1, 9, &ce), "add");
	CHECK(ifindex_of(&s, 1, "fe80::2") == 9, "on r9, where it is known");
	CHECK(ifindex_of(&s, 1, "fe80::3") == 0, "another address: none");
	/* The same entry again (two dumps of one device): still r9. */
	CHECK(!vrf_ll__add(&s, 1, 9, &ce), "add again");
	CHECK(ifindex_of(&s, 1, "fe80::2") == 9, "still r9");
	vrf_ll__free(&s);
}

/* The same link-local on both red links: which one is a guess. */
static void test_ambiguous(const void *arg)
{
	struct vrf_ll_set s = {0};
	struct mplsx_addr ce = addr("fe80::2");

	(void)arg;
	CHECK(!vrf_ll__add(&s, 1, 3, &ce) && !vrf_ll__add(&s, 1, 9, &ce),
	      "add");
	CHECK(ifindex_of(&s, 1, "fe80::2") == 0, "on r1 and r9: none");
	vrf_ll__free(&s);
}

/* Blue has one interface with a device: it, with or without a
 * neighbour entry; a neighbour of another VRF never counts. */
static void test_only_interface(const void *arg)
{
	struct vrf_ll_set s = {0};
	struct mplsx_addr ce = addr("fe80::2");

	(void)arg;
	CHECK(ifindex_of(&s, 2, "fe80::2") == 4, "blue's only device b1");
	CHECK(!vrf_ll__add(&s, 1, 3, &ce), "add on red's r1");
	CHECK(ifindex_of(&s, 2, "fe80::2") == 4, "red's neighbour ignored");
	CHECK(ifindex_of(&s, 1, "fe80::2") == 3, "red: r1");
	CHECK(ifindex_of(&s, 3, "fe80::2") == 0, "a VRF with no interface");
	CHECK(ifindex_of(&s, 2, "fd00:31:4::2") == 0, "not link-local");
	vrf_ll__free(&s);
}

int main(void)
{
	ports_init();
	tl_plan(4);
	RUN(test_is_link_local);
	RUN(test_neighbour_decides);
	RUN(test_ambiguous);
	RUN(test_only_interface);
	return tl_summary();
}
