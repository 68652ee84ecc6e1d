#!/usr/bin/env bash
# Remakes the LibreOffice files tests/test_read_headers.py reads, from headers.fodt (LibreOffice's flat XML: a default
# page style whose first page, other pages and left pages have headers of their own, the header a table with the page
# number in a cell, the footer "Page N of M" and a date alone; a landscape page style with the same header, a text box
# in it, and a footer with a comment). They are kept in the repository so that the tests need no LibreOffice Writer.
# Made with LibreOffice 7.4.7.2 (Debian's libreoffice-writer): headers.odt, headers.docx (a w:sectPr a page style,
# header and footer parts for its first, default and even pages, w:evenAndOddHeaders, the page numbers as complex
# fields cached as 0) and headers-again.odt (that .docx saved as .odt: the first page a "First Page" page style of its
# own that leads to the default, the landscape one "Converted1").
set -euo pipefail
cd "$(dirname "$0")"
source ../libreoffice.sh
convert odt odt headers.fodt
convert docx docx headers.fodt
convert odt again "$work/docx/headers.docx"
cp "$work/odt/headers.odt" headers.odt
cp "$work/docx/headers.docx" headers.docx
cp "$work/again/headers.odt" headers-again.odt
