"""Language data: grammar vocabulary per language, kept apart from algorithms (cf. spaCy's lang/)."""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=None)
def load(name: str, lang: str = "ar") -> dict:
    """The data file ``rasd/lang/<lang>/<name>.json`` (cached per process)."""
    path = resources.files("rasd.lang").joinpath(lang, f"{name}.json")
    return json.loads(path.read_text(encoding="utf-8"))
