# Build: a sanitizer build never replaces the plain ./her2cn (issue 20; `make
# SAN=address,undefined` used to copy build-san/her2cn over it). Reads the
# Makefile's plan (make -n -B) instead of building: cheap. The outer make's
# flags and variables (make check SAN=...) are kept out of it.
if command -v make >/dev/null 2>&1 && [ -f "$ROOT/Makefile" ]; then
    mk() { env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u SAN -u BUILD make -C "$ROOT" --no-print-directory -n -B "$@" 2>/dev/null; }
    mk > "$WORK/plan-plain.txt"
    mk SAN=address,undefined > "$WORK/plan-san.txt"
    mk SAN=address,undefined her2cn > "$WORK/plan-san-her2cn.txt"
    expect_true "build: plain make copies build/her2cn to ./her2cn" grep -qx 'cp build/her2cn her2cn' "$WORK/plan-plain.txt"
    expect_true "build: make SAN=... links build-san/her2cn" grep -q -- '-o build-san/her2cn ' "$WORK/plan-san.txt"
    expect_true "build: make SAN=... writes nothing outside build-san/" \
        sh -c '! grep -E "(^cp |-o )" "$1" | grep -qv -- "-o build-san/"' sh "$WORK/plan-san.txt"
    expect_true "build: make her2cn SAN=... refuses instead of copying" \
        sh -c 'grep -q "is the plain build" "$1" && ! grep -q "^cp " "$1"' sh "$WORK/plan-san-her2cn.txt"
fi
