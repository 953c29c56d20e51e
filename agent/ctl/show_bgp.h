/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* show_bgp.h - `mplsxctl show bgp`. */
#ifndef MPLSX_SHOW_BGP_H
#define MPLSX_SHOW_BGP_H

#include <cjson/cJSON.h>
#include <stddef.h>

#include "bgp/bgp_speaker.h"
#include "config/config.h"

/* The "bgp" of CFG and the sessions of SP (NULL: none yet); NULL with err
 * set when the config has no "bgp". */
cJSON *show_bgp(const struct mplsx_config *cfg, const struct bgp_speaker *sp,
		char *err, size_t errlen);

#endif
