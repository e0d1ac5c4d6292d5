"""CorpusEvents as a GeoJSON FeatureCollection (RFC 7946), written as a stream.

Events with coordinates are Points ([lon, lat]); events without keep a null
geometry (allowed by the RFC) so that the collection is the whole corpus.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from typing import IO


def feature(ev: dict) -> dict:
    loc = ev.get("location") or {}
    geom = None
    if loc.get("lat") is not None and loc.get("lon") is not None:
        geom = {"type": "Point", "coordinates": [loc["lon"], loc["lat"]]}
    props = {k: v for k, v in ev.items() if not k.startswith("_")}
    return {"type": "Feature", "id": ev["id"], "geometry": geom, "properties": props}


def write_geojson(events: Iterable[dict], fh: IO[str]) -> int:
    fh.write('{"type": "FeatureCollection", "features": [\n')
    n = 0
    for ev in events:
        if n:
            fh.write(",\n")
        fh.write(json.dumps(feature(ev), ensure_ascii=False))
        n += 1
    fh.write("\n]}\n")
    return n
