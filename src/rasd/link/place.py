"""How two reported places relate: the same, one inside the other, or apart.

Places carry ACLED's geo precision (1 exact town, 2 district or "near", 3
province or wider region) and their admin1.  A country-level or regional place
contains the towns of its country within ``place.region_km``; a province
contains the places whose admin1 it is; two towns are the same place when they
share a key or lie within ``place.near_km``.
"""
from __future__ import annotations

import math

from rasd.link.config import cfg
from rasd.link.model import Place


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    (la1, lo1), (la2, lo2) = a, b
    p = math.pi / 180
    h = (math.sin((la2 - la1) * p / 2) ** 2
         + math.cos(la1 * p) * math.cos(la2 * p) * math.sin((lo2 - lo1) * p / 2) ** 2)
    return 12742 * math.asin(math.sqrt(min(1.0, h)))


def distance(a: Place, b: Place) -> float | None:
    if None in (a.lat, a.lon, b.lat, b.lon):
        return None
    return haversine_km((a.lat, a.lon), (b.lat, b.lon))


def level(p: Place) -> str:
    """``country`` | ``admin1`` | ``region`` | ``district`` | ``point``."""
    prec = p.precision or 1
    if prec >= 3:
        if p.admin1 is None:
            return "country" if p.key and p.country and p.key == country_key(p.country) else "region"
        return "admin1"
    return "district" if prec == 2 else "point"


def country_key(iso2: str) -> str:
    from rasd.export.countries import country

    c = country(iso2)
    return c["key"] if c else iso2.lower()


def _contains(outer: Place, inner: Place) -> bool:
    lo, li = level(outer), level(inner)
    rank = {"country": 4, "region": 3, "admin1": 3, "district": 2, "point": 1}
    if rank[lo] < rank[li] or (rank[lo] == rank[li] and lo == li):
        return False
    if outer.country and inner.country and outer.country != inner.country:
        return False
    if lo == "country":
        return True
    d = distance(outer, inner)
    if lo == "admin1":
        if inner.admin1 is not None:
            return inner.admin1 == outer.admin1
        return d is not None and d <= cfg()["place"]["region_km"] / 2
    if lo == "region":
        return d is not None and d <= cfg()["place"]["region_km"]
    # district
    return d is not None and d <= cfg()["place"]["district_km"]


def relation(a: Place | None, b: Place | None) -> str:
    """``same`` | ``near`` | ``contains`` | ``contained`` | ``unknown`` | ``disjoint``."""
    if a is None or b is None:
        return "unknown"
    if a.key and a.key == b.key:
        return "same"
    if a.country and b.country and a.country != b.country:
        return "disjoint"
    la, lb = level(a), level(b)
    if la == lb:
        if la in ("admin1",):
            return "same" if a.admin1 == b.admin1 else "disjoint"
        if la == "country":
            return "same" if a.country == b.country else "disjoint"
        d = distance(a, b)
        if d is None:
            return "unknown"
        lim = {"point": "near_km", "district": "district_km", "region": "region_km"}[la]
        return "near" if d <= cfg()["place"][lim] else "disjoint"
    if _contains(a, b):
        return "contains"
    if _contains(b, a):
        return "contained"
    if {la, lb} == {"admin1", "region"}:
        d = distance(a, b)
        return "near" if d is not None and d <= cfg()["place"]["region_km"] else "disjoint"
    if la in ("point", "district") and lb in ("point", "district"):
        d = distance(a, b)
        if d is None:
            return "unknown"
        return "near" if d <= cfg()["place"]["district_km"] else "disjoint"
    return "disjoint"


def is_specific(p: Place | None) -> bool:
    return p is not None and level(p) in ("point", "district")
