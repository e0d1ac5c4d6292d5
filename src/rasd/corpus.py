"""The corpus functions every face calls: ingest, events, stats, conflicts.

``ingest`` streams Document records (from the extractor, or given directly to
:func:`ingest_records`) into the store in batches: each record is stored
(idempotently, with versions), checked for syndicated copies (MinHash/LSH),
its events' evidence is embedded, and the events are linked incrementally to
canonical events, whose reconciled view and containment are refreshed.  Each
batch is one transaction, so an interrupted ingest loses at most a batch and
the next run picks up (idempotency skips what is stored).
"""
from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from rasd.export.records import corpus_event
from rasd.link import dedup
from rasd.link.aggregates import totals
from rasd.link.encoder import get_encoder
from rasd.link.linker import Linker, count_canonical, unlinked_events
from rasd.store.db import get_engine
from rasd.store.models import CanonicalEvent, Containment, DocLink, DocSignature, Document, LshKey
from rasd.store.views import ViewCache
from rasd.store.writer import parse_date, store_records

BATCH = 64
Progress = Callable[[dict, "IngestSummary"], None]


@dataclass
class IngestSummary:
    documents: int = 0          # records read
    added: int = 0              # new documents
    versions: int = 0           # new versions of known documents
    unchanged: int = 0          # already stored: nothing added
    relays: int = 0             # syndicated copies of a stored document
    near_duplicates: int = 0
    events: int = 0             # event reports stored
    canonical_created: int = 0  # new canonical events
    canonical_joined: int = 0   # reports linked to an existing canonical event
    containments: int = 0       # aggregate -> event inclusions recorded (in refreshed events)
    encoded: int = 0            # evidence texts embedded (only where similarity could decide a link)
    compared: int = 0           # candidate reports compared with new reports (after blocking)
    canonical_total: int = 0
    encoder: str | None = None
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage
    errors: list[str] = field(default_factory=list)

    def timed(self, stage: str, t0: float) -> float:
        now = time.perf_counter()
        self.timings[stage] = round(self.timings.get(stage, 0.0) + now - t0, 3)
        return now

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class EventFilter:
    """Which canonical events to list.  Dates select events whose time overlaps the range;
    ``type`` matches the event type exactly (case-insensitive); ``actor`` and ``place`` match
    a substring of an actor/target name or of the place name/admin1/country."""

    date_from: date | None = None
    date_to: date | None = None
    type: str | None = None
    actor: str | None = None
    place: str | None = None

    def matches(self, ev: dict) -> bool:
        if self.type and (ev.get("type") or "").lower() != self.type.lower():
            return False
        if self.actor:
            a = self.actor.lower()
            if not any(a in (n or "").lower() for n in (ev.get("actors") or []) + (ev.get("targets") or [])):
                return False
        if self.place:
            loc = ev.get("location") or {}
            p = self.place.lower()
            if not any(p in (loc.get(k) or "").lower() for k in ("name_en", "admin1", "country")):
                return False
        return True


def ingest(paths: Sequence[str | Path], manifest: str | Path | None = None, db_url: str | None = None,
           progress: bool | Progress = True) -> IngestSummary:
    """Extract every document under ``paths`` and ingest it into the corpus at ``db_url``."""
    from rasd.extract import extract_records

    return ingest_records(extract_records([str(p) for p in paths], manifest), db_url, progress=progress)


def ingest_records(records: Iterable, db_url: str | None = None, progress: bool | Progress = False,
                   batch_size: int = BATCH) -> IngestSummary:
    """Ingest Document records (dicts; anything else is counted as a read error)."""
    t0 = time.perf_counter()
    summary = IngestSummary()
    engine = get_engine(db_url)
    bar = _RichProgress() if progress is True else None
    report = bar.update if bar else (progress if callable(progress) else None)
    try:
        with Session(engine, expire_on_commit=False) as s:
            cache = ViewCache(s)
            leftover = unlinked_events(s)  # from an interrupted run
            if leftover:
                _link(s, cache, leftover, set(), summary)
                s.commit()
            batch: list = []
            for rec in records:
                batch.append(rec)
                if len(batch) >= batch_size:
                    _ingest_batch(s, cache, batch, summary)
                    batch = []
                    if report:
                        report({"stage": "ingest"}, summary)
            if batch:
                _ingest_batch(s, cache, batch, summary)
            summary.canonical_total = count_canonical(s)
    finally:
        summary.seconds = round(time.perf_counter() - t0, 3)
        if report:
            report({"stage": "done"}, summary)
        if bar:
            bar.close()
    return summary


def _ingest_batch(s: Session, cache: ViewCache, batch: list, summary: IngestSummary) -> None:
    good: list[dict] = []
    for rec in batch:
        summary.documents += 1
        if not isinstance(rec, dict):
            summary.errors.append(str(rec))
        elif not isinstance(rec.get("text"), str) or not rec["text"].strip():
            summary.errors.append(f"{rec.get('source') or rec.get('doc_id')}: record without text")
        else:
            good.append(rec)
    t = time.perf_counter()
    try:
        with s.begin_nested():
            results = store_records(s, good)
    except Exception:  # noqa: BLE001 - find the bad record(s): store one by one
        results = []
        for rec in good:
            try:
                with s.begin_nested():
                    results.append(store_records(s, [rec])[0])
            except Exception as err:  # noqa: BLE001 - a bad record must not stop the corpus
                summary.errors.append(f"{rec.get('source') or rec.get('doc_id')}: {type(err).__name__}: {err}")
                results.append(None)
    new_events, touched = [], set()
    for rec, stored in zip(good, results):
        if stored is None:
            continue
        if stored.status == "unchanged":
            summary.unchanged += 1
            continue
        summary.added += stored.status == "added"
        summary.versions += stored.status == "version"
        touched |= stored.touched_canonicals
        if stored.status == "version":
            cache.forget(doc_ids=[stored.document.id])
        new_events.extend(stored.events)
        summary.events += len(stored.events)
    t = summary.timed("store", t)
    _dedup_batch(s, [(st.document, rec) for rec, st in zip(good, results)
                     if st is not None and st.document is not None], summary)
    t = summary.timed("dedup", t)
    _link(s, cache, new_events, touched, summary)
    t = time.perf_counter()
    s.commit()
    summary.timed("commit", t)


def _link(s: Session, cache: ViewCache, event_ids: list[int], touched: set[int], summary: IngestSummary) -> None:
    linker = Linker(s, cache)
    t = time.perf_counter()
    st = linker.link(event_ids)
    t = summary.timed("link", t)
    linker.refresh(st.dirty | touched)
    summary.timed("reconcile", t)
    if linker.vectors.encoded:
        summary.encoder = get_encoder().name
        summary.encoded += linker.vectors.encoded
    summary.canonical_created += st.created
    summary.canonical_joined += st.joined
    summary.compared += st.compared
    summary.containments += st.containments


def _dedup_batch(s: Session, docs: list, summary: IngestSummary) -> None:
    """Find syndicated copies among earlier documents and earlier documents of this batch."""
    sigs = [(doc, dedup.signature(dedup.article_text(rec))) for doc, rec in docs]
    sigs = [(d, g) for d, g in sigs if g is not None]
    if not sigs:
        return
    keys = {d.id: g.keys() for d, g in sigs}
    all_keys = {k for ks in keys.values() for k in ks}
    by_key: dict[int, set[int]] = {}
    for i in range(0, len(all_keys), 5000):
        chunk = list(all_keys)[i:i + 5000]
        for k, pk in s.execute(select(LshKey.key, LshKey.document_id).where(LshKey.key.in_(chunk))):
            by_key.setdefault(k, set()).add(pk)
    stored: dict[int, dedup.Signature] = {}
    cand_all = {pk for pks in by_key.values() for pk in pks}
    if cand_all:
        for pk, b, skey in s.execute(select(DocSignature.document_id, DocSignature.hashvalues, Document.source_key)
                                     .join(Document, Document.id == DocSignature.document_id)
                                     .where(DocSignature.document_id.in_(cand_all), Document.is_current.is_(True))):
            stored[pk] = (dedup.Signature.from_bytes(b), skey)
    links, roots = [], {}
    seen: list[tuple] = []  # this batch so far
    for doc, sig in sigs:
        cands = [(pk, stored[pk][0]) for k in keys[doc.id] for pk in by_key.get(k, ())
                 if pk in stored and stored[pk][1] != doc.source_key]
        cands += [(d.id, g) for d, g in seen if d.source_key != doc.source_key
                  and set(keys[d.id]) & set(keys[doc.id])]
        hit = dedup.best_copy(sig, list(dict(cands).items()))
        if hit:
            other, j, kind = hit
            roots[doc.id] = roots.get(other) or other
            links.append({"document_id": doc.id, "other_id": other, "kind": kind, "similarity": round(j, 4)})
            summary.relays += kind == "relay"
            summary.near_duplicates += kind == "near_duplicate"
        seen.append((doc, sig))
    if roots:
        known = dict(s.execute(select(Document.id, Document.report_root_id)
                               .where(Document.id.in_(set(roots.values())))).all())
        for pk, root in roots.items():
            s.execute(update(Document).where(Document.id == pk).values(report_root_id=known.get(root) or root))
        s.execute(insert(DocLink), links)
    s.execute(insert(DocSignature), [{"document_id": d.id, "num_perm": len(g.hashvalues),
                                      "hashvalues": g.to_bytes()} for d, g in sigs])
    s.execute(insert(LshKey), [{"key": k, "document_id": d.id} for d, _ in sigs for k in keys[d.id]])


# -- reading the corpus ---------------------------------------------------------------------------

def events(db_url: str | None = None, filters: EventFilter | dict | None = None,
           internal: bool = False) -> Iterator[dict]:
    """Every canonical event as a CorpusEvent record, in date order, optionally filtered."""
    f = EventFilter(**filters) if isinstance(filters, dict) else (filters or EventFilter())
    for k in ("date_from", "date_to"):
        v = getattr(f, k)
        if isinstance(v, str):
            setattr(f, k, parse_date(v))
    engine = get_engine(db_url)
    with Session(engine) as s:
        contains: dict[int, list[int]] = {}
        within: dict[int, list[int]] = {}
        for a, b in s.execute(select(Containment.container_id, Containment.member_id)):
            contains.setdefault(a, []).append(b)
            within.setdefault(b, []).append(a)
        q = select(CanonicalEvent.id, CanonicalEvent.summary, CanonicalEvent.updated_at)
        if f.date_from:
            q = q.where(CanonicalEvent.t_end >= f.date_from)
        if f.date_to:
            q = q.where(CanonicalEvent.t_start <= f.date_to)
        q = q.order_by(CanonicalEvent.t_start.is_(None), CanonicalEvent.t_start, CanonicalEvent.id)
        for cid, summ, updated in s.execute(q.execution_options(yield_per=500)):
            ev = corpus_event(cid, summ or {}, contains.get(cid, ()), within.get(cid, ()), internal=True)
            if not f.matches(ev):
                continue
            if internal:
                ev["_timestamp"] = int(updated.timestamp()) if updated else None
            else:
                ev = {k: v for k, v in ev.items() if not k.startswith("_")}
            yield ev


def stats(db_url: str | None = None, by: Sequence[str] = ("kind",), filters: EventFilter | dict | None = None,
          ) -> dict:
    """Totals of reconciled figures per kind (and party/place/period), each figure counted once.

    Events already included in an aggregate of the same group are left out; every total lists
    what it counted and what it left out.
    """
    bad = set(by) - {"kind", "party", "place", "period"}
    if bad:
        raise ValueError(f"cannot group by {', '.join(sorted(bad))}: use kind, party, place, period")
    evs = list(events(db_url, filters))
    return {"by": ["kind"] + [b for b in by if b != "kind"], "events": len(evs), "totals": totals(evs, by)}


def conflicts(db_url: str | None = None, filters: EventFilter | dict | None = None) -> Iterator[dict]:
    """Canonical events whose reports disagree (figures, ranks, dates, places, type), with who says what."""
    for ev in events(db_url, filters):
        if ev.get("conflicts"):
            yield {"id": ev["id"], "type": ev.get("type"), "time": ev.get("time"),
                   "location": (ev.get("location") or {}).get("name_en"),
                   "sources": [s["doc_id"] for s in ev.get("sources") or []],
                   "conflicts": ev["conflicts"]}


class _RichProgress:
    """A Rich progress line on stderr (documents read, stored, linked)."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        self._p = Progress(SpinnerColumn(), TextColumn("[bold]ingest[/]"), BarColumn(),
                           TextColumn("{task.fields[info]}"), TimeElapsedColumn(),
                           console=Console(stderr=True), transient=False)
        self._task = self._p.add_task("ingest", total=None, info="")
        self._p.start()

    def update(self, _stage: dict, s: IngestSummary) -> None:
        self._p.update(self._task, completed=s.documents,
                       info=f"{s.documents} docs, {s.added + s.versions} stored, {s.events} events, "
                            f"{s.canonical_joined} linked")

    def close(self) -> None:
        self._p.stop()
