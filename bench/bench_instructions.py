"""Instructions per document of `rasd extract`, counted by valgrind's callgrind: repeatable on a shared machine.

    python bench/bench_instructions.py [--docs 300] [--size 1000]

Wall-clock rates on a machine shared with other work vary by tens of percent from one minute to the next;
instruction counts do not (same binary, inputs and environment give the same count).  The script runs
`rasd extract` under callgrind twice, on one document and on ``--docs`` documents, and reports the start-up
cost and the instructions each further document costs.  Needs valgrind (Debian: `apt install valgrind`); it
is slow (about 50x), which is why it reads a few hundred documents, not thousands.
"""
from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import write_jsonl  # noqa: E402


def instructions(path: Path, out: Path) -> int:
    rasd = Path(sys.executable).with_name("rasd")
    run = subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", str(rasd), "extract",
                          str(path), "--format", "jsonl", "--no-text"],
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=True)
    m = re.search(r"Collected : (\d+)", run.stderr)
    if not m:
        raise SystemExit("callgrind reported no instruction count:\n" + run.stderr[-2000:])
    return int(m.group(1))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=300)
    ap.add_argument("--size", type=int, default=1000)
    a = ap.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed: this benchmark counts instructions with callgrind")
    with tempfile.TemporaryDirectory() as tmp:
        one = write_jsonl(Path(tmp) / "one.jsonl", 1, a.size)
        many = write_jsonl(Path(tmp) / "many.jsonl", a.docs, a.size)
        base = instructions(one, Path(tmp) / "cg.one")
        total = instructions(many, Path(tmp) / "cg.many")
    per_doc = (total - base) / (a.docs - 1)
    print(f"start-up (one document): {base / 1e6:8.0f} M instructions")
    print(f"each further document:   {per_doc / 1e6:8.1f} M instructions  ({a.docs} documents of ~{a.size} chars)")


if __name__ == "__main__":
    main()
