"""Reconciliation of one event's reports, aggregate containment and totals without double counting."""
from __future__ import annotations

from datetime import date

import pytest

from rasd.link import aggregates
from rasd.link.model import ClaimView, EventView, Place, TimeSpan
from rasd.link.reconcile import reconcile, reconcile_figures

DAY = TimeSpan(date(2024, 5, 2), date(2024, 5, 2), "day")
TOWN = Place("town", "Town", 35.0, 36.0, "SY", "Idlib", 1)


def member(doc: int, claims=(), claimant=None, root=None, typ="Battles", time=DAY, place=TOWN, actors=()):
    return EventView(pk=doc * 10, doc_pk=doc, doc_id=f"doc{doc}", source=f"doc{doc}.txt", outlet=f"outlet{doc}",
                     published=date(2024, 5, 3), report_root=root, local_id="ev1", type=typ, sub_type=None,
                     plover=None, granularity="incident", time=time, place=place, actors=tuple(actors),
                     claimant=(claimant, claimant.title()) if claimant else None, claims=tuple(claims))


def q(value, qualifier="exact", span=None, kind="killed"):
    return ClaimView(kind, value, qualifier, span=span)


# (reports: [(doc, claimant, [claims])], expected (status, low, best, high, sources))
CASES = [
    ("one figure, three outlets", [(1, None, [q(12)]), (2, None, [q(12)]), (3, None, [q(12)])],
     ("agree", 12, 12, 12, 3)),
    ("relays of one claimant are one source", [(1, "ministry", [q(61)]), (2, "ministry", [q(61)])],
     ("agree", 61, 61, 61, 1)),
    ("'more than 22' everywhere", [(1, None, [q(22, "more_than")]), (2, None, [q(22, "more_than")])],
     ("agree", 23, 23, None, 2)),
    ("'more than 15' and '15'", [(1, None, [q(15, "more_than")]), (2, None, [q(15)])],
     ("consistent", 15, 15, 15, 2)),
    ("'7 arrested' and 'a leader and 6 members'",
     [(1, None, [q(7, kind="arrested")]), (2, None, [q(1, span=(5, 9), kind="arrested"),
                                                     q(6, span=(20, 30), kind="arrested")])],
     ("consistent", 7, 7, 7, 2)),
    ("'about 80' and '85'", [(1, None, [q(80, "about")]), (2, None, [q(85)])], ("consistent", 85, 85, 85, 2)),
    ("'at least 10' and 'about 12'", [(1, None, [q(10, "at_least")]), (2, None, [q(12, "about")])],
     ("consistent", 10, 12, 14, 2)),
    ("61 versus 18", [(1, None, [q(61)]), (2, None, [q(18)])], ("conflict", 18, 18, 61, 2)),
    ("three tolls: median", [(1, None, [q(61)]), (2, None, [q(18)]), (3, None, [q(20)])],
     ("conflict", 18, 20, 61, 3)),
    ("one claimant quoted with two tolls splits", [(1, "ministry", [q(4)]), (2, "ministry", [q(9)])],
     ("conflict", 4, 4, 9, 2)),
]


@pytest.mark.parametrize("name, reports, expected", CASES, ids=[c[0] for c in CASES])
def test_figure_reconciliation(name, reports, expected):
    items = [(member(d, c, claimant=cl), claim) for d, cl, c in reports for claim in c]
    r = reconcile_figures(items)
    assert (r["status"], r["low"], r["best"], r["high"], r["sources"]) == expected


def test_relayed_copies_count_once():
    a = member(1, [q(30)])
    copy = member(2, [q(30)], root=1)
    other = member(3, [q(30)])
    r = reconcile([a, copy, other])
    qk = r["quantities"][0]
    assert qk["status"] == "agree" and qk["sources"] == 2 and len(qk["claims"]) == 3
    assert r["independent_sources"] == 2


def test_unnamed_party_joins_the_only_named_party():
    a = member(1, [ClaimView("killed", 5, party="isis", party_name="Islamic State")])
    b = member(2, [q(5)])
    r = reconcile([a, b])
    assert len(r["quantities"]) == 1 and r["quantities"][0]["party"] == "Islamic State"


def test_conflicting_figures_are_listed_in_conflicts():
    r = reconcile([member(1, [q(61)]), member(2, [q(18)])])
    c = next(c for c in r["conflicts"] if c["field"] == "quantity:killed")
    assert {v["value"]: v["doc_ids"] for v in c["values"]} == {61: ["doc1"], 18: ["doc2"]}


@pytest.mark.parametrize("t1, t2, clash", [
    ("Admiral", "General", True), ("الأدميرال", "الجنرال", True), ("General", "Major General", False),
    ("Admiral", "commander", False), ("Colonel", "Colonel", False),
])
def test_rank_conflicts_across_documents(t1, t2, clash):
    titles = {1: {"brad cooper": ("Brad Cooper", [t1])}, 2: {"brad cooper": ("Brad Cooper", [t2])}}
    r = reconcile([member(1), member(2)], titles)
    got = [c for c in r["conflicts"] if c["field"] == "title:Brad Cooper"]
    assert bool(got) is clash


def test_attribute_conflicts_dates_places_types():
    span1 = TimeSpan(date(2024, 5, 1), date(2024, 5, 3), "day")
    span2 = TimeSpan(date(2024, 5, 2), date(2024, 5, 4), "day")
    near = Place("village", "Village", 35.01, 36.01, "SY", "Idlib", 1)
    r = reconcile([member(1, time=span1, typ="Battles"), member(2, time=span2, place=near,
                                                                typ="Explosions/Remote violence")])
    fields = {c["field"] for c in r["conflicts"]}
    assert {"time", "location", "type"} <= fields


def test_most_precise_time_and_place_win():
    vague = TimeSpan(date(2024, 5, 1), date(2024, 5, 31), "month")
    province = Place("idlib", "Idlib", 35.93, 36.63, "SY", "Idlib", 3)
    r = reconcile([member(1, time=vague, place=province), member(2)])
    assert r["time"] == {"start": "2024-05-02", "end": "2024-05-02", "precision": "day"}
    assert r["location"]["name_en"] == "Town"
    assert not r["conflicts"]


def test_type_majority_counts_sources_not_copies():
    r = reconcile([member(1, typ="Battles", claimant="army"), member(2, typ="Battles", claimant="army"),
                   member(3, typ="Violence against civilians"), member(4, typ="Violence against civilians")])
    assert r["type"] == "Violence against civilians"


# -- containment and totals -----------------------------------------------------------------------
def cv(cid, start, end, quantities, place=Place("syria", "Syria", 35.0, 38.5, "SY", None, 3), parties=("centcom",),
       gran="aggregate", prec="day"):
    qs = tuple({"kind": k, "_party_key": "isis", "low": lo, "best": b, "high": hi} for k, lo, b, hi in quantities)
    return aggregates.CanonView(cid, gran, TimeSpan(date.fromisoformat(start), date.fromisoformat(end), prec),
                                place, frozenset(parties), qs)


SINCE_JULY = cv(1, "2025-07-01", "2025-12-30", [("killed", 14, 14, 14), ("arrested", 119, 119, 119)], prec="month")
OCT_NOV = cv(2, "2025-10-01", "2025-11-06", [("killed", 5, 5, 5), ("arrested", 19, 19, 19)])


def test_since_july_contains_october_november():
    r = aggregates.contains(SINCE_JULY, OCT_NOV)
    assert r and r["kinds"] == ["arrested", "killed"]
    assert aggregates.contains(OCT_NOV, SINCE_JULY) is None


@pytest.mark.parametrize("other, why", [
    (cv(3, "2025-10-01", "2025-11-06", [("killed", 20, 20, 20)]), "figure larger than the aggregate"),
    (cv(4, "2025-10-01", "2025-11-06", [("killed", 5, 5, 5)], parties=("russia",)), "no shared party"),
    (cv(5, "2025-10-01", "2025-11-06", [("caches", 4, 4, 4)]), "no shared kind"),
    (cv(6, "2026-01-05", "2026-01-09", [("killed", 2, 2, 2)]), "outside the period"),
    (cv(7, "2025-10-01", "2025-11-06", [("killed", 5, 5, 5)], place=Place("mosul", "Mosul", 36.34, 43.13, "IQ",
                                                                           "Nineveh", 1)), "outside the scope"),
])
def test_containment_needs_period_scope_party_and_figures(other, why):
    assert aggregates.contains(SINCE_JULY, other) is None, why


def test_totals_do_not_double_count():
    evs = [
        {"id": "ce1", "time": {"start": "2025-07-01", "end": "2025-12-30"}, "location": {"name_en": "Syria"},
         "contained_in": [], "quantities": [{"kind": "killed", "party": "Islamic State", "low": 14, "best": 14,
                                             "high": 14, "status": "agree", "sources": 1}]},
        {"id": "ce2", "time": {"start": "2025-10-01", "end": "2025-11-06"}, "location": {"name_en": "Syria"},
         "contained_in": ["ce1"], "quantities": [{"kind": "killed", "party": "Islamic State", "low": 5, "best": 5,
                                                  "high": 5, "status": "agree", "sources": 1}]},
        {"id": "ce3", "time": {"start": "2025-12-16", "end": "2025-12-16"},
         "location": {"name_en": "Maarat al-Numan", "admin1": "Idlib"}, "contained_in": [],
         "quantities": [{"kind": "killed", "party": None, "low": 3, "best": 4, "high": 6, "status": "conflict",
                         "sources": 2}]},
    ]
    (t,) = aggregates.totals(evs, ["kind"])
    assert (t["total"], t["low"], t["high"], t["events"]) == (18, 17, 20, 2)
    assert len(t["left_out"]) == 1 and "ce2" in t["left_out"][0] and "ce1" in t["left_out"][0]
    by_place = {x["place"]: x["total"] for x in aggregates.totals(evs, ["place"])}
    assert by_place == {"Syria": 14, "Idlib": 4}
    by_period = {x["period"]: x["total"] for x in aggregates.totals(evs, ["period"])}
    assert by_period == {"2025-07..2025-12": 14, "2025-10..2025-11": 5, "2025-12": 4}
