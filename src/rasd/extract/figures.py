"""Figures: every reported count, typed by the words around it.

A number's kind comes first from the noun it counts ("61 مداهمة" raids,
"15 مخبأ" caches), then — when it counts people ("5 من عناصر", "19 آخرين") or
stands alone — from the trigger before it ("مقتل", "القبض على") or the verb
after its noun ("أصيبوا").  Years, ages, durations, money, percentages,
distances, labels and numbers inside dates or URLs are not figures.  Whose
people or assets a figure counts (its ``party``) is read from the words after
it ("من عناصر التنظيم", "تابعة لـ داعش").  Vocabulary: ``lang/ar/figures.json``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rasd.doc import Doc, Quantity
from rasd.lang import load as load_lang
from rasd.lexicon import Lexicons
from rasd.numbers import find_numbers, is_number_word
from rasd.text.normalize import fold
from rasd.text.segment import Token, stems

_URL = re.compile(r"https?://\S+|www\.\S+|\S+\.(?:com|net|org|ae|sy|iq|tv|info)\S*", re.IGNORECASE)
_CLAUSE_BREAK = {",", ";", ":", ".", "?", "!", "(", ")"}


def _phrases(words) -> dict[tuple[str, ...], str]:
    return {tuple(fold(w).split()): w for w in words}


@dataclass(frozen=True)
class _Grammar:
    counted: dict[tuple[str, ...], str]  # phrase -> kind
    person_units: frozenset[str]
    civilian_units: frozenset[str]
    left: dict[tuple[str, ...], str]
    right: dict[tuple[str, ...], str]
    fired: frozenset[str]
    not_after: dict[tuple[str, ...], str]
    not_before: frozenset[str]
    own_side: frozenset[str]
    party_links: frozenset[str]
    duals: dict[tuple[str, ...], str]  # phrase -> kind ("people": kind from the trigger)
    dual_firsts: frozenset[str]
    denial: frozenset[str]
    max_len: int
    list_intro: dict[tuple[str, ...], str]
    toll_rise: frozenset[str]


@lru_cache(maxsize=1)
def grammar() -> _Grammar:
    d = load_lang("figures")
    counted = {k: kind for kind, words in d["counted_nouns"].items() for k in _phrases(words)}
    left = {k: kind for kind, words in d["left_triggers"].items() for k in _phrases(words)}
    right = {k: kind for kind, words in d["right_verbs"].items() for k in _phrases(words)}
    return _Grammar(
        counted, frozenset(fold(w) for w in d["person_units"]), frozenset(fold(w) for w in d["civilian_units"]),
        left, right, frozenset(fold(w) for w in d["fired_verbs"]), _phrases(d["not_figure_after"]),
        frozenset(fold(w) for w in d["not_figure_before"]), frozenset(fold(w) for w in d["own_side_killed"]),
        frozenset(fold(w) for w in d["party_links"] if " " not in w),
        {k: kind for kind, words in d["dual_nouns"].items() for k in _phrases(words)},
        frozenset(k[0] for words in d["dual_nouns"].values() for k in _phrases(words)),
        frozenset(fold(w) for w in d["denial"]),
        max(len(k) for k in [*counted, *left, *right]),
        {k: "list" for k in _phrases(d["list_intro"])}, frozenset(fold(w) for w in d["toll_rise"]),
    )


def _forward(toks: list[Token], i: int, table: dict[tuple[str, ...], str], max_len: int,
             conj: bool = True, clitics: bool = True) -> tuple[str, int] | None:
    """The longest phrase of ``table`` starting at token ``i`` (clitics allowed on its first word;
    with ``conj=False`` not و/ف, which would start a new phrase: "اثنين وإصابة"; with ``clitics=False``
    none: the noun a number counts carries no preposition, "اثنين بضربة" does not count strikes)."""
    if i >= len(toks) or not toks[i].is_arabic and toks[i].text not in {"%"}:
        return None
    w = toks[i].text
    readings = stems(w) if toks[i].is_arabic else ((0, w),)
    if not conj:
        readings = [(c, r) for c, r in readings if not (c and w[0] in "وف")]
    if not clitics:
        readings = [(c, r) for c, r in readings if not c]
    for n in range(min(max_len, len(toks) - i), 0, -1):
        rest = tuple(t.text for t in toks[i + 1:i + n])
        for _, first in readings:
            kind = table.get((first, *rest)) or table.get((_bare(first), *rest))
            if kind is not None:
                return kind, i + n
    return None


def _backward(toks: list[Token], j: int, table: dict[tuple[str, ...], str], max_len: int) -> tuple[str, int] | None:
    """The longest phrase of ``table`` ending at token ``j``; returns (kind, first token index)."""
    for n in range(min(max_len, j + 1), 0, -1):
        i = j - n + 1
        rest = tuple(t.text for t in toks[i + 1:j + 1])
        if not toks[i].is_arabic:
            continue
        for _, first in stems(toks[i].text):
            kind = table.get((first, *rest))
            if kind is not None:
                return kind, i
    return None


def _bare(w: str) -> str:
    """A noun without its article: vague amounts take a definite genitive ("عشرات المدنيين")."""
    return w[2:] if w.startswith("ال") and len(w) > 4 else w


def _is_unit(tok: Token, g: _Grammar) -> bool:
    w = tok.text
    if any(s in g.person_units or _bare(s) in g.person_units for _, s in stems(w)):
        return True
    # nisba nouns of people: "12 سوريا", "ثلاثة عراقيين"
    return w.endswith(("يين", "يون")) and len(w) > 5


def find_figures(doc: Doc, lex: Lexicons) -> None:
    g = grammar()
    text = doc.text
    urls = [m.span() for m in _URL.finditer(text)]
    numbers = [n for s, e in doc.body for n in find_numbers(text, s, e, norm=doc.norm)]
    list_kind: str | None = None  # the kind a list's lines count, after "وتوزعت الحصيلة على النحو التالي:"
    for k, sent in enumerate(doc.sents):
        toks = sent.tokens
        in_date = doc.date_tokens(k)
        skip = _date_commas(toks, in_date)
        denial_at = next((i for i, t in enumerate(toks) if is_denial(t.text)), None)
        item_kind = list_kind if list_kind and toks and _opens_with_number(toks, numbers) else None
        if item_kind is None:
            list_kind = None
        previous: Quantity | None = None  # the figure before, for "مقتل 19 من عناصر قسد و6 مدنيين"
        for n in numbers:
            if not sent.start <= n.num_start < sent.end:
                continue
            if n.form == "ordinal" or n.value is None or (n.form == "vague" and (n.high or 0) < 10):
                continue  # "عدة", "بضعة": too vague to count
            if any(toks[i].start <= n.num_start < toks[i].end for i in in_date):
                continue
            if any(s <= n.num_start < e for s, e in urls):
                continue
            value = n.value
            if isinstance(value, float):
                if not value.is_integer():
                    continue
                value = int(value)
            if denial_at is not None and toks[denial_at].end <= n.start:
                continue  # "نفت … صحة ما تداولته صفحات عن سقوط 4 قتلى": a figure inside a denial is not reported
            q = _read(doc, toks, n, int(value), g, k, previous, skip, item_kind if n.start < toks[0].end else None)
            if q is not None:
                doc.quantities.append(q)
                previous = q
        doc.quantities += _duals(doc, toks, numbers, g, k)
        if toks and toks[-1].text == ":" and _forward_any(toks, g.list_intro):
            list_kind = next((q.kind for q in reversed(doc.quantities) if q.kind != "other"), None)
    _dedupe(doc)


def _opens_with_number(toks: list[Token], numbers) -> bool:
    return any(n.start <= toks[0].start < n.end or n.num_start == toks[0].start for n in numbers)


def _forward_any(toks: list[Token], table: dict[tuple[str, ...], str]) -> bool:
    return any(_forward(toks, i, table, 3) for i in range(len(toks)))


def _date_commas(toks: list[Token], in_date: frozenset[int]) -> frozenset[int]:
    """Commas right before or after a date ("اعتقلت، مساء أمس، ثلاثة"): they set the date off."""
    if not in_date:
        return frozenset()
    return frozenset(i for i, t in enumerate(toks) if t.text == "," and (i + 1 in in_date or i - 1 in in_date))


@lru_cache(maxsize=65536)
def is_denial(word: str) -> bool:
    """"نفى", "نفت": a word after which what its sentence reports is denied."""
    return any(s in grammar().denial for _, s in stems(word))


def _duals(doc: Doc, toks: list[Token], numbers, g: _Grammar, k: int) -> list[Quantity]:
    """A dual noun is a count of two: "مقتل جنديين", "شن غارتين"."""
    out = []
    for i, t in enumerate(toks):
        if not t.is_arabic or not _may_begin_dual(t.text):
            continue
        hit = _forward(toks, i, g.duals, 2)
        if not hit or any(n.start <= t.start < n.end or n.start <= toks[hit[1] - 1].start < n.end for n in numbers):
            continue
        kind = hit[0] if hit[0] != "people" else _left_trigger(toks, i, g)
        if kind is None:
            continue
        if kind == "weapons" and (_fired(toks, i, g) or t.text[:1] == "ب"):
            kind = "munitions"  # "استهدفت السيارة بصاروخين": fired, not seized
        end = toks[hit[1] - 1].end
        party = _party(doc, toks, hit[1], g)
        out.append(Quantity(kind, 2, "exact", 2, 2, t.start, end, party, k, t.text))
    return out


@lru_cache(maxsize=65536)
def _may_begin_dual(word: str) -> bool:
    firsts = grammar().dual_firsts
    return any(r in firsts for _, r in stems(word))


def _read(doc: Doc, toks: list[Token], n, value: int, g: _Grammar, k: int,
          previous: Quantity | None = None, skip: frozenset[int] = frozenset(),
          list_kind: str | None = None) -> Quantity | None:
    i0 = next((i for i, t in enumerate(toks) if t.end > n.start), len(toks))
    i1 = next((i for i, t in enumerate(toks) if t.start >= n.num_end), len(toks))  # a trailing qualifier ("على الأقل") may follow the noun
    prev = toks[i0 - 1] if i0 else None
    if prev and any(s in g.not_before for _, s in stems(prev.text)):
        return None
    if prev and prev.text in {"-", "/"} or (i1 < len(toks) and toks[i1].text in {"-", "/"} and n.form == "digits"):
        return None  # a code, a score or part of a date
    if _forward(toks, i1, g.not_after, 3):
        return None
    if n.form == "digits" and 1900 <= value <= 2100 and n.qualifier == "exact":
        nxt = _forward(toks, i1, g.counted, g.max_len)
        if not nxt and not (i1 < len(toks) and _is_unit(toks[i1], g)):
            return None  # a year
    if n.form == "digits" and len(str(value)) >= 7 and n.qualifier == "exact" and "," not in n.text:
        return None  # a phone or an identifier
    kind = unit = None
    j = i1
    while j < len(toks) and toks[j].text in _QUOTES:
        j += 1  # "ست «مضافات»"
    if j < len(toks) and toks[j].text == "من" and j + 1 < len(toks) and _is_unit(toks[j + 1], g):
        j += 1  # partitive: "5 من عناصر"
    counted = _forward(toks, j, g.counted, g.max_len, conj=False, clitics=False)
    after_unit = j
    if counted:
        kind, after_unit = counted
        unit = " ".join(t.text for t in toks[j:after_unit])
        if kind == "weapons" and (_fired(toks, i0, g) or toks[i0].text[:1] == "ب" and toks[i0].text != "بين"):
            kind = "munitions"
    elif j < len(toks) and (_is_unit(toks[j], g) or _tamyiz(toks[j], value)):
        unit = toks[j].text
        after_unit = j + 1
        kind = _left_trigger(toks, i0, g, skip) or _right_verb(toks, after_unit, g) or _coordinated(toks, i0, previous)
    elif prev is not None and i0 >= 2 and (_is_unit(prev, g) or _human_plural(prev)):
        unit = prev.text  # noun before number: "مقتل إرهابيين اثنين", "مدنيين اثنين"
        kind = _left_trigger(toks, i0 - 1, g, skip)
    elif j >= len(toks) or not toks[j].is_arabic or toks[j].text in {"في", "خلال", "على", "من", "و", "اخرين"}:
        kind = _left_trigger(toks, i0, g, skip) or _coordinated(toks, i0, previous)
    else:  # an unknown noun follows: a verb after it ("من بينهم 11 قتلوا") or a "members" trigger types the count
        kind = _right_verb(toks, j, g)
        left = _left_trigger(toks, i0, g, skip)
        if kind is None and left == "members":
            kind = "members"
        elif kind is None and left in _PEOPLE_KINDS and _human_plural(toks[j]):
            kind, unit, after_unit = left, toks[j].text, j + 1  # "اعتقال 7 متسللين", "توقيف 3 مهربين"
    if kind is None and list_kind and (unit or j < len(toks) and toks[j].text == "من"):
        kind = list_kind  # a line of a list: "61 من عناصر وزارة الدفاع."
        if unit is None:
            after_unit = j
    if kind is None:
        return None
    party = _party(doc, toks, after_unit, g)
    if party is None and unit and (unit in g.civilian_units or _bare(unit) in g.civilian_units):
        party = "civilians"
    return Quantity(kind, value, n.qualifier, n.low, n.high, n.start, n.end, party, k, unit)


def _left_trigger(toks: list[Token], i0: int, g: _Grammar, skip: frozenset[int] = frozenset()) -> str | None:
    """The kind named by the closest trigger before the number, within its clause (``skip``: commas that only
    set off a date)."""
    rise = i0 > 0 and toks[i0 - 1].text in g.toll_rise  # "ارتفع عدد الضحايا … منذ مطلع العام إلى 9"
    j, seen = i0 - 1, 0
    while j >= 0 and seen < (20 if rise else 8):
        t = toks[j].text
        if t == "," and (j in skip or rise):
            j -= 1  # "اعتقلت مفرزة، مساء أمس، ثلاثة": the commas around a date do not end the clause
            continue
        if t in _CLAUSE_BREAK or t[0].isdigit():
            return None
        hit = _backward(toks, j, g.left, 3)
        if hit:
            kind, first = hit
            # "مقتل واعتقال نحو 25": two kinds joined by و count one undivided total, unless the first has its
            # own number ("سبعة استشهدوا وأصيب ثلاثة")
            if first > 0 and toks[first].text.startswith("و"):
                other = _backward(toks, first - 1, g.left, 3)
                own = other and any(tk.text[0].isdigit() or is_number_word(tk.text)
                                    for tk in toks[max(0, other[1] - 6):other[1]])
                if other and other[0] != kind and not own and {other[0], kind} <= _PEOPLE_KINDS:
                    return "other"
            return kind
        j -= 1
        seen += 1
    return None


_QUOTES = frozenset('"«»“”\'')
_PEOPLE_KINDS = {"killed", "injured", "arrested"}


def _human_plural(tok: Token) -> bool:
    """A sound masculine plural (متسللين، مهربون): people, where "سيارات" or "أغنام" are not."""
    w = tok.text
    return tok.is_arabic and len(w) >= 5 and w.endswith(("ين", "ون")) and not w.endswith(("تين", "تان"))


def _tamyiz(tok: Token, value: int) -> bool:
    """After 11-99 the counted noun is a singular accusative ("41 مهرباً"): the noun is the unit."""
    return 11 <= value % 100 <= 99 and tok.is_arabic and tok.text.endswith("ا") and len(tok.text) > 3


def _coordinated(toks: list[Token], i0: int, previous: Quantity | None) -> str | None:
    """"مقتل 19 من عناصر قسد و6 مدنيين": a number joined by و to the figure before counts the same thing."""
    if previous is None or not i0 or toks[i0 - 1].text != "و" and not toks[i0].text.startswith("و"):
        return None
    return previous.kind if previous.kind in {"killed", "injured", "arrested", "displaced"} else None


def _right_verb(toks: list[Token], j: int, g: _Grammar) -> str | None:
    """A verb after the counted noun: "4 آخرون يتلقون العلاج", "31 عدد عناصر قسد الذين قتلوا"."""
    for k in range(j, min(len(toks), j + 6)):
        if toks[k].text in _CLAUSE_BREAK:
            return None
        hit = _forward(toks, k, g.right, 3)
        if hit:
            return hit[0]
    return None


def _fired(toks: list[Token], i0: int, g: _Grammar) -> bool:
    return any(s in g.fired for t in toks[max(0, i0 - 4):i0] for _, s in stems(t.text))


def _party(doc: Doc, toks: list[Token], j: int, g: _Grammar) -> str | None:
    """An organization linked to the counted noun: "من عناصر التنظيم", "تابعة لـ داعش", "للأسلحة يستخدمها التنظيم"."""
    for k in range(j, min(len(toks), j + 6)):
        t = toks[k]
        for (s, e), eid in doc.mention_at.items():
            if s <= t.start < e or t.start <= s < t.end:
                ent = doc.entity(eid)
                return eid if ent and ent.type in {"organization", "other"} else None
        readings = {s for _, s in stems(t.text)} | {t.text}
        if t.text == '"' or readings & g.party_links or _is_unit(t, g) or _forward(toks, k, g.counted, 1):
            continue
        return None
    return None


def _dedupe(doc: Doc) -> None:
    """A figure repeated in one story is one fact; a body mention beats a headline's."""
    seen: dict[tuple[int, str, int], Quantity] = {}
    out: list[Quantity] = []
    for q in doc.quantities:
        key = (doc.sents[q.sent].story, q.kind, q.value)
        old = seen.get(key)
        if old is None:
            seen[key] = q
            out.append(q)
            continue
        if doc.sents[old.sent].is_title or doc.sents[old.sent].headline_like:
            if not (doc.sents[q.sent].is_title or doc.sents[q.sent].headline_like):
                out[out.index(old)] = q
                seen[key] = q
                q.party = q.party or old.party
                continue
        old.party = old.party or q.party
    doc.quantities = out
