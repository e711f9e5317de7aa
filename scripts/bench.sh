#!/bin/bash
# make bench: time her2cn against the decode floor and its peers on simulated
# inputs with realistic compression (BAM level 6, CRAM 3.0 defaults).
#
#   scripts/bench.sh [path/to/her2cn]
#
# Environment:
#   BENCH_DATA   where inputs and outputs go [bench/data] (kept out of git;
#                needs ~8 GB; inputs are made once and reused)
#   THREADS      threads given to every tool that takes them [2]
#   RUNS         timed runs of the fast tools [5]
#   SLOW_RUNS    timed runs of mosdepth and cnvkit [3]
#   CASES        which cases to run [wgs2x targets depth chr17 panel]
#   TOOLS        time only these tools (names as in the summary) [all]
#   H2_BASE      an older her2cn binary to time beside this one in the depth
#                case (her2cn_base): the cost of what changed since
#
# Every timing is /usr/bin/time -f '%e %U %S %M' (wall s, user s, sys s, peak
# RSS KB) after one untimed warm-up run, page cache warm. Raw runs go to
# $BENCH_DATA/results/runs.tsv, medians and ratios against her2cn to
# $BENCH_DATA/results/summary.md. docs/BENCHMARKS.md explains the cases.
set -euo pipefail
H2=$(readlink -f "${1:-./her2cn}")
ROOT=$(cd "$(dirname "$0")/.." && pwd)
D=$(mkdir -p "${BENCH_DATA:-$ROOT/bench/data}" && cd "${BENCH_DATA:-$ROOT/bench/data}" && pwd)
T=${THREADS:-2}
RUNS=${RUNS:-5}
SLOW=${SLOW_RUNS:-3}
CASES=${CASES:-"wgs2x targets depth chr17 panel"}
R="$D/results"
mkdir -p "$R" "$D/out"
export REF_PATH=:

"$ROOT/scripts/install-deps.sh" --bench
CNVKIT=$(command -v cnvkit.py || command -v cnvkit || true)   # Debian: /usr/bin/cnvkit
for c in samtools mosdepth "$CNVKIT" /usr/bin/time; do
    command -v "$c" >/dev/null || { echo "bench: $c is missing" >&2; exit 1; }
done

log() { echo "bench: $*" >&2; }
sim() { # sim OUT ARGS...: simulate once (kept if present), BAM level 6
    local out=$1; shift
    [ -s "$out" ] && return 0
    log "simulate $out"
    nice "$H2" simulate --level 6 -@ "$T" "$@" -o "$out.tmp.${out##*.}"
    mv "$out.tmp.${out##*.}" "$out"
    if [ -e "$out.tmp.${out##*.}.bai" ]; then mv "$out.tmp.${out##*.}.bai" "$out.bai"; fi
    if [ -e "$out.tmp.${out##*.}.crai" ]; then mv "$out.tmp.${out##*.}.crai" "$out.crai"; fi
}

# targets N GENOME SEED: N 200 bp targets uniform over the autosomes of
# GENOME (name<TAB>length) plus 12 ERBB2 exon-like targets, sorted BED.
targets() {
    awk -v n="$1" -v seed="$3" 'BEGIN{OFS="\t"; srand(seed); k = 0}
        $1 ~ /^(chr)?[0-9]+$/ {name[k]=$1; len[k]=$2; tot+=$2; k++}
        END{
            for (i = 0; i < n; i++) {
                x = int(rand() * tot)
                for (j = 0; j < k && x >= len[j]; j++) x -= len[j]
                if (x + 200 <= len[j]) print name[j], x, x + 200, "t" i
            }
            for (i = 0; i < 12; i++) print "chr17", 39688000 + i * 3500, 39688200 + i * 3500, "ERBB2_" i
        }' "$2" | sort -k1,1V -k2,2n
}

RAW="$R/runs.tsv"
[ -e "$RAW" ] || printf 'case\ttool\twall_s\tcpu_s\trss_kb\n' > "$RAW"
CASE=""
# timeit TOOL N CMD...: N timed runs, after one untimed warm-up run when N
# is $RUNS (the slow tools read whole files that `cat` has already cached).
# A failing tool is reported and skipped.
timeit() {
    local tool=$1 n=$2 i; shift 2
    [ -z "${TOOLS:-}" ] || [[ " $TOOLS " == *" $tool "* ]] || return 0
    log "$CASE / $tool (${n}x): $*"
    printf '%s\t%s\t%s\n' "$CASE" "$tool" "$*" >> "$R/commands.tsv"
    if [ "$n" -ge "$RUNS" ] && ! "$@" > "$D/out/stdout" 2> "$D/out/stderr"; then
        log "FAILED: $(tail -2 "$D/out/stderr")"; return 0
    fi
    for ((i = 0; i < n; i++)); do
        if ! /usr/bin/time -f '%e %U %S %M' -o "$D/out/time" "$@" > "$D/out/stdout" 2> "$D/out/stderr"; then
            log "FAILED: $(tail -2 "$D/out/stderr")"; return 0
        fi
        tail -1 "$D/out/time" | awk -v c="$CASE" -v t="$tool" '{printf "%s\t%s\t%s\t%.2f\t%s\n", c, t, $1, $2 + $3, $4}' >> "$RAW"
    done
}

# The tools, on input $1 with region BED $2 (5 columns from her2cn regions)
# and her2cn's extra options in H2OPT; REFOPT holds the FASTA for CRAM.
peers() {
    local in=$1 bed=$2 slow=${3:-$SLOW} bed4="$D/out/$CASE.bed4"
    cut -f1-4 "$bed" > "$bed4"
    timeit her2cn "$RUNS" "$H2" call --quiet -@ "$T" ${H2OPT:-} -o "$D/out/$CASE.vcf" "$in"
    timeit floor "$RUNS" samtools view -c -M -L "$bed" -@ "$T" ${REFOPT:-} "$in"
    timeit floor_1thread "$RUNS" samtools view -c -M -L "$bed" ${REFOPT:-} "$in"
    if [[ "$in" == *.cram ]]; then  # the CRAM floor for the fields her2cn decodes
        timeit floor_cram_fields "$RUNS" samtools view -c -M -L "$bed" ${REFOPT:-} \
            --input-fmt-option required_fields=0x3e --input-fmt-option decode_md=0 "$in"
    fi
    timeit bedcov "$RUNS" samtools bedcov -Q 20 -G 3844 -j ${REFOPT:+--reference "${REFOPT#-T }"} "$bed" "$in"
    [ "$slow" -gt 0 ] || return 0
    timeit mosdepth_by "$slow" mosdepth -n -t "$T" -Q 20 -F 3844 ${REFOPT:+-f "${REFOPT#-T }"} --by "$bed4" "$D/out/$CASE.md" "$in"
    timeit mosdepth_by_fast "$slow" mosdepth -n -x -t "$T" -Q 20 -F 3844 ${REFOPT:+-f "${REFOPT#-T }"} --by "$bed4" "$D/out/$CASE.mdx" "$in"
    if [ -z "${REFOPT:-}" ]; then
        timeit cnvkit_coverage "$slow" "$CNVKIT" coverage -p "$T" -q 20 -o "$D/out/$CASE.cnn" "$in" "$bed4"
    fi
}

case_on() { [[ " $CASES " == *" $1 "* ]]; }
"$H2" regions -g GRCh38 > "$D/grch38.regions.bed"
printf 'chr17\t39687914\t39730426\tERBB2\n' > "$D/erbb2.bed"
AMP=chr17:39687914-39730426:12        # ERBB2 at 12 copies in every input

# 1. GRCh38 whole genome at 2x: every tool, region set of `her2cn regions`;
#    her2cn also at 1 thread (thread scaling). Simulated whatever CASES says:
#    the targets case reads it and every case takes the contig lengths from it.
sim "$D/wgs2x.bam" -g GRCh38 -d 2 -s 7 -c "$AMP"
samtools view -H "$D/wgs2x.bam" | awk -F'\t' '$1=="@SQ"{sub("SN:","",$2); sub("LN:","",$3); print $2"\t"$3}' > "$D/grch38.genome"
if case_on wgs2x; then
    cat "$D/wgs2x.bam" > /dev/null
    CASE=wgs2x H2OPT= REFOPT= peers "$D/wgs2x.bam" "$D/grch38.regions.bed"
    CASE=wgs2x
    timeit her2cn_1thread "$RUNS" "$H2" call --quiet -@ 1 -o "$D/out/wgs2x.1.vcf" "$D/wgs2x.bam"
    timeit mosdepth_wg100k_fast "$SLOW" mosdepth -n -x -t "$T" -Q 20 -F 3844 --by 100000 "$D/out/wg" "$D/wgs2x.bam"
fi

# 2. Number of targets: panel mode (-t) with 100, 1k, 10k, 50k 200 bp
#    targets over the 2x GRCh38 BAM (mosdepth reads the whole genome whatever
#    the targets: see case 1).
if case_on targets; then
    for n in 100 1000 10000 50000; do
        targets "$n" "$D/grch38.genome" "$n" > "$D/targets$n.bed"
        "$H2" regions -t "$D/targets$n.bed" > "$D/targets$n.regions.bed"
        CASE=targets$n H2OPT="-t $D/targets$n.bed" REFOPT= peers "$D/wgs2x.bam" "$D/targets$n.regions.bed" 0
    done
fi

# 3. Depth: GRCh38 at 2x, 10x and 30x with reads only over the region set
#    (padded by a read). her2cn and samtools -L touch the same BGZF blocks as
#    in a whole genome at that depth; whole-genome tools are not timed here.
if case_on depth; then
    for x in 2 10 30; do
        sim "$D/rs${x}x.bam" -g GRCh38 -r "$D/grch38.regions.bed" -d "$x" -s 8 -c "$AMP"
        cat "$D/rs${x}x.bam" > /dev/null
        CASE=rs${x}x H2OPT= REFOPT= peers "$D/rs${x}x.bam" "$D/grch38.regions.bed" 0
        # what purity/ploidy estimation costs: allele counting and the fit off
        timeit her2cn_no_baf "$RUNS" "$H2" call --quiet -@ "$T" --no-baf --purity 1 --ploidy 2 \
            -o "$D/out/rs${x}x.nobaf.vcf" "$D/rs${x}x.bam"
        if [ -n "${H2_BASE:-}" ]; then
            timeit her2cn_base "$RUNS" "$H2_BASE" call --quiet -@ "$T" -o "$D/out/rs${x}x.base.vcf" \
                "$D/rs${x}x.bam"
        fi
    done
fi

# 4./5. chr17 at 30x and a 500-target panel at 1000x, BAM and CRAM, on a
#    synthetic reference of chr17-20 at GRCh38 lengths (the simulator writes
#    FASTAs up to 300 Mb, so no whole-GRCh38 CRAM). Every simulation on it
#    uses seed 9, so each rewrites the same FASTA.
SUB=(-g "$D/sub.genome" -s 9 -F "$D/sub.fa" -c "$AMP")
if case_on chr17 || case_on panel; then
    awk '$1=="chr17"||$1=="chr18"||$1=="chr19"||$1=="chr20"' "$D/grch38.genome" > "$D/sub.genome"
    sim "$D/sub_hdr.bam" "${SUB[@]}" -r "$D/erbb2.bed" -d 1
fi
if case_on chr17; then
    # reads over all of chr17, and over the region set on chr18-20
    "$H2" regions --genes "$D/erbb2.bed" "$D/sub_hdr.bam" > "$D/sub.regions.bed"
    { printf 'chr17\t0\t83257441\n'; awk '$1!="chr17"' "$D/sub.regions.bed"; } > "$D/chr17sim.bed"
    for ext in bam cram; do
        sim "$D/chr17_30x.$ext" "${SUB[@]}" -r "$D/chr17sim.bed" -d 30
        cat "$D/chr17_30x.$ext" > /dev/null
        CASE=chr17_30x_$ext H2OPT="--genes $D/erbb2.bed -f $D/sub.fa" REFOPT="-T $D/sub.fa" \
            peers "$D/chr17_30x.$ext" "$D/sub.regions.bed"
    done
    CASE=chr17_30x_bam
    timeit her2cn_no_gc "$RUNS" "$H2" call --quiet -@ "$T" --genes "$D/erbb2.bed" -o "$D/out/nogc.vcf" "$D/chr17_30x.bam"
    CASE=chr17_30x_cram
    timeit full_scan "$RUNS" samtools view -c -@ "$T" -T "$D/sub.fa" "$D/chr17_30x.cram"
fi
if case_on panel; then
    targets 500 "$D/sub.genome" 500 > "$D/panel500.bed"
    "$H2" regions -t "$D/panel500.bed" --genes "$D/erbb2.bed" "$D/sub_hdr.bam" > "$D/panel500.regions.bed"
    for ext in bam cram; do
        sim "$D/panel500.$ext" "${SUB[@]}" -t "$D/panel500.bed" -d 1000 --capture-sd 0.3
        CASE=panel500_$ext H2OPT="-t $D/panel500.bed --genes $D/erbb2.bed -f $D/sub.fa" REFOPT="-T $D/sub.fa" \
            peers "$D/panel500.$ext" "$D/panel500.regions.bed"
        CASE=panel500_$ext
        timeit full_scan "$RUNS" samtools view -c -@ "$T" -T "$D/sub.fa" "$D/panel500.$ext"
    done
fi

# Summary: median wall, CPU and RSS per case and tool; ratios to her2cn.
awk -F'\t' 'NR>1{k=$1"\t"$2; if(!(k in seen)){seen[k]=1; order[++n]=k}
                 w[k]=w[k]" "$3; c[k]=c[k]" "$4; m[k]=m[k]" "$5; r[k]++}
    function med(s,  a, n, i, j, t) { n = split(s, a, " ");
        for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] + 0 > t + 0; j--) a[j+1] = a[j]; a[j+1] = t }
        return n % 2 ? a[(n+1)/2] : (a[n/2] + a[n/2+1]) / 2 }
    function ratio(x, b) { return b > 0 ? sprintf("%.2f", x / b) : "-" }
    END{print "| case | tool | runs | wall s | CPU s | peak RSS MB | wall / her2cn | CPU / her2cn |"
        print "|---|---|---|---|---|---|---|---|"
        for (i = 1; i <= n; i++) { k = order[i]; split(k, p, "\t")
            mw[k] = med(w[k]); mc[k] = med(c[k])
            if (p[2] == "her2cn") { bw[p[1]] = mw[k]; bc[p[1]] = mc[k] } }
        for (i = 1; i <= n; i++) { k = order[i]; split(k, p, "\t")
            printf "| %s | %s | %d | %.2f | %.2f | %.0f | %s | %s |\n", p[1], p[2], r[k], mw[k], mc[k], med(m[k]) / 1024,
                ratio(mw[k], bw[p[1]]), ratio(mc[k], bc[p[1]]) }}' "$RAW" > "$R/summary.md"
cat "$R/summary.md"
