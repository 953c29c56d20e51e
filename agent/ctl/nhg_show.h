/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* nhg_show.h - next-hop group members in `show` rows. */
#ifndef MPLSX_NHG_SHOW_H
#define MPLSX_NHG_SHOW_H

#include <stdint.h>
#include <cjson/cJSON.h>

struct mplsx_router;
struct nhg_vias;

/* For a group nexthop, add "group" (its id) and "members" to O: each
 * member's via, interface, neighbour, state (reason when down), weight,
 * buckets held, and the packets and bytes it sent.  Nothing for a plain
 * nexthop. */
void nhg_show_members(cJSON *o, const struct mplsx_router *r, uint32_t nh_id);

/* "via" as the config wrote it: one address, or a list (members with
 * a weight other than 1 as {"address", "weight"}). */
void nhg_show_vias(cJSON *o, const char *key, const struct nhg_vias *vias);

#endif
