// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* log.c - stderr logging with a level. */
#include "util/log.h"

#include <stdarg.h>
#include <stdio.h>

static enum mplsx_log_level current = LOG_LVL_INFO;

void mplsx_log_set_level(enum mplsx_log_level level)
{
	current = level;
}

enum mplsx_log_level mplsx_log_level(void)
{
	return current;
}

void mplsx_log(enum mplsx_log_level level, const char *fmt, ...)
{
	static const char *const names[] = {"warn", "info", "debug"};
	va_list ap;

	if (level > current)
		return;
	fprintf(stderr, "mplsxd: %s: ", names[level]);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}
