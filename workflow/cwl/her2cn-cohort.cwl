#!/usr/bin/env cwl-runner
# her2cn cohort as a CWL CommandLineTool: the JSON summaries of her2cn-call.cwl
# (output `json`) in; one table, one segment file and one HTML page out.
#   cwltool --no-container her2cn-cohort.cwl job.yml    (her2cn on PATH)
cwlVersion: v1.2
$namespaces:
  edam: http://edamontology.org/
$schemas:
  - https://edamontology.org/EDAM_1.25.owl
class: CommandLineTool
label: her2cn cohort
doc: |
  Summarise a cohort from the `her2cn call --json` summaries: PREFIX.tsv (one
  row per sample and called gene), PREFIX.seg (segments, for IGV) and
  PREFIX.html. The summaries reach her2cn through a list file (--list), so a
  cohort of any size fits the command line. Inputs declare their EDAM format
  as edam:has_format, not format (a File without a format must be accepted).

requirements:
  InlineJavascriptRequirement: {}
  InitialWorkDirRequirement:
    listing:
      - entryname: summaries.list
        entry: $(inputs.summaries.map(function (f) { return f.path; }).join("\n") + "\n")
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

baseCommand: [her2cn, cohort]

inputs:
  summaries:
    type: File[]
    edam:has_format: [edam:format_3464]
    doc: JSON summaries written by `her2cn call --json` (her2cn-call.cwl output json)
  prefix:
    type: string
    default: cohort
    doc: output file name prefix

arguments:
  - {prefix: -o, valueFrom: $(inputs.prefix)}
  - {prefix: --list, valueFrom: summaries.list}

outputs:
  table:
    type: File
    format: edam:format_3475
    outputBinding: {glob: $(inputs.prefix).tsv}
  segments:
    type: File
    doc: segments in the IGV .seg layout (tab-separated; EDAM has no term for it)
    outputBinding: {glob: $(inputs.prefix).seg}
  report:
    type: File
    format: edam:format_2331
    outputBinding: {glob: $(inputs.prefix).html}
