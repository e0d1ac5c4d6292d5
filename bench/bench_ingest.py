"""Benchmark: ingest and link N synthetic-but-realistic Document records.

    python bench/bench_ingest.py [--docs 10000] [--db sqlite:///bench.db] [--seed 7]

Records are made by perturbing the hand-made records of the sample articles
(tests/fixtures/records): each synthetic *story* takes one sample record, moves
it in time (up to three years), moves its incident events to another town,
gives it another claimant and armed group, scales its figures, and is reported by 1-4 outlets; an outlet sometimes
rounds a figure ("about", "more than") or gives another toll, and about one
report in ten is a syndicated copy of another outlet's text.  Texts keep their
length (words are swapped for words of the same length) so every span stays
valid, and different stories share little wording, like real articles.

Reports wall time, documents per second, peak RSS, and RSS after each quarter
of the run (flat memory: the later quarters should not grow with the corpus).
"""
from __future__ import annotations

import argparse
import copy
import hashlib
import json
import random
import re
import resource
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIX = ROOT / "tests" / "fixtures" / "records"
TOWNS = [  # (name_en, lat, lon, admin1)
    ("Maarat al-Numan", 35.648, 36.672, "Idlib"), ("Saraqib", 35.864, 36.806, "Idlib"),
    ("Jisr al-Shughur", 35.812, 36.318, "Idlib"), ("Al-Bab", 36.371, 37.517, "Aleppo"),
    ("Manbij", 36.528, 37.955, "Aleppo"), ("Azaz", 36.586, 37.046, "Aleppo"), ("Palmyra", 34.56, 38.267, "Homs"),
    ("Al-Qusayr", 34.509, 36.58, "Homs"), ("Salamiyah", 35.011, 37.052, "Hama"), ("Mayadin", 35.017, 40.45,
                                                                                   "Deir ez-Zor"),
    ("Al-Bukamal", 34.453, 40.918, "Deir ez-Zor"), ("Hajin", 34.694, 40.833, "Deir ez-Zor"),
    ("Tabqa", 35.836, 38.548, "Raqqa"), ("Daraa", 32.625, 36.106, "Daraa"), ("Nawa", 32.889, 36.043, "Daraa"),
    ("Douma", 33.572, 36.402, "Rif Dimashq"), ("Qamishli", 37.052, 41.226, "Al-Hasakah"),
    ("Tell Abyad", 36.697, 38.957, "Raqqa"), ("Jableh", 35.361, 35.926, "Latakia"), ("Sweida", 32.709, 36.566,
                                                                                      "As-Suwayda"),
]
OUTLETS = [f"Outlet {i}" for i in range(40)]
CLAIMANTS = ["US Central Command", "Syrian Ministry of Interior", "Syrian Ministry of Defense", "Syrian Democratic "
             "Forces", "Russian Ministry of Defence", "Turkish Ministry of National Defence", "Iraqi Joint Operations "
             "Command", "Syrian Observatory for Human Rights", "Jordanian Armed Forces", "Israel Defense Forces",
             "Hezbollah", "Popular Mobilization Forces"]
GROUPS = ["Islamic State", "Hayat Tahrir al-Sham", "Syrian National Army", "Kurdistan Workers' Party",
          "Hurras al-Din", "Unidentified armed group"]
WORD = re.compile(r"[\u0621-\u064a]+")


def load_bases() -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(FIX.glob("*.json"))]


def vocabulary(bases: list[dict]) -> dict[int, list[str]]:
    by_len: dict[int, set[str]] = {}
    for b in bases:
        for w in WORD.findall(b["text"]):
            by_len.setdefault(len(w), set()).add(w)
    return {n: sorted(ws) for n, ws in by_len.items()}


def scramble(text: str, rng: random.Random, vocab: dict[int, list[str]], p: float = 0.6) -> str:
    """Swap words for others of the same length: offsets stay valid, wording changes."""
    return WORD.sub(lambda m: rng.choice(vocab[len(m.group())]) if rng.random() < p else m.group(), text)


def shift(s: str | None, days: int) -> str | None:
    return (date.fromisoformat(s) + timedelta(days=days)).isoformat() if s else None


def story(base: dict, sid: int, rng: random.Random, vocab) -> tuple[dict, int]:
    """A new story from a base record: new dates, town, figures and wording."""
    rec = copy.deepcopy(base)
    days = rng.randint(-900, 200)
    scale = rng.choice([1, 1, 2, 3, 5])
    town = rng.choice(TOWNS)
    rec["published"] = shift(rec["published"], days)
    rename = {n: rng.choice(CLAIMANTS) for n in ("US Central Command", "United States Armed Forces",
                                                "Syrian Ministry of Interior")}
    rename["Islamic State"] = rng.choice(GROUPS)
    for e in rec["entities"]:  # a story is told by one of many claimants, about one of many groups
        e["name_en"] = rename.get(e["name_en"], e["name_en"])
    for ev in rec["events"]:
        t = ev["time"]
        t["start"], t["end"] = shift(t["start"], days), shift(t["end"], days)
        for q in ev["quantities"]:
            q["value"] *= scale
            q["low"] = q["low"] * scale if q["low"] is not None else None
            q["high"] = q["high"] * scale if q["high"] is not None else None
        if ev["granularity"] == "incident" and ev.get("location") and (ev["location"].get("precision") or 3) == 1:
            ev["location"].update(name_en=town[0], lat=town[1], lon=town[2], admin1=town[3], entity=None)
    rec["text"] = scramble(rec["text"], rng, vocab)
    return rec, sid


def report(st: dict, sid: int, k: int, rng: random.Random, vocab, prev: dict | None) -> dict:
    """Outlet k's report of a story; sometimes a syndicated copy of the previous report."""
    if prev is not None and rng.random() < 0.1:
        rec = copy.deepcopy(prev)
        rec["text"] = prev["text"] + "\nشارك الخبر\n"
    else:
        rec = copy.deepcopy(st)
        rec["text"] = scramble(st["text"], rng, vocab, p=0.5)
        for ev in rec["events"]:
            for q in ev["quantities"]:
                r = rng.random()
                if r < 0.08:
                    q["qualifier"], q["low"], q["high"] = "about", round(q["value"] * 0.9), round(q["value"] * 1.1)
                elif r < 0.12 and q["kind"] == "killed":
                    q["value"] += rng.randint(1, 5)  # another toll: a conflict to reconcile
                    q["low"] = q["high"] = q["value"]
    rec["outlet"] = OUTLETS[(sid * 7 + k) % len(OUTLETS)]
    rec["doc_id"] = f"s{sid:06d}-r{k}"
    rec["source"] = f"bench/{rec['doc_id']}.txt"
    rec["url"] = f"https://news{k}.example/{sid}/{k}"
    rec["text_sha256"] = hashlib.sha256(rec["text"].encode()).hexdigest()
    return rec


def records(n: int, seed: int):
    rng = random.Random(seed)
    bases = load_bases()
    vocab = vocabulary(bases)
    made, sid = 0, 0
    while made < n:
        st, _ = story(rng.choice(bases), sid, rng, vocab)
        prev = None
        for k in range(min(rng.choice([1, 2, 2, 3, 3, 4]), n - made)):
            prev = report(st, sid, k, rng, vocab, prev)
            yield prev
            made += 1
        sid += 1


def rss_mb() -> float:
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
        return pages * resource.getpagesize() / 2**20
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=10000)
    ap.add_argument("--db", default=None, help="SQLAlchemy URL (default: a fresh SQLite file in a temp dir)")
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT / "src"))
    from rasd.corpus import ingest_records
    from rasd.link.encoder import get_encoder

    tmp = tempfile.mkdtemp(prefix="rasd-bench-")
    url = a.db or f"sqlite:///{tmp}/bench.db"
    get_encoder()  # model load is a one-off cost, reported apart
    marks: list[tuple[int, float, float]] = []
    quarter = max(1, a.docs // 4)
    t0, c0 = time.perf_counter(), time.process_time()

    def progress(_stage, s):
        if s.documents >= quarter * (len(marks) + 1) or _stage.get("stage") == "done":
            marks.append((s.documents, round(time.perf_counter() - t0, 1), round(rss_mb(), 1)))

    s = ingest_records(records(a.docs, a.seed), url, progress=progress)
    wall = time.perf_counter() - t0
    out = {"documents": s.documents, "added": s.added, "relays": s.relays, "near_duplicates": s.near_duplicates,
           "events": s.events, "canonical_events": s.canonical_total, "joined": s.canonical_joined,
           "containments": s.containments, "errors": len(s.errors), "encoder": s.encoder, "encoded": s.encoded,
           "compared": s.compared,
           "wall_seconds": round(wall, 1), "cpu_seconds": round(time.process_time() - c0, 1),
           "docs_per_second": round(s.documents / wall, 1), "stage_seconds": s.timings,
           "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
           "rss_by_progress": [{"documents": d, "seconds": t, "rss_mb": m} for d, t, m in marks], "db": url}
    print(json.dumps(out, indent=1))
    return out


if __name__ == "__main__":
    main()
