# Determinism and concurrency: the same bytes for -@1..-@8 and on repeated
# runs; many threads on a tiny input finish (a deadlock would hit the
# `timeout`, which guards against hangs and is not a speed assertion);
# SIGTERM/SIGINT during a run leave neither output nor temporary files.
# Needs 90-inputs.sh ($R, $GENES) and 91/93 (panel.bam, t.bed, d001.bam).
strip() { grep -v '^##her2cnCommand' "$1"; }
for t in 1 2 3 4 5 6 7 8; do
    "$H2" call --quiet -@ "$t" --genes "$GENES" -t "$R/t.bed" -o "$R/thr$t.vcf.gz" --bins "$R/thr$t.tsv" "$R/panel.bam"
    "$H2" call --quiet -@ "$t" --genes "$GENES" -o "$R/wthr$t.vcf" --bins "$R/wthr$t.tsv" "$R/r.bam"
done
same=1
for t in 2 3 4 5 6 7 8; do
    cmp -s "$R/thr1.tsv" "$R/thr$t.tsv" && cmp -s <(bgzip -dc "$R/thr1.vcf.gz" | grep -v '^##her2cnCommand') \
        <(bgzip -dc "$R/thr$t.vcf.gz" | grep -v '^##her2cnCommand') &&
    cmp -s "$R/wthr1.tsv" "$R/wthr$t.tsv" && cmp -s <(strip "$R/wthr1.vcf") <(strip "$R/wthr$t.vcf") || same=0
done
expect_eq "-@1..-@8: identical VCF and bins (panel and whole-genome)" "$same" 1
"$H2" call --quiet -@ 3 --genes "$GENES" -o "$R/wthr3b.vcf" --bins "$R/wthr3b.tsv" "$R/r.bam"
expect_true "repeated run: identical VCF (but the command line) and bins" cmp -s <(strip "$R/wthr3.vcf"; cat "$R/wthr3.tsv") <(strip "$R/wthr3b.vcf"; cat "$R/wthr3b.tsv")
expect_true "CRAM -@1 and -@6: identical bins" sh -c "'$H2' call --quiet -f '$R/r.fa' --genes '$GENES' -o '$R/c1.vcf' --bins '$R/c1.tsv' '$R/r.cram' &&
    '$H2' call --quiet -@6 -f '$R/r.fa' --genes '$GENES' -o '$R/c6.vcf' --bins '$R/c6.tsv' '$R/r.cram' && cmp -s '$R/c1.tsv' '$R/c6.tsv'"

# 256 threads on a tiny input (0.01x) and on a 3-contig header-only-ish SAM
timeout 120 "$H2" call --quiet -@ 256 --genes "$GENES" -o "$R/t256.vcf" --bins "$R/t256.tsv" "$R/d001.bam"
expect_eq "-@256 on a tiny input: finishes, exit 0" "$?" 0
"$H2" call --quiet --genes "$GENES" -o "$R/t1.vcf" --bins "$R/t1.tsv" "$R/d001.bam"
expect_true "-@256 on a tiny input: same bins as -@1" cmp -s "$R/t1.tsv" "$R/t256.tsv"

# Signals: the --snps sites file is a FIFO that never delivers its records,
# so the run is blocked after creating its temporary output; the signal must
# remove it.
sigtest() {
    local sig=$1 want=$2 d="$R/sig$1" pid i
    mkdir -p "$d"; mkfifo "$d/in.sam"
    # background jobs of a script start with SIGINT ignored; restore it
    env --default-signal=INT,TERM "$H2" call --quiet --genes "$GENES" --snps "$d/in.sam" -o "$d/out.vcf.gz" --bins "$d/out.tsv" "$R/r.bam" 2>/dev/null &
    pid=$!
    for i in $(seq 1 300); do ls "$d"/.out.tmp* >/dev/null 2>&1 && break; sleep 0.1; done
    expect_true "SIG$sig: temporary output exists while running" sh -c "ls '$d'/.out.tmp* >/dev/null 2>&1"
    exec 7<>"$d/in.sam"        # a writer keeps the reader blocked in read()
    printf '##fileformat=VCFv4.2\n' >&7
    sleep 0.2
    kill -s "$sig" "$pid"; wait "$pid"; local rc=$?
    exec 7>&-
    expect_eq "SIG$sig: killed by the signal (exit $want)" "$rc" "$want"
    expect_eq "SIG$sig: no output, no temporary files left" "$(ls -A "$d" | grep -v '^in.sam$')" ""
}
sigtest TERM 143
sigtest INT 130
sigtest PIPE 141     # the reader of a piped output went away
sigtest XFSZ 153     # ulimit -f reached

# SIGKILL cannot be caught: its temporary files stay (named with host and
# pid); the next run to the same output removes them, as their process is gone
d="$R/sigKILL"; mkdir -p "$d"; mkfifo "$d/in.sam"
"$H2" call --quiet --genes "$GENES" --snps "$d/in.sam" -o "$d/out.vcf.gz" --bins "$d/out.tsv" "$R/r.bam" 2>/dev/null &
pid=$!
for i in $(seq 1 300); do ls "$d"/.out.tmp* >/dev/null 2>&1 && break; sleep 0.1; done
exec 7<>"$d/in.sam"; sleep 0.2; kill -s KILL "$pid"; wait "$pid" 2>/dev/null; exec 7>&-
expect_true "SIGKILL: its temporary files are left" sh -c "ls -a '$d' | grep -q '^\.out\.tmp'"
"$H2" call --quiet --genes "$GENES" -o "$d/out.vcf.gz" --bins "$d/out.tsv" "$R/r.bam"
expect_eq "SIGKILL: the next run removes them and writes its outputs" "$(ls -A "$d" | grep -v '^in.sam$' | tr '\n' ' ')" \
    "out.tsv out.vcf.gz out.vcf.gz.tbi "

# two runs writing one .vcf.gz at the same time commit the VCF and its index
# as a pair (samples of different name lengths shift the index offsets): the
# index must always fit the VCF that is there. Plain binary under valgrind.
HEAVY=$H2; [ -n "${H2_WRAP:-}" ] && HEAVY=$BIN
d="$R/race"; mkdir -p "$d"; bad=0
for i in 1 2 3 4 5 6 7 8 9 10; do
    "$HEAVY" call --quiet --genes "$GENES" -s A -o "$d/x.vcf.gz" "$R/r.bam" &
    "$HEAVY" call --quiet --genes "$GENES" -s "a-much-longer-sample-name-$i" -o "$d/x.vcf.gz" "$R/r.bam" &
    wait
    [ "$(tabix "$d/x.vcf.gz" chr17 | md5sum)" = "$(bgzip -dc "$d/x.vcf.gz" | grep -v '^#' | awk '$1=="chr17"' | md5sum)" ] || bad=$((bad+1))
done
expect_eq "concurrent runs on one .vcf.gz: the index fits the VCF in 10/10" "$bad" 0
