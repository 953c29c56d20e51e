/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * rd.h - route distinguishers (RFC 4364 section 4.2) and route targets
 * (RFC 4360 / 5668 extended communities) in their text and wire forms.
 *
 * Text forms, for both:  ASN:N     2-octet AS, 4-octet number  (type 0)
 *                        A.B.C.D:N IPv4 address, 2-octet number (type 1)
 *                        ASN:N     4-octet AS (> 65535), 2-octet number
 *                                  (type 2)
 */
#ifndef MPLSX_RD_H
#define MPLSX_RD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MPLSX_RD_STRLEN 32

/* 8 wire bytes each: RD = 2-byte type + 6-byte value; route target =
 * extended community type (0x00/0x01/0x02), subtype 0x02, 6-byte value. */
struct mplsx_rd {
	uint8_t bytes[8];
};
struct mplsx_rt {
	uint8_t bytes[8];
};

/* 0, or -EINVAL with a reason in err ("expected ASN:N, A.B.C.D:N ..."). */
int mplsx_rd__parse(const char *text, struct mplsx_rd *rd, char *err,
		    size_t errlen);
int mplsx_rt__parse(const char *text, struct mplsx_rt *rt, char *err,
		    size_t errlen);
/* Text form into buf (MPLSX_RD_STRLEN); unknown types print as hex. */
const char *mplsx_rd__str(const struct mplsx_rd *rd, char *buf);
const char *mplsx_rt__str(const struct mplsx_rt *rt, char *buf);
/* True when the extended community is a route target (subtype 0x02 of
 * the transitive types 0x00, 0x01, 0x02). */
bool mplsx_rt__is_route_target(const uint8_t ec[8]);

#endif
