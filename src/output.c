/* output.c -- atomic output files.
 *
 * Each output is written to "<dir>/.<stem>.tmpXXXXXX<ext>" beside its target
 * and renamed into place only when complete, so a pipeline never sees a
 * half-written VCF. Open temp files are kept in a small static registry that
 * the SIGINT/SIGTERM/SIGHUP handler walks to unlink them (and their indexes)
 * before the signal's default action runs. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include "h2_output.h"
#include "h2_remote.h"

#define H2_OUT_MAX 32

/* The handler only reads `used` (volatile sig_atomic_t) and, when it is set,
 * the three paths, which are fully written before `used` becomes 1 and freed
 * only after it is back to 0 (signal fences keep the compiler's order). */
/* The indexes a temporary file may have beside it: a VCF's, simulate's
 * BAM/CRAM index and its FASTA's .fai. */
static const char *const tmp_idx[] = {".tbi", ".csi", ".bai", ".crai", ".fai"};
#define N_TMP_IDX (int)(sizeof tmp_idx / sizeof *tmp_idx)

typedef struct {
    volatile sig_atomic_t used;
    char *tmp, *idx[N_TMP_IDX];
} h2_reg_slot_t;

static h2_reg_slot_t reg[H2_OUT_MAX];

static void reg_free_paths(h2_reg_slot_t *s)
{
    free(s->tmp);
    s->tmp = NULL;
    for (int k = 0; k < N_TMP_IDX; k++) {
        free(s->idx[k]);
        s->idx[k] = NULL;
    }
}

static char *cat2(const char *a, const char *b)
{
    kstring_t ks = KS_INITIALIZE;
    if (kputs(a, &ks) < 0 || kputs(b, &ks) < 0) {
        free(ks.s);
        return NULL;
    }
    return ks.s;
}

/* Register a temp path; -1 when full or out of memory (the file is then
 * still removed by commit/abort, just not on a signal). */
static int reg_add(const char *tmp)
{
    for (int i = 0; i < H2_OUT_MAX; i++) {
        h2_reg_slot_t *s = &reg[i];
        if (s->used)
            continue;
        int bad = !(s->tmp = strdup(tmp));
        for (int k = 0; k < N_TMP_IDX; k++)
            bad |= !(s->idx[k] = cat2(tmp, tmp_idx[k]));
        if (bad) {
            reg_free_paths(s);
            return -1;
        }
        atomic_signal_fence(memory_order_seq_cst);
        s->used = 1;
        return 0;
    }
    return -1;
}

static void reg_remove(const char *tmp)
{
    for (int i = 0; i < H2_OUT_MAX; i++) {
        h2_reg_slot_t *s = &reg[i];
        if (s->used && strcmp(s->tmp, tmp) == 0) {
            s->used = 0;
            atomic_signal_fence(memory_order_seq_cst);
            reg_free_paths(s);
            return;
        }
    }
}

/* One line on stderr from a signal handler (write(2) only). */
static void say_signal(int sig)
{
    static const char *const msg[] = {
        "her2cn: interrupted (SIGINT); temporary files removed\n",
        "her2cn: terminated (SIGTERM); temporary files removed\n",
        "her2cn: hung up (SIGHUP); temporary files removed\n",
        "her2cn: output closed by its reader (SIGPIPE); temporary files removed\n",
        "her2cn: file size limit exceeded (SIGXFSZ); temporary files removed\n"};
    int k = sig == SIGINT ? 0 : sig == SIGTERM ? 1 : sig == SIGHUP ? 2 : sig == SIGPIPE ? 3 : 4;
    ssize_t w = write(STDERR_FILENO, msg[k], strlen(msg[k]));
    (void)w;
}

/* While an output set is being renamed into place (h2_out_commit_set) a
 * signal is held back: it is delivered when the set is complete, so the set
 * is all-old or all-new. pthread_sigmask holds it in the committing thread;
 * the flag holds it when the kernel picks another thread. */
static volatile sig_atomic_t committing, deferred;

static void install_one(int sig);

static void on_signal(int sig)
{
    int saved = errno;
    if (committing) {
        deferred = sig;
        install_one(sig);   /* SA_RESETHAND reset it */
        errno = saved;
        return;
    }
    say_signal(sig);
    for (int i = 0; i < H2_OUT_MAX; i++) {
        if (!reg[i].used)
            continue;
        unlink(reg[i].tmp);
        for (int k = 0; k < N_TMP_IDX; k++)
            unlink(reg[i].idx[k]);
    }
    errno = saved;
    /* SA_RESETHAND restored the default action; the re-raised signal is
     * delivered as soon as this handler returns. */
    raise(sig);
}

static const int out_sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGXFSZ};
#define N_OUT_SIGS (int)(sizeof out_sigs / sizeof *out_sigs)

static void install_one(int sig)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESETHAND;
    sigaction(sig, &sa, NULL);
}

void h2_out_install_signal_handlers(void)
{
    for (int i = 0; i < N_OUT_SIGS; i++) {
        struct sigaction old;
        if (sigaction(out_sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
            continue;   /* e.g. SIGHUP under nohup: keep ignoring it */
        install_one(out_sigs[i]);
    }
}

/* 1 if input and output name the same file: same string, same inode, or
 * same canonical path. out_real is the canonical output path or NULL. */
static int same_file(const char *in, const char *out, const char *out_real)
{
    struct stat si, so;
    char *in_real;
    int same;
    if (strcmp(in, out) == 0)
        return 1;
    if (stat(in, &si) == 0 && stat(out, &so) == 0
        && si.st_dev == so.st_dev && si.st_ino == so.st_ino)
        return 1;
    if (!out_real || !(in_real = realpath(in, NULL)))
        return 0;
    same = strcmp(in_real, out_real) == 0;
    free(in_real);
    return same;
}

/* Canonical form of the (possibly not yet existing) output: realpath of its
 * directory plus its base name. */
static char *out_realpath(const char *dir, const char *base)
{
    char *d = realpath(dir, NULL), *p = NULL;
    kstring_t ks = KS_INITIALIZE;
    if (!d)
        return NULL;
    if (kputs(d, &ks) >= 0 && (ks.l == 0 || ks.s[ks.l - 1] == '/' || kputc('/', &ks) >= 0)
        && kputs(base, &ks) >= 0)
        p = ks.s;
    else
        free(ks.s);
    free(d);
    return p;
}

/* The directory of path ("." for a bare name, "/" at the root) in a new
 * string, NULL when out of memory; *base: the name after it. */
static char *dir_of(const char *path, const char **base)
{
    const char *slash = strrchr(path, '/');
    *base = slash ? slash + 1 : path;
    return !slash ? strdup(".") : slash == path ? strdup("/") : strndup(path, slash - path);
}

char *h2_out_canonical(const char *path)
{
    const char *base;
    char *dir = dir_of(path, &base);
    char *c = dir ? out_realpath(dir, base) : NULL;
    free(dir);
    return c ? c : strdup(path);
}

/* The files an input implies, which an output must not overwrite either:
 * its index (x.bam.bai, x.bai, .csi, .crai), a FASTA's .fai and .gzi, a
 * VCF's .tbi/.csi. out_real is the canonical output path. Returns the
 * implied file's suffix that out_real is, or NULL. */
static const char *implied_by(const char *in, const char *out_real)
{
    static const char *const ext[] = {".bai", ".csi", ".crai", ".fai", ".gzi", ".tbi"};
    char *r = out_real ? realpath(in, NULL) : NULL;
    const char *hit = NULL;
    if (!r)
        return NULL;
    size_t lr = strlen(r), lo = strlen(out_real);
    const char *dot = strrchr(r, '.'), *slash = strrchr(r, '/');
    size_t stem = dot && (!slash || dot > slash) ? (size_t)(dot - r) : lr;
    /* x.bai / x.csi / x.crai in place of the extension: only for an
     * alignment file (htslib's rule); a VCF's index is always x.vcf.gz.tbi
     * or .csi, so sites.vcf.gz does not claim sites.vcf.csi */
    int aln = !strcmp(r + stem, ".bam") || !strcmp(r + stem, ".cram");
    for (size_t i = 0; i < sizeof ext / sizeof *ext && !hit; i++) {
        size_t le = strlen(ext[i]);
        if ((lo == lr + le && !strncmp(out_real, r, lr) && !strcmp(out_real + lr, ext[i]))
            || (aln && i < 3 && lo == stem + le && !strncmp(out_real, r, stem)
                && !strcmp(out_real + stem, ext[i])))
            hit = ext[i];
    }
    free(r);
    return hit;
}

/* The files a commit of output `path` removes or writes besides it: the
 * stale indexes "<path>.tbi" and "<path>.csi" (always removed) and its own
 * index "<path><index_ext>". None may be input `in` or a file `in` implies
 * (`call -o T1 T1.bam` removed T1.bam's index T1.csi). real: the canonical
 * output path (or NULL). 0, or H2_EUSAGE with err set. */
static int check_implied(const char *path, const char *real, const char *index_ext,
                         const char *in, h2_err_t *err)
{
    const char *ext[3] = {".tbi", ".csi", index_ext};
    int r = 0;
    for (int k = 0; k < 3 && r == 0; k++) {
        if (!ext[k] || (k == 2 && (!strcmp(ext[k], ".tbi") || !strcmp(ext[k], ".csi"))))
            continue;
        char *q = cat2(path, ext[k]), *rq = real ? cat2(real, ext[k]) : NULL;
        const char *what;
        if (!q || (real && !rq))
            r = h2_fail(err, H2_ENOMEM, "out of memory");
        else if (same_file(in, q, rq))
            r = h2_fail(err, H2_EUSAGE, "output \"%s\" would remove or overwrite input \"%s\" "
                        "(its index name \"%s\")", path, in, q);
        else if ((what = implied_by(in, rq)))
            r = h2_fail(err, H2_EUSAGE, "output \"%s\" would remove or overwrite \"%s\", the %s "
                        "file of input \"%s\"", path, q, what, in);
        free(q);
        free(rq);
    }
    return r;
}

static int check_target(const char *path, const char *dir, const char *base,
                        const char *index_ext, const char *const *inputs, int n_inputs,
                        h2_err_t *err)
{
    struct stat st;
    char *real;
    if (!*base)
        return h2_fail(err, H2_EUSAGE, "output \"%s\" is a directory", path);
    if (stat(dir, &st) != 0)
        return h2_fail(err, H2_EIO, "cannot write to directory \"%s\": %s", dir,
                       strerror(errno));
    if (!S_ISDIR(st.st_mode))
        return h2_fail(err, H2_EIO, "cannot write to directory \"%s\": %s", dir,
                       strerror(ENOTDIR));
    if (access(dir, W_OK | X_OK) != 0)
        return h2_fail(err, H2_EIO, "cannot write to directory \"%s\": %s", dir,
                       strerror(errno));
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        return h2_fail(err, H2_EUSAGE, "output \"%s\" is a directory", path);
    real = out_realpath(dir, base);
    for (int i = 0; i < n_inputs; i++) {
        if (!inputs || !inputs[i] || strcmp(inputs[i], "-") == 0 || h2_is_remote(inputs[i]))
            continue;   /* a URL is never a local output (and is not realpath'd) */
        if (same_file(inputs[i], path, real)) {
            free(real);
            return h2_fail(err, H2_EUSAGE, "output \"%s\" would overwrite input \"%s\"",
                           path, inputs[i]);
        }
        const char *ext = implied_by(inputs[i], real);
        if (ext) {
            free(real);
            return h2_fail(err, H2_EUSAGE, "output \"%s\" would overwrite the %s file of input "
                           "\"%s\"", path, ext, inputs[i]);
        }
        int r = check_implied(path, real, index_ext, inputs[i], err);
        if (r < 0) {
            free(real);
            return r;
        }
    }
    free(real);
    return 0;
}

/* Extension of a base name: from its first '.' after any leading dots
 * ("x.vcf.gz" -> ".vcf.gz"), "" when none. */
static const char *full_ext(const char *base)
{
    const char *p = base;
    while (*p == '.')
        p++;
    p = strchr(p, '.');
    return p ? p : base + strlen(base);
}

/* "<host>-<pid>-": who made a temporary file, so that a later run on the
 * same host can tell one left by a killed run (SIGKILL cannot be caught)
 * from one that a live run is still writing. Host: letters and digits of
 * the host name, at most 16. */
static int tmp_owner(kstring_t *ks)
{
    char host[256] = "";
    int n = 0;
    gethostname(host, sizeof host - 1);
    for (const char *p = host; *p && n < 16; p++)
        if (isalnum((unsigned char)*p) && kputc(*p, ks) >= 0)
            n++;
    return ksprintf(ks, "-%ld-", (long)getpid()) < 0 ? -1 : 0;
}

/* Remove the temporary files of earlier runs for this target (".<stem>.tmp"
 * names, with their .tbi/.csi) that this host made and whose process is
 * gone: what a SIGKILL left behind. A live run's file, or another host's,
 * is never touched. */
static void remove_stale_tmps(const char *dir, const char *base)
{
    const char *ext = full_ext(base);
    kstring_t pre = KS_INITIALIZE, me = KS_INITIALIZE;
    DIR *d;
    if (kputc('.', &pre) < 0 || kputsn(base, ext - base, &pre) < 0 || kputs(".tmp", &pre) < 0
        || tmp_owner(&me) < 0 || !(d = opendir(dir))) {
        free(pre.s);
        free(me.s);
        return;
    }
    size_t host_len = strcspn(me.s, "-");
    for (struct dirent *e; (e = readdir(d)); ) {
        const char *p = e->d_name;
        char *end;
        if (strncmp(p, pre.s, pre.l) || strncmp(p + pre.l, me.s, host_len + 1))
            continue;
        long pid = strtol(p + pre.l + host_len + 1, &end, 10);
        if (pid <= 0 || *end != '-' || (kill((pid_t)pid, 0) == 0 || errno != ESRCH))
            continue;
        kstring_t f = KS_INITIALIZE;
        if (ksprintf(&f, "%s/%s", dir, p) >= 0)
            unlink(f.s);
        free(f.s);
    }
    closedir(d);
    free(pre.s);
    free(me.s);
}

/* Create the unique temp file beside the target, readable like a normal new
 * file (mkstemps creates mode 0600). */
static int make_tmp(h2_outfile_t *o, const char *dir, const char *base, h2_err_t *err)
{
    const char *ext = full_ext(base);
    kstring_t ks = KS_INITIALIZE;
    mode_t mask;
    int fd;
    if (kputs(dir, &ks) < 0 || kputs("/.", &ks) < 0 || kputsn(base, ext - base, &ks) < 0
        || kputs(".tmp", &ks) < 0 || tmp_owner(&ks) < 0 || kputs("XXXXXX", &ks) < 0
        || kputs(ext, &ks) < 0) {
        free(ks.s);
        return h2_fail(err, H2_ENOMEM, "out of memory");
    }
    if ((fd = mkstemps(ks.s, (int)strlen(ext))) < 0) {
        int e = errno;
        free(ks.s);
        return h2_fail(err, H2_EIO, "cannot create a temporary file in \"%s\": %s", dir,
                       strerror(e));
    }
    mask = umask(0);
    umask(mask);
    if (fchmod(fd, 0666 & ~mask) != 0 || close(fd) != 0) {
        int e = errno;
        unlink(ks.s);
        free(ks.s);
        return h2_fail(err, H2_EIO, "cannot create a temporary file in \"%s\": %s", dir,
                       strerror(e));
    }
    o->tmp = ks.s;
    reg_add(o->tmp);
    return 0;
}

/* 1 when dir resolves into /dev or /proc: /dev/stdout, /dev/fd/N and
 * /proc/self/fd/N are links to whatever the descriptor is (a regular file
 * when stdout is redirected), and a temp file renamed over them would
 * replace the link itself (as root: /dev/stdout, for every later process). */
static int special_dir(const char *dir)
{
    char *d = realpath(dir, NULL);
    int r = d && (strcmp(d, "/dev") == 0 || strncmp(d, "/dev/", 5) == 0
                  || strcmp(d, "/proc") == 0 || strncmp(d, "/proc/", 6) == 0);
    free(d);
    return r;
}

int h2_out_open(h2_outfile_t *o, const char *path, const char *const *inputs,
                int n_inputs, h2_err_t *err)
{
    return h2_out_open_ext(o, path, NULL, inputs, n_inputs, err);
}

int h2_out_open_ext(h2_outfile_t *o, const char *path, const char *index_ext,
                    const char *const *inputs, int n_inputs, h2_err_t *err)
{
    const char *base;
    char *dir = NULL;
    struct stat st;
    int r = 0;
    o->final = o->tmp = NULL;
    o->index_ext = NULL;
    o->committed = o->tracked = 0;
    if (!path || !*path)
        return h2_fail(err, H2_EUSAGE, "empty output file name");
    if (!(o->final = strdup(path)))
        return h2_fail(err, H2_ENOMEM, "out of memory");
    if (strcmp(path, "-") == 0)
        return 0;
    if (!(dir = dir_of(path, &base))) {
        r = h2_fail(err, H2_ENOMEM, "out of memory");
        goto out;
    }
    if ((r = check_target(path, dir, base, index_ext, inputs, n_inputs, err)) < 0)
        goto out;
    if ((stat(path, &st) == 0 && !S_ISREG(st.st_mode)) || special_dir(dir))
        goto out;   /* a device, FIFO or descriptor link (/dev/stdout, /dev/full):
                       write to it directly, never rename over it */
    remove_stale_tmps(dir, base);
    r = make_tmp(o, dir, base, err);
out:
    free(dir);
    if (r < 0) {
        free(o->final);
        o->final = NULL;
    }
    return r;
}

int h2_out_is_direct(const h2_outfile_t *o)
{
    return o->tmp == NULL;
}

const char *h2_out_path(const h2_outfile_t *o)
{
    return o->tmp ? o->tmp : o->final;
}

/* unlink(a + b), ignoring a missing file. 0 or -1 with errno. */
static int unlink_ext(const char *a, const char *b)
{
    char *p = cat2(a, b);
    int r;
    if (!p)
        return -1;
    r = unlink(p);
    if (r != 0 && errno == ENOENT)
        r = 0;
    free(p);
    return r;
}

static int rename_ext(const char *from, const char *to, const char *ext)
{
    char *f = cat2(from, ext), *t = cat2(to, ext);
    int r = (f && t) ? rename(f, t) : -1;
    free(f);
    free(t);
    return r;
}

static int commit_locked(h2_outfile_t *o, const char *index_ext, h2_err_t *err);

/* One output is a set of one: locked and signal-safe the same way. */
int h2_out_commit(h2_outfile_t *o, const char *index_ext, h2_err_t *err)
{
    return h2_out_commit_set(&o, &index_ext, 1, err);
}

static int commit_locked(h2_outfile_t *o, const char *index_ext, h2_err_t *err)
{
    static const char *const idx[] = {".tbi", ".csi"};
    /* An index of an older file by the same name would no longer match. */
    for (int i = 0; i < 2; i++)
        if ((!index_ext || strcmp(index_ext, idx[i]) != 0) && unlink_ext(o->final, idx[i]) < 0)
            return h2_fail(err, H2_EIO, "cannot remove stale index \"%s%s\": %s",
                           o->final, idx[i], strerror(errno));
    if (rename(o->tmp, o->final) != 0)
        return h2_fail(err, H2_EIO, "cannot rename \"%s\" to \"%s\": %s", o->tmp,
                       o->final, strerror(errno));
    if (index_ext && rename_ext(o->tmp, o->final, index_ext) != 0) {
        int e = errno;
        unlink_ext(o->tmp, index_ext);
        reg_remove(o->tmp);
        free(o->tmp);
        o->tmp = NULL;
        return h2_fail(err, H2_EIO, "cannot rename index to \"%s%s\": %s", o->final,
                       index_ext, strerror(e));
    }
    reg_remove(o->tmp);
    free(o->tmp);
    o->tmp = NULL;
    o->index_ext = index_ext;
    o->committed = 1;
    return 0;
}

void h2_out_uncommit(h2_outfile_t *o)
{
    if (!o || !o->committed || !o->final)
        return;
    unlink(o->final);
    if (o->index_ext)
        unlink_ext(o->final, o->index_ext);
    o->committed = 0;
    h2_out_release(o);
}

int h2_out_commit_early(h2_outfile_t *o, const char *index_ext, h2_err_t *err)
{
    int r = h2_out_commit(o, index_ext, err);
    if (r == 0 && o->committed && reg_add(o->final) == 0)
        o->tracked = 1;
    return r;
}

void h2_out_release(h2_outfile_t *o)
{
    if (o && o->tracked) {
        reg_remove(o->final);
        o->tracked = 0;
    }
}

void h2_out_abort(h2_outfile_t *o)
{
    if (!o)
        return;
    h2_out_release(o);
    if (o->tmp) {
        unlink(o->tmp);
        for (int k = 0; k < N_TMP_IDX; k++)
            unlink_ext(o->tmp, tmp_idx[k]);
        reg_remove(o->tmp);
        free(o->tmp);
        o->tmp = NULL;
    }
    free(o->final);
    o->final = NULL;
}

/* Replace every occurrence of the temporary path in err->msg by the output's
 * name: a writer's message ("cannot write \".x.tmp...\": No space left on
 * device") names the file the user asked for. */
void h2_out_name_in_err(const h2_outfile_t *o, h2_err_t *err)
{
    kstring_t ks = KS_INITIALIZE;
    const char *p, *q;
    size_t lt;
    if (!o || !o->tmp || !o->final || !err || !strstr(err->msg, o->tmp))
        return;
    lt = strlen(o->tmp);
    for (p = err->msg; (q = strstr(p, o->tmp)); p = q + lt)
        if (kputsn(p, q - p, &ks) < 0 || kputs(o->final, &ks) < 0)
            goto out;
    if (kputs(p, &ks) >= 0)
        snprintf(err->msg, sizeof err->msg, "%s", ks.s);
out:
    free(ks.s);
}

/* stat of an output that exists: "-" is standard output. 1 when known. */
static int out_stat(const char *p, struct stat *st)
{
    return strcmp(p, "-") ? stat(p, st) == 0 : fstat(STDOUT_FILENO, st) == 0;
}

/* 1 if outputs a and b are one file: both "-", one inode (so "-",
 * /dev/stdout, /dev/fd/1 and /proc/self/fd/1 are one, and a hard link is its
 * file), or one canonical path (o/x, ./o/x; neither need exist yet). */
static int same_output(const char *a, const char *b)
{
    struct stat sa, sb;
    int da = !strcmp(a, "-"), db = !strcmp(b, "-");
    if (da && db)
        return 1;
    if (out_stat(a, &sa) && out_stat(b, &sb) && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino)
        return 1;
    if (da || db)
        return 0;
    char *ca = h2_out_canonical(a), *cb = h2_out_canonical(b);
    int same = ca && cb ? !strcmp(ca, cb) : !strcmp(a, b);
    free(ca);
    free(cb);
    return same;
}

int h2_out_check_set(const char *const *paths, const char *const *names,
                     const char *const *idx, int n, h2_err_t *err)
{
    int r = 0;
    for (int i = 0; i < n && r == 0; i++) {
        if (!paths[i])
            continue;
        for (int k = 0; k < n && r == 0; k++) {
            if (!paths[k] || k == i)
                continue;
            if (k > i && same_output(paths[i], paths[k])) {
                r = h2_fail(err, H2_EUSAGE, "%s and %s name the same file", names[i], names[k]);
                break;
            }
            /* the names a commit of output k removes or writes besides it */
            const char *ext[3] = {".tbi", ".csi", idx ? idx[k] : NULL};
            for (int e = 0; e < 3 && r == 0 && strcmp(paths[k], "-"); e++) {
                char *q = ext[e] ? cat2(paths[k], ext[e]) : NULL;
                if (ext[e] && !q)
                    r = h2_fail(err, H2_ENOMEM, "out of memory");
                else if (q && same_output(paths[i], q))
                    r = h2_fail(err, H2_EUSAGE, "%s and the %s index name the same file (\"%s\")",
                                names[i], names[k], q);
                free(q);
            }
        }
    }
    return r;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Lock (flock, exclusive) the directory of every output in o[0..n) that has
 * a temporary file, in sorted order (two runs cannot deadlock); fds[] gets
 * the descriptors (-1 when a directory cannot be locked: then that one is
 * committed unlocked, as before). Returns how many fds were filled. */
static int lock_dirs(h2_outfile_t *const *o, int n, int *fds)
{
    char **dirs = calloc(n ? n : 1, sizeof *dirs);
    int nd = 0, nf = 0;
    if (!dirs)
        return 0;
    for (int i = 0; i < n; i++) {
        const char *base;
        char *d = o[i] && o[i]->tmp ? dir_of(o[i]->final, &base) : NULL, *c;
        if (!d)
            continue;
        c = realpath(d, NULL);
        free(d);
        if (c)
            dirs[nd++] = c;
    }
    qsort(dirs, nd, sizeof *dirs, cmp_str);
    for (int i = 0; i < nd; i++) {
        if (i > 0 && !strcmp(dirs[i], dirs[i - 1]))
            continue;
        int fd = open(dirs[i], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd >= 0 && flock(fd, LOCK_EX) != 0) {
            close(fd);
            fd = -1;
        }
        fds[nf++] = fd;
    }
    for (int i = 0; i < nd; i++)
        free(dirs[i]);
    free(dirs);
    return nf;
}

int h2_out_commit_set(h2_outfile_t *const *o, const char *const *index_ext, int n,
                      h2_err_t *err)
{
    int *fds = calloc(n ? n : 1, sizeof *fds), nf, r = 0;
    sigset_t block, old;
    if (!fds)
        return h2_fail(err, H2_ENOMEM, "out of memory");
    nf = lock_dirs(o, n, fds);
    sigemptyset(&block);
    for (int i = 0; i < N_OUT_SIGS; i++)
        sigaddset(&block, out_sigs[i]);
    pthread_sigmask(SIG_BLOCK, &block, &old);
    committing = 1;
    atomic_signal_fence(memory_order_seq_cst);
    for (int i = 0; i < n && r == 0; i++)
        if (o[i] && o[i]->tmp)
            r = commit_locked(o[i], index_ext ? index_ext[i] : NULL, err);
    if (r < 0)
        for (int i = 0; i < n; i++)
            h2_out_uncommit(o[i]);
    atomic_signal_fence(memory_order_seq_cst);
    committing = 0;
    for (int i = 0; i < nf; i++)
        if (fds[i] >= 0)
            close(fds[i]);
    free(fds);
    pthread_sigmask(SIG_SETMASK, &old, NULL);   /* a blocked signal arrives here */
    int d = deferred;
    deferred = 0;
    if (d)
        raise(d);           /* one that another thread held back */
    return r;
}
