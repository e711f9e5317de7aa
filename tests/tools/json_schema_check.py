#!/usr/bin/env python3
"""Validate her2cn `call --json` outputs against docs/her2cn.schema.json.

usage: json_schema_check.py SCHEMA DOC FILE_OR_DIR...

Every *.json found (directories are searched recursively) whose "schema" is
"her2cn-call" is validated twice: against the schema as published (which
lets a reader meet fields it does not know), and against a strict copy in
which no object may carry a field the schema does not list, so a field
added to the writer without a schema entry fails here. DOC (docs/JSON.md)
must name every field of the schema and state its version (in "Current
version" and in the example). Prints one line per problem and a count;
exits 1 on any problem, 2 when jsonschema is missing.
"""
import copy, json, os, re, sys

try:
    from jsonschema import Draft202012Validator as Validator
except ImportError:
    print("json_schema_check: python3-jsonschema (>= 4) is not installed "
          "(scripts/install-deps.sh installs it)")
    sys.exit(2)


def strict(node):
    if isinstance(node, dict):
        if node.get("type") == "object" and "properties" in node:
            node["additionalProperties"] = False
        for v in node.values():
            strict(v)
    elif isinstance(node, list):
        for v in node:
            strict(v)
    return node


def names(node, out):
    if isinstance(node, dict):
        for k, v in node.get("properties", {}).items():
            out.add(k)
            names(v, out)
        for k, v in node.items():
            if k != "properties":
                names(v, out)
    elif isinstance(node, list):
        for v in node:
            names(v, out)
    return out


def main():
    schema_path, doc_path, paths = sys.argv[1], sys.argv[2], sys.argv[3:]
    schema = json.load(open(schema_path))
    Validator.check_schema(schema)
    loose, tight = Validator(schema), Validator(strict(copy.deepcopy(schema)))
    problems, n = [], 0
    doc = open(doc_path, encoding="utf-8").read()
    version = schema["properties"]["schema_version"]["const"]
    if not re.search(r"Current version: \*\*%d\*\*" % version, doc):
        problems.append("%s: 'Current version: **%d**' missing" % (doc_path, version))
    example = re.findall(r'"schema_version": (\d+)', doc)
    if not example or any(int(v) != version for v in example):
        problems.append("%s: the example's schema_version %s is not %d" % (doc_path, example, version))
    for name in sorted(names(schema, set())):
        if not re.search(r"`[^`\n]*\b%s\b[^`\n]*`" % re.escape(name), doc):
            problems.append("%s: field %s of the schema is not documented" % (doc_path, name))
    files = []
    for p in paths:
        if os.path.isdir(p):
            for root, _, fs in os.walk(p):
                files += [os.path.join(root, f) for f in fs if f.endswith(".json")]
        else:
            files.append(p)
    for f in sorted(files):
        try:
            d = json.load(open(f, encoding="utf-8"))
        except (ValueError, OSError, UnicodeDecodeError):
            continue
        if not isinstance(d, dict) or d.get("schema") != "her2cn-call":
            continue
        n += 1
        for v in (loose, tight):
            for e in v.iter_errors(d):
                problems.append("%s: %s: %s" % (f, "/".join(map(str, e.absolute_path)), e.message[:200]))
            if problems and problems[-1].startswith(f):
                break
    for p in problems:
        print(p)
    print("validated %d her2cn-call JSON files, %d problems" % (n, len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
