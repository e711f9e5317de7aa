# Reliability matrix, options and output safety. Threads 0/-3/10000, purity
# 0/1.5, ploidy 0, unknown genome, --quiet+--verbose, missing output
# directory, /dev/full and -o == input are in 10-cli.sh / 50-errors.sh.
# Needs 90-inputs.sh ($R, $G, $GENES, r.bam, r.cram).
expect_fail "purity negative" 1 "purity must be a number in \[0.01,1\]" "$O" -- "$H2" call --purity -0.2 --genes "$GENES" -o "$O" "$R/r.bam"
expect_fail "purity below 1%" 1 "purity must be a number in \[0.01,1\]" "$O" -- "$H2" call --purity 1e-300 --genes "$GENES" -o "$O" "$R/r.bam"
expect_fail "purity NaN" 1 "purity must be a number" "$O" -- "$H2" call --purity nan --genes "$GENES" -o "$O" "$R/r.bam"
expect_fail "ploidy negative" 1 "ploidy must be a number" "$O" -- "$H2" call --ploidy -2 --genes "$GENES" -o "$O" "$R/r.bam"
expect_fail "threads not a number" 1 "threads must be an integer" "$O" -- "$H2" call -@ four --genes "$GENES" -o "$O" "$R/r.bam"
expect_fail "unknown option" 1 "unrecognized option" "$O" -- "$H2" call --frobnicate --genes "$GENES" -o "$O" "$R/r.bam"
mkdir -p "$R/od"
expect_fail "--json equal to --output through ./" 1 "(--json and --output|--output and --json) name the same file" "$R/od/x.vcf" -- \
    "$H2" call --genes "$GENES" --json "$R/./od/x.vcf" -o "$R/od/x.vcf" "$R/r.bam"
expect_fail "--json onto the VCF's index" 1 "--json and the --output index name the same file" "$R/od/x.vcf.gz" -- \
    "$H2" call --genes "$GENES" --json "$R/od/x.vcf.gz.tbi" -o "$R/od/x.vcf.gz" "$R/r.bam"
expect_fail "--bins onto the VCF's other index name (.csi)" 1 "--bins and the --output index name the same file" "$R/od/x.vcf.gz" -- \
    "$H2" call --genes "$GENES" --bins "$R/od/../od/x.vcf.gz.csi" -o "$R/od/x.vcf.gz" "$R/r.bam"
expect_fail "--bins and --output both stdout" 1 "name the same file" "-" -- \
    "$H2" call --genes "$GENES" --bins - -o - "$R/r.bam"
expect_fail "--bins equal to --output" 1 "(--bins and --output|--output and --bins) name the same file" "$O" -- "$H2" call --genes "$GENES" --bins "$O" -o "$O" "$R/r.bam"
expect_fail "-g GRCh38 with --genes on another genome" 2 "chr17 is 3000000 bp long" "$O" -- "$H2" call -g GRCh38 --genes "$GENES" -o "$O" "$R/r.bam"

# output locations that cannot work: exit 3 (I/O) or 1 (usage), nothing written
if [ "$(id -u)" -ne 0 ]; then
    mkdir -p "$R/ro"; chmod 555 "$R/ro"; ROD="$R/ro"
else
    ROD=/sys    # read-only for root too
fi
expect_fail "unwritable output directory" 3 "cannot (write to directory|create a temporary file)" "$ROD/x.vcf" -- "$H2" call --genes "$GENES" -o "$ROD/x.vcf" "$R/r.bam"
expect_fail "output directory is a file" 3 'cannot write to directory ".*r.bam": Not a directory' "-" -- "$H2" call --genes "$GENES" -o "$R/r.bam/x.vcf" "$R/r.bam"
expect_fail "output is a directory" 1 'output ".*" is a directory' "-" -- "$H2" call --genes "$GENES" -o "$R" "$R/r.bam"
expect_fail "--bins to /dev/full" 3 "/dev/full|write" "-" -- "$H2" call --quiet --genes "$GENES" --bins /dev/full -o "$R/full.vcf" "$R/r.bam"
expect_true "--bins to /dev/full: no VCF either" test ! -e "$R/full.vcf"
# all outputs or none: the VCF is committed first (a stale index that cannot
# be removed, here a directory, fails it) and then no --json appears; a VCF
# on stdout comes last, so a failing --json leaves stdout empty
mkdir -p "$R/aon/x.vcf.gz.csi/keep"
expect_fail "VCF commit fails: no --json either" 3 'cannot remove stale index' "$R/aon/x.json" -- \
    "$H2" call --quiet --genes "$GENES" -o "$R/aon/x.vcf.gz" --json "$R/aon/x.json" "$R/r.bam"
expect_true "VCF commit fails: no VCF" test ! -e "$R/aon/x.vcf.gz"
"$H2" call --quiet --genes "$GENES" -o - --json /dev/full "$R/r.bam" > "$R/aon/stdout.vcf" 2>/dev/null
expect_eq "VCF on stdout, --json to /dev/full: exit 3" "$?" 3
expect_eq "VCF on stdout, --json fails: nothing on stdout" "$(wc -c < "$R/aon/stdout.vcf")" 0
# /dev/stdout and /proc/self/fd/1 with stdout redirected to a regular file are
# written in place: a temp file renamed over them would replace the link
# (as root, /dev/stdout for every later process) and leave the redirect empty
"$H2" call --quiet --genes "$GENES" -o /dev/stdout "$R/r.bam" > "$R/devout.vcf"
expect_true "-o /dev/stdout redirected to a file: the VCF is in the file" grep -q '^#CHROM' "$R/devout.vcf"
expect_true "-o /dev/stdout: /dev/stdout is still a link" test -L /dev/stdout
"$H2" call --quiet --genes "$GENES" -o "$R/devj.vcf" --json /proc/self/fd/1 "$R/r.bam" > "$R/devout.json"
expect_true "--json /proc/self/fd/1 redirected to a file: valid JSON in the file" python3 -m json.tool "$R/devout.json" /dev/null
expect_true "no temp file left in /dev or /proc" sh -c '! ls -a /dev | grep -q "^\.stdout\.tmp"'

# outputs never overwrite an input: by name, through a symlink, the index,
# the --bins path, the BEDs and the FASTA
md5_before=$(cat "$R/r.bam" "$R/r.bam.bai" "$GENES" "$R/r.fa" | md5sum)
ln -sf "$R/r.bam" "$R/link.vcf"; ln -sf "$GENES" "$R/link.tsv"
expect_fail "output is a symlink to the input" 1 'output ".*link.vcf" would overwrite input' "-" -- "$H2" call --genes "$GENES" -o "$R/link.vcf" "$R/r.bam"
expect_fail "output is the input's index" 1 'would overwrite (input ".*r.bam.bai"|the .bai file of input ".*r.bam")' "-" -- "$H2" call --genes "$GENES" -o "$R/r.bam.bai" "$R/r.bam"
expect_fail "--bins is the input" 1 'output ".*r.bam" would overwrite input' "-" -- "$H2" call --genes "$GENES" --bins "$R/r.bam" -o "$O" "$R/r.bam"
expect_fail "--bins is a symlink to the genes BED" 1 'would overwrite input ".*small-genes.bed"' "-" -- "$H2" call --genes "$GENES" --bins "$R/link.tsv" -o "$O" "$R/r.bam"
expect_fail "output is the FASTA" 1 'would overwrite input ".*r.fa"' "-" -- "$H2" call -f "$R/r.fa" --genes "$GENES" -o "$R/r.fa" "$R/r.cram"
expect_fail "output is the input via ./ and .." 1 "would overwrite input" "-" -- "$H2" call --genes "$GENES" -o "$R/../rel/./r.bam" "$R/r.bam"
# ... nor a file an input implies: the FASTA's .fai, the normal's index, and
# (pon -o) any normal's index
md5_idx=$(cat "$R/r.fa.fai" "$R/stale.bam.bai" | md5sum)
expect_fail "--json onto the FASTA's .fai" 1 'would overwrite the .fai file of input ".*r.fa"' "-" -- \
    "$H2" call -f "$R/r.fa" --genes "$GENES" --json "$R/r.fa.fai" -o "$O" "$R/r.cram"
expect_fail "--bins onto the matched normal's index" 1 'would overwrite the .bai file of input ".*stale.bam"' "-" -- \
    "$H2" call --genes "$GENES" --normal "$R/stale.bam" --bins "$R/stale.bam.bai" -o "$O" "$R/r.bam"
cp "$R/r.bam" "$R/stem.bam" 2>/dev/null; cp "$R/r.bam.bai" "$R/stem.bai"
expect_fail "pon -o onto a normal's index" 1 'would overwrite the .bai file of input ".*stale.bam"' "-" -- \
    "$H2" pon --genes "$GENES" -o "$R/stale.bam.bai" "$R/r.bam" "$R/stale.bam" "$R/stem.bam"
expect_fail "output onto x.bai, the index of x.bam" 1 'would overwrite the .bai file of input ".*stem.bam"' "-" -- \
    "$H2" call --genes "$GENES" --bins "$R/stem.bai" -o "$O" "$R/stem.bam"
expect_eq "implied files unchanged" "$(cat "$R/r.fa.fai" "$R/stale.bam.bai" | md5sum)" "$md5_idx"
expect_eq "inputs unchanged after all of the above" "$(cat "$R/r.bam" "$R/r.bam.bai" "$GENES" "$R/r.fa" | md5sum)" "$md5_before"

# names with spaces, tabs, newlines and % in the sample, input and output
# names: the VCF header stays one line per field and bcftools reads it
W=$'we ird\t%s%n\nname'
cp "$R/r.bam" "$R/$W.bam"; cp "$R/r.bam.bai" "$R/$W.bam.bai"
"$H2" call --quiet --genes "$GENES" -s $'S 1\t%s%n\nx' -o "$R/$W.vcf" "$R/$W.bam"
expect_eq "weird names: exit 0" "$?" 0
expect_eq "weird names: bcftools reads the sample" "$(bcftools query -l "$R/$W.vcf")" 'S 1 %s%n x'
expect_true "weird names: every header line is a ## line or #CHROM" awk '/^#/ && !/^##/ && !/^#CHROM/{exit 1} !/^#/{n++} END{exit n!=1}' "$R/$W.vcf"
expect_true "weird names: ##input keeps % literally" grep -q '^##input=.*we ird %s%n name.bam$' "$R/$W.vcf"
expect_eq "weird names: same records as plain names" "$(bcftools query -f '%ID [%CALL] [%CN]' "$R/$W.vcf")" "$(bcftools query -f '%ID [%CALL] [%CN]' "$R/r.vcf")"

# no network: a CRAM without a local reference fails at once, with REF_PATH
# unset, and no socket is ever opened (LeakSanitizer cannot run under
# ptrace, so it is off for these runs)
if command -v strace >/dev/null && strace -f -o /dev/null true 2>/dev/null; then
    env -u REF_PATH -u REF_CACHE ASAN_OPTIONS=detect_leaks=0 strace -f -e trace=socket,connect -o "$R/strace.log" \
        "$H2" call --genes "$GENES" -o "$O" "$R/r.cram" 2>"$R/cram.err"
    expect_eq "CRAM, REF_PATH unset, no -f: exit 1" "$?" 1
    expect_true "CRAM, REF_PATH unset: says it needs a reference" grep -q "needs a reference" "$R/cram.err"
    expect_true "CRAM, REF_PATH unset: no socket or connect" awk '/socket\(|connect\(/{exit 1}' "$R/strace.log"
    # even with an @SQ UR/M5 pointing nowhere and -f given, no network either
    env -u REF_PATH -u REF_CACHE ASAN_OPTIONS=detect_leaks=0 strace -f -e trace=socket,connect -o "$R/strace2.log" \
        "$H2" call --quiet -f "$R/r.fa" --genes "$GENES" -o "$R/net.vcf" "$R/r.cram"
    expect_eq "CRAM with -f, REF_PATH unset: exit 0" "$?" 0
    expect_true "CRAM with -f: no socket or connect" awk '/socket\(|connect\(/{exit 1}' "$R/strace2.log"
else
    echo "  skip network checks (strace not usable here)"
fi

# a sample name that is not UTF-8 (Latin-1) still gives valid JSON and MultiQC files
"$H2" call --quiet --genes "$GENES" -s "$(printf 'S\351bastien')" -o "$R/l1.vcf" --json "$R/l1.json" --mqc "$R/l1" "$R/r.bam"
expect_true "Latin-1 sample name: valid JSON" python3 -c 'import json,sys; json.load(open(sys.argv[1], encoding="utf-8"))' "$R/l1.json"
expect_true "Latin-1 sample name: valid MultiQC JSON" python3 -c 'import json,sys; [json.load(open(f, encoding="utf-8")) for f in sys.argv[1:]]' "$R/l1.her2cn_mqc.json" "$R/l1.her2cn_gs_mqc.json"
