"""When two stated figures can describe the same count.

Each claim allows an interval of true values.  The interval is *tolerant*:
"more than 22" allows 22 and up, because outlets round a statement's "22+" both
ways ("more than 22" next to a plain "22" is consistent, not a conflict), and
"about 80" allows +-15% (``figures.about_ratio``).  Two claims are compatible
when their intervals meet.  A document that splits a count into parts ("a
leader and 6 members") is also read as their sum, so it stays compatible with
another document's "7".
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from rasd.link.config import cfg
from rasd.link.model import ClaimView

Interval = tuple[int, int | None]  # (low, high); high None = unbounded


def interval(c: ClaimView) -> Interval:
    """The tolerant interval of values a claim allows."""
    v, q = int(c.value), c.qualifier
    if q in ("more_than", "at_least"):
        return v, None
    if q in ("less_than", "at_most"):
        return 0, v
    if q == "about":
        r = cfg()["figures"]["about_ratio"]
        lo = c.low if c.low is not None else math.floor(v * (1 - r))
        hi = c.high if c.high is not None else math.ceil(v * (1 + r))
        return min(lo, math.floor(v * (1 - r))), max(hi, math.ceil(v * (1 + r)))
    return v, v


def meet(a: Interval, b: Interval) -> Interval | None:
    """The intersection of two intervals, or None when they are disjoint."""
    lo = max(a[0], b[0])
    hi = a[1] if b[1] is None else b[1] if a[1] is None else min(a[1], b[1])
    return None if hi is not None and hi < lo else (lo, hi)


def contains_value(iv: Interval, x: int) -> bool:
    return iv[0] <= x and (iv[1] is None or x <= iv[1])


def party_compatible(a: str | None, b: str | None) -> bool:
    """Figures of unnamed parties may be anyone's; named parties must be the same."""
    return a is None or b is None or a == b


def readings(claims: Sequence[ClaimView]) -> list[Interval]:
    """The intervals one document's claims of one kind (and party) can mean.

    Each distinct claim is a reading; when the document gives several different
    exact figures in distinct places, their sum is one more reading (parts of a
    whole: "a leader and 6 members" = 7).
    """
    out: list[Interval] = []
    seen: set[Interval] = set()
    for c in claims:
        iv = interval(c)
        if iv not in seen:
            seen.add(iv)
            out.append(iv)
    total = parts_sum(claims)
    if total is not None and (total, total) not in seen:
        out.append((total, total))
    return out


def parts_sum(claims: Sequence[ClaimView]) -> int | None:
    """The sum of a document's different exact figures of one kind, read as parts of a whole."""
    parts = {(c.span, c.value) for c in claims if c.qualifier == "exact"}
    if len(parts) >= 2 and len({v for _, v in parts}) >= 2:
        return sum(v for _, v in parts)
    return None


def compatible_sets(a: Iterable[Interval], b: Iterable[Interval]) -> bool:
    """True when some reading of ``a`` meets some reading of ``b``."""
    b = list(b)
    return any(meet(x, y) is not None for x in a for y in b)


def by_kind(claims: Iterable[ClaimView]) -> dict[tuple[str, str | None], list[ClaimView]]:
    out: dict[tuple[str, str | None], list[ClaimView]] = {}
    for c in claims:
        if c.kind != "other":
            out.setdefault((c.kind, c.party), []).append(c)
    return out


def compare(a: Sequence[ClaimView], b: Sequence[ClaimView]) -> list[tuple[str, str, int]]:
    """Compare two events' figures kind by kind.

    Returns ``(kind, verdict, value)`` per shared kind, verdict ``exact`` (a value
    stated identically), ``compatible`` or ``conflict``; ``value`` is the smallest
    figure involved (small figures are weak evidence).
    """
    ga, gb = by_kind(a), by_kind(b)
    out: list[tuple[str, str, int]] = []
    for (kind, pa), ca in ga.items():
        matches = [cb for (k, pb), cb in gb.items() if k == kind and party_compatible(pa, pb)]
        if not matches:
            continue
        cb = [c for m in matches for c in m]
        small = min(min(c.value for c in ca), min(c.value for c in cb))
        if {(c.value, c.qualifier) for c in ca} & {(c.value, c.qualifier) for c in cb} or (
                {c.value for c in ca} & {c.value for c in cb}):
            out.append((kind, "exact", small))
        elif compatible_sets(readings(ca), readings(cb)):
            out.append((kind, "compatible", small))
        else:
            out.append((kind, "conflict", small))
    return out
