# Tumour-only panels (issue 10 item 4). testdata/panel-grch38-eff.bed fixes
# every target's capture efficiency; its 12 ERBB2 targets average 0.807
# against 0.993 for the reference targets, so without a reference ERBB2 reads
# about 19% low in every sample (CN 12 at purity 0.5 reads ~9.4). The gene's
# SE must carry that unknown efficiency (not divided by its 12 targets): the
# interval covers the truth or the record says NoReference. A panel of
# normals built by `her2cn pon` removes the term.
E="$ROOT/testdata/panel-grch38-eff.bed"
sim() { "$BIN" simulate "$@" 2>"$WORK/sim.err" || echo "simulate failed: $(cat "$WORK/sim.err")"; }
q() { bcftools query -i 'ID=="ERBB2"' -f "$1" "$2"; }
covers() { awk -v s="$1" -v t="$2" 'BEGIN{split(s,a,","); exit !(a[1]<=t && a[2]>=t)}'; }
HEAVY=$H2; [ -n "${H2_WRAP:-}" ] && HEAVY=$BIN
D="$WORK/tonly"; mkdir -p "$D"

# CN 12 at purity 0.5, tumour-only: was CN 9.4 [8.0-11.2] PASS (misses 12)
sim -g GRCh38 -t "$E" -d 500 -p 0.5 -c chr17:39687914-39730426:12 -s 3 -o "$D/t12.bam"
"$H2" call --purity 0.5 -t "$E" -o "$D/t12.vcf" "$D/t12.bam" 2>"$D/t12.err"
ci=$(q '[%CICN]' "$D/t12.vcf"); f=$(q '%FILTER' "$D/t12.vcf")
echo "       tumour-only CN 12: CN $(q '[%CN]' "$D/t12.vcf") [$ci] $f"
expect_true "tumour-only CN 12: CICN covers 12 or NoReference" \
    sh -c "echo '$f' | grep -q NoReference || awk -v s='$ci' 'BEGIN{split(s,a,\",\"); exit !(a[1]<=12 && a[2]>=12)}'"
expect_true "tumour-only CN 12: still AMP" test "$(q '[%CALL]' "$D/t12.vcf")" = AMP
expect_eq "tumour-only: one warning line recommends a PON" \
    "$(grep -c 'warning: tumour-only panel.*a panel of normals (--pon) is recommended' "$D/t12.err")" 1
expect_true "tumour-only: header describes NoReference" \
    grep -q '^##FILTER=<ID=NoReference,Description="Tumour-only panel' "$D/t12.vcf"
# the capture term is not divided by the 12 targets: LOG2SE at least the
# spread of the reference targets' efficiencies (SD of log2 0.35 in the BED)
expect_num "tumour-only: LOG2SE carries the capture spread" "$(q '[%LOG2SE]' "$D/t12.vcf")" 0.3 0.5
"$H2" call --quiet --purity 0.5 -t "$E" -o "$D/q12.vcf" "$D/t12.bam" 2>"$D/q12.err"
expect_eq "tumour-only: --quiet silences the warning" "$(wc -c < "$D/q12.err")" 0

# CN 6 at purity 0.5: the interval runs from not gained to AMP
sim -g GRCh38 -t "$E" -d 500 -p 0.5 -c chr17:39687914-39730426:6 -s 1 -o "$D/t6.bam"
"$H2" call --quiet --purity 0.5 -t "$E" -o "$D/t6.vcf" "$D/t6.bam"
expect_true "tumour-only CN 6: FILTER NoReference" sh -c "q() { bcftools query -i 'ID==\"ERBB2\"' -f \"\$1\" \"\$2\"; }; q '%FILTER' '$D/t6.vcf' | grep -q NoReference"
expect_true "tumour-only CN 6: CICN covers 6" covers "$(q '[%CICN]' "$D/t6.vcf")" 6

# with a panel of normals of the same assay the term is gone
for s in 101 102 103; do sim -g GRCh38 -t "$E" -d 500 -s $s -o "$D/n$s.bam"; done
"$HEAVY" pon --quiet -t "$E" -o "$D/assay.pon" "$D/n101.bam" "$D/n102.bam" "$D/n103.bam" 2>"$D/pon.err"
"$HEAVY" call --purity 0.5 -t "$E" --pon "$D/assay.pon" -o "$D/p12.vcf" "$D/t12.bam" 2>"$D/p12.err"
echo "       with PON CN 12: CN $(q '[%CN]' "$D/p12.vcf") [$(q '[%CICN]' "$D/p12.vcf")] $(q '%FILTER' "$D/p12.vcf")"
expect_true "with PON: no tumour-only warning" sh -c "! grep -q 'tumour-only panel' '$D/p12.err'"
expect_true "with PON: CICN covers 12" covers "$(q '[%CICN]' "$D/p12.vcf")" 12
expect_true "with PON: no NoReference" sh -c "! echo '$(q '%FILTER' "$D/p12.vcf")' | grep -q NoReference"
expect_true "with PON: LOG2SE under a third of tumour-only's" \
    awk -v a="$(q '[%LOG2SE]' "$D/p12.vcf")" -v b="$(q '[%LOG2SE]' "$D/t12.vcf")" 'BEGIN{exit !(3*a < b)}'
