"""The corpus store: schema by migration, SQLite WAL, idempotent and versioned ingest,
relays, incremental linking, on SQLite and (when RASD_TEST_PG is set) PostgreSQL."""
from __future__ import annotations

import copy
import json
import os
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text

from rasd.corpus import events, ingest_records
from rasd.store import db
from rasd.store.models import Base, CanonicalEvent, Document, DocLink, Event

FIX = Path(__file__).parent / "fixtures" / "records"


def records() -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(FIX.glob("*.json"))]


def by_stem(stem: str) -> dict:
    return next(r for r in records() if r["doc_id"].startswith(stem))


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path):
    if request.param == "sqlite":
        u = f"sqlite:///{tmp_path / 'corpus.db'}"
        yield u
        db.dispose(u)
        return
    pg = os.environ.get("RASD_TEST_PG")
    if not pg:
        pytest.skip("RASD_TEST_PG not set (source .ci/postgres.sh to run the PostgreSQL tests)")
    u = db.resolve_url(pg)
    db.dispose(u)
    eng = create_engine(u, isolation_level="AUTOCOMMIT")
    with eng.connect() as c:
        c.execute(text("DROP SCHEMA public CASCADE"))
        c.execute(text("CREATE SCHEMA public"))
    eng.dispose()
    yield u
    db.dispose(u)


def count(u: str, model) -> int:
    with db.session_scope(u) as s:
        return s.scalar(select(func.count()).select_from(model))


def groups(u: str) -> set[frozenset[str]]:
    """Canonical events as sets of (doc prefix, event id)."""
    return {frozenset(f"{s['doc_id'][:3]}:{s['event_id']}" for s in ev["sources"]) for ev in events(u)}


def test_migrations_match_models(tmp_path):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    eng = db.make_engine(f"sqlite:///{tmp_path / 'm.db'}")
    db.migrate(eng)
    with eng.connect() as c:
        diff = compare_metadata(MigrationContext.configure(c), Base.metadata)
    assert diff == []
    eng.dispose()


def test_sqlite_is_wal_with_foreign_keys(tmp_path):
    eng = db.get_engine(f"sqlite:///{tmp_path / 'w.db'}")
    with eng.connect() as c:
        assert c.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert c.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    db.dispose(f"sqlite:///{tmp_path / 'w.db'}")


def test_url_resolution(monkeypatch):
    monkeypatch.delenv("RASD_DB", raising=False)
    assert db.resolve_url(None) == "sqlite:///rasd.db"
    monkeypatch.setenv("RASD_DB", "sqlite:////tmp/x.db")
    assert db.resolve_url(None) == "sqlite:////tmp/x.db"
    assert db.resolve_url("postgresql://u@h/d") == "postgresql+psycopg://u@h/d"
    assert db.resolve_url("sqlite:///a.db") == "sqlite:///a.db"


def test_ingest_is_idempotent(url):
    first = ingest_records(records(), url)
    assert (first.added, first.unchanged, first.errors) == (5, 0, [])
    n_docs, n_events, n_canon = count(url, Document), count(url, Event), count(url, CanonicalEvent)
    before = groups(url)
    again = ingest_records(records(), url)
    assert (again.added, again.versions, again.unchanged, again.events) == (0, 0, 5, 0)
    assert (count(url, Document), count(url, Event), count(url, CanonicalEvent)) == (n_docs, n_events, n_canon)
    assert groups(url) == before


def test_same_text_under_another_path_adds_nothing(url):
    ingest_records(records(), url)
    moved = [dict(r, source="elsewhere/" + r["source"], doc_id="x" + r["doc_id"]) for r in records()]
    s = ingest_records(moved, url)
    assert (s.added, s.unchanged) == (0, 5)


def test_changed_text_is_a_new_version(url):
    ingest_records(records(), url)
    rec = copy.deepcopy(by_stem("002"))
    rec["text"] = rec["text"] + "\nتحديث: أضيفت هذه الجملة لاحقاً.\n"
    rec.pop("text_sha256")
    s = ingest_records([rec], url)
    assert (s.added, s.versions) == (0, 1)
    with db.session_scope(url) as ses:
        rows = ses.execute(select(Document.version, Document.is_current)
                           .where(Document.doc_id == rec["doc_id"]).order_by(Document.version)).all()
        assert [tuple(r) for r in rows] == [(1, False), (2, True)]
        old = ses.scalar(select(Document.id).where(Document.doc_id == rec["doc_id"], Document.version == 1))
        assert ses.scalar(select(func.count()).select_from(Event).where(Event.document_id == old)) == 0
    # the statement is still one event reported by three documents, now through the new version
    s1 = next(ev for ev in events(url) if ev["time"]["start"] == "2025-10-01")
    assert sorted(x["doc_id"][:3] for x in s1["sources"]) == ["000", "001", "002"]


def test_incremental_ingest_links_to_existing_events(url):
    recs = records()
    ingest_records(recs[:2], url)
    s = ingest_records(recs[2:], url)
    assert s.canonical_joined >= 2  # the statement and the weapons-cache operation found their events
    other = f"sqlite:///{Path(url.split('///')[-1]).parent / 'oneshot.db'}" if url.startswith("sqlite") else None
    if other:
        ingest_records(recs, other)
        assert groups(url) == groups(other)
        db.dispose(other)


def test_syndicated_copy_is_a_relay_of_one_report(url):
    ingest_records(records(), url)
    orig = by_stem("000")
    copy_rec = copy.deepcopy(orig)
    copy_rec.update(doc_id="copy-000", source="mirror/copy-000.txt", url="https://mirror.example/a/1",
                    outlet="Mirror Site")
    copy_rec["text"] = orig["text"] + "\nشارك هذا الخبر\n"
    copy_rec.pop("text_sha256")
    s = ingest_records([copy_rec], url)
    assert (s.added, s.relays) == (1, 1)
    with db.session_scope(url) as ses:
        link = ses.execute(select(DocLink.kind, DocLink.similarity)).one()
        assert link.kind == "relay" and link.similarity >= 0.85
        root = ses.scalar(select(Document.report_root_id).where(Document.doc_id == "copy-000"))
        assert root == ses.scalar(select(Document.id).where(Document.doc_id == orig["doc_id"]))
    s1 = next(ev for ev in events(url) if ev["time"]["start"] == "2025-10-01")
    assert "copy-000" in {x["doc_id"] for x in s1["sources"]}
    raids = next(ev for ev in events(url) if any(q["kind"] == "raids" for q in ev["quantities"]))
    assert {x["doc_id"] for x in raids["sources"]} == {orig["doc_id"], "copy-000"}
    q = next(q for q in raids["quantities"] if q["kind"] == "raids")
    assert q["sources"] == 1 and len(q["claims"]) == 2  # a relay adds a claim, not a source


def test_bad_records_are_reported_not_fatal(url):
    recs = records()[:1] + ["cannot read broken.html", {"doc_id": "x", "events": "not a list"}]
    s = ingest_records(recs, url)
    assert s.added == 1
    assert len(s.errors) == 2 and "broken.html" in s.errors[0] and "without text" in s.errors[1]
