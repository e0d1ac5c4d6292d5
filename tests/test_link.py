"""Cross-document linking: figures, dates, places, ranks, near-duplicates, the encoder,
event coreference rules and the acceptance on the five sample articles."""
from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from rasd.corpus import conflicts, events, ingest_records
from rasd.link import coref, dedup, encoder, figures, place, ranks, timespan
from rasd.link.model import ClaimView, EventView, Place, TimeSpan
from rasd.store import db

FIX = Path(__file__).parent / "fixtures" / "records"
SHARED = Path("/work/shared")


def records() -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(FIX.glob("*.json"))]


def C(kind, value, qualifier="exact", party=None, span=None):  # noqa: N802
    return ClaimView(kind, value, qualifier, party=party, span=span)


# -- figures --------------------------------------------------------------------------------------
@pytest.mark.parametrize("a, b, verdict", [
    (C("operations", 22, "more_than"), C("operations", 22), "exact"),
    (C("killed", 15, "more_than"), C("killed", 17), "compatible"),
    (C("operations", 80, "about"), C("operations", 75), "compatible"),
    (C("killed", 61), C("killed", 18), "conflict"),
    (C("killed", 15, "more_than"), C("killed", 10, "less_than"), "conflict"),
    (C("killed", 10, "at_most"), C("killed", 8), "compatible"),
    (C("killed", 5, party="isis"), C("killed", 9, party="army"), None),  # different parties: not compared
])
def test_figure_compatibility(a, b, verdict):
    got = figures.compare([a], [b])
    assert (got[0][1] if got else None) == verdict


def test_parts_of_a_whole_read_as_their_sum():
    parts = [C("arrested", 1, span=(10, 15)), C("arrested", 6, span=(20, 30))]
    assert (7, 7) in figures.readings(parts)
    assert figures.compare(parts, [C("arrested", 7)])[0][1] in ("exact", "compatible")


# -- dates ----------------------------------------------------------------------------------------
D = date.fromisoformat


def T(s, e=None, p="day"):  # noqa: N802
    return TimeSpan(D(s) if s else None, D(e or s) if (e or s) else None, p)


@pytest.mark.parametrize("a, b, gran, rel", [
    (T("2025-03-04"), T("2025-03-04"), "incident", "same_day"),
    (T("2025-03-04"), T("2025-03-05"), "incident", "incompatible"),
    (T("2017-06-01"), T("2023-06-01"), "incident", "incompatible"),
    (T("2025-11-21", "2025-11-30", "week"), T("2025-11-24"), "incident", "vague"),
    (T("2025-10-01", "2025-11-06"), T("2025-10-01", "2025-11-06"), "aggregate", "same_period"),
    (T("2025-07-01", "2025-12-30", "month"), T("2025-10-01", "2025-11-06"), "aggregate", "incompatible"),
    (T("2025-11-01", "2025-11-30", "month"), T("2025-11-24", "2025-11-27"), "aggregate", "vague"),
    (T("2025-10-01", "2025-10-31", "month"), T("2025-11-01", "2025-11-30", "month"), "aggregate", "incompatible"),
    (T(None), T("2025-03-04"), "incident", "unknown"),
])
def test_time_relation(a, b, gran, rel):
    assert timespan.relation(a, b, gran) == rel
    assert timespan.relation(b, a, gran) == rel


def test_period_containment():
    since_july = T("2025-07-01", "2025-12-30", "month")
    assert timespan.contains(since_july, T("2025-10-01", "2025-11-06"))
    assert not timespan.contains(T("2025-10-01", "2025-11-06"), since_july)
    assert not timespan.contains(since_july, T("2026-01-02"))


# -- places ---------------------------------------------------------------------------------------
IDLIB = Place("idlib", "Idlib", 35.93, 36.63, "SY", "Idlib", 3)
MAARRA = Place("maarat numan", "Maarat al-Numan", 35.648, 36.672, "SY", "Idlib", 1)
SARAQIB = Place("saraqib", "Saraqib", 35.864, 36.806, "SY", "Idlib", 1)
ALEPPO = Place("aleppo", "Aleppo", 36.202, 37.134, "SY", "Aleppo", 1)
SYRIA = Place("syria", "Syria", 35.0, 38.5, "SY", None, 3)
MOSUL = Place("mosul", "Mosul", 36.34, 43.13, "IQ", "Nineveh", 1)


@pytest.mark.parametrize("a, b, rel", [
    (IDLIB, MAARRA, "contains"),
    (MAARRA, IDLIB, "contained"),
    (SYRIA, ALEPPO, "contains"),
    (MAARRA, SARAQIB, "disjoint"),
    (MAARRA, Place("maarat numan", "Maarat al-Numan", 35.65, 36.67, "SY", "Idlib", 1), "same"),
    (IDLIB, ALEPPO, "disjoint"),
    (SYRIA, MOSUL, "disjoint"),
    (MAARRA, None, "unknown"),
])
def test_place_relation(a, b, rel):
    assert place.relation(a, b) == rel


# -- ranks ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("title, rank", [
    ("Admiral", "admiral"), ("الأدميرال", "admiral"), ("الجنرال", "general"), ("Rear Admiral", "rear_admiral"),
    ("اللواء الركن", "major_general"), ("العقيد", "colonel"), ("commander", None), ("وزير الخارجية", None),
    (None, None),
])
def test_rank_of(title, rank):
    r = ranks.rank_of(title)
    assert (r["id"] if r else None) == rank


@pytest.mark.parametrize("a, b, clash", [
    ("Admiral", "General", True), ("General", "Major General", False), ("Colonel", "Major", True),
    ("الأدميرال", "Admiral", False),
])
def test_rank_disagreement(a, b, clash):
    assert ranks.disagree(ranks.rank_of(a), ranks.rank_of(b)) is clash


# -- near-duplicates ------------------------------------------------------------------------------
def test_minhash_relays_and_near_duplicates():
    text = records()[0]["text"]
    body = text[: text.index("آخر الأخبار")]
    sig = dedup.signature(body)
    copy = dedup.signature(body + "\nشارك الخبر على مواقع التواصل")
    edited = dedup.signature(body.replace("الولايات المتحدة", "واشنطن").replace("سوريا", "سورية", 3))
    other = dedup.signature(records()[3]["text"])
    assert dedup.classify(sig.jaccard(copy)) == "relay"
    assert dedup.classify(sig.jaccard(edited)) in ("relay", "near_duplicate")
    assert dedup.classify(sig.jaccard(other)) is None
    assert len(set(sig.keys()) & set(copy.keys())) > 0  # LSH finds it
    assert dedup.Signature.from_bytes(sig.to_bytes()).jaccard(sig) == 1.0
    assert dedup.signature("نص قصير جداً") is None


# -- sentence encoder -----------------------------------------------------------------------------
PARA = ["أسفرت العمليات عن مقتل 5 من عناصر التنظيم واعتقال 19 آخرين",
        "مما أسفر عن مقتل خمسة من عناصر داعش وأسر 19 آخرين",
        "قال وزير الخارجية إن بلاده تدعم الحل السياسي للأزمة"]


def test_use_encoder_puts_paraphrases_close():
    enc = encoder.UseEncoder()
    v = enc.encode(PARA)
    assert v.shape == (3, 512)
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-3)
    assert float(v[0] @ v[1]) > float(v[0] @ v[2]) + 0.2


def test_ngram_fallback_and_its_warning(monkeypatch, caplog):
    monkeypatch.setattr(encoder, "_encoder", None)

    def broken():
        raise RuntimeError("no weights")

    monkeypatch.setattr(encoder, "UseEncoder", broken)
    monkeypatch.delenv("RASD_ENCODER", raising=False)
    with caplog.at_level("WARNING"):
        enc = encoder.get_encoder()
    assert isinstance(enc, encoder.NgramEncoder) and "n-gram" in caplog.text
    v = enc.encode(PARA)
    assert float(v[0] @ v[1]) > float(v[0] @ v[2])
    assert encoder.cosine(encoder.from_bytes(encoder.to_bytes(v[0])), v[0]) == pytest.approx(1.0, abs=1e-3)
    monkeypatch.setattr(encoder, "_encoder", None)


# -- coreference rules ----------------------------------------------------------------------------
def ev(doc, time, place_=None, claims=(), gran="incident", typ="Explosions/Remote violence",
       sub="Remote explosive/landmine/IED", actors=(), targets=(), claimant=None, vec=None, reported=True,
       published=None):
    return EventView(pk=None, doc_pk=doc, doc_id=f"d{doc}", source=f"d{doc}.txt", outlet=None,
                     published=published or time.hi, report_root=None, local_id="e1", type=typ, sub_type=sub,
                     plover="ASSAULT", granularity=gran, time=time, place=place_, actors=tuple(actors),
                     targets=tuple(targets), claimant=claimant, claims=tuple(claims), vec=vec,
                     vec_model="m" if vec is not None else None, reported=reported)


SQUARE = Place("clock square homs", "Clock Square, Homs", 34.7316, 36.7137, "SY", "Homs", 1)
V = np.ones(8, dtype=np.float32) / np.sqrt(8)


def test_same_square_years_apart_never_merges():
    a = ev(1, T("2017-02-25"), SQUARE, [C("killed", 12)], vec=V)
    b = ev(2, T("2023-02-25"), SQUARE, [C("killed", 12)], vec=V)
    s = coref.score_pair(a, b)
    assert s.veto == "dates" and not s.linked
    assert coref.best_match(b, {7: [a]}) is None


def test_same_bombing_in_two_outlets_links():
    a = ev(1, T("2024-05-02"), SQUARE, [C("killed", 22, "more_than"), C("injured", 40)], vec=V)
    b = ev(2, T("2024-05-02"), SQUARE, [C("killed", 22), C("injured", 35, "more_than")], vec=V)
    s = coref.score_pair(a, b)
    assert s.linked and "figure:killed" in s.anchors
    assert coref.best_match(b, {7: [a]}).canonical_id == 7


def test_same_place_next_day_is_another_event():
    a = ev(1, T("2024-05-02"), SQUARE, [C("killed", 3)], vec=V)
    b = ev(2, T("2024-05-03"), SQUARE, [C("killed", 3)], vec=V)
    assert coref.score_pair(a, b).veto == "dates"


def test_generic_statements_do_not_link_without_concrete_evidence():
    damascus = Place("damascus", "Damascus", 33.51, 36.29, "SY", "Damascus", 1)
    a = ev(1, T("2025-01-10"), damascus, typ="Strategic developments", sub="Other",
           actors=[("foreign ministry", "Foreign Ministry")], vec=V)
    b = ev(2, T("2025-01-10"), damascus, typ="Strategic developments", sub="Other",
           actors=[("president", "President")], vec=-V)
    s = coref.score_pair(a, b)
    assert not s.linked and s.anchors == []
    same_words = ev(2, T("2025-01-10"), damascus, typ="Strategic developments", sub="Other",
                    actors=[("president", "President")], vec=V)
    assert not coref.score_pair(a, same_words).anchors  # close wording alone is not concrete


def test_two_background_mentions_never_link():
    a = ev(1, T("2019-10-27"), None, [C("killed", 70000)], reported=False, vec=V)
    b = ev(2, T("2019-10-27"), None, [C("killed", 70000)], reported=False, vec=V)
    assert coref.score_pair(a, b).veto == "two background mentions"


def test_aggregates_link_only_on_same_period_and_figures():
    p = T("2025-10-01", "2025-11-06")
    a = ev(1, p, SYRIA, [C("killed", 5), C("arrested", 19)], gran="aggregate", typ="Battles", sub="Armed clash",
           claimant=("centcom", "CENTCOM"))
    same = ev(2, p, SYRIA, [C("killed", 5), C("arrested", 19)], gran="aggregate", typ="Battles",
              sub="Armed clash", claimant=("centcom", "CENTCOM"))
    other_figs = ev(3, p, SYRIA, [C("killed", 5), C("arrested", 40)], gran="aggregate", typ="Battles",
                    sub="Armed clash", claimant=("centcom", "CENTCOM"))
    longer = ev(4, T("2025-07-01", "2025-12-30", "month"), SYRIA, [C("killed", 14), C("arrested", 119)],
                gran="aggregate", typ="Battles", sub="Armed clash", claimant=("centcom", "CENTCOM"))
    incident = ev(5, T("2025-10-01"), SYRIA, [C("killed", 5)], typ="Battles", sub="Armed clash")
    assert coref.score_pair(a, same).linked
    assert coref.score_pair(a, other_figs).veto.startswith("aggregate figures differ")
    assert coref.score_pair(a, longer).veto == "dates"
    assert coref.score_pair(a, incident).veto == "granularity"


def test_an_event_never_chains_across_a_vetoed_member():
    a = ev(1, T("2024-05-02"), SQUARE, [C("killed", 9)], vec=V)
    far = ev(2, T("2024-05-02"), Place("hama", "Hama", 35.13, 36.75, "SY", "Hama", 1), [C("killed", 9)], vec=V)
    b = ev(3, T("2024-05-02"), SQUARE, [C("killed", 9)], vec=V)
    assert coref.best_match(b, {1: [a, far]}) is None
    assert coref.best_match(b, {1: [a]}) is not None


# -- the five sample articles (hand-made Document records) ----------------------------------------
@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('seeds') / 'seeds.db'}"
    s = ingest_records(records(), url)
    assert s.errors == []
    yield url
    db.dispose(url)


def _docs(e):
    return sorted({s["doc_id"][:3] for s in e["sources"]})


def test_seed_statement_is_one_event_from_three_outlets(seeds_db):
    evs = list(events(seeds_db))
    stmt = [e for e in evs if e["time"]["start"] == "2025-10-01" and e["time"]["end"] == "2025-11-06"]
    assert len(stmt) == 1 and _docs(stmt[0]) == ["000", "001", "002"]
    q = {x["kind"]: x for x in stmt[0]["quantities"]}
    assert (q["killed"]["best"], q["arrested"]["best"]) == (5, 19)
    assert q["killed"]["sources"] == 1 and len(q["killed"]["claims"]) == 3  # one claimant relayed three times
    since_july = [e for e in evs if e["time"]["start"] == "2025-07-01"]
    assert len(since_july) == 1
    assert stmt[0]["contained_in"] == [since_july[0]["id"]] and stmt[0]["id"] in since_july[0]["contains"]


def test_seed_cache_operation_is_one_event_from_two_outlets(seeds_db):
    caches = [e for e in events(seeds_db) if any(q["kind"] == "caches" and q["best"] >= 15
                                                 for q in e["quantities"])]
    assert len(caches) == 1 and _docs(caches[0]) == ["003", "004"]
    assert {s["event_id"] for s in caches[0]["sources"] if s["doc_id"].startswith("004")} >= {"ev5"}


def test_seed_rank_conflict_is_reported(seeds_db):
    found = [c for x in conflicts(seeds_db) for c in x["conflicts"] if c["field"] == "title:Brad Cooper"]
    assert len(found) == 1
    vals = {v["value"]: [d[:3] for d in v["doc_ids"]] for v in found[0]["values"]}
    assert vals == {"Admiral": ["000", "001"], "General": ["002"]}


def test_seed_only_true_links(seeds_db):
    pairs = set()
    for e in events(seeds_db):
        d = _docs(e)
        pairs |= {(a, b) for i, a in enumerate(d) for b in d[i + 1:]}
    assert pairs == {("000", "001"), ("000", "002"), ("001", "002"), ("003", "004")}


@pytest.mark.skipif(not (SHARED / "eval" / "score.py").exists(), reason="shared evaluation kit not present")
def test_seed_scorer_link_f1(seeds_db, tmp_path):
    from rasd.export import write_events

    ev_path, doc_path = tmp_path / "events.jsonl", tmp_path / "docs.jsonl"
    with ev_path.open("w", encoding="utf-8") as fh:
        write_events(events(seeds_db), "jsonl", fh)
    doc_path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records()), encoding="utf-8")
    out = subprocess.run([sys.executable, str(SHARED / "eval" / "score.py"), "--gold",
                          str(SHARED / "eval" / "gold" / "seeds.json"), "--corpus", str(SHARED / "corpus" / "seeds"),
                          "--docs", str(doc_path), "--events", str(ev_path), "--json", str(tmp_path / "s.json")],
                         capture_output=True, text=True, check=True)
    links = json.loads((tmp_path / "s.json").read_text())["links"]
    assert links["f1"] == 1.0, out.stdout


def _bombing_record(doc_id: str, published: str, day: str, killed: int, qualifier: str = "exact") -> dict:
    text = (f"انفجار سيارة مفخخة في ساحة الساعة بمدينة حمص أسفر عن مقتل {killed} مدنيين وإصابة آخرين.\n"
            f"وقالت مصادر محلية لموقع {doc_id} إن الانفجار وقع صباحاً قرب مبنى البلدية.")
    kw = str(killed)
    s = text.index(kw)
    first = text.index("\n")
    return {"doc_id": doc_id, "source": f"{doc_id}.txt", "url": None, "outlet": doc_id, "published": published,
            "title": None, "body": [[0, len(text)]], "text": text, "quotes": [],
            "entities": [{"id": "e1", "type": "location", "name_en": "Clock Square, Homs", "name_ar": "ساحة الساعة",
                          "mentions": [{"span": [text.index("ساحة"), text.index("ساحة") + 10], "title": None}],
                          "geo": {"lat": 34.7316, "lon": 36.7137, "country": "SY", "admin1": "Homs", "admin2": None,
                                  "precision": 1}}],
            "events": [{"id": "ev1", "type": "Explosions/Remote violence", "sub_type": "Remote explosive/landmine/IED",
                        "plover": "ASSAULT", "granularity": "incident", "actors": [], "targets": [], "claimant": None,
                        "location": {"entity": "e1", "name_en": "Clock Square, Homs", "lat": 34.7316, "lon": 36.7137,
                                     "country": "SY", "admin1": "Homs", "precision": 1},
                        "time": {"start": day, "end": day, "precision": "day"},
                        "quantities": [{"kind": "killed", "value": killed, "qualifier": qualifier, "low": killed,
                                        "high": None if qualifier == "more_than" else killed, "party": None,
                                        "span": [s, s + len(kw)]}],
                        "evidence": [[0, first]], "story": 0, "reported": True}]}


def test_two_bombings_in_one_square_years_apart_stay_two_events(tmp_path):
    url = f"sqlite:///{tmp_path / 'square.db'}"
    ingest_records([_bombing_record("a2017", "2017-02-25", "2017-02-25", 12),
                    _bombing_record("b2023", "2023-02-25", "2023-02-25", 12),
                    _bombing_record("c2023", "2023-02-26", "2023-02-25", 11, "more_than")], url)
    groups = sorted(sorted(s["doc_id"] for s in e["sources"]) for e in events(url))
    assert groups == [["a2017"], ["b2023", "c2023"]]
    db.dispose(url)
