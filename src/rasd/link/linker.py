"""Incremental corpus linking: new events join (or found) canonical events.

Each new event is compared only with canonical events whose blocking window
(dates widened by imprecision, ``b_lo``..``b_hi``, indexed) overlaps its own,
of the same granularity, a compatible country and province; nothing already linked is
recomputed except the canonical events that gained or lost a member, whose
reconciled view and containment relations are refreshed.
"""
from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta
from dataclasses import dataclass, field
from functools import lru_cache

from sqlalchemy import Date, bindparam, delete, func, insert, or_, select, text, update
from sqlalchemy.orm import Session

from rasd.link import aggregates, blocking, timespan
from rasd.link.config import cfg
from rasd.link.coref import best_match
from rasd.link.encoder import from_bytes, get_encoder, to_bytes
from rasd.link.model import EventView, TimeSpan
from rasd.link.reconcile import reconcile
from rasd.store.models import CanonicalEvent, Containment, Event, Membership, utcnow
from rasd.store.writer import parse_date
from rasd.store.views import ViewCache, person_titles


_INS_MEMBER = Membership.__table__.insert()
_INS_CANON = CanonicalEvent.__table__.insert().returning(CanonicalEvent.__table__.c.id)
_T = CanonicalEvent.__table__
_UPD_CANON = _T.update().where(_T.c.id == bindparam("p_id")).values(
    type=bindparam("p_type"), t_start=bindparam("p_t_start"), t_end=bindparam("p_t_end"),
    vague=bindparam("p_vague"), t_slack=bindparam("p_t_slack"), admin1=bindparam("p_admin1"),
    country=func.coalesce(bindparam("p_country"), _T.c.country), n_members=bindparam("p_n_members"),
    n_documents=bindparam("p_n_documents"), summary=bindparam("p_summary", type_=_T.c.summary.type),
    updated_at=bindparam("p_updated_at"), b_lo=bindparam("p_b_lo"), b_hi=bindparam("p_b_hi"),
    span=bindparam("p_span"), facets=bindparam("p_facets"), csig=bindparam("p_csig"))
_UPD_BLOCK = _T.update().where(_T.c.id == bindparam("cid")).values(
    b_lo=bindparam("p_lo"), b_hi=bindparam("p_hi"), span=bindparam("p_span"), facets=bindparam("p_facets"))
ENCODE_CHARS = 320  # the encoder's cost grows with length; the first evidence sentence carries the event


def _d(x):
    """A date from a raw SQL row (SQLite returns ISO strings)."""
    return date.fromisoformat(x) if isinstance(x, str) else x


def _facets(ev: EventView) -> str:
    parties = set(ev.actor_keys) | ({ev.claimant[0]} if ev.claimant else set())
    return aggregates.facet_string(parties, [c.kind for c in ev.claims], ev.reported)


def _split(f: str) -> set[str]:
    return {x for x in f.split("|") if x}


def _has_facets(have: str, new: str) -> bool:
    return _split(new) <= _split(have)


def _merge_facets(have: str, new: str) -> str:
    parts = _split(have) | _split(new)
    return "|" + "|".join(sorted(parts)) + "|" if parts else ""


class Vectors:
    """Evidence vectors, encoded on demand (in one batch per decision) and saved with the event."""

    def __init__(self, session: Session):
        self.s = session
        self.encoded = 0

    def prefetch(self, views: list[EventView]) -> None:
        enc = get_encoder()
        todo = {id(v): v for v in views if v.text and (v.vec is None or v.vec_model != enc.name)}
        if not todo:
            return
        vs = list(todo.values())
        vecs = enc.encode([v.text[:ENCODE_CHARS] for v in vs])
        rows = []
        for v, vec in zip(vs, vecs):
            v.vec, v.vec_model = from_bytes(to_bytes(vec)), enc.name
            if v.pk is not None:
                rows.append({"id": v.pk, "vec": to_bytes(vec), "vec_model": enc.name})
        if rows:
            self.s.execute(update(Event), rows)
        self.encoded += len(vs)


@dataclass
class LinkStats:
    created: int = 0
    joined: int = 0
    compared: int = 0  # candidate reports compared
    containments: int = 0
    dirty: set[int] = field(default_factory=set)


class Linker:
    """Links events and refreshes canonical events with Core statements (no ORM unit of work)."""

    def __init__(self, session: Session, cache: ViewCache | None = None):
        self.s = session
        self.cache = cache or ViewCache(session)
        self.stats = LinkStats()
        self.vectors = Vectors(session)

    # -- candidates -------------------------------------------------------
    def candidates(self, ev: EventView) -> tuple[dict[int, list[EventView]], dict[int, tuple]]:
        """Member views of the canonical events ``ev`` may belong to (see ``blocking``), with their
        blocking windows and facets."""
        q = blocking.query(ev)
        if q is None:
            return {}, {}
        members: dict[int, list[int]] = defaultdict(list)
        bounds: dict[int, tuple] = {}
        for cid, eid, lo, hi, fc in self.s.execute(*q).all():
            if eid is not None and eid not in members[cid]:
                members[cid].append(eid)
            bounds[cid] = (_d(lo), _d(hi), fc or "")
        if not members:
            return {}, {}
        views = self.cache.get(e for es in members.values() for e in es)
        return {cid: [views[e] for e in es if e in views] for cid, es in members.items()}, bounds

    # -- linking ----------------------------------------------------------
    def link(self, event_ids: Iterable[int]) -> LinkStats:
        """Link each event (in order) to the best canonical event, or found a new one."""
        ids = list(event_ids)
        views = self.cache.get(ids)
        conn = self.s.connection()
        for eid in ids:
            ev = views.get(eid)
            if ev is None:
                continue
            cands, bounds = self.candidates(ev)
            self.stats.compared += sum(len(v) for v in cands.values())
            m = best_match(ev, cands, prefetch=self.vectors.prefetch)
            w = timespan.window(ev.time, ev.published)
            if m is not None:
                cid = m.canonical_id
                conn.execute(_INS_MEMBER, {"event_id": eid, "canonical_id": cid, "score": round(m.score.score, 3),
                                           "reasons": {**m.score.as_dict(), "with_event": m.event.pk}})
                lo, hi, fc = bounds[cid]
                f = _facets(ev)
                widen = bool(w) and (lo is None or w[0] < lo or hi is None or w[1] > hi)
                if widen or (f and not _has_facets(fc, f)):
                    lo = min(lo, w[0]) if lo and w else (w[0] if w else lo)
                    hi = max(hi, w[1]) if hi and w else (w[1] if w else hi)
                    conn.execute(_UPD_BLOCK, {"cid": cid, "p_lo": lo, "p_hi": hi,
                                              "p_span": blocking.span_class(lo, hi), "p_facets": _merge_facets(fc, f)})
                self.stats.joined += 1
            else:
                cid = conn.execute(_INS_CANON, {
                    "granularity": ev.granularity, "type": ev.type, "b_lo": w[0] if w else None,
                    "b_hi": w[1] if w else None, "span": blocking.span_class(*w) if w else 0, "t_start": ev.time.lo,
                    "t_end": ev.time.hi, "vague": timespan.is_vague(ev.time),
                    "t_slack": timespan.slack(ev.time.precision),
                    "country": ev.place.country if ev.place else None,
                    "admin1": ev.place.admin1 if ev.place else None, "n_members": 1, "n_documents": 1,
                    "summary": {}, "facets": _facets(ev), "updated_at": utcnow()}).scalar_one()
                conn.execute(_INS_MEMBER, {"event_id": eid, "canonical_id": cid, "score": None,
                                           "reasons": {"founded": True}})
                self.stats.created += 1
            self.stats.dirty.add(cid)
        return self.stats

    # -- reconciliation and containment -----------------------------------
    def refresh(self, cids: Iterable[int]) -> None:
        """Recompute the reconciled view of the given canonical events, then their containment."""
        cids = sorted(set(cids))
        if not cids:
            return
        members: dict[int, list[int]] = defaultdict(list)
        for i in range(0, len(cids), 500):
            for eid, cid in self.s.execute(select(Membership.event_id, Membership.canonical_id)
                                           .where(Membership.canonical_id.in_(cids[i:i + 500]))):
                members[cid].append(eid)
        views = self.cache.get(e for es in members.values() for e in es)
        titles = person_titles(self.s, {v.doc_pk for v in views.values()})
        old_sig = dict(self.s.execute(select(CanonicalEvent.id, CanonicalEvent.csig)
                                      .where(CanonicalEvent.id.in_(cids))).all()) if len(cids) <= 500 else {}
        rows, dead, fresh = [], [], {}
        for cid in cids:
            ms = [views[e] for e in members.get(cid, []) if e in views]
            if not ms:
                dead.append(cid)
                continue
            summ = reconcile(ms, titles)
            t = summ["time"]
            loc = summ["location"] or {}
            wins = [w for w in (timespan.window(m.time, m.published) for m in ms) if w]
            ts = TimeSpan(parse_date(t["start"]), parse_date(t["end"]), t["precision"])
            row = {"id": cid, "type": summ["type"], "t_start": ts.lo, "t_end": ts.hi, "vague": timespan.is_vague(ts),
                   "t_slack": timespan.slack(ts.precision),
                   "admin1": loc.get("admin1"), "n_members": len(ms), "n_documents": len({m.doc_pk for m in ms}),
                   "summary": summ, "updated_at": utcnow(),
                   "b_lo": min(w[0] for w in wins) if wins else None, "b_hi": max(w[1] for w in wins) if wins else None}
            row["span"] = blocking.span_class(row["b_lo"], row["b_hi"])
            row["country"] = loc.get("country")  # kept when the reports give none (COALESCE)
            row["facets"] = aggregates.facets(summ)
            row["csig"] = aggregates.signature(summ)
            rows.append(row)
            if row["csig"] != old_sig.get(cid):  # only what containment depends on changed
                fresh[cid] = row
        if rows:
            self.s.connection().execute(_UPD_CANON, [{"p_" + k: v for k, v in r.items()} for r in rows])
        if dead:
            self.s.execute(delete(Containment).where(or_(Containment.container_id.in_(dead),
                                                          Containment.member_id.in_(dead))))
            self.s.execute(delete(CanonicalEvent).where(CanonicalEvent.id.in_(dead)))
        self.contain(fresh)

    def contain(self, fresh: dict[int, dict]) -> None:
        """Recompute the containment relations of the refreshed canonical events."""
        cids = list(fresh)
        if not cids:
            return
        d = timedelta(days=cfg()["time"]["containment_tolerance_days"])
        for i in range(0, len(cids), 500):
            chunk = cids[i:i + 500]
            self.s.execute(delete(Containment).where(or_(Containment.container_id.in_(chunk),
                                                          Containment.member_id.in_(chunk))))
        pairs: dict[tuple[int, int], dict] = {}
        for cid, row in fresh.items():
            if row["t_start"] is None or not row["summary"].get("quantities"):
                continue
            me = aggregates.view(cid, row["summary"])
            if not me.parties:
                continue
            parties = sorted(me.parties)
            kinds = sorted({q["kind"] for q in me.quantities})
            p = {"cid": cid, "lo": row["t_start"] - d, "hi": row["t_end"] + d,
                 "lo2": row["t_start"] + d, "hi2": row["t_end"] - d,
                 "c0": row["t_start"] - timedelta(days=blocking.SPANS[0] + 400),
                 "c1": row["t_start"] - timedelta(days=blocking.SPANS[1] + 400),
                 **{f"p{i}": blocking.like(f"|p:{k}|") for i, k in enumerate(parties)},
                 **{f"k{i}": blocking.like(f"|k:{k}|") for i, k in enumerate(kinds)}}
            for oid, summ in self.s.execute(_containment_sql("containers", len(parties), len(kinds)), p).all():
                r = aggregates.contains(aggregates.view(oid, _json(summ)), me)
                if r:
                    pairs[(oid, cid)] = r
            if row["summary"].get("granularity") == "aggregate":
                for oid, summ in self.s.execute(_containment_sql("members", len(parties), len(kinds)), p).all():
                    r = aggregates.contains(me, aggregates.view(oid, _json(summ)))
                    if r:
                        pairs[(cid, oid)] = r
        if pairs:
            self.s.execute(insert(Containment), [{"container_id": a, "member_id": b, "reasons": r}
                                                 for (a, b), r in pairs.items()])
        self.stats.containments += len(pairs)


@lru_cache(maxsize=256)
def _containment_sql(direction: str, n_parties: int, n_kinds: int):
    """Aggregates around a period (``containers``, by window-length class: bounded index ranges) or
    events inside it (``members``), sharing a party and a figure kind; SQL built once per shape."""
    like = lambda pre, n: "(" + " OR ".join(f"facets LIKE :{pre}{i} ESCAPE '\\'" for i in range(n)) + ")"  # noqa
    common = ["id != :cid", like("p", n_parties), like("k", n_kinds)]
    sel = "SELECT id, summary FROM canonical_events WHERE "
    if direction == "containers":
        common += ["t_start <= :lo2", "t_end >= :hi2"]
        branches = ["granularity = 'aggregate' AND span = 0 AND b_lo BETWEEN :c0 AND :lo2",
                    "granularity = 'aggregate' AND span = 1 AND b_lo BETWEEN :c1 AND :lo2",
                    "granularity = 'aggregate' AND span = 2 AND b_lo <= :lo2"]
        sql = " UNION ALL ".join(sel + " AND ".join([b, *common]) for b in branches)
        dates = ("lo2", "hi2", "c0", "c1")
    else:
        sql = sel + " AND ".join(["t_start BETWEEN :lo AND :hi", "t_end <= :hi", *common])
        dates = ("lo", "hi")
    return text(sql).bindparams(*[bindparam(x, type_=Date) for x in dates])


def _json(x):
    return json.loads(x) if isinstance(x, (str, bytes)) else x


def count_canonical(session: Session) -> int:
    return session.scalar(select(func.count(CanonicalEvent.id))) or 0


def unlinked_events(session: Session) -> list[int]:
    """Events of current documents that belong to no canonical event (e.g. after an interrupted ingest)."""
    q = (select(Event.id).outerjoin(Membership, Membership.event_id == Event.id)
         .where(Membership.id.is_(None)).order_by(Event.id))
    return list(session.scalars(q))
