# Sourced by scripts/validate-purity.sh --arms LIST: the realistic-noise and
# real-profile arms (issue 19). Tasks, truth and report: scripts/purity_arms.py.
# Uses ROOT H2 WORK JOBS ARMS SEEDS OUT KEEP T0 from the caller.
# ../shared/realdata beside the checkout (/work/main), or beside its parent (a worktree)
if [ -z "${REALDATA:-}" ]; then
    REALDATA=$(cd "$ROOT/.." && pwd)/shared/realdata
    [ -d "$REALDATA" ] || REALDATA=$(cd "$ROOT/../.." && pwd)/shared/realdata
fi
[ -d "$REALDATA/ccle-jabba" ] || { echo "validate-purity: no real data at $REALDATA (set REALDATA=DIR)" >&2; exit 1; }
OUT=${OUT:-$ROOT/docs/VALIDATION-PURITY-ARMS.md}
"$H2" regions -g GRCh38 > "$WORK/regions38.bed"
"$H2" regions -g GRCh37 > "$WORK/regions37.bed"
python3 "$ROOT/scripts/purity_arms.py" tasks --arms "$ARMS" --seeds "$SEEDS" --work "$WORK" \
    --realdata "$REALDATA"
results="$WORK/results.tsv"
touch "$results"
todo="$WORK/todo.txt"
awk -F'\t' 'FILENAME == ARGV[1] {done[$1] = 1; next} !($1 in done)' "$results" "$WORK/tasks.tsv" > "$todo"
echo "validate-purity: arms $ARMS: $(wc -l < "$WORK/tasks.tsv") samples ($(wc -l < "$todo") to run), $JOBS jobs, work dir $WORK" >&2

# One sample: simulate over the region set of its genome, call without
# --purity, print one TSV row (purity_arms.py RES_COLS).
run_arm() {
    set -euo pipefail
    local id=$1 d p genome seed t0 t1 regs
    IFS=$'\t' read -r _ _ _ d p genome seed _ < <(awk -F'\t' -v id="$id" '$1 == id' "$WORK/tasks.tsv")
    local args=()
    mapfile -t args < "$WORK/args/$id.args"
    regs="$WORK/regions38.bed"
    [ "$genome" = GRCh37 ] && regs="$WORK/regions37.bed"
    rm -f "$WORK/$id.json"
    t0=$(date +%s.%N)
    # --level 0: an uncompressed BAM (~3.6 GB at 30x over the region set, one
    # per job, removed after the call) makes simulate + call ~2.4x cheaper in CPU
    "$H2" simulate -g "$genome" -r "$regs" -d "$d" -p "$p" -s "$seed" --ref-seed 7 \
        --level 0 "${args[@]}" -o "$WORK/$id.bam" 2> "$WORK/$id.sim.log"
    "$H2" call --quiet -@1 "$WORK/$id.bam" -o "$WORK/$id.vcf.gz" --json "$WORK/$id.json" \
        2> "$WORK/$id.call.log" || true
    t1=$(date +%s.%N)
    [ "$KEEP" -eq 1 ] || rm -f "$WORK/$id.bam" "$WORK/$id.bam.bai"
    python3 - "$WORK/$id.json" "$id" "$(echo "$t1 - $t0" | bc)" <<'PY'
import json, sys
j, sid, secs = sys.argv[1:]
try:
    s = json.load(open(j))
except (OSError, ValueError):
    print("\t".join([sid] + ["NA"] * 12 + ["CALL_FAILED", secs]))
    sys.exit(0)
g = s["genes"][0]
pu = s["purity"]
row = [sid, pu["value"], pu["source"], pu["ci"][0], pu["ci"][1], pu["ploidy"],
       pu["ploidy_source"], g["cn"], g["ci"][0], g["ci"][1], g["call"],
       g.get("ish_group", "NA"), g.get("her2", "NA"), ";".join(g["filters"]), secs]
print("\t".join("NA" if v is None else str(v) for v in row))
PY
}
export -f run_arm
export KEEP
# the cheap arms first, so that an interrupted run has them
sort -t$'\t' -s -k4,4g "$todo" | cut -f1 | xargs -r -P "$JOBS" -n 1 bash -c 'run_arm "$1"' _ >> "$results"
T1=$(date +%s)
python3 "$ROOT/scripts/purity_arms.py" report --work "$WORK" --arms "$ARMS" --seeds "$SEEDS" \
    --seconds $((T1 - T0)) --jobs "$JOBS" --version "$("$H2" --version 2>&1 | head -1)" > "$OUT"
echo "validate-purity: wrote $OUT in $((T1 - T0)) s" >&2
