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
