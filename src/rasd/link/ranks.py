"""Which titles are ranks, and when two ranks given to one person disagree.

Data: ``data/ranks.json``.  A title is matched on its folded words (article
removed), longest rank name first, so "Rear Admiral" is not "Admiral" and
"اللواء الركن" is a major general.  Offices are not ranks and never conflict.
"""
from __future__ import annotations

import re
from functools import lru_cache

from rasd.link.config import load

_WORD = re.compile(r"[^\W_]+")


def _words(s: str) -> tuple[str, ...]:
    from rasd.text.normalize import fold

    out = []
    for t in _WORD.findall(fold(s).lower()):
        if t.startswith("ال") and len(t) > 3:
            t = t[2:]
        out.append(t)
    return tuple(out)


@lru_cache(maxsize=1)
def _table() -> tuple[dict[tuple[str, ...], dict], int]:
    table: dict[tuple[str, ...], dict] = {}
    for r in load("ranks.json")["ranks"]:
        for form in [r["name_en"], *r["en"], *r["ar"]]:
            w = _words(form)
            if w:
                table.setdefault(w, r)
    return table, max(len(k) for k in table)


@lru_cache(maxsize=4096)
def rank_of(title: str | None) -> dict | None:
    """The rank a title states (``{"id", "name_en", "family", "generic"}``), or None."""
    if not title:
        return None
    words = _words(title)
    table, longest = _table()
    for n in range(min(longest, len(words)), 0, -1):
        for i in range(len(words) - n + 1):
            r = table.get(words[i:i + n])
            if r is not None:
                return r
    return None


def disagree(a: dict, b: dict) -> bool:
    """Two ranks cannot both be right: other families, or two specific ranks of one family."""
    if a["id"] == b["id"]:
        return False
    if a["family"] != b["family"]:
        return True
    return not (a["generic"] or b["generic"])
