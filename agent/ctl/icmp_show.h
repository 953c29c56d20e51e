/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* icmp_show.h - the "icmp" object of `mplsxctl show stats`. */
#ifndef MPLSX_ICMP_SHOW_H
#define MPLSX_ICMP_SHOW_H

#include <cjson/cJSON.h>

struct mplsx_router;

/* Adds "icmp": the rate limit in force and the icmp_stats counters. */
void icmp_show_stats(cJSON *o, const struct mplsx_router *r);

#endif
