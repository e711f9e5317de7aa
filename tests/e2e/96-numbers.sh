# Reliability round 3 (issue 20): wrong numbers with exit 0, and a hang.
# Call results are read from --json (the VCF layout may move them).
# Needs 90-inputs.sh ($R, $G, $GENES, sim, $R/r.bam).
jv() { python3 -c 'import json,sys
d=json.load(open(sys.argv[1]))
print(eval(sys.argv[2], {"d": d}))' "$1" "$2"; }

# 1. an arm without usable bins has no CN: missing, not 0 (a custom genome
#    has no known centromere, so neither arm is measured apart)
"$H2" call --quiet --genes "$GENES" -o "$R/n1.vcf" --json "$R/n1.json" "$R/r.bam"
expect_eq "custom genome: JSON arm CNs are null, not 0" \
    "$?/$(jv "$R/n1.json" 'd["chr17_control"]["p_arm"]["cn"], d["chr17_control"]["q_arm"]["cn"]')" "0/(None, None)"
expect_eq "custom genome: no CHR17P_CN/CHR17Q_CN of 0 in the VCF" \
    "$(grep -v '^#' "$R/n1.vcf" | grep -Ec 'CHR17[PQ]_CN=0([;:	]|$)')" 0
