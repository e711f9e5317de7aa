// Test-data maker for main.nf.test: `her2cn simulate` over the region set only
// (about 1x, a few seconds), so the tests need no downloaded data.
process HER2CN_SIMULATE {
    tag "$meta.id"
    container "her2cn:0.1.0"

    input:
    tuple val(meta), val(sim_args)

    output:
    tuple val(meta), path("${meta.id}.bam"), path("${meta.id}.bam.bai"), emit: bam

    script:
    """
    her2cn regions -g GRCh38 > regions.bed
    her2cn simulate -g GRCh38 -r regions.bed -d 1 --sample ${meta.id} ${sim_args} -o ${meta.id}.bam
    """
}
