#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# deps.sh - Debian packages `make bench` needs beyond scripts/deps.sh,
# installed only when missing.
set -euo pipefail

PKGS=(python3-matplotlib ethtool iproute2 util-linux)

missing=()
for p in "${PKGS[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "bench deps: installing ${missing[*]}" >&2
if [ "$(id -u)" -ne 0 ]; then
	echo "bench deps: missing packages and not root: apt-get install ${missing[*]}" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >&2
apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
