# workflow/cwl/her2cn-call.cwl: Debian's cwltool validates it and runs it
# (--no-container, her2cn found on PATH) on the amplified sample with a matched
# normal; the outputs it reports exist, carry their EDAM formats and agree with
# each other; --threads comes from runtime.cores (a job-level
# ResourceRequirement of 2 cores); the image is pinned to her2cn's version; a
# bad parameter and pon + normal together fail the job.
# Issue 21: the tools for `pon` and `cohort` too, each with $namespaces and
# $schemas (EDAM); $schemas is pointed at tests/cwl/edam-subset.owl (the
# EDAM terms used) so nothing is fetched; inputs without a format are
# accepted (the second call and the pon run give plain paths); the cohort
# tool, for a `her2cn cohort` not yet on this branch, runs against a stand-in
# her2cn that records its arguments (-o PREFIX --list FILE, every summary).
if need cwltool bcftools python3; then
    ver=$("$H2" --version | sed -n '1s/^her2cn //p')
    mkdir -p cwl-tools
    edam='https://edamontology.org/EDAM_1.25.owl'
    for t in call pon cohort; do
        src="$ROOT/workflow/cwl/her2cn-$t.cwl"
        sed "s#^  - $edam\$#  - $ROOT/tests/cwl/edam-subset.owl#" "$src" > "cwl-tools/her2cn-$t.cwl"
        expect_eq "cwl: her2cn-$t.cwl has \$namespaces edam and \$schemas EDAM (one line differs offline)" \
            "$(grep -c '^  edam: http://edamontology.org/$' "$src") $(diff "$src" "cwl-tools/her2cn-$t.cwl" | grep -c '^>')" "1 1"
        cwltool --validate "cwl-tools/her2cn-$t.cwl" > "cwl-validate-$t.log" 2>&1
        expect_eq "cwl: cwltool --validate her2cn-$t.cwl (offline, no warning)" \
            "$?:$(grep -ci 'warn\|could not load' "cwl-validate-$t.log")" "0:0"
        expect_true "cwl: her2cn-$t.cwl: image and package pinned to her2cn $ver" \
            sh -c 'grep -q "dockerPull: her2cn:$2\$" "$1" && grep -q "version: \[\"$2\"\]" "$1"' _ "$src" "$ver"
        expect_eq "cwl: her2cn-$t.cwl: no input declares format: (edam:has_format instead)" \
            "$(sed -n '/^inputs:/,/^arguments:/p' "$src" | grep -c '^ *format:')" 0
    done
    cwl="$PWD/cwl-tools/her2cn-call.cwl"
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
    expect_eq "cwl: reported outputs exist (vcf+tbi, json, 3 mqc, plot, report)" "$(python3 - <<'PY'
import json, os
o = json.load(open("cwl-out.json"))
files = [o["vcf"], o["vcf"]["secondaryFiles"][0], o["json"], o["plot"], o["report"]] + o["mqc"]
print(sum(os.path.getsize(f["path"]) > 0 for f in files), [os.path.basename(f["path"]) for f in files][:2])
PY
)" "8 ['T1.vcf.gz', 'T1.vcf.gz.tbi']"
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
# pon from three normals given as plain paths (no format), then a call with
# that panel, also without formats
if need cwltool bcftools; then
    for n in 1 2 3; do sim -s $((60 + n)) -o "$PWD/cwlPN$n.bam"; done
    printf 'normals:\n' > cwl-pon.yml
    for n in 1 2 3; do printf '  - {class: File, path: %s/cwlPN%d.bam}\n' "$PWD" $n >> cwl-pon.yml; done
    printf 'prefix: P\n' >> cwl-pon.yml
    PATH="$(dirname "$H2"):$PATH" cwltool --no-container --outdir cwl-pon cwl-tools/her2cn-pon.cwl cwl-pon.yml \
        > cwl-pon.json 2> cwl-pon.log
    expect_eq "cwl: her2cn-pon.cwl runs on 3 normals without formats" "$?" 0 || tail -5 cwl-pon.log
    expect_eq "cwl: ... its output is P.pon, TSV (EDAM format_3475), 3 normals" \
        "$(python3 -c 'import json; o = json.load(open("cwl-pon.json"))["pon"]; print(o["basename"], o["format"].rsplit("/", 1)[1])') $(zcat cwl-pon/P.pon | grep -c '^##normals=3')" \
        "P.pon format_3475 1"
    printf 'alignments: {class: File, path: %s/neg.bam}\npon: {class: File, path: %s/cwl-pon/P.pon}\nprefix: T2\n' \
        "$PWD" "$PWD" > cwl-plain.yml
    PATH="$(dirname "$H2"):$PATH" cwltool --no-container --outdir cwl-plain cwl-tools/her2cn-call.cwl cwl-plain.yml \
        > /dev/null 2> cwl-plain.log
    expect_eq "cwl: her2cn-call.cwl accepts inputs without a format (with the CWL panel)" "$?" 0 || tail -5 cwl-plain.log
    expect_true "cwl: ... and the panel reached the call" \
        sh -c 'bcftools view -h cwl-plain/T2.vcf.gz | grep -q "^##her2cnPON="'
    # her2cn cohort: a stand-in her2cn records the command and writes the outputs
    mkdir -p cwl-stub
    cat > cwl-stub/her2cn <<'STUB'
#!/bin/sh
# stand-in for `her2cn cohort -o PREFIX --list FILE` (records what it was given)
printf '%s\n' "$*" > "$STUB_LOG"
[ "$1" = cohort ] && [ "$2" = -o ] && [ "$4" = --list ] || exit 1
cat "$5" >> "$STUB_LOG"
for e in tsv seg html; do echo "$e" > "$3.$e"; done
STUB
    chmod +x cwl-stub/her2cn
    printf 'summaries:\n  - {class: File, path: %s/cwl-out/T1.json}\n  - {class: File, path: %s/cwl-plain/T2.json}\nprefix: C\n' \
        "$PWD" "$PWD" > cwl-cohort.yml
    STUB_LOG="$PWD/cwl-stub.log" PATH="$PWD/cwl-stub:$PATH" cwltool --no-container --preserve-environment STUB_LOG \
        --outdir cwl-cohort cwl-tools/her2cn-cohort.cwl cwl-cohort.yml > cwl-cohort.json 2> cwl-cohort.log
    expect_eq "cwl: her2cn-cohort.cwl runs (stand-in her2cn)" "$?" 0 || tail -5 cwl-cohort.log
    expect_eq "cwl: ... the command is her2cn cohort -o C --list summaries.list" \
        "$(head -1 cwl-stub.log | sed 's#[^ ]*/summaries.list#summaries.list#')" "cohort -o C --list summaries.list"
    expect_eq "cwl: ... the list holds both summaries" \
        "$(tail -n +2 cwl-stub.log | xargs -n1 basename | tr '\n' ' ')" "T1.json T2.json "
    expect_eq "cwl: ... outputs C.tsv (TSV), C.seg, C.html (HTML)" "$(python3 -c '
import json; o = json.load(open("cwl-cohort.json"))
print(" ".join(o[k]["basename"] + ("/" + o[k]["format"].rsplit("/", 1)[1] if "format" in o[k] else "") for k in ("table", "segments", "report")))')" \
        "C.tsv/format_3475 C.seg C.html/format_2331"
fi
