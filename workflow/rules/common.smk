# The sample sheet and the config, validated against workflow/schemas/.
import csv
import os

from snakemake.utils import validate


validate(config, schema="../schemas/config.schema.yaml")


def read_sheet(path):
    """{sample: row} of the TSV sheet; every row checked by the schema, then
    the cross-row rules (unique names, matched normals exist, one targets BED
    for the panel of normals)."""
    rows = {}
    with open(path) as fh:
        lines = (l for l in fh if l.strip() and not l.startswith("#"))
        for r in csv.DictReader(lines, delimiter="\t"):
            r = {k: (v or "").strip() for k, v in r.items() if k is not None}
            validate(r, schema="../schemas/samples.schema.yaml")
            if r["sample"] in rows:
                raise ValueError(f"{path}: sample {r['sample']!r} appears twice")
            rows[r["sample"]] = r
    for s, r in rows.items():
        n = r["normal"]
        if n and (r["type"] != "tumour" or rows.get(n, {}).get("type") != "normal"):
            raise ValueError(f"{path}: {s}: normal {n!r} must be a normal row, given for a tumour")
    return rows


HER2CN_SAMPLES = read_sheet(config["samples"])
TUMOURS = [s for s, r in HER2CN_SAMPLES.items() if r["type"] == "tumour"]
OUT = config["outdir"]
COHORT_PREFIX = os.path.join(OUT, "cohort", "cohort")
# cohort.enabled: a boolean from YAML, the string True or False from --config
COHORT_ENABLED = str((config.get("cohort") or {}).get("enabled", False)).lower() == "true"
