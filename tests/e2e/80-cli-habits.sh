# The man page renders cleanly and documents every `call` option; --version
# names htslib; --verbose adds a timing summary and --quiet silences stderr.
man1="$ROOT/docs/her2cn.1"
expect_eq "man: groff renders docs/her2cn.1 without warnings" "$(groff -man -ww -z "$man1" 2>&1)" ""
MANWIDTH=80 groff -man -Tutf8 "$man1" 2>/dev/null | sed 's/.\x08//g' > "$WORK/man.txt"
expect_true "man: has NAME, SYNOPSIS, EXIT STATUS" sh -c 'grep -q "^NAME" "$1" && grep -q "^SYNOPSIS" "$1" && grep -q "^EXIT STATUS" "$1"' _ "$WORK/man.txt"
missing=""
for o in $("$H2" call -h | grep -o -- '--[a-zA-Z][a-zA-Z0-9-]*' | sort -u); do
    grep -q -- "$o" "$WORK/man.txt" || missing="$missing $o"
done
expect_eq "man: every option of 'call -h' is in the man page" "$missing" ""
expect_true "--version names the htslib version" sh -c '"$1" --version | grep -Eq "^Using htslib [0-9]+\.[0-9]+"' _ "$H2"
"$H2" call --verbose --purity 0.6 -o "$WORK/v.vcf" "$WORK/jamp.bam" 2> "$WORK/verbose.err"
expect_true "--verbose: timing summary with the stages" grep -Eq '^her2cn call: timing: header\+regions [0-9.]+ s, counting [0-9.]+ s, .* total [0-9.]+ s; read [0-9]+ records, [0-9]+ bytes$' "$WORK/verbose.err"
"$H2" call --purity 0.6 -o "$WORK/v.vcf" "$WORK/jamp.bam" 2> "$WORK/default.err"
expect_true "default: progress lines (records read, result)" sh -c 'grep -q "records read in" "$1" && grep -q "ERBB2 CN .* AMP, done in" "$1"' _ "$WORK/default.err"
"$H2" call --quiet --purity 0.6 -o "$WORK/v.vcf" "$WORK/jamp.bam" 2> "$WORK/quiet.err"
expect_eq "--quiet: nothing on stderr" "$(cat "$WORK/quiet.err")" ""
