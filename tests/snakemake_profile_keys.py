#!/usr/bin/env python3
"""Check that every key of a Snakemake >= 8 profile (workflow/profiles/*/
config.v8+.yaml) is an option of Snakemake 8/9 or of the executor plugin it
names, and that no Snakemake 7 key removed in 8 is left in it. The Debian
Snakemake on the development machine is 7.21, so the profiles for 8+ cannot
be dry-run here: this compares their keys with the option names written
down below.

Usage: snakemake_profile_keys.py PROFILE.yaml...   (exit 1 and one line per
bad key on stderr)

Sources of the names (stored copies of public repositories, read 2026-12-06):
  snakemake/snakemake src/snakemake/cli.py, commit 003b53c4458b (Snakemake 9;
    get_argument_parser(): every long option, aliases included)
  snakemake/snakemake-executor-plugin-kubernetes
    snakemake_executor_plugin_kubernetes/__init__.py, commit 019751c11d3f
    (ExecutorSettings: namespace, cpu_scalar, service_account_name,
    privileged, persistent_volumes -> --kubernetes-<name>)
  Snakemake's "Migration between Snakemake versions" page (Snakemake 8:
    executors and remote providers became executor and storage plugins)."""
import sys

import yaml

SNAKEMAKE_OPTIONS = set("""
dry-run dryrun profile workflow-profile cache snakefile cores jobs local-cores
resources res set-threads max-threads set-resources set-scatter
set-resource-scopes default-resources default-res preemptible-rules
preemptible-retries configfile configfiles config replace-workflow-config
envvars directory touch keep-going rerun-triggers force executor forceall
forcerun consider-ancient prioritize batch until omit-from rerun-incomplete ri
shadow-prefix strict-dag-evaluation scheduler conda-base-path no-subworkflows
nosw precommand groups group-components report report-after-run
report-stylesheet report-metadata reporter draft-notebook edit-notebook
notebook-listen lint generate-unit-tests containerize export-cwl list-rules
list list-target-rules lt dag rulegraph filegraph d3dag summary
detailed-summary archive cleanup-metadata cm cleanup-shadow
skip-script-cleanup unlock list-changes lc list-input-changes li
list-params-changes lp list-untracked lu delete-all-output delete-temp-output
keep-incomplete drop-metadata version printshellcmds debug-dag nocolor quiet
print-compilation verbose force-use-threads allow-ambiguity nolock
ignore-incomplete ii max-inventory-time trust-io-cache max-checksum-file-size
latency-wait output-wait wait-for-free-local-storage wait-for-files
wait-for-files-file runtime-source-cache-path queue-input-wait-time
omit-flags notemp no-temp nt all-temp unneeded-temp-files
keep-storage-local-copies not-retrieve-storage
target-files-omit-workdir-adjustment allowed-rules max-jobs-per-timespan
max-status-checks-per-second seconds-between-status-checks retries
restart-times wrapper-prefix default-storage-provider default-storage-prefix
local-storage-prefix remote-job-local-storage-prefix shared-fs-usage
scheduler-greediness greediness scheduler-subsample no-hooks debug
runtime-profile local-groupid attempt show-failed-logs logger
job-deploy-sources benchmark-extended persistence-backend
persistence-backend-db-url container-image immediate-submit is jobscript js
jobname jn software-deployment-methods software-deployment-method
deployment-methods deployment-method deployment sdm
not-block-search-path-envvars software-deployment-prefix sdm-prefix
software-deployment-cache-prefix sdm-cache-prefix
software-deployment-pinfile-prefix sdm-pinfile-prefix list-software-envs
cleanup-software-envs sdm-cleanup deploy-software-envs sdm-deploy
max-jobs-per-second
""".split())

# executor name -> its plugin's options (--<executor>-<setting>)
PLUGIN_OPTIONS = {
    "local": set(),
    "slurm": set(),  # the profile uses resources only (slurm_account, ...)
    "kubernetes": {"kubernetes-namespace", "kubernetes-cpu-scalar",
                   "kubernetes-service-account-name", "kubernetes-privileged",
                   "kubernetes-persistent-volumes"},
}

# Snakemake 7 keys that Snakemake 8 removed, with what replaced them
REMOVED = {
    "slurm": "executor: slurm", "kubernetes": "executor: kubernetes + kubernetes-namespace",
    "cluster": "executor: cluster-generic", "cluster-config": "default-resources/set-resources",
    "cluster-status": "executor plugin", "cluster-cancel": "executor plugin",
    "drmaa": "executor: drmaa", "tibanna": "an executor plugin",
    "google-lifesciences": "executor: googlebatch",
    "default-remote-provider": "default-storage-provider",
    "default-remote-prefix": "default-storage-prefix",
    "k8s-cpu-scalar": "kubernetes-cpu-scalar",
    "use-conda": "software-deployment-method: conda",
    "use-singularity": "software-deployment-method: apptainer",
    "use-envmodules": "software-deployment-method: env-modules",
}


def check(path):
    with open(path) as fh:
        prof = yaml.safe_load(fh) or {}
    errs = []
    if not isinstance(prof, dict):
        return [f"{path}: not a mapping"]
    executor = prof.get("executor")
    if executor not in PLUGIN_OPTIONS:
        errs.append(f"{path}: executor {executor!r} is not one of {sorted(PLUGIN_OPTIONS)}")
    allowed = SNAKEMAKE_OPTIONS | PLUGIN_OPTIONS.get(executor, set())
    for key in prof:
        if key in REMOVED:
            errs.append(f"{path}: {key}: removed in Snakemake 8 (use {REMOVED[key]})")
        elif key not in allowed:
            errs.append(f"{path}: {key}: not a Snakemake >= 8 option")
    for key in ("default-resources", "set-threads"):
        v = prof.get(key)
        if v is not None and not isinstance(v, (dict, list)):
            errs.append(f"{path}: {key}: must be a mapping or a list")
    return errs


def main(paths):
    if not paths:
        sys.exit(__doc__)
    errs = [e for p in paths for e in check(p)]
    for e in errs:
        print(e, file=sys.stderr)
    return 1 if errs else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
