// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * test_bgp_second.c - a neighbour's second connection held aside until
 * its OPEN: bytes dribbled in one at a time, an OPEN split over reads,
 * rubbish, a KEEPALIVE first, a closed connection.  A socketpair stands
 * in for the TCP connection; the epoll set is real.
 */
#include <errno.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "bgp/bgp_second.h"
#include "testlib.h"

struct pair {
	struct bgp_second c;
	int peer; /* the far end: what the neighbour writes */
	int ep;
};

static int pair_open(struct pair *p)
{
	int sv[2];

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv))
		return -1;
	p->ep = epoll_create1(0);
	p->peer = sv[1];
	bgp_second__init(&p->c, p->ep, p);
	return bgp_second__start(&p->c, sv[0], 1000);
}

static void pair_close(struct pair *p)
{
	bgp_second__close(&p->c, NULL);
	close(p->peer);
	close(p->ep);
}

static int open_msg(uint8_t *buf)
{
	struct bgp_open o = {
		.as = 65000,
		.hold_time = 90,
		.bgp_id = 0x0a000001,
		.af_mask = BGP_AF_BIT(BGP_AF_VPNV4),
		.as4 = true,
		.gr = true,
		.gr_time = 120,
	};

	return bgp_open_build(&o, buf, BGP_MAX_LEN);
}

static void test_open_in_pieces(void)
{
	uint8_t msg[BGP_MAX_LEN];
	struct bgp_error err;
	struct bgp_open open;
	struct pair p;
	int n = open_msg(msg), i;

	CHECK(n > 19 && pair_open(&p) == 0);
	CHECK(bgp_second__active(&p.c));
	CHECK(bgp_second__read(&p.c, &open, &err) == BGP_SECOND_MORE,
	      "nothing sent yet: wait");
	for (i = 0; i < n - 1; i++) {
		CHECK(write(p.peer, msg + i, 1) == 1);
		if (bgp_second__read(&p.c, &open, &err) != BGP_SECOND_MORE)
			break;
	}
	CHECK(i == n - 1, "a partial OPEN is never taken (%d of %d)", i, n);
	CHECK(write(p.peer, msg + n - 1, 1) == 1);
	CHECK(bgp_second__read(&p.c, &open, &err) == BGP_SECOND_OPEN);
	CHECK(open.as == 65000 && open.bgp_id == 0x0a000001 && open.gr &&
	      open.gr_time == 120);
	CHECK(p.c.len == (size_t)n, "the OPEN's bytes are kept for the FSM");
	pair_close(&p);
	CHECK(!bgp_second__active(&p.c));
}

static void test_rubbish(void)
{
	static const uint8_t http[] = "GET / HTTP/1.0\r\nHost: x\r\n\r\n";
	uint8_t ka[19];
	struct bgp_error err;
	struct bgp_open open;
	struct pair p;

	CHECK(pair_open(&p) == 0);
	CHECK(write(p.peer, http, 10) == 10);
	CHECK(bgp_second__read(&p.c, &open, &err) == BGP_SECOND_MORE,
	      "less than a header: waits (the deadline closes it)");
	CHECK(write(p.peer, http + 10, sizeof(http) - 11) > 0);
	CHECK(bgp_second__read(&p.c, &open, &err) == BGP_SECOND_BAD,
	      "no BGP marker: refused");
	CHECK(err.code == BGP_ERR_HEADER, "header error %u", err.code);
	pair_close(&p);

	CHECK(pair_open(&p) == 0);
	memset(ka, 0xff, 16);
	bgp_hdr_write(ka, 19, BGP_MSG_KEEPALIVE);
	CHECK(write(p.peer, ka, sizeof(ka)) == sizeof(ka));
	CHECK(bgp_second__read(&p.c, &open, &err) == BGP_SECOND_BAD,
	      "a KEEPALIVE before any OPEN: refused");
	pair_close(&p);

	CHECK(pair_open(&p) == 0);
	close(p.peer);
	p.peer = -1;
	CHECK(bgp_second__read(&p.c, &open, &err) == BGP_SECOND_BAD,
	      "closed before an OPEN");
	CHECK(err.code == 0, "nobody to tell");
	bgp_second__close(&p.c, NULL);
	close(p.ep);
}

static void test_close_sends_notification(void)
{
	uint8_t buf[64];
	struct bgp_error err;
	struct pair p;
	ssize_t n;

	CHECK(pair_open(&p) == 0);
	CHECK(p.c.deadline == 1000 + BGP_SECOND_TIMEOUT_MS);
	bgp_error_set(&err, BGP_ERR_CEASE, BGP_CEASE_COLLISION, NULL, 0);
	bgp_second__close(&p.c, &err);
	n = read(p.peer, buf, sizeof(buf));
	CHECK(n == 21 && buf[18] == BGP_MSG_NOTIFICATION &&
		      buf[19] == BGP_ERR_CEASE &&
		      buf[20] == BGP_CEASE_COLLISION,
	      "Cease / connection collision resolution (%zd bytes)", n);
	CHECK(read(p.peer, buf, sizeof(buf)) == 0, "then closed");
	close(p.peer);
	close(p.ep);
}

int main(void)
{
	tl_plan(3);
	RUN(test_open_in_pieces);
	RUN(test_rubbish);
	RUN(test_close_sends_notification);
	return tl_summary();
}
