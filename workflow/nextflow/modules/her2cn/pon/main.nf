// her2cn pon: a panel of normals from 3 or more normal BAM/CRAMs of one assay,
// for HER2CN_CALL's pon input (nf-core module layout; docs/INTEGRATION.md).
process HER2CN_PON {
    tag "$meta.id"
    label 'process_single'

    conda "${moduleDir}/environment.yml"
    container "her2cn:0.1.0"

    input:
    tuple val(meta), path(normals), path(normal_indexes)
    tuple val(meta2), path(fasta), path(fai)
    tuple val(meta3), path(targets)
    tuple val(meta4), path(genes)

    output:
    tuple val(meta), path("*.pon"), emit: pon
    tuple val("${task.process}"), val('her2cn'), eval("her2cn --version | sed -n '1s/^her2cn //p'"), emit: versions_her2cn, topic: versions
    tuple val("${task.process}"), val('htslib'), eval("her2cn --version | sed -n 's/^Using htslib //p'"), emit: versions_htslib, topic: versions

    when:
    task.ext.when == null || task.ext.when

    script:
    def args      = task.ext.args ?: ''
    def prefix    = task.ext.prefix ?: "${meta.id}"
    def reference = fasta ? "--reference ${fasta}" : ''
    def capture   = targets ? "--targets ${targets}" : ''
    def called    = genes ? "--genes ${genes}" : ''
    """
    her2cn pon \\
        --threads ${task.cpus} \\
        ${reference} \\
        ${capture} \\
        ${called} \\
        ${args} \\
        --output ${prefix}.pon \\
        ${normals}
    """

    stub:
    def args      = task.ext.args ?: ''
    def prefix    = task.ext.prefix ?: "${meta.id}"
    """
    echo ${args}
    echo | gzip > ${prefix}.pon
    """
}
