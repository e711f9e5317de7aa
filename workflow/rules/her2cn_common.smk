# Settings and input functions of the her2cn rules (rules/her2cn.smk includes
# this file).
import os
import re
import shlex

H2 = {"bin": "her2cn", "reference": "", "genome": "auto", "threads": 2, "extra": "",
      "bam": "{sample}.bam"}
H2.update(config.get("her2cn", {}) or {})
H2_PON = {"enabled": "auto", "extra": ""}
H2_PON.update(config.get("pon", {}) or {})
H2_OUT = os.path.join(config.get("outdir", "results"), "her2cn")
# the image of the Dockerfile (docker build -t her2cn:VERSION .), for
# --software-deployment-method apptainer (--use-singularity on Snakemake 7)
H2_CONTAINER = "docker://her2cn:0.1.0"
if "HER2CN_SAMPLES" not in globals():
    HER2CN_SAMPLES = {}


def her2cn_bam(wildcards):
    row = HER2CN_SAMPLES.get(wildcards.sample)
    return row["bam"] if row else H2["bam"].format(sample=wildcards.sample)


def her2cn_is_remote(path):
    """A URL (https://, s3://, gs://, ...): her2cn reads it in place through
    htslib, fetching only the blocks it needs, so the workflow neither stages
    it nor declares it as an input file (Snakemake would look for it locally)."""
    scheme, sep, _ = path.partition("://")
    return bool(sep) and re.fullmatch(r"[A-Za-z][\w.+-]*", scheme) is not None


def her2cn_files_of(bam):
    """[alignment file, index] as Snakemake input, without the URLs. htslib's
    "file##idx##index" form names the index; else .bai/.crai beside the file."""
    if "##idx##" in bam:
        return [p for p in bam.split("##idx##", 1) if not her2cn_is_remote(p)]
    if her2cn_is_remote(bam):
        return []
    return [bam, f"{bam}.crai" if bam.endswith(".cram") else f"{bam}.bai"]


def her2cn_bam_files(wildcards):
    return her2cn_files_of(her2cn_bam(wildcards))


def her2cn_q(path):
    """path quoted for the shell (URLs may hold ? and &)."""
    return shlex.quote(path)


def her2cn_row(wildcards):
    return HER2CN_SAMPLES.get(wildcards.sample) or {}


def her2cn_purity(wildcards):
    p = her2cn_row(wildcards).get("purity")
    return f"--purity {p}" if p else ""


def her2cn_targets_opt(targets):
    return f"--targets {targets}" if targets else ""


def her2cn_normals():
    return [r["bam"] for r in HER2CN_SAMPLES.values() if r["type"] == "normal"]


def her2cn_normal_files():
    """The local normals and their indexes (input of the panel of normals)."""
    return [f for b in her2cn_normals() for f in her2cn_files_of(b)]


def her2cn_pon_targets():
    """The one targets BED of the normals (the panel is built with it)."""
    t = {r.get("targets", "") for r in HER2CN_SAMPLES.values() if r["type"] == "normal"}
    if len(t) > 1:
        raise ValueError("her2cn: the normals of the sheet have different targets; "
                         "a panel of normals needs one assay")
    return t.pop() if t else ""


def her2cn_use_pon():
    """pon.enabled: true (always; her2cn pon fails with fewer than 3 normals),
    false (never), or "auto" (when the sheet has 3 or more normals)."""
    e = H2_PON["enabled"]
    if isinstance(e, str) and e.lower() == "auto":
        return len(her2cn_normals()) >= 3
    return bool(e) and str(e).lower() != "false"


def her2cn_reference_input(wildcards):
    """The matched normal (BAM and index) or the panel of normals, if any."""
    row = her2cn_row(wildcards)
    if row.get("normal"):
        return {"normal": her2cn_files_of(HER2CN_SAMPLES[row["normal"]]["bam"])}
    if her2cn_use_pon():
        if row.get("targets", "") != her2cn_pon_targets():
            raise ValueError(f"her2cn: {wildcards.sample}: targets differ from the normals' "
                             "(the panel of normals needs the same assay)")
        return {"pon": os.path.join(H2_OUT, "pon", "pon.tsv")}
    return {}


def her2cn_reference_opt(wildcards, input):
    row = her2cn_row(wildcards)
    if row.get("normal"):
        return f"--normal {her2cn_q(HER2CN_SAMPLES[row['normal']]['bam'])}"
    return f"--pon {input.pon}" if "pon" in input.keys() else ""


def her2cn_ref_opt():
    return f"-f {H2['reference']}" if H2["reference"] else ""
