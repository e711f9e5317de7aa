#!/usr/bin/env python3
"""Structure checks of the nf-core-style module workflow/nextflow/modules/her2cn/call
(Nextflow and nf-test cannot be installed here; docs/INTEGRATION.md).

  nfmodule.py MODULE_DIR VERSION channels     meta.yml inputs/outputs/topics == main.nf
  nfmodule.py MODULE_DIR VERSION render BLOCK key=value...
                                              print the shell text of `script` or `stub`
                                              for these inputs, rendered by the one
                                              builder below (the module's `def` lines)
Exit 1 with one line per mismatch.  Only the Groovy the module uses is understood:
  def NAME = task.ext.KEY ?: 'literal' | "${a.b}"
  def NAME = INPUT ? "--opt ${INPUT}" : ''
and ${...} in the triple-quoted string; anything else is an error, so a change to
the module that this builder cannot follow fails the test instead of passing it.
"""
import re
import sys
import yaml

def fail(msgs):
    for m in msgs:
        print("nfmodule:", m)
    sys.exit(1 if msgs else 0)

def process_parts(text):
    """The input lines, output lines and the script/stub bodies of the process."""
    secs = {}
    cur = None
    for line in text.splitlines():
        m = re.match(r"^    (input|output|when|script|stub):\s*$", line)
        if m:
            cur = m.group(1); secs[cur] = []; continue
        if cur and line.strip() != "}" or (cur and not line.startswith("}")):
            if line.startswith("}"):
                cur = None; continue
            secs[cur].append(line)
    return secs

def io_names(lines):
    """[[names of one tuple/path line], ...] and, for outputs, {emit: (globs, topic)}."""
    groups, emits = [], {}
    for l in lines:
        l = l.strip()
        if not l or l.startswith("//"):
            continue
        names = re.findall(r'\b(?:val|path|eval)\((?:"([^"]*)"|\'([^\']*)\'|([A-Za-z_]\w*))\)', l)
        groups.append([a or b or c for a, b, c in names])
        e = re.search(r"emit:\s*(\w+)", l)
        if e:
            globs = re.findall(r'path\("([^"]+)"\)', l)
            topic = re.search(r"topic:\s*(\w+)", l)
            emits[e.group(1)] = (globs, topic.group(1) if topic else None, groups[-1])
    return groups, emits

def check_channels(mod, version):
    text = open(f"{mod}/main.nf").read()
    meta = yaml.safe_load(open(f"{mod}/meta.yml"))
    env = yaml.safe_load(open(f"{mod}/environment.yml"))
    secs = process_parts(text)
    errs = []
    ins, _ = io_names(secs["input"])
    yin = [[list(x)[0] for x in (t if isinstance(t, list) else [t])] for t in meta["input"]]
    if ins != yin:
        errs.append(f"inputs: main.nf {ins} != meta.yml {yin}")
    _, emits = io_names(secs["output"])
    if list(emits) != list(meta["output"]):
        errs.append(f"outputs: main.nf {list(emits)} != meta.yml {list(meta['output'])}")
    for name, (globs, topic, names) in emits.items():
        y = meta["output"].get(name)
        if not y:
            continue
        ynames = [list(x)[0] for x in y[0]]
        want = (["meta"] + globs) if globs else names
        if ynames != want:
            errs.append(f"output {name}: main.nf {want} != meta.yml {ynames}")
        if topic and y[0] not in meta.get("topics", {}).get(topic, []):
            errs.append(f"output {name}: topic {topic} not listed under topics in meta.yml")
        if not topic and name.startswith("versions"):
            errs.append(f"output {name}: versions without topic: versions")
    if "versions" in emits or any(g == ["versions.yml"] for g, _, _ in emits.values()):
        errs.append("versions.yml output: use topic channels")
    defs = {b: [l.strip() for l in "\n".join(secs[b]).partition('"""')[0].splitlines() if l.strip()]
            for b in ("script", "stub")}
    for d in defs["stub"]:
        if d not in defs["script"]:
            errs.append(f"stub builds {d!r}, which the script does not")
    lic = meta["tools"][0]["her2cn"].get("licence")
    if lic != ["MIT"]:
        errs.append(f"meta.yml licence {lic} is not the SPDX id MIT")
    deps = env.get("dependencies", [])
    if f"bioconda::her2cn={version}" not in deps:
        errs.append(f"environment.yml {deps} does not pin bioconda::her2cn={version}")
    if f'container "her2cn:{version}"' not in text:
        errs.append(f"main.nf container is not her2cn:{version}")
    if 'conda "${moduleDir}/environment.yml"' not in text:
        errs.append("main.nf conda directive does not read environment.yml")
    if "--quiet" in text:
        errs.append("main.nf hard-codes --quiet (options belong in ext.args)")
    if "meta.purity" in text:
        errs.append("main.nf reads purity from meta (it belongs in ext.args)")
    return errs

def render(mod, block, env):
    """The shell text of `script` or `stub` with env (name -> value; '' = absent input)."""
    secs = process_parts(open(f"{mod}/main.nf").read())
    body = "\n".join(secs[block])
    defs, _, rest = body.partition('"""')
    tmpl = rest.rpartition('"""')[0]
    val = dict(env)
    def interp(s):
        def one(m):
            k = m.group(1)
            if k not in val:
                raise SystemExit(f"nfmodule: {block}: unknown ${{{k}}}")
            return str(val[k])
        return re.sub(r"\$\{([\w.]+)\}", one, s)
    for line in defs.splitlines():
        line = line.strip()
        if not line:
            continue
        m = re.fullmatch(r"def (\w+)\s*=\s*task\.ext\.(\w+) \?: (?:'([^']*)'|\"([^\"]*)\")", line)
        if m:
            ext = val.get(f"task.ext.{m.group(2)}", "")
            val[m.group(1)] = ext if ext else interp(m.group(3) if m.group(3) is not None else m.group(4))
            continue
        m = re.fullmatch(r"def (\w+)\s*=\s*(\w+) \? \"([^\"]*)\" : ''", line)
        if m:
            val[m.group(1)] = interp(m.group(3)) if val.get(m.group(2)) else ""
            continue
        raise SystemExit(f"nfmodule: {block}: cannot follow {line!r}")
    sh = interp(tmpl).replace("\\\\", "\\").replace("\\$", "$")
    return "\n".join(l[4:] if l.startswith("    ") else l for l in sh.splitlines())

def main(argv):
    mod, version, what = argv[1], argv[2], argv[3]
    if what == "channels":
        fail(check_channels(mod, version))
    if what == "render":
        env = dict(kv.split("=", 1) for kv in argv[5:])
        print(render(mod, argv[4], env))
        return
    if what == "globs":
        _, emits = io_names(process_parts(open(f"{mod}/main.nf").read())["output"])
        for name, (globs, topic, names) in emits.items():
            for g in globs:
                print(name, g)
            if not globs:
                print(name, "EVAL", names[-1])
        return
    raise SystemExit(f"nfmodule: unknown command {what}")

if __name__ == "__main__":
    main(sys.argv)
