"""Throughput and peak memory of `rasd extract` on >= 1,000 articles of about 1,000 characters.

    python bench/bench_extract.py [--docs 1000] [--size 1000]

Runs the real command (`rasd extract FILE.jsonl --format jsonl`) in a child process, output to /dev/null,
and reports documents per second and the child's peak RSS; then again on 4x the documents to show that
memory does not grow with the corpus (records stream out one by one).  Each size runs ``--repeat`` times and
the fastest run is reported: on a shared machine the others measure the neighbours.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import write_jsonl  # noqa: E402


def run(path: Path) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + system) and peak RSS (MB) of one `rasd extract` process."""
    rasd = Path(sys.executable).with_name("rasd")
    t = time.perf_counter()
    proc = subprocess.Popen([str(rasd), "extract", str(path), "--format", "jsonl", "--no-text"],
                            stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    if status:
        raise SystemExit(f"rasd extract failed with status {status}")
    wall = time.perf_counter() - t
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--size", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=3, help="runs per size; the fastest is reported")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for n in (a.docs, a.docs * 4):
            path = write_jsonl(Path(tmp) / f"bench-{n}.jsonl", n, a.size)
            wall, cpu, peak = min((run(path) for _ in range(max(1, a.repeat))), key=lambda r: r[1])
            print(f"extract {n:>6} docs of ~{a.size} chars: wall {wall:6.2f} s  cpu {cpu:6.2f} s  "
                  f"{n / cpu:7.1f} docs/s per core (cpu)  {n / wall:7.1f} docs/s (wall)  peak RSS {peak:6.1f} MB")


if __name__ == "__main__":
    main()
