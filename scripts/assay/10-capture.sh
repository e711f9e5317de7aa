#!/bin/bash
# Assay section 10: the capture check of `her2cn call` without -t (issue 10,
# item 1). False positives: whole-genome samples at 0.1x-30x, on GRCh38 and,
# with a strong GC bias (which needs -F, so a 280 Mb custom genome), on a
# smaller genome; all must pass. Detection: panel-like and exome-like capture
# at several depths and capture spreads, with and without off-target reads,
# all must stop (exit 2). Variables: H2 WORK QUICK JOBS ROOT (see
# scripts/validate-assay.sh).
set -euo pipefail
: "${H2:?}" "${WORK:?}" "${ROOT:?}"; QUICK=${QUICK:-0}; JOBS=${JOBS:-2}
export REF_PATH=:
cd "$WORK"
RES=$WORK/results.tsv; : > "$RES"
"$H2" regions -g GRCh38 > wgs.bed
printf 'chr1\t40000000\nchr2\t40000000\nchr3\t40000000\nchr4\t40000000\nchr5\t40000000\nchr17\t60000000\nchrX\t20000000\n' > mid.genome
printf 'chr17\t39687914\t39730426\tERBB2\n' > mid.genes.bed
"$ROOT/scripts/capture-bed.sh" wgs.bed 10000 1 > exome10.bed
"$ROOT/scripts/capture-bed.sh" wgs.bed 30000 2 > exome30.bed
PANEL=$ROOT/testdata/panel-grch38.bed

# One sample: simulate (@FA@ in its arguments: a FASTA of its own, removed
# after), call without -t, record exit code and island share.
# case GROUP LABEL SEED CALL-ARGS -- SIMULATE-ARGS [-- OFF-TARGET-SIMULATE-ARGS]
case_run() {
    local grp=$1 lab=$2 seed=$3 cargs=$4; shift 5
    local on=() off=() b="s_${grp}_${lab// /_}_$seed"; b=${b//[^A-Za-z0-9_.-]/}
    while [ $# -gt 0 ] && [ "$1" != -- ]; do on+=("${1/@FA@/$b.fa}"); shift; done
    [ $# -gt 0 ] && { shift; off=("$@"); }
    nice "$H2" simulate "${on[@]}" -s "$seed" -o "$b.on.bam" 2>/dev/null
    if [ ${#off[@]} -gt 0 ]; then
        nice "$H2" simulate "${off[@]}" -s $((seed + 1000)) -o "$b.off.bam" 2>/dev/null
        samtools merge -f -o "$b.bam" "$b.on.bam" "$b.off.bam" && samtools index "$b.bam"
        rm -f "$b.off.bam"*
    else
        mv "$b.on.bam" "$b.bam"; mv "$b.on.bam.bai" "$b.bam.bai" 2>/dev/null || mv "$b.on.bam.csi" "$b.bam.csi"
    fi
    local rc=0
    # shellcheck disable=SC2086
    nice "$H2" call --verbose $cargs -o "$b.vcf" "$b.bam" 2> "$b.err" || rc=$?
    local line; line=$(grep 'capture check' "$b.err" || true)
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$grp" "$lab" "$seed" "$rc" \
        "$(echo "$line" | awk '{print $13+0}')" "$(echo "$line" | awk '{print $5"/"$7}')" \
        "$(echo "$line" | grep -q 'too few' && echo undecided || echo decided)" >> "$RES"
    rm -f "$b".bam* "$b".on.bam* "$b".vcf* "$b".fa*
    echo "10-capture: $grp $lab seed $seed: exit $rc" >&2
}
throttle() { while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do wait -n || true; done; }

if [ "$QUICK" -eq 1 ]; then
    WGS_D="0.1 2"; GC_D="0.1 2"; SEEDS="1"; PD="200"; ED="20"; SDS="0.3"
else
    WGS_D="0.1 0.5 2 10 30"; GC_D="0.1 0.5 2 10 30"; SEEDS="1 2 3"; PD="100 500"; ED="20 60"; SDS="0 0.3 0.6"
fi
# seeds per depth: 3 up to 2x, 2 at 10x and 30x (1 at 10x/30x with -F: each writes a 280 Mb FASTA)
seeds_for() { if [ "$QUICK" -eq 1 ]; then echo 1; elif awk -v d="$1" 'BEGIN{exit !(d < 10)}'; then echo "$SEEDS";
              elif [ "${2:-}" = gc ]; then echo 1; else echo 1 2; fi; }

for d in $WGS_D; do for s in $(seeds_for "$d"); do
    throttle; case_run wgs "GRCh38 ${d}x" "$s" "" -- -g GRCh38 -r wgs.bed -d "$d" &
done; done
wait
"$H2" simulate -g mid.genome -F mid.fa --ref-seed 1 -d 0.0001 -s 1 -o mid0.bam 2>/dev/null
"$H2" regions --genes mid.genes.bed mid0.bam > mid.bed
for g in 1 -1; do for d in $GC_D; do for s in $(seeds_for "$d" gc); do
    throttle
    case_run wgsgc "280 Mb genome, --gc-bias $g, ${d}x" "$s" "--genes mid.genes.bed" -- \
        -g mid.genome -F @FA@ --ref-seed 1 -r mid.bed --gc-bias "$g" -d "$d" &
done; done; done
wait
for d in $PD; do for sd in $SDS; do for s in 1 2; do
    throttle; case_run panel "panel ${d}x, capture-sd $sd" "$s" "" -- -g GRCh38 -t "$PANEL" -d "$d" --capture-sd "$sd" &
    throttle; case_run panel "panel ${d}x, capture-sd $sd, off-target 0.01x" "$s" "" -- \
        -g GRCh38 -t "$PANEL" -d "$d" --capture-sd "$sd" -- -g GRCh38 -r wgs.bed -d 0.01 &
done; done; done
for d in $ED; do for sd in $SDS; do for s in 1 2; do
    off=$(awk -v d="$d" 'BEGIN{printf "%g", d * 0.0075}')
    throttle; case_run exome "exome (1 target / 10 kb) ${d}x, capture-sd $sd, off-target ${off}x" "$s" "" -- \
        -g GRCh38 -t exome10.bed -d "$d" --capture-sd "$sd" -- -g GRCh38 -r wgs.bed -d "$off" &
    throttle; case_run exome "exome (1 target / 30 kb) ${d}x, capture-sd $sd, off-target ${off}x" "$s" "" -- \
        -g GRCh38 -t exome30.bed -d "$d" --capture-sd "$sd" -- -g GRCh38 -r wgs.bed -d "$off" &
done; done; done
# beyond the goal: a failed capture, its off-target background as deep as a low-pass genome
for off in 0.1 0.5; do
    throttle; case_run stress "panel 500x, capture-sd 0.3, off-target ${off}x" 1 "" -- \
        -g GRCh38 -t "$PANEL" -d 500 --capture-sd 0.3 -- -g GRCh38 -r wgs.bed -d "$off" &
done
wait

# ---- the section ----------------------------------------------------------
rate() { awk -F'\t' -v g="$1" '$1==g{n++; if ($4==2) k++} END{printf "%d/%d", k, n}' "$RES"; }
table() {
    echo "| sample | seeds | stopped (exit 2) | other exit codes | island bins (last seed) | island share of tested reads: min-max |"
    echo "|---|---|---|---|---|---|"
    awk -F'\t' -v g="$1" '$1==g{k=$2; if (!(k in n)) ord[++m]=k; n[k]++; if ($4==2) st[k]++;
            else if ($4!=0) oth[k]=oth[k] $4 " "; if ($8=="undecided") un[k]++;
            if (!(k in lo) || $5<lo[k]) lo[k]=$5; if (!(k in hi) || $5>hi[k]) hi[k]=$5; isl[k]=$6}
        END{for (i=1;i<=m;i++){k=ord[i]; printf "| %s | %d | %d | %s | %s | %.4f-%.4f%s |\n", k, n[k], st[k]+0,
            oth[k]==""?"-":oth[k], isl[k], lo[k], hi[k], un[k]?" (" un[k] " undecided)":""}}' "$RES"
}
cat <<EOF
## 10. Capture data called without -t

**Truth.** Whole-genome samples (reads over the GRCh38 region set, \`simulate -r\`)
at 0.1x-30x, and with a strong GC bias (\`--gc-bias 1\` and \`-1\`: depth x
max(0.05, 1 +- 10 (GC - 0.42)) per 5 kb), which needs \`-F\` and so a 280 Mb
custom genome with 50 kb reference bins; none is capture data. Capture
samples: the test panel (\`testdata/panel-grch38.bed\`, 351 targets, 7 of them in
reference or chr17 bins) and two exome-like designs
(\`scripts/capture-bed.sh\`: a 120-300 bp target every ~10 kb or ~30 kb of the
region set), capture efficiency spread \`--capture-sd\` 0-0.6, without or with
an off-target background (a whole-genome sample merged in: 0.01x for the
panel, 0.75% of the on-target depth for the exomes, as a 50 Mb exome with 30%
off-target reads gives). Every sample is called without \`-t\`.

**Goal.** Whole-genome: never stopped (0 false positives). Capture: always
stopped with exit 2 and the message naming \`-t\`.

**Result.** Whole-genome: $(rate wgs) + $(rate wgsgc) stopped (GRCh38 + GC-biased);
panels $(rate panel), exomes $(rate exome) stopped.

Whole-genome, GRCh38:

$(table wgs)

Whole-genome with a strong GC bias:

$(table wgsgc)

Panel-like capture:

$(table panel)

Exome-like capture:

$(table exome)

Beyond the goal, a capture that failed (off-target reads as deep as a
low-pass genome: 90-98% of the reads had the sample covered the whole genome).
The reference and chr17 bins hold only 7 of this panel's targets, so the
off-target reads dilute their islands below the stop (the island share below);
the test of the called genes' own bins (README "Capture data without -t", "The
genes' own bins") is what stops these:

$(table stress)

Columns: island bins = reference/chr17 bins whose reads sit in a third of the
bin or less (C >= 2, 6 null SDs), of the bins tested (>= 10 reads); the check
stops at an island share of 0.10 of the tested reads, or when island bins
hold half of the reads of the called genes' tested bins (the gene-bin test;
its numbers are on the same \`--verbose\` line, not in this table). Every
stop in every row is counted, whichever test made it.
EOF
