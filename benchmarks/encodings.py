"""How often a text file in a legacy encoding (or UTF-16 without a BOM) is read as the text it holds.

    python benchmarks/encodings.py [--data ../shared/bench] [--samples 8] [--json results.json]

Texts of the benchmark sets (de and fr of Text+Berg, ru and en of WMT22, zh of MAC-Dev, es, et, hr, sk and tr of
UDHR-multi), and a few paragraphs written for this measurement in Greek, Japanese, Korean and traditional Chinese,
which the sets do not have (`WRITTEN`), are saved in the encodings their language was usually saved in before UTF-8,
at three lengths: one line (a sentence of a set, a paragraph of `WRITTEN`), two paragraphs, and a page (paragraphs up
to about 2,000 characters; none for `WRITTEN`, too short). Punctuation an encoding lacks (curly quotes, dashes, «»)
is made ASCII first, as a user's editor would save it; a sample still not encodable, or all ASCII, is left out.

A file is read right when `aligner.read` gives the paragraphs it gives for the same text saved as UTF-8. Each file is
read twice: without a language, and with its language given (`language=`, the CLI's --src-lang). Printed: the share
read right per language, encoding and length, in both ways.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import format_table, write_json_report

import aligner
from aligner.errors import InputError

# Each language's usual legacy encodings, and UTF-16 without a BOM for two of them.
ENCODINGS: dict[str, tuple[str, ...]] = {
    "ru": ("cp1251", "koi8-r", "cp866", "iso-8859-5", "utf-16-le", "utf-16-be"),
    "de": ("cp1252", "latin-1", "iso-8859-15"),
    "fr": ("cp1252", "latin-1", "iso-8859-15", "utf-16-le"),
    "en": ("cp1252",),
    "es": ("cp1252", "latin-1"),
    "et": ("cp1257", "iso-8859-15"),
    "hr": ("cp1250", "iso-8859-2"),
    "sk": ("cp1250", "iso-8859-2"),
    "tr": ("cp1254", "iso-8859-9"),
    "zh": ("gb18030", "gbk"),
    "el": ("cp1253", "iso-8859-7"),
    "ja": ("shift_jis", "euc-jp"),
    "ko": ("euc-kr",),
    "zh-Hant": ("big5",),
}
LENGTHS = ("line", "2 paragraphs", "page")
PAGE_CHARACTERS = 2000
ASCII_PUNCTUATION = str.maketrans(
    {"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'", "‚": "'", "–": "-", "—": "-", "…": "..."}
)

# Paragraphs in languages the benchmark sets do not have, written for this measurement (a notice, a letter).
WRITTEN: dict[str, tuple[str, ...]] = {
    "el": (
        "Αγαπητοί ένοικοι, αύριο δεν θα υπάρχει νερό στο κτίριο από τις εννέα το πρωί έως τις έξι το απόγευμα.",
        "Παρακαλούμε να αποθηκεύσετε αρκετό πόσιμο νερό και να μη χρησιμοποιήσετε το πλυντήριο.",
        "Το ενοίκιο είναι 1.250 ευρώ τον μήνα και η εγγύηση αντιστοιχεί σε δύο μηνιαία ενοίκια.",
        "Ζητούμε συγγνώμη για την ταλαιπωρία και ευχαριστούμε για την κατανόησή σας.",
        "Η σύμβαση ισχύει για πέντε χρόνια και παρατείνεται αυτόματα για ένα ακόμη έτος.",
    ),
    "ja": (
        "住民の皆様へ。明日の午前九時から午後六時まで、建物内で断水いたします。",
        "飲み水を事前にご用意いただき、洗濯機のご使用はお控えください。",
        "家賃は月額十二万五千円で、敷金は家賃の二か月分となります。",
        "ご迷惑をおかけしますが、ご理解とご協力をお願い申し上げます。",
        "この契約の期間は五年間とし、期間満了後は自動的に一年間更新されます。",
    ),
    "ko": (
        "주민 여러분께 알려드립니다. 내일 오전 아홉 시부터 오후 여섯 시까지 건물에 물이 나오지 않습니다.",
        "미리 마실 물을 충분히 준비해 주시고 세탁기는 사용하지 마십시오.",
        "월세는 한 달에 백이십오만 원이며 보증금은 두 달치 월세입니다.",
        "불편을 드려 죄송하며 여러분의 이해와 협조에 감사드립니다.",
        "이 계약은 오 년 동안 유효하며 기간이 끝나면 자동으로 일 년 연장됩니다.",
    ),
    "zh-Hant": (
        "各位住戶您好，明天上午九點至下午六點，大樓將暫停供水。",
        "請事先準備足夠的飲用水，並請勿使用洗衣機。",
        "每月租金為一萬二千五百元，押金相當於兩個月的租金。",
        "造成不便，敬請見諒，感謝您的理解與配合。",
        "本合約有效期為五年，期滿後自動續約一年。",
    ),
}


def set_documents(data: Path) -> dict[str, list[list[str]]]:
    """The lines of each benchmark document, by language."""

    def lines(paths: Iterator[Path]) -> list[list[str]]:
        documents = [path.read_text(encoding="utf-8").splitlines() for path in sorted(paths) if path.is_file()]
        return [[line.strip() for line in document if line.strip()] for document in documents]

    documents = {
        "de": lines((data / "textberg_defr" / "de").iterdir()),
        "fr": lines((data / "textberg_defr" / "fr").iterdir()),
        "ru": lines((data / "wmt22_ruen" / "ru").iterdir()),
        "en": lines((data / "wmt22_ruen" / "en").iterdir()),
        "zh": lines((data / "mac_zhen" / "dev" / "zh").iterdir()),
    }
    for language in ("es", "et", "hr", "sk", "tr"):
        documents[language] = lines(iter([data / "udhr_multi" / language / language]))
    return documents


def samples(paragraphs: list[list[str]], length: str, count: int) -> list[str]:
    """Up to `count` texts of `length` that are not all ASCII, from the documents' paragraphs, spread over the
    documents and within them."""
    size = {"line": 1, "2 paragraphs": 2}.get(length)
    texts: dict[str, None] = {}
    longest = max(map(len, paragraphs))
    for number in range(len(paragraphs) * longest):
        if len(texts) == count:
            break
        document = paragraphs[number % len(paragraphs)]
        start = (number // len(paragraphs)) * 7 % len(document)
        if size is None:
            taken: list[str] = []
            for paragraph in document[start:]:
                if sum(map(len, taken)) >= PAGE_CHARACTERS:
                    break
                taken.append(paragraph)
            if sum(map(len, taken)) < PAGE_CHARACTERS:
                continue
        else:
            taken = document[start : start + size]
            if len(taken) < size:
                continue
        text = "\n\n".join(taken) + "\n"
        if not text.isascii():
            texts[text] = None
    return list(texts)


def legacy_bytes(text: str, encoding: str) -> bytes | None:
    """`text` saved in `encoding` (its punctuation made ASCII where the encoding lacks it); None when it cannot be,
    or when it is then ASCII (any reading is right)."""
    for candidate in (text, text.translate(ASCII_PUNCTUATION)):
        try:
            data = candidate.encode(encoding)
        except UnicodeEncodeError:
            continue
        return None if candidate.isascii() else data
    return None


def paragraphs_read(path: Path, language: str | None) -> tuple[str, ...] | None:
    try:
        return tuple(unit.text for unit in aligner.read(path, language=language).paragraphs)
    except InputError:
        return None


def measure(documents: dict[str, list[list[str]]], count: int, folder: Path) -> list[dict[str, object]]:
    rows = []
    for language, encodings in ENCODINGS.items():
        for length in LENGTHS:
            if language in WRITTEN:
                if length == "page":
                    continue
                texts = samples([list(WRITTEN[language])], length, count * 3)
            else:
                texts = samples(documents[language], length, count * 3)
            for encoding in encodings:
                files = [data for text in texts if (data := legacy_bytes(text, encoding)) is not None][:count]
                right = {"detected": 0, "given": 0}
                for number, data in enumerate(files):
                    utf8, legacy = folder / f"{number}.utf8.txt", folder / f"{number}.legacy.txt"
                    utf8.write_text(data.decode(encoding), encoding="utf-8")
                    legacy.write_bytes(data)
                    expected = paragraphs_read(utf8, None)
                    right["detected"] += paragraphs_read(legacy, None) == expected
                    right["given"] += paragraphs_read(legacy, language) == expected
                if files:
                    rows.append(
                        {
                            "language": language,
                            "encoding": encoding,
                            "length": length,
                            "files": len(files),
                            "right_detected": right["detected"] / len(files),
                            "right_given": right["given"] / len(files),
                        }
                    )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "bench")
    parser.add_argument("--samples", type=int, default=8, help="files per language, encoding and length")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        rows = measure(set_documents(args.data), args.samples, Path(folder))
    header = ("language", "encoding", "length", "files", "right, detected", "right, language given")
    table = [
        (row["language"], row["encoding"], row["length"], row["files"], row["right_detected"], row["right_given"])
        for row in rows
    ]
    print(format_table(header, table))
    files = sum(int(str(row["files"])) for row in rows)
    for key, name in (("right_detected", "detected"), ("right_given", "language given")):
        share = sum(float(str(row[key])) * int(str(row["files"])) for row in rows) / files
        print(f"all {files} files, {name}: {share:.3f} read right")
    print(f"{time.perf_counter() - started:.0f} s")
    write_json_report(args.json, rows)


if __name__ == "__main__":
    main()
