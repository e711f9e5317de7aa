# Sample identity (issue 20 round 3): the matched normal must be another file
# of the same person, a BAM must hold one sample (or --read-group picks one),
# and --snps sites count only where this person is heterozygous. A small
# custom genome keeps every run to a second.
G="$ROOT/testdata/small.genome"; GENES="$ROOT/testdata/small-genes.bed"
isim() { "$BIN" simulate -g "$G" --ref-seed 5 "$@" 2>"$WORK/isim.err" \
         || echo "simulate failed: $(cat "$WORK/isim.err")"; }
jq1() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$@"; }
isim -d 10 -s 51 -c chr17:1400000-1700000:10 -o "$WORK/id-t.bam"
isim -d 10 -s 52 -o "$WORK/id-n.bam"

# 3. the normal is the tumour: CN 2 NEUTRAL for a CN-10 sample, exit 0
expect_fail "--normal is the tumour file" 1 "matched normal .* is the tumour's own file" \
    "$WORK/id.vcf" -- "$H2" call --genes "$GENES" --normal "$WORK/id-t.bam" -o "$WORK/id.vcf" "$WORK/id-t.bam"
ln -s id-t.bam "$WORK/id-link.bam"
expect_fail "--normal is the tumour through a link" 1 "is the tumour's own file" \
    "$WORK/id.vcf" -- "$H2" call --genes "$GENES" --normal "$WORK/id-link.bam" -o "$WORK/id.vcf" "$WORK/id-t.bam"
cp "$WORK/id-t.bam" "$WORK/id-copy.bam"; cp "$WORK/id-t.bam.bai" "$WORK/id-copy.bam.bai"
expect_fail "--normal is a copy of the tumour" 2 "same reads as the tumour in every bin" \
    "$WORK/id.vcf" -- "$H2" call --genes "$GENES" --normal "$WORK/id-copy.bam" -o "$WORK/id.vcf" "$WORK/id-t.bam"
"$H2" call --quiet --genes "$GENES" --normal "$WORK/id-n.bam" --json "$WORK/id-tn.json" -o "$WORK/id-tn.vcf" "$WORK/id-t.bam"
expect_eq "a real normal of the same person: called AMP" "$(jq1 "$WORK/id-tn.json" 'd["genes"][0]["call"]')" AMP

# 4. two samples in one BAM (samtools merge keeps both @RG, renaming the
#    clashing ID): their reads were pooled and called as the first sample
isim -d 10 -s 53 --sample OTHER -o "$WORK/id-o.bam"
samtools merge -f -o "$WORK/id-two.bam" "$WORK/id-t.bam" "$WORK/id-o.bam" && samtools index "$WORK/id-two.bam"
expect_fail "two samples in one BAM" 2 "holds 2 samples \(@RG SM: SIMULATED, OTHER\): give --sample" \
    "$WORK/id.vcf" -- "$H2" call --genes "$GENES" -o "$WORK/id.vcf" "$WORK/id-two.bam"
expect_fail "two samples, --sample names neither" 2 "holds 2 samples .*none of them named by --sample" \
    "$WORK/id.vcf" -- "$H2" call --genes "$GENES" -s NOBODY -o "$WORK/id.vcf" "$WORK/id-two.bam"
expect_fail "matched normal of two samples" 2 "^her2cn call: matched normal: .*holds 2 samples" \
    "$WORK/id.vcf" -- "$H2" call --genes "$GENES" --normal "$WORK/id-two.bam" -o "$WORK/id.vcf" "$WORK/id-n.bam"
"$H2" call --quiet --genes "$GENES" --json "$WORK/id-t.json" -o "$WORK/id-t.vcf" "$WORK/id-t.bam"
"$H2" call --quiet --genes "$GENES" -s SIMULATED --json "$WORK/id-two.json" -o "$WORK/id-two.vcf" "$WORK/id-two.bam"
expect_eq "--sample picks one sample's reads: the same CN as its own BAM" \
    "$(jq1 "$WORK/id-two.json" 'd["genes"][0]["cn"]')" "$(jq1 "$WORK/id-t.json" 'd["genes"][0]["cn"]')"
