# workflow/cwl/her2cn-call.cwl: Debian's cwltool validates it and runs it
# (--no-container, her2cn found on PATH) on the amplified sample; the outputs
# it reports exist and agree with each other; a bad parameter fails the job.
if need cwltool bcftools python3; then
    cwl="$ROOT/workflow/cwl/her2cn-call.cwl"
    cwltool --validate "$cwl" > cwl-validate.log 2>&1
    expect_eq "cwl: cwltool --validate" "$?" 0
    printf 'alignments: {class: File, path: %s}\npurity: 0.6\nprefix: T1\nsample: T1\n' "$PWD/amp.bam" > cwl-job.yml
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
    expect_eq "cwl: VCF says AMP for sample T1" "$(bcftools query -e 'ID=="AMPLICON"' -f '%INFO/CALL [%SAMPLE]' cwl-out/T1.vcf.gz)" "AMP T1"
    expect_eq "cwl: JSON CN and purity match the VCF" \
        "$(python3 -c 'import json; d=json.load(open("cwl-out/T1.json")); print("%.2f %g" % (d["genes"][0]["cn"], d["purity"]["value"]))')" \
        "$(bcftools query -e 'ID=="AMPLICON"' -f '[%CN]' cwl-out/T1.vcf.gz | awk '{printf "%.2f", $1}') 0.6"
    printf 'alignments: {class: File, path: %s}\npurity: 1.5\n' "$PWD/amp.bam" > cwl-bad.yml
    PATH="$(dirname "$H2"):$PATH" cwltool --no-container --outdir cwl-bad "$cwl" cwl-bad.yml > /dev/null 2> cwl-bad.log
    rc=$?
    expect_true "cwl: purity 1.5 fails the job (cwltool non-zero, permanentFail)" \
        sh -c '[ "$1" -ne 0 ] && grep -q "permanentFail" cwl-bad.log' _ "$rc"
fi
