"""Plain views of stored rows that the linking rules work on.

Linking, reconciliation and containment are pure functions of these views, so
they are tested without a database and the store only has to build them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np


@dataclass(frozen=True, slots=True)
class Place:
    key: str | None
    name_en: str | None
    lat: float | None = None
    lon: float | None = None
    country: str | None = None
    admin1: str | None = None
    precision: int | None = None  # ACLED geo_precision: 1 exact, 2 near/district, 3 region/province


@dataclass(frozen=True, slots=True)
class TimeSpan:
    start: date | None
    end: date | None
    precision: str = "unknown"  # day | week | month | year | unknown

    @property
    def known(self) -> bool:
        return self.start is not None or self.end is not None

    @property
    def lo(self) -> date | None:
        return self.start or self.end

    @property
    def hi(self) -> date | None:
        return self.end or self.start


@dataclass(frozen=True, slots=True)
class ClaimView:
    kind: str
    value: int
    qualifier: str = "exact"
    low: int | None = None
    high: int | None = None
    party: str | None = None  # entity key
    party_name: str | None = None
    span: tuple[int, int] | None = None


@dataclass(slots=True)
class EventView:
    """One document's report of one event, with what linking needs to know about its document."""

    pk: int | None
    doc_pk: int | None
    doc_id: str
    source: str
    outlet: str | None
    published: date | None
    report_root: int | None  # relays of one report share this
    local_id: str
    type: str | None
    sub_type: str | None
    plover: str | None
    granularity: str
    time: TimeSpan
    place: Place | None
    actors: tuple[tuple[str, str], ...] = ()  # (key, name_en)
    targets: tuple[tuple[str, str], ...] = ()
    claimant: tuple[str, str] | None = None
    claims: tuple[ClaimView, ...] = ()
    vec: np.ndarray | None = None
    vec_model: str | None = None
    reported: bool = True
    story: int = 0
    text: str = ""  # the evidence sentences, for the encoder
    extra: dict = field(default_factory=dict)

    @property
    def actor_keys(self) -> frozenset[str]:
        return frozenset(k for k, _ in self.actors)

    @property
    def target_keys(self) -> frozenset[str]:
        return frozenset(k for k, _ in self.targets)

    @property
    def report(self) -> int | None:
        return self.report_root if self.report_root is not None else self.doc_pk
