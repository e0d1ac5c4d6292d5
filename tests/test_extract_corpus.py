"""End to end on the bundled sample corpus: records keep the contract and their spans are honest."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from rasd.extract import extract_records
from rasd.ingest import ReadError

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "examples" / "seeds"
SHARED = ROOT.parent / "shared"

ACLED_TYPES = {"Battles", "Explosions/Remote violence", "Violence against civilians", "Protests", "Riots",
               "Strategic developments"}
PLOVER = set("AGREE CONSULT SUPPORT CONCEDE COOPERATE AID RETREAT REQUEST ACCUSE REJECT THREATEN PROTEST "
             "SANCTION MOBILIZE COERCE ASSAULT".split())
KINDS = set("killed injured arrested operations raids strikes targets caches weapons munitions members displaced "
            "attacks other".split())
QUALIFIERS = {"exact", "about", "more_than", "less_than", "at_least", "at_most"}


@pytest.fixture(scope="module")
def records():
    out = list(extract_records([str(SAMPLES)]))
    assert not [r for r in out if isinstance(r, ReadError)]
    return out


def _inside(span, body, text=None):
    """Within one body span; a quote running over a paragraph break may span the blank line between two."""
    if any(s <= span[0] and span[1] <= e for s, e in body):
        return True
    return text is not None and all(text[i].isspace() or any(s <= i < e for s, e in body)
                                    for i in range(span[0], span[1]))


def test_one_record_per_sample(records):
    assert len(records) == len(list(SAMPLES.glob("*.txt")))
    assert len({r["doc_id"] for r in records}) == len(records)


def test_records_keep_the_contract(records):
    for r in records:
        text = r["text"]
        ids = {e["id"] for e in r["entities"]}
        assert r["published"] is None or len(r["published"]) == 10
        for e in r["entities"]:
            assert e["type"] in {"person", "organization", "location", "facility", "operation", "other"}
            for m in e["mentions"]:
                s, t = m["span"]
                assert 0 <= s < t <= len(text) and _inside(m["span"], r["body"])
            if e["geo"]:
                assert e["geo"]["precision"] in (1, 2, 3) and -90 <= e["geo"]["lat"] <= 90
        for ev in r["events"]:
            assert ev["type"] in ACLED_TYPES and ev["plover"] in PLOVER
            assert ev["granularity"] in {"incident", "aggregate"}
            assert set(ev["actors"]) <= ids and set(ev["targets"]) <= ids
            assert ev["claimant"] is None or ev["claimant"] in ids
            for q in ev["quantities"]:
                assert q["kind"] in KINDS and q["qualifier"] in QUALIFIERS and isinstance(q["value"], int)
                assert q["party"] is None or q["party"] in ids
                assert _inside(q["span"], r["body"], text)
        for q in r["quotes"]:
            assert q["speaker"] is None or q["speaker"] in ids
            assert _inside(q["span"], r["body"], text)


def test_quantity_spans_hold_their_number(records):
    from rasd.numbers import parse_number

    for r in records:
        for ev in r["events"]:
            for q in ev["quantities"]:
                words = r["text"][q["span"][0]:q["span"][1]]
                n = parse_number(words)
                assert n is not None and n.value == q["value"], (words, q)


@pytest.mark.skipif(not (SHARED / "eval" / "score.py").exists(), reason="the shared scorer is not beside the repo")
def test_seed_score(tmp_path, records):
    docs = tmp_path / "docs.jsonl"
    docs.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    out = subprocess.run([sys.executable, str(SHARED / "eval" / "score.py"), "--gold",
                          str(SHARED / "eval" / "gold" / "seeds.json"), "--corpus", str(SAMPLES),
                          "--docs", str(docs), "--json", str(tmp_path / "s.json")],
                         capture_output=True, text=True, check=True)
    summary = json.loads((tmp_path / "s.json").read_text())
    assert summary["boilerplate_leaks"].startswith("0/"), out.stdout
    assert summary["bad_spans"] == 0
    assert summary["headline"] >= 0.85, out.stdout


def _held_out_summary(tmp_path, name: str) -> dict:
    """Extract a held-out set in tests/fixtures and score it with the shared scorer."""
    dev = ROOT / "tests" / "fixtures" / name
    recs = [r for r in extract_records([str(dev)]) if not isinstance(r, ReadError)]
    docs = tmp_path / f"{name}.jsonl"
    docs.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), encoding="utf-8")
    subprocess.run([sys.executable, str(SHARED / "eval" / "score.py"), "--gold",
                    str(ROOT / "tests" / "fixtures" / f"{name}.gold.json"), "--corpus", str(dev), "--docs", str(docs),
                    "--json", str(tmp_path / "s.json")], capture_output=True, text=True, check=True)
    summary = json.loads((tmp_path / "s.json").read_text())
    assert summary["boilerplate_leaks"].startswith("0/") and summary["bad_spans"] == 0
    return summary


@pytest.mark.skipif(not (SHARED / "eval" / "score.py").exists(), reason="the shared scorer is not beside the repo")
@pytest.mark.parametrize("name,floor", [("dev", 0.90), ("dev2", 0.89)])
def test_held_out_corpus_score(tmp_path, name, floor):
    """A regression guard on the articles written apart from the code (tests/fixtures/<name>/README.md)."""
    summary = _held_out_summary(tmp_path, name)
    assert summary["headline"] >= floor, summary


def test_violent_event_detection_on_labelled_sentences():
    """A regression guard on 600 labelled sentences (tests/fixtures/sentences/README.md)."""
    out = subprocess.run([sys.executable, str(ROOT / "scripts" / "eval_sentences.py")], capture_output=True,
                         text=True, check=True).stdout
    f1 = float(out.split("F1 ")[1].split()[0])
    assert f1 >= 0.93, out
