#!/usr/bin/env python3
"""Write docs/VALIDATION.md (and the sensitivity SVG) from the files that
scripts/validate.sh leaves in its work directory. Standard library only."""
import argparse
import os
import statistics
import time

AMP_START, AMP_END = 39450000, 39850000   # truth amplicon, 0-based half-open
BIN = 25000                               # WGS local-window bin size


def parse_args():
    ap = argparse.ArgumentParser()
    for k in ("work", "quick", "dnacopy", "cnvkit", "pon", "seconds", "jobs", "version", "out", "svg"):
        ap.add_argument("--" + k, required=True)
    return ap.parse_args()


def read_tsv(path):
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [l.rstrip("\n").split("\t") for l in f if l.strip() and not l.startswith("#")]


def parse_id(s):
    """w_d0.5_p0.3_c6_r1 -> dict(kind, depth, purity, cn, shape)."""
    parts = s.split("_")
    d = {"id": s, "kind": "wgs" if parts[0] == "w" else "panel",
         "depth": float(parts[1][1:]), "purity": float(parts[2][1:])}
    tag = parts[3]
    if tag.startswith("c"):
        d["shape"], d["cn"] = "grid", float(tag[1:])
    elif tag.startswith("poly"):
        d["shape"], d["cn"] = "poly", float(tag[4:])
    else:
        d["shape"], d["cn"] = "focalpoly", 16.0
    return d


def validate_report(path):
    rows, metrics, conf, n = [], {}, [], {}
    for f in read_tsv(path):
        if f[0] == "ROW":
            rows.append({"id": f[1], "true_cn": float(f[3]), "true_class": f[4], "call": f[5],
                         "cn": float(f[6]) if f[6] != "NA" else None,
                         "lo": float(f[7]) if f[7] != "NA" else None,
                         "hi": float(f[8]) if f[8] != "NA" else None,
                         "filter": f[9], "covered": f[10]})
        elif f[0] == "METRIC":
            metrics[f[1]] = f[2:]
        elif f[0] == "CONFUSION":
            conf.append(f[1:])
        elif f[0] == "N":
            n[f[1]] = f[2]
    return rows, metrics, conf, n


def fmt_num(x, nd=2):
    return "NA" if x is None else f"{x:.{nd}f}"


def cell_frac(items, pred):
    k = sum(1 for r in items if pred(r))
    return k, len(items)


def md_table(header, body):
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(str(c) for c in row) + " |" for row in body]
    return "\n".join(out)


def grid_rows(rows, kind, depth):
    return [r for r in rows if r["kind"] == kind and r["depth"] == depth and r["shape"] == "grid"]


def amp_table(rows, kind, depth):
    g = grid_rows(rows, kind, depth)
    pur = sorted({r["purity"] for r in g})
    cns = sorted({r["cn"] for r in g})
    body = []
    for p in pur:
        line = [f"{p:g}"]
        for c in cns:
            items = [r for r in g if r["purity"] == p and r["cn"] == c]
            k, n = cell_frac(items, lambda r: r["call"] == "AMP")
            line.append(f"{k}/{n}" if n else "")
        body.append(line)
    return md_table(["purity \\ CN"] + [f"{c:g}" for c in cns], body), pur, cns


def svg_heatmaps(rows, panels, path):
    """Small multiples: fraction called AMP over purity (y) x CN (x)."""
    cw, ch, left, top, gap = 34, 22, 60, 40, 50
    blocks, width, height = [], 0, 0
    x0 = 10
    for title, kind, depth in panels:
        g = grid_rows(rows, kind, depth)
        if not g:
            continue
        pur = sorted({r["purity"] for r in g}, reverse=True)
        cns = sorted({r["cn"] for r in g})
        w = left + cw * len(cns) + 10
        h = top + ch * len(pur) + 40
        parts = [f'<text x="{x0 + left}" y="20" font-size="13" font-weight="bold">{title}</text>']
        for i, p in enumerate(pur):
            y = top + i * ch
            parts.append(f'<text x="{x0 + left - 6}" y="{y + 15}" font-size="11" text-anchor="end">{p:g}</text>')
            for j, c in enumerate(cns):
                items = [r for r in g if r["purity"] == p and r["cn"] == c]
                if not items:
                    continue
                f = sum(1 for r in items if r["call"] == "AMP") / len(items)
                shade = int(255 - 200 * f)
                colour = f"rgb({shade},{shade},255)" if c >= 6 else f"rgb(255,{shade},{shade})"
                x = x0 + left + j * cw
                parts.append(f'<rect x="{x}" y="{y}" width="{cw - 1}" height="{ch - 1}" fill="{colour}"/>')
                parts.append(f'<text x="{x + cw / 2}" y="{y + 15}" font-size="10" text-anchor="middle">{f:.2g}</text>')
        for j, c in enumerate(cns):
            parts.append(f'<text x="{x0 + left + j * cw + cw / 2}" y="{top + ch * len(pur) + 14}" '
                         f'font-size="11" text-anchor="middle">{c:g}</text>')
        parts.append(f'<text x="{x0 + left + cw * len(cns) / 2}" y="{top + ch * len(pur) + 30}" '
                     f'font-size="11" text-anchor="middle">true tumour CN</text>')
        parts.append(f'<text x="{x0 + 12}" y="{top + ch * len(pur) / 2}" font-size="11" '
                     f'transform="rotate(-90 {x0 + 12} {top + ch * len(pur) / 2})" text-anchor="middle">purity</text>')
        blocks.append("\n".join(parts))
        x0 += w + gap
        width = x0
        height = max(height, h)
    note = (f'<text x="10" y="{height + 14}" font-size="11">Fraction of samples called AMP (CN &gt;= 6). '
            'Blue: true CN &gt;= 6 (sensitivity); red: true CN &lt; 6 (false-positive rate).</text>')
    with open(path, "w") as f:
        f.write(f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height + 24}" '
                f'font-family="sans-serif">\n<rect width="100%" height="100%" fill="white"/>\n')
        f.write("\n".join(blocks) + "\n" + note + "\n</svg>\n")


def lod_table(rows, samples, kind, depths):
    body = []
    for d in depths:
        g = grid_rows(rows, kind, d)
        for p in sorted({r["purity"] for r in g}):
            gp = [r for r in g if r["purity"] == p]
            lods = [samples[r["id"]]["lod"] for r in gp if samples.get(r["id"], {}).get("lod") is not None]
            det = amp = None
            for c in sorted({r["cn"] for r in gp if r["cn"] > 2}):
                items = [r for r in gp if r["cn"] == c]
                if det is None and sum(r["call"] in ("GAIN", "AMP") for r in items) >= 0.8 * len(items):
                    det = c
                if amp is None and sum(r["call"] == "AMP" for r in items) >= 0.8 * len(items):
                    amp = c
            body.append([f"{d:g}", f"{p:g}", fmt_num(statistics.median(lods)) if lods else "NA",
                         f"{det:g}" if det else "> grid", f"{amp:g}" if amp else "> grid"])
    return md_table(["depth", "purity", "model LOD (median ##her2cnLOD)",
                     "smallest grid CN detected (GAIN/AMP) in >= 80%", "smallest grid CN called AMP in >= 80%"], body)


def coverage_rows(rows, groups):
    body = []
    for name, pred in groups:
        items = [r for r in rows if pred(r) and r["covered"] in ("0", "1")]
        k = sum(r["covered"] == "1" for r in items)
        errs = [abs(r["cn"] - r["true_cn"]) / r["true_cn"] * 100 for r in rows
                if pred(r) and r["cn"] is not None and r["true_cn"] > 0]
        body.append([name, f"{k}/{len(items)}", fmt_num(k / len(items), 3) if items else "NA",
                     fmt_num(statistics.median(errs), 1) if errs else "NA"])
    return md_table(["samples", "CICN covers truth", "coverage", "median abs % CN error"], body)


def signed_bias(items):
    v = [(r["cn_called"] - r["true_cn"]) / r["true_cn"] * 100 for r in items
         if r["cn_called"] is not None and r["true_cn"] > 0]
    return statistics.median(v) if v else None


def findings(rows, samples, a, ckpath):
    """Computed one-line statements for the top of the report."""
    out = []
    for kind, name in (("wgs", "WGS"), ("panel", "panel (tumour-only)")):
        items = [r for r in rows if r["kind"] == kind and r["covered"] in ("0", "1")]
        if not items:
            continue
        k = sum(r["covered"] == "1" for r in items)
        out.append(f"CICN coverage, {name}: {k}/{len(items)} = {k / len(items):.3f} "
                   f"({'meets' if k / len(items) >= 0.9 else 'MISSES'} the >= 90% target).")
    wg = [r for r in rows if r["kind"] == "wgs" and r["true_cn"] >= 8]
    if wg:
        k = sum(r["call"] == "AMP" for r in wg)
        neg = [r for r in rows if r["kind"] == "wgs" and r["true_cn"] < 6]
        out.append(f"WGS, true CN >= 8, every purity and depth: {k}/{len(wg)} called AMP; true CN < 6 "
                   f"called AMP: {sum(r['call'] == 'AMP' for r in neg)}/{len(neg)}.")
    pa = [r for r in rows if r["kind"] == "panel" and r["true_cn"] >= 6]
    b = signed_bias(pa)
    if b is not None:
        out.append(f"Panel tumour-only: median signed CN error {b:+.1f}% at true CN >= 6. The ERBB2 "
                   "targets' capture efficiency is the same in every sample and, without normals, "
                   "indistinguishable from copy number, so the error is a per-assay bias, not noise "
                   f"(true CN 6 called AMP in {sum(r['call'] == 'AMP' for r in pa if r['true_cn'] == 6)}/"
                   f"{sum(1 for r in pa if r['true_cn'] == 6)} panel samples). "
                   + ("A panel of normals removes it: see the her2cn+PON columns in the CNVkit section." if a.pon == "yes"
                      else "A panel of normals is meant to remove it; not measured in this run (`her2cn pon` failed or is absent)."))
    ck = read_tsv(ckpath)
    if ck:
        byid = {r["id"]: r for r in rows}
        ce = [abs(float(f[2]) - byid[f[0]]["true_cn"]) / byid[f[0]]["true_cn"] * 100 for f in ck if f[0] in byid]
        he = [abs(byid[f[0]]["cn_called"] - byid[f[0]]["true_cn"]) / byid[f[0]]["true_cn"] * 100
              for f in ck if f[0] in byid and byid[f[0]]["cn_called"] is not None]
        pon = {f[0]: f for f in read_tsv(os.path.join(a.work, "pon.tsv"))}
        pe = [abs(float(pon[f[0]][1]) - byid[f[0]]["true_cn"]) / byid[f[0]]["true_cn"] * 100
              for f in ck if f[0] in byid and f[0] in pon]
        out.append(f"Same panel BAMs: median absolute CN error her2cn tumour-only {statistics.median(he):.1f}%, "
                   f"CNVkit with simulated normals {statistics.median(ce):.1f}%"
                   + (f", her2cn with a panel of normals from the same normals {statistics.median(pe):.1f}%." if pe
                      else " (her2cn ran without normals)."))
    return out


def main():
    a = parse_args()
    w = a.work
    wrows, wmet, wconf, wn = validate_report(os.path.join(w, "validate.wgs.txt"))
    prows, pmet, pconf, pn = validate_report(os.path.join(w, "validate.panel.txt"))
    rows = []
    for r in wrows + prows:
        r.update({k: v for k, v in parse_id(r["id"]).items() if k != "cn"})
        r["grid_cn"] = parse_id(r["id"])["cn"]
        rows.append(r)
    # "cn" is the called CN in rows and the grid CN in trows; "cn_called" in both
    for r in rows:
        r["cn_called"] = r["cn"]
    samples = {}
    for f in read_tsv(os.path.join(w, "samples.tsv")):
        samples[f[0]] = {"context": f[1], "ish": f[2], "her2": f[3], "filter": f[4], "ratio17cn": f[5],
                         "lod": float(f[6]) if f[6] not in ("", "NA", ".") else None,
                         "amp_start": int(f[7]) - 1 if f[7] != "NA" else None,
                         "amp_end": int(f[8]) if f[8] != "NA" else None, "genes": f[9]}
    # tables index rows by their grid CN
    trows = [dict(r, cn=r["grid_cn"]) for r in rows]
    wgs_depths = sorted({r["depth"] for r in trows if r["kind"] == "wgs" and r["shape"] == "grid"})
    pan_depths = sorted({r["depth"] for r in trows if r["kind"] == "panel" and r["shape"] == "grid"})
    out = []
    P = out.append
    P("# her2cn validation study\n")
    if a.quick == "1":
        P("**QUICK RUN: a tiny grid to test the script; the numbers below are not the study.**\n")
    P(f"Made by `make validate` (`scripts/validate.sh`, report by `scripts/validate_report.py`) with "
      f"{a.version} on {time.strftime('%Y-%m-%d')}, {a.jobs} parallel jobs, {int(a.seconds) // 60} min "
      f"{int(a.seconds) % 60} s wall time on a 2-core machine shared with other work. Every sample is "
      "simulated by `her2cn simulate` (seeds derived from the sample name, so a re-run gives the same "
      "numbers) and called by `her2cn call --purity <true purity>`; the metrics come from "
      "`her2cn validate --rows truth.tsv *.vcf.gz`. Re-run: `make validate` (needs bcftools and python3; "
      "optional `apt-get install r-bioc-dnacopy cnvkit` for the DNAcopy and CNVkit sections). "
      "`scripts/validate.sh --quick` runs a tiny grid to test the script.\n")
    P("Purity and ploidy estimation (every sample called without `--purity`) has its own study: "
      "[VALIDATION-PURITY.md](VALIDATION-PURITY.md).\n")
    P("## Findings\n")
    for line in findings(rows, samples, a, os.path.join(w, "cnvkit.tsv")):
        P("- " + line)
    P("")
    P("## Design\n")
    P("- **Whole genome (WGS)**: reads are simulated only over the region set (`her2cn regions` + "
      "`simulate -r`, as in the tests), i.e. everything `call` reads, so a sample behaves like a whole "
      "genome at that depth while staying small. Grid: depth "
      + ", ".join(f"{d:g}x" for d in wgs_depths) + "; the full purity x CN grid at the low depths "
      "with replicates, a reduced grid (low purities, CN 2-10) at the high depths. This grid is coarse "
      "to keep the run within ~30 minutes on 2 cores.")
    P("- **Panel**: `testdata/panel-grch38.bed` (351 targets: 300 reference, 12 ERBB2, the rest on "
      "chr17) with a deterministic capture efficiency per target in [0.6, 1.4] (column 5, "
      "`1 + 0.4 (2 frac(0.618 i) - 1)`), the same in every sample as in a real assay; depth "
      + ", ".join(f"{d:g}x" for d in pan_depths) + ". her2cn runs tumour-only in the grid"
      + (", and with a panel of normals (`her2cn pon` from the same simulated normals CNVkit uses) "
         "beside CNVkit below." if a.pon == "yes" else " (no panel-of-normals run: `her2cn pon` failed or is absent)."))
    P(f"- **Truth**: the amplicon is chr17:{AMP_START + 1:,}-{AMP_END:,} (CDK12 ... IKZF3) at the grid CN in "
      "the tumour cells; CN 2 means no amplicon. Truth class from the true CN with the default "
      "thresholds: AMP >= 6, GAIN >= 2.5. Positive = AMP.")
    P("- Extra context samples at 2x WGS and on the panel: whole chr17 at CN 3 or 4 (polysomy), and chr17 "
      "at CN 4 with the amplicon at CN 16 (focal on polysomy), at purity 1.0 and 0.6.\n")

    for title, met, conf, n in (("WGS", wmet, wconf, wn), ("Panel (tumour-only)", pmet, pconf, pn)):
        if not met:
            continue
        P(f"## Overall: {title}\n")
        P(f"{n.get('matched')} samples called of {n.get('truth_rows')} ({n.get('filtered_calls')} with a "
          f"FILTER other than PASS; they are counted as calls).\n")
        P(md_table(["truth \\ call", "LOSS", "NEUTRAL", "GAIN", "AMP"], [c for c in conf[1:]]))
        P("")
        body = [[k, " ".join(met[k])] for k in ("sensitivity", "specificity", "PPV", "NPV",
                                                 "median_abs_pct_cn_error", "ci_coverage") if k in met]
        P(md_table(["metric (positive = AMP)", "value (count)"], body))
        P("")

    P("## Sensitivity over purity x CN\n")
    P("Cells: samples called AMP / samples. For true CN >= 6 this is the sensitivity, for CN < 6 the "
      "false-positive rate of the AMP call. At CN 6 the truth sits on the threshold, so about half of "
      "the calls fall below it by construction.\n")
    P("![fraction called AMP](validation-sensitivity.svg)\n")
    panels = [(f"WGS {d:g}x", "wgs", d) for d in wgs_depths] + [(f"panel {d:g}x", "panel", d) for d in pan_depths]
    for title, kind, d in panels:
        t, _, _ = amp_table(trows, kind, d)
        P(f"### {title}\n")
        P(t)
        P("")
    svg_heatmaps(trows, panels, a.svg)

    P("## Limit of detection\n")
    P("The model LOD is the `##her2cnLOD` header value: the tumour CN whose log2 ratio lies "
      "(z_0.975 + z_0.8) standard errors above 0, with the SE the gene would have at ratio 1 (README "
      "\"Limit of detection\"). The empirical columns are the smallest grid CN at which >= 80% of the "
      "samples were called GAIN or AMP (detected), or AMP.\n")
    P(lod_table(trows, samples, "wgs", wgs_depths))
    P("")
    P(lod_table(trows, samples, "panel", pan_depths))
    P("")

    P("## Interval coverage and CN error\n")
    P("Does the 95% `CICN` interval contain the true tumour CN? Target: >= 90%.\n")
    groups = [("all WGS", lambda r: r["kind"] == "wgs"), ("all panel", lambda r: r["kind"] == "panel")]
    for d in wgs_depths:
        groups.append((f"WGS {d:g}x", lambda r, d=d: r["kind"] == "wgs" and r["depth"] == d))
    for d in pan_depths:
        groups.append((f"panel {d:g}x", lambda r, d=d: r["kind"] == "panel" and r["depth"] == d))
    groups += [("WGS true CN 2", lambda r: r["kind"] == "wgs" and r["true_cn"] == 2 and r["shape"] == "grid"),
               ("WGS true CN >= 6", lambda r: r["kind"] == "wgs" and r["true_cn"] >= 6),
               ("WGS purity <= 0.2", lambda r: r["kind"] == "wgs" and r["purity"] <= 0.2)]
    P(coverage_rows(rows, groups))
    P("")

    ctx = [r for r in trows if r["shape"] != "grid" or (r["depth"] == 2 and r["purity"] in (0.6, 1.0, 0.5)
                                                        and r["cn"] in (2, 12))]
    if ctx:
        P("## Context, ISH-like group and HER2 status\n")
        P("Expected: amplicon on normal chr17 -> FOCAL; polysomy -> CHR17; amplicon on polysomy -> "
          "FOCAL_ON_CHR17; CN 2 -> NONE. ISH_GROUP and HER2 use the purity-adjusted ratio RATIO17CN.\n")
        body = []
        for r in sorted(ctx, key=lambda r: r["id"]):
            s = samples.get(r["id"], {})
            body.append([r["id"], f"{r['true_cn']:g}", r["call"], fmt_num(r["cn_called"]), s.get("context"),
                         s.get("ratio17cn"), s.get("ish"), s.get("her2")])
        P(md_table(["sample", "true CN", "CALL", "CN", "CONTEXT", "RATIO17CN", "ISH_GROUP", "HER2"], body))
        P("")

    P("## Amplicon extent (CBS) against the truth and DNAcopy\n")
    dn = {f[0]: f for f in read_tsv(os.path.join(w, "dnacopy.tsv"))}
    body, within_truth, within_dn, n_amp, n_found = [], 0, 0, 0, 0
    for r in sorted(trows, key=lambda r: r["id"]):
        if r["kind"] != "wgs" or r["true_cn"] <= 2 or r["shape"] == "poly":
            continue
        s = samples.get(r["id"], {})
        n_amp += 1
        if s.get("amp_start") is None:
            continue
        n_found += 1
        ds = (s["amp_start"] - AMP_START) / BIN
        de = (s["amp_end"] - AMP_END) / BIN
        ok = abs(ds) <= 2 and abs(de) <= 2
        within_truth += ok
        d = dn.get(r["id"])
        dd = "NA"
        if d:
            x = max(abs(s["amp_start"] - int(d[2])), abs(s["amp_end"] - int(d[3]))) / BIN
            within_dn += x <= 2
            dd = f"{x:.2g}"
        body.append([r["id"], f"{s['amp_start'] + 1:,}-{s['amp_end']:,}", f"{ds:+.2g}/{de:+.2g}",
                     f"{int(d[2]) + 1:,}-{int(d[3]):,}" if d else "NA", dd, s.get("genes")])
    P(f"WGS samples with a true amplicon: {n_amp}; AMPLICON record written: {n_found}; boundaries within "
      f"2 bins (50 kb) of the truth: {within_truth}/{n_found}"
      + (f"; within 2 bins of DNAcopy: {within_dn}/{n_found}." if a.dnacopy == "yes" else
         "; DNAcopy not run (r-bioc-dnacopy missing).")
      + " An amplicon is not reported when CBS does not find a segment over ERBB2 that is above its "
        "neighbours, at CN >= GAIN and significantly above the baseline (typically low purity x low CN)."
        " DNAcopy: `segment(CNA(log2))` with its defaults (alpha 0.01) on the same usable local-window "
        "log2 ratios (`--bins`), segment holding the ERBB2 centre.\n")
    if body:
        P("<details><summary>per sample</summary>\n")
        P(md_table(["sample", "her2cn AMPLICON", "start/end - truth (bins)", "DNAcopy segment",
                    "max boundary diff her2cn vs DNAcopy (bins)", "GENES"], body))
        P("\n</details>\n")

    P("## her2cn and CNVkit on the same panel BAMs\n")
    ck = {f[0]: f for f in read_tsv(os.path.join(w, "cnvkit.tsv"))}
    pon = {f[0]: f for f in read_tsv(os.path.join(w, "pon.tsv"))}
    if a.cnvkit != "yes":
        P("CNVkit was not run (Debian package `cnvkit` not installed).\n")
    else:
        P("CNVkit 0.9.9 (Debian), `cnvkit batch -m amplicon` with a reference built from simulated "
          "normals at the same depth and the same capture efficiencies; its CN is the log2 of the "
          "segment over ERBB2 converted with the same purity formula as her2cn (what `cnvkit call "
          "--purity` does before rounding), classified with the same thresholds (AMP >= 6, GAIN >= 2.5). "
          "her2cn ran tumour-only"
          + (" and with a panel of normals built by `her2cn pon` from the same simulated normals "
             "(`her2cn call --pon`, last columns), so the PON columns are the like-for-like comparison." if a.pon == "yes" else
             " only (the `her2cn pon` step failed or is absent), so the comparison is unequal: CNVkit has normals, her2cn has none.")
          + "\n")

        def cls(x):
            return "NA" if x is None else "AMP" if x >= 6 else "GAIN" if x >= 2.5 else "LOSS" if x <= 1.5 else "NEUTRAL"
        body, eh, ec, ep, agree_h, agree_c, agree_p = [], [], [], [], 0, 0, 0
        for r in sorted((r for r in rows if r["id"] in ck), key=lambda r: r["id"]):
            c = float(ck[r["id"]][2])
            t = r["true_cn"]
            tc = cls(t)
            eh.append(abs(r["cn_called"] - t) / t * 100)
            ec.append(abs(c - t) / t * 100)
            agree_h += r["call"] == tc
            agree_c += cls(c) == tc
            line = [r["id"], f"{t:g}", tc, fmt_num(r["cn_called"]), r["call"], fmt_num(c), cls(c)]
            if r["id"] in pon:
                pc = float(pon[r["id"]][1])
                ep.append(abs(pc - t) / t * 100)
                agree_p += pon[r["id"]][2] == tc
                line += [fmt_num(pc), pon[r["id"]][2]]
            body.append(line)
        hdr = ["sample", "true CN", "true class", "her2cn CN", "her2cn call", "CNVkit CN", "CNVkit class"]
        if pon:
            hdr += ["her2cn+PON CN", "her2cn+PON call"]
        P(md_table(hdr, body))
        P("")
        summ = [["her2cn tumour-only", f"{agree_h}/{len(body)}", fmt_num(statistics.median(eh), 1) if eh else "NA"],
                ["CNVkit with normals", f"{agree_c}/{len(body)}", fmt_num(statistics.median(ec), 1) if ec else "NA"]]
        if pon:
            summ.append(["her2cn with PON", f"{agree_p}/{len(body)}", fmt_num(statistics.median(ep), 1)])
        P(md_table(["tool", "class = truth class", "median abs % CN error"], summ))
        P("")

    P("## Limitations\n")
    P("- Simulated data only: uniform read placement, Poisson-like counts, no GC bias in this study, "
      "no real capture artefacts beyond a fixed per-target efficiency, no subclonality, ploidy 2, "
      "purity given exactly. Real samples are noisier; the noise SD and LOD in each VCF header are the "
      "per-sample measures to look at.")
    P("- The grid is coarse (replicates only at the low WGS depths) so each cell's fraction is rough.")
    P("- The amplicon boundaries are bin-resolution (25 kb WGS local bins); the truth boundaries fall "
      "inside bins, which then carry an intermediate log2 ratio.")
    with open(a.out, "w") as f:
        f.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
