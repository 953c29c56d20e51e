#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# deps.sh - install the Debian 12 packages mplsx builds and tests with,
# only those that are missing (cheap to run before every make target).
set -euo pipefail

PKGS=(
	make gcc clang llvm pkg-config
	libbpf-dev libxdp-dev xdp-tools bpftool libelf-dev zlib1g-dev
	libcjson-dev libmnl-dev
	libmicrohttpd-dev prometheus # metrics: served, and promtool checks them
	man-db systemd # make install tests: man -l, systemd-analyze verify
	iproute2 iputils-ping ethtool tcpdump python3-scapy bird2
	traceroute iputils-tracepath tshark # tests/e2e/test_icmp.sh, test_oam*.sh
	libclang-rt-14-dev util-linux
	python3-matplotlib # make bench: the plot
)

missing=()
for p in "${PKGS[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "deps: installing ${missing[*]}" >&2
if [ "$(id -u)" -ne 0 ]; then
	echo "deps: missing packages and not root: apt-get install ${missing[*]}" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >&2
apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
# bird2's package starts a system daemon; mplsx runs its own instances.
systemctl disable --now bird 2>/dev/null || true
# Nor a Prometheus server: the tests only use its promtool.
systemctl disable --now prometheus prometheus-node-exporter 2>/dev/null || true
