#!/usr/bin/env python3
"""Render a conda recipe (meta.yaml) with jinja2 as conda-build would, with
compiler()/stdlib()/pin_subpackage() stubbed, and check the fields that
bioconda-utils' lints ask for (missing_home, missing_license, missing_hash,
missing_summary, missing_tests, should_use_compilers, missing_run_exports,
compiler without stdlib, license_file). Prints one line per problem; exit 1
if there is any. With --run, also run the recipe's test commands (her2cn on
PATH).   recipe_check.py dist/recipe/meta.yaml VERSION [--run]"""
import sys

import jinja2
import yaml

path, version = sys.argv[1], sys.argv[2]
env = jinja2.Environment(undefined=jinja2.StrictUndefined)
text = env.from_string(open(path).read()).render(
    compiler=lambda lang: f"{lang}_compiler_stub",
    stdlib=lambda lang: f"{lang}_stdlib_stub",
    pin_subpackage=lambda name, **kw: f"{name} pinned {kw.get('max_pin', '')}".strip())
r = yaml.safe_load(text)
bad = []
about, src, req = r.get("about", {}), r.get("source", {}), r.get("requirements", {})
if len(sys.argv) > 3 and sys.argv[3] == "--run":
    import subprocess
    for c in r.get("test", {}).get("commands", []):
        p = subprocess.run(["bash", "-c", c], capture_output=True)
        if p.returncode != 0:
            bad.append(f"test command fails: {c}")
if r["package"]["version"] != version:
    bad.append(f"version {r['package']['version']} != {version}")
for k in ("home", "license", "summary", "license_file"):
    if not about.get(k):
        bad.append(f"about.{k} missing")
if about.get("license") != "MIT":
    bad.append("license is not MIT")
if "path" in src or "git_url" in src:
    bad.append("source is a path or git url, not a tarball")
if not str(src.get("url", "")).endswith(f"her2cn-{version}.tar.gz"):
    bad.append(f"source url {src.get('url')} is not the her2cn-{version} tarball")
if len(str(src.get("sha256", ""))) != 64:
    bad.append("source sha256 missing")
build = req.get("build", [])
if "c_compiler_stub" not in build:
    bad.append("no {{ compiler('c') }} in requirements.build")
if "c_stdlib_stub" not in build:
    bad.append("no {{ stdlib('c') }} beside the compiler")
if not r.get("build", {}).get("run_exports"):
    bad.append("no run_exports")
if not r.get("test", {}).get("commands"):
    bad.append("no test commands")
for line in bad:
    print("recipe:", line)
sys.exit(1 if bad else 0)
