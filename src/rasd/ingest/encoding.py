"""Turn the bytes of one input file into text, or say in one line why not.

Order of evidence: a byte-order mark is certain; strict UTF-8 almost never
decodes text written in another encoding by accident; only then is
charset-normalizer asked, and only among encodings an Arabic news file can
plausibly be in (so a binary blob is not "decoded" as Latin-1 noise).

The decoded text is what ``Path.read_text(encoding=...)`` gives for the
detected encoding: universal newlines (``\\r\\n`` and ``\\r`` become ``\\n``)
and, for UTF-8 with a BOM, the BOM kept as U+FEFF at offset 0 — so offsets
agree with a plain UTF-8 read of the same file.  For UTF-16 the BOM is the
byte-order signal and is consumed, as Python's ``utf-16`` codec does.
"""
from __future__ import annotations

import codecs
import re

# Encodings worth considering when the bytes are neither UTF-8 nor UTF-16:
# the Arabic code pages first, then Western European (English/French wires).
PLAUSIBLE = ("cp1256", "iso8859_6", "cp720", "cp864", "cp1252")
_NAMES = {"cp1256": "windows-1256", "iso8859_6": "iso-8859-6", "cp1252": "windows-1252",
          "cp720": "cp720", "cp864": "cp864"}

_MAGIC = (
    (b"%PDF", "PDF document"), (b"PK\x03\x04", "ZIP archive (or DOCX/XLSX)"), (b"\x89PNG", "PNG image"),
    (b"GIF8", "GIF image"), (b"\xff\xd8\xff", "JPEG image"), (b"\x1f\x8b", "gzip archive"),
    (b"\xd0\xcf\x11\xe0", "legacy Office document"), (b"\x7fELF", "executable"), (b"SQLite format 3", "SQLite database"),
)
# C0 controls other than tab, newline, vertical tab, form feed, carriage return, and escape.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")


class DecodeError(ValueError):
    """The bytes are not a text document; the message is a one-line reason."""


def decode(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Return ``(text, encoding)``; raise :class:`DecodeError` when the bytes are not text.

    ``declared`` is an encoding the file itself names (an HTML ``<meta charset>``);
    it is tried after UTF-8 and before guessing.
    """
    if not data.strip():
        raise DecodeError("empty file")
    if data.startswith(codecs.BOM_UTF8):
        return _finish(data[3:], "utf-8", "utf-8-sig", keep_bom=True)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) and not data.startswith(codecs.BOM_UTF32_LE):
        return _finish(data, "utf-16", "utf-16")
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise DecodeError(f"binary file ({what}), not text")
    if b"\x00" in data:
        bare = _bomless_utf16(data)
        if bare:
            return _finish(data, bare, bare)
        raise DecodeError("binary file (contains NUL bytes), not text")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return _finish(data, "utf-8", "utf-8")
    if declared:
        enc = _codec(declared)
        if enc in _NAMES and enc != "cp1252":  # a page labelled Latin-1 is often Arabic: guess instead
            try:
                return _finish(data, enc, _NAMES.get(enc, declared.lower()))
            except (DecodeError, UnicodeDecodeError):
                pass
    return _guess(data)


def _guess(data: bytes) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=list(PLAUSIBLE)).best()
    if best is None or best.encoding not in _NAMES or best.chaos > 0.3:
        raise DecodeError("undecodable: not UTF-8 or UTF-16, and no plausible Arabic or Western code page fits")
    return _finish(data, best.encoding, _NAMES[best.encoding])


def _finish(data: bytes, codec: str, name: str, keep_bom: bool = False) -> tuple[str, str]:
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as err:
        raise DecodeError(f"undecodable as {name} (bad byte at offset {err.start})") from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if keep_bom:
        text = "\ufeff" + text
    if not text.strip(" \t\n\v\f\ufeff\u200b\u200e\u200f\xa0"):
        raise DecodeError("empty file (whitespace only)")
    controls = len(_CONTROL.findall(text))
    if controls and controls > max(2, len(text) // 100):
        raise DecodeError(f"binary file ({controls} control characters), not text")
    return text, name


def _bomless_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: NUL bytes sit (nearly) all on one parity of the offsets."""
    if len(data) % 2:
        return None
    even = data[0::2].count(0)
    odd = data[1::2].count(0)
    half = len(data) // 2
    for zeros, other, codec in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if zeros >= half * 0.05 and other == 0:
            try:
                data.decode(codec)
            except UnicodeDecodeError:
                return None
            return codec
    return None


def _codec(label: str) -> str | None:
    try:
        return codecs.lookup(label.strip().lower()).name.replace("-", "_")
    except LookupError:
        return None
