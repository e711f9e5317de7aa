#!/bin/bash
# Purity/ploidy validation study (part of make validate): simulate tumours
# with known karyotypes (near-diploid with arm events and LOH, aneuploid,
# whole-genome doubled, quiet), purity 0.1-1.0 and ERBB2 CN 2-40, at 1x and
# 30x whole-genome depth (reads over the region set only, as in the other
# studies), call them with her2cn WITHOUT --purity/--ploidy, and measure the
# purity, ploidy and CN errors, CICN coverage and HER2 status; CNVkit
# `call -m clonal` given the true purity (on her2cn's own bins, segmented by
# CNVkit) runs beside it when cnvkit is installed.
# Writes docs/VALIDATION-PURITY.md (scripts/validate_purity_report.py).
#
#   scripts/validate-purity.sh [--quick] [--jobs N] [--work DIR] [--keep]
#   scripts/validate-purity.sh --arms LIST [--seeds N] [--out FILE] [--jobs N] [--work DIR]
#
# --arms runs the realistic-noise and real-profile arms of issue 19 instead
# of the clean grid (scripts/purity_arms.py: rho, resid, subclonal, twin41,
# lowpass, ccle1x, ccle30x, cnvkit; groups noise, ccle, real, all), N samples
# an arm [10], and writes the markdown report to FILE
# [docs/VALIDATION-PURITY-ARMS.md]; the real data is read from REALDATA
# [../shared/realdata beside the worktree], never copied. H2=path/to/her2cn
# picks the binary. Samples already in DIR/results.tsv are not run again, so
# an interrupted run goes on with --work DIR.
#
# With --work DIR of an earlier, interrupted run (and the same binary), the
# samples already in DIR/results.tsv are not run again. --recall (with the
# --work DIR of an earlier --keep run) calls its kept BAMs again with the
# current binary, without simulating them again (same seeds, same BAMs) and
# keeping CNVkit's results (CNVkit reads the bins, which the fit does not change).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
H2=$(readlink -f "${H2:-$ROOT/her2cn}")
QUICK=0; JOBS=2; WORK=""; KEEP=0; RECALL=0; ARMS=""; SEEDS=10; OUT=""
while [ $# -gt 0 ]; do
    case "$1" in
    --arms) ARMS=$2; shift ;;
    --seeds) SEEDS=$2; shift ;;
    --out) OUT=$2; shift ;;
    --quick) QUICK=1 ;;
    --jobs) JOBS=$2; shift ;;
    --work) WORK=$2; shift ;;
    --keep) KEEP=1 ;;
    --recall) RECALL=1; KEEP=1 ;;
    *) echo "usage: $0 [--quick] [--jobs N] [--work DIR] [--keep] [--recall]" \
            "| --arms LIST [--seeds N] [--out FILE] [--jobs N] [--work DIR]" >&2; exit 1 ;;
    esac
    shift
done
[ -x "$H2" ] || { echo "validate-purity: no her2cn binary at $H2 (run make)" >&2; exit 1; }
# A --work DIR is kept (its results.tsv is what a resumed run skips); a
# temporary one goes unless --keep.
if [ -z "$WORK" ]; then
    WORK=$(mktemp -d "${TMPDIR:-/tmp}/her2cn-purity.XXXXXX")
    [ "$KEEP" -eq 1 ] || trap 'rm -rf "$WORK"' EXIT
fi
mkdir -p "$WORK"
export REF_PATH=: H2 WORK
T0=$(date +%s)
if [ -n "$ARMS" ]; then
    . "$ROOT/scripts/validate-purity-arms.sh"
    exit 0
fi

# Truth amplicon, as in scripts/validate.sh.
AMP_REGION=chr17:39450001-39850000
# Karyotypes: name, whole-genome doubling (0/1), --cn arguments (GRCh38,
# CHR:START-END:CN:MINOR, before doubling). The ERBB2 amplicon is added last.
cat > "$WORK/karyotypes.tsv" <<'EOF'
events	0	chr1:125000001-248956422:3:1 chr4:2:0 chr8:1-44000000:1:0 chr13:2:0 chr20:3:1 chr18:1-15000000:1:0
aneuploid	0	chr1:3:1 chr2:3:1 chr3:3:1 chr4:3:1 chr5:3:1 chr6:3:1 chr7:3:1 chr9:1-43000000:1:0 chr13:2:0
wgd	1	chr1:125000001-248956422:1.5:0.5 chr3:1.5:0.5 chr8:1-44000000:1:0 chr13:2:0 chr20:2.5:1
quiet	0
EOF
if [ "$QUICK" -eq 1 ]; then
    D1_PUR="0.3 1.0"; D1_CN="2 8"; D1_REPS=1; D1_KARYO="events quiet"
    D30_PUR="0.5"; D30_CN="8"; D30_KARYO="events"
else
    D1_PUR="0.1 0.2 0.3 0.5 0.7 1.0"; D1_CN="2 5 8 20"; D1_REPS=1
    D1_KARYO="events aneuploid wgd quiet"
    D30_PUR="0.1 0.2 0.3 0.5 0.7 1.0"; D30_CN="2 8"; D30_KARYO="events aneuploid wgd quiet"
fi
"$H2" regions -g GRCh38 > "$WORK/regions.bed"

# 30x first (the slow part), each depth in karyotype x purity x CN order
tasks="$WORK/tasks.txt"; : > "$tasks"
for k in $D30_KARYO; do for p in $D30_PUR; do for c in $D30_CN; do
    echo "d30_${k}_p${p}_c${c}_r1 30 $k $p $c 1" >> "$tasks"
done; done; done
for k in $D1_KARYO; do for p in $D1_PUR; do for c in $D1_CN; do
    for r in $(seq 1 $D1_REPS); do echo "d1_${k}_p${p}_c${c}_r$r 1 $k $p $c $r" >> "$tasks"; done
done; done; done
results="$WORK/results.tsv"
touch "$results"
if [ "$RECALL" -eq 1 ]; then
    [ -s "$results" ] || { echo "validate-purity: --recall needs the results of an earlier --keep run in $WORK" >&2; exit 1; }
    mv "$results" "$WORK/results.old.tsv"
    touch "$results"
fi
todo="$WORK/todo.txt"
awk 'FILENAME == ARGV[1] {done[$1] = 1; next} !($1 in done)' "$results" "$tasks" > "$todo"
echo "validate-purity: $(wc -l < "$tasks") samples ($(wc -l < "$todo") to run), $JOBS jobs, work dir $WORK" >&2

CK=$(command -v cnvkit || command -v cnvkit.py || true)
export CK AMP_REGION

# One sample: simulate, call (no --purity), CNVkit given the true purity.
# Prints one TSV row: id depth karyo purity cn fields-from-json cnvkit_cn secs
run_one() {
    set -euo pipefail
    local id=$1 d=$2 k=$3 p=$4 c=$5 r=$6
    local line wgd args seed t0 t1
    line=$(awk -F'\t' -v k="$k" '$1 == k' "$WORK/karyotypes.tsv")
    wgd=$(cut -f2 <<< "$line"); args=$(cut -f3 -s <<< "$line")
    seed=$(( $(cksum <<< "$id" | cut -d' ' -f1) % 1000000 + 1 ))
    local cnargs=() a
    for a in $args; do cnargs+=(-c "$a"); done
    # the amplicon is written before doubling too: halve it under --wgd
    local ampcn=$c
    [ "$wgd" = 1 ] && ampcn=$(python3 -c "print($c / 2)")
    [ "$c" != 2 ] && cnargs+=(-c "$AMP_REGION:$ampcn:1")
    [ "$wgd" = 1 ] && cnargs+=(--wgd)
    t0=$(date +%s.%N)
    if [ "$RECALL" -eq 1 ] && [ -s "$WORK/$id.bam" ]; then :; else
    "$H2" simulate -g GRCh38 -r "$WORK/regions.bed" -d "$d" -p "$p" -s "$seed" --ref-seed 7 \
        "${cnargs[@]}" -o "$WORK/$id.bam" 2> "$WORK/$id.sim.log"
    fi
    "$H2" call --quiet -@1 "$WORK/$id.bam" -o "$WORK/$id.vcf.gz" --json "$WORK/$id.json" \
        --cnr "$WORK/$id.cnr" 2> "$WORK/$id.call.log"
    t1=$(date +%s.%N)
    local ck=NA
    # CNVkit (about 10 s a sample) beside her2cn where the amplicon is: CN 8+
    if [ "$RECALL" -eq 1 ] && [ -s "$WORK/results.old.tsv" ]; then
        ck=$(awk -F'\t' -v id="$id" '$1 == id {print $20}' "$WORK/results.old.tsv")
        [ -n "$ck" ] || ck=NA
    elif [ -n "$CK" ] && [ "$c" -ge 8 ]; then
        if (cd "$WORK" && "$CK" segment "$id.cnr" -o "$id.cns" > "$id.ck.log" 2>&1 \
            && "$CK" call -m clonal --purity "$p" "$id.cns" -o "$id.call.cns" >> "$id.ck.log" 2>&1); then
            ck=$(awk -F'\t' 'NR == 1 {for (i = 1; i <= NF; i++) if ($i == "cn") col = i; next}
                 col && $1 == "chr17" && $2 < 39730426 && $3 > 39687913 {print $col; exit}' \
                 "$WORK/$id.call.cns")
            [ -n "$ck" ] || ck=NA
        fi
    fi
    python3 - "$WORK/$id.json" "$id" "$d" "$k" "$p" "$c" "$ck" "$(echo "$t1 - $t0" | bc)" <<'PY'
import json, sys
j, sid, d, k, p, c, ck, secs = sys.argv[1:]
s = json.load(open(j))
g = s["genes"][0]
pu = s["purity"]
row = [sid, d, k, p, c, pu["value"], pu["source"], pu["ci"][0], pu["ci"][1], pu["ploidy"],
       pu["ploidy_source"], pu["min_detectable_purity"], pu["het_sites"],
       g["cn"], g["ci"][0], g["ci"][1], g["call"], g.get("ish_group", "NA"),
       ";".join(g["filters"]), ck, secs]
print("\t".join("NA" if v is None else str(v) for v in row))
PY
    [ "$KEEP" -eq 1 ] || rm -f "$WORK/$id.bam" "$WORK/$id.bam.bai"
}
export -f run_one
export KEEP RECALL
xargs -r -P "$JOBS" -L 1 bash -c 'run_one "$@"' _ < "$todo" >> "$results"
T1=$(date +%s)
python3 "$ROOT/scripts/validate_purity_report.py" --results "$results" \
    --karyotypes "$WORK/karyotypes.tsv" --regions "$WORK/regions.bed" --amp "$AMP_REGION" \
    --seconds $((T1 - T0)) --jobs "$JOBS" --quick "$QUICK" --cnvkit "${CK:+yes}" --recall "$RECALL" \
    --version "$("$H2" --version 2>&1 | head -1)" > "$ROOT/docs/VALIDATION-PURITY.md"
echo "validate-purity: wrote docs/VALIDATION-PURITY.md in $((T1 - T0)) s" >&2
