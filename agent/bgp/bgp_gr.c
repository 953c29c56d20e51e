// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* bgp_gr.c - graceful-restart timers of a session (bgp_gr.h). */
#include "bgp/bgp_gr.h"

uint32_t bgp_gr__up(struct bgp_gr *gr, const struct bgp_session *s, bool stale,
		    uint64_t now)
{
	uint32_t flush = 0;
	int af;

	gr->peer_gr = s->peer_open.gr;
	gr->peer_gr_time = s->peer_open.gr_time;
	if (!stale)
		return 0;
	gr->restart_deadline = 0;
	gr->stale_deadline = now + BGP_GR_STALE_TIME_MS;
	for (af = 0; af < BGP_AF_COUNT; af++)
		if (!s->peer_open.gr || !(s->af_active & BGP_AF_BIT(af)) ||
		    !(s->peer_open.gr_fwd_mask & BGP_AF_BIT(af)))
			flush |= BGP_AF_BIT(af);
	return flush;
}

bool bgp_gr__graceful(const struct bgp_gr *gr, bool local,
		      const struct bgp_error *err, bool sent)
{
	return local && gr->peer_gr &&
	       (!err || (sent && err->code == BGP_ERR_HOLD_TIMER));
}

bool bgp_gr__restart(struct bgp_gr *gr, uint64_t now)
{
	gr->stale_deadline = 0;
	gr->restart_deadline = now + gr->peer_gr_time * 1000ull;
	if (gr->peer_gr_time)
		return true;
	gr->restart_deadline = 0;
	return false;
}

void bgp_gr__clear(struct bgp_gr *gr)
{
	gr->restart_deadline = gr->stale_deadline = 0;
}

bool bgp_gr__expired(const struct bgp_gr *gr, uint64_t now)
{
	return (gr->restart_deadline && now >= gr->restart_deadline) ||
	       (gr->stale_deadline && now >= gr->stale_deadline);
}

uint64_t bgp_gr__deadline(const struct bgp_gr *gr)
{
	uint64_t a = gr->restart_deadline, b = gr->stale_deadline;

	return !a || (b && b < a) ? b : a;
}
