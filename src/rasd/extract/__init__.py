"""Single-document extraction: a raw document in, a Document record (the output contract) out.

The components run in a fixed order over one :class:`rasd.doc.Doc`, each adding
one kind of annotation: metadata and body, sentences, entities, figures,
events, quotes.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Iterator, Sequence

from rasd.doc import Doc
from rasd.ingest import RawDocument, ReadError, body_spans, read_documents
from rasd.lexicon import load as load_lexicons


def build_doc(raw: RawDocument, prior: dt.date | None = None) -> Doc:
    """Run every component over one raw document."""
    from rasd.dates import find_dates, resolve_anaphoric
    from rasd.extract import attribution, entities, events, figures, metadata, quotes, stories

    lex = load_lexicons()
    doc = Doc(doc_id=raw.doc_id, source=raw.source, text=raw.text, url=raw.url, outlet=raw.outlet,
              published=raw.published, title=raw.title, encoding=raw.encoding, header_end=raw.header_end)
    doc.body = _with_headline(raw.text, body_spans(raw.text, raw.header_end), raw.header_end)
    doc.segment()
    metadata.complete(doc, lex, prior)
    stories.mark(doc)
    doc.dates = [d for s, e in doc.body for d in find_dates(doc.text, doc.reference_date(s), s, e, norm=doc.norm)]
    doc.dates = resolve_anaphoric(doc.dates, lambda a, b: doc.story_of(a.start_off) == doc.story_of(b.start_off))
    entities.find_entities(doc, lex)
    doc.speech = attribution.speech_acts(doc)
    figures.find_figures(doc, lex)
    events.build_events(doc, lex)
    entities.fold_sub_areas(doc, lex)
    quotes.find_quotes(doc)
    return doc


def _with_headline(text: str, body: list[tuple[int, int]], start: int) -> list[tuple[int, int]]:
    """The headline is article text even when a dateline, not a paragraph, follows it."""
    for line in text[start:].split("\n")[:4]:
        words = line.split()
        if not words:
            continue
        s = text.index(line, start)
        e = s + len(line.rstrip())
        s += len(line) - len(line.lstrip())
        if 4 <= len(words) <= 40 and not any(bs <= s < be for bs, be in body):
            return sorted([*body, (s, e)])
        if len(words) >= 4:
            break
    return body


def extract(raw: RawDocument, prior: dt.date | None = None) -> dict:
    """The Document record of one raw document; ``prior`` dates an undated one (see metadata)."""
    from rasd.extract.record import to_record

    return to_record(build_doc(raw, prior))


def extract_records(paths: Sequence[str], manifest: str | None = None,
                    hold: int = 256) -> Iterator[dict | ReadError]:
    """Document records of every document under ``paths``; read failures pass through.

    One pass.  A document without a publication date waits (at most ``hold`` of them at a time) until the
    collection's median date is known: articles gathered together are usually of one period, and an undated
    article's "6 نوفمبر الحالي" is resolved near it.  Dated documents stream straight out.
    """
    days: Counter[dt.date] = Counter()
    waiting: list[RawDocument] = []

    def median() -> dt.date | None:
        total, seen = sum(days.values()), 0
        for day in sorted(days):
            seen += days[day]
            if 2 * seen >= total:
                return day
        return None

    def run(raw: RawDocument, prior: dt.date | None) -> dict | ReadError:
        try:
            return extract(raw, prior)
        except Exception as exc:  # one bad document must not stop the corpus
            return ReadError(raw.source, f"extraction failed: {type(exc).__name__}: {exc}")

    for item in read_documents(paths, manifest):
        if isinstance(item, ReadError):
            yield item
        elif item.published is not None:
            days[item.published] += 1
            yield run(item, None)
        else:
            waiting.append(item)
            if len(waiting) >= hold:
                prior = median()
                yield from (run(raw, prior) for raw in waiting)
                waiting.clear()
    prior = median()
    yield from (run(raw, prior) for raw in waiting)
