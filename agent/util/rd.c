// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* rd.c - route distinguisher and route target text <-> wire. */
#include "util/rd.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { RD_TYPE_AS2 = 0, RD_TYPE_IP4 = 1, RD_TYPE_AS4 = 2 };

/* The common part: "ADMIN:NUMBER" -> type and 6 value bytes. */
static int admin_number_parse(const char *text, uint8_t *type, uint8_t v[6],
			      char *err, size_t errlen)
{
	char admin[64], *end;
	const char *colon = strrchr(text, ':');
	unsigned long long asn, num;
	struct in_addr ip;
	size_t alen;

	if (!colon || colon == text || !colon[1]) {
		snprintf(err, errlen,
			 "\"%s\": expected ASN:N, A.B.C.D:N or ASN4:N", text);
		return -EINVAL;
	}
	alen = (size_t)(colon - text);
	if (alen >= sizeof(admin)) {
		snprintf(err, errlen, "\"%s\": too long", text);
		return -EINVAL;
	}
	memcpy(admin, text, alen);
	admin[alen] = '\0';
	if (colon[1] < '0' || colon[1] > '9')
		goto bad_number;
	errno = 0;
	num = strtoull(colon + 1, &end, 10);
	if (errno || *end)
		goto bad_number;

	if (inet_pton(AF_INET, admin, &ip) == 1) {
		if (num > 0xFFFF) {
			snprintf(err, errlen,
				 "\"%s\": the number after an IPv4 address "
				 "must be 0..65535",
				 text);
			return -EINVAL;
		}
		*type = RD_TYPE_IP4;
		memcpy(v, &ip, 4);
		v[4] = (uint8_t)(num >> 8);
		v[5] = (uint8_t)num;
		return 0;
	}
	if (admin[0] < '0' || admin[0] > '9')
		goto bad_admin;
	errno = 0;
	asn = strtoull(admin, &end, 10);
	if (errno || *end || asn > 0xFFFFFFFFull)
		goto bad_admin;
	if (asn <= 0xFFFF) {
		if (num > 0xFFFFFFFFull) {
			snprintf(err, errlen,
				 "\"%s\": the number after a 2-octet AS must "
				 "be 0..4294967295",
				 text);
			return -EINVAL;
		}
		*type = RD_TYPE_AS2;
		v[0] = (uint8_t)(asn >> 8);
		v[1] = (uint8_t)asn;
		v[2] = (uint8_t)(num >> 24);
		v[3] = (uint8_t)(num >> 16);
		v[4] = (uint8_t)(num >> 8);
		v[5] = (uint8_t)num;
		return 0;
	}
	if (num > 0xFFFF) {
		snprintf(err, errlen,
			 "\"%s\": the number after a 4-octet AS must be "
			 "0..65535",
			 text);
		return -EINVAL;
	}
	*type = RD_TYPE_AS4;
	v[0] = (uint8_t)(asn >> 24);
	v[1] = (uint8_t)(asn >> 16);
	v[2] = (uint8_t)(asn >> 8);
	v[3] = (uint8_t)asn;
	v[4] = (uint8_t)(num >> 8);
	v[5] = (uint8_t)num;
	return 0;

bad_admin:
	snprintf(err, errlen,
		 "\"%s\": \"%s\" is neither an AS number (0..4294967295) nor "
		 "an IPv4 address",
		 text, admin);
	return -EINVAL;
bad_number:
	snprintf(err, errlen, "\"%s\": \"%s\" is not a number", text,
		 colon + 1);
	return -EINVAL;
}

int mplsx_rd__parse(const char *text, struct mplsx_rd *rd, char *err,
		    size_t errlen)
{
	uint8_t type;
	int rc = admin_number_parse(text, &type, rd->bytes + 2, err, errlen);

	if (rc)
		return rc;
	rd->bytes[0] = 0;
	rd->bytes[1] = type;
	return 0;
}

int mplsx_rt__parse(const char *text, struct mplsx_rt *rt, char *err,
		    size_t errlen)
{
	uint8_t type;
	int rc = admin_number_parse(text, &type, rt->bytes + 2, err, errlen);

	if (rc)
		return rc;
	rt->bytes[0] =
		type; /* transitive two-octet AS / IPv4 / four-octet AS */
	rt->bytes[1] = 0x02; /* route target */
	return 0;
}

static const char *value_str(uint8_t type, const uint8_t *v, char *buf)
{
	switch (type) {
	case RD_TYPE_AS2:
		snprintf(buf, MPLSX_RD_STRLEN, "%u:%u", (v[0] << 8) | v[1],
			 ((uint32_t)v[2] << 24) | ((uint32_t)v[3] << 16) |
				 ((uint32_t)v[4] << 8) | v[5]);
		break;
	case RD_TYPE_IP4:
		snprintf(buf, MPLSX_RD_STRLEN, "%u.%u.%u.%u:%u", v[0], v[1],
			 v[2], v[3], (v[4] << 8) | v[5]);
		break;
	case RD_TYPE_AS4:
		snprintf(buf, MPLSX_RD_STRLEN, "%u:%u",
			 ((uint32_t)v[0] << 24) | ((uint32_t)v[1] << 16) |
				 ((uint32_t)v[2] << 8) | v[3],
			 (v[4] << 8) | v[5]);
		break;
	default:
		snprintf(buf, MPLSX_RD_STRLEN, "0x%02x%02x%02x%02x%02x%02x",
			 v[0], v[1], v[2], v[3], v[4], v[5]);
	}
	return buf;
}

const char *mplsx_rd__str(const struct mplsx_rd *rd, char *buf)
{
	if (rd->bytes[0])
		return value_str(0xFF, rd->bytes + 2, buf);
	return value_str(rd->bytes[1], rd->bytes + 2, buf);
}

const char *mplsx_rt__str(const struct mplsx_rt *rt, char *buf)
{
	return value_str(rt->bytes[0], rt->bytes + 2, buf);
}

bool mplsx_rt__is_route_target(const uint8_t ec[8])
{
	return ec[0] <= RD_TYPE_AS4 && ec[1] == 0x02;
}
