# Reliability matrix, BED files (--targets and --genes), on a small synthetic
# panel. Headers and CRLF are accepted; every malformed line is an error that
# names file:line; overlapping and duplicate targets are merged, so they give
# the same answer as the clean file. Needs 90-inputs.sh ($R, $G, $GENES).
awk 'BEGIN{OFS="\t"
  for (i = 0; i < 8; i++) print "chr17", 1500000 + i * 5000, 1500000 + i * 5000 + 200
  for (c = 1; c <= 3; c++) for (i = 0; i < 40; i++) print "chr" c, 100000 + i * 45000, 100000 + i * 45000 + 200
  for (i = 0; i < 20; i++) print "chr17", 100000 + i * 40000, 100000 + i * 40000 + 200 }' | sort -k1,1V -k2,2n > "$R/t.bed"
sim -g "$G" -t "$R/t.bed" -d 60 -s 14 -c chr17:1400000-1700000:6 -o "$R/panel.bam"
tcall() { local bed=$1 out=$2; shift 2; "$H2" call --quiet --genes "$GENES" -t "$bed" -o "$out" "$@" "$R/panel.bam"; }
recs() { grep -v '^##her2cnCommand' "$1"; }
tcall "$R/t.bed" "$R/t.vcf"
expect_eq "panel fixture: exit 0, HER2 called" "$?/$(bcftools query -f '%ID' "$R/t.vcf")" "0/HER2"

# accepted variants of the same targets: identical VCF (apart from the command line)
{ printf 'track name=panel\nbrowser position chr17:1-100\n# a comment\n\n'; cat "$R/t.bed"; } > "$R/hdr.bed"
sed 's/$/\r/' "$R/t.bed" > "$R/crlf.bed"
{ cat "$R/t.bed"; head -5 "$R/t.bed"; } | sort -k1,1V -k2,2n > "$R/dup.bed"
awk 'BEGIN{OFS="\t"} {print; print $1, $2 + 50, $3 - 50}' "$R/t.bed" > "$R/overlap.bed"
tr '\t' ' ' < "$R/t.bed" > "$R/spaces.bed"
for v in hdr crlf dup overlap spaces; do
    tcall "$R/$v.bed" "$R/$v.vcf"
    expect_true "targets BED, $v variant: same VCF as the clean BED" cmp -s <(recs "$R/t.vcf") <(recs "$R/$v.vcf")
done

# malformed targets: exit 2, file:line named
bad() { printf "$2" > "$R/bad.bed"; expect_fail "targets BED: $1" 2 "$3" "$O" -- \
    "$H2" call --genes "$GENES" -t "$R/bad.bed" -o "$O" "$R/panel.bam"; }
bad "start > end"           'chr1\t500\t400\n'           'bad.bed:1: start \(500\) must be less than end \(400\)'
bad "zero-length interval"  'chr1\t100\t200\nchr1\t500\t500\n' 'bad.bed:2: start \(500\) must be less than end \(500\)'
bad "negative start"        'chr1\t-1\t400\n'            'bad.bed:1: start and end must be non-negative integers'
bad "non-numeric end"       'chr1\t100\tabc\n'           'bad.bed:1: start and end must be non-negative integers'
bad "float coordinate"      'chr1\t100\t2.5e3\n'         'bad.bed:1: start and end must be non-negative integers'
bad "coordinate overflow"   'chr1\t100\t99999999999999999999999\n' 'bad.bed:1: start and end must be non-negative integers'
bad "two columns"           'chr1\t100\n'                'bad.bed:1: expected at least 3 columns'
bad "unknown contig"        'chr1\t100\t200\nchr9\t100\t200\n' 'contig "chr9" is not in the alignment header'
bad "beyond the contig end" 'chr1\t1999900\t2000100\n'   'beyond the end of the contig'
bad "only headers"          'track name=x\n# nothing\n'  'bad.bed: no intervals'
bad "binary data"           'chr1\t100\t200\nchr\0001\t5\t9\n' 'bad.bed:2: binary data'
: > "$R/bad.bed"
expect_fail "targets BED: empty file" 2 "no intervals" "$O" -- "$H2" call --genes "$GENES" -t "$R/bad.bed" -o "$O" "$R/panel.bam"
expect_fail "targets BED: missing file" 3 'cannot open ".*nope.bed"' "$O" -- "$H2" call --genes "$GENES" -t "$R/nope.bed" -o "$O" "$R/panel.bam"
# a gzip BED cut short is corrupt input (exit 2, like a cut BAM), not a short BED;
# every text reader (BED, genome, truth, bins TSV, PON) says the same
awk 'BEGIN { for (i = 0; i < 3000; i++) printf "chr1\t%d\t%d\tT%d\n", i * 600, i * 600 + 500, i }' |
    gzip -c > "$R/full.bed.gz"
head -c 4000 "$R/full.bed.gz" > "$R/cut.bed.gz"
expect_fail "targets BED: gzip cut short" 2 'cut.bed.gz" is truncated or corrupt' "$O" -- "$H2" call --genes "$GENES" -t "$R/cut.bed.gz" -o "$O" "$R/panel.bam"

# genes BED
gbad() { printf "$2" > "$R/g.bed"; expect_fail "genes BED: $1" 2 "$3" "$O" -- \
    "$H2" call --genes "$R/g.bed" -o "$O" "$R/r.bam"; }
gbad "no name column"       'chr17\t1500000\t1540000\n'  'g.bed:1: a name is required in column 4'
for n in 'HER;2' 'HER=2' 'HER,2' 'HER 2' 'HER"2' 'H\303\251R2'; do
    gbad "gene name $n" "chr17\t1500000\t1540000\t$n\n" 'g.bed:1: the gene name in column 4 may hold only printable ASCII'
done
gbad "duplicate gene"       'chr17\t1500000\t1540000\tHER2\nchr17\t1500000\t1540000\tHER2\n' 'gene HER2 is listed twice'
gbad "negative"             'chr17\t-5\t1540000\tHER2\n' 'start and end must be non-negative'
gbad "beyond the contig"    'chr17\t1500000\t9540000\tHER2\n' 'end 9540000 is beyond the end of chr17'
printf '\357\273\277chr17\t1500000\t1540000\tHER2\n' > "$R/gbom.bed"
"$H2" call --quiet --genes "$R/gbom.bed" -o "$R/gbom.vcf" "$R/r.bam"
expect_true "genes BED with a UTF-8 BOM: same VCF as the clean one" cmp -s <(recs "$R/r.vcf") <(recs "$R/gbom.vcf")
printf 'track name=g\r\n#x\r\nchr17\t1500000\t1540000\tHER2\r\n' > "$R/gcrlf.bed"
"$H2" call --quiet --genes "$R/gcrlf.bed" -o "$R/gcrlf.vcf" "$R/r.bam"
expect_true "genes BED with CRLF and headers: same VCF as the clean one" cmp -s <(recs "$R/r.vcf") <(recs "$R/gcrlf.vcf")
printf 'chr17\t1500000\t1540000\tHER2\nchr17\t1520000\t1560000\tOTHER\n' > "$R/gov.bed"
"$H2" call --quiet --genes "$R/gov.bed" -o "$R/gov.vcf" "$R/r.bam"
expect_eq "overlapping genes: both called" "$(bcftools query -f '%ID ' "$R/gov.vcf")" "HER2 OTHER "
printf 'chr17\t1500000\t1540000\n' > "$R/geneonly.bed"
expect_fail "targets only on the gene (no reference targets)" 2 "only 0 reference bins .*at least 3 are needed" "$O" -- \
    "$H2" call --quiet --genes "$GENES" -t "$R/geneonly.bed" -o "$O" "$R/panel.bam"
