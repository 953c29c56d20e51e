// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* netns.c - our network namespace's name, by inode (see netns.h). */
#include "util/netns.h"

#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#define NETNS_RUN_DIR "/run/netns"

static bool same_ns(const struct stat *a, const char *path)
{
	struct stat b;

	return stat(path, &b) == 0 && a->st_ino == b.st_ino &&
	       a->st_dev == b.st_dev;
}

void mplsx_netns_name(char *buf, size_t len)
{
	struct stat self;
	struct dirent *de;
	char path[sizeof(NETNS_RUN_DIR) + 1 + 256];
	DIR *d;

	if (stat("/proc/self/ns/net", &self) < 0 ||
	    same_ns(&self, "/proc/1/ns/net")) {
		snprintf(buf, len, "default");
		return;
	}
	d = opendir(NETNS_RUN_DIR);
	while (d && (de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", NETNS_RUN_DIR,
			 de->d_name);
		if (same_ns(&self, path)) {
			snprintf(buf, len, "%s", de->d_name);
			closedir(d);
			return;
		}
	}
	if (d)
		closedir(d);
	/* Not named by ip netns (a container's): its inode keeps it apart
	 * from every other namespace's daemon. */
	snprintf(buf, len, "netns-%lu", (unsigned long)self.st_ino);
}

void mplsx_default_pin_dir(char *buf, size_t len)
{
	char ns[256];

	mplsx_netns_name(ns, sizeof(ns));
	snprintf(buf, len, "%s/%s", MPLSX_PIN_ROOT, ns);
}

void mplsx_default_socket(char *buf, size_t len)
{
	char ns[256];

	mplsx_netns_name(ns, sizeof(ns));
	snprintf(buf, len, "%s/%s.sock", MPLSX_SOCKET_ROOT, ns);
}
