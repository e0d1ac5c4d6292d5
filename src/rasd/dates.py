"""Arabic news dates: find date expressions and resolve them against a publication date.

Parsing runs over word tokens of the folded text (``normalize(text, fold=True)``), so
hamza/ya/ta-marbuta spellings and Arabic-Indic digits need no special casing, and every
expression maps back to exact original offsets.  A caller running several scanners passes that
normalization once (``norm=``).  Only the stretches of a line around an anchor word (a month,
weekday, unit, four-digit number ...) are tokenized and parsed: see ``_window_regex``.  All
vocabulary lives in ``rasd/lang/ar/dates.json``; this module holds only the grammar and the
calendar logic.

News semantics, ``ref`` being the publication date:

* a bare weekday or month, or a day+month without year, is the most recent one on or
  before ``ref`` (December read in January is last December) -- except a day of ``ref``'s
  own month, which stays in ``ref``'s year: a report of the 13th naming "the 20th" speaks
  of this month (an upcoming day, or a clock lag), never of last year;
* "الماضي/المنصرم/السابق" is the previous one, "الجاري/الحالي/هذا" the current one,
  "المقبل/القادم" the next one (for a day+month: the last such day before ``ref``, the
  next one after it);
* weeks run **Saturday to Friday**: the week of the wall calendars printed in Syria, Iraq,
  Egypt and the Gulf starts on Saturday and ends with the Friday rest day, so "نهاية
  الأسبوع" (the weekend) falls at the end of the week, as Arabic readers mean it;
* a vague part of a period (مطلع/منتصف/أواخر ...) is its first, middle or last third --
  days 1-10, 11-20, 21-end of a month; months 1-4, 5-8, 9-12 of a year; days 1-3, 3-5,
  5-7 of a week -- flagged ``approx``; its precision is "week" within a month or week and
  "month" within a year;
* a range has the precision of its coarser end; an open range ("منذ ...") runs from its
  start to ``ref`` with the precision of the start;
* a bare number is never a date: a year needs a year word (عام/سنة), an era marker
  (م/هـ), a month, or a preposition of time (في/منذ/خلال ...) before it.
"""
from __future__ import annotations

import calendar
import datetime as dt
import json
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from typing import Any, Callable, Iterable, Iterator

from hijridate import Gregorian, Hijri

from rasd.text.normalize import Normalized, fold, normalize
from rasd.text.regex import trie_regex

WEEK_START = 5  # Saturday, as Python's weekday() numbers it
_COARSE = {"day": 0, "week": 1, "month": 2, "year": 3, "unknown": 4}
_MONTH_THIRDS = {"early": (1, 10), "mid": (11, 20), "late": (21, 31)}
_YEAR_THIRDS = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}
_WEEK_THIRDS = {"early": (0, 2), "mid": (2, 4), "late": (4, 6)}
_UNKNOWN: tuple[None, None, str] = (None, None, "unknown")


@dataclass(frozen=True, slots=True)
class DateExpr:
    """A date expression found in text, resolved to a period of days."""

    start: dt.date | None
    end: dt.date | None  # == start for a single day
    precision: str  # "day" | "week" | "month" | "year" | "unknown"
    kind: str  # "point" | "range" | "open_range" | "relative" | "weekday" | "vague"
    start_off: int
    end_off: int
    text: str
    approx: bool
    explicit_year: bool


# --------------------------------------------------------------------------- vocabulary

_Table = dict[str, list[tuple[tuple[str, ...], Any]]]


def _table(pairs: Iterable[tuple[str, Any]]) -> _Table:
    """Phrase table keyed by the first folded word, longest phrases first."""
    t: _Table = {}
    for phrase, val in pairs:
        words = tuple(fold(phrase).split())
        if words:
            t.setdefault(words[0], []).append((words, val))
    for lst in t.values():
        lst.sort(key=lambda x: -len(x[0]))
    return t


_AR = "\u0621-\u064a"  # the letters of a word token




_PREFIX = 6  # letters of a word form that the window regex checks (more: exact but bigger)


def _window_regex(vocab: set[str], anchors: set[str], conj: str, prep: str, article: str, contracted: str,
                  glue: set[str], eras: frozenset[str]) -> re.Pattern[str]:
    """One regex finding, in a single pass, each stretch of a line worth parsing.

    A token outside the grammar's vocabulary ("breaker": not a known word, digit run, the article or
    one of ``/ ( ) - . ,``) is never part of a date and, before or after one, reads like no token at
    all; breakers therefore cut a line into independent stretches.  Every date holds an anchor token
    (a month, weekday, relative day, period or counted unit, or a four-digit number), so only
    stretches with an anchor are tokenized and parsed.  Word tests are supersets -- a run starting
    like some form a word may take as a run (proclitics و ف ب ل لل, a month name a scraper glued to
    the next word, an era letter after a year) -- so a stretch may take in a few extra words, but
    every cut falls on a true breaker.  Groups: "cut" (empty) marks the end of the last breaker
    before the anchor, where the stretch begins; "span" runs from the anchor to the stretch end."""
    words = {w for w in vocab if re.fullmatch(f"[{_AR}]+", w)} | {article}
    singles = {w for w in vocab if len(w) == 1 and not re.match(f"[{_AR}0-9a-z]", w)} | set("/()-.,")
    latin = {w for w in vocab if re.fullmatch("[a-z]+", w)}

    def starts(ws: set[str]) -> str:
        """Any run beginning like one of ``ws`` carried by proclitics (a superset); the proclitics are a
        prefix of the pattern rather than spelled into every word, which keeps the regex small."""
        bare = trie_regex({w[:_PREFIX] for w in ws})
        defs = trie_regex({w[len(article):][:_PREFIX] for w in ws if w.startswith(article) and len(w) > len(article)})
        glued = trie_regex({g[:_PREFIX] for g in glue})
        return (f"(?:[{conj}]?(?:[{prep}]?{bare}|{re.escape(contracted)}{defs})|{glued})[{_AR}]*+")

    year = rf"[0-9]{{4}}(?![0-9])(?:[^\S\n]*+[{''.join(sorted(eras))}][{_AR}]*+)?"  # 1447 هـ... (any run)
    item, anchor = starts(words), f"(?:{starts(anchors & words)}|{year})"
    one = f"[{re.escape(''.join(sorted(singles)))}]" + (f"|{trie_regex(latin)}(?![a-z])" if latin else "")
    ws_or_single = rf"[^\S\n]|{one}"
    # Most of a line is spaces and breaker words: tried first.
    breaker = rf"(?:(?!{item})[{_AR}]++|\n|(?!{one})(?:[^\s0-9a-z{_AR}]|[a-z]++))(?P<cut>)"
    before = rf"(?:[^\S\n]|{breaker}|(?!{anchor})[{_AR}]++|{one}|[0-9]{{5,}}+|[0-9]{{1,3}}+(?![0-9]))*+"
    return re.compile(rf"{before}(?:(?P<span>{anchor}(?:{ws_or_single}|{year}|[0-9]++|{item})*+)|\Z)")


@dataclass(frozen=True, slots=True)
class _Lex:
    tables: dict[str, _Table]
    sets: dict[str, frozenset[str]]
    vocab: frozenset[str]
    starts: frozenset[str]
    leads: dict[str, tuple[str, ...]]  # start words that only begin longer phrases: their start tables
    glue_digit: tuple[str, ...]  # one-word month names a scraper may glue to the next word
    glue_second: dict[str, tuple[str, ...]]  # second words of two-word month names, by first word
    windows: re.Pattern[str]  # see _window_regex
    article: str  # ال
    conj: str  # conjunction proclitics: و ف
    prep: str  # preposition proclitics: ب ل
    contracted: str  # لل = ل + ال
    era_letters: frozenset[str]  # one-letter era markers: م هـ


@lru_cache(maxsize=1)
def _lex() -> _Lex:
    raw = json.loads(resources.files("rasd").joinpath("lang/ar/dates.json").read_text("utf-8"))

    def items(key: str, conv=int) -> Iterator[tuple[str, Any]]:
        return ((n, conv(k)) for k, ns in raw[key].items() for n in ns)

    mo = raw["morphology"]
    al = fold(mo["article"])
    q = {"past": -1, "current": 0, "next": 1, "recent": -1, "before_last": -2}
    ords = list(items("day_ordinals"))
    for k, ones in raw["ordinal_compound_ones"].items():
        for o in ones:
            ords += [(f"{o} {t}", 10 + int(k)) for t in raw["ordinal_teen_words"]]
            ords += [(f"{o} {mo['conjunction_proclitics'][0]} {tn}", int(tk) + int(k)) for tk, tns in raw["ordinal_tens"].items()
                     for tn in tns if int(tk) + int(k) <= 31]
    cards = list(items("cardinals"))
    units = [(f, (u, form)) for u, forms in raw["units"].items() for form, fs in forms.items() for f in fs]
    T = {
        "gmonth": _table((n, ("g", m)) for n, m in items("gregorian_months")),
        "hmonth": _table((n, ("h", m)) for n, m in items("hijri_months")),
        "weekday": _table(items("weekdays")),
        "dpart": _table([(n, False) for n in raw["day_parts"]] + [(n, True) for n in raw["night_parts"]]),
        "relday": _table(items("relative_days")),
        "qual": _table((n, q[k]) for k, ns in raw["qualifiers"].items() if k != "recent" for n in ns),
        "lastq": _table((n, q[k]) for k, ns in raw["qualifiers"].items() if q[k] in (-1, 1) for n in ns),
        "unit": _table((n, u) for u, ns in raw["period_units"].items() for n in ns),
        "part": _table((n, k) for k, ns in raw["parts"].items() for n in ns),
        "frac": _table((n, tuple(v)) for n, v in raw["year_fractions"].items()),
        "ord": _table(ords),
        "first": _table((n, 1) for n in raw["first_of_month"]),
        "card": _table(cards),
        "card_al": _table((al + n, v) for n, v in cards),
        "cunit": _table(units),
        "cunit_al": _table((al + f, v) for f, v in units if v[1] != "one"),
        "ago": _table((n, 1) for n in raw["ago_words"]),
        "approx": _table((n, 1) for n in raw["approx_words"]),
        "ymark": _table([(n, "g") for n in raw["gregorian_year_markers"]]
                        + [(n, "h") for n in raw["hijri_year_markers"]]),
        "match": _table((n, 1) for n in raw["matching_words"]),
        "starter": _table((n, k) for k, ns in raw["range_starters"].items() for n in ns),
        "to": _table((n, "to") for n in raw["range_to"]),
        "and": _table((n, "and") for n in raw["range_and"]),
        "now": _table((n, 0) for n in raw["now_words"]),
    }
    set_keys = ["hijri_epithets", "weekday_blockers_before", "weekday_blockers_after", "day_word", "month_word",
                "night_joiners", "today_blockers_before", "today_blockers_after", "this", "year_words",
                "period_words", "context_words", "anaphoric_before"]
    S = {k: frozenset(fold(w) for w in raw[k]) for k in set_keys}
    S["of"], S["and"] = frozenset(fold(w) for w in mo["of"]), frozenset(fold(w) for w in raw["range_and"])
    vocab = set().union(*S.values())
    for tab in T.values():
        for lst in tab.values():
            for words, _ in lst:
                vocab.update(words)
    start_tables = ["gmonth", "hmonth", "weekday", "dpart", "relday", "unit", "part", "frac", "ord", "first",
                    "card_al", "cunit_al", "ago", "starter"]
    starts = {w for k in start_tables for w in T[k]}
    starts |= S["day_word"] | S["month_word"] | S["this"] | S["year_words"] | {al}
    single = {w for k in start_tables for lst in T[k].values() for ws, _ in lst if len(ws) == 1 for w in ws}
    leads = {w: tuple(k for k in start_tables if w in T[k]) for w in starts - single - S["day_word"]
             - S["month_word"] - S["this"] - S["year_words"] - {al}}
    names = [ws for k in ("gmonth", "hmonth") for lst in T[k].values() for ws, _ in lst]
    glue_digit = tuple(sorted({ws[0] for ws in names if len(ws) == 1 and len(ws[0]) >= 4}, key=len, reverse=True))
    glue_second: dict[str, tuple[str, ...]] = {}
    for ws in names:
        if len(ws) == 2:
            glue_second[ws[0]] = tuple(sorted({*glue_second.get(ws[0], ()), ws[1]}, key=len, reverse=True))
    eras = frozenset(w for w in (fold(x) for k in ("gregorian_year_markers", "hijri_year_markers") for x in raw[k])
                     if len(w) == 1)
    conj, prep, contracted = "".join(mo["conjunction_proclitics"]), "".join(mo["preposition_proclitics"]), \
        fold(mo["contracted_article"])
    windows = _window_regex(vocab, _anchors(T, S.values()), conj, prep, al, contracted,
                            set(glue_digit) | {w for ws in glue_second.values() for w in ws}, eras)
    return _Lex(T, S, frozenset(vocab), frozenset(starts), leads, glue_digit, glue_second, windows, al, conj, prep,
                contracted, eras)


# Every date expression contains a whole phrase of one of these tables (or a four-digit number):
# months (p_month, p_daydate), weekdays, relative days, period units (p_unit, "الشهر الجاري",
# "النصف الأول من العام"), and counted units (p_ago, p_last).  Ranges are made of such expressions.
_ANCHOR_TABLES = ("gmonth", "hmonth", "weekday", "relday", "unit", "cunit", "cunit_al")


def _anchors(T: dict[str, _Table], sets: Iterable[frozenset[str]]) -> set[str]:
    """One word per anchor phrase -- its rarest across all tables (أمس of أول أمس, كانون of كانون
    الثاني) -- so that common words do not open needless windows; a phrase match needs every word."""
    freq: dict[str, int] = {}
    for tab in T.values():
        for lst in tab.values():
            for words, _ in lst:
                for w in set(words):
                    freq[w] = freq.get(w, 0) + 1
    for ws in sets:
        for w in ws:
            freq[w] = freq.get(w, 0) + 1
    return {min(words, key=lambda w: (freq[w], -len(w), w))
            for k in _ANCHOR_TABLES for lst in T[k].values() for words, _ in lst}


# --------------------------------------------------------------------------- calendars

def _parts(cal: str, d: dt.date) -> tuple[int, int, int]:
    if cal == "g":
        return d.year, d.month, d.day
    h = Gregorian(d.year, d.month, d.day).to_hijri()
    return h.year, h.month, h.day


def _mlen(cal: str, y: int, m: int) -> int:
    return calendar.monthrange(y, m)[1] if cal == "g" else Hijri(y, m, 1).month_length()


def _date(cal: str, y: int, m: int, d: int) -> dt.date:
    return dt.date(y, m, d) if cal == "g" else dt.date(*Hijri(y, m, d).to_gregorian().datetuple())


def _add_months(y: int, m: int, k: int) -> tuple[int, int]:
    t = y * 12 + m - 1 + k
    return t // 12, t % 12 + 1


def _week_start(d: dt.date) -> dt.date:
    return d - dt.timedelta((d.weekday() - WEEK_START) % 7)


def _span(cal: str, y: int, m: int | None, d: int | None, part: str | None) -> tuple[dt.date, dt.date, str]:
    """The days of a year, month or day (or of a third of it) in either calendar."""
    if m is None:
        a, b = _YEAR_THIRDS[part] if part else (1, 12)
        return _date(cal, y, a, 1), _date(cal, y, b, _mlen(cal, y, b)), "month" if part else "year"
    n = _mlen(cal, y, m)
    if d is not None:
        if d > n:
            raise ValueError(f"day {d} beyond month length {n}")
        x = _date(cal, y, m, d)
        return x, x, "day"
    a, b = _MONTH_THIRDS[part] if part else (1, n)
    return _date(cal, y, m, a), _date(cal, y, m, min(b, n)), "week" if part else "month"


_DIGITS = frozenset("0123456789")


def _num(w: str) -> bool:
    return w.isascii() and w.isdigit()


def _coarser(a: str, b: str) -> str:
    return a if _COARSE[a] >= _COARSE[b] else b


# --------------------------------------------------------------------------- tokens

_DROPPED = re.compile("[\u0610-\u061a\u0640\u064b-\u065f\u0670]")
_TOKEN = re.compile(r"[0-9]+|[\u0621-\u064a]+|[a-z]+|[^\s0-9\u0621-\u064aa-z]")
_Tok = tuple[str, int, int]


def _tokens(t: str, lo: int, hi: int, L: _Lex, index: tuple[int, ...]) -> list[_Tok]:
    """Tokens of ``t[lo:hi]``; proclitics (و ف ب ل لل) are split off words the grammar knows,
    and a month name is split from a word a scraper glued to it ("27 نوفمبرعملية").

    ``index`` maps ``t`` to the original text: normalization joins "1447 هـ أيضا" into
    "هايضا" (tatweel + space read as a broken word), so an era letter after a year that was
    followed by dropped characters is split off again."""
    out: list[_Tok] = []
    vocab, eras, conj, prep, contracted, article = L.vocab, L.era_letters, L.conj, L.prep, L.contracted, L.article
    c = len(contracted)
    for m in _TOKEN.finditer(t, lo, hi):
        w = m.group()
        a, b = m.span()
        if w[0] in eras and len(w) > 1 and out and len(out[-1][0]) == 4 and _num(out[-1][0]) \
                and index[a + 1] - index[a] > 1:
            out.append((w[0], a, a + 1))
            w, a = w[1:], a + 1
        if w in vocab or len(w) < 3 or not "\u0621" <= w[0] <= "\u064a":
            out.append((w, a, b))
            continue
        k = 1 if w[0] in conj else 0
        if k and w[1:] in vocab:
            out += [(w[0], a, a + 1), (w[1:], a + 1, b)]
        elif len(w) - k > 3 and w[k] in prep and w[k + 1:] in vocab:
            out += [(w[:k + 1], a, a + k + 1), (w[k + 1:], a + k + 1, b)]
        elif w.startswith(contracted, k) and article + w[k + c:] in vocab:
            out += [(w[:k + 1], a, a + k + 1), (article + w[k + c:], a + k + 1, b)]
        else:
            prev = out[-1][0] if out else ""
            cands = L.glue_digit if prev[:1] in _DIGITS else L.glue_second.get(prev, ())
            g = next((g for g in cands if w.startswith(g) and len(w) - len(g) >= 3), None) if cands else None
            out += [(g, a, a + len(g)), (w[len(g):], a + len(g), b)] if g else [(w, a, b)]
    return out


# --------------------------------------------------------------------------- grammar

@dataclass(slots=True)
class _Spec:
    """A parsed, not yet resolved, expression over tokens ``[i, j)``."""

    i: int
    j: int
    kind: str = "point"
    cal: str = "g"
    year: int | None = None
    yrel: int | None = None  # year given as "العام الماضي" after a month
    month: int | None = None
    mrel: int | None = None  # month given as "الشهر الجاري/الماضي"
    day: int | None = None
    qual: int | None = None  # -1 past, 0 current, +1 next
    part: str | None = None  # early | mid | late
    weekday: int | None = None
    wd_base: int | None = None  # day offset a weekday confirms: اليوم الخميس, أمس الأربعاء
    wd2: int | None = None  # night of weekday..wd2: ليل الجمعة السبت
    fixed: tuple | None = None  # (start, end, precision) already resolved
    explicit_year: bool = False
    approx: bool = False
    ctx: bool = True  # False: a bare month or year, valid only after a word of time
    now: bool = False


class _Parser:
    def __init__(self, toks: list[_Tok], ref: dt.date | None, L: _Lex, loose: bool,
                 minutes: frozenset[int] = frozenset()) -> None:
        self.t, self.n, self.ref, self.L, self.S, self.loose = toks, len(toks), ref, L, L.sets, loose
        self.minutes = minutes  # tokens that are the minutes of a clock time ("10:18"): they begin no date
        self.ws, self.T = [w for w, _, _ in toks], L.tables
        # The parsers a range end is made of; the scan tries them at each start token too, so their
        # results there are kept for the range parser (``_at``, ``_ends``) instead of parsed twice.
        self.ends = (self.p_daydate, self.p_numeric, self.p_weekday, self.p_relday, self.p_unit, self.p_month,
                     self.p_year)
        self._at, self._ends = -1, [None] * len(self.ends)

    # -- helpers
    def w(self, i: int) -> str:
        return self.ws[i] if 0 <= i < self.n else ""

    def ph(self, i: int, name: str) -> tuple[Any, int] | None:
        """The longest phrase of table ``name`` at token i: (value, next token)."""
        if i >= self.n:
            return None
        cands = self.T[name].get(self.ws[i])
        if cands:
            for words, val in cands:
                k = len(words)
                if k == 1 or tuple(self.ws[i:i + k]) == words:
                    return val, i + k
        return None

    def safe(self, fn, *args) -> tuple:
        if self.ref is None:
            return _UNKNOWN
        try:
            return fn(*args)
        except (ValueError, OverflowError):
            return _UNKNOWN

    # -- scanning
    def scan(self) -> list[tuple[_Spec, tuple]]:
        out, i, starts, leads = [], 0, self.L.starts, self.L.leads
        while i < self.n:
            w = self.ws[i]
            # every parser begins with a start-table phrase, a start set word, the article or digits:
            # a word that only begins longer phrases (في of "في ساعة مبكرة من صباح") needs one whole
            if (w in starts or w[0] in _DIGITS) and (w not in leads or any(self.ph(i, k) for k in leads[w])) \
                    and not self.clock_minutes(i):
                best = None
                self._at, self._ends = i, [f(i) for f in self.ends]
                for sp in (self.p_range(i), self.p_ago(i), self.p_last(i), *self._ends, self.p_fraction(i)):
                    if sp is not None and (best is None or sp.j > best.j):
                        best = sp
                prev = self.w(i - 1)
                if best is not None and (best.ctx or self.loose or prev in self.S["context_words"]
                                         or prev in self.S["and"] and out and out[-1][0].j == i - 1):
                    r = self.resolve(best)
                    if r is not None:
                        out.append((best, r))
                    i = best.j  # an impossible date (30 فبراير) is not read again piecemeal
                    continue
            i += 1
        return out

    def clock_minutes(self, i: int) -> bool:
        """"10:18-4 مارس": the minutes of a clock time begin no date."""
        return i in self.minutes

    # -- pieces
    def day(self, i: int) -> tuple[int, int, str] | None:
        """A day of month: 16, الـ16, الأول, السادس عشر, غرة -> (day, next, form)."""
        w = self.w(i)
        if w == self.L.article and _num(self.w(i + 1)):
            i += 1
            w = self.w(i)
        if _num(w):
            return (int(w), i + 1, "num") if len(w) <= 2 and 1 <= int(w) <= 31 else None
        r = self.ph(i, "first")
        if r:
            return 1, r[1], "first"
        r = self.ph(i, "ord")
        return (r[0], r[1], "ord") if r else None

    def month(self, i: int) -> tuple[str, int, int, bool] | None:
        """A month name with an optional synonym of the other system -> (cal, month, next, combined)."""
        r = self.ph(i, "gmonth") or self.ph(i, "hmonth")
        if not r:
            return None
        (cal, m), j = r
        combo = False
        if cal == "g":
            k = j + 1 if self.w(j) in ("/", "(", "-") else j
            r2 = self.ph(k, "gmonth")
            if r2 and r2[0][1] == m:
                combo, j = True, r2[1]
                if k > r[1] and self.w(k - 1) == "(" and self.w(j) == ")":
                    j += 1
        elif self.w(j) in self.S["hijri_epithets"]:
            j += 1
        return cal, m, j, combo

    def yearnum(self, i: int, cal: str | None = None) -> tuple[str, int, int, bool] | None:
        """A four-digit year with an optional era marker -> (cal, year, next, marked)."""
        w = self.w(i)
        if len(w) != 4 or not _num(w):
            return None
        y, j = int(w), i + 1
        mk = self.ph(j, "ymark")
        if mk:
            if cal and mk[0] != cal:
                return None
            cal, j = mk
        cal = cal or "g"
        lo, hi = (1343, 1500) if cal == "h" else (1900, 2100)
        return (cal, y, j, bool(mk)) if lo <= y <= hi else None

    def tail(self, sp: _Spec, j: int) -> int:
        """The year or qualifier after a month: 2025 | عام 2025 | من العام الماضي | الماضي."""
        k = j + 1 if self.w(j) in self.S["of"] else j
        kw = self.w(k) in self.S["year_words"]
        r = self.yearnum(k + kw, sp.cal) if (kw or k == j) else None
        if r:
            sp.year, sp.explicit_year = r[1], True
            return r[2]
        if self.w(k) in self.S["this"] and self.ph(k + 1, "unit") and self.ph(k + 1, "unit")[0] == "year":
            sp.yrel = 0
            return k + 2
        u = self.ph(k, "unit")
        if u and u[0] == "year":
            qr = self.ph(u[1], "qual")
            if qr:
                sp.yrel = qr[0]
                return qr[1]
        qr = self.ph(j, "qual")
        if qr:
            sp.qual = qr[0]
            return qr[1]
        return j

    def rel_month(self, k: int) -> tuple[int, int] | None:
        """"الشهر الجاري/الماضي", "هذا الشهر", "الشهر" -> (month offset, next)."""
        if self.w(k) in self.S["this"]:
            u = self.ph(k + 1, "unit")
            return (0, u[1]) if u and u[0] == "month" else None
        u = self.ph(k, "unit")
        if not u or u[0] != "month":
            return None
        qr = self.ph(u[1], "qual")
        return qr if qr else (0, u[1])

    def number(self, j: int) -> tuple[int, int, bool] | None:
        """A count in digits or words -> (value, next, has article)."""
        al = self.w(j) == self.L.article and _num(self.w(j + 1))
        w = self.w(j + al)
        if _num(w):
            return (int(w), j + al + 1, al) if len(w) <= 3 else None
        r = self.ph(j, "card_al")
        if r:
            return r[0], r[1], True
        r = self.ph(j, "card")
        return (r[0], r[1], False) if r else None

    def count(self, j: int) -> tuple[int, str, int] | None:
        """N units after قبل/منذ: يومين, أسبوع, 3 أيام, ثلاثة أسابيع -> (n, unit, next)."""
        r = self.ph(j, "cunit")
        if r:
            (unit, form), k = r
            if form == "two":
                return 2, unit, k
            blocked = (_num(self.w(k)) or self.ph(k, "weekday") or self.ph(k, "gmonth")
                       or self.ph(k, "hmonth") or self.ph(k, "qual"))
            return (1, unit, k) if form == "one" and not blocked else None
        nr = self.number(j)
        if not nr or nr[2]:
            return None
        r = self.ph(nr[1], "cunit")
        if not r or r[0][1] == "two" or nr[0] < 1:
            return None
        return nr[0], r[0][0], r[1]

    # -- expressions
    def p_daydate(self, i: int) -> _Spec | None:
        j = i + (self.w(i) in self.S["day_word"])
        r = self.day(j)
        if not r:
            return None
        d, j, form = r
        of = self.w(j) in self.S["of"]
        k = j + of
        if form == "ord" and not of:
            return None
        mr = self.month(k + (self.w(k) in self.S["month_word"]))
        if mr:
            cal, m, j, _ = mr
            sp = _Spec(i, j, cal=cal, month=m, day=d)
            sp.j = self.tail(sp, j)
            return sp
        rm = self.rel_month(k)
        if rm and (of or rm[1] - k >= 2):
            return _Spec(i, rm[1], kind="relative", day=d, mrel=rm[0])
        return None

    def p_numeric(self, i: int) -> _Spec | None:
        """16/12/2025, 16-12-2025, 16.12.2025, 2025-12-16; a space may stand beside a slash or a dash
        ("18 /11 /2025"), as forms and scrapers leave it, but not inside a number."""
        if i + 5 > self.n:
            return None
        a, s1, b, s2, c = (self.t[i + x] for x in range(5))
        if not (_num(a[0]) and _num(b[0]) and _num(c[0]) and s1[0] == s2[0] and s1[0] in "/-."):
            return None
        gap = 0 if s1[0] == "." else 1
        if any(not 0 <= self.t[i + x][1] - self.t[i + x - 1][2] <= gap for x in range(1, 5)):
            return None
        before, after = self.t[i - 1] if i else None, self.t[i + 5] if i + 5 < self.n else None
        if before and before[2] == a[1] and (_num(before[0]) or before[0] in "/-.") or \
                after and after[1] == c[2] and (_num(after[0]) or after[0] in "/-."):
            return None  # part of a longer chain of numbers
        if len(a[0]) == 4 and len(b[0]) <= 2 and len(c[0]) <= 2:
            y, m, d = int(a[0]), int(b[0]), int(c[0])
        elif len(c[0]) == 4 and len(a[0]) <= 2 and len(b[0]) <= 2:
            d, m, y = int(a[0]), int(b[0]), int(c[0])
        else:
            return None
        if not (1900 <= y <= 2100 and 1 <= m <= 12 and 1 <= d <= 31):
            return None
        return _Spec(i, i + 5, year=y, month=m, day=d, explicit_year=True)

    def p_weekday(self, i: int) -> _Spec | None:
        j, night = i, False
        r = self.ph(j, "dpart")
        if r:
            night, j = r
        j += self.w(j) in self.S["day_word"]
        r = self.ph(j, "weekday")
        if not r or self.w(i - 1) in self.S["weekday_blockers_before"] \
                or self.w(r[1]) in self.S["weekday_blockers_after"]:
            return None
        wd, j = r
        sp = _Spec(i, j, kind="weekday", weekday=wd)
        if night:
            k = j + (self.w(j) in self.S["night_joiners"])
            r2 = self.ph(k, "weekday")
            if r2 and (r2[0] - wd) % 7 == 1:
                sp.wd2, j = r2
        qr = self.ph(j, "qual")
        if qr:
            sp.qual, j = qr
        sp.j = j
        if sp.qual is None and sp.wd2 is None:
            k = j + (self.w(j) == ",")
            mr = self.ph(k, "match")
            k = mr[1] if mr else k
            d = self.p_daydate(k) or self.p_numeric(k)
            if d:
                d.i = i
                return d
        return sp

    def p_relday(self, i: int) -> _Spec | None:
        r = self.ph(i, "dpart")
        j = r[1] if r else i
        r = self.ph(j, "relday")
        if not r:
            return None
        off, k = r
        if off == 0 and (self.w(k) in self.S["today_blockers_after"]
                                    or (j == i and self.w(i - 1) in self.S["today_blockers_before"])):
            return None
        wr = self.ph(k, "weekday")
        if wr:
            return _Spec(i, wr[1], kind="relative", weekday=wr[0], wd_base=off)
        fixed = self.safe(lambda: (self.ref + dt.timedelta(off),) * 2 + ("day",))
        return _Spec(i, k, kind="relative", fixed=fixed)

    def p_unit(self, i: int) -> _Spec | None:
        """الأسبوع الماضي, هذا الشهر, العام الجاري, مطلع الأسبوع, نهاية الشهر المقبل."""
        r = self.ph(i, "part")
        part, j = r if r else (None, i)
        if self.w(j) in self.S["this"]:
            u = self.ph(j + 1, "unit")
            if not u:
                return None
            (unit, j), q = u, 0
        else:
            u = self.ph(j, "unit")
            if not u:
                return None
            unit, j = u
            qr = self.ph(j, "qual")
            anaphoric = False
            if qr:
                q, j = qr
            elif part:
                q = 0
            elif i > 0 and self.w(i - 1) in self.S["anaphoric_before"]:
                q, anaphoric = 0, True  # "خلال الشهر": the month the text is about (see resolve_anaphoric)
            else:
                return None
            if anaphoric:
                return _Spec(i, j, kind="anaphoric", approx=True, fixed=self.safe(self.period, unit, q, None))
        fixed = self.safe(self.period, unit, q, part)
        return _Spec(i, j, kind="vague" if part else "relative", part=part, approx=bool(part), fixed=fixed)

    def period(self, unit: str, q: int, part: str | None) -> tuple:
        ref = self.ref
        if unit == "week":
            ws = _week_start(ref) + dt.timedelta(7 * q)
            a, b = _WEEK_THIRDS[part] if part else (0, 6)
            return ws + dt.timedelta(a), ws + dt.timedelta(b), "week"
        if unit == "month":
            y, m = _add_months(ref.year, ref.month, q)
            return _span("g", y, m, None, part)
        return _span("g", ref.year + q, None, None, part)

    def p_month(self, i: int) -> _Spec | None:
        r = self.ph(i, "part")
        part, j = r if r else (None, i)
        hw = self.w(j) in self.S["month_word"]
        mr = self.month(j + hw)
        if not mr:
            return None
        cal, m, j, combo = mr
        sp = _Spec(i, j, kind="vague" if part else "point", cal=cal, month=m, part=part, approx=bool(part))
        sp.j = self.tail(sp, j)
        strong = hw or part or sp.year or sp.yrel is not None or sp.qual is not None
        if not strong:
            if cal == "h" and not self.loose:
                return None  # صفر، رجب، رمضان ... are also words and names
            sp.ctx = combo
        return sp

    def p_year(self, i: int) -> _Spec | None:
        r = self.ph(i, "part")
        part, j = r if r else (None, i)
        kw = self.w(j) in self.S["year_words"]
        yr = self.yearnum(j + kw)
        if not yr:
            return None
        cal, y, j, marked = yr
        sp = _Spec(i, j, kind="vague" if part else "point", cal=cal, year=y, part=part,
                   approx=bool(part), explicit_year=True)
        if not (kw or part or marked):
            p = self.t[i - 1] if i else None
            if self.ref and y > self.ref.year + 1 or p and p[2] == self.t[i][1] and (p[0] in "/-." or _num(p[0])):
                return None  # not a plausible past year, or a piece of 12/13/2025
            sp.ctx = False
        return sp

    def p_fraction(self, i: int) -> _Spec | None:
        """الربع الأول من العام الجاري, النصف الثاني من عام 2024, الربع الأخير من العام الماضي."""
        r = self.ph(i, "frac")
        if not r:
            return None
        (a, b), j = r
        j += self.w(j) in self.S["of"]
        kw = self.w(j) in self.S["year_words"]
        yr = self.yearnum(j + kw)
        if yr:
            cal, y, j, _ = yr
            try:
                fixed = (_date(cal, y, a, 1), _date(cal, y, b, _mlen(cal, y, b)), "month")
            except (ValueError, OverflowError):
                return None
            return _Spec(i, j, fixed=fixed, explicit_year=True)
        if self.w(j) in self.S["this"]:
            j += 1
        u = self.ph(j, "unit")
        if not u or u[0] != "year":
            return None
        qr = self.ph(u[1], "qual")
        q, j = qr if qr else (0, u[1])
        fixed = self.safe(lambda: (dt.date(self.ref.year + q, a, 1),
                                   dt.date(self.ref.year + q, b, _mlen("g", self.ref.year + q, b)), "month"))
        return _Spec(i, j, kind="relative", fixed=fixed)

    def p_ago(self, i: int) -> _Spec | None:
        """قبل يومين, قبل ثلاثة أيام, منذ أسبوع, قبل نحو شهرين."""
        r = self.ph(i, "ago")
        if not r:
            return None
        j, ap = r[1], self.ph(r[1], "approx")
        c = self.count(ap[1] if ap else j)
        if not c:
            return None
        n, unit, j = c
        return _Spec(i, j, kind="relative", approx=bool(ap), fixed=self.safe(self.ago, n, unit))

    def ago(self, n: int, unit: str) -> tuple:
        ref = self.ref
        if unit in ("day", "hour"):
            x = ref - dt.timedelta(n if unit == "day" else n // 24)
            return x, x, "day"
        if unit == "week":
            ws = _week_start(ref - dt.timedelta(7 * n))
            return ws, ws + dt.timedelta(6), "week"
        if unit == "month":
            return _span("g", *_add_months(ref.year, ref.month, -n), None, None)
        return _span("g", ref.year - n, None, None, None)

    def p_last(self, i: int) -> _Spec | None:
        """The last/next N units: السنوات العشر الماضية, الـ24 ساعة الماضية, العامين الماضيين."""
        r = self.ph(i, "cunit_al")
        if r:
            (unit, form), j = r
            if form == "two":
                n = 2
            else:
                nr = self.number(j)
                if not nr:
                    return None
                n, j = nr[0], nr[1]
        else:
            nr = self.number(i)
            if not nr or not nr[2]:
                return None
            u = self.ph(nr[1], "cunit") or self.ph(nr[1], "cunit_al")
            if not u or u[0][1] == "two":
                return None
            n, (unit, _), j = nr[0], u[0], u[1]
        qr = self.ph(j, "lastq")
        if not qr or n < 1:
            return None
        return _Spec(i, qr[1], kind="range", fixed=self.safe(self.last, n, unit, qr[0]))

    def last(self, n: int, unit: str, q: int) -> tuple:
        ref, prec = self.ref, "day" if unit == "hour" else unit
        if unit in ("day", "week", "hour"):
            days = n * (7 if unit == "week" else 1) if unit != "hour" else max(1, -(-n // 24))
            other = ref + dt.timedelta(days * (1 if q > 0 else -1))
        elif unit == "month":
            y, m = _add_months(ref.year, ref.month, n if q > 0 else -n)
            other = dt.date(y, m, _mlen("g", y, m) if q > 0 else 1)
        else:
            other = dt.date(ref.year + n, 12, 31) if q > 0 else dt.date(ref.year - n, 1, 1)
        return (ref, other, prec) if q > 0 else (other, ref, prec)

    # -- ranges
    def p_range(self, i: int) -> _Spec | None:
        """من 24 إلى 27 نوفمبر, بين 20 و29 من الشهر الجاري, منذ يوليو الماضي, 24-27 نوفمبر."""
        r = self.ph(i, "starter")
        kind, j = r if r else (None, i)
        a = self.endpoint(j, first=True, pair=kind == "pair")
        if a is None:
            return None
        bare_day = a.day is not None and a.month is None and a.mrel is None and a.year is None
        c = self.ph(a.j, "to")
        if c is None and (kind in ("between", "pair") or kind is None and bare_day):
            c = self.ph(a.j, "and")
        if kind is None and not (bare_day and (self.w(a.j) == "-" or self.w(a.j) in self.S["and"])):
            c = None  # without a starter only "24-27 نوفمبر" and "6 و7 نوفمبر" are ranges
        if c is not None:
            b = self.endpoint(c[1], first=False, pair=kind == "pair")
            if b is not None and (not bare_day or b.day is not None):
                sp = self.combine(i, a, b)
                if sp is not None:
                    return sp
        if kind != "since" or bare_day or a.now:
            return None
        ra = self.resolve(a)
        if ra is None:
            return None
        if ra[0] is None:
            fixed: tuple = _UNKNOWN
        else:
            fixed = (ra[0], self.ref if self.ref is not None and ra[0] <= self.ref else None, ra[2])
        return _Spec(i, a.j, kind="open_range", fixed=fixed, approx=a.approx, explicit_year=a.explicit_year)

    def endpoint(self, j: int, first: bool, pair: bool) -> _Spec | None:
        """One end of a range; the first end may be elliptical: a bare day ("من 24 إلى 27 نوفمبر")."""
        best = None
        for sp in (self._ends if j == self._at else [f(j) for f in self.ends]):
            if sp is not None and (best is None or sp.j > best.j):
                best = sp
        if best is None and first:
            r = self.day(j)
            if r and r[2] != "first":
                best = _Spec(j, r[1], day=r[0], month=None)
        if best is None and not first:
            r = self.ph(j, "now")
            if r:
                best = _Spec(j, r[1], now=True)
        if pair and best is not None and best.fixed is not None:
            return None
        return best

    def combine(self, i: int, a: _Spec, b: _Spec) -> _Spec | None:
        bare_year = [s for s in (a, b) if not s.ctx and s.month is None]
        if bare_year and len(bare_year) == 2 and self.w(i - 1) not in self.S["period_words"]:
            return None
        if b.month is None and b.year is None and b.day is not None and b.mrel is None:
            return None
        if a.explicit_year and b.month is not None and not b.explicit_year and b.qual is None \
                and b.yrel is None:
            ra = self.resolve(a)
            rb = self.resolve(b, after=ra[0]) if ra and ra[0] else None
        else:
            rb = self.resolve(b)
            if rb is None or rb[0] is None:
                ra = rb
            elif a.month is None and a.year is None and a.mrel is None and a.day is not None \
                    and a.fixed is None and a.weekday is None:
                ra = self.fill_day(a.day, b.cal if b.fixed is None else "g", rb[0])
            else:
                ra = self.resolve(a, before=rb[1])
        if ra is None or rb is None:
            return None
        if ra[0] is None or rb[1] is None:
            fixed = _UNKNOWN
        elif ra[0] > rb[1]:
            return None
        else:
            fixed = (ra[0], rb[1], _coarser(ra[2], rb[2]))
        return _Spec(i, b.j, kind="open_range" if b.now else "range", fixed=fixed,
                     approx=a.approx or b.approx, explicit_year=a.explicit_year or b.explicit_year)

    def fill_day(self, d: int, cal: str, anchor: dt.date) -> tuple | None:
        """The first end of "من 24 إلى 27 نوفمبر": day ``d`` of the month of ``anchor`` (or the one before)."""
        try:
            y, m, ad = _parts(cal, anchor)
            if d > ad:
                y, m = _add_months(y, m, -1)
            return _span(cal, y, m, d, None)
        except (ValueError, OverflowError):
            return None

    # -- resolution
    def resolve(self, sp: _Spec, before: dt.date | None = None, after: dt.date | None = None) -> tuple | None:
        if sp.now:
            return (self.ref, self.ref, "day") if self.ref else _UNKNOWN
        if sp.fixed is not None:
            return sp.fixed
        try:
            if sp.weekday is not None:
                return self.res_weekday(sp, before, after)
            return self.res_cal(sp, before, after)
        except (ValueError, OverflowError):
            return None

    def res_cal(self, sp: _Spec, before: dt.date | None, after: dt.date | None) -> tuple | None:
        c, y, m, d, ref = sp.cal, sp.year, sp.month, sp.day, self.ref
        if y is None and (sp.mrel is not None or sp.yrel is not None or sp.qual is not None) and ref is None:
            return _UNKNOWN
        if sp.mrel is not None:
            y, m = _add_months(ref.year, ref.month, sp.mrel)
        elif y is None and sp.yrel is not None:
            y = _parts(c, ref)[0] + sp.yrel
        elif y is None:
            if m is None:
                return None
            if sp.qual is not None:
                ry, rm, rd = _parts(c, ref)
                key, rkey = (m, d or 0), (rm, rd if d else 0)
                q = sp.qual
                y = ry if q == 0 else ry - (key >= rkey) + q + 1 if q < 0 else ry + (key <= rkey) + q - 1
            else:
                anchor = after or before or ref
                if anchor is None:
                    return _UNKNOWN
                ay, am, ad = _parts(c, anchor)
                key, akey = (m, d or 1), (am, ad if d else 1)
                if after:
                    y = ay if key >= akey else ay + 1
                elif before or d is None or m != am:
                    y = ay if key <= akey else ay - 1
                else:
                    y = ay
        return _span(c, y, m, d, sp.part)

    def res_weekday(self, sp: _Spec, before: dt.date | None, after: dt.date | None) -> tuple:
        ref, wd = self.ref, sp.weekday
        t = sp.wd2 if sp.wd2 is not None else wd
        day = dt.timedelta
        if sp.wd_base is not None or sp.qual is not None or not (before or after):
            if ref is None:
                return _UNKNOWN
        if sp.wd_base is not None:
            base = ref + day(sp.wd_base)
            x = base + day((t - base.weekday() + 3) % 7 - 3)
        elif sp.qual is not None:
            if sp.qual < 0:
                x = ref - day(((ref.weekday() - t) % 7 or 7) - 7 * (sp.qual + 1))
            elif sp.qual > 0:
                x = ref + day((t - ref.weekday()) % 7 or 7)
            else:
                x = _week_start(ref) + day((t - WEEK_START) % 7)
        elif after:
            x = after + day((t - after.weekday()) % 7)
        else:
            a = before or ref
            x = a - day((a.weekday() - t) % 7)
        if sp.wd2 is not None:
            return x - day((sp.wd2 - wd) % 7), x, "day"
        return x, x, "day"


# --------------------------------------------------------------------------- API

def _stretches(t: str, lo: int, hi: int, L: _Lex) -> Iterator[tuple[int, int]]:
    """The stretches of ``t[lo:hi]`` that may hold a date (see ``_window_regex``)."""
    for m in L.windows.finditer(t, lo, hi):
        b = m.end("span")
        if b < 0:
            return
        yield max(m.start(), m.start("cut")), b  # the stretch begins after the last breaker


def _lines(t: str, lo: int, hi: int, L: _Lex) -> Iterator[tuple[int, int]]:
    """Every line of ``t[lo:hi]``: the reference the stretches must agree with (tests)."""
    while lo <= hi:
        e = t.find("\n", lo, hi)
        e = hi if e < 0 else e
        yield lo, e
        lo = e + 1


def _find(text: str, ref: dt.date | None, start: int, end: int | None, loose: bool,
          norm: Normalized | None = None,
          stretches: Callable[[str, int, int, _Lex], Iterable[tuple[int, int]]] = _stretches) -> list[DateExpr]:
    n = len(text)
    end = n if end is None else max(0, min(end, n))
    start = max(0, min(start, end))
    if start >= end:
        return []
    L = _lex()
    if norm is None:
        nm = normalize(text[start:end], fold=True)
        lo, hi, off = 0, len(nm.text), start
    else:
        if norm.original is not text and norm.original != text:
            raise ValueError("norm must be normalize(text, fold=True) of this very text")
        (lo, hi), nm, off = norm.from_original(start, end), norm, 0
    t = nm.text
    out: list[DateExpr] = []
    for a, b in stretches(t, lo, hi, L):
        toks = _tokens(t, a, b, L, nm.index)
        minutes = frozenset(k for k, (w, x, _) in enumerate(toks) if x >= 2 and t[x - 1] == ":" and t[x - 2].isdigit())
        for sp, (s, e, prec) in _Parser(toks, ref, L, loose, minutes).scan():
            os_, oe = nm.to_original(toks[sp.i][1], toks[sp.j - 1][2])
            os_, oe = os_ + off, oe + off
            while oe < end and _DROPPED.match(text, oe):  # a final tatweel or diacritic: هـ, غداً
                oe += 1
            out.append(DateExpr(s, e, prec if s is not None else "unknown", sp.kind, os_, oe, text[os_:oe],
                                sp.approx, sp.explicit_year))
    return out


def find_dates(text: str, ref: dt.date | None, start: int = 0, end: int | None = None, *,
               norm: Normalized | None = None) -> list[DateExpr]:
    """Every date expression in ``text[start:end]``, in order, spans in original offsets.

    ``norm``, if given, is ``normalize(text, fold=True)`` of the whole ``text``, made once by the
    caller for every scanner: it is sliced instead of normalizing ``text[start:end]`` again."""
    return _find(text, ref, start, end, False, norm)


def resolve_anaphoric(dates: list[DateExpr], same_context: Callable[[DateExpr, DateExpr], bool]) -> list[DateExpr]:
    """"شهد شهر آب الماضي … 23 هجوماً خلال الشهر": an anaphoric period is the last period of its unit named
    before it in the same context (story); with none, it stays the current one."""
    out: list[DateExpr] = []
    for d in dates:
        if d.kind == "anaphoric":
            named = next((p for p in reversed(out) if p.kind != "anaphoric" and p.precision == d.precision
                          and p.start is not None and same_context(p, d)), None)
            if named is not None:
                d = replace(d, start=named.start, end=named.end, approx=False)
        out.append(d)
    return out


def parse_date(expr: str, ref: dt.date | None) -> DateExpr | None:
    """Read ``expr`` as one date expression (a bare month, weekday or year is accepted here)."""
    found = _find(expr, ref, 0, None, loose=True)
    return max(found, key=lambda d: d.end_off - d.start_off) if found else None


def parse_dates_lines(lines: Iterable[str], ref: dt.date | None) -> Iterator[dict]:
    """One record per input line: {"text", "start", "end", "precision"} (ISO dates or null)."""
    for line in lines:
        line = line.rstrip("\r\n")
        d = parse_date(line, ref)
        yield {"text": line,
               "start": d.start.isoformat() if d and d.start else None,
               "end": d.end.isoformat() if d and d.end else None,
               "precision": d.precision if d else None}


_lex()  # built on import (callers import this module where they use it), not in the first call
