# simulate: what real libraries have (issue 19). Each option changes what it
# should and only that, against a sample of the same seed without it:
# --allele-rho (beta-binomial alt counts: variance x 1 + (n-1) rho, depth
# untouched), --depth-noise (a log2 offset per block, alleles untouched),
# --gc-wave (a sine of the stated amplitude and period, alleles untouched) and
# a subclonal segment (-c ...:CCF 0.5: the midpoint depth and allele
# fraction). A normal of another seed finds the het sites. Every tolerance is
# 5 SD from the counts (binomial/Poisson; batch means where reads span sites).
N="$WORK/noise"; mkdir -p "$N"
printf 'chrA\t200000\n' > "$N/g.txt"
nsim() { local o=$1; shift
    "$H2" simulate -g "$N/g.txt" -d 40 -l 100 --het-rate 0.005 --ref-seed 5 --dup-frac 0 \
        --mq0-frac 0 -F "$N/$o.fa" -o "$N/$o.bam" "$@" 2>"$N/$o.err" ||
        echo "simulate $o failed: $(cat "$N/$o.err")"; }
nsim normal -s 1
nsim base -s 2
nsim rho -s 2 --allele-rho 0.05
nsim noise -s 2 --depth-noise 0.4:50000
nsim wave -s 2 --gc-wave 0.5:100000
nsim ccf -s 3 -c chrA:1-100000:4:0:0.5
expect_true "noise: the @PG line names the options set" \
    sh -c 'samtools view -H "$1/rho.bam" | grep -q "allele_rho=0.05" &&
           samtools view -H "$1/ccf.bam" | grep -q "subclonal=1" &&
           ! samtools view -H "$1/base.bam" | grep -Eq "allele_rho|depth_noise|gc_wave|subclonal"' _ "$N"
cat > "$N/noise.py" <<'PY'
import math, re, subprocess, sys
A = sys.argv[1]
W, L = 10000, 200000
strip = re.compile(r"\^.|\$")
ERR = {chr(q + 33): 10 ** (-q / 10) for q in range(94)}

def report(label, ok, detail):
    print(("ok  " if ok else "FAIL") + f" {label} ({detail})")

def zcheck(label, got, want, sd):
    z = (got - want) / sd if sd > 0 else math.inf
    report(label, abs(z) < 5, f"{got:.4f} vs {want:.4f}, z={z:.2f}")

def pileup(name, sites=None):
    cmd = ["samtools", "mpileup", "-B", "-Q", "0", "-q", "0", "-d", "0", "-f", f"{A}/normal.fa"]
    if sites:
        cmd += ["-l", f"{A}/sites.txt"]
    out = subprocess.run(cmd + [f"{A}/{name}.bam"], capture_output=True, text=True).stdout
    for line in out.splitlines():
        f = line.split("\t")
        ref = f[2].upper()
        bases = strip.sub("", f[4]).upper().replace(".", ref).replace(",", ref)
        yield int(f[1]), ref, bases, f[5]

def starts(name):
    """Read starts per W-bp window."""
    out = subprocess.run(["samtools", "view", f"{A}/{name}.bam"], capture_output=True,
                         text=True).stdout
    n = [0] * (L // W)
    for line in out.splitlines():
        n[(int(line.split("\t", 4)[3]) - 1) // W] += 1
    return n

# het sites: a second base in >= 20% of the Q>=20 bases of the normal
hets = {}
for pos, ref, bases, quals in pileup("normal"):
    good = [b for b, q in zip(bases, quals) if ord(q) - 33 >= 20]
    alts = {}
    for b in good:
        if b != ref:
            alts[b] = alts.get(b, 0) + 1
    if len(good) >= 20 and alts and max(alts.values()) >= 0.2 * len(good):
        hets[pos] = max(alts, key=alts.get)
with open(f"{A}/sites.txt", "w") as fp:
    for pos in sorted(hets):
        fp.write(f"chrA\t{pos}\n")

def alleles(name, f_at):
    """Mean alt fraction excess and the dispersion index sum (a-n pa)^2 / (n pa (1-pa))
    per site, with its expectation under a beta-binomial of rho (returned as the
    per-site n list)."""
    res = []
    for pos, ref, bases, quals in pileup(name, sites=True):
        if pos not in hets:
            continue
        f = f_at(pos)
        if f is None:
            continue
        a = n = 0
        pa = 0.0
        for b, q in zip(bases, quals):
            if ord(q) - 33 < 20:
                continue
            e = ERR[q]
            pa += f * (1 - e) + (1 - f) * e / 3
            a += b == hets[pos]
            n += 1
        if n >= 10:
            pa /= n
            res.append((a, n, pa))
    return res

def dispersion(label, res, rho):
    z = [(a - n * p) ** 2 / (n * p * (1 - p)) for a, n, p in res]
    want = sum(1 + (n - 1) * rho for a, n, p in res) / len(res)
    m = sum(z) / len(z)
    # SD of the mean from 20 batches of neighbouring sites (reads span sites)
    k = len(z) // 20
    bm = [sum(z[i * k:(i + 1) * k]) / k for i in range(20)]
    sd = math.sqrt(sum((x - sum(bm) / 20) ** 2 for x in bm) / 19 / 20)
    zcheck(f"{label}: alt-count variance / binomial at {len(z)} sites ~ 1 + (n-1) rho",
           m, want, sd)

def mean_frac(label, res):
    a = sum(r[0] for r in res); n = sum(r[1] for r in res)
    e = sum(r[1] * r[2] for r in res)
    v = sum(r[1] * r[2] * (1 - r[2]) for r in res)
    zcheck(f"{label}: alt fraction", a / n, e / n, math.sqrt(v) / n)

half = lambda pos: 0.5
base_res = alleles("base", half)
dispersion("base (rho 0)", base_res, 0)
rho_res = alleles("rho", half)
dispersion("--allele-rho 0.05", rho_res, 0.05)
mean_frac("--allele-rho 0.05", rho_res)
sb = starts("base")
report("--allele-rho: read positions those of the same seed without it", starts("rho") == sb,
       "read starts per 10 kb")
noise_res = alleles("noise", half)
dispersion("--depth-noise", noise_res, 0)
mean_frac("--depth-noise", noise_res)

# depth: log2 of read starts vs the base sample per window, 4000 expected per
# window at depth 40; Poisson SD of a log2 ratio ~ sqrt(1/x+1/y)/ln 2
def lr(name):
    s = starts(name)
    return [math.log2(x / y) for x, y in zip(s, sb)], \
           [math.sqrt(1 / x + 1 / y) / math.log(2) for x, y in zip(s, sb)]
r, sd = lr("noise")
blocks = [r[i:i + 5] for i in range(0, 20, 5)]
sdp = sum(sd) / len(sd)
within = max(max(b) - min(b) for b in blocks)
report("--depth-noise 0.4:50000: constant within each 50 kb block", within < 2 * 5 * sdp,
       f"largest within-block log2 range {within:.3f}, Poisson SD {sdp:.3f}")
bm = [sum(b) / 5 for b in blocks]
msd = math.sqrt(sum((x - sum(bm) / 4) ** 2 for x in bm) / 3)
report("--depth-noise 0.4:50000: blocks differ", msd > 5 * sdp / math.sqrt(5),
       f"SD of the 4 block log2 offsets {msd:.3f}: " + " ".join(f"{x:+.3f}" for x in bm))

# wave: fit a + b sin(2 pi m / P) + c cos(2 pi m / P) over the window midpoints
r, sd = lr("wave")
P = 100000
X = [(1.0, math.sin(2 * math.pi * (i * W + W / 2) / P), math.cos(2 * math.pi * (i * W + W / 2) / P))
     for i in range(len(r))]
# normal equations (3x3)
M = [[sum(x[i] * x[j] for x in X) for j in range(3)] for i in range(3)]
v = [sum(x[i] * y for x, y in zip(X, r)) for i in range(3)]
for i in range(3):
    for k in range(i + 1, 3):
        f = M[k][i] / M[i][i]
        M[k] = [a - f * b for a, b in zip(M[k], M[i])]; v[k] -= f * v[i]
c = [0.0] * 3
for i in (2, 1, 0):
    c[i] = (v[i] - sum(M[i][j] * c[j] for j in range(i + 1, 3))) / M[i][i]
amp = math.hypot(c[1], c[2])
res = [y - (c[0] + c[1] * x[1] + c[2] * x[2]) for x, y in zip(X, r)]
rsd = math.sqrt(sum(e * e for e in res) / (len(res) - 3))
zcheck("--gc-wave 0.5:100000: fitted log2 amplitude", amp, 0.5, sdp * math.sqrt(2 / len(r)))
report("--gc-wave: nothing but the wave (residual SD ~ Poisson)", rsd < 2 * sdp,
       f"residual SD {rsd:.3f}, Poisson {sdp:.3f}")
wave_res = alleles("wave", half)
mean_frac("--gc-wave", wave_res)

# CCF 0.5 of CN 4 minor 0 over CN 2 minor 1 (chrA:1-100000): CN 3, minor 0.5
s = starts("ccf")
inside = sum(s[1:9]); outside = sum(s[11:19])
zcheck("CCF 0.5: depth ratio segment / rest = midpoint 3/2", inside / outside, 1.5,
       1.5 * math.sqrt(1 / inside + 1 / outside))
mean_frac("CCF 0.5: alt fraction in the segment = midpoint 1/6",
          alleles("ccf", lambda pos: 1 / 6 if 200 <= pos <= 99800 else None))
mean_frac("CCF 0.5: alt fraction outside 1/2",
          alleles("ccf", lambda pos: 0.5 if 100200 <= pos <= 199800 else None))
PY
python3 "$N/noise.py" "$N" > "$N/noise.out" 2>&1 || echo "noise.py: $(tail -1 "$N/noise.out")"
while read -r st rest; do
    case $st in ok) ok "noise: $rest" ;; FAIL) fail "noise: $rest" ;; esac
done < "$N/noise.out"
expect_eq "noise: every check ran" "$(grep -cE '^(ok|FAIL)' "$N/noise.out")" 14

# Bad values: one line, exit 1, no output
expect_fail "simulate --allele-rho 1" 1 "overdispersion rho must be in \[0, 1\)" "$N/x.bam" -- \
    "$H2" simulate -g "$N/g.txt" --allele-rho 1 -o "$N/x.bam"
expect_fail "simulate --depth-noise block too small" 1 "depth noise block must be 0 \(the arm\) or >= 10000" "$N/x.bam" -- \
    "$H2" simulate -g "$N/g.txt" --depth-noise 0.1:500 -o "$N/x.bam"
expect_fail "simulate --gc-wave period too short" 1 "GC wave period must be >= 100000" "$N/x.bam" -- \
    "$H2" simulate -g "$N/g.txt" --gc-wave 0.2:5000 -o "$N/x.bam"
expect_fail "simulate --depth-noise bad length" 1 "depth-noise: the length after ':' must be an integer" "$N/x.bam" -- \
    "$H2" simulate -g "$N/g.txt" --depth-noise 0.1:1Mb -o "$N/x.bam"
expect_fail "simulate -c CCF 0" 1 "CCF must be a number in \(0, 1\]" "$N/x.bam" -- \
    "$H2" simulate -g "$N/g.txt" -c chrA:1-1000:4:1:0 -o "$N/x.bam"
