# Amplicon segmentation (CBS of the local window), CONTEXT, ISH-like group,
# HER2 status, limit of detection and the Noisy filter, on simulated GRCh38
# whole-genome samples (reads only over the region set, as in 30-call-wgs).
sim() { "$H2" simulate "$@" 2>"$WORK/sim.err" || { echo "simulate failed: $(cat "$WORK/sim.err")"; return 1; }; }
"$H2" regions -g GRCh38 > "$WORK/a38.bed"
gq() { bcftools query -e 'ID~"^AMPLICON"' -f "$1" "$2"; }
aq() { bcftools query -i 'ID~"^AMPLICON"' -f "$1" "$2"; }
within() { awk -v a="$1" -v b="$2" -v d="$3" 'BEGIN{x=a-b; if(x<0)x=-x; exit !(x<=d)}'; }

# 1. amplicon chr17:39,500,001-39,800,000 at CN 12, purity 0.8: covers
#    PPP1R1B..IKZF3 but not MED1 (39.40 Mb) or TOP2A (40.39 Mb)
sim -g GRCh38 -r "$WORK/a38.bed" -d 1 -p 0.8 -s 21 -c chr17:39500001-39800000:12 -o "$WORK/a1.bam"
"$H2" call --quiet --purity 0.8 -o "$WORK/a1.vcf" "$WORK/a1.bam"
expect_eq "amplicon: one AMPLICON <DUP> record, IMPRECISE" "$(aq '%ALT %INFO/SVTYPE %INFO/IMPRECISE\n' "$WORK/a1.vcf")" "<DUP> DUP 1"
pos=$(aq '%POS' "$WORK/a1.vcf"); end=$(aq '%INFO/END' "$WORK/a1.vcf")
expect_true "amplicon: start within 2 bins (50 kb) of 39,500,001 ($pos)" within "$pos" 39500001 50000
expect_true "amplicon: end within 2 bins (50 kb) of 39,800,000 ($end)" within "$end" 39800000 50000
genes=$(aq '%INFO/GENES' "$WORK/a1.vcf")
expect_true "amplicon: GENES has ERBB2, GRB7, STARD3 ($genes)" \
    sh -c "echo '$genes' | grep -q ERBB2 && echo '$genes' | grep -q GRB7 && echo '$genes' | grep -q STARD3"
expect_true "amplicon: GENES lacks MED1 and TOP2A" sh -c "! echo '$genes' | grep -Eq 'MED1|TOP2A'"
expect_eq "amplicon: SVLEN = END - POS (POS the padding base)" "$(aq '%INFO/SVLEN' "$WORK/a1.vcf")" "$((end - pos))"
expect_eq "amplicon: ID names its span" "$(aq '%ID' "$WORK/a1.vcf")" "AMPLICON:chr17:$((pos + 1))-$end"
expect_eq "amplicon: CIPOS/CIEND one 25 kb bin either side" "$(aq '%INFO/CIPOS %INFO/CIEND' "$WORK/a1.vcf")" "-25000,25000 -25000,25000"
expect_num "amplicon: segment CN near 12" "$(aq '[%CN]' "$WORK/a1.vcf")" 10 14
expect_eq "amplicon: records sorted (AMPLICON before ERBB2)" \
    "$(bcftools query -f '%ID ' "$WORK/a1.vcf" | sed 's/AMPLICON:[^ ]*/AMPLICON/')" "AMPLICON ERBB2 "
expect_eq "amplicon: gene CONTEXT FOCAL, ISH group 1, AMPLIFIED" \
    "$(gq '[%CONTEXT] [%ISH_GROUP] [%HER2]' "$WORK/a1.vcf")" "FOCAL 1 AMPLIFIED"
expect_num "amplicon: RATIO17CN is the purity-adjusted ratio (~6)" "$(gq '[%RATIO17CN]' "$WORK/a1.vcf")" 5 7
bcftools view -h "$WORK/a1.vcf" > "$WORK/a1.hdr"
for f in GENES IMPRECISE CIPOS CIEND; do
    expect_true "header declares INFO/$f" grep -q "^##INFO=<ID=$f," "$WORK/a1.hdr"
done
for f in RATIO17CN ISH_GROUP HER2 SEGBINS; do
    expect_true "header declares FORMAT/$f" grep -q "^##FORMAT=<ID=$f," "$WORK/a1.hdr"
done
expect_true "header has the noise SD" grep -Eq '^##her2cnNoiseSD=[0-9.]+$' "$WORK/a1.hdr"
lod=$(sed -n 's/^##her2cnLOD=ERBB2://p' "$WORK/a1.hdr")
expect_num "header LOD at 1x, purity 0.8 is a small CN" "$lod" 2.05 3.5
"$H2" call --quiet --purity 0.8 --no-segment -o "$WORK/a1n.vcf" "$WORK/a1.bam"
expect_eq "--no-segment: no AMPLICON record" "$(bcftools query -f '%ID ' "$WORK/a1n.vcf")" "ERBB2 "
"$H2" call --quiet --purity 0.8 -@ 2 -o "$WORK/a1t.vcf" "$WORK/a1.bam"
expect_eq "amplicon: same records with -@ 2" "$(bcftools query -f '%POS %INFO/END %INFO/GENES\n' "$WORK/a1t.vcf")" \
    "$(bcftools query -f '%POS %INFO/END %INFO/GENES\n' "$WORK/a1.vcf")"

# 2. polysomy 17 (whole chr17 at CN 4, purity 1): CHR17 context, group 4
#    (ratio ~1, CN ~4), EQUIVOCAL, and no amplicon
sim -g GRCh38 -r "$WORK/a38.bed" -d 1 -s 22 -c chr17:4 -o "$WORK/a2.bam"
"$H2" call --quiet -o "$WORK/a2.vcf" "$WORK/a2.bam"
expect_eq "polysomy: CONTEXT CHR17" "$(gq '[%CONTEXT]' "$WORK/a2.vcf")" CHR17
expect_eq "polysomy: no AMPLICON record" "$(aq '%ID' "$WORK/a2.vcf")" ""
g=$(gq '[%ISH_GROUP] [%HER2]' "$WORK/a2.vcf")
expect_true "polysomy: group 4 or 5, not AMPLIFIED ($g)" sh -c "echo '$g' | grep -Eq '^(4 EQUIVOCAL|5 NOT_AMPLIFIED)$'"

# 3. focal on polysomy: chr17 at CN 4 and ERBB2 amplicon at CN 16 (purity
#    estimated: the diploid reading, see 30-call-wgs.sh)
sim -g GRCh38 -r "$WORK/a38.bed" -d 1 -s 23 -c chr17:4 -c chr17:39600001-39800000:16 -o "$WORK/a3.bam"
"$H2" call --quiet -o "$WORK/a3.vcf" "$WORK/a3.bam"
expect_eq "focal on chr17: FOCAL_ON_CHR17, group 1" "$(gq '[%CONTEXT] [%ISH_GROUP]' "$WORK/a3.vcf")" "FOCAL_ON_CHR17 1"
pos=$(aq '%POS' "$WORK/a3.vcf")
expect_true "focal on chr17: amplicon found above the gained chromosome ($pos)" within "${pos:-0}" 39600001 50000

# 4. too shallow and too impure to see an amplification: FILTER Noisy via the LOD
sim -g GRCh38 -r "$WORK/a38.bed" -d 0.05 -p 0.1 -s 24 -o "$WORK/a4.bam"
"$H2" call --quiet --purity 0.1 -o "$WORK/a4.vcf" "$WORK/a4.bam"
lod=$(bcftools view -h "$WORK/a4.vcf" | sed -n 's/^##her2cnLOD=ERBB2://p')
expect_num "noisy: LOD above the AMP threshold 6" "$lod" 6.0001 1000000
expect_true "noisy: FILTER has Noisy" sh -c "bcftools query -f '%FILTER' '$WORK/a4.vcf' | grep -q Noisy"
"$H2" call --quiet --purity 0.1 --amp-cn 1000 --gain-cn 999 -o "$WORK/a4b.vcf" "$WORK/a4.bam"
expect_true "noisy: not Noisy once AMP threshold exceeds the LOD" sh -c "! bcftools query -f '%FILTER' '$WORK/a4b.vcf' | grep -q Noisy"
"$H2" call --quiet --purity 0.8 --max-mapd 0.001 -o "$WORK/a1m.vcf" "$WORK/a1.bam"
expect_eq "--max-mapd: Noisy when the MAPD is above it" "$(gq '%FILTER' "$WORK/a1m.vcf")" Noisy
expect_eq "default: a1 (LOD below 6) passes" "$(gq '%FILTER' "$WORK/a1.vcf")" PASS
