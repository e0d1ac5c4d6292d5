"""One view of a canonical event from every report of it.

Figures (per kind and party)
----------------------------
Every claim is kept: document, value, qualifier, span.  Claims are then grouped
into *sources*: reports that relay one claimant's statement (same claimant,
or relays/near-duplicates of one report) are one source as long as they state
the same figures; independent reports are several.  Each source's claims give
it a set of *readings* (tolerant intervals: "more than 15" allows 15 and up,
"about 80" +-15%; several different figures of one document also read as
their sum, "a leader and 6 members" = 7), see :mod:`rasd.link.figures`.

* ``agree``: every source states the same value with the same qualifier.
  ``low``/``high`` are the interval that statement allows (claim's own
  ``low``/``high`` when given), ``best`` the stated value ("more than 22" ->
  best 23, the smallest value it allows).
* ``consistent``: sources differ but one value fits a reading of every source
  ("more than 15" and "15"; "7" and "1 + 6").  ``low``/``high`` bound the common
  interval; ``best`` is the exactly stated value inside it that most sources
  give (ties: the larger), else ``low``.
* ``conflict``: no value fits every source (61 versus 18).  Each source counts
  once with its largest stated figure; ``low`` = the smallest, ``high`` = the
  largest, ``best`` = the lower median of the sources' figures (the
  conservative choice ACLED makes for fatalities).

Attributes
----------
Time: the most precise report's dates; place: the most specific place;
type: the majority of sources (ties by ``type_priority``).  Disagreements are
listed in ``conflicts``: ``type``, ``time`` (different day-precise dates),
``location`` (two specific places that differ) and ``title:<person>`` (one
person given incompatible ranks across the reports, e.g. Admiral / General).
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence

from rasd.link import figures, place as placemod, ranks
from rasd.link.config import cfg
from rasd.link.model import ClaimView, EventView

PREC_ORDER = {"day": 0, "week": 1, "month": 2, "year": 3, "unknown": 4}
LEVEL_ORDER = {"point": 0, "district": 1, "admin1": 2, "region": 3, "country": 4}

# titles[doc_pk][person_key] = (name_en, [title, ...]) -- titles used in that document's mentions
Titles = Mapping[int, Mapping[str, tuple[str, Sequence[str]]]]


def source_key(m: EventView) -> tuple:
    """Reports of one claimant's statement, or relays of one report, are one source."""
    if m.claimant:
        return ("claimant", m.claimant[0])
    return ("report", m.report)


def _strict(c: ClaimView) -> tuple[int, int | None]:
    """The interval a statement allows in the strict sense (for ``low``/``high`` when all agree)."""
    if c.low is not None or c.high is not None:
        return (c.low if c.low is not None else 0), c.high
    v = c.value
    return {"more_than": (v + 1, None), "at_least": (v, None), "less_than": (0, max(v - 1, 0)),
            "at_most": (0, v)}.get(c.qualifier, figures.interval(c))


def _units(items: list[tuple[EventView, ClaimView]]) -> list[list[tuple[EventView, ClaimView]]]:
    """Group claims into sources; a source whose documents disagree splits into its documents."""
    by_src: dict[tuple, dict[int | None, list]] = defaultdict(lambda: defaultdict(list))
    for m, c in items:
        by_src[source_key(m)][m.doc_pk].append((m, c))
    units = []
    for docs in by_src.values():
        sets = {frozenset((c.value, c.qualifier) for _, c in v) for v in docs.values()}
        if len(sets) == 1:
            first = next(iter(docs.values()))
            units.append(first)  # one representative document
        else:
            units.extend(docs.values())
    return units


def reconcile_figures(items: list[tuple[EventView, ClaimView]]) -> dict:
    """``{"low", "best", "high", "status", "sources"}`` for the claims of one kind and party."""
    units = _units(items)
    unit_readings = [figures.readings([c for _, c in u]) for u in units]
    stated = [{(c.value, c.qualifier) for _, c in u} for u in units]
    allc = [c for u in units for _, c in u]
    if len(set.union(*stated)) == 1:
        c = allc[0]
        lo, hi = _strict(c)
        best = c.value if c.qualifier in ("exact", "about") else lo if hi is None else hi
        return {"low": lo, "best": best, "high": hi, "status": "agree", "sources": len(units)}

    cands = sorted({iv[0] for rs in unit_readings for iv in rs} | {c.value for c in allc})
    fits = [x for x in cands if all(any(figures.contains_value(iv, x) for iv in rs) for rs in unit_readings)]
    if fits:
        def votes(x: int) -> int:  # sources stating x exactly, or summing to it
            return sum(1 for u in units
                       if any(c.qualifier == "exact" and c.value == x for _, c in u)
                       or figures.parts_sum([c for _, c in u]) == x)
        best = max(fits, key=lambda x: (votes(x), x))
        common: tuple[int, int | None] | None = (0, None)
        for rs in unit_readings:
            opts = [iv for iv in rs if figures.contains_value(iv, best)]
            common = figures.meet(common, min(opts, key=lambda iv: (iv[1] is None, (iv[1] or 0) - iv[0])))
        return {"low": common[0], "best": best, "high": common[1], "status": "consistent", "sources": len(units)}

    vals = sorted(max(c.value for _, c in u) for u in units)
    return {"low": vals[0], "best": vals[(len(vals) - 1) // 2], "high": vals[-1], "status": "conflict",
            "sources": len(units)}


def _quantities(members: Sequence[EventView]) -> list[dict]:
    named: dict[str, set[str]] = defaultdict(set)
    for m in members:
        for c in m.claims:
            if c.party:
                named[c.kind].add(c.party)
    groups: dict[tuple[str, str | None], list[tuple[EventView, ClaimView]]] = defaultdict(list)
    names: dict[str, str] = {}
    for m in members:
        for c in m.claims:
            party = c.party
            if party is None and len(named[c.kind]) == 1:
                party = next(iter(named[c.kind]))  # an unnamed party is the only one named
            if c.party and c.party_name:
                names[c.party] = c.party_name
            groups[(c.kind, party)].append((m, c))
    out = []
    for (kind, party), items in sorted(groups.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")):
        r = reconcile_figures(items)
        claims = [{"doc_id": m.doc_id, "source": m.source, "value": c.value, "qualifier": c.qualifier,
                   "span": list(c.span) if c.span else None, "event_id": m.local_id}
                  for m, c in sorted(items, key=lambda mc: (mc[0].doc_id, mc[1].span or (0, 0)))]
        out.append({"kind": kind, "party": names.get(party, party) if party else None,
                    "low": r["low"], "best": r["best"], "high": r["high"], "status": r["status"],
                    "sources": r["sources"], "claims": claims, "_party_key": party})
    return out


def _vote(members: Sequence[EventView], get) -> Counter:
    """Count a value once per source."""
    seen: dict[tuple, set] = defaultdict(set)
    for m in members:
        v = get(m)
        if v is not None:
            seen[v].add(source_key(m))
    return Counter({v: len(s) for v, s in seen.items()})


def _conflict(field: str, by_value: Mapping) -> dict | None:
    if len(by_value) < 2:
        return None
    return {"field": field, "values": [{"value": v, "doc_ids": sorted(set(d))} for v, d in by_value.items()]}


def _title_conflicts(members: Sequence[EventView], titles: Titles) -> list[dict]:
    docs = {m.doc_pk: m.doc_id for m in members if m.doc_pk is not None}
    per_person: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    pname: dict[str, str] = {}
    rank_by_name: dict[str, dict] = {}
    for pk, doc_id in docs.items():
        for key, (name, tl) in (titles.get(pk) or {}).items():
            pname[key] = name
            for t in tl:
                r = ranks.rank_of(t)
                if r is not None and doc_id not in per_person[key][r["name_en"]]:
                    per_person[key][r["name_en"]].append(doc_id)
                    rank_by_name[r["name_en"]] = r
    out = []
    for key, by_rank in sorted(per_person.items()):
        rs = [rank_by_name[n] for n in by_rank]
        if any(ranks.disagree(a, b) for i, a in enumerate(rs) for b in rs[i + 1:]):
            out.append(_conflict(f"title:{pname[key]}", by_rank))
    return out


def _time(members: Sequence[EventView]) -> tuple[dict, dict | None]:
    known = [m for m in members if m.time.known]
    if not known:
        return {"start": None, "end": None, "precision": "unknown"}, None
    best_p = min(PREC_ORDER.get(m.time.precision, 4) for m in known)
    top = [m for m in known if PREC_ORDER.get(m.time.precision, 4) == best_p]
    votes = _vote(top, lambda m: (m.time.start, m.time.end))
    (s, e), _ = max(votes.items(), key=lambda kv: (kv[1], -(kv[0][0] or kv[0][1]).toordinal()))
    t = {"start": s.isoformat() if s else None, "end": e.isoformat() if e else None,
         "precision": top[0].time.precision}
    day = defaultdict(list)
    for m in known:
        if m.time.precision == "day":
            v = m.time.lo.isoformat() if m.time.lo == m.time.hi else f"{m.time.lo}/{m.time.hi}"
            day[v].append(m.doc_id)
    return t, _conflict("time", day)


def _location(members: Sequence[EventView]) -> tuple[dict | None, dict | None]:
    located = [m for m in members if m.place is not None]
    if not located:
        return None, None
    best_l = min(LEVEL_ORDER[placemod.level(m.place)] for m in located)
    top = [m for m in located if LEVEL_ORDER[placemod.level(m.place)] == best_l]
    votes = _vote(top, lambda m: m.place)
    p = max(votes.items(), key=lambda kv: (kv[1], kv[0].name_en or ""))[0]
    loc = {"name_en": p.name_en, "lat": p.lat, "lon": p.lon, "country": p.country, "admin1": p.admin1,
           "precision": p.precision}
    specific = defaultdict(list)
    for m in located:
        if placemod.is_specific(m.place):
            specific[m.place.name_en or m.place.key].append(m.doc_id)
    clash = len(specific) > 1 and any(
        placemod.relation(a.place, b.place) not in ("same",)
        for a in located for b in located if placemod.is_specific(a.place) and placemod.is_specific(b.place))
    return loc, _conflict("location", specific) if clash else None


def _names(members: Sequence[EventView], attr: str) -> list[str]:
    c: Counter = Counter()
    for m in members:
        for _, name in getattr(m, attr):
            c[name] += 1
    return [n for n, _ in sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))]


def reconcile(members: Sequence[EventView], titles: Titles | None = None) -> dict:
    """The CorpusEvent fields of a canonical event (all but ``id``, ``contains``, ``contained_in``)."""
    members = sorted(members, key=lambda m: (m.published or m.time.lo or _far(), m.doc_id, m.local_id))
    prio = {t: i for i, t in enumerate(cfg()["type_priority"])}
    types = _vote(members, lambda m: m.type)
    typ = max(types.items(), key=lambda kv: (kv[1], -prio.get(kv[0], 99)))[0] if types else None
    subs = _vote([m for m in members if m.type == typ], lambda m: m.sub_type)
    plovers = _vote(members, lambda m: m.plover)
    time, time_conflict = _time(members)
    loc, loc_conflict = _location(members)
    conflicts = []
    by_type = defaultdict(list)
    for m in members:
        if m.type:
            by_type[m.type].append(m.doc_id)
    for c in (_conflict("type", by_type), time_conflict, loc_conflict):
        if c:
            conflicts.append(c)
    conflicts += _title_conflicts(members, titles or {})
    quantities = _quantities(members)
    for q in quantities:
        if q["status"] == "conflict":
            by_val = defaultdict(list)
            for cl in q["claims"]:
                by_val[f"{cl['qualifier']} {cl['value']}" if cl["qualifier"] != "exact" else cl["value"]].append(
                    cl["doc_id"])
            conflicts.append(_conflict(f"quantity:{q['kind']}" + (f":{q['party']}" if q["party"] else ""), by_val))
    return {
        "type": typ,
        "sub_type": max(subs.items(), key=lambda kv: (kv[1], kv[0]))[0] if subs else None,
        "plover": max(plovers.items(), key=lambda kv: (kv[1], kv[0]))[0] if plovers else None,
        "granularity": members[0].granularity if members else None,
        "time": time,
        "location": loc,
        "actors": _names(members, "actors"),
        "targets": _names(members, "targets"),
        "claimants": sorted({m.claimant[1] for m in members if m.claimant}),
        "sources": [{"doc_id": m.doc_id, "source": m.source, "outlet": m.outlet,
                     "published": m.published.isoformat() if m.published else None, "event_id": m.local_id}
                    for m in members],
        "independent_sources": len({source_key(m) for m in members}),
        "reported": any(m.reported for m in members),
        "quantities": quantities,
        "conflicts": conflicts,
        "_keys": {"parties": sorted({k for m in members for k in m.actor_keys}
                                    | {m.claimant[0] for m in members if m.claimant}),
                  "targets": sorted({k for m in members for k in m.target_keys})},
        "_place_key": _place_key(members, loc),
        "_inter": {n: i for m in members for n, i in (m.extra.get("inter") or {}).items()},
    }


def _place_key(members: Sequence[EventView], loc: dict | None) -> str | None:
    for m in members:
        if m.place is not None and loc is not None and m.place.name_en == loc["name_en"]:
            return m.place.key
    return None


def _far():
    from datetime import date

    return date.max
