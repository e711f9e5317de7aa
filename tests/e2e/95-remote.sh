# Remote inputs over loopback HTTP only (tests/tools/httpd.py on 127.0.0.1):
# BAM, CRAM (-f local and over http), the ##idx## form give the VCF of the
# local file; each server failure is one line naming the URL, with no output
# left; credentials in a URL are never printed or written. Under valgrind
# (make memcheck) the first call and one failure are wrapped, the rest run
# plain (HEAVY): libcurl under valgrind costs ~12 s a call.
HEAVY=$H2; [ -n "${H2_WRAP:-}" ] && HEAVY=$BIN
RD="$WORK/remote"; mkdir -p "$RD/srv/alt" "$RD/cwd"
G="$ROOT/testdata/small.genome"; GENES="$ROOT/testdata/small-genes.bed"
"$H2" simulate -g "$G" -d 1 -s 5 -c chr17:1400000-1700000:10 -F "$RD/srv/r.fa" \
    -o "$RD/srv/r.cram" 2>"$RD/sim.err" || echo "simulate failed: $(cat "$RD/sim.err")"
samtools view -b -o "$RD/srv/r.bam" --reference "$RD/srv/r.fa" "$RD/srv/r.cram" &&
    samtools index "$RD/srv/r.bam"
# a normal of the same person (same reference), as a BAM beside it
"$H2" simulate -g "$G" -d 1 -s 6 --ref-seed 5 -F "$RD/n.fa" -o "$RD/srv/n.bam" 2>"$RD/sim.err" \
    || echo "simulate failed: $(cat "$RD/sim.err")"
# the same BAM with its index under another name: found only through ##idx##
ln "$RD/srv/r.bam" "$RD/srv/alt/s.bam" && cp "$RD/srv/r.bam.bai" "$RD/srv/alt/index-of-s.bai"

# The server dies with this file (the trap, also on an early exit of e2e.sh)
# or on its own once its parent is gone (httpd.py watches it).
python3 "$ROOT/tests/tools/httpd.py" "$RD/srv" "$RD/port" "$RD/requests.log" &
HTTPD=$!
OLD_EXIT=$(trap -p EXIT)
trap 'kill "$HTTPD" 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 100); do [ -s "$RD/port" ] && break; sleep 0.1; done
U="http://127.0.0.1:$(cat "$RD/port")"
expect_true "loopback server is up" test -s "$RD/port"

# the header lines that name the input differ, nothing else may
body() { grep -v -e '^##her2cnCommand=' -e '^##input=' -e '^##reference=' "$1"; }
jbody() { grep -v -e '"command":' -e '"input":' -e '"reference":' -e '"bytes_read":' "$1"; }
"$HEAVY" call --quiet --genes "$GENES" -o "$RD/local.vcf" --json "$RD/local.json" "$RD/srv/r.bam"
"$H2" call --quiet --genes "$GENES" -o "$RD/http.vcf" --json "$RD/http.json" "$U/ok/r.bam"
expect_eq "remote BAM: exits 0" "$?" 0
expect_true "remote BAM: VCF identical to the local read" cmp -s <(body "$RD/local.vcf") <(body "$RD/http.vcf")
expect_true "remote BAM: JSON identical but for the paths and bytes" \
    cmp -s <(jbody "$RD/local.json") <(jbody "$RD/http.json")
expect_eq "remote BAM: ##input is the URL" "$(grep '^##input=' "$RD/http.vcf")" "##input=$U/ok/r.bam"
"$HEAVY" call --quiet --genes "$GENES" -o "$RD/idx.vcf" "$U/ok/alt/s.bam##idx##$U/ok/alt/index-of-s.bai"
expect_true "##idx## form: VCF identical" cmp -s <(body "$RD/local.vcf") <(body "$RD/idx.vcf")
expect_fail "remote BAM without an index at its default name" 2 "no index for http://127.0.0.1:[0-9]+/ok/alt/s.bam.*##idx##" \
    "$RD/x.vcf" -- "$HEAVY" call --quiet --genes "$GENES" -o "$RD/x.vcf" "$U/ok/alt/s.bam"

# CRAM: -f local and -f over http; nothing is written beside the run (htslib
# would otherwise save a remote .crai into the working directory)
"$HEAVY" call --quiet --genes "$GENES" -f "$RD/srv/r.fa" -o "$RD/lcram.vcf" "$RD/srv/r.cram"
(cd "$RD/cwd" && "$HEAVY" call --quiet --genes "$GENES" -f "$RD/srv/r.fa" -o "$RD/hcram.vcf" "$U/ok/r.cram")
expect_true "remote CRAM, local -f: VCF identical" cmp -s <(body "$RD/lcram.vcf") <(body "$RD/hcram.vcf")
(cd "$RD/cwd" && "$HEAVY" call --quiet --genes "$GENES" -f "$U/ok/r.fa" -o "$RD/hcram2.vcf" "$U/ok/r.cram")
expect_true "remote CRAM, -f over http: VCF identical" cmp -s <(body "$RD/lcram.vcf") <(body "$RD/hcram2.vcf")
expect_eq "remote -f: ##reference is the URL" "$(grep '^##reference=' "$RD/hcram2.vcf")" "##reference=$U/ok/r.fa"
expect_eq "remote reads leave no file in the working directory" "$(ls -A "$RD/cwd")" ""

# a matched normal over http: the same VCF as the local normal
# (issue 20: the tumour as its own normal is refused now)
"$HEAVY" call --quiet --genes "$GENES" --normal "$RD/srv/n.bam" -o "$RD/ln.vcf" "$RD/srv/r.bam"
"$HEAVY" call --quiet --genes "$GENES" --normal "$U/ok/n.bam" -o "$RD/hn.vcf" "$RD/srv/r.bam"
expect_true "remote --normal: both VCFs written" test -s "$RD/ln.vcf" -a -s "$RD/hn.vcf"
expect_true "remote --normal: VCF identical" cmp -s <(body "$RD/ln.vcf" | grep -v '^##her2cnNormal=') \
    <(body "$RD/hn.vcf" | grep -v '^##her2cnNormal=')
expect_eq "remote --normal: ##her2cnNormal names the URL" "$(grep -c "^##her2cnNormal=$U/ok/n.bam " "$RD/hn.vcf")" 1

# qc.bytes_read: what the workers fetched from the BAM (its index not
# included); one worker reads each block at most once, so never more than
# the file; the --verbose timing line says the same number
bytes=$(sed -n 's/.*"bytes_read": \([0-9]*\).*/\1/p' "$RD/local.json")
expect_num "qc.bytes_read of a local BAM: within its size" "$bytes" 1 "$(stat -c %s "$RD/srv/r.bam")"
"$HEAVY" call --verbose --genes "$GENES" -o "$RD/v.vcf" --json "$RD/v.json" "$RD/srv/r.bam" 2>"$RD/v.err"
expect_true "timing line: records and bytes read, as in the JSON" grep -q \
    "read $(sed -n 's/.*"records_read": \([0-9]*\).*/\1/p' "$RD/v.json") records, $(sed -n 's/.*"bytes_read": \([0-9]*\).*/\1/p' "$RD/v.json") bytes" "$RD/v.err"
"$HEAVY" call --quiet -@ 3 --genes "$GENES" -o "$RD/t3.vcf" --json "$RD/t3.json" "$RD/srv/r.bam"
expect_true "-@ 3: VCF identical" cmp -s <(body "$RD/local.vcf") <(body "$RD/t3.vcf")
expect_true "-@ 3: JSON identical but for bytes_read" cmp -s <(jbody "$RD/local.json") <(jbody "$RD/t3.json")

# failures: one line naming the URL, exit 2 for a missing object, else 3
expect_fail "remote: 404 Not Found" 2 "cannot open \"http://127.0.0.1:[0-9]+/404/r.bam\": no such object \(HTTP 404\)" \
    "$RD/x.vcf" -- "$HEAVY" call --quiet --genes "$GENES" -o "$RD/x.vcf" "$U/404/r.bam"
expect_fail "remote: 403 Forbidden" 3 "cannot open \"http://127.0.0.1:[0-9]+/403/r.bam\": access denied \(HTTP 403\)" \
    "$RD/x.vcf" -- "$HEAVY" call --quiet --genes "$GENES" -o "$RD/x.vcf" "$U/403/r.bam"
expect_fail "remote: server ignores Range" 3 "cannot read \"http://127.0.0.1:[0-9]+/norange/r.bam\": the server does not honour byte-range" \
    "$RD/x.vcf" -- "$H2" call --quiet --genes "$GENES" -o "$RD/x.vcf" --json "$RD/x.json" "$U/norange/r.bam"
expect_true "remote: no JSON left either" test ! -e "$RD/x.json"
expect_fail "remote: connection reset mid-read" 3 "cannot read \"http://127.0.0.1:[0-9]+/drop-200000/r.bam\": the connection was dropped" \
    "$RD/x.vcf" -- "$HEAVY" call --quiet --genes "$GENES" -o "$RD/x.vcf" "$U/drop-200000/r.bam"
expect_fail "remote: CRAM connection reset mid-read" 3 "cannot read \"http://127.0.0.1:[0-9]+/drop-200000/r.cram\": the connection was dropped" \
    "$RD/x.vcf" -- "$HEAVY" call --quiet --genes "$GENES" -f "$RD/srv/r.fa" -o "$RD/x.vcf" "$U/drop-200000/r.cram"
expect_fail "remote: truncated response" 3 "cannot read \"http://127.0.0.1:[0-9]+/trunc-200000/r.bam\": the server's response was cut short" \
    "$RD/x.vcf" -- "$HEAVY" call --quiet --genes "$GENES" -o "$RD/x.vcf" "$U/trunc-200000/r.bam"
expect_fail "remote: -f 404" 2 "cannot open the FASTA \(with its .fai\) \"http://127.0.0.1:[0-9]+/404/r.fa\": no such object" \
    "$RD/x.vcf" -- "$HEAVY" call --quiet --genes "$GENES" -f "$U/404/r.fa" -o "$RD/x.vcf" "$U/ok/r.bam"
expect_fail "remote: -f URL with a query string" 1 "a FASTA URL with a query string or ##idx## is not supported" \
    "$RD/x.vcf" -- "$HEAVY" call --quiet --genes "$GENES" -f "$U/ok/r.fa?sig=1" -o "$RD/x.vcf" "$U/ok/r.bam"

# credentials in a URL: never on stderr, in the VCF or in the JSON
S="http://user:SECRET1@127.0.0.1:${U##*:}/ok/r.bam?token=SECRET2"
"$HEAVY" call --verbose --genes "$GENES" -o "$RD/sec.vcf" --json "$RD/sec.json" "$S" 2>"$RD/sec.err"
expect_eq "URL with credentials: exits 0" "$?" 0
expect_eq "URL with credentials: no secret in stderr, VCF, JSON" \
    "$(cat "$RD/sec.err" "$RD/sec.vcf" "$RD/sec.json" | grep -c SECRET)" 0
expect_eq "URL with credentials: ##input shown redacted" "$(grep '^##input=' "$RD/sec.vcf")" \
    "##input=http://***@127.0.0.1:${U##*:}/ok/r.bam?***"
expect_fail "URL with credentials: 404 names the URL without them" 2 \
    "cannot open \"http://\*\*\*@127.0.0.1:[0-9]+/404/r.bam\?\*\*\*\": no such object" "$RD/x.vcf" -- \
    "$HEAVY" call --quiet --genes "$GENES" -o "$RD/x.vcf" "http://u:SECRET3@127.0.0.1:${U##*:}/404/r.bam?t=SECRET4"
expect_true "URL with credentials: not in the error either" sh -c "! grep -q SECRET '$WORK'/stderr.*"

kill "$HTTPD" 2>/dev/null; wait "$HTTPD" 2>/dev/null
eval "$OLD_EXIT"
