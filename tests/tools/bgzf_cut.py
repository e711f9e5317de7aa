#!/usr/bin/env python3
"""bgzf_cut.py IN OUT FRACTION: copy the BGZF blocks of IN up to FRACTION of
its size, cut at a block boundary, then the 28-byte EOF block: a file that
reads as complete but lacks its tail (the test of a truncated BAM whose
index still describes the whole file)."""
import struct, sys

data = open(sys.argv[1], 'rb').read()
limit = len(data) * float(sys.argv[3])
pos = 0
while pos < len(data) - 28:
    bsize = struct.unpack('<H', data[pos + 16:pos + 18])[0] + 1
    if pos + bsize > limit:
        break
    pos += bsize
open(sys.argv[2], 'wb').write(data[:pos] + data[-28:])
