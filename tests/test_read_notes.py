"""Footnotes, endnotes and text boxes of .docx and .odt files: paragraphs of their own, each note after the
paragraph that references it, a text box after the paragraph it is anchored in; `notes=False` leaves the notes out.
Files written as Word writes them (by hand, a text box in mc:AlternateContent) and by LibreOffice."""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

import aligner
from aligner.cli import main
from aligner.readers import read_paragraphs, read_paragraphs_with_roles

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NAMESPACES = (
    f'xmlns:w="{W}" xmlns:r="{RELATIONSHIPS}" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml" mc:Ignorable="wps"'
)
CONTENT_TYPES = (
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/footnotes.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/>'
    '<Override PartName="/word/endnotes.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.endnotes+xml"/></Types>'
)
PACKAGE_RELATIONSHIPS = (
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{RELATIONSHIPS}/officeDocument" Target="word/document.xml"/></Relationships>'
)
DOCUMENT_RELATIONSHIPS = (
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{RELATIONSHIPS}/footnotes" Target="footnotes.xml"/>'
    f'<Relationship Id="rId2" Type="{RELATIONSHIPS}/endnotes" Target="endnotes.xml"/></Relationships>'
)


def run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def paragraph(*runs: str) -> str:
    return f"<w:p>{''.join(runs)}</w:p>"


def footnote_mark(number: int) -> str:
    return f'<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="{number}"/></w:r>'


def endnote_mark(number: int) -> str:
    return f'<w:r><w:rPr><w:rStyle w:val="EndnoteReference"/></w:rPr><w:endnoteReference w:id="{number}"/></w:r>'


def text_box(text: str) -> str:
    """A text box as Word writes it: a DrawingML shape, and the same text again in the VML fallback."""
    content = f"<w:txbxContent>{paragraph(run(text))}</w:txbxContent>"
    shape = (
        '<wp:anchor><wp:extent cx="1800225" cy="720090"/><wp:docPr id="1" name="Text Box 1"/><a:graphic><a:graphicData '
        'uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp><wps:cNvSpPr txBox="1"/>'
        f"<wps:txbx>{content}</wps:txbx><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor>"
    )
    fallback = f'<w:pict><v:shape style="width:141pt;height:56pt"><v:textbox>{content}</v:textbox></v:shape></w:pict>'
    return (
        f'<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>{shape}</w:drawing></mc:Choice>'
        f"<mc:Fallback>{fallback}</mc:Fallback></mc:AlternateContent></w:r>"
    )


def note_mark_run(kind: str, text: str) -> str:
    """The mark a note's text starts with: its number (w:footnoteRef), or a custom mark ('* A note.'), which Word
    and LibreOffice write as text in a run of its own, a tab after it."""
    if text.startswith("* "):
        return f'<w:r><w:rPr><w:rStyle w:val="FootnoteCharacters"/></w:rPr><w:t>*</w:t></w:r>{run(text[1:])}'
    return f"<w:r><w:{kind}Ref/></w:r><w:r><w:tab/></w:r>{run(text)}"


def notes_part(kind: str, texts: list[str]) -> str:
    """footnotes.xml or endnotes.xml: Word's two separators (ids 0 and 1), then the notes, ids from 2."""
    separators = "".join(
        f'<w:{kind} w:type="{type_}" w:id="{number}"><w:p><w:r><w:{type_}/></w:r></w:p></w:{kind}>'
        for number, type_ in enumerate(("separator", "continuationSeparator"))
    )
    notes = "".join(
        f'<w:{kind} w:id="{number}"><w:p>{note_mark_run(kind, text)}</w:p></w:{kind}>'
        for number, text in enumerate(texts, start=2)
    )
    return f"<w:{kind}s {NAMESPACES}>{separators}{notes}</w:{kind}s>"


def word_file(path: Path, body: list[str], footnotes: Sequence[str] = (), endnotes: Sequence[str] = ()) -> Path:
    """A .docx of these body paragraphs (w:p or w:tbl XML) and notes, the parts Word writes for them."""
    document = f"<w:document {NAMESPACES}><w:body>{''.join(body)}<w:sectPr/></w:body></w:document>"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", PACKAGE_RELATIONSHIPS)
        archive.writestr("word/_rels/document.xml.rels", DOCUMENT_RELATIONSHIPS)
        archive.writestr("word/document.xml", document)
        archive.writestr("word/footnotes.xml", notes_part("footnote", list(footnotes)))
        archive.writestr("word/endnotes.xml", notes_part("endnote", list(endnotes)))
    return path


def test_docx_notes_follow_their_paragraph_and_a_text_box_is_read_once(tmp_path):
    cell = paragraph(run("A cell"), footnote_mark(4), run("."))
    custom_mark = '<w:r><w:footnoteReference w:customMarkFollows="1" w:id="3"/><w:t>*</w:t></w:r>'
    path = word_file(
        tmp_path / "notes.docx",
        [
            paragraph(
                run("The law was passed in 1990."), footnote_mark(2), run(" It came into force."), endnote_mark(2)
            ),
            paragraph(text_box("Text in the box."), run("A box is anchored here"), custom_mark, run(".")),
            f"<w:tbl><w:tr><w:tc>{cell}</w:tc></w:tr></w:tbl>",
            paragraph(run("The last paragraph.")),
        ],
        footnotes=["The first footnote.", "* A footnote of a custom mark.", "A note in a table."],
        endnotes=["The endnote."],
    )
    assert read_paragraphs(path) == [
        "The law was passed in 1990. It came into force.",  # no mark left, no "1990.1"
        "The first footnote.",
        "The endnote.",
        "A box is anchored here.",  # the custom mark (*) left out too
        "A footnote of a custom mark.",  # without its mark too; the paragraph's notes, then its text box, wherever
        # its anchor is
        "Text in the box.",  # once: the VML fallback is the same box
        "A cell.",
        "A note in a table.",
        "The last paragraph.",
    ]
    assert read_paragraphs(path, notes=False) == [
        "The law was passed in 1990. It came into force.",
        "A box is anchored here.",
        "Text in the box.",
        "A cell.",
        "The last paragraph.",
    ]


def test_a_docx_note_or_text_box_has_its_role_a_table_in_a_note_too(tmp_path):
    table = f"<w:tbl><w:tr><w:tc>{paragraph(run('A cell of the note.'))}</w:tc></w:tr></w:tbl>"
    path = word_file(
        tmp_path / "roles.docx",
        [paragraph(run("Body."), footnote_mark(2), endnote_mark(2), text_box("The box.")), paragraph(run("End."))],
        footnotes=["The footnote."],
        endnotes=["The endnote."],
    )
    with zipfile.ZipFile(path, "a") as archive:  # a table in the footnote: its cells are the footnote's paragraphs
        footnotes = archive.read("word/footnotes.xml").decode()
    rewritten = footnotes.replace("The footnote.</w:t></w:r></w:p>", f"The footnote.</w:t></w:r></w:p>{table}")
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, rewritten if name == "word/footnotes.xml" else data)
    assert read_paragraphs_with_roles(path) == [
        ("Body.", None),
        ("The footnote.", "footnote"),
        ("A cell of the note.", "footnote"),
        ("The endnote.", "endnote"),
        ("The box.", "text box"),
        ("End.", None),
    ]


def test_a_docx_note_referenced_twice_is_read_once(tmp_path):
    """Word gives every mark a note of its own; a file that names one twice (or a note that names itself) must
    not repeat it, nor loop."""
    path = word_file(
        tmp_path / "twice.docx",
        [paragraph(run("One."), footnote_mark(2)), paragraph(run("Two."), footnote_mark(2))],
        footnotes=["The note."],
    )
    assert read_paragraphs(path) == ["One.", "The note.", "Two."]


def test_aligner_read_takes_notes_and_refuses_what_is_no_bool(tmp_path):
    path = word_file(tmp_path / "notes.docx", [paragraph(run("Text."), footnote_mark(2))], footnotes=["A note."])
    assert [unit.text for unit in aligner.read(path, "en").paragraphs] == ["Text.", "A note."]
    assert [unit.text for unit in aligner.read(path, "en", notes=False).paragraphs] == ["Text."]
    with pytest.raises(aligner.SettingsError, match="notes must be True or False, got 'no'"):
        aligner.read(path, "en", notes="no")  # type: ignore[arg-type]


# Files LibreOffice Writer made of one flat-XML document (tests/data/notes: notes.fodt, and make.sh, which made them):
# a footnote; a text box and an endnote anchored in the second paragraph; a footnote of a custom mark (*).
LIBREOFFICE_FILES = Path(__file__).parent / "data" / "notes"


def test_notes_and_text_boxes_of_files_libreoffice_writes():
    """LibreOffice's .odt, its .docx (the text box in mc:AlternateContent twice, the box's anchor written at the end
    of the paragraph) and that .docx saved as .odt again (the box a custom shape) all read alike."""
    odt, docx, odt_again = (LIBREOFFICE_FILES / name for name in ("notes.odt", "notes.docx", "notes-again.odt"))
    with zipfile.ZipFile(docx) as archive:
        assert archive.read("word/document.xml").count(b"Text in the box.") == 2  # Choice and Fallback
    with zipfile.ZipFile(odt_again) as archive:
        assert b"<draw:custom-shape" in archive.read("content.xml")
    expected = [
        "The first paragraph holds a note. It goes on.",
        "The footnote's text.",
        "A box is anchored here. And an endnote.",
        "The endnote's text.",
        "Text in the box.",
        "The last paragraph.",
        "A starred note.",  # the .docx's note starts with its mark (*): left out, as the .odt's citation
    ]
    notes = {"The footnote's text.", "The endnote's text.", "A starred note."}
    without_notes = [text for text in expected if text not in notes]
    for path in (odt, docx, odt_again):
        assert (path.name, read_paragraphs(path)) == (path.name, expected)
        assert (path.name, read_paragraphs(path, notes=False)) == (path.name, without_notes)


def test_the_notes_and_the_text_box_of_libreoffice_files_have_their_roles_and_their_sentences_too():
    expected = [None, "footnote", None, "endnote", "text box", None, "footnote"]
    for name in ("notes.odt", "notes.docx", "notes-again.odt"):
        paragraphs = read_paragraphs_with_roles(LIBREOFFICE_FILES / name)
        assert (name, [paragraph.role for paragraph in paragraphs]) == (name, expected)
    document = aligner.read(LIBREOFFICE_FILES / "notes.odt", "en")
    assert [unit.role for unit in document.paragraphs] == expected
    assert [(unit.text, unit.role) for unit in document.sentences[:3]] == [
        ("The first paragraph holds a note.", None),
        ("It goes on.", None),
        ("The footnote's text.", "footnote"),
    ]
    assert [unit.role for unit in aligner.read(LIBREOFFICE_FILES / "notes.odt", "en", notes=False).paragraphs] == [
        None,
        None,
        "text box",
        None,
    ]


# Notes and text boxes of the seed statement and of its translation (translated here), by the paragraph they are in.
RU_NOTES = {
    2: "Указ о придании 20 января статуса Дня всенародной скорби был подписан в 1994 году.",
    8: "Список погибших опубликован на официальном сайте министерства.",
}
EN_NOTES = {
    3: "The decree declaring 20 January National Mourning Day was signed in 1994.",
    9: "The list of the victims is published on the official website of the Ministry.",
}
RU_BOXES = {5: "Память о жертвах будет жить вечно."}
EN_BOXES = {6: "The memory of the victims will live forever."}


def seed_word_file(path: Path, paragraphs: list[str], notes: dict[int, str], boxes: dict[int, str]) -> Path:
    """A .docx of a seed's paragraphs, a footnote and a text box in the ones `notes` and `boxes` name."""
    body, footnotes = [], []
    for index, text in enumerate(paragraphs):
        runs = [run(text)]
        if index in notes:
            footnotes.append(notes[index])
            runs.append(footnote_mark(len(footnotes) + 1))  # the notes' ids count from 2
        if index in boxes:
            runs.append(text_box(boxes[index]))
        body.append(paragraph(*runs))
    path.parent.mkdir(exist_ok=True)
    return word_file(path, body, footnotes)


def tmx_pairs(path: Path) -> list[tuple[str, str]]:
    from lxml import etree

    return [tuple(tu.xpath("tuv/seg/text()")) for tu in etree.parse(str(path)).iter("tu")]  # type: ignore[misc]


@pytest.mark.model
def test_a_docx_and_its_translation_align_their_notes_and_text_boxes_with_each_other(seed_paths, tmp_path):
    russian, english = read_paragraphs(seed_paths["ru"]), read_paragraphs(seed_paths["en"])
    source = seed_word_file(tmp_path / "notes" / "ru.docx", russian, RU_NOTES, RU_BOXES)
    target = seed_word_file(tmp_path / "notes" / "en.docx", english, EN_NOTES, EN_BOXES)
    tmx = tmp_path / "notes.tmx"
    assert main(["align", str(source), str(target), "-o", str(tmx), "-q"]) == 0
    pairs = tmx_pairs(tmx)
    asides = [(RU_NOTES[2], EN_NOTES[3]), (RU_BOXES[5], EN_BOXES[6]), (RU_NOTES[8], EN_NOTES[9])]
    assert [pair for pair in pairs if pair in asides] == asides  # each a translation unit of its own, in order
    body = [pair for pair in pairs if pair not in asides]
    assert body == [(russian[0], f"{english[0]}\n{english[1]}"), *zip(russian[1:], english[2:], strict=True)]

    # left out, the notes leave the body as a document that never had them: the same TMX, byte for byte
    plain_source = seed_word_file(tmp_path / "plain" / "ru.docx", russian, {}, RU_BOXES)
    plain_target = seed_word_file(tmp_path / "plain" / "en.docx", english, {}, EN_BOXES)
    plain_tmx, without_notes_tmx = tmp_path / "plain.tmx", tmp_path / "without-notes.tmx"
    assert main(["align", str(plain_source), str(plain_target), "-o", str(plain_tmx), "-q"]) == 0
    assert main(["align", "--no-notes", str(source), str(target), "-o", str(without_notes_tmx), "-q"]) == 0
    assert without_notes_tmx.read_bytes() == plain_tmx.read_bytes()
    assert not any(note in without_notes_tmx.read_text(encoding="utf-8") for note in RU_NOTES.values())


@pytest.mark.model
def test_batch_reads_the_notes_and_leaves_them_out_with_no_notes_redoing_the_pairs_on_resume(
    seed_paths, tmp_path, capsys
):
    source = seed_word_file(tmp_path / "ru" / "statement.docx", read_paragraphs(seed_paths["ru"]), RU_NOTES, {})
    target = seed_word_file(tmp_path / "en" / "statement.docx", read_paragraphs(seed_paths["en"]), EN_NOTES, {})
    manifest = tmp_path / "manifest.tsv"
    manifest.write_text(f"{source}\t{target}\tstatement\n", encoding="utf-8")
    out = tmp_path / "out"
    common = [str(manifest), "-o", str(out), "--workers", "1", "--format", "jsonl", "-q"]
    assert main(["batch", *common]) == 0
    with_notes = aligner.load(out / "pairs" / "statement.jsonl")
    assert (RU_NOTES[2], EN_NOTES[3]) in [(bead.source_text, bead.target_text) for bead in with_notes.beads]
    capsys.readouterr()
    assert main(["batch", *common, "--no-notes", "--resume"]) == 0  # other reading, other outputs: nothing kept
    assert "kept from an earlier run" not in capsys.readouterr().err
    without_notes = aligner.load(out / "pairs" / "statement.jsonl")
    texts = [unit.text for document in (without_notes.source, without_notes.target) for unit in document.paragraphs]
    assert len(texts) == 21 and not set(texts) & {*RU_NOTES.values(), *EN_NOTES.values()}
