/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* vpls_show.h - `mplsxctl show vpls` and the VPLS part of `show stats`. */
#ifndef MPLSX_VPLS_SHOW_H
#define MPLSX_VPLS_SHOW_H

#include <cjson/cJSON.h>

struct mplsx_router;

/* `show vpls` rows. */
cJSON *vpls_show(const struct mplsx_router *r);
/* Per instance: name, MAC count and counters (`show stats`, "vpls"). */
cJSON *vpls_show_stats(const struct mplsx_router *r);

#endif
