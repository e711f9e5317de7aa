#!/bin/bash
# make dist: the release tarball her2cn-VERSION.tar.gz (every file git knows
# of, as it is in the working tree, under her2cn-VERSION/) and the Bioconda
# recipe that builds it, with the tarball's sha256 filled in.
#   scripts/dist.sh OUTDIR VERSION URL HOME
# The tarball is reproducible: files sorted by name, owner 0, every mtime the
# last commit's time, gzip without a name or time stamp. VERSION comes from
# H2_VERSION in include/her2cn.h (the Makefile reads it there).
set -euo pipefail
out=$1 version=$2 url=$3 home=$4
cd "$(dirname "$0")/.."
die() { echo "make dist: $*" >&2; exit 2; }
[ -n "$version" ] || die "no H2_VERSION in include/her2cn.h"
git rev-parse --git-dir > /dev/null 2>&1 || die "not a git checkout (a tarball is made from one)"
case $out in /*) ;; *) out=$PWD/$out ;; esac
name=her2cn-$version
mtime=$(git log -1 --format=%ct 2>/dev/null || echo 0)
mkdir -p "$out/recipe"
tmp=$(mktemp "$out/.$name.XXXXXX")
trap 'rm -f "$tmp"' EXIT
# tracked and new (not ignored) files that exist in the working tree
git ls-files -z --cached --others --exclude-standard \
    | while IFS= read -r -d '' f; do [ -f "$f" ] && printf '%s\0' "$f"; done \
    | LC_ALL=C sort -z \
    | tar --format=gnu --owner=0 --group=0 --numeric-owner --mode='u+rwX,go+rX,go-w' \
          --mtime="@$mtime" --transform "s,^,$name/," --no-recursion --null -cf - -T - \
    | gzip -n -9 > "$tmp"
mv "$tmp" "$out/$name.tar.gz"
trap - EXIT
sha=$(sha256sum "$out/$name.tar.gz" | cut -d' ' -f1)
sed -e "s|^{% set version = .*|{% set version = \"$version\" %}|" \
    -e "s|^{% set sha256 = .*|{% set sha256 = \"$sha\" %}|" \
    -e "s|^{% set url = .*|{% set url = \"$url\" %}|" \
    -e "s|^{% set home = .*|{% set home = \"$home\" %}|" \
    recipe/meta.yaml > "$out/recipe/meta.yaml"
cp recipe/build.sh "$out/recipe/build.sh"
echo "$out/$name.tar.gz"
echo "sha256 $sha"
echo "$out/recipe/meta.yaml (url $url)"
