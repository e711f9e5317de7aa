# Release packaging. The version has one home (H2_VERSION in include/her2cn.h):
# `her2cn --version`, the man page, the recipe, the Dockerfile, the Snakemake
# env and the nf-core module agree with it. `make dist` writes a reproducible
# her2cn-VERSION.tar.gz and dist/recipe/meta.yaml whose sha256 is the
# tarball's, with url, home, stdlib('c'), license MIT and license_file; the
# tarball extracts outside any git checkout, builds with `make` and passes
# `make check` (H2_DIST_CHECK=quick: `make unit` and two e2e files instead, on
# a laptop), and its binary's --version matches. The Dockerfile (no Docker
# here) has the OCI labels, a non-root user, and its test stage's commands
# pass when run with this build.
if need make tar sha256sum python3; then
    ver=$(sed -n 's/^#define H2_VERSION "\(.*\)"/\1/p' "$ROOT/include/her2cn.h")
    expect_eq "dist: her2cn --version is H2_VERSION" "$("$H2" --version | sed -n '1s/^her2cn //p')" "$ver"
    expect_eq "dist: the version in man page, recipe, Dockerfile, Snakemake env, nf-core env" "$(
        sed -n '1s/.*"her2cn \([^"]*\)".*/\1/p' "$ROOT/docs/her2cn.1"
        sed -n 's/^{% set version = "\(.*\)" %}/\1/p' "$ROOT/recipe/meta.yaml"
        sed -n 's/^ARG VERSION=//p' "$ROOT/Dockerfile"
        sed -n 's/.*bioconda::her2cn=//p' "$ROOT/workflow/envs/her2cn.yaml" \
            "$ROOT/workflow/nextflow/modules/her2cn/call/environment.yml")" \
        "$(printf '%s\n' "$ver" "$ver" "$ver" "$ver" "$ver")"
    make -s -C "$ROOT" dist DISTDIR="$PWD/dist" H2_HOME=https://example.org/h2 > dist.log 2>&1
    expect_eq "dist: make dist exits 0" "$?" 0 || cat dist.log
    tgz=dist/her2cn-$ver.tar.gz
    sha=$(sha256sum "$tgz" | cut -d' ' -f1)
    expect_eq "dist: the recipe's sha256 is the tarball's" \
        "$(sed -n 's/^{% set sha256 = "\(.*\)" %}/\1/p' dist/recipe/meta.yaml)" "$sha"
    expect_eq "dist: the recipe's url and home" \
        "$(sed -n 's/^{% set \(url\|home\) = "\(.*\)" %}/\2/p' dist/recipe/meta.yaml | tr '\n' ' ')" \
        "https://example.org/h2/releases/her2cn-$ver.tar.gz https://example.org/h2 "
    python3 "$ROOT/tests/integration/recipe_check.py" dist/recipe/meta.yaml "$ver" > recipe.log 2>&1
    expect_eq "dist: the rendered recipe has what bioconda's lints ask (url, sha256, home, MIT, license_file, compiler+stdlib, run_exports, tests)" \
        "$?:$(cat recipe.log)" "0:"
    expect_true "dist: ... and the unfilled template fails that check" \
        sh -c '! python3 "$1" "$2" "$3" > /dev/null' _ "$ROOT/tests/integration/recipe_check.py" "$ROOT/recipe/meta.yaml" "$ver"
    make -s -C "$ROOT" dist DISTDIR="$PWD/dist2" H2_HOME=https://example.org/h2 > /dev/null 2>&1
    expect_eq "dist: make dist twice gives the same bytes" "$(sha256sum < dist2/her2cn-$ver.tar.gz)" "$(sha256sum < "$tgz")"
    mkdir -p dist-x && tar -xzf "$tgz" -C dist-x
    expect_eq "dist: the tarball extracts to her2cn-$ver/ with the licence" \
        "$(ls dist-x) $(test -s dist-x/her2cn-$ver/LICENSE && echo LICENSE)" "her2cn-$ver LICENSE"
    expect_eq "dist: it holds every file git tracks" \
        "$(cd dist-x/her2cn-$ver && find . -type f | sed 's,^\./,,' | LC_ALL=C sort | comm -13 - <(cd "$ROOT" && git ls-files | LC_ALL=C sort) | head -3)" ""
    src=dist-x/her2cn-$ver
    ( cd "$src" && nice make -j2 > build.log 2>&1 )
    expect_eq "dist: make in the extracted tarball" "$?" 0 || tail -5 "$src/build.log"
    expect_eq "dist: its her2cn --version" "$("$src/her2cn" --version | head -1)" "her2cn $ver"
    PATH="$PWD/$src:$PATH" python3 "$ROOT/tests/integration/recipe_check.py" dist/recipe/meta.yaml "$ver" --run > recipe-run.log 2>&1
    expect_eq "dist: the recipe's test commands pass with the tarball's build" "$?:$(cat recipe-run.log)" "0:"
    if [ "${H2_DIST_CHECK:-full}" = quick ]; then
        ( cd "$src" && make unit > check.log 2>&1 && E2E_ONLY='[13]0-*' make e2e >> check.log 2>&1 )
        expect_eq "dist: make unit and e2e 10, 30 pass in the extracted tarball (H2_DIST_CHECK=quick)" "$?" 0 \
            || tail -15 "$src/check.log"
    else
        ( cd "$src" && nice make check > check.log 2>&1 )
        expect_eq "dist: make check passes in the extracted tarball" "$?" 0 || tail -15 "$src/check.log"
    fi
    grep -E '^[0-9]+ passed|passed,' "$src/check.log" | tail -2 | sed 's/^/       /'
    # Dockerfile: labels, user, and its test stage run here with this build
    df="$ROOT/Dockerfile"
    expect_true "docker: OCI labels version, licenses, source" sh -c \
        'grep -q "org.opencontainers.image.version=\"\${VERSION}\"" "$1" && grep -q "org.opencontainers.image.licenses=\"MIT\"" "$1" && grep -q "org.opencontainers.image.source=" "$1"' _ "$df"
    expect_eq "docker: the runtime image runs as a non-root user" "$(grep '^USER ' "$df")" "USER her2cn"
    expect_true "docker: the default image is built from the test stage's result" \
        grep -q '^COPY --from=test ' "$df"
    mkdir -p dk && awk '/^FROM runtime AS test/{f=1;next} f&&/^RUN /{sub(/^RUN /,"");p=1} p{print} p&&!/\\$/{exit}' "$df" \
        | sed "s,/home/her2cn,$PWD/dk,g" > dk/test.sh
    ( cd dk && PATH="$(dirname "$H2"):$PATH" VERSION="$ver" bash -e test.sh > test.log 2>&1 )
    expect_true "docker: the test stage's commands pass with this build" test -e dk/test-passed
fi
