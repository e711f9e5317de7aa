# Bad inputs: one clear stderr line, a documented exit code, no output left.
G="$ROOT/testdata/small.genome"; GENES="$ROOT/testdata/small-genes.bed"
"$H2" simulate -g "$G" -d 2 -s 5 -o "$WORK/e.bam" 2>/dev/null
O="$WORK/err-out.vcf"
expect_fail "nonexistent input" 3 'cannot open ".*nope.bam"' "$O" -- "$H2" call --genes "$GENES" -o "$O" "$WORK/nope.bam"
printf 'hello\nworld\n' > "$WORK/text.txt"
expect_fail "not alignments (text)" 2 "not SAM, BAM or CRAM|no usable header" "$O" -- "$H2" call --genes "$GENES" -o "$O" "$WORK/text.txt"
: > "$WORK/empty.bam"
expect_fail "empty file" 2 "not SAM, BAM or CRAM|no usable header" "$O" -- "$H2" call --genes "$GENES" -o "$O" "$WORK/empty.bam"
cp "$WORK/e.bam" "$WORK/noidx.bam"
expect_fail "BAM without index" 2 "no index" "$O" -- "$H2" call --genes "$GENES" -o "$O" "$WORK/noidx.bam"
size=$(stat -c %s "$WORK/e.bam")
head -c $((size / 2)) "$WORK/e.bam" > "$WORK/trunc.bam"; cp "$WORK/e.bam.bai" "$WORK/trunc.bam.bai"
expect_fail "truncated BAM" 2 "truncated" "$O" -- "$H2" call --genes "$GENES" -o "$O" "$WORK/trunc.bam"
head -c $((size - 28)) "$WORK/e.bam" > "$WORK/noeof.bam"; cp "$WORK/e.bam.bai" "$WORK/noeof.bam.bai"
expect_fail "BAM without EOF marker" 2 "truncated" "$O" -- "$H2" call --genes "$GENES" -o "$O" "$WORK/noeof.bam"
expect_fail "unknown build without --genes" 2 "cannot tell the genome build" "$O" -- "$H2" call -o "$O" "$WORK/e.bam"
expect_fail "-g GRCh38 on another genome" 2 "chr17 is 3000000 bp long" "$O" -- "$H2" call -g GRCh38 -o "$O" "$WORK/e.bam"
printf 'chr9\t100\t200\tHER2\n' > "$WORK/badgenes.bed"
expect_fail "gene on an unknown contig" 2 'contig "chr9" is not in the alignment header' "$O" -- "$H2" call --genes "$WORK/badgenes.bed" -o "$O" "$WORK/e.bam"
printf '17\t1500000\t1540000\tHER2\n' > "$WORK/genes17.bed"
"$H2" call --quiet --genes "$WORK/genes17.bed" -o "$WORK/g17.vcf" "$WORK/e.bam"
expect_eq "genes BED named 17 on a chr17 BAM just works" "$?" 0
printf 'chr17\t1500000\t1400000\tHER2\n' > "$WORK/rev.bed"
expect_fail "genes BED start > end" 2 "must be less than end" "$O" -- "$H2" call --genes "$WORK/rev.bed" -o "$O" "$WORK/e.bam"
expect_fail "output directory missing" 3 "cannot write to directory" "$WORK/nodir/x.vcf" -- "$H2" call --genes "$GENES" -o "$WORK/nodir/x.vcf" "$WORK/e.bam"
expect_fail "output is the input" 1 "overwrite" "-" -- "$H2" call --genes "$GENES" -o "$WORK/e.bam" "$WORK/e.bam"
expect_true "input survived" samtools quickcheck "$WORK/e.bam"
expect_fail "output to /dev/full" 3 "/dev/full|write" "-" -- "$H2" call --quiet --genes "$GENES" -o /dev/full "$WORK/e.bam"
# no coverage in the reference bins: only chr17 reads
samtools view -b -o "$WORK/only17.bam" "$WORK/e.bam" chr17 && samtools index "$WORK/only17.bam"
expect_fail "no coverage in the reference bins" 2 "no coverage in the reference bins" "$O" -- "$H2" call --quiet --genes "$GENES" -o "$O" "$WORK/only17.bam"
# no reads at the gene: still a record, with a FILTER
samtools view -h "$WORK/e.bam" | awk -F'\t' '/^@/ || $3!="chr17" || $4<1400000 || $4>1700000' | samtools view -b -o "$WORK/nogene.bam" - && samtools index "$WORK/nogene.bam"
"$H2" call --quiet --genes "$GENES" -o "$WORK/nogene.vcf" "$WORK/nogene.bam"
expect_eq "no reads at the gene: exit 0" "$?" 0
expect_eq "no reads at the gene: record with LowDepth" "$(bcftools query -e 'ID~"^AMPLICON"' -f '%ID %FILTER' "$WORK/nogene.vcf")" "HER2 LowDepth"
