/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* log.h - the agent logs to stderr, one line per event, with a level. */
#ifndef MPLSX_LOG_H
#define MPLSX_LOG_H

enum mplsx_log_level { LOG_LVL_WARN, LOG_LVL_INFO, LOG_LVL_DEBUG };

void mplsx_log_set_level(enum mplsx_log_level level);
enum mplsx_log_level mplsx_log_level(void);
void mplsx_log(enum mplsx_log_level level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#define pr_warn(...)  mplsx_log(LOG_LVL_WARN, __VA_ARGS__)
#define pr_info(...)  mplsx_log(LOG_LVL_INFO, __VA_ARGS__)
#define pr_debug(...) mplsx_log(LOG_LVL_DEBUG, __VA_ARGS__)

#endif
