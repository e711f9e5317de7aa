# --mqc: MultiQC (Debian's multiqc) picks up both custom-content files of two
# samples; the numbers appear in its data output exactly as in the VCFs.
if need multiqc python3 bcftools; then
    mkdir -p mqc
    mkdir -p mqcj
    "$H2" call --quiet --purity 0.6 -s AMP1 --mqc mqc/amp -o mqc/amp.vcf --json mqcj/amp.json amp.bam
    "$H2" call --quiet -s NEG1 --mqc mqc/neg -o mqc/neg.vcf --json mqcj/neg.json neg.bam
    # the cohort table as MultiQC custom content (issue 21: cohort outputs open in MultiQC)
    "$H2" cohort -o mqc/cohort --seg --mqc mqcj/amp.json mqcj/neg.json
    expect_true "mqc: cohort writes its MultiQC table" test -s mqc/cohort.her2cn_cohort_mqc.tsv
    expect_true "mqc: three files per sample" test -s mqc/amp.her2cn_mqc.json -a -s mqc/amp.her2cn_gs_mqc.json -a -s mqc/amp.her2cn_plot_mqc.json
    multiqc -q -f -o mqc/out mqc > mqc/multiqc.log 2>&1
    expect_eq "mqc: multiqc exits 0" "$?" 0
    expect_true "mqc: report written" test -s mqc/out/multiqc_report.html
    expect_true "mqc: her2cn section in the report" grep -q 'her2cn: ERBB2 copy number' mqc/out/multiqc_report.html
    # multiqc_data.json holds the parsed values: compare with the VCFs
    got() { python3 - "$1" "$2" "$3" <<'PY'
import json, sys
d = json.load(open("mqc/out/multiqc_data/multiqc_data.json"))
sample, key, where = sys.argv[1:]
if where == "table":
    rows = d["report_saved_raw_data"]["multiqc_her2cn_table"]
    print(rows[sample][key])
else:
    for block in d["report_general_stats_data"]:
        if sample in block and key in block[sample]:
            print(block[sample][key])
PY
    }
    close() { awk -v a="$1" -v b="$2" 'BEGIN{d=a-b; if(d<0)d=-d; exit !(a!="" && d <= 1e-3*(b<0?-b:b)+1e-4)}'; }
    for s in AMP1:amp NEG1:neg; do
        n=${s%%:*}; f=mqc/${s#*:}.vcf
        expect_true "mqc: $n table CN = VCF CN" close "$(got $n cn table)" "$(bcftools query -e 'ID~"^AMPLICON"' -f '[%CN]' $f)"
        expect_true "mqc: $n table chr17 ratio = RATIO17" close "$(got $n ratio17 table)" "$(bcftools query -e 'ID~"^AMPLICON"' -f '[%RATIO17]' $f)"
        expect_eq "mqc: $n table call = CALL" "$(got $n call table)" "$(bcftools query -e 'ID~"^AMPLICON"' -f '[%CALL]' $f)"
        expect_true "mqc: $n general-stats CN = VCF CN" close "$(got $n her2cn_cn gs)" "$(bcftools query -e 'ID~"^AMPLICON"' -f '[%CN]' $f)"
        expect_eq "mqc: $n general-stats call" "$(got $n her2cn_call gs)" "$(bcftools query -e 'ID~"^AMPLICON"' -f '[%CALL]' $f)"
    done
    expect_eq "mqc: the amplified sample is AMP" "$(got AMP1 call table)" AMP
    expect_eq "mqc: general stats carry the HER2 status" "$(got AMP1 her2cn_her2 gs) $(got NEG1 her2cn_her2 gs)" "AMPLIFIED NOT_AMPLIFIED"
    expect_true "mqc: the CN-by-HER2-status bar plot is in the report" grep -q 'her2cn_plot_bar' mqc/out/multiqc_report.html
    expect_true "mqc: the cohort table is in the report" grep -q 'her2cn cohort: HER2 status per sample' mqc/out/multiqc_report.html
    expect_eq "mqc: the cohort table carries each sample's HER2 status" "$(python3 - <<'PY'
import json
d = json.load(open("mqc/out/multiqc_data/multiqc_data.json"))["report_saved_raw_data"]
t = next(v for k, v in d.items() if "her2cn_cohort" in k)
print(t["AMP1"]["HER2 status"], t["NEG1"]["HER2 status"])
PY
)" "AMPLIFIED NOT_AMPLIFIED"
fi
