"""Events: figures and triggers grouped into what happened, when, where, by and to whom.

A sentence with figures, or with a specific trigger and a named participant,
is an event unit.  A unit joins the event of the unit before it (same story)
when it continues it — a result verb ("وأسفرت العملية عن …"), an anaphoric
event noun ("هذه العمليات"), or the same claimant restating a vaguer period
more precisely — and their periods and figures do not disagree.  A headline's
figures join the story's first event.  Denied, planned, future and
hypothetical triggers make no event.  Vocabulary: ``lang/ar/events.json``.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache

from rasd.doc import Doc, Entity, Event, Quantity
from rasd.extract.attribution import speech
from rasd.extract.figures import grammar as figure_grammar
from rasd.extract.figures import is_denial
from rasd.lang import load as load_lang
from rasd.lexicon import AliasIndex, Entry, Lexicons
from rasd.numbers import is_number_word
from rasd.text.normalize import fold
from rasd.text.segment import Token, stems

_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3, "unknown": 4}
_KIND_RANK = {"range": 0, "point": 1, "weekday": 1, "relative": 2, "vague": 3, "open_range": 4}
_PERSONISH = {"person"}
_ARMED_KINDS = {"armed_group", "jihadist", "terrorist", "militia", "rebel"}


@dataclass(frozen=True)
class _Grammar:
    triggers: AliasIndex
    max_len: int
    by_kinds: list[dict]
    negation: frozenset[str]
    future: frozenset[str]
    planned: frozenset[str]
    hypothetical: frozenset[str]
    continuation: frozenset[str]
    anaphora: frozenset[tuple[str, ...]]
    partners: frozenset[tuple[str, ...]]
    against: frozenset[str]
    agent_nouns: frozenset[str]
    other_event: frozenset[str]
    relative: frozenset[str]
    partner_words: frozenset[str]
    carry_days: int
    statement_window: int
    contexts: dict[str, tuple[tuple[str, tuple[str, ...]], ...]]  # first word -> (vocabulary, rest of phrase)
    future_verbs: frozenset[str]
    combatants: frozenset[str]
    protesters: frozenset[str]
    negation_window: int
    planned_window: int
    any_words: frozenset[str]
    between: frozenset[str]
    threats: frozenset[str]
    other_event_verbs: frozenset[str]
    event_nouns: frozenset[str]
    anaphora_firsts: frozenset[str]


@lru_cache(maxsize=1)
def grammar() -> _Grammar:
    d = load_lang("events")
    triggers = AliasIndex()
    no_acc = frozenset(fold(w) for w in d["not_accusative"])
    for n, t in enumerate(d["triggers"]):
        entry = Entry(f"trigger:{n}", "trigger", t["sub_type"], t["words"][0], t)
        for w in t["words"]:
            for form in _written_forms(fold(w), no_acc):
                triggers.add(form, entry)
    f = lambda key: frozenset(fold(w) for w in d[key])  # noqa: E731
    phrases = lambda key: frozenset(tuple(fold(w).split()) for w in d[key])  # noqa: E731
    contexts: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for name in ("protest_context", "accidental_causes", "false_report", "judicial_context", "non_conflict_context",
                 "seizure_context", "prevention", "background_markers"):
        for ph in phrases(name):
            contexts.setdefault(ph[0], []).append((name, ph[1:]))
    for t in d["triggers"]:
        t["_not_followed"] = frozenset(fold(w) for w in t.get("not_followed_by") or ())
        t["_not_preceded"] = frozenset(fold(w) for w in t.get("not_preceded_by") or ())
    windows = d["marker_window"]
    return _Grammar(triggers, triggers.max_len, d["by_kinds"], f("negation"), f("future"), f("planned"),
                    f("hypothetical"), f("continuation"), phrases("event_anaphora"), phrases("partners"),
                    f("against"), f("agent_nouns"), f("other_event_markers"), f("relative_pronouns"),
                    f("partner_words"), int(d["carry_days"]),
                    int(d["statement_date_window"]), {k: tuple(v) for k, v in contexts.items()},
                    f("future_verbs"), f("combatant_units"), f("protester_units"),
                    int(windows["negation"]), int(windows["planned"]), f("any_words"), f("route_words"),
                    f("threat_verbs"), f("other_event_verbs"), _with_article(f("event_nouns")),
                    frozenset(ph[0] for ph in phrases("event_anaphora")))


def _with_article(words: frozenset[str]) -> frozenset[str]:
    return words | {"ال" + w for w in words if not w.startswith("ال")}


def _written_forms(phrase: str, no_accusative: frozenset[str] = frozenset()) -> list[str]:
    """A trigger as news writes it: also definite ("الاشتباكات", "الطائرات المسيرة") and, for a one-word
    noun, in the accusative ("هجوما", "صاروخا"; not where that is another word: فجرا is "at dawn")."""
    words = phrase.split()
    out = [phrase]
    if not any(w.startswith("ال") for w in words) and len(words[0]) >= 3:
        out.append(" ".join(["ال" + words[0], *words[1:]]))
        if len(words) > 1:
            out.append(" ".join("ال" + w for w in words))
    if len(words) == 1 and len(phrase) >= 3 and phrase[-1] not in "اةىءيو" and phrase not in no_accusative:
        out.append(phrase + "ا")
    return out


@dataclass
class _Unit:
    sents: list[int]
    story: int
    quantities: list[Quantity] = field(default_factory=list)
    trigger: dict | None = None
    trigger_span: tuple[int, int] | None = None
    time: object | None = None  # DateExpr
    stated: object | None = None  # the DateExpr of the statement reporting it
    claimant: str | None = None
    headline: bool = False
    continues: bool = False
    victims: str | None = None  # civilian | armed | protester: who the trigger's harm fell on
    list_item: bool = False  # a line of a list ("61 من عناصر …") under the sentence that introduced it


_REPORTED, _UNREPORTED, _VOID = "reported", "unreported", "void"


def _find_trigger(toks: list[Token], index, g: _Grammar, skip: frozenset[int] = frozenset()
                  ) -> tuple[dict, int, int, str] | None:
    """The most specific event trigger of a sentence: (spec, token from, token to, status).

    Triggers are listed most specific first in the data ("قصفت طائرات مسيرة" is an air strike, not shelling).
    A trigger may ask for a context ("أحرقوا" is a riot among protesters), a weapon named among seized or
    traded goods is no attack ("ضبط صواريخ"), and a word followed by what makes it a figure of speech
    ("معركة انتخابية", "هجوم إلكتروني") is no trigger.  The status says whether the event is reported as
    having happened (see :func:`_status`).  Words of a date (``skip``: "فجر اليوم") are no trigger.
    """
    best = None
    ctx = None
    i = 0
    while i < len(toks):
        m = g.triggers.match_at(toks, i, index) if i not in skip and g.triggers.may_start(toks[i].text) else None
        if m is None:
            i += 1
            continue
        ctx = ctx or _contexts(toks, g)
        nxt = {s for _, s in stems(toks[m.j].text)} if m.j < len(toks) else set()
        nxt |= {s[2:] for s in nxt if s.startswith("ال")}  # "المعركة الانتخابية" as "انتخابية"
        prv = {s for _, s in stems(toks[m.i - 1].text)} if m.i else set()
        for e in m.entries:
            t = e.data
            if t.get("requires_any") and t["requires_any"] not in ctx \
                    or t.get("weapon_noun") and "seizure_context" in ctx \
                    or nxt & t["_not_followed"] or prv & t["_not_preceded"]:
                continue
            rank = int(e.id.split(":")[1])
            if best is None or rank < best[0]:
                best = (rank, m, e)
            break
        i = m.j
    if best is None:
        return None
    _, m, e = best
    spec = e.data
    foiled = [k for k in ctx["prevention"] if k < m.i]
    if foiled and (spec["type"] == "Explosions/Remote violence"
                   or spec["type"] in _VIOLENT and sum(t.is_arabic for t in toks[foiled[-1]:m.i]) <= 3):
        spec = {**spec, "type": "Strategic developments", "sub_type": "Disrupted weapons use", "plover": "COERCE"}
    return spec, m.i, m.j, _status(toks, m.i, spec, ctx, g)


def _contexts(toks: list[Token], g: _Grammar) -> dict[str, list[int]]:
    """Which sentence vocabularies occur, and at which tokens."""
    found: dict[str, list[int]] = {"prevention": []}
    for i, t in enumerate(toks):
        for name, rest in _context_starts(t.text):
            if all(i + k < len(toks) and toks[i + k].text == w for k, w in enumerate(rest, 1)):
                found.setdefault(name, []).append(i)
    return found


@lru_cache(maxsize=65536)
def _context_starts(word: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The context phrases a word may open, whatever its clitics ("بحادث"), with or without the article
    ("الفيضانات" as "فيضانات")."""
    contexts = grammar().contexts
    readings = [s for _, s in stems(word)] if "\u0621" <= word[:1] <= "\u06d3" else [word]
    readings += [s[2:] for s in readings if s.startswith("ال") and len(s) > 4]
    return tuple(hit for s in readings for hit in contexts.get(s, ()))


_VOIDING = {"false_report", "non_conflict_context", "accidental_causes", "judicial_context"}
_VIOLENT = {"Battles", "Explosions/Remote violence", "Violence against civilians", "Riots"}
_YEAR = re.compile(r"(?:19|20)[0-9]{2}")


def _background(toks: list[Token], i: int, ctx: dict[str, list[int]]) -> bool:
    """"وكانت الولايات المتحدة قد قتلت … عام 2020", "يذكر أن المدينة شهدت معارك عامي 2015 و2016": an earlier
    event retold with its year is background, not news."""
    if not any(_YEAR.fullmatch(t.text) for t in toks):
        return False
    if _before(toks, i + 1, ctx.get("background_markers", [])):
        return True
    return any(t.text in _KANA and any(u.text == "قد" for u in toks[k + 1:k + 5]) for k, t in enumerate(toks[:i]))


_KANA = frozenset({"كان", "كانت", "وكان", "وكانت", "كانوا", "وكانوا"})


def _names_people(toks: list[Token], g: _Grammar) -> bool:
    fg = figure_grammar()
    people = fg.person_units | fg.civilian_units | g.combatants
    return any(s in people for t in toks if t.is_arabic for _, s in stems(t.text))


def _victims(toks: list[Token], i: int, j: int, g: _Grammar) -> str | None:
    """Who a harm trigger names as harmed: the people right after it ("مقتل امرأة", "اغتيال مختار"), else right
    before it ("شرطي قتل …" is rare; "قُتل شرطي" reads after)."""
    fg = figure_grammar()
    for k in [*range(j, min(len(toks), j + 4)), *range(i - 1, max(-1, i - 4), -1)]:
        for _, w in stems(toks[k].text) if toks[k].is_arabic else ():
            if w in g.protesters:
                return "protester"
            if w in g.combatants:
                return "armed"
            if w in fg.civilian_units:
                return "civilian"
    return None


def _before(toks: list[Token], i: int, at: list[int]) -> bool:
    return any(k < i for k in at)


def _status(toks: list[Token], i: int, spec: dict, ctx: dict[str, list[int]], g: _Grammar) -> str:
    """Reported, unreported (denied, planned, future, hypothetical: no event unless figures say otherwise) or
    void (a false report, a trial, sport or prices, an accident: nothing in the sentence is a conflict event)."""
    if "false_report" in ctx or "non_conflict_context" in ctx or _before(toks, i, ctx.get("judicial_context", [])):
        return _VOID
    if spec.get("accidental") and "accidental_causes" in ctx:
        return _VOID
    if _background(toks, i, ctx):
        return _VOID
    if toks and toks[-1].text in {"?", "؟"}:
        return _UNREPORTED  # a question asks, it does not report
    if i and toks[i - 1].text in g.any_words:
        return _UNREPORTED  # "أدانت أي اعتداء", "نفت أي غارات": no particular event
    w = toks[i].text
    core = w[1:] if w[:1] in "وف" else w
    if len(core) > 3 and core[0] == "س" and core[1] in "تينا" and (core[1:] in g.future_verbs
                                                                     or g.triggers.starts(core[1:])):
        return _UNREPORTED  # سـ + imperfect: ستنضم، سيواصل
    if any(is_denial(t.text) or _is_threat(t.text) for t in toks[:i]):
        return _UNREPORTED  # "نفت الوزارة تنفيذ أي غارات", "هدد التنظيم في تسجيل صوتي بتنفيذ هجمات"
    words = [k for k in range(i) if toks[k].is_arabic][-g.planned_window:]  # quotes and commas do not count
    for n, k in enumerate(words):
        word = toks[k].text
        bare = word[1:] if word[:1] in "وف" and len(word) > 2 else word
        near = n >= len(words) - g.negation_window
        if {word, bare} & (g.future | g.planned) or near and {word, bare} & (g.negation | g.hypothetical):
            return _UNREPORTED
        if len(bare) > 3 and bare[0] == "س" and bare[1:] in g.future_verbs:
            return _UNREPORTED  # "سيشن هجوما"
    return _REPORTED


def _time_of(doc: Doc, sent_ids: list[int], acts_at: set[int], g: _Grammar):
    """The most explicit date of the unit's sentences that is not a statement's own date,
    and the statement's date (a fallback when the report dates nothing else)."""
    best = stated = None
    for k in sent_ids:
        s = doc.sents[k]
        for d in doc.dates:
            if not (s.start <= d.start_off < s.end) or d.start is None or _describes_a_noun(s.tokens, d):
                continue
            if _is_statement_date(s.tokens, d, acts_at, g):
                stated = stated or d
            elif best is None or _explicitness(d) < _explicitness(best):
                best = d
    return best, stated


def _explicitness(d) -> tuple:
    """Finer first ("منذ مطلع العام" beats "العام الماضي"), then ranges before points before open ranges."""
    return (_PRECISION_RANK.get(d.precision, 4), _KIND_RANK.get(d.kind, 5), d.approx)


def _is_statement_date(toks: list[Token], d, acts_at: set[int], g: _Grammar) -> bool:
    """"أعلنت سنتكوم، يوم الثلاثاء، أن …", "في تصريح لمراسل سانا اليوم، أن …": the day a statement was made.

    A day between a speech verb and the complementizer that opens its content dates the statement; after the
    complementizer it dates the content.  Without a complementizer, a day just after the verb is the statement's.
    """
    if d.kind not in {"weekday", "relative", "point"} or d.precision != "day":
        return False
    idx = next((i for i, t in enumerate(toks) if t.start >= d.start_off), len(toks))
    verb = next((i for i in range(idx - 1, -1, -1) if toks[i].start in acts_at), None)
    if verb is None:
        return False
    comps = speech().complementizers
    if any(t.text in comps or t.text == ":" for t in toks[verb + 1:idx]):
        return False
    if any(t.text in comps or t.text == ":" for t in toks[idx:idx + 20]):
        return True
    return sum(1 for t in toks[verb + 1:idx] if t.is_arabic) < g.statement_window


def _describes_a_noun(toks: list[Token], d) -> bool:
    """"التحالف الذي تشكل عام 2014": a year in a relative clause dates the noun, not the event."""
    if d.precision != "year":
        return False
    before = [t.text for t in toks if t.end <= d.start_off][-7:]
    return any(w in grammar().relative for w in before)


def _overlap(a, b) -> bool:
    return a.start <= (b.end or b.start) and b.start <= (a.end or a.start)


def _time_compatible(p, u) -> bool:
    """May a unit with period ``u`` restate the event of period ``p``?"""
    if p is None or u is None:
        return True
    if (p.start, p.end) == (u.start, u.end):
        return True
    if "open_range" in {p.kind, u.kind}:
        return False
    vague = lambda d: d.kind in {"relative", "vague"} and d.precision in {"month", "week", "year"}  # noqa: E731
    return (vague(p) or vague(u)) and _overlap(p, u)


def _kinds_conflict(a: list[Quantity], b: list[Quantity]) -> bool:
    va = {q.kind: q.value for q in a}
    return any(q.kind in va and va[q.kind] != q.value for q in b)


def _starts_continuation(toks: list[Token], g: _Grammar) -> bool:
    head = [t.text for t in toks[:8]]
    for w in head[:3]:
        if w in g.continuation or (w[:1] in "وف" and w[1:] in g.continuation):
            return True
    return _mentions_event(toks[:8], g)


def build_events(doc: Doc, lex: Lexicons) -> None:
    g = grammar()
    acts = doc.speech
    acts_at = {a.start for a in acts}
    claim_of: dict[int, str | None] = {}
    for a in acts:
        if a.speaker and a.sent not in claim_of:
            claim_of[a.sent] = a.speaker
    by_sent: dict[int, list[Quantity]] = {}
    for q in doc.quantities:
        by_sent.setdefault(q.sent, []).append(q)

    units: list[_Unit] = []
    for k, sent in enumerate(doc.sents):
        qs = by_sent.get(k, [])
        if _long_ago(doc, sent):
            continue  # "شهدت مدينة حماة عام 1982 حملة عسكرية دامية": history, not news
        trig = _find_trigger(sent.tokens, doc.norm.index, g, doc.date_tokens(k))
        status = trig[3] if trig else None
        if status == _VOID or trig and status == _UNREPORTED and not qs:
            continue  # a false report, a trial, an accident; or a denied, planned or future event without figures
        if qs and trig is None and _VOIDING & set(_contexts(sent.tokens, g)):
            continue  # "لقي أربعة أشخاص مصرعهم في حادث سير": figures, but of no conflict event
        has_participant = any(s >= sent.start and e <= sent.end for s, e in doc.mention_at) \
            or (trig is not None and _names_people(sent.tokens, g))  # "مسلحون مجهولون", "عناصر"
        time_only = not qs and not trig and _mentions_event(sent.tokens, g)
        if not qs and not (trig and (has_participant or trig[0].get("standalone"))) and not time_only:
            continue
        u = _Unit([k], sent.story, list(qs), claimant=claim_of.get(k),
                  headline=sent.is_title or sent.headline_like, continues=_starts_continuation(sent.tokens, g),
                  list_item=_in_list(doc, k))
        if trig:
            u.trigger = trig[0]
            u.trigger_span = (sent.tokens[trig[1]].start, sent.tokens[trig[2] - 1].end)
            u.victims = _victims(sent.tokens, trig[1], trig[2], g)
        u.time, u.stated = _time_of(doc, [k], acts_at, g)
        if time_only:
            if u.time is None:
                continue
            u.continues = True  # "وقالت … إن العملية جرت فجر الخميس": the period of the event before
        if u.time is None and u.continues:
            # "العمليات أسفرت عن …" after a sentence that gave the operations' period
            for back in (k - 1, k - 2):
                if back >= 0 and doc.sents[back].story == sent.story and not doc.sents[back].is_title:
                    u.time = _time_of(doc, [back], acts_at, g)[0]
                    if u.time is not None:
                        break
        units.append(u)

    merged: list[_Unit] = []
    heads: list[_Unit] = []
    for u in units:
        if u.headline:
            heads.append(u)
            continue
        p = merged[-1] if merged else None
        if p and p.story == u.story and (u.list_item and u.quantities or _should_merge(doc, p, u)):
            p.sents += u.sents
            p.quantities += u.quantities
            if u.time is not None and (p.time is None or _explicitness(u.time) < _explicitness(p.time)):
                p.time = u.time
            p.trigger = p.trigger or u.trigger
            p.trigger_span = p.trigger_span or u.trigger_span
            p.claimant = p.claimant or u.claimant
            p.stated = p.stated or u.stated
            continue
        merged.append(u)
    for h in heads:  # a headline's figures belong to its story's first event with figures
        if not h.quantities:  # a headline retells the lead; it is the event only when the body tells none
            if not any(m.story == h.story for m in merged):
                merged.append(h)
            continue
        host = next((m for m in merged if m.story == h.story and m.quantities
                     and not _kinds_conflict(m.quantities, h.quantities)), None)
        if host is None:
            merged.append(h)
            continue
        known = {(q.kind, q.value) for q in host.quantities}
        host.quantities += [q for q in h.quantities if (q.kind, q.value) not in known]
    merged.sort(key=lambda m: m.sents[0])
    _fill_times(doc, merged, g)
    merged = [m for m in merged if m.quantities or m.trigger]
    doc.events = [_to_event(doc, lex, m, n + 1, g) for n, m in enumerate(merged)]
    _fill_locations(doc)


def _fill_locations(doc: Doc) -> None:
    """An event told without a place, right after one told with its place, happened there ("وقال المصدر إن
    القوة رصدت مجموعة … ما أدى إلى مقتل أربعة" after a lead that names the border area)."""
    last: dict[int, Event] = {}
    for ev in doc.events:
        before = last.get(ev.story)
        if ev.location is None and before is not None and ev.sents[0] - before.sents[-1] <= 2 \
                and ev.type == before.type:
            ev.location, ev.area = before.location, before.area
        if ev.location is not None:
            last[ev.story] = ev


def _fill_times(doc: Doc, units: list[_Unit], g: _Grammar) -> None:
    """Date the undated events of a story the way news narrates.

    In order: the day of the event told before it ("انفجار ظهر اليوم … وبلغت حصيلة الضحايا 19"); for a lead that
    summarizes, the day the next sentences give ("أعلن الجهاز اعتقال أربعة … وقال إن القوة نفذت فجر اليوم");
    last, the day the statement was made ("أعلنت الخلية، اليوم الثلاثاء، مقتل تسعة").
    """
    def single_day(u: _Unit) -> bool:
        t = u.time
        return t is not None and t.precision == "day" and t.kind != "open_range" and (t.end or t.start) == t.start

    def recent(u: _Unit) -> bool:
        return doc.published is None or abs((doc.published - u.time.start).days) <= g.carry_days

    def own_story(u: _Unit) -> bool:
        """Not an aggregate, and not told as another, earlier event ("هجوم مماثل", "قبل أسبوع")."""
        if any(q.kind in {"operations", "raids", "strikes", "attacks"} and q.value > 1 for q in u.quantities):
            return False
        for k in u.sents:
            toks = doc.sents[k].tokens
            for n, t in enumerate(toks):
                readings = {s for _, s in stems(t.text)}
                if readings & g.other_event_verbs:
                    return False
                if n and readings & g.other_event and {s for _, s in stems(toks[n - 1].text)} & g.event_nouns:
                    return False  # "هجوم مماثل", "حادثة أخرى" — not "عدد آخر"
        return True

    def same_kind(u: _Unit, v: _Unit) -> bool:
        """A report with its own trigger and statement day tells a new event unless it is of the same kind
        ("وفي نينوى، أعلنت الشرطة، أمس، اعتقال أربعة" after a kidnapping is not the kidnapping's day)."""
        return u.trigger is None or u.stated is None or v.trigger is None or u.trigger["type"] == v.trigger["type"]

    last: dict[int, _Unit] = {}
    for u in units:
        if u.time is None and u.story in last and own_story(u) and same_kind(u, last[u.story]):
            u.time = last[u.story].time
            if u.trigger is None and {q.kind for q in u.quantities} <= {"killed", "injured"}:
                u.trigger = last[u.story].trigger  # the toll of the incident just told
        elif single_day(u) and recent(u):
            last[u.story] = u
    for n, u in enumerate(units):
        if u.time is None:
            nxt = next((v for v in units[n + 1:] if v.story == u.story), None)
            if nxt is not None and single_day(nxt) and nxt.sents[0] - u.sents[-1] <= 2 and own_story(u):
                u.time = nxt.time
            elif u.stated is not None:
                u.time = u.stated


def _long_ago(doc: Doc, sent) -> bool:
    """A sentence dated only by a year two or more years before the report's date tells history."""
    dates = [d for d in doc.dates if sent.start <= d.start_off < sent.end and d.start is not None]
    ref = doc.reference_date(sent.start) or dt.date.today()
    return bool(dates) and all(d.precision == "year" and d.kind == "point" and (d.end or d.start).year <= ref.year - 2
                               for d in dates)


def _in_list(doc: Doc, k: int) -> bool:
    """Whether sentence ``k`` is a line of a list: it opens with a number, and the sentence before ends with a
    colon or is such a line too ("وتوزعت الحصيلة على النحو التالي:" / "241 مدنياً …" / "61 من عناصر …")."""
    while k > 0:
        toks = doc.sents[k].tokens
        if not toks or not (toks[0].text[:1].isdigit() or is_number_word(toks[0].text)):
            return False
        before = doc.sents[k - 1].tokens
        if before and before[-1].text == ":":
            return True
        k -= 1
    return False


def _mentions_event(toks: list[Token], g: _Grammar) -> bool:
    """An anaphoric event noun ("العملية", "هذه العمليات") among the tokens."""
    firsts = g.anaphora_firsts
    words = [t.text for t in toks]
    for i, w in enumerate(words):
        bare = w[1:] if w[:1] in "وف" else w
        if w not in firsts and bare not in firsts:
            continue
        for n in (3, 2, 1):
            cand = tuple(words[i:i + n])
            if len(cand) == n and (cand in g.anaphora or (bare, *cand[1:]) in g.anaphora):
                return True
    return False


def _should_merge(doc: Doc, p: _Unit, u: _Unit) -> bool:
    if _kinds_conflict(p.quantities, u.quantities):
        return False
    if not _time_compatible(p.time, u.time):
        return False
    if u.sents[0] - p.sents[-1] > 2:
        return False
    same_claim = u.claimant is not None and u.claimant == p.claimant
    if u.continues:
        return True
    if same_claim and u.time is not None and p.time is not None and p.time != u.time:
        return True  # the same statement, its period restated more precisely
    return same_claim and u.time is None and not u.quantities
    

def _to_event(doc: Doc, lex: Lexicons, u: _Unit, n: int, g: _Grammar) -> Event:
    kinds = {q.kind for q in u.quantities}
    agents = _agents(doc, u, g)
    targets = [t for t in _targets(doc, u, g) if t not in agents]
    actors = _actors(doc, u, targets, g)
    harmed = [q.party for q in u.quantities if q.kind in {"killed", "injured"}]
    civilian = bool(harmed) and all(p == "civilians" or (p and (doc.entity(p).lex_id or "").endswith("civilians"))
                                    for p in harmed)  # only civilians among the victims
    etype, sub, plover = _typing(u, kinds, civilian, g)
    for q in u.quantities:
        if q.party is None and q.kind in {"killed", "arrested", "caches", "weapons", "targets", "members", "injured"}:
            q.party = _default_party(doc, u, q, targets)
        if q.party == "civilians":
            q.party = _civilians(doc).id
    time = _time_dict(u.time)
    aggregate = (u.time is not None and (u.time.kind in {"range", "open_range"} and u.time.start != u.time.end
                                         or u.time.precision in {"week", "month", "year"})) \
        or any(q.kind in {"operations", "raids", "strikes"} and q.value > 1 for q in u.quantities)
    return Event(
        id=f"ev{n}", type=etype, sub_type=sub, plover=plover, granularity="aggregate" if aggregate else "incident",
        sents=u.sents, actors=actors, targets=targets, claimant=u.claimant, location=_location(doc, u, g),
        time=time, quantities=sorted(u.quantities, key=lambda q: q.start), story=u.story,
        trigger=u.trigger_span, reported=True)


def _typing(u: _Unit, kinds: set[str], civilian: bool, g: _Grammar) -> tuple[str, str, str]:
    trig = u.trigger
    if trig and (trig.get("civilian_target") or trig.get("armed_target")) and u.victims == "protester":
        return "Protests", "Excessive force against protesters", "ASSAULT"
    if trig and (trig["type"] == "Explosions/Remote violence"
                 or trig["sub_type"] in {"Abduction/forced disappearance", "Sexual violence"}):
        return trig["type"], trig["sub_type"], trig["plover"]  # the means decide, whoever the victims
    count = {q.kind: q.value for q in u.quantities}
    if "arrested" in count and not kinds & {"operations", "strikes", "attacks", "munitions"} \
            and count["arrested"] > count.get("killed", 0) + count.get("injured", 0):
        return "Strategic developments", "Arrests", "COERCE"  # an arrest raid in which one fell
    for rule in g.by_kinds:
        if kinds & set(rule["any"]) and (not rule.get("with_any") or kinds & set(rule["with_any"])):
            if civilian and rule.get("civilian_party"):
                return rule["civilian_party"]["type"], rule["civilian_party"]["sub_type"], rule["plover"]
            return rule["type"], rule["sub_type"], rule["plover"]
    if trig:
        if (civilian or u.victims == "civilian") and trig.get("civilian_target"):
            return trig["civilian_target"]["type"], trig["civilian_target"]["sub_type"], trig["plover"]
        if u.victims == "armed" and not civilian and trig.get("armed_target"):
            return trig["armed_target"]["type"], trig["armed_target"]["sub_type"], trig["plover"]
        return trig["type"], trig["sub_type"], trig["plover"]
    return "Strategic developments", "Other", "CONSULT"


def _time_dict(d) -> dict:
    if d is None:
        return {"start": None, "end": None, "precision": "unknown"}
    end = d.end or d.start
    return {"start": d.start.isoformat(), "end": end.isoformat() if end else None, "precision": d.precision,
            "approx": bool(d.approx), "span": [d.start_off, d.end_off]}


def _mentions_in(doc: Doc, u: _Unit) -> list[tuple[int, int, str]]:
    out = []
    for k in u.sents:
        s = doc.sents[k]
        out += [(ms, me, eid) for (ms, me), eid in doc.mention_at.items() if s.start <= ms and me <= s.end]
    return sorted(out)


def _targets(doc: Doc, u: _Unit, g: _Grammar) -> list[str]:
    out: list[str] = []
    for q in u.quantities:
        if q.party and q.party != "civilians" and q.party not in out:
            out.append(q.party)
    for k in u.sents:
        toks = doc.sents[k].tokens
        for i, t in enumerate(toks):
            if not _is_against(t.text):
                continue
            for ms, me, eid in _mentions_in(doc, u):
                if toks[i].end <= ms <= toks[min(len(toks) - 1, i + 3)].end:
                    ent = doc.entity(eid)
                    if ent and ent.type in {"organization", "other"} and eid not in out:
                        out.append(eid)
                    break
    return out


@lru_cache(maxsize=65536)
def _is_threat(word: str) -> bool:
    """"هدد", "توعد": a word after which the events of its clause are threatened, not done."""
    return any(s in grammar().threats for _, s in stems(word))


@lru_cache(maxsize=65536)
def _is_against(word: str) -> bool:
    """"ضد", "استهدف": a word after which the target is named."""
    return any(s in grammar().against for _, s in stems(word))


def _agents(doc: Doc, u: _Unit, g: _Grammar) -> list[str]:
    """Organizations joined to an attack noun by لـ: "بهجوم لداعش", "غارة للتحالف"."""
    out: list[str] = []
    for k in u.sents:
        toks = doc.sents[k].tokens
        for i, t in enumerate(toks[1:], 1):
            clitic = t.text[:1] == "ل" or t.text == "ل"
            if not clitic or not any(s in g.agent_nouns for _, s in stems(toks[i - 1].text)):
                continue
            j = i + 1 if t.text == "ل" else i
            for ms, me, eid in _mentions_in(doc, u):
                if j < len(toks) and toks[j].start <= ms < toks[j].end:
                    ent = doc.entity(eid)
                    if ent and ent.type == "organization" and eid not in out:
                        out.append(eid)
    return out


def _actors(doc: Doc, u: _Unit, targets: list[str], g: _Grammar) -> list[str]:
    out: list[str] = _agents(doc, u, g)
    for _, _, eid in _mentions_in(doc, u):
        ent = doc.entity(eid)
        if ent is None or ent.type != "organization" or eid in targets or eid in out:
            continue
        if (ent.kind or "") in _ARMED_KINDS and targets:
            continue
        out.append(eid)
    return out[:4]


def _default_party(doc: Doc, u: _Unit, q: Quantity, targets: list[str]) -> str | None:
    """Unstated party: the event's target, else the armed group last named in the story."""
    own_side = figure_grammar().own_side  # "استشهاد أربعة عناصر": the reporting side's own dead
    before = [t.text for t in doc.sents[q.sent].tokens if t.end <= q.start][-4:]
    if any(s in own_side for w in before for _, s in stems(w)):
        return None
    if targets:
        return targets[0]
    for ent in reversed([doc.entity(eid) for (s, e), eid in sorted(doc.mention_at.items()) if s < q.start]):
        if ent and (ent.kind or "") in _ARMED_KINDS and ent.data.get("acled_inter") != 1:
            return ent.id  # the non-state armed group last named (not a state-affiliated militia)
    return None


def _civilians(doc: Doc) -> Entity:
    for e in doc.entities:
        if e.lex_id == "civilians":
            return e
    ent = Entity(f"e{len(doc.entities) + 1}", "other", "Civilians", "مدنيون", "civilians", kind="civilians")
    doc.entities.append(ent)
    return ent


_PLACE_RANK = {1: 0, 2: 1, 3: 2}
def _partner_capital(doc: Doc, start: int, g: _Grammar) -> bool:
    """"بالتنسيق مع دمشق": a capital standing for its government is a partner, not where it happened."""
    k = doc.sent_of(start)
    before = [t.text for t in doc.sents[k].tokens if t.end <= start][-1:] if k >= 0 else []
    return bool(before) and before[0] in g.partner_words


def _route_end(doc: Doc, start: int, g: _Grammar) -> bool:
    """A place named as one end of a stretch: "بين مدينتي تدمر ودير الزور", "الواصل بين حمص وتدمر"."""
    k = doc.sent_of(start)
    if k < 0:
        return False
    before = [t.text for t in doc.sents[k].tokens if t.end <= start][-4:]
    return any(w in g.between for w in before)


def _location(doc: Doc, u: _Unit, g: _Grammar) -> str | None:
    """The most specific place the unit names, leaving out the dateline's city, a capital standing for its
    government and the ends of a route ("على الطريق الواصل بين مدينتي تدمر ودير الزور، قرب بلدة السخنة")."""
    places, ends = [], []
    dl = doc.dateline or (0, 0)
    for ms, me, eid in _mentions_in(doc, u):
        ent = doc.entity(eid)
        if not ent or ent.type not in {"location", "facility"} or not ent.geo or dl[0] <= ms < dl[1] \
                or _partner_capital(doc, ms, g):
            continue
        (ends if _route_end(doc, ms, g) else places).append(ent)
    places = places or ends
    if not places:
        return None
    distinct = {p.id: p for p in places}
    admin = [p for p in distinct.values() if (p.kind or "") in {"admin1", "town", "city"}]
    if len(admin) >= 3:  # a list of governorates: the country is the place
        countries = [p for p in distinct.values() if (p.kind or "") == "country"]
        return countries[0].id if countries else admin[0].id
    return min(distinct.values(), key=lambda p: (_PLACE_RANK.get(p.geo.get("precision"), 3), places.index(p))).id
