#!/usr/bin/env python3
"""Deterministic mutation pass over every text input her2cn reads, and the
BAM/SAM header parser (issue 20; docs/FUZZ.md).

    scripts/fuzz_inputs.py --bin build-san/her2cn --plain build/her2cn \
        --out build-san/fuzz-inputs [--cases N] [--jobs J] [--seed S] [--only T,...]

Seed files are made with the plain binary (simulate, call --bins, pon) on the
small custom genome of testdata/. Each case is one seed file mutated by 1-3
operations drawn from random.Random(seed, target, case) -- byte flips,
truncation, duplicated/deleted/swapped lines, inserted/emptied fields, huge
or odd numbers, non-ASCII and control bytes, very long fields, CRLF, a
line repeated thousands of times -- and run with the binary under test
(the ASan+UBSan build) with a timeout. A case is counted as
  crash      killed by a signal
  sanitizer  an AddressSanitizer/LeakSanitizer/UBSan report on stderr
  hang       still running at the timeout, also with the plain binary
  slow-san   past the timeout under the sanitizers only (the plain binary
             finished: its exit code is counted)
  bad-exit   an exit code other than the documented 0-4
  untidy     a failing run (exit 1-4) whose stderr is not exactly one line,
             or that left a temporary file beside its output
Every case that is not clean is kept in OUT/cases/ with its command, input
and stderr, so it can be re-run by hand. The same --seed gives the same
cases. The summary is OUT/summary.md (a Markdown table) and stdout.
"""
import argparse
import gzip
import hashlib
import json
import os
import random
import shutil
import subprocess
import sys
import struct
import zlib
from concurrent.futures import ThreadPoolExecutor

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TD = os.path.join(ROOT, 'testdata')
GENOME = os.path.join(TD, 'small.genome')
GENES = os.path.join(TD, 'small-genes.bed')

HUGE = [b'0', b'-1', b'1', b'2147483647', b'2147483648', b'4294967296',
        b'9223372036854775807', b'9223372036854775808', b'99999999999999999999999',
        b'-9223372036854775808', b'1e308', b'1e-320', b'nan', b'inf', b'-inf',
        b'0x10', b'1.5', b'', b'.', b'NA', b' 1', b'1 ', b'+5', b'007']
ODD = [b'\xc3\xa9', b'\xff\xfe', b'\x00', b'\x01', b'\x7f', b'\xe2\x80\x8b',
       b'\r', b'"', b"'", b'<script>', b'%s%n', b'\\', b';', b'=', b',', b'#', b'@',
       b'chr17', b'17', b'chrUn_\xf0\x9f\x98\x80', b'*', b'-', b'\t\t']


# ---- the mutator -------------------------------------------------------------

def _lines(d):
    ls = d.split(b'\n')
    return ls


def mutate(data, rng, nops=None):
    """1-3 operations on the bytes of a text file; deterministic for rng."""
    d = bytearray(data)
    for _ in range(nops or rng.randint(1, 3)):
        op = rng.randrange(16)
        if not d:
            d = bytearray(rng.choice(HUGE + ODD))
            continue
        if op == 0:      # flip bytes
            for _ in range(rng.randint(1, 4)):
                i = rng.randrange(len(d))
                d[i] ^= 1 << rng.randrange(8)
        elif op == 1:    # truncate
            d = d[:rng.randrange(len(d))]
        elif op in (2, 3, 4, 5, 6, 7, 8, 9):   # line-level operations
            ls = _lines(bytes(d))
            i = rng.randrange(len(ls))
            f = ls[i].split(b'\t')
            if op == 2:          # duplicate a line (sometimes many times)
                k = rng.choice([1, 1, 2, 10, 3000])
                ls[i:i] = [ls[i]] * k
            elif op == 3:        # delete a line
                del ls[i]
            elif op == 4:        # swap two lines
                j = rng.randrange(len(ls))
                ls[i], ls[j] = ls[j], ls[i]
            elif op == 5:        # insert a field
                f.insert(rng.randrange(len(f) + 1), rng.choice(HUGE + ODD))
                ls[i] = b'\t'.join(f)
            elif op == 6:        # delete a field
                del f[rng.randrange(len(f))]
                ls[i] = b'\t'.join(f)
            elif op == 7:        # a field becomes a huge/odd number
                f[rng.randrange(len(f))] = rng.choice(HUGE)
                ls[i] = b'\t'.join(f)
            elif op == 8:        # a field becomes empty, odd or very long
                j = rng.randrange(len(f))
                f[j] = rng.choice([b'', rng.choice(ODD), f[j] * 2,
                                   b'A' * rng.choice([255, 256, 1024, 70000])])
                ls[i] = b'\t'.join(f)
            else:                # change a number inside a field
                j = rng.randrange(len(f))
                digits = [k for k, c in enumerate(f[j]) if 48 <= c <= 57]
                if digits:
                    k = rng.choice(digits)
                    f[j] = f[j][:k] + rng.choice(HUGE) + f[j][k + 1:]
                ls[i] = b'\t'.join(f)
            d = bytearray(b'\n'.join(ls))
        elif op == 10:   # insert odd bytes anywhere
            i = rng.randrange(len(d) + 1)
            d[i:i] = rng.choice(ODD)
        elif op == 11:   # delete a span
            i = rng.randrange(len(d))
            del d[i:i + rng.randint(1, 64)]
        elif op == 12:   # CRLF line ends, or no final newline
            d = bytearray(bytes(d).replace(b'\n', b'\r\n')) if rng.random() < 0.5 \
                else bytearray(bytes(d).rstrip(b'\n'))
        elif op == 13:   # tabs become spaces on one line, or the reverse
            ls = _lines(bytes(d))
            i = rng.randrange(len(ls))
            ls[i] = ls[i].replace(b'\t', b' ') if b'\t' in ls[i] else ls[i].replace(b' ', b'\t')
            d = bytearray(b'\n'.join(ls))
        elif op == 14:   # random bytes
            i = rng.randrange(len(d) + 1)
            d[i:i] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 32)))
        else:            # copy a span elsewhere
            i = rng.randrange(len(d))
            span = d[i:i + rng.randint(1, 200)]
            j = rng.randrange(len(d) + 1)
            d[j:j] = span
    return bytes(d)


# ---- SAM/BAM header mutations -----------------------------------------------

def mutate_header(text, rng):
    """A SAM header with @SQ/@RG-specific damage, then the generic mutator
    one time in three."""
    ls = [l for l in text.split(b'\n') if l]
    sq = [i for i, l in enumerate(ls) if l.startswith(b'@SQ')]
    op = rng.randrange(12)
    i = rng.choice(sq)
    if op == 0:      # odd lengths
        ls[i] = b'\t'.join(x if not x.startswith(b'LN:') else b'LN:' + rng.choice(HUGE)
                           for x in ls[i].split(b'\t'))
    elif op == 1:    # duplicate a name (same or other length)
        dup = ls[i]
        if rng.random() < 0.5:
            dup = dup.replace(b'LN:', b'LN:1')
        ls.insert(rng.randrange(len(ls) + 1) if rng.random() < 0.3 else i + 1, dup)
    elif op == 2:    # many @SQ lines
        n = rng.choice([1000, 20000])
        ls += [b'@SQ\tSN:extra%d\tLN:%d' % (k, 1000 + k) for k in range(n)]
    elif op == 3:    # non-ASCII or odd names
        ls[i] = b'\t'.join(x if not x.startswith(b'SN:') else b'SN:' + x[3:] + rng.choice(ODD)
                           for x in ls[i].split(b'\t'))
    elif op == 4:    # a very long name
        ls[i] = b'\t'.join(x if not x.startswith(b'SN:') else b'SN:' + b'c' * rng.choice([255, 4096, 70000])
                           for x in ls[i].split(b'\t'))
    elif op == 5:    # @RG variants
        rg = rng.choice([b'@RG\tID:x', b'@RG\tID:x\tSM:', b'@RG\tID:x\tSM:' + b'S' * 70000,
                         b'@RG\tID:x\tSM:a\xffb', b'@RG\tID:x\tSM:<script>alert(1)</script>',
                         b'@RG\tID:x\tSM:a\tSM:b', b'@RG\tSM:noid',
                         b'@RG\tID:x\tSM:a\n@RG\tID:y\tSM:b', b'@RG\tID:x\tSM:a\n@RG\tID:x\tSM:b'])
        ls = [l for l in ls if not l.startswith(b'@RG')] + [rg]
    elif op == 6:    # @SQ missing SN or LN, or an empty field
        ls[i] = rng.choice([b'@SQ\tLN:1000', b'@SQ\tSN:chrZ', b'@SQ\tSN:\tLN:1000', b'@SQ',
                            b'@SQ\tSN:chr17\tLN:3000000\tM5:zz', b'@SQ\tSN:chr17\tLN:3000000\tAH:*'])
    elif op == 7:    # reorder @SQ lines
        rows = [ls[k] for k in sq]
        rng.shuffle(rows)
        for k, r in zip(sq, rows):
            ls[k] = r
    elif op == 8:    # @HD variants
        ls[0:1] = [rng.choice([b'@HD\tVN:1.6\tSO:unsorted', b'@HD\tVN:9.9', b'@HD',
                               b'@HD\tVN:1.6\tSO:coordinate\tSS:x', b'@CO\t\xff'])]
    elif op == 9:    # drop all @SQ lines but one
        keep = rng.choice(sq)
        ls = [l for k, l in enumerate(ls) if k == keep or not l.startswith(b'@SQ')]
    elif op == 10:   # a chr17 twin named 17 / chr17 with another length
        ls.insert(i + 1, rng.choice([b'@SQ\tSN:17\tLN:3000000', b'@SQ\tSN:chr17\tLN:83257441',
                                     b'@SQ\tSN:17\tLN:83257441', b'@SQ\tSN:chrM\tLN:16569']))
    else:            # long @CO and unknown tags
        ls.append(rng.choice([b'@CO\t' + b'x' * 200000, b'@ZZ\tQQ:1', b'@PG\tID:a\tPP:nope']))
    out = b'\n'.join(ls) + b'\n'
    if rng.random() < 0.33:
        out = mutate(out, rng, 1)
    return out


def bgzf_blocks(data):
    """BGZF-compress data (64 KB blocks) and add the EOF block."""
    out = bytearray()
    for k in range(0, max(len(data), 1), 65280):
        chunk = data[k:k + 65280]
        c = zlib.compressobj(6, zlib.DEFLATED, -15)
        cdata = c.compress(chunk) + c.flush()
        bsize = len(cdata) + 25
        out += struct.pack('<BBBBIBBHBBHH', 31, 139, 8, 4, 0, 0, 255, 6, 66, 67, 2, bsize)
        out += cdata + struct.pack('<II', zlib.crc32(chunk) & 0xffffffff, len(chunk))
    out += bytes.fromhex('1f8b08040000000000ff0600424302001b0003000000000000000000')
    return bytes(out)


def mutate_bam_header(raw, rng):
    """Damage the binary BAM header (magic, l_text, text, n_ref, l_name,
    name, l_ref) of an uncompressed header-only BAM."""
    d = bytearray(raw)
    l_text = struct.unpack_from('<i', d, 4)[0]
    nref_at = 8 + l_text
    op = rng.randrange(6)
    val = rng.choice([0, 1, -1, 2 ** 31 - 1, -2 ** 31, 2 ** 30, 255, 65536, 100000000])
    if op == 0:
        struct.pack_into('<i', d, 4, val)                       # l_text
    elif op == 1 and nref_at + 4 <= len(d):
        struct.pack_into('<i', d, nref_at, val)                 # n_ref
    elif op == 2 and nref_at + 8 <= len(d):
        struct.pack_into('<i', d, nref_at + 4, val)             # first l_name
    elif op == 3 and nref_at + 8 <= len(d):                     # a l_ref
        l_name = struct.unpack_from('<i', d, nref_at + 4)[0]
        at = nref_at + 8 + l_name
        if 0 <= l_name < 1000 and at + 4 <= len(d):
            struct.pack_into('<i', d, at, val)
    elif op == 4 and nref_at + 8 <= len(d):                     # name without NUL
        l_name = struct.unpack_from('<i', d, nref_at + 4)[0]
        if 0 < l_name < 1000:
            d[nref_at + 8 + l_name - 1] = ord('x')
    else:
        d = bytearray(mutate(bytes(d), rng, rng.randint(1, 2)))
    return bytes(d)


# ---- seeds and targets ------------------------------------------------------

def run(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def make_seeds(plain, sd):
    """Seed inputs on the small custom genome (3 Mb chr17 with HER2)."""
    os.makedirs(sd, exist_ok=True)
    ok = os.path.join(sd, 'ok')
    if os.path.exists(ok):
        return
    p = lambda *a: os.path.join(sd, *a)
    run([plain, 'simulate', '-g', GENOME, '-d', '0.2', '-s', '11', '-F', p('ref.fa'),
         '-o', p('r.bam')], stderr=subprocess.DEVNULL)
    for k in (1, 2, 3):
        run([plain, 'simulate', '-g', GENOME, '-d', '0.2', '-s', str(20 + k), '--ref-seed', '1',
             '-o', p('n%d.bam' % k)], stderr=subprocess.DEVNULL)
        run([plain, 'call', '--quiet', '--genes', GENES, '-s', 'n%d' % k, '-o', p('n%d.vcf' % k),
             '--bins', p('n%d.bins.tsv' % k), p('n%d.bam' % k)])
    run([plain, 'pon', '--quiet', '-g', GENOME, '--genes', GENES, '-o', p('p.pon'),
         p('n1.bins.tsv'), p('n2.bins.tsv'), p('n3.bins.tsv')], stderr=subprocess.DEVNULL)
    with gzip.open(p('p.pon')) as f, open(p('pon.txt'), 'wb') as g:
        g.write(f.read())
    run([plain, 'call', '--quiet', '--genes', GENES, '-s', 'r', '-o', p('r.vcf'), p('r.bam')])
    with open(p('truth.tsv'), 'w') as f:
        f.write('r\tHER2\t2\tNEUTRAL\nn1\tHER2\t2\t.\n')
    # a --snps VCF: 60 sites on chr1, chr2, chr17 with the reference's bases
    fa = {}
    name = None
    with open(p('ref.fa'), 'rb') as f:
        for line in f:
            if line.startswith(b'>'):
                name = line[1:].split()[0].decode()
                fa[name] = []
            elif name in ('chr1', 'chr2', 'chr17'):
                fa[name].append(line.strip())
    rng = random.Random(5)
    sites = []
    for c in ('chr1', 'chr2', 'chr17'):
        s = b''.join(fa[c])
        for pos in sorted(rng.sample(range(1000, len(s) - 1000), 20)):
            ref = chr(s[pos - 1]).upper()
            alt = 'A' if ref != 'A' else 'G'
            sites.append('%s\t%d\t.\t%s\t%s\t.\t.\t.' % (c, pos, ref, alt))
    with open(p('snps.vcf'), 'w') as f:
        f.write('##fileformat=VCFv4.2\n')
        for c, n in (('chr1', 2000000), ('chr2', 2000000), ('chr3', 2000000), ('chr17', 3000000)):
            f.write('##contig=<ID=%s,length=%d>\n' % (c, n))
        f.write('#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n' + '\n'.join(sites) + '\n')
    # targets: 100 bp every 20 kb on chr1-chr3, chr17 (as an assay would)
    with open(p('targets.bed'), 'w') as f:
        for c, n in (('chr1', 2000000), ('chr2', 2000000), ('chr3', 2000000), ('chr17', 3000000)):
            for s in range(10000, n - 10000, 20000):
                f.write('%s\t%d\t%d\n' % (c, s, s + 100))
    shutil.copy(os.path.join(TD, 'panel-grch38.bed'), p('panel38.bed'))
    hdr = subprocess.run(['samtools', 'view', '-H', p('r.bam')], check=True,
                         stdout=subprocess.PIPE).stdout
    with open(p('header.sam'), 'wb') as f:
        f.write(hdr)
    # the first 3000 reads as SAM (plain SAM is streamed: no index)
    reads = subprocess.run(['samtools', 'view', p('r.bam')], check=True,
                           stdout=subprocess.PIPE).stdout.split(b'\n')[:3000]
    with open(p('reads.sam'), 'wb') as f:
        f.write(b'\n'.join(reads) + b'\n')
    hb = subprocess.run(['samtools', 'view', '-H', '-b', p('r.bam')], check=True,
                        stdout=subprocess.PIPE).stdout
    with open(p('header.bamraw'), 'wb') as f:
        f.write(gzip.decompress(hb))
    with open(p('genes.bed'), 'wb') as f:
        f.write(open(GENES, 'rb').read() + b'chr17\t1400000\t1420000\tNEAR\nchr1\t500000\t520000\tFAR\n')
    open(ok, 'w').close()


def targets(sd):
    """name -> (seed file, how the mutated bytes are written, command).
    In commands {in} is the mutated input, {out} a fresh output directory."""
    p = lambda *a: os.path.join(sd, *a)
    call = ['call', '--quiet', '--genes', GENES, '-o', '{out}/x.vcf']
    return {
        'genes-bed': ('genes', p('genes.bed'), 'text', ['regions', '--genes', '{in}', p('r.bam')]),
        'genes-bed-call': ('genes', p('genes.bed'), 'text', ['call', '--quiet', '--genes', '{in}', '-o', '{out}/x.vcf',
                                                   '--json', '{out}/x.json', p('r.bam')]),
        'targets-bed-grch38': ('panel38', p('panel38.bed'), 'text', ['regions', '-g', 'GRCh38', '-t', '{in}']),
        'targets-bed-call': ('targets', p('targets.bed'), 'text', call + ['-t', '{in}', p('r.bam')]),
        'genome-file-pon': ('genome', GENOME, 'text', ['pon', '--quiet', '-g', '{in}', '--genes', GENES, '-o', '{out}/x.pon',
                                                       p('n1.bins.tsv'), p('n2.bins.tsv'), p('n3.bins.tsv')]),
        'genome-file-simulate': ('genome', GENOME, 'text', ['simulate', '-g', '{in}', '-d', '0.002', '-s', '1',
                                                            '-o', '{out}/x.bam']),
        'pon-file': ('pon', p('pon.txt'), 'bgzf', call + ['--pon', '{in}', p('r.bam')]),
        'pon-file-raw': ('ponraw', p('p.pon'), 'raw', call + ['--pon', '{in}', p('r.bam')]),
        'snps-vcf': ('snps', p('snps.vcf'), 'text', call + ['--snps', '{in}', p('r.bam')]),
        'bins-tsv-pon': ('bins', p('n1.bins.tsv'), 'text', ['pon', '--quiet', '-g', GENOME, '--genes', GENES, '-o',
                                                            '{out}/x.pon', '{in}', p('n2.bins.tsv'),
                                                            p('n3.bins.tsv')]),
        'truth-tsv': ('truth', p('truth.tsv'), 'text', ['validate', '{in}', p('r.vcf'), p('n1.vcf')]),
        'calls-vcf-validate': ('vcf', p('r.vcf'), 'text', ['validate', p('truth.tsv'), '{in}', p('n1.vcf')]),
        'fasta-fai': ('fai', p('ref.fa.fai'), 'fai', call + ['-f', '{in}', p('r.bam')]),
        'sam-header-bam': ('header', p('header.sam'), 'bam', call + ['{in}']),
        'sam-header-sam': ('header', p('header.sam'), 'sam', call + ['{in}']),
        'bam-header-binary': ('bamraw', p('header.bamraw'), 'bamraw', ['regions', '--genes', GENES, '{in}']),
    }


def write_case(kind, data, seed_path, cdir, sd):
    """Write the mutated input for one case; return its path (or None when
    samtools refuses to make a BAM of the header: counted as skipped)."""
    p = lambda *a: os.path.join(sd, *a)
    if kind == 'text':
        path = os.path.join(cdir, 'in' + os.path.splitext(seed_path)[1])
        open(path, 'wb').write(data)
    elif kind == 'raw':
        path = os.path.join(cdir, 'in.pon')
        open(path, 'wb').write(data)
    elif kind == 'bgzf':
        path = os.path.join(cdir, 'in.pon')
        open(path, 'wb').write(bgzf_blocks(data))
    elif kind == 'fai':
        path = os.path.join(cdir, 'ref.fa')
        os.symlink(p('ref.fa'), path)
        open(path + '.fai', 'wb').write(data)
    elif kind == 'sam':
        path = os.path.join(cdir, 'in.sam')
        open(path, 'wb').write(data + open(p('reads.sam'), 'rb').read())
    elif kind == 'bam':
        hpath = os.path.join(cdir, 'header.sam')
        open(hpath, 'wb').write(data)
        path = os.path.join(cdir, 'in.bam')
        r = subprocess.run(['samtools', 'reheader', hpath, p('r.bam')], stdout=open(path, 'wb'),
                           stderr=subprocess.DEVNULL)
        if r.returncode != 0 or os.path.getsize(path) == 0:
            return None
        subprocess.run(['samtools', 'index', path], stderr=subprocess.DEVNULL)
    elif kind == 'bamraw':
        path = os.path.join(cdir, 'in.bam')
        open(path, 'wb').write(bgzf_blocks(data))
    return path


SAN_MARKS = ('ERROR: AddressSanitizer', 'ERROR: LeakSanitizer', 'runtime error:',
             'SUMMARY: UndefinedBehaviorSanitizer', 'AddressSanitizer:DEADLYSIGNAL')


def classify(rc, err, leftovers):
    if rc is None:
        return 'hang'
    if any(m in err for m in SAN_MARKS):
        return 'sanitizer'
    if rc < 0:
        return 'crash'
    if rc > 4:
        return 'bad-exit'
    if rc != 0 and (err.count('\n') != 1 or leftovers):
        return 'untidy'
    return 'clean'


def one_case(args, name, spec, k, sd, seeds_data):
    group, seed_path, kind, cmd = spec
    rng = random.Random('%d/%s/%d' % (args.seed, name, k))
    data = seeds_data[group]
    if k < 0:           # the seed itself, unmutated: should run clean
        mdata = data
    elif kind == 'bam' or kind == 'sam':
        mdata = mutate_header(data, rng)
    elif kind == 'bamraw':
        mdata = mutate_bam_header(data, rng)
    else:
        mdata = mutate(data, rng)
    cdir = os.path.join(args.out, 'work', '%s-%s' % (name, 'seed' if k < 0 else '%05d' % k))
    shutil.rmtree(cdir, ignore_errors=True)
    os.makedirs(os.path.join(cdir, 'out'))
    path = write_case(kind, mdata, seed_path, cdir, sd)
    if path is None:
        shutil.rmtree(cdir, ignore_errors=True)
        return name, k, 'skipped', None, ''
    argv = [args.bin] + [a.replace('{in}', path).replace('{out}', os.path.join(cdir, 'out')) for a in cmd]
    env = dict(os.environ, REF_PATH=':',
               ASAN_OPTIONS='detect_leaks=1:exitcode=86:abort_on_error=0',
               UBSAN_OPTIONS='print_stacktrace=1:halt_on_error=1:exitcode=87',
               LSAN_OPTIONS='exitcode=88')
    try:
        r = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env,
                           timeout=args.timeout, cwd=cdir)
        rc, err = r.returncode, r.stderr.decode('utf-8', 'replace')
    except subprocess.TimeoutExpired as e:
        rc, err = None, (e.stderr or b'').decode('utf-8', 'replace')
    outdir = os.path.join(cdir, 'out')
    leftovers = [f for f in os.listdir(outdir) if '.tmp' in f]
    verdict = classify(rc, err, leftovers)
    if verdict == 'hang' and args.plain_bin != args.bin:
        # slow only under the sanitizers (ASan's realloc always copies, and
        # it fills what htslib allocates for a header's claimed size)?
        try:
            r = subprocess.run([args.plain_bin] + argv[1:], stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, env=env, timeout=args.timeout, cwd=cdir)
            rc = r.returncode
            verdict = classify(rc, r.stderr.decode('utf-8', 'replace'), [])
            verdict = 'slow-san' if verdict in ('clean', 'untidy') else verdict
            err += '\n[plain binary: exit %d] ' % rc + r.stderr.decode('utf-8', 'replace')
        except subprocess.TimeoutExpired:
            pass
    if verdict == 'clean':
        shutil.rmtree(cdir, ignore_errors=True)
    else:
        keep = os.path.join(args.out, 'cases', os.path.basename(cdir))
        shutil.rmtree(keep, ignore_errors=True)
        shutil.move(cdir, keep)
        with open(os.path.join(keep, 'cmd.txt'), 'w') as f:
            f.write(' '.join("'%s'" % a.replace(cdir, keep) for a in argv) + '\n')
        with open(os.path.join(keep, 'stderr.txt'), 'w') as f:
            f.write(err)
        with open(os.path.join(keep, 'verdict.txt'), 'w') as f:
            f.write('%s rc=%s leftovers=%s\n' % (verdict, rc, leftovers))
    return name, k, verdict, rc, err.splitlines()[-1][:200] if err.strip() else ''


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--bin', required=True, help='binary under test (the ASan+UBSan build)')
    ap.add_argument('--plain', required=True, help='plain binary, to make the seeds')
    ap.add_argument('--out', required=True)
    ap.add_argument('--cases', type=int, default=200, help='cases per target [200]')
    ap.add_argument('--jobs', type=int, default=2)
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--timeout', type=float, default=30)
    ap.add_argument('--only', default='', help='comma-separated target names')
    ap.add_argument('--resume', action='store_true',
                    help='keep OUT/results.jsonl and run only the cases it lacks')
    args = ap.parse_args()
    args.bin = os.path.abspath(args.bin)
    args.plain_bin = os.path.abspath(args.plain)
    args.out = os.path.abspath(args.out)
    sd = os.path.join(args.out, 'seeds')
    make_seeds(os.path.abspath(args.plain), sd)
    tg = targets(sd)
    if args.only:
        tg = {k: v for k, v in tg.items() if k in args.only.split(',')}
    seeds_data = {}
    for name, (group, path, kind, cmd) in targets(sd).items():
        if group not in seeds_data:
            seeds_data[group] = open(path, 'rb').read()
    seed_rc = {}
    for n, spec in tg.items():
        seed_rc[n] = one_case(args, n, spec, -1, sd, seeds_data)[3]
        print('seed %s: exit %s' % (n, seed_rc[n]), flush=True)
    jobs = [(n, spec, k) for k in range(args.cases) for n, spec in tg.items()]
    counts = {n: {} for n in tg}
    results = []
    done = []
    rpath = os.path.join(args.out, 'results.jsonl')
    if args.resume and os.path.exists(rpath):
        done = [json.loads(l) for l in open(rpath) if l.strip()]
        have = {(r[0], r[1]) for r in done}
        jobs = [j for j in jobs if (j[0], j[2]) not in have]
    for name, k, verdict, rc, last in done:
        if name in counts:
            counts[name][verdict] = counts[name].get(verdict, 0) + 1
            counts[name].setdefault('exit', {})
            if rc is not None:
                counts[name]['exit'][rc] = counts[name]['exit'].get(rc, 0) + 1
            results.append((name, k, verdict, rc, last))
    log = open(rpath, 'a' if args.resume else 'w')
    with ThreadPoolExecutor(args.jobs) as ex:
        for name, k, verdict, rc, last in ex.map(lambda j: one_case(args, j[0], j[1], j[2], sd, seeds_data), jobs):
            counts[name][verdict] = counts[name].get(verdict, 0) + 1
            counts[name].setdefault('exit', {})
            if rc is not None:
                counts[name]['exit'][rc] = counts[name]['exit'].get(rc, 0) + 1
            results.append((name, k, verdict, rc, last))
            log.write(json.dumps([name, k, verdict, rc, last]) + '\n')
            log.flush()
            if verdict not in ('clean', 'skipped'):
                print('%s %s-%05d rc=%s %s' % (verdict, name, k, rc, last), flush=True)
    cols = ['clean', 'skipped', 'crash', 'sanitizer', 'hang', 'slow-san', 'bad-exit', 'untidy']
    lines = ['| target | seed exit | cases | ' + ' | '.join(cols) + ' | exit codes seen |',
             '|---|---|---|' + '---|' * len(cols) + '---|']
    tot = {c: 0 for c in cols}
    for n in tg:
        c = counts[n]
        run_ = sum(c.get(x, 0) for x in cols)
        for x in cols:
            tot[x] += c.get(x, 0)
        ex_ = ', '.join('%s: %d' % (rc, m) for rc, m in sorted(c.get('exit', {}).items()))
        lines.append('| `%s` | %s | %d | ' % (n, seed_rc[n], run_) + ' | '.join(str(c.get(x, 0)) for x in cols) + ' | %s |' % ex_)
    lines.append('| all | | %d | ' % sum(tot.values()) + ' | '.join(str(tot[x]) for x in cols) + ' | |')
    summary = '\n'.join(lines) + '\n'
    with open(os.path.join(args.out, 'summary.md'), 'w') as f:
        f.write(summary)
    with open(os.path.join(args.out, 'results.json'), 'w') as f:
        json.dump(results, f)
    print(summary)
    bad = sum(tot[x] for x in ('crash', 'sanitizer', 'hang', 'bad-exit'))
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
