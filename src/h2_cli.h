/* h2_cli.h -- the command-line layer of the subcommands (private to the
 * binary, like h2_cmd.h). One home for: range-checked number options, the
 * options that call, pon and regions share (declared and parsed once, like
 * samtools' sam_opts.h with SAM_OPT_GLOBAL_OPTIONS + parse_sam_global_opt),
 * the step alignment header -> genome -> build -> BEDs -> region set, and
 * the end of every command (error line, exit code). */
#ifndef H2_CLI_H
#define H2_CLI_H

#include <getopt.h>
#include <htslib/sam.h>
#include "h2_count.h"
#include "h2_regions.h"

/* Number options. Each parses the whole of `arg` (strtol/strtod with an end
 * check), checks the range, and returns 0 with *out set; otherwise it prints
 * the one line `CMD: NAME must be <what>, not "ARG"` to stderr and returns -1
 * (*out untouched). An infinite bound is no bound: (lo, +inf) reads
 * "a number > lo", (-inf, +inf) "a number". */
int h2_cli_double(const char *cmd, const char *name, const char *arg, double lo, double hi,
                  int lo_open, double *out);
int h2_cli_long(const char *cmd, const char *name, const char *arg, long lo, long hi, long *out);
int h2_cli_int(const char *cmd, const char *name, const char *arg, long lo, long hi, int *out);
/* "auto" (NAN: estimate it) or a number in [lo, hi] ((0, hi] when lo is 0). */
int h2_cli_auto(const char *cmd, const char *name, const char *arg, double lo, double hi,
                double *out);
/* Read flags (h2_parse_flags): a number or names like UNMAP,DUP. */
int h2_cli_flags(const char *cmd, const char *name, const char *arg, int *out);

/* The shared options a command takes (h2_cli_opt_t.which). -g comes in three
 * kinds: a build, where "custom" is refused (call); any build name (regions);
 * a build name or a name/length file, checked later (pon). */
enum {
    H2_CLI_THREADS = 1 << 0,        /* -@, --threads INT       1..256 */
    H2_CLI_MIN_MQ = 1 << 1,         /* -q, --min-MQ INT        0..255 */
    H2_CLI_EXCL = 1 << 2,           /* --exclude-flags FLAGS */
    H2_CLI_GENOME = 1 << 3,         /* -g, --genome GRCh38|GRCh37|auto */
    H2_CLI_GENOME_ANY = 1 << 4,     /* -g, --genome ...|custom */
    H2_CLI_GENOME_FILE = 1 << 5,    /* -g, --genome NAME|FILE */
    H2_CLI_GENES = 1 << 6,          /* --genes BED */
    H2_CLI_TARGETS = 1 << 7,        /* -t, --targets BED */
    H2_CLI_REF = 1 << 8,            /* -f, --reference FASTA */
    H2_CLI_QUIET = 1 << 9,          /* --quiet */
    H2_CLI_VERBOSE = 1 << 10,       /* --verbose */
    H2_CLI_NEED_BUILD = 1 << 11     /* a custom build needs --genes (not an option) */
};
#define H2_CLI_READS (H2_CLI_THREADS | H2_CLI_MIN_MQ | H2_CLI_EXCL)
#define H2_CLI_REGIONS (H2_CLI_GENES | H2_CLI_TARGETS | H2_CLI_REF)

/* getopt codes of the long-only shared options; a command numbers its own
 * long-only options from H2_CLI_OWN. */
enum { H2_CLI_O_GENES = 200, H2_CLI_O_EXCL, H2_CLI_O_QUIET, H2_CLI_O_VERBOSE, H2_CLI_OWN = 256 };

typedef struct {
    const char *cmd;            /* "her2cn call": the start of every message */
    unsigned which;             /* H2_CLI_* */
    const char *reference, *genes, *targets;
    const char *genome;         /* -g as given, NULL when not */
    h2_build_t build;           /* -g as a build; H2_BUILD_UNKNOWN for auto or a file */
    h2_count_opt_t count;       /* -@, -q, --exclude-flags (and -f for CRAM) */
    int quiet, verbose;
} h2_cli_opt_t;

void h2_cli_opt_init(h2_cli_opt_t *o, const char *cmd, unsigned which);

/* Handle getopt's code c when it is a shared option: 0 when handled, -1 when
 * handled but wrong (message printed), 1 when not a shared option. */
int h2_cli_parse(h2_cli_opt_t *o, int c, const char *arg);

/* Run getopt_long over argv with the shared options the command takes and
 * its own (`own`, NULL-terminated): a shared option goes to h2_cli_parse, any
 * other code (including '?' and 'h') to set(ctx, c, optarg). Stops at the
 * first non-zero result and returns it (-1 for a wrong shared option); 0
 * when every option was taken (and -f copied into the count options). */
int h2_cli_getopt(h2_cli_opt_t *o, int argc, char *argv[], const char *shortopts,
                  const struct option *own, int (*set)(void *ctx, int c, const char *arg),
                  void *ctx);

/* What a command needs to know about its input's regions. */
typedef struct {
    sam_hdr_t *hdr;             /* NULL when the genome came from elsewhere */
    h2_genome_t *genome;
    h2_bed_t *genes, *targets;
    h2_regset_t *rs;
} h2_cli_regions_t;

/* Header of the alignment file `in` (read with -f) and its genome, with -g's
 * build; with H2_CLI_NEED_BUILD, a custom build without --genes is an error
 * that says what chr17 looks like. The caller destroys *hdr and *g. */
int h2_cli_genome(const h2_cli_opt_t *o, const char *in, sam_hdr_t **hdr, h2_genome_t **g,
                  h2_err_t *err);

/* Fill r: the header and genome of `in` (unless r->genome is set already),
 * the --genes and --targets BEDs, and the region set. Returns 0 or a negative
 * H2_E* with err set; r is freed by h2_cli_regions_free either way. */
int h2_cli_regions_open(h2_cli_regions_t *r, const h2_cli_opt_t *o, const char *in,
                        h2_err_t *err);
void h2_cli_regions_free(h2_cli_regions_t *r);

/* The end of every command: on an error (ret < 0) prints "CMD: message" (the
 * message in err) on stderr; returns the exit code of ret (h2_exit_code). */
int h2_cli_exit(const char *cmd, int ret, const h2_err_t *err);

#endif
