# A VCF that merges (issue 21): three samples' VCFs (AMPLIFIED, EQUIVOCAL,
# NOT_AMPLIFIED) through bcftools merge keep each sample's own HER2, CN and FT
# (before, they were INFO/FILTER, and the merge kept the first sample's INFO and
# the union of the FILTERs); REF is the padding base at POS (bcftools norm
# --check-ref with -f); POS/END/SVLEN as the spec; validate reads the merged file.
# Small genome, 2x, one shared synthetic reference: a few seconds.
G="$ROOT/testdata/small.genome"; GENES="$ROOT/testdata/small-genes.bed"   # HER2 chr17:1500001-1540000
M="$WORK/merge"; mkdir -p "$M"
msim() { "$BIN" simulate -g "$G" -d 2 --ref-seed 7 "$@" 2>"$M/sim.err" || echo "simulate failed: $(cat "$M/sim.err")"; }
msim -s 1 --sample AMP -c chr17:1400000-1700000:12 -F "$M/ref.fa" -o "$M/amp.bam"
msim -s 2 --sample EQV -c chr17:5 -o "$M/eqv.bam"
msim -s 3 --sample NEG -o "$M/neg.bam"
for s in amp eqv neg; do
    # NEG with a depth floor it cannot reach: its own FT is LowDepth
    extra=""; [ $s = neg ] && extra="--min-depth 100"
    "$H2" call --quiet --purity 1 --ploidy 2 -f "$M/ref.fa" --genes "$GENES" $extra \
        -o "$M/$s.vcf.gz" "$M/$s.bam" || echo "call $s failed"
done
expect_eq "merge inputs: one sample's FILTER column equals its FT" \
    "$(bcftools query -f '%FILTER=[%FT]\n' "$M/neg.vcf.gz" | awk -F= '$1 != $2' | wc -l | tr -d ' ')" 0
bcftools merge -Oz -o "$M/m.vcf.gz" "$M/amp.vcf.gz" "$M/eqv.vcf.gz" "$M/neg.vcf.gz" 2>"$M/merge.err"
expect_eq "bcftools merge: exit 0" "$?" 0
expect_eq "merge: one HER2 line" "$(bcftools query -i 'INFO/GENE="HER2"' -f '%ID\n' "$M/m.vcf.gz" | wc -l | tr -d ' ')" 1
expect_eq "merge: each sample keeps its HER2 and FT" \
    "$(bcftools query -i 'INFO/GENE="HER2"' -f '[%SAMPLE %HER2 %FT\n]' "$M/m.vcf.gz")" \
    "$(printf 'AMP AMPLIFIED PASS\nEQV EQUIVOCAL PASS\nNEG NOT_AMPLIFIED LowDepth')"
expect_true "merge: each sample keeps its CN (12, 5, 2)" awk -v s="$(bcftools query -i 'INFO/GENE="HER2"' \
    -f '[%CN ]' "$M/m.vcf.gz")" 'BEGIN{split(s,c," "); exit !(c[1]>10 && c[1]<14 && c[2]>4 && c[2]<6 && c[3]>1.5 && c[3]<2.5)}'
expect_eq "merge: the per-sample CN equals the sample's own VCF" \
    "$(bcftools query -i 'INFO/GENE="HER2"' -f '[%CN %CALL %ISH_GROUP %CONTEXT %PURITY\n]' "$M/m.vcf.gz")" \
    "$(for s in amp eqv neg; do bcftools query -i 'INFO/GENE="HER2"' -f '[%CN %CALL %ISH_GROUP %CONTEXT %PURITY\n]' "$M/$s.vcf.gz"; done)"
expect_eq "merge: the AMPLICON record is AMP's only" \
    "$(bcftools query -i 'ID~"^AMPLICON"' -f '[%SAMPLE=%CALL ]' "$M/m.vcf.gz")" "AMP=AMP EQV=. NEG=. "
expect_eq "POS the padding base, END the gene's last, SVLEN = END - POS, one <CNV>" \
    "$(bcftools query -i 'INFO/GENE="HER2"' -f '%POS %INFO/END %INFO/SVLEN %ALT %INFO/SVTYPE' "$M/m.vcf.gz")" \
    "1500000 1540000 40000 <CNV> CNV"
expect_eq "REF is the FASTA base at POS" "$(bcftools query -i 'INFO/GENE="HER2"' -f '%REF' "$M/m.vcf.gz")" \
    "$(samtools faidx "$M/ref.fa" chr17:1500000-1500000 | tail -1 | tr a-z A-Z)"
expect_true "bcftools norm --check-ref e accepts every record" \
    sh -c 'bcftools norm --check-ref e -f "$1" -o /dev/null "$2" 2>/dev/null' _ "$M/ref.fa" "$M/m.vcf.gz"
expect_true "declared VCFv4.4" sh -c 'bcftools view -h "$1" | head -1 | grep -qx "##fileformat=VCFv4.4"' _ "$M/amp.vcf.gz"
printf 'AMP\tHER2\t12\nEQV\tHER2\t5\tGAIN\nNEG\tHER2\t2\n' > "$M/truth.tsv"
"$H2" validate --rows "$M/truth.tsv" "$M/m.vcf.gz" > "$M/val.txt"
expect_eq "validate on the merged VCF: 3 matched, NEG filtered" \
    "$(awk -F'\t' '$1=="N" && ($2=="matched" || $2=="filtered_calls") {printf "%s=%s ", $2, $3}' "$M/val.txt")" "matched=3 filtered_calls=1 "
expect_eq "validate on the merged VCF: each sample's call and FT" \
    "$(awk -F'\t' '$1=="ROW" {printf "%s=%s:%s ", $2, $6, $10}' "$M/val.txt")" "AMP=AMP:PASS EQV=GAIN:PASS NEG=NEUTRAL:FILTERED "
