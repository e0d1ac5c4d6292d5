"""Article text versus page furniture in scraped plain text, decided line by line.

A scraper flattens a news page into lines: the article's headline, paragraphs
and subheadings, but also the site's widgets (share and comment prompts,
bylines with timestamps, photo captions, source credits, tags) and lists of
other headlines.  Three kinds of evidence separate them, none tied to a site:

* widget vocabulary (``rasd/lang/ar/boilerplate.json``) on *short* lines only —
  a long sentence that happens to contain "شارك" is prose;
* line shape: article paragraphs end with sentence punctuation or carry
  commas; a related-news run is long, comma-less and chopped by ".." ;
* position: a short unpunctuated line is a subheading only when article
  paragraphs follow it, so trailing headline lists and widgets fall away, and
  a section heading ("آخر الأخبار", "التعليقات") switches the reader to
  skipping until prose resumes.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import islice
from typing import Iterator

from rasd.text.normalize import clean, fold

_LINE = re.compile(r"[^\n\r\u2028\u2029]+")
_BLANK = r"\s\ufeff\u200b-\u200f\u202a-\u202e\u2066-\u2069"  # whitespace and invisible marks
_CONTENT = re.compile(rf"[^{_BLANK}](?:.*[^{_BLANK}])?")
_CLOSERS = "\"'”“»«)]}’‘>›‹*•·-–— \t"
_STOP_END = ".!?؟…;؛"
_URL = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+")
_STOPS = re.compile(r"(?<![.\d])[.!?؟](?![.\d])")
_ELLIPSIS = re.compile(r"\.{2,}|…")
_CLOCK = re.compile(r"(?<!\d)\d{1,2}:\d{2}(?::\d{2})?(?!\d)")
_SEPARATORS = re.compile(r"\s[|»›>/•·]\s|\s[|»›>•·]|[|»›>•·]\s")
_WORD = r"[^\s\d:.,،;؛()\[\]\-–—/|]+"
_DATELINE = re.compile(rf"^\(?\s*({_WORD}(?:\s+{_WORD}){{0,2}})\s*\)?\s*[-–—/]\s*\(?\s*({_WORD}(?:\s+{_WORD}){{0,2}})\s*\)?\s*:?$")
# "عمان 25 كانون الثاني (بترا)-", "بغداد 14 آذار (واع) -": city, day and month, the agency in brackets
_AGENCY_DATELINE = re.compile(rf"^{_WORD}(?:\s+{_WORD})?\s+[0-9٠-٩]{{1,2}}\s+{_WORD}(?:\s+{_WORD})?\s*\(\s*{_WORD}(?:\s+{_WORD})?\s*\)\s*[-–—:]")
_INLINE_DATELINE = re.compile(
    rf"^\(?\s*{_WORD}(?:\s+{_WORD}){{0,2}}\s*\)?\s*[-–—/]\s*\(?\s*{_WORD}(?:\s+{_WORD}){{0,2}}\s*\)?(?=\s*(?::|[-–—]\s))")


@dataclass(slots=True)
class _Line:
    s: int
    e: int
    raw: str        # text[s:e], trimmed
    cl: str         # clean() form: ASCII digits and punctuation
    key: str        # folded, punctuation removed, single-spaced
    words: int
    end: str        # "stop" | "colon" | "none"
    commas: int
    stops: int
    ellipses: int
    out: str = ""   # reason when the line is furniture
    inside: bool = False


def body_spans(text: str, start: int = 0) -> list[tuple[int, int]]:
    """Trimmed line spans of article text in ``text[start:]`` (header line and furniture excluded)."""
    vocab = _vocab()
    return [_cut_tail(ln, vocab) for ln in classify(text, start) if ln.inside]


def classify(text: str, start: int = 0) -> list[_Line]:
    """Every non-blank line with its verdict: ``inside`` (article) or ``out`` (the furniture reason)."""
    lines = _lines(text, start)
    vocab = _vocab()
    _mark_widgets(lines, vocab)
    _mark_datelines(lines)
    _mark_caption_pairs(lines)
    _mark_sections(lines, vocab)
    _decide(lines)
    if lines and not any(ln.inside for ln in lines):  # nothing reads like prose (a one-line flash)
        for ln in lines:
            ln.inside = not ln.out
    return lines


def guess_title(text: str, body: list[tuple[int, int]], start: int = 0) -> tuple[int, int] | None:
    """The headline: the first body line shaped like one (short, no sentence run), else None."""
    for s, e in body:
        if e <= start:
            continue
        ln = _line(text, max(s, start), e)
        if ln is None or ln.key in _vocab()["labels"] or _DATELINE.match(ln.cl):
            continue
        if 3 <= ln.words <= 30 and ln.end != "colon" and ln.stops <= 1 and not _headline_run(ln) \
                and not ln.cl.rstrip(_CLOSERS).endswith("."):  # a headline has no full stop
            m = re.match(r"^(\S+)\s*[:|\-–—]\s+", ln.raw)  # "عاجل | …", "خاص: …"
            lead = m.end() if m and _key(m.group(1)) in _vocab()["labels"] else 0
            return ln.s + lead, ln.e
        return None
    return None


def dateline(text: str, start: int = 0) -> tuple[int, int] | None:
    """The "outlet – city" (or "city – outlet") line or lead-in of an article, if any."""
    for ln in islice(_iter_lines(text, start), 6):  # only the top of the page is read
        if _is_dateline(ln):
            cut = ln.raw.rstrip(": \t")
            return ln.s, ln.s + len(cut)
        if ln.key in _vocab()["labels"] or not _is_prose(ln):
            continue
        m = _INLINE_DATELINE.match(ln.raw) or _AGENCY_DATELINE.match(ln.raw)
        if m and len(m.group(0).split()) <= 6:
            return ln.s, ln.s + len(m.group(0).rstrip())
        return None
    return None


# ---------------------------------------------------------------- lines

def _lines(text: str, start: int) -> list[_Line]:
    return list(_iter_lines(text, start))


def _iter_lines(text: str, start: int) -> Iterator[_Line]:
    if start == 0:
        from rasd.ingest.readers import parse_header

        head = parse_header(text)
        if head:
            start = head[2]
    for m in _LINE.finditer(text, start):
        ln = _line(text, m.start(), m.end())
        if ln is not None:
            yield ln


def _line(text: str, s: int, e: int) -> _Line | None:
    m = _CONTENT.search(text, s, e)
    if not m:
        return None
    s, raw = m.start(), m.group(0)
    cl = clean(raw)
    key = _key(raw)
    tail = cl.rstrip(_CLOSERS)
    end = "stop" if tail[-1:] and tail[-1] in _STOP_END else "colon" if tail.endswith(":") else "none"
    return _Line(s, s + len(raw), raw, cl, key, len(key.split()), end, cl.count(","),
                 len(_STOPS.findall(cl)), len(_ELLIPSIS.findall(cl)))


@lru_cache(maxsize=8192)
def _key(s: str) -> str:
    return " ".join(re.sub(r"[^\w\s]|_", " ", fold(s)).split())


@lru_cache(maxsize=1)
def _vocab() -> dict[str, object]:
    data = json.loads(resources.files("rasd.lang.ar").joinpath("boilerplate.json").read_text(encoding="utf-8"))
    out: dict[str, object] = {}
    for name, values in data.items():
        if name.startswith("_"):
            continue
        keys = {_key(v) for v in values} - {""}
        out[name] = tuple(sorted(keys, key=lambda k: (-len(k), k)))  # longest phrase first
    out["labels"] = set(out["labels"])
    units = "|".join(re.escape(u) for u in out["relative_time_units"])
    out["relative_time"] = re.compile(rf"(?:^| )منذ (?:\d+ |(?:\S+ )?)?(?:{units})(?: |$)")  # "منذ 3 ساعات"
    return out


@lru_cache(maxsize=1)
def timestamp_vocabulary() -> frozenset[str]:
    """The single words of timestamp lines (نشر، في، تاريخ، النشر، ص، م، بتوقيت …), folded."""
    v = _vocab()
    return frozenset(w for key in ("timestamp_markers", "timestamp_markers_colon", "clock_words")
                     for p in v[key] for w in p.split())


@lru_cache(maxsize=1)
def _tail_phrases() -> tuple[str, ...]:
    """Widget phrases of two words or more, as they may follow a line's last sentence."""
    v = _vocab()
    return tuple(p for p in v["list_headings"] + v["comment_headings"] + v["comment_widgets"] + v["share_words"]
                 if len(p.split()) >= 2)


@lru_cache(maxsize=1)
def _tail_first_words() -> frozenset[str]:
    return frozenset(p.split()[0] for p in _tail_phrases())


def _starts(key: str, phrases: tuple[str, ...]) -> str | None:
    """The longest of ``phrases`` that ``key`` opens with (whole words)."""
    m = _phrase_regex(phrases, True).match(key)
    return m.group(0) if m else None


def _contains(key: str, phrases: tuple[str, ...]) -> str | None:
    """One of ``phrases`` that ``key`` holds (whole words), if any."""
    m = _phrase_regex(phrases, False).search(key)
    return m.group(0) if m else None


@lru_cache(maxsize=64)
def _phrase_regex(phrases: tuple[str, ...], at_start: bool) -> re.Pattern[str]:
    """One alternation for a phrase list, tried in its order (longest first): a single C-level scan instead of
    a Python loop over the list for every line."""
    alts = "|".join(re.escape(p) for p in phrases) or "(?!)"
    return re.compile(rf"(?:{alts})(?= |$)" if at_start else rf"(?<!\S)(?:{alts})(?!\S)")


def _strip_phrases(key: str, phrases) -> tuple[str, int]:
    """Remove every occurrence of the phrases; return the rest and how many were removed."""
    padded, n = f" {key} ", 0
    for p in phrases:
        while f" {p} " in padded:
            padded = padded.replace(f" {p} ", " ", 1)
            n += 1
    return " ".join(padded.split()), n


# ---------------------------------------------------------------- rules

def _is_prose(ln: _Line) -> bool:
    """Article sentence material: punctuated, or long and comma-bearing."""
    if _headline_run(ln):
        return False
    if ln.end == "stop" and ln.words >= 4:
        return True
    if ln.end == "colon" and ln.words >= 6:
        return True
    return ln.words >= 15 and ln.commas + ln.stops >= 1


def _headline_run(ln: _Line, strict: bool = False) -> bool:
    """Many headlines glued into one line: long, comma-less, chopped by '..' (certain) or unpunctuated
    (likely; such a line still counts as article text when article paragraphs follow it)."""
    if ln.commas or ln.words < 20:
        return False
    if ln.ellipses >= 3 and ln.ellipses * 25 >= ln.words:
        return True
    return not strict and ln.words >= 40 and ln.stops == 0 and ln.end != "stop"


def _is_dateline(ln: _Line) -> bool:
    m = _DATELINE.match(ln.cl)
    return bool(m) and 2 <= ln.words <= 5 and ln.end != "stop"


def _mark_widgets(lines: list[_Line], v: dict) -> None:
    bare_source = False
    for ln in lines:
        reason = _widget(ln, v)
        if not reason and bare_source and ln.words <= 6 and ln.end != "stop":
            reason = "source name"
        bare_source = reason == "source" and _starts(ln.key, v["source_markers"]) == ln.key
        ln.out = reason or ""


def _widget(ln: _Line, v: dict) -> str | None:
    key, w, cl = ln.key, ln.words, ln.cl
    urls = sum(len(u) for u in _URL.findall(cl))
    if urls and urls * 2 >= len(cl.replace(" ", "")):
        return "links"
    if not key:
        return "symbols"
    if "©" in ln.raw and w <= 30 or w <= 30 and _contains(key, v["copyright_markers"]):
        return "copyright"
    if w > 25:
        return None
    if key in v["labels"]:
        return "label"
    hashtags = len(re.findall(r"(?:^|\s)#\S", ln.raw))
    if hashtags >= 2 and hashtags * 2 >= w:
        return "tags"
    if _contains(key, v["newsletter_prompts"]) and (w <= 15 or ln.end != "stop"):
        return "prompt"
    if w <= 12:
        rest, n = _strip_phrases(_URL.sub(" ", key), v["share_words"] + v["social_networks"])
        rest = " ".join(t for t in rest.split() if not t.isdigit())
        if n and (not rest or (len(rest.split()) <= 1 and n >= 2)):
            return "share"
    if w <= 10 and ln.end != "stop" and (p := _starts(key, v["comment_widgets"] + v["comment_headings"])):
        rest = key[len(p):].split()
        if len(p.split()) > 1 or all(t.isdigit() for t in rest):  # "التعليقات (3)", not "تعليقات دولية"
            return "comments"
    if (src := _starts(key, v["source_markers"])) and w <= 12 and (key == src or re.match(r"^\S+(?:\s\S+)?\s*:", cl)):
        return "source"
    if w <= 8 and _starts(key, v["credit_markers"]) and ln.end != "stop":
        return "source"
    if _timestamp(ln, v):
        return "timestamp"
    if w <= 6 and ln.end != "stop" and _starts(key, v["byline_markers"]):
        return "byline"
    if w <= 8 and _starts(key, v["byline_markers_colon"]) and re.match(r"^\S+(?:\s\S+)?\s*:", cl):
        return "byline"
    if _caption(ln, v):
        return "caption"
    if w <= 6 and re.search(r"\d", key) and _contains(key, v["counter_words"]):
        rest, _ = _strip_phrases(key, v["counter_words"])
        if all(t.isdigit() for t in rest.split()):
            return "counter"
    seps = "|›>•·" if "«" in ln.raw else "|»›>•·"  # » closes a quotation when « opens one
    parts = [p for p in re.split(f"[{seps}]", ln.raw) if p.strip()]
    if len(parts) >= 3 and all(len(p.split()) <= 4 for p in parts) and ln.end != "stop":
        return "navigation"
    if _starts(key, v["nav_roots"]) and _SEPARATORS.search(ln.raw) and w <= 12:
        return "navigation"
    return None


def _timestamp(ln: _Line, v: dict) -> bool:
    """A byline/timestamp line: publication or update time, relative time, clock time or a bare date."""
    if ln.words > 14 or ln.end == "stop" and ln.words > 6:
        return False
    key = ln.key
    has_date = bool(re.search(r"\d", key)) or bool(_contains(key, v["date_words"]))
    if has_date and (_starts(key, v["timestamp_markers"])
                     or (_starts(key, v["timestamp_markers_colon"]) and re.match(r"^\S+\s*:", ln.cl))):
        return True
    if v["relative_time"].search(key) and ln.words <= 6:
        return True
    rest, _ = _strip_phrases(key, v["date_words"] + v["clock_words"])
    rest_words = [t for t in rest.split() if not t.isdigit()]
    if _CLOCK.search(ln.cl) and len(rest_words) <= 4:
        return True
    return bool(re.search(r"\d", key)) and not rest_words and ln.words >= 2


def _caption(ln: _Line, v: dict) -> bool:
    if ln.words > 15 or ln.end == "stop" and ln.words > 4:
        return False
    if re.fullmatch(r"\(.*\)|\[.*\]", ln.cl) and ln.words <= 8:
        return True
    if _contains(ln.key, v["caption_markers"]):
        return True
    pre = _starts(ln.key, v["caption_prefixes"])
    if pre and re.match(r"^\(?\S+(?:\s\S+)?\s*:", ln.cl):
        return True
    inner = re.findall(r"\(([^()]*)\)", ln.cl)
    if any(_starts(_key(x), v["caption_prefixes"]) for x in inner):
        return True
    tail = re.split(r"\s[-–—|/]\s", ln.cl)
    return len(tail) > 1 and _key(tail[-1]) in v["caption_prefixes"]


def _mark_datelines(lines: list[_Line]) -> None:
    """A standalone "outlet – city" line before the first paragraph is metadata, not article text."""
    for ln in lines[:6]:
        if ln.out:
            continue
        if _is_prose(ln):
            return
        if _is_dateline(ln):
            ln.out = "dateline"


def _mark_caption_pairs(lines: list[_Line]) -> None:
    """Image alt text followed by its caption (a line that repeats and extends it), and duplicate lines."""
    live = [ln for ln in lines if not ln.out]
    for a, b in zip(live, live[1:]):
        if a.out or a.end == "stop" or b.end == "stop" or a.words > 15 or b.words > 25 or _is_prose(b):
            continue
        if a.key == b.key:
            b.out = "duplicate"
        elif b.key.startswith(a.key + " "):
            a.out = b.out = "caption"


def _mark_sections(lines: list[_Line], v: dict) -> None:
    """Section headings (related news, comments, tags) and what follows them until prose resumes."""
    skipping, terminal = False, False
    heads = v["list_headings"]
    for ln in lines:
        key = ln.key
        bare = " ".join(t for t in key.split() if not t.isdigit())
        if bare and (bare in heads or bare in v["comment_headings"] or bare in v["tag_headings"]) and ln.words <= 8:
            ln.out = ln.out or "section"
            skipping, terminal = True, bare not in heads
            continue
        head = _starts(key, heads) or _starts(key, v["tag_headings"])
        if head and key != head and ln.words <= 30 and not ln.out:
            after = ln.cl[len(ln.cl) - len(ln.cl.lstrip()):]
            if len(head.split()) >= 2 or re.match(r"^\S+(?:\s\S+)?\s*[:|\-–—»]", after):
                ln.out = "related link"
                continue
        if skipping:
            strong = _is_prose(ln) and ln.words >= (30 if terminal else 12) and ln.commas + ln.stops >= 1
            if strong and not ln.out:
                skipping = False
            else:
                ln.out = ln.out or "list"
        elif _headline_run(ln, strict=True):
            ln.out = ln.out or "headline run"


def _decide(lines: list[_Line]) -> None:
    """Prose is in; a short line is in only when article text follows it (subheading, title, list item)."""
    live = [ln for ln in lines if not ln.out]
    for ln in live:
        ln.inside = _is_prose(ln)
    nxt: _Line | None = None
    for i in range(len(live) - 1, -1, -1):
        ln = live[i]
        if not ln.inside:
            if ln.end == "colon":
                ln.inside = nxt is not None and (ln.words >= 2 or _is_prose(nxt))
            elif nxt is not None:
                sentence_chain = nxt.inside and ln.words >= 8 and nxt.words >= 8  # text that lost its full stops
                ln.inside = (_is_prose(nxt) or (nxt.inside and nxt.end == "colon") or (i == 0 and nxt.inside)
                             or sentence_chain)
        nxt = ln
    after_colon = False
    for ln in live:  # items of a list introduced by "…:" belong to the article
        if after_colon and not ln.inside and not _is_prose(ln) and ln.words <= 20:
            ln.inside = True
            continue
        after_colon = ln.inside and ln.end == "colon"


def _cut_tail(ln: _Line, v: dict) -> tuple[int, int]:
    """Drop a widget glued after the last sentence of a line ("… انتهى. اقرأ أيضا: …")."""
    if ln.words < 8:
        return ln.s, ln.e
    phrases = _tail_phrases()
    if not any(w in ln.key for w in _tail_first_words()):  # most lines carry no widget at all
        return ln.s, ln.e
    folded = fold(ln.raw)
    for m in re.finditer(r"[.!?؟]+[\"'»)]*\s*", folded):
        rest = _key(folded[m.end():])
        if rest and (p := _starts(rest, phrases)) and len(rest.split()) <= 30 + len(p.split()):
            tail = folded[m.end():]
            if len(_STOPS.findall(clean(tail)[: -1] if tail else "")) == 0:
                return _map_cut(ln, m.end(), folded)
    return ln.s, ln.e


def _map_cut(ln: _Line, pos: int, folded: str) -> tuple[int, int]:
    from rasd.text.normalize import normalize

    norm = normalize(ln.raw, fold=True)
    cut = norm.index[pos] if pos < len(norm.text) else len(ln.raw)
    head = ln.raw[:cut]
    m = _CONTENT.search(head)
    head = head[: m.end()] if m else head
    return ln.s, ln.s + len(head)
