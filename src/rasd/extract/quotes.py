"""Quotations and their speakers.

Quote marks are paired by context rather than by glyph, because scraped
Arabic text mixes “ ” « » and straight quotes and nests names in quotes
inside speech ("... ضد "داعش"، ..."): a mark after a space opens, a mark
before a space or punctuation closes.  Short quoted names are not speech.

A speaker is the subject of the speech verb before the quote (VSO: the first
named entity after the verb; SVO: a named entity before it).  Participles
(مضيفاً، مؤكداً) and subject-less verbs (وأضاف:) continue the last speaker.
"""
from __future__ import annotations

import re

from rasd.doc import Doc, Quote
from rasd.extract.attribution import speech
from rasd.text.normalize import fold

_MARK = re.compile("[\"“”«»„‟]")
_OPENERS = "“«„‟"
_CLOSERS = "”»"
_MAX_QUOTE = 2000


def _pairs(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Matched (open, close) mark positions inside the body spans, outermost pairs only."""
    stack: list[int] = []
    pairs: list[tuple[int, int]] = []
    for bs, be in spans:
        for m in _MARK.finditer(text, bs, be):
            p = m.start()
            ch = text[p]
            before = text[p - 1] if p > 0 else " "
            after = text[p + 1] if p + 1 < len(text) else " "
            opens = before.isspace() or before in ":،,(؛;-\n" or p == bs
            closes = after.isspace() or after in ".،,:;؛)!?؟-" or p + 1 == be
            if opens and closes:
                opens, closes = ch in _OPENERS or not stack, ch in _CLOSERS or bool(stack)
            elif not opens and not closes:
                opens, closes = not stack, bool(stack)
            if closes and stack:
                o = stack.pop()
                if p - o <= _MAX_QUOTE:
                    pairs.append((o, p))
                if stack and after in ".!?؟":
                    # 'عن "تنسيق … ضد "داعش". ': one mark closes the name and the speech it ends
                    o = stack.pop()
                    if p - o <= _MAX_QUOTE:
                        pairs.append((o, p))
            elif opens:
                stack.append(p)
        # an unclosed mark does not carry over into the next body block unless it is a curly opener
        stack = [o for o in stack if text[o] in _OPENERS]
    pairs.sort()
    outer: list[tuple[int, int]] = []
    for o, c in pairs:
        if outer and o < outer[-1][1]:
            continue
        outer.append((o, c))
    return outer


def find_quotes(doc: Doc) -> None:
    sp = speech()
    text = doc.text
    acts = doc.speech
    last_of_sent: dict[int, str | None] = {}
    for act in acts:
        if act.speaker:
            last_of_sent[act.sent] = act.speaker
    for o, c in _pairs(text, doc.body):
        inner_s, inner_e = o + 1, c
        while inner_s < inner_e and text[inner_s].isspace():
            inner_s += 1
        while inner_e > inner_s and text[inner_e - 1].isspace():
            inner_e -= 1
        words = text[inner_s:inner_e].split()
        before = fold(text[max(0, o - 12):o]).split()
        cue = bool(before) and (before[-1].rstrip(":") in sp.complementizers or before[-1].endswith(":"))
        if len(words) < sp.min_tokens and not (cue and len(words) > 2):
            continue  # a quoted name or term, not speech
        k = doc.sent_of(o)
        prior = [a for a in acts if a.start < o]
        speaker = None
        if prior and k >= 0 and prior[-1].sent == k:
            speaker = prior[-1].speaker
        elif k > 0 and text[doc.sents[k - 1].end - 1:doc.sents[k - 1].end] == ":":
            speaker = last_of_sent.get(k - 1)
        elif prior:
            speaker = prior[-1].speaker
        doc.quotes.append(Quote(inner_s, inner_e, speaker, k))
