"""Throughput of the Arabic text layer: normalization + segmentation + numbers + dates.

    python bench/bench_text.py [--mb 5]

The bundled sample articles are replicated to at least ``--mb`` MB of UTF-8 and processed paragraph by
paragraph, as extraction does. Reports MB/s (of UTF-8 input) on one core; the target is >= 2 MB/s.
"""
from __future__ import annotations

import argparse
import datetime as dt
import time
from pathlib import Path

from rasd.dates import find_dates
from rasd.numbers import find_numbers
from rasd.text.normalize import normalize
from rasd.text.segment import sentences, tokenize

SAMPLES = Path(__file__).resolve().parents[1] / "examples" / "seeds"


def corpus(mb: float) -> str:
    base = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt")))
    reps = int(mb * 1024 * 1024 / len(base.encode("utf-8"))) + 1
    return "\n\n".join([base] * reps)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=5.0)
    a = ap.parse_args()
    text = corpus(a.mb)
    size = len(text.encode("utf-8")) / 1024 / 1024
    ref = dt.date(2025, 12, 30)
    stages = {"normalize": 0.0, "segment": 0.0, "numbers": 0.0, "dates": 0.0}
    counts = {"sentences": 0, "tokens": 0, "numbers": 0, "dates": 0}
    pos = 0
    while pos < len(text):  # paragraphs of about 4 KB, as documents arrive
        end = text.find("\n\n", pos + 4000)
        end = len(text) if end < 0 else end
        sub = text[pos:end]
        t0 = time.perf_counter()
        norm = normalize(sub, fold=True)  # once per document, shared by every later stage
        t1 = time.perf_counter()
        sents = sentences(sub)
        toks = tokenize(norm)
        t2 = time.perf_counter()
        nums = find_numbers(sub, norm=norm)
        t3 = time.perf_counter()
        dates = find_dates(sub, ref, norm=norm)
        t4 = time.perf_counter()
        for k, v in zip(stages, (t1 - t0, t2 - t1, t3 - t2, t4 - t3)):
            stages[k] += v
        counts["sentences"] += len(sents)
        counts["tokens"] += len(toks)
        counts["numbers"] += len(nums)
        counts["dates"] += len(dates)
        pos = end
    total = sum(stages.values())
    print(f"text layer on {size:.1f} MB: {total:.2f} s = {size / total:.2f} MB/s "
          + "  (" + ", ".join(f"{k} {size / v:.1f} MB/s" for k, v in stages.items()) + ")")
    print("found: " + ", ".join(f"{v} {k}" for k, v in counts.items()))


if __name__ == "__main__":
    main()
