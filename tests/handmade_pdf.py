"""One-page PDFs written by hand: encrypted by the PDF standard's own recipe (security handler revision 2, 40-bit
RC4), for the tests of what a password-protected or copy-protected PDF gives (no PDF library that writes encryption
is installed), or with a content operator of the kind real PDFs get wrong."""

from __future__ import annotations

import hashlib
import struct

# The padding string of the standard security handler (ISO 32000-1, 7.6.3.3)
_PADDING = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")
ALL_ALLOWED = -4
COPYING_FORBIDDEN = ALL_ALLOWED & ~0x10  # bit 5: copy or extract text


def _rc4(key: bytes, data: bytes) -> bytes:
    state = list(range(256))
    j = 0
    for i in range(256):
        j = (j + state[i] + key[i % len(key)]) % 256
        state[i], state[j] = state[j], state[i]
    out = bytearray()
    i = j = 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + state[i]) % 256
        state[i], state[j] = state[j], state[i]
        out.append(byte ^ state[(state[i] + state[j]) % 256])
    return bytes(out)


def _padded(password: str) -> bytes:
    return (password.encode("latin-1") + _PADDING)[:32]


def encrypted_pdf(text: str, user_password: str, owner_password: str, permissions: int = ALL_ALLOWED) -> bytes:
    """A one-page PDF showing `text` (Latin-1), encrypted: `user_password` opens it ("" opens it without asking),
    `owner_password` lifts `permissions`."""
    file_id = hashlib.md5(text.encode()).digest()
    owner_key = hashlib.md5(_padded(owner_password)).digest()[:5]  # algorithm 3
    owner = _rc4(owner_key, _padded(user_password))
    key = hashlib.md5(_padded(user_password) + owner + struct.pack("<i", permissions) + file_id).digest()[:5]
    user = _rc4(key, _PADDING)  # algorithm 4

    def sealed(number: int, data: bytes) -> bytes:  # algorithm 1: the key of object `number`, generation 0
        return _rc4(hashlib.md5(key + struct.pack("<i", number)[:3] + b"\0\0").digest()[:10], data)

    encryption = b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P %d >>" % (
        owner.hex().encode(),
        user.hex().encode(),
        permissions,
    )
    return _pdf(sealed(4, _content(text)), file_id, encryption)


def pdf_with_operator(text: str, operator: str) -> bytes:
    """A one-page PDF showing `text` whose content stream then runs `operator` ("/P0 g": a colour that is a name, as
    some PDF producers write it)."""
    return _pdf(_content(text) + b"\n" + operator.encode("latin-1"), hashlib.md5(text.encode()).digest())


def _content(text: str) -> bytes:
    return f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")


def _pdf(content: bytes, file_id: bytes, encryption: bytes | None = None) -> bytes:
    """The PDF of one page of Helvetica whose content stream is `content`, encrypted by `encryption`'s dictionary."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        *([encryption] if encryption is not None else []),
    ]
    pdf, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    encrypt = b" /Encrypt 6 0 R" if encryption is not None else b""
    pdf += b"trailer\n<< /Size %d /Root 1 0 R%s /ID [<%s> <%s>] >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        encrypt,
        file_id.hex().encode(),
        file_id.hex().encode(),
        xref,
    )
    return bytes(pdf)
