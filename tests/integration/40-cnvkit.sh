# --cnr: Debian's CNVkit reads our bins. `cnvkit scatter` (genome and ERBB2
# zoom) and `cnvkit diagram` draw them, and `cnvkit genemetrics` finds ERBB2
# at the log2 her2cn reported for the amplified sample (within 0.15: it also
# averages in the window bin next to the gene) and nothing for the
# negative one.
if need cnvkit bcftools; then
    "$H2" call --quiet --purity 0.6 -o camp.vcf --cnr camp.cnr amp.bam
    "$H2" call --quiet -o cneg.vcf --cnr cneg.cnr neg.bam
    # baf: the bins' median minor-allele fraction (CNVkit's own column name)
    expect_eq "cnr: header" "$(head -1 camp.cnr)" "$(printf 'chromosome\tstart\tend\tgene\tdepth\tlog2\tweight\tbaf')"
    expect_true "cnr: sorted and non-overlapping per chromosome" \
        awk -F'\t' 'NR>1{ if ($1==c && $2<e) exit 1; c=$1; e=$3 }' camp.cnr
    cnvkit scatter camp.cnr -o camp-scatter.png >cnvkit.log 2>&1
    expect_true "cnvkit scatter draws the genome" test -s camp-scatter.png
    cnvkit scatter camp.cnr -c chr17:37000000-42000000 -g ERBB2 -o camp-zoom.png >cnvkit.log 2>&1
    expect_true "cnvkit scatter finds ERBB2 in the zoom" grep -q '1 selected genes' cnvkit.log
    expect_true "cnvkit scatter draws the zoom" test -s camp-zoom.png
    cnvkit diagram camp.cnr -o camp-diagram.pdf >cnvkit.log 2>&1
    expect_true "cnvkit diagram writes a PDF" sh -c 'head -c 5 camp-diagram.pdf | grep -q "%PDF"'
    cnvkit genemetrics camp.cnr -t 1 -m 3 > camp.gm 2>/dev/null
    l2=$(awk -F'\t' '$1=="ERBB2"{print $5}' camp.gm)
    expect_num "cnvkit genemetrics: ERBB2 log2 close to her2cn's LOG2R" "$l2" \
        "$(bcftools query -f '[%LOG2R]' camp.vcf | awk '{print $1-0.15}')" \
        "$(bcftools query -f '[%LOG2R]' camp.vcf | awk '{print $1+0.15}')"
    cnvkit genemetrics cneg.cnr -t 1 -m 3 > cneg.gm 2>/dev/null
    expect_eq "cnvkit genemetrics: nothing gained in the negative sample" "$(tail -n +2 cneg.gm | wc -l)" 0
fi
