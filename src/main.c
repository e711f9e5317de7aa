/* main.c -- subcommand dispatch. */
#include <stdio.h>
#ifdef __GLIBC__
#include <malloc.h>     /* mallopt: glibc only (macOS and musl have no <malloc.h> mallopt) */
#endif
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <htslib/hts.h>
#include "her2cn.h"
#include "h2_cmd.h"

typedef struct {
    const char *name;
    int (*func)(int, char *[]);
    const char *help;
} h2_command_t;

static const h2_command_t commands[] = {
    {"call", main_call, "call ERBB2 copy number from a BAM/CRAM, write VCF"},
    {"pon", main_pon, "build a panel of normals from normal BAM/CRAMs or bins TSVs"},
    {"regions", main_regions, "print the region set a call would use, as BED"},
    {"simulate", main_simulate, "write a BAM/CRAM with a known copy-number profile"},
    {"validate", main_validate, "accuracy of calls against a truth table"},
    {"cohort", main_cohort, "merge call --json summaries: cohort TSV, IGV SEG, HTML"},
    {NULL, NULL, NULL}
};

static void usage(FILE *fp)
{
    fprintf(fp, "\nProgram: her2cn (ERBB2/HER2 copy number from sequencing alignments)\n"
                "Version: %s (htslib %s)\n\n"
                "Usage:   her2cn <command> [options]\n\nCommands:\n",
            H2_VERSION, hts_version());
    for (const h2_command_t *c = commands; c->name; c++)
        fprintf(fp, "  %-10s %s\n", c->name, c->help);
    fprintf(fp, "  %-10s %s\n  %-10s %s\n\n", "help", "this message",
            "version", "print the version");
}

/* CRAM decoding allocates, clears and frees multi-megabyte buffers for every
 * slice. With glibc's defaults the freed memory goes back to the kernel (brk
 * shrink, munmap) and every slice faults it in again: profiling a 30x CRAM
 * showed 40-50% of the CPU in page faults. Keeping up to 64 MB of freed
 * memory in the process removes that; peak RSS stays bounded by the largest
 * slice buffers, not by the input. This is a process-wide policy, so it is
 * set here and not inside the counting library. */
static void keep_freed_memory(void)
{
#ifdef __GLIBC__
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 64 << 20);
#endif
}

/* At exit: text that did not reach stdout (--help or --version to
 * /dev/full, a closed pipe) is an I/O error, not success. */
static void check_stdout(void)
{
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "her2cn: cannot write to standard output\n");
        _exit(H2_EXIT_IO);
    }
}

int main(int argc, char *argv[])
{
    keep_freed_memory();
    atexit(check_stdout);
    /* Never download a CRAM reference: htslib tries the network when REF_PATH
     * is unset. A user who wants a reference cache sets REF_PATH themselves. */
    setenv("REF_PATH", ":", 0);
    if (argc < 2) {
        usage(stderr);
        return H2_EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "help") || !strcmp(cmd, "-h") || !strcmp(cmd, "--help")) {
        usage(stdout);
        return H2_EXIT_OK;
    }
    if (!strcmp(cmd, "version") || !strcmp(cmd, "--version")) {
        printf("her2cn %s\nUsing htslib %s\n", H2_VERSION, hts_version());
        return H2_EXIT_OK;
    }
    for (const h2_command_t *c = commands; c->name; c++)
        if (!strcmp(cmd, c->name))
            return c->func(argc - 1, argv + 1);
    fprintf(stderr, "her2cn: unknown command \"%s\"\n", cmd);
    usage(stderr);
    return H2_EXIT_USAGE;
}
