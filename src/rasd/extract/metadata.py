"""Document metadata that the input did not give: title, outlet and publication date.

Outlet: the URL's host, then a trailing "المصدر:" line, then a dateline or
byline ("زاكروس - أربيل", "الثورة – فلان:") — each looked up in the outlets
lexicon.  Publication date, when missing, is inferred from the text's own
dates (see :func:`infer_published`) and marked ``published_inferred``.
"""
from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlparse

from functools import lru_cache

from rasd.doc import Doc
from rasd.lang import load as load_lang
from rasd.ingest import dateline, guess_title
from rasd.lexicon import Entry, Lexicons
from rasd.text.normalize import fold

@lru_cache(maxsize=1)
def _dating() -> dict[str, frozenset[str]]:
    d = load_lang("dating")
    return {k: frozenset(fold(w) for w in d[k]) for k in ("relative", "today", "future")}


_SOURCE_LINE = re.compile(r"(?m)^\s*(?:المصدر|مصدر الخبر|source)\s*[:：]\s*(.*)$", re.IGNORECASE)
_BYLINE = re.compile(r"^\s*([^\n:–—\-]{2,40}?)\s*[–—\-]\s*[^\n]{2,60}?:?\s*$")


def outlet_from_host(url: str | None, lex: Lexicons) -> Entry | None:
    if not url:
        return None
    try:
        host = (urlparse(url).hostname or "").lower()
    except ValueError:
        return None
    host = host.removeprefix("www.")
    for e in lex.outlets:
        for h in e.get("hosts") or []:
            h = h.lower().removeprefix("www.")
            if host == h or host.endswith("." + h):
                return e
    return None


def outlet_by_name(name: str, lex: Lexicons) -> Entry | None:
    key = fold(name.strip(" :\"'“”«»"))
    if not key:
        return None
    for e in lex.outlets:
        forms = [e.name_ar, e.name_en, *(e.get("aliases_ar") or []), *(e.get("aliases_en") or [])]
        if any(f and fold(f) == key for f in forms):
            return e
    return None


def detect_outlet(doc: Doc, lex: Lexicons) -> str | None:
    e = outlet_from_host(doc.url, lex)
    if e:
        return e.name_en
    text = doc.text
    for m in _SOURCE_LINE.finditer(text):
        name = m.group(1).strip()
        if not name:  # "المصدر:" alone: the name is on the next line
            nxt = text[m.end():].lstrip("\n").split("\n", 1)[0]
            name = nxt.strip()
        e = outlet_by_name(name, lex)
        if e:
            return e.name_en
    head = text[doc.header_end:doc.header_end + 400]
    for line in head.split("\n")[:4]:
        m = _BYLINE.match(line)
        if m:
            e = outlet_by_name(m.group(1), lex)
            if e:
                return e.name_en
    span = doc.dateline
    if span:
        first = re.split(r"\s*[–—\-]\s*", text[span[0]:span[1]], maxsplit=1)[0]
        e = outlet_by_name(first, lex)
        if e:
            return e.name_en
    return None


def complete(doc: Doc, lex: Lexicons, prior: dt.date | None = None) -> None:
    doc.dateline = dateline(doc.text, doc.header_end)
    if not doc.title:
        span = guess_title(doc.text, doc.body, doc.header_end)
        if span:
            doc.title = doc.text[span[0]:span[1]].strip()
    if not doc.outlet:
        doc.outlet = detect_outlet(doc, lex)
    if doc.published is None:
        guess = infer_published(doc, prior)
        if guess:
            doc.published, doc.published_inferred = guess, True


def infer_published(doc: Doc, prior: dt.date | None = None) -> dt.date | None:
    """Infer a publication date from the article's own dates.

    The latest day the article names with a month (not relative to the
    publication date) is a lower bound; years come from explicit years, else
    from the collection prior (the median publication date of the documents
    read together), else today.  A lead weekday ("اليوم الأحد", "يوم
    الثلاثاء") moves the date to the first such weekday on or after the bound.
    """
    from rasd.dates import find_dates

    stated = _dateline_date(doc)
    if stated:
        return stated
    prior = prior or dt.date.today()
    # resolve month-and-day dates in a window centred on the prior, so that a
    # late-November event read against a mid-November prior stays in that year
    window_ref = prior + dt.timedelta(days=183)
    bound = None
    weekday = None
    for s, e in doc.body or [(0, len(doc.text))]:
        for d in find_dates(doc.text, window_ref, s, e):
            words = set(fold(d.text).split())
            if d.start is None:
                continue
            if d.precision == "day" and d.kind in {"point", "range"} and not words & _dating()["relative"]:
                end = d.end or d.start
                if bound is None or end > bound:
                    bound = end
            elif weekday is None and d.precision == "day" and words & _dating()["today"] and d.start == (d.end or d.start):
                weekday = d.start.weekday()
    if bound is None:
        return None if weekday is None else _on_or_before_weekday(prior, weekday)
    guess = _next_weekday(bound, weekday)
    # dates relative to the publication ("بين 20 و29 من الشهر الجاري") can now be read: the past
    # they report moves the guess forward
    later = max((d.end or d.start for s, e in doc.body or [(0, len(doc.text))]
                 for d in find_dates(doc.text, guess, s, e)
                 if d.start and d.precision == "day" and d.kind in {"point", "range"}
                 and not set(fold(d.text).split()) & _dating()["future"]), default=guess)
    return _next_weekday(later, weekday) if later > guess else guess


_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")
_DATELINE_NOISE = re.compile(r"[\s\d,،:\-–—/|.()]+")


def _dateline_date(doc: Doc) -> dt.date | None:
    """A line near the top that is only a date ("14 أغسطس، 2025", "نشر في: 12/10/2025 - 12:30")."""
    from rasd.dates import find_dates

    pos = doc.header_end
    for _ in range(6):
        end = doc.text.find("\n", pos)
        end = len(doc.text) if end < 0 else end
        line = doc.text[pos:end]
        if 6 <= len(line.strip()) <= 80:
            found = find_dates(doc.text, dt.date.today(), pos, end)
            for d in found:
                if d.precision != "day" or d.start is None or d.start != (d.end or d.start):
                    continue
                rest = line
                for other in found:  # "4 مارس 2026 م ـ 14 رمضان 1447 هـ": both calendars may stand there
                    rest = rest.replace(other.text, " ")
                year = d.start.year if d.explicit_year else None
                m = _YEAR.search(rest)
                if m and year is None:
                    year, rest = int(m.group()), rest.replace(m.group(), "")
                if year and len(_DATELINE_NOISE.sub("", _timestamp_words(rest))) <= 12:  # a weekday at most
                    try:
                        return d.start.replace(year=year)
                    except ValueError:
                        return None
        pos = end + 1
        if pos >= len(doc.text):
            break
    return None


def _timestamp_words(line: str) -> str:
    """A date line without its publishing words and clock ("نشر في: … - 15:40 بتوقيت أبوظبي")."""
    from rasd.ingest.boilerplate import timestamp_vocabulary

    out = _CLOCK_ZONE.sub(" ", line)
    words = [w for w in fold(out).split() if w not in timestamp_vocabulary()]
    return " ".join(words)


_CLOCK_ZONE = re.compile(r"(?:بتوقيت|توقيت)\s+\S+|\b(?:GMT|UTC)\b", re.I)


def _next_weekday(d: dt.date, weekday: int | None) -> dt.date:
    if weekday is not None:
        while d.weekday() != weekday:
            d += dt.timedelta(days=1)
    return d


def _on_or_before_weekday(d: dt.date, weekday: int) -> dt.date:
    while d.weekday() != weekday:
        d -= dt.timedelta(days=1)
    return d
