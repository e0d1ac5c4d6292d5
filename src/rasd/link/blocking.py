"""Which canonical events a new report is compared with: one indexed query per report.

The query is a UNION of branches, each a *two-sided* range on an index, so its
cost follows the number of nearby events, not the size of the corpus:

* aggregates (period figures) meet only the same period (start and end within
  the larger slack of the two dates' precisions: ``t_start`` range per slack), a vague time around it (``vague``,
  ``t_start`` range of a year), or, vague themselves, what lies inside them;
  undated canonical events by their blocking window;
* other reports meet canonical events whose blocking window overlaps theirs.
  Windows are grouped by length (``span``: up to 20 days, up to 400, longer),
  so each group is searched by a bounded range of ``b_lo``;
* everywhere: same granularity; a compatible country and province (a place in
  Idlib is never the event of one placed in Aleppo; a country-wide one may be);
  aggregates and undated reports link only on a common figure, so the candidate
  must have one of the report's figure kinds (``facets``); a background mention
  only meets events that some document reports.

The SQL text is built once per shape of query and cached; SQLAlchemy's
statement builder would otherwise dominate the cost of linking.
"""
from __future__ import annotations

import re
from datetime import date, timedelta
from functools import lru_cache

from sqlalchemy import Date, bindparam, text
from sqlalchemy.sql.elements import TextClause

from rasd.link import timespan
from rasd.link.config import cfg
from rasd.link.model import EventView

SPANS = (20, 400)  # window-length classes: span 0 <= 20 days, 1 <= 400 days, 2 longer
VAGUE_MAX_DAYS = 366
_DATES = ("w0", "w1", "w0_0", "w0_1", "sv", "s1", "e1", "sm1", "ep1")
_SEL = ("SELECT c.id, m.event_id, c.b_lo, c.b_hi, c.facets FROM canonical_events c "
        "LEFT JOIN memberships m ON m.canonical_id = c.id WHERE c.granularity = :g AND ")


def span_class(lo: date | None, hi: date | None) -> int:
    if lo is None or hi is None:
        return 0
    n = (hi - lo).days
    return 0 if n <= SPANS[0] else 1 if n <= SPANS[1] else 2


@lru_cache(maxsize=256)
def _sql(period: bool, vague: bool, country: bool, admin1: bool, n_kinds: int, background: bool) -> TextClause:
    common = []
    if country:
        common.append("(c.country IS NULL OR c.country = :country)")
    if admin1:
        common.append("(c.admin1 IS NULL OR c.admin1 = :admin1)")
    if n_kinds:
        common.append("(" + " OR ".join(f"c.facets LIKE :k{i} ESCAPE '\\'" for i in range(n_kinds)) + ")")
    if background:
        common.append("c.facets LIKE '%|r|%'")
    if period:
        branches = [  # the same period: start and end within the larger slack of the two dates
            f"c.t_slack = {c} AND c.t_start BETWEEN :s_lo{c} AND :s_hi{c} AND c.t_end BETWEEN :e_lo{c} AND :e_hi{c}"
            for c in _slacks()]
        branches += [
            "c.vague = :yes AND c.t_start BETWEEN :sv AND :s1 AND c.t_end >= :e1",
            "c.t_start IS NULL AND c.span = 0 AND c.b_lo BETWEEN :w0_0 AND :w1 AND c.b_hi >= :w0",
        ]
        if vague:
            branches.append("c.t_start BETWEEN :sm1 AND :ep1 AND c.t_end <= :ep1")
    else:
        branches = ["c.span = 0 AND c.b_lo BETWEEN :w0_0 AND :w1 AND c.b_hi >= :w0",
                    "c.span = 1 AND c.b_lo BETWEEN :w0_1 AND :w1 AND c.b_hi >= :w0",
                    "c.span = 2 AND c.b_lo <= :w1 AND c.b_hi >= :w0"]
    sql = " UNION ALL ".join(_SEL + " AND ".join([b, *common]) for b in branches)
    used = {p for p in re.findall(r":(\w+)", sql) if p in _DATES or p[:4] in ("s_lo", "s_hi", "e_lo", "e_hi")}
    return text(sql).bindparams(*[bindparam(p, type_=Date) for p in sorted(used)])


def _slacks() -> tuple[int, ...]:
    """The slack (days) a canonical event's dates may have, one per precision."""
    return tuple(sorted({0, *(int(v) for v in cfg()["time"]["slack_days"].values())}))


def like(s: str) -> str:
    """A LIKE pattern (escape ``\\``) matching strings that contain ``s``."""
    return "%" + s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def query(ev: EventView) -> tuple[TextClause, dict] | None:
    """The candidate query of a report and its parameters, or None when it can meet nothing."""
    w = timespan.window(ev.time, ev.published)
    if w is None:
        return None
    kinds: list[str] = []
    if ev.granularity == "aggregate" or not ev.time.known:
        kinds = sorted({c.kind for c in ev.claims if c.kind != "other"})
        if not kinds:
            return None
    day = timedelta(days=1)
    p: dict = {"g": ev.granularity, "w0": w[0], "w1": w[1], "w0_0": w[0] - timedelta(days=SPANS[0]),
               "w0_1": w[0] - timedelta(days=SPANS[1]), "yes": True}
    period = ev.granularity == "aggregate" and ev.time.known
    vague = period and timespan.is_vague(ev.time)
    if period:
        s0, e0 = ev.time.lo, ev.time.hi
        own = timespan.slack(ev.time.precision)
        for c in _slacks():
            k = max(own, c)
            p.update(_around(f"s_lo{c}", f"s_hi{c}", s0, k), **_around(f"e_lo{c}", f"e_hi{c}", e0, k))
        p.update(sv=s0 - timedelta(days=VAGUE_MAX_DAYS), s1=s0 + day, e1=e0 - day)
        if vague:
            p.update(sm1=s0 - day, ep1=e0 + day)
    country = ev.place.country if ev.place else None
    admin1 = ev.place.admin1 if ev.place else None
    if country:
        p["country"] = country
    if admin1:
        p["admin1"] = admin1
    for i, k in enumerate(kinds):
        p[f"k{i}"] = like(f"|k:{k}|")
    return _sql(period, vague, bool(country), bool(admin1), len(kinds), not ev.reported), p


def _around(lo: str, hi: str, d: date, days: int) -> dict:
    return {lo: d - timedelta(days=days), hi: d + timedelta(days=days)}
