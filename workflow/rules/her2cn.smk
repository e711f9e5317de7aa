# her2cn rules, droppable into another Snakemake pipeline:
#
#   configfile: "path/to/her2cn/workflow/config.yaml"   # or your own her2cn: section
#   include: "path/to/her2cn/workflow/rules/her2cn.smk"
#   rule all:
#       input: expand("results/her2cn/{sample}.vcf.gz", sample=TUMOURS)
#
# The BAM of {sample} comes from the sample sheet (HER2CN_SAMPLES, filled by
# the workflow's Snakefile) or, for any other sample, from the pattern
# config["her2cn"]["bam"], e.g. "mapped/{sample}.bam". Outputs go to
# <outdir>/her2cn/ with outdir = config["outdir"] (default "results").
import os

H2 = {"bin": "her2cn", "reference": "", "genome": "auto", "threads": 2, "extra": "",
      "bam": "{sample}.bam"}
H2.update(config.get("her2cn", {}) or {})
H2_PON = {"enabled": "auto", "extra": ""}
H2_PON.update(config.get("pon", {}) or {})
H2_OUT = os.path.join(config.get("outdir", "results"), "her2cn")
if "HER2CN_SAMPLES" not in globals():
    HER2CN_SAMPLES = {}


def her2cn_bam(wildcards):
    row = HER2CN_SAMPLES.get(wildcards.sample)
    return row["bam"] if row else H2["bam"].format(sample=wildcards.sample)


def her2cn_index(wildcards):
    bam = her2cn_bam(wildcards)
    return bam + (".crai" if bam.endswith(".cram") else ".bai")


def her2cn_purity(wildcards):
    row = HER2CN_SAMPLES.get(wildcards.sample) or {}
    return f"--purity {row['purity']}" if row.get("purity") else ""


def her2cn_normals():
    return [r["bam"] for r in HER2CN_SAMPLES.values() if r["type"] == "normal"]


def her2cn_use_pon():
    """pon.enabled: true (always; her2cn pon fails with fewer than 3 normals),
    false (never), or "auto" (when the sheet has 3 or more normals)."""
    e = H2_PON["enabled"]
    if isinstance(e, str) and e.lower() == "auto":
        return len(her2cn_normals()) >= 3
    return bool(e) and str(e).lower() != "false"


def her2cn_pon_input(wildcards):
    return {"pon": os.path.join(H2_OUT, "pon", "pon.tsv")} if her2cn_use_pon() else {}


def her2cn_ref_opt():
    return f"-f {H2['reference']}" if H2["reference"] else ""


rule her2cn_pon:
    """Panel of normals from every normal in the sample sheet (pon.enabled)."""
    input:
        bams=lambda wc: her2cn_normals(),
    output:
        pon=os.path.join(H2_OUT, "pon", "pon.tsv"),
    log:
        os.path.join(H2_OUT, "logs", "pon.log"),
    threads: H2["threads"]
    params:
        bin=H2["bin"], ref=her2cn_ref_opt(), genome=H2["genome"], extra=H2_PON["extra"],
    shell:
        "{params.bin} pon -@ {threads} -g {params.genome} {params.ref} {params.extra} "
        "-o {output.pon} {input.bams} 2> {log}"


rule her2cn_call:
    """Call one sample: VCF, JSON summary, MultiQC files, SVG plot, HTML report."""
    input:
        unpack(her2cn_pon_input),
        bam=her2cn_bam,
        bai=her2cn_index,
    output:
        vcf=os.path.join(H2_OUT, "{sample}.vcf.gz"),
        tbi=os.path.join(H2_OUT, "{sample}.vcf.gz.tbi"),
        json=os.path.join(H2_OUT, "{sample}.json"),
        mqc=os.path.join(H2_OUT, "{sample}.her2cn_mqc.json"),
        mqc_gs=os.path.join(H2_OUT, "{sample}.her2cn_gs_mqc.json"),
        plot=os.path.join(H2_OUT, "{sample}.svg"),
        report=os.path.join(H2_OUT, "{sample}.html"),
    log:
        os.path.join(H2_OUT, "logs", "{sample}.log"),
    threads: H2["threads"]
    params:
        bin=H2["bin"], ref=her2cn_ref_opt(), genome=H2["genome"], extra=H2["extra"],
        purity=her2cn_purity,
        pon=lambda wc, input: f"--pon {input.pon}" if "pon" in input.keys() else "",
        prefix=lambda wc: os.path.join(H2_OUT, wc.sample),
    shell:
        "{params.bin} call -@ {threads} -g {params.genome} {params.ref} {params.purity} "
        "{params.pon} {params.extra} -s {wildcards.sample} -o {output.vcf} "
        "--json {output.json} --mqc {params.prefix} --plot {output.plot} "
        "--report {output.report} {input.bam} 2> {log}"
