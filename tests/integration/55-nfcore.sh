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
# Issue 21: the lint rules checkable offline (tests/nf_meta_check.py: meta.yml
# against tests/nf-core/meta-schema.json, process_single, tags, snapshot
# file) for call, pon and cohort, and a module breaking them fails; the pon
# module's script builds a panel from three normals and its stub writes the
# same name; the cohort module gives `her2cn cohort` (not on this branch yet)
# -o PREFIX --list FILE with every summary, checked with a stand-in her2cn.
if need python3; then
    mods="$ROOT/workflow/nextflow/modules/her2cn"
    python3 -c 'import jsonschema, yaml' 2>/dev/null \
        || fail "python3 jsonschema/yaml missing" "scripts/install-deps.sh installs python3-jsonschema python3-yaml"
    python3 "$ROOT/tests/nf_meta_check.py" "$mods/call" "$mods/pon" "$mods/cohort" > nf-lint.log 2>&1
    expect_eq "nf-core: call, pon, cohort pass the offline lint rules (meta schema, label, tags, snapshot)" \
        "$?:$(cat nf-lint.log)" "0:"
    mkdir -p nf-lintbad/her2cn/call/tests
    cp -r "$mods/call/." nf-lintbad/her2cn/call/
    sed -i -e 's#^      documentation: .*#      documentation: "the README"#' -e '/^  - HER2$/d;/^  - amplification$/d;/^  - vcf$/d' \
        nf-lintbad/her2cn/call/meta.yml
    sed -i "s/label 'process_single'/label 'process_low'/" nf-lintbad/her2cn/call/main.nf
    sed -i '/tag "modules_nfcore"/d' nf-lintbad/her2cn/call/tests/main.nf.test
    python3 "$ROOT/tests/nf_meta_check.py" nf-lintbad/her2cn/call > nf-lintbad.log 2>&1
    expect_eq "nf-core: ... a module with a non-URL documentation, 2 keywords, process_low, no modules_nfcore tag fails each" \
        "$?:$(grep -c 'documentation\|keywords\|process_single\|modules_nfcore' nf-lintbad.log)" "1:4"
    for m in pon cohort; do
        python3 "$ROOT/tests/integration/nfmodule.py" "$mods/$m" "$ver" channels > "nf-$m-channels.log" 2>&1
        expect_eq "nf-core: $m: meta.yml channels match main.nf" "$?:$(cat "nf-$m-channels.log")" "0:"
    done
    mkdir -p nf-pon nf-pon-stub
    for n in 1 2 3; do sim -s $((70 + n)) -o "$PWD/nf-pon/N$n.bam"; done
    nfm() { python3 "$ROOT/tests/integration/nfmodule.py" "$mods/$1" "$ver" "${@:2}"; }
    nfm pon render script meta.id=panel task.cpus=1 'normals=N1.bam N2.bam N3.bam' > nf-pon/cmd.sh
    ( cd nf-pon && PATH="$(dirname "$H2"):$PATH" bash -e cmd.sh > run.log 2>&1 )
    expect_eq "nf-core: the pon script builds panel.pon from three normals" \
        "$?:$(zcat nf-pon/panel.pon 2>/dev/null | grep -c '^##normals=3')" "0:1"
    nfm pon render stub meta.id=panel 'normals=N1.bam N2.bam N3.bam' > nf-pon-stub/cmd.sh
    ( cd nf-pon-stub && bash -e cmd.sh > run.log 2>&1 )
    expect_eq "nf-core: ... and its stub writes the same name" "$(cd nf-pon-stub && ls *.pon)" "panel.pon"
    mkdir -p nf-cohort/bin
    cat > nf-cohort/bin/her2cn <<'STUB'
#!/bin/sh
# stand-in for `her2cn cohort -o PREFIX --list FILE` (records what it was given)
printf '%s\n' "$*" > args.log
[ "$1" = cohort ] && [ "$2" = -o ] && [ "$4" = --list ] || exit 1
cat "$5" >> args.log
for e in tsv seg html; do echo "$e" > "$3.$e"; done
STUB
    chmod +x nf-cohort/bin/her2cn
    nfm cohort render script meta.id=C 'summaries=T1.json T2.json' > nf-cohort/cmd.sh
    ( cd nf-cohort && PATH="$PWD/bin:$PATH" bash -e cmd.sh > run.log 2>&1 )
    expect_eq "nf-core: the cohort script runs her2cn cohort -o C --list C.list with both summaries" \
        "$?:$(tr '\n' ' ' < nf-cohort/args.log)" "0:cohort -o C --list C.list T1.json T2.json "
    expect_eq "nf-core: ... and writes one file per output glob" "$(cd nf-cohort && ls C.tsv C.seg C.html | tr '\n' ' ')" \
        "C.html C.seg C.tsv "
fi
