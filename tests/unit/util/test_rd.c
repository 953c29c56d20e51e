// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* test_rd.c - route distinguisher / route target text and wire forms. */
#include <errno.h>
#include <string.h>

#include "util/rd.h"
#include "testlib.h"

struct row {
	const char *text;
	int ok;
	uint8_t rd[8];	 /* expected RD wire bytes when ok */
	const char *err; /* expected substring when not ok */
};

static const struct row rows[] = {
	{"65000:1", 1, {0, 0, 0xfd, 0xe8, 0, 0, 0, 1}, NULL},
	{"0:4294967295", 1, {0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff}, NULL},
	{"10.255.0.1:7", 1, {0, 1, 10, 255, 0, 1, 0, 7}, NULL},
	{"4200000000:1", 1, {0, 2, 0xfa, 0x56, 0xea, 0x00, 0, 1}, NULL},
	{"65536:65535", 1, {0, 2, 0, 1, 0, 0, 0xff, 0xff}, NULL},
	{"65000", 0, {0}, "expected ASN:N"},
	{":1", 0, {0}, "expected ASN:N"},
	{"65000:", 0, {0}, "expected ASN:N"},
	{"65000:x", 0, {0}, "is not a number"},
	{"65000:-1", 0, {0}, "is not a number"},
	{"65000:4294967296", 0, {0}, "2-octet AS"},
	{"10.0.0.1:65536", 0, {0}, "IPv4 address must be 0..65535"},
	{"4200000000:65536", 0, {0}, "4-octet AS must be 0..65535"},
	{"4294967296:1", 0, {0}, "neither an AS number"},
	{"red:1", 0, {0}, "neither an AS number"},
	{"10.0.0:1", 0, {0}, "neither an AS number"},
};

static void test_row(const void *arg)
{
	const struct row *r = arg;
	struct mplsx_rd rd;
	struct mplsx_rt rt;
	char err[256] = "", buf[MPLSX_RD_STRLEN];
	int rc = mplsx_rd__parse(r->text, &rd, err, sizeof(err));

	if (r->ok) {
		CHECK(rc == 0, "%s: %s", r->text, err);
		if (rc)
			return;
		CHECK(!memcmp(rd.bytes, r->rd, 8), "%s: RD bytes", r->text);
		CHECK(!strcmp(mplsx_rd__str(&rd, buf), r->text),
		      "%s: RD prints as %s", r->text, buf);
		CHECK(mplsx_rt__parse(r->text, &rt, err, sizeof(err)) == 0,
		      "%s: RT", r->text);
		/* An RT carries the RD's type in its first byte and
		 * subtype 2 (route target) in its second. */
		CHECK(rt.bytes[0] == r->rd[1] && rt.bytes[1] == 2 &&
			      !memcmp(rt.bytes + 2, r->rd + 2, 6),
		      "%s: RT bytes", r->text);
		CHECK(mplsx_rt__is_route_target(rt.bytes), "%s", r->text);
		CHECK(!strcmp(mplsx_rt__str(&rt, buf), r->text),
		      "%s: RT prints as %s", r->text, buf);
	} else {
		CHECK(rc == -EINVAL, "%s: accepted", r->text);
		CHECK(strstr(err, r->err) != NULL,
		      "%s: error \"%s\" lacks \"%s\"", r->text, err, r->err);
	}
}

static void test_not_route_target(const void *arg)
{
	/* Type 0x00 subtype 0x03 is a route origin, 0x43 an opaque type. */
	static const uint8_t soo[8] = {0x00, 0x03, 0, 1, 0, 0, 0, 1};
	static const uint8_t opaque[8] = {0x43, 0x02, 0, 0, 0, 0, 0, 0};

	(void)arg;
	CHECK(!mplsx_rt__is_route_target(soo), "site of origin");
	CHECK(!mplsx_rt__is_route_target(opaque), "opaque");
}

int main(void)
{
	size_t i;

	tl_plan(sizeof(rows) / sizeof(rows[0]) + 1);
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		tl_run(rows[i].text, test_row, &rows[i]);
	RUN(test_not_route_target);
	return tl_summary();
}
