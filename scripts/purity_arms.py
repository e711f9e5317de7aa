#!/usr/bin/env python3
"""The realistic-noise and real-profile arms of the purity/ploidy study
(scripts/validate-purity.sh --arms ...; issue 19). Python 3 standard library.

  purity_arms.py tasks --arms LIST --seeds N --work DIR --realdata DIR
      writes DIR/tasks.tsv (one sample a line, with its truth) and
      DIR/args/ID.args (the `her2cn simulate` arguments, one a line)
  purity_arms.py report --work DIR [--seconds S] [--version V] [--jobs J]
      the markdown report of DIR/tasks.tsv joined with DIR/results.tsv

Arms (each sample i = 0..N-1 takes its settings from the lists below in
mixed radix, the first list varying fastest; the seed is a hash of its id):
  rho        30x, arm events with LOH, --allele-rho 0.01/0.02/0.03
  resid      30x, quiet or arm events, --depth-noise 0.02/0.04/0.06 per arm
  subclonal  30x, two subclonal gains (CCF 0.5/0.7/0.3) beside clonal LOH
  twin41     30x, 4:1 gains only (CN 5 minor 1) at purity 0.2-0.5
  lowpass    0.1/0.2/0.3x, arm events with LOH
  ccle1x, ccle30x   the 11 CCLE JaBbA profiles (../shared/realdata/ccle-jabba,
             GPL-3: read here at run time, never copied) at purity 0.3/0.6/0.9;
             ERBB2 as in the profile; minor 1 where CN >= 2, else 0
  cnvkit     the CNVkit WGS chr17 profile (cnvkit-wgs-chr17), purity 1, 1x,
             ERBB2 at 18.4 copies
Groups: noise = rho,resid,subclonal,twin41,lowpass; ccle = ccle1x,ccle30x;
real = ccle,cnvkit; all = noise,real.

Truth: ploidy is the mean tumour CN over the reference bins; the ERBB2 CN the
tumour CN at the gene's midpoint; the chr17 CN the tool's own control rule
applied to the true CNs (mean of the median CN of the cen17 bins on either
side of the centromere, README "The chr17 control"); HER2 status the
ASCO/CAP 2018 group of (ERBB2 / chr17, ERBB2) as README "Context, ISH-like
group and HER2 status". A subclonal segment's CN is CCF x CN + (1 - CCF) x
the CN under it (expected copies per tumour cell)."""
import argparse
import datetime
import os
import statistics
import sys
import zlib

# the HER2 rule and the cut-off test of the clean grid's report (one copy)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from validate_purity_report import ish_group, on_cutoff, status  # noqa: E402

ERBB2 = {"GRCh38": ("chr17", 39687913, 39730426), "GRCh37": ("chr17", 37844166, 37886679)}
AMP38 = "chr17:39450001-39850000"
EVENTS = ("chr1:125000001-248956422:3:1 chr4:2:0 chr8:1-44000000:1:0 chr13:2:0 "
          "chr20:3:1 chr18:1-15000000:1:0")
GROUPS = {"noise": ["rho", "resid", "subclonal", "twin41", "lowpass"],
          "ccle": ["ccle1x", "ccle30x"], "real": ["ccle1x", "ccle30x", "cnvkit"]}
GROUPS["all"] = GROUPS["noise"] + GROUPS["real"]
CCLE = ["COLO_668", "EFO_21", "HARA", "HCC827", "HGC_27", "JHOS_2", "LK_2", "NCI_H1105",
        "NCI_H2081", "SCLC_21H", "SNU_119"]


def pick(i, lists):
    """Setting i of the product of lists, the first varying fastest."""
    out = []
    for values in lists:
        out.append(values[i % len(values)])
        i //= len(values)
    return out


def seed_of(sid):
    return zlib.crc32(sid.encode()) % 1000000 + 1


# ---- segments: (chrom, start0, end, cn, minor, ccf) ----

def parse_cn_arg(a, lens):
    """CHR[:START-END]:CN[:MINOR[:CCF]] as `her2cn simulate -c` reads it."""
    f = a.split(":")
    chrom, rest = f[0], f[1:]
    if "-" in rest[0]:
        s, e = rest[0].split("-")
        start, end, rest = int(s) - 1, int(e), rest[1:]
    else:
        start, end = 0, lens[chrom]
    cn = float(rest[0])
    minor = float(rest[1]) if len(rest) > 1 else cn // 2
    ccf = float(rest[2]) if len(rest) > 2 else 1.0
    return chrom, start, end, cn, minor, ccf


def cn_at(segs, chrom, x, wgd):
    """Tumour CN at x: the segments applied in order over CN 2 (h2_sim_seg_apply)."""
    cn = 2.0
    for c, a, b, v, _mi, f in segs:
        if c == chrom and a <= x < b:
            cn = f * v + (1 - f) * cn
    return cn * (2 if wgd else 1)


def read_regions(path):
    ref, cen = [], []
    for line in open(path):
        f = line.rstrip("\n").split("\t")
        if len(f) >= 5 and f[4] == "reference":
            ref.append((f[0], int(f[1]), int(f[2])))
        if len(f) >= 4 and f[3] == "cen17":
            cen.append((f[0], int(f[1]), int(f[2])))
    return ref, sorted(cen, key=lambda r: r[1])


def truth(segs, wgd, genome, regions):
    ref, cen = regions
    ploidy = statistics.mean(cn_at(segs, c, (s + e) // 2, wgd) for c, s, e in ref)
    c, s, e = ERBB2[genome]
    erbb2 = cn_at(segs, c, (s + e) // 2, wgd)
    # the two sides of the centromere: split the cen17 bins at their widest gap
    gaps = [cen[i + 1][1] - cen[i][2] for i in range(len(cen) - 1)]
    k = gaps.index(max(gaps)) + 1
    sides = [statistics.median(cn_at(segs, c, (s + e) // 2, wgd) for c, s, e in part)
             for part in (cen[:k], cen[k:])]
    return ploidy, erbb2, statistics.mean(sides)


# ---- the arms ----

def amp_arg(cn):
    return [] if cn == 2 else [f"{AMP38}:{cn}:1"]


def arm_rho(i):
    rho, p, cn = pick(i, [[0.01, 0.02, 0.03], [0.3, 0.6], [8, 3]])
    return dict(depth=30, purity=p, cn=EVENTS.split() + amp_arg(cn),
                extra=["--allele-rho", str(rho)], config=f"rho {rho} p {p} ERBB2 {cn}")


def arm_resid(i):
    sd, kar, cn, p = pick(i, [[0.02, 0.04, 0.06], ["quiet", "events"], [8, 3], [0.5, 0.8]])
    segs = EVENTS.split() if kar == "events" else []
    return dict(depth=30, purity=p, cn=segs + amp_arg(cn), extra=["--depth-noise", str(sd)],
                config=f"sd {sd} per arm, {kar}, p {p} ERBB2 {cn}")


def arm_subclonal(i):
    ccf, p, cn = pick(i, [[0.5, 0.7, 0.3], [0.4, 0.6, 0.8], [2, 3, 8]])
    segs = [f"chr1:125000001-248956422:3:1:{ccf}", f"chr20:1-64444167:3:1:{ccf}",
            "chr8:1-44000000:1:0", "chr13:2:0"]
    return dict(depth=30, purity=p, cn=segs + amp_arg(cn), extra=[],
                config=f"gains 1q, 20 at CCF {ccf}, LOH 8p, 13; p {p} ERBB2 {cn}")


def arm_twin41(i):
    p, cn = pick(i, [[0.2, 0.3, 0.4, 0.5], [5, 8, 3]])
    segs = ["chr1:125000001-248956422:5:1", "chr7:5:1", "chr20:5:1"]
    return dict(depth=30, purity=p, cn=segs + amp_arg(cn), extra=[],
                config=f"4:1 gains 1q, 7, 20; p {p} ERBB2 {cn}")


def arm_lowpass(i):
    d, cn, p = pick(i, [[0.1, 0.2, 0.3], [2, 3, 8], [0.3, 0.6, 0.9]])
    return dict(depth=d, purity=p, cn=EVENTS.split() + amp_arg(cn), extra=[],
                config=f"{d}x p {p} ERBB2 {cn}")


NOISE_ARMS = {"rho": arm_rho, "resid": arm_resid, "subclonal": arm_subclonal,
              "twin41": arm_twin41, "lowpass": arm_lowpass}


def ccle_segments(path):
    """A CCLE JaBbA profile as -c arguments (GRCh37, chr names), with its
    header's purity/ploidy comment; minor 1 where CN >= 2, else 0."""
    out = []
    for line in open(path):
        if line.startswith("#") or line.startswith("chrom"):
            continue
        c, s, e, cn = line.split()[:4]
        if c not in [str(k) for k in range(1, 23)] + ["X"]:
            continue
        cn = int(float(cn))
        out.append(f"chr{c}:{int(s)}-{int(e)}:{cn}:{1 if cn >= 2 else 0}")
    return out


def cnvkit_segments(path):
    """The CNVkit WGS chr17 .cnr as segments at purity 1 (GRCh37): the median
    log2 of the bins (dropouts below -10 left out) per 1 Mb window, per 50 kb
    in the amplicon (37-39 Mb), CN 2 x 2^log2 to 0.1, neighbours within
    0.3 merged, minor 1 from CN 1.5 (else 0); ERBB2 itself at 18.4
    copies (issue 19)."""
    win = {}
    for line in open(path):
        f = line.split("\t")
        if f[0] != "chr17":
            continue
        s, lg = int(f[1]), float(f[4])
        if lg < -10:
            continue
        size = 50000 if 37000000 <= s < 39000000 else 1000000
        win.setdefault((s // size * size, size), []).append(lg)
    segs = []
    for (s, size), v in sorted(win.items()):
        cn = round(2 * 2 ** statistics.median(v), 1)
        if segs and abs(segs[-1][2] - cn) < 0.3 and segs[-1][1] == s:
            a, _b, c0, n0 = segs[-1]
            segs[-1] = (a, s + size, round((c0 * n0 + cn) / (n0 + 1), 1), n0 + 1)
        else:
            segs.append((s, s + size, cn, 1))
    lens37 = 81195210
    out = [f"chr17:{a + 1}-{min(b, lens37)}:{cn}:{1 if cn >= 1.5 else 0}"
           for a, b, cn, _n in segs]
    c, s, e = ERBB2["GRCh37"]
    out.append(f"{c}:{s + 1}-{e}:18.4:1")
    return out


def tasks(args):
    arms = []
    for a in args.arms.split(","):
        arms += GROUPS.get(a, [a])
    bad = [a for a in arms if a not in NOISE_ARMS and a not in ("ccle1x", "ccle30x", "cnvkit")]
    if bad:
        raise SystemExit(f"purity_arms.py: unknown arm(s) {', '.join(bad)} (known: "
                         f"{', '.join(list(NOISE_ARMS) + ['ccle1x', 'ccle30x', 'cnvkit'])}, "
                         f"groups {', '.join(GROUPS)})")
    regs = {"GRCh38": read_regions(os.path.join(args.work, "regions38.bed")),
            "GRCh37": read_regions(os.path.join(args.work, "regions37.bed"))}
    lens = {f"chr{k}": 1 << 40 for k in list(range(1, 23)) + ["X", "Y"]}  # CHR:CN = to the end
    os.makedirs(os.path.join(args.work, "args"), exist_ok=True)
    rows = []
    seen = set()
    for arm in arms:
        if arm in seen:
            continue
        seen.add(arm)
        samples = []
        if arm in NOISE_ARMS:
            for i in range(args.seeds):
                s = NOISE_ARMS[arm](i)
                samples.append((f"{arm}_{i + 1}", "GRCh38", s))
        elif arm.startswith("ccle"):
            depth = 1 if arm == "ccle1x" else 30
            for name in CCLE:
                segs = ccle_segments(os.path.join(args.realdata, "ccle-jabba",
                                                  f"{name}.segments.tsv"))
                for p in (0.3, 0.6, 0.9):
                    samples.append((f"{arm}_{name}_p{p}", "GRCh37",
                                    dict(depth=depth, purity=p, cn=segs, extra=[],
                                         config=f"{name} p {p}")))
        else:
            segs = cnvkit_segments(os.path.join(args.realdata, "cnvkit-wgs-chr17",
                                                "wgs-chr17.cnr"))
            for i in range(args.seeds):
                samples.append((f"cnvkit_{i + 1}", "GRCh37",
                                dict(depth=1, purity=1.0, cn=segs, extra=[],
                                     config="CNVkit WGS chr17, p 1, 1x")))
        for sid, genome, s in samples:
            segs = [parse_cn_arg(a, lens) for a in s["cn"]]
            ploidy, erbb2, chr17 = truth(segs, False, genome, regs[genome])
            with open(os.path.join(args.work, "args", sid + ".args"), "w") as fp:
                for a in s["cn"]:
                    fp.write(f"-c\n{a}\n")
                for a in s["extra"]:
                    fp.write(a + "\n")
            rows.append([sid, arm, s["config"], s["depth"], s["purity"], genome, seed_of(sid),
                         f"{ploidy:.4f}", f"{erbb2:.4f}", f"{chr17:.4f}"])
    with open(os.path.join(args.work, "tasks.tsv"), "w") as fp:
        for r in rows:
            fp.write("\t".join(str(v) for v in r) + "\n")


# ---- report ----

TASK_COLS = ["id", "arm", "config", "depth", "purity", "genome", "seed", "true_ploidy",
             "true_cn", "true_chr17"]
RES_COLS = ["id", "est_purity", "source", "pur_lo", "pur_hi", "ploidy", "ploidy_source",
            "est_cn", "cn_lo", "cn_hi", "call", "ish_group", "her2", "filters", "secs"]


def num(v):
    return None if v in ("NA", "", "None") else float(v)


def load(work):
    t = {}
    for line in open(os.path.join(work, "tasks.tsv")):
        f = line.rstrip("\n").split("\t")
        t[f[0]] = dict(zip(TASK_COLS, f))
    rows = []
    path = os.path.join(work, "results.tsv")
    for line in open(path) if os.path.exists(path) else []:
        f = line.rstrip("\n").split("\t")
        if len(f) != len(RES_COLS) or f[0] not in t:
            continue
        r = dict(t[f[0]])
        r.update(zip(RES_COLS, f))
        for k in ("purity", "true_ploidy", "true_cn", "true_chr17", "est_purity", "pur_lo",
                  "pur_hi", "ploidy", "est_cn", "cn_lo", "cn_hi", "secs"):
            r[k] = num(r[k])
        r["true_status"] = status(ish_group(r["true_cn"] / r["true_chr17"], r["true_cn"]))
        r["cutoff"] = on_cutoff(r["true_cn"] / r["true_chr17"], r["true_cn"])
        r["pass"] = r["filters"] == "PASS"
        r["cn_bad"] = r["est_cn"] is None or abs(r["est_cn"] - r["true_cn"]) > 0.2 * r["true_cn"]
        r["cov"] = (r["cn_lo"] is not None and r["cn_lo"] - 1e-9 <= r["true_cn"]
                    <= r["cn_hi"] + 1e-9)
        r["her2_bad"] = r["her2"] != r["true_status"]
        r["pur_bad"] = r["source"] == "estimated" and abs(r["est_purity"] - r["purity"]) > 0.1
        rows.append(r)
    return t, rows


def med(xs, f="{:.3f}"):
    return f.format(statistics.median(xs)) if xs else "NA"


def pctf(k, n):
    return f"{k}/{n} = {100 * k / n:.0f}%" if n else "0/0"


def misses(g):
    """Issue 19's three miss counts over samples g, as table cells."""
    return (f"{sum(1 for r in g if r['cn_bad'] and r['pass'])} | "
            f"{sum(1 for r in g if r['her2_bad'] and r['pass'])} | "
            f"{pctf(sum(1 for r in g if r['pur_bad']), len(g))}")


def arm_table(out, tasks_, rows):
    out += ["| arm | samples | purity estimated | purity abs error (median, estimated) | "
            "ploidy abs error (median) | CN abs error (median) | CICN covers truth | "
            "HER2 right | **CN off >20% with PASS** | **HER2 wrong with PASS** | "
            "**purity estimated but off >0.1** |",
            "|---|---|---|---|---|---|---|---|---|---|---|"]
    for arm in dict.fromkeys(t["arm"] for t in tasks_.values()):
        g = [r for r in rows if r["arm"] == arm]
        n_all = sum(1 for t in tasks_.values() if t["arm"] == arm)
        est = [r for r in g if r["source"] == "estimated"]
        perr = [abs(r["est_purity"] - r["purity"]) for r in est]
        plerr = [abs(r["ploidy"] - r["true_ploidy"]) for r in g if r["ploidy"] is not None]
        cnerr = [abs(r["est_cn"] - r["true_cn"]) / r["true_cn"] for r in g
                 if r["est_cn"] is not None]
        out.append(
            f"| {arm} | {len(g)}{'' if len(g) == n_all else f' of {n_all}'} | "
            f"{pctf(len(est), len(g))} | {med(perr)} | {med(plerr, '{:.2f}')} | "
            f"{med(cnerr, '{:.1%}')} | {pctf(sum(r['cov'] for r in g), len(g))} | "
            f"{pctf(sum(not r['her2_bad'] for r in g), len(g))} | {misses(g)} |")


def class_table(out, rows):
    """Issue 19's criteria per class of each noise arm: its setting up to the
    purity (rho 0.02; sd 0.06 per arm, quiet; 0.1x; ...)."""
    cls = {}
    for r in rows:
        if r["arm"] in NOISE_ARMS:
            key = r["config"].split(" p ")[0].rstrip(",; ")
            cls.setdefault((r["arm"], key), []).append(r)
    if not cls:
        return
    out += ["", "## Per class (noise arms)", "",
            "| arm | class | samples | CICN covers truth | **CN off >20% with PASS** | "
            "**HER2 wrong with PASS** | **purity estimated but off >0.1** |",
            "|---|---|---|---|---|---|---|"]
    for (arm, key), g in cls.items():
        out.append(f"| {arm} | {key} | {len(g)} | {pctf(sum(r['cov'] for r in g), len(g))} | "
                   f"{misses(g)} |")


def failures(out, rows):
    bad = [r for r in rows if (r["pass"] and (r["cn_bad"] or r["her2_bad"]))
           or not r["cov"] or r["pur_bad"]]
    out += ["| sample | setting | truth purity / ploidy / ERBB2 / chr17 / HER2 | purity "
            "(source) | ploidy | ERBB2 CN [CICN] | HER2 | FILTER | what is wrong |",
            "|---|---|---|---|---|---|---|---|---|"]
    for r in bad:
        why = []
        if r["pass"] and r["cn_bad"]:
            why.append("CN off >20%, PASS")
        if r["pass"] and r["her2_bad"]:
            why.append("HER2 wrong, PASS" + (" (truth on a cut-off)" if r["cutoff"] else ""))
        if not r["cov"]:
            why.append("CICN misses truth")
        if r["pur_bad"]:
            why.append("purity estimated, off >0.1")
        fmt = lambda v, f="{:.2f}": "NA" if v is None else f.format(v)
        out.append(f"| {r['id']} | {r['config']} | {r['purity']} / {r['true_ploidy']:.2f} / "
                   f"{r['true_cn']:.2f} / {r['true_chr17']:.2f} / {r['true_status']} | "
                   f"{fmt(r['est_purity'])} ({r['source']}) | {fmt(r['ploidy'])} | "
                   f"{fmt(r['est_cn'])} [{fmt(r['cn_lo'])}-{fmt(r['cn_hi'])}] | {r['her2']} | "
                   f"{r['filters']} | {'; '.join(why)} |")


def report(args):
    tasks_, rows = load(args.work)
    out = ["# her2cn purity and ploidy: realistic-noise and real-profile arms", "",
           f"Made by `scripts/validate-purity.sh --arms {args.arms} --seeds {args.seeds}` "
           f"(tasks and report: `scripts/purity_arms.py`) with {args.version} on "
           f"{datetime.date.today().isoformat()}, {args.jobs} parallel jobs, "
           f"{args.seconds // 60} min {args.seconds % 60} s wall time. {len(rows)} of "
           f"{len(tasks_)} samples done. Every sample is called without `--purity` and "
           "`--ploidy`. The settings of each arm and how the truth is computed: "
           "`scripts/purity_arms.py` (header); the criteria are issue 19's.", "",
           "## Per arm", ""]
    arm_table(out, tasks_, rows)
    class_table(out, rows)
    out += ["", "CN abs error is relative to the true CN. CICN covers truth: the interval "
            "holds the true ERBB2 CN. HER2 right: the reported status equals the ASCO/CAP "
            "2018 status of the true CN and the true chr17 CN (the tool's rule).", "",
            "## Samples that miss a criterion", ""]
    failures(out, rows)
    secs = [r["secs"] for r in rows if r["secs"]]
    if secs:
        out += ["", f"Per sample (simulate + call): median {statistics.median(secs):.0f} s; by "
                "depth: " + ", ".join(
                    f"{d}x {statistics.median([r['secs'] for r in rows if r['depth'] == d]):.0f} s"
                    for d in sorted({r['depth'] for r in rows}, key=float)) + "."]
    print("\n".join(out))


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    a = sub.add_parser("tasks")
    a.add_argument("--arms", required=True)
    a.add_argument("--seeds", type=int, default=10)
    a.add_argument("--work", required=True)
    a.add_argument("--realdata", required=True)
    b = sub.add_parser("report")
    b.add_argument("--work", required=True)
    b.add_argument("--arms", default="")
    b.add_argument("--seeds", default="")
    b.add_argument("--seconds", type=int, default=0)
    b.add_argument("--jobs", default="")
    b.add_argument("--version", default="")
    args = ap.parse_args()
    tasks(args) if args.cmd == "tasks" else report(args)


if __name__ == "__main__":
    main()
