"""Aggregates that already include other events, and totals that count each figure once.

An aggregate A *contains* event B ("since July: 80 operations, 14 killed"
contains "1 Oct - 6 Nov: 22 operations, 5 killed") when

* A's period includes B's and is longer (``timespan.contains``);
* A's scope includes B's place (the same place, or a wider one around it; an
  unplaced aggregate is taken as unscoped);
* they share an actor or claimant (one campaign, one reporting party);
* they share at least one figure kind, and for every shared kind A's figure
  can hold B's (A's upper bound >= B's lower bound).

``totals`` sums reconciled figures per group (kind, and optionally party,
place, period) leaving out every event contained in another event of the same
group, and says, per total, what it added and what it left out and why.
Figures of kind ``other`` are never summed.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from rasd.link import figures, place as placemod, timespan
from rasd.link.model import Place, TimeSpan


@dataclass(frozen=True)
class CanonView:
    id: int
    granularity: str
    time: TimeSpan
    place: Place | None
    parties: frozenset[str]
    quantities: tuple[dict, ...]  # reconciled: kind, _party_key, low, best, high


def view(cid: int, summary: dict) -> CanonView:
    """A containment view of a stored canonical summary."""
    t = summary.get("time") or {}
    loc = summary.get("location")
    d = lambda s: date.fromisoformat(s) if s else None  # noqa: E731
    p = None
    if loc:
        p = Place(summary.get("_place_key"), loc.get("name_en"), loc.get("lat"), loc.get("lon"),
                  loc.get("country"), loc.get("admin1"), loc.get("precision"))
    return CanonView(cid, summary.get("granularity") or "incident",
                     TimeSpan(d(t.get("start")), d(t.get("end")), t.get("precision") or "unknown"), p,
                     frozenset((summary.get("_keys") or {}).get("parties", [])),
                     tuple(summary.get("quantities") or ()))


def facets(summary: dict) -> str:
    """What a partner must share, as a LIKE-able string: ``|p:<party>|k:<figure kind>|r|``
    (``r``: some document reports it as news, not as background)."""
    return facet_string((summary.get("_keys") or {}).get("parties", []),
                        [q["kind"] for q in summary.get("quantities") or []], bool(summary.get("reported")))


def facet_string(parties, kinds, reported: bool) -> str:
    parts = sorted({f"p:{k}" for k in parties}) + sorted({f"k:{k}" for k in kinds}) + (["r"] if reported else [])
    return "|" + "|".join(parts) + "|" if parts else ""


def signature(summary: dict) -> str:
    """A hash of everything containment depends on (period, place, parties, figure bounds)."""
    import hashlib
    import json

    q = sorted((x["kind"], x.get("_party_key") or "", x["low"], x["high"]) for x in summary.get("quantities") or [])
    key = [summary.get("granularity"), summary.get("time"), summary.get("location"), summary.get("_place_key"),
           (summary.get("_keys") or {}).get("parties"), q]
    return hashlib.blake2b(json.dumps(key, sort_keys=True, default=str).encode(), digest_size=16).hexdigest()


def contains(a: CanonView, b: CanonView) -> dict | None:
    """The reasons ``a`` contains ``b``, or None; see the module docstring."""
    if a.id == b.id or a.granularity != "aggregate" or not timespan.contains(a.time, b.time):
        return None
    rel = placemod.relation(a.place, b.place)
    if a.place is not None and rel not in ("same", "near", "contains"):
        return None
    shared_parties = a.parties & b.parties
    if not shared_parties:
        return None
    kinds = []
    for qa in a.quantities:
        for qb in b.quantities:
            if qa["kind"] != qb["kind"] or not figures.party_compatible(qa.get("_party_key"), qb.get("_party_key")):
                continue
            if qa["high"] is not None and qb["low"] is not None and qa["high"] < qb["low"]:
                return None
            kinds.append(qa["kind"])
    if not kinds:
        return None
    return {"period": [a.time.lo.isoformat(), a.time.hi.isoformat()], "kinds": sorted(set(kinds)),
            "parties": sorted(shared_parties), "place": rel}


def period_label(t: dict | None) -> str:
    """Month bucket of an event ("2025-11"), or the month range of a longer period."""
    if not t or not (t.get("start") or t.get("end")):
        return "unknown"
    s, e = (t.get("start") or t.get("end"))[:7], (t.get("end") or t.get("start"))[:7]
    return s if s == e else f"{s}..{e}"


def place_label(loc: dict | None) -> str:
    if not loc:
        return "unknown"
    return loc.get("admin1") or loc.get("name_en") or loc.get("country") or "unknown"


def totals(events: Iterable[dict], by: Sequence[str] = ("kind",)) -> list[dict]:
    """Totals of reconciled figures per group, without double counting.

    ``events`` are CorpusEvent dicts (with ``contained_in``); ``by`` names the
    grouping among ``kind`` (always used), ``party``, ``place``, ``period``.
    """
    dims = ["kind"] + [d for d in by if d != "kind"]
    groups: dict[tuple, list[tuple[dict, dict]]] = defaultdict(list)
    for ev in events:
        for q in ev.get("quantities") or []:
            if q["kind"] == "other":  # figures of unknown meaning are not summed
                continue
            key = []
            for dname in dims:
                key.append({"kind": q["kind"], "party": q.get("party") or "unknown",
                            "place": place_label(ev.get("location")),
                            "period": period_label(ev.get("time"))}[dname])
            groups[tuple(key)].append((ev, q))
    out = []
    for key, items in sorted(groups.items()):
        ids = {ev["id"] for ev, _ in items}
        total_low, total_best, total_high = 0, 0, 0
        lines, left_out = [], []
        for ev, q in sorted(items, key=lambda it: str(it[0]["id"])):
            inside = [c for c in ev.get("contained_in") or [] if c in ids]
            desc = (f"{ev['id']} ({_when(ev)}, {place_label(ev.get('location'))}): {q['best']}"
                    f" [{q['status']}, {q.get('sources', len(q.get('claims', [])))} source(s)]")
            if inside:
                left_out.append(f"{desc} -- already included in {', '.join(map(str, inside))}")
                continue
            lines.append(desc)
            total_best += q["best"] or 0
            total_low += q["low"] or 0
            total_high = None if total_high is None or q["high"] is None else total_high + q["high"]
        out.append({**dict(zip(dims, key)), "total": total_best, "low": total_low, "high": total_high,
                    "events": len(lines), "counted": lines, "left_out": left_out})
    return out


def _when(ev: dict) -> str:
    t = ev.get("time") or {}
    s, e = t.get("start"), t.get("end")
    if not s and not e:
        return "undated"
    return s if (s == e or not e) else f"{s or '?'}..{e}"
