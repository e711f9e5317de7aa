# The cohort outputs: one merged TSV and the MultiQC report.


rule her2cn_merge:
    """One row per tumour (its first called gene, ERBB2), from the JSON summaries:
    `her2cn cohort` writes the TSV, an IGV SEG file and a one-page HTML summary."""
    input:
        expand(os.path.join(H2_OUT, "{sample}.json"), sample=TUMOURS),
    output:
        tsv=os.path.join(OUT, "her2cn_calls.tsv"),
        seg=os.path.join(OUT, "her2cn_calls.seg"),
        html=os.path.join(OUT, "her2cn_calls.html"),
    log:
        os.path.join(OUT, "logs", "her2cn_merge.log"),
    conda:
        "../envs/her2cn.yaml"
    params:
        bin=H2["bin"],
        prefix=lambda wc, output: output.tsv[: -len(".tsv")],
    shell:
        "{params.bin} cohort -o {params.prefix} --seg {input} 2> {log}"


rule her2cn_multiqc:
    input:
        expand(os.path.join(H2_OUT, "{sample}.her2cn_mqc.json"), sample=TUMOURS),
        expand(os.path.join(H2_OUT, "{sample}.her2cn_gs_mqc.json"), sample=TUMOURS),
    output:
        os.path.join(OUT, "multiqc", "multiqc_report.html"),
    params:
        extra=config["multiqc"]["extra"],
        outdir=lambda wc, output: os.path.dirname(output[0]),
        indir=lambda wc, input: os.path.dirname(input[0]),
    log:
        os.path.join(OUT, "logs", "multiqc.log"),
    conda:
        "../envs/multiqc.yaml"
    shell:
        "multiqc -f {params.extra} -o {params.outdir} {params.indir} > {log} 2>&1"
