# docs/her2cn.schema.json against real output: every `call --json` summary
# that the files before this one wrote under $WORK validates (as published,
# and strictly: no field the schema does not list), docs/JSON.md names every
# field and states the schema's version. Needs python3-jsonschema.
python3 "$ROOT/tests/tools/json_schema_check.py" "$ROOT/docs/her2cn.schema.json" "$ROOT/docs/JSON.md" \
    "$WORK" > "$WORK/schema.out" 2>&1
expect_eq "json schema: every JSON summary of the suite validates, JSON.md documents it" "$?" 0
sed 's/^/       /' "$WORK/schema.out" | tail -20
if [ -z "${E2E_ONLY:-}" ]; then   # the whole suite writes 20 (December 2026)
    n=$(sed -n 's/^validated \([0-9]*\) .*/\1/p' "$WORK/schema.out")
    expect_num "json schema: JSON summaries found" "${n:-0}" 10 100000
fi
