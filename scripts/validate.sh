#!/bin/bash
# Validation study (make validate): simulate samples over a grid of purity,
# copy number and depth (whole genome and panel), call them with her2cn, and
# measure calls, CN error, CICN coverage, limit of detection, the amplicon
# extent (against the truth and DNAcopy) and a side-by-side with CNVkit.
# Writes docs/VALIDATION.md and docs/validation-sensitivity.svg.
#
#   scripts/validate.sh [--quick] [--jobs N] [--work DIR] [--keep]
#
# --quick runs a tiny grid (to test the script; the doc is then marked QUICK).
# Needs: her2cn (H2=path, default ./her2cn), bcftools, python3; optional:
# Rscript with DNAcopy (Debian r-bioc-dnacopy) and cnvkit (Debian cnvkit) --
# each section is skipped, and says so in the doc, when its tool is missing.
#
# Panel of normals: when `her2cn pon` exists (issue 3 items 1-3, another
# branch), the panel section also runs `her2cn call --pon` with a panel built
# from the same simulated normals that CNVkit uses; see run_panel_pon below.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
H2=$(readlink -f "${H2:-$ROOT/her2cn}")
QUICK=0; JOBS=2; WORK=""; KEEP=0
while [ $# -gt 0 ]; do
    case "$1" in
    --quick) QUICK=1 ;;
    --jobs) JOBS=$2; shift ;;
    --work) WORK=$2; shift ;;
    --keep) KEEP=1 ;;
    *) echo "usage: $0 [--quick] [--jobs N] [--work DIR] [--keep]" >&2; exit 1 ;;
    esac
    shift
done
[ -x "$H2" ] || { echo "validate: no her2cn binary at $H2 (run make)" >&2; exit 1; }
if [ -z "$WORK" ]; then WORK=$(mktemp -d "${TMPDIR:-/tmp}/her2cn-validate.XXXXXX"); fi
mkdir -p "$WORK"
[ "$KEEP" -eq 1 ] || trap 'rm -rf "$WORK"' EXIT
export REF_PATH=: H2 WORK
T0=$(date +%s)

# ---- the grid (coarse, to fit in ~20-30 min on 2 shared cores) ----
# Truth amplicon: chr17:39,450,001-39,850,000 (CDK12 ... IKZF3, not MED1's
# start nor TOP2A) at the grid CN; CN 2 means no amplicon.
AMP_REGION=chr17:39450001-39850000
if [ "$QUICK" -eq 1 ]; then
    WGS_LOW="0.5"; WGS_LOW_PUR="0.3 1.0"; WGS_LOW_CN="2 8"; WGS_LOW_REPS=1
    WGS_HIGH=""; WGS_HIGH_PUR=""; WGS_HIGH_CN=""
    PANEL_DEPTHS="300"; PANEL_PUR="0.5"; PANEL_CN="2 12"; PANEL_REPS=1; CNVKIT_DEPTH=300
    N_NORMALS=3
else
    WGS_LOW="0.5 2"; WGS_LOW_PUR="0.1 0.2 0.3 0.5 0.7 1.0"; WGS_LOW_CN="2 3 4 6 8 12 20 40"; WGS_LOW_REPS=2
    WGS_HIGH="10 30"; WGS_HIGH_PUR="0.1 0.2"; WGS_HIGH_CN="2 4 6 10"
    PANEL_DEPTHS="100 300 1000"; PANEL_PUR="0.1 0.2 0.3 0.5 1.0"; PANEL_CN="2 4 6 12 40"; PANEL_REPS=1
    CNVKIT_DEPTH=300; N_NORMALS=5
fi

"$H2" regions -g GRCh38 > "$WORK/regions.bed"
# Panel: testdata/panel-grch38.bed (351 targets) with a deterministic capture
# efficiency in column 5, 1 + 0.4 * (2 frac(i * 0.618...) - 1), in [0.6, 1.4].
grep -v '^#' "$ROOT/testdata/panel-grch38.bed" | awk -F'\t' 'BEGIN{OFS="\t"}
    {x = (NR * 0.6180339887) % 1; printf "%s\t%s\t%s\t%s\t%.3f\n", $1, $2, $3, $4, 1 + 0.4 * (2 * x - 1)}' \
    > "$WORK/panel-eff.bed"
cut -f1-4 "$WORK/panel-eff.bed" > "$WORK/panel-targets.bed"

# ---- task list: id kind depth purity cn rep extra-cn-args ----
tasks="$WORK/tasks.txt"; : > "$tasks"
add() { echo "$*" >> "$tasks"; }
for d in $WGS_LOW; do for p in $WGS_LOW_PUR; do for c in $WGS_LOW_CN; do
    for r in $(seq 1 $WGS_LOW_REPS); do add "w_d${d}_p${p}_c${c}_r$r wgs $d $p $c $r grid"; done
done; done; done
for d in $WGS_HIGH; do for p in $WGS_HIGH_PUR; do for c in $WGS_HIGH_CN; do
    add "w_d${d}_p${p}_c${c}_r1 wgs $d $p $c 1 grid"
done; done; done
for d in $PANEL_DEPTHS; do for p in $PANEL_PUR; do for c in $PANEL_CN; do
    for r in $(seq 1 $PANEL_REPS); do add "p_d${d}_p${p}_c${c}_r$r panel $d $p $c $r grid"; done
done; done; done
# context samples (2x WGS and the CNVkit panel depth): polysomy 17 and focal on polysomy
if [ "$QUICK" -eq 0 ]; then
    for p in 1.0 0.6; do
        add "w_d2_p${p}_poly3_r1 wgs 2 $p 3 1 poly"
        add "w_d2_p${p}_poly4_r1 wgs 2 $p 4 1 poly"
        add "w_d2_p${p}_focalpoly_r1 wgs 2 $p 16 1 focalpoly"
        add "p_d${CNVKIT_DEPTH}_p${p}_poly4_r1 panel $CNVKIT_DEPTH $p 4 1 poly"
        add "p_d${CNVKIT_DEPTH}_p${p}_focalpoly_r1 panel $CNVKIT_DEPTH $p 16 1 focalpoly"
    done
fi
echo "validate: $(wc -l < "$tasks") samples; work dir $WORK" >&2

# ---- one sample: simulate, call, keep the VCF and the bins TSV ----
run_one() {
    local id=$1 kind=$2 d=$3 p=$4 c=$5 r=$6 shape=$7
    local seed cnargs=() simargs=() callargs=()
    seed=$(printf '%s' "$id" | cksum | cut -d' ' -f1)
    case "$shape" in
    grid) [ "$c" != 2 ] && cnargs=(-c "$AMP_REGION:$c") ;;
    poly) cnargs=(-c "chr17:$c") ;;
    focalpoly) cnargs=(-c chr17:4 -c "$AMP_REGION:$c") ;;
    esac
    if [ "$kind" = wgs ]; then simargs=(-r "$WORK/regions.bed"); else
        simargs=(-t "$WORK/panel-eff.bed"); callargs=(-t "$WORK/panel-targets.bed"); fi
    "$H2" simulate -g GRCh38 "${simargs[@]}" -d "$d" -p "$p" -s "$seed" --sample "$id" \
        "${cnargs[@]}" -o "$WORK/$id.bam" 2>/dev/null
    "$H2" call --quiet --purity "$p" "${callargs[@]}" --bins "$WORK/$id.bins.tsv" \
        -o "$WORK/$id.vcf.gz" "$WORK/$id.bam"
    # BAMs are kept only where CNVkit needs them
    if [ "$kind" != panel ] || [ "$d" != "$CNVKIT_DEPTH" ]; then rm -f "$WORK/$id.bam" "$WORK/$id.bam.bai"; fi
}
export -f run_one
export AMP_REGION CNVKIT_DEPTH
nice xargs -P "$JOBS" -L 1 bash -c 'run_one "$0" "$@" || echo "validate: FAILED $0" >&2' < "$tasks"

# ---- truth and her2cn validate ----
for kind in wgs panel; do
    awk -v k=$kind 'BEGIN{print "#sample\tgene\ttrue_cn\tclass"} $2==k {print $1 "\tERBB2\t" $5 "\t."}' \
        "$tasks" > "$WORK/truth.$kind.tsv"
done
ls "$WORK"/*.vcf.gz > "$WORK/vcfs.txt"
"$H2" validate --rows "$WORK/truth.wgs.tsv" $(grep '/w_' "$WORK/vcfs.txt" || true) > "$WORK/validate.wgs.txt"
"$H2" validate --rows "$WORK/truth.panel.tsv" $(grep '/p_' "$WORK/vcfs.txt" || true) > "$WORK/validate.panel.txt"
# per-sample table: id context ish her2 lod amplicon start/end genes
for v in $(cat "$WORK/vcfs.txt"); do
    id=$(basename "$v" .vcf.gz)
    g=$(bcftools query -e 'ID~"^AMPLICON"' -f '[%CONTEXT]\t[%ISH_GROUP]\t[%HER2]\t%FILTER\t[%RATIO17CN]' "$v")
    # the amplicon's first base is POS + 1 (POS is the padding base)
    a=$(bcftools query -i 'ID~"^AMPLICON"' -f '%POS\t%INFO/END\t%INFO/GENES\n' "$v" | awk -F'\t' -v OFS='\t' '{$1 += 1; print}')
    lod=$(bcftools view -h "$v" | sed -n 's/^##her2cnLOD=ERBB2://p')
    printf '%s\t%s\t%s\t%s\n' "$id" "$g" "$lod" "${a:-NA	NA	NA}"
done > "$WORK/samples.tsv"

# ---- DNAcopy on the same local-window log2 ratios ----
DNACOPY=no
if command -v Rscript >/dev/null && Rscript -e 'suppressMessages(library(DNAcopy))' >/dev/null 2>&1; then
    ls "$WORK"/w_*.bins.tsv > "$WORK/bins.list"
    Rscript "$ROOT/scripts/dnacopy_amplicon.R" "$WORK/bins.list" > "$WORK/dnacopy.tsv" && DNACOPY=yes
fi

# ---- CNVkit on the panel BAMs at one depth, with simulated normals ----
CNVKIT=no; PON=no
CK=$(command -v cnvkit || command -v cnvkit.py || true)
normals=()
for i in $(seq 1 $N_NORMALS); do
    "$H2" simulate -g GRCh38 -t "$WORK/panel-eff.bed" -d "$CNVKIT_DEPTH" -s $((9000 + i)) \
        --sample "normal$i" -o "$WORK/normal$i.bam" 2>/dev/null
    normals+=("$WORK/normal$i.bam")
done
tumours=$(ls "$WORK"/p_d${CNVKIT_DEPTH}_*.bam 2>/dev/null || true)
if [ -n "$CK" ] && [ -n "$tumours" ]; then
    (cd "$WORK" && nice "$CK" batch -n "${normals[@]}" -t panel-targets.bed -m amplicon \
        --output-reference ck.ref.cnn -d ckref > ck.log 2>&1 &&
     nice "$CK" batch $tumours -r ck.ref.cnn -m amplicon -p "$JOBS" -d ck >> ck.log 2>&1) && CNVKIT=yes
    if [ "$CNVKIT" = yes ]; then
        # CN from the log2 of the CNVkit segment over ERBB2's start, with the
        # same purity formula her2cn uses (what `cnvkit call --purity` does before rounding)
        for b in $tumours; do
            id=$(basename "$b" .bam)
            p=$(echo "$id" | sed 's/.*_p\([0-9.]*\)_.*/\1/')
            awk -F'\t' -v id="$id" -v p="$p" '$1=="chr17" && $2<=39687913 && $3>39687913 {
                r = 2 ^ $5; cn = (2 * r - 2 * (1 - p)) / p; if (cn < 0) cn = 0;
                printf "%s\t%.4f\t%.3f\n", id, $5, cn; exit }' "$WORK/ck/$id.cns"
        done > "$WORK/cnvkit.tsv"
    fi
fi
# her2cn with a panel of normals, once `her2cn pon` exists (merged from the PON branch)
run_panel_pon() {
    "$H2" pon -o "$WORK/assay.pon" --targets "$WORK/panel-targets.bed" "${normals[@]}" \
        > "$WORK/pon.log" 2>&1 || return 1
    for b in $tumours; do
        id=$(basename "$b" .bam)
        p=$(echo "$id" | sed 's/.*_p\([0-9.]*\)_.*/\1/')
        "$H2" call --quiet --purity "$p" -t "$WORK/panel-targets.bed" --pon "$WORK/assay.pon" \
            -s "$id" -o "$WORK/pon.$id.vcf" "$b" || return 1
        bcftools query -e 'ID~"^AMPLICON"' -f "$id\t[%CN]\t[%CALL]\t[%CONTEXT]\n" "$WORK/pon.$id.vcf"
    done > "$WORK/pon.tsv"
}
if [ -n "$tumours" ] && "$H2" pon -h >/dev/null 2>&1; then run_panel_pon && PON=yes; fi

T1=$(date +%s)
python3 "$ROOT/scripts/validate_report.py" --work "$WORK" --quick "$QUICK" --dnacopy "$DNACOPY" \
    --cnvkit "$CNVKIT" --pon "$PON" --seconds $((T1 - T0)) --jobs "$JOBS" \
    --version "$("$H2" version | head -1)" --out "$ROOT/docs/VALIDATION.md" --svg "$ROOT/docs/validation-sensitivity.svg"
echo "validate: wrote docs/VALIDATION.md in $((T1 - T0)) s" >&2
