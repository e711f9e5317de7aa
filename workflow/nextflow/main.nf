// Minimal example pipeline around the module: call every tumour of a CSV sheet
// (sample,bam,purity,normal,targets; normal and targets may be empty) and
// publish the outputs and the collected versions to --outdir.
//   nextflow run workflow/nextflow/main.nf --input samples.csv [--fasta ref.fa] [--pon panel.pon] -profile docker
nextflow.enable.dsl = 2

include { HER2CN_CALL } from './modules/her2cn/call/main'

params.input  = null
params.fasta  = null
params.pon    = null
params.genes  = null
params.outdir = 'results'

def indexOf(String aln) { aln + (aln.endsWith('.cram') ? '.crai' : '.bai') }

workflow {
    if (!params.input) error "--input samples.csv is required"
    sheet = Channel.fromPath(params.input, checkIfExists: true).splitCsv(header: true)
    samples = sheet.map { row ->
        def meta = [id: row.sample]
        if (row.purity) meta.purity = row.purity as double
        def bam = file(row.bam, checkIfExists: true)
        def bai = file(indexOf(row.bam), checkIfExists: true)
        def nbam = row.normal ? file(row.normal, checkIfExists: true) : []
        def nbai = row.normal ? file(indexOf(row.normal), checkIfExists: true) : []
        [meta, bam, bai, nbam, nbai]
    }
    // one targets BED per sheet (panel mode); the module takes it as a value channel
    targets_path = sheet.map { it.targets ?: '' }.unique().toList().map { l ->
        if (l.size() > 1) error "all samples of one run must share the targets column"
        l[0] ? [[id: 'targets'], file(l[0], checkIfExists: true)] : [[:], []]
    }
    ref   = params.fasta ? Channel.value([[id: 'ref'], file(params.fasta, checkIfExists: true), file(params.fasta + '.fai', checkIfExists: true)])
                         : Channel.value([[:], [], []])
    pon   = params.pon   ? Channel.value([[id: 'pon'], file(params.pon, checkIfExists: true)]) : Channel.value([[:], []])
    genes = params.genes ? Channel.value([[id: 'genes'], file(params.genes, checkIfExists: true)]) : Channel.value([[:], []])
    HER2CN_CALL(samples, ref, pon, targets_path.first(), genes)

    // versions from the topic channel (Nextflow >= 25.04; 24.x needs nextflow.preview.topic = true), one YAML file
    channel.topic('versions')
        .map { process, tool, version -> "\"${process}\":\n    ${tool}: ${version}" }
        .unique()
        .collectFile(name: 'versions.yml', storeDir: "${params.outdir}/pipeline_info", newLine: true, sort: true)
}
