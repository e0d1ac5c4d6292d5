"""When two reports' dates allow them to be one event.

A date has a precision.  A *vague* time is a short interval that only says when,
roughly, something happened ("late November", "in 2019": its length fits its
precision); a *period* is what an aggregate figure was summed over ("from
1 October to 6 November", "since July").  Rules:

* incidents: the intervals, widened by their precision's slack, must overlap;
  two day-precise dates must be equal (the same square on two dates is two
  events);
* aggregates ("same period"): a vague time must contain the other's interval;
  two periods must start and end within the slack of their precisions
  ("since July" is not "1 Oct - 6 Nov": it *contains* it, see ``aggregates``).
"""
from __future__ import annotations

from datetime import date, timedelta

from rasd.link.config import cfg
from rasd.link.model import TimeSpan


def slack(precision: str) -> int:
    return int(cfg()["time"]["slack_days"].get(precision, 0))


def is_vague(t: TimeSpan) -> bool:
    """A coarse time whose interval is no longer than its precision's unit."""
    if not t.known or t.precision in ("day", "unknown"):
        return False
    unit = cfg()["time"]["unit_days"].get(t.precision, 1)
    return (t.hi - t.lo).days + 1 <= unit


def window(t: TimeSpan, published: date | None) -> tuple[date, date] | None:
    """The blocking window of an event: its dates widened by their slack, or,
    with no date, the days before publication (news reports recent events)."""
    if t.known:
        s = timedelta(days=max(slack(t.precision), 1))
        return t.lo - s, t.hi + s
    if published is not None:
        return published - timedelta(days=cfg()["time"]["unknown_pub_window_days"]), published
    return None


def _overlap(a0: date, a1: date, b0: date, b1: date) -> bool:
    return a0 <= b1 and b0 <= a1


def _inside(inner: TimeSpan, outer: TimeSpan, tol: int = 1) -> bool:
    d = timedelta(days=tol)
    return outer.lo - d <= inner.lo and inner.hi <= outer.hi + d


def relation(a: TimeSpan, b: TimeSpan, granularity: str) -> str:
    """``same_day`` | ``same_period`` | ``vague`` (compatible) | ``unknown`` | ``incompatible``."""
    if not a.known or not b.known:
        return "unknown"
    if granularity == "aggregate":
        if is_vague(a) and is_vague(b):
            return "vague" if _overlap(a.lo, a.hi, b.lo, b.hi) else "incompatible"
        if is_vague(a):
            return "vague" if _inside(b, a) else "incompatible"
        if is_vague(b):
            return "vague" if _inside(a, b) else "incompatible"
        s = max(slack(a.precision), slack(b.precision))
        if abs((a.lo - b.lo).days) <= s and abs((a.hi - b.hi).days) <= s:
            return "same_day" if a.lo == a.hi == b.lo == b.hi else "same_period"
        return "incompatible"
    if a.precision == "day" and b.precision == "day":
        if a.lo == b.lo and a.hi == b.hi:
            return "same_day" if a.lo == a.hi else "same_period"
        # multi-day incidents (a siege, a campaign) may be reported over part of their span
        if a.lo != a.hi or b.lo != b.hi:
            return "vague" if _overlap(a.lo, a.hi, b.lo, b.hi) else "incompatible"
        return "incompatible"
    sa, sb = timedelta(days=slack(a.precision)), timedelta(days=slack(b.precision))
    return "vague" if _overlap(a.lo - sa, a.hi + sa, b.lo - sb, b.hi + sb) else "incompatible"


def within_pub_window(t: TimeSpan, published: date | None, other: TimeSpan,
                      other_published: date | None) -> bool:
    """For an undated report: could it be the other report's event, going by publication dates?"""
    wa = window(t, published)
    wb = window(other, other_published)
    return wa is not None and wb is not None and _overlap(wa[0], wa[1], wb[0], wb[1])


def contains(outer: TimeSpan, inner: TimeSpan) -> bool:
    """``outer``'s period includes ``inner``'s and is longer (aggregate containment)."""
    if not outer.known or not inner.known:
        return False
    tol = cfg()["time"]["containment_tolerance_days"]
    longer = (outer.hi - outer.lo).days > (inner.hi - inner.lo).days
    return longer and _inside(inner, outer, tol)
