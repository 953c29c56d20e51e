#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# lib.sh - topology helpers for end-to-end tests and the demo: network
# namespaces joined by veth pairs, daemons inside them, and a cleanup that
# runs however the script ends (namespaces, processes, pins, files).
#
# Namespaces are entered with nsenter, not `ip netns exec`, which remounts
# /sys and would hide bpffs from mplsxd.

ROOT=${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
BUILD=${BUILD:-$ROOT/build}
PY=/usr/bin/python3 # Debian's python3-scapy is installed for this one
TAG=${TAG:-mx$$}
WORK=$(mktemp -d "/tmp/mplsx-$TAG.XXXXXX")
NAMESPACES=()
PIDS=()
PIN_DIRS=()
SOCKETS=()
T_PASS=0
T_FAIL=0
T_PLAN=

cleanup() {
	local rc=$? pid ns d
	set +e # best effort: a process may be gone already
	for pid in "${PIDS[@]}"; do
		kill -TERM "$pid" 2>/dev/null
	done
	for pid in "${PIDS[@]}"; do
		for _ in $(seq 50); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
		kill -KILL "$pid" 2>/dev/null
	done
	for ns in "${NAMESPACES[@]}"; do
		ip netns del "$ns" 2>/dev/null
	done
	for d in "${PIN_DIRS[@]}"; do
		rm -rf "$d" 2>/dev/null
	done
	for d in "${SOCKETS[@]}"; do
		rm -f "$d"
	done
	[ -n "${KEEP_WORK:-}" ] || rm -rf "$WORK"
	return $rc
}
trap cleanup EXIT

# A test killed by SIGKILL cannot run its cleanup: its namespaces (with the
# daemons in them), pin dirs and work dir stay.  Every name carries the
# tag mx<PID> of the shell that made it; sweep those whose shell is gone.
# Only tags of that exact form, and only when that PID is not running.
sweep_dead_tags() {
	local ns pid d
	for ns in $(ip netns list 2>/dev/null | awk '{ print $1 }'); do
		[[ $ns =~ ^mx([0-9]+)- ]] || continue
		pid=${BASH_REMATCH[1]}
		kill -0 "$pid" 2>/dev/null && continue
		for d in $(ip netns pids "$ns" 2>/dev/null); do
			kill -KILL "$d" 2>/dev/null
		done
		ip netns del "$ns" 2>/dev/null
	done
	for d in /sys/fs/bpf/mplsx-mx* /tmp/mplsx-mx*; do
		[[ $d =~ mplsx-mx([0-9]+)[-.] ]] || continue
		kill -0 "${BASH_REMATCH[1]}" 2>/dev/null && continue
		rm -rf "$d" 2>/dev/null
	done
	return 0
}
sweep_dead_tags
trap 'exit 130' INT TERM

# on NS CMD... : run CMD inside namespace NS, keeping the host's mounts.
on() {
	local ns=$1
	shift
	nsenter --net="/run/netns/$ns" "$@"
}

ns_add() {
	ip netns add "$1"
	NAMESPACES+=("$1")
	on "$1" ip link set lo up
}

# veth NS1 IF1 NS2 IF2: a veth pair between two namespaces, both ends up.
# GRO on both ends: a veth only delivers XDP-redirected frames when its
# peer has an XDP program or GRO (NAPI) enabled.
veth() {
	ip link add "$2" netns "$1" type veth peer "$4" netns "$3"
	on "$1" ip link set "$2" up
	on "$3" ip link set "$4" up
	on "$1" ethtool -K "$2" gro on >/dev/null 2>&1 || true
	on "$3" ethtool -K "$4" gro on >/dev/null 2>&1 || true
}

# p_line_topo: A --- P --- B for a P router's tests: namespaces $A $P $B,
# A a0 10.0.1.1/24 - pa 10.0.1.2/24 P pb 10.0.2.2/24 - b0 10.0.2.1/24 B.
p_line_topo() {
	A=$TAG-a P=$TAG-p B=$TAG-b
	ns_add "$A"
	ns_add "$P"
	ns_add "$B"
	veth "$A" a0 "$P" pa
	veth "$P" pb "$B" b0
	on "$A" ip addr add 10.0.1.1/24 dev a0
	on "$P" ip addr add 10.0.1.2/24 dev pa
	on "$P" ip addr add 10.0.2.2/24 dev pb
	on "$B" ip addr add 10.0.2.1/24 dev b0
}

mac_of() { # NS IF  (not /sys/class/net: nsenter keeps the host's /sys)
	on "$1" ip link show dev "$2" | awk '/link\/ether/ { print $2 }'
}

# mplsxd_start NS CONFIG NAME: run mplsxd in NS; sets SOCK_<NAME>.
mplsxd_start() {
	local ns=$1 cfg=$2 name=$3
	local sock="$WORK/$name.sock" pins="/sys/fs/bpf/mplsx-$TAG-$name"
	PIN_DIRS+=("$pins")
	SOCKETS+=("$sock")
	# nsenter execs mplsxd: $! is the daemon itself, not a subshell.
	nsenter --net="/run/netns/$ns" "$BUILD/mplsxd" -c "$cfg" -s "$sock" \
		-p "$pins" >"$WORK/$name.log" 2>&1 &
	PIDS+=($!)
	eval "SOCK_$name=$sock"
	eval "PID_$name=$!"
	eval "PINS_$name=$pins"
	# Up to 20 s: loading the object (32 MiB label table, FIB chunks)
	# takes far longer on a loaded machine than on an idle one.
	for _ in $(seq 400); do
		[ -S "$sock" ] && return 0
		kill -0 $! 2>/dev/null || break
		sleep 0.05
	done
	echo "mplsxd $name did not start:" >&2
	cat "$WORK/$name.log" >&2
	return 1
}

ctl() { # NAME ARGS...
	local sock
	sock=$(eval echo "\$SOCK_$1")
	shift
	"$BUILD/mplsxctl" -s "$sock" "$@"
}

# jq-free JSON access: json EXPR < file, EXPR in Python, data in `d`.
json() {
	$PY -c "import json,sys; d=json.load(sys.stdin); print($1)"
}

# wait_for SECONDS CMD...: retry CMD every 0.1 s until it succeeds.
wait_for() {
	local n=$(($1 * 10))
	shift
	while [ $n -gt 0 ]; do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.1
		n=$((n - 1))
	done
	return 1
}

# tcpdump_start NS IF NAME: capture IF in NS into $WORK/NAME.pcap (NAME:
# letters, digits, _: it names a variable too); sets
# TD_NAME.  Returns once tcpdump says it is listening, non-zero when it
# never does (or dies first): a capture that is not running must fail.
tcpdump_start() {
	local ns=$1 dev=$2 name=$3 pid
	nsenter --net="/run/netns/$ns" tcpdump -i "$dev" -U -n \
		-w "$WORK/$name.pcap" >"$WORK/$name.tcpdump" 2>&1 &
	pid=$!
	PIDS+=("$pid")
	eval "TD_$name=$pid"
	for _ in $(seq 50); do
		grep -q "listening on" "$WORK/$name.tcpdump" && return 0
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	echo "tcpdump $name never listened:" >&2
	cat "$WORK/$name.tcpdump" >&2
	return 1
}

# tcpdump_stop NAME: stop the capture; returns once tcpdump has written its
# file, with tcpdump's exit status.
tcpdump_stop() {
	local pid
	pid=$(eval echo "\$TD_$1")
	kill -INT "$pid" 2>/dev/null
	wait "$pid"
}

# tagged PCAP TAG: how many frames in PCAP carry a "vrf=TAG seq=" payload
# (udp_send's), counted on the raw bytes so that it works on any
# encapsulation and on a capture still being written.
tagged() {
	grep -ao "vrf=$2 seq=" "$1" 2>/dev/null | wc -l
}

# ping_all NS COUNT ARGS...: COUNT echo requests 0.2 s apart, every one
# answered (ping alone succeeds on a single reply).
ping_all() {
	local ns=$1 n=$2
	shift 2
	on "$ns" ping -q -c "$n" -i 0.2 -W 1 "$@" | grep -q " $n received"
}

# udp_listening NS: a socket is bound to UDP port 5000 in NS (udp_recv's).
udp_listening() {
	on "$1" ss -Hlun 'sport = :5000' | grep -q .
}

# check NAME CMD...: one test case; PASS/FAIL line, counted.
check() {
	local name=$1
	shift
	if "$@"; then
		echo "PASS $name"
		T_PASS=$((T_PASS + 1))
	else
		echo "FAIL $name"
		T_FAIL=$((T_FAIL + 1))
	fi
}

# udp_recv NS OUTFILE [BIND]: count "vrf=TAG ..." datagrams on port 5000
# until 2 s of silence; writes "RED BLUE" counts.  Runs in the background.
udp_recv() {
	on "$1" "$PY" -c "
import socket, collections
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(('${3:-0.0.0.0}', 5000)); s.settimeout(5)
c = collections.Counter()
try:
    while True:
        c[s.recv(100).split()[0].decode()] += 1
        s.settimeout(2)
except socket.timeout:
    pass
print(c.get('vrf=red', 0), c.get('vrf=blue', 0))" >"$2" &
}

# udp_send NS TAG COUNT DST [SRC]: COUNT datagrams "vrf=TAG seq=N".
udp_send() {
	on "$1" "$PY" -c "
import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
if '${5:-}':
    s.bind(('${5:-}', 0))
for i in range($3):
    s.sendto(b'vrf=$2 seq=%d' % i, ('$4', 5000)); time.sleep(0.005)"
}

# plan N: the number of checks this script will run, declared before the
# first one (tests/run.sh fails a suite whose count differs).
plan() {
	T_PLAN=$1
	echo "plan $1"
}

# setup_failed WHAT: a topology could not be built; no case can run.
setup_failed() {
	echo "setup failed: $*"
	echo "0 passed, 1 failed"
	exit 1
}

summary() {
	local ok=1
	if [ -z "$T_PLAN" ]; then
		echo "no plan: call plan N before the first check"
		ok=0
	elif [ $((T_PASS + T_FAIL)) -ne "$T_PLAN" ]; then
		echo "planned $T_PLAN checks, ran $((T_PASS + T_FAIL))"
		ok=0
	fi
	echo "$T_PASS passed, $T_FAIL failed"
	[ "$ok" = 1 ] && [ "$T_FAIL" -eq 0 ] && [ "$T_PASS" -gt 0 ]
}
