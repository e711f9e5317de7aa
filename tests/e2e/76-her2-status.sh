# HER2 status first, everywhere (issue 21): the HTML report's headline, the
# SVG plot's headline and the MultiQC general statistics, table and plot
# carry the HER2 status of an amplified (group 1), an equivocal (group 3:
# chr17 gained with the gene, CN >= 6 at ratio < 2) and a negative sample,
# with the CN call in its own, correctly named column. Results are read from
# the JSON. jamp/jneg are 70-json.sh's samples (simulated again when it did not run).
"$H2" regions -g GRCh38 > "$WORK/h38.bed"
hsim() {  # hsim NAME SRC SIMULATE-OPTIONS...
    local name=$1 src=$2; shift 2
    if [ -s "$WORK/$src.bam" ]; then ln -sf "$WORK/$src.bam" "$WORK/$name.bam"; ln -sf "$WORK/$src.bam.bai" "$WORK/$name.bam.bai"
    else "$BIN" simulate -g GRCh38 -r "$WORK/h38.bed" -d 1 "$@" -o "$WORK/$name.bam" 2>/dev/null; fi
}
hsim hamp jamp -p 0.6 -s 7 -c chr17:39400000-39900000:20
hsim hneg jneg -s 11
hsim heq none -s 12 -c chr17:10
mkdir -p "$WORK/hmqc"
for s in amp:0.6 neg:1 eq:1; do
    n=${s%%:*}
    "$H2" call --quiet --purity "${s#*:}" --ploidy 2 -s "H$n" -o "$WORK/h$n.vcf" --json "$WORK/h$n.json" \
        --plot "$WORK/h$n.svg" --report "$WORK/h$n.html" --mqc "$WORK/hmqc/h$n" "$WORK/h$n.bam"
    expect_eq "her2 status: call $n exits 0" "$?" 0
done
python3 - "$WORK" > "$WORK/hstatus.txt" <<'PY'
import html, json, re, sys
import xml.etree.ElementTree as ET
w = sys.argv[1]
for n in ("amp", "eq", "neg"):
    g = json.load(open(f"{w}/h{n}.json"))["genes"][0]
    svg = ET.parse(f"{w}/h{n}.svg").getroot()
    first = "".join(next(svg.iter("{http://www.w3.org/2000/svg}text")).itertext())
    h1 = html.unescape(re.search(r"<h1[^>]*>(.*?)</h1>", open(f"{w}/h{n}.html").read()).group(1))
    gs = json.load(open(f"{w}/hmqc/h{n}.her2cn_gs_mqc.json"))
    row = gs["data"]["H" + n]
    titles = {k: v["title"] for c in gs["pconfig"] for k, v in c.items()}
    tab = json.load(open(f"{w}/hmqc/h{n}.her2cn_mqc.json"))
    trow = tab["data"]["H" + n]
    bar = json.load(open(f"{w}/hmqc/h{n}.her2cn_plot_mqc.json"))
    brow = {k: v for k, v in bar["data"]["H" + n].items() if v}
    print(n, g["her2"], g["ish_group"], g["call"],
          first == g["headline"] and first.startswith("HER2 " + g["her2"] + " "),
          h1 == g["headline"],
          row["her2cn_her2"] == g["her2"] and row["her2cn_ish_group"] == g["ish_group"]
          and row["her2cn_call"] == g["call"] and abs(row["her2cn_cn"] - g["cn"]) < 1e-3,
          titles["her2cn_her2"] == "HER2 status" and titles["her2cn_call"] == "ERBB2 CN call",
          trow["her2"] == g["her2"] and trow["call"] == g["call"]
          and tab["headers"]["call"]["title"] == "CN call",
          bar["plot_type"] == "bargraph" and sorted(brow) == [g["her2"] + "_ci", g["her2"] + "_lo"]
          and abs(brow[g["her2"] + "_lo"] - g["ci"][0]) < 1e-3
          and abs(brow[g["her2"] + "_lo"] + brow[g["her2"] + "_ci"] - g["ci"][1]) < 1e-3)
PY
expect_eq "her2 status: amplified, equivocal and negative in report, plot and MultiQC" "$(cat "$WORK/hstatus.txt")" \
"amp AMPLIFIED 1 AMP True True True True True True
eq EQUIVOCAL 3 AMP True True True True True True
neg NOT_AMPLIFIED 5 NEUTRAL True True True True True True"
expect_true "her2 status: report headline in the status's colour" grep -q '<h1 class="EQUIVOCAL" style="color:#e07000">' "$WORK/heq.html"
expect_true "her2 status: SVG headline in the status's colour" grep -q 'class="headline"[^>]*fill="#e07000"' "$WORK/heq.svg"
