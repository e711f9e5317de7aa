#!/bin/sh
# make demo: simulate a known HER2-amplified tumour (GRCh38, 10x whole-genome
# depth over the region set, ERBB2 amplicon at 20 copies, purity 0.6, arm-level
# gains, losses and LOH elsewhere, germline het SNPs), call it without telling
# her2cn the purity, and print the VCF. Usage: scripts/demo.sh [path/to/her2cn]
set -eu
H2=${1:-./her2cn}
DIR=build/demo
mkdir -p "$DIR"
export REF_PATH=:
echo "demo: region set -> $DIR/regions.bed" >&2
"$H2" regions -g GRCh38 > "$DIR/regions.bed"
echo "demo: simulating $DIR/amplified.bam (ERBB2 amplicon chr17:39.40-39.90 Mb at CN 20, purity 0.6," \
     "1q and 20 gained, 4 and 8p lost, 13 copy-neutral LOH; 10x)" >&2
"$H2" simulate -g GRCh38 -r "$DIR/regions.bed" -d 10 -p 0.6 -s 42 -@2 \
    -c chr1:125000001-248956422:3:1 -c chr20:3:1 -c chr4:1:0 -c chr8:1-44000000:1:0 -c chr13:2:0 \
    -c chr17:39400000-39900000:20 --sample DEMO_HER2_AMP -o "$DIR/amplified.bam"
echo "demo: her2cn call $DIR/amplified.bam -o $DIR/amplified.vcf.gz  (purity and ploidy estimated)" >&2
"$H2" call -@2 "$DIR/amplified.bam" -o "$DIR/amplified.vcf.gz" --bins "$DIR/amplified.bins.tsv" \
    --json "$DIR/amplified.json" --plot "$DIR/amplified.svg"
if command -v bcftools >/dev/null 2>&1; then
    bcftools view "$DIR/amplified.vcf.gz" | grep -v '^##contig'
    echo
    bcftools view -h "$DIR/amplified.vcf.gz" | awk -F= '$1=="##her2cnPurity"{p=$2} $1=="##her2cnPurityCI"{ci=$2}
        $1=="##her2cnPuritySource"{s=$2} $1=="##her2cnPloidy"{pl=$2}
        END{printf "demo: purity %s [%s] (%s), ploidy %s  (truth: purity 0.6, ploidy 1.98)\n", p, ci, s, pl}'
    bcftools query -i 'ID=="ERBB2"' \
        -f 'demo: %ID [%CALL]  CN=[%CN] CI95=[%CICN]  RATIO17=[%RATIO17] [%CONTEXT]  ISH group [%ISH_GROUP]  (truth: CN 20, focal)\n' \
        "$DIR/amplified.vcf.gz"
    bcftools query -i 'ID~"^AMPLICON"' \
        -f 'demo: %ID (%INFO/GENES)  (truth: chr17:39400000-39900000)\n' \
        "$DIR/amplified.vcf.gz"
else
    zcat "$DIR/amplified.vcf.gz" | grep -v '^##contig'
fi
