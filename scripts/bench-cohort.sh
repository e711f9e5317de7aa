#!/bin/bash
# make bench-cohort: the Snakemake workflow on a simulated cohort, locally
# with --cores 2: samples per hour, CPU seconds, bytes read and peak RSS per
# sample (docs/BENCHMARKS.md, "Cohort scale").
#
#   scripts/bench-cohort.sh [--quick] [path/to/her2cn]
#
#   --quick      10 samples (1x-10x), one batch; a smoke test. Writes only
#                $BENCH_DATA/summary.md, never docs/.
#   (default)    200 samples in 10 batches of 20, each batch the same depth
#                mix (below); rewrites the generated part of the "Cohort
#                scale" section of docs/BENCHMARKS.md.
#
# Environment:
#   BENCH_DATA   where inputs and outputs go [bench/cohort] (kept out of git;
#                a batch's BAMs, up to ~3 GB, are deleted after its run)
#   LEVEL        BAM compression level of the simulated inputs [1]
#
# Samples are GRCh38 with reads only over the region set of `her2cn regions`
# (padded by a read), so her2cn touches what it would in a whole genome at
# that depth (docs/BENCHMARKS.md, case 3) while a 30x sample stays ~0.9 GB.
# A batch of 20 is: 10 at 1x, 4 at 2x, 2 at 5x, 2 at 10x, 1 at 20x, 1 at 30x
# (98x in all); positions 3 (1x), 12 (2x) and 17 (10x) carry ERBB2 at 12
# copies, purity 0.7 (30 of 200 amplified). Batches exist because 200 such
# BAMs would need ~30 GB: each batch is simulated, run by the workflow
# (its own sheet and outdir, one `snakemake --cores 2` per batch), then its
# BAMs are deleted. Only the workflow runs are timed, not the simulation.
#
# The workflow runs her2cn through scripts/measure-run.py (her2cn.bin), which
# appends wall, user+sys CPU, peak RSS and the bytes read (rchar of
# /proc/self/io) of each call to its log. qc.bytes_read of the JSON summary
# (compressed bytes fetched from the alignment file) is reported too when the
# her2cn build writes it.
set -euo pipefail
QUICK=0
if [ "${1:-}" = --quick ]; then QUICK=1; shift; fi
ROOT=$(cd "$(dirname "$0")/.." && pwd)
H2=$(readlink -f "${1:-$ROOT/build/her2cn}")
D=$(mkdir -p "${BENCH_DATA:-$ROOT/bench/cohort}" && cd "${BENCH_DATA:-$ROOT/bench/cohort}" && pwd)
LEVEL=${LEVEL:-1}
export REF_PATH=:
for c in snakemake python3 /usr/bin/time "$H2"; do
    command -v "$c" > /dev/null || { echo "bench-cohort: $c is missing" >&2; exit 1; }
done
log() { echo "bench-cohort: $*" >&2; }

AMP=chr17:39687914-39730426:12
if [ "$QUICK" = 1 ]; then
    BATCHES=1; DEPTHS=(1 1 1 1 1 1 2 2 5 10); AMPS=" 3 8 "
else
    BATCHES=10; DEPTHS=(1 1 1 1 1 1 1 1 1 1 2 2 2 2 5 5 10 10 20 30); AMPS=" 3 12 17 "
fi
N=${#DEPTHS[@]}
rm -rf "$D/runs" "$D/bams"
mkdir -p "$D/runs" "$D/bams"
"$H2" regions -g GRCh38 > "$D/regions.bed"
RUNS="$D/runs/batches.tsv"
printf 'batch\tsamples\twall_s\tcpu_s\tmaxrss_kb\tload_before\tload_after\n' > "$RUNS"
load1() { cut -d' ' -f1 /proc/loadavg; }

# batch B: simulate its N samples, run the workflow on them, keep the logs
# and JSONs, delete the BAMs.
batch() {
    local b=$1 i d s amp sheet="$D/runs/b$1.tsv" out="$D/runs/b$1"
    printf 'sample\ttype\tbam\tpurity\tnormal\ttargets\n' > "$sheet"
    for ((i = 0; i < N; i++)); do
        d=${DEPTHS[$i]}; s=$(printf 's%03d' $((b * N + i)))
        amp=(); [[ "$AMPS" == *" $i "* ]] && amp=(-p 0.7 -c "$AMP")
        log "batch $b: simulate $s at ${d}x ${amp[*]:-}"
        nice "$H2" simulate -g GRCh38 -r "$D/regions.bed" -d "$d" -s $((1000 + b * N + i)) \
            --level "$LEVEL" -@ 2 --sample "$s" "${amp[@]}" -o "$D/bams/$s.bam" 2> /dev/null
        printf '%s\ttumour\tbams/%s.bam\t\t\t\n' "$s" "$s" >> "$sheet"
        printf '%s\t%s\t%s\t%s\n' "$s" "$d" "${amp:+1}" \
            "$(( $(stat -c %s "$D/bams/$s.bam") + $(stat -c %s "$D/bams/$s.bam.bai") ))" >> "$D/runs/samples.tsv"
    done
    cat > "$D/runs/b$b.yaml" <<EOF
samples: $sheet
outdir: $out
her2cn:
  bin: "python3 $ROOT/scripts/measure-run.py $H2"
  threads: 1
pon:
  enabled: false
multiqc:
  enabled: false
EOF
    local l0; l0=$(load1)
    log "batch $b: snakemake --cores 2 on $N samples"
    ( cd "$D" && /usr/bin/time -f '%e %U %S %M' -o "$D/runs/b$b.time" \
        snakemake -s "$ROOT/workflow/Snakefile" --configfile "$D/runs/b$b.yaml" --cores 2 \
        > "$D/runs/b$b.snakemake.log" 2>&1 ) || { log "batch $b: the workflow failed:"; tail -20 "$D/runs/b$b.snakemake.log" >&2; exit 1; }
    awk -v b="$b" -v n="$N" -v l0="$l0" -v l1="$(load1)" \
        '{printf "%s\t%s\t%s\t%.2f\t%s\t%s\t%s\n", b, n, $1, $2 + $3, $4, l0, l1}' "$D/runs/b$b.time" >> "$RUNS"
    rm -f "$D"/bams/*.bam "$D"/bams/*.bam.bai
}

: > "$D/runs/samples.tsv"
for ((b = 0; b < BATCHES; b++)); do batch "$b"; done

# One row per sample: depth, amplified, input bytes, the measure-run line of
# its log, qc.records_read/bytes_read and the call of ERBB2 from its JSON.
python3 - "$D" "$N" > "$D/runs/per_sample.tsv" <<'EOF'
import json, re, sys
d, n = sys.argv[1], int(sys.argv[2])
print("sample\tdepth\tamp\tinput_bytes\twall_s\tcpu_s\tmaxrss_kb\trchar\tread_bytes\trecords_read\tbytes_read\tcall")
for line in open(f"{d}/runs/samples.tsv"):
    s, depth, amp, size = line.rstrip("\n").split("\t")
    b = int(s[1:]) // n
    m = dict(re.findall(r"(\w+)=(\S+)", [l for l in open(f"{d}/runs/b{b}/her2cn/logs/{s}.log")
                                          if l.startswith("measure-run:")][-1]))
    j = json.load(open(f"{d}/runs/b{b}/her2cn/{s}.json"))
    call = [g["call"] for g in j.get("genes", []) if g.get("gene") == "ERBB2"]
    qc = j.get("qc", {})
    print("\t".join(str(x) for x in (s, depth, amp or 0, size, m["wall_s"],
          round(float(m["user_s"]) + float(m["sys_s"]), 2), m["maxrss_kb"], m["rchar"],
          m["read_bytes"], qc.get("records_read", ""), qc.get("bytes_read", ""),
          call[0] if call else "?")))
EOF

# Summary (markdown): the run, then per depth.
python3 - "$D" "$H2" "$LEVEL" "$QUICK" > "$D/summary.md" <<'EOF'
import csv, os, statistics as st, subprocess, sys, time
d, h2, level, quick = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4] == "1"
rows = list(csv.DictReader(open(f"{d}/runs/per_sample.tsv"), delimiter="\t"))
bat = list(csv.DictReader(open(f"{d}/runs/batches.tsv"), delimiter="\t"))
n, wall = len(rows), sum(float(b["wall_s"]) for b in bat)
wf_cpu = sum(float(b["cpu_s"]) for b in bat)
cpu = [float(r["cpu_s"]) for r in rows]
has_qc = all(r["bytes_read"] for r in rows)
MB = 1e6
ver = subprocess.run([h2, "--version"], capture_output=True, text=True).stdout.split("\n")[0]
smk = subprocess.run(["snakemake", "--version"], capture_output=True, text=True).stdout.strip()
loads = [float(b["load_before"]) for b in bat] + [float(b["load_after"]) for b in bat]
print(f"Run of {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}: `scripts/bench-cohort.sh"
      f"{' --quick' if quick else ''}` ({ver}, Snakemake {smk}, BAM level {level}), "
      f"{os.cpu_count()} cores, load average {min(loads):.1f}-{max(loads):.1f} "
      f"(1-minute, sampled before and after each batch; the cores were shared).\n")
print("| measure | value | how |")
print("|---|---|---|")
print(f"| samples | {n} in {len(bat)} batch(es) | `snakemake --cores 2`, her2cn.threads 1 |")
print(f"| workflow wall time | {wall:.0f} s | sum over batches, /usr/bin/time of snakemake |")
print(f"| **samples per hour** | **{n / wall * 3600:.0f}** | samples / workflow wall time |")
print(f"| workflow CPU per sample | {wf_cpu / n:.2f} s | user+sys of snakemake and all its jobs / samples |")
print(f"| her2cn CPU per sample | {st.mean(cpu):.2f} s mean, {st.median(cpu):.2f} s median | user+sys of each `her2cn call` |")
print(f"| her2cn peak RSS | {max(int(r['maxrss_kb']) for r in rows) / 1024:.1f} MB max | per call |")
print(f"| Snakemake peak RSS | {max(int(b['maxrss_kb']) for b in bat) / 1024:.0f} MB max | per batch |")
print(f"| bytes read per sample | {st.mean(int(r['rchar']) for r in rows) / MB:.1f} MB mean "
      f"({'qc.bytes_read ' + format(st.mean(int(r['bytes_read']) for r in rows) / MB, '.1f') + ' MB mean' if has_qc else 'qc.bytes_read not in this build'}) | "
      "rchar of each call (measure-run.py) |")
amp = [r for r in rows if r["amp"] == "1"]
neg = [r for r in rows if r["amp"] != "1"]
print(f"| calls | {sum(r['call'] == 'AMP' for r in amp)}/{len(amp)} amplified called AMP, "
      f"{sum(r['call'] == 'NEUTRAL' for r in neg)}/{len(neg)} others NEUTRAL | ERBB2 `call` in each JSON |")
print()
print("| depth | samples | input MB (BAM+BAI), mean | her2cn CPU s, median | wall s, median | peak RSS MB, max | read MB (rchar), mean | qc.bytes_read MB, mean | read / input |")
print("|---|---|---|---|---|---|---|---|---|")
for dp in sorted({float(r["depth"]) for r in rows}):
    g = [r for r in rows if float(r["depth"]) == dp]
    inp = st.mean(int(r["input_bytes"]) for r in g)
    rc = st.mean(int(r["rchar"]) for r in g)
    qb = f"{st.mean(int(r['bytes_read']) for r in g) / MB:.1f}" if has_qc else "n/a"
    print(f"| {dp:g}x | {len(g)} | {inp / MB:.1f} | {st.median(float(r['cpu_s']) for r in g):.2f} | "
          f"{st.median(float(r['wall_s']) for r in g):.2f} | {max(int(r['maxrss_kb']) for r in g) / 1024:.1f} | "
          f"{rc / MB:.1f} | {qb} | {rc / inp:.2f} |")
EOF
cat "$D/summary.md"

# The full run rewrites the generated part of docs/BENCHMARKS.md.
if [ "$QUICK" = 0 ]; then
    python3 - "$ROOT/docs/BENCHMARKS.md" "$D/summary.md" <<'EOF'
import sys
doc, new = open(sys.argv[1]).read(), open(sys.argv[2]).read()
b, e = "<!-- bench-cohort: generated, begin -->\n", "<!-- bench-cohort: generated, end -->\n"
i, j = doc.index(b) + len(b), doc.index(e)
open(sys.argv[1], "w").write(doc[:i] + new + doc[j:])
EOF
    log "docs/BENCHMARKS.md updated"
fi
