# Sample identity (issue 20 round 3): the matched normal must be another file
# of the same person, a BAM must hold one sample (or --read-group picks one),
# and --snps sites count only where this person is heterozygous. A small
# custom genome keeps every run to a second.
G="$ROOT/testdata/small.genome"; GENES="$ROOT/testdata/small-genes.bed"
isim() { "$BIN" simulate -g "$G" --ref-seed 5 "$@" 2>"$WORK/isim.err" \
         || echo "simulate failed: $(cat "$WORK/isim.err")"; }
# under make memcheck the early refusals run wrapped, the calls that count a
# whole BAM (or two) run once wrapped (the --snps swap) and otherwise plain
HEAVY=$H2; [ -n "${H2_WRAP:-}" ] && HEAVY=$BIN
jq1() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$@"; }
# person 1: tumour (CN 10 at HER2) and normal; person 2: another normal;
# the population's SNP sites (about 55% 0/0, 36% 0/1, 9% 1/1 in a person)
isim -d 10 -s 51 --individual 1 -c chr17:1400000-1700000:10 --snps-out "$WORK/id-sites.vcf" -o "$WORK/id-t.bam"
isim -d 10 -s 52 --individual 1 -o "$WORK/id-n.bam"
isim -d 10 -s 53 --individual 2 --sample OTHER -o "$WORK/id-o.bam"

# 3. the normal is the tumour: CN 2 NEUTRAL for a CN-10 sample, exit 0
expect_fail "--normal is the tumour file" 1 "matched normal .* is the tumour's own file" \
    "$WORK/id.vcf" -- "$H2" call --genes "$GENES" --normal "$WORK/id-t.bam" -o "$WORK/id.vcf" "$WORK/id-t.bam"
ln -s id-t.bam "$WORK/id-link.bam"
expect_fail "--normal is the tumour through a link" 1 "is the tumour's own file" \
    "$WORK/id.vcf" -- "$H2" call --genes "$GENES" --normal "$WORK/id-link.bam" -o "$WORK/id.vcf" "$WORK/id-t.bam"
cp "$WORK/id-t.bam" "$WORK/id-copy.bam"; cp "$WORK/id-t.bam.bai" "$WORK/id-copy.bam.bai"
expect_fail "--normal is a copy of the tumour" 2 "same reads as the tumour in every bin" \
    "$WORK/id.vcf" -- "$HEAVY" call --genes "$GENES" --normal "$WORK/id-copy.bam" -o "$WORK/id.vcf" "$WORK/id-t.bam"
"$HEAVY" call --quiet --genes "$GENES" --normal "$WORK/id-n.bam" --json "$WORK/id-tn.json" -o "$WORK/id-tn.vcf" "$WORK/id-t.bam"
expect_eq "a real normal of the same person: called AMP" "$(jq1 "$WORK/id-tn.json" 'd["genes"][0]["call"]')" AMP

# 4. two samples in one BAM (samtools merge keeps both @RG, renaming the
#    clashing ID): their reads were pooled and called as the first sample
samtools merge -f -o "$WORK/id-two.bam" "$WORK/id-t.bam" "$WORK/id-o.bam" && samtools index "$WORK/id-two.bam"
expect_fail "two samples in one BAM" 2 "holds 2 samples \(@RG SM: SIMULATED, OTHER\): give --sample" \
    "$WORK/id.vcf" -- "$H2" call --genes "$GENES" -o "$WORK/id.vcf" "$WORK/id-two.bam"
expect_fail "two samples, --sample names neither" 2 "holds 2 samples .*none of them named by --sample" \
    "$WORK/id.vcf" -- "$H2" call --genes "$GENES" -s NOBODY -o "$WORK/id.vcf" "$WORK/id-two.bam"
expect_fail "matched normal of two samples" 2 "^her2cn call: matched normal: .*holds 2 samples" \
    "$WORK/id.vcf" -- "$H2" call --genes "$GENES" --normal "$WORK/id-two.bam" -o "$WORK/id.vcf" "$WORK/id-n.bam"
"$HEAVY" call --quiet --genes "$GENES" --json "$WORK/id-t.json" -o "$WORK/id-t.vcf" "$WORK/id-t.bam"
"$HEAVY" call --quiet --genes "$GENES" -s SIMULATED --json "$WORK/id-two.json" -o "$WORK/id-two.vcf" "$WORK/id-two.bam"
expect_eq "--sample picks one sample's reads: the same CN as its own BAM" \
    "$(jq1 "$WORK/id-two.json" 'd["genes"][0]["cn"]')" "$(jq1 "$WORK/id-t.json" 'd["genes"][0]["cn"]')"

# 1. --snps with a common-SNP list (most sites homozygous in this person):
#    main read the homozygous sites as imbalance, purity 0.87 and HER2 CN
#    1.51 NEUTRAL for this purity-0.4 tumour with HER2 at CN 4
isim -d 10 -p 0.4 -s 54 --individual 1 -c chr2:3:1 -c chr3:2:0 -c chr17:1400000-1700000:4 -o "$WORK/id-p4.bam"
"$HEAVY" call --quiet --genes "$GENES" --snps "$WORK/id-sites.vcf" --json "$WORK/id-p4.json" -o "$WORK/id-p4.vcf" "$WORK/id-p4.bam"
expect_num "--snps, tumour only: purity within 0.1 of 0.4" "$(jq1 "$WORK/id-p4.json" 'd["purity"]["value"]')" 0.3 0.5
expect_num "--snps, tumour only: HER2 CN within 20% of 4" "$(jq1 "$WORK/id-p4.json" 'd["genes"][0]["cn"]')" 3.2 4.8
expect_true "--snps, tumour only: the homozygous sites are dropped (kept < 40%)" python3 -c '
import json, sys
q = json.load(open(sys.argv[1]))["qc"]["snps"]
assert q["het_by"] == "tumour reads" and 0 < q["kept_het"] < 0.4 * q["sites_read"], q
' "$WORK/id-p4.json"
"$HEAVY" call --quiet --genes "$GENES" --snps "$WORK/id-sites.vcf" --normal "$WORK/id-n.bam" --json "$WORK/id-p4n.json" -o "$WORK/id-p4n.vcf" "$WORK/id-p4.bam"
expect_true "--snps with --normal: the normal's het sites kept, same person" python3 -c '
import json, sys
d = json.load(open(sys.argv[1])); q = d["qc"]["snps"]; i = d["qc"]["identity"]
assert q["het_by"] == "matched normal" and 0 < q["kept_het"] < 0.4 * q["sites_read"], q
assert i["result"] == "match" and i["informative"] > 1000 and i["concordance"] > 0.99, i
assert 0.3 <= d["purity"]["value"] <= 0.5, d["purity"]["value"]
' "$WORK/id-p4n.json"
sed 's/^##contig=<ID=chr2,length=2000000>/##contig=<ID=chr2,length=2100000>/' "$WORK/id-sites.vcf" > "$WORK/id-build.vcf"
expect_fail "--snps of another build (contig length)" 2 "contig chr2 is 2100000 bp in the VCF but 2000000 bp in the alignments" \
    "$WORK/id.vcf" -- "$H2" call --genes "$GENES" --snps "$WORK/id-build.vcf" -o "$WORK/id.vcf" "$WORK/id-p4.bam"

# 2. a normal of another person (sample swap) was accepted silently
expect_fail "sample swap, --snps sites" 2 "normal .*id-o.bam.* is not the tumour's person" \
    "$WORK/id.vcf" -- "$H2" call --genes "$GENES" --snps "$WORK/id-sites.vcf" --normal "$WORK/id-o.bam" -o "$WORK/id.vcf" "$WORK/id-t.bam"
expect_fail "sample swap, the normal's het sites" 2 "normal .*id-o.bam.* is not the tumour's person" \
    "$WORK/id.vcf" -- "$HEAVY" call --genes "$GENES" --normal "$WORK/id-o.bam" -o "$WORK/id.vcf" "$WORK/id-t.bam"
"$HEAVY" call --quiet --genes "$GENES" --normal "$WORK/id-o.bam" --skip-identity-check \
    --json "$WORK/id-skip.json" -o "$WORK/id-skip.vcf" "$WORK/id-t.bam"
expect_eq "swap with --skip-identity-check: called, mismatch in JSON" \
    "$?/$(jq1 "$WORK/id-skip.json" 'd["qc"]["identity"]["result"]')" "0/mismatch"
expect_true "same person, the normal's het sites: identity match in JSON" python3 -c '
import json, sys
i = json.load(open(sys.argv[1]))["qc"]["identity"]
assert i["result"] == "match" and i["method"] == "normal-het sites per bin" and i["concordance"] > 0.9, i
' "$WORK/id-tn.json"
# at 1x nothing can be told: said, not guessed, and the call goes on
isim -d 1 -s 55 --individual 2 -o "$WORK/id-o1.bam"
isim -d 1 -s 56 --individual 1 -c chr17:1400000-1700000:10 -o "$WORK/id-t1.bam"
"$HEAVY" call --genes "$GENES" --snps "$WORK/id-sites.vcf" --normal "$WORK/id-o1.bam" --json "$WORK/id-1x.json" \
    -o "$WORK/id-1x.vcf" "$WORK/id-t1.bam" 2> "$WORK/id-1x.err"
expect_eq "1x swap: too few sites, said in JSON" "$(jq1 "$WORK/id-1x.json" 'd["qc"]["identity"]["result"]')" "too few sites"
expect_true "1x swap: said on stderr" grep -q "identity: too few sites.*too little depth" "$WORK/id-1x.err"
