// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * fuzz_bgp_open.c - libFuzzer harness for OPEN and the session.
 *
 * The input is parsed as one OPEN message, then fed as a byte stream to a
 * session that has just accepted a connection, so that OPEN, KEEPALIVE,
 * NOTIFICATION, ROUTE-REFRESH and UPDATE handling and the FSM all run.
 * Time advances by one second per input chunk to reach the timers.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bgp/bgp_fsm.h"

static int sink_send(void *ctx, const uint8_t *msg, size_t len)
{
	(void)ctx;
	(void)msg;
	return len >= BGP_HDR_LEN ? 0 : -1;
}

static const struct bgp_fsm_ops sink_ops = {.send = sink_send};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct bgp_config cfg = {
		.local_as = 65000,
		.local_id = 0x0aff0002,
		.peer_as = 0,
		.hold_time = 9,
		.af_mask = ~0u >> (32 - BGP_AF_COUNT),
		.gr_time = 120,
	};
	struct bgp_session *s;
	struct bgp_open open;
	struct bgp_error err;
	uint8_t *exact, type;
	uint64_t now = 0;
	size_t off = 0;

	exact = malloc(size ? size : 1);
	if (!exact)
		return 0;
	memcpy(exact, data, size);
	if (bgp_hdr_check(exact, size, &type, &err) > 0 &&
	    type == BGP_MSG_OPEN &&
	    !bgp_open_parse(exact, (size_t)bgp_get16(exact + 16), &open, &err))
		bgp_open_check(&open, 65000, 65000, 0x0aff0002, &err);

	s = malloc(sizeof(*s));
	if (!s)
		goto out;
	bgp_session_init(s, &cfg, &sink_ops, NULL);
	bgp_session_start(s, now);
	bgp_session_accepted(s, now);
	while (off < size && s->state >= BGP_STATE_OPENSENT) {
		size_t chunk = 1 + exact[off] % 97;

		if (chunk > size - off)
			chunk = size - off;
		if (bgp_session_input(s, now, exact + off, chunk))
			break;
		off += chunk;
		now += 1000;
		bgp_session_tick(s, now);
	}
	free(s);
out:
	free(exact);
	return 0;
}
