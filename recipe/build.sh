#!/bin/bash
# Bioconda build script: htslib comes from the host environment ($PREFIX), found
# with pkg-config; CC/CFLAGS/LDFLAGS come from conda's compiler activation.
set -euo pipefail
export PKG_CONFIG_PATH="${PREFIX}/lib/pkgconfig:${PKG_CONFIG_PATH:-}"
make -j"${CPU_COUNT:-2}" CC="${CC}" CFLAGS="${CFLAGS} -O2" LDFLAGS="${LDFLAGS} -Wl,-rpath,${PREFIX}/lib"
make install PREFIX="${PREFIX}"
