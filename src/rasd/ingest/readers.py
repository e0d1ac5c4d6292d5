"""Read input paths into :class:`RawDocument` objects, one bad document never stopping the rest.

Metadata precedence, field by field: an explicit manifest row wins (the user
said so on purpose), then what the document carries itself (the ``date … URL``
header of a text file, the fields of a JSONL record), then what trafilatura
reads from HTML markup.  ``published_source`` says which one supplied the date.
"""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from rasd.ingest.encoding import DecodeError, decode

SUFFIXES = {".txt": "txt", ".html": "html", ".htm": "html", ".json": "json", ".jsonl": "jsonl"}
META_FIELDS = ("url", "published", "outlet", "title")

# "date 2025-11-13 https://…" or "date unknown https://…" as the first line; a BOM,
# stray spaces or direction marks before it are tolerated.
_HEADER = re.compile(
    r"\A[\ufeff\u200e\u200f\u200b\xa0 \t]*date[ \t]*:?[ \t]+(?P<date>\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|unknown|none|null|-)"
    r"(?:[ \t]+(?P<url>\S+))?[ \t]*(?:\n|\Z)",
    re.IGNORECASE,
)
_DATE = re.compile(r"^\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ].*)?\s*$")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)


@dataclass
class RawDocument:
    """One input document: its exact decoded text plus the metadata found around it."""

    doc_id: str
    source: str
    text: str
    url: str | None = None
    outlet: str | None = None
    published: dt.date | None = None
    published_source: str | None = None
    title: str | None = None
    encoding: str = "utf-8"
    header_end: int = 0
    kind: str = "txt"


class ReadError(Exception):
    """A document that could not be read; ``str(e)`` is one line naming it."""

    def __init__(self, source: str, reason: str):
        self.source = str(source)
        self.reason = " ".join(str(reason).split())
        super().__init__(self.source, self.reason)  # picklable: args rebuild the error

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


def read_documents(paths: Sequence[str], manifest: str | None = None) -> Iterator[RawDocument | ReadError]:
    """Yield a document or a :class:`ReadError` for every input, in a deterministic order."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    rows: dict[str, dict] = {}
    by_name: dict[str, dict | None] = {}
    if manifest:
        for item in _load_manifest(manifest):
            if isinstance(item, ReadError):
                yield item
            else:
                key, row = item
                rows[key] = row
                file, sep, rid = key.partition("#")
                if not os.path.exists(file):  # a manifest written elsewhere: match by file name if unique
                    name = os.path.basename(file) + sep + rid
                    by_name[name] = None if name in by_name else row
    ids = _Ids()
    done: set[str] = {os.path.realpath(manifest)} if manifest else set()  # a manifest inside a corpus folder
    for given in paths:
        for source, path in _expand(str(given)):
            if isinstance(path, ReadError):
                yield path
                continue
            real = os.path.realpath(path)
            if real in done:
                continue
            done.add(real)
            try:
                yield from _read_file(source, path, real, rows, by_name, ids)
            except ReadError as err:
                yield err
            except Exception as err:  # never let one document stop the run
                yield ReadError(source, f"unexpected {type(err).__name__}: {err}")


def parse_header(text: str) -> tuple[dt.date | None, str | None, int] | None:
    """``(published, url, header_end)`` from a ``date … URL`` first line, or None."""
    m = _HEADER.match(text)
    if not m:
        return None
    return parse_date(m.group("date")), m.group("url"), m.end()


def parse_date(value: object) -> dt.date | None:
    """A calendar date from ``YYYY-MM-DD`` (or an ISO timestamp); None when absent or invalid."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    m = _DATE.match(str(value or ""))
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


# ---------------------------------------------------------------- paths

def _expand(given: str) -> Iterator[tuple[str, str | ReadError]]:
    """The files behind one user path; sources keep the spelling the user gave."""
    if not os.path.exists(given):
        yield given, ReadError(given, "no such file or directory")
        return
    if os.path.isfile(given):
        yield given, given
        return
    found: list[str] = []
    for root, dirs, files in os.walk(given):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found += [os.path.join(root, f) for f in files
                  if os.path.splitext(f)[1].lower() in SUFFIXES and not f.startswith(".")]
    if not found:
        yield given, ReadError(given, "directory holds no .txt, .html, .htm, .json or .jsonl files")
    for path in sorted(found, key=lambda p: os.path.relpath(p, given).split(os.sep)):
        yield path, path


class _Ids:
    """Stable ids: the natural one, with a short hash suffix only when it is already taken."""

    def __init__(self) -> None:
        self.seen: set[str] = set()

    def __call__(self, base: str, salt: str) -> str:
        base = base or "doc"
        out, n = base, 6
        while out in self.seen:
            out = f"{base}-{hashlib.sha1(salt.encode()).hexdigest()[:n]}"
            n += 2
        self.seen.add(out)
        return out


# ---------------------------------------------------------------- files

def _read_file(source: str, path: str, real: str, rows: dict, by_name: dict, ids: _Ids) -> Iterator[RawDocument | ReadError]:
    kind = SUFFIXES.get(os.path.splitext(path)[1].lower())
    if kind == "jsonl":
        streamed = _stream_jsonl(source, path, rows, by_name, real, ids)
        if streamed is not None:
            yield from streamed
            return
    try:
        data = Path(path).read_bytes()
    except OSError as err:
        raise ReadError(source, f"cannot read: {err.strerror or err}") from None
    declared = None
    if kind == "html" or (kind is None and data.lstrip()[:1] == b"<"):
        m = _CHARSET.search(data[:4096])
        declared = m.group(1).decode("ascii") if m else None
    try:
        text, encoding = decode(data, declared)
    except DecodeError as err:
        raise ReadError(source, str(err)) from None
    if kind is None:
        kind = "html" if re.match(r"\s*<(?:!doctype|html|head|body|\?xml)", text.lstrip("\ufeff"), re.I) else "txt"
    meta = rows.get(real) or by_name.get(os.path.basename(path))
    stem = Path(path).stem
    if kind in ("json", "jsonl"):
        yield from _read_records(source, text, encoding, kind, rows, by_name, real, ids)
        return
    if kind == "html":
        doc = _from_html(source, text, encoding)
    else:
        doc = RawDocument(doc_id="", source=source, text=text, encoding=encoding, kind="txt")
        _apply_header(doc)
        if not text[doc.header_end:].strip():
            raise ReadError(source, "no text after the header line")
    doc.doc_id = ids(stem, source)
    _apply(doc, meta, "manifest")
    yield doc


def _stream_jsonl(source: str, path: str, rows: dict, by_name: dict, real: str,
                  ids: _Ids) -> Iterator[RawDocument | ReadError] | None:
    """A JSONL file read one line at a time, so memory stays flat however large the file.

    The encoding is detected on the first 64 KiB; ``None`` (read it whole instead) for UTF-16 or
    anything the prefix cannot settle.
    """
    try:
        with open(path, "rb") as f:
            head = f.read(65536)
    except OSError as err:
        raise ReadError(source, f"cannot read: {err.strerror or err}") from None
    cut = head.rfind(b"\n")
    if cut <= 0 or b"\x00" in head:
        return None
    try:
        _, encoding = decode(head[:cut + 1])
    except DecodeError:
        return None
    codec = {"utf-8-sig": "utf-8", "utf-8": "utf-8"}.get(encoding, encoding)
    if codec.startswith("utf-16"):
        return None

    def lines() -> Iterator[RawDocument | ReadError]:
        count = 0
        with open(path, "rb") as f:
            for n, raw in enumerate(f, 1):
                where = f"{source}:{n}"
                try:
                    line = raw.decode(codec)
                except UnicodeDecodeError as err:
                    yield ReadError(where, f"cannot decode as {encoding} ({err.reason})")
                    continue
                line = line.lstrip("\ufeff") if n == 1 else line
                if not line.strip():
                    continue
                count += 1
                try:
                    rec = json.loads(line)
                except json.JSONDecodeError as err:
                    yield ReadError(where, f"invalid JSON ({err.msg} at column {err.colno})")
                    continue
                try:
                    yield _record(source, where, rec, encoding, rows, by_name, real, ids)
                except ReadError as err:
                    yield err
        if not count:
            yield ReadError(source, "no records")

    return lines()


def _apply_header(doc: RawDocument) -> None:
    head = parse_header(doc.text)
    if head:
        published, url, doc.header_end = head
        _apply(doc, {"published": published, "url": url}, "header")


def _apply(doc: RawDocument, meta: dict | None, origin: str, override: bool = True) -> None:
    """Copy non-empty metadata fields onto ``doc``; ``override=False`` only fills gaps."""
    for name in META_FIELDS:
        value = (meta or {}).get(name)
        if name == "published":
            value = parse_date(value)
        elif isinstance(value, str):
            value = value.strip() or None
        elif value is not None:
            value = str(value)
        if value is None or (not override and getattr(doc, name) is not None):
            continue
        setattr(doc, name, value)
        if name == "published":
            doc.published_source = origin


def _from_html(source: str, html: str, encoding: str, kind: str = "html") -> RawDocument:
    """Main text and metadata of an HTML page through trafilatura."""
    import trafilatura

    try:
        found = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, deduplicate=False)
        if found is None or not (found.text or "").strip():
            found = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, favor_recall=True)
    except Exception as err:
        raise ReadError(source, f"HTML could not be parsed ({type(err).__name__})") from None
    if found is None or not (found.text or "").strip():
        raise ReadError(source, "no article text found in the HTML")
    doc = RawDocument(doc_id="", source=source, text=found.text, encoding=encoding, kind=kind)
    _apply(doc, {"url": found.url, "published": found.date, "outlet": found.sitename, "title": found.title}, "html")
    return doc


def _read_records(source: str, text: str, encoding: str, kind: str, rows: dict, by_name: dict, real: str,
                  ids: _Ids) -> Iterator[RawDocument | ReadError]:
    """One document per JSONL line (or per item of a JSON list); bad lines become errors."""
    items: list[tuple[str, object]] = []
    body = text.lstrip("\ufeff")
    whole = None
    if kind == "json":
        try:
            whole = json.loads(body)
        except json.JSONDecodeError:
            whole = None  # maybe JSONL saved as .json: read it line by line
    if isinstance(whole, list):
        items = [(f"{source}[{i}]", rec) for i, rec in enumerate(whole)]
    elif isinstance(whole, dict):
        items = [(source, whole)]
    else:
        for n, line in enumerate(body.split("\n"), 1):
            if not line.strip():
                continue
            try:
                items.append((f"{source}:{n}", json.loads(line)))
            except json.JSONDecodeError as err:
                items.append((f"{source}:{n}", ReadError(f"{source}:{n}", f"invalid JSON ({err.msg} at column {err.colno})")))
    if not items:
        yield ReadError(source, "no records")
    for where, rec in items:
        if isinstance(rec, ReadError):
            yield rec
            continue
        try:
            yield _record(source, where, rec, encoding, rows, by_name, real, ids)
        except ReadError as err:
            yield err


def _record(source: str, where: str, rec: object, encoding: str, rows: dict, by_name: dict, real: str,
            ids: _Ids) -> RawDocument:
    if not isinstance(rec, dict):
        raise ReadError(where, f"record is a JSON {type(rec).__name__}, not an object")
    rid = rec.get("id")
    if rid is None or isinstance(rid, (dict, list, bool)) or not str(rid).strip():
        raise ReadError(where, 'record has no "id"')
    rid = str(rid).strip()
    text, html = rec.get("text"), rec.get("html")
    rsource = f"{source}#{rid}"
    if isinstance(text, str) and text.strip():
        doc = RawDocument(doc_id="", source=rsource, text=text, encoding=encoding, kind="jsonl")
        _apply_header(doc)
        if not text[doc.header_end:].strip():
            raise ReadError(where, f'record "{rid}" has no text after the header line')
    elif isinstance(html, str) and html.strip():
        try:
            doc = _from_html(rsource, html, encoding, kind="jsonl")
        except ReadError as err:
            raise ReadError(where, f'record "{rid}": {err.reason}') from None
    else:
        raise ReadError(where, f'record "{rid}" has no non-empty "text" or "html" string')
    _apply(doc, rec, "record")
    meta = rows.get(f"{real}#{rid}") or by_name.get(f"{os.path.basename(real)}#{rid}")
    _apply(doc, meta, "manifest")
    _apply(doc, rows.get(real) or by_name.get(os.path.basename(real)), "manifest", override=False)  # whole-file row
    doc.doc_id = ids(rid, f"{source}#{rid}@{where}")
    return doc


# ---------------------------------------------------------------- manifest

def _load_manifest(manifest: str) -> Iterator[tuple[str, dict] | ReadError]:
    """Rows of a CSV (with header) or JSONL manifest keyed by the real path they describe."""
    try:
        data = Path(manifest).read_bytes()
        text, _ = decode(data)
    except OSError as err:
        yield ReadError(manifest, f"manifest cannot be read: {err.strerror or err}")
        return
    except DecodeError as err:
        yield ReadError(manifest, f"manifest {err}")
        return
    text = text.lstrip("\ufeff")
    base = os.path.dirname(os.path.abspath(manifest))
    if text.lstrip()[:1] in ("{", "["):
        lines = _json_rows(manifest, text)
    else:
        lines = _csv_rows(manifest, text)
    for where, row in lines:
        if isinstance(row, ReadError):
            yield row
            continue
        path = str(row.get("path") or "").strip()
        if not path:
            yield ReadError(where, 'manifest row has no "path"')
            continue
        file, _, rid = path.partition("#")
        real = os.path.realpath(os.path.join(base, file))
        yield (f"{real}#{rid}" if rid else real), {k: row.get(k) for k in META_FIELDS}


def _json_rows(manifest: str, text: str) -> Iterator[tuple[str, dict | ReadError]]:
    try:
        whole = json.loads(text)
    except json.JSONDecodeError:
        whole = None
    if isinstance(whole, list):
        pairs = [(f"{manifest}[{i}]", r) for i, r in enumerate(whole)]
    else:
        pairs = []
        for n, line in enumerate(text.split("\n"), 1):
            if line.strip():
                try:
                    pairs.append((f"{manifest}:{n}", json.loads(line)))
                except json.JSONDecodeError as err:
                    pairs.append((f"{manifest}:{n}", ReadError(f"{manifest}:{n}", f"invalid JSON ({err.msg})")))
    for where, row in pairs:
        if not isinstance(row, (dict, ReadError)):
            row = ReadError(where, "manifest row is not a JSON object")
        yield where, row


def _csv_rows(manifest: str, text: str) -> Iterator[tuple[str, dict | ReadError]]:
    header = text.split("\n", 1)[0]
    delimiter = next((d for d in (",", "\t", ";", "|") if d in header), ",")  # the header names the separator
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    if not reader.fieldnames or "path" not in [f.strip().lower() for f in reader.fieldnames]:
        yield manifest, ReadError(manifest, 'manifest has no "path" column in its header')
        return
    for row in reader:
        clean = {str(k).strip().lower(): v for k, v in row.items() if k is not None}
        yield f"{manifest}:{reader.line_num}", clean
