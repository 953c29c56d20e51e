// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* icmp_show.c - `mplsxctl show stats`, "icmp": {"enabled", "rate",
 * "burst", then one count per icmp_stats counter: messages sent by kind,
 * tunnelled, rate_limited (suppressed by the bucket), no_source,
 * not_allowed}. */
#include "ctl/icmp_show.h"

#include "svc/icmp.h"
#include "svc/router.h"

void icmp_show_stats(cJSON *o, const struct mplsx_router *r)
{
	static const char *const names[] = MPLSX_ICMP_STAT_NAMES;
	struct mplsx_counter c[MPLSX_ICMP__MAX];
	cJSON *ic = cJSON_AddObjectToObject(o, "icmp");
	int i;

	_Static_assert(sizeof(names) / sizeof(names[0]) == MPLSX_ICMP__MAX,
		       "MPLSX_ICMP_STAT_NAMES");
	if (r->cfg) {
		cJSON_AddBoolToObject(ic, "enabled", r->cfg->icmp.enabled);
		cJSON_AddNumberToObject(ic, "rate", r->cfg->icmp.rate);
		cJSON_AddNumberToObject(ic, "burst", r->cfg->icmp.burst);
	}
	icmp__stats(&r->dp, c);
	for (i = 0; i < MPLSX_ICMP__MAX; i++)
		cJSON_AddNumberToObject(ic, names[i], (double)c[i].packets);
}
