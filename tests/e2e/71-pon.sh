# Panel of normals, matched normal, GC correction and the MAPQ-0 filter.
# The panel testdata/panel-grch38-eff.bed fixes every target's capture
# efficiency (0.6-1.4) in column 5, so all simulated samples share one assay.
E="$ROOT/testdata/panel-grch38-eff.bed"
sim() { "$H2" simulate "$@" 2>"$WORK/sim.err" || { echo "simulate failed: $(cat "$WORK/sim.err")"; return 1; }; }
q() { bcftools query -e 'ID~"^AMPLICON"' -f "$1" "$2"; }   # the gene record(s)
covers() { awk -v s="$1" -v t="$2" 'BEGIN{split(s,a,","); exit !(a[1]<=t && a[2]>=t)}'; }
width() { awk -v s="$1" 'BEGIN{split(s,a,","); print a[2]-a[1]}'; }
P="$WORK/pon"; mkdir -p "$P"

# normals: 2 female (no chrY), 2 male (one chrX, one chrY); the 4th goes in
# as a bins TSV from `call --bins`
sim -g GRCh38 -t "$E" -d 500 -s 101 -c chrY:0 --sample NF1 -o "$P/n1.bam"
sim -g GRCh38 -t "$E" -d 500 -s 102 -c chrX:1 -c chrY:1 --sample NM2 -o "$P/n2.bam"
sim -g GRCh38 -t "$E" -d 500 -s 103 -c chrY:0 --sample NF3 -o "$P/n3.bam"
sim -g GRCh38 -t "$E" -d 500 -s 104 -c chrX:1 -c chrY:1 --sample NM4 -o "$P/n4.bam"
"$H2" call --quiet -t "$E" --bins "$P/n4.bins.tsv" -o "$P/n4.vcf" "$P/n4.bam"
"$H2" pon -t "$E" -o "$P/assay.pon" "$P/n1.bam" "$P/n2.bam" "$P/n3.bam" "$P/n4.bins.tsv" 2>"$P/pon.err"
expect_eq "pon: 3 BAMs + 1 bins TSV, exit 0" "$?" 0
expect_true "pon: warns about few normals" grep -q "warning: only 4 normals" "$P/pon.err"
expect_true "pon: gzip TSV with a version line" sh -c "gzip -dc '$P/assay.pon' | head -1 | grep -qx '##her2cnPON=1'"
gzip -dc "$P/assay.pon" > "$P/assay.tsv"
expect_eq "pon: header records build, filters, GC, normals" \
    "$(grep -E '^##(build|minMQ|excludeFlags|gcCorrected|normals)=' "$P/assay.tsv" | tr '\n' ' ')" \
    "##build=GRCh38 ##minMQ=20 ##excludeFlags=3844 ##gcCorrected=no ##normals=4 "
expect_eq "pon: sexes inferred from chrX/chrY" "$(grep '^##normal=' "$P/assay.tsv" | cut -f2 | tr '\n' ' ')" \
    "female male female male "
expect_eq "pon: one row per bin of the region set" "$(grep -vc '^#' "$P/assay.tsv")" \
    "$("$H2" regions -t "$E" | wc -l)"
expect_eq "pon: chrY bins (2 males) flagged 'few'" "$(awk '$1=="chrY"{print $9}' "$P/assay.tsv" | sort -u)" few
expect_fail "pon: 2 normals is an error" 1 "at least 3 normals" "$P/x.pon" -- \
    "$H2" pon -t "$E" -o "$P/x.pon" "$P/n1.bam" "$P/n2.bam"
"$H2" call --quiet -t "$ROOT/testdata/panel-grch38.bed" --bins "$P/other.bins.tsv" -o "$P/o.vcf" "$P/n1.bam"
expect_fail "pon: bins TSV of other targets" 2 "made with other --genome/--genes/--targets" "$P/x.pon" -- \
    "$H2" pon --quiet -t "$E" -o "$P/x.pon" "$P/n1.bam" "$P/n2.bam" "$P/other.bins.tsv"
# a bins TSV records its read filters (## lines); counts made with other
# filters are not mixed into a panel, and one without the lines is refused
"$H2" call --quiet -q 0 -t "$E" --bins "$P/q0.bins.tsv" -o "$P/q0.vcf" "$P/n3.bam"
expect_eq "bins TSV: ## lines record -q and --exclude-flags" \
    "$(grep '^##minMQ=\|^##excludeFlags=' "$P/q0.bins.tsv" | tr '\n' ' ')" "##minMQ=0 ##excludeFlags=3844 "
expect_fail "pon: bins TSV counted with -q 0 into a -q 20 panel" 2 "counted with -q 0 --exclude-flags 3844, this run uses -q 20" "$P/x.pon" -- \
    "$H2" pon --quiet -t "$E" -o "$P/x.pon" "$P/n1.bam" "$P/n2.bam" "$P/q0.bins.tsv"
grep -v '^##' "$P/q0.bins.tsv" > "$P/old.bins.tsv"
expect_fail "pon: bins TSV without its ## lines (read filters unknown)" 2 "does not record the read filters" "$P/x.pon" -- \
    "$H2" pon --quiet -q 0 -t "$E" -o "$P/x.pon" "$P/n1.bam" "$P/n2.bam" "$P/old.bins.tsv"

# amplified tumour (CN 20, purity 0.6): with the PON, and tumour-only
sim -g GRCh38 -t "$E" -d 500 -p 0.6 -c chr17:39400000-39900000:20 -s 3 --ref-seed 7 -o "$P/amp.bam"
"$H2" call --quiet --purity 0.6 -t "$E" --pon "$P/assay.pon" --bins "$P/amp.bins.tsv" -o "$P/amp.vcf" "$P/amp.bam"
"$H2" call --quiet --purity 0.6 -t "$E" -o "$P/amp0.vcf" "$P/amp.bam"
expect_eq "pon amp: AMP FOCAL PASS" "$(q '[%CALL] [%CONTEXT] %FILTER' "$P/amp.vcf")" "AMP FOCAL PASS"
cn=$(q '[%CN]' "$P/amp.vcf"); cn0=$(q '[%CN]' "$P/amp0.vcf")
ci=$(q '[%CICN]' "$P/amp.vcf"); ci0=$(q '[%CICN]' "$P/amp0.vcf")
echo "       amp CN with PON $cn [$ci], tumour-only $cn0 [$ci0]"
expect_true "pon amp: CI covers 20" covers "$ci" 20
expect_true "pon amp: CN closer to 20 than tumour-only" \
    awk -v a="$cn" -v b="$cn0" 'BEGIN{d=a-20; e=b-20; exit !(d*d < e*e)}'
expect_true "pon amp: interval less than half as wide as tumour-only" \
    awk -v a="$(width "$ci")" -v b="$(width "$ci0")" 'BEGIN{exit !(2*a < b)}'
expect_true "pon amp: header names the PON" grep -q '^##her2cnPON=.*assay.pon (version 1, 4 normals, GRCh38)' "$P/amp.vcf"
# expected, spread follow usable; het_sites, baf come last when alleles were
# counted (columns are only appended, so `pon` reads both layouts)
hdr=$(grep -m1 "^#chrom" "$P/amp.bins.tsv" | cut -f12-)
expect_true "pon amp: bins TSV appends expected, spread (then het_sites, baf)" \
    test "$hdr" = "$(printf 'log2\tusable\texpected\tspread')" \
    -o "$hdr" = "$(printf 'log2\tusable\texpected\tspread\thet_sites\tbaf')"
expect_true "pon amp: gene bins' expected = the PON's" cmp -s \
    <(awk '$5=="gene"{print $2, $14}' "$P/amp.bins.tsv") \
    <(awk '$5=="gene"{printf "%s %.6g\n", $2, $7}' "$P/assay.tsv")

# negative and polysomy-17 tumours
sim -g GRCh38 -t "$E" -d 500 -s 41 --ref-seed 7 -o "$P/neg.bam"
"$H2" call --quiet -t "$E" --pon "$P/assay.pon" -o "$P/neg.vcf" "$P/neg.bam"
# a quiet genome: no purity signal, so a negative result must not PASS
expect_eq "pon negative: NEUTRAL, purity unknown" "$(q '[%CALL] %FILTER' "$P/neg.vcf")" \
    "NEUTRAL PurityUnknown"
expect_true "pon negative: header says the purity is unknown" \
    grep -q '^##her2cnPuritySource=unknown' "$P/neg.vcf"
expect_true "pon negative: CI covers 2" covers "$(q '[%CICN]' "$P/neg.vcf")" 2
sim -g GRCh38 -t "$E" -d 500 -s 51 -c chr17:4 -o "$P/poly.bam"
"$H2" call --quiet -t "$E" --pon "$P/assay.pon" -o "$P/poly.vcf" "$P/poly.bam"
expect_eq "pon polysomy 17: GAIN in CHR17 context" "$(q '[%CALL] [%CONTEXT]' "$P/poly.vcf")" "GAIN CHR17"
expect_true "pon polysomy 17: CI covers 4" covers "$(q '[%CICN]' "$P/poly.vcf")" 4

# the PON must fit the call
expect_fail "pon: other read filters" 2 "built with --min-MQ 20 --exclude-flags 3844, this call uses 30" "$P/x.vcf" -- \
    "$H2" call --quiet -q 30 -t "$E" --pon "$P/assay.pon" -o "$P/x.vcf" "$P/neg.bam"
expect_fail "pon: other targets" 2 "built on other regions" "$P/x.vcf" -- \
    "$H2" call --quiet -t "$ROOT/testdata/panel-grch38.bed" --pon "$P/assay.pon" -o "$P/x.vcf" "$P/neg.bam"
head -c 3000 "$P/assay.pon" > "$P/cut.pon"
# the same panel lifted to GRCh37 (17q12 shifted by 1,843,747 bp; elsewhere only
# the header differs): a GRCh38 PON must be refused for what it is
awk -F'\t' -v OFS='\t' '$1=="chr17" && $2>30000000 {$2-=1843747; $3-=1843747} 1' "$E" > "$P/e37.bed"
sim -g GRCh37 -t "$P/e37.bed" -d 100 -s 71 -o "$P/b37.bam"
expect_fail "pon: another build (GRCh38 panel, GRCh37 sample)" 2 "panel of normals is for GRCh38, this sample is GRCh37" "$P/x.vcf" -- \
    "$H2" call --quiet -t "$P/e37.bed" --pon "$P/assay.pon" -o "$P/x.vcf" "$P/b37.bam"
expect_fail "pon: truncated file" 2 "truncated" "$P/x.vcf" -- \
    "$H2" call --quiet -t "$E" --pon "$P/cut.pon" -o "$P/x.vcf" "$P/neg.bam"
expect_fail "pon: not a PON" 2 "not a her2cn panel of normals" "$P/x.vcf" -- \
    "$H2" call --quiet -t "$E" --pon "$E" -o "$P/x.vcf" "$P/neg.bam"
# a PON's contents are checked, not trusted: an absurd expected depth on the
# gene's bins (CN was inf with PASS), a negative spread, one normal three times
awk -F'\t' -v OFS='\t' '$4 == "ERBB2" {$7 = "1e-300"} 1' "$P/assay.tsv" | bgzip > "$P/tiny.pon"
"$H2" call --quiet -t "$E" --pon "$P/tiny.pon" -o "$P/tiny.vcf" "$P/neg.bam"
expect_true "pon: expected 1e-300 on the gene: no infinite CN" sh -c "! bcftools view -H '$P/tiny.vcf' | grep -qi 'inf'"
expect_true "pon: expected 1e-300 on the gene: not PASS" sh -c "[ \"\$(bcftools query -e 'ID~\"^AMPLICON\"' -f '%FILTER' '$P/tiny.vcf')\" != PASS ]"
awk -F'\t' -v OFS='\t' '!/^#/ && !done && $8 != "NA" {$8 = "-0.5"; done = 1} 1' "$P/assay.tsv" | bgzip > "$P/negsp.pon"
expect_fail "pon: negative spread" 2 "spread >= 0" "$P/x.vcf" -- \
    "$H2" call --quiet -t "$E" --pon "$P/negsp.pon" -o "$P/x.vcf" "$P/neg.bam"
expect_fail "pon: one normal given three times" 2 "same depth in every bin: one sample given twice" "$P/x.pon" -- \
    "$H2" pon --quiet -t "$E" -o "$P/x.pon" "$P/n1.bam" "$P/n2.bam" "$P/n1.bam" "$P/n1.bam"
expect_fail "--pon with --normal" 1 "conflict" "$P/x.vcf" -- \
    "$H2" call -t "$E" --pon "$P/assay.pon" --normal "$P/n1.bam" -o "$P/x.vcf" "$P/neg.bam"

# matched normal: tumour over normal (a different library depth)
# the matched normal is the same individual as the tumours (one --ref-seed):
# its heterozygous SNPs are where their allele fractions are read
sim -g GRCh38 -t "$E" -d 300 -s 32 --ref-seed 7 -o "$P/mn.bam"
"$H2" call --quiet --purity 0.6 -t "$E" --normal "$P/mn.bam" --bins "$P/tn.bins.tsv" -o "$P/tn.vcf" "$P/amp.bam"
expect_eq "normal: AMP FOCAL" "$(q '[%CALL] [%CONTEXT]' "$P/tn.vcf")" "AMP FOCAL"
expect_true "normal: CI covers 20" covers "$(q '[%CICN]' "$P/tn.vcf")" 20
expect_true "normal: interval less than half as wide as tumour-only" \
    awk -v a="$(width "$(q '[%CICN]' "$P/tn.vcf")")" -v b="$(width "$ci0")" 'BEGIN{exit !(2*a < b)}'
expect_true "normal: header names it" grep -q '^##her2cnNormal=.*mn.bam' "$P/tn.vcf"
"$H2" call --quiet -t "$E" --normal "$P/mn.bam" -o "$P/nn.vcf" "$P/neg.bam"
expect_eq "normal: negative tumour NEUTRAL" "$(q '[%CALL]' "$P/nn.vcf")" NEUTRAL
expect_true "normal: negative CI covers 2" covers "$(q '[%CICN]' "$P/nn.vcf")" 2

# MAPQ-0 filter: bins where MAPQ-0 reads exceed the fraction are left out
"$H2" call --quiet -t "$E" --max-mq0-frac 0.02 --bins "$P/mq.tsv" -o "$P/mq.vcf" "$P/neg.bam"
expect_true "mq0: some reference bins dropped at 2%" \
    awk -F'\t' '$5=="reference" && $13==0{n++} END{exit !(n>0)}' "$P/mq.tsv"
expect_true "mq0: exactly the bins above 2% are dropped" \
    awk -F'\t' '$5=="reference"{f=$8/($7+$8); if ((f>0.02) != ($13==0)) bad++} END{exit bad>0}' "$P/mq.tsv"

# GC: a strongly GC-biased library (depth x 1 + 10 (GC - 0.42)) of a neutral
# sample on a small genome whose gene is GC-rich (seed 11)
D="$ROOT/testdata"
sim -g "$D/small.genome" -F "$P/gc.fa" -d 5 --gc-bias 1 -s 11 -o "$P/gc.bam"
"$H2" call --quiet --genes "$D/small-genes.bed" --bins "$P/gc0.tsv" -o "$P/gc0.vcf" "$P/gc.bam"
"$H2" call --quiet --genes "$D/small-genes.bed" -f "$P/gc.fa" --bins "$P/gc1.tsv" -o "$P/gc1.vcf" "$P/gc.bam"
raw=$(awk -F'\t' '$5=="gene"{s+=$11; n++} END{print s/n}' "$P/gc1.tsv")
echo "       GC-biased neutral: gene raw log2 $raw; call without -f: $(q '[%CALL] [%LOG2R]' "$P/gc0.vcf"), with -f: $(q '[%CALL] [%LOG2R]' "$P/gc1.vcf")"
expect_true "gc: the gene's raw log2 is off (> 0.3) without correction" awk -v x="$raw" 'BEGIN{exit !(x>0.3)}'
expect_eq "gc: without -f the bias fakes a gain" "$(q '[%CALL]' "$P/gc0.vcf")" GAIN
expect_eq "gc: with -f no false gain" "$(q '[%CALL]' "$P/gc1.vcf")" NEUTRAL
expect_true "gc: with -f the CI covers 2" covers "$(q '[%CICN]' "$P/gc1.vcf")" 2
expect_true "gc: header says GC corrected" grep -q '^##her2cnGC=yes' "$P/gc1.vcf"

# GC correction and a PON together: normals and tumours share one synthetic
# reference (--ref-seed) but each library has its own GC bias
G="-g $D/small.genome --ref-seed 11 -d 5"
sim $G -F "$P/s.fa" --gc-bias 0.5 -s 21 -o "$P/s1.bam"
sim $G -F "$P/s2.fa" --gc-bias -0.3 -s 22 -c chrX:1 -o "$P/s2.bam"
sim $G -F "$P/s3.fa" --gc-bias 0.8 -s 23 -o "$P/s3.bam"
sim $G -F "$P/s4.fa" --gc-bias 1 -s 24 -o "$P/st.bam"
sim $G -F "$P/s5.fa" --gc-bias 1 -s 25 -c chr17:1500001-1540000:8 -o "$P/sa.bam"
expect_true "ref-seed: samples share the reference" cmp -s "$P/s.fa" "$P/s5.fa"
"$H2" pon --genes "$D/small-genes.bed" -f "$P/s.fa" -o "$P/s.pon" "$P/s1.bam" "$P/s2.bam" "$P/s3.bam" 2>"$P/spon.err"
expect_eq "gc pon: built with -f" "$(gzip -dc "$P/s.pon" | grep -E '^##(build|gcCorrected)=' | tr '\n' ' ')" "##build=custom ##gcCorrected=yes "
expect_eq "gc pon: sexes (no chrY in this genome)" "$(gzip -dc "$P/s.pon" | grep '^##normal=' | cut -f2 | tr '\n' ' ')" "female male female "
"$H2" call --quiet --genes "$D/small-genes.bed" -f "$P/s.fa" --pon "$P/s.pon" -o "$P/st.vcf" "$P/st.bam"
expect_eq "gc pon: GC-biased neutral tumour NEUTRAL" "$(q '[%CALL]' "$P/st.vcf")" NEUTRAL
expect_true "gc pon: CI covers 2" covers "$(q '[%CICN]' "$P/st.vcf")" 2
"$H2" call --quiet --genes "$D/small-genes.bed" -f "$P/s.fa" --pon "$P/s.pon" -o "$P/sa.vcf" "$P/sa.bam"
expect_eq "gc pon: GC-biased CN 8 tumour AMP" "$(q '[%CALL]' "$P/sa.vcf")" AMP
expect_true "gc pon: CI covers 8" covers "$(q '[%CICN]' "$P/sa.vcf")" 8
expect_fail "gc pon: call without -f" 2 "built with GC correction" "$P/x.vcf" -- \
    "$H2" call --quiet --genes "$D/small-genes.bed" --pon "$P/s.pon" -o "$P/x.vcf" "$P/st.bam"
