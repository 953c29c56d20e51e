// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * metrics.c - Prometheus metrics over HTTP (libmicrohttpd).
 *
 * The values are those of `show interfaces|stats|pseudowires|lsps|bgp|
 * status`, rendered from the same JSON so the two never disagree; names
 * follow Prometheus' conventions (mplsx_ prefix, base units, _total on
 * counters, labels interface/vrf/label/reason/...).
 */
#include "ctl/metrics.h"

#include <bpf/libbpf.h>
#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "ctl/show.h"
#include "svc/router.h"
#include "util/log.h"
#include "util/version.h"
#include "mplsx.skel.h"

/* How long a scrape waits for the event loop's snapshot before it takes
 * the previous one. */
#define SNAPSHOT_WAIT_MS 1000
/* A snapshot younger than this is served as it is: however often the
 * scrapes come, the loop renders at most four a second. */
#define SNAPSHOT_FRESH_MS 250

struct metrics {
	const struct mplsx_router *r;
	const struct bgp_speaker *bgp;
	struct MHD_Daemon *httpd;
	struct cfg_metrics listening; /* what httpd serves on */
	int efd;		      /* scrape -> event loop */

	pthread_mutex_t lock; /* the fields below */
	pthread_cond_t published;
	char *text; /* the last snapshot */
	size_t len;
	uint64_t gen;	       /* snapshots published */
	uint64_t published_ms; /* CLOCK_MONOTONIC of the last */
	bool stopping;	       /* waiting scrapes return at once */
};

/* ---- the exposition text ---------------------------------------------- */

/* A label value: backslash, double quote and newline escaped. */
static void put_label_value(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '\\' || *s == '"')
			fprintf(f, "\\%c", *s);
		else if (*s == '\n')
			fputs("\\n", f);
		else
			fputc(*s, f);
	}
}

static void family(FILE *f, const char *name, const char *type,
		   const char *help)
{
	fprintf(f, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

/* One sample: NAME{K1="V1",K2="V2"} VALUE; labels as NULL-ended pairs. */
static void sample(FILE *f, const char *name, const char *const *labels,
		   double v)
{
	int i;

	fputs(name, f);
	for (i = 0; labels && labels[i]; i += 2) {
		fprintf(f, "%s%s=\"", i ? "," : "{", labels[i]);
		put_label_value(f, labels[i + 1]);
		fputc('"', f);
	}
	if (labels && labels[0])
		fputc('}', f);
	if (v == (double)(uint64_t)v)
		fprintf(f, " %llu\n", (unsigned long long)(uint64_t)v);
	else
		fprintf(f, " %.6f\n", v);
}

static void single(FILE *f, const char *name, const char *type,
		   const char *help, double v)
{
	family(f, name, type, help);
	sample(f, name, NULL, v);
}

static double num(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	return cJSON_IsNumber(v) ? v->valuedouble : 0;
}

static const char *str(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	return cJSON_IsString(v) ? v->valuestring : "";
}

static bool ends_with(const char *s, const char *tail)
{
	size_t a = strlen(s), b = strlen(tail);

	return a >= b && !strcmp(s + a - b, tail);
}

/* A counter row field: *_packets or *_bytes (show's counter names). */
static bool is_counter(const cJSON *m)
{
	/* Event counts of show vpls' rows. */
	static const char *const events[] = {"flood_copies", "flood_in",
					     "flood_out",    "learnt",
					     "moves",	     "limit_hits"};
	size_t i;

	if (!cJSON_IsNumber(m))
		return false;
	for (i = 0; i < sizeof(events) / sizeof(events[0]); i++)
		if (!strcmp(m->string, events[i]))
			return true;
	return ends_with(m->string, "_packets") ||
	       ends_with(m->string, "_bytes") ||
	       !strcmp(m->string, "packets") || !strcmp(m->string, "bytes");
}

/* Every counter of ROWS (an array of objects) as mplsx_KIND_FIELD_total
 * with the label LABEL = the row's KEY; one family per field, fields in
 * the order the first row has them. */
static void row_counters(FILE *f, const cJSON *rows, const char *kind,
			 const char *label, const char *key, const char *what)
{
	const cJSON *first = cJSON_GetArrayItem(rows, 0), *m, *row;
	char name[128], help[256], id[32];

	if (!cJSON_IsObject(first))
		return;
	cJSON_ArrayForEach(m, first)
	{
		if (!is_counter(m))
			continue;
		snprintf(name, sizeof(name), "mplsx_%s_%s_total", kind,
			 m->string);
		snprintf(help, sizeof(help), "%s: %s, per %s", what, m->string,
			 label);
		for (char *p = help; *p; p++)
			if (*p == '_')
				*p = ' ';
		family(f, name, "counter", help);
		cJSON_ArrayForEach(row, rows)
		{
			const cJSON *k =
				cJSON_GetObjectItemCaseSensitive(row, key);
			const char *labels[3] = {label, id, NULL};

			if (cJSON_IsString(k))
				snprintf(id, sizeof(id), "%s", k->valuestring);
			else
				snprintf(id, sizeof(id), "%.0f",
					 cJSON_IsNumber(k) ? k->valuedouble
							   : 0.0);
			sample(f, name, labels, num(row, m->string));
		}
	}
}

static void render_interfaces(FILE *f, const cJSON *ifs)
{
	const cJSON *row;

	row_counters(f, ifs, "interface", "interface", "name",
		     "Frames and bytes seen by the XDP program");
	family(f, "mplsx_interface_up", "gauge",
	       "1 when the managed interface's link is up");
	cJSON_ArrayForEach(row, ifs)
	{
		const char *l[] = {"interface", str(row, "name"), NULL};

		sample(f, "mplsx_interface_up", l,
		       !strcmp(str(row, "state"), "up"));
	}
	family(f, "mplsx_interface_mtu_bytes", "gauge",
	       "The managed interface's MTU");
	cJSON_ArrayForEach(row, ifs)
	{
		const char *l[] = {"interface", str(row, "name"), NULL};

		sample(f, "mplsx_interface_mtu_bytes", l, num(row, "mtu"));
	}
}

/* VPLS instances: traffic and events, and the MACs learnt. */
static void render_vpls(FILE *f, const cJSON *vpls)
{
	const cJSON *row;

	if (!cJSON_GetArraySize(vpls))
		return;
	row_counters(f, vpls, "vpls", "vpls", "name", "VPLS instance");
	family(f, "mplsx_vpls_macs", "gauge", "MAC addresses learnt, per vpls");
	cJSON_ArrayForEach(row, vpls)
	{
		const char *l[] = {"vpls", str(row, "name"), NULL};

		sample(f, "mplsx_vpls_macs", l, num(row, "macs"));
	}
}

/* ICMP from the data plane: messages sent by type, and those not sent
 * by reason; the rest of the object (rate, burst) is config. */
static void render_icmp(FILE *f, const cJSON *icmp)
{
	static const char *const sent[] = {"time_exceeded", "time_exceeded6",
					   "frag_needed", "packet_too_big"};
	static const char *const suppressed[] = {"rate_limited", "no_source",
						 "not_allowed"};
	size_t i;

	if (!cJSON_IsObject(icmp))
		return;
	family(f, "mplsx_icmp_sent_total", "counter",
	       "ICMP errors the data plane generated, by type");
	for (i = 0; i < sizeof(sent) / sizeof(sent[0]); i++) {
		const char *l[] = {"type", sent[i], NULL};

		sample(f, "mplsx_icmp_sent_total", l, num(icmp, sent[i]));
	}
	single(f, "mplsx_icmp_tunnelled_total", "counter",
	       "ICMP errors sent on along the LSP (RFC 3032 2.3.2)",
	       num(icmp, "tunnelled"));
	family(f, "mplsx_icmp_suppressed_total", "counter",
	       "ICMP errors not generated, by reason");
	for (i = 0; i < sizeof(suppressed) / sizeof(suppressed[0]); i++) {
		const char *l[] = {"reason", suppressed[i], NULL};

		sample(f, "mplsx_icmp_suppressed_total", l,
		       num(icmp, suppressed[i]));
	}
}

static void render_stats(FILE *f, const cJSON *stats)
{
	const cJSON *drops = cJSON_GetObjectItemCaseSensitive(stats, "drops");
	const cJSON *m;

	family(f, "mplsx_drops_total", "counter",
	       "Frames the data path dropped, by reason");
	cJSON_ArrayForEach(m, drops)
	{
		const char *l[] = {"reason", m->string, NULL};

		if (strcmp(m->string, "total") && cJSON_IsNumber(m))
			sample(f, "mplsx_drops_total", l, m->valuedouble);
	}
	row_counters(f, cJSON_GetObjectItemCaseSensitive(stats, "vrfs"), "vrf",
		     "vrf", "name", "VRF traffic");
	row_counters(f, cJSON_GetObjectItemCaseSensitive(stats, "labels"),
		     "label", "label", "in", "Frames switched under a label");
	render_vpls(f, cJSON_GetObjectItemCaseSensitive(stats, "vpls"));
	render_icmp(f, cJSON_GetObjectItemCaseSensitive(stats, "icmp"));
	/* Other objects of counters in show stats (oam, and later
	 * additions) appear as mplsx_KEY_NAME_total. */
	cJSON_ArrayForEach(m, stats)
	{
		const cJSON *c;
		char name[128], help[192];

		if (!cJSON_IsObject(m) || !strcmp(m->string, "drops") ||
		    !strcmp(m->string, "icmp"))
			continue;
		cJSON_ArrayForEach(c, m)
		{
			if (!cJSON_IsNumber(c))
				continue;
			snprintf(name, sizeof(name), "mplsx_%s_%s_total",
				 m->string, c->string);
			snprintf(help, sizeof(help), "show stats: %s.%s",
				 m->string, c->string);
			single(f, name, "counter", help, c->valuedouble);
		}
	}
}

static void render_pws(FILE *f, const cJSON *pws)
{
	const cJSON *row;

	row_counters(f, pws, "pseudowire", "pseudowire", "name",
		     "Pseudowire traffic");
	family(f, "mplsx_pseudowire_up", "gauge",
	       "1 when the pseudowire is up");
	cJSON_ArrayForEach(row, pws)
	{
		const char *l[] = {"pseudowire", str(row, "name"), NULL};

		sample(f, "mplsx_pseudowire_up", l,
		       !strcmp(str(row, "state"), "up"));
	}
}

/* An LSP's series: its PE (a prefix for BGP-LU), source and, for BGP-LU,
 * the peer it came from (two peers may give the same prefix). */
static void lsp_labels(const cJSON *row, const char *l[7])
{
	l[0] = "pe";
	l[1] = str(row, "to");
	l[2] = "source";
	l[3] = str(row, "source");
	l[4] = NULL;
	if (strcmp(l[3], "static")) {
		l[4] = "peer";
		l[5] = str(row, "peer");
		l[6] = NULL;
	}
}

static void render_lsps(FILE *f, const cJSON *lsps)
{
	const cJSON *row;

	family(f, "mplsx_lsp_up", "gauge",
	       "1 when the LSP's next hop is resolved");
	cJSON_ArrayForEach(row, lsps)
	{
		const char *l[7];

		lsp_labels(row, l);

		sample(f, "mplsx_lsp_up", l,
		       !strcmp(str(row, "state"), "resolved"));
	}
	family(f, "mplsx_lsp_labels", "gauge",
	       "Transport labels the LSP pushes");
	cJSON_ArrayForEach(row, lsps)
	{
		const char *l[7];

		lsp_labels(row, l);

		sample(f, "mplsx_lsp_labels", l,
		       cJSON_GetArraySize(
			       cJSON_GetObjectItemCaseSensitive(row, "push")));
	}
}

static const char *const bgp_states[] = {"Idle", "Active", "OpenSent",
					 "OpenConfirm", "Established"};

static void bgp_per_neighbor(FILE *f, const cJSON *nbs, const char *name,
			     const char *type, const char *help,
			     double (*get)(const cJSON *nb))
{
	const cJSON *nb;
	char port[8];

	family(f, name, type, help);
	cJSON_ArrayForEach(nb, nbs)
	{
		const char *l[] = {"neighbor", str(nb, "address"), "port", port,
				   NULL};

		snprintf(port, sizeof(port), "%.0f", num(nb, "port"));
		sample(f, name, l, get(nb));
	}
}

static double nb_up(const cJSON *nb)
{
	return !strcmp(str(nb, "state"), "Established");
}

static double nb_state(const cJSON *nb)
{
	size_t i;

	for (i = 0; i < sizeof(bgp_states) / sizeof(bgp_states[0]); i++)
		if (!strcmp(str(nb, "state"), bgp_states[i]))
			return (double)(i + 1);
	return 0;
}

static double nb_uptime(const cJSON *nb)
{
	return num(nb, "uptime");
}

static double nb_established(const cJSON *nb)
{
	return num(nb, "established_count");
}

/* mplsx_bgp_messages_{received,sent}_total{neighbor,port,type}, and the
 * per-family route counts. */
static void bgp_nested(FILE *f, const cJSON *nbs)
{
	static const struct {
		const char *dir, *name, *help;
	} msgs[] = {
		{"in", "mplsx_bgp_messages_received_total",
		 "BGP messages received, by type"},
		{"out", "mplsx_bgp_messages_sent_total",
		 "BGP messages sent, by type"},
	};
	static const struct {
		const char *key, *name, *type, *help;
	} fam[] = {
		{"routes", "mplsx_bgp_routes", "gauge",
		 "Routes held from the neighbour, per address family"},
		{"received", "mplsx_bgp_prefixes_received_total", "counter",
		 "Prefixes announced by the neighbour"},
		{"accepted", "mplsx_bgp_prefixes_accepted_total", "counter",
		 "Prefixes accepted from the neighbour"},
		{"withdrawn", "mplsx_bgp_prefixes_withdrawn_total", "counter",
		 "Prefixes withdrawn by the neighbour"},
		{"advertised", "mplsx_bgp_prefixes_advertised_total", "counter",
		 "Prefixes advertised to the neighbour"},
	};
	const cJSON *nb, *m;
	char port[8];
	size_t i;

	for (i = 0; i < sizeof(msgs) / sizeof(msgs[0]); i++) {
		family(f, msgs[i].name, "counter", msgs[i].help);
		cJSON_ArrayForEach(nb, nbs)
		{
			const cJSON *d = cJSON_GetObjectItemCaseSensitive(
				cJSON_GetObjectItemCaseSensitive(nb,
								 "messages"),
				msgs[i].dir);

			snprintf(port, sizeof(port), "%.0f", num(nb, "port"));
			cJSON_ArrayForEach(m, d)
			{
				const char *l[] = {
					"neighbor", str(nb, "address"),
					"port",	    port,
					"type",	    m->string,
					NULL};

				sample(f, msgs[i].name, l, num(d, m->string));
			}
		}
	}
	for (i = 0; i < sizeof(fam) / sizeof(fam[0]); i++) {
		family(f, fam[i].name, fam[i].type, fam[i].help);
		cJSON_ArrayForEach(nb, nbs)
		{
			const cJSON *fs = cJSON_GetObjectItemCaseSensitive(
				nb, "families");

			snprintf(port, sizeof(port), "%.0f", num(nb, "port"));
			cJSON_ArrayForEach(m, fs)
			{
				const char *l[] = {
					"neighbor", str(nb, "address"),
					"port",	    port,
					"family",   m->string,
					NULL};

				sample(f, fam[i].name, l, num(m, fam[i].key));
			}
		}
	}
}

static void render_bgp(FILE *f, const cJSON *bgp)
{
	const cJSON *nbs = cJSON_GetObjectItemCaseSensitive(bgp, "neighbors");

	bgp_per_neighbor(f, nbs, "mplsx_bgp_session_up", "gauge",
			 "1 when the BGP session is Established", nb_up);
	bgp_per_neighbor(f, nbs, "mplsx_bgp_session_state", "gauge",
			 "BGP FSM state: 1 Idle, 2 Active, 3 OpenSent, "
			 "4 OpenConfirm, 5 Established",
			 nb_state);
	bgp_per_neighbor(f, nbs, "mplsx_bgp_session_uptime_seconds", "gauge",
			 "Seconds since the session became Established",
			 nb_uptime);
	bgp_per_neighbor(f, nbs, "mplsx_bgp_session_established_total",
			 "counter", "Times the session became Established",
			 nb_established);
	bgp_nested(f, nbs);
}

/* The kernel's memlock figure of every map of the object (fdinfo). */
static void render_maps(FILE *f, const struct mplsx_router *r)
{
	const struct bpf_map *map;
	char path[64], line[128];

	if (!r->dp.skel || !r->dp.loaded)
		return;
	family(f, "mplsx_bpf_map_memory_bytes", "gauge",
	       "Kernel memory charged to each BPF map (fdinfo memlock)");
	bpf_object__for_each_map(map, r->dp.skel->obj)
	{
		unsigned long long bytes = 0;
		const char *l[] = {"map", bpf_map__name(map), NULL};
		FILE *fi;

		if (bpf_map__fd(map) < 0)
			continue;
		snprintf(path, sizeof(path), "/proc/self/fdinfo/%d",
			 bpf_map__fd(map));
		fi = fopen(path, "re");
		if (!fi)
			continue;
		while (fgets(line, sizeof(line), fi))
			if (sscanf(line, "memlock: %llu", &bytes) == 1)
				break;
		fclose(fi);
		sample(f, "mplsx_bpf_map_memory_bytes", l, (double)bytes);
	}
}

static void render_process(FILE *f)
{
	unsigned long long pages_total = 0, pages_rss = 0;
	struct rusage ru;
	unsigned int fds = 0;
	FILE *sm = fopen("/proc/self/statm", "re");
	DIR *d;

	if (sm) {
		if (fscanf(sm, "%llu %llu", &pages_total, &pages_rss) != 2)
			pages_total = pages_rss = 0;
		fclose(sm);
	}
	single(f, "mplsx_process_resident_memory_bytes", "gauge",
	       "Resident memory of mplsxd",
	       (double)(pages_rss * (unsigned long long)sysconf(_SC_PAGESIZE)));
	single(f, "mplsx_process_virtual_memory_bytes", "gauge",
	       "Virtual memory of mplsxd",
	       (double)(pages_total *
			(unsigned long long)sysconf(_SC_PAGESIZE)));
	d = opendir("/proc/self/fd");
	if (d) {
		struct dirent *e;

		while ((e = readdir(d)))
			fds += e->d_name[0] != '.';
		closedir(d);
		fds--; /* the directory's own */
	}
	single(f, "mplsx_process_open_fds", "gauge",
	       "File descriptors mplsxd holds open", fds);
	getrusage(RUSAGE_SELF, &ru);
	single(f, "mplsx_process_cpu_seconds_total", "counter",
	       "User and system CPU time of mplsxd",
	       (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
		       (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) /
			       1e6);
}

/* The FIB's room per family: chunks in use and the pool, routes refused
 * because it is full. */
static void fib_metrics(FILE *f, const struct mplsx_router *r)
{
	const struct fib_stride *s[2] = {&r->fib.s4, &r->fib.s6};
	const char *fam[2][3] = {{"family", "ipv4", NULL},
				 {"family", "ipv6", NULL}};
	int i;

	family(f, "mplsx_fib_chunks", "gauge",
	       "Stride FIB chunks in use, by family");
	for (i = 0; i < 2; i++)
		sample(f, "mplsx_fib_chunks", fam[i], s[i]->chunks_used);
	family(f, "mplsx_fib_chunks_max", "gauge",
	       "Stride FIB chunk pool size (fib.chunks_v4 / chunks_v6)");
	for (i = 0; i < 2; i++)
		sample(f, "mplsx_fib_chunks_max", fam[i],
		       s[i]->n_chunks ? s[i]->n_chunks - 1 : 0);
	family(f, "mplsx_fib_routes_refused", "gauge",
	       "VRF routes not installed: a chunk pool or the top hash full");
	for (i = 0; i < 2; i++)
		sample(f, "mplsx_fib_routes_refused", fam[i],
		       r->fib.refused[i]);
	family(f, "mplsx_fib_refusals_total", "counter",
	       "FIB updates refused for want of room");
	for (i = 0; i < 2; i++)
		sample(f, "mplsx_fib_refusals_total", fam[i],
		       (double)r->fib.refusals[i]);
}

static void render_status(FILE *f, const struct mplsx_router *r,
			  const cJSON *st)
{
	const cJSON *nh = cJSON_GetObjectItemCaseSensitive(st, "nexthops");
	const char *ver[] = {"version", MPLSX_VERSION, NULL};
	const char *ok[] = {"result", "ok", NULL};
	const char *refused[] = {"result", "refused", NULL};
	const char *res[] = {"state", "resolved", NULL};
	const char *unres[] = {"state", "unresolved", NULL};

	family(f, "mplsx_build_info", "gauge", "mplsxd's version, always 1");
	sample(f, "mplsx_build_info", ver, 1);
	single(f, "mplsx_start_time_seconds", "gauge",
	       "When mplsxd started, seconds since the epoch",
	       (double)r->started);
	family(f, "mplsx_reloads_total", "counter",
	       "Config reloads, applied or refused");
	sample(f, "mplsx_reloads_total", ok, num(st, "reloads"));
	sample(f, "mplsx_reloads_total", refused, num(st, "reloads_refused"));
	single(f, "mplsx_labels", "gauge", "Entries of the static label table",
	       num(st, "labels"));
	single(f, "mplsx_lsps", "gauge", "Configured LSPs", num(st, "lsps"));
	family(f, "mplsx_nexthops", "gauge",
	       "Next hops (adjacencies) by state");
	sample(f, "mplsx_nexthops", res, num(nh, "resolved"));
	sample(f, "mplsx_nexthops", unres, num(nh, "unresolved"));
	single(f, "mplsx_fib_routes", "gauge",
	       "VRF routes in the agent's FIB, all VRFs and families",
	       (double)r->fib.count);
	single(f, "mplsx_fib_writes_total", "counter",
	       "FIB map writes and deletes", (double)r->fib.writes);
	fib_metrics(f, r);
}

char *metrics__render(const struct mplsx_router *r,
		      const struct bgp_speaker *bgp, size_t *len)
{
	static const char *const objs[] = {
		"status", "interfaces", "stats", "pseudowires", "lsps", "bgp",
	};
	cJSON *o[sizeof(objs) / sizeof(objs[0])];
	char err[MPLSX_CONFIG_ERRLEN], *buf = NULL;
	size_t i, n = sizeof(objs) / sizeof(objs[0]);
	FILE *f;

	f = open_memstream(&buf, len);
	if (!f)
		return NULL;
	for (i = 0; i < n; i++)
		o[i] = show__build(r, bgp, objs[i], NULL, err, sizeof(err));
	if (o[0])
		render_status(f, r, o[0]);
	if (o[1])
		render_interfaces(f, o[1]);
	if (o[2])
		render_stats(f, o[2]);
	if (o[3])
		render_pws(f, o[3]);
	if (o[4])
		render_lsps(f, o[4]);
	if (o[5])
		render_bgp(f, o[5]);

	render_maps(f, r);
	render_process(f);
	for (i = 0; i < n; i++)
		cJSON_Delete(o[i]);
	if (fclose(f)) {
		free(buf);
		return NULL;
	}
	return buf;
}

/* ---- the HTTP side (its own thread) ------------------------------------ */

static void deadline_in(struct timespec *ts, long ms)
{
	clock_gettime(CLOCK_REALTIME, ts);
	ts->tv_sec += ms / 1000;
	ts->tv_nsec += (ms % 1000) * 1000000L;
	if (ts->tv_nsec >= 1000000000L) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000L;
	}
}

/* A fresh snapshot from the event loop, or the last one after
 * SNAPSHOT_WAIT_MS; malloc'd, NULL when there is none. */
static uint64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static char *snapshot(struct metrics *m, size_t *len)
{
	const uint64_t one = 1;
	struct timespec until;
	uint64_t want;
	char *copy = NULL;
	bool fresh;

	pthread_mutex_lock(&m->lock);
	want = m->gen + 1;
	fresh = m->text && mono_ms() - m->published_ms < SNAPSHOT_FRESH_MS;
	pthread_mutex_unlock(&m->lock);
	if (!fresh && write(m->efd, &one, sizeof(one)) != sizeof(one))
		pr_debug("metrics: eventfd: %s", strerror(errno));
	if (fresh)
		want = 0;
	deadline_in(&until, SNAPSHOT_WAIT_MS);
	pthread_mutex_lock(&m->lock);
	while (m->gen < want && !m->stopping)
		if (pthread_cond_timedwait(&m->published, &m->lock, &until))
			break;
	if (m->text) {
		copy = malloc(m->len);
		if (copy) {
			memcpy(copy, m->text, m->len);
			*len = m->len;
		}
	}
	pthread_mutex_unlock(&m->lock);
	return copy;
}

static enum MHD_Result reply(struct MHD_Connection *c, unsigned int code,
			     const char *type, char *body, size_t len,
			     enum MHD_ResponseMemoryMode mode)
{
	struct MHD_Response *resp =
		MHD_create_response_from_buffer(len, body, mode);
	enum MHD_Result ret;

	if (!resp)
		return MHD_NO;
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	ret = MHD_queue_response(c, code, resp);
	MHD_destroy_response(resp);
	return ret;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c,
			      const char *url, const char *method,
			      const char *version, const char *upload_data,
			      size_t *upload_size, void **con_cls)
{
	static char not_found[] = "mplsxd: metrics are at /metrics\n";
	static char busy[] = "mplsxd: no snapshot yet\n";
	struct metrics *m = cls;
	char *text;
	size_t len = 0;

	(void)version;
	(void)upload_data;
	(void)upload_size;
	(void)con_cls;
	if (strcmp(method, MHD_HTTP_METHOD_GET) &&
	    strcmp(method, MHD_HTTP_METHOD_HEAD))
		return reply(c, MHD_HTTP_METHOD_NOT_ALLOWED, "text/plain",
			     not_found, strlen(not_found),
			     MHD_RESPMEM_PERSISTENT);
	if (strcmp(url, "/metrics"))
		return reply(c, MHD_HTTP_NOT_FOUND, "text/plain", not_found,
			     strlen(not_found), MHD_RESPMEM_PERSISTENT);
	text = snapshot(m, &len);
	if (!text)
		return reply(c, MHD_HTTP_SERVICE_UNAVAILABLE, "text/plain",
			     busy, strlen(busy), MHD_RESPMEM_PERSISTENT);
	return reply(c, MHD_HTTP_OK, "text/plain; version=0.0.4; charset=utf-8",
		     text, len, MHD_RESPMEM_MUST_FREE);
}

static void stop(struct metrics *m)
{
	if (!m->httpd)
		return;
	/* A scrape waiting for the loop (this thread) must not hold up
	 * MHD_stop_daemon. */
	pthread_mutex_lock(&m->lock);
	m->stopping = true;
	pthread_cond_broadcast(&m->published);
	pthread_mutex_unlock(&m->lock);
	MHD_stop_daemon(m->httpd);
	m->httpd = NULL;
	memset(&m->listening, 0, sizeof(m->listening));
	pthread_mutex_lock(&m->lock);
	m->stopping = false;
	pthread_mutex_unlock(&m->lock);
}

static int start(struct metrics *m, const struct cfg_metrics *cfg)
{
	struct sockaddr_in sin = {.sin_family = AF_INET,
				  .sin_port = htons(cfg->port)};
	struct sockaddr_in6 sin6 = {.sin6_family = AF_INET6,
				    .sin6_port = htons(cfg->port)};
	unsigned int flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_POLL;
	const struct sockaddr *sa = (const struct sockaddr *)&sin;
	char a[MPLSX_ADDRSTRLEN];

	if (cfg->addr.family == AF_INET6) {
		sin6.sin6_addr = cfg->addr.v6;
		sa = (const struct sockaddr *)&sin6;
		flags |= MHD_USE_IPv6;
	} else {
		sin.sin_addr = cfg->addr.v4;
	}
	m->httpd = MHD_start_daemon(
		flags, cfg->port, NULL, NULL, handle, m, MHD_OPTION_SOCK_ADDR,
		sa, MHD_OPTION_CONNECTION_LIMIT, 16U,
		MHD_OPTION_CONNECTION_TIMEOUT, 5U, MHD_OPTION_END);
	if (!m->httpd) {
		pr_warn("metrics: cannot listen on %s port %u: %s",
			mplsx_addr__str(&cfg->addr, a), cfg->port,
			strerror(errno));
		return -1;
	}
	m->listening = *cfg;
	pr_info("metrics: http://%s%s%s:%u/metrics",
		cfg->addr.family == AF_INET6 ? "[" : "",
		mplsx_addr__str(&cfg->addr, a),
		cfg->addr.family == AF_INET6 ? "]" : "", cfg->port);
	return 0;
}

struct metrics *metrics__new(const struct mplsx_router *r,
			     const struct bgp_speaker *bgp)
{
	struct metrics *m = calloc(1, sizeof(*m));

	if (!m)
		return NULL;
	m->r = r;
	m->bgp = bgp;
	m->efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (m->efd < 0) {
		free(m);
		return NULL;
	}
	pthread_mutex_init(&m->lock, NULL);
	pthread_cond_init(&m->published, NULL);
	return m;
}

void metrics__apply(struct metrics *m, const struct mplsx_config *cfg)
{
	const struct cfg_metrics *want = &cfg->metrics;

	if (m->httpd && want->enabled && want->port == m->listening.port &&
	    mplsx_addr__equal(&want->addr, &m->listening.addr))
		return;
	stop(m);
	if (want->enabled)
		start(m, want);
}

int metrics__fd(const struct metrics *m)
{
	return m->efd;
}

void metrics__dispatch(struct metrics *m)
{
	uint64_t n;
	size_t len = 0;
	char *text, *old;

	if (read(m->efd, &n, sizeof(n)) != sizeof(n))
		return;
	text = metrics__render(m->r, m->bgp, &len);
	if (!text)
		return;
	pthread_mutex_lock(&m->lock);
	old = m->text;
	m->text = text;
	m->len = len;
	m->gen++;
	m->published_ms = mono_ms();
	pthread_cond_broadcast(&m->published);
	pthread_mutex_unlock(&m->lock);
	free(old);
}

void metrics__free(struct metrics *m)
{
	if (!m)
		return;
	stop(m);
	close(m->efd);
	free(m->text);
	pthread_mutex_destroy(&m->lock);
	pthread_cond_destroy(&m->published);
	free(m);
}
