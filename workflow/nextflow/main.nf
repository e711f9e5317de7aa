// Minimal example pipeline around the module: call every sample of a CSV
// sheet (sample,bam,purity) and collect the MultiQC files.
//   nextflow run workflow/nextflow/main.nf --input samples.csv [--fasta ref.fa] -profile docker
nextflow.enable.dsl = 2

include { HER2CN_CALL } from './modules/her2cn/call/main'

params.input = null
params.fasta = null
params.outdir = 'results'

workflow {
    samples = Channel.fromPath(params.input, checkIfExists: true)
        .splitCsv(header: true)
        .map { row ->
            def meta = [id: row.sample]
            if (row.purity) meta.purity = row.purity as double
            def bam = file(row.bam, checkIfExists: true)
            def idx = file(row.bam + (row.bam.endsWith('.cram') ? '.crai' : '.bai'), checkIfExists: true)
            [meta, bam, idx]
        }
    ref = params.fasta
        ? Channel.value([[id: 'ref'], file(params.fasta), file(params.fasta + '.fai')])
        : Channel.value([[:], [], []])
    HER2CN_CALL(samples, ref)
    HER2CN_CALL.out.mqc.map { meta, files -> files }.flatten()
        .collectFile(storeDir: "${params.outdir}/multiqc_input")
    HER2CN_CALL.out.versions.first().collectFile(storeDir: params.outdir)
}
