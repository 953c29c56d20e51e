/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * fib_show.h - the VRF FIB's room in `show status` ("fib": chunks and top
 * entries in use per family, routes refused because a pool is full) and
 * the reason a refused route gives in `show routes`.
 */
#ifndef MPLSX_FIB_SHOW_H
#define MPLSX_FIB_SHOW_H

#include <cjson/cJSON.h>

#include "svc/router.h"

/* {"ipv4": {...}, "ipv6": {...}} */
cJSON *fib_show__status(const struct mplsx_router *r);

/* Why a refused route is not (or not fully) in the data path. */
const char *fib_show__refused_reason(const struct route *rt);

#endif
