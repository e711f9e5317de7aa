# Reliability matrix, extremes that must work: CN 200, depth 0.01x (a weak
# sample is a record with a FILTER, not an error), 50,000 panel targets.
# Needs 90-inputs.sh ($R, $G, $GENES).
q() { bcftools query -e 'ID~"^AMPLICON"' -f "$1" "$2"; }   # the gene record
sim -g "$G" -d 0.5 -s 15 -c chr17:1400000-1700000:200 -o "$R/cn200.bam"
"$H2" call --quiet --genes "$GENES" -o "$R/cn200.vcf" "$R/cn200.bam"
expect_eq "CN 200: exit 0, AMP, PASS" "$?/$(q '[%CALL] %FILTER' "$R/cn200.vcf")" "0/AMP PASS"
expect_num "CN 200: CN within 15% of 200 (never capped)" "$(q '[%CN]' "$R/cn200.vcf")" 170 230

sim -g "$G" -d 0.01 -s 16 -o "$R/d001.bam"
"$H2" call --quiet --genes "$GENES" -o "$R/d001.vcf" "$R/d001.bam"
expect_eq "depth 0.01x: exit 0, one HER2 record" "$?/$(q '%ID\n' "$R/d001.vcf")" "0/HER2"
expect_true "depth 0.01x: FILTER LowDepth" grep -q LowDepth <(q '%FILTER' "$R/d001.vcf")
expect_eq "depth 0.01x: not PASS, not AMP" "$(q '[%CALL]' "$R/d001.vcf" | grep -c AMP)" 0

# 50,000 targets over GRCh38: the synthetic test panel plus evenly spaced ones
"$H2" regions -g GRCh38 | awk -F'\t' '$4=="reference"{l[$1]=$3} END{for (c in l) print c "\t" l[c]}' \
    | sort -k1,1V > "$R/g38.len"
{ grep -v '^#' "$ROOT/testdata/panel-grch38.bed" | cut -f1-3
  awk -v N=$((50000 - $(grep -vc '^#' "$ROOT/testdata/panel-grch38.bed"))) \
      '{c[NR]=$1; l[NR]=$2; tot+=$2} END{step=int(tot/(N*1.01)); k=0
        for (i = 1; i <= NR; i++) for (p = 1000; p + step < l[i] && k < N; p += step) {print c[i] "\t" p "\t" p+120; k++}}' "$R/g38.len"
} | sort -k1,1V -k2,2n > "$R/t50k.bed"
expect_eq "50k panel: 50,000 targets" "$(wc -l < "$R/t50k.bed")" 50000
sim -g GRCh38 -t "$R/t50k.bed" -d 2 -s 17 -c chr17:39400000-39900000:8 -o "$R/t50k.bam"
"$H2" call --quiet -t "$R/t50k.bed" -o "$R/t50k.vcf" "$R/t50k.bam"
expect_eq "50k panel: exit 0, ERBB2 AMP" "$?/$(q '%ID [%CALL]' "$R/t50k.vcf")" "0/ERBB2 AMP"
expect_true "50k panel: CI covers the simulated CN 8" awk -v s="$(q '[%CICN]' "$R/t50k.vcf")" 'BEGIN{split(s,a,","); exit !(a[1]<=8 && a[2]>=8)}'
