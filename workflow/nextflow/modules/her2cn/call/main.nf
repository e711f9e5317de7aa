// her2cn call: ERBB2 (HER2) copy number from a BAM/CRAM (nf-core module layout).
process HER2CN_CALL {
    tag "$meta.id"
    label 'process_low'

    conda "bioconda::her2cn=0.1.0"
    container "her2cn:0.1.0"

    input:
    tuple val(meta), path(alignments), path(index)   // meta: [id: 'T1', purity: 0.6 (optional)]
    tuple val(meta2), path(fasta), path(fai)          // optional reference: [[:], [], []] for none

    output:
    tuple val(meta), path("*.vcf.gz"), path("*.vcf.gz.tbi"), emit: vcf
    tuple val(meta), path("*.summary.json")                , emit: json
    tuple val(meta), path("*_mqc.json")                    , emit: mqc
    tuple val(meta), path("*.svg")                         , emit: plot
    tuple val(meta), path("*.html")                        , emit: report
    path "versions.yml"                                    , emit: versions

    when:
    task.ext.when == null || task.ext.when

    script:
    def args      = task.ext.args ?: ''
    def prefix    = task.ext.prefix ?: "${meta.id}"
    def reference = fasta ? "--reference ${fasta}" : ''
    def purity    = meta.purity ? "--purity ${meta.purity}" : ''
    """
    her2cn call \\
        --quiet \\
        --threads ${task.cpus} \\
        ${reference} \\
        ${purity} \\
        ${args} \\
        --sample ${meta.id} \\
        --output ${prefix}.vcf.gz \\
        --json ${prefix}.summary.json \\
        --mqc ${prefix} \\
        --plot ${prefix}.svg \\
        --report ${prefix}.html \\
        ${alignments}

    cat <<-END_VERSIONS > versions.yml
    "${task.process}":
        her2cn: \$(her2cn --version | sed -n '1s/^her2cn //p')
        htslib: \$(her2cn --version | sed -n 's/^Using htslib //p')
    END_VERSIONS
    """

    stub:
    def prefix = task.ext.prefix ?: "${meta.id}"
    """
    echo | gzip > ${prefix}.vcf.gz
    touch ${prefix}.vcf.gz.tbi ${prefix}.summary.json ${prefix}.her2cn_mqc.json \\
        ${prefix}.her2cn_gs_mqc.json ${prefix}.svg ${prefix}.html

    cat <<-END_VERSIONS > versions.yml
    "${task.process}":
        her2cn: \$(her2cn --version | sed -n '1s/^her2cn //p')
        htslib: \$(her2cn --version | sed -n 's/^Using htslib //p')
    END_VERSIONS
    """
}
