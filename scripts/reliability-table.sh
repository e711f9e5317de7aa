#!/bin/sh
# Regenerate the error-case table of docs/RELIABILITY.md from the end-to-end
# suite: runs tests/e2e.sh with H2_CASES set, then replaces the lines between
# the "cases:begin" and "cases:end" markers. Usage: scripts/reliability-table.sh [her2cn]
set -eu
cd "$(dirname "$0")/.."
bin=${1:-build/her2cn}
cases=$(mktemp); trap 'rm -f "$cases" "$cases.md"' EXIT
H2_CASES=$cases H2_BIN=$bin REF_PATH=: tests/e2e.sh > /dev/null || true
{
    echo '| test file | case | exit | message (temporary paths shortened to .../) |'
    echo '|---|---|---|---|'
    sed -E "s#$(pwd)/##g" "$cases" |
        sed -E 's#/[^ "]*/(her2cn-e2e\.[A-Za-z0-9]+|wt-[^/]+)/#.../#g; s/\|/\\|/g' |
        sed -E 's#127\.0\.0\.1:[0-9]+#127.0.0.1:PORT#g' |   # the loopback server's port varies
        awk -F'\t' '{printf "| %s | %s | %s | `%s` |\n", $1, $2, $3, $4}'
} > "$cases.md"
awk -v table="$cases.md" '
    /<!-- cases:begin -->/ {print; while ((getline l < table) > 0) print l; skip=1; next}
    /<!-- cases:end -->/ {skip=0}
    !skip' docs/RELIABILITY.md > docs/RELIABILITY.md.new
mv docs/RELIABILITY.md.new docs/RELIABILITY.md
echo "reliability-table: $(wc -l < "$cases") cases"
