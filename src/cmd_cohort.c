/* cmd_cohort.c -- `her2cn cohort -o PREFIX [--list FILE] [--seg] [--mqc] FILE.json...`:
 * many `call --json` summaries into PREFIX.tsv, PREFIX.html and (--seg)
 * PREFIX.seg; reading and writing are cohort.c's (h2_cohort.h). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "h2_cli.h"
#include "h2_cmd.h"
#include "h2_cohort.h"
#include "h2_output.h"

#define CMD "her2cn cohort"

static void usage(FILE *fp)
{
    fprintf(fp,
"Usage: her2cn cohort -o PREFIX [--list FILE] [--seg] [--mqc] [FILE.json ...]\n"
"Merge `her2cn call --json` summaries: one row per sample (its first called gene,\n"
"ERBB2) with HER2 status first, and one page for the cohort.\n\n"
"Writes PREFIX.tsv (the table; columns in the README), PREFIX.html (sortable\n"
"table and CN-by-sample plot, self-contained) and, with --seg, PREFIX.seg (IGV SEG\n"
"of the genome-wide segments' log2 ratios). A sample name read twice is an error.\n\n"
"Options:\n"
"  -o, --output PREFIX     output file name prefix (required)\n"
"      --list FILE         also read the JSON paths in FILE, one a line (# lines and\n"
"                          blank lines skipped)\n"
"      --seg               also write PREFIX.seg\n"
"      --mqc               also write PREFIX.her2cn_cohort_mqc.tsv (a MultiQC table)\n"
"  -h, --help              this help\n");
}

/* The paths of --list FILE, appended to *paths (owned strings). */
static int read_list(const char *file, char ***paths, int *n, int *m, h2_err_t *err)
{
    FILE *fp;
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    int ret = 0;
    errno = 0;
    if (!(fp = fopen(file, "r")))
        return h2_fail(err, H2_EIO, "cannot read --list \"%s\": %s", file, strerror(errno));
    while ((len = getline(&line, &cap, fp)) >= 0) {
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = 0;
        if (!len || line[0] == '#')
            continue;
        if (*n == *m) {
            int mm = *m ? 2 * *m : 256;
            char **p = realloc(*paths, (size_t)mm * sizeof *p);
            if (!p) {
                ret = h2_fail(err, H2_ENOMEM, "out of memory");
                break;
            }
            *paths = p;
            *m = mm;
        }
        if (!((*paths)[*n] = strdup(line))) {
            ret = h2_fail(err, H2_ENOMEM, "out of memory");
            break;
        }
        (*n)++;
    }
    if (!ret && ferror(fp))
        ret = h2_fail(err, H2_EIO, "cannot read --list \"%s\"", file);
    free(line);
    fclose(fp);
    return ret;
}

static int write_one(h2_outfile_t *o, const char *prefix, const char *ext,
                     int (*writer)(FILE *, const h2_cohort_t *), const h2_cohort_t *c,
                     const char *const *inputs, int n_in, h2_err_t *err)
{
    kstring_t path = KS_INITIALIZE;
    FILE *fp;
    int ret;
    ksprintf(&path, "%s%s", prefix, ext);
    if ((ret = h2_out_open(o, path.s, inputs, n_in, err)) < 0)
        goto out;
    errno = 0;
    if (!(fp = fopen(h2_out_path(o), "w"))) {
        ret = h2_fail(err, H2_EIO, "cannot write \"%s\": %s", path.s, strerror(errno));
        goto out;
    }
    ret = writer(fp, c);
    if ((fclose(fp) != 0 || ret < 0) && ret >= 0)
        ret = H2_EIO;
    if (ret < 0)
        ret = h2_fail(err, H2_EIO, "cannot write \"%s\": %s", path.s,
                      errno ? strerror(errno) : "write error");
out:
    free(path.s);
    return ret;
}

enum { O_LIST = H2_CLI_OWN, O_SEG, O_MQC };

int main_cohort(int argc, char *argv[])
{
    static const struct option lopts[] = {
        {"output", required_argument, NULL, 'o'}, {"list", required_argument, NULL, O_LIST},
        {"seg", no_argument, NULL, O_SEG}, {"mqc", no_argument, NULL, O_MQC},
        {"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
    const char *prefix = NULL, *list = NULL;
    int seg = 0, mqc = 0, c, bad = 0, ret = 0, n = 0, m = 0;
    char **paths = NULL;
    h2_cohort_t co = {0};
    h2_err_t err = {{0}};
    h2_outfile_t out[4];
    memset(out, 0, sizeof out);
    if (argc < 2) {
        usage(stderr);
        return H2_EXIT_USAGE;
    }
    while (!bad && (c = getopt_long(argc, argv, "o:h", lopts, NULL)) >= 0) {
        switch (c) {
        case 'o': prefix = optarg; break;
        case O_LIST: list = optarg; break;
        case O_SEG: seg = 1; break;
        case O_MQC: mqc = 1; break;
        case 'h': usage(stdout); return H2_EXIT_OK;
        default: bad = 1; break;
        }
    }
    if (!bad && (!prefix || !*prefix || !strcmp(prefix, "-"))) {
        fprintf(stderr, CMD ": -o PREFIX is required (a file name prefix, not \"-\")\n");
        bad = 1;
    }
    if (bad)
        return H2_EXIT_USAGE;
    for (int i = optind; i < argc; i++) {
        if (n == m) {
            int mm = m ? 2 * m : 256;
            char **p = realloc(paths, (size_t)mm * sizeof *p);
            if (!p) {
                ret = h2_fail(&err, H2_ENOMEM, "out of memory");
                goto out;
            }
            paths = p;
            m = mm;
        }
        if (!(paths[n] = strdup(argv[i]))) {
            ret = h2_fail(&err, H2_ENOMEM, "out of memory");
            goto out;
        }
        n++;
    }
    if (list && (ret = read_list(list, &paths, &n, &m, &err)) < 0)
        goto out;
    if (n == 0) {
        ret = h2_fail(&err, H2_EUSAGE, "no JSON summaries given (FILE.json ... or --list FILE)");
        goto out;
    }
    for (int i = 0; i < n; i++)
        if ((ret = h2_cohort_add(&co, paths[i], &err)) < 0)
            goto out;
    const char *const *inp = (const char *const *)paths;
    if ((ret = write_one(&out[0], prefix, ".tsv", h2_cohort_write_tsv, &co, inp, n, &err)) < 0
        || (ret = write_one(&out[1], prefix, ".html", h2_cohort_write_html, &co, inp, n, &err)) < 0
        || (seg && (ret = write_one(&out[2], prefix, ".seg", h2_cohort_write_seg, &co, inp, n,
                                    &err)) < 0)
        || (mqc && (ret = write_one(&out[3], prefix, ".her2cn_cohort_mqc.tsv", h2_cohort_write_mqc,
                                    &co, inp, n, &err)) < 0))
        goto out;
    for (int i = 0; i < 4 && ret == 0; i++)
        if (out[i].final)
            ret = h2_out_commit(&out[i], NULL, &err);
out:
    for (int i = 0; i < 4; i++)
        h2_out_abort(&out[i]);
    ret = h2_cli_exit(CMD, ret, &err);
    for (int i = 0; i < n; i++)
        free(paths[i]);
    free(paths);
    h2_cohort_free(&co);
    return ret;
}
