#!/usr/bin/env bash
# Remakes the LibreOffice files tests/test_read_notes.py reads, from notes.fodt (LibreOffice's flat XML: a footnote;
# a text box and an endnote anchored in the second paragraph; a footnote of a custom mark, *). They are kept in the
# repository so that the tests need no LibreOffice Writer. Made with LibreOffice 7.4.7.2 (Debian's
# libreoffice-writer): notes.odt, notes.docx (the text box twice, in mc:AlternateContent's Choice and Fallback, its
# anchor written at the end of the paragraph), notes-again.odt (that .docx saved as .odt: the box a custom shape),
# notes.html (Writer's HTML: <a class="sdfootnoteanc"> marks, the notes in <div id="sdfootnote1"> at the end) and
# notes.epub (Writer's EPUB 3: <a epub:type="noteref"> marks, the notes in <aside epub:type="footnote">).
set -euo pipefail
cd "$(dirname "$0")"
source ../libreoffice.sh
convert odt odt notes.fodt
convert docx docx notes.fodt
convert odt again "$work/docx/notes.docx"
convert html html notes.fodt
convert epub epub notes.fodt
cp "$work/odt/notes.odt" notes.odt
cp "$work/docx/notes.docx" notes.docx
cp "$work/again/notes.odt" notes-again.odt
cp "$work/html/notes.html" notes.html
cp "$work/epub/notes.epub" notes.epub
