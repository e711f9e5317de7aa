#!/usr/bin/env cwl-runner
# her2cn call as a CWL CommandLineTool: BAM/CRAM in; VCF (+ .tbi), JSON
# summary, MultiQC files, SVG plot and HTML report out.
#   cwltool --no-container her2cn-call.cwl job.yml      (her2cn on PATH)
#   cwltool her2cn-call.cwl job.yml                     (in the her2cn:0.1.0 image)
cwlVersion: v1.2
$namespaces:
  edam: http://edamontology.org/
$schemas:
  - https://edamontology.org/EDAM_1.25.owl
class: CommandLineTool
label: her2cn call
doc: |
  Estimate the ERBB2 (HER2) copy number of a tumour BAM/CRAM from read depth and
  write it as VCF, with a JSON summary, MultiQC custom content, an SVG plot and
  an HTML report. See the her2cn README for the method and the output fields.
  The VCF has one record per called gene (INFO GENE) and, by default, an
  AMPLICON <DUP> record for the segment holding the gene (ID AMPLICON:..., INFO
  GENES, no GENE key): select the gene record with
  bcftools view -i 'INFO/GENE="ERBB2"' (or -e 'ID~"^AMPLICON"'). The reference
  baseline is the sample's own reference bins, a panel of normals (pon) or a
  matched normal (normal); pon and normal conflict (her2cn exits 1).
  Inputs declare their EDAM formats as edam:has_format, not format: cwltool
  refuses a File without a format for an input that declares one, and a
  plain path must be enough to call a sample. Outputs carry their formats.

requirements:
  InlineJavascriptRequirement: {}
hints:
  DockerRequirement:
    dockerPull: her2cn:0.1.0
  SoftwareRequirement:
    packages:
      her2cn:
        version: ["0.1.0"]
  ResourceRequirement:
    coresMin: 1
    ramMin: 512

baseCommand: [her2cn, call, --quiet]

inputs:
  alignments:
    type: File
    edam:has_format: [edam:format_2572, edam:format_3462]
    doc: coordinate-sorted, indexed BAM or CRAM
    secondaryFiles:
      - pattern: .bai
        required: false
      - pattern: .crai
        required: false
    inputBinding: {position: 100}
  reference:
    type: File?
    edam:has_format: [edam:format_1929]
    doc: FASTA (needed for CRAM; enables GC correction), with its .fai
    secondaryFiles:
      - pattern: .fai
        required: false
    inputBinding: {prefix: --reference}
  prefix:
    type: string
    default: her2cn
    doc: output file name prefix
  sample:
    type: string?
    doc: sample name [@RG SM, else the file name]
    inputBinding: {prefix: --sample}
  purity:
    type: float?
    inputBinding: {prefix: --purity}
  ploidy:
    type: float?
    inputBinding: {prefix: --ploidy}
  genome:
    type: string?
    doc: GRCh38, GRCh37 or auto
    inputBinding: {prefix: --genome}
  targets:
    type: File?
    edam:has_format: [edam:format_3003]
    doc: capture targets BED (panel mode)
    inputBinding: {prefix: --targets}
  genes:
    type: File?
    edam:has_format: [edam:format_3003]
    doc: genes to call, name in column 4 [built-in ERBB2]
    inputBinding: {prefix: --genes}
  pon:
    type: File?
    doc: panel of normals from `her2cn pon`, built with the same options (conflicts with normal)
    inputBinding: {prefix: --pon}
  normal:
    type: File?
    edam:has_format: [edam:format_2572, edam:format_3462]
    doc: matched normal BAM/CRAM, indexed; ratios become tumour over normal (conflicts with pon)
    secondaryFiles:
      - pattern: .bai
        required: false
      - pattern: .crai
        required: false
    inputBinding: {prefix: --normal}

arguments:
  - {prefix: --threads, valueFrom: $(runtime.cores)}
  - {prefix: --output, valueFrom: $(inputs.prefix).vcf.gz}
  - {prefix: --json, valueFrom: $(inputs.prefix).json}
  - {prefix: --mqc, valueFrom: $(inputs.prefix)}
  - {prefix: --plot, valueFrom: $(inputs.prefix).svg}
  - {prefix: --report, valueFrom: $(inputs.prefix).html}

outputs:
  vcf:
    type: File
    format: edam:format_3016
    outputBinding: {glob: $(inputs.prefix).vcf.gz}
    secondaryFiles: [.tbi]
  json:
    type: File
    format: edam:format_3464
    outputBinding: {glob: $(inputs.prefix).json}
  mqc:
    type: File[]
    outputBinding: {glob: "$(inputs.prefix).her2cn*_mqc.json"}
  plot:
    type: File
    format: edam:format_3604
    outputBinding: {glob: $(inputs.prefix).svg}
  report:
    type: File
    format: edam:format_2331
    outputBinding: {glob: $(inputs.prefix).html}
