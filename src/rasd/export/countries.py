"""Country codes, names and ACLED regions (data: ``export/data/countries.json``)."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from rasd.link.keys import name_key

_DATA = Path(__file__).resolve().parent / "data" / "countries.json"


@lru_cache(maxsize=1)
def _table() -> dict[str, dict]:
    raw = json.loads(_DATA.read_text(encoding="utf-8"))["countries"]
    return {iso: {**c, "iso2": iso, "key": name_key(c["name"])} for iso, c in raw.items()}


def country(iso2: str | None) -> dict | None:
    """``{"iso2", "iso3", "numeric", "name", "region", "key"}`` or None."""
    return _table().get((iso2 or "").upper())
