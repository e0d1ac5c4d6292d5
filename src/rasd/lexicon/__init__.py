"""Lexicons (places, actors, persons, titles, outlets) and the alias matcher.

Data lives in ``rasd/lexicon/data``; this module only loads it and matches
aliases over tokens.  Every alias is compared by its folded form
(:func:`rasd.text.normalize.fold`), so the data keeps natural spelling, and a
text token may carry proclitics (و ف ب ل ك لل) that :func:`stems` peels off.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Iterable, Sequence

from rasd.text.normalize import fold
from rasd.text.segment import Token, stems

_TOKEN = re.compile(r"[0-9]+(?:[.,][0-9]+)*|[\u0621-\u063a\u0641-\u064a\u0671-\u06d3]+|[a-z]+(?:[-'][a-z]+)*|\S")


@dataclass(frozen=True, slots=True)
class Entry:
    """One lexicon entry; ``data`` keeps every field of the data file."""

    id: str
    type: str  # person | organization | location | facility | operation | other | title | outlet
    name_en: str
    name_ar: str
    data: dict = field(hash=False, compare=False)

    def get(self, key: str, default=None):
        return self.data.get(key, default)


@dataclass(frozen=True, slots=True)
class Match:
    """An alias found in text: tokens ``[i, j)``, original span, and every entry it can name."""

    i: int
    j: int
    start: int
    end: int
    entries: tuple[Entry, ...]
    alias: str


def alias_key(alias: str) -> tuple[str, ...]:
    return tuple(_TOKEN.findall(fold(alias)))


class AliasIndex:
    """Longest-match lookup of multi-token aliases, clitic-aware on the first token."""

    def __init__(self) -> None:
        self._by_first: dict[str, dict[tuple[str, ...], list[Entry]]] = {}  # first word -> rest -> entries
        self._lengths: dict[str, list[int]] = {}  # first word -> alias lengths, longest first
        self.max_len = 1
        self.weak: set[tuple[str, str]] = set()  # (alias, entry id): valid once the entry is named in full
        self._may: dict[str, bool] = {}

    def add(self, alias: str, entry: Entry, weak: bool = False) -> None:
        key = alias_key(alias)
        if not key:
            return
        if weak:
            self.weak.add((" ".join(key), entry.id))
        bucket = self._by_first.setdefault(key[0], {}).setdefault(key[1:], [])
        if entry not in bucket:
            bucket.append(entry)
        lengths = self._lengths.setdefault(key[0], [])
        if len(key) not in lengths:
            lengths.append(len(key))
            lengths.sort(reverse=True)
        self.max_len = max(self.max_len, len(key))

    def starts(self, word: str) -> bool:
        """Whether some alias begins with ``word`` (a cheap test before :meth:`match_at`)."""
        return word in self._by_first

    def may_start(self, word: str) -> bool:
        """Whether some alias can begin at a token ``word``, after any proclitic (cached per word)."""
        hit = self._may.get(word)
        if hit is None:
            if len(self._may) > 200_000:  # a bounded cache: memory stays flat over any corpus
                self._may.clear()
            readings = stems(word) if "\u0621" <= word[:1] <= "\u06d3" else ((0, word),)
            hit = self._may[word] = any(r in self._by_first for _, r in readings)
        return hit

    def match_at(self, tokens: Sequence[Token], i: int, index: Sequence[int]) -> Match | None:
        """The longest alias starting at token ``i`` (or inside it, after proclitics)."""
        tok = tokens[i]
        best: Match | None = None
        readings = stems(tok.text) if tok.is_arabic else ((0, tok.text),)
        for consumed, first in readings:
            rests = self._by_first.get(first)
            if rests is None:
                continue
            for n in self._lengths[first]:
                if i + n > len(tokens) or (best and n <= best.j - best.i):
                    continue
                rest = tuple(t.text for t in tokens[i + 1:i + n])
                entries = rests.get(rest)
                if entries:
                    best = Match(i, i + n, index[tok.nstart + consumed], tokens[i + n - 1].end, tuple(entries),
                                 " ".join((first, *rest)))
                    break
        return best

    def scan(self, tokens: Sequence[Token], index: Sequence[int]) -> list[Match]:
        """Non-overlapping longest matches, left to right; ``index`` is the tokens' offset map."""
        out: list[Match] = []
        i = 0
        while i < len(tokens):
            m = self.match_at(tokens, i, index)
            if m:
                out.append(m)
                i = m.j
            else:
                i += 1
        return out


def _read_json(name: str):
    path = resources.files("rasd.lexicon").joinpath("data", name)
    if not path.is_file():
        return None
    text = path.read_text(encoding="utf-8")
    if name.endswith(".jsonl"):
        return [json.loads(line) for line in text.splitlines() if line.strip() and not line.startswith('{"_about"')]
    return json.loads(text)


def _entries(name: str) -> list[dict]:
    data = _read_json(name)
    if data is None:
        return []
    if isinstance(data, dict):  # {"_about": …, "entries" | "places": [ … ], other build notes}
        data = data.get("entries", data.get("places", []))
    return [d for d in data if isinstance(d, dict) and d.get("id")]


def _aliases(d: dict) -> Iterable[str]:
    yield d.get("name_ar") or ""
    yield from d.get("aliases_ar") or []
    for a in d.get("aliases_en") or []:
        if a.isupper() or "-" in a:  # Latin acronyms written inside Arabic text (CJTF-OIR, ISIS)
            yield a


NAME, TITLE, OUTLET = 1, 2, 4  # what may begin at a word (Lexicons.may_begin)


@dataclass
class Lexicons:
    """Every lexicon, loaded once per process."""

    by_id: dict[str, Entry]
    names: AliasIndex  # places, actors, persons
    titles: AliasIndex
    outlets: list[Entry]
    outlet_names: AliasIndex
    _begins: dict[str, int] = field(default_factory=dict, repr=False)

    def may_begin(self, word: str) -> int:
        """What may begin at a token ``word``: NAME | TITLE | OUTLET bits, 0 for most words (cached per word)."""
        hit = self._begins.get(word)
        if hit is None:
            if len(self._begins) > 200_000:  # bounded: memory stays flat over any corpus
                self._begins.clear()
            hit = self._begins[word] = (NAME * self.names.may_start(word) | TITLE * self.titles.may_start(word)
                                        | OUTLET * self.outlet_names.may_start(word))
        return hit


def _place_type(d: dict) -> str:
    return "facility" if d.get("kind") in {"base", "prison", "airport", "dam", "oil_field", "facility"} else "location"


@lru_cache(maxsize=1)
def load() -> Lexicons:
    by_id: dict[str, Entry] = {}
    names = AliasIndex()
    titles = AliasIndex()

    def add(d: dict, typ: str) -> Entry:
        e = Entry(d["id"], typ, d.get("name_en") or d.get("en") or d["id"], d.get("name_ar") or (d.get("ar") or [""])[0], d)
        by_id[e.id] = e
        return e

    for fname in ("countries.json", "regions.json", "places_curated.json", "places.jsonl"):
        for d in _entries(fname):
            e = add(d, d.get("type") if d.get("type") in {"location", "facility"} else _place_type(d))
            for a in _aliases(d):
                names.add(a, e)
    for d in _entries("actors.json"):
        e = add(d, d.get("type") or "organization")
        for a in _aliases(d):
            names.add(a, e)
        for a in d.get("weak_aliases_ar") or []:
            names.add(a, e, weak=True)
    for d in _entries("persons.json"):
        e = add(d, "person")
        surname = fold(d.get("surname_alias") or "")
        for a in _aliases(d):
            names.add(a, e, weak=fold(a) == surname)  # a bare surname names him once he has been named
    for d in _entries("titles.json"):
        e = add(d, "title")
        for a in d.get("ar") or []:
            titles.add(a, e)
    outlets = [add(d, "outlet") for d in _entries("outlets.json")]
    outlet_names = AliasIndex()  # outlet names in running text ("لموقع تلفزيون سوريا") are not places
    for e in outlets:
        for a in [e.name_ar, *(e.get("aliases_ar") or [])]:
            if a and (len(a.split()) > 1 or not e.get("generic_name")):
                outlet_names.add(a, e)
    return Lexicons(by_id, names, titles, outlets, outlet_names)
