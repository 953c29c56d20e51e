/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* version.h - the one version string: --version, show status, metrics. */
#ifndef MPLSX_VERSION_H
#define MPLSX_VERSION_H

#ifndef MPLSX_VERSION
#define MPLSX_VERSION "0.1.0"
#endif

#endif
