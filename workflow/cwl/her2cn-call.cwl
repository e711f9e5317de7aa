#!/usr/bin/env cwl-runner
# her2cn call as a CWL CommandLineTool: BAM/CRAM in; VCF (+ .tbi), JSON
# summary, MultiQC files, SVG plot and HTML report out.
#   cwltool --no-container her2cn-call.cwl job.yml      (her2cn on PATH)
#   cwltool her2cn-call.cwl job.yml                     (in the Docker image)
cwlVersion: v1.2
class: CommandLineTool
label: her2cn call
doc: |
  Estimate the ERBB2 (HER2) copy number of a tumour BAM/CRAM from read depth and
  write it as VCF, with a JSON summary, MultiQC custom content, an SVG plot and
  an HTML report. See the her2cn README for the method and the output fields.

requirements:
  InlineJavascriptRequirement: {}
hints:
  DockerRequirement:
    dockerPull: her2cn:latest
  SoftwareRequirement:
    packages:
      her2cn:
        version: ["0.1.0"]
  ResourceRequirement:
    coresMin: $(inputs.threads)
    ramMin: 512

baseCommand: [her2cn, call, --quiet]

inputs:
  alignments:
    type: File
    doc: coordinate-sorted, indexed BAM or CRAM
    secondaryFiles:
      - pattern: .bai
        required: false
      - pattern: .crai
        required: false
    inputBinding: {position: 100}
  reference:
    type: File?
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
    doc: capture targets BED (panel mode)
    inputBinding: {prefix: --targets}
  threads:
    type: int
    default: 1
    inputBinding: {prefix: --threads}

arguments:
  - {prefix: --output, valueFrom: $(inputs.prefix).vcf.gz}
  - {prefix: --json, valueFrom: $(inputs.prefix).json}
  - {prefix: --mqc, valueFrom: $(inputs.prefix)}
  - {prefix: --plot, valueFrom: $(inputs.prefix).svg}
  - {prefix: --report, valueFrom: $(inputs.prefix).html}

outputs:
  vcf:
    type: File
    outputBinding: {glob: $(inputs.prefix).vcf.gz}
    secondaryFiles: [.tbi]
  json:
    type: File
    outputBinding: {glob: $(inputs.prefix).json}
  mqc:
    type: File[]
    outputBinding: {glob: "$(inputs.prefix).her2cn*_mqc.json"}
  plot:
    type: File
    outputBinding: {glob: $(inputs.prefix).svg}
  report:
    type: File
    outputBinding: {glob: $(inputs.prefix).html}
