/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * config.h - the config file (README.md "Config"), parsed and checked.
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

#include "util/addr.h"
#include "dp/mplsx_abi.h"
#include "dp/nhgroup.h"
#include "util/rd.h"

#define MPLSX_CONFIG_ERRLEN 512

#define MPLSX_VRF_NAMESIZE  32
#define MPLSX_PW_NAMESIZE   32
#define MPLSX_VPLS_NAMESIZE 32

struct cfg_interface {
	char name[IF_NAMESIZE];
	bool mpls; /* core port */
	uint16_t
		vlan; /* 1..4094: one 802.1Q VLAN on the port; 0 = whole port */
	char vrf[MPLSX_VRF_NAMESIZE]; /* CE-facing port of this VRF, or "" */
	/* Attachment circuit of this pseudowire, or "" */
	char pseudowire[MPLSX_PW_NAMESIZE];
	/* Attachment circuit of this VPLS instance, or "" */
	char vpls[MPLSX_VPLS_NAMESIZE];
};

struct cfg_label {
	uint32_t in;
	uint32_t out[MPLSX_MAX_PUSH];
	int n_out;
	bool has_via;	       /* without via: pop and process locally */
	struct mplsx_addr via; /* the first of vias */
	struct nhg_vias vias;  /* "via": one address or a group */
};

struct cfg_lsp {
	struct mplsx_addr to; /* remote PE loopback */
	uint32_t push[MPLSX_MAX_PUSH];
	int n_push;
	struct mplsx_addr via; /* the first of vias */
	struct nhg_vias vias;
	bool entropy; /* "entropy": insert ELI + EL (RFC 6790) */
};

/* A VRF route: exactly one of via (a CE next hop, local) and pe (behind a
 * remote PE, with the VPN label that PE advertised). */
struct cfg_route {
	struct mplsx_addr prefix; /* host bits zero */
	uint8_t prefix_len;
	bool has_via;
	struct mplsx_addr via; /* the first of vias */
	struct nhg_vias vias;
	bool has_pe;
	struct mplsx_addr pe;
	uint32_t label; /* with pe: 16..1048575; else 0 */
};

enum cfg_label_mode {
	CFG_LABEL_PER_VRF = 0, /* default: one label, IP lookup at egress */
	CFG_LABEL_PER_NEXTHOP, /* "label_mode": "per-nexthop" */
};

enum cfg_ttl_mode {
	CFG_TTL_UNIFORM = 0, /* default (RFC 3443) */
	CFG_TTL_PIPE,	     /* "ttl_mode": "pipe" */
};

struct cfg_vrf {
	char name[MPLSX_VRF_NAMESIZE];
	struct mplsx_rd rd;
	struct mplsx_rt *import;
	size_t n_import;
	struct mplsx_rt *export;
	size_t n_export;
	bool has_label; /* a static per-VRF label */
	uint32_t label;
	enum cfg_label_mode label_mode;
	enum cfg_ttl_mode ttl_mode;
	struct cfg_route *routes;
	size_t n_routes;
};

/* An Ethernet pseudowire (RFC 4448) to a remote PE, statically
 * provisioned: the label the peer sends us and the one it expects. */
struct cfg_pw {
	char name[MPLSX_PW_NAMESIZE];
	struct mplsx_addr peer; /* remote PE (its LSP, or connected) */
	uint32_t local_label;	/* popped here: outside label_range */
	uint32_t remote_label;	/* pushed towards the peer */
	bool control_word;	/* default true (RFC 4385) */
};

/* One pseudowire of a VPLS instance's full mesh (RFC 4762), static
 * labels: the one the peer PE sends us, the one it expects. */
struct cfg_vpls_peer {
	struct mplsx_addr pe;
	uint32_t local_label; /* popped here: distinct from every other */
	uint32_t remote_label;
};

#define MPLSX_VPLS_MAC_AGE_DEFAULT   300
#define MPLSX_VPLS_MAC_LIMIT_DEFAULT 4096

struct cfg_vpls {
	char name[MPLSX_VPLS_NAMESIZE];
	bool control_word;  /* default true, on every pseudowire */
	uint32_t mac_age;   /* seconds, default 300 */
	uint32_t mac_limit; /* learnt MACs, default 4096 */
	struct cfg_vpls_peer *peers;
	size_t n_peers;
};

#define MPLSX_MAX_BGP_NEIGHBORS	 64
#define MPLSX_BGP_LISTEN_DEFAULT "127.0.0.2"
#define MPLSX_BGP_PORT_DEFAULT	 1790
#define MPLSX_BGP_HOLD_DEFAULT	 90
#define MPLSX_BGP_GR_DEFAULT	 120

/* A BGP session for VPN routes, or with vrf set for one VRF's plain
 * unicast routes (PE-CE, README.md "PE-CE routing"). */
struct cfg_bgp_neighbor {
	struct mplsx_addr address;
	uint32_t asn;
	uint16_t port; /* local port it connects to: default bgp.port */
	char vrf[MPLSX_VRF_NAMESIZE]; /* "" for a VPN session */
	/* Per-VRF (PE-CE) session options, RFC 4364 sec. 7 and RFC 4271:
	 * as_override replaces the site's AS (ce_asn, else the first AS of
	 * the routes this session brought in) by ours in routes sent on it;
	 * allowas_in accepts up to N of our own AS in a received AS_PATH;
	 * soo is the Site of Origin added to routes it brings in (has_soo),
	 * never sent back on it. */
	bool as_override;
	uint8_t allowas_in; /* 0..10 */
	bool has_soo;
	uint8_t soo[8];	 /* extended community, wire form */
	uint32_t ce_asn; /* 0: not given */
};

/* "bgp": mplsxd's own passive speaker, peered with the local BIRD. */
struct cfg_bgp {
	bool enabled; /* the key is there */
	uint32_t asn;
	struct mplsx_addr listen;
	uint16_t port;
	uint16_t hold_time;	   /* 0 or 3..65535 */
	uint16_t graceful_restart; /* restart time, s; 0 = off */
	struct cfg_bgp_neighbor *neighbors;
	size_t n_neighbors;
};

/* "metrics": {"listen": "ADDR:PORT"}: Prometheus metrics over HTTP. */
struct cfg_metrics {
	bool enabled; /* the key is there */
	struct mplsx_addr addr;
	uint16_t port;
};

/* "icmp": {"enabled", "rate", "burst"}: the errors the data plane sends
 * (time exceeded, frag needed, packet too big) and their rate limit, a
 * token bucket per CPU.  Defaults like Linux's icmp_msgs_per_sec and
 * icmp_msgs_burst. */
#define MPLSX_ICMP_RATE_DEFAULT	 1000 /* messages per second per CPU */
#define MPLSX_ICMP_BURST_DEFAULT 50
#define MPLSX_ICMP_RATE_MAX	 10000000
#define MPLSX_ICMP_BURST_MAX	 1000000

struct cfg_icmp {
	bool enabled;  /* default true */
	uint32_t rate; /* 0: no limit */
	uint32_t burst;
};

/* "fib": {"chunks_v4", "chunks_v6", "direct_v4"}: the stride FIB's chunk
 * pools (256 entries of 8 bytes each) and direct top arrays (512 KiB
 * each), allocated when mplsxd starts; a reload that changes them is
 * refused (a restart applies them). */
#define MPLSX_FIB_CHUNKS_MIN 16
#define MPLSX_FIB_CHUNKS_MAX 1048576 /* 2 GiB */

struct cfg_fib {
	uint32_t chunks_v4; /* default MPLSX_FIB4_CHUNKS */
	uint32_t chunks_v6; /* default MPLSX_FIB6_CHUNKS */
	uint32_t direct_v4; /* big VRFs with a direct top array (0: none) */
};

struct mplsx_config {
	struct mplsx_addr router_id; /* IPv4 */
	uint32_t label_range[2];     /* dynamic labels, inclusive */
	struct cfg_interface *interfaces;
	size_t n_interfaces;
	struct cfg_label *labels;
	size_t n_labels;
	struct cfg_lsp *lsps;
	size_t n_lsps;
	struct cfg_vrf *vrfs;
	size_t n_vrfs;
	struct cfg_pw *pws;
	size_t n_pws;
	struct cfg_vpls *vpls;
	size_t n_vpls;
	struct cfg_bgp bgp;
	struct cfg_metrics metrics;
	struct cfg_icmp icmp;
	struct cfg_fib fib;
	bool persist; /* a stop leaves the data plane forwarding */
};

/* Parse and validate JSON text.  On success *out is a new config (free
 * with mplsx_config__free) and 0 is returned; on failure -EINVAL and err
 * holds "KEY: reason" (e.g. "labels[1].out[0]: 3 is a reserved label"). */
int mplsx_config__parse(const char *json, struct mplsx_config **out, char *err,
			size_t errlen);
/* Read FILE and parse it; I/O errors are reported in err as well. */
int mplsx_config__load(const char *path, struct mplsx_config **out, char *err,
		       size_t errlen);
void mplsx_config__free(struct mplsx_config *cfg);

/* Lookups used by the daemon and tests. */
const struct cfg_interface *
mplsx_config__interface(const struct mplsx_config *cfg, const char *name);
const struct cfg_label *mplsx_config__label(const struct mplsx_config *cfg,
					    uint32_t in);
const struct cfg_vrf *mplsx_config__vrf(const struct mplsx_config *cfg,
					const char *name);
const struct cfg_pw *mplsx_config__pw(const struct mplsx_config *cfg,
				      const char *name);
const struct cfg_vpls *mplsx_config__vpls(const struct mplsx_config *cfg,
					  const char *name);
const struct cfg_lsp *mplsx_config__lsp(const struct mplsx_config *cfg,
					const struct mplsx_addr *to);

#endif
