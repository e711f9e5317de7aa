# The nf-core-style module workflow/nextflow/modules/her2cn/call. Nextflow and
# nf-test cannot be installed here, so tests/integration/nfmodule.py checks its
# structure: meta.yml and environment.yml parse, meta.yml's input tuples and
# output channels (names, globs, topic versions) are those of main.nf, and the
# stub's `def` lines (args, prefix) are the script's; the
# `script` block, rendered for a tumour and its matched normal, runs with the
# real her2cn and writes a file for every output glob; the `stub` block,
# rendered by the same builder, writes the same file names; the version evals
# print her2cn's and htslib's versions.
if need python3 bcftools; then
    mod="$ROOT/workflow/nextflow/modules/her2cn/call"
    ver=$("$H2" --version | sed -n '1s/^her2cn //p')
    nfm() { python3 "$ROOT/tests/integration/nfmodule.py" "$mod" "$ver" "$@"; }
    expect_true "nf-core: meta.yml and environment.yml parse" python3 -c '
import sys, yaml
for f in sys.argv[1:]: yaml.safe_load(open(f))' "$mod/meta.yml" "$mod/environment.yml"
    nfm channels > nf-channels.log 2>&1
    expect_eq "nf-core: meta.yml channels match main.nf (inputs, outputs, topics, pins)" "$?:$(cat nf-channels.log)" "0:"
    # the check can fail: a meta.yml whose output is renamed
    mkdir -p nf-bad && cp "$mod"/main.nf "$mod"/environment.yml nf-bad/
    sed 's/^  cnr:$/  cnr_renamed:/' "$mod/meta.yml" > nf-bad/meta.yml
    expect_true "nf-core: ... and a meta.yml with a renamed output fails it" \
        sh -c '! python3 "$1" nf-bad "$2" channels > /dev/null' _ "$ROOT/tests/integration/nfmodule.py" "$ver"
    expect_eq "nf-core: each of the 3 nf-tests gives the module's 5 input tuples, no more" \
        "$(grep -c 'input\[4\] = ' "$mod/tests/main.nf.test") $(grep -c 'input\[5\]' "$mod/tests/main.nf.test")" "3 0"
    sim -s 12 -o "$PWD/nfN.bam"
    mkdir -p nf-run nf-stub
    ln -sf "$PWD/amp.bam" nf-run/T.bam; ln -sf "$PWD/amp.bam.bai" nf-run/T.bam.bai
    ln -sf "$PWD/nfN.bam" nf-run/N.bam; ln -sf "$PWD/nfN.bam.bai" nf-run/N.bam.bai
    inputs="meta.id=T1 task.cpus=2 alignments=T.bam index=T.bam.bai normal=N.bam normal_index=N.bam.bai"
    nfm render script $inputs 'task.ext.args=--purity 0.6 --quiet' > nf-run/cmd.sh
    ( cd nf-run && PATH="$(dirname "$H2"):$PATH" bash -e cmd.sh > run.log 2>&1 )
    expect_eq "nf-core: the rendered script runs (tumour + matched normal, ext.args)" "$?" 0
    nfm render stub $inputs > nf-stub/cmd.sh
    ( cd nf-stub && bash -e cmd.sh > run.log 2>&1 )
    expect_eq "nf-core: the rendered stub runs" "$?" 0
    missing=""
    while read -r ch glob rest; do
        [ "$glob" = EVAL ] && continue
        for d in nf-run nf-stub; do
            compgen -G "$d/$glob" > /dev/null || missing="$missing $d:$ch"
        done
    done < <(nfm globs)
    expect_eq "nf-core: script and stub write a file for every output channel" "$missing" ""
    expect_eq "nf-core: stub writes the same file names as the script" \
        "$(cd nf-stub && ls | grep -v '^cmd.sh$\|^run.log$')" \
        "$(cd nf-run && ls | grep -v '^cmd.sh$\|^run.log$\|^[TN].bam')"
    expect_eq "nf-core: the ERBB2 gene record is AMP, sample T1" \
        "$(bcftools query -i 'INFO/GENE="ERBB2"' -f '[%CALL] [%SAMPLE]' nf-run/T1.vcf.gz)" "AMP T1"
    expect_true "nf-core: the matched normal reached the call" \
        sh -c 'bcftools view -h nf-run/T1.vcf.gz | grep -q "^##her2cnNormal=N.bam"'
    expect_true "nf-core: ext.args reached the call (purity 0.6)" \
        sh -c 'bcftools view -h nf-run/T1.vcf.gz | grep -q "^##her2cnPurity=0.6"'
    nfm render script meta.id=T2 task.cpus=1 alignments=T.bam fasta=ref.fa pon=p.pon targets=t.bed genes=g.bed > nf-opts.sh
    expect_true "nf-core: reference, pon, targets, genes inputs become options" \
        sh -c 'grep -q -- "--reference ref.fa" "$1" && grep -q -- "--pon p.pon" "$1" && grep -q -- "--targets t.bed" "$1" && grep -q -- "--genes g.bed" "$1" && ! grep -q -- "--normal" "$1"' _ nf-opts.sh
    evals=""
    while read -r ch glob cmd; do
        [ "$glob" = EVAL ] && evals="$evals$(PATH="$(dirname "$H2"):$PATH" sh -c "$cmd") "
    done < <(nfm globs)
    expect_eq "nf-core: topic version evals print her2cn and htslib versions" "$evals" \
        "$ver $("$H2" --version | sed -n 's/^Using htslib //p') "
fi
