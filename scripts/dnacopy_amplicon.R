# DNAcopy (Olshen et al. 2004; Venkatraman & Olshen 2007) on the local-window
# log2 ratios that her2cn wrote to its bins TSV, for comparison with her2cn's
# own CBS. Argument: a file listing bins TSVs. Output (stdout, TSV): sample,
# number of segments, start (0-based) and end of the segment holding the
# ERBB2 centre (GRCh38 chr17:39,709,170), its mean log2.
suppressMessages(library(DNAcopy))
args <- commandArgs(trailingOnly = TRUE)
files <- readLines(args[1])
centre <- 39709170
cat("#sample\tdnacopy_segments\tdnacopy_start\tdnacopy_end\tdnacopy_log2\n")
for (f in files) {
    lines <- readLines(f)
    lines <- lines[!startsWith(lines, "##")]   # the ## lines before the #chrom header
    b <- read.delim(text = lines, comment.char = "", check.names = FALSE, stringsAsFactors = FALSE)
    names(b)[1] <- "chrom"
    b <- b[b$role == "local" & b$usable == 1 & b$log2 != "NA", ]
    b <- b[order(b$start), ]
    x <- as.numeric(b$log2)
    set.seed(1)
    cna <- CNA(x, rep(17, length(x)), b$start, data.type = "logratio", sampleid = "s")
    seg <- segment(cna, verbose = 0)$output
    k <- which(b$start <= centre & b$end > centre)
    if (length(k) == 0) k <- which.min(abs(b$start - centre))
    ends <- cumsum(seg$num.mark)
    s <- which(ends >= k)[1]
    first <- if (s == 1) 1 else ends[s - 1] + 1
    last <- ends[s]
    id <- sub("\\.bins\\.tsv$", "", basename(f))
    cat(sprintf("%s\t%d\t%d\t%d\t%.4f\n", id, nrow(seg), b$start[first], b$end[last], seg$seg.mean[s]))
}
