#!/bin/bash
# Issue 10 item 6: breakpoints inside ERBB2 (BREAKPOINT, CNMAX, CICN) and a
# second amplicon in the local window, on simulated GRCh38 whole-genome
# samples (reads only over the region set). Variables: scripts/validate-assay.sh.
set -euo pipefail
: "${H2:?}" "${WORK:?}" "${QUICK:=0}" "${JOBS:=2}"
"$H2" regions -g GRCh38 > "$WORK/r.bed"
GS=39687914; GE=39730426    # ERBB2, GRCh38, 1-based
PUR=0.7
# breakpoints at 25% (5'), 50% (middle) and 75% (3') of the gene; the
# amplicon runs from 300 kb upstream of the gene to the breakpoint
declare -A BP=([5p]=$((GS + (GE - GS) / 4)) [mid]=$((GS + (GE - GS) / 2)) [3p]=$((GS + 3 * (GE - GS) / 4)))
# (a small grid: the machine this runs on is shared; see the section text)
if [ "$QUICK" -eq 1 ]; then
    DEPTHS="1"; CNS="20"; SEEDS="1"; FP_DEPTHS="1"; FP_SEEDS="1 2"; FP_CNS="2 20"; DEEP=""
    TWO_SEEDS="1"
else
    DEPTHS="0.5 2"; CNS="6 20"; SEEDS="1 2"
    FP_DEPTHS="0.1 0.5 2"; FP_SEEDS="1 2 3 4"; FP_CNS="2 20"; DEEP="5"; TWO_SEEDS="1 2"
fi

# one sample: KIND TAG DEPTH CN SEED -> one result line
one() {
    local kind=$1 tag=$2 d=$3 cn=$4 seed=$5 segs=() f="$WORK/$1-$2-$3-$4-$5"
    case $kind in
    bp) segs=(-c "chr17:$((GS - 300000))-${BP[$tag]}:$cn") ;;
    un) [ "$cn" = 2 ] || segs=(-c "chr17:$((GS - 300000))-$((GE + 300000)):$cn") ;;
    two) segs=(-c "chr17:$((GS - 300000))-$((GE + 300000)):$cn" -c "chr17:41000001-41300000:12") ;;
    esac
    nice "$H2" simulate -g GRCh38 -r "$WORK/r.bed" -d "$d" -p $PUR -s "$seed" --ref-seed 7 \
        "${segs[@]}" -o "$f.bam" 2>/dev/null
    nice "$H2" call --quiet --purity $PUR -o "$f.vcf" "$f.bam"
    local g a
    g=$(bcftools query -e 'ID~"^AMPLICON"' -f '[%BREAKPOINT] [%CNMAX] [%CN %CICN] [%BKPTPOS] %FILTER' "$f.vcf")
    a=$(bcftools query -i 'ID~"^AMPLICON"' -f '%POS:%INFO/SECONDARY:[%CN];' "$f.vcf" | sed 's/;$//')
    echo "$kind $tag $d $cn $seed $g ${a:-none}"
    rm -f "$f.bam" "$f.bam.bai" "$f.bam.csi"
}
export -f one; export H2 WORK GS GE PUR
export BP_5p=${BP[5p]} BP_mid=${BP[mid]} BP_3p=${BP[3p]}
one_env() { declare -A BP=([5p]=$BP_5p [mid]=$BP_mid [3p]=$BP_3p); one "$@"; }
export -f one_env

{
    for t in 5p mid 3p; do for d in $DEPTHS; do for c in $CNS; do for s in $SEEDS; do
        echo "bp $t $d $c $s"; done; done; done; done
    for d in $FP_DEPTHS; do for c in $FP_CNS; do for s in $FP_SEEDS; do
        echo "un gene $d $c $s"; done; done; done
    for d in $DEEP; do for c in $FP_CNS; do echo "un gene $d $c 1"; done; done
    for s in $TWO_SEEDS; do echo "two win 1 16 $s"; done
} > "$WORK/jobs"
echo "50-breakpoint: $(wc -l < "$WORK/jobs") samples" >&2
xargs -P "$JOBS" -L 1 bash -c 'one_env "$@"' _ < "$WORK/jobs" > "$WORK/res"
sort -k1,1 -k2,2 -k3,3g -k4,4g -k5,5n "$WORK/res" > "$WORK/res.s"

cat <<EOF2
## Breakpoints inside ERBB2 and a second amplicon (issue 10 item 6)

**Truth.** Simulated GRCh38 whole-genome samples (reads over the region set,
150 bp, purity $PUR given to \`call\`, one synthetic reference). *Split gene*:
an amplicon at CN 6 or 20 from 300 kb upstream of ERBB2 to a breakpoint at
25% (5', chr17:${BP[5p]}), 50% (middle, ${BP[mid]}) or 75% (3', ${BP[3p]})
of the gene; the rest of the gene at CN 2. *Unsplit gene*: diploid, or the
whole gene inside a 640 kb amplicon at CN 20. *Two amplicons*: ERBB2
inside a 640 kb amplicon at CN 16 and a second one at chr17:41,000,001-41,300,000
(CN 12) in the same local window, 1x. Depths $DEPTHS (split), $FP_DEPTHS${DEEP:+ and $DEEP} (unsplit); seeds as counted below. The grid is small because this
section ran on a machine shared by six engineers (load ~20 on 2 cores).

**Goal.** A split gene gets \`BREAKPOINT\` (detection 100% where the step is
large: CN 20 at any depth, CN 6 at 2x), \`CNMAX\` within 15% of the amplified
CN, CICN covering both segment CNs (2 and the amplified CN), \`BKPTPOS\`
within one 5 kb bin of the truth; an unsplit gene never gets \`BREAKPOINT\`
(false-positive rate 0) nor a SECONDARY amplicon; the second amplicon gets
its own AMPLICON record (INFO \`SECONDARY\`).

### Split gene: detection, CNMAX, CICN

| breakpoint | depth | CN | samples | BREAKPOINT | CNMAX median abs error | CNMAX within 15% | CICN covers 2 and CN | BKPTPOS within 5 kb | gene CN (median) |
|---|---|---|---|---|---|---|---|---|---|
EOF2
awk '$1=="bp"' "$WORK/res.s" | awk -v bp5="${BP[5p]}" -v bpm="${BP[mid]}" -v bp3="${BP[3p]}" '
function med(a, n,   i, j, t) { for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j > 0 && a[j] > t; j--) a[j+1] = a[j]; a[j+1] = t }
    return n % 2 ? a[(n+1)/2] : (a[n/2] + a[n/2+1]) / 2 }
function flush() { if (!n) return; m = med(err, n); m2 = med(gcn, n)
    printf "| %s | %s | %s | %d | %d/%d | %.1f%% | %d/%d | %d/%d | %d/%d | %.2f |\n", t, d, c, n, det, n, 100*m, w15, n, cov, n, pos, det, m2
    n = det = w15 = cov = pos = 0; delete err; delete gcn }
{ k = $2 " " $3 " " $4; if (k != last) { flush(); last = k }
  t = $2 == "5p" ? "5prime (25%)" : $2 == "mid" ? "middle (50%)" : "3prime (75%)"; d = $3; c = $4
  truth = $2 == "5p" ? bp5 : $2 == "mid" ? bpm : bp3
  n++; e = ($7 - c) / c; err[n] = e < 0 ? -e : e; gcn[n] = $8 + 0
  split($9, ci, ","); if (ci[1] <= 2 && ci[2] >= c) cov++
  if ($6 == 1) { det++; dd = $10 - truth; if (dd < 0) dd = -dd; if (dd <= 5000) pos++ }
  if (err[n] <= 0.15) w15++
}
END { flush() }'
cat <<EOF2

CNMAX error is |CNMAX - CN| / CN against the amplified part's CN (the gene's
CN when BREAKPOINT is not set: then CNMAX is the gene average); BKPTPOS is
counted over the detected samples. Gene CN is the gene-average CN (FORMAT/CN).

### Unsplit gene: false positives

| depth | CN | samples | BREAKPOINT (false) | SECONDARY amplicon (false) | FILTER not PASS |
|---|---|---|---|---|---|
EOF2
awk '$1=="un"' "$WORK/res.s" | awk '
function flush() { if (!n) return; printf "| %s | %s | %d | %d | %d | %d |\n", d, c, n, fp, sec, np; n = fp = sec = np = 0 }
{ k = $3 " " $4; if (k != last) { flush(); last = k }; d = $3; c = $4; n++
  if ($6 == 1) fp++; if ($12 ~ /:1:/) sec++; if ($11 != "PASS") np++ }
END { flush() }'
awk '$1=="un"{n++; if ($6==1) fp++} END{printf "\nOverall: %d false BREAKPOINT in %d unsplit genes.\n", fp, n}' "$WORK/res.s"
cat <<EOF2

### Second amplicon in the window

| depth | samples | gene's AMPLICON record | SECONDARY record at 41.0 Mb (within 50 kb) | SECONDARY CN (truth 12) | gene BREAKPOINT (false) |
|---|---|---|---|---|---|
EOF2
awk '$1=="two"' "$WORK/res.s" | awk '
function flush() { if (!n) return; printf "| %s | %d | %d/%d | %d/%d | %s | %d |\n", d, n, main, n, sec, n, cns, fp; n = main = sec = fp = 0; cns = "" }
{ if ($3 != last) { flush(); last = $3 }; d = $3; n++; if ($6 == 1) fp++
  m = split($12, r, ";"); got = 0
  for (i = 1; i <= m; i++) { split(r[i], f, ":"); if (f[2] == ".") main++
      else if (f[1] >= 40950001 && f[1] <= 41050001 && !got) { sec++; got = 1; cns = cns (cns == "" ? "" : ", ") sprintf("%.1f", f[3]) } }
}
END { flush() }'
echo
echo "Raw results (kind, where, depth, CN, seed, BREAKPOINT, CNMAX, CN, CICN, BKPTPOS, FILTER, AMPLICON records POS:SECONDARY:CN) are in the run's WORK folder."
