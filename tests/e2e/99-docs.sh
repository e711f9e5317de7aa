# docs/RELIABILITY.md lists every expect_fail case of this run with its exit
# code (regenerate the table with scripts/reliability-table.sh).
missing=$(while IFS=$'\t' read -r file name code msg; do
    grep -qF "| $file | $name | $code |" "$ROOT/docs/RELIABILITY.md" || echo "$file/$name/$code"
done < "$H2_CASES")
expect_eq "docs/RELIABILITY.md lists every error case with its exit code" "$missing" ""
