#!/usr/bin/env python3
"""Merge `her2cn call --json` summaries into one TSV on stdout: one row per
sample and called gene. Usage: merge_json.py A.json B.json ... > calls.tsv"""
import json
import sys

COLS = ["sample", "gene", "contig", "start", "end", "call", "context", "cn", "cn_lo", "cn_hi",
        "ratio17", "log2", "se", "depth", "bins", "qual", "lod_cn", "filters", "ish_group",
        "purity", "purity_source", "ploidy", "min_detectable_purity", "mapd", "reference_bins_used", "build", "mode", "normalisation"]


def fmt(v):
    if v is None:
        return "NA"
    if isinstance(v, float):
        return f"{v:.4g}" if abs(v) < 1e4 else f"{v:.1f}"
    return str(v)


def rows(path):
    d = json.load(open(path))
    if d.get("schema") != "her2cn-call" or d.get("schema_version") != 2:
        sys.exit(f"merge_json.py: {path}: not a her2cn-call v2 summary")
    pur = d["purity"]
    for g in d["genes"]:
        r = dict(g)
        r.update(sample=d["sample"], cn_lo=g["ci"][0], cn_hi=g["ci"][1],
                 filters=";".join(g["filters"]), purity=pur["value"], purity_source=pur["source"],
                 ploidy=pur["ploidy"], min_detectable_purity=pur["min_detectable_purity"],
                 mapd=d["qc"]["mapd"], reference_bins_used=d["qc"]["reference_bins_used"],
                 build=d["build"], mode=d["mode"], normalisation=d["normalisation"])
        yield [fmt(r.get(c)) for c in COLS]


def main(paths):
    out = ["\t".join(COLS)]
    for p in paths:
        out.extend("\t".join(r) for r in rows(p))
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
