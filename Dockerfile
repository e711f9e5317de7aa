# her2cn in a small Debian image (not built in CI: no Docker there; the
# structure is checked by tests/integration/80-dist.sh, docs/INTEGRATION.md).
#   docker build -t her2cn:0.1.0 .                 (runs the test stage first)
#   docker run --rm -v "$PWD":/data -w /data -u "$(id -u):$(id -g)" her2cn:0.1.0 \
#       her2cn call -o T1.vcf.gz T1.bam
# No ENTRYPOINT: workflow engines (Nextflow, cwltool, Snakemake) run their own
# command line (`her2cn call ...`, `/bin/bash -c ...`) in the image.
# VERSION must equal H2_VERSION in include/her2cn.h (make integration checks it).
# The source label is a placeholder until the project has a public home.
ARG VERSION=0.1.0

FROM debian:bookworm-slim AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends build-essential pkg-config libhts-dev zlib1g-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY LICENSE Makefile ./
COPY include include
COPY src src
COPY docs docs
RUN make -j"$(nproc)" && make install PREFIX=/usr/local

FROM debian:bookworm-slim AS runtime
ARG VERSION
LABEL org.opencontainers.image.title="her2cn" \
      org.opencontainers.image.description="ERBB2 (HER2) copy number from BAM/CRAM read depth, written as VCF" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.licenses="MIT" \
      org.opencontainers.image.source="https://example.org/her2cn"
# libhts3 is htslib's runtime library (the version libhts-dev built against);
# procps gives `ps`, which Nextflow uses to collect task metrics.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libhts3 procps \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --create-home --uid 1000 --shell /bin/bash her2cn
COPY --from=build /usr/local/bin/her2cn /usr/local/bin/her2cn
COPY --from=build /usr/local/share/man/man1/her2cn.1 /usr/local/share/man/man1/her2cn.1
COPY LICENSE /usr/local/share/doc/her2cn/LICENSE
ENV REF_PATH=:
USER her2cn
WORKDIR /home/her2cn
CMD ["her2cn", "--help"]

# Test stage: --version prints the image's version, and a tiny simulated
# sample with ERBB2 at copy number 20 is called AMP, as the non-root user.
FROM runtime AS test
ARG VERSION
RUN her2cn --version | grep -qx "her2cn ${VERSION}" \
 && her2cn regions -g GRCh38 > r.bed \
 && her2cn simulate -g GRCh38 -r r.bed -s 7 -c chr17:39400000-39900000:20 -o t.bam \
 && her2cn call --quiet -o t.vcf --json t.json t.bam \
 && grep -q '"call": "AMP"' t.json \
 && touch /home/her2cn/test-passed

# The default target: the runtime image, built only after the test stage passed.
FROM runtime
COPY --from=test /home/her2cn/test-passed /usr/local/share/doc/her2cn/test-passed
