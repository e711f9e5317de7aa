// her2cn cohort: the JSON summaries of HER2CN_CALL (emit json) -> one table
// (PREFIX.tsv, a row per sample and gene), segments (PREFIX.seg, for IGV) and
// an HTML page (nf-core module layout; docs/INTEGRATION.md). The summaries
// reach her2cn through a list file, so a cohort of any size fits.
process HER2CN_COHORT {
    tag "$meta.id"
    label 'process_single'

    conda "${moduleDir}/environment.yml"
    container "her2cn:0.1.0"

    input:
    tuple val(meta), path(summaries)

    output:
    tuple val(meta), path("*.tsv") , emit: tsv
    tuple val(meta), path("*.seg") , emit: seg
    tuple val(meta), path("*.html"), emit: html
    tuple val("${task.process}"), val('her2cn'), eval("her2cn --version | sed -n '1s/^her2cn //p'"), emit: versions_her2cn, topic: versions
    tuple val("${task.process}"), val('htslib'), eval("her2cn --version | sed -n 's/^Using htslib //p'"), emit: versions_htslib, topic: versions

    when:
    task.ext.when == null || task.ext.when

    script:
    def args      = task.ext.args ?: ''
    def prefix    = task.ext.prefix ?: "${meta.id}"
    """
    printf '%s\\n' ${summaries} > ${prefix}.list
    her2cn cohort \\
        ${args} \\
        -o ${prefix} \\
        --list ${prefix}.list
    """

    stub:
    def args      = task.ext.args ?: ''
    def prefix    = task.ext.prefix ?: "${meta.id}"
    """
    echo ${args}
    touch ${prefix}.tsv
    touch ${prefix}.seg
    touch ${prefix}.html
    """
}
