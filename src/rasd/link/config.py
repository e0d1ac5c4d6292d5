"""The tunable numbers of linking, loaded once from ``data/coref.json``."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data"


@lru_cache(maxsize=None)
def load(name: str) -> dict[str, Any]:
    """A data file of ``rasd/link/data`` as a dict."""
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def cfg() -> dict[str, Any]:
    """The coreference configuration (weights, thresholds, tolerances)."""
    return load("coref.json")
