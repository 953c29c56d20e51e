// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* test_text.c - mplsxctl -o text: daemon answers as aligned tables. */
#include <stdlib.h>
#include <string.h>

#include "ctl/text.h"
#include "testlib.h"

static char *render(const char *json)
{
	cJSON *j = cJSON_Parse(json);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	text__print(f, j);
	fclose(f);
	cJSON_Delete(j);
	return buf;
}

static void expect(const char *json, const char *want)
{
	char *got = render(json);

	CHECK(got && !strcmp(got, want), "want:\n%s\ngot:\n%s", want,
	      got ? got : "(null)");
	free(got);
}

/* Rows of objects: one column per key in first-seen order, padded to the
 * widest cell, label lists joined by ",", nested objects as key.sub. */
static void test_table(void)
{
	expect("[{\"in\":16002,\"out\":[16002,24001],\"via\":\"10.0.23.3\","
	       "\"nexthop\":{\"state\":\"resolved\"},\"packets\":12},"
	       "{\"in\":16003,\"out\":[],\"packets\":0,\"installed\":true}]",
	       "in     out          via        nexthop.state  packets  "
	       "installed\n"
	       "16002  16002,24001  10.0.23.3  resolved       12       -\n"
	       "16003  -            -          -              0        "
	       "true\n");
}

/* An object: scalars as aligned key/value lines (nested objects of
 * scalars flattened), then each array of objects as a titled table. */
static void test_object(void)
{
	expect("{\"version\":\"0.1.0\",\"uptime\":5,\"nexthops\":"
	       "{\"resolved\":2,\"unresolved\":0},\"ratio\":0.5,"
	       "\"vrfs\":[{\"name\":\"red\",\"drop_packets\":1}]}",
	       "version              0.1.0\n"
	       "uptime               5\n"
	       "nexthops.resolved    2\n"
	       "nexthops.unresolved  0\n"
	       "ratio                0.500\n"
	       "\n"
	       "vrfs:\n"
	       "name  drop_packets\n"
	       "red   1\n");
}

/* Multi-line strings (show bird) print as they are, to be pasted. */
static void test_verbatim(void)
{
	expect("{\"bird_config\":\"protocol bgp x {\\n};\\n\"}",
	       "protocol bgp x {\n};\n");
}

static void test_empty(void)
{
	expect("[]", "");
}

int main(void)
{
	tl_plan(4);
	RUN(test_table);
	RUN(test_object);
	RUN(test_verbatim);
	RUN(test_empty);
	return tl_summary();
}
