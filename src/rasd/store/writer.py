"""Document records -> rows: versions, entities, mentions, events, claims.

Identity rules (why ingest is idempotent):

* a text already stored as the current version of its source, or as the
  current version of any source (the same file under another path), adds
  nothing;
* a source (URL, else input path) seen before with another text gets a new
  version; the previous version stays (text and record) but stops being
  current, and its events leave the corpus (their canonical events are
  recomputed).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from rasd.link import timespan
from rasd.link.keys import entity_key, name_key
from rasd.link.model import TimeSpan
from rasd.store.models import Claim, Document, Entity, Event, Membership, Mention, utcnow

GRANULARITIES = ("incident", "aggregate")
PRECISIONS = ("day", "week", "month", "year", "unknown")
QUALIFIERS = ("exact", "about", "more_than", "less_than", "at_least", "at_most")
MAX_EVIDENCE_CHARS = 1200


@dataclass
class StoredDoc:
    id: int
    doc_id: str
    source_key: str


@dataclass
class Stored:
    status: str  # added | version | unchanged
    document: StoredDoc | None = None
    events: list[int] = field(default_factory=list)  # ids of the stored events
    touched_canonicals: set[int] = field(default_factory=set)  # canonical events that lost members


def source_key(rec: dict) -> str:
    return str(rec.get("url") or rec.get("source") or rec.get("doc_id"))


def text_sha(rec: dict) -> str:
    return rec.get("text_sha256") or hashlib.sha256((rec.get("text") or "").encode("utf-8")).hexdigest()


def parse_date(s) -> date | None:
    if not s or not isinstance(s, str):
        return None
    try:
        if len(s) == 4:
            return date(int(s), 1, 1)
        if len(s) == 7:
            return date(int(s[:4]), int(s[5:7]), 1)
        return date.fromisoformat(s[:10])
    except ValueError:
        return None


def event_time(ev: dict, published: date | None) -> TimeSpan:
    """The event's dates; an aggregate counted "since X" runs until publication."""
    t = ev.get("time") or {}
    s, e = parse_date(t.get("start")), parse_date(t.get("end"))
    prec = t.get("precision") if t.get("precision") in PRECISIONS else ("day" if s or e else "unknown")
    if s and e and e < s:
        s, e = e, s
    if s and not e:
        e = published if ev.get("granularity") == "aggregate" and published and published >= s else s
    if e and not s:
        s = e
    return TimeSpan(s, e, prec if (s or e) else "unknown")


def _evidence_text(text: str, spans) -> str:
    parts, n = [], 0
    for sp in spans or []:
        try:
            s, e = int(sp[0]), int(sp[1])
        except (TypeError, ValueError, IndexError):
            continue
        piece = " ".join(text[max(0, s):max(0, e)].split())
        if piece and piece not in parts:
            parts.append(piece)
            n += len(piece)
        if n >= MAX_EVIDENCE_CHARS:
            break
    return " ".join(parts)[:MAX_EVIDENCE_CHARS]


def _int(x) -> int | None:
    try:
        return None if x is None else int(x)
    except (TypeError, ValueError):
        return None


def store_record(session: Session, rec: dict) -> Stored:
    """Store one Document record (see the module docstring for what counts as new)."""
    return store_records(session, [rec])[0]


def store_records(session: Session, recs: list[dict]) -> list[Stored]:
    """Store a batch of Document records with a handful of statements for the whole batch.

    A source seen twice in one batch is stored in order (the later text becomes a new version).
    """
    shas = [text_sha(r) for r in recs]
    keys = [source_key(r) for r in recs]
    known = set(session.scalars(select(Document.sha256).where(Document.sha256.in_(set(shas)),
                                                              Document.is_current.is_(True))))
    prevs = {k: (i, v) for k, i, v in session.execute(
        select(Document.source_key, Document.id, Document.version)
        .where(Document.source_key.in_(set(keys)), Document.is_current.is_(True)))}
    out: list[Stored | None] = [None] * len(recs)
    plans: list[tuple[int, dict]] = []
    later: list[int] = []
    batch_keys: set[str] = set()
    for i, (rec, sha, key) in enumerate(zip(recs, shas, keys)):
        if sha in known:
            out[i] = Stored("unchanged")
            continue
        if key in batch_keys:
            later.append(i)  # a second text of one source in this batch: after the first is stored
            continue
        batch_keys.add(key)
        known.add(sha)
        prev = prevs.get(key)
        st = Stored("version" if prev else "added")
        if prev is not None:
            st.touched_canonicals = _supersede(session, prev[0])
        out[i] = st
        plans.append((i, _plan(rec, sha, key, prev[1] + 1 if prev else 1)))
    if plans:
        _insert(session, plans, out)
    for i in later:
        out[i] = store_records(session, [recs[i]])[0]
    return out  # type: ignore[return-value]


def _supersede(session: Session, doc_pk: int) -> set[int]:
    """Retire a document's current version: its events leave the corpus; returns their canonical events."""
    touched: set[int] = set()
    session.execute(update(Document).where(Document.id == doc_pk).values(is_current=False))
    ev_ids = list(session.scalars(select(Event.id).where(Event.document_id == doc_pk)))
    if ev_ids:
        touched = set(session.scalars(select(Membership.canonical_id).where(Membership.event_id.in_(ev_ids))))
        session.execute(delete(Membership).where(Membership.event_id.in_(ev_ids)))
        session.execute(delete(Claim).where(Claim.event_id.in_(ev_ids)))
        session.execute(delete(Event).where(Event.id.in_(ev_ids)))
    ent_ids = list(session.scalars(select(Entity.id).where(Entity.document_id == doc_pk)))
    if ent_ids:
        session.execute(delete(Mention).where(Mention.entity_id.in_(ent_ids)))
        session.execute(delete(Entity).where(Entity.id.in_(ent_ids)))
    return touched


def _plan(rec: dict, sha: str, key: str, version: int) -> dict:
    """The rows of one record, without database ids (filled in by ``_insert``)."""
    text = rec.get("text") or ""
    published = parse_date(rec.get("published"))
    doc_id = str(rec.get("doc_id") or key)
    doc = dict(doc_id=doc_id, source=str(rec.get("source") or doc_id), source_key=key, url=rec.get("url"),
               outlet=rec.get("outlet"), published=published, title=rec.get("title"), text=text, sha256=sha,
               version=version, is_current=True, report_root_id=None,
               record={k: v for k, v in rec.items() if k != "text"}, ingested_at=utcnow())

    ents: dict[str, tuple[str, str | None, dict]] = {}
    ent_rows, ent_mentions = [], []
    for ent in rec.get("entities") or []:
        if not isinstance(ent, dict):
            continue
        k = entity_key(ent, doc_id)
        ents[str(ent.get("id"))] = (k, ent.get("name_en") or ent.get("name_ar"), ent)
        geo = ent.get("geo") if isinstance(ent.get("geo"), dict) else {}
        ent_rows.append({"local_id": str(ent.get("id")), "key": k,
                         "type": str(ent.get("type") or "other"), "name_en": ent.get("name_en"),
                         "name_ar": ent.get("name_ar"), "lat": geo.get("lat"), "lon": geo.get("lon"),
                         "country": geo.get("country"), "admin1": geo.get("admin1"), "admin2": geo.get("admin2"),
                         "precision": _int(geo.get("precision"))})
        ms = []
        for m in ent.get("mentions") or []:
            sp = (m.get("span") if isinstance(m, dict) else None) or [None, None]
            if _int(sp[0]) is not None and _int(sp[1]) is not None:
                ms.append({"start": int(sp[0]), "end": int(sp[1]), "title": m.get("title")})
        ent_mentions.append(ms)

    def ref(eid) -> list | None:
        if eid is None:
            return None
        if str(eid) in ents:
            k, name, ent = ents[str(eid)]
            inter = _int(ent.get("acled_inter"))
            return [k, name or k] + ([inter] if inter is not None else [])
        return [name_key(str(eid)) or f"id:{doc_id}:{eid}", str(eid)]

    ev_rows, ev_claims = [], []
    for ev in rec.get("events") or []:
        if not isinstance(ev, dict):
            continue
        gran = ev.get("granularity") if ev.get("granularity") in GRANULARITIES else "incident"
        t = event_time({**ev, "granularity": gran}, published)
        w = timespan.window(t, published)
        loc = ev.get("location") if isinstance(ev.get("location"), dict) else None
        loc_key = None
        if loc:
            ent = ents.get(str(loc.get("entity"))) if loc.get("entity") is not None else None
            loc_key = ent[0] if ent else name_key(loc.get("name_en"))
        ev_rows.append(dict(
            local_id=str(ev.get("id")), type=ev.get("type"), sub_type=ev.get("sub_type"),
            plover=ev.get("plover"), granularity=gran, story=_int(ev.get("story")) or 0,
            reported=bool(ev.get("reported", True)), t_start=t.start, t_end=t.end, precision=t.precision,
            b_lo=w[0] if w else None, b_hi=w[1] if w else None, location=loc, loc_key=loc_key,
            country=(loc or {}).get("country"), admin1=(loc or {}).get("admin1"),
            actors=[r for r in map(ref, ev.get("actors") or []) if r],
            targets=[r for r in map(ref, ev.get("targets") or []) if r],
            claimant=ref(ev.get("claimant")), evidence=ev.get("evidence") or [],
            evidence_text=_evidence_text(text, ev.get("evidence")), vec=None, vec_model=None))
        cl = []
        for q in ev.get("quantities") or []:
            v = _int(q.get("value")) if isinstance(q, dict) else None
            if v is None or not q.get("kind"):
                continue
            party = ref(q.get("party"))
            sp = q.get("span") or [None, None]
            cl.append({"kind": str(q["kind"]), "value": v,
                       "qualifier": q.get("qualifier") if q.get("qualifier") in QUALIFIERS else "exact",
                       "low": _int(q.get("low")), "high": _int(q.get("high")),
                       "party_key": party[0] if party else None, "party_name": party[1] if party else None,
                       "span_start": _int(sp[0]), "span_end": _int(sp[1])})
        ev_claims.append(cl)
    return {"doc": doc, "entities": ent_rows, "mentions": ent_mentions, "events": ev_rows, "claims": ev_claims}


def _insert(session: Session, plans: list[tuple[int, dict]], out: list) -> None:
    """Insert the planned rows of many documents: one statement per table, ids returned in order."""
    doc_ids = session.scalars(insert(Document).returning(Document.id, sort_by_parameter_order=True),
                              [p["doc"] for _, p in plans]).all()
    ent_rows, ment_groups, ev_rows, claim_groups, ev_owner = [], [], [], [], []
    for (i, p), did in zip(plans, doc_ids):
        out[i].document = StoredDoc(did, p["doc"]["doc_id"], p["doc"]["source_key"])
        ent_rows += [{**e, "document_id": did} for e in p["entities"]]
        ment_groups += p["mentions"]
        ev_rows += [{**e, "document_id": did} for e in p["events"]]
        claim_groups += p["claims"]
        ev_owner += [i] * len(p["events"])
    if ent_rows:
        ids = session.scalars(insert(Entity).returning(Entity.id, sort_by_parameter_order=True), ent_rows).all()
        rows = [{**m, "entity_id": e} for e, ms in zip(ids, ment_groups) for m in ms]
        if rows:
            session.execute(insert(Mention), rows)
    if ev_rows:
        ids = session.scalars(insert(Event).returning(Event.id, sort_by_parameter_order=True), ev_rows).all()
        rows = [{**c, "event_id": e} for e, cl in zip(ids, claim_groups) for c in cl]
        if rows:
            session.execute(insert(Claim), rows)
        for e, i in zip(ids, ev_owner):
            out[i].events.append(e)
