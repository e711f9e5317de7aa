#!/bin/bash
# Threaded paths under ThreadSanitizer (make tsan): simulate with -@4, then
# call BAM, CRAM and a panel with -@1..-@8 and -@64; any race report makes
# the binary exit 66 (TSAN_OPTIONS below), and the outputs must not depend on
# the thread count. Needs H2_BIN (a -fsanitize=thread build).
set -u
export REF_PATH=: TSAN_OPTIONS="halt_on_error=1 exitcode=66 ${TSAN_OPTIONS:-}"
ROOT=$(cd "$(dirname "$0")/.." && pwd)
H2=$(readlink -f "$H2_BIN")
W=$(mktemp -d "${TMPDIR:-/tmp}/her2cn-tsan.XXXXXX"); trap 'rm -rf "$W"' EXIT
G="$ROOT/testdata/small.genome"; GENES="$ROOT/testdata/small-genes.bed"
fail=0
run() { "$@" 2>"$W/err" || { echo "tsan: FAIL (exit $?): $*"; head -30 "$W/err"; fail=1; }; }
run "$H2" simulate -@4 -g "$G" -d 2 -s 31 -c chr17:1400000-1700000:10 -o "$W/s.bam"
run "$H2" simulate -@4 -g "$G" -d 2 -s 31 -c chr17:1400000-1700000:10 -F "$W/s.fa" -o "$W/s.cram"
awk 'BEGIN{OFS="\t"; for (c = 1; c <= 3; c++) for (i = 0; i < 30; i++) print "chr" c, 100000 + i * 50000, 100000 + i * 50000 + 300
     for (i = 0; i < 10; i++) print "chr17", 1500000 + i * 4000, 1500000 + i * 4000 + 300}' | sort -k1,1V -k2,2n > "$W/t.bed"
run "$H2" simulate -@4 -g "$G" -t "$W/t.bed" -d 100 -s 32 -o "$W/p.bam"
for t in 1 2 3 4 5 6 7 8 64; do
    run "$H2" call --quiet -@ "$t" --genes "$GENES" -o "$W/b$t.vcf" --bins "$W/b$t.tsv" "$W/s.bam"
    run "$H2" call --quiet -@ "$t" -f "$W/s.fa" --genes "$GENES" -o "$W/c$t.vcf" --bins "$W/c$t.tsv" "$W/s.cram"
    run "$H2" call --quiet -@ "$t" --genes "$GENES" -t "$W/t.bed" -o "$W/p$t.vcf.gz" --bins "$W/p$t.tsv" "$W/p.bam"
    for k in b c p; do
        cmp -s "$W/${k}1.tsv" "$W/$k$t.tsv" || { echo "tsan: FAIL: $k bins differ at -@$t"; fail=1; }
    done
done
echo "tsan: $([ $fail -eq 0 ] && echo "no races reported, outputs identical for -@1..8,64" || echo FAILED)"
exit $fail
