#!/usr/bin/env python3
"""Report of the purity/ploidy study (scripts/validate-purity.sh): reads the
per-sample TSV rows and writes docs/VALIDATION-PURITY.md on stdout. Every
number in the report is computed here from the rows; nothing is typed in."""
import argparse
import datetime
import statistics

COLS = ["id", "depth", "karyo", "purity", "cn", "est_purity", "source", "pur_lo", "pur_hi",
        "ploidy", "ploidy_source", "min_purity", "het_sites", "est_cn", "cn_lo", "cn_hi",
        "call", "ish_group", "filters", "cnvkit_cn", "secs"]


def num(v):
    return None if v in ("NA", "", "None") else float(v)


def parse_cn_arg(a):
    """CHR[:START-END]:CN[:MINOR] -> (chrom, start0, end, cn)."""
    parts = a.split(":")
    chrom = parts[0]
    if "-" in parts[1]:
        s, e = parts[1].split("-")
        return chrom, int(s) - 1, int(e), float(parts[2])
    return chrom, 0, 1 << 40, float(parts[1])


def truth_ploidy(karyo, regions):
    """Mean tumour CN over the reference bins (what the genome-wide sample sees)."""
    wgd, segs = karyo
    total = n = 0
    for chrom, s, e in regions:
        cn = 2.0
        for c, a, b, v in segs:
            if c == chrom and a < e and s < b:
                cn = v
        total += cn * (2 if wgd else 1)
        n += 1
    return total / n


def ish_group(ratio, cn):
    if ratio >= 2.0:
        return 1 if cn >= 4.0 else 2
    return 3 if cn >= 6.0 else 4 if cn >= 4.0 else 5


def status(group):
    return {1: "AMPLIFIED", 5: "NOT_AMPLIFIED"}.get(group, "EQUIVOCAL")


def on_cutoff(ratio, cn):
    """A truth within 10% of a guideline cut-off (ratio 2.0, CN 4.0 or 6.0):
    any estimate is as likely to fall on either side, so such samples are
    counted apart from the clear ones."""
    return abs(ratio - 2.0) < 0.2 or abs(cn - 4.0) < 0.4 or abs(cn - 6.0) < 0.6


def pct(xs, q):
    xs = sorted(xs)
    if not xs:
        return None
    k = (len(xs) - 1) * q
    lo = int(k)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def fmt(v, f="{:.3f}"):
    return "NA" if v is None else f.format(v)


def frac(k, n):
    return f"{k}/{n} = {k / n:.2f}" if n else "0/0"


def load(args):
    kar = {}
    for line in open(args.karyotypes):
        f = line.rstrip("\n").split("\t")
        segs = [parse_cn_arg(a) for a in (f[2].split() if len(f) > 2 else [])]
        kar[f[0]] = (f[1] == "1", segs)
    regions = []
    for line in open(args.regions):
        f = line.split("\t")
        if len(f) >= 5 and f[4].strip() == "reference":
            regions.append((f[0], int(f[1]), int(f[2])))
    rows = []
    for line in open(args.results):
        f = line.rstrip("\n").split("\t")
        if len(f) != len(COLS):
            continue
        r = dict(zip(COLS, f))
        wgd = kar[r["karyo"]][0]
        r["true_purity"] = float(r["purity"])
        r["true_ploidy"] = truth_ploidy(kar[r["karyo"]], regions)
        c = float(r["cn"])
        base = 4.0 if wgd else 2.0
        r["true_cn"] = c if c != 2 else base
        r["true_group"] = ish_group(r["true_cn"] / base, r["true_cn"])
        r["cutoff"] = on_cutoff(r["true_cn"] / base, r["true_cn"])
        for k in ("est_purity", "pur_lo", "pur_hi", "ploidy", "min_purity", "est_cn", "cn_lo",
                  "cn_hi", "cnvkit_cn", "secs"):
            r[k] = num(r[k])
        if c < 8:   # CNVkit runs on the CN >= 8 samples only (validate-purity.sh)
            r["cnvkit_cn"] = None
        g = r["ish_group"]
        r["group"] = int(g) if g not in ("NA", "") else None
        rows.append(r)
    return rows


def purity_table(out, rows):
    out.append("| depth | karyotype | samples | estimated | unknown | ambiguous (purity CI covers truth) | "
               "purity error median | 90th pct | within goal | ploidy error median | "
               "purity CI covers truth |")
    out.append("|---|---|---|---|---|---|---|---|---|---|---|")
    for d in sorted({r["depth"] for r in rows}, key=float):
        goal = 0.1 if float(d) >= 10 else 0.15
        for k in sorted({r["karyo"] for r in rows}):
            g = [r for r in rows if r["depth"] == d and r["karyo"] == k]
            if not g:
                continue
            est = [r for r in g if r["source"] == "estimated"]
            err = [abs(r["est_purity"] - r["true_purity"]) for r in est]
            perr = [abs(r["ploidy"] - r["true_ploidy"]) for r in est]
            cov = sum(1 for r in est if r["pur_lo"] - 1e-9 <= r["true_purity"] <= r["pur_hi"] + 1e-9)
            amb = [r for r in g if r["source"] == "ambiguous"]
            acov = sum(1 for r in amb
                       if r["pur_lo"] - 1e-9 <= r["true_purity"] <= r["pur_hi"] + 1e-9)
            out.append(f"| {d}x | {k} | {len(g)} | {len(est)} | "
                       f"{sum(1 for r in g if r['source'] == 'unknown')} | "
                       f"{len(amb)} ({frac(acov, len(amb)) if amb else 'NA'}) | {fmt(pct(err, 0.5))} | "
                       f"{fmt(pct(err, 0.9))} | {frac(sum(1 for e in err if e <= goal), len(err))} "
                       f"(<= {goal}) | {fmt(pct(perr, 0.5), '{:.2f}')} | {frac(cov, len(est))} |")


def cn_table(out, rows):
    out.append("| depth | karyotype | samples | CN within 20% | median abs CN error | "
               "CICN covers truth | CNVkit (true purity) within 20% | CNVkit median abs error |")
    out.append("|---|---|---|---|---|---|---|---|")
    for d in sorted({r["depth"] for r in rows}, key=float):
        for k in sorted({r["karyo"] for r in rows}):
            g = [r for r in rows if r["depth"] == d and r["karyo"] == k and r["est_cn"] is not None]
            if not g:
                continue
            rel = [abs(r["est_cn"] - r["true_cn"]) / r["true_cn"] for r in g]
            cov = sum(1 for r in g if r["cn_lo"] <= r["true_cn"] <= r["cn_hi"])
            ck = [abs(r["cnvkit_cn"] - r["true_cn"]) / r["true_cn"] for r in g
                  if r["cnvkit_cn"] is not None]
            out.append(f"| {d}x | {k} | {len(g)} | {frac(sum(1 for e in rel if e <= 0.2), len(g))} | "
                       f"{fmt(pct(rel, 0.5), '{:.1%}')} | {frac(cov, len(g))} | "
                       f"{frac(sum(1 for e in ck if e <= 0.2), len(ck)) if ck else 'NA'} | "
                       f"{fmt(pct(ck, 0.5), '{:.1%}') if ck else 'NA'} |")


def her2_table(out, rows):
    out.append("| depth | truth | samples | called AMPLIFIED | EQUIVOCAL | NOT_AMPLIFIED | "
               "NOT_AMPLIFIED with PASS | no group |")
    out.append("|---|---|---|---|---|---|---|---|")
    for d in sorted({r["depth"] for r in rows}, key=float):
        for t, cut in ((t, c) for t in ("AMPLIFIED", "EQUIVOCAL", "NOT_AMPLIFIED")
                       for c in (False, True)):
            g = [r for r in rows if r["depth"] == d and status(r["true_group"]) == t
                 and r["cutoff"] == cut]
            if not g:
                continue
            st = [status(r["group"]) if r["group"] else None for r in g]
            neg_pass = sum(1 for r, s in zip(g, st) if s == "NOT_AMPLIFIED" and r["filters"] == "PASS")
            out.append(f"| {d}x | {t}{' (truth on a cut-off)' if cut else ''} | {len(g)} | {st.count('AMPLIFIED')} | {st.count('EQUIVOCAL')} | "
                       f"{st.count('NOT_AMPLIFIED')} | {neg_pass} | {st.count(None)} |")


def goals(out, rows):
    """The issue's goals, over every sample of a depth."""
    for d in sorted({r["depth"] for r in rows}, key=float):
        g = [r for r in rows if r["depth"] == d]
        goal = 0.1 if float(d) >= 10 else 0.15
        est = [r for r in g if r["source"] == "estimated"]
        ok = sum(1 for r in est if abs(r["est_purity"] - r["true_purity"]) <= goal)
        cn = [r for r in g if r["est_cn"] is not None]
        cov = sum(1 for r in cn if r["cn_lo"] <= r["true_cn"] <= r["cn_hi"])
        w20 = sum(1 for r in cn if abs(r["est_cn"] - r["true_cn"]) <= 0.2 * r["true_cn"])
        cnbad = sum(1 for r in cn if r["filters"] == "PASS"
                    and abs(r["est_cn"] - r["true_cn"]) > 0.2 * r["true_cn"])
        h2bad = sum(1 for r in g if r["filters"] == "PASS" and r["group"]
                    and status(r["group"]) != status(r["true_group"]))
        out.append(f"- {d}x: CN off by more than 20% with FILTER PASS: **{cnbad}**; HER2 status "
                   f"wrong with FILTER PASS: **{h2bad}** (of {len(g)}).")
        out.append(f"- {d}x: purity within {goal} where estimated {frac(ok, len(est))} "
                   f"({len(g) - len(est)} of {len(g)} reported unknown or ambiguous); CICN covers the true CN "
                   f"{frac(cov, len(cn))}; CN within 20% {frac(w20, len(cn))} (an unknown purity "
                   "gives CN at purity 1, a lower bound, so this counts those as misses).")


def misses(out, rows):
    amp = [r for r in rows if status(r["true_group"]) == "AMPLIFIED"]
    for cut in (False, True):
        bad = [r for r in amp if r["cutoff"] == cut and r["group"]
               and status(r["group"]) == "NOT_AMPLIFIED" and r["filters"] == "PASS"]
        what = ("with the truth on a guideline cut-off (ratio 2.0 or CN 4/6 within 10%)"
                if cut else "clear of the cut-offs")
        out.append(f"- True amplifications {what} called NOT_AMPLIFIED with FILTER PASS: "
                   f"**{len(bad)}** of {sum(1 for r in amp if r['cutoff'] == cut)}"
                   + (": " + ", ".join(r["id"] for r in bad) if bad else "") + ".")
    filt = [r for r in rows if status(r["true_group"]) == "AMPLIFIED" and r["group"]
            and status(r["group"]) != "AMPLIFIED"]
    out.append(f"- True amplifications not called AMPLIFIED: {len(filt)} "
               f"(their FILTERs: {', '.join(sorted({r['filters'] for r in filt})) or 'none'}).")
    q = [r for r in rows if r["karyo"] == "quiet"]
    qu = sum(1 for r in q if r["source"] == "unknown")
    out.append(f"- Quiet genomes reported with purity unknown: {frac(qu, len(q))}.")
    mp = [r["min_purity"] for r in q if r["min_purity"] is not None]
    if mp:
        out.append(f"- Their `##her2cnMinDetectablePurity`: median {pct(mp, 0.5):.3f} "
                   f"(range {min(mp):.3f}-{max(mp):.3f}).")


def main():
    ap = argparse.ArgumentParser()
    for a in ("results", "karyotypes", "regions", "amp", "version"):
        ap.add_argument("--" + a, required=True)
    ap.add_argument("--seconds", type=int, default=0)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--quick", default="0")
    ap.add_argument("--cnvkit", default="")
    ap.add_argument("--recall", default="0")
    args = ap.parse_args()
    rows = load(args)
    out = ["# her2cn purity and ploidy validation", ""]
    if args.quick == "1":
        out += ["**QUICK run (tiny grid, to test the script): not a result.**", ""]
    out.append(f"Made by `make validate` (`scripts/validate-purity.sh`, report by "
               f"`scripts/validate_purity_report.py`) with {args.version} on "
               f"{datetime.date.today().isoformat()}, {args.jobs} parallel jobs, "
               f"{args.seconds // 60} min {args.seconds % 60} s wall time on a 2-core machine. "
               f"{len(rows)} samples. Every sample is called **without** `--purity` and "
               f"`--ploidy`; CNVkit `call -m clonal` is given the true purity, on the samples with ERBB2 CN >= 8 "
               f"({'run' if args.cnvkit else 'cnvkit not installed: skipped'}).")
    if args.recall == "1":
        out += ["", "This run re-called the BAMs of an earlier run (`--recall`: same seeds, so "
                "the same BAMs) with the binary named above; the wall time and the per-sample "
                "seconds are those of the calls alone, and CNVkit's results are the earlier "
                "run's (CNVkit reads the bins, which the purity fit does not change)."]
    out += ["", "## Design", "",
            "- Simulated with `her2cn simulate` over the region set (`her2cn regions`), "
            "reads carrying germline heterozygous SNPs (1 per 1.5 kb) on two haplotypes, "
            "allele-specific copy number per segment and sequencing errors matching the base "
            "qualities. Depths: 1x (no usable allele fractions: depth alone) and 30x.",
            "- Karyotypes (GRCh38, tumour copy number:minor before doubling):"]
    for line in open(args.karyotypes):
        f = line.rstrip("\n").split("\t")
        out.append(f"  - `{f[0]}`{' (whole-genome doubled)' if f[1] == '1' else ''}: "
                   f"{f[2] if len(f) > 2 and f[2] else 'no events'}")
    out += [f"- ERBB2 amplicon {args.amp} at the grid CN (CN 2: none; the background CN in a "
            "doubled genome). Truth ploidy: mean tumour CN over the reference bins. Truth HER2: "
            "the ASCO/CAP 2018 group of (CN / chr17 CN, CN).", "",
            "## Purity and ploidy", ""]
    purity_table(out, rows)
    out += ["", "## ERBB2 copy number", ""]
    cn_table(out, rows)
    out += ["", "## HER2 status without `--purity`", ""]
    her2_table(out, rows)
    out += ["", "## Findings", ""]
    goals(out, rows)
    misses(out, rows)
    secs = [r["secs"] for r in rows if r["secs"]]
    if secs:
        out.append(f"- Per sample ({'call' if args.recall == '1' else 'simulate + call'}): "
                   f"median {pct(secs, 0.5):.1f} s.")
    print("\n".join(out))


if __name__ == "__main__":
    main()
