# her2cn rules, droppable into another Snakemake pipeline:
#
#   configfile: "path/to/her2cn/config/config.yaml"   # or your own her2cn: section
#   include: "path/to/her2cn/workflow/rules/her2cn.smk"
#   rule all:
#       input: expand("results/her2cn/{sample}.vcf.gz", sample=TUMOURS)
#
# The BAM of {sample} comes from the sample sheet (HER2CN_SAMPLES, filled by
# workflow's rules/common.smk) or, for any other sample, from the pattern
# config["her2cn"]["bam"], e.g. "mapped/{sample}.bam". A tumour whose sheet row
# names a matched normal is called with --normal; the others with the panel of
# normals (pon.enabled) or tumour-only. Outputs go to <outdir>/her2cn/ with
# outdir = config["outdir"] (default "results"), logs to <outdir>/her2cn/logs/.


include: "her2cn_common.smk"


rule her2cn_pon:
    """Panel of normals from every normal in the sample sheet (pon.enabled)."""
    input:
        lambda wc: her2cn_normal_files(),
    output:
        pon=os.path.join(H2_OUT, "pon", "pon.tsv"),
    log:
        os.path.join(H2_OUT, "logs", "pon.log"),
    threads: H2["threads"]
    conda:
        "../envs/her2cn.yaml"
    container:
        H2_CONTAINER
    params:
        bin=H2["bin"],
        ref=her2cn_ref_opt(),
        genome=H2["genome"],
        extra=H2_PON["extra"],
        targets=lambda wc: her2cn_targets_opt(her2cn_pon_targets()),
        bams=lambda wc: " ".join(her2cn_q(b) for b in her2cn_normals()),
    shell:
        "{params.bin} pon -@ {threads} -g {params.genome} {params.ref} {params.targets} "
        "{params.extra} -o {output.pon} {params.bams} 2> {log}"


rule her2cn_call:
    """Call one sample: VCF, JSON summary, MultiQC files, SVG plot, HTML report."""
    input:
        unpack(her2cn_reference_input),
        bam=her2cn_bam_files,
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
    conda:
        "../envs/her2cn.yaml"
    container:
        H2_CONTAINER
    params:
        bin=H2["bin"],
        ref=her2cn_ref_opt(),
        genome=H2["genome"],
        extra=H2["extra"],
        purity=her2cn_purity,
        reference=her2cn_reference_opt,
        targets=lambda wc: her2cn_targets_opt(her2cn_row(wc).get("targets", "")),
        prefix=lambda wc: os.path.join(H2_OUT, wc.sample),
        bam=lambda wc: her2cn_q(her2cn_bam(wc)),
    shell:
        "{params.bin} call -@ {threads} -g {params.genome} {params.ref} {params.purity} "
        "{params.reference} {params.targets} {params.extra} -s {wildcards.sample} -o {output.vcf} "
        "--json {output.json} --mqc {params.prefix} --plot {output.plot} "
        "--report {output.report} {params.bam} 2> {log}"
