#!/usr/bin/env cwl-runner
# her2cn pon as a CWL CommandLineTool: 3 or more normal BAM/CRAMs of one assay
# in, the panel of normals for her2cn-call.cwl's `pon` input out.
#   cwltool --no-container her2cn-pon.cwl job.yml      (her2cn on PATH)
cwlVersion: v1.2
$namespaces:
  edam: http://edamontology.org/
$schemas:
  - https://edamontology.org/EDAM_1.25.owl
class: CommandLineTool
label: her2cn pon
doc: |
  Build a panel of normals (3 or more normal samples of the same assay:
  capture kit, read length) for `her2cn call --pon`. Call the tumours with the
  same reference, genome, targets and genes as the panel. Inputs declare their
  EDAM formats as edam:has_format, not format (a File without a format must
  be accepted); the panel is gzip-compressed TSV.

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

baseCommand: [her2cn, pon, --quiet]

inputs:
  normals:
    type: File[]
    edam:has_format: [edam:format_2572, edam:format_3462]
    doc: coordinate-sorted, indexed normal BAM/CRAMs (3 or more), or bins TSVs from `her2cn call --bins`
    secondaryFiles:
      - pattern: .bai
        required: false
      - pattern: .crai
        required: false
    inputBinding: {position: 100}
  reference:
    type: File?
    edam:has_format: [edam:format_1929]
    doc: FASTA (needed for CRAM; enables GC correction, then call needs it too), with its .fai
    secondaryFiles:
      - pattern: .fai
        required: false
    inputBinding: {prefix: --reference}
  prefix:
    type: string
    default: her2cn
    doc: output file name prefix (PREFIX.pon)
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

arguments:
  - {prefix: --threads, valueFrom: $(runtime.cores)}
  - {prefix: --output, valueFrom: $(inputs.prefix).pon}

outputs:
  pon:
    type: File
    format: edam:format_3475
    doc: the panel of normals (gzip TSV), for her2cn-call.cwl's pon input
    outputBinding: {glob: $(inputs.prefix).pon}
