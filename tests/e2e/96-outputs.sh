# Damaged input or lost output (issue 20): an output set never removes or
# overwrites an input or its index, outputs that are one file are refused,
# the set is committed all-or-nothing under a lock, simulate writes through a
# temporary file. Self-contained (its own small BAM); results are read from
# the --json output.
G="$ROOT/testdata/small.genome"; GENES="$ROOT/testdata/small-genes.bed"
U="$WORK/outs"; mkdir -p "$U"
"$H2" simulate -g "$G" -d 1 -s 11 -o "$U/T1.bam" 2>/dev/null
samtools index -c "$U/T1.bam" "$U/T1.csi"
csum() { md5sum < "$1"; }
IDX=$(csum "$U/T1.csi")

# 1. the names a commit removes (<output>.tbi, .csi) are an input's index
expect_fail "-o T1 beside T1.bam with index T1.csi" 1 'output ".*T1" would remove or overwrite ".*T1.csi", the .csi file of input ".*T1.bam"' "$U/T1" -- \
    "$H2" call --quiet --genes "$GENES" -o "$U/T1" "$U/T1.bam"
expect_fail "--json T1 beside T1.bam with index T1.csi" 1 'output ".*T1" would remove or overwrite ".*T1.csi"' "$U/T1" -- \
    "$H2" call --quiet --genes "$GENES" -o "$U/x.vcf" --json "$U/T1" "$U/T1.bam"
expect_fail "pon -o T1 beside the normal T1.bam with index T1.csi" 1 'output ".*T1" would remove or overwrite ".*T1.csi"' "$U/T1" -- \
    "$H2" pon --quiet -o "$U/T1" "$U/T1.bam" "$U/T1.bam" "$U/T1.bam"
expect_eq "the input's index T1.csi is still there, unchanged" "$(csum "$U/T1.csi")" "$IDX"
expect_true "no VCF was written by the refused runs" test ! -e "$U/x.vcf"
