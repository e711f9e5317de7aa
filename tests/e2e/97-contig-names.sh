# Contig names VCF does not allow (issue 20): a BAM header contig with a
# comma or angle brackets (VCF 4.3 1.4.7) made every call fail with "cannot
# build the VCF header", exit 4, naming nothing. Such a contig is left out of
# the header when no record is on it (a note on stderr names it); a called
# gene on one is exit 2 naming the contig.
CN="$WORK/contig-names"; mkdir -p "$CN"
GENES="$ROOT/testdata/small-genes.bed"
{ cat "$ROOT/testdata/small.genome"; printf 'chrUn,alt<1>\t100000\n'; } > "$CN/comma.genome"
"$H2" simulate -g "$CN/comma.genome" -d 0.5 -s 3 -o "$CN/comma.bam" 2>"$CN/sim.err" ||
    echo "simulate failed: $(cat "$CN/sim.err")"
"$H2" call --genes "$GENES" -o "$CN/c.vcf" --json "$CN/c.json" "$CN/comma.bam" 2>"$CN/c.err"
expect_eq "contig with a comma in the header: exits 0" "$?" 0
expect_true "contig with a comma: a note names it" \
    grep -qF 'her2cn call: note: left out of the VCF header (a name VCF does not allow; no record is on it): "chrUn,alt<1>"' "$CN/c.err"
expect_eq "contig with a comma: not in the VCF header, the others are" \
    "$(grep -c '^##contig=' "$CN/c.vcf")" "$(wc -l < "$ROOT/testdata/small.genome")"
expect_true "contig with a comma: bcftools reads the VCF" bcftools view -h "$CN/c.vcf" -o /dev/null
expect_eq "contig with a comma: the gene is called (JSON)" \
    "$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["genes"]))' "$CN/c.json")" 1
"$H2" call --quiet --genes "$GENES" -o "$CN/q.vcf" "$CN/comma.bam" 2>"$CN/q.err"
expect_eq "contig with a comma, --quiet: no note" "$(cat "$CN/q.err")" ""
printf 'chrUn,alt<1>\t40000\t45000\tX\n' > "$CN/g2.bed"
expect_fail "gene on a contig whose name VCF does not allow" 2 \
    'gene X is on contig "chrUn,alt<1>", a name VCF does not allow .*samtools reheader' \
    "$CN/x.vcf" -- "$H2" call --quiet --genes "$CN/g2.bed" -o "$CN/x.vcf" "$CN/comma.bam"
