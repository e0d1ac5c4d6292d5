"""Arabic normalization that never loses the way back to the original text.

Every transformation here is a one-to-one substitution, a deletion or (for
presentation-form ligatures) a one-to-many expansion, so a normalized string
can carry, for each of its characters, the index of the original character it
came from.  Any span found on normalized text maps back to the exact original
words through :meth:`Normalized.to_original`.

Two strengths:

* ``fold=False`` ("clean"): digits to ASCII, Arabic punctuation and quotes to
  ASCII, diacritics, tatweel and invisible marks removed, broken words joined.
* ``fold=True`` (for matching): additionally alef/hamza/ya/ta-marbuta variants
  folded and Latin lower-cased.  Used for lexicon lookups only; never shown.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Harakat, Quranic marks, superscript alef and tatweel: dropped.
_DROP = set(
    [chr(c) for c in range(0x0610, 0x061B)]
    + [chr(c) for c in range(0x064B, 0x0660)]
    + ["\u0670"]
    + [chr(c) for c in range(0x06D6, 0x06EE)]
    + ["\u0640"]  # tatweel
    # invisible format characters: ZWNJ, ZWJ, LRM, RLM, ALM, LRE..RLO, isolates, BOM, soft hyphen
    + ["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u061c", "\u00ad", "\ufeff"]
    + [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2066, 0x206A)]
)

_CLEAN_MAP: dict[str, str] = {}
for _i in range(10):
    _CLEAN_MAP[chr(0x0660 + _i)] = str(_i)  # Arabic-Indic
    _CLEAN_MAP[chr(0x06F0 + _i)] = str(_i)  # Persian / Urdu
_CLEAN_MAP.update({
    "\u060c": ",",  # Arabic comma
    "\u061b": ";",  # Arabic semicolon
    "\u061f": "?",  # Arabic question mark
    "\u066a": "%",  # Arabic percent
    "\u066b": ".",  # Arabic decimal separator
    "\u066c": ",",  # Arabic thousands separator
    "\u06d4": ".",  # Arabic full stop
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2033": '"', "\uff02": '"',
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2039": "'", "\u203a": "'",
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
    "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u2009": " ", "\u200a": " ", "\u2002": " ",
    "\u2003": " ", "\u3000": " ", "\t": " ",
})

_FOLD_MAP: dict[str, str] = {
    "\u0623": "\u0627", "\u0625": "\u0627", "\u0622": "\u0627", "\u0671": "\u0627",  # أ إ آ ٱ -> ا
    "\u0649": "\u064a",  # ى -> ي
    "\u0629": "\u0647",  # ة -> ه
    "\u0624": "\u0648",  # ؤ -> و
    "\u0626": "\u064a",  # ئ -> ي
    "\u06cc": "\u064a", "\u06a9": "\u0643",  # Persian ye / keheh
}

# A word broken by tatweel and a space, as scrapers and censors write it: داعـ ـش.
# Tatweel on both sides of the gap: "هـ أيضا" (the Hijri era letter) is two words.
_BROKEN_WORD = re.compile(r"(?<=[\u0621-\u064a])\u0640+[ \u00a0]+\u0640+(?=[\u0621-\u064a])")


_DROP_RE = re.compile("[" + "".join(re.escape(c) for c in sorted(_DROP)) + "]+")
_PRESENTATION = re.compile("[\ufb50-\ufdff\ufe70-\ufefc]")
_CLEAN_TABLE = str.maketrans(_CLEAN_MAP)
_FOLD_TABLE = str.maketrans({**_CLEAN_MAP, **_FOLD_MAP, **{chr(c): chr(c + 32) for c in range(65, 91)}})


@dataclass(frozen=True, slots=True)
class Normalized:
    """A normalized text and, per character, the original index it came from."""

    text: str
    original: str
    index: tuple[int, ...]  # len(text) + 1 entries; the last is len(original)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a half-open span of ``text`` to the smallest original span covering it."""
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"span {start}:{end} outside normalized text of length {len(self.text)}")
        if start == end:
            o = self.index[start]
            return o, o
        return self.index[start], self.index[end - 1] + 1

    def from_original(self, start: int, end: int) -> tuple[int, int]:
        """Map an original span to the normalized span of the characters it contains."""
        import bisect

        s = bisect.bisect_left(self.index, start, 0, len(self.text))
        e = bisect.bisect_left(self.index, end, 0, len(self.text))
        return s, max(s, e)


def normalize(text: str, *, fold: bool = False) -> Normalized:
    """Normalize ``text``; see the module docstring for what each strength does."""
    return _normalize(text, fold, True)  # type: ignore[return-value]


def _normalize(text: str, fold: bool, with_index: bool) -> Normalized | str:
    """The normalization itself; without ``with_index`` only the text (keys and display forms need no map)."""
    if _PRESENTATION.search(text):
        text_in, base = _expand_presentation_forms(text)
    else:
        text_in, base = text, None
    cuts = [m.span() for m in _BROKEN_WORD.finditer(text_in)] + [m.span() for m in _DROP_RE.finditer(text_in)]
    pieces: list[str] = []
    index: list[int] = []
    prev = 0
    for s, e in sorted(cuts):
        if s > prev:
            pieces.append(text_in[prev:s])
            if with_index:
                index.extend(range(prev, s))
        prev = max(prev, e)
    pieces.append(text_in[prev:])
    out = "".join(pieces).translate(_FOLD_TABLE if fold else _CLEAN_TABLE)
    if not with_index:
        return out
    index.extend(range(prev, len(text_in)))
    if base is not None:
        index = [base[i] for i in index]
    index.append(len(text))
    return Normalized(out, text, tuple(index))


def _expand_presentation_forms(text: str) -> tuple[str, list[int]]:
    """Decompose presentation-form ligatures (ﻻ → لا), remembering where each letter came from."""
    chars: list[str] = []
    base: list[int] = []
    for i, ch in enumerate(text):
        rep = unicodedata.normalize("NFKC", ch) if _PRESENTATION.match(ch) else ch
        chars.append(rep)
        base.extend([i] * len(rep))
    return "".join(chars), base


@lru_cache(maxsize=65536)
def fold(s: str) -> str:
    """The matching key of a short string (lexicon aliases, tokens)."""
    return _normalize(s, True, False)  # type: ignore[return-value]


def fold_text(text: str) -> str:
    """:func:`fold` for long texts (whole documents): not cached, no offset map."""
    return _normalize(text, True, False)  # type: ignore[return-value]


def clean(s: str) -> str:
    """The display-safe normalization of a string (digits, quotes, no diacritics)."""
    return _normalize(s, False, False)  # type: ignore[return-value]
