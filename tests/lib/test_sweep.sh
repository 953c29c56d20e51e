#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# test_sweep.sh - tests/e2e/lib.sh sweeps what a SIGKILLed test left: a
# namespace (and the process in it), a pin dir and a work dir whose tag
# mx<PID> names a shell that is gone; a live shell's and a foreign name stay.
set -u
. "$(dirname "$0")/../e2e/lib.sh"
plan 7

sleep 0 &
dead=$!
wait "$dead"
live=$$ # this shell: running
stale_ns=mx$dead-sweep live_ns=mx$live-sweep other_ns=mxsweep$dead
ip netns add "$stale_ns" && ip netns add "$live_ns" && ip netns add "$other_ns"
NAMESPACES+=("$stale_ns" "$live_ns" "$other_ns") # removed however this ends
nsenter --net="/run/netns/$stale_ns" sleep 300 &
orphan=$!
pins=/sys/fs/bpf/mplsx-mx$dead-sweep work=/tmp/mplsx-mx$dead.sweep
mkdir -p "$pins" "$work"
PIN_DIRS+=("$pins" "$work")

# A new test starts: its lib.sh sweeps.
bash -c ". '$ROOT/tests/e2e/lib.sh'" >/dev/null 2>&1

gone_ns() { ! ip netns list | awk '{ print $1 }' | grep -qx "$1"; }
has_ns() { ip netns list | awk '{ print $1 }' | grep -qx "$1"; }
check "a dead tag's namespace is deleted" gone_ns "$stale_ns"
check "the process left in it is killed" wait_for 5 eval "! kill -0 $orphan 2>/dev/null"
check "a dead tag's pin dir is removed" test ! -e "$pins"
check "a dead tag's work dir is removed" test ! -e "$work"
check "a live tag's namespace stays" has_ns "$live_ns"
check "a name not of the form mx<PID>- stays" has_ns "$other_ns"
check "this test's own work dir stays" test -d "$WORK"
summary
