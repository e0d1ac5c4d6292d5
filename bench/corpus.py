"""Synthetic but realistic bench corpora cut from the bundled sample articles."""
from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

SAMPLES = Path(__file__).resolve().parents[1] / "examples" / "seeds"


def paragraphs() -> list[str]:
    out = []
    for p in sorted(SAMPLES.glob("*.txt")):
        text = p.read_text(encoding="utf-8")
        out += [line.strip() for line in text.splitlines() if len(line.strip()) > 60 and not line.startswith(" date")]
    return out


def articles(n: int, size: int = 1000, seed: int = 7) -> list[str]:
    """``n`` articles of about ``size`` characters, each a shuffled run of sample paragraphs."""
    rng = random.Random(seed)
    paras = paragraphs()
    docs = []
    for _ in range(n):
        parts: list[str] = []
        while sum(map(len, parts)) < size:
            parts.append(rng.choice(paras))
        docs.append("\n".join(parts))
    return docs


def write_jsonl(path: Path, n: int, size: int = 1000) -> Path:
    start = dt.date(2025, 1, 1)
    with path.open("w", encoding="utf-8") as f:
        for i, text in enumerate(articles(n, size)):
            rec = {"id": f"b{i:06d}", "text": text, "published": (start + dt.timedelta(days=i % 365)).isoformat()}
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return path
