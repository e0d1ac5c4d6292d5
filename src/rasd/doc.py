"""The document object that flows through the extraction components.

Like spaCy's ``Doc``: one object holding the original text, its normalized
form with the offset map, and the annotations each component adds.  Every
annotation stores original-text offsets; nothing downstream re-reads raw text
by any other index.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from rasd.text.normalize import Normalized, normalize
from rasd.text.segment import Token, sentences, tokenize


@dataclass(slots=True)
class Sentence:
    start: int
    end: int
    tokens: list[Token]
    para: int  # paragraph (line block) number
    story: int = 0  # 0 = the article; 1, 2 … = older stories it embeds
    is_title: bool = False
    headline_like: bool = False


@dataclass(slots=True)
class Mention:
    start: int
    end: int
    title: str | None = None
    title_span: tuple[int, int] | None = None


@dataclass(slots=True)
class Entity:
    id: str
    type: str
    name_en: str
    name_ar: str
    lex_id: str | None
    mentions: list[Mention] = field(default_factory=list)
    geo: dict | None = None
    kind: str | None = None
    data: dict = field(default_factory=dict)


@dataclass(slots=True)
class Quantity:
    kind: str
    value: int
    qualifier: str
    low: int | None
    high: int | None
    start: int
    end: int
    party: str | None = None  # entity id
    sent: int = 0  # sentence index
    unit: str | None = None


@dataclass(slots=True)
class Event:
    id: str
    type: str
    sub_type: str
    plover: str
    granularity: str
    sents: list[int]
    actors: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    claimant: str | None = None
    location: str | None = None  # entity id
    time: dict = field(default_factory=lambda: {"start": None, "end": None, "precision": "unknown"})
    quantities: list[Quantity] = field(default_factory=list)
    story: int = 0
    trigger: tuple[int, int] | None = None
    reported: bool = True
    area: Entity | None = None  # a countryside or side of the location entity, where the event was


@dataclass(slots=True)
class Quote:
    start: int
    end: int
    speaker: str | None
    sent: int = 0


@dataclass
class Doc:
    doc_id: str
    source: str
    text: str
    url: str | None = None
    outlet: str | None = None
    published: dt.date | None = None
    published_inferred: bool = False
    title: str | None = None
    encoding: str = "utf-8"
    header_end: int = 0
    body: list[tuple[int, int]] = field(default_factory=list)
    norm: Normalized | None = None
    sents: list[Sentence] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    dates: list = field(default_factory=list)  # rasd.dates.DateExpr, in text order
    mention_at: dict[tuple[int, int], str] = field(default_factory=dict)  # span -> entity id
    speech: list = field(default_factory=list)  # rasd.extract.attribution.SpeechAct, in text order
    story_dates: dict[int, dt.date] = field(default_factory=dict)  # an embedded older story's own date line
    dateline: tuple[int, int] | None = None  # "دمشق – «القدس العربي»:": where the report was filed, not an event place
    _by_id: dict = field(default_factory=dict, repr=False)
    _date_toks: dict = field(default_factory=dict, repr=False)

    def segment(self) -> None:
        """Split the body into sentences and tokens (folded, original offsets)."""
        self.norm = normalize(self.text, fold=True)
        para = 0
        last_end = None
        for bs, be in self.body:
            for s, e in sentences(self.text, bs, be):
                if last_end is not None and "\n" in self.text[last_end:s]:
                    para += 1
                last_end = e
                ns, ne = self.norm.from_original(s, e)
                self.sents.append(Sentence(s, e, tokenize(self.norm, ns, ne), para))

    def date_tokens(self, k: int) -> frozenset[int]:
        """The tokens of sentence ``k`` inside a date expression ("فجر اليوم", "آب"): no trigger, name or clause
        break.  Read once the dates are found."""
        got = self._date_toks.get(k)
        if got is None:
            s = self.sents[k]
            spans = [(d.start_off, d.end_off) for d in self.dates if s.start <= d.start_off < s.end]
            got = frozenset(n for n, t in enumerate(s.tokens) if any(a <= t.start < b for a, b in spans)) \
                if spans else frozenset()
            self._date_toks[k] = got
        return got

    def reindex(self) -> None:
        """Forget the id index after entities were replaced (not only added)."""
        self._by_id = {}

    def entity(self, eid: str | None) -> Entity | None:
        if eid is None:
            return None
        if len(self._by_id) != len(self.entities):
            self._by_id = {e.id: e for e in self.entities}
        return self._by_id.get(eid)

    def reference_date(self, offset: int) -> dt.date | None:
        """The date relative expressions at ``offset`` are read against: the publication date, or the date line
        of the older story the offset lies in."""
        if self.story_dates:
            k = self.sent_of(offset)
            if k >= 0 and self.sents[k].story in self.story_dates:
                return self.story_dates[self.sents[k].story]
        return self.published

    def story_of(self, offset: int) -> int:
        k = self.sent_of(offset)
        return self.sents[k].story if k >= 0 else 0

    def sent_of(self, offset: int) -> int:
        for k, s in enumerate(self.sents):
            if s.start <= offset < s.end:
                return k
        return -1
