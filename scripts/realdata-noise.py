#!/usr/bin/env python3
"""Realistic noise ranges for `her2cn simulate` (--allele-rho, --depth-noise),
measured on the public data in ../shared/realdata (read here at run time,
never copied; see each directory's SOURCE.md). Python 3 standard library.

    scripts/realdata-noise.py [REALDATA_DIR]

Prints a markdown report (docs/NOISE.md holds one run of it). What it
measures, and how:

1. Allele overdispersion rho (FACETS' stomach exome, tumour/normal counts at
   SNPs). Het sites: the normal's reference fraction in [0.1, 0.9] at depth
   >= 25 in both samples (far from the binomial tails, so the selection cuts
   almost nothing off a real het's spread). Moments, robustly: for a site with
   reference count R of n at expected fraction p, z = (R - n p) /
   sqrt(n p (1 - p)) has variance 1 + (n - 1) rho, so rho = (robust var(z) - 1)
   / mean(n - 1), p the median fraction (reference bias allowed for), the
   robust variance (1.4826 MAD)^2 (robust_rho). For the normal over all sites
   and per depth stratum; for the tumour, whose unbalanced segments would
   inflate it, per window of 200 consecutive sites, the median over windows
   (balanced windows are most of a near-diploid genome) and the quartiles.
2. Depth residuals (log2). Per block (1 Mb, 5 Mb) the median log2 of the bins;
   the local residual SD is the robust SD (1.4826 MAD) of the differences of
   adjacent blocks / sqrt(2), which a copy-number step moves only once, less
   the blocks' own sampling SD (bin SD / sqrt(bins), in quadrature). Per arm,
   the robust SD of the arms' medians around their median (an upper bound:
   real arm-level copy changes count too), less the medians' own sampling SD.
   - CNVkit WGS chr17 .cnr (~270 bp bins; the ERBB2 amplicon 36.9-38.6 Mb
     hg19 and dropouts below -10 left out);
   - CNVkit targeted panel .cnr (p2-20_1, p2-20_2): target and antitarget
     ("Background") bins apart, per arm (arms of hg19, from the UCSC gap
     table in reference-genome-info);
   - ichorCNA MBC_315 1 Mb read counts (two time points): log2 of count over
     the median, GC-corrected by the median of each of 20 GC strata, bins of
     mappability >= 0.9; the Poisson SD of a bin is taken out in quadrature.
"""
import gzip
import math
import os
import statistics
import sys

MAD_K = 1.4826


def rsd(xs):
    """Robust SD: 1.4826 x the median absolute deviation."""
    if len(xs) < 3:
        return float("nan")
    m = statistics.median(xs)
    return MAD_K * statistics.median(abs(x - m) for x in xs)


def quad_minus(a, b):
    return math.sqrt(max(a * a - b * b, 0.0))


def robust_rho(sites):
    """rho of (R, n) pairs at expected fraction p (their median fraction, so
    reference bias is allowed for): z = (R - n p) / sqrt(n p (1 - p)) has
    variance 1 + (n - 1) rho under a beta-binomial; its robust variance
    (1.4826 MAD)^2 ignores the few sites that are not clean hets (copy-number
    variants of the normal, mapping artefacts), which a plain second moment
    lets dominate (rho ~0.1 here)."""
    p = statistics.median(r / n for r, n in sites)
    z = [(r - n * p) / math.sqrt(n * p * (1 - p)) for r, n in sites]
    return (rsd(z) ** 2 - 1) / statistics.mean(n - 1 for r, n in sites), p


def facets(root):
    path = os.path.join(root, "facets-stomach", "stomach.csv.gz")
    normal, tumour = [], []
    with gzip.open(path, "rt") as fp:
        next(fp)
        for line in fp:
            f = line.rstrip("\n").split(",")
            chrom = f[0].strip('"')
            nr, na, tr, ta = int(f[4]), int(f[5]), int(f[8]), int(f[9])
            nn, tn = nr + na, tr + ta
            if nn < 25 or tn < 25 or not 0.1 <= nr / nn <= 0.9:
                continue
            normal.append((nr, nn))
            tumour.append((chrom, tr, tn))
    strata = []
    for lo, hi in ((25, 50), (50, 100), (100, 200), (200, 1 << 30)):
        part = [(r, n) for r, n in normal if lo <= n < hi]
        strata.append((lo, hi, len(part), robust_rho(part)[0]))
    rho_n, p_n = robust_rho(normal)
    win = []
    for i in range(0, len(tumour) - 199, 200):
        w = tumour[i:i + 200]
        if len({c for c, _r, _n in w}) == 1:
            win.append(robust_rho([(r, n) for _c, r, n in w])[0])
    win.sort()
    return {"sites": len(normal), "depth_n": statistics.median(n for _r, n in normal),
            "depth_t": statistics.median(n for _c, _r, n in tumour), "rho_normal": rho_n,
            "ref_frac": p_n, "strata": strata, "windows": len(win),
            "rho_tumour_median": statistics.median(win), "rho_tumour_q25": win[len(win) // 4],
            "rho_tumour_q75": win[3 * len(win) // 4]}


def centromeres(root):
    cen = {}
    path = os.path.join(root, "reference-genome-info", "GRCh37.p13_centromere_UCSC-gapTable.txt")
    for line in open(path):
        f = line.split()
        if f[0] != "Chr":
            cen[f[0].replace("chr", "")] = int(f[1])
    return cen


def block_residual(bins, size):
    """bins: (chrom, start, log2) -> local residual SD at blocks of `size`."""
    blocks = {}
    for c, s, v in bins:
        blocks.setdefault((c, s // size), []).append(v)
    keys = sorted(blocks, key=lambda k: (k[0], k[1]))
    med = {k: statistics.median(blocks[k]) for k in keys if len(blocks[k]) >= 5}
    diffs = [med[a] - med[b] for a, b in zip(keys, keys[1:])
             if a in med and b in med and a[0] == b[0] and b[1] == a[1] + 1]
    allv = [v for _c, _s, v in bins]
    own = 1.2533 * rsd(allv) / math.sqrt(statistics.median(len(blocks[k]) for k in med))
    local = rsd(diffs) / math.sqrt(2)
    return local, own, quad_minus(local, own), len(diffs) + 1


def arm_residual(bins, cen):
    arms = {}
    for c, s, v in bins:
        if c in cen:
            arms.setdefault((c, "p" if s < cen[c] else "q"), []).append(v)
    keep = [v for v in arms.values() if len(v) >= 10]
    med = [statistics.median(v) for v in keep]
    own = 1.2533 * rsd([x for v in keep for x in v]) / math.sqrt(statistics.median(map(len, keep)))
    return quad_minus(rsd(med), own), rsd(med), own, len(med)


def read_cnr(path, keep):
    out = []
    for line in open(path):
        f = line.rstrip("\n").split("\t")
        if f[0] == "chromosome":
            continue
        v = float(f[4])
        if v < -10 or not keep(f):
            continue
        out.append((f[0].replace("chr", ""), int(f[1]), v))
    return out


def read_wig(path):
    vals, chrom, pos, step = {}, None, 0, 0
    for line in open(path):
        if line.startswith("fixedStep"):
            kv = dict(x.split("=") for x in line.split()[1:])
            chrom, pos, step = kv["chrom"].replace("chr", ""), int(kv["start"]) - 1, int(kv["step"])
            continue
        vals[(chrom, pos)] = float(line)
        pos += step
    return vals


def ichor(root, name, cen):
    d = os.path.join(root, "ichorcna-mbc315")
    cnt, gc, mp = (read_wig(os.path.join(d, f)) for f in
                   (name, "gc_hg19_1000kb.wig", "map_hg19_1000kb.wig"))
    auto = {str(k) for k in range(1, 23)}
    keys = [k for k in cnt if k[0] in auto and cnt[k] > 0 and gc.get(k, -1) > 0
            and mp.get(k, 0) >= 0.9]
    med = statistics.median(cnt[k] for k in keys)
    keys.sort(key=lambda k: gc[k])
    lg = {}
    for i in range(20):             # GC strata: divide by each stratum's median
        part = keys[i * len(keys) // 20:(i + 1) * len(keys) // 20]
        m = statistics.median(cnt[k] for k in part)
        for k in part:
            lg[k] = math.log2(cnt[k] / m)
    bins = sorted((k[0], k[1], lg[k]) for k in lg)
    diffs = [a[2] - b[2] for a, b in zip(bins, bins[1:]) if a[0] == b[0] and b[1] == a[1] + 1000000]
    local = rsd(diffs) / math.sqrt(2)
    pois = 1 / math.sqrt(med) / math.log(2)
    arm, _obs, _own, narm = arm_residual(bins, cen)
    return {"bins": len(bins), "median_count": med, "local": local, "poisson": pois,
            "excess": quad_minus(local, pois), "arm": arm, "arms": narm,
            "block5": block_residual(bins, 5000000)}


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "..", "shared",
                                                                "realdata")
    if not os.path.isdir(os.path.join(root, "facets-stomach")):
        root = os.path.join(here, "..", "..", "..", "shared", "realdata")
    cen = centromeres(root)
    out = ["| data | measure | value |", "|---|---|---|"]
    fa = facets(root)
    out += [f"| FACETS stomach exome | het sites (normal ref fraction 0.1-0.9, depth >= 25) | "
            f"{fa['sites']:,} (median depth normal {fa['depth_n']:.0f}, tumour {fa['depth_t']:.0f}) |",
            f"| | median reference fraction (normal; reference bias) | {fa['ref_frac']:.4f} |",
            f"| | **rho, normal** (all het sites) | **{fa['rho_normal']:.4f}** |"]
    out += [f"| | rho, normal, depth {lo}-{hi if hi < 1 << 29 else 'max'} ({n:,} sites) | {r:.4f} |"
            for lo, hi, n, r in fa["strata"]]
    out += [f"| | **rho, tumour** (median of {fa['windows']} windows of 200 sites; quartiles) | "
            f"**{fa['rho_tumour_median']:.4f}** ({fa['rho_tumour_q25']:.4f}-"
            f"{fa['rho_tumour_q75']:.4f}) |"]
    wgs = read_cnr(os.path.join(root, "cnvkit-wgs-chr17", "wgs-chr17.cnr"),
                   lambda f: not 36900000 <= int(f[1]) < 38600000)
    for size in (1000000, 5000000):
        loc, own, exc, n = block_residual(wgs, size)
        out.append(f"| CNVkit WGS chr17 (~270 bp bins) | local residual SD, {size // 1000000} Mb "
                   f"blocks ({n}) | **{exc:.3f}** (observed {loc:.3f}, sampling {own:.3f}) |")
    for name in ("p2-20_1", "p2-20_2"):
        path = os.path.join(root, "cnvkit-targeted-her2neg", name + ".cnr")
        for kind, keep in (("targets", lambda f: f[3] != "Background"),
                           ("antitargets", lambda f: f[3] == "Background")):
            b = read_cnr(path, keep)
            arm, arm_obs, arm_own, narm = arm_residual(b, cen)
            loc, own, exc, n = block_residual(b, 5000000)
            out.append(f"| CNVkit panel {name}, {kind} ({len(b):,} bins) | SD of arm medians "
                       f"({narm} arms); local 5 Mb residual | **{arm:.3f}** (observed "
                       f"{arm_obs:.3f}, sampling {arm_own:.3f}); {exc:.3f} (observed {loc:.3f}, "
                       f"sampling {own:.3f}) |")
    for name in ("MBC_315.ctDNA.reads.wig", "MBC_315_T2.ctDNA.reads.wig"):
        r = ichor(root, name, cen)
        loc5, own5, exc5, n5 = r["block5"]
        out.append(f"| ichorCNA {name.split('.')[0]} (1 Mb, median {r['median_count']:.0f} reads) | "
                   f"local 1 Mb residual beyond Poisson; SD of arm medians ({r['arms']} arms) | "
                   f"**{r['excess']:.3f}** (observed {r['local']:.3f}, Poisson {r['poisson']:.3f}); "
                   f"{r['arm']:.3f} |")
    print("\n".join(out))


if __name__ == "__main__":
    main()
