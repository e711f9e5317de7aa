#!/bin/bash
# capture-bed.sh REGIONS.bed SPACING SEED > targets.bed
# An exome-like capture design for simulations (tests/e2e/48-capture.sh,
# scripts/assay/10-capture.sh): inside each interval of REGIONS.bed (e.g.
# `her2cn regions`), targets of 120-300 bp at random gaps averaging SPACING
# bp (exponential), from awk's srand(SEED). Overlapping input intervals (the
# gene bins inside the local window) are merged first.
set -euo pipefail
[ $# -eq 3 ] || { echo "usage: $0 REGIONS.bed SPACING SEED" >&2; exit 1; }
sort -k1,1 -k2,2n "$1" | awk -F'\t' -v OFS='\t' '
    $1 != c || $2 > e { if (c != "") print c, s, e; c = $1; s = $2; e = $3; next }
    $3 > e { e = $3 }
    END { if (c != "") print c, s, e }' |
awk -F'\t' -v OFS='\t' -v sp="$2" -v seed="$3" 'BEGIN { srand(seed) }
    { p = $2 + int(-log(1 - rand()) * sp)
      while (p + 300 < $3) {
          len = 120 + int(rand() * 181)
          print $1, p, p + len, "t" ++n
          p += len + int(-log(1 - rand()) * sp) + 1
      } }'
