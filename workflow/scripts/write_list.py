"""Snakemake script: the rule's input files, one path a line, into its output
(the --list file of `her2cn cohort`)."""
with open(snakemake.output[0], "w") as fh:  # noqa: F821 (set by Snakemake)
    fh.writelines(f"{path}\n" for path in snakemake.input)  # noqa: F821
