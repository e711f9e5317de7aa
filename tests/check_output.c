/* check_output.c -- atomic outputs: temp file + rename, abort, input
 * protection, directory errors, stdout passthrough, signal cleanup. */
#include <check.h>
#include <fcntl.h>
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <htslib/kstring.h>
#include "h2_output.h"

static char dir[256];

static void mk_dir(void)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/h2outXXXXXX", tmp && *tmp ? tmp : "/tmp");
    ck_assert_ptr_nonnull(mkdtemp(dir));
}

/* Number of entries in dir (besides . and ..). */
static int n_entries(void)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    int n = 0;
    ck_assert_ptr_nonnull(d);
    while ((de = readdir(d)))
        n += strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0;
    closedir(d);
    return n;
}

static void rm_dir(void)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    kstring_t ks = KS_INITIALIZE;
    while (d && (de = readdir(d))) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        ks.l = 0;
        ksprintf(&ks, "%s/%s", dir, de->d_name);
        unlink(ks.s);
    }
    if (d)
        closedir(d);
    rmdir(dir);
    free(ks.s);
}

static char *path(const char *name)
{
    kstring_t ks = KS_INITIALIZE;
    ksprintf(&ks, "%s/%s", dir, name);
    return ks.s;
}

static char *path2(const char *a, const char *b)
{
    kstring_t ks = KS_INITIALIZE;
    ksprintf(&ks, "%s%s", a, b);
    return ks.s;
}

static void put(const char *p, const char *text)
{
    FILE *fp = fopen(p, "w");
    ck_assert_ptr_nonnull(fp);
    fputs(text, fp);
    ck_assert_int_eq(fclose(fp), 0);
}

static int exists(const char *p)
{
    return access(p, F_OK) == 0;
}

static void setup(void)
{
    umask(022);
    mk_dir();
}

static void teardown(void)
{
    rm_dir();
}

START_TEST(test_tmp_and_commit)
{
    char *fin = path("out.vcf.gz"), *pre = path(".out.tmp");
    h2_outfile_t o;
    h2_err_t err = {""};
    struct stat st;
    ck_assert_int_eq(h2_out_open(&o, fin, NULL, 0, &err), 0);
    const char *t = h2_out_path(&o);
    ck_assert_msg(strncmp(t, pre, strlen(pre)) == 0, "tmp %s", t);
    ck_assert_str_eq(t + strlen(t) - 7, ".vcf.gz");
    /* .out.tmp<host>-<pid>-XXXXXX.vcf.gz */
    ck_assert_ptr_nonnull(strstr(t, "-"));
    ck_assert_int_ge((int)strlen(t), (int)(strlen(pre) + 2 + 6 + 7));
    ck_assert(exists(t));
    ck_assert(!exists(fin));
    put(t, "data\n");
    char *tidx = path2(t, ".tbi"), *fidx = path2(fin, ".tbi");
    char *stale = path2(fin, ".csi");
    put(tidx, "index\n");
    put(stale, "old index\n");
    ck_assert_int_eq(h2_out_commit(&o, ".tbi", &err), 0);
    ck_assert(exists(fin));
    ck_assert(exists(fidx));
    ck_assert(!exists(tidx));
    ck_assert(!exists(stale));       /* an older .csi would shadow the new .tbi */
    ck_assert_int_eq(stat(fin, &st), 0);
    ck_assert_int_eq(st.st_mode & 0777, 0644);
    ck_assert_int_eq(st.st_size, 5);
    ck_assert_ptr_null(o.tmp);
    ck_assert_int_eq(n_entries(), 2);
    h2_out_abort(&o);                /* after commit: frees, removes nothing */
    h2_out_abort(&o);
    ck_assert(exists(fin));
    free(fin); free(pre); free(tidx); free(fidx); free(stale);
}
END_TEST

START_TEST(test_commit_removes_stale_index)
{
    char *fin = path("out.bcf");
    char *tbi = path2(fin, ".tbi"), *csi = path2(fin, ".csi");
    h2_outfile_t o;
    h2_err_t err = {""};
    put(fin, "old\n");
    put(tbi, "old\n");
    put(csi, "old\n");
    ck_assert_int_eq(h2_out_open(&o, fin, NULL, 0, &err), 0);
    ck_assert_str_eq(h2_out_path(&o) + strlen(h2_out_path(&o)) - 4, ".bcf");
    put(h2_out_path(&o), "new data\n");
    ck_assert_int_eq(h2_out_commit(&o, NULL, &err), 0);
    ck_assert(!exists(tbi));
    ck_assert(!exists(csi));
    struct stat st;
    ck_assert_int_eq(stat(fin, &st), 0);
    ck_assert_int_eq(st.st_size, 9);
    ck_assert_int_eq(n_entries(), 1);
    h2_out_abort(&o);
    free(fin); free(tbi); free(csi);
}
END_TEST

START_TEST(test_abort_leaves_nothing)
{
    char *fin = path("res.tsv");
    h2_outfile_t o, o2;
    h2_err_t err = {""};
    ck_assert_int_eq(h2_out_open(&o, fin, NULL, 0, &err), 0);
    ck_assert_int_eq(h2_out_open(&o2, fin, NULL, 0, &err), 0);
    ck_assert_str_ne(h2_out_path(&o), h2_out_path(&o2));   /* unique names */
    put(h2_out_path(&o), "partial");
    char *csi = path2(h2_out_path(&o), ".csi");
    put(csi, "partial");
    ck_assert_int_eq(n_entries(), 3);
    h2_out_abort(&o);
    h2_out_abort(&o2);
    h2_out_abort(&o);
    h2_out_abort(NULL);
    ck_assert_int_eq(n_entries(), 0);
    ck_assert_ptr_null(o.final);
    ck_assert_ptr_null(o.tmp);
    free(fin); free(csi);
}
END_TEST

START_TEST(test_refuse_input)
{
    char *in = path("in.bam"), *alias = path("./in.bam"), *link = path("link.bam");
    char *other = path("x.vcf");
    const char *inputs[] = {"-", NULL, in};
    h2_outfile_t o;
    h2_err_t err = {""};
    put(in, "bam");
    ck_assert_int_eq(symlink(in, link), 0);
    ck_assert_int_eq(h2_out_open(&o, in, inputs, 3, &err), H2_EUSAGE);
    ck_assert_msg(strstr(err.msg, "would overwrite input"), "%s", err.msg);
    ck_assert_ptr_null(o.final);
    ck_assert_int_eq(h2_out_open(&o, alias, inputs, 3, &err), H2_EUSAGE);
    ck_assert_int_eq(h2_out_open(&o, link, inputs, 3, &err), H2_EUSAGE);
    ck_assert_int_eq(n_entries(), 2);       /* no temp file was left */
    /* an input given through a path that does not exist yet as output */
    const char *in2[] = {other};
    ck_assert_int_eq(h2_out_open(&o, other, in2, 1, &err), H2_EUSAGE);
    ck_assert_int_eq(h2_out_open(&o, other, inputs, 3, &err), 0);
    h2_out_abort(&o);
    free(in); free(alias); free(link); free(other);
}
END_TEST

START_TEST(test_bad_directory)
{
    char *p = path("nope/out.vcf"), *d = path("nope");
    h2_outfile_t o;
    h2_err_t err = {""};
    ck_assert_int_eq(h2_out_open(&o, p, NULL, 0, &err), H2_EIO);
    ck_assert_msg(strstr(err.msg, "cannot write to directory") && strstr(err.msg, d)
                  && strstr(err.msg, "No such file or directory"), "%s", err.msg);
    ck_assert_ptr_null(o.final);
    ck_assert_int_eq(h2_out_open(&o, dir, NULL, 0, &err), H2_EUSAGE);   /* a directory */
    ck_assert_ptr_nonnull(strstr(err.msg, "is a directory"));
    ck_assert_int_eq(h2_out_open(&o, "", NULL, 0, &err), H2_EUSAGE);
    ck_assert_int_eq(mkdir(d, 0555), 0);
    if (geteuid() != 0) {   /* root writes anywhere */
        ck_assert_int_eq(h2_out_open(&o, p, NULL, 0, &err), H2_EIO);
        ck_assert_msg(strstr(err.msg, "Permission denied"), "%s", err.msg);
    }
    ck_assert_int_eq(rmdir(d), 0);
    free(p); free(d);
}
END_TEST

START_TEST(test_stdout_passthrough)
{
    h2_outfile_t o;
    h2_err_t err = {""};
    const char *inputs[] = {"-"};
    ck_assert_int_eq(h2_out_open(&o, "-", inputs, 1, &err), 0);
    ck_assert_str_eq(h2_out_path(&o), "-");
    ck_assert_ptr_null(o.tmp);
    ck_assert_int_eq(h2_out_commit(&o, ".tbi", &err), 0);
    ck_assert_str_eq(h2_out_path(&o), "-");
    h2_out_abort(&o);
    ck_assert_ptr_null(o.final);
}
END_TEST

START_TEST(test_relative_no_extension)
{
    h2_outfile_t o;
    h2_err_t err = {""};
    /* back to the starting directory afterwards: without fork mode
     * (CK_FORK=no, make memcheck) later suites read testdata/ relative to it */
    int here = open(".", O_RDONLY | O_DIRECTORY);
    ck_assert_int_ge(here, 0);
    ck_assert_int_eq(chdir(dir), 0);
    ck_assert_int_eq(h2_out_open(&o, "summary", NULL, 0, &err), 0);
    ck_assert_int_eq(strncmp(h2_out_path(&o), "./.summary.tmp", 14), 0);
    ck_assert_int_ge((int)strlen(h2_out_path(&o)), 14 + 2 + 6);   /* <host>-<pid>-XXXXXX */
    ck_assert_int_eq(h2_out_commit(&o, NULL, &err), 0);
    ck_assert(exists("summary"));
    h2_out_abort(&o);
    ck_assert_int_eq(n_entries(), 1);
    ck_assert_int_eq(fchdir(here), 0);
    close(here);
}
END_TEST

/* A SIGTERM while a temp file (and its index) exists removes both, and the
 * process still dies of SIGTERM. */
START_TEST(test_signal_cleanup)
{
    char *fin = path("sig.vcf.gz");
    int status;
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        h2_outfile_t o;
        h2_err_t err = {""};
        h2_out_install_signal_handlers();
        if (h2_out_open(&o, fin, NULL, 0, &err) < 0)
            _exit(10);
        char *idx = path2(h2_out_path(&o), ".tbi");
        put(idx, "idx");
        raise(SIGTERM);
        _exit(11);
    }
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert_msg(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM, "status %d", status);
    ck_assert_int_eq(n_entries(), 0);
    free(fin);
}
END_TEST

/* The names a commit removes or writes besides an output (<out>.tbi, .csi,
 * its own index) are refused when they are an input or an input's index. */
START_TEST(test_refuse_input_index_names)
{
    char *bam = path("T1.bam"), *csi = path("T1.csi"), *out = path("T1"), *bai = path("x.bai");
    char *x = path("x");
    const char *in[1] = {bam}, *in2[1] = {bai};
    h2_outfile_t o;
    h2_err_t err = {""};
    put(bam, "bam");
    put(csi, "index");
    put(bai, "index");
    ck_assert_int_eq(h2_out_open(&o, out, in, 1, &err), H2_EUSAGE);
    ck_assert_ptr_nonnull(strstr(err.msg, "the .csi file of input"));
    ck_assert_int_eq(h2_out_open_ext(&o, x, ".bai", in2, 1, &err), H2_EUSAGE);
    ck_assert_msg(strstr(err.msg, "would remove or overwrite"), "%s", err.msg);
    char *z = path("z");
    ck_assert_int_eq(h2_out_open_ext(&o, z, ".bai", in2, 1, &err), 0);
    h2_out_abort(&o);
    free(z);
    ck_assert_int_eq(n_entries(), 3);
    free(bam); free(csi); free(out); free(bai); free(x);
}
END_TEST

START_TEST(test_check_set)
{
    char *v = path("V"), *vt = path("V.tbi"), *a = path("a"), *b = path("b");
    char *a2 = path("./a"), *bam = path("x.bam"), *bai = path("x.bam.bai");
    const char *names[2] = {"--output", "--json"};
    h2_err_t err = {""};
    const char *p1[2] = {vt, v};
    ck_assert_int_eq(h2_out_check_set(p1, names, NULL, 2, &err), H2_EUSAGE);
    ck_assert_ptr_nonnull(strstr(err.msg, "--output and the --json index name the same file"));
    const char *p2[2] = {"-", "/dev/stdout"};
    ck_assert_int_eq(h2_out_check_set(p2, names, NULL, 2, &err), H2_EUSAGE);
    const char *p3[2] = {a, a2};
    ck_assert_int_eq(h2_out_check_set(p3, names, NULL, 2, &err), H2_EUSAGE);
    const char *p4[2] = {a, b};
    ck_assert_int_eq(h2_out_check_set(p4, names, NULL, 2, &err), 0);
    const char *p5[2] = {bam, bai}, *idx[2] = {".bai", ".fai"};
    ck_assert_int_eq(h2_out_check_set(p5, names, NULL, 2, &err), 0);
    ck_assert_int_eq(h2_out_check_set(p5, names, idx, 2, &err), H2_EUSAGE);
    const char *p6[2] = {a, NULL};
    ck_assert_int_eq(h2_out_check_set(p6, names, NULL, 2, &err), 0);
    free(v); free(vt); free(a); free(b); free(a2); free(bam); free(bai);
}
END_TEST

START_TEST(test_name_in_err)
{
    char *fin = path("x.vcf.gz");
    h2_outfile_t o;
    h2_err_t err = {""};
    ck_assert_int_eq(h2_out_open(&o, fin, NULL, 0, &err), 0);
    snprintf(err.msg, sizeof err.msg, "cannot write \"%s\": No space left on device",
             h2_out_path(&o));
    h2_out_name_in_err(&o, &err);
    kstring_t want = KS_INITIALIZE;
    ksprintf(&want, "cannot write \"%s\": No space left on device", fin);
    ck_assert_str_eq(err.msg, want.s);
    h2_out_abort(&o);
    free(want.s);
    free(fin);
}
END_TEST

/* A set commit renames every member, and a failing member takes back the
 * ones already renamed. */
START_TEST(test_commit_set)
{
    char *a = path("a.txt"), *b = path("b.txt");
    h2_outfile_t oa, ob;
    h2_err_t err = {""};
    ck_assert_int_eq(h2_out_open(&oa, a, NULL, 0, &err), 0);
    ck_assert_int_eq(h2_out_open(&ob, b, NULL, 0, &err), 0);
    put(h2_out_path(&oa), "a");
    put(h2_out_path(&ob), "b");
    h2_outfile_t *set[3] = {&oa, NULL, &ob};
    ck_assert_int_eq(h2_out_commit_set(set, NULL, 3, &err), 0);
    ck_assert(exists(a) && exists(b));
    ck_assert_int_eq(n_entries(), 2);
    h2_out_abort(&oa);
    h2_out_abort(&ob);
    unlink(a);
    unlink(b);
    ck_assert_int_eq(h2_out_open(&oa, a, NULL, 0, &err), 0);
    ck_assert_int_eq(h2_out_open(&ob, b, NULL, 0, &err), 0);
    put(h2_out_path(&oa), "a");
    unlink(h2_out_path(&ob));            /* its rename fails */
    ck_assert_int_eq(h2_out_commit_set(set, NULL, 3, &err), H2_EIO);
    ck_assert(!exists(a) && !exists(b));
    h2_out_abort(&oa);
    h2_out_abort(&ob);
    ck_assert_int_eq(n_entries(), 0);
    free(a);
    free(b);
}
END_TEST

Suite *output_suite(void)
{
    Suite *s = suite_create("output");
    TCase *tc = tcase_create("output");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_tmp_and_commit);
    tcase_add_test(tc, test_commit_removes_stale_index);
    tcase_add_test(tc, test_abort_leaves_nothing);
    tcase_add_test(tc, test_refuse_input);
    tcase_add_test(tc, test_bad_directory);
    tcase_add_test(tc, test_stdout_passthrough);
    tcase_add_test(tc, test_relative_no_extension);
    tcase_add_test(tc, test_signal_cleanup);
    tcase_add_test(tc, test_refuse_input_index_names);
    tcase_add_test(tc, test_check_set);
    tcase_add_test(tc, test_name_in_err);
    tcase_add_test(tc, test_commit_set);
    suite_add_tcase(s, tc);
    return s;
}
