# The cohort outputs: one merged TSV, the MultiQC report and (cohort.enabled)
# `her2cn cohort`'s table, segments and HTML page.


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
    container:
        H2_CONTAINER
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
    container:
        "docker://multiqc/multiqc:v1.14"
    shell:
        "multiqc -f {params.extra} -o {params.outdir} {params.indir} > {log} 2>&1"



rule her2cn_cohort_list:
    """The tumours' JSON summaries, one path a line, for `her2cn cohort
    --list`: a cohort of thousands would pass the kernel's 128 KiB limit on
    one argument if they were on the command line (a rule's shell command is
    one argument of bash -c)."""
    input:
        expand(os.path.join(H2_OUT, "{sample}.json"), sample=TUMOURS),
    output:
        f"{COHORT_PREFIX}.list",
    log:
        os.path.join(OUT, "logs", "her2cn_cohort_list.log"),
    conda:
        "../envs/python.yaml"
    container:
        "docker://python:3.11-slim"
    script:
        "../scripts/write_list.py"


rule her2cn_cohort:
    """`her2cn cohort` over every tumour: PREFIX.tsv (one row per sample and
    gene), PREFIX.seg (segments, for IGV) and PREFIX.html."""
    input:
        jsons=expand(os.path.join(H2_OUT, "{sample}.json"), sample=TUMOURS),
        list=f"{COHORT_PREFIX}.list",
    output:
        tsv=f"{COHORT_PREFIX}.tsv",
        seg=f"{COHORT_PREFIX}.seg",
        html=f"{COHORT_PREFIX}.html",
    log:
        os.path.join(OUT, "logs", "her2cn_cohort.log"),
    conda:
        "../envs/her2cn.yaml"
    container:
        H2_CONTAINER
    params:
        bin=H2["bin"],
        extra=config.get("cohort", {}).get("extra", ""),
        prefix=lambda wc, output: output.tsv[: -len(".tsv")],
    shell:
        "{params.bin} cohort {params.extra} -o {params.prefix} --list {input.list} 2> {log}"
