#!/usr/bin/env python3
"""The `nf-core modules lint` rules that can be checked without Nextflow,
nf-test or network, for the modules under workflow/nextflow/modules/her2cn/.

Usage: nf_meta_check.py MODULE_DIR...   (exit 1, one line per failure on stderr)

Per module (her2cn/<sub>):
  meta.yml validates against tests/nf-core/meta-schema.json (offline copy of
    nf-core's module meta schema: documentation/homepage URLs, >= 3 keywords,
    tools/input/output/topics structure, element types and descriptions);
    name is her2cn_<sub>; authors and maintainers are non-empty GitHub handles
  main.nf: process HER2CN_<SUB>, label 'process_single', conda from
    environment.yml
  environment.yml: channels conda-forge then bioconda, every dependency pinned
  tests/main.nf.test: script ../main.nf, process HER2CN_<SUB>, tags modules,
    modules_nfcore, her2cn, her2cn/<sub>; tests/main.nf.test.snap is JSON with
    one entry per test() that calls snapshot(), and no other."""
import json
import os
import re
import sys

import jsonschema
import yaml

SCHEMA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "nf-core", "meta-schema.json")


def check(mod):
    errs = []
    sub = os.path.basename(os.path.normpath(mod))
    tool = os.path.basename(os.path.dirname(os.path.normpath(mod)))
    proc = f"{tool}_{sub}".upper()
    meta = yaml.safe_load(open(os.path.join(mod, "meta.yml")))
    schema = json.load(open(SCHEMA))
    for e in jsonschema.Draft7Validator(schema).iter_errors(meta):
        where = "/".join(str(p) for p in e.absolute_path) or "(top)"
        errs.append(f"meta.yml {where}: {e.message[:200]}")
    if meta.get("name") != f"{tool}_{sub}":
        errs.append(f"meta.yml name {meta.get('name')!r} is not {tool}_{sub}")
    for key in ("authors", "maintainers"):
        people = meta.get(key) or []
        if not people or not all(isinstance(p, str) and p.startswith("@") for p in people):
            errs.append(f"meta.yml {key}: a non-empty list of @handles, got {people!r}")
    main = open(os.path.join(mod, "main.nf")).read()
    if not re.search(rf"^process {proc} \{{", main, re.M):
        errs.append(f"main.nf: no process {proc}")
    labels = re.findall(r"^\s*label '([^']+)'", main, re.M)
    if labels != ["process_single"]:
        errs.append(f"main.nf: labels {labels}, want ['process_single']")
    if 'conda "${moduleDir}/environment.yml"' not in main:
        errs.append("main.nf: conda does not read environment.yml")
    env = yaml.safe_load(open(os.path.join(mod, "environment.yml")))
    if env.get("channels") != ["conda-forge", "bioconda"]:
        errs.append(f"environment.yml channels {env.get('channels')}, want [conda-forge, bioconda]")
    for d in env.get("dependencies", []):
        if not re.fullmatch(r"[\w-]+::[\w.-]+=[\w.]+", str(d)):
            errs.append(f"environment.yml: {d!r} is not channel::name=version")
    test = open(os.path.join(mod, "tests", "main.nf.test")).read()
    for want in ('script "../main.nf"', f'process "{proc}"'):
        if want not in test:
            errs.append(f"tests/main.nf.test: no {want}")
    tags = set(re.findall(r'^\s*tag "([^"]+)"', test, re.M))
    for want in ("modules", "modules_nfcore", tool, f"{tool}/{sub}"):
        if want not in tags:
            errs.append(f"tests/main.nf.test: no tag {want!r}")
    snapped = []
    for m in re.finditer(r'^\s*test\("([^"]+)"\)', test, re.M):
        end = test.find('\n    test("', m.end())
        if "snapshot(" in test[m.end(): end if end > 0 else len(test)]:
            snapped.append(m.group(1))
    try:
        snap = json.load(open(os.path.join(mod, "tests", "main.nf.test.snap")))
    except (OSError, ValueError) as e:
        errs.append(f"tests/main.nf.test.snap: {e}")
    else:
        if sorted(snap) != sorted(snapped):
            errs.append(f"tests/main.nf.test.snap has {sorted(snap)}, the tests snapshot {sorted(snapped)}")
        for name, entry in snap.items():
            if not isinstance(entry, dict) or "content" not in entry or "meta" not in entry:
                errs.append(f"tests/main.nf.test.snap {name!r}: no content/meta")
    return [f"{mod}: {e}" for e in errs]


def main(mods):
    if not mods:
        sys.exit(__doc__)
    errs = [e for m in mods for e in check(m)]
    for e in errs:
        print(e, file=sys.stderr)
    return 1 if errs else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
