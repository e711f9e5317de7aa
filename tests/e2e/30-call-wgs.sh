# Whole-genome calls on simulated GRCh38/GRCh37 samples at ~1x. To keep the
# suite fast, reads are simulated only over the region set (padded), which is
# all that her2cn reads; see README "Testing".
"$H2" regions -g GRCh38 > "$WORK/r38.bed"
"$H2" regions -g GRCh37 --no-chr > "$WORK/r37.bed"
expect_true "regions prints five columns" awk -F'\t' 'NF!=5{exit 1}' "$WORK/r38.bed"
"$H2" regions -g GRCh38 --stats > "$WORK/r38.stats"
expect_eq "regions --stats: reference bins as in the BED" "$(awk -F'\t' '$1=="reference"{print $2}' "$WORK/r38.stats")" \
    "$(awk '$5=="reference"' "$WORK/r38.bed" | wc -l)"
expect_eq "regions --stats: union bases = merged BED" "$(awk -F'\t' '$1=="union"{print $3}' "$WORK/r38.stats")" \
    "$(sort -k1,1 -k2,2n "$WORK/r38.bed" | awk -F'\t' '$1!=c{if(c!="")t+=e-s; c=$1; s=$2; e=$3; next} $2>e{t+=e-s; s=$2} $3>e{e=$3} END{t+=e-s; print t}')"
expect_true "regions --stats: design line names the bin size" grep -q '^# design: reference bins of 50000 bp' "$WORK/r38.stats"
expect_eq "ERBB2 gene bins start at the gene" "$(awk '$4=="ERBB2"' "$WORK/r38.bed" | head -1 | cut -f2)" 39687913

sim() { "$H2" simulate "$@" 2>"$WORK/sim.err" || { echo "simulate failed: $(cat "$WORK/sim.err")"; return 1; }; }
q() { bcftools query -e 'ID~"^AMPLICON"' -f "$1" "$2"; }   # the gene record(s)

# 1. amplified: ERBB2 amplicon at CN 20, purity 0.6
sim -g GRCh38 -r "$WORK/r38.bed" -d 1 -p 0.6 -s 7 -c chr17:39400000-39900000:20 -o "$WORK/amp.bam"
"$H2" call --quiet --purity 0.6 -o "$WORK/amp.vcf.gz" --bins "$WORK/amp.bins.tsv" "$WORK/amp.bam"
expect_eq "amp: call exits 0" "$?" 0
expect_eq "amp: ERBB2 record is AMP" "$(q '%ID [%CALL] %ALT\n' "$WORK/amp.vcf.gz")" "ERBB2 AMP <CNV>"
cn=$(q '[%CN]' "$WORK/amp.vcf.gz")
expect_num "amp: CN within 15% of 20" "$cn" 17 23
expect_true "amp: CI covers the truth" awk -v s="$(q '[%CICN]' "$WORK/amp.vcf.gz")" 'BEGIN{split(s,a,","); exit !(a[1]<=20 && a[2]>=20)}'
expect_eq "amp: context FOCAL" "$(q '[%CONTEXT]' "$WORK/amp.vcf.gz")" FOCAL
expect_num "amp: RATIO17 (depth ratio 6.4 at purity 0.6)" "$(q '[%RATIO17]' "$WORK/amp.vcf.gz")" 5.4 7.4
expect_eq "amp: FILTER PASS" "$(q '%FILTER' "$WORK/amp.vcf.gz")" PASS
expect_true "amp: QUAL is large" awk -v x="$(q '%QUAL' "$WORK/amp.vcf.gz")" 'BEGIN{exit !(x>100)}'
expect_true "amp: .tbi index written" test -s "$WORK/amp.vcf.gz.tbi"
expect_true "amp: bcftools view accepts it" bcftools view -h "$WORK/amp.vcf.gz" -o /dev/null
bcftools view -h "$WORK/amp.vcf.gz" -o "$WORK/hdr.txt"
for f in END SVLEN SVTYPE GENE; do
    expect_true "amp: INFO/$f declared" grep -q "^##INFO=<ID=$f," "$WORK/hdr.txt"
done
for f in GT FT CN CICN DP CALL LOG2R FOLD RATIO17 BINS CONTEXT HER2 PURITY PLOIDY; do
    expect_true "amp: FORMAT/$f declared" grep -q "^##FORMAT=<ID=$f," "$WORK/hdr.txt"
done
expect_true "amp: CN is a Float" grep -q '^##FORMAT=<ID=CN,Number=1,Type=Float' "$WORK/hdr.txt"
expect_true "amp: ##source with version" grep -q '^##source=her2cn ' "$WORK/hdr.txt"
expect_true "amp: ##contig lines" grep -q '^##contig=<ID=chr17,length=83257441>' "$WORK/hdr.txt"
expect_true "amp: command line recorded" grep -q '^##her2cnCommand=.*her2cn call' "$WORK/hdr.txt"
expect_eq "amp: sample from @RG SM" "$(bcftools query -l "$WORK/amp.vcf.gz")" SIMULATED
# round trip through BCF
bcftools view -Ob -o "$WORK/amp.rt.bcf" "$WORK/amp.vcf.gz"
expect_eq "amp: BCF round trip keeps the fields" \
    "$(q '%CHROM %POS %ID [%CALL] %INFO/END [%CN %CICN %DP]\n' "$WORK/amp.rt.bcf")" \
    "$(q '%CHROM %POS %ID [%CALL] %INFO/END [%CN %CICN %DP]\n' "$WORK/amp.vcf.gz")"
expect_eq "amp: POS is the base before ERBB2, END its last, SVLEN = END - POS" \
    "$(q '%POS %INFO/END %INFO/SVLEN' "$WORK/amp.vcf.gz")" "39687913 39730426 42513"
# threads: byte-identical results
"$H2" call --quiet --purity 0.6 -@1 -o "$WORK/t1.vcf" --bins "$WORK/t1.tsv" "$WORK/amp.bam"
"$H2" call --quiet --purity 0.6 -@4 -o "$WORK/t4.vcf" --bins "$WORK/t4.tsv" "$WORK/amp.bam"
expect_true "threads: bins TSV identical for -@1 and -@4" cmp -s "$WORK/t1.tsv" "$WORK/t4.tsv"
expect_true "threads: VCF identical for -@1 and -@4 (but the command line)" \
    cmp -s <(grep -v '^##her2cnCommand' "$WORK/t1.vcf") <(grep -v '^##her2cnCommand' "$WORK/t4.vcf")
"$H2" call --quiet --purity 0.6 -@1 -o "$WORK/t1b.vcf" "$WORK/amp.bam"
expect_true "repeat run: byte-identical VCF" cmp -s <(grep -v '^##her2cnCommand' "$WORK/t1.vcf") <(grep -v '^##her2cnCommand' "$WORK/t1b.vcf")
# BCF and plain VCF by name, and -O override
"$H2" call --quiet --purity 0.6 -o "$WORK/amp.bcf" "$WORK/amp.bam"
expect_eq "bcf output by name" "$(q '%ID [%CALL]' "$WORK/amp.bcf")" "ERBB2 AMP"
expect_true "bcf output indexed (.csi)" test -s "$WORK/amp.bcf.csi"
"$H2" call --quiet --purity 0.6 -O z -o - "$WORK/amp.bam" > "$WORK/stdout.vcf.gz"
expect_eq "-O z to stdout is bgzip" "$(bcftools query -e 'ID~"^AMPLICON"' -f '%ID' "$WORK/stdout.vcf.gz")" ERBB2

# 2. copy-neutral sample
sim -g GRCh38 -r "$WORK/r38.bed" -d 1 -s 11 -o "$WORK/neutral.bam"
"$H2" call --quiet -o "$WORK/neutral.vcf" "$WORK/neutral.bam"
expect_eq "neutral: record written, NEUTRAL, ALT <CNV> as every gene record" "$(q '%ID [%CALL] %ALT' "$WORK/neutral.vcf")" "ERBB2 NEUTRAL <CNV>"
expect_num "neutral: CN about 2" "$(q '[%CN]' "$WORK/neutral.vcf")" 1.6 2.4
expect_eq "neutral: QUAL missing" "$(q '%QUAL' "$WORK/neutral.vcf")" "."

# 3. whole chr17 gained (4 copies): not focal. At 1x with only chr17
#    changed, "chr17 at 4 in a diploid genome" and "chr17 at 2 in a haploid
#    one" fit almost equally (purity unknown); the better-fitting diploid
#    reading must be used (seeds 13-15 read haploid before, CN 2 NEUTRAL)
sim -g GRCh38 -r "$WORK/r38.bed" -d 1 -s 13 -c chr17:4 -o "$WORK/poly17.bam"
"$H2" call --quiet -o "$WORK/poly17.vcf" "$WORK/poly17.bam"
expect_eq "chr17 gain: GAIN in CHR17 context, not FOCAL" "$(q '[%CALL] [%CONTEXT]' "$WORK/poly17.vcf")" "GAIN CHR17"
expect_num "chr17 gain: RATIO17 about 1" "$(q '[%RATIO17]' "$WORK/poly17.vcf")" 0.8 1.25
expect_num "chr17 gain: CN about 4" "$(q '[%CN]' "$WORK/poly17.vcf")" 3.3 4.7

# 4. GRCh37 with bare contig names works with no options
sim -g GRCh37 --no-chr -r "$WORK/r37.bed" -d 1 -s 17 -c 17:37500000-38100000:12 -o "$WORK/b37.bam"
"$H2" call --quiet -o "$WORK/b37.vcf" "$WORK/b37.bam"
expect_eq "GRCh37 '17': detected, ERBB2 at its GRCh37 position" "$(q '%CHROM %POS [%CALL]' "$WORK/b37.vcf")" "17 37844166 AMP"
expect_num "GRCh37: CN about 12" "$(q '[%CN]' "$WORK/b37.vcf")" 10.2 13.8
expect_true "GRCh37: header says GRCh37" grep -q '^##her2cnBuild=GRCh37' "$WORK/b37.vcf"
