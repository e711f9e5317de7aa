# A small synthetic genome (not GRCh38/37): --genes required, region set from
# the header; CRAM with -f; SAM without an index; equality with samtools bedcov.
G="$ROOT/testdata/small.genome"; GENES="$ROOT/testdata/small-genes.bed"
sim() { "$H2" simulate "$@" 2>"$WORK/sim.err" || { echo "simulate failed: $(cat "$WORK/sim.err")"; return 1; }; }
q() { bcftools query -e 'ID~"^AMPLICON"' -f "$1" "$2"; }   # the gene record(s)

sim -g "$G" -d 10 -s 21 -c chr17:1400000-1700000:12 -F "$WORK/small.fa" --gc-bias 0.3 -o "$WORK/small.cram"
expect_true "simulate wrote CRAM + index + FASTA" test -s "$WORK/small.cram.crai" -a -s "$WORK/small.fa.fai"
"$H2" call --quiet -f "$WORK/small.fa" --genes "$GENES" -o "$WORK/small.vcf" --bins "$WORK/small.bins.tsv" "$WORK/small.cram"
expect_eq "custom CRAM: exits 0" "$?" 0
expect_eq "custom CRAM: HER2 AMP" "$(q '%ID [%CALL] [%CONTEXT]' "$WORK/small.vcf")" "HER2 AMP FOCAL"
expect_num "custom CRAM: CN within 15% of 12" "$(q '[%CN]' "$WORK/small.vcf")" 10.2 13.8
expect_true "custom CRAM: ##reference recorded" grep -q '^##reference=' "$WORK/small.vcf"
ref_base=$(samtools faidx "$WORK/small.fa" chr17:1500000-1500000 | tail -1)
expect_eq "custom CRAM: REF is the FASTA base at POS, the base before the gene" "$(q '%POS %REF' "$WORK/small.vcf")" "1500000 $ref_base"
expect_true "custom CRAM: bins TSV has GC values" awk -F'\t' '!/^#/ && $10=="NA"{exit 1}' "$WORK/small.bins.tsv"
expect_true "custom CRAM: roles in bins TSV" grep -q $'\treference\t' "$WORK/small.bins.tsv"
expect_fail "custom genome without --genes" 2 "cannot tell the genome build.*--genes" "$WORK/x.vcf" -- \
    "$H2" call -f "$WORK/small.fa" -o "$WORK/x.vcf" "$WORK/small.cram"
expect_fail "CRAM without a reference" 1 "reference" "$WORK/x.vcf" -- \
    "$H2" call --genes "$GENES" -o "$WORK/x.vcf" "$WORK/small.cram"

# BAM of the same reads: same counts as the CRAM (CRAM decoding is exact)
samtools view -b -o "$WORK/small.bam" "$WORK/small.cram" --reference "$WORK/small.fa" && samtools index "$WORK/small.bam"
"$H2" call --quiet -f "$WORK/small.fa" --genes "$GENES" -o "$WORK/smallbam.vcf" --bins "$WORK/smallbam.bins.tsv" "$WORK/small.bam"
expect_true "BAM and CRAM give identical bins" cmp -s "$WORK/small.bins.tsv" "$WORK/smallbam.bins.tsv"

# per-bin bases equal samtools bedcov -j with the same filters
"$H2" regions --genes "$GENES" "$WORK/small.bam" > "$WORK/small.regions.bed"
samtools bedcov -Q 20 -G 3844 -j "$WORK/small.regions.bed" "$WORK/small.bam" | cut -f1-3,6 > "$WORK/bedcov.txt"
awk -F'\t' '!/^#/{print $1"\t"$2"\t"$3"\t"$6}' "$WORK/small.bins.tsv" > "$WORK/ours.txt"
expect_eq "regions BED has one line per bin" "$(wc -l < "$WORK/small.regions.bed")" "$(wc -l < "$WORK/ours.txt")"
expect_true "per-bin bases == samtools bedcov -Q 20 -G 3844 -j" cmp -s "$WORK/bedcov.txt" "$WORK/ours.txt"

# plain SAM without an index is streamed and gives the same counts
samtools view -h -o "$WORK/small.sam" "$WORK/small.bam"
"$H2" call --quiet --genes "$GENES" -o "$WORK/sam.vcf" --bins "$WORK/sam.bins.tsv" "$WORK/small.sam"
"$H2" call --quiet --genes "$GENES" -o "$WORK/bam2.vcf" --bins "$WORK/bam2.bins.tsv" "$WORK/small.bam"
expect_true "SAM (streamed) and BAM (indexed) give identical bins" cmp -s "$WORK/sam.bins.tsv" "$WORK/bam2.bins.tsv"

# --level: BAM compression level changes the bytes, not the records
sim -g "$G" -d 2 -s 22 -o "$WORK/lv1.bam"
sim -g "$G" -d 2 -s 22 --level 6 -o "$WORK/lv6.bam"
expect_true "--level 6: same records as level 1" cmp -s <(samtools view "$WORK/lv1.bam") <(samtools view "$WORK/lv6.bam")
expect_true "--level 6: smaller file than level 1" test "$(stat -c %s "$WORK/lv6.bam")" -lt "$(stat -c %s "$WORK/lv1.bam")"
expect_fail "--level 10" 1 "compression level" "$WORK/lv10.bam" -- "$H2" simulate -g "$G" --level 10 -o "$WORK/lv10.bam"

# --exclude-flags: names and hex mean the default number; 0 counts duplicates too
"$H2" call --quiet --genes "$GENES" --exclude-flags UNMAP,SECONDARY,QCFAIL,DUP,SUPPLEMENTARY \
    -o "$WORK/xf1.vcf" --bins "$WORK/xf1.tsv" "$WORK/small.bam"
"$H2" call --quiet --genes "$GENES" --exclude-flags 0xf04 -o "$WORK/xf2.vcf" --bins "$WORK/xf2.tsv" "$WORK/small.bam"
expect_true "--exclude-flags by name = the default" cmp -s "$WORK/xf1.tsv" "$WORK/bam2.bins.tsv"
expect_true "--exclude-flags in hex = the default" cmp -s "$WORK/xf2.tsv" "$WORK/bam2.bins.tsv"
"$H2" call --quiet --genes "$GENES" --exclude-flags 0 -o "$WORK/xf0.vcf" --bins "$WORK/xf0.tsv" "$WORK/small.bam"
expect_true "--exclude-flags 0 counts the simulated duplicates" awk -F'\t' \
    '/^#/ {next} NR==FNR {a += $7; next} {b += $7} END {exit !(b > a * 1.01)}' \
    "$WORK/bam2.bins.tsv" "$WORK/xf0.tsv"
expect_fail "--exclude-flags garbage" 1 "exclude-flags: cannot parse" "$WORK/x.vcf" -- \
    "$H2" call --genes "$GENES" --exclude-flags DUPP -o "$WORK/x.vcf" "$WORK/small.bam"
for x in 0xZZ 1024abc 4,DUP; do
    expect_fail "--exclude-flags $x (not read as a number's prefix)" 1 "exclude-flags: cannot parse" "$WORK/x.vcf" -- \
        "$H2" call --genes "$GENES" --exclude-flags "$x" -o "$WORK/x.vcf" "$WORK/small.bam"
done
expect_fail "--exclude-flags out of range" 1 "exclude-flags: cannot parse" "$WORK/x.vcf" -- \
    "$H2" call --genes "$GENES" --exclude-flags 70000 -o "$WORK/x.vcf" "$WORK/small.bam"
