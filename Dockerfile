# her2cn in a small Debian image (not built in CI: no Docker there).
#   docker build -t her2cn:0.1.0 -t her2cn:latest .
#   docker run --rm -v "$PWD":/data -w /data her2cn:latest her2cn call -o T1.vcf.gz T1.bam
# No ENTRYPOINT: workflow engines (Nextflow, cwltool, Snakemake) run their own
# command line (`her2cn call ...`, `/bin/bash -c ...`) in the image.
FROM debian:bookworm-slim AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends build-essential pkg-config libhts-dev zlib1g-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Makefile ./
COPY include include
COPY src src
COPY docs docs
RUN make -j"$(nproc)" && make install PREFIX=/usr/local

FROM debian:bookworm-slim
# libhts3 is htslib's runtime library (the version libhts-dev built against);
# procps gives `ps`, which Nextflow uses to collect task metrics.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libhts3 procps \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /usr/local/bin/her2cn /usr/local/bin/her2cn
COPY --from=build /usr/local/share/man/man1/her2cn.1 /usr/local/share/man/man1/her2cn.1
ENV REF_PATH=:
CMD ["her2cn", "--help"]
