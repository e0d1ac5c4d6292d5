"""Sentences, tokens and clitic stems, all in original character offsets.

News text scraped from the web glues sentences together ("الثاني.وأكدت"),
so a full stop followed directly by an Arabic letter ends a sentence too; a
full stop between digits (1.5) or after a single Latin initial (U.S.) does not.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rasd.text.normalize import Normalized

_AR = "\u0621-\u063a\u0641-\u064a\u0671-\u06d3"
_SENT_END = re.compile(
    rf"(?<![0-9٠-٩])(?<!\b[A-Z])[.!?؟…]+[\"'”»)\]]*(?=\s|[{_AR}\"“«]|$)"
    r"|(?<=[0-9٠-٩])[.!?؟]+(?=\s|$)"
    r"|\n"
)
_TOKEN = re.compile(rf"[0-9]+(?:[.,][0-9]+)*|[{_AR}]+|[A-Za-z]+(?:[-'][A-Za-z]+)*|\S")


@dataclass(slots=True)  # not frozen: a frozen dataclass is four times slower to build, and texts have many tokens
class Token:
    """A token: ``text`` is its folded form; ``start``/``end`` index the original text."""

    text: str
    start: int
    end: int
    nstart: int  # offsets in the normalized text the token was read from
    nend: int
    is_arabic: bool = False  # set by tokenize(); read on every lookup, so stored rather than computed


def sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans (stripped of surrounding blanks) within ``text[start:end]``."""
    end = len(text) if end is None else end
    out: list[tuple[int, int]] = []
    prev = start
    for m in _SENT_END.finditer(text, start, end):
        _add(text, prev, m.end(), out)
        prev = m.end()
    _add(text, prev, end, out)
    return out


def _add(text: str, s: int, e: int, out: list[tuple[int, int]]) -> None:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e > s:
        out.append((s, e))


def tokenize(norm: Normalized, start: int = 0, end: int | None = None) -> list[Token]:
    """Tokens of ``norm.text[start:end]`` (normalized offsets) with their original spans."""
    end = len(norm.text) if end is None else end
    idx = norm.index
    out = []
    for m in _TOKEN.finditer(norm.text, start, end):
        s, e = m.span()
        w = m.group()
        out.append(Token(w, idx[s], idx[e - 1] + 1, s, e, "\u0621" <= w[0] <= "\u06d3"))
    return out


@lru_cache(maxsize=131072)
def stems(word: str) -> tuple[tuple[int, str], ...]:
    """Readings of a folded Arabic word with its proclitics (و ف ب ل ك ال لل) peeled off.

    Each reading is ``(chars_consumed, stem)``; the word itself comes first.  The
    definite article is kept on the stem (lexicons list "الرقة" and "رقة" as they
    need) except after ``لل``, which is ``ل`` + ``ال`` with the alef dropped.
    """
    out = [(0, word)]
    seen = {word}

    def add(n: int, s: str) -> None:
        if len(s) >= 2 and s not in seen:
            seen.add(s)
            out.append((n, s))

    for n, w in ((0, word), (1, word[1:]) if word[:1] in "وف" and len(word) > 3 else (0, word)):
        if n:
            add(n, w)
        if w.startswith("لل") and len(w) > 3:
            add(n + 1, "ا" + w[1:])  # للرقة -> الرقة (span starts at the article's lam)
        elif w[:1] in "بلك" and len(w) > 3:
            add(n + 1, w[1:])
    return tuple(out)
