# Assertion helpers for tests/e2e/*.sh. Variables: $H2 (binary), $WORK (scratch
# dir), $ROOT (repo root). Each assertion prints ok/FAIL and counts.
ok()   { PASS=$((PASS+1)); echo "  ok   $1"; }
fail() { FAIL=$((FAIL+1)); echo "  FAIL $1"; [ -n "${2:-}" ] && echo "       $2"; return 0; }

# expect_eq NAME GOT WANT
expect_eq() { if [ "$2" = "$3" ]; then ok "$1"; else fail "$1" "got [$2] want [$3]"; fi; }

# expect_true NAME CONDITION-COMMAND...
expect_true() { local n=$1; shift; if "$@"; then ok "$n"; else fail "$n" "condition failed: $*"; fi; }

# expect_num NAME GOT LO HI  (inclusive range, floats)
expect_num() {
    if awk -v g="$2" -v lo="$3" -v hi="$4" 'BEGIN{exit !(g!="" && g+0>=lo+0 && g+0<=hi+0)}'; then
        ok "$1 ($2 in [$3,$4])"; else fail "$1" "got [$2] want in [$3,$4]"; fi
}

# expect_fail NAME EXIT-CODE STDERR-REGEX OUTFILE -- CMD...
# Runs CMD, expects exit code, one stderr line matching regex, and no OUTFILE.
expect_fail() {
    local n=$1 code=$2 re=$3 out=$4; shift 5
    local err="$WORK/stderr.$$"
    "$@" >"$WORK/stdout.$$" 2>"$err"; local rc=$?
    if [ "$rc" -ne "$code" ]; then fail "$n" "exit $rc want $code; stderr: $(head -c 300 "$err")"; return; fi
    if ! grep -Eq -- "$re" "$err"; then fail "$n" "stderr [$(head -c 300 "$err")] does not match /$re/"; return; fi
    if [ "$(wc -l < "$err")" -ne 1 ]; then fail "$n" "stderr is not one line: [$(head -c 300 "$err")]"; return; fi
    [ -n "${H2_CASES:-}" ] && printf '%s\t%s\t%s\t%s\n' "${CASE_FILE:-?}" "$n" "$code" "$(cat "$err")" >> "$H2_CASES"
    if [ "$out" != "-" ] && [ -e "$out" ]; then fail "$n" "output $out was left behind"; return; fi
    if ls "$(dirname "$out")"/.*.tmp* >/dev/null 2>&1; then fail "$n" "temporary file left behind"; return; fi
    ok "$n"
}
