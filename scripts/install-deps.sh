#!/bin/sh
# Install what her2cn needs to build and test, if missing (Debian/Ubuntu, as root or via sudo).
#   scripts/install-deps.sh                 build + `make check`
#   scripts/install-deps.sh --integration   also the tools `make integration` runs
#                                           (multiqc, snakemake, cwltool, cnvkit, chromium)
#   scripts/install-deps.sh --bench         also the peers timed by `make bench`
#                                           (samtools, mosdepth, cnvkit, GNU time)
set -eu
# python3-jsonschema: tests/e2e/98-json-schema.sh; valgrind: make memcheck;
# strace: the no-network test; clang and its
# libFuzzer runtime only for `scripts/install-deps.sh fuzz` (make fuzz).
# python3-yaml, python3-jsonschema: make check's workflow-file checks
# (tests/snakemake_profile_keys.py, tests/nf_meta_check.py).
PKGS="build-essential pkg-config libhts-dev zlib1g-dev check samtools bcftools tabix python3 groff-base valgrind strace python3-yaml python3-jsonschema"
if [ "${1:-}" = "--integration" ]; then
    # python3-yaml, -jinja2, -jsonschema: the nf-core module and recipe checks,
    # the Snakemake config schemas (snakemake pulls most of them in anyway)
    PKGS="$PKGS multiqc snakemake cwltool cnvkit chromium python3-pil man-db python3-yaml python3-jinja2 python3-jsonschema"
elif [ "${1:-}" = "--bench" ]; then
    PKGS="$PKGS mosdepth cnvkit time"
elif [ "${1:-}" = fuzz ]; then
    PKGS="$PKGS clang libclang-rt-14-dev"
fi
missing=""
for p in $PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "install-deps: installing:$missing" >&2
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq
$SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends $missing >/dev/null
