"""Is this report of an event the same real-world event as that one?

A pair of reports is scored additively (weights in ``data/coref.json``) on:
compatible figures of the same kind, shared actors/targets/claimant, the
relation of their dates and places, event type, the similarity of their
evidence sentences and whether the documents are relays of one report.

Hard vetoes come first: different granularity; dates that cannot coincide
(``timespan.relation``; the same square on two dates is two events); places
apart; two events of one article; for aggregates, no common figure kind or
any figure that disagrees (aggregates link on the same period and compatible
figures only).

Two background mentions (``reported: false``) never link: a shared piece of
context is not a shared story.  A background mention may join an event that
another document reports.

A link also needs an *anchor*, a piece of concrete evidence, so that generic
events (a political statement, a background mention) never join documents on
vague similarity alone: a figure of the same kind and a compatible value
(at least ``figures.min_significant``), the same specific place on the same
day (for violence or protest: with a shared participant, close wording or the
same sub-type; for anything else, such as a statement: with a shared
participant and close wording), an identical period
with a shared actor, near-identical wording on the same date (unless the two name
different actors), or a relay.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from rasd.link import figures, place, timespan
from rasd.link.config import cfg
from rasd.link.encoder import cosine
from rasd.link.model import EventView


@dataclass
class PairScore:
    score: float = 0.0
    veto: str | None = None
    anchors: list[str] = field(default_factory=list)
    reasons: dict[str, float | str] = field(default_factory=dict)
    pending: object | None = None  # similarity still to add (see ``finish``)

    @property
    def linked(self) -> bool:
        return self.veto is None and bool(self.anchors) and self.score >= cfg()["threshold"]

    def add(self, name: str, w: float) -> None:
        if w:
            self.reasons[name] = round(self.reasons.get(name, 0.0) + w, 3)
            self.score += w

    def as_dict(self) -> dict:
        return {"score": round(self.score, 3), "veto": self.veto, "anchors": self.anchors, "reasons": self.reasons}


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    u = a | b
    return len(a & b) / len(u) if u else 0.0


def _group(t: str | None) -> str | None:
    return cfg()["type_groups"].get(t or "")


def semantic(a: EventView, b: EventView) -> float | None:
    if a.vec_model is None or a.vec_model != b.vec_model:
        return None
    return cosine(a.vec, b.vec)


Similarity = Callable[[EventView, EventView], "float | None"]


@dataclass
class _Ctx:
    """What the similarity-dependent part of a score needs from the rest."""

    tr: str
    specific: bool
    physical: bool
    shared_party: bool
    disjoint_parties: bool
    conflicts: int


def score_pair(a: EventView, b: EventView, *, same_document: bool = False,
               similarity: Similarity | None = None, lazy: bool = False) -> PairScore:
    """Score two reports; see the module docstring for the rules.

    ``same_document=True`` checks two events of one article for compatibility
    only (no score is meaningful between them).  ``similarity`` gives the
    evidence similarity (default: cosine of the views' vectors); with ``lazy``
    it is only asked for when it can change the outcome, else the pair is
    returned with ``pending`` set for :func:`finish`.
    """
    out, ctx = _base(a, b, same_document)
    if out.veto is not None or ctx is None:
        return out
    if not _needs_similarity(out, ctx):
        out.reasons["similarity"] = "not needed"
        return out
    if lazy and similarity is None:
        out.pending = ctx
        return out
    return finish(out, a, b, (similarity or semantic)(a, b), ctx)


def _base(a: EventView, b: EventView, same_document: bool) -> tuple[PairScore, _Ctx | None]:
    c, w = cfg(), cfg()["weights"]
    out = PairScore()
    if a.doc_pk is not None and a.doc_pk == b.doc_pk and not same_document:
        out.veto = "same document"
        return out, None
    if not a.reported and not b.reported:
        out.veto = "two background mentions"
        return out, None
    if a.granularity != b.granularity:
        out.veto = "granularity"
        return out, None

    tr = timespan.relation(a.time, b.time, a.granularity)
    if tr == "incompatible":
        out.veto = "dates"
        return out, None
    if tr == "unknown":
        if not timespan.within_pub_window(a.time, a.published, b.time, b.published):
            out.veto = "dates (undated report published apart)"
            return out, None
        out.add("time_unknown", w["time_unknown"])
    else:
        out.add(f"time_{tr}", w["same_day"] if tr == "same_day" else
                w["same_period"] if tr == "same_period" else w["vague_time"])

    pr = place.relation(a.place, b.place)
    if pr == "disjoint":
        out.veto = "places"
        return out, None
    specific = pr in ("same", "near") and place.is_specific(a.place) and place.is_specific(b.place)
    if specific:
        out.add("place_specific", w["place_specific"])
    elif pr in ("same", "near"):
        lv = place.level(a.place) if a.place else None
        out.add("place_same_area", 0.0 if lv == "country" else w["place_region"])
    elif pr in ("contains", "contained"):
        out.add("place_contains", w["place_contains"])
    else:
        out.add("place_unknown", w["place_unknown"])

    conflicts = 0
    compared = figures.compare(a.claims, b.claims)
    if a.granularity == "aggregate" and not compared and a.report != b.report:
        out.veto = "aggregates without a common figure"
        return out, None
    for kind, verdict, small in compared:
        f = w["small_value_factor"] if small < c["figures"]["min_significant"] else 1.0
        if verdict == "conflict":
            conflicts += 1
            out.add(f"figure_conflict:{kind}", w["figure_conflict"])
            if a.granularity == "aggregate" or same_document:
                out.veto = f"aggregate figures differ ({kind})"
                return out, None
            continue
        out.add(f"figure_{verdict}:{kind}", (w["figure_exact"] if verdict == "exact" else w["figure_compatible"]) * f)
        if small >= c["figures"]["min_significant"]:
            out.anchors.append(f"figure:{kind}")
    if same_document:
        return out, None

    pa = a.actor_keys | ({a.claimant[0]} if a.claimant else set())
    pb = b.actor_keys | ({b.claimant[0]} if b.claimant else set())
    out.add("actors", w["actor_overlap"] * _jaccard(frozenset(pa), frozenset(pb)))
    out.add("targets", w["target_overlap"] * _jaccard(a.target_keys, b.target_keys))
    if a.claimant and b.claimant and a.claimant[0] == b.claimant[0]:
        out.add("claimant", w["claimant_same"])
    shared_party = bool((pa | a.target_keys) & (pb | b.target_keys))

    if a.type and a.type == b.type:
        out.add("type", w["type_same"])
        if a.sub_type and a.sub_type == b.sub_type:
            out.add("sub_type", w["subtype_same"])
    elif _group(a.type) and _group(b.type) and _group(a.type) != _group(b.type) \
            and "strategic" not in (_group(a.type), _group(b.type)):
        out.add("type", w["type_other_group"])

    if a.report is not None and a.report == b.report:
        out.add("relay", w["relay"])
        out.anchors.append("relay")
    if not a.reported or not b.reported:
        out.add("background", w["background"])

    physical = {_group(a.type), _group(b.type)} <= {"violence", "demonstration"}
    if specific and tr == "same_day" and physical and (shared_party or a.sub_type == b.sub_type):
        out.anchors.append("place+day")
    if (a.granularity == "aggregate" and tr in ("same_period", "same_day") and a.time.precision == "day"
            and b.time.precision == "day" and (a.time.lo != a.time.hi) and shared_party):
        out.anchors.append("period+party")
    disjoint_parties = bool(pa) and bool(pb) and not (pa & pb)
    return out, _Ctx(tr, specific, physical, shared_party, disjoint_parties, conflicts)


def _sim_anchor_possible(out: PairScore, ctx: _Ctx, a_reported: bool = True) -> bool:
    if ctx.specific and ctx.tr == "same_day" and (ctx.physical or ctx.shared_party):
        return True
    return ctx.tr in ("same_day", "same_period") and not ctx.conflicts and not ctx.disjoint_parties


def _needs_similarity(out: PairScore, ctx: _Ctx) -> bool:
    """Whether the evidence similarity can still change whether this pair links."""
    w, thr = cfg()["weights"], cfg()["threshold"]
    lo, hi = out.score + min(0.0, w["semantic_low_penalty"]), out.score + w["semantic"]
    if out.anchors and lo >= thr:
        return False  # linked whatever the wording
    if hi < thr:
        return False  # not linked whatever the wording
    return bool(out.anchors) or _sim_anchor_possible(out, ctx)


def finish(out: PairScore, a: EventView, b: EventView, sim: float | None, ctx: _Ctx | None = None) -> PairScore:
    """Add the evidence similarity (and the anchors that rest on it) to a pair's score."""
    ctx = ctx or out.pending
    out.pending = None
    w, sc = cfg()["weights"], cfg()["semantic"]
    if sim is None:
        out.reasons["similarity"] = "unavailable"
    else:
        out.reasons["similarity"] = round(sim, 3)
        if sim >= sc["floor"]:
            out.add("semantic", w["semantic"] * min(1.0, (sim - sc["floor"]) / (sc["ceiling"] - sc["floor"])))
        elif sim < sc["low"]:
            out.add("semantic", w["semantic_low_penalty"])
    close = sim is not None and sim >= (sc["floor"] + sc["ceiling"]) / 2
    if ctx.specific and ctx.tr == "same_day" and "place+day" not in out.anchors:
        if ctx.physical and close:
            out.anchors.append("place+day")
        elif ctx.shared_party and (close or sim is None):
            out.anchors.append("place+day+party")
    if (sim is not None and sim >= sc["anchor"] and ctx.tr in ("same_day", "same_period") and not ctx.conflicts
            and not ctx.disjoint_parties and a.reported and b.reported):
        out.anchors.append("wording+date")
    return out


@dataclass
class Match:
    canonical_id: int
    event: EventView
    score: PairScore


def best_match(ev: EventView, candidates: Mapping[int, Iterable[EventView]],
               similarity: Similarity | None = None,
               prefetch: Callable[[list[EventView]], None] | None = None) -> Match | None:
    """The canonical event ``ev`` belongs to, if any.

    Every member of a candidate must be free of vetoes against ``ev`` (no
    chaining across incompatible dates or places); the best-scoring member of
    another document must be linked.  A member from ``ev``'s own document only
    has to be compatible (an article may report one event in two places, e.g.
    an embedded older story).  Ties go to the canonical event with the most members.

    Evidence similarity is computed only for the pairs it can decide;
    ``prefetch`` is called once with every view that needs a vector, so they
    can be encoded in one batch.
    """
    cap = cfg()["max_members_scored"]
    scored: dict[int, tuple[int, list[tuple[EventView, PairScore]]]] = {}
    need: list[EventView] = []
    for cid, members in candidates.items():
        members = list(members)
        rows: list[tuple[EventView, PairScore]] = []
        vetoed = False
        for m in members[:cap]:
            if ev.doc_pk is not None and m.doc_pk == ev.doc_pk:
                if score_pair(ev, m, same_document=True).veto is not None:
                    vetoed = True
                    break
                continue
            s = score_pair(ev, m, similarity=None, lazy=True)
            if s.veto is not None:
                vetoed = True
                break
            rows.append((m, s))
        if not vetoed and rows:
            scored[cid] = (len(members), rows)
    # a pair still waiting for its similarity matters only if it could beat the best pair already linked
    settled = max((s.score for _, rows in scored.values() for _, s in rows if s.pending is None and s.linked),
                  default=None)
    gain = cfg()["weights"]["semantic"]
    for _, rows in scored.values():
        for i, (m, s) in enumerate(rows):
            if s.pending is not None and settled is not None and s.score + gain < settled:
                s.pending = None
                s.reasons["similarity"] = "not needed"
                s.anchors.clear()  # cannot win: keep it out of the choice
            elif s.pending is not None:
                need.append(m)
    if need and prefetch is not None:
        prefetch([ev, *need])
    sim = similarity or semantic
    best: Match | None = None
    best_key: tuple[float, int] | None = None
    for cid, (n, rows) in scored.items():
        for m, s in rows:
            if s.pending is not None:
                finish(s, ev, m, sim(ev, m))
        linked = [r for r in rows if r[1].linked]
        if not linked:
            continue
        m, top = max(linked, key=lambda r: r[1].score)
        key = (top.score, n)
        if best_key is None or key > best_key:
            best, best_key = Match(cid, m, top), key
    return best
