# workflow/cwl/her2cn-call.cwl: Debian's cwltool validates it and runs it
# (--no-container, her2cn found on PATH) on the amplified sample with a matched
# normal; the outputs it reports exist, carry their EDAM formats and agree with
# each other; --threads comes from runtime.cores (a job-level
# ResourceRequirement of 2 cores); the image is pinned to her2cn's version; a
# bad parameter and pon + normal together fail the job.
if need cwltool bcftools python3; then
    cwl="$ROOT/workflow/cwl/her2cn-call.cwl"
    ver=$("$H2" --version | sed -n '1s/^her2cn //p')
    cwltool --validate "$cwl" > cwl-validate.log 2>&1
    expect_eq "cwl: cwltool --validate" "$?" 0
    expect_true "cwl: the image and the package are pinned to her2cn $ver" \
        sh -c 'grep -q "dockerPull: her2cn:$2\$" "$1" && grep -q "version: \[\"$2\"\]" "$1"' _ "$cwl" "$ver"
    sim -s 13 -o "$PWD/cwlN.bam"
    bam='format: "http://edamontology.org/format_2572"'
    cat > cwl-job.yml <<JOB
alignments: {class: File, path: $PWD/amp.bam, $bam}
normal: {class: File, path: $PWD/cwlN.bam, $bam}
purity: 0.6
prefix: T1
sample: T1
cwl:requirements:
  - class: ResourceRequirement
    coresMin: 2
JOB
    PATH="$(dirname "$H2"):$PATH" cwltool --no-container --outdir cwl-out "$cwl" cwl-job.yml \
        > cwl-out.json 2> cwl-run.log
    expect_eq "cwl: cwltool run exits 0" "$?" 0
    expect_true "cwl: final status success" grep -q 'Final process status is success' cwl-run.log
    expect_eq "cwl: reported outputs exist (vcf+tbi, json, 2 mqc, plot, report)" "$(python3 - <<'PY'
import json, os
o = json.load(open("cwl-out.json"))
files = [o["vcf"], o["vcf"]["secondaryFiles"][0], o["json"], o["plot"], o["report"]] + o["mqc"]
print(sum(os.path.getsize(f["path"]) > 0 for f in files), [os.path.basename(f["path"]) for f in files][:2])
PY
)" "7 ['T1.vcf.gz', 'T1.vcf.gz.tbi']"
    expect_eq "cwl: EDAM formats of vcf, json, plot, report" "$(python3 -c '
import json; o = json.load(open("cwl-out.json"))
print(" ".join(o[k]["format"].rsplit("/", 1)[1] for k in ("vcf", "json", "plot", "report")))')" \
        "format_3016 format_3464 format_3604 format_2331"
    expect_eq "cwl: the ERBB2 record says AMP for sample T1" \
        "$(bcftools query -i 'INFO/GENE="ERBB2"' -f '[%CALL] [%SAMPLE]' cwl-out/T1.vcf.gz)" "AMP T1"
    expect_true "cwl: the matched normal reached the call" \
        sh -c 'bcftools view -h cwl-out/T1.vcf.gz | grep -q "^##her2cnNormal=.*cwlN.bam"'
    expect_true "cwl: --threads is runtime.cores (2)" \
        sh -c 'bcftools view -h cwl-out/T1.vcf.gz | grep "^##her2cnCommand=" | grep -q -- "--threads 2 "'
    expect_eq "cwl: JSON CN and purity match the VCF" \
        "$(python3 -c 'import json; d=json.load(open("cwl-out/T1.json")); print("%.2f %g" % (d["genes"][0]["cn"], d["purity"]["value"]))')" \
        "$(bcftools query -i 'INFO/GENE="ERBB2"' -f '[%CN]' cwl-out/T1.vcf.gz | awk '{printf "%.2f", $1}') 0.6"
    printf 'alignments: {class: File, path: %s, %s}\npurity: 1.5\n' "$PWD/amp.bam" "$bam" > cwl-bad.yml
    PATH="$(dirname "$H2"):$PATH" cwltool --no-container --outdir cwl-bad "$cwl" cwl-bad.yml > /dev/null 2> cwl-bad.log
    rc=$?
    expect_true "cwl: purity 1.5 fails the job (cwltool non-zero, permanentFail)" \
        sh -c '[ "$1" -ne 0 ] && grep -q "permanentFail" cwl-bad.log' _ "$rc"
    printf 'pon: {class: File, path: %s}\n' "$PWD/cwl-job.yml" | cat - cwl-job.yml > cwl-both.yml
    PATH="$(dirname "$H2"):$PATH" cwltool --no-container --outdir cwl-both "$cwl" cwl-both.yml > /dev/null 2> cwl-both.log
    rc=$?
    expect_true "cwl: pon and normal together fail the job (--pon and --normal conflict)" \
        sh -c '[ "$1" -ne 0 ] && grep -q "conflict" cwl-both.log' _ "$rc"
fi
