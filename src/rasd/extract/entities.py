"""Entities: lexicon matches, title + name patterns, and in-document coreference.

Known names come from the lexicons.  Unknown people are recognized by shape:
a title or office ("الأدميرال", "المتحدث باسم وزارة الداخلية،") followed by a
name, or a name followed by "، <office>".  Short forms are then resolved to
the full entity named earlier in the same document: a surname ("كوبر"), or a
generic head ("الوزارة", "القيادة", "التنظيم") to the last entity of that kind.
"""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

from rasd.doc import Doc, Entity, Mention
from rasd.extract.attribution import speech
from rasd.lang import load as load_lang
from rasd.lexicon import NAME, OUTLET, TITLE, Entry, Lexicons, Match
from rasd.text.normalize import fold, normalize
from rasd.text.segment import Token, stems, tokenize

_PLACE_KIND_RANK = {"town": 0, "city": 0, "village": 1, "admin1": 2, "country": 2, "admin2": 3, "admin3": 4}


@lru_cache(maxsize=1)
def _lang():
    d = load_lang("entities")
    stop = frozenset(fold(w) for w in d["name_stop"])
    anaphora = {fold(k): v for k, v in d["anaphora"].items()}
    cues = {k: frozenset(fold(w) for w in v) for k, v in d["place_cues"].items()}
    cues["locative"] = frozenset(fold(w) for w in d["locative_words"])
    cues["stop"] = frozenset(fold(w) for w in d["place_stop"]) | speech().complementizers
    cues["org_heads"] = frozenset(fold(w) for w in d["org_heads"])
    cues["by_cue"] = frozenset(fold(w) for w in d["place_by_cue"])
    cues["in_name"] = frozenset(fold(w) for w in d["cue_in_name"])
    cues["theatre"] = frozenset(d["theatre_countries"])
    cues["modifiers"] = frozenset(fold(w) for w in d["title_modifiers"])
    cues["naming"] = frozenset(fold(w) for w in d["naming_words"])
    cues["ya_names"] = frozenset(fold(w) for w in d["ya_names"])
    gn = load_lang("given_names")
    cues["given"] = frozenset(fold(w) for w in gn["names"])
    cues["given_weak"] = frozenset(fold(w) for w in gn["also_words"])
    cues["given_heads"] = frozenset(fold(w) for w in gn["compound_first"] + gn["kunya_heads"])
    cues["speech_forms"] = speech().forms
    op = d["org_pattern"]
    cues["org"] = _OrgPattern({fold(k): v for k, v in op["heads"].items()},
                              {fold(k): v for k, v in op["definite_heads"].items()},
                              frozenset(fold(w) for w in op["of_heads"]), frozenset(fold(w) for w in op["construct"]),
                              {fold(k): v for k, v in op["en"].items()}, frozenset(fold(w) for w in op["led_by"]),
                              frozenset(fold(w) for w in op["adjectives"]), frozenset(fold(w) for w in op["generic"]))
    cues["foreign_min"] = int(d["foreign_min_population_bare"])
    return d, stop, anaphora, cues


@dataclass(frozen=True)
class _OrgPattern:
    heads: dict[str, str]  # folded head noun -> English
    definite_heads: dict[str, str]
    of_heads: frozenset[str]
    construct: frozenset[str]
    en: dict[str, str]
    led_by: frozenset[str]
    adjectives: frozenset[str]
    generic: frozenset[str]


_WEAK: dict[str, frozenset[str]] = {}


def _weak(e: Entry) -> frozenset[str]:
    """The entry's names that are also ordinary words (folded), computed once per entry."""
    w = _WEAK.get(e.id)
    if w is None:
        w = _WEAK[e.id] = frozenset(fold(x) for x in e.get("weak_ar") or [])
    return w


def _place_ok(e: Entry, m: Match, prev: Token | None, clitic: str, known: bool, cues: dict, min_pop: int,
              in_list: bool = False) -> bool:
    """Gazetteer names that are also common words need a cue ("في", "مدينة", "جسر") before them,
    or a list of places around them ("في حلب وإدلب والبادية")."""
    if e.type not in {"location", "facility"} or known:
        return True
    if in_list and m.alias not in cues["stop"]:
        return True
    before = {s for _, s in stems(prev.text)} if prev else set()
    strong = bool(before & (cues["town"] | cues["admin1"] | cues["region"]))
    if m.alias in cues["stop"] or m.alias in _weak(e):
        return strong
    if e.get("source") == "geonames" and e.get("country") not in cues["theatre"] and not e.get("capital_of") \
            and (e.get("population") or 0) < cues["foreign_min"]:
        return strong  # a small town abroad that shares a name with an Arabic word ("بوشر", "إب")
    if e.get("source") != "geonames" or m.j - m.i > 1 or (e.get("population") or 0) >= min_pop:
        return True
    return strong or bool(before & cues["locative"]) or clitic in {"ب", "وب", "ل", "ول"}


def output_type(e: Entry) -> str:
    if e.type in {"location", "facility", "person", "operation"}:
        return e.type
    if e.get("generic"):  # a class of people (civilians, unidentified gunmen), not a named body
        return "other"
    if e.get("type") == "operation" or e.get("kind") == "operation":
        return "operation"
    return "organization"


def geo_of(e: Entry) -> dict | None:
    if e.get("lat") is None or e.get("lon") is None:
        return None
    return {"lat": float(e.get("lat")), "lon": float(e.get("lon")), "country": e.get("country"),
            "admin1": e.get("admin1"), "admin2": e.get("admin2"), "precision": int(e.get("precision") or 3)}


def _choose(m: Match, prev: Token | None, cues: dict, country: str = "SY", known: frozenset[str] | set = frozenset()
            ) -> Entry:
    """Pick among entries sharing an alias (city vs governorate, actor vs place): the reading the document has
    already named ("وزارة الصحة" after "وزارة الصحة العراقية"), else by the word before it and kind."""
    entries = list(m.entries)
    if len(entries) == 1:
        return entries[0]
    named = [e for e in entries if e.id in known]
    if named:
        return named[0]
    pw = prev.text if prev else ""
    persons = [e for e in entries if e.type == "person"]
    orgs = [e for e in entries if e.type not in {"location", "facility", "person"}]
    places = [e for e in entries if e.type in {"location", "facility"}]
    if places and pw in cues["admin1"]:
        adm = [e for e in places if e.get("kind") == "admin1"]
        if adm:
            return adm[0]
    if places and pw in cues["town"]:
        towns = [e for e in places if e.get("kind") in {"town", "city", "village", "camp", "neighbourhood"}]
        if towns:
            return towns[0]
    if orgs:
        return min(orgs, key=lambda e: (e.get("country") not in (country, None), orgs.index(e)))
    if persons:
        return persons[0]
    return min(places, key=lambda e: (e.get("country") not in (country, None), _PLACE_KIND_RANK.get(e.get("kind"), 5),
                                      -(e.get("population") or 0)))


class _Builder:
    def __init__(self, doc: Doc, lex: Lexicons):
        self.doc = doc
        self.lex = lex
        self.by_key: dict[str, Entity] = {}
        self.short: dict[str, Entity] = {}  # folded surname / short form -> person
        self.order: dict[str, Entity] = {}  # entities by last mention (id -> entity), for anaphora
        self.taken: list[tuple[int, int]] = []  # mention spans, sorted (they never overlap)
        self.unplaced: list[Entity] = []  # places recognized by their kind only, awaiting an area
        self.ambiguous: dict[str, tuple[Entry, ...]] = {}  # entity id -> place readings in several countries
        self.own_outlet = _outlet_names(lex, doc.outlet)  # the publishing outlet's names, folded

    def place_unplaced(self) -> None:
        """A place known only by its kind takes the area of the known place named nearest after it
        ("قرية X بريف حلب"), else before it, at ACLED precision 2."""
        known = sorted((m.start, e) for e in self.by_key.values() if e.geo for m in e.mentions)
        for ent in self.unplaced:
            at = ent.mentions[0].start
            after = [e for s, e in known if s > at]
            before = [e for s, e in known if s < at]
            ref = (after or before[::-1] or [None])[0]
            if ref is not None and ref.geo:
                ent.geo = {**ref.geo, "precision": max(2, ref.geo.get("precision") or 2)}

    def country(self) -> str:
        """The country the document is about so far: the most-mentioned one (Syria by default)."""
        counts: dict[str, int] = {}
        for e in self.by_key.values():
            if e.type == "location" and e.geo and e.geo.get("country"):
                counts[e.geo["country"]] = counts.get(e.geo["country"], 0) + len(e.mentions)
        return max(counts, key=counts.get) if counts else "SY"

    def entity_for(self, key: str, make) -> Entity:
        ent = self.by_key.get(key)
        if ent is None:
            ent = make(f"e{len(self.by_key) + 1}")
            self.by_key[key] = ent
        return ent

    def add_mention(self, ent: Entity, start: int, end: int, title: str | None = None,
                    title_span: tuple[int, int] | None = None, nested: bool = False) -> None:
        """``nested``: a place inside an organization's name ("شرطة كركوك"), a mention of its own."""
        if not nested:
            k = bisect_left(self.taken, (start, end))
            if (k < len(self.taken) and self.taken[k][0] < end) or (k and self.taken[k - 1][1] > start):
                return  # overlaps a mention already taken
            self.taken.insert(k, (start, end))
        ent.mentions.append(Mention(start, end, title, title_span))
        self.doc.mention_at[(start, end)] = ent.id
        self.order.pop(ent.id, None)
        self.order[ent.id] = ent

    def from_entry(self, e: Entry) -> Entity:
        ent = self.entity_for(e.id, lambda eid: entity_of(e, eid))
        if e.type == "person":
            for key in _short_forms(e.name_ar, e.get("surname_alias")):
                self.short.setdefault(key, ent)
        return ent

    def new_person(self, name_ar: str) -> Entity:
        key = "p:" + fold(name_ar)
        tail = " " + fold(name_ar)
        known = next((e for e in self.order.values() if e.type == "person" and key not in self.by_key
                      and (" " + fold(e.name_ar)).endswith(tail)), None)
        if known is not None:
            return known  # "فيما أشار عبد الرحمن" after "رامي عبد الرحمن": the family name of one named before
        ent = self.entity_for(key, lambda eid: Entity(eid, "person", romanize(name_ar), name_ar, None, kind="person"))
        for k in _short_forms(name_ar, None):
            self.short.setdefault(k, ent)
        return ent


def _outlet_names(lex: Lexicons, outlet: str | None) -> frozenset[str]:
    if not outlet:
        return frozenset()
    e = next((o for o in lex.outlets if o.name_en == outlet), None)
    if e is None:
        return frozenset()
    return frozenset(" ".join(fold(a).split()) for a in [e.name_ar, *(e.get("aliases_ar") or [])] if a)


def entity_of(e: Entry, eid: str) -> Entity:
    return Entity(eid, output_type(e), e.name_en, e.name_ar, e.id, geo=geo_of(e), kind=e.get("kind"), data=e.data)


def fold_sub_areas(doc: Doc, lex: Lexicons) -> None:
    """"ريف درعا الشمالي", "جنوب الموصل", "أرياف حماة": a countryside or a side of a governorate or town is a
    mention of the place it qualifies, as a reader counts places; an event there keeps the finer area as its
    location (``Event.area``).  Runs after the events, which read the areas."""
    for area in [e for e in doc.entities if e.kind == "region" and e.data.get("parent")]:
        host = _host_of(doc, lex, area)
        if host is None:
            continue
        host.mentions = sorted(host.mentions + area.mentions, key=lambda m: m.start)
        for m in area.mentions:
            doc.mention_at[(m.start, m.end)] = host.id
        doc.entities.remove(area)
        for ev in doc.events:
            if ev.location == area.id:
                ev.location, ev.area = host.id, area
            ev.actors = [host.id if a == area.id else a for a in ev.actors]
            ev.targets = [host.id if a == area.id else a for a in ev.targets]
            for q in ev.quantities:
                q.party = host.id if q.party == area.id else q.party
        doc.reindex()


def _host_of(doc: Doc, lex: Lexicons, area: Entity) -> Entity | None:
    """The place an area is named after: the town or unit its words name ("الموصل" in "جنوب الموصل"), as the
    document already has it or else from the lexicon."""
    m = area.mentions[0]
    norm = normalize(doc.text[m.start:m.end], fold=True)
    toks = tokenize(norm)
    for i in range(len(toks)):
        match = lex.names.match_at(toks, i, norm.index)  # every start: the area's own name spans them all
        entries = [e for e in match.entries if e.type in {"location", "facility"} and e.id != area.lex_id
                   and e.get("kind") != "region"] if match else []
        if not entries:
            continue
        names = {fold(e.name_ar) for e in entries}
        have = next((d for d in doc.entities if d.lex_id in {e.id for e in entries}
                     or (d.type == "location" and fold(d.name_ar) in names)), None)
        if have is not None:
            return have
        parent = next((e for e in entries if e.id == area.data.get("parent")), None)
        entry = parent or min(entries, key=lambda e: _PLACE_KIND_RANK.get(e.get("kind"), 5))
        ent = entity_of(entry, f"e{max((int(d.id[1:]) for d in doc.entities), default=0) + 1}")
        doc.entities.append(ent)
        return ent
    return None


def _short_forms(name_ar: str, surname: str | None) -> list[str]:
    toks = fold(name_ar).split()
    out = [fold(surname)] if surname else []
    if len(toks) >= 2 and len(toks[-1]) >= 3:
        out.append(toks[-1])
    return out


def find_entities(doc: Doc, lex: Lexicons) -> None:
    """Fill ``doc.entities`` and ``doc.mention_at`` from the body sentences."""
    b = _Builder(doc, lex)
    for k, sent in enumerate(doc.sents):
        _SentenceReader(b, sent.tokens, doc.date_tokens(k)).read()
    b.place_unplaced()
    doc.entities = sorted((e for e in b.by_key.values() if e.mentions), key=lambda e: int(e.id[1:]))
    _rechoose_places(doc, b)
    _merge_namesakes(doc)
    for e in doc.entities:
        e.mentions.sort(key=lambda m: m.start)


def _org_name_en(head: str, words: list[str], places: list[str], pat: _OrgPattern) -> str:
    """"Basra Water Directorate", "University of Baghdad", "Iraqi Ministry of Migration and Displacement",
    "Turkish Embassy in Baghdad"."""
    nationality = words.pop() if words and _adjective(words[-1]) and words[-1] in pat.en and len(words) > 1 else None
    en = [pat.en.get(w) or romanize(w) for w in words]
    nat = pat.en[nationality] + " " if nationality else ""
    place = " ".join(places)
    if head in pat.definite_heads:
        return f"{' '.join(en)} {pat.definite_heads[head]}" + (f" in {place}" if place else "")
    if head in pat.of_heads:
        what = " ".join(en) or place
        return f"{nat}{pat.heads[head]} of {what}" + (f" ({place})" if en and place else "")
    return nat + " ".join(x for x in (place, " ".join(en), pat.heads[head]) if x)


_NAMING, _PLACE_CUE, _ORG_HEAD, _GIVEN = 1, 2, 4, 8
_CONNECTORS = frozenset(fold(w) for w in ("أبو", "أبي", "أبا", "أم", "بن", "ابن", "بنت", "عبد", "آل"))
_PHRASE_END = frozenset({".", ":", "؟", "?", "!", ";", "(", ")", '"', "«", "»", "“", "”"})


@lru_cache(maxsize=65536)
def _roles(word: str) -> int:
    """What an unnamed word may open: a name after a naming word, a place after its kind ("قرية", "بلدة",
    "وادي"), an organization by its head noun."""
    if not "\u0621" <= word[:1] <= "\u06d3":
        return 0
    cues = _lang()[3]
    pat = cues["org"]
    readings = [s for _, s in stems(word)]
    return (_NAMING * any(s in cues["naming"] for s in readings)
            | _PLACE_CUE * any(s in cues["by_cue"] for s in readings)
            | _ORG_HEAD * any(s in pat.heads or s in pat.definite_heads for s in readings)
            | _GIVEN * (word in cues["given"] or word in cues["given_heads"]
                        or word[:1] == "و" and word[1:] in cues["given"]))


def _adjective(word: str) -> bool:
    """A definite nisba adjective ("الحدودية", "الشرقي") ends a place name rather than continuing it."""
    return word.startswith("ال") and word.endswith(("يه", "ية", "ي")) and len(word) > 5


def _rechoose_places(doc: Doc, b: _Builder) -> None:
    """A place name shared by towns of several countries is read in the country the whole document is about,
    not the one it seemed to be about when the name first came ("سنجار" in a story of Iraqi Kurdistan)."""
    if not b.ambiguous:
        return
    counts: dict[str, int] = {}
    for e in doc.entities:
        if e.id not in b.ambiguous and e.type in {"location", "facility"} and e.geo and e.geo.get("country"):
            counts[e.geo["country"]] = counts.get(e.geo["country"], 0) + len(e.mentions)
    if not counts:
        return
    country = max(counts, key=counts.get)
    for e in doc.entities:
        readings = b.ambiguous.get(e.id)
        if not readings or (e.geo or {}).get("country") == country:
            continue
        best = next((r for r in readings if r.get("country") == country), None)
        if best is not None:
            fresh = entity_of(best, e.id)
            e.name_en, e.name_ar, e.lex_id, e.geo, e.kind, e.data = (fresh.name_en, fresh.name_ar, fresh.lex_id,
                                                                     fresh.geo, fresh.kind, fresh.data)


def _merge_namesakes(doc: Doc) -> None:
    """One entity per name in a document: "حمص" the city and "محافظة حمص" share a name, and an article means
    one place by it (the first reading keeps the geo); two lexicon bodies of one name are one."""
    keep: dict[str, Entity] = {}
    out = []
    for e in doc.entities:
        if e.type == "person":
            out.append(e)
            continue
        keys = {e.type + ":" + e.name_en.lower(), e.lex_id or "", e.type + ":" + fold(e.name_ar)} - {""}
        bare = _bare_place_name(e)
        host = next((keep[k] for k in keys if k in keep), None)
        if host is None and bare and (near := keep.get("place:" + bare)) is not None and _near(near, e):
            host = near  # "الهول" and "مخيم الهول" a few kilometres apart: the article means one place
            if len(fold(e.name_ar)) > len(fold(host.name_ar)):  # the camp, not the village, keeps the name
                host.name_en, host.name_ar, host.lex_id, host.geo, host.kind, host.data = (
                    e.name_en, e.name_ar, e.lex_id, e.geo, e.kind, e.data)
        if host is None:
            for k in keys:
                keep[k] = e
            if bare:
                keep.setdefault("place:" + bare, e)
            out.append(e)
            continue
        host.mentions += e.mentions
        for m in e.mentions:
            doc.mention_at[(m.start, m.end)] = host.id
        for k in keys:
            keep.setdefault(k, host)
    doc.entities = out


def _given_name(toks: list[Token], k: int, cues: dict, weak: bool = False) -> bool:
    """Whether a personal name may open at token ``k``: a given name ("نزار", "روجين"), a compound one
    ("عبد الله", "نور الدين", "عبد" + any) or a kunya ("أبو محمد"); ``weak`` admits names that are also words
    (حسن، علي، عمر), which need more evidence."""
    if k >= len(toks) or not toks[k].is_arabic:
        return False
    w = toks[k].text
    w = w[1:] if w[:1] == "و" and len(w) > 3 and w[1:] in cues["given"] | cues["given_heads"] else w
    if w in cues["given"] or weak and w in cues["given_weak"]:
        return True
    if k + 1 < len(toks) and (f"{w} {toks[k + 1].text}" in cues["given"] or w in cues["given_heads"]):
        return toks[k + 1].is_arabic
    return False


def _surname_like(tok: Token) -> bool:
    """A family name's shape: a definite nisba ("اللهيبي", "الموسوي")."""
    w = tok.text
    return tok.is_arabic and w.startswith("ال") and len(w) > 4 and w.endswith(("ي", "اوي"))


def _bare_place_name(e: Entity) -> str | None:
    """A place's name without the kind word it may open with ("مخيم الهول" -> "الهول")."""
    if e.type not in {"location", "facility"} or not e.geo:
        return None
    words = fold(e.name_ar).split()
    if len(words) > 1 and words[0] in _lang()[3]["town"]:
        words = words[1:]
    return " ".join(words)


def _near(a: Entity, b: Entity, km: float = 15.0) -> bool:
    ga, gb = a.geo or {}, b.geo or {}
    if ga.get("lat") is None or gb.get("lat") is None:
        return False
    dy = (ga["lat"] - gb["lat"]) * 111.0
    dx = (ga["lon"] - gb["lon"]) * 111.0 * 0.8
    return (dx * dx + dy * dy) ** 0.5 <= km


class _SentenceReader:
    """One left-to-right pass over a sentence: titles, names, short forms, unknown people."""

    def __init__(self, b: _Builder, toks: list[Token], in_date: frozenset[int] = frozenset()):
        data, self.stop, self.anaphora, self.cues = _lang()
        self.min_pop = int(data["place_min_population_bare"])
        self.b, self.toks, self.lex = b, toks, b.lex
        self.index = b.doc.norm.index
        self.pending_title: tuple[str, tuple[int, int], int] | None = None  # (title, span, token after it)
        self.last_place_j = -1  # token index just after the last place named in this sentence
        self.before_comma = {k - d for k, t in enumerate(toks) if t.text == "," for d in (2, 3, 4)}
        self.in_date = in_date  # tokens of a date: "آب" the month, "تموز" — not places

    def read(self) -> None:
        i = 0
        may_start = self.lex.may_begin
        while i < len(self.toks):
            if i in self.in_date:
                i += 1  # "آب" the month, "تموز" — not places
                continue
            can = may_start(self.toks[i].text)
            if not can:
                i = self.other(i)  # most words begin no name: skip the three lookups
                continue
            t_match = self.lex.titles.match_at(self.toks, i, self.index) if can & TITLE else None
            n_match = self.lex.names.match_at(self.toks, i, self.index) if can & NAME else None
            outlet = self.lex.outlet_names.match_at(self.toks, i, self.index) if can & OUTLET else None
            if outlet is not None and outlet.j - outlet.i > 1 and (n_match is None or n_match.j < outlet.j):
                i = outlet.j  # "لموقع تلفزيون سوريا": the outlet's name is not a place
                continue
            if t_match and n_match and t_match.j == n_match.j and any(e.id in self.b.by_key for e in n_match.entries):
                t_match = None  # "البابا" after "نور الدين البابا" is the person, not the Pope's title
            if t_match and (not n_match or t_match.j >= n_match.j):
                i = self.titled(i, t_match)
            elif n_match:
                i = self.named(i, n_match)
            else:
                i = self.other(i)

    def titled(self, i: int, t_match: Match) -> int:
        """A title or office, the organization it heads, then a known or unknown name."""
        toks, b = self.toks, self.b
        title = t_match.entries[0]
        title_span = (t_match.start, t_match.end)
        self.pending_title = (title.name_en, title_span, t_match.j)
        j = t_match.j
        if title.get("expects_org") and j < len(toks):
            org = self.lex.names.match_at(toks, j, self.index)
            if org and org.alias in b.own_outlet and all(e.type in {"location", "facility"} for e in org.entries):
                j = org.j  # "مراسل الميادين": the document's own outlet, not the town
            elif org:
                b.add_mention(b.from_entry(_choose(org, toks[j - 1], self.cues)), org.start, org.end)
                j = org.j
            elif (ref := _short_form(b, toks[j], self.anaphora)) is not None and ref.type != "person":
                # "المتحدث باسم الوزارة، زكي أكتورك": the body named before, then the name
                b.add_mention(ref, self.index[toks[j].nstart + _clitic_len(toks[j].text)], toks[j].end)
                j += 1
            elif any(s in self.cues["org_heads"] for _, s in stems(toks[j].text)):
                # "مدير منفذ جوسية محمد خير العلي،": an unknown body, then the name at the end of the phrase
                run = j
                while run < len(toks) and run - j < 8 and _is_name_token(toks[run], self.stop):
                    run += 1
                given = next((k for k in range(j + 1, run - 1) if _given_name(toks, k, self.cues)), None)
                if given is not None:  # "عضو مجلس محافظة ديالى نزار اللهيبي": the name opens on a given name
                    span = _unknown_name(toks, given, self.stop, self.lex, self.index, certain=True,
                                         text=self.b.doc.text)
                    if span:
                        return self.unknown_person(span, title.name_en, title_span)
                if run - j >= 4:
                    return self.unknown_person((run - 3 if run - j >= 5 else run - 2, run), title.name_en, title_span)
                if self._given_after(run) is None:
                    return run
                j = run  # "الرئيسة المشتركة لمجلس المقاطعة، روجين حسن،": the name follows the body
        j = _skip_adjectives(toks, j, self.stop, self.cues["modifiers"])
        if j + 1 < len(toks) and toks[j].text == "في":  # "القيادي في التنظيم ضياء …": the body he serves
            org = self.lex.names.match_at(toks, j + 1, self.index)
            ref = None if org else _short_form(b, toks[j + 1], self.anaphora)
            if org and not any(e.type in {"location", "facility", "person"} for e in org.entries):
                b.add_mention(b.from_entry(_choose(org, toks[j], self.cues)), org.start, org.end)
                j = _skip_adjectives(toks, org.j, self.stop, self.cues["modifiers"])
            elif ref is not None and ref.type != "person":
                b.add_mention(ref, self.index[toks[j + 1].nstart], toks[j + 1].end)
                j = _skip_adjectives(toks, j + 2, self.stop, self.cues["modifiers"])
        name = self.lex.names.match_at(toks, j, self.index) if j < len(toks) else None
        if name and any(e.type == "person" for e in name.entries):
            person = next(e for e in name.entries if e.type == "person")
            b.add_mention(b.from_entry(person), name.start, name.end, title.name_en, title_span)
            self.pending_title = None
            return name.j
        span = _unknown_name(toks, j, self.stop, self.lex, self.index, text=self.b.doc.text)
        if span and title.get("kunya") and j == t_match.j:
            span = (t_match.i, span[1])  # "أبو خطاب الشعيطي": the kunya is the name
            self.pending_title = None
            return self.unknown_person(span)
        if span:
            self.pending_title = None
            return self.unknown_person(span, title.name_en, title_span)
        k = self._given_after(j)  # "الباحث في شؤون الجماعات الجهادية عمار الحسن"
        if k is not None:
            span = _unknown_name(toks, k, self.stop, self.lex, self.index, certain=True, text=self.b.doc.text)
            if span:
                self.pending_title = None
                return self.unknown_person(span, title.name_en, title_span)
        return j if j > i else i + 1

    def _given_after(self, j: int, reach: int = 8) -> int | None:
        """The first token within the title's phrase that opens a personal name on a given name."""
        toks = self.toks
        for k in range(j, min(len(toks), j + reach)):
            t = toks[k]
            if t.text in _PHRASE_END or t.text in self.cues["speech_forms"] or not t.is_arabic and t.text != ",":
                return None
            if t.text != "," and _given_name(toks, k, self.cues, weak=k + 1 < len(toks) and (
                    _surname_like(toks[k + 1]) or _given_name(toks, k + 1, self.cues))):
                return k
        return None

    def named(self, i: int, m: Match) -> int:
        """A lexicon name, kept only where its reading is plausible here."""
        toks, b = self.toks, self.b
        prev = toks[i - 1] if i else None
        j0 = self.last_place_j
        in_list = j0 >= 0 and ((i == j0 and toks[i].text.startswith("و"))  # "الهول وروج"
                               or (i == j0 + 1 and toks[j0].text in {",", "و"}))  # "حلب، إدلب"
        if m.alias in b.own_outlet and all(e.type in {"location", "facility"} for e in m.entries):
            return m.j  # "قال أحد وجهاء البلدة للميادين": the document's own outlet, not the town
        ok = self._readings(m, i, in_list)
        if not ok:
            return self.other(i)  # no plausible reading: the word may still open another kind of name
        entry = ok[0] if len(ok) == 1 else _choose(Match(m.i, m.j, m.start, m.end, ok, m.alias), prev, self.cues,
                                                   b.country(), b.by_key.keys())
        ent = b.from_entry(entry)
        if len({e.get("country") for e in ok if e.type in {"location", "facility"}}) > 1:
            b.ambiguous[ent.id] = ok  # "سنجار" in Iraq or in Idlib: decided again once the document is read
        title_en = title_span = None
        if entry.type == "person" and self.pending_title and self.pending_title[2] >= i - 3:
            title_en, title_span = self.pending_title[0], self.pending_title[1]
        b.add_mention(ent, m.start, m.end, title_en, title_span)
        if ent.type in {"location", "facility"}:
            self.last_place_j = m.j
        return m.j

    def other(self, i: int) -> int:
        """A short form of an entity named before, or an unknown name followed by ", <office>"."""
        tok = self.toks[i]
        if not tok.is_arabic:
            return i + 1
        ent = _short_form(self.b, tok, self.anaphora)
        if ent is not None:
            self.b.add_mention(ent, self.index[tok.nstart + _clitic_len(tok.text)], tok.end)
            return i + 1
        roles = _roles(tok.text)
        if roles & _NAMING and i + 1 < len(self.toks):
            span = _unknown_name(self.toks, i + 1, self.stop, self.lex, self.index, certain=True,
                                 text=self.b.doc.text)  # "ويدعى أبو خطاب الشعيطي"
            if span:
                return self.unknown_person(span)
        if roles & _GIVEN and i + 1 < len(self.toks) and not tok.text.startswith("ال") and (
                _surname_like(self.toks[i + 1]) or _given_name(self.toks, i + 1, self.cues)
                or i and self.toks[i - 1].text in self.cues["speech_forms"]):
            span = _unknown_name(self.toks, i, self.stop, self.lex, self.index, certain=True,
                                 text=self.b.doc.text)  # "روجين حسن"
            if span:
                return self.unknown_person(span)
        if i in self.before_comma:  # only a comma two to four words on can end a name
            span = _name_before_office(self.toks, i, self.stop, self.lex, self.index)
            if span:
                return self.unknown_person(span)
        if roles & _PLACE_CUE:
            return self.place_by_cue(i)
        if roles & _ORG_HEAD:
            j = self.organization(i)
            if j is not None:
                return j
        return i + 1

    def organization(self, i: int) -> int | None:
        """An organization the lexicon lacks, by its shape (see ``org_pattern`` in lang/ar/entities.json):
        "مديرية ماء البصرة", "قيادة شرطة محافظة البصرة", "وزارة الهجرة والمهجرين العراقية", "جامعة بغداد",
        "السفارة التركية في بغداد".  Places inside the name are mentions of their own."""
        toks, lex, pat = self.toks, self.lex, self.cues["org"]
        consumed, head = next(((c, s) for c, s in stems(toks[i].text) if s in pat.heads or s in pat.definite_heads),
                              (0, ""))
        if head in pat.led_by and toks[i].text[consumed - 1:consumed] == "ب":
            return None  # "بقيادة الولايات المتحدة": led by, not a body
        words: list[str] = []
        places: list[tuple[Match, Entry]] = []
        j = i + 1
        if head in pat.definite_heads:
            if j >= len(toks) or fold(toks[j].text) not in pat.en or not _adjective(toks[j].text):
                return None  # "السفارة التركية": only with a nationality adjective
            words.append(toks[j].text)
            j += 1
        else:
            while j < len(toks) and j - i <= 6 and toks[j].is_arabic and j not in self.in_date:
                w = toks[j].text
                if lex.may_begin(w) & NAME and (m := lex.names.match_at(toks, j, self.index)) is not None:
                    spots = [e for e in m.entries if e.type in {"location", "facility"}]
                    if spots and len(spots) == len(m.entries):
                        if (place := self._plausible_place(m, j)) is not None:
                            places.append((m, place))
                            j = m.j
                    elif not words:
                        return None  # "مكتب الأمم المتحدة": the known body, not a new one
                    break
                if lex.may_begin(w) & TITLE and lex.titles.match_at(toks, j, self.index) is not None:
                    break  # "إدارة الرئيس": an office, not a name
                after_definite = bool(words) and words[-1].startswith(("ال", "وال"))
                if w in pat.construct and not after_definite \
                        or (w.startswith("ال") and len(w) > 3 and w not in self.stop
                            and (not after_definite or _adjective(w) or w in pat.adjectives)) \
                        or (w.startswith("وال") and words and words[-1].startswith(("ال", "وال"))):
                    words.append(w)
                    j += 1
                    continue
                if w.startswith("لل") and len(w) > 4 and words:
                    words.append(w)  # "وكالة المغرب العربي للأنباء"
                    j += 1
                break
            while words and not places and not words[-1].startswith(("ال", "وال", "لل")):
                words.pop()  # a name ends on a definite word or a place
                j -= 1
            if not places:
                j = i + 1 + len(words)
        if not words and not places or not places and len(words) == 1 and fold(words[0]) in pat.generic:
            return None  # "قيادة الجيش": the army named elsewhere, not a new body
        if j + 1 < len(toks) and toks[j].text == "في" and lex.may_begin(toks[j + 1].text) & NAME:
            m = lex.names.match_at(toks, j + 1, self.index)  # "مديرية الصحة في السويداء"
            if m and all(e.type in {"location", "facility"} for e in m.entries) \
                    and (place := self._plausible_place(m, j + 1)) is not None:
                places.append((m, place))
                j = m.j
        start, end = self.index[toks[i].nstart + consumed], toks[j - 1].end
        name_ar = self.b.doc.text[start:end]
        name_en = _org_name_en(head, words, [e.name_en for _, e in places], pat)
        ent = self.b.entity_for("org:" + fold(name_ar), lambda eid: Entity(
            eid, "organization", " ".join(name_en.split()), name_ar, None, kind="organization"))
        self.b.add_mention(ent, start, end)
        for m, e in places:
            self.b.add_mention(self.b.from_entry(e), m.start, m.end, nested=True)
        return j

    def place_by_cue(self, i: int) -> int:
        """"قرية تل الجابية", "بلدة جباتا الخشب": a place the gazetteer lacks, named right after its kind."""
        toks, cue = self.toks, self.toks[i]
        j = i + 1
        while j < len(toks) and j - i <= 3 and _is_name_token(toks[j], self.stop) and not _ends_name(toks, i + 1, j) \
                and toks[j].text not in self.cues["stop"] | self.cues["locative"] \
                and not self.lex.names.match_at(toks, j, self.index) \
                and not (j > i + 1 and (toks[j].text[:1] in "بل" or _adjective(toks[j].text))):
            j += 1
        if j == i + 1 or (j == i + 2 and toks[i + 1].text in self.cues["by_cue"]):
            return i + 1
        consumed, kind = next((c, s) for c, s in stems(cue.text) if s in self.cues["by_cue"])
        part_of_name = kind in self.cues["in_name"]
        start = self.index[cue.nstart + consumed] if part_of_name else toks[i + 1].start
        name_ar = self.b.doc.text[start:toks[j - 1].end]
        ent = self.b.entity_for("loc:" + fold(name_ar), lambda eid: Entity(
            eid, "location", romanize(name_ar), name_ar, None, kind="village"))
        self.b.add_mention(ent, start, toks[j - 1].end)
        self.b.unplaced.append(ent)
        return j

    def _readings(self, m: Match, j: int, in_list: bool = False) -> tuple[Entry, ...]:
        """The entries a name at token ``j`` may mean here: places only with the cue or list they need
        (:func:`_place_ok`), weak aliases only of entries the document has named in full."""
        b, prev = self.b, self.toks[j - 1] if j else None
        clitic = b.doc.text[self.toks[j].start:m.start]
        return tuple(e for e in m.entries
                     if _place_ok(e, m, prev, clitic, e.id in b.by_key, self.cues, self.min_pop, in_list)
                     and ((m.alias, e.id) not in self.lex.names.weak or e.id in b.by_key))

    def _plausible_place(self, m: Match, j: int) -> Entry | None:
        """The reading of a place name at token ``j`` that fits here, if any."""
        ok = self._readings(m, j)
        if not ok:
            return None
        prev = self.toks[j - 1] if j else None
        return ok[0] if len(ok) == 1 else _choose(Match(m.i, m.j, m.start, m.end, ok, m.alias), prev, self.cues,
                                                  self.b.country())

    def unknown_person(self, span: tuple[int, int], title: str | None = None,
                       title_span: tuple[int, int] | None = None) -> int:
        s_tok, e_tok = span
        start, end = self.toks[s_tok].start, self.toks[e_tok - 1].end
        ent = self.b.new_person(_strip_clitic_conj(self.b.doc.text[start:end]))
        self.b.add_mention(ent, start, end, title, title_span)
        return e_tok


def _clitic_len(word: str) -> int:
    return 1 if word[:1] in "وفبلك" and len(word) > 3 and not word.startswith("ال") else 0


def _strip_clitic_conj(name: str) -> str:
    return name[1:] if name[:1] == "و" and len(name.split()[0]) > 3 else name


def _short_form(b: _Builder, tok: Token, anaphora: dict) -> Entity | None:
    for _, s in stems(tok.text):
        if s in b.short:
            return b.short[s]
        rule = anaphora.get(s)
        if rule:
            for ent in reversed(b.order.values()):
                if ent.type in {"person", "location", "facility"}:
                    continue
                if ent.kind in set(rule.get("kinds", [])):
                    return ent
                if any(fold(ent.name_ar).startswith(fold(p)) for p in rule.get("name_prefix", [])):
                    return ent
                if any(fold(m).startswith(fold(p)) for m in _ar_aliases(ent) for p in rule.get("name_prefix", [])):
                    return ent
            return None
    return None


def _ar_aliases(ent: Entity) -> list[str]:
    return [ent.name_ar, *(ent.data.get("aliases_ar") or [])]


def _skip_adjectives(toks: list[Token], j: int, stop: set[str], modifiers: frozenset[str] = frozenset()) -> int:
    """Skip what stands between an office and a name: nationality adjectives, title modifiers and a comma
    ("وزير الخارجية الأميركي، ماركو", "العميد المتقاعد ياسر")."""
    while j < len(toks) and (toks[j].text in {",", "-", ":"} or toks[j].text in modifiers
                             or (toks[j].text in stop and toks[j].text.startswith("ال") and toks[j].text.endswith("ي"))):
        j += 1
    return j


def _is_name_token(tok: Token, stop: set[str]) -> bool:
    return tok.is_arabic and len(tok.text) >= 2 and not any(s in stop for _, s in stems(tok.text))


def _unknown_name(toks: list[Token], j: int, stop: set[str], lex: Lexicons, index,
                  certain: bool = False, text: str = "") -> tuple[int, int] | None:
    """A personal name of 2-4 tokens starting at ``j`` (after a title; ``certain`` after a naming word, where a
    first name that is also a place, "سالم", is still a name)."""
    if j >= len(toks) or toks[j].text.startswith(("ال", "وال", "بال", "لل")):
        return None  # personal names do not open with the article
    k = j
    while k < len(toks) and k - j < 4 and (_is_name_token(toks[k], stop) or _ya_name(toks[k], text)) \
            and not _ends_name(toks, j, k):
        after_connector = k > j and toks[k - 1].text in _CONNECTORS  # "مرهف أبو قصرة": أبو ends no name
        if k > j and toks[k].text.startswith("ال") and toks[k - 1].text.startswith("ال") \
                and not _surname_like(toks[k]) and not after_connector:
            break  # "نزار اللهيبي الحكومة": a second definite word is the sentence going on
        m = lex.names.match_at(toks, k, index) if not after_connector else None
        if m and k > j and not any(e.type == "person" for e in m.entries) and not _surname_like(toks[k]):
            break  # a place after a name ends it, but a nisba family name that is also a village does not
        if m and k == j and not certain and not any(e.type == "person" for e in m.entries):
            return None
        k += 1
    if k - j >= 2 and toks[k - 1].text in _CONNECTORS:
        k -= 1
    return (j, k) if k - j >= 2 else None


def _ya_name(tok: Token, text: str) -> bool:
    """"سامر الحاج علي": علي folds onto the preposition على, but the text writes it with ي."""
    return bool(text) and tok.text in _lang()[3]["ya_names"] and text[tok.end - 1:tok.end] == "\u064a"


def _ends_name(toks: list[Token], j: int, k: int) -> bool:
    """Where a run of name-like words stops being a name: "ريبوار طه لشفق نيوز" (a preposition joined to the
    next word), "حيدر عباس الساعدي واثنين من الجنود" (a conjunction: names do not go on with و)."""
    w = toks[k].text
    return k > j and (w[:1] == "و" and len(w) > 2 or k - j >= 2 and w[:1] in "لب")


def _name_before_office(toks: list[Token], i: int, stop: set[str], lex: Lexicons, index) -> tuple[int, int] | None:
    if toks[i].text.startswith(("ال", "وال", "بال", "لل")) or not any(t.text == "," for t in toks[i + 2:i + 5]):
        return None
    k = i
    while k < len(toks) and k - i < 4 and _is_name_token(toks[k], stop) and not _ends_name(toks, i, k) \
            and not lex.names.match_at(toks, k, index):
        k += 1
    if k - i < 2 or k >= len(toks) - 1 or toks[k].text != ",":
        return None
    if lex.titles.match_at(toks, k + 1, index) is None:
        return None
    if i > 0 and _is_name_token(toks[i - 1], stop):
        return None  # the name must start a phrase, not continue one
    return i, k


@lru_cache(maxsize=1)
def _english_words() -> dict[str, str]:
    """Folded Arabic word or two-word compound -> its usual English spelling (translit whole words, then the
    English forms of given names)."""
    out = {fold(k): v for k, v in load_lang("given_names_en")["names"].items()}
    out.update({fold(k): v for k, v in load_lang("translit")["whole_words"].items()})
    return out


def romanize(name_ar: str) -> str:
    """A readable English form of an Arabic name: known words as news spells them ("نزار" -> "Nizar",
    "عبد الله" -> "Abdullah"), the rest letter by letter (see lang/ar/translit.json)."""
    data = load_lang("translit")
    known = _english_words()
    letters = data["letters"]
    words = name_ar.split()
    out = []
    k = 0
    while k < len(words):
        pair = fold(" ".join(words[k:k + 2])) if k + 1 < len(words) else None
        if pair and pair in known:
            out.append(known[pair])
            k += 2
            continue
        word = words[k]
        k += 1
        if fold(word) in known:
            en = known[fold(word)]
            out.append("al-" + en[3:] if out and en.startswith("Al-") else en)  # "Samer al-Hajj Ali"
            continue
        prefix = ""
        if word.startswith("ال") and len(word) > 3:
            prefix, word = "al-", word[2:]
            if fold(word) in known:
                out.append(prefix + known[fold(word)].removeprefix("al-").removeprefix("Al-"))
                continue
        latin = []
        for n, ch in enumerate(word):
            if n == 0 and ch in data["word_initial"]:
                latin.append(data["word_initial"][ch])
            elif 0 < n and ch in data["vowel_after"] and n != len(word) - 1:
                latin.append(data["vowel_after"][ch])
            elif ch == "ي" and n == len(word) - 1:
                latin.append("i")
            else:
                latin.append(letters.get(ch, ""))
        s = "".join(latin)
        out.append(prefix + s[:1].upper() + s[1:])
    name = " ".join(out)
    return name[:1].upper() + name[1:]
