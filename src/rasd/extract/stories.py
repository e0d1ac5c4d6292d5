"""Story boundaries: an article that embeds an older one keeps each story's events apart.

A scraped page often appends a previous report under its own headline.  A
body line shaped like a headline (a whole line, short, no final punctuation)
that is followed by a paragraph opening like a news lead (a bare perfect
attribution verb: "أكدت القيادة …", "أعلنت الوزارة …") starts a new story.
A subheading inside one article is followed by a continuation instead
("وأسفرت …", "وفي سياق …") and does not.
"""
from __future__ import annotations

from functools import lru_cache

from rasd.doc import Doc
from rasd.lang import load as load_lang
from rasd.text.normalize import fold

_END_PUNCT = ".!?؟:…\"'”»)"


@lru_cache(maxsize=1)
def _lead_verbs() -> frozenset[str]:
    return frozenset(fold(v) for v in load_lang("speech")["verbs"])


def mark(doc: Doc) -> None:
    text = doc.text
    title_span = _title_span(doc)
    verbs = _lead_verbs()
    lines = _line_of(doc)
    story = 0
    for k, sent in enumerate(doc.sents):
        if title_span and sent.start >= title_span[0] and sent.end <= title_span[1]:
            sent.is_title = True
        whole_line = lines[k]
        stripped = text[sent.start:sent.end].rstrip()
        n = len(sent.tokens)
        sent.headline_like = whole_line and 3 <= n <= 30 and stripped[-1:] not in _END_PUNCT
        if sent.headline_like and not sent.is_title and k + 1 < len(doc.sents) and k > 0:
            nxt = doc.sents[k + 1]
            dated = _date_line(doc, sent.end, nxt.start)
            if nxt.para != sent.para and (nxt.tokens and nxt.tokens[0].text in verbs or dated):
                story += 1
                if dated:
                    doc.story_dates[story] = dated
        sent.story = story


def _date_line(doc: Doc, start: int, end: int):
    """The day a date line between a headline and its lead gives ("11 شباط 2026"), if any: an older story's
    own date, against which its "اليوم الأربعاء" is read."""
    from rasd.dates import find_dates

    for d in find_dates(doc.text, doc.published, start, end):
        if d.precision == "day" and d.start and d.explicit_year:
            return d.start
    return None


def _line_of(doc: Doc) -> list[bool]:
    """Whether each sentence is a whole line of its own."""
    text = doc.text
    out = []
    for s in doc.sents:
        before = text.rfind("\n", 0, s.start)
        after = text.find("\n", s.end)
        after = len(text) if after < 0 else after
        out.append(not text[before + 1:s.start].strip() and not text[s.end:after].strip())
    return out


def _title_span(doc: Doc) -> tuple[int, int] | None:
    if not doc.title:
        return None
    i = doc.text.find(doc.title.strip())
    return (i, i + len(doc.title.strip())) if i >= 0 else None
