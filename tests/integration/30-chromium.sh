# --plot and --report rendered in headless Chromium (Debian's chromium): the
# SVG and the HTML load without a parser error, the DOM holds the call, and a
# screenshot PNG is produced whose headline is drawn in the HER2 status's colour
# (AMPLIFIED red, NOT_AMPLIFIED dark grey). Pixel checks use Debian's python3-pil.
chrome() {  # chrome OUT.png|--dump-dom URL...
    local prof; prof=$(mktemp -d "$WORK/chrome.XXXXXX")
    local mode=$1; shift
    if [ "$mode" = --dump-dom ]; then set -- --dump-dom "$@"; else set -- --screenshot="$mode" \
        --window-size=1100,1500 --hide-scrollbars "$@"; fi
    timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
        --disable-component-update --disable-sync --no-first-run --disable-quic \
        --virtual-time-budget=3000 --user-data-dir="$prof" "$@" 2>"$prof.err"
}
if need chromium /usr/bin/python3 bcftools; then
    "$H2" call --quiet --purity 0.6 -o ramp.vcf --plot ramp.svg --report ramp.html amp.bam
    "$H2" call --quiet -o rneg.vcf --plot rneg.svg --report rneg.html neg.bam
    for f in ramp.svg ramp.html rneg.html; do
        chrome --dump-dom "file://$PWD/$f" > "$f.dom"
        expect_eq "chromium: $f loads (exit 0)" "$?" 0
        expect_true "chromium: $f has no parser error" sh -c '! grep -qi parsererror "$1"' _ "$f.dom"
    done
    expect_true "chromium: SVG DOM holds the HER2 status headline" grep -q 'HER2 AMPLIFIED (ISH-like group 1' ramp.svg.dom
    expect_true "chromium: report DOM holds the HER2 status answer" grep -q 'HER2 AMPLIFIED (ISH-like group 1' ramp.html.dom
    expect_true "chromium: report DOM holds the inline SVG" grep -q '<svg' ramp.html.dom
    expect_true "chromium: negative report says NOT_AMPLIFIED and the CN call" sh -c 'grep -q "HER2 NOT_AMPLIFIED" "$1" && grep -q "NEUTRAL" "$1"' _ rneg.html.dom
    for f in ramp.svg ramp.html rneg.html; do
        rm -f "$f.png"
        chrome "$PWD/$f.png" "file://$PWD/$f" >/dev/null
        expect_true "chromium: $f rendered to a PNG" test -s "$f.png"
    done
    # the headline's colour: count pixels close to the call colour in the top 80 px
    colour_px() { /usr/bin/python3 - "$@" <<'PY'
import sys
from PIL import Image
im = Image.open(sys.argv[1]).convert("RGB")
r0, g0, b0 = (int(sys.argv[2][i:i + 2], 16) for i in (1, 3, 5))
w, h = im.size
n = sum(1 for x in range(0, w, 2) for y in range(0, min(h, 80), 2)
        if abs(im.getpixel((x, y))[0] - r0) + abs(im.getpixel((x, y))[1] - g0)
        + abs(im.getpixel((x, y))[2] - b0) < 60)
print(n)
PY
    }
    expect_true "chromium: SVG headline drawn in AMP red" test "$(colour_px ramp.svg.png '#d62728')" -gt 200
    expect_true "chromium: report headline drawn in AMP red" test "$(colour_px ramp.html.png '#d62728')" -gt 200
    expect_true "chromium: negative report headline not red" test "$(colour_px rneg.html.png '#d62728')" -lt 20
    expect_true "chromium: negative report headline dark grey" test "$(colour_px rneg.html.png '#444444')" -gt 200
    mkdir -p "${H2_ARTIFACTS:-$WORK}" && cp ramp.html.png rneg.html.png ramp.svg.png "${H2_ARTIFACTS:-$WORK}/" 2>/dev/null
fi
