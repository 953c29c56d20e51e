#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# End to end, chaos: the BGP L3 VPN (PE1 - P - PE2, BIRD on both PEs)
# carries a steady UDP stream each way in VRF red (200 pps, sequence
# numbers) while things go wrong, one event at a time.  Every event gets
# a fresh stream of its own; the packets it lost are printed, and are
# asserted 0 where DESIGN promises it (crash and restart, persist stop and
# start, an upgrade of the BPF object to another map layout and back).
# All three mplsxd run with the default options: pins and sockets named
# after their namespace.
set -u
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/l3vpn_topo.sh"
. "$(dirname "$0")/bgp_topo.sh"

command -v bird >/dev/null || setup_failed "bird not installed"
[ -x "$BUILD/alt/mplsxd" ] || setup_failed "$BUILD/alt/mplsxd missing (make)"
plan 65
ALT_MPLSXD=$BUILD/alt/mplsxd
PPS=200
LOSSES=()

# ---- daemons with the default pin directory and socket -------------------

# mx_start NAME NS [BINARY]: mplsxd -c $WORK/NAME.json, nothing else.
mx_start() {
	local name=$1 ns=$2 bin=${3:-$BUILD/mplsxd}
	local sock=/run/mplsx/$ns.sock pins=/sys/fs/bpf/mplsx/$ns
	PIN_DIRS+=("$pins")
	SOCKETS+=("$sock")
	nsenter --net="/run/netns/$ns" "$bin" -c "$WORK/$name.json" \
		>>"$WORK/$name.log" 2>&1 &
	PIDS+=($!)
	eval "SOCK_$name=$sock PID_$name=$! PINS_$name=$pins NS_$name=$ns"
	wait_for 10 ctl "$name" show status
}
pid_of() { eval echo "\$PID_$1"; }
mx_kill() { # NAME SIGNAL: and wait until it is gone
	local pid
	pid=$(pid_of "$1")
	kill "-$2" "$pid"
	wait "$pid" 2>/dev/null
	return 0
}
status_field() { ctl "$1" show status | json "d['$2']"; }
committed() { [ "$(status_field "$1" dataplane_committed)" = True ]; }

# ---- the stream ------------------------------------------------------------

# stream_start TAG SECONDS: CE1 red -> CE2 red and back, $PPS each way.
stream_start() {
	local tag=$1 n=$(($2 * PPS)) side
	for side in 1 2; do
		local rx tx dst
		[ $side = 1 ] && rx=$CE2R tx=$CE1R dst=192.168.2.2
		[ $side = 2 ] && rx=$CE1R tx=$CE2R dst=192.168.1.2
		on "$rx" "$PY" -c "
import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(('0.0.0.0', 5001)); s.settimeout(8)
seen = set()
stamps = open('$WORK/rx-$tag-$side.t', 'w') if '${STAMPS:-}' else None
try:
    while True:
        b = s.recv(100).split()
        if b[0] != b'$tag':
            continue
        seen.add(int(b[1]))
        if stamps:
            stamps.write('%.3f\\n' % time.clock_gettime(time.CLOCK_BOOTTIME))
        s.settimeout(2)
except socket.timeout:
    pass
print(len(seen))" >"$WORK/rx-$tag-$side" &
		local rxpid=$!
		sleep 0.3 # the receiver binds first
		on "$tx" "$PY" -c "
import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
t0 = time.monotonic()
for i in range($n):
    s.sendto(b'$tag %d' % i, ('$dst', 5001))
    d = t0 + (i + 1) / $PPS - time.monotonic()
    if d > 0:
        time.sleep(d)" &
		eval "TX_$side=$! RX_$side=$rxpid"
	done
	STREAM_N=$n
	STREAM_TAG=$tag
}

# stream_end: wait for both directions, record and print the loss.
stream_end() {
	local side got lost total=0 desc=$1
	for side in 1 2; do
		wait "$(eval echo "\$TX_$side")"
		wait "$(eval echo "\$RX_$side")"
		got=$(cat "$WORK/rx-$STREAM_TAG-$side")
		lost=$((STREAM_N - ${got:-0}))
		total=$((total + lost))
		eval "LOST_$side=$lost"
	done
	printf 'LOSS %-44s %5d lost of %d (PE1->PE2 %d, PE2->PE1 %d)\n' \
		"$desc" "$total" $((2 * STREAM_N)) "$LOST_1" "$LOST_2"
	LOSSES+=("$desc: $total")
	LOST=$total
}

# event TAG DESCRIPTION SECONDS ASSERT_ZERO CMD...: CMD during a stream.
event() {
	local tag=$1 desc=$2 secs=$3 zero=$4
	shift 4
	stream_start "$tag" "$secs"
	sleep 0.5
	"$@"
	local rc=$?
	stream_end "$desc"
	check "$desc: done" [ $rc -eq 0 ]
	if [ "$zero" = 1 ]; then
		check "$desc: 0 packets lost" [ "$LOST" -eq 0 ]
	fi
}

# ---- the topology --------------------------------------------------------

l3vpn_up || setup_failed "topology"
# l3vpn_up's daemons (own pins and sockets) make way for ours.
for n in pe1 p pe2; do
	mx_kill "$n" TERM
done
l3vpn_bgp_prepare
for ns in "$CE1R" "$CE2R"; do
	on "$ns" ethtool -K eth0 tx off >/dev/null 2>&1
done
# persist: a stop leaves the data plane forwarding (restart, upgrade).
# A 3 s hold time: a daemon stalled for 3 s loses its session.  PE1
# advertises a restart time of its own (bgp.graceful_restart).
for f in pe1 pe2 p; do
	$PY - "$WORK/$f.json" "$f" <<'EOF'
import json, sys
c = json.load(open(sys.argv[1])); c["persist"] = True
if "bgp" in c:
    c["bgp"]["hold_time"] = 3
if sys.argv[2] == "pe1":
    c["bgp"]["graceful_restart"] = 77
json.dump(c, open(sys.argv[1], "w"), indent=1)
EOF
done

check "P mplsxd, default options" mx_start p "$P"
check "PE1 mplsxd, default options" mx_start pe1 "$PE1"
check "PE2 mplsxd, default options" mx_start pe2 "$PE2"
check "pins named after the namespace" [ -e "/sys/fs/bpf/mplsx/$P/label_table" -a -e "/sys/fs/bpf/mplsx/$PE1/label_table" ]
check "mplsxctl finds its namespace's daemon" bash -c \
	"nsenter --net=/run/netns/$PE1 '$BUILD/mplsxctl' show status | grep -q '\"10.255.0.1\"'"

# A second daemon for a namespace refuses, names the first, touches nothing.
pins_before=$(ls "/sys/fs/bpf/mplsx/$PE1" | wc -l)
nsenter --net="/run/netns/$PE1" "$BUILD/mplsxd" -c "$WORK/pe1.json" >"$WORK/second.log" 2>&1
check "a second mplsxd in PE1's namespace refuses" [ $? -ne 0 ]
check "... and names the running one" grep -q "pid $(pid_of pe1)" "$WORK/second.log"
check "... and touched none of its pins" [ "$(ls "/sys/fs/bpf/mplsx/$PE1" | wc -l)" = "$pins_before" ]
check "... nor its socket" wait_for 1 ctl pe1 show status

bird_conf pe1 "$PE1" 10.255.0.1 10.255.0.3 10.255.1.1
bird_conf pe2 "$PE2" 10.255.0.3 10.255.0.1 10.255.1.3
check "BIRD on PE1 started" bird_start pe1 "$PE1"
check "BIRD on PE2 started" bird_start pe2 "$PE2"
check "PE1 mplsxd <-> BIRD Established" wait_for 30 established pe1
check "PE2 mplsxd <-> BIRD Established" wait_for 30 established pe2
red_route() { ctl "$1" show routes red | json "[r for r in d if r['prefix']=='$2' and r['installed']][0]"; }
check "PE1 has PE2's red route" wait_for 30 red_route pe1 192.168.2.0/24
check "PE2 has PE1's red route" wait_for 30 red_route pe2 192.168.1.0/24
check "ping red CE1 -> CE2" wait_for 10 on "$CE1R" ping -c 1 -W 1 192.168.2.2
check "BIRD sees PE1's restart time, 77 s" bash -c \
	"birdc -s '$BIRDSOCK_pe1' show protocols all | grep -q 'Restart time: 77'"

# ---- events --------------------------------------------------------------

event base "no event (baseline)" 3 1 true

restart_kill9() { # NAME NS [BINARY]
	mx_kill "$1" KILL
	mx_start "$1" "$2" "${3:-}" && wait_for 40 committed "$1"
}
event k9p "kill -9 + restart mplsxd on P" 4 1 restart_kill9 p "$P"
check "P's new mplsxd adopted the data plane" [ "$(status_field p dataplane)" = adopted ]
event k9pe "kill -9 + restart mplsxd on PE1" 5 1 restart_kill9 pe1 "$PE1"
check "PE1's new mplsxd adopted the data plane" [ "$(status_field pe1 dataplane)" = adopted ]
check "PE1 <-> BIRD Established again" wait_for 30 established pe1

restart_persist() { # NAME NS [BINARY]
	mx_kill "$1" TERM
	mx_start "$1" "$2" "${3:-}" && wait_for 40 committed "$1"
}
event stop "persist stop + start mplsxd on PE2" 5 1 restart_persist pe2 "$PE2"
check "PE2 <-> BIRD Established again" wait_for 30 established pe2

event up1 "upgrade PE1 to map layout 1001" 6 1 restart_persist pe1 "$PE1" "$ALT_MPLSXD"
check "PE1 runs map layout 1001, migrated" [ "$(status_field pe1 map_layout)/$(status_field pe1 dataplane)" = 1001/migrated ]
event up2 "upgrade P to map layout 1001 (no BGP)" 4 1 restart_persist p "$P" "$ALT_MPLSXD"
# The layout the main build carries (agent/dp/mplsx_abi.h).
ABI=$(sed -n 's/^#define MPLSX_ABI_VERSION \([0-9]*\)$/\1/p' "$ROOT/agent/dp/mplsx_abi.h")
ABI=${ABI:?cannot read MPLSX_ABI_VERSION from agent/dp/mplsx_abi.h}
event down1 "PE1 back to map layout $ABI (kill -9)" 6 1 restart_kill9 pe1 "$PE1"
check "PE1 runs map layout $ABI again" [ "$(status_field pe1 map_layout)" = "$ABI" ]
event down2 "P back to map layout $ABI" 4 1 restart_persist p "$P"

# BGP across BIRD's own crash: mplsxd keeps BIRD's routes as stale until
# BIRD is back and has sent its End-of-RIB.  (Started without -R, BIRD
# sends its End-of-RIB before it has the far PE's routes again: a few
# packets go while it re-learns them.)
bird_kill9() {
	kill -KILL "$BIRDPID_pe1"
	wait "$BIRDPID_pe1" 2>/dev/null
	bird_start pe1 "$PE1" && wait_for 30 established pe1
}
event bird "kill -9 + restart BIRD on PE1" 6 0 bird_kill9
check "PE1 mplsxd <-> BIRD Established after BIRD's restart" established pe1

link_flap() {
	on "$P" ip link set c1 down
	sleep 0.3
	on "$P" ip link set c1 up
	wait_for 10 on "$CE1R" ping -c 1 -W 1 192.168.2.2
}
event flap "link flap P c1 (0.3 s down)" 5 0 link_flap

# P's c1 deleted and made again, same name and MAC (its peer w2 in the
# bridge with it): attached again, forwarding within a second.
boottime() { $PY -c 'import time; print("%.3f" % time.clock_gettime(time.CLOCK_BOOTTIME))'; }
recreate() {
	local mac
	mac=$(mac_of "$P" c1)
	on "$P" ip link del c1
	sleep 0.3
	ip link add c1 netns "$P" address "$mac" type veth peer w2 netns "$W12"
	on "$W12" ip link set w2 master br0
	on "$W12" ip link set w2 up
	on "$P" ethtool -K c1 gro on >/dev/null 2>&1
	on "$W12" ethtool -K w2 gro on >/dev/null 2>&1
	on "$P" ip addr add 10.0.12.2/24 dev c1
	on "$P" ip link set c1 up
	RECREATED=$(boottime)
	on "$P" ip route add 10.255.0.1/32 via 10.0.12.1
	wait_for 10 on "$CE1R" ping -c 1 -W 1 192.168.2.2
}
STAMPS=1
event recreate "delete + re-create P c1" 6 0 recreate
STAMPS=
# The first packet each way after c1 was up again.
first_after() { # SIDE
	$PY - "$WORK/rx-recreate-$1.t" "$RECREATED" <<'EOF'
import sys
t0 = float(sys.argv[2])
ts = [float(l) for l in open(sys.argv[1]) if float(l) > t0]
print("%.3f" % (min(ts) - t0) if ts else "none")
EOF
}
fa1=$(first_after 1) fa2=$(first_after 2)
echo "re-created c1: first packet through after $fa1 s (PE1->PE2), $fa2 s (PE2->PE1)"
within_1s() { $PY -c "import sys; sys.exit(not ('$1' != 'none' and float('$1') < 1.0))"; }
check "re-created c1 forwards PE1->PE2 within a second" within_1s "$fa1"
check "re-created c1 forwards PE2->PE1 within a second" within_1s "$fa2"
iface_field() { ctl "$1" show interfaces | json "[i['$3'] for i in d if i['name']=='$2'][0]"; }
check "P shows c1 up again" [ "$(iface_field p c1 state)" = up ]

# An interface that does not exist yet: absent, attached when it appears.
$PY - "$WORK/p.json" <<'EOF'
import json, sys
c = json.load(open(sys.argv[1]))
c["interfaces"].append({"name": "c9", "mpls": True})
json.dump(c, open(sys.argv[1], "w"), indent=1)
EOF
check "P takes a config naming a missing c9" reload p
check "c9 shown absent" [ "$(iface_field p c9 state)" = absent ]
ip link add c9 netns "$P" type veth peer c9peer netns "$W12"
on "$W12" ip link set c9peer up
on "$P" ip link set c9 up
xdp_on_c9() { on "$P" ip link show dev c9 | grep -q "xdp"; }
check "c9 attached within a second of appearing" wait_for 1 xdp_on_c9
check "c9 shown up" [ "$(iface_field p c9 state)" = up ]

# An interface taken out of the config while the daemon was down: the
# earlier daemon's program leaves it once the new one has committed.
mx_kill p TERM
$PY - "$WORK/p.json" <<'EOF'
import json, sys
c = json.load(open(sys.argv[1]))
c["interfaces"] = [i for i in c["interfaces"] if i["name"] != "c9"]
json.dump(c, open(sys.argv[1], "w"), indent=1)
EOF
check "P restarted without c9 in its config" mx_start p "$P"
no_xdp_on_c9() { ! xdp_on_c9; }
check "c9, no longer configured, detached after the commit" wait_for 40 no_xdp_on_c9

# Nobody stalls the daemon: slow and idle clients, a flood, during traffic.
cat >"$WORK/attack.py" <<'EOF'
import socket, subprocess, sys, threading, time
sock, ctl, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])
stop = False
slow = []
for i in range(10):
    s = socket.socket(socket.AF_UNIX); s.connect(sock); slow.append(s)
idle = []
for i in range(5):
    s = socket.socket(socket.AF_UNIX); s.connect(sock); idle.append(s)
def dribble():
    while not stop:
        for s in slow:
            try:
                s.send(b" ")
            except OSError:
                pass
        time.sleep(0.5)
fails = 0
lock = threading.Lock()
def flood():
    global fails
    for i in range(50):
        r = subprocess.run([ctl, "-s", sock, "show", "status"],
                           capture_output=True)
        if r.returncode:
            with lock:
                fails += 1
t = threading.Thread(target=dribble); t.start()
lat = []
t_end = time.monotonic() + seconds
while time.monotonic() < t_end:
    t0 = time.monotonic()
    r = subprocess.run([ctl, "-s", sock, "show", "status"], capture_output=True)
    lat.append((time.monotonic() - t0) * 1000 if r.returncode == 0 else 1e9)
    time.sleep(0.1)
ths = [threading.Thread(target=flood) for i in range(20)]
for x in ths: x.start()
for x in ths: x.join()
big = socket.socket(socket.AF_UNIX); big.connect(sock)
big.sendall(b'{"command": "show", "object": "' + b"x" * 10000 + b'"}\n')
big.shutdown(socket.SHUT_WR)
ans = b""
while True:
    b = big.recv(4096)
    if not b:
        break
    ans += b
stop = True; t.join()
print("%.1f %d %d" % (max(lat), fails, b'"error"' in ans and ans.endswith(b"}\n")))
EOF
attack() {
	on "$PE1" "$PY" "$WORK/attack.py" "$SOCK_pe1" "$BUILD/mplsxctl" 5 >"$WORK/attack.out"
}
est_before=$(bgp_field pe1 "n['established_count']")
event attack "slow clients + 1000-request flood on PE1" 9 0 attack
read -r lat_max flood_fails big_ok <"$WORK/attack.out"
echo "show status during the attack: at most $lat_max ms; flood: $flood_fails of 1000 failed"
check "show status answers within 100 ms during the slow-client attack" \
	$PY -c "import sys; sys.exit(not $lat_max < 100)"
check "1000 flooded requests, none failed" [ "$flood_fails" = 0 ]
check "an oversized request gets a complete JSON error" [ "$big_ok" = 1 ]
check "no BGP session dropped during the attack (hold time 3 s)" \
	[ "$(bgp_field pe1 "n['established_count']")" = "$est_before" ]

# A bare TCP connect from BIRD's address, and one that sends rubbish: the
# Established session stays (RFC 4271 6.8: only a valid OPEN may replace
# it).
est_before=$(bgp_field pe1 "n['established_count']")
bare_connects() {
	on "$PE1" "$PY" - <<'EOF'
import socket, time
for payload in (b"", b"\xff" * 16 + b"\x00\x13\x04", b"GET / HTTP/1.0\r\n\r\n"):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    s.connect(("127.0.0.2", 1790))
    if payload:
        s.send(payload)
    time.sleep(1)
    s.close()
EOF
}
check "bare and bogus connects from BIRD's address" bare_connects
check "... left the Established session alone" \
	[ "$(bgp_field pe1 "n['state']")/$(bgp_field pe1 "n['established_count']")" = "Established/$est_before" ]

storm() {
	local i
	for i in $(seq 25); do
		ctl pe1 reload >/dev/null || return 1
		ctl p reload >/dev/null || return 1
	done
}
est_before=$(bgp_field pe1 "n['established_count']")
event storm "reload storm (25 x PE1 and P)" 5 0 storm
check "no BGP session dropped in the reload storm" \
	[ "$(bgp_field pe1 "n['established_count']")" = "$est_before" ]

# A plain stop without persist still removes everything.
$PY - "$WORK/pe2.json" <<'EOF'
import json, sys
c = json.load(open(sys.argv[1])); c["persist"] = False
json.dump(c, open(sys.argv[1], "w"), indent=1)
EOF
check "PE2 reloads persist: false" reload pe2
mx_kill pe2 TERM
check "plain stop: PE2's pins removed" [ ! -e "$PINS_pe2" ]
check "plain stop: no XDP left on PE2's interfaces" bash -c \
	"! nsenter --net=/run/netns/$PE2 ip link show | grep -q xdp"
check "plain stop: PE2's socket removed" [ ! -e "$SOCK_pe2" ]

echo "loss per event:"
printf '  %s\n' "${LOSSES[@]}"
summary
