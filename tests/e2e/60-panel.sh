# Panel mode (-t): a synthetic GRCh38 panel of 351 targets whose capture
# efficiency varies by +/-40%, at 500x, tumour-only (no panel of normals yet).
T="$ROOT/testdata/panel-grch38.bed"
sim() { "$H2" simulate "$@" 2>"$WORK/sim.err" || { echo "simulate failed: $(cat "$WORK/sim.err")"; return 1; }; }
q() { bcftools query -e 'ID~"^AMPLICON"' -f "$1" "$2"; }   # the gene record(s)
"$H2" regions -t "$T" > "$WORK/panel.regions.bed"
expect_eq "panel regions: 12 gene bins" "$(awk '$5=="gene"' "$WORK/panel.regions.bed" | wc -l)" 12
expect_eq "panel regions: 300 reference targets" "$(awk '$5=="reference"' "$WORK/panel.regions.bed" | wc -l)" 300
sim -g GRCh38 -t "$T" -d 500 --capture-sd 0.4 -p 0.6 -c chr17:39400000-39900000:20 -s 3 -o "$WORK/pamp.bam"
"$H2" call --quiet --purity 0.6 -t "$T" -o "$WORK/pamp.vcf" "$WORK/pamp.bam"
expect_eq "panel amp: AMP, FOCAL" "$(q '[%CALL] [%CONTEXT] %FILTER' "$WORK/pamp.vcf")" "AMP FOCAL PASS"
expect_num "panel amp: CN within 25% of 20 (capture noise, no PON)" "$(q '[%CN]' "$WORK/pamp.vcf")" 15 25
expect_true "panel amp: header says panel mode" grep -q '^##her2cnMode=panel' "$WORK/pamp.vcf"
sim -g GRCh38 -t "$T" -d 500 --capture-sd 0.4 -s 4 -o "$WORK/pneg.bam"
"$H2" call --quiet -t "$T" -o "$WORK/pneg.vcf" "$WORK/pneg.bam"
expect_eq "panel negative: NEUTRAL" "$(q '[%CALL]' "$WORK/pneg.vcf")" NEUTRAL
expect_true "panel negative: CI covers 2" awk -v s="$(q '[%CICN]' "$WORK/pneg.vcf")" 'BEGIN{split(s,a,","); exit !(a[1]<=2 && a[2]>=2)}'
printf 'chr17\t1000\t900\n' > "$WORK/badt.bed"
expect_fail "targets BED start > end" 2 "must be less than end" "$WORK/x.vcf" -- "$H2" call -t "$WORK/badt.bed" -o "$WORK/x.vcf" "$WORK/pneg.bam"
printf 'chr1\t1000\t1200\n' > "$WORK/nogene.bed"
expect_fail "no target on ERBB2" 2 "not covered by any target" "$WORK/x.vcf" -- "$H2" call -t "$WORK/nogene.bed" -o "$WORK/x.vcf" "$WORK/pneg.bam"
