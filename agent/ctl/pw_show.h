/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* pw_show.h - `mplsxctl show pseudowires`. */
#ifndef MPLSX_PW_SHOW_H
#define MPLSX_PW_SHOW_H

#include <cjson/cJSON.h>

struct mplsx_router;

/* `show pseudowires` rows. */
cJSON *pws_show(const struct mplsx_router *r);

#endif
