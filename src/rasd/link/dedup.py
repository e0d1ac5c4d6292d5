"""Syndicated copies and near-duplicate documents (MinHash / LSH, datasketch).

A document's article text (its body spans, folded) is cut into word 4-gram
shingles and summarised by a MinHash signature.  The signature and its LSH
band keys are stored (``doc_signatures``, ``lsh_keys``), so a later ingest
finds earlier copies by an indexed lookup of its own band keys, without
loading the corpus.  Candidates are confirmed by the estimated Jaccard
similarity: >= ``relay_jaccard`` is a relay (the same article republished),
>= ``near_duplicate_jaccard`` a near-duplicate (lightly edited copy).  Both are
kept as relays of one report.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash

from rasd.link.config import cfg

_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Signature:
    hashvalues: np.ndarray  # uint64, num_perm values

    def keys(self) -> list[int]:
        """One signed 64-bit key per LSH band (band index mixed in)."""
        d = cfg()["dedup"]
        r = len(self.hashvalues) // d["bands"]
        out = []
        for b in range(d["bands"]):
            h = hashlib.blake2b(self.hashvalues[b * r:(b + 1) * r].tobytes(), digest_size=8,
                                person=b"rasd-lsh", salt=b.to_bytes(2, "little"))
            out.append(int.from_bytes(h.digest(), "little", signed=True))
        return out

    def jaccard(self, other: Signature) -> float:
        return float(np.count_nonzero(self.hashvalues == other.hashvalues)) / len(self.hashvalues)

    def to_bytes(self) -> bytes:
        return self.hashvalues.astype("<u8").tobytes()

    @classmethod
    def from_bytes(cls, b: bytes) -> Signature:
        return cls(np.frombuffer(b, dtype="<u8").astype(np.uint64))


def article_text(record: dict) -> str:
    """The body text of a Document record (the whole text when it has no body spans)."""
    text = record.get("text") or ""
    body = record.get("body") or []
    return "\n".join(text[s:e] for s, e in body) if body else text


def signature(text: str) -> Signature | None:
    """The MinHash signature of an article, or None when it is too short to compare."""
    from rasd.text.normalize import fold_text

    d = cfg()["dedup"]
    words = _WORD.findall(fold_text(text))  # not the cached fold(): texts are long
    if len(words) < d["min_words"]:
        return None
    n = d["shingle_words"]
    shingles = {" ".join(words[i:i + n]).encode() for i in range(len(words) - n + 1)}
    m = MinHash(num_perm=d["num_perm"], seed=1)
    m.update_batch(list(shingles))
    return Signature(np.asarray(m.hashvalues, dtype=np.uint64))


def classify(j: float) -> str | None:
    d = cfg()["dedup"]
    if j >= d["relay_jaccard"]:
        return "relay"
    if j >= d["near_duplicate_jaccard"]:
        return "near_duplicate"
    return None


def best_copy(sig: Signature, candidates: Sequence[tuple[int, Signature]]) -> tuple[int, float, str] | None:
    """The earliest-stored candidate this signature copies: ``(doc_pk, jaccard, kind)``."""
    hits = []
    for pk, other in candidates:
        j = sig.jaccard(other)
        kind = classify(j)
        if kind:
            hits.append((pk, j, kind))
    if not hits:
        return None
    return max(hits, key=lambda h: (h[1], -h[0]))
