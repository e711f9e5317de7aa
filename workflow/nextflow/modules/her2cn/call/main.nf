// her2cn call: ERBB2 (HER2) copy number from a BAM/CRAM (nf-core module layout;
// docs/INTEGRATION.md lists the conventions and how `make integration` checks them).
process HER2CN_CALL {
    tag "$meta.id"
    label 'process_single'

    conda "${moduleDir}/environment.yml"
    container "her2cn:0.1.0"

    input:
    tuple val(meta), path(alignments), path(index), path(normal), path(normal_index)
    tuple val(meta2), path(fasta), path(fai)
    tuple val(meta3), path(pon)
    tuple val(meta4), path(targets)
    tuple val(meta5), path(genes)

    output:
    tuple val(meta), path("*.vcf.gz")      , emit: vcf
    tuple val(meta), path("*.vcf.gz.tbi")  , emit: tbi
    tuple val(meta), path("*.summary.json"), emit: json
    tuple val(meta), path("*_mqc.json")    , emit: mqc
    tuple val(meta), path("*.cnr")         , emit: cnr
    tuple val(meta), path("*.svg")         , emit: plot
    tuple val(meta), path("*.html")        , emit: report
    tuple val("${task.process}"), val('her2cn'), eval("her2cn --version | sed -n '1s/^her2cn //p'"), emit: versions_her2cn, topic: versions
    tuple val("${task.process}"), val('htslib'), eval("her2cn --version | sed -n 's/^Using htslib //p'"), emit: versions_htslib, topic: versions

    when:
    task.ext.when == null || task.ext.when

    script:
    def args      = task.ext.args ?: ''
    def prefix    = task.ext.prefix ?: "${meta.id}"
    def reference = fasta ? "--reference ${fasta}" : ''
    def matched   = normal ? "--normal ${normal}" : ''
    def panel     = pon ? "--pon ${pon}" : ''
    def capture   = targets ? "--targets ${targets}" : ''
    def called    = genes ? "--genes ${genes}" : ''
    """
    her2cn call \\
        --threads ${task.cpus} \\
        ${reference} \\
        ${matched} \\
        ${panel} \\
        ${capture} \\
        ${called} \\
        ${args} \\
        --sample ${meta.id} \\
        --output ${prefix}.vcf.gz \\
        --json ${prefix}.summary.json \\
        --mqc ${prefix} \\
        --cnr ${prefix}.cnr \\
        --plot ${prefix}.svg \\
        --report ${prefix}.html \\
        ${alignments}
    """

    stub:
    def args      = task.ext.args ?: ''
    def prefix    = task.ext.prefix ?: "${meta.id}"
    """
    echo ${args}
    echo | gzip > ${prefix}.vcf.gz
    touch ${prefix}.vcf.gz.tbi
    touch ${prefix}.summary.json
    touch ${prefix}.her2cn_mqc.json
    touch ${prefix}.her2cn_gs_mqc.json
    touch ${prefix}.her2cn_plot_mqc.json
    touch ${prefix}.cnr
    touch ${prefix}.svg
    touch ${prefix}.html
    """
}
