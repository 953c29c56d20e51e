/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* show.h - the JSON that `mplsxctl show ...` prints, built from state. */
#ifndef MPLSX_SHOW_H
#define MPLSX_SHOW_H

#include <cjson/cJSON.h>
#include <stddef.h>

#include "bgp/bgp_speaker.h"
#include "svc/router.h"

/* The answer to "show WHAT [ARG]", or NULL with err set (unknown WHAT).
 * BGP: the speaker (show bgp), NULL when there is none. */
cJSON *show__build(const struct mplsx_router *r, const struct bgp_speaker *bgp,
		   const char *what, const char *arg, char *err, size_t errlen);

#endif
