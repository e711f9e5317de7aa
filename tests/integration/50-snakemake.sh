# The cohort workflow in the snakemake-workflow-template layout (config/ +
# workflow/), run by Debian's snakemake from a working directory holding
# config/config.yaml and config/samples.tsv: two simulated tumours and three
# normals. T_amp names its matched normal (normal column: --normal); T_neg is
# called with the panel of normals built from the three normals (pon.enabled:
# auto). The merged table has one row per tumour with the VCF's call and CN,
# the MultiQC report holds the her2cn section, every rule wrote its log.
# `snakemake --lint` is clean; the schemas reject a bad sheet and a bad config;
# the targets column reaches pon and call (dry run); pon.enabled false builds
# no panel; URL rows (https, s3, gs) pass the dry run unstaged; the SLURM
# profile passes a dry run and both profiles use only Snakemake's options.
# Snakemake versions (docs/INTEGRATION.md): the Snakefile asks for >= 8 and
# this machine's is 7.21, so the runs set HER2CN_SNAKEMAKE7=1, and without it
# Snakemake 7 stops; the >= 8 profiles (config.v8+.yaml) are checked by key
# (tests/snakemake_profile_keys.py), the 7 ones by a dry run and --help; the
# .test/ config passes a dry run; the cohort rule gives `her2cn cohort` its
# interface (dry run); the rules' container pins are her2cn's version.
if need snakemake multiqc bcftools; then
    export HER2CN_SNAKEMAKE7=1
    mkdir -p sm/config sm/bams
    ln -sf "$PWD/amp.bam" sm/bams/T_amp.bam; ln -sf "$PWD/amp.bam.bai" sm/bams/T_amp.bam.bai
    ln -sf "$PWD/neg.bam" sm/bams/T_neg.bam; ln -sf "$PWD/neg.bam.bai" sm/bams/T_neg.bam.bai
    printf 'sample\ttype\tbam\tpurity\tnormal\ttargets\n' > sm/config/samples.tsv
    printf 'T_amp\ttumour\tbams/T_amp.bam\t0.6\tN1\t\nT_neg\ttumour\tbams/T_neg.bam\t\t\t\n' >> sm/config/samples.tsv
    for n in 1 2 3; do
        sim -s $((40 + n)) -o "$PWD/sm/bams/N$n.bam"
        printf 'N%d\tnormal\tbams/N%d.bam\t\t\t\n' $n $n >> sm/config/samples.tsv
    done
    printf 'samples: config/samples.tsv\nher2cn:\n  bin: "%s"\n  threads: 1\n' "$H2" > sm/config/config.yaml
    SM="snakemake -s $ROOT/workflow/Snakefile"
    ( cd sm && $SM --lint > lint.log 2>&1 )
    expect_eq "snakemake: --lint is clean" "$?" 0 || cat sm/lint.log
    ( cd sm && $SM --cores 2 > snakemake.log 2>&1 )
    expect_eq "snakemake: workflow exits 0" "$?" 0 || true
    [ -s sm/results/her2cn_calls.tsv ] || tail -30 sm/snakemake.log
    t=sm/results/her2cn_calls.tsv
    col() { awk -F'\t' -v s="$1" -v c="$2" 'NR==1{for(i=1;i<=NF;i++) h[$i]=i; next} $1==s{print $h[c]}' "$t"; }
    gene() { bcftools query -i 'INFO/GENE="ERBB2"' "$@"; }
    expect_eq "snakemake: merged table has one row per tumour" "$(tail -n +2 "$t" | cut -f1 | sort | tr '\n' ' ')" "T_amp T_neg "
    expect_eq "snakemake: T_amp is AMP as in its VCF" "$(col T_amp call)" \
        "$(gene -f '[%CALL]' sm/results/her2cn/T_amp.vcf.gz)"
    expect_eq "snakemake: T_amp called AMP" "$(col T_amp call)" AMP
    expect_eq "snakemake: T_neg called NEUTRAL" "$(col T_neg call)" NEUTRAL
    cn=$(gene -f '[%CN]' sm/results/her2cn/T_amp.vcf.gz)
    expect_num "snakemake: T_amp CN matches its VCF" "$(col T_amp cn)" \
        "$(awk -v c="$cn" 'BEGIN{print c*0.999}')" "$(awk -v c="$cn" 'BEGIN{print c*1.001}')"
    expect_eq "snakemake: purity from the sheet reached the call" "$(col T_amp purity)" "0.6"
    expect_true "snakemake: plot and report per tumour" test -s sm/results/her2cn/T_amp.svg -a -s sm/results/her2cn/T_neg.html
    expect_true "snakemake: MultiQC report with the her2cn section" \
        grep -q 'her2cn: ERBB2 copy number' sm/results/multiqc/multiqc_report.html
    expect_true "snakemake: normals are not called" test ! -e sm/results/her2cn/N1.vcf.gz
    expect_true "snakemake: the panel of normals was built from the 3 normals" \
        sh -c 'zcat "$1" | grep -q "^##normals=3"' _ sm/results/her2cn/pon/pon.tsv
    expect_true "snakemake: T_amp was called against its matched normal N1 (no panel)" \
        sh -c 'h=$(bcftools view -h "$1"); echo "$h" | grep -q "^##her2cnNormal=bams/N1.bam" && ! echo "$h" | grep -q "^##her2cnPON="' _ sm/results/her2cn/T_amp.vcf.gz
    expect_true "snakemake: T_neg was called with the panel of normals" \
        grep -q '^##her2cnPON=' <(bcftools view -h sm/results/her2cn/T_neg.vcf.gz)
    expect_eq "snakemake: every rule wrote its log" \
        "$(cd sm/results && ls logs her2cn/logs | grep -c '\.log$')" 5
    # the schemas: a sheet with type "tumor" and a config with an unknown key fail
    mkdir -p sm-bad/config && cp sm/config/config.yaml sm-bad/config/ && ln -s ../sm/bams sm-bad/bams
    sed 's/\ttumour\t/\ttumor\t/' sm/config/samples.tsv > sm-bad/config/samples.tsv
    ( cd sm-bad && $SM --cores 1 -n > bad.log 2>&1 )
    expect_true "snakemake: the sample schema rejects type tumor" \
        sh -c '[ "$1" -ne 0 ] && grep -q "tumor" sm-bad/bad.log' _ "$?"
    cp sm/config/samples.tsv sm-bad/config/samples.tsv
    ( cd sm-bad && $SM --cores 1 -n --config threads=4 > bad2.log 2>&1 )
    expect_true "snakemake: the config schema rejects an unknown key" \
        sh -c '[ "$1" -ne 0 ] && grep -q "threads" sm-bad/bad2.log' _ "$?"
    # targets column (dry run, commands printed): reaches pon and call
    awk -F'\t' -v OFS='\t' 'NR>1{$6="panel.bed"} 1' \
        sm/config/samples.tsv > sm-bad/config/samples.tsv
    ( cd sm-bad && touch panel.bed && $SM --cores 1 -n -p -F > tgt.log 2>&1 )
    expect_eq "snakemake: the targets column reaches pon and both calls (dry run)" \
        "$(grep -c -- '--targets panel.bed' sm-bad/tgt.log)" 3
    ( cd sm && $SM --cores 1 -n -F --config 'pon={"enabled": False}' > dry.log 2>&1 )
    expect_true "snakemake: the dry run with pon.enabled false schedules the calls" \
        grep -q 'rule her2cn_call' sm/dry.log
    expect_true "snakemake: pon.enabled false schedules no her2cn_pon job (dry run)" \
        sh -c '! grep -q "rule her2cn_pon" "$1"' _ sm/dry.log
    expect_true "snakemake: ... and calls without the panel" sh -c '! grep -q "pon/pon.tsv" "$1"' _ sm/dry.log
    # remote inputs (issue 14): a URL row goes to her2cn as it is (quoted), is
    # not declared as an input file, so the dry run neither looks for it nor
    # stages it; a missing local file still stops the dry run
    mkdir -p sm-url/config && cp sm/config/config.yaml sm-url/config/ && ln -s ../sm/bams sm-url/bams
    { head -1 sm/config/samples.tsv
      printf 'T_loc\ttumour\tbams/T_amp.bam\t\t\t\n'
      printf 'T_url\ttumour\thttps://127.0.0.1:9/c/T.bam?sig=a&b=1\t\tN_url\t\n'
      printf 'T_s3\ttumour\ts3://bucket/T.cram##idx##s3://bucket/i/T.cram.crai\t\t\t\n'
      printf 'N_url\tnormal\tgs://bucket/N.bam\t\t\t\n'; } > sm-url/config/samples.tsv
    ( cd sm-url && $SM --cores 1 -n -p > url.log 2>&1 )
    expect_eq "snakemake: a sheet with https, s3 and gs rows passes the dry run" "$?" 0 || tail -20 sm-url/url.log
    expect_eq "snakemake: ... each URL reaches her2cn as it is, quoted" \
        "$(grep -c -e "--normal gs://bucket/N.bam .* 'https://127.0.0.1:9/c/T.bam?sig=a&b=1' 2>" \
            -e " 's3://bucket/T.cram##idx##s3://bucket/i/T.cram.crai' 2>" sm-url/url.log)" 2
    expect_eq "snakemake: ... no URL is an input file, the local BAM and its index are" \
        "$(grep '^ *input: ' sm-url/url.log | grep -v 'results/' | sort | tr -s ' ')" " input: bams/T_amp.bam, bams/T_amp.bam.bai"
    sed 's#bams/T_amp.bam#bams/missing.bam#' sm-url/config/samples.tsv > sm-url/s2.tsv
    ( cd sm-url && $SM --cores 1 -n --config samples=s2.tsv > miss.log 2>&1 )
    expect_true "snakemake: ... and a missing local BAM still fails the dry run" \
        sh -c '[ "$1" -ne 0 ] && grep -q "Missing input files" sm-url/miss.log' _ "$?"
    # the cluster/cloud profiles (not run here): the SLURM one passes a dry run
    # (URL rows included), every key of both is an option of this Snakemake
    ( cd sm-url && $SM --profile "$ROOT/workflow/profiles/slurm" -n > slurm.log 2>&1 )
    expect_true "snakemake: the slurm profile passes the dry run with its resources" \
        sh -c '[ "$1" -eq 0 ] && grep -q "slurm_account=YOUR_ACCOUNT" sm-url/slurm.log' _ "$?"
    help=$(snakemake --help)
    bad=""
    for k in $(sed -n 's/^\([a-z][a-z0-9-]*\):.*/\1/p' "$ROOT"/workflow/profiles/*/config.yaml); do
        grep -q -e "--$k\b" <<< "$help" || bad="$bad $k"
    done
    expect_eq "snakemake: every profile key is a Snakemake option" "$bad" ""
    # Snakemake >= 8 (issue 21): min_version("8.0") unless HER2CN_SNAKEMAKE7=1
    ( cd sm && env -u HER2CN_SNAKEMAKE7 $SM -n > v7.log 2>&1 )
    expect_true "snakemake: 7.x without HER2CN_SNAKEMAKE7=1 stops at min_version 8.0" \
        sh -c '[ "$1" -ne 0 ] && grep -q "Expecting Snakemake version 8.0 or higher" sm/v7.log' _ "$?"
    python3 "$ROOT/tests/snakemake_profile_keys.py" "$ROOT"/workflow/profiles/*/config.v8+.yaml > v8keys.log 2>&1
    expect_eq "snakemake: the >= 8 profiles use only Snakemake 8/9 and plugin options" "$?:$(cat v8keys.log)" "0:"
    expect_eq "snakemake: ... one config.v8+.yaml per profile, each naming its executor" \
        "$(cd "$ROOT/workflow/profiles" && grep -h '^executor:' */config.v8+.yaml | sort | tr '\n' ' ')" \
        "executor: kubernetes executor: local executor: slurm "
    { echo "executor: slurm"; echo "slurm: true"; echo "default-remote-provider: S3"; } > v8bad.yaml
    python3 "$ROOT/tests/snakemake_profile_keys.py" v8bad.yaml > v8bad.log 2>&1
    expect_true "snakemake: ... and the key check rejects Snakemake 7 keys in a >= 8 profile" \
        sh -c '[ "$1" -ne 0 ] && [ "$(grep -c "removed in Snakemake 8" v8bad.log)" -eq 2 ]' _ "$?"
    # .test/ (snakemake-workflows convention) with its 5 samples, here from sm/bams
    mkdir -p dottest && cp -r "$ROOT/.test/config" dottest/ && ln -s ../sm/bams dottest/bams
    ( cd dottest && $SM -n -p --config cohort='{"enabled": True}' > dry.log 2>&1 )
    expect_eq "snakemake: the .test config passes a dry run (cohort enabled)" "$?" 0 || tail -5 dottest/dry.log
    expect_eq "snakemake: ... her2cn cohort gets -o PREFIX --list FILE" \
        "$(grep -c '^her2cn cohort  *-o results/cohort/cohort --list results/cohort/cohort.list 2> ' dottest/dry.log)" 1
    expect_eq "snakemake: ... the cohort list holds every tumour's JSON" \
        "$(grep -A1 'rule her2cn_cohort_list:' dottest/dry.log | sed -n 's/^ *input: //p')" \
        "results/her2cn/T_amp.json, results/her2cn/T_neg.json"
    # the snakemake-wrappers-style wrapper, run by its own test/Snakefile
    wr="$ROOT/workflow/wrappers/her2cn/call"
    mkdir -p wrapper/bams && cp "$wr/test/Snakefile" wrapper/
    for e in bam bam.bai; do ln -s "$PWD/sm/bams/T_amp.$e" "wrapper/bams/tumour.$e"; ln -s "$PWD/sm/bams/N1.$e" "wrapper/bams/normal.$e"; done
    ( cd wrapper && snakemake --lint --wrapper-prefix "file://$ROOT/workflow/wrappers/" > lint.log 2>&1 )
    expect_eq "snakemake: the wrapper's test Snakefile is lint-clean" "$?" 0 || tail -5 wrapper/lint.log
    ( cd wrapper && PATH="$(dirname "$H2"):$PATH" snakemake --cores 1 --wrapper-prefix "file://$ROOT/workflow/wrappers/" > run.log 2>&1 )
    expect_eq "snakemake: the wrapper's test runs" "$?" 0 || tail -10 wrapper/run.log
    expect_eq "snakemake: ... every named output exists, the gs MultiQC file beside mqc" \
        "$(cd wrapper/results && ls | tr '\n' ' ')" \
        "T1.her2cn_gs_mqc.json T1.her2cn_mqc.json T1.her2cn_plot_mqc.json T1.html T1.json T1.svg T1.vcf.gz T1.vcf.gz.tbi "
    expect_eq "snakemake: ... sample T1 AMP, matched normal and params.extra (purity) reached the call" \
        "$(bcftools query -i 'INFO/GENE="ERBB2"' -f '[%CALL] [%SAMPLE]' wrapper/results/T1.vcf.gz) $(bcftools view -h wrapper/results/T1.vcf.gz | grep -c '^##her2cnNormal=bams/normal.bam\|^##her2cnPurity=0.6$')" \
        "AMP T1 2"
    expect_eq "snakemake: ... the wrapper's environment.yaml pins her2cn's version" \
        "$(sed -n 's/^ *- bioconda::her2cn =//p' "$wr/environment.yaml")" "$("$H2" --version | sed -n '1s/^her2cn //p')"
    ver=$("$H2" --version | sed -n '1s/^her2cn //p')
    expect_eq "snakemake: the her2cn container pin is her2cn's version" \
        "$(sed -n 's/^H2_CONTAINER = "docker:\/\/her2cn:\(.*\)"$/\1/p' "$ROOT/workflow/rules/her2cn_common.smk")" "$ver"
fi
