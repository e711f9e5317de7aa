#!/bin/sh
# Install what her2cn needs to build and test, if missing (Debian/Ubuntu, as root or via sudo).
set -eu
# valgrind: make memcheck; strace: the no-network test; clang and its
# libFuzzer runtime only for `scripts/install-deps.sh fuzz` (make fuzz).
PKGS="build-essential pkg-config libhts-dev zlib1g-dev check samtools bcftools tabix valgrind strace"
[ "${1:-}" = fuzz ] && PKGS="$PKGS clang libclang-rt-14-dev"
missing=""
for p in $PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "install-deps: installing:$missing" >&2
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
