# The chr17 control is the pericentromere (the CEP17 analogue), not the
# average of chr17 (issue 10, items 2, 3 and 7). Simulated GRCh38 samples at
# purity 1 (given, so that the purity fit is not under test here): truth
# ratio = ERBB2 CN / pericentromeric CN, as dual-probe ISH counts it.
"$H2" regions -g GRCh38 > "$WORK/c.bed"
expect_eq "regions: 32 pericentromeric (cen17) bins" \
    "$(awk '$4=="cen17" && $5=="chr17"' "$WORK/c.bed" | wc -l)" 32
expect_true "regions: cen17 bins within 4 Mb of the chr17 centromere (22.7-27.4 Mb)" awk \
    '$4=="cen17" && !(($3<=22700000 && $2>=18700000) || ($2>=27400000 && $3<=31400000)) {bad=1} END{exit bad}' \
    "$WORK/c.bed"
csim() { "$BIN" simulate -g GRCh38 -r "$WORK/c.bed" --ref-seed 7 -d 2 "$@" 2>"$WORK/csim.err" \
         || echo "simulate failed: $(cat "$WORK/csim.err")"; }
HEAVY=$H2; [ -n "${H2_WRAP:-}" ] && HEAVY=$BIN
ci() { bcftools query -i 'ID=="ERBB2"' -f "$1" "$2"; }

# 1. ERBB2 at 8 with 17q23 (57-65 Mb) co-amplified to 16: truth ratio 4,
#    group 1. The old chr17 average gave CHR17CN 3.85-4.0 and group 3 or 1.
csim -s 41 -c chr17:39450001-39850000:8 -c chr17:57000001-65000000:16 -o "$WORK/co.bam"
"$H2" call --quiet --purity 1 --ploidy 2 -o "$WORK/co.vcf" --json "$WORK/co.json" "$WORK/co.bam"
expect_eq "17q23 co-amp: control basis" "$(ci '[%CHR17_BASIS]' "$WORK/co.vcf")" PERICENTROMERIC
expect_num "17q23 co-amp: CHR17CN near 2" "$(ci '[%CHR17CN]' "$WORK/co.vcf")" 1.8 2.2
expect_num "17q23 co-amp: CHR17Q_CN not pulled by 17q23" "$(ci '[%CHR17Q_CN]' "$WORK/co.vcf")" 1.8 2.3
expect_num "17q23 co-amp: RATIO17CN near 4" "$(ci '[%RATIO17CN]' "$WORK/co.vcf")" 3.5 4.5
expect_eq "17q23 co-amp: group 1, AMPLIFIED, dual probe" \
    "$(ci '[%ISH_GROUP] [%HER2] [%HER2_BASIS] [%ISH_GROUP_CI]' "$WORK/co.vcf")" \
    "1 AMPLIFIED DUAL_PROBE 1"
expect_true "17q23 co-amp: JSON control and arms" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
c = d["chr17_control"]
assert c["basis"] == "PERICENTROMERIC" and c["bins"] >= 24, c
assert c["cn_ci"][0] < c["cn"] < c["cn_ci"][1], c
assert c["p_arm"]["bins"] >= 15 and c["q_arm"]["bins"] >= 25, c
g = d["genes"][0]
assert g["her2"] == "AMPLIFIED" and g["her2_basis"] == "DUAL_PROBE", g
' "$WORK/co.json"

# 2. 17p lost (1-16 Mb at 1 copy), 17q12 at 3.5: truth ratio 1.75, group 5.
csim -s 42 -c chr17:1-16000000:1 -c chr17:39450001-39850000:3.5 -o "$WORK/pl.bam"
"$HEAVY" call --quiet --purity 1 --ploidy 2 -o "$WORK/pl.vcf" "$WORK/pl.bam"
expect_num "17p loss: CHR17P_CN near 1" "$(ci '[%CHR17P_CN]' "$WORK/pl.vcf")" 0.8 1.25
expect_num "17p loss: CHR17CN near 2 (the pericentromere is kept)" "$(ci '[%CHR17CN]' "$WORK/pl.vcf")" 1.8 2.2
expect_num "17p loss: RATIO17CN near 1.75" "$(ci '[%RATIO17CN]' "$WORK/pl.vcf")" 1.55 1.95
expect_eq "17p loss: group 5, NOT_AMPLIFIED" "$(ci '[%ISH_GROUP] [%HER2]' "$WORK/pl.vcf")" "5 NOT_AMPLIFIED"

# 3. A panel with no chr17 target outside the 17q12 window, ERBB2 at 25:
#    no chr17 control, so HER2 from the single-probe rule (was: HER2 missing).
awk '$1!="chr17" || ($2>=37000000 && $3<=42000000)' "$ROOT/testdata/panel-grch38.bed" > "$WORK/nc17.bed"
"$BIN" simulate -g GRCh38 -t "$WORK/nc17.bed" -d 300 --capture-sd 0.2 -s 43 \
    -c chr17:39400000-39900000:25 -o "$WORK/nc.bam" 2>"$WORK/csim.err" || echo "simulate failed"
"$H2" call --quiet --purity 1 --ploidy 2 -t "$WORK/nc17.bed" -o "$WORK/nc.vcf" --json "$WORK/nc.json" "$WORK/nc.bam"
expect_eq "no chr17 control: HER2 AMPLIFIED by the single-probe rule, CONTEXT UNKNOWN" \
    "$(ci '[%HER2] [%HER2_BASIS] [%CONTEXT] [%ISH_GROUP] [%CHR17CN] [%CHR17_BASIS]' "$WORK/nc.vcf")" \
    "AMPLIFIED SINGLE_PROBE UNKNOWN . . ."
expect_true "no chr17 control: JSON basis null, her2_basis SINGLE_PROBE" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["chr17_control"]["basis"] is None and d["chr17_control"]["bins"] == 0, d["chr17_control"]
g = d["genes"][0]
assert g["her2_basis"] == "SINGLE_PROBE" and "ish_group" not in g, g
' "$WORK/nc.json"

# 4. The test panel has one target each side of the centromere: too few, so
#    the control falls back to the arms' medians, and says so.
"$BIN" simulate -g GRCh38 -t "$ROOT/testdata/panel-grch38.bed" -d 300 -s 44 \
    -c chr17:39400000-39900000:10 -o "$WORK/pa.bam" 2>"$WORK/csim.err" || echo "simulate failed"
"$HEAVY" call --quiet --purity 1 --ploidy 2 -t "$ROOT/testdata/panel-grch38.bed" -o "$WORK/pa.vcf" "$WORK/pa.bam"
expect_eq "panel with few pericentromeric targets: ARMS fallback, dual probe" \
    "$(ci '[%CHR17_BASIS] [%HER2_BASIS] [%ISH_GROUP]' "$WORK/pa.vcf")" "ARMS DUAL_PROBE 1"
expect_num "panel ARMS: CHR17CN near 2" "$(ci '[%CHR17CN]' "$WORK/pa.vcf")" 1.7 2.3
expect_true "VCF header: EQUIVOCAL means IHC work-up; CALL vs HER2 explained" \
    sh -c 'grep -q "^##FORMAT=<ID=HER2,.*needs IHC work-up" "$1" && grep -q "^##FORMAT=<ID=CALL,.*HER2=AMPLIFIED" "$1"' _ "$WORK/pa.vcf"
