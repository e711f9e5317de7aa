# simulate: germline het SNPs on two haplotypes, allele-specific copy number
# (--cn ...:MINOR), --wgd, and sequencing errors at the rate the base
# qualities state. A normal (CN 2 minor 1 everywhere) finds the het sites;
# tumours with the same --ref-seed are piled up (samtools mpileup) at them.
# Every tolerance is binomial/Poisson from the counts (5 SD), not tuned.
A="$WORK/alleles"; mkdir -p "$A"
printf 'chrA\t400000\n' > "$A/g.txt"
# segments (1-based): LOH CN 1 (default minor 0), CN 2 minor 1, CN 3 (default minor 1)
SEGS="-c chrA:1-120000:1 -c chrA:150001-250000:2:1 -c chrA:280001-380000:3"
asim() { local o=$1; shift
    "$H2" simulate -g "$A/g.txt" -d 40 -l 100 --ref-seed 5 --dup-frac 0 --mq0-frac 0 \
        -F "$A/$o.fa" -o "$A/$o.bam" "$@" 2>"$A/$o.err" || echo "simulate $o failed: $(cat "$A/$o.err")"; }
asim normal -s 1
asim p1 -s 2 -p 1 $SEGS
asim p06 -s 3 -p 0.6 $SEGS
asim wgd -s 4 -p 0.6 --wgd $SEGS
expect_true "alleles: one reference for every sample (same --ref-seed)" \
    sh -c 'cmp -s "$1/normal.fa" "$1/p1.fa" && cmp -s "$1/normal.fa" "$1/wgd.fa"' _ "$A"
for s in normal p1 p06 wgd; do
    samtools mpileup -B -Q 0 -q 0 -d 0 -f "$A/normal.fa" "$A/$s.bam" 2>/dev/null > "$A/$s.pileup"
done

# alleles.py SAMPLE PURITY WGD: one line per check, "ok NAME" or "FAIL NAME why"
cat > "$A/alleles.py" <<'EOF'
import math, re, sys
A, name, p, wgd = sys.argv[1], sys.argv[2], float(sys.argv[3]), int(sys.argv[4])
RL, DEPTH, HET_RATE = 100, 40, 1 / 1500
SEGS = [("LOH CN1", 1, 120000, 1, 0), ("CN2 minor 1", 150001, 250000, 2, 1),
        ("CN3 default minor 1", 280001, 380000, 3, 1)]
strip = re.compile(r"\^.|\$")
ERR = {chr(q + 33): 10 ** (-q / 10) for q in range(94)}    # error rate per quality char

def pileup(path):
    """(pos, ref, bases, quals): bases upper case with the reference as itself."""
    for line in open(path):
        f = line.rstrip("\n").split("\t")
        ref = f[2].upper()
        bases = strip.sub("", f[4]).upper().replace(".", ref).replace(",", ref)
        assert len(bases) == len(f[5]), "indels in a simulated pileup"
        yield int(f[1]), ref, bases, f[5]

def check(label, got, want, sd):
    z = (got - want) / sd if sd > 0 else (0 if got == want else math.inf)
    print(("ok  " if abs(z) < 5 else "FAIL") + f" {name}: {label} ({got:.4f} vs {want:.4f}, z={z:.2f})")

# het sites: where the normal shows a second base in >= 20% of Q>=20 reads
hets = {}
for pos, ref, bases, quals in pileup(f"{A}/normal.pileup"):
    good = [b for b, q in zip(bases, quals) if ord(q) - 33 >= 20]
    alts = {}
    for b in good:
        if b != ref:
            alts[b] = alts.get(b, 0) + 1
    if len(good) >= 20 and alts and max(alts.values()) >= 0.2 * len(good):
        hets[pos] = max(alts, key=alts.get)

if name == "normal":
    n = len(hets)
    check("het sites per base ~ --het-rate", n, 400000 * HET_RATE, math.sqrt(400000 * HET_RATE))

k = {s[0]: [0, 0.0, 0.0, 0] for s in SEGS}      # alt count, E[alt], Var, bases
cnt = {s[0]: 0 for s in SEGS}                     # bases over the segment (depth)
mis, exp_err = 0, 0.0
for pos, ref, bases, quals in pileup(f"{A}/{name}.pileup"):
    seg = next((s for s in SEGS if s[1] + RL <= pos <= s[2]), None)
    if pos in hets:
        if seg:
            cn, mi = (seg[3] * 2, seg[4] * 2) if wgd else (seg[3], seg[4])
            f = (p * mi + (1 - p)) / (p * cn + 2 * (1 - p))
            acc = k[seg[0]]
            for b, qc in zip(bases, quals):
                if ord(qc) - 33 < 20:
                    continue
                e = ERR[qc]
                pa = f * (1 - e) + (1 - f) * e / 3     # alt, allowing for errors
                acc[0] += b == hets[pos]
                acc[1] += pa
                acc[2] += pa * (1 - pa)
                acc[3] += 1
        continue
    mis += len(bases) - bases.count(ref)        # hom: anything but ref is an error
    exp_err += sum(map(ERR.__getitem__, quals))
    if seg:
        cnt[seg[0]] += len(bases)
for s in SEGS:
    if name == "normal":
        break
    a, e, v, n = k[s[0]]
    cn, mi = (s[3] * 2, s[4] * 2) if wgd else (s[3], s[4])
    f = (p * mi + (1 - p)) / (p * cn + 2 * (1 - p))
    check(f"{s[0]}: alt fraction at {n} het bases ~ {f:.4f}", a / n, e / n, math.sqrt(v) / n)
ratio = mis / exp_err
print(("ok  " if 0.5 < ratio < 2 else "FAIL") +
      f" {name}: hom mismatches {mis} vs {exp_err:.0f} the qualities imply (ratio {ratio:.3f})")
# mean depth over each segment's hom positions, for the --wgd check
for s in SEGS:
    print(f"depth\t{name}\t{s[0]}\t{cnt[s[0]]}")
EOF
while read -r smp pur wgd; do
    python3 "$A/alleles.py" "$A" "$smp" "$pur" "$wgd" > "$A/$smp.out" 2>&1 ||
        echo "alleles.py $smp: $(tail -1 "$A/$smp.out")"
    while read -r st rest; do
        case $st in ok) ok "alleles: $rest" ;; FAIL) fail "alleles: $rest" ;; esac
    done < "$A/$smp.out"
done <<'LIST'
normal 1 0
p1 1 0
p06 0.6 0
wgd 0.6 1
LIST
expect_eq "alleles: every check ran (normal 2, each tumour 3 segments + hom errors)" \
    "$(cat "$A"/normal.out "$A"/p1.out "$A"/p06.out "$A"/wgd.out | grep -cE '^(ok|FAIL)')" 14

# --wgd: tumour depth over the normal contamination doubles. With purity p,
# depth d*(p*CN + 2(1-p))/2 of which d(1-p) is normal: (D_wgd - N)/(D - N) = 2.
# Bases counted over the hom positions of each segment (Var ~ read length x
# bases, as each read adds up to 100 of them); SD of the ratio by the delta
# method, N from the normal sample's depth x (1-p).
for seg in "LOH CN1" "CN2 minor 1" "CN3 default minor 1"; do
    d0=$(awk -F'\t' -v s="$seg" '$1=="depth" && $3==s{print $4}' "$A/p06.out")
    d1=$(awk -F'\t' -v s="$seg" '$1=="depth" && $3==s{print $4}' "$A/wgd.out")
    dn=$(awk -F'\t' -v s="$seg" '$1=="depth" && $3==s{print $4}' "$A/normal.out")
    # normal contamination: (1-p) of a CN-2 sample's depth at the same positions
    expect_true "wgd: $seg tumour depth over normal contamination x2 ($d0 -> $d1, normal $dn)" \
        awk -v a="$d0" -v b="$d1" -v n="$dn" 'BEGIN{
            N = 0.4 * n; x = (b - N) / (a - N); r = 100
            sd = sqrt(b * r + x * x * a * r + (1 - x) ^ 2 * 0.16 * n * r) / (a - N)
            exit !(a > 0 && (x - 2) ^ 2 < 25 * sd * sd)}'
done
