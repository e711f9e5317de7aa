# --plot / --report: the SVG is well-formed XML whose headline states the same
# call and CN as the VCF, with the threshold lines at the right log2 and every
# gene of the window labelled; the HTML report is self-contained. (Rendering
# in Chromium is in tests/integration/30-chromium.sh.) Needs python3.
"$H2" call --quiet --purity 0.6 -o "$WORK/plamp.vcf" --plot "$WORK/plamp.svg" \
    --report "$WORK/plamp.html" --json "$WORK/plamp.json" "$WORK/jamp.bam"
expect_eq "plot: call exits 0" "$?" 0
expect_true "plot: SVG is well-formed XML" python3 -c 'import sys, xml.dom.minidom as m; m.parse(sys.argv[1])' "$WORK/plamp.svg"
svgtext() { python3 - "$1" <<'PY'
import sys, xml.etree.ElementTree as ET
for t in ET.parse(sys.argv[1]).getroot().iter("{http://www.w3.org/2000/svg}text"):
    print("".join(t.itertext()))
PY
}
svgtext "$WORK/plamp.svg" > "$WORK/plamp.txt"
# results come from the JSON (the VCF layout is not this test's business)
jget() { python3 -c 'import json,sys; g=json.load(open(sys.argv[1]))["genes"][0]; print(eval(sys.argv[2], {"g": g}))' "$@"; }
want=$(jget "$WORK/plamp.json" '"HER2 %s (ISH-like group %s, dual-probe basis) \u2014 ERBB2 copy number %.1f" % (g["her2"], g["ish_group"], g["cn"])')
expect_eq "plot: headline states HER2 status, group and CN as in the JSON" "$(head -1 "$WORK/plamp.txt" | sed 's/ \[.*//')" "$want"
expect_eq "plot: headline is the JSON's" "$(head -1 "$WORK/plamp.txt")" "$(jget "$WORK/plamp.json" 'g["headline"]')"
expect_eq "plot: second line states the CN call" "$(sed -n 2p "$WORK/plamp.txt" | cut -d, -f1)" "CN call $(jget "$WORK/plamp.json" 'g["call"]')"
for g in ERBB2 MED1 CDK12 GRB7 TOP2A; do
    expect_true "plot: gene $g labelled" grep -qx "$g" "$WORK/plamp.txt"
done
expect_true "plot: AMP and GAIN threshold labels" grep -q 'AMP (CN 6)' "$WORK/plamp.txt"
expect_true "plot: chr17 control level labelled" grep -q 'chr17 control' "$WORK/plamp.txt"
# the AMP line sits at log2((p*6 + 2(1-p))/2) = log2(2.2) for p = 0.6: check
# its pixel y against the axis ticks (y is linear in log2)
expect_true "plot: AMP threshold line at log2 2.2 on the y axis" python3 - "$WORK/plamp.svg" <<'PY'
import math, sys, xml.etree.ElementTree as ET
ns = "{http://www.w3.org/2000/svg}"
root = ET.parse(sys.argv[1]).getroot()
ticks = {}
for t in root.iter(ns + "text"):
    if t.get("text-anchor") == "end" and t.text and t.text.lstrip("-").isdigit():
        ticks.setdefault(int(t.text), float(t.get("y")) - 4)   # first panel
lines = [l for l in root.iter(ns + "line") if l.get("stroke") == "#d62728" and l.get("stroke-dasharray")]
y = float(lines[0].get("y1"))
want = ticks[0] + (ticks[1] - ticks[0]) * math.log2(2.2)
sys.exit(abs(y - want) > 0.6)
PY
expect_true "report: HTML has the SVG inline" grep -q '<svg xmlns=' "$WORK/plamp.html"
expect_true "report: self-contained (no scripts, no external links)" \
    sh -c '! grep -Eqi "<script|src=|<link|https?://[^\"]*\.(js|css|png)" "$1"' _ "$WORK/plamp.html"
expect_true "report: headline states the HER2 status and CN" grep -q "<h1 class=\"AMPLIFIED\"[^>]*>$want \[" "$WORK/plamp.html"
expect_true "report: QC and method sections" sh -c 'grep -q "<h2>Quality control</h2>" "$1" && grep -q "<h2>Method</h2>" "$1"' _ "$WORK/plamp.html"
"$H2" call --quiet -s '<b>&"x' -o "$WORK/plneg.vcf" --plot "$WORK/plneg.svg" --report "$WORK/plneg.html" "$WORK/jneg.bam"
expect_true "plot: sample name with markup is escaped (still well-formed XML)" python3 -c 'import sys, xml.dom.minidom as m; m.parse(sys.argv[1])' "$WORK/plneg.svg"
expect_true "report: sample name escaped in HTML" grep -q '&lt;b&gt;&amp;&quot;x' "$WORK/plneg.html"
expect_eq "plot: NOT_AMPLIFIED headline" "$(svgtext "$WORK/plneg.svg" | head -1 | cut -d' ' -f1-2)" "HER2 NOT_AMPLIFIED,"
