#!/bin/bash
# Interval coverage and CN error on the simulated panel, with a panel of
# normals and tumour-only. Usage: scripts/pon-calibration.sh [N] [her2cn]
# Simulates 4 normals (2 female, 2 male) of testdata/panel-grch38-eff.bed at
# 500x, builds a PON, then N negative tumours (CN 2) and N amplified ones
# (CN 20, purity 0.6), each with its own seed, and calls each with --pon,
# with a matched normal (its own seed, 300x) and tumour-only. Prints one
# Markdown table row per condition.
set -eu
N=${1:-20}
H=$(readlink -f "${2:-./her2cn}")
ROOT=$(cd "$(dirname "$0")/.." && pwd)
E="$ROOT/testdata/panel-grch38-eff.bed"
W=$(mktemp -d "${TMPDIR:-/tmp}/h2cal.XXXXXX"); trap 'rm -rf "$W"' EXIT
export REF_PATH=:
sim() { "$H" simulate -g GRCh38 -t "$E" -d 500 "$@" 2>/dev/null; }
sim -s 101 -c chrY:0 -o "$W/n1.bam"
sim -s 102 -c chrX:1 -c chrY:1 -o "$W/n2.bam"
sim -s 103 -c chrY:0 -o "$W/n3.bam"
sim -s 104 -c chrX:1 -c chrY:1 -o "$W/n4.bam"
"$H" pon --quiet -t "$E" -o "$W/p.pon" "$W"/n[1-4].bam 2>/dev/null
cn_ci() { "$H" call --quiet "$@" | grep -v '^#' | cut -f10 | cut -d: -f2,3 | tr ':,' '  '; }
echo "| truth | reference | n | CI covers truth | mean CI width | RMSE of CN |"
echo "|---|---|---|---|---|---|"
for truth in 2 20; do
    : > "$W/pon.txt"; : > "$W/to.txt"; : > "$W/mn.txt"
    for i in $(seq 1 "$N"); do
        if [ "$truth" = 2 ]; then sim -s $((200 + i)) -o "$W/t.bam"; p=1
        else sim -s $((300 + i)) -p 0.6 -c chr17:39400000-39900000:20 -o "$W/t.bam"; p=0.6; fi
        cn_ci --purity $p -t "$E" --pon "$W/p.pon" -o - "$W/t.bam" >> "$W/pon.txt"
        cn_ci --purity $p -t "$E" -o - "$W/t.bam" >> "$W/to.txt"
        sim -d 300 -s $((400 + i)) -o "$W/mn.bam"
        cn_ci --purity $p -t "$E" --normal "$W/mn.bam" -o - "$W/t.bam" >> "$W/mn.txt"
    done
    for k in pon mn to; do
        awk -v t="$truth" -v k="$k" '{n++; c+=($2<=t && $3>=t); w+=$3-$2; e+=($1-t)^2}
            END{printf "| %s | %s | %d | %d/%d | %.3f | %.3f |\n", t,
                (k=="pon" ? "PON (4 normals)" : k=="mn" ? "matched normal (300x)" : "tumour-only"), n, c, n, w/n, sqrt(e/n)}' "$W/$k.txt"
    done
done
