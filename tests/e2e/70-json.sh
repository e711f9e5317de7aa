# --json: the summary parses as JSON, agrees with the VCF, escapes names, and
# no report file is left behind when the run fails. Needs python3.
# The samples are those of 30-call-wgs.sh (same options and seeds): reused
# when that file ran first, simulated otherwise.
"$H2" regions -g GRCh38 > "$WORK/j38.bed"
jsim() {  # jsim NAME SIMULATE-OPTIONS...
    local name=$1 src=$2; shift 2
    if [ -s "$WORK/$src.bam" ]; then ln -sf "$WORK/$src.bam" "$WORK/$name.bam"; ln -sf "$WORK/$src.bam.bai" "$WORK/$name.bam.bai"
    else "$H2" simulate -g GRCh38 -r "$WORK/j38.bed" -d 1 "$@" -o "$WORK/$name.bam" 2>/dev/null; fi
}
jsim jamp amp -p 0.6 -s 7 -c chr17:39400000-39900000:20
weird='tab	"quote" back\slash é'
"$H2" call --quiet --purity 0.6 -s "$weird" -o "$WORK/jamp.vcf" --json "$WORK/jamp.json" "$WORK/jamp.bam"
expect_eq "json: call exits 0" "$?" 0
jq_() { python3 -c 'import json,sys
d=json.load(open(sys.argv[1]))
print(eval(sys.argv[2], {"d": d}))' "$WORK/jamp.json" "$1"; }
expect_true "json: parses as JSON" python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$WORK/jamp.json"
expect_eq "json: schema and version" "$(jq_ 'd["schema"], d["schema_version"]')" "('her2cn-call', 2)"
expect_eq "json: sample name survives escaping" "$(jq_ 'd["sample"]')" \
    "$(python3 -c 'import sys; print(sys.argv[1])' "$weird")"
expect_eq "json: build, mode, purity as given" \
    "$(jq_ 'd["build"], d["mode"], d["purity"]["value"], d["purity"]["source"], d["purity"]["ci"]')" \
    "('GRCh38', 'whole-genome', 0.6, 'given', [0.6, 0.6])"
expect_true "json: purity block matches the VCF header" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))["purity"]
h = dict(l[2:].rstrip("\n").split("=", 1) for l in open(sys.argv[2]) if l.startswith("##her2cnP"))
assert abs(float(h["her2cnPloidy"]) - d["ploidy"]) < 1e-4, (h, d)
assert h["her2cnPuritySource"] == d["source"] and h["her2cnPloidySource"] == d["ploidy_source"]
assert isinstance(d["segments"], list) and len(d["segments"]) > 20, len(d["segments"])
' "$WORK/jamp.json" "$WORK/jamp.vcf"
q() { bcftools query -e 'ID~"^AMPLICON"' -f "$1" "$WORK/jamp.vcf"; }   # the gene record
expect_eq "json: gene, call, context as in the VCF" \
    "$(jq_ '" ".join([d["genes"][0][k] for k in ("gene","call","context")])')" \
    "$(q '%ID [%CALL] [%CONTEXT]')"
close() { awk -v a="$1" -v b="$2" 'BEGIN{d=a-b; if(d<0)d=-d; exit !(d <= 1e-3*(b<0?-b:b)+1e-4)}'; }
expect_true "json: CN equals the VCF's" close "$(jq_ 'd["genes"][0]["cn"]')" "$(q '[%CN]')"
expect_true "json: CI equals the VCF's" close "$(jq_ 'd["genes"][0]["ci"][1]')" "$(q '[%CICN]' | cut -d, -f2)"
expect_true "json: log2 equals LOG2R" close "$(jq_ 'd["genes"][0]["log2"]')" "$(q '[%LOG2R]')"
expect_true "json: ratio17 equals RATIO17" close "$(jq_ 'd["genes"][0]["ratio17"]')" "$(q '[%RATIO17]')"
expect_true "json: MAPD equals the header's" close "$(jq_ 'd["qc"]["mapd"]')" \
    "$(sed -n 's/^##her2cnMAPD=//p' "$WORK/jamp.vcf")"
expect_eq "json: 1-based start and end as the VCF (POS is the base before)" "$(jq_ 'd["genes"][0]["start"], d["genes"][0]["end"]')" \
    "($(( $(q '%POS') + 1 )), $(q '%INFO/END'))"
expect_eq "json: filters PASS" "$(jq_ 'd["genes"][0]["filters"]')" "['PASS']"
expect_true "json: reference bins used <= reference bins" \
    python3 -c 'import json,sys; q=json.load(open(sys.argv[1]))["qc"]; sys.exit(not 0 < q["reference_bins_used"] <= q["reference_bins"])' "$WORK/jamp.json"
expect_true "json: lod_cn is at least the GAIN threshold and below the observed CN" \
    python3 -c 'import json,sys; g=json.load(open(sys.argv[1]))["genes"][0]; sys.exit(not 2.5 <= g["lod_cn"] < g["cn"])' "$WORK/jamp.json"
# NEUTRAL record: qual is null, not a number
jsim jneg neutral -s 11
"$H2" call --quiet --json - -o "$WORK/jneg.vcf" "$WORK/jneg.bam" > "$WORK/jneg.json"
expect_eq "json: to stdout; NEUTRAL has qual null" \
    "$(python3 -c 'import json,sys; g=json.load(open(sys.argv[1]))["genes"][0]; print(g["call"], g["qual"])' "$WORK/jneg.json")" \
    "NEUTRAL None"
# failures leave no report behind; outputs must differ
expect_fail "json: same file as --output is a usage error" 1 'name the same file' "$WORK/same.json" -- \
    "$H2" call --quiet -o "$WORK/same.json" --json "$WORK/same.json" "$WORK/jneg.bam"
expect_fail "json: no JSON left when the input is bad" 2 'not SAM, BAM or CRAM' "$WORK/bad.json" -- \
    "$H2" call --quiet -o "$WORK/bad.vcf" --json "$WORK/bad.json" "$WORK/j38.bed"
expect_fail "json: missing directory" 3 'nodir' "$WORK/nodir/bad.json" -- \
    "$H2" call --quiet -o "$WORK/bad2.vcf" --json "$WORK/nodir/bad.json" "$WORK/jneg.bam"
# --mqc: both custom-content files parse and carry the VCF's numbers (MultiQC
# itself reads them in tests/integration/10-multiqc.sh)
"$H2" call --quiet --purity 0.6 -s M1 -o "$WORK/m1.vcf" --mqc "$WORK/m1" "$WORK/jamp.bam"
expect_eq "mqc: section and general-stats files with the call and CN" "$(python3 - "$WORK/m1" <<'PY'
import json, sys
a = json.load(open(sys.argv[1] + ".her2cn_mqc.json"))
b = json.load(open(sys.argv[1] + ".her2cn_gs_mqc.json"))
print(a["id"], a["plot_type"], a["data"]["M1"]["call"], "%.2f" % a["data"]["M1"]["cn"],
      b["plot_type"], b["data"]["M1"]["her2cn_call"], "%.2f" % b["data"]["M1"]["her2cn_cn"])
PY
)" "her2cn table AMP $(bcftools query -e 'ID~"^AMPLICON"' -f '[%CN]' "$WORK/m1.vcf" | awk '{printf "%.2f", $1}') generalstats AMP $(bcftools query -e 'ID~"^AMPLICON"' -f '[%CN]' "$WORK/m1.vcf" | awk '{printf "%.2f", $1}')"
expect_fail "mqc: '-' is not a prefix" 1 'prefix' "$WORK/m2.vcf" -- \
    "$H2" call --quiet --mqc - -o "$WORK/m2.vcf" "$WORK/jamp.bam"
# Issue 20: an @RG SM of "<script>alert(1)</script>" is MultiQC's sample name
# (a key of "data") and was written raw; it becomes plain there, and the HTML
# report and SVG plot escape it
{ samtools view -H "$WORK/jamp.bam" | grep -v '^@RG'
  printf '@RG\tID:x\tSM:<script>alert(1)</script>\n'; } > "$WORK/xss.sam"
samtools reheader "$WORK/xss.sam" "$WORK/jamp.bam" > "$WORK/xss.bam" && samtools index "$WORK/xss.bam"
"$H2" call --quiet --purity 0.6 -o "$WORK/xss.vcf" --mqc "$WORK/xss" --report "$WORK/xss.html" \
    --plot "$WORK/xss.svg" "$WORK/xss.bam"
expect_eq "mqc: @RG SM <script>: call exits 0" "$?" 0
expect_eq "mqc: @RG SM <script>: the MultiQC sample name is plain in both files" "$(python3 - "$WORK/xss" <<'PY'
import json, sys
for f in (".her2cn_mqc.json", ".her2cn_gs_mqc.json"):
    print(*json.load(open(sys.argv[1] + f))["data"])
PY
)" "_script_alert(1)_/script_
_script_alert(1)_/script_"
expect_true "mqc: @RG SM <script>: no '<script' in any MultiQC, HTML or SVG output" \
    sh -c '! grep -il "<script" "$@"' sh "$WORK/xss.her2cn_mqc.json" "$WORK/xss.her2cn_gs_mqc.json" "$WORK/xss.html" "$WORK/xss.svg"
expect_true "mqc: @RG SM <script>: the VCF keeps the name as given" \
    sh -c 'bcftools query -l "$1" | grep -qx "<script>alert(1)</script>"' sh "$WORK/xss.vcf"
