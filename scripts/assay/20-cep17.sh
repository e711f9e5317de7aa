#!/bin/bash
# Assay section 20: the chr17 control (issue 10, items 2, 3 and 7). ISH group
# concordance with the dual-probe truth, before (the old control: the average
# of every non-pericentromeric chr17 control bin, recomputed from the bins
# TSV) and after (the pericentromeric median), on 17q23 co-amplification, 17p
# loss, chr17 polysomy and isochromosome 17q; and the single-probe fallback
# on a panel without a chr17 control. Variables: see scripts/validate-assay.sh.
set -euo pipefail
: "${H2:?}" "${WORK:?}" "${QUICK:=0}" "${JOBS:=2}"
SEEDS="1 2 3 4 5"; [ "$QUICK" -eq 1 ] && SEEDS="1"
DEPTH=2
"$H2" regions -g GRCh38 > "$WORK/r.bed"
A='chr17:39450001-39850000'     # the 17q12 amplicon (ERBB2 and neighbours)
# name | simulate segments | ERBB2 CN | pericentromeric CN (centromere count)
CASES=(
"17q23 co-amplification|-c $A:8 -c chr17:57000001-65000000:16|8|2"
"17p loss|-c chr17:1-16000000:1 -c $A:3.5|3.5|2"
"chr17 polysomy|-c chr17:4 -c $A:7|7|4"
"isochromosome 17q|-c chr17:1-25100000:1 -c chr17:25100001-83257441:3 -c $A:4.4|4.4|2"
)
one() {   # case-index seed
    local k=$1 s=$2 IFS='|'
    read -r name segs cn ctl <<< "${CASES[$k]}"
    local b="$WORK/c$k-s$s"
    IFS=' '
    # shellcheck disable=SC2086
    "$H2" simulate -g GRCh38 -r "$WORK/r.bed" --ref-seed 20 -s "$((200 + 10 * k + s))" \
        -d $DEPTH $segs -o "$b.bam" 2>"$b.err"
    "$H2" call --quiet --purity 1 --ploidy 2 -o "$b.vcf" --bins "$b.tsv" "$b.bam" 2>>"$b.err"
    rm -f "$b.bam" "$b.bam.bai" "$b.bam.csi"
}
panel() {   # seed CN: a panel with no chr17 target outside 17q12-q21
    local b="$WORK/p$2-s$1"
    "$H2" simulate -g GRCh38 -t "$WORK/nc17.bed" -d 300 --capture-sd 0.2 -s "$((300 + $1))" \
        -c "chr17:39400000-39900000:$2" -o "$b.bam" 2>"$b.err"
    "$H2" call --quiet --purity 1 --ploidy 2 -t "$WORK/nc17.bed" -o "$b.vcf" "$b.bam" 2>>"$b.err"
    rm -f "$b.bam" "$b.bam.bai" "$b.bam.csi"
}
awk '$1!="chr17" || ($2>=37000000 && $3<=42000000)' "$ROOT/testdata/panel-grch38.bed" > "$WORK/nc17.bed"
jobs_run() { while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do sleep 0.5; done; "$@" & }
for k in "${!CASES[@]}"; do for s in $SEEDS; do jobs_run one "$k" "$s"; done; done
PCN="3 5 25"
for c in $PCN; do for s in $SEEDS; do jobs_run panel "$s" "$c"; done; done
wait
echo "validate-assay 20: calls done" >&2

group() {   # ratio cn -> ASCO/CAP 2018 group
    awk -v r="$1" -v c="$2" 'BEGIN{ if (r >= 2) print (c >= 4 ? 1 : 2);
        else print (c >= 6 ? 3 : c >= 4 ? 4 : 5) }'
}
# The old control from the bins TSV: mean ratio of the usable chr17 bins
# that are not cen17 (its 1 Mb grid, unchanged), and the old RATIO17CN =
# 2^(gene log2 - log2 of that mean) (purity 1: the centre cancels).
mm() {   # "v1 v2 ..." -> "min-max", two decimals
    echo "$1" | tr ' ' '\n' | grep . | sort -g | sed -n '1p;$p' | xargs printf '%.2f\n' | paste -sd-
}
old_ratio() {
    local lg; lg=$(bcftools query -i 'ID=="ERBB2"' -f '[%LOG2R]' "$1.vcf")
    awk -v lg="$lg" -F'\t' '$5=="chr17" && $4=="chr17" && $13==1 {s += 2^$12; n++}
        END{printf "%.3f", 2^lg / (s / n)}' "$1.tsv"
}
echo "## Chr17 control: the pericentromere as the CEP17 analogue (issue 10, items 2, 3, 7)"
echo
echo "Dual-probe ISH divides HER2 signals by CEP17 signals, and CEP17 binds the"
echo "chr17 centromere. Samples simulated on GRCh38 at ${DEPTH}x over the region set"
echo "(\`her2cn simulate -r\`), purity 1, called with \`--purity 1 --ploidy 2\`"
echo "(the purity fit is not under test here). Truth ratio = ERBB2 CN /"
echo "pericentromeric CN, where the pericentromeric CN is the centromere count:"
echo "for isochromosome 17q (17p at 1, 17q at 3 copies: one normal chr17 and"
echo "i(17q)) it is 2, the mean of the two sides. Truth group: ASCO/CAP 2018 from"
echo "that ratio and the ERBB2 CN. **Before**: the old control, the average of"
echo "the chr17 control bins (1 Mb grid outside 17q12-q21 and the centromere),"
echo "recomputed from each call's bins TSV. **After**: \`RATIO17CN\` and"
echo "\`ISH_GROUP\` of this version (the pericentromeric median). Seeds: $(echo $SEEDS | wc -w) per situation."
echo
echo "| situation | truth ratio | truth group | before: ratio (min-max) | before: group = truth | after: RATIO17CN (min-max) | after: group = truth | after: CHR17CN | CHR17P_CN / CHR17Q_CN | goal |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for k in "${!CASES[@]}"; do
    IFS='|' read -r name segs cn ctl <<< "${CASES[$k]}"
    tr=$(awk -v a="$cn" -v b="$ctl" 'BEGIN{printf "%.2f", a / b}')
    tg=$(group "$tr" "$cn")
    ob=""; nb=""; og=0; ng=0; n=0; cc=""; arms=""
    for s in $SEEDS; do
        b="$WORK/c$k-s$s"
        [ -s "$b.vcf" ] || { echo "validate-assay 20: no VCF for $b: $(cat "$b.err")" >&2; exit 1; }
        o=$(old_ratio "$b")
        read -r r g c17 p17 q17 gcn <<< "$(bcftools query -i 'ID=="ERBB2"' \
            -f '[%RATIO17CN] [%ISH_GROUP] [%CHR17CN] [%CHR17P_CN] [%CHR17Q_CN] [%CN]' "$b.vcf")"
        [ "$(group "$o" "$gcn")" = "$tg" ] && og=$((og + 1))
        [ "$g" = "$tg" ] && ng=$((ng + 1))
        n=$((n + 1)); ob="$ob $o"; nb="$nb $r"; cc="$cc $c17"; arms="$arms $p17/$q17"
    done

    am=$(echo "$arms" | tr ' ' '\n' | grep . | awk -F/ '{p+=$1; q+=$2; n++} END{printf "%.2f / %.2f (mean)", p/n, q/n}')
    echo "| $name | $tr | $tg | $(mm "$ob") | $og/$n | $(mm "$nb") | $ng/$n | $(mm "$cc") | $am | group = truth in every seed |"
done
echo
echo "Single-probe fallback: a capture panel (testdata/panel-grch38.bed without"
echo "its chr17 targets outside 17q12-q21; 300x, capture efficiency +/-20%, no"
echo "panel of normals), ERBB2 amplicon at the CN below. Truth: ASCO/CAP"
echo "single-probe status (CN >= 6 AMPLIFIED, 4-6 EQUIVOCAL, < 4 NOT_AMPLIFIED)."
echo "Before this change HER2 was missing on every such record."
echo
echo "| ERBB2 CN | truth HER2 | HER2 = truth, HER2_BASIS=SINGLE_PROBE | CN (min-max) | CONTEXT | goal |"
echo "|---|---|---|---|---|---|"
for c in $PCN; do
    th=$(awk -v c="$c" 'BEGIN{print (c >= 6 ? "AMPLIFIED" : c >= 4 ? "EQUIVOCAL" : "NOT_AMPLIFIED")}')
    ok=0; n=0; cns=""; ctx=""
    for s in $SEEDS; do
        b="$WORK/p$c-s$s"
        [ -s "$b.vcf" ] || { echo "validate-assay 20: no VCF for $b: $(cat "$b.err")" >&2; exit 1; }
        read -r h hb x gcn <<< "$(bcftools query -i 'ID=="ERBB2"' -f '[%HER2] [%HER2_BASIS] [%CONTEXT] [%CN]' "$b.vcf")"
        [ "$h $hb" = "$th SINGLE_PROBE" ] && ok=$((ok + 1))
        n=$((n + 1)); cns="$cns $gcn"; ctx="$x"
    done
    echo "| $c | $th | $ok/$n | $(mm "$cns") | $ctx | all |"
done
