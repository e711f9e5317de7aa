# her2cn validate on three simulated samples with known truth.
sim() { "$H2" simulate "$@" 2>"$WORK/sim.err" || { echo "simulate failed: $(cat "$WORK/sim.err")"; return 1; }; }
"$H2" regions -g GRCh38 > "$WORK/v38.bed"
sim -g GRCh38 -r "$WORK/v38.bed" -d 0.5 -s 31 --sample vamp -c chr17:39500001-39800000:12 -o "$WORK/vamp.bam"
sim -g GRCh38 -r "$WORK/v38.bed" -d 0.5 -s 32 --sample vneg -o "$WORK/vneg.bam"
sim -g GRCh38 -r "$WORK/v38.bed" -d 0.5 -s 33 --sample vpoly -c chr17:4 -o "$WORK/vpoly.bam"
for s in vamp vneg vpoly; do "$H2" call --quiet -o "$WORK/$s.vcf.gz" "$WORK/$s.bam"; done
printf '#sample\tgene\ttrue_cn\tclass\nvamp\tERBB2\t12\tAMP\nvneg\tERBB2\t2\t.\nvpoly\tERBB2\t4\tGAIN\nvmissing\tERBB2\t2\tNEUTRAL\n' > "$WORK/truth.tsv"
"$H2" validate --rows "$WORK/truth.tsv" "$WORK/vamp.vcf.gz" "$WORK/vneg.vcf.gz" "$WORK/vpoly.vcf.gz" > "$WORK/val.txt"
expect_eq "validate: exit 0" "$?" 0
v() { awk -F'\t' -v a="$1" -v b="$2" '$1==a && $2==b {print $3}' "$WORK/val.txt"; }
expect_eq "validate: 3 matched, 1 missing" "$(v N matched) $(v N missing_calls)" "3 1"
expect_eq "validate: AMP row of the confusion matrix" "$(awk -F'\t' '$1=="CONFUSION" && $2=="AMP"' "$WORK/val.txt" | cut -f3-)" "$(printf '0\t0\t0\t1')"
expect_eq "validate: sensitivity 1 (1/1)" "$(awk -F'\t' '$2=="sensitivity"{print $3, $4}' "$WORK/val.txt")" "1.0000 1/1"
expect_eq "validate: specificity 1 (2/2)" "$(awk -F'\t' '$2=="specificity"{print $3, $4}' "$WORK/val.txt")" "1.0000 2/2"
expect_num "validate: median abs % CN error is small" "$(v METRIC median_abs_pct_cn_error)" 0 15
expect_eq "validate: one ROW per truth row" "$(grep -c '^ROW' "$WORK/val.txt")" 4
expect_eq "validate: ROW agrees with the VCF" "$(awk -F'\t' '$1=="ROW" && $2=="vamp"{print $6}' "$WORK/val.txt")" \
    "$(bcftools query -e 'ID~"^AMPLICON"' -f '[%CALL]' "$WORK/vamp.vcf.gz")"
"$H2" validate --positive AMP,GAIN "$WORK/truth.tsv" "$WORK/vamp.vcf.gz" "$WORK/vneg.vcf.gz" "$WORK/vpoly.vcf.gz" > "$WORK/val2.txt"
expect_eq "validate --positive AMP,GAIN: 2 positives" "$(awk -F'\t' '$2=="sensitivity"{print $4}' "$WORK/val2.txt")" "2/2"
printf 'vamp\tERBB2\tnope\n' > "$WORK/badtruth.tsv"
expect_fail "validate: bad truth CN" 2 "badtruth.tsv:1: true CN" - -- "$H2" validate "$WORK/badtruth.tsv" "$WORK/vamp.vcf.gz"
expect_fail "validate: a VCF twice" 2 "called in both" - -- "$H2" validate "$WORK/truth.tsv" "$WORK/vamp.vcf.gz" "$WORK/vamp.vcf.gz"
expect_fail "validate: not a VCF" 2 "not a VCF" - -- "$H2" validate "$WORK/truth.tsv" "$WORK/truth.tsv"
expect_fail "validate: missing VCF" 3 "cannot open" - -- "$H2" validate "$WORK/truth.tsv" "$WORK/none.vcf"
expect_fail "validate: one argument" 1 "need a truth table" - -- "$H2" validate "$WORK/truth.tsv"
expect_fail "validate: bad --positive" 1 "positive must list" - -- "$H2" validate --positive BIG "$WORK/truth.tsv" "$WORK/vamp.vcf.gz"
# a truth table saved with a UTF-8 BOM matches its first sample; a .vcf.gz cut
# before its EOF block is refused (its last records would be lost silently)
printf '\357\273\277vamp\tERBB2\t12\tAMP\n' > "$WORK/bom.tsv"
"$H2" validate --rows "$WORK/bom.tsv" "$WORK/vamp.vcf.gz" > "$WORK/bom.txt"
expect_eq "validate: truth with a BOM: its first row is matched" "$(awk -F'\t' '$1=="N" && $2=="matched" {print $3}' "$WORK/bom.txt")" 1
size=$(stat -c %s "$WORK/vamp.vcf.gz"); head -c $((size - 28)) "$WORK/vamp.vcf.gz" > "$WORK/noeof.vcf.gz"
expect_fail "validate: .vcf.gz without its EOF block" 2 "truncated \(no BGZF EOF block\)" - -- "$H2" validate "$WORK/truth.tsv" "$WORK/noeof.vcf.gz"
