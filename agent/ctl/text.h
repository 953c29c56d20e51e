/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * text.h - `mplsxctl -o text`: a daemon answer (JSON) as aligned tables
 * for people.  JSON stays the format for scripts.
 */
#ifndef MPLSX_TEXT_H
#define MPLSX_TEXT_H

#include <cjson/cJSON.h>
#include <stdio.h>

/* An array of objects prints as one table (a column per key, in the
 * order keys first appear; nested objects become "key.sub" columns);
 * an object prints its scalars as "key  value" lines, then each member
 * that is an array of objects as a titled table. */
void text__print(FILE *f, const cJSON *answer);

/* One cell: strings as they are, integers without a fraction, arrays of
 * scalars joined by ",", an empty array or null as "-".  Returns BUF. */
const char *text__cell(const cJSON *v, char *buf, size_t len);

#endif
