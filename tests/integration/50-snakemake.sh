# The cohort workflow (workflow/Snakefile) run by Debian's snakemake on two
# simulated tumours and three normals: the panel of normals is built from the
# normals (pon.enabled: auto), every tumour is called with it, the merged table
# has one row per tumour with the VCF's call and CN, and the MultiQC report
# holds the her2cn section. With pon.enabled false no panel is built.
if need snakemake multiqc bcftools; then
    mkdir -p sm
    ln -sf "$PWD/amp.bam" sm/T_amp.bam; ln -sf "$PWD/amp.bam.bai" sm/T_amp.bam.bai
    ln -sf "$PWD/neg.bam" sm/T_neg.bam; ln -sf "$PWD/neg.bam.bai" sm/T_neg.bam.bai
    printf 'sample\ttype\tbam\tpurity\nT_amp\ttumour\tT_amp.bam\t0.6\nT_neg\ttumour\tT_neg.bam\t\n' \
        > sm/samples.tsv
    for n in 1 2 3; do
        sim -s $((40 + n)) -o "$PWD/sm/N$n.bam"
        printf 'N%d\tnormal\tN%d.bam\t\n' $n $n >> sm/samples.tsv
    done
    printf 'her2cn:\n  bin: "%s"\n  threads: 1\n' "$H2" > sm/cfg.yaml
    ( cd sm && snakemake -s "$ROOT/workflow/Snakefile" --configfile cfg.yaml --cores 2 \
        > snakemake.log 2>&1 )
    expect_eq "snakemake: workflow exits 0" "$?" 0 || true
    [ -s sm/results/her2cn_calls.tsv ] || tail -30 sm/snakemake.log
    t=sm/results/her2cn_calls.tsv
    col() { awk -F'\t' -v s="$1" -v c="$2" 'NR==1{for(i=1;i<=NF;i++) h[$i]=i; next} $1==s{print $h[c]}' "$t"; }
    expect_eq "snakemake: merged table has one row per tumour" "$(tail -n +2 "$t" | cut -f1 | sort | tr '\n' ' ')" "T_amp T_neg "
    expect_eq "snakemake: T_amp is AMP as in its VCF" "$(col T_amp call)" \
        "$(bcftools query -e 'ID=="AMPLICON"' -f '%INFO/CALL' sm/results/her2cn/T_amp.vcf.gz)"
    expect_eq "snakemake: T_amp called AMP" "$(col T_amp call)" AMP
    expect_eq "snakemake: T_neg called NEUTRAL" "$(col T_neg call)" NEUTRAL
    expect_num "snakemake: T_amp CN matches its VCF" "$(col T_amp cn)" \
        "$(bcftools query -e 'ID=="AMPLICON"' -f '[%CN]' sm/results/her2cn/T_amp.vcf.gz | awk '{print $1*0.999}')" \
        "$(bcftools query -e 'ID=="AMPLICON"' -f '[%CN]' sm/results/her2cn/T_amp.vcf.gz | awk '{print $1*1.001}')"
    expect_eq "snakemake: purity from the sheet reached the call" "$(col T_amp purity) $(col T_neg purity)" "0.6 1"
    expect_true "snakemake: plot and report per tumour" test -s sm/results/her2cn/T_amp.svg -a -s sm/results/her2cn/T_neg.html
    expect_true "snakemake: MultiQC report with the her2cn section" \
        grep -q 'her2cn: ERBB2 copy number' sm/results/multiqc/multiqc_report.html
    expect_true "snakemake: normals are not called" test ! -e sm/results/her2cn/N1.vcf.gz
    expect_true "snakemake: the panel of normals was built from the 3 normals" \
        sh -c 'zcat "$1" | grep -q "^##normals=3"' _ sm/results/her2cn/pon/pon.tsv
    expect_true "snakemake: ... and the calls used it" \
        grep -q '^##her2cnPON=' <(bcftools view -h sm/results/her2cn/T_amp.vcf.gz)
    ( cd sm && snakemake -s "$ROOT/workflow/Snakefile" --configfile cfg.yaml --cores 1 -n -F \
        --config 'pon={"enabled": False}' > dry.log 2>&1 )
    expect_true "snakemake: the dry run with pon.enabled false schedules the calls" \
        grep -q 'rule her2cn_call' sm/dry.log
    expect_true "snakemake: pon.enabled false schedules no her2cn_pon job (dry run)" \
        sh -c '! grep -q "rule her2cn_pon" "$1"' _ sm/dry.log
    expect_true "snakemake: ... and calls without the panel" sh -c '! grep -q "pon/pon.tsv" "$1"' _ sm/dry.log
fi
