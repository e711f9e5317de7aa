# Breakpoints inside ERBB2 (issue 10 item 6) and a second amplicon in the
# local window, on simulated GRCh38 whole-genome samples (reads only over the
# region set). ERBB2 is chr17:39,687,914-39,730,426; its midpoint 39,709,170.
# Simulation is not under test: the plain binary simulates under make memcheck.
sim() { "$BIN" simulate -g GRCh38 -r "$WORK/b38.bed" "$@" 2>"$WORK/bsim.err" \
        || echo "simulate failed: $(cat "$WORK/bsim.err")"; }
gq() { bcftools query -e 'ID~"^AMPLICON"' -f "$1" "$2"; }
aq() { bcftools query -i 'ID~"^AMPLICON"' -f "$1" "$2"; }
"$H2" regions -g GRCh38 > "$WORK/b38.bed"
expect_eq "regions: ERBB2 in 9 gene bins of ~5 kb" \
    "$(awk '$4=="ERBB2" && $5=="gene"' "$WORK/b38.bed" | wc -l | tr -d ' ')" 9
expect_true "regions: every ERBB2 bin at most 5 kb" \
    awk '$4=="ERBB2" && $5=="gene" && $3-$2>5000 {bad=1} END{exit bad}' "$WORK/b38.bed"

# 1. only the 5' half of ERBB2 amplified to 20 (purity 1, 1x)
sim -d 1 -s 31 -c chr17:39687914-39709170:20 -o "$WORK/b1.bam"
"$H2" call --quiet --purity 1 --json "$WORK/b1.json" -o "$WORK/b1.vcf" "$WORK/b1.bam"
expect_eq "5' half: BREAKPOINT set" "$(gq '[%BREAKPOINT]' "$WORK/b1.vcf")" 1
expect_num "5' half: CNMAX near 20" "$(gq '[%CNMAX]' "$WORK/b1.vcf")" 17 23
expect_num "5' half: gene-average CN near 11" "$(gq '[%CN]' "$WORK/b1.vcf")" 9 13
segcn=$(gq '[%SEGCN]' "$WORK/b1.vcf")
expect_num "5' half: first segment CN near 20" "${segcn%%,*}" 17 23
expect_num "5' half: last segment CN near 2" "${segcn##*,}" 1.5 2.6
lo=$(gq '[%CICN{0}]' "$WORK/b1.vcf"); hi=$(gq '[%CICN{1}]' "$WORK/b1.vcf")
expect_true "5' half: CICN [$lo, $hi] covers both segment CNs ($segcn)" \
    awk -v lo="$lo" -v hi="$hi" -v s="$segcn" \
    'BEGIN{n=split(s,a,","); for(i=1;i<=n;i++) if(a[i]<lo||a[i]>hi) exit 1}'
bp=$(gq '[%BKPTPOS]' "$WORK/b1.vcf")
expect_num "5' half: BKPTPOS within two 5 kb bins of the midpoint" "$bp" 39699000 39719000
expect_eq "JSON: breakpoint true, two segments" \
    "$(python3 -c "import json,sys; g=json.load(open(sys.argv[1]))['genes'][0]; print(g['breakpoint'], len(g['segments']))" "$WORK/b1.json")" \
    "True 2"
expect_eq "JSON cn_max = VCF CNMAX" \
    "$(python3 -c "import json,sys; print('%.4g' % json.load(open(sys.argv[1]))['genes'][0]['cn_max'])" "$WORK/b1.json")" \
    "$(awk -v x="$(gq '[%CNMAX]' "$WORK/b1.vcf")" 'BEGIN{printf "%.4g", x}')"
bcftools view -h "$WORK/b1.vcf" > "$WORK/b1.hdr"
for f in BREAKPOINT CNMAX SEGCN BKPTPOS; do
    expect_true "header declares FORMAT/$f" grep -q "^##FORMAT=<ID=$f," "$WORK/b1.hdr"
done
for f in SECONDARY; do
    expect_true "header declares INFO/$f" grep -q "^##INFO=<ID=$f," "$WORK/b1.hdr"
done
"$H2" call --quiet --purity 1 -@ 2 -o "$WORK/b1t.vcf" "$WORK/b1.bam"
expect_eq "5' half: same record with -@ 2" "$(gq '%INFO [%CICN]' "$WORK/b1t.vcf")" "$(gq '%INFO [%CICN]' "$WORK/b1.vcf")"

# 2. the 3' part amplified (breakpoint at 75% of the gene), purity 0.6
sim -d 2 -p 0.6 -s 32 -c chr17:39719800-39900000:12 -o "$WORK/b2.bam"
"$H2" call --quiet --purity 0.6 -o "$WORK/b2.vcf" "$WORK/b2.bam"
expect_eq "3' quarter: BREAKPOINT set" "$(gq '[%BREAKPOINT]' "$WORK/b2.vcf")" 1
expect_num "3' quarter: CNMAX near 12" "$(gq '[%CNMAX]' "$WORK/b2.vcf")" 10 14

# 3. the whole gene amplified to 20, and diploid: no BREAKPOINT, CNMAX = CN
for c in "20:-c chr17:39500001-39900000:20" "2:"; do
    cn=${c%%:*}; seg=${c#*:}
    sim -d 1 -s 33 $seg -o "$WORK/u$cn.bam"
    "$H2" call --quiet --purity 1 -o "$WORK/u$cn.vcf" "$WORK/u$cn.bam"
    expect_eq "unsplit CN $cn: BREAKPOINT 0, no SEGCN" "$(gq '[%BREAKPOINT] [%SEGCN]' "$WORK/u$cn.vcf")" "0 ."
    expect_eq "unsplit CN $cn: CNMAX = CN" "$(gq '[%CNMAX]' "$WORK/u$cn.vcf")" "$(gq '[%CN]' "$WORK/u$cn.vcf")"
done

# 4. a second amplicon in the window (41.0-41.3 Mb at 12) beside ERBB2's
sim -d 1 -s 34 -c chr17:39500001-39900000:16 -c chr17:41000001-41300000:12 -o "$WORK/b4.bam"
"$H2" call --quiet --purity 1 --json "$WORK/b4.json" -o "$WORK/b4.vcf" "$WORK/b4.bam"
expect_eq "two amplicons: two AMPLICON records, the second SECONDARY" \
    "$(aq '%INFO/SECONDARY\n' "$WORK/b4.vcf" | tr '\n' ' ')" ". 1 "
pos=$(aq '%POS\n' "$WORK/b4.vcf" | tail -1); cn2=$(aq '[%CN]\n' "$WORK/b4.vcf" | tail -1)
expect_num "second amplicon starts within 2 bins of 41,000,001" "$pos" 40950001 41050001
expect_num "second amplicon CN near 12" "$cn2" 10 14
expect_eq "records sorted: AMPLICON ERBB2 AMPLICON" "$(bcftools query -f '%ID ' "$WORK/b4.vcf" | sed 's/AMPLICON:[^ ]*/AMPLICON/g')" "AMPLICON ERBB2 AMPLICON "
expect_eq "two amplicons: IDs differ" "$(aq '%ID\n' "$WORK/b4.vcf" | sort -u | wc -l | tr -d ' ')" 2
expect_eq "JSON: one other amplicon" \
    "$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['genes'][0]['other_amplicons']))" "$WORK/b4.json")" 1
