#!/usr/bin/env python3
"""Run a command and append what it cost to stderr (make bench-cohort).

    measure-run.py CMD [ARGS...]

Runs CMD under /usr/bin/time, waits for it and prints one line to stderr:

    measure-run: wall_s=W user_s=U sys_s=S maxrss_kb=M rchar=R read_bytes=B

wall_s, user_s, sys_s and maxrss_kb are /usr/bin/time's %e %U %S %M (peak RSS
in KB). Not this process's wait4(): a child forked from Python keeps Python's
~13 MB as its peak RSS across exec, more than her2cn's own; /usr/bin/time
forks from a ~2 MB process. rchar and read_bytes are what CMD read, from this
process's /proc/self/io before and after the wait: the kernel adds a reaped
child's I/O counters to its parent's, so the difference is CMD's (plus
/usr/bin/time's and reading /proc/self/io once, a few KB). rchar counts
every byte that read() returned (page cache or not): for her2cn, the
alignment file, its index and the ELF headers of its shared libraries;
read_bytes counts only what came from the block device (0 when the file is
in the page cache).

Exits with the child's status (128 + signal if it was killed). In the her2cn
workflow: her2cn.bin = "python3 scripts/measure-run.py her2cn", so the line
lands in the rule's log.
"""
import os
import sys
import tempfile


def io_counters():
    with open("/proc/self/io") as fh:
        return {k: int(v) for k, v in (line.split(": ") for line in fh)}


def main(argv):
    if len(argv) < 2:
        sys.stderr.write("usage: measure-run.py CMD [ARGS...]\n")
        return 2
    with tempfile.NamedTemporaryFile("r", prefix="measure-run.") as tf:
        cmd = ["/usr/bin/time", "-f", "%e %U %S %M", "-o", tf.name] + argv[1:]
        before = io_counters()
        try:
            pid = os.posix_spawn(cmd[0], cmd, os.environ)
        except OSError as e:
            sys.stderr.write(f"measure-run: cannot run {cmd[0]}: {e.strerror}\n")
            return 127
        _, status = os.waitpid(pid, 0)
        after = io_counters()
        t = tf.read().split("\n")
    # /usr/bin/time writes "Command exited with non-zero status N" first
    fields = t[-2].split() if len(t) >= 2 else []
    if len(fields) == 4:
        sys.stderr.write(
            "measure-run: wall_s={} user_s={} sys_s={} maxrss_kb={} ".format(*fields)
            + f"rchar={after['rchar'] - before['rchar']} "
            f"read_bytes={after['read_bytes'] - before['read_bytes']}\n")
    if os.WIFSIGNALED(status):
        return 128 + os.WTERMSIG(status)
    return os.WEXITSTATUS(status)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
