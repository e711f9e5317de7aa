"""Snakemake wrapper for `her2cn call` (snakemake-wrappers layout:
wrapper.py, environment.yaml, meta.yaml, test/Snakefile). meta.yaml lists the
named inputs, outputs and params."""

__author__ = "her2cn developers"
__license__ = "MIT"

import shlex

from snakemake.shell import shell

inp, out, params = snakemake.input, snakemake.output, snakemake.params  # noqa: F821
log = snakemake.log_fmt_shell(stdout=False, stderr=True)  # noqa: F821


def one(files, name):
    """The first file of a named input or output (either may be a list), or ''."""
    v = files.get(name, "")
    return v if isinstance(v, str) else (v[0] if v else "")


if one(inp, "normal") and one(inp, "pon"):
    raise ValueError("her2cn call wrapper: give a matched normal or a panel of normals, not both")
mqc = one(out, "mqc")
if mqc and not mqc.endswith(".her2cn_mqc.json"):
    raise ValueError("her2cn call wrapper: output mqc must end in .her2cn_mqc.json "
                     "(her2cn writes PREFIX.her2cn_mqc.json and PREFIX.her2cn_gs_mqc.json)")

opts = [("--threads", str(snakemake.threads))]  # noqa: F821
opts += [
    ("--reference", one(inp, "ref")),
    ("--normal", one(inp, "normal")),
    ("--pon", one(inp, "pon")),
    ("--targets", one(inp, "targets")),
    ("--genes", one(inp, "genes")),
    ("--sample", params.get("sample", "")),
    ("--json", one(out, "json")),
    ("--mqc", mqc[: -len(".her2cn_mqc.json")]),
    ("--plot", one(out, "plot")),
    ("--report", one(out, "report")),
    ("--cnr", one(out, "cnr")),
    ("--output", one(out, "vcf") or out[0]),
]
args = " ".join(f"{flag} {shlex.quote(value)}" for flag, value in opts if value)
extra = params.get("extra", "")
bam = one(inp, "bam") or inp[0]
shell("her2cn call {args} {extra} {bam:q} {log}")
