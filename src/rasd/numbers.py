"""Numbers in Arabic news: digits, number words, ordinals, vague amounts and their qualifiers.

Why a grammar and not a word list: Arabic cardinals compose (ثلاثة آلاف وخمسمائة وخمسة وعشرون),
inflect for gender and case (ألف ألفان ألفين ألفًا آلاف), carry clitics (وخمسة، بثلاثة، والعشرين),
and news figures come wrapped in approximators and bounds (أكثر من، نحو، على الأقل) that change
what the figure allows.  All vocabulary lives in ``lang/ar/numbers.json``; this module only holds
the composition rules.  Matching runs on ``normalize(text, fold=True)`` tokens and maps spans back;
a caller running several scanners passes that normalization once (``norm=``).

Documented choices:

* Digits: "1,500" and "1.500.000" group thousands; "1.5", "250.5" and "1,5" (ASCII comma, 1-2
  digits) are decimals.  A single dot group "2.000" is 2000 (Arabic news writes thousands so)
  unless the integer part is 0 or a scale word follows ("1.250 مليون" = 1,250,000).  An Arabic
  comma (،) between digits separates list items.  Digits glued to Latin letters (F16, H5N1) are
  identifiers, not numbers.
* Intervals per qualifier: exact low = high = value; more_than low = value+1, high None;
  less_than 0..value-1; at_least low = value; at_most 0..value; about value ±10% (floor/ceil).
  Non-whole exact values have no integer interval (None, None).
* Vague amounts (عشرات، مئات، آلاف، بضعة، عدة ...): value = low, qualifier at_least, interval
  from the data file (عشرات = 20..99, عشرات الآلاف = 20000..99999, بضعة = 3..9).
* Ranges ("بين 20 و30", "3 أو 4"): value = low, qualifier at_least, low..high.
* "X ونيف": more_than, high = X + 10^z - 1 where z = trailing zeros of X (عشرون ونيف = 21..29).
* Ordinals (الخامس، الحادي عشر، العشرين، المئة, "إصابة خامس") get form "ordinal", value = rank.
  A definite tens word alone (العشرين) is an ordinal; after a definite unit (الخمسة والعشرين) a
  cardinal.  "الاثنين"/"الأحد" are weekdays, never numbers; "أحد/إحدى" count only as "one of"
  (أحدهم، أحد العناصر، إحدى القرى), not as "anyone" (لم يصب أحد).
"""
from __future__ import annotations

import json
import re
from bisect import bisect_left
from dataclasses import dataclass
from fractions import Fraction
from math import ceil, floor
from pathlib import Path
from typing import Iterable, Iterator, NamedTuple

from rasd.text.normalize import Normalized, fold, normalize
from rasd.text.regex import trie_regex

__all__ = ["Number", "parse_number", "find_numbers", "parse_numbers_lines"]


@dataclass(frozen=True, slots=True)
class Number:
    """A number found in text; spans index the original text."""

    value: int | float | None  # as stated (int when whole); vague amounts: the interval's low
    qualifier: str  # exact | about | more_than | less_than | at_least | at_most
    low: int | None  # interval the statement allows (None = unbounded / unknown)
    high: int | None
    start: int  # span including qualifier words
    end: int
    num_start: int  # span of the number words/digits alone
    num_end: int
    form: str  # digits | words | mixed | ordinal | vague | fraction
    text: str  # original text of [start:end]


# ---------------------------------------------------------------- lexicon


class _E(NamedTuple):
    kind: str  # Z U TEN D H S F FP O VP FEW NAY ONEOF
    value: int | Fraction
    sub: str = ""  # U: wahid|ahad|ahad_f|teen; H: sg; S: sg|acc|dual|pl; O: unit|one; FEW: ta
    definite: bool = False


class _L(NamedTuple):
    e: _E
    clitic: int  # folded chars of proclitics before the stem
    waw: bool  # the proclitic starts with و (joins to a previous number)


_DATA = json.loads((Path(__file__).parent / "lang" / "ar" / "numbers.json").read_text("utf-8"))


def _q(v: int | str) -> int | Fraction:
    """An exact value: a plain int when whole (ints are much faster than Fractions), else a Fraction."""
    f = Fraction(v)
    return int(f) if f.denominator == 1 else f


def _ff(s: str) -> str:
    return fold(s).strip()


def _build_lexicon() -> dict[str, _L]:
    d = _DATA
    stems: dict[str, _E] = {}

    def add(forms: Iterable[str], e: _E, definite_too: bool = False) -> None:
        for f in forms:
            stems.setdefault(_ff(f), e)
            if definite_too:
                stems.setdefault("ال" + _ff(f), e._replace(definite=True))

    F = _q
    for v, forms in d["ordinals"].items():
        sub = "unit" if int(v) <= 9 else ""
        add(forms, _E("O", F(int(v)), sub, True))
    add(d["ordinal_one_in_compounds"], _E("O", F(1), "one", True))
    add(d["one_of_them"], _E("ONEOF", F(1)))
    add(d["zero"], _E("Z", F(0)))
    for v, forms in d["units"].items():
        for f in forms:
            sub = "wahid" if v == "1" else ""
            add([f], _E("U", F(int(v)), sub), definite_too=(v != "1"))
    add(d["one_construct"][:1], _E("U", F(1), "ahad"))
    add(d["one_construct"][1:], _E("U", F(1), "ahad_f"))
    for v, forms in d["teen_only"].items():
        add(forms, _E("U", F(int(v)), "teen"), True)
    add(d["ten"], _E("TEN", F(10)), True)
    for v, forms in d["tens"].items():
        add(forms, _E("D", F(int(v))), True)
    add(d["hundred_singular"], _E("H", F(100), "sg"), True)
    for v, forms in d["hundreds"].items():
        add(forms, _E("H", F(int(v))), True)
    for v, subs in d["scales"].items():
        for sub, key in (("sg", "singular"), ("acc", "accusative"), ("dual", "dual"), ("pl", "plural")):
            add(subs[key], _E("S", F(int(v)), sub), True)
    for v, forms in d["fractions"].items():
        add(forms, _E("F", F(v)), True)
    for v, forms in d["fraction_plurals"].items():
        add(forms, _E("FP", F(v)), True)
    vg = d["vague"]
    for v, forms in vg["plurals"].items():
        add(forms, _E("VP", F(int(v))), True)
    ta = {_ff(f) for f in vg["few_need_ta_marbuta"]}
    for f in vg["few"]:
        add([f], _E("FEW", F(0), "ta" if _ff(f) in ta else ""))
    add(vg["nayyif"], _E("NAY", F(0)))

    nn = d["not_numbers"]
    for s in nn["stems"]:
        stems.pop(_ff(s), None)
    lex: dict[str, _L] = {s: _L(e, 0, False) for s, e in stems.items()}
    plain = d["proclitics"]
    defin = d["definite_proclitics"]
    for s, e in stems.items():
        if e.definite and s.startswith("ال"):
            for p in defin:
                lex.setdefault(p + s, _L(e, len(p), p[0] == "و"))
            for p in d["lil_proclitics"]:
                lex.setdefault(p + s[2:], _L(e, len(p) - 1, p[0] == "و"))
        else:
            for p in plain:
                lex.setdefault(p + s, _L(e, len(p), p[0] == "و"))
    for tok in nn["tokens"]:
        lex.pop(_ff(tok), None)
    return lex


def _phrases(groups: dict[str, list[str]], clitics: list[str]) -> dict[tuple[str, ...], tuple[str, int]]:
    """Folded token tuples of phrases -> (group, proclitic length on the first word)."""
    out: dict[tuple[str, ...], tuple[str, int]] = {}
    for q, phrases in groups.items():
        for ph in phrases:
            toks = tuple(_ff(ph).split())
            out.setdefault(toks, (q, 0))
            for c in clitics:
                out.setdefault((c + toks[0],) + toks[1:], (q, len(c)))
    return out


_LEX = _build_lexicon()
_NN = _DATA["not_numbers"]
_PRE = _phrases(_DATA["qualifiers_before"], _DATA["qualifier_clitics"])
_POST = _phrases(_DATA["qualifiers_after"], [])
_PRE_MAX = max(len(k) for k in _PRE)
_POST_MAX = max(len(k) for k in _POST)
_POST_FIRST = frozenset(k[0] for k in _POST)
_GAP = int(_DATA["after_gap_words"])
_ABOUT = Fraction(_DATA["about_ratio"])
_BETWEEN = _phrases({"r": _DATA["range_between"]}, ["و"])
_RANGE_JOIN = {_ff(w) for w in _DATA["range_joiners"]}
_RANGE_OR = {_ff(w) for w in _DATA["range_or"]}
_PERCENT = {tuple(_ff(p).split()) for p in _DATA["percent_markers"]}
_WEEKDAY_CTX = {_ff(w) for w in _NN["weekday_context"]}
_WEEKDAY_LIKE = {_ff(w) for w in _NN["weekday_like"]}
_WAHID_IDIOM = {_ff(w) for w in _NN["wahid_idioms_before"]}
_ONE_NEG = {_ff(w) for w in _NN["one_negation_before"]}
_ONE_PART = {_ff(w) for w in _NN["one_particles_after"]}
_ARTICLE = {_ff(w) for w in _DATA["article_tokens"]}
_PLURAL_RANGE = tuple(_DATA["vague"]["plural_range"])
_FEW_RANGE = tuple(_DATA["vague"]["few_range"])

# ---------------------------------------------------------------- tokens




_AR = "\u0621-\u063a\u0641-\u064a"  # the letters of an Arabic word token
_TOK = re.compile(rf"[0-9]+(?:[.,][0-9]+)*|[{_AR}]+|[a-z]+|\S")
_AR_WORD = re.compile(rf"[{_AR}]+\Z")
_LATIN = re.compile(r"[a-z]")
_THOU_COMMA = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?\Z")
_THOU_DOT = re.compile(r"[0-9]{1,3}(?:\.[0-9]{3})+(?:,[0-9]{1,2})?\Z")
_DEC_DOT = re.compile(r"[0-9]+\.[0-9]+\Z")
_DEC_COMMA = re.compile(r"[0-9]+,[0-9]{1,2}\Z")
_RUN = re.compile(r"[0-9]+|[.,]")
_TRAIL_MARKS = re.compile(r"[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]*")
_MAX_DIGITS = 24
# Candidates: a digit run, or a word starting like a lexicon word (its first _PREFIX letters: a
# superset kept small to compile fast; the token lookup decides).  The pattern steps over whole
# other words (possessively, so it never backtracks) and captures the next candidate: one match
# per candidate instead of one attempt per character.
_PREFIX = 6
# Proclitics are an optional prefix of the pattern, not spelled into every word: a smaller regex.
_LEX_WORD = (rf"(?:{trie_regex({k[:v.clitic] for k, v in _LEX.items()} - {''})})?"
             rf"(?:{trie_regex({k[v.clitic:][:_PREFIX] for k, v in _LEX.items()})})[{_AR}]*+")
_CAND = re.compile(rf"(?:[^0-9{_AR}]++|(?!{_LEX_WORD})[{_AR}]++)*+(?:([0-9]++|{_LEX_WORD})|\Z)")
# A window opens this many chunks before a candidate (more than the longest qualifier before a
# number, plus an article).
_BACK_WORDS = _PRE_MAX + 1
_BACK = re.compile(r"(?:\s*\S+){1,%d}" % _BACK_WORDS)
_JUMP = 64  # characters: a longer gap to the next candidate opens a new window
_AHEAD = 3  # tokens made past the one asked for: the grammar mostly reads on
_ARABIC_COMMA = "\u060c"


def _digits_ok(g: str, orig_seps: str) -> bool:
    """Whether a digit token with separators is one number (else it is split into runs)."""
    if _ARABIC_COMMA in orig_seps:
        return False
    if _THOU_COMMA.match(g) or _THOU_DOT.match(g) or _DEC_DOT.match(g):
        return True
    return bool(_DEC_COMMA.match(g)) and "," in orig_seps


class _P(NamedTuple):
    """A parsed number over tokens [i0, i1)."""

    i0: int
    i1: int
    kind: str  # card | ord | vague | frac
    value: int | Fraction
    low: int | None = None
    high: int | None = None
    digits: bool = False
    words: bool = True
    trail: int = 0  # the scale of the last segment (for "بين 20 و30 ألفا")


# ---------------------------------------------------------------- scanner


class _Q(NamedTuple):
    """A parse with its qualifier and the token span the qualifier words widen it to."""

    p: _P
    qualifier: str
    start: int  # first token (a qualifier word or the number)
    clitic: int  # proclitic chars to skip on that token when start is a qualifier word
    low: int | None
    high: int | None
    end: int  # token after the last one covered


class _Scan:
    """One pass over the folded tokens of ``norm.text[lo:hi]`` (``ohi``: the original end).

    Only the few tokens around numbers matter, so tokens are made lazily: a window opens a few
    words before a candidate (a digit or a lexicon word, found by one regex) and grows while the
    grammar reads on.  A window starts at a whitespace boundary ``_BACK_WORDS`` tokens or more
    before its candidate (or at the region start), more than any look-behind of the grammar, and
    every look-ahead stays on the candidate's line, so the result equals a scan of all tokens."""

    def __init__(self, norm: Normalized, lo: int, hi: int, ohi: int) -> None:
        self.norm, self.t = norm, norm.text
        self.lo, self.hi, self.ohi = lo, hi, ohi
        self._rev: str | None = None
        self._open(lo)

    def _open(self, q: int) -> None:
        """Start a fresh token window at character ``q`` (a token boundary)."""
        self.X: list[str] = []
        self.S: list[int] = []
        self.E: list[int] = []
        self.LX: list[_L | None] = []
        self.n = 0
        self.pos = q  # where tokenizing goes on: the end of the last token, or hi once exhausted
        self._it = _TOK.finditer(self.t, q, self.hi)

    def _more(self, j: int) -> bool:
        """Tokenize on until token ``j`` exists; False when the region ends first."""
        X, S, E, LX, get = self.X, self.S, self.E, self.LX, _LEX.get
        want = j + _AHEAD
        for m in self._it:
            x = m.group()
            s, e = m.span()
            if "0" <= x[0] <= "9" and ("," in x or "." in x) and not self._one_number(x, s):
                for r in _RUN.finditer(x):  # "13.11.2025" or "5،6" are several numbers
                    X.append(r.group())
                    S.append(s + r.start())
                    E.append(s + r.end())
                    LX.append(None)
            else:
                X.append(x)
                S.append(s)
                E.append(e)
                LX.append(get(x))
            if len(X) >= want:
                break
        else:
            e = self.hi
        self.pos = e
        self.n = len(X)
        return j < self.n

    def _one_number(self, x: str, s: int) -> bool:
        """Whether digits with separators at ``s`` are one number (by the original separators)."""
        norm = self.norm
        return _digits_ok(x, "".join(norm.original[norm.index[s + c]] for c, ch in enumerate(x) if ch in ".,"))

    def _back(self, p: int) -> int:
        """A token boundary ``_BACK_WORDS`` whitespace-separated chunks (so as many tokens or more)
        before ``p``, or the region start."""
        if self._rev is None:
            self._rev = self.t[self.lo:self.hi][::-1]
        m = _BACK.match(self._rev, self.hi - p)
        return self.hi - m.end() if m else p

    def _candidates(self) -> Iterator[int]:
        """Start offsets of digit runs and lexicon words (a region may start inside a word)."""
        for m in _CAND.finditer(self.t, self.lo, self.hi):
            p = m.start(1)
            if p < 0:
                return
            yield p

    # -- helpers
    def adj(self, j: int) -> bool:
        """Token j exists and sits on the same line as token j-1."""
        if j >= self.n and not self._more(j):
            return False
        return 0 < j and "\n" not in self.t[self.E[j - 1]:self.S[j]]

    def lx(self, j: int) -> _L | None:
        return self.LX[j] if self.adj(j) else None

    def isdig(self, j: int) -> bool:
        x = self.X[j]
        return "0" <= x[0] <= "9"

    def join(self, j: int) -> int | None:
        """Index of the token after a و joiner at j (separate or proclitic), else None."""
        if not self.adj(j):
            return None
        if self.X[j] == "و":
            return j + 1 if self.adj(j + 1) else None
        r = self.LX[j]
        return j if r is not None and r.waw else None

    def dval(self, j: int) -> int | Fraction | None:
        g = self.X[j]
        if len(g) > _MAX_DIGITS or self._latin_glued(j):
            return None
        if "," not in g and "." not in g:
            return int(g)
        if _THOU_COMMA.match(g):
            return _q(g.replace(",", ""))
        if _THOU_DOT.match(g):
            if g.count(".") == 1 and "," not in g:
                nx = self.lx(j + 1)
                if g.startswith("0") or (nx is not None and nx.e.kind == "S"):
                    return _q(g)
            return _q(g.replace(".", "").replace(",", "."))
        return _q(g.replace(",", "."))

    def _latin_glued(self, j: int) -> bool:
        """F16, H5N1, B-52, 4G: digits that are part of a Latin identifier."""
        t, s, e, lo = self.t, self.S[j], self.E[j], self.lo
        if s > lo and (_LATIN.match(t, s - 1) or (s > lo + 1 and t[s - 1] == "-" and _LATIN.match(t, s - 2))):
            return True
        return e < self.hi and _LATIN.match(t, e) is not None

    # -- grammar
    def small(self, j: int, first: bool) -> tuple[str, int | Fraction, int] | None:
        """A unit/teen/tens/hundreds term at j: (slot, value, next index)."""
        r = self.LX[j]
        if r is None:
            return None
        e, k = r.e, r.e.kind
        if k == "U":
            nx = self.lx(j + 1)
            if nx is not None and not nx.waw and e.sub != "wahid":
                if nx.e.kind == "TEN" and not (nx.e.definite and not e.definite):
                    return "T", e.value + 10, j + 2
                if nx.e.kind == "H" and nx.e.sub == "sg" and not nx.e.definite and 3 <= e.value <= 9:
                    return "H", e.value * 100, j + 2
            if e.sub == "teen":
                return None
            if e.sub in ("ahad", "ahad_f") and first:
                c = self.join(j + 1)
                tens = c is not None and self.LX[c] is not None and self.LX[c].e.kind == "D"
                if not tens and not self.one_count(j):
                    return None
            return "U", e.value, j + 1
        if k == "TEN":
            return "T", e.value, j + 1
        if k in ("D", "H", "Z"):
            return k, e.value, j + 1
        return None

    def one_count(self, j: int) -> bool:
        """أحد/إحدى as 'one of' (أحد العناصر، أحد أبرز قادة التنظيم), not 'anyone' (لم يتبن أحد)."""
        X = self.X
        if any(k >= 0 and (X[k] in _ONE_NEG or X[k] in _WEEKDAY_CTX) for k in (j - 1, j - 2)):
            return False
        if not self.adj(j + 1) or not _AR_WORD.match(X[j + 1]) or X[j + 1] in _ONE_PART:
            return False
        if self.LX[j].e.sub == "ahad_f":
            return True  # إحدى is always followed by what it counts
        self._more(j + 3)
        for k in range(j + 1, min(j + 4, self.n)):  # a construct chain ending in a definite noun
            if k > j + 1 and (not self.adj(k) or not _AR_WORD.match(X[k]) or X[k] in _ONE_PART):
                return False
            if X[k].startswith("ال"):
                return True
        return False

    def dual_construct(self, j: int) -> bool:
        """A bare ألفا/مليونا is accusative 'a thousand' (ألفًا) unless, written without tanween,
        it heads a counted noun: the nominative dual construct (ألفا شخص = 2000 people)."""
        r = self.LX[j]
        if r.e.sub != "acc" or not self.adj(j + 1) or not _AR_WORD.match(self.X[j + 1]):
            return False
        if self.X[j + 1] in _ONE_PART or self.LX[j + 1] is not None:
            return False
        os, oe = self.norm.to_original(self.S[j], self.E[j])
        return "\u064b" not in self.norm.original[os:min(oe + 1, self.ohi)]

    def _quarters(self, j: int) -> bool:
        nx = self.lx(j + 1)
        return self.LX[j].e.kind == "U" and nx is not None and not nx.waw and nx.e.kind == "FP"

    def cardinal(self, i: int) -> _P | None:
        total = seg = 0
        have = digits = words = False
        slots: set[str] = set()
        last_scale = trail = 0
        j, first, closed = i, True, False
        while True:
            r = self.LX[j]
            if self.isdig(j):
                v = None if have else self.dval(j)
                if v is None:
                    break
                seg, have, slots, digits, j = v, True, {"N"}, True, j + 1
            elif r is None:
                break
            elif r.e.kind == "S" and not have:
                e = r.e
                if e.sub == "pl" or (last_scale and e.value >= last_scale) or (e.definite and not first):
                    break
                total += e.value * (2 if e.sub == "dual" or self.dual_construct(j) else 1)
                last_scale = trail = int(e.value)
                words, j = True, j + 1
            elif first and (r.e.kind == "F" or self._quarters(j)):
                # نصف مليون، ربع المليون، ثلاثة أرباع المليون; alone: a fraction
                k = j + 1 if r.e.kind == "F" else j + 2
                val = r.e.value if r.e.kind == "F" else r.e.value * self.LX[j + 1].e.value
                nx = self.lx(k)
                if nx is not None and not nx.waw and nx.e.kind == "S" and nx.e.sub in ("sg", "acc"):
                    total += val * nx.e.value
                    last_scale = trail = int(nx.e.value)
                    words, j = True, k + 1
                else:
                    return _P(i, k, "frac", val)
            elif r.e.kind == "F":  # مليون ونصف، خمسة ونصف: a fraction closes the number
                if r.e.definite or "N" in slots:
                    break
                if have:
                    seg += r.e.value
                elif last_scale:
                    total += r.e.value * last_scale
                else:
                    break
                j += 1
                break
            else:
                sm = self.small(j, first)
                if sm is None or not _fits(slots, sm[0]):
                    break
                seg += sm[1]
                have, words, j = True, True, sm[2]
                slots.add(sm[0])
            # a scale word directly after the segment multiplies it
            nx = self.lx(j)
            if have and nx is not None and not nx.waw and nx.e.kind == "S" and not nx.e.definite:
                s = nx.e
                if s.sub != "dual" and (not last_scale or s.value < last_scale):
                    total += seg * s.value
                    if seg.denominator != 1:
                        closed = True  # 1.5 مليون: nothing is added after a decimal figure
                    seg, have, slots = 0, False, set()
                    last_scale = trail = int(s.value)
                    words, j = True, j + 1
            first = False
            c = None if closed else self.join(j)
            if c is None or not self.continues(c, have, slots, last_scale):
                break
            j = c
        if j == i:
            return None
        return _P(i, j, "card", total + seg, digits=digits, words=words, trail=trail)

    def continues(self, c: int, have: bool, slots: set[str], last_scale: int) -> bool:
        """Whether the term at c may be added (after و) to the number read so far."""
        if c >= self.n:
            return False
        if self.isdig(c):
            # مليون و200 ألف، ألفين و500: whole digits below the scale before them
            x = self.X[c]
            if have or not last_scale or not x.isdigit() or len(x) > _MAX_DIGITS:
                return False
            return int(x) < last_scale and self._scale_below(c + 1, last_scale)
        r = self.LX[c]
        if r is None or "N" in slots:
            return False
        e = r.e
        if e.kind == "S":
            return not have and bool(last_scale) and e.value < last_scale and e.sub != "pl" and not e.definite
        if e.kind == "F":
            return not e.definite and (have or bool(last_scale))
        sm = self.small(c, False)
        return sm is not None and _fits(slots, sm[0]) and (have or self._scale_below(sm[2], last_scale))

    def _scale_below(self, j: int, last_scale: int) -> bool:
        """No scale word at j, or one smaller than the segment before (no 'ألف و3 آلاف')."""
        r = self.lx(j)
        return not last_scale or r is None or r.waw or r.e.kind != "S" or r.e.value < last_scale

    def ordinal(self, i: int) -> _P | None:
        e = self.LX[i].e
        if e.kind == "D":
            return _P(i, i + 1, "ord", e.value)
        if e.sub in ("unit", "one"):
            nx = self.lx(i + 1)
            if nx is not None and not nx.waw and nx.e.kind == "TEN":
                return _P(i, i + 2, "ord", e.value + 10)
            c = self.join(i + 1)
            if c is not None and self.LX[c] is not None and self.LX[c].e.kind == "D":
                return _P(i, c + 1, "ord", e.value + self.LX[c].e.value)
            if e.sub == "one":
                return None
        return _P(i, i + 1, "ord", e.value)

    def vague(self, i: int) -> _P | None:
        e = self.LX[i].e
        j = i
        lo, hi = _PLURAL_RANGE
        if e.kind == "NAY":
            c = self.join(i + 1)
            if c is None or self.LX[c] is None or self.LX[c].e.kind != "D":
                return None
            d = int(self.LX[c].e.value)
            return _P(i, c + 1, "vague", d + 1, d + 1, d + 9)
        if e.kind == "FEW":
            if e.sub == "ta" and self.norm.original[self.norm.index[self.E[i] - 1]] == "ه":
                return None  # وعده "his promise", not وعدة "and several"
            lo, hi = _FEW_RANGE
            j += 1
            nx = self.lx(j)
            if nx is not None and not nx.waw and nx.e.kind == "TEN":
                return _P(i, j + 1, "vague", 13, 13, 19)
        product = last = 1
        while j < self.n or self._more(j):
            r = self.LX[j] if (j == i or self.adj(j)) else None
            if r is None or (j > i and r.waw):
                break
            if not (r.e.kind == "VP" or (r.e.kind == "S" and r.e.sub == "pl")) or r.e.value <= last:
                break
            product *= int(r.e.value)
            last = int(r.e.value)
            j += 1
        if j == i:
            return None
        low, high = lo * product, (hi + 1) * product - 1
        return _P(i, j, "vague", low, low, high)

    def number(self, i: int) -> _P | None:
        if self.isdig(i):
            return self.cardinal(i)
        e = self.LX[i].e
        k = e.kind
        if k in ("FEW", "VP", "NAY") or (k == "S" and e.sub == "pl"):
            return self.vague(i)
        if k == "O" or (k == "D" and e.definite):
            return self.ordinal(i)
        if k == "ONEOF":
            return _P(i, i + 1, "card", 1)
        return None if k == "FP" else self.cardinal(i)

    def skip(self, i: int) -> bool:
        """Number-looking words that are not numbers here (weekday, percent sign, idiom)."""
        x = self.X[i]
        r = self.LX[i]
        prev = self.X[i - 1] if i > 0 else ""
        stem = x[r.clitic:] if r is not None else x
        if stem in _WEEKDAY_LIKE and prev in _WEEKDAY_CTX:
            return True
        if r is not None and r.e.sub == "wahid" and prev in _WAHID_IDIOM:
            return True
        if (x,) in _PERCENT or (prev, x) in _PERCENT:
            return True
        return False

    # -- qualifiers
    def pre(self, i: int) -> tuple[str, int, int] | None:
        """A qualifier right before token i: (qualifier, first token, its proclitic length)."""
        if i > 0 and self.isdig(i) and self.X[i - 1] in _ARTICLE:
            i -= 1  # أكثر من الـ100
        for k in range(min(_PRE_MAX, i), 0, -1):
            hit = _PRE.get(tuple(self.X[i - k:i]))
            if hit is not None and self.adj(i):
                return hit[0], i - k, hit[1]
        return None

    def post(self, j: int) -> tuple[str, int] | None:
        """A qualifier after the number (maybe after its counted noun): (qualifier, end token)."""
        for gap in range(_GAP + 1):
            at = j + gap
            if not self.adj(at):
                return None
            x = self.X[at]
            if x in _POST_FIRST:
                self._more(at + _POST_MAX - 1)
                for k in range(min(_POST_MAX, self.n - at), 0, -1):
                    hit = _POST.get(tuple(self.X[at:at + k]))
                    if hit is not None:
                        nxt = at + k
                        if self.adj(nxt) and (self.isdig(nxt) or self.LX[nxt] is not None):
                            return None  # it bounds the next number
                        if self.adj(nxt + 1) and self.X[nxt] in {"من", "عن", "على"} \
                                and (self.isdig(nxt + 1) or self.LX[nxt + 1] is not None):
                            return None  # "37 قتيلا وأكثر من 60 جريحا": it opens the next figure
                        return hit[0], nxt
            if self.LX[at] is not None or not _AR_WORD.match(x):
                return None
        return None

    def between(self, i: int) -> tuple[int, int] | None:
        for k in (2, 1):
            hit = _BETWEEN.get(tuple(self.X[i - k:i])) if i - k >= 0 else None
            if hit is not None:
                return i - k, hit[1]
        return None

    # -- output
    def scan(self, starts: Iterable[int] | None = None, jump: int | None = _JUMP) -> list[tuple]:
        """Every number with its qualifier, in text order: (qualified parse, span, number span).

        ``starts``: candidate offsets (default: the candidate regex); ``jump``: the gap in characters
        past which a fresh window opens (None: never).  Tests compare with every offset, one window."""
        out: list[tuple] = []
        done = 0
        for p in self._candidates() if starts is None else starts:
            if p >= self.pos:
                if jump is not None and p - self.pos > jump:  # a fresh window, not the gap tokenized
                    self._open(self._back(p))
                    done = 0
                while self._more(self.n) and self.S[-1] < p:
                    pass
            i = bisect_left(self.S, p)
            if i >= self.n or self.S[i] != p or i < done or (self.LX[i] is None and not self.isdig(i)):
                continue  # inside a token (1,500), a number already read, or not in the lexicon
            if self.LX[i] is not None and self.skip(i):
                continue
            pr = self.number(i)
            if pr is None:
                continue
            q = self.qualify(pr)
            ns, ne = self.span(q.p.i0, q.p.i1)
            qs, qe = self.span(q.start, q.end, None if q.start == q.p.i0 else q.clitic)
            out.append((q, min(qs, ns), max(qe, ne), ns, ne))
            done = max(q.p.i1, q.end)
        return out

    def qualify(self, p: _P) -> _Q:
        if p.kind == "vague":
            return _Q(p, "at_least", p.i0, 0, p.low, p.high, p.i1)
        if p.kind == "ord":
            v = int(p.value)
            return _Q(p, "exact", p.i0, 0, v, v, p.i1)
        if p.kind == "frac":
            return _Q(p, "exact", p.i0, 0, None, None, p.i1)
        rng = self.range(p)
        if rng is not None:
            return rng
        pq = self.pre(p.i0)
        if pq is not None:
            lo, hi = _interval(pq[0], p.value)
            return _Q(p, pq[0], pq[1], pq[2], lo, hi, p.i1)
        nay = self.nayyif(p)
        if nay is not None:
            return nay
        q, end = self.post(p.i1) or ("exact", p.i1)
        lo, hi = _interval(q, p.value)
        return _Q(p, q, p.i0, 0, lo, hi, end)

    def range(self, p: _P) -> _Q | None:
        """بين 20 و30 / 3 أو 4 / بين 20 و30 ألفا: value = low, at_least, low..high."""
        j = p.i1
        if not self.adj(j):
            return None
        b = self.between(p.i0)
        x, r = self.X[j], self.LX[j]
        if b is not None and x in _RANGE_JOIN:
            c = j + 1
        elif b is not None and r is not None and r.waw:
            c = j
        elif b is None and x in _RANGE_OR and self.pre(p.i0) is None:
            c = j + 1
        else:
            return None
        if not self.adj(c) or not (self.isdig(c) or self.LX[c] is not None):
            return None
        q2 = self.cardinal(c)
        if q2 is None or q2.kind != "card":
            return None
        a = p.value
        if p.trail == 0 and q2.trail and a * q2.trail < q2.value:
            a *= q2.trail
        if not a < q2.value:
            return None
        merged = p._replace(i1=q2.i1, value=a, digits=p.digits or q2.digits, words=p.words or q2.words)
        s0, cl = b if b is not None else (p.i0, 0)
        return _Q(merged, "at_least", s0, cl, ceil(a), floor(q2.value), q2.i1)

    def nayyif(self, p: _P) -> _Q | None:
        """X ونيف: more than X, below the next step of X's last non-zero digit."""
        j = p.i1
        c = self.join(j)
        if c is None or self.LX[c] is None or self.LX[c].e.kind != "NAY":
            if not (self.adj(j) and self.LX[j] is not None and self.LX[j].e.kind == "NAY"):
                return None
            c = j
        if p.value.denominator != 1 or p.value <= 0:
            return None
        v = int(p.value)
        z = len(str(v)) - len(str(v).rstrip("0"))
        return _Q(p, "more_than", p.i0, 0, v + 1, v + 10 ** z - 1 if z else None, c + 1)

    def span(self, i0: int, i1: int, clitic: int | None = None) -> tuple[int, int]:
        """Original span of tokens [i0, i1), leading proclitics of the first token excluded."""
        r = self.LX[i0]
        if clitic is None:
            clitic = r.clitic if r is not None else 0
        s = self.S[i0] + clitic
        os, oe = self.norm.to_original(s, self.E[i1 - 1])
        m = _TRAIL_MARKS.match(self.norm.original, oe, self.ohi)
        return os, m.end() if m else oe


def _fits(slots: set[str], slot: str) -> bool:
    """Arabic composition order inside a segment: hundreds, then units/teens/tens once each."""
    if slot in ("H", "N", "Z"):
        return not slots
    if slot == "U":
        return not slots & {"U", "T", "N", "Z"}
    if slot == "T":
        return not slots & {"U", "T", "D", "N", "Z"}
    return not slots & {"D", "T", "N", "Z"}  # D


def _interval(q: str, v: int | Fraction) -> tuple[int | None, int | None]:
    if q == "exact":
        return (int(v), int(v)) if v.denominator == 1 else (None, None)
    if q == "more_than":
        return floor(v) + 1, None
    if q == "less_than":
        return 0, max(0, ceil(v) - 1)
    if q == "at_least":
        return ceil(v), None
    if q == "at_most":
        return 0, floor(v)
    return floor(v * (1 - _ABOUT)), ceil(v * (1 + _ABOUT))  # about


def _out(v: int | Fraction) -> int | float:
    return int(v) if v.denominator == 1 else float(v)


_FORM = {"ord": "ordinal", "vague": "vague", "frac": "fraction"}


def find_numbers(text: str, start: int = 0, end: int | None = None, *,
                 norm: Normalized | None = None) -> list[Number]:
    """Every number in ``text[start:end]``, in order, with original-text spans.

    ``norm``, if given, is ``normalize(text, fold=True)`` of the whole ``text``, made once by the
    caller for every scanner: it is sliced instead of normalizing ``text[start:end]`` again."""
    end = len(text) if end is None else min(end, len(text))
    start = max(0, start)
    if start >= end:
        return []
    if norm is None:
        sub = text[start:end]
        nm, lo, hi, ohi, off = normalize(sub, fold=True), 0, None, len(sub), start
    else:
        if norm.original is not text and norm.original != text:
            raise ValueError("norm must be normalize(text, fold=True) of this very text")
        (lo, hi), nm, ohi, off, sub = norm.from_original(start, end), norm, end, 0, text
    found = _Scan(nm, lo, len(nm.text) if hi is None else hi, ohi).scan()
    out: list[Number] = []
    for q, s, e, ns, ne in found:
        p = q.p
        if p.kind == "card":
            form = "mixed" if p.digits and p.words else ("digits" if p.digits else "words")
        else:
            form = _FORM[p.kind]
        out.append(Number(_out(p.value), q.qualifier, q.low, q.high, s + off, e + off, ns + off, ne + off,
                          form, sub[s:e]))
    return out


def is_number_word(word: str) -> bool:
    """Whether a folded token is a number word ("ثلاثة", "وسبعة", "الخمسة")."""
    return word in _LEX


def parse_number(expr: str) -> Number | None:
    """The number a whole line states (its first number), or None."""
    found = find_numbers(expr)
    return found[0] if found else None


def parse_numbers_lines(lines: Iterable[str]) -> Iterator[dict]:
    """CLI glue: one JSON-ready dict per input line (value null when the line holds no number)."""
    for line in lines:
        line = line.rstrip("\r\n")
        n = parse_number(line)
        yield {"text": line, "value": n.value if n else None, "qualifier": n.qualifier if n else None,
               "low": n.low if n else None, "high": n.high if n else None}
