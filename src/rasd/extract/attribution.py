"""Who says what: speech and attribution verbs and their subjects.

Shared by quotes (a quote's speaker) and events (an event's claimant).  The
subject of a finite speech verb is the first named person or organization
between the verb and the reported content (Arabic VSO: "قال وزير الخارجية
الأميركي، ماركو روبيو، إن …"), else one before the verb (SVO), else — for a
subject-less verb or a participle (وأضاف: …, مضيفاً) — the current speaker.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rasd.doc import Doc
from rasd.lang import load as load_lang
from rasd.text.normalize import fold


@dataclass(frozen=True, slots=True)
class SpeechAct:
    sent: int
    start: int  # the verb's span
    end: int
    speaker: str | None  # entity id
    participle: bool
    statement: bool  # "في بيان", "بحسب البيان": attributed to a written statement


@dataclass(frozen=True)
class _Speech:
    verbs: frozenset[str]
    participles: frozenset[str]
    complementizers: frozenset[str]
    according_to: frozenset[str]
    statement_nouns: frozenset[str]
    min_tokens: int
    forms: frozenset[str] = frozenset()  # every written form a verb or participle can take here
    initial: frozenset[str] = frozenset()  # "وبيّن": verbs only at the head of a sentence


@lru_cache(maxsize=1)
def speech() -> _Speech:
    d = load_lang("speech")
    f = lambda key: frozenset(fold(w) for w in d[key])  # noqa: E731
    verbs, parts = f("verbs"), f("participles")
    initial = frozenset(p + fold(w) for w in d["initial_only_verbs"] for p in ("و", "ف"))
    forms = {p + w + s for w in verbs | parts for p in ("", "و", "ف") for s in ("", "ه")} | initial
    return _Speech(verbs, parts, f("complementizers"), f("according_to"), f("statement_nouns"),
                   int(d["min_speech_tokens"]), frozenset(forms), initial)


def _verb_form(toks, i: int, sp: _Speech) -> tuple[str, bool] | None:
    """("verb", is_participle) when token ``i`` is a speech verb, clitics and object pronoun allowed."""
    w = toks[i].text
    cands = [w]
    if w[:1] in "وف" and len(w) > 3:
        cands.append(w[1:])
    if w.endswith("ه") and len(w) > 3:  # لكنه أكد is two tokens; وأكده is one
        cands += [c[:-1] for c in list(cands)]
    if i == 0 and w in sp.initial:  # sentence-initial "وبيّن" is the verb, "بين" elsewhere is "between"
        return w[1:], False
    for c in cands:
        if c in sp.participles:
            return c, True
        if c in sp.verbs:
            return c, False
    return None


def speech_acts(doc: Doc) -> list[SpeechAct]:
    sp = speech()
    mentions = sorted(doc.mention_at.items())
    speakers = {e.id for e in doc.entities if e.type in {"person", "organization"}}
    acts: list[SpeechAct] = []
    last: str | None = None

    types = {e.id: e.type for e in doc.entities}

    def entity_in(s: int, e: int, first: bool = True, kinds: set[str] | None = None) -> str | None:
        found = [eid for (ms, me), eid in mentions
                 if s <= ms and me <= e and eid in speakers and (kinds is None or types[eid] in kinds)]
        return (found[0] if first else found[-1]) if found else None

    for k, sent in enumerate(doc.sents):
        toks = sent.tokens
        current: str | None = None
        for i, tok in enumerate(toks):
            if tok.text not in sp.forms:
                continue
            form = _verb_form(toks, i, sp)
            if form is None:
                continue
            _, participle = form
            window = [t.text for t in toks[i + 1:i + 12]]
            statement = any(w in sp.statement_nouns for w in window[:6])
            if participle:
                acts.append(SpeechAct(k, tok.start, tok.end, current or last, True, statement))
                continue
            stop = len(toks)
            for j in range(i + 1, min(len(toks), i + 16)):
                if toks[j].text in sp.complementizers or toks[j].text == ":" or (toks[j].text == '"' and j == i + 1):
                    stop = j
                    break
            if stop == len(toks):
                stop = min(len(toks), i + 7)  # no complementizer: the subject stands right after the verb
            who = None
            if stop > i + 1:  # "صرح قائد سنتكوم، الجنرال براد كوبر، بأن": the person heads the subject
                who = entity_in(tok.end, toks[stop - 1].end, kinds={"person"}) or entity_in(tok.end, toks[stop - 1].end)
            if who is None and i:
                # SVO: a subject right before the verb ("كوبر قال")
                who = entity_in(toks[max(0, i - 2)].start, tok.start, first=False)
            if who is None and i:
                # "تطرق الرئيس أحمد الشرع إلى …، وقال:": the subject of the sentence's first verb
                who = entity_in(sent.start, tok.start, first=True, kinds={"person"})
            if who is None:
                who = current or last
            current = who or current
            if who:
                last = who
            acts.append(SpeechAct(k, tok.start, tok.end, who, False, statement))
    return acts
