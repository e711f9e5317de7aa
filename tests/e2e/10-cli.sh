# Command line: help, version, usage errors (exit 1, one clear line, no output).
"$H2" --version > "$WORK/v.txt"; expect_eq "version exits 0" "$?" 0
expect_true "version names htslib" grep -q "htslib" "$WORK/v.txt"
"$H2" call -h > "$WORK/h.txt"; expect_eq "call -h exits 0" "$?" 0
expect_true "call -h lists --purity with its default" grep -q -- "--purity F|auto.*\[auto\]" "$WORK/h.txt"
"$H2" call >/dev/null 2>&1; expect_eq "call with no args exits 1" "$?" 1
"$H2" frobnicate >/dev/null 2>&1; expect_eq "unknown command exits 1" "$?" 1
printf '@HD\tVN:1.6\n' > "$WORK/dummy.sam"
O="$WORK/cli-out.vcf"
expect_fail "threads 0"        1 "threads must be an integer" "$O" -- "$H2" call -@0 -o "$O" "$WORK/dummy.sam"
expect_fail "threads negative" 1 "threads must be an integer" "$O" -- "$H2" call -@ -3 -o "$O" "$WORK/dummy.sam"
expect_fail "threads 10000"    1 "threads must be an integer" "$O" -- "$H2" call -@ 10000 -o "$O" "$WORK/dummy.sam"
expect_fail "purity 0"         1 "purity must be a number" "$O" -- "$H2" call --purity 0 -o "$O" "$WORK/dummy.sam"
expect_fail "purity 1.5"       1 "purity must be a number" "$O" -- "$H2" call --purity 1.5 -o "$O" "$WORK/dummy.sam"
expect_fail "purity typo"      1 "purity must be a number" "$O" -- "$H2" call --purity 0.6x -o "$O" "$WORK/dummy.sam"
expect_fail "ploidy 0"         1 "ploidy must be a number" "$O" -- "$H2" call --ploidy 0 -o "$O" "$WORK/dummy.sam"
expect_fail "unknown genome"   1 "unknown genome" "$O" -- "$H2" call -g mm10 -o "$O" "$WORK/dummy.sam"
expect_fail "bad -O"           1 "output-type" "$O" -- "$H2" call -O x -o "$O" "$WORK/dummy.sam"
expect_fail "min-MQ typo"      1 "min-MQ must be an integer" "$O" -- "$H2" call -q 2O -o "$O" "$WORK/dummy.sam"
expect_fail "two inputs"       1 "exactly one input" "$O" -- "$H2" call -o "$O" "$WORK/dummy.sam" "$WORK/dummy.sam"
expect_fail "thresholds order" 1 "thresholds must satisfy" "$O" -- "$H2" call --gain-cn 8 -o "$O" "$WORK/dummy.sam"
expect_fail "--version to /dev/full" 3 "cannot write to standard output" - -- sh -c '"$0" --version > /dev/full' "$H2"
expect_fail "call --help to /dev/full" 3 "cannot write to standard output" - -- sh -c '"$0" call --help > /dev/full' "$H2"
expect_fail "empty sample name" 1 'sample needs a name, not ""' "$O" -- "$H2" call -s '' -o "$O" "$WORK/dummy.sam"
expect_fail "empty --mqc prefix" 1 'mqc needs a file name, not ""' "$O" -- "$H2" call --mqc '' -o "$O" "$WORK/dummy.sam"
expect_fail "empty --json" 1 'json needs a file name, not ""' "$O" -- "$H2" call --json '' -o "$O" "$WORK/dummy.sam"
expect_fail "quiet+verbose"    1 "conflict" "$O" -- "$H2" call --quiet --verbose -o "$O" "$WORK/dummy.sam"
