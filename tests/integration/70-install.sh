# make install PREFIX=... puts the binary and the man page in place; the
# installed man page opens with man -l (Debian's man-db).
if need man make; then
    make -s -C "$ROOT" install PREFIX="$PWD/inst" > install.log 2>&1
    expect_eq "install: make install PREFIX exits 0" "$?" 0
    expect_true "install: binary runs" sh -c '"$1"/inst/bin/her2cn --version | grep -q "^her2cn "' _ "$PWD"
    expect_true "install: man page installed" test -s inst/share/man/man1/her2cn.1
    MANWIDTH=80 man -l inst/share/man/man1/her2cn.1 > man.txt 2> man.err
    expect_true "install: man -l renders it" grep -q 'her2cn call' man.txt
    expect_eq "install: man -l prints no warnings" "$(cat man.err)" ""
fi
# The man page's synopsis names every subcommand, and every long option that
# `her2cn SUB --help` prints is documented in it.
if need man; then
    MANWIDTH=200 man -l "$ROOT/docs/her2cn.1" 2> /dev/null > man-wide.txt
    syn=$(sed -n '/^SYNOPSIS/,/^DESCRIPTION/p' man-wide.txt)
    missing=""
    for sub in call pon regions simulate validate cohort; do
        echo "$syn" | grep -Eq "her2cn +$sub " || missing="$missing synopsis:$sub"
        for o in $("$H2" $sub --help 2>&1 | grep -o -- '--[a-zA-Z][a-zA-Z0-9-]*' | sort -u); do
            grep -q -- "$o\b" man-wide.txt || missing="$missing $sub:$o"
        done
    done
    expect_eq "man: synopsis has every subcommand, the page every --help option" "$missing" ""
    expect_true "man: says how to select the gene record, not the AMPLICON one" \
        grep -q "INFO/GENE=\"ERBB2\"" man-wide.txt
fi
