# Capture data given to whole-genome mode (issue 10, item 1): a panel or an
# exome called without -t stops with exit 2 and a message naming -t, and
# writes nothing; with -t the same panel is called. Whole-genome samples at
# 0.1x and 5x with a strong GC bias pass the check, and a 0.005x sample has
# too few reads for it to decide (it does not stop).
T="$ROOT/testdata/panel-grch38.bed"
D="$ROOT/testdata"
sim() { "$BIN" simulate "$@" 2>"$WORK/sim.err" || echo "simulate failed: $(cat "$WORK/sim.err")"; }
HEAVY=$H2; [ -n "${H2_WRAP:-}" ] && HEAVY=$BIN
capline() { grep 'capture check' "$1"; }
"$BIN" regions -g GRCh38 > "$WORK/cap.regions.bed"

# panel (351 targets, capture efficiency +/-30%), no off-target reads
sim -g GRCh38 -t "$T" -d 100 --capture-sd 0.3 -s 31 -o "$WORK/cpanel.bam"
expect_fail "panel without -t: capture data, give -t" 2 'looks like capture .*give the capture targets with -t BED' \
    "$WORK/cp.vcf" -- "$H2" call -o "$WORK/cp.vcf" "$WORK/cpanel.bam"
expect_true "panel without -t: no bins TSV either" \
    sh -c "! \"$H2\" call --quiet --bins \"$WORK/cp.tsv\" -o \"$WORK/cp.vcf\" \"$WORK/cpanel.bam\" 2>/dev/null && [ ! -e \"$WORK/cp.tsv\" ]"
"$H2" call --quiet -t "$T" -o "$WORK/cpt.vcf" "$WORK/cpanel.bam"
expect_eq "panel with -t: called" "$?:$(bcftools query -i 'ID=="ERBB2"' -f '[%CALL]' "$WORK/cpt.vcf")" "0:NEUTRAL"

# exome-like design (a 120-300 bp target every ~10 kb of the region set) at
# 20x with an off-target background of 0.15x (0.75% of the on-target depth)
"$ROOT/scripts/capture-bed.sh" "$WORK/cap.regions.bed" 10000 7 > "$WORK/exome.bed"
sim -g GRCh38 -t "$WORK/exome.bed" -d 20 --capture-sd 0.3 -s 32 -o "$WORK/ex_on.bam"
sim -g GRCh38 -r "$WORK/cap.regions.bed" -d 0.15 -s 33 -o "$WORK/ex_off.bam"
samtools merge -f -o "$WORK/exome.bam" "$WORK/ex_on.bam" "$WORK/ex_off.bam" && samtools index "$WORK/exome.bam"
"$HEAVY" call --verbose -o "$WORK/ce.vcf" "$WORK/exome.bam" 2>"$WORK/ce.err"
expect_eq "exome + off-target without -t: exit 2, one error line" "$?:$(grep -c 'looks like capture' "$WORK/ce.err")" "2:1"
expect_true "exome: most tested reference bins are islands" \
    awk '/capture check/{exit !($5 + 0 > 0.8 * $7)}' "$WORK/ce.err"

# a failed capture: the panel's targets at 200x under an off-target
# background of 0.5x (a low-pass genome): the reference bins' few targets are
# diluted below the stop (island share ~0.04), but the gene's exons are
# islands against the background, so the gene-bin test stops it (it was AMP,
# exit 0)
sim -g GRCh38 -t "$T" -d 200 --capture-sd 0.3 -s 36 -o "$WORK/fc_on.bam"
sim -g GRCh38 -r "$WORK/cap.regions.bed" -d 0.5 -s 37 -o "$WORK/fc_off.bam"
samtools merge -f -o "$WORK/fcap.bam" "$WORK/fc_on.bam" "$WORK/fc_off.bam" && samtools index "$WORK/fcap.bam"
"$HEAVY" call --verbose -o "$WORK/fcap.vcf" "$WORK/fcap.bam" 2>"$WORK/fcap.err"
expect_eq "failed capture (0.5x off-target) without -t: exit 2, the genes' bins named" \
    "$?:$(grep -c "looks like capture .*called genes' [0-9]* bins" "$WORK/fcap.err")" "2:1"
expect_true "failed capture: the reference bins alone would not stop it" \
    awk '/capture check/{n++; ok = $13 + 0 < 0.1} END{exit !(n == 1 && ok)}' "$WORK/fcap.err"
expect_true "failed capture: no VCF" test ! -e "$WORK/fcap.vcf"

# whole genome, ERBB2 at CN 20 from inside the gene (a breakpoint in one of
# its bins), 2x: the gene's reads are spread, not islands
sim -g GRCh38 -r "$WORK/cap.regions.bed" -d 2 -c chr17:39710000-41000000:20 -s 38 -o "$WORK/wamp.bam"
"$HEAVY" call --verbose -o "$WORK/wamp.vcf" "$WORK/wamp.bam" 2>"$WORK/wamp.err"
expect_eq "WGS CN 20 (breakpoint in the gene): called AMP" \
    "$?:$(bcftools query -i 'ID=="ERBB2"' -f '[%CALL]' "$WORK/wamp.vcf")" "0:AMP"
expect_true "WGS CN 20: gene bins' island share below 0.2" \
    awk '/capture check/{for (i = 1; i <= NF; i++) if ($i == "gene") {n++; g = $(i + 5) + 0}} END{exit !(n == 1 && g < 0.2)}' "$WORK/wamp.err"

# whole genome at 0.1x (most 1 kb pieces empty by chance): no island bin
# among the 1,379 tested (1,291 reference, 56 chr17 and 32 cen17 bins),
# and the check does not depend on -@
sim -g GRCh38 -r "$WORK/cap.regions.bed" -d 0.1 -s 34 -o "$WORK/w01.bam"
"$H2" call --verbose -o "$WORK/w01.vcf" "$WORK/w01.bam" 2>"$WORK/w01.err"
expect_eq "WGS 0.1x: called" "$?" 0
expect_true "WGS 0.1x: every reference bin tested, none an island" \
    grep -q 'capture check: 0 of 1379 tested reference bins are islands' "$WORK/w01.err"
"$H2" call --verbose -@ 4 -o "$WORK/w01t.vcf" "$WORK/w01.bam" 2>"$WORK/w01t.err"
expect_eq "WGS 0.1x: the same check with -@ 4" "$(capline "$WORK/w01t.err")" "$(capline "$WORK/w01.err")"

# whole genome, strong GC bias (depth x max(0.05, 1 + 10 (GC - 0.42)) per
# 5 kb) on the small genome, whose 6 kb reference bins are close to the 5 kb
# GC steps: a few bins look concentrated, far from the stop
sim -g "$D/small.genome" -F "$WORK/capgc.fa" -d 5 --gc-bias 1 -s 11 -o "$WORK/capgc.bam"
"$H2" call --verbose --genes "$D/small-genes.bed" -o "$WORK/capgc.vcf" "$WORK/capgc.bam" 2>"$WORK/capgc.err"
expect_eq "WGS GC-biased: called" "$?" 0
expect_true "WGS GC-biased: island bins hold < 2% of the tested reads" \
    awk '/capture check/{exit !($13 + 0 < 0.02)}' "$WORK/capgc.err"

# too few reads to decide: 0.005x (about 2 reads per 50 kb bin)
sim -g GRCh38 -r "$WORK/cap.regions.bed" -d 0.005 -s 35 -o "$WORK/w005.bam"
"$H2" call --verbose -o "$WORK/w005.vcf" "$WORK/w005.bam" 2>"$WORK/w005.err"
expect_eq "WGS 0.005x: not stopped" "$?" 0
expect_true "WGS 0.005x: says it cannot decide" grep -q 'too few reads to decide' "$WORK/w005.err"

# the same check on a matched normal and on the normals of a panel of
# normals: capture data there would give every whole-genome bin a wrong
# expected depth
expect_fail "call --normal that is capture data: exit 2, names the normal" 2 \
    'matched normal.*cpanel.bam" looks like capture' "$WORK/cn.vcf" -- \
    "$H2" call --quiet --normal "$WORK/cpanel.bam" -o "$WORK/cn.vcf" "$WORK/w01.bam"
expect_fail "pon with a capture normal: exit 2, names it" 2 \
    'cpanel.bam" looks like capture .*give the capture targets with -t BED' "$WORK/cn.pon" -- \
    "$H2" pon --quiet -o "$WORK/cn.pon" "$WORK/cpanel.bam" "$WORK/w01.bam" "$WORK/w005.bam"
