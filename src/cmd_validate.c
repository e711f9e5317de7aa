/* cmd_validate.c -- `her2cn validate truth.tsv call1.vcf ...`: accuracy of
 * her2cn calls against a truth table (formats in h2_validate.h, README). */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <htslib/hts.h>
#include "h2_cli.h"
#include "h2_cmd.h"
#include "h2_validate.h"

static void usage(FILE *fp)
{
    h2_call_opt_t d;
    h2_call_opt_init(&d);
    fprintf(fp,
"Usage: her2cn validate [options] <truth.tsv> <calls.vcf> [calls.vcf ...]\n"
"Compare her2cn calls with the truth: confusion matrix, sensitivity, specificity,\n"
"PPV, NPV, median absolute %% CN error and CICN coverage (report on stdout).\n\n"
"truth.tsv: sample<TAB>gene<TAB>true_cn[<TAB>class], class AMP|GAIN|NEUTRAL|LOSS or .\n\n"
"Options:\n"
"      --positive LIST     classes that count as positive [AMP]\n"
"      --pass-only         a call whose FILTER is not PASS counts as missing\n"
"      --rows              also print one ROW line per truth row\n"
"      --amp-cn F          class of a truth row without one: AMP when CN >= F [%g]\n"
"      --gain-cn F         ... GAIN when CN >= F [%g]\n"
"      --loss-cn F         ... LOSS when CN <= F [%g]\n"
"  -h, --help              this help\n", d.amp_cn, d.gain_cn, d.loss_cn);
}

static int parse_positive(const char *arg, unsigned *mask)
{
    char *dup = strdup(arg), *save = NULL;
    unsigned m = 0;
    int ok = dup != NULL;
    for (char *t = dup ? strtok_r(dup, ",", &save) : NULL; t && ok; t = strtok_r(NULL, ",", &save)) {
        int c = h2_call_parse(t);
        if (c < 0)
            ok = 0;
        else
            m |= 1u << c;
    }
    free(dup);
    if (!ok || !m) {
        fprintf(stderr, "her2cn validate: --positive must list AMP, GAIN, NEUTRAL or LOSS, not \"%s\"\n", arg);
        return -1;
    }
    *mask = m;
    return 0;
}

#define CMD "her2cn validate"

enum { O_POS = H2_CLI_OWN, O_PASS, O_ROWS, O_AMP, O_GAIN, O_LOSS };

int main_validate(int argc, char *argv[])
{
    static const struct option lopts[] = {
        {"positive", required_argument, NULL, O_POS}, {"pass-only", no_argument, NULL, O_PASS},
        {"rows", no_argument, NULL, O_ROWS}, {"amp-cn", required_argument, NULL, O_AMP},
        {"gain-cn", required_argument, NULL, O_GAIN}, {"loss-cn", required_argument, NULL, O_LOSS},
        {"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
    h2_call_opt_t th;
    unsigned positive = 1u << H2_CALL_AMP;
    int pass_only = 0, rows = 0, c, bad = 0, ret = 0;
    h2_err_t err = {{0}};
    h2_truth_t *t = NULL;
    h2_calls_t calls = {0};
    h2_valid_t v;
    if (argc < 2) {
        usage(stderr);
        return H2_EXIT_USAGE;
    }
    h2_call_opt_init(&th);
    while (!bad && (c = getopt_long(argc, argv, "h", lopts, NULL)) >= 0) {
        switch (c) {
        case O_POS: bad = parse_positive(optarg, &positive) < 0; break;
        case O_PASS: pass_only = 1; break;
        case O_ROWS: rows = 1; break;
        case O_AMP: bad = h2_cli_double(CMD, "--amp-cn", optarg, 0, INFINITY, 0, &th.amp_cn) < 0; break;
        case O_GAIN: bad = h2_cli_double(CMD, "--gain-cn", optarg, 0, INFINITY, 0, &th.gain_cn) < 0; break;
        case O_LOSS: bad = h2_cli_double(CMD, "--loss-cn", optarg, 0, INFINITY, 0, &th.loss_cn) < 0; break;
        case 'h': usage(stdout); return H2_EXIT_OK;
        default: bad = 1; break;
        }
    }
    if (!bad && !(th.loss_cn < th.gain_cn && th.gain_cn <= th.amp_cn)) {
        fprintf(stderr, "her2cn validate: thresholds must satisfy --loss-cn < --gain-cn <= --amp-cn\n");
        bad = 1;
    }
    if (!bad && argc - optind < 2) {
        fprintf(stderr, "her2cn validate: need a truth table and at least one VCF\n");
        bad = 1;
    }
    if (bad)
        return H2_EXIT_USAGE;
    hts_set_log_level(HTS_LOG_OFF);
    if (!(t = h2_truth_read(argv[optind], &th, &err, &ret)))
        goto out;
    for (int i = optind + 1; i < argc; i++)
        if ((ret = h2_calls_read_vcf(argv[i], &calls, &err)) < 0)
            goto out;
    h2_validate(t, &calls, positive, pass_only, &v, rows ? stdout : NULL);
    if ((ret = h2_valid_write(stdout, &v, positive)) < 0 || fflush(stdout) != 0) {
        ret = h2_fail(&err, H2_EIO, "cannot write the report");
        goto out;
    }
out:
    ret = h2_cli_exit(CMD, ret, &err);
    h2_truth_destroy(t);
    h2_calls_free(&calls);
    return ret;
}
