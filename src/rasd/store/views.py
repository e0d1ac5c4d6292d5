"""Stored rows -> the plain views the linking rules take (``rasd.link.model``).

Views are loaded in bulk (one query for events, one for their claims, one for
their documents) and kept in a bounded LRU cache, so linking a batch touches
the database a few times, not once per candidate, and memory stays flat however
large the corpus grows.
"""
from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from rasd.link.encoder import from_bytes
from rasd.link.model import ClaimView, EventView, Place, TimeSpan
from rasd.store.models import Claim, Document, Entity, Event, Mention

_EVENT_COLS = (Event.id, Event.document_id, Event.local_id, Event.type, Event.sub_type, Event.plover,
               Event.granularity, Event.t_start, Event.t_end, Event.precision, Event.location, Event.loc_key,
               Event.actors, Event.targets, Event.claimant, Event.vec, Event.vec_model, Event.reported, Event.story,
               Event.evidence_text)
_DOC_COLS = (Document.id, Document.doc_id, Document.source, Document.outlet, Document.published,
             Document.report_root_id)


def _place(loc: dict | None, key: str | None) -> Place | None:
    if not loc:
        return None
    f = lambda k: loc.get(k) if isinstance(loc.get(k), (int, float)) else None  # noqa: E731
    prec = loc.get("precision")
    return Place(key, loc.get("name_en"), f("lat"), f("lon"), loc.get("country"), loc.get("admin1"),
                 int(prec) if isinstance(prec, (int, float)) else None)


class ViewCache:
    """Bounded cache of event views and document facts for one session."""

    def __init__(self, session: Session, maxsize: int = 16000):
        self.session = session
        self.maxsize = maxsize
        self._views: OrderedDict[int, EventView] = OrderedDict()
        self._docs: OrderedDict[int, tuple] = OrderedDict()

    def forget(self, event_ids: Iterable[int] = (), doc_ids: Iterable[int] = ()) -> None:
        for i in event_ids:
            self._views.pop(i, None)
        for i in doc_ids:
            self._docs.pop(i, None)

    def docs(self, ids: Iterable[int]) -> dict[int, tuple]:
        ids = set(ids)
        missing = [i for i in ids if i not in self._docs]
        for chunk in _chunks(missing):
            for row in self.session.execute(select(*_DOC_COLS).where(Document.id.in_(chunk))):
                self._docs[row[0]] = tuple(row)
        out = {}
        for i in ids:
            if i in self._docs:
                self._docs.move_to_end(i)
                out[i] = self._docs[i]
        _trim(self._docs, self.maxsize)
        return out

    def get(self, ids: Iterable[int]) -> dict[int, EventView]:
        ids = list(dict.fromkeys(ids))
        missing = [i for i in ids if i not in self._views]
        for chunk in _chunks(missing):
            rows = self.session.execute(select(*_EVENT_COLS).where(Event.id.in_(chunk))).all()
            claims: dict[int, list[ClaimView]] = {}
            for c in self.session.execute(
                    select(Claim.event_id, Claim.kind, Claim.value, Claim.qualifier, Claim.low, Claim.high,
                           Claim.party_key, Claim.party_name, Claim.span_start, Claim.span_end)
                    .where(Claim.event_id.in_(chunk)).order_by(Claim.id)):
                span = (c.span_start, c.span_end) if c.span_start is not None else None
                claims.setdefault(c.event_id, []).append(
                    ClaimView(c.kind, int(c.value), c.qualifier, c.low, c.high, c.party_key, c.party_name, span))
            docs = self.docs(r.document_id for r in rows)
            for r in rows:
                d = docs[r.document_id]
                self._views[r.id] = EventView(
                    pk=r.id, doc_pk=r.document_id, doc_id=d[1], source=d[2], outlet=d[3], published=d[4],
                    report_root=d[5], local_id=r.local_id, type=r.type, sub_type=r.sub_type, plover=r.plover,
                    granularity=r.granularity, time=TimeSpan(r.t_start, r.t_end, r.precision),
                    place=_place(r.location, r.loc_key),
                    actors=tuple((a[0], a[1]) for a in r.actors or []),
                    targets=tuple((a[0], a[1]) for a in r.targets or []),
                    claimant=(r.claimant[0], r.claimant[1]) if r.claimant else None,
                    claims=tuple(claims.get(r.id, ())), vec=from_bytes(r.vec), vec_model=r.vec_model,
                    reported=bool(r.reported), story=r.story or 0, text=r.evidence_text or "",
                    extra={"inter": {a[1]: a[2] for a in (r.actors or []) + (r.targets or []) if len(a) > 2}})
        out = {}
        for i in ids:
            if i in self._views:
                self._views.move_to_end(i)
                out[i] = self._views[i]
        _trim(self._views, self.maxsize)
        return out


def person_titles(session: Session, doc_ids: Iterable[int]) -> dict[int, dict[str, tuple[str, list[str]]]]:
    """Per document, the titles its mentions give each person: ``{doc: {key: (name, [titles])}}``."""
    out: dict[int, dict[str, tuple[str, list[str]]]] = {}
    for chunk in _chunks(list(set(doc_ids))):
        q = (select(Entity.document_id, Entity.key, Entity.name_en, Entity.name_ar, Mention.title)
             .join(Mention, Mention.entity_id == Entity.id)
             .where(Entity.document_id.in_(chunk), Entity.type == "person", Mention.title.is_not(None)))
        for doc, key, en, ar, title in session.execute(q):
            name, titles = out.setdefault(doc, {}).setdefault(key, (en or ar or key, []))
            if title not in titles:
                titles.append(title)
    return out


def _chunks(ids: list[int], n: int = 500):
    for i in range(0, len(ids), n):
        yield ids[i:i + n]


def _trim(d: OrderedDict, maxsize: int) -> None:
    while len(d) > maxsize:
        d.popitem(last=False)
