#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# make install: the files a DESTDIR install lays out (modes included),
# the binaries run from there, the example config validates, every manual
# page renders with man -l and no warning, systemd-analyze verify accepts
# the unit template as installed, bash completion completes verbs,
# objects and options, and make uninstall removes it all again.
set -u
. "$(dirname "$0")/lib.sh"
plan 30

D=$WORK/dest
make -s -C "$ROOT" BUILD="$BUILD" install DESTDIR="$D" PREFIX=/usr >"$WORK/install.log" 2>&1
check "make install DESTDIR=... PREFIX=/usr" test $? -eq 0

mode_is() { # FILE MODE
	[ -f "$1" ] && [ "$(stat -c %a "$1")" = "$2" ]
}
check "usr/sbin/mplsxd 755" mode_is "$D/usr/sbin/mplsxd" 755
check "usr/sbin/mplsxctl 755" mode_is "$D/usr/sbin/mplsxctl" 755
check "systemd unit template 644" mode_is "$D/usr/lib/systemd/system/mplsxd@.service" 644
check "man8/mplsxd.8" mode_is "$D/usr/share/man/man8/mplsxd.8" 644
check "man8/mplsxctl.8" mode_is "$D/usr/share/man/man8/mplsxctl.8" 644
check "man5/mplsx.json.5" mode_is "$D/usr/share/man/man5/mplsx.json.5" 644
check "bash completion" mode_is "$D/usr/share/bash-completion/completions/mplsxctl" 644
check "example config" mode_is "$D/usr/share/doc/mplsx/examples/mplsx.json" 644
check "etc/mplsx/ exists, 750" bash -c "[ -d '$D/etc/mplsx' ] && [ \$(stat -c %a '$D/etc/mplsx') = 750 ]"
ver=$(sed -n 's/^#define MPLSX_VERSION "\(.*\)"/\1/p' "$ROOT/agent/util/version.h")
check "installed mplsxd --version ($ver)" test "$("$D/usr/sbin/mplsxd" --version)" = "mplsxd $ver"
check "installed mplsxctl --version" test "$("$D/usr/sbin/mplsxctl" --version)" = "mplsxctl $ver"
check "unit: ExecStart is the installed path" grep -qx \
	'ExecStart=/usr/sbin/mplsxd -c /etc/mplsx/%i.json -s /run/mplsx/%i.sock -p /sys/fs/bpf/mplsx/%i' \
	"$D/usr/lib/systemd/system/mplsxd@.service"
check "unit: one namespace per instance" grep -qx 'NetworkNamespacePath=/run/netns/%i' \
	"$D/usr/lib/systemd/system/mplsxd@.service"

# The example config is valid where its interfaces exist.
quiet() { "$@" >/dev/null; }
N=$TAG-inst
ns_add "$N"
veth "$N" core0 "$N" ce-red
check "example config passes mplsxd --check" quiet on "$N" "$D/usr/sbin/mplsxd" --check \
	-c "$D/usr/share/doc/mplsx/examples/mplsx.json"
echo '{"router_id": "10.255.0.1", "interfaces": []}' >"$WORK/bad.json"
on "$N" "$D/usr/sbin/mplsxd" --check -c "$WORK/bad.json" >/dev/null 2>"$WORK/bad.err"
check "mplsxd --check refuses a bad config (exit 1, key named)" bash -c \
	"[ $? = 1 ] && grep -q 'interfaces: must not be empty' '$WORK/bad.err'"

# Manual pages: rendered by man-db with warnings on, none printed.
for p in man8/mplsxd.8 man8/mplsxctl.8 man5/mplsx.json.5; do
	f=$D/usr/share/man/$p
	check "man -l $p renders (NAME, version, no warning)" bash -c \
		"MANWIDTH=80 man -l --warnings '$f' >'$WORK/page.txt' 2>'$WORK/page.err' &&
		 [ ! -s '$WORK/page.err' ] && grep -q '^NAME' '$WORK/page.txt' &&
		 grep -q 'mplsx $ver' '$WORK/page.txt'"
done
check "mplsxctl(8) documents every verb of --help" bash -c "
	man -l '$D/usr/share/man/man8/mplsxctl.8' 2>/dev/null | col -b >'$WORK/ctl.txt'
	'$BUILD/mplsxctl' --help | grep -oE '^  [a-z]+( [a-z]+)*' | sed 's/^  //' |
		while read -r v; do grep -q \"\$v\" '$WORK/ctl.txt' || { echo \"missing: \$v\"; exit 1; }; done"

# systemd-analyze verify needs ExecStart to exist: an install whose
# PREFIX is real (no DESTDIR), its manuals on MANPATH for Documentation=.
R=$WORK/root/usr
make -s -C "$ROOT" BUILD="$BUILD" install PREFIX="$R" >>"$WORK/install.log" 2>&1
check "make install PREFIX=$R" test $? -eq 0
MANPATH=$R/share/man systemd-analyze verify "$R/lib/systemd/system/mplsxd@.service" \
	>"$WORK/verify.out" 2>&1
check "systemd-analyze verify accepts mplsxd@.service" test $? -eq 0
check "systemd-analyze verify: no warning" test ! -s "$WORK/verify.out"
sed 's/^KillSignal=/KilSignal=/' "$R/lib/systemd/system/mplsxd@.service" >"$WORK/mplsxd@.service"
MANPATH=$R/share/man systemd-analyze verify "$WORK/mplsxd@.service" >"$WORK/verify2.out" 2>&1
check "systemd-analyze verify flags a misspelt key (the check can fail)" test -s "$WORK/verify2.out"

# Bash completion: verbs, objects, option values.
complete_words() { # WORDS... (the last one being completed)
	bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		_mplsxctl; echo "${COMPREPLY[*]}"' _ \
		"$D/usr/share/bash-completion/completions/mplsxctl" "$@"
}
check "completes verbs" test "$(complete_words mplsxctl "")" = "show reload clear ping traceroute"
check "completes show objects" bash -c "[[ ' $(complete_words mplsxctl show "") ' == *' routes '* ]]"
check "completes ping lsp|vrf|pw" test "$(complete_words mplsxctl -o text ping "")" = "lsp vrf pw"
check "completes --format values" test "$(complete_words mplsxctl --format "")" = "json text"
check "completes long options" bash -c "[[ ' $(complete_words mplsxctl --ver) ' == *' --version '* ]]"

make -s -C "$ROOT" BUILD="$BUILD" uninstall DESTDIR="$D" PREFIX=/usr >>"$WORK/install.log" 2>&1
check "make uninstall leaves no file" test -z "$(find "$D" -type f)"
summary
