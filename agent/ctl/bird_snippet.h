/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* bird_snippet.h - `mplsxctl show bird`. */
#ifndef MPLSX_BIRD_SNIPPET_H
#define MPLSX_BIRD_SNIPPET_H

#include <cjson/cJSON.h>
#include <stddef.h>

#include "svc/router.h"

/* BIRD's side of the peering (README.md, "BGP (VPNv4/VPNv6 with
 * BIRD)"); NULL with err set when the config has no "bgp". */
cJSON *show_bird(const struct mplsx_router *r, char *err, size_t errlen);

#endif
