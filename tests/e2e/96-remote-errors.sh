# Remote inputs, issue 20: what a server does wrong ends in one line that
# says it in words, with exit 3 when a retry may help (timeouts, 429, 5xx)
# and 2 when it cannot (other 4xx): a stalled or trickling server and a
# redirect loop stop after HER2CN_REMOTE_TIMEOUT (2 s here) or 10 redirects
# instead of waiting for ever. Loopback HTTP only (tests/tools/httpd.py);
# every call runs under `timeout` so that a hang fails instead of hanging.
# Under valgrind ($H2 wraps it) only two failures run wrapped, the rest
# plain ($BIN): libcurl under valgrind costs ~12 s a call, and the timed
# checks need the plain binary.
RE="$WORK/remote-errors"; mkdir -p "$RE/srv" "$RE/cwd"
G="$ROOT/testdata/small.genome"; GENES="$ROOT/testdata/small-genes.bed"
if [ -s "$WORK/remote/srv/r.bam.bai" ]; then   # 95-remote's files, when it ran
    for f in r.bam r.bam.bai r.cram r.cram.crai r.fa r.fa.fai; do
        cp -p "$WORK/remote/srv/$f" "$RE/srv/$f"; done
else
    "$BIN" simulate -g "$G" -d 1 -s 5 -c chr17:1400000-1700000:10 -F "$RE/srv/r.fa" \
        -o "$RE/srv/r.cram" 2>"$RE/sim.err" || echo "simulate failed: $(cat "$RE/sim.err")"
    samtools view -b -o "$RE/srv/r.bam" --reference "$RE/srv/r.fa" "$RE/srv/r.cram" &&
        samtools index "$RE/srv/r.bam"
fi
python3 "$ROOT/tests/tools/httpd.py" "$RE/srv" "$RE/port" "$RE/requests.log" &
HTTPD=$!
OLD_EXIT=$(trap -p EXIT)
trap 'kill "$HTTPD" 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 100); do [ -s "$RE/port" ] && break; sleep 0.1; done
U="http://127.0.0.1:$(cat "$RE/port")"
expect_true "loopback server is up" test -s "$RE/port"
call() { timeout 60 "$@"; }
export HER2CN_REMOTE_TIMEOUT=2

# hangs: each stops after the timeout (2 s) or the 10th redirect
t0=$(date +%s)
expect_fail "remote: server stalls (no response)" 3 \
    "cannot open \"http://127.0.0.1:[0-9]+/stall/r.bam\": no progress from the server for 2 s \(timed out; HER2CN_REMOTE_TIMEOUT; retryable\)" \
    "$RE/x.vcf" -- call "$BIN" call --quiet --genes "$GENES" -o "$RE/x.vcf" "$U/stall/r.bam"
expect_num "remote: a stalled server is given up after about the timeout (s)" $(( $(date +%s) - t0 )) 1 10
t0=$(date +%s)
expect_fail "remote: server trickles 2 bytes a second" 3 \
    "cannot open \"http://127.0.0.1:[0-9]+/trickle/r.bam\": no progress from the server for 2 s" \
    "$RE/x.vcf" -- call "$BIN" call --quiet --genes "$GENES" -o "$RE/x.vcf" "$U/trickle/r.bam"
expect_num "remote: a trickling server is given up after about the timeout (s)" $(( $(date +%s) - t0 )) 1 10
expect_fail "remote: redirect loop" 3 \
    "cannot open \"http://127.0.0.1:[0-9]+/loop/r.bam\": more than 10 redirects \(a redirect loop\?\)" \
    "$RE/x.vcf" -- call "$BIN" call --quiet --genes "$GENES" -o "$RE/x.vcf" "$U/loop/r.bam"
expect_eq "remote: the redirect loop was followed 10 times, then given up" \
    "$(grep -c '^GET /loop/r.bam .* 302 ' "$RE/requests.log")" 11
expect_fail "HER2CN_REMOTE_TIMEOUT not a number" 1 "HER2CN_REMOTE_TIMEOUT must be a whole number of seconds from 1 to 86400, not \"2s\"" \
    "$RE/x.vcf" -- env HER2CN_REMOTE_TIMEOUT=2s "$BIN" call --quiet --genes "$GENES" -o "$RE/x.vcf" "$U/ok/r.bam"
HER2CN_REMOTE_TIMEOUT=1 call "$BIN" call --quiet --genes "$GENES" -o "$RE/ok.vcf" --json "$RE/ok.json" "$U/ok/r.bam"
expect_eq "remote: a 1 s timeout does not stop a healthy server" "$?" 0

# HTTP statuses in words: retryable ones exit 3, client errors 2
for s in "503 Service Unavailable (retryable):3" "429 Too Many Requests (retryable):3" \
         "500 Internal Server Error (retryable):3" "502 Bad Gateway (retryable):3" \
         "400 Bad Request:2" "416 Range Not Satisfiable:2"; do
    code=${s##*:}; words=${s%:*}; n=${s%% *}
    expect_fail "remote: HTTP $n" "$code" \
        "cannot open \"http://127.0.0.1:[0-9]+/$n/r.bam\": HTTP $(printf '%s' "$words" | sed 's/[()]/\\&/g')$" \
        "$RE/x.vcf" -- call "$BIN" call --quiet --genes "$GENES" -o "$RE/x.vcf" "$U/$n/r.bam"
done
expect_fail "remote: a 300 KB response header" 3 \
    "cannot open \"http://127.0.0.1:[0-9]+/bighdr/r.bam\": the server's response could not be taken in \(libcurl refuses response headers over 100 KB\)" \
    "$RE/x.vcf" -- call "$BIN" call --quiet --genes "$GENES" -o "$RE/x.vcf" "$U/bighdr/r.bam"
expect_fail "remote: --normal 503" 3 \
    "matched normal: cannot open \"http://127.0.0.1:[0-9]+/503/r.bam\": HTTP 503 Service Unavailable \(retryable\)" \
    "$RE/x.vcf" -- call "$H2" call --quiet --genes "$GENES" --normal "$U/503/r.bam" -o "$RE/x.vcf" "$RE/srv/r.bam"

# credentials are hidden before a long message is cut to its 1,024 bytes
# (cut first, "##idx##http://user:pass@" lost its '@' and the password showed)
LONGQ_END="##idx##http://user:SEC"
# (the query's length puts the cut inside "user:SECRET5")
pre="cannot open \"$U/404/r.bam?X-Amz-Signature="
LONGQ="X-Amz-Signature=$(printf "%0$((1023 - ${#pre} - ${#LONGQ_END}))d" 0)"
expect_fail "remote: a long presigned URL then ##idx## with user:password" 2 \
    "cannot open \"http://127.0.0.1:[0-9]+/404/r.bam\?\*\*\*##idx##http://\*\*\*@" "$RE/x.vcf" -- \
    call "$BIN" call --quiet --genes "$GENES" -o "$RE/x.vcf" \
    "$U/404/r.bam?$LONGQ##idx##http://user:SECRET5@127.0.0.1:${U##*:}/ok/r.bam.bai"
expect_true "remote: the password is not in that error" sh -c "! grep -q -e SECR -e user: '$WORK'/stderr.*"

# the index: a request for it that fails is said as such, naming the index
# URL (it said "no index ... give ##idx##", exit 2, even with ##idx## given)
P=${U##*:}
expect_fail "remote: ##idx## index answers 503" 3 \
    "cannot open the index \"http://\*\*\*@127.0.0.1:[0-9]+/503/r.bam.bai\?\*\*\*\": HTTP 503 Service Unavailable \(retryable\)$" \
    "$RE/x.vcf" -- call "$H2" call --quiet --genes "$GENES" -o "$RE/x.vcf" \
    "$U/ok/r.bam##idx##http://u:SECRET7@127.0.0.1:$P/503/r.bam.bai?sig=SECRET8"
expect_fail "remote: ##idx## index answers 404" 2 \
    "cannot open the index \"http://127.0.0.1:[0-9]+/404/r.bam.bai\": no such object \(HTTP 404\)$" \
    "$RE/x.vcf" -- call "$BIN" call --quiet --genes "$GENES" -o "$RE/x.vcf" "$U/ok/r.bam##idx##$U/404/r.bam.bai"
expect_fail "remote: ##idx## index answers 403" 3 \
    "cannot open the index \"http://127.0.0.1:[0-9]+/403/r.bam.bai\": access denied \(HTTP 403\)" \
    "$RE/x.vcf" -- call "$BIN" call --quiet --genes "$GENES" -o "$RE/x.vcf" "$U/ok/r.bam##idx##$U/403/r.bam.bai"
expect_fail "remote: ##idx## names a file that is not an index" 2 \
    "the index \"http://127.0.0.1:[0-9]+/ok/r.fa\" cannot be read: not an index" \
    "$RE/x.vcf" -- call "$BIN" call --quiet --genes "$GENES" -o "$RE/x.vcf" "$U/ok/r.bam##idx##$U/ok/r.fa"
expect_fail "remote: index at its usual name answers 503" 3 \
    "cannot open the index \"http://127.0.0.1:[0-9]+/idx-503/r.bam.csi\": HTTP 503 Service Unavailable \(retryable\)$" \
    "$RE/x.vcf" -- call "$BIN" call --quiet --genes "$GENES" -o "$RE/x.vcf" "$U/idx-503/r.bam"
expect_fail "remote: CRAM index answers 503" 3 \
    "cannot open the index \"http://127.0.0.1:[0-9]+/idx-503/r.cram.crai\": HTTP 503 Service Unavailable \(retryable\)$" \
    "$RE/x.vcf" -- call "$BIN" call --quiet --genes "$GENES" -f "$RE/srv/r.fa" -o "$RE/x.vcf" "$U/idx-503/r.cram"

# a remote -f without its .fai: htslib downloaded the whole FASTA to index
# it, then tried to upload the .fai ("Function not implemented", exit 3)
cp "$RE/srv/r.fa" "$RE/srv/nofai.fa"
expect_fail "remote: -f without its .fai" 2 \
    "the remote FASTA \"http://127.0.0.1:[0-9]+/ok/nofai.fa\" has no index at \"http://127.0.0.1:[0-9]+/ok/nofai.fa.fai\": run samtools faidx" \
    "$RE/x.vcf" -- call "$BIN" call --quiet --genes "$GENES" -f "$U/ok/nofai.fa" -o "$RE/x.vcf" "$U/ok/r.bam"
expect_fail "remote: -f whose .fai answers 503" 3 \
    "cannot open the FASTA's index \"http://127.0.0.1:[0-9]+/idx-503/r.fa.fai\": HTTP 503 Service Unavailable \(retryable\)$" \
    "$RE/x.vcf" -- call "$BIN" call --quiet --genes "$GENES" -f "$U/idx-503/r.fa" -o "$RE/x.vcf" "$U/ok/r.bam"

# a file in the working directory named like the remote BAM's index is not
# its index (another sample's, an old download): it was used, and the call
# failed with "truncated or corrupt data" or read the wrong blocks
samtools view -b -s 1.5 -o "$RE/sub.bam" "$RE/srv/r.bam" && samtools index "$RE/sub.bam"
cp "$RE/sub.bam.bai" "$RE/cwd/r.bam.bai"; cp "$RE/sub.bam.bai" "$RE/cwd/r.bam.csi"
(cd "$RE/cwd" && call "$BIN" call --quiet --genes "$GENES" -o "$RE/cwd.vcf" --json "$RE/cwd.json" "$U/ok/r.bam")
expect_eq "remote BAM, another index of its name in the working directory: exits 0" "$?" 0
jbody() { grep -v -e '"command":' -e '"input":' -e '"reference":' -e '"bytes_read":' "$1"; }
expect_true "remote BAM: the working directory's index is not used (same JSON)" \
    cmp -s <(jbody "$RE/ok.json") <(jbody "$RE/cwd.json")
expect_eq "remote BAM: nothing written to the working directory" "$(ls -A "$RE/cwd" | sort | tr '\n' ' ')" "r.bam.bai r.bam.csi "

kill "$HTTPD" 2>/dev/null; wait "$HTTPD" 2>/dev/null
unset HER2CN_REMOTE_TIMEOUT
eval "$OLD_EXIT"
