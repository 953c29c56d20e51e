// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* show_bgp.c - `mplsxctl show bgp`: the speaker, its neighbours and their
 * sessions, families, counters and graceful-restart state. */
#include "ctl/show_bgp.h"

#include <stdio.h>

#include "bgp/bgp_fsm.h"
#include "bgp/bgp_msg.h"

static cJSON *msg_counts(const uint64_t *c)
{
	static const char *const names[BGP_MSG_TYPE_MAX + 1] = {
		NULL,		"open",	     "update",
		"notification", "keepalive", "route_refresh",
	};
	cJSON *o = cJSON_CreateObject();
	int t;

	for (t = 1; t <= BGP_MSG_TYPE_MAX; t++)
		cJSON_AddNumberToObject(o, names[t], (double)c[t]);
	return o;
}

static cJSON *nb_json(const struct bgp_peer_info *nb)
{
	const struct bgp_session *s = nb->session;
	uint64_t now = nb->now;
	const struct bgp_counters *c = &s->counters;
	cJSON *o = cJSON_CreateObject(), *m, *f, *gr;
	char a[MPLSX_ADDRSTRLEN], e[160];
	int af;

	cJSON_AddStringToObject(o, "address",
				mplsx_addr__str(&nb->cfg->address, a));
	cJSON_AddNumberToObject(o, "asn", nb->cfg->asn);
	cJSON_AddNumberToObject(o, "port", nb->cfg->port);
	if (nb->cfg->vrf[0])
		cJSON_AddStringToObject(o, "vrf", nb->cfg->vrf);
	else
		cJSON_AddNullToObject(o, "vrf");
	cJSON_AddStringToObject(o, "state", bgp_state_str(s->state));
	cJSON_AddNumberToObject(
		o, "uptime",
		s->state == BGP_STATE_ESTABLISHED
			? (double)((now - s->established_ms) / 1000)
			: 0);
	cJSON_AddNumberToObject(o, "established_count", c->established_count);
	if (s->state == BGP_STATE_ESTABLISHED) {
		cJSON_AddNumberToObject(o, "hold_time", s->hold_time);
		cJSON_AddNumberToObject(o, "keepalive", s->keepalive_time);
	} else {
		cJSON_AddNumberToObject(o, "hold_time", s->cfg.hold_time);
		cJSON_AddNumberToObject(o, "keepalive", s->cfg.hold_time / 3);
	}
	m = cJSON_AddObjectToObject(o, "messages");
	cJSON_AddItemToObject(m, "in", msg_counts(c->msgs_in));
	cJSON_AddItemToObject(m, "out", msg_counts(c->msgs_out));
	f = cJSON_AddObjectToObject(o, "families");
	for (af = 0; af < BGP_AF_COUNT; af++) {
		cJSON *x;

		if (!(s->cfg.af_mask & BGP_AF_BIT(af)))
			continue;
		x = cJSON_AddObjectToObject(f, bgp_af_name(af));
		cJSON_AddBoolToObject(x, "negotiated",
				      (s->af_active & BGP_AF_BIT(af)) != 0);
		cJSON_AddNumberToObject(x, "received",
					(double)c->prefixes_received[af]);
		cJSON_AddNumberToObject(x, "accepted",
					(double)c->prefixes_accepted[af]);
		cJSON_AddNumberToObject(x, "withdrawn",
					(double)c->prefixes_withdrawn[af]);
		cJSON_AddNumberToObject(x, "advertised",
					(double)nb->advertised[af]);
		cJSON_AddNumberToObject(x, "routes", (double)nb->routes[af]);
		/* RFC 7606 AFI/SAFI disable: times this session's family
		 * was turned off for NLRI that cannot be parsed. */
		cJSON_AddNumberToObject(x, "disabled",
					(double)c->af_disabled[af]);
	}
	gr = cJSON_AddObjectToObject(o, "graceful_restart");
	cJSON_AddBoolToObject(gr, "peer_capable", nb->peer_gr);
	cJSON_AddNumberToObject(gr, "peer_restart_time", nb->peer_gr_time);
	cJSON_AddNumberToObject(gr, "stale_routes", (double)nb->stale);
	/* Our End-of-RIB waits for the VRF sessions' routes. */
	cJSON_AddBoolToObject(gr, "end_of_rib_deferred", nb->eor_deferred);
	if (nb->restart_deadline)
		cJSON_AddNumberToObject(
			gr, "restart_timer",
			nb->restart_deadline > now
				? (double)((nb->restart_deadline - now + 999) /
					   1000)
				: 0);
	if (s->last_error.code) {
		snprintf(e, sizeof(e), "%s %u/%u %s/%s",
			 s->last_error_sent ? "sent" : "received",
			 s->last_error.code, s->last_error.subcode,
			 bgp_error_code_str(s->last_error.code),
			 bgp_error_subcode_str(s->last_error.code,
					       s->last_error.subcode));
		cJSON_AddStringToObject(o, "last_error", e);
	} else {
		cJSON_AddNullToObject(o, "last_error");
	}
	return o;
}

cJSON *show_bgp(const struct mplsx_config *cfg, const struct bgp_speaker *sp,
		char *err, size_t errlen)
{
	const struct cfg_bgp *b = &cfg->bgp;
	struct bgp_peer_info nb;
	cJSON *o, *a;
	char buf[MPLSX_ADDRSTRLEN];
	size_t i;

	if (!b->enabled) {
		snprintf(err, errlen, "show bgp: no \"bgp\" in the config");
		return NULL;
	}
	o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "asn", b->asn);
	cJSON_AddStringToObject(o, "router_id",
				mplsx_addr__str(&cfg->router_id, buf));
	cJSON_AddStringToObject(o, "listen", mplsx_addr__str(&b->listen, buf));
	cJSON_AddNumberToObject(o, "port", b->port);
	cJSON_AddNumberToObject(o, "hold_time", b->hold_time);
	cJSON_AddNumberToObject(o, "graceful_restart", b->graceful_restart);
	a = cJSON_AddArrayToObject(o, "neighbors");
	for (i = 0; i < bgp_speaker__n_peers(sp); i++) {
		bgp_speaker__peer(sp, i, &nb);
		cJSON_AddItemToArray(a, nb_json(&nb));
	}
	return o;
}
