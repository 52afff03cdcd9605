#!/bin/sh
# Regenerates assets/fonts/NotoSansJP-subset.otf, the font Japanese charts
# (`report --chart` with Japanese chosen) are drawn with: Noto Sans CJK JP
# (SIL Open Font License 1.1) cut down to ASCII, a few signs, and every
# character of the Japanese chart messages (the ids starting `chart-` in
# locales/ja/slaclock.ftl). Run it after changing those messages; the test
# `every_japanese_chart_character_is_in_the_embedded_font` says when.
#
# Needs fonttools (Debian python3-fonttools, or pip install fonttools) and
# the font (Debian fonts-noto-cjk). Usage: [PYTHON=python3] scripts/chart-font-ja.sh [FONT]
set -eu
cd "$(dirname "$0")/.."
python=${PYTHON:-python3}
font=${1:-/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc}
out=assets/fonts/NotoSansJP-subset.otf
text=$(mktemp)
trap 'rm -f "$text"' EXIT

# The text of each `chart-` message, its continuation lines included, with
# the placeables' names and Fluent's syntax taken out (what is left is what
# the messages can print, besides their arguments: digits and ASCII).
"$python" - locales/ja/slaclock.ftl >"$text" <<'EOF'
import re, sys
out, inside = [], False
for line in open(sys.argv[1], encoding="utf-8"):
    if re.match(r"^[a-z]", line):
        inside = line.startswith("chart-")
        line = line.split("=", 1)[1] if inside else ""
    elif not line.startswith(" "):
        inside = False
    if inside:
        out.append(re.sub(r"\{[^}]*\}", "", line))
sys.stdout.write("".join(out))
EOF

# Index 0 of the collection is Noto Sans CJK JP.
"$python" -m fontTools.subset "$font" --font-number=0 \
  --text-file="$text" \
  --unicodes="U+0020-007E,U+00A0,U+2026,U+FFFD" \
  --no-hinting --desubroutinize --name-IDs='*' --name-languages='*' \
  --layout-features='kern,palt' \
  --output-file="$out"
echo "wrote $out ($(wc -c <"$out") bytes)"
