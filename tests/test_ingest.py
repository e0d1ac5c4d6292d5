"""Reading inputs (rasd.ingest.readers / encoding): every kind, every encoding, every bad input."""
from __future__ import annotations

import codecs
import datetime as dt
import json
import os
from pathlib import Path

import pytest

from rasd.ingest import RawDocument, ReadError, body_spans, decode, parse_header, read_documents
from rasd.ingest.encoding import DecodeError

FIX = Path(__file__).parent / "fixtures" / "ingest"
ARTICLE = ("قُتل ثلاثة مدنيين وأصيب خمسة آخرون، اليوم الخميس، جراء قصف مدفعي استهدف بلدة في ريف إدلب.\n"
           "وقال الدفاع المدني إن فرقه نقلت الجرحى إلى مستشفى قريب، مشيراً إلى أن القصف تجدد مساءً.\n")


def read(*paths, manifest=None) -> list[RawDocument | ReadError]:
    return list(read_documents([str(p) for p in paths], manifest=str(manifest) if manifest else None))


def one(path, **kw) -> RawDocument:
    out = read(path, **kw)
    assert len(out) == 1 and isinstance(out[0], RawDocument), out
    return out[0]


def error(path) -> ReadError:
    out = read(path)
    assert len(out) == 1 and isinstance(out[0], ReadError), out
    return out[0]


# ---------------------------------------------------------------- plain text and its header

def test_txt_with_header(tmp_path: Path) -> None:
    p = tmp_path / "a.txt"
    p.write_text("date 2025-11-13 https://example.com/a\n\n" + ARTICLE, encoding="utf-8")
    doc = one(p)
    assert (doc.doc_id, doc.source, doc.kind, doc.encoding) == ("a", str(p), "txt", "utf-8")
    assert doc.text == p.read_text(encoding="utf-8")
    assert doc.published == dt.date(2025, 11, 13) and doc.published_source == "header"
    assert doc.url == "https://example.com/a"
    assert doc.header_end == len("date 2025-11-13 https://example.com/a\n")
    assert body_spans(doc.text, doc.header_end)[0][0] == doc.text.index("قُتل")


@pytest.mark.parametrize("first,published,url", [
    (" date 2025-11-13 https://x.test/1", dt.date(2025, 11, 13), "https://x.test/1"),   # leading space
    ("date unknown https://x.test/2", None, "https://x.test/2"),
    ("date 2025-02-30 https://x.test/3", None, "https://x.test/3"),                      # impossible date
    ("Date 2025/1/5", dt.date(2025, 1, 5), None),
])
def test_header_variants(first: str, published, url) -> None:
    head = parse_header(first + "\n" + ARTICLE)
    assert head == (published, url, len(first) + 1)


@pytest.mark.parametrize("text", ["التاريخ 2025-11-13\n" + ARTICLE, ARTICLE, "\n date 2025-11-13 x\n"])
def test_no_header(text: str) -> None:
    assert parse_header(text) is None


def test_header_only_file_is_an_error(tmp_path: Path) -> None:
    p = tmp_path / "h.txt"
    p.write_text("date 2025-11-13 https://example.com/a\n\n", encoding="utf-8")
    assert "header" in error(p).reason


# ---------------------------------------------------------------- encodings

@pytest.mark.parametrize("raw,encoding", [
    (codecs.BOM_UTF8 + ("date 2025-11-13 https://x.test/a\n" + ARTICLE).encode("utf-8"), "utf-8-sig"),
    (codecs.BOM_UTF16_LE + ("date 2025-11-13 https://x.test/a\n" + ARTICLE).encode("utf-16-le"), "utf-16"),
    (codecs.BOM_UTF16_BE + ("date 2025-11-13 https://x.test/a\n" + ARTICLE).encode("utf-16-be"), "utf-16"),
    (("date 2025-11-13 https://x.test/a\n" + ARTICLE).encode("cp1256"), "windows-1256"),
])
def test_encodings_detected_and_decoded(tmp_path: Path, raw: bytes, encoding: str) -> None:
    p = tmp_path / "enc.txt"
    p.write_bytes(raw)
    doc = one(p)
    assert doc.encoding == encoding
    assert doc.text.lstrip("\ufeff") == "date 2025-11-13 https://x.test/a\n" + ARTICLE
    assert doc.published == dt.date(2025, 11, 13)  # the header is found behind a BOM too
    assert doc.text[doc.header_end:] == ARTICLE


def test_utf8_bom_is_kept_so_offsets_match_a_plain_utf8_read(tmp_path: Path) -> None:
    p = tmp_path / "bom.txt"
    p.write_bytes(codecs.BOM_UTF8 + ARTICLE.encode("utf-8"))
    doc = one(p)
    assert doc.text == p.read_text(encoding="utf-8") and doc.text[0] == "\ufeff"


def test_crlf_becomes_newline_like_read_text(tmp_path: Path) -> None:
    p = tmp_path / "crlf.txt"
    p.write_bytes(ARTICLE.replace("\n", "\r\n").encode("utf-8"))
    assert one(p).text == p.read_text(encoding="utf-8") == ARTICLE


def test_short_windows_1256_line() -> None:
    assert decode("قتل خمسة عناصر".encode("cp1256")) == ("قتل خمسة عناصر", "windows-1256")


def test_declared_html_charset_is_used(tmp_path: Path) -> None:
    html = ('<html><head><meta charset="windows-1256"><title>اشتباكات في دير الزور</title></head><body><article>'
            '<h1>اشتباكات في دير الزور</h1><p>اندلعت اشتباكات عنيفة بين مسلحين من العشائر وقوات سوريا الديمقراطية '
            'في ريف دير الزور الشرقي، ما أسفر عن مقتل ثلاثة أشخاص على الأقل، بحسب مصادر محلية.</p></article></body></html>')
    p = tmp_path / "cp.html"
    p.write_bytes(html.encode("cp1256"))
    doc = one(p)
    assert doc.encoding == "windows-1256" and "مقتل ثلاثة أشخاص" in doc.text


# ---------------------------------------------------------------- bad inputs

@pytest.mark.parametrize("name,raw,word", [
    ("empty.txt", b"", "empty"),
    ("blank.txt", b"  \n\t\n  ", "empty"),
    ("bom_only.txt", codecs.BOM_UTF8 + b"\n", "empty"),
    ("nul.txt", b"abc\x00\x01\x02\x03def\x00" * 40, "binary"),
    ("image.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "binary"),
    ("pdf.html", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj", "binary"),
    ("controls.txt", bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15]) * 50, "binary"),
    ("noise.txt", bytes(range(0x80, 0x100)) * 20, "undecodable"),
])
def test_bad_files_give_one_line_errors(tmp_path: Path, name: str, raw: bytes, word: str) -> None:
    p = tmp_path / name
    p.write_bytes(raw)
    err = error(p)
    assert err.source == str(p) and word in err.reason
    assert str(err) == f"{p}: {err.reason}" and "\n" not in str(err)


def test_decode_error_is_raised_directly() -> None:
    with pytest.raises(DecodeError, match="empty"):
        decode(b"")


def test_missing_path(tmp_path: Path) -> None:
    err = error(tmp_path / "nope.txt")
    assert "no such file" in err.reason and err.source == str(tmp_path / "nope.txt")


def test_html_without_text_is_an_error(tmp_path: Path) -> None:
    p = tmp_path / "empty.html"
    p.write_text("<html><head><title>x</title><script>var a = 1;</script></head><body><div></div></body></html>",
                 encoding="utf-8")
    assert "no article text" in error(p).reason


def test_bad_documents_never_stop_the_others(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"\x00\x01" * 100)
    (tmp_path / "c.txt").write_bytes(b"")
    (tmp_path / "d.txt").write_text(ARTICLE, encoding="utf-8")
    out = read(tmp_path / "missing", tmp_path)
    assert [type(x).__name__ for x in out] == ["ReadError", "RawDocument", "ReadError", "ReadError", "RawDocument"]
    assert [x.doc_id for x in out if isinstance(x, RawDocument)] == ["a", "d"]


# ---------------------------------------------------------------- directories and ids

def test_directory_recursion_is_sorted_filtered_and_keeps_given_paths(tmp_path: Path, monkeypatch) -> None:
    root = tmp_path / "corpus"
    for rel in ["b.txt", "a.TXT", "sub/c.htm", "sub/deep/d.txt", "notes.md", "data.csv", ".hidden.txt"]:
        f = root / rel
        f.parent.mkdir(parents=True, exist_ok=True)
        body = f"<html><body><article><p>{ARTICLE}</p></article></body></html>" if rel.endswith("htm") else ARTICLE
        f.write_text(body, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    out = read("corpus")
    assert all(isinstance(d, RawDocument) for d in out), out
    assert [d.source for d in out] == [os.path.join("corpus", p) for p in
                                       ["a.TXT", "b.txt", os.path.join("sub", "c.htm"),
                                        os.path.join("sub", "deep", "d.txt")]]
    assert [d.kind for d in out] == ["txt", "txt", "html", "txt"]


def test_empty_directory_is_reported(tmp_path: Path) -> None:
    (tmp_path / "x.md").write_text("hi", encoding="utf-8")
    assert "no .txt" in error(tmp_path).reason


def test_doc_ids_get_a_hash_suffix_only_on_collision(tmp_path: Path) -> None:
    for d in ("one", "two"):
        (tmp_path / d).mkdir()
        (tmp_path / d / "same.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "other.txt").write_text(ARTICLE, encoding="utf-8")
    ids = [d.doc_id for d in read(tmp_path)]
    assert ids[:2] == ["same", "other"]  # one/same.txt, other.txt, two/same.txt
    assert ids[2].startswith("same-") and len(ids[2]) == len("same-") + 6
    assert ids == [d.doc_id for d in read(tmp_path)]  # stable across runs


def test_same_file_twice_is_read_once(tmp_path: Path) -> None:
    p = tmp_path / "a.txt"
    p.write_text(ARTICLE, encoding="utf-8")
    assert len(read(p, tmp_path, p)) == 1


# ---------------------------------------------------------------- JSONL / JSON records

def test_jsonl_records_and_bad_lines() -> None:
    path = FIX / "records.jsonl"
    out = read(path)
    docs = [d for d in out if isinstance(d, RawDocument)]
    errs = {e.source: e.reason for e in out if isinstance(e, ReadError)}
    assert [d.doc_id for d in docs] == ["r1", "2", "r5"]
    assert [d.source for d in docs] == [f"{path}#r1", f"{path}#2", f"{path}#r5"]
    assert set(errs) == {f"{path}:3", f"{path}:5", f"{path}:7", f"{path}:8"}
    assert "invalid JSON" in errs[f"{path}:3"] and '"id"' in errs[f"{path}:5"]
    assert "text" in errs[f"{path}:7"] and "not an object" in errs[f"{path}:8"]
    records = [json.loads(ln) for ln in path.read_text(encoding="utf-8").splitlines() if ln.startswith("{")]
    r1, r2, r5 = docs
    assert r1.text == records[0]["text"] and r2.text == records[1]["text"]  # offsets index the record text
    assert r1.published == dt.date(2025, 12, 1) and r1.published_source == "header" and r1.outlet == "رصد"
    assert r1.header_end == r1.text.index("\n") + 1
    assert (r2.url, r2.published, r2.published_source, r2.title) == (
        "https://example.com/r2", dt.date(2025, 12, 2), "record", "اعتقال خمسة في ريف دمشق")
    assert all(d.kind == "jsonl" for d in docs)
    s, e = body_spans(r2.text, r2.header_end)[0]
    assert r2.text[s:e] == records[1]["text"]


def test_jsonl_html_record_goes_through_trafilatura() -> None:
    r5 = [d for d in read(FIX / "records.jsonl") if isinstance(d, RawDocument)][-1]
    assert "انفجرت عبوة ناسفة" in r5.text and "<p>" not in r5.text
    assert r5.title == "عنوان من السجل"  # the record's own field wins over the markup
    assert r5.outlet == "موقع الشمال" and r5.url == "https://north.example/r5"
    assert r5.published == dt.date(2025, 12, 3) and r5.published_source == "html"


def test_json_list_file(tmp_path: Path) -> None:
    p = tmp_path / "batch.json"
    p.write_text(json.dumps([{"id": "x1", "text": ARTICLE}, {"id": "x2"}, {"id": "x3", "text": ARTICLE}]),
                 encoding="utf-8")
    out = read(p)
    assert [d.source for d in out] == [f"{p}#x1", f"{p}[1]", f"{p}#x3"]
    assert isinstance(out[1], ReadError) and isinstance(out[2], RawDocument)


def test_utf16_jsonl(tmp_path: Path) -> None:
    p = tmp_path / "r.jsonl"
    p.write_bytes(codecs.BOM_UTF16_LE + (json.dumps({"id": "u", "text": ARTICLE}, ensure_ascii=False) + "\n")
                  .encode("utf-16-le"))
    doc = one(p)
    assert doc.text == ARTICLE and doc.encoding == "utf-16"


# ---------------------------------------------------------------- HTML

def test_html_metadata_through_trafilatura() -> None:
    doc = one(FIX / "article.html")
    assert doc.kind == "html" and doc.doc_id == "article"
    assert doc.title == "قصف على ريف إدلب يوقع قتلى" and doc.outlet == "موقع الأخبار"
    assert doc.url == "https://news.example.com/2025/11/13/qasf"
    assert doc.published == dt.date(2025, 11, 13) and doc.published_source == "html"
    assert "قُتل ثلاثة مدنيين" in doc.text and "جميع الحقوق" not in doc.text and "<p>" not in doc.text
    assert doc.header_end == 0


# ---------------------------------------------------------------- manifests

def _corpus(tmp_path: Path) -> Path:
    d = tmp_path / "in"
    (d / "sub").mkdir(parents=True)
    (d / "a.txt").write_text("date 2025-01-01 https://header.test/a\n" + ARTICLE, encoding="utf-8")
    (d / "sub" / "b.txt").write_text(ARTICLE, encoding="utf-8")
    (d / "c.txt").write_text(ARTICLE, encoding="utf-8")
    (d / "r.jsonl").write_text(json.dumps({"id": "k", "text": ARTICLE, "outlet": "من السجل"}) + "\n",
                               encoding="utf-8")
    return d


def _check_manifest(docs: list) -> None:
    by = {d.doc_id: d for d in docs if isinstance(d, RawDocument)}
    a, b, c, k = by["a"], by["b"], by["c"], by["k"]
    # manifest beats the header, field by field; the header still fills what the manifest leaves empty
    assert (a.published, a.published_source, a.url, a.outlet) == (
        dt.date(2025, 2, 2), "manifest", "https://header.test/a", "وكالة أ")
    assert (b.url, b.title, b.published, b.published_source) == ("https://m.test/b", "عنوان ب", None, None)
    assert (c.url, c.outlet, c.published) == (None, None, None)  # not in the manifest
    assert (k.outlet, k.published) == ("من الدليل", dt.date(2025, 3, 3))


def test_manifest_csv(tmp_path: Path) -> None:
    d = _corpus(tmp_path)
    m = d / "manifest.csv"
    m.write_text("path,url,published,outlet,title\n"
                 "a.txt,,2025-02-02,وكالة أ,\n"
                 "sub/b.txt,https://m.test/b,,,عنوان ب\n"
                 "r.jsonl#k,,2025-03-03,من الدليل,\n"
                 ",https://no.path,,,\n", encoding="utf-8")
    out = read(d, manifest=m)
    errs = [e for e in out if isinstance(e, ReadError)]
    assert len(errs) == 1 and errs[0].source == f"{m}:5" and "path" in errs[0].reason
    _check_manifest(out)


def test_manifest_jsonl(tmp_path: Path) -> None:
    d = _corpus(tmp_path)
    m = tmp_path / "meta" / "manifest.jsonl"
    m.parent.mkdir()
    rows = [{"path": "../in/a.txt", "published": "2025-02-02", "outlet": "وكالة أ"},
            {"path": "../in/sub/b.txt", "url": "https://m.test/b", "title": "عنوان ب"},
            {"path": "../in/r.jsonl#k", "published": "2025-03-03T10:00:00Z", "outlet": "من الدليل"}]
    m.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n{oops\n", encoding="utf-8")
    out = read(d, manifest=m)
    errs = [e for e in out if isinstance(e, ReadError)]
    assert [e.source for e in errs] == [f"{m}:4"]
    _check_manifest(out)


def test_missing_manifest_is_reported_and_reading_goes_on(tmp_path: Path) -> None:
    d = _corpus(tmp_path)
    out = read(d, manifest=tmp_path / "none.csv")
    assert isinstance(out[0], ReadError) and "manifest" in out[0].reason
    assert len([x for x in out if isinstance(x, RawDocument)]) == 4


def test_manifest_inside_the_corpus_folder_is_not_a_document(tmp_path: Path) -> None:
    d = _corpus(tmp_path)
    m = d / "manifest.jsonl"
    m.write_text(json.dumps({"path": "c.txt", "outlet": "ج"}) + "\n", encoding="utf-8")
    out = read(d, manifest=m)
    assert all(isinstance(x, RawDocument) for x in out) and len(out) == 4
    assert {x.doc_id: x.outlet for x in out}["c"] == "ج"


def test_html_mislabelled_as_latin1_is_still_read_as_arabic(tmp_path: Path) -> None:
    html = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"></head><body>'
            f'<article><p>{ARTICLE}</p></article></body></html>')
    p = tmp_path / "old.htm"
    p.write_bytes(html.encode("cp1256"))
    doc = one(p)
    assert doc.encoding == "windows-1256" and "قصف مدفعي" in doc.text


def test_read_error_survives_pickling() -> None:
    import pickle

    err = pickle.loads(pickle.dumps(ReadError("a.txt", "empty file")))
    assert (err.source, err.reason, str(err)) == ("a.txt", "empty file", "a.txt: empty file")


def test_a_single_path_string_is_one_path(tmp_path: Path) -> None:
    p = tmp_path / "a.txt"
    p.write_text(ARTICLE, encoding="utf-8")
    assert [d.doc_id for d in read_documents(str(p))] == ["a"]


def test_manifest_row_for_a_whole_jsonl_fills_gaps_only(tmp_path: Path) -> None:
    d = _corpus(tmp_path)
    m = d / "m.csv"
    m.write_text("path,outlet,published\nr.jsonl,وكالة عامة,2025-04-04\n", encoding="utf-8")
    k = next(x for x in read(d / "r.jsonl", manifest=m) if isinstance(x, RawDocument))
    assert (k.outlet, k.published, k.published_source) == ("من السجل", dt.date(2025, 4, 4), "manifest")


def test_large_jsonl_is_read_one_line_at_a_time(tmp_path, monkeypatch):
    """The JSONL reader streams: it never reads the whole file at once."""
    import json as _json
    from pathlib import Path as _Path

    from rasd.ingest import read_documents as _read

    path = tmp_path / "big.jsonl"
    with path.open("w", encoding="utf-8") as f:
        for i in range(3000):
            f.write(_json.dumps({"id": f"r{i}", "text": "قتل 3 أشخاص في قصف على إدلب " * 20}, ensure_ascii=False) + "\n")
    monkeypatch.setattr(_Path, "read_bytes", lambda self: (_ for _ in ()).throw(AssertionError("whole-file read")))
    docs = list(_read([str(path)]))
    assert len(docs) == 3000 and docs[-1].doc_id == "r2999" and docs[0].source == f"{path}#r0"
