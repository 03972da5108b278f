#!/bin/sh
# Rebuilds the PDF fixtures from the groff sources here (Debian: apt-get install groff poppler-utils).
# groff 1.22.4's gropdf made the committed files; the truncated and malformed files derive from them.
set -eu
cd "$(dirname "$0")"
groff -ms -mpdf -Tpdf field-notes.ms > ../field-notes.pdf
groff -ms -mpdf -Tpdf two-columns.ms > ../two-columns.pdf
groff -ms -Tpdf no-text.ms > ../no-text.pdf
size=$(wc -c < ../field-notes.pdf)
head -c $((size / 2)) ../field-notes.pdf > ../truncated.pdf
python3 -c '
import random, sys
random.seed(7)
sys.stdout.buffer.write(b"%PDF-1.4\n" + bytes(random.randrange(256) for _ in range(2048)))
' > ../malformed.pdf
