# One version (include/her2cn.h H2_VERSION): her2cn --version, the latest
# release in CHANGELOG.md (Keep a Changelog: "## [X.Y.Z] - DATE") and
# CITATION.cff (version, date-released) agree.
rel_ver=$(sed -n 's/^## \[\([0-9][^]]*\)\] - .*/\1/p' "$ROOT/CHANGELOG.md" | head -1)
rel_date=$(sed -n 's/^## \[[0-9][^]]*\] - \([0-9-]*\).*/\1/p' "$ROOT/CHANGELOG.md" | head -1)
cff() { sed -n "s/^$1: *\"\{0,1\}\([^\"]*\)\"\{0,1\} *\$/\1/p" "$ROOT/CITATION.cff"; }
expect_eq "release: CHANGELOG's latest release is her2cn --version" \
    "$rel_ver" "$("$H2" --version | sed -n '1s/^her2cn //p')"
expect_eq "release: CITATION.cff version and date are CHANGELOG's latest release" \
    "$(cff version) $(cff date-released)" "$rel_ver $rel_date"
expect_true "release: CHANGELOG has an Unreleased section above the releases" \
    awk '/^## \[Unreleased\]/{u=NR} /^## \[[0-9]/{r=NR; exit} END{exit !(u && u < r)}' "$ROOT/CHANGELOG.md"
