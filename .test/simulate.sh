#!/bin/sh
# The inputs of the test configuration: small simulated BAMs (GRCh38, ~1x
# over her2cn's region set only, a few seconds each), made by `her2cn
# simulate` instead of committed binaries. T_amp: ERBB2 and its amplicon at
# 20 copies, purity 0.6; T_neg and N1-N3: copy-neutral.
#   .test/simulate.sh [HER2CN]      (default: build/her2cn, else her2cn on PATH)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
h2=${1:-}
if [ -z "$h2" ]; then
    if [ -x "$here/../build/her2cn" ]; then h2="$here/../build/her2cn"; else h2=her2cn; fi
fi
mkdir -p "$here/bams"
"$h2" regions -g GRCh38 > "$here/bams/regions.bed"
sim() { out=$1; shift; "$h2" simulate -g GRCh38 -r "$here/bams/regions.bed" -d 1 "$@" -o "$here/bams/$out.bam"; }
sim T_amp -p 0.6 -s 7 -c chr17:39400000-39900000:20
sim T_neg -s 11
sim N1 -s 41
sim N2 -s 42
sim N3 -s 43
echo "simulate.sh: 5 BAMs in $here/bams (her2cn: $h2)" >&2
