#!/usr/bin/env python3
"""Violent-event detection on labelled sentences: precision, recall and F1 of "this sentence reports violence".

    python scripts/eval_sentences.py [tests/fixtures/sentences/sentences.jsonl] [--errors]

Each line of the set is ``{"id", "text", "violent", "type", "sub_type", ...}``.  Every sentence goes through
``rasd extract`` as its own document (no publication date); the system says "violent" when the record holds an
event of a violent ACLED type (Battles, Explosions/Remote violence, Violence against civilians, Riots) or the
sub-type "Excessive force against protesters".  Type accuracy is read over the sentences both call violent.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from rasd.extract import extract  # noqa: E402
from rasd.ingest import RawDocument  # noqa: E402

VIOLENT = {"Battles", "Explosions/Remote violence", "Violence against civilians", "Riots"}


def is_violent(ev: dict) -> bool:
    return ev["type"] in VIOLENT or ev.get("sub_type") == "Excessive force against protesters"


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("path", nargs="?", default=str(ROOT / "tests/fixtures/sentences/sentences.jsonl"))
    ap.add_argument("--errors", action="store_true", help="list every miss and false alarm")
    a = ap.parse_args(argv)
    rows = [json.loads(line) for line in Path(a.path).read_text(encoding="utf-8").splitlines() if line.strip()]
    c: Counter[str] = Counter()
    errors = []
    for r in rows:
        rec = extract(RawDocument(doc_id=r["id"], source=f"{a.path}#{r['id']}", text=r["text"]))
        evs = [e for e in rec["events"] if is_violent(e)]
        sys_v = bool(evs)
        c["tp" if sys_v and r["violent"] else "fp" if sys_v else "fn" if r["violent"] else "tn"] += 1
        if sys_v and r["violent"]:
            c["type_ok"] += any(e["type"] == r["type"] for e in evs)
            c["sub_ok"] += any(e["sub_type"] == r["sub_type"] for e in evs)
        if sys_v != r["violent"]:
            got = ", ".join(f"{e['type']}/{e['sub_type']}" for e in rec["events"]) or "-"
            errors.append(f"{'FP' if sys_v else 'FN'} {r['id']} [{r.get('type')}] {r['text']}  => {got}")
    tp, fp, fn = c["tp"], c["fp"], c["fn"]
    p = tp / (tp + fp) if tp + fp else 0.0
    rc = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * rc / (p + rc) if p + rc else 0.0
    if a.errors:
        print("\n".join(errors))
    print(f"sentences {len(rows)}  violent {tp + fn}  tp {tp} fp {fp} fn {fn} tn {c['tn']}")
    print(f"violent-event detection  P {p:.3f}  R {rc:.3f}  F1 {f:.3f}   "
          f"type {c['type_ok'] / tp if tp else 0:.3f}  sub_type {c['sub_ok'] / tp if tp else 0:.3f}")


if __name__ == "__main__":
    main()
