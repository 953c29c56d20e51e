/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * config.h - the config file (DESIGN.md "Config file"), parsed and checked.
 *
 * mplsx_config__load() either returns a complete, validated config or an
 * error message that names the key and the reason; it never returns half a
 * config, so a refused reload leaves the running state untouched.
 */
#ifndef MPLSX_CONFIG_H
#define MPLSX_CONFIG_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "addr.h"
#include "mplsx_abi.h"

#define MPLSX_CONFIG_ERRLEN 512

struct cfg_interface {
	char name[IF_NAMESIZE];
	bool mpls; /* core port */
};

struct cfg_label {
	uint32_t in;
	uint32_t out[MPLSX_MAX_PUSH];
	int n_out;
	bool has_via; /* without via: pop and process locally */
	struct mplsx_addr via;
};

struct cfg_lsp {
	struct mplsx_addr to; /* remote PE loopback */
	uint32_t push[MPLSX_MAX_PUSH];
	int n_push;
	struct mplsx_addr via;
};

struct mplsx_config {
	struct mplsx_addr router_id; /* IPv4 */
	uint32_t label_range[2]; /* dynamic labels, inclusive */
	struct cfg_interface *interfaces;
	size_t n_interfaces;
	struct cfg_label *labels;
	size_t n_labels;
	struct cfg_lsp *lsps;
	size_t n_lsps;
};

/* Parse and validate JSON text.  On success *out is a new config (free
 * with mplsx_config__free) and 0 is returned; on failure -EINVAL and err
 * holds "KEY: reason" (e.g. "labels[1].out[0]: 3 is a reserved label"). */
int mplsx_config__parse(const char *json, struct mplsx_config **out,
			char *err, size_t errlen);
/* Read FILE and parse it; I/O errors are reported in err as well. */
int mplsx_config__load(const char *path, struct mplsx_config **out,
		       char *err, size_t errlen);
void mplsx_config__free(struct mplsx_config *cfg);

/* Lookups used by the daemon and tests. */
const struct cfg_interface *
mplsx_config__interface(const struct mplsx_config *cfg, const char *name);
const struct cfg_label *mplsx_config__label(const struct mplsx_config *cfg,
					    uint32_t in);

#endif
