#!/bin/bash
# The sample-identity study (issue 20, docs/VALIDATION-IDENTITY.md): tumour
# and normal pairs from the same and from different simulated individuals
# (`simulate --individual`) at 1x, 10x and 30x, purity 0.2-1, LOH over 0%
# or 60% of the genome sample; each pair is called with the normal's het sites
# (default) and with --snps (the population's sites), and each tumour alone
# with --snps. Reports false stops (same person, exit 2), missed swaps
# (another person, exit 0) and "too few sites", and the tumour-only --snps
# purity against the truth. A 10 Mb custom genome (testdata/small.genome)
# keeps it to minutes. Not part of make check.
# Usage: scripts/validate-identity.sh [her2cn] [workdir]  (table on stdout)
set -u
cd "$(dirname "$0")/.."
H2=$(readlink -f "${1:-build/her2cn}")
W=${2:-$(mktemp -d "${TMPDIR:-/tmp}/h2-identity.XXXXXX")}
mkdir -p "$W"
export REF_PATH=:
G=testdata/small.genome; GENES=testdata/small-genes.bed
DEPTHS=${DEPTHS:-"1 10 30"}; PURITIES=${PURITIES:-"0.2 0.6 1"}; LOHS=${LOHS:-"0 0.6"}
sim() { nice "$H2" simulate -g "$G" --ref-seed 7 "$@" 2>>"$W/sim.log"; }
# LOH (copy-neutral, minor 0) over 60% of the piled bins (the allele-counted
# genome sample: 999 reference bins on chr1-3 and 32 chr17 bins): chr1 and
# chr2:1-1720000 (620 of 1031); HER2 at CN 8
loh_args() { [ "$1" = 0 ] && return; echo "-c chr1:2:0 -c chr2:1-1720000:2:0"; }
jget() { python3 -c 'import json,sys
try:
    d = json.load(open(sys.argv[1])); q = d["qc"]; i = q["identity"]
    print(i["result"].replace(" ", "_"), i["informative"], i["discordant"],
          d["purity"]["value"], q.get("snps", {}).get("kept_het", "NA"))
except Exception:
    print("NA NA NA NA NA")' "$1"; }
sim -d 0.01 -s 1 --individual 1 -o "$W/sites.bam" --snps-out "$W/sites.vcf"
echo -e "depth\tpurity\tloh\tpair\tmode\texit\tresult\tinformative\tdiscordant\tpurity_est\tsnps_kept" > "$W/results.tsv"
for d in $DEPTHS; do
    sim -d "$d" -s $((100 + d)) --individual 1 -o "$W/n-same-$d.bam"
    sim -d "$d" -s $((200 + d)) --individual 2 -o "$W/n-other-$d.bam"
    for p in $PURITIES; do for l in $LOHS; do
        t="$W/t-$d-$p-$l.bam"
        sim -d "$d" -p "$p" -s $((300 + d)) --individual 1 $(loh_args "$l") \
            -c chr17:1400000-1700000:8 -o "$t"
        for pair in same other; do for mode in normal snps; do
            x=""; [ "$mode" = snps ] && x="--snps $W/sites.vcf"
            j="$W/$d-$p-$l-$pair-$mode.json"; rm -f "$j"
            nice "$H2" call --quiet --genes "$GENES" $x --normal "$W/n-$pair-$d.bam" --json "$j" \
                -o "$W/x.vcf" "$t" 2> "$W/err.txt"; rc=$?
            r=$(jget "$j"); [ "$rc" = 2 ] && r="stop $(sed -E 's/.*: ([0-9]+) of ([0-9]+) .*/\2 \1/' "$W/err.txt") NA NA"
            echo -e "$d\t$p\t$l\t$pair\t$mode\t$rc\t${r// /$'\t'}" >> "$W/results.tsv"
        done; done
        j="$W/$d-$p-$l-alone.json"
        nice "$H2" call --quiet --genes "$GENES" --snps "$W/sites.vcf" --json "$j" -o "$W/x.vcf" "$t" 2>/dev/null; rc=$?
        r=$(jget "$j"); echo -e "$d\t$p\t$l\tnone\ttumour-snps\t$rc\t${r// /$'\t'}" >> "$W/results.tsv"
    done; done
done
python3 - "$W/results.tsv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
print("| depth | --snps | same-person pairs | false stops | too few sites (same) | swaps | missed swaps | too few sites (swap) |")
print("|---|---|---|---|---|---|---|---|")
for d in sorted({r["depth"] for r in rows}, key=float):
    for mode in ("normal", "snps"):
        s = [r for r in rows if r["depth"] == d and r["mode"] == mode and r["pair"] == "same"]
        o = [r for r in rows if r["depth"] == d and r["mode"] == mode and r["pair"] == "other"]
        fs = sum(r["exit"] == "2" for r in s); tfs = sum(r["result"] == "too_few_sites" for r in s)
        ms = sum(r["exit"] == "0" for r in o); tfo = sum(r["result"] == "too_few_sites" for r in o)
        print(f"| {d}x | {'yes' if mode == 'snps' else 'no'} | {len(s)} | {fs} | {tfs} | {len(o)} | {ms} | {tfo} |")
print()
print("| depth | purity | LOH | tumour-only --snps purity | kept het sites | with --normal + --snps: purity |")
print("|---|---|---|---|---|---|")
for r in rows:
    if r["mode"] != "tumour-snps":
        continue
    n = [x for x in rows if x["mode"] == "snps" and x["pair"] == "same" and
         all(x[k] == r[k] for k in ("depth", "purity", "loh"))]
    pn = n[0]["purity_est"] if n else "NA"
    print(f"| {r['depth']}x | {r['purity']} | {float(r['loh']):.0%} | {r['purity_est']} | {r['snps_kept']} | {pn} |")
PY
echo "rows: $W/results.tsv" >&2
