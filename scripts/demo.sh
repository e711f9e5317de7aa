#!/bin/sh
# make demo: simulate a known HER2-amplified tumour (GRCh38, ~1x whole-genome
# depth over the region set, ERBB2 amplicon at 20 copies, purity 0.6), call it,
# and print the VCF. Usage: scripts/demo.sh [path/to/her2cn]
set -eu
H2=${1:-./her2cn}
DIR=build/demo
mkdir -p "$DIR"
export REF_PATH=:
echo "demo: region set -> $DIR/regions.bed" >&2
"$H2" regions -g GRCh38 > "$DIR/regions.bed"
echo "demo: simulating $DIR/amplified.bam (ERBB2 amplicon chr17:39.40-39.90 Mb at CN 20, purity 0.6, 1x)" >&2
"$H2" simulate -g GRCh38 -r "$DIR/regions.bed" -d 1 -p 0.6 -s 42 \
    -c chr17:39400000-39900000:20 --sample DEMO_HER2_AMP -o "$DIR/amplified.bam"
echo "demo: her2cn call --purity 0.6 $DIR/amplified.bam -o $DIR/amplified.vcf.gz" >&2
"$H2" call --purity 0.6 -@2 "$DIR/amplified.bam" -o "$DIR/amplified.vcf.gz" --bins "$DIR/amplified.bins.tsv"
if command -v bcftools >/dev/null 2>&1; then
    bcftools view "$DIR/amplified.vcf.gz" | grep -v '^##contig'
    echo
    bcftools query -i 'ID=="ERBB2"' \
        -f 'demo: %ID %INFO/CALL  CN=[%CN] CI95=[%CICN]  RATIO17=%INFO/RATIO17 %INFO/CONTEXT  ISH group %INFO/ISH_GROUP  (truth: CN 20, focal)\n' \
        "$DIR/amplified.vcf.gz"
    bcftools query -i 'ID=="AMPLICON"' \
        -f 'demo: amplicon %CHROM:%POS-%INFO/END (%INFO/GENES)  (truth: chr17:39400000-39900000)\n' \
        "$DIR/amplified.vcf.gz"
else
    zcat "$DIR/amplified.vcf.gz" | grep -v '^##contig'
fi
