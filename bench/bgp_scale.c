// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * bgp_scale - issue 5's control plane scale figure: N VPNv4 routes sent
 * to mplsxd over one iBGP session, timed from the first UPDATE written to
 * the moment `show vrfs` reports all of them installed in the data plane,
 * and the memory they cost (vrf_fib4 map, kernel slab, agent RSS).
 *
 * The session is played with the agent's own codec (bgp_msg.h,
 * bgp_update.h): OPEN with VPNv4 and 4-octet AS, then every UPDATE built
 * before the clock starts, so the figure is the daemon's, not ours.
 * Figures are printed and written as JSON and a markdown row; targets are
 * reported, never asserted.
 */
#include <arpa/inet.h>
#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "bgp/bgp_msg.h"
#include "bgp/bgp_update.h"

#define TARGET_ROUTES_PER_S    200000.0
#define TARGET_BYTES_PER_ROUTE 256.0
#define CHUNK		       1024 /* routes offered per UPDATE build */
#define RX_CAP		       (64 * 1024)
#define WRITE_MAX	       (1 << 20)

struct opts {
	unsigned long n;
	const char *local, *remote, *next_hop, *ctl, *sock, *pins;
	const char *json_out, *md_out;
	unsigned int port, poll_ms, timeout_s, marker_wait_s;
	int pid;
	bool verbose;
	uint32_t asn, bgp_id;
};

/* Memory seen from outside the daemon, before and after the load. */
struct mem {
	long long fib4;	   /* vrf_fib4 bytes_memlock (map_mem_usage) */
	long long nexthop; /* nexthop map bytes_memlock */
	long long rss_kb;  /* mplsxd VmRSS */
	long long slab_kb; /* /proc/meminfo Slab: the trie's real nodes */
};

static int fd = -1;
static uint8_t rx[RX_CAP];
static size_t rx_len;
static uint16_t keepalive_s = 30;
static bool rx_eor;	  /* the daemon's VPNv4 End-of-RIB came */
static bool marker_armed; /* our ROUTE-REFRESH is on its way */
static double t_marker;	  /* first UPDATE after it, 0 = not yet */

static void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("bgp_scale: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(1);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ---- outside views: mplsxctl, bpftool, /proc ---------------------------- */

static cJSON *run_json(const char *fmt, ...)
{
	char cmd[1024];
	size_t len = 0, cap = 1 << 16;
	char *out = malloc(cap);
	cJSON *j;
	va_list ap;
	FILE *p;
	size_t got;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	p = popen(cmd, "r");
	if (!p || !out)
		die("%s: %s", cmd, strerror(errno));
	while ((got = fread(out + len, 1, cap - len - 1, p)) > 0) {
		len += got;
		if (len + 1 == cap) {
			cap *= 2;
			out = realloc(out, cap);
			if (!out)
				die("out of memory");
		}
	}
	pclose(p);
	out[len] = 0;
	j = cJSON_Parse(out);
	free(out);
	return j;
}

static long long map_bytes(const char *pins, const char *map)
{
	cJSON *j = run_json("bpftool -j map show pinned %s/%s", pins, map);
	cJSON *b = cJSON_GetObjectItem(j, "bytes_memlock");
	long long v = cJSON_IsNumber(b) ? (long long)b->valuedouble : -1;

	cJSON_Delete(j);
	return v;
}

/* "Key:   1234 kB" from a /proc file. */
static long long proc_kb(const char *path, const char *key)
{
	char line[256];
	size_t klen = strlen(key);
	long long v = -1;
	FILE *f = fopen(path, "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, key, klen) && line[klen] == ':') {
			v = atoll(line + klen + 1);
			break;
		}
	fclose(f);
	return v;
}

static void mem_read(const struct opts *o, struct mem *m)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/status", o->pid);
	m->fib4 = map_bytes(o->pins, "vrf_fib4");
	m->nexthop = map_bytes(o->pins, "nexthop");
	m->rss_kb = proc_kb(path, "VmRSS");
	m->slab_kb = proc_kb("/proc/meminfo", "Slab");
}

/* VRF red's "installed" count, or -1. */
static long vrf_installed(const struct opts *o, const char *vrf)
{
	cJSON *j = run_json("%s -s %s show vrfs", o->ctl, o->sock), *v;
	long n = -1;

	cJSON_ArrayForEach(v, j)
	{
		cJSON *name = cJSON_GetObjectItem(v, "name");
		cJSON *inst = cJSON_GetObjectItem(v, "installed");

		if (cJSON_IsString(name) && !strcmp(name->valuestring, vrf) &&
		    cJSON_IsNumber(inst))
			n = (long)inst->valuedouble;
	}
	cJSON_Delete(j);
	return n;
}

/* The first neighbour's VPNv4 "accepted" count from `show bgp`, or -1:
 * a cheap poll (no FIB walk) while the daemon is still busy. */
static long bgp_accepted(const struct opts *o)
{
	cJSON *j = run_json("%s -s %s show bgp", o->ctl, o->sock);
	cJSON *nb = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "neighbors"), 0);
	cJSON *f = cJSON_GetObjectItem(
		cJSON_GetObjectItem(cJSON_GetObjectItem(nb, "families"),
				    "vpnv4"),
		"accepted");
	long n = cJSON_IsNumber(f) ? (long)f->valuedouble : -1;

	cJSON_Delete(j);
	return n;
}

/* ---- the session ------------------------------------------------------ */

static void send_all(const uint8_t *buf, size_t len)
{
	while (len) {
		ssize_t w = write(fd, buf, len);

		if (w < 0 && errno == EAGAIN) {
			struct pollfd p = {.fd = fd, .events = POLLOUT};

			poll(&p, 1, 1000);
			continue;
		}
		if (w < 0)
			die("write: %s", strerror(errno));
		buf += w;
		len -= (size_t)w;
	}
}

static void send_keepalive(void)
{
	uint8_t ka[BGP_HDR_LEN];

	send_all(ka, (size_t)bgp_keepalive_build(ka, sizeof(ka)));
}

/*
 * Read what the daemon sent and handle each whole message: OPEN into
 * *open (when asked), KEEPALIVE counted (and answered once Established:
 * cheap, and keeps both hold timers fed), UPDATE (its own exports)
 * checked for End-of-RIB and timed once the marker is armed, else
 * dropped, NOTIFICATION fatal.  Returns the KEEPALIVEs seen.
 */
static void update_in(const uint8_t *msg, size_t len)
{
	static const struct bgp_update_opts uo = {
		.as4 = true,
		.af_mask = BGP_AF_BIT(BGP_AF_VPNV4),
	};
	struct bgp_update upd;

	if (marker_armed && !t_marker)
		t_marker = now_s();
	if (bgp_update_parse(msg, len, &uo, &upd) == BGP_RESULT_OK && upd.eor &&
	    upd.eor_af == BGP_AF_VPNV4)
		rx_eor = true;
}

static int drain(struct bgp_open *open, bool answer)
{
	int keepalives = 0;
	ssize_t r;

	while ((r = read(fd, rx + rx_len, sizeof(rx) - rx_len)) > 0) {
		size_t off = 0;

		rx_len += (size_t)r;
		for (;;) {
			struct bgp_error err;
			uint8_t type;
			int len = bgp_hdr_check(rx + off, rx_len - off, &type,
						&err);

			if (len < 0)
				die("bad message from mplsxd: %s",
				    bgp_error_subcode_str(err.code,
							  err.subcode));
			if (!len)
				break;
			if (type == BGP_MSG_NOTIFICATION) {
				bgp_notification_parse(rx + off, (size_t)len,
						       &err);
				die("NOTIFICATION from mplsxd: %s / %s",
				    bgp_error_code_str(err.code),
				    bgp_error_subcode_str(err.code,
							  err.subcode));
			}
			if (type == BGP_MSG_OPEN && open &&
			    bgp_open_parse(rx + off, (size_t)len, open, &err))
				die("bad OPEN from mplsxd");
			if (type == BGP_MSG_KEEPALIVE) {
				keepalives++;
				if (answer)
					send_keepalive();
			}
			if (type == BGP_MSG_UPDATE)
				update_in(rx + off, (size_t)len);
			off += (size_t)len;
		}
		memmove(rx, rx + off, rx_len - off);
		rx_len -= off;
	}
	if (r == 0)
		die("mplsxd closed the session");
	if (errno != EAGAIN)
		die("read: %s", strerror(errno));
	return keepalives;
}

static void session_open(const struct opts *o)
{
	struct sockaddr_in la = {.sin_family = AF_INET};
	struct sockaddr_in ra = {.sin_family = AF_INET,
				 .sin_port = htons((uint16_t)o->port)};
	struct bgp_open mine = {
		.version = BGP_VERSION,
		.my_as = o->asn > 0xffff ? BGP_AS_TRANS : (uint16_t)o->asn,
		.as = o->asn,
		.hold_time = 90,
		.bgp_id = o->bgp_id,
		.af_mask = BGP_AF_BIT(BGP_AF_VPNV4),
		.as4 = true,
		.route_refresh = true,
	};
	struct bgp_open theirs = {0};
	uint8_t buf[BGP_MAX_LEN];
	double give_up = now_s() + 10;
	bool got_open = false;
	int len, keepalives = 0;

	if (inet_pton(AF_INET, o->local, &la.sin_addr) != 1 ||
	    inet_pton(AF_INET, o->remote, &ra.sin_addr) != 1)
		die("bad address %s or %s", o->local, o->remote);
	/* The daemon only accepts its configured neighbour's address: bind
	 * it before connecting.  Retry while the listener comes up. */
	for (;;) {
		int one = 1;

		fd = socket(AF_INET, SOCK_STREAM, 0);
		if (fd < 0)
			die("socket: %s", strerror(errno));
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		if (bind(fd, (struct sockaddr *)&la, sizeof(la)))
			die("bind %s: %s", o->local, strerror(errno));
		if (!connect(fd, (struct sockaddr *)&ra, sizeof(ra)))
			break;
		if (now_s() > give_up)
			die("connect %s:%u: %s", o->remote, o->port,
			    strerror(errno));
		close(fd);
		usleep(100 * 1000);
	}
	len = bgp_open_build(&mine, buf, sizeof(buf));
	if (len < 0)
		die("OPEN build: %d", len);
	fcntl(fd, F_SETFL, O_NONBLOCK);
	send_all(buf, (size_t)len);
	/* OPEN both ways, then KEEPALIVE both ways: Established. */
	for (;;) {
		struct pollfd p = {.fd = fd, .events = POLLIN};

		if (now_s() > give_up)
			die("no session: check the daemon's log");
		if (poll(&p, 1, 200) <= 0)
			continue;
		keepalives += drain(&theirs, false);
		if (theirs.version && !got_open) {
			got_open = true;
			if (!(theirs.af_mask & BGP_AF_BIT(BGP_AF_VPNV4)))
				die("mplsxd did not offer VPNv4");
			if (theirs.hold_time && theirs.hold_time < 90)
				keepalive_s = theirs.hold_time / 3;
			send_keepalive();
		}
		/* Theirs answers our OPEN: it may come in the same read.
		 * Their exports and End-of-RIB follow ours: wait for them,
		 * so that any UPDATE later answers our ROUTE-REFRESH. */
		if (got_open && keepalives && rx_eor)
			break;
	}
}

/* The attributes every route shares (the codec packs only routes whose
 * attributes match): RD and RT asn:1, LOCAL_PREF 100, the next hop. */
static void route_template(struct bgp_route *r, const struct opts *o)
{
	uint8_t *rt = r->attrs.route_targets[0];

	memset(r, 0, sizeof(*r));
	r->af = BGP_AF_VPNV4;
	r->afi = BGP_AFI_IPV4;
	r->safi = BGP_SAFI_MPLS_VPN;
	r->prefix.family = AF_INET;
	r->prefix_len = 24;
	r->n_labels = 1;
	r->attrs.present = 1u << BGP_ATTR_LOCAL_PREF;
	r->attrs.local_pref = 100;
	r->attrs.next_hop.family = AF_INET;
	if (inet_pton(AF_INET, o->next_hop, &r->attrs.next_hop.v4) != 1)
		die("bad next hop %s", o->next_hop);
	r->attrs.n_route_targets = 1;
	/* Type 0 (2-octet AS:4-octet number) or 2 (4-octet AS:2-octet). */
	if (o->asn > 0xffff) {
		r->rd[1] = 2;
		bgp_put32(r->rd + 2, o->asn);
		bgp_put16(r->rd + 6, 1);
		rt[0] = 0x02;
		bgp_put32(rt + 2, o->asn);
		bgp_put16(rt + 6, 1);
	} else {
		bgp_put16(r->rd + 2, (uint16_t)o->asn);
		bgp_put32(r->rd + 4, 1);
		bgp_put16(rt + 2, (uint16_t)o->asn);
		bgp_put32(rt + 4, 1);
	}
	rt[1] = 0x02;
	/* BENCH_BGP_CE_ATTRS=1: every route carries what a CE gave it (RFC
	 * 4364 sec. 7), the same for all: AS_PATH 65101, MED 50, community
	 * (65101,7). */
	if (getenv("BENCH_BGP_CE_ATTRS")) {
		static const uint8_t path[] = {2, 1, 0, 0, 0xfe, 0x4d};

		memcpy(r->attrs.as_path, path, sizeof(path));
		r->attrs.as_path_wire_len = sizeof(path);
		r->attrs.as_path_len = 1;
		r->attrs.as_path_first = 65101;
		r->attrs.present |= 1u << BGP_ATTR_MED;
		r->attrs.med = 50;
		r->attrs.n_communities = 1;
		r->attrs.communities[0] = 65101u << 16 | 7;
	}
}

/* Route I: 10.0.0.0/24 + I (11.x.y.0/24 and on after 65,536 routes), a
 * label of its own. */
static void route_fill(struct bgp_route *r, const struct bgp_route *tmpl,
		       unsigned long i)
{
	*r = *tmpl;
	r->prefix.v4.s_addr = htonl(0x0a000000u + ((uint32_t)i << 8));
	r->labels[0] = 16 + (uint32_t)(i % ((1u << 20) - 16));
}

/* Every UPDATE, back to back in one buffer, packed as full as the codec
 * makes them; End-of-RIB last. */
static uint8_t *build_updates(const struct opts *o, size_t *len,
			      unsigned long *n_updates)
{
	static struct bgp_route chunk[CHUNK], tmpl;
	size_t cap = o->n * 16 + 2 * BGP_MAX_LEN, off = 0;
	uint8_t *buf = malloc(cap);
	unsigned long i = 0;
	int l;

	if (!buf)
		die("out of memory");
	*n_updates = 0;
	route_template(&tmpl, o);
	while (i < o->n) {
		size_t k, n = o->n - i < CHUNK ? o->n - i : CHUNK, done;

		for (k = 0; k < n; k++)
			route_fill(&chunk[k], &tmpl, i + k);
		if (cap - off < BGP_MAX_LEN) {
			cap *= 2;
			buf = realloc(buf, cap);
			if (!buf)
				die("out of memory");
		}
		l = bgp_update_build_announce(chunk, n, &done, buf + off,
					      BGP_MAX_LEN);
		if (l < 0)
			die("UPDATE build: %d", l);
		off += (size_t)l;
		i += done;
		(*n_updates)++;
	}
	l = bgp_update_build_eor(BGP_AF_VPNV4, buf + off, cap - off);
	if (l < 0)
		die("End-of-RIB build: %d", l);
	*len = off + (size_t)l;
	return buf;
}

/* ---- report ----------------------------------------------------------- */

static double per_route(long long before, long long after, double unit,
			unsigned long n)
{
	if (before < 0 || after < 0)
		return -1;
	return (double)(after - before) * unit / (double)n;
}

static void cpu_model(char *buf, size_t len)
{
	char line[256];
	FILE *f = fopen("/proc/cpuinfo", "r");

	snprintf(buf, len, "?");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		char *c = strchr(line, ':');

		if (!strncmp(line, "model name", 10) && c) {
			snprintf(buf, len, "%s", c + 2);
			buf[strcspn(buf, "\n")] = 0;
			break;
		}
	}
	fclose(f);
}

static void usage(FILE *f)
{
	fprintf(f, "usage: bgp_scale -s CTL_SOCKET -P PIN_DIR -p MPLSXD_PID "
		   "-N NEXT_HOP [options]\n"
		   "  -n N        routes (1000000)\n"
		   "  -l ADDR     local address to bind (127.0.0.1)\n"
		   "  -r ADDR     mplsxd's BGP address (127.0.0.2)\n"
		   "  -o PORT     mplsxd's BGP port (1790)\n"
		   "  -a ASN      AS, both ends (65000)\n"
		   "  -i ID       our BGP identifier (10.255.255.1)\n"
		   "  -c PATH     mplsxctl (mplsxctl)\n"
		   "  -t MS       completion poll interval (50)\n"
		   "  -T SECONDS  give up after (600)\n"
		   "  -j FILE     JSON results\n"
		   "  -m FILE     markdown table row\n"
		   "  -v          trace every completion poll\n");
}

static void parse_opts(int argc, char **argv, struct opts *o)
{
	struct in_addr id;
	const char *id_text = "10.255.255.1";
	int c;

	*o = (struct opts){
		.n = 1000000,
		.local = "127.0.0.1",
		.remote = "127.0.0.2",
		.ctl = "mplsxctl",
		.port = 1790,
		.poll_ms = 50,
		.timeout_s = 600,
		.marker_wait_s = 60,
		.asn = 65000,
	};
	while ((c = getopt(argc, argv, "n:l:r:o:a:i:N:c:s:P:p:t:T:W:j:m:vh")) !=
	       -1) {
		switch (c) {
		case 'n':
			o->n = strtoul(optarg, NULL, 0);
			break;
		case 'l':
			o->local = optarg;
			break;
		case 'r':
			o->remote = optarg;
			break;
		case 'o':
			o->port = (unsigned int)atoi(optarg);
			break;
		case 'a':
			o->asn = (uint32_t)strtoul(optarg, NULL, 0);
			break;
		case 'i':
			id_text = optarg;
			break;
		case 'N':
			o->next_hop = optarg;
			break;
		case 'c':
			o->ctl = optarg;
			break;
		case 's':
			o->sock = optarg;
			break;
		case 'P':
			o->pins = optarg;
			break;
		case 'p':
			o->pid = atoi(optarg);
			break;
		case 't':
			o->poll_ms = (unsigned int)atoi(optarg);
			break;
		case 'T':
			o->timeout_s = (unsigned int)atoi(optarg);
			break;
		case 'W':
			o->marker_wait_s = (unsigned int)atoi(optarg);
			break;
		case 'j':
			o->json_out = optarg;
			break;
		case 'm':
			o->md_out = optarg;
			break;
		case 'v':
			o->verbose = true;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			usage(stderr);
			exit(2);
		}
	}
	if (!o->n || !o->sock || !o->pins || !o->pid || !o->next_hop) {
		usage(stderr);
		exit(2);
	}
	if (inet_pton(AF_INET, id_text, &id) != 1)
		die("bad BGP identifier %s", id_text);
	o->bgp_id = ntohl(id.s_addr);
}

int main(int argc, char **argv)
{
	struct opts o;
	struct mem before, after;
	unsigned long n_updates;
	size_t len, off = 0;
	uint8_t *msgs;
	double t0, t_sent, t_prev, t_end = 0, t_ka, elapsed;
	const char *end_by = "ROUTE-REFRESH answer";
	double fib_pr, slab_pr, rss_pr;
	long accepted, installed = -1, base, polls = 0;
	struct utsname u;
	char cpu[128], row[512];
	cJSON *j, *m;
	FILE *f;

	parse_opts(argc, argv, &o);
	msgs = build_updates(&o, &len, &n_updates);
	mem_read(&o, &before);
	/* red's own routes (connected, receive) are installed already. */
	base = vrf_installed(&o, "red");
	if (base < 0)
		die("no VRF red in `show vrfs`");
	session_open(&o);

	/* The clock starts at the first UPDATE's write.  What the daemon
	 * cannot take yet waits in our socket buffer; meanwhile its own
	 * messages are read so that it never blocks on us. */
	t0 = now_s();
	while (off < len) {
		struct pollfd p = {.fd = fd, .events = POLLIN | POLLOUT};
		size_t chunk = len - off < WRITE_MAX ? len - off : WRITE_MAX;
		ssize_t w;

		if (poll(&p, 1, 1000) <= 0)
			continue;
		if (p.revents & POLLIN)
			drain(NULL, false);
		if (!(p.revents & POLLOUT))
			continue;
		w = write(fd, msgs + off, chunk);
		if (w < 0 && errno != EAGAIN)
			die("write: %s", strerror(errno));
		if (w > 0)
			off += (size_t)w;
	}
	t_sent = t_ka = now_s();

	/*
	 * The end, "last map write": mplsxd handles its input in order in
	 * one thread, and writes a route's map entry before it takes the
	 * next message.  So a ROUTE-REFRESH sent after the last UPDATE is
	 * answered (with the daemon's exports) only once every route before
	 * it is in the map: its answer marks the end, late by one socket
	 * write.  `show vrfs` then must say red has N more routes
	 * installed; if not (a next hop resolved later), the end is the
	 * first poll reply that says so.  The poll is costly (a walk of
	 * the whole FIB in the daemon's thread), so it waits until `show
	 * bgp` (a counter) has N accepted.  Polls alone are coarse: the
	 * daemon serves its control socket between reads of up to 1 MB of
	 * UPDATEs, ~0.3 s apart here.
	 */
	{
		uint8_t rr[32];
		int l = bgp_route_refresh_build(BGP_AFI_IPV4, BGP_SAFI_MPLS_VPN,
						rr, sizeof(rr));

		if (l < 0)
			die("ROUTE-REFRESH build: %d", l);
		marker_armed = true;
		send_all(rr, (size_t)l);
	}
	t_prev = t_sent;
	for (;;) {
		struct pollfd p = {.fd = fd, .events = POLLIN};
		double t = now_s();

		if (t - t0 > o.timeout_s)
			die("not all installed after %u s (installed %ld)",
			    o.timeout_s, installed);
		if (poll(&p, 1, (int)o.poll_ms) > 0)
			drain(NULL, true);
		if (now_s() - t_ka > keepalive_s) {
			send_keepalive();
			t_ka = now_s();
		}
		t = now_s();
		if (t_marker && !polls) {
			/* All in, if the daemon's word is right: check once. */
			installed = vrf_installed(&o, "red") - base;
			polls++;
			if (o.verbose)
				fprintf(stderr,
					"refresh answered at %.3f s, "
					"installed %ld at %.3f s\n",
					t_marker - t0, installed, now_s() - t0);
			if (installed >= (long)o.n) {
				t_end = t_marker;
				t_prev = t_marker;
				break;
			}
		}
		/* Not before the marker: a poll blocks us, and the marker's
		 * time is only right when we are waiting on the socket. */
		if (!t_marker && t - t0 < o.marker_wait_s)
			continue;
		polls++;
		accepted = bgp_accepted(&o);
		if (accepted >= (long)o.n)
			installed = vrf_installed(&o, "red") - base;
		if (o.verbose)
			fprintf(stderr,
				"poll %.3f..%.3f s: accepted %ld installed "
				"%ld\n",
				t - t0, now_s() - t0, accepted, installed);
		if (installed >= (long)o.n) {
			t_end = now_s();
			end_by = "show vrfs poll";
			break;
		}
		t_prev = t;
	}
	elapsed = t_end - t0;
	mem_read(&o, &after);

	fib_pr = per_route(before.fib4, after.fib4, 1, o.n);
	slab_pr = per_route(before.slab_kb, after.slab_kb, 1024, o.n);
	rss_pr = per_route(before.rss_kb, after.rss_kb, 1024, o.n);
	uname(&u);
	cpu_model(cpu, sizeof(cpu));

	printf("routes        %lu in %lu UPDATEs (%.1f routes each, %zu "
	       "bytes)\n",
	       o.n, n_updates, (double)o.n / n_updates, len);
	printf("time          %.3f s first UPDATE -> all installed "
	       "(sent in %.3f s; end by %s, uncertainty %.0f ms)\n",
	       elapsed, t_sent - t0, end_by, (t_end - t_prev) * 1e3);
	printf("rate          %.0f routes/s   (target >= %.0f: %s)\n",
	       o.n / elapsed, TARGET_ROUTES_PER_S,
	       o.n / elapsed >= TARGET_ROUTES_PER_S ? "met" : "MISSED");
	printf("vrf_fib4      %lld -> %lld bytes: %.1f bytes/route "
	       "(target <= %.0f: %s)\n",
	       before.fib4, after.fib4, fib_pr, TARGET_BYTES_PER_ROUTE,
	       fib_pr <= TARGET_BYTES_PER_ROUTE ? "met" : "MISSED");
	printf("nexthop map   %lld -> %lld bytes\n", before.nexthop,
	       after.nexthop);
	printf("kernel slab   %.1f bytes/route (whole machine)\n", slab_pr);
	printf("mplsxd RSS    %lld -> %lld kB: %.1f bytes/route\n",
	       before.rss_kb, after.rss_kb, rss_pr);

	j = cJSON_CreateObject();
	cJSON_AddNumberToObject(j, "routes", (double)o.n);
	cJSON_AddNumberToObject(j, "updates", (double)n_updates);
	cJSON_AddNumberToObject(j, "update_bytes", (double)len);
	cJSON_AddNumberToObject(j, "seconds", elapsed);
	cJSON_AddNumberToObject(j, "send_seconds", t_sent - t0);
	cJSON_AddNumberToObject(j, "poll_resolution_ms",
				(t_end - t_prev) * 1e3);
	cJSON_AddNumberToObject(j, "polls", (double)polls);
	cJSON_AddNumberToObject(j, "routes_per_s", o.n / elapsed);
	cJSON_AddNumberToObject(j, "installed", (double)installed);
	m = cJSON_AddObjectToObject(j, "memory");
	cJSON_AddNumberToObject(m, "vrf_fib4_before", (double)before.fib4);
	cJSON_AddNumberToObject(m, "vrf_fib4_after", (double)after.fib4);
	cJSON_AddNumberToObject(m, "vrf_fib4_bytes_per_route", fib_pr);
	cJSON_AddNumberToObject(m, "nexthop_before", (double)before.nexthop);
	cJSON_AddNumberToObject(m, "nexthop_after", (double)after.nexthop);
	cJSON_AddNumberToObject(m, "slab_kb_before", (double)before.slab_kb);
	cJSON_AddNumberToObject(m, "slab_kb_after", (double)after.slab_kb);
	cJSON_AddNumberToObject(m, "slab_bytes_per_route", slab_pr);
	cJSON_AddNumberToObject(m, "rss_kb_before", (double)before.rss_kb);
	cJSON_AddNumberToObject(m, "rss_kb_after", (double)after.rss_kb);
	cJSON_AddNumberToObject(m, "rss_bytes_per_route", rss_pr);
	m = cJSON_AddObjectToObject(j, "targets");
	cJSON_AddNumberToObject(m, "routes_per_s", TARGET_ROUTES_PER_S);
	cJSON_AddNumberToObject(m, "bytes_per_route", TARGET_BYTES_PER_ROUTE);
	cJSON_AddBoolToObject(m, "routes_per_s_met",
			      o.n / elapsed >= TARGET_ROUTES_PER_S);
	cJSON_AddBoolToObject(m, "bytes_per_route_met",
			      fib_pr <= TARGET_BYTES_PER_ROUTE);
	m = cJSON_AddObjectToObject(j, "machine");
	cJSON_AddStringToObject(m, "kernel", u.release);
	cJSON_AddStringToObject(m, "cpu", cpu);
	cJSON_AddNumberToObject(m, "cpus",
				(double)sysconf(_SC_NPROCESSORS_ONLN));
	if (o.json_out) {
		char *text = cJSON_Print(j);

		f = fopen(o.json_out, "w");
		if (!f)
			die("%s: %s", o.json_out, strerror(errno));
		fprintf(f, "%s\n", text);
		fclose(f);
		cJSON_free(text);
	}
	cJSON_Delete(j);
	snprintf(row, sizeof(row), "| %lu | %.2f | %.0f | %.1f | %.1f | %.1f |",
		 o.n, elapsed, o.n / elapsed, fib_pr, slab_pr, rss_pr);
	if (o.md_out) {
		f = fopen(o.md_out, "w");
		if (!f)
			die("%s: %s", o.md_out, strerror(errno));
		fprintf(f,
			"| routes | seconds | routes/s | vrf_fib4 B/route "
			"| kernel slab B/route | mplsxd RSS B/route |\n"
			"|---:|---:|---:|---:|---:|---:|\n%s\n",
			row);
		fclose(f);
	}
	free(msgs);
	close(fd);
	return 0;
}
