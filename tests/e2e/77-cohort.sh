# her2cn cohort: the summaries of 76-her2-status.sh (amplified, equivocal,
# negative; made again when that file did not run) into PREFIX.tsv, .seg and
# .html. The TSV carries each JSON's status, group, call and CN; the SEG file
# has IGV's header and the JSON's genome-wide segments; the page is
# self-contained. Errors name the file; a sample twice is refused.
[ -s "$WORK/hamp.json" ] || . "$HERE/e2e/76-her2-status.sh"
mkdir -p "$WORK/coh"
printf '# one path a line\n%s\n\n' "$WORK/hneg.json" > "$WORK/coh/list.txt"
"$H2" cohort -o "$WORK/coh/c" --seg --list "$WORK/coh/list.txt" "$WORK/hamp.json" "$WORK/heq.json"
expect_eq "cohort: exits 0" "$?" 0
expect_eq "cohort: TSV header" "$(head -1 "$WORK/coh/c.tsv")" \
    "$(printf 'sample\tgene\ther2\ther2_basis\tish_group\tish_group_ci\tcall\tcn\tcn_lo\tcn_hi\tchr17_cn\tpurity\tpurity_lo\tpurity_hi\tpurity_source\tploidy\tploidy_source\tfilter\tqc\tmapd\tfile')"
expect_eq "cohort: one row per JSON (arguments, then --list), as in the JSON" "$(python3 - "$WORK" <<'PY'
import csv, json, sys
w = sys.argv[1]
rows = list(csv.DictReader(open(f"{w}/coh/c.tsv"), delimiter="\t"))
seg = [l.rstrip("\n").split("\t") for l in open(f"{w}/coh/c.seg")]
for r in rows:
    d = json.load(open(r["file"])); g = d["genes"][0]; p = d["purity"]
    want = len([s for s in p["segments"] if s["log2"] is not None])
    mine = [s for s in seg[1:] if s[0] == r["sample"]]
    print(r["sample"], r["sample"] == d["sample"] and r["her2"] == g["her2"] and r["ish_group"] == g["ish_group"]
          and r["call"] == g["call"] and abs(float(r["cn"]) - g["cn"]) < 1e-3
          and abs(float(r["cn_hi"]) - g["ci"][1]) < 1e-3 and r["filter"] == ";".join(g["filters"])
          and r["purity_source"] == p["source"] and abs(float(r["chr17_cn"]) - d["chr17_control"]["cn"]) < 1e-3,
          len(mine) == want > 0 and all(len(s) == 6 and int(s[2]) <= int(s[3]) for s in mine))
print(seg[0] == ["ID", "chrom", "loc.start", "loc.end", "num.mark", "seg.mean"])
PY
)" "Hamp True True
Heq True True
Hneg True True
True"
expect_true "cohort: qc column PASS/WARN/FAIL" sh -c "cut -f19 '$WORK/coh/c.tsv' | tail -n +2 | grep -Evq '^(PASS|WARN|FAIL)$' && exit 1 || exit 0"
expect_true "cohort: HTML self-contained, table and plot" sh -c 'f=$1; grep -q "<svg" "$f" && [ "$(grep -c "<tr><td>" "$f")" -eq 3 ] && ! grep -Eqi "src=|<link|https?://[^\"]*\.(js|css|png)" "$f" && grep -q "1 AMPLIFIED</b>, .*1 EQUIVOCAL</b>, .*1 NOT_AMPLIFIED</b>" "$f"' _ "$WORK/coh/c.html"
"$H2" cohort -o "$WORK/coh/noseg" "$WORK/hamp.json"
expect_true "cohort: PREFIX.seg only with --seg" sh -c 'test -s "$1.tsv" -a -s "$1.html" -a ! -e "$1.seg"' _ "$WORK/coh/noseg"
# errors: one line, the file named, nothing left behind
printf '{"schema": "her2cn-call", "genes": [' > "$WORK/coh/cut.json"
printf '{"schema": "other"}\n' > "$WORK/coh/other.json"
expect_fail "cohort: a sample twice" 2 "sample \"Hamp\" twice: .*hamp.json.* and .*hamp.json" "$WORK/coh/d.tsv" -- \
    "$H2" cohort -o "$WORK/coh/d" "$WORK/hamp.json" "$WORK/heq.json" "$WORK/hamp.json"
expect_fail "cohort: truncated JSON" 2 'cut.json" is not valid JSON: line 1: unexpected end of input' "$WORK/coh/d.tsv" -- \
    "$H2" cohort -o "$WORK/coh/d" "$WORK/hamp.json" "$WORK/coh/cut.json"
expect_fail "cohort: JSON that is not a call summary" 2 'other.json" is not a her2cn call --json summary' "$WORK/coh/d.tsv" -- \
    "$H2" cohort -o "$WORK/coh/d" "$WORK/coh/other.json"
expect_fail "cohort: missing file" 3 'cannot read ".*nosuch.json": No such file' "$WORK/coh/d.tsv" -- \
    "$H2" cohort -o "$WORK/coh/d" "$WORK/coh/nosuch.json"
expect_fail "cohort: missing --list" 3 'cannot read --list ".*nolist"' "$WORK/coh/d.tsv" -- \
    "$H2" cohort -o "$WORK/coh/d" --list "$WORK/coh/nolist"
expect_fail "cohort: no -o" 1 '-o PREFIX is required' - -- "$H2" cohort "$WORK/hamp.json"
expect_fail "cohort: no inputs" 1 'no JSON summaries given' "$WORK/coh/d.tsv" -- "$H2" cohort -o "$WORK/coh/d"
