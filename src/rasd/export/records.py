"""CorpusEvent records (contract: OUTPUT.md) and the format dispatcher."""
from __future__ import annotations

import json
from collections.abc import Iterable
from typing import IO

FORMATS = ("jsonl", "csv", "geojson")


def event_id(cid: int) -> str:
    return f"ce{cid}"


def corpus_event(cid: int, summary: dict, contains: Iterable[int] = (), contained_in: Iterable[int] = (),
                 internal: bool = False) -> dict:
    """The CorpusEvent of a canonical event: its reconciled summary.

    Internal keys (``_`` prefix: entity keys, ACLED inter codes) are dropped
    unless ``internal``; every writer drops them too.
    """
    out = {"id": event_id(cid)}
    for k, v in summary.items():
        if k.startswith("_") and not internal:
            continue
        if k == "quantities":
            v = [{qk: qv for qk, qv in q.items() if not qk.startswith("_")} for q in v]
        out[k] = v
    out["contains"] = [event_id(c) for c in sorted(contains)]
    out["contained_in"] = [event_id(c) for c in sorted(contained_in)]
    return out


def write_events(events: Iterable[dict], fmt: str, fh: IO[str]) -> int:
    """Write CorpusEvent dicts to ``fh`` as ``jsonl``, ``csv`` (ACLED columns) or ``geojson``."""
    if fmt == "jsonl":
        n = 0
        for ev in events:
            fh.write(json.dumps({k: v for k, v in ev.items() if not k.startswith("_")}, ensure_ascii=False) + "\n")
            n += 1
        return n
    if fmt == "csv":
        from rasd.export.acled import write_csv

        return write_csv(events, fh)
    if fmt == "geojson":
        from rasd.export.geojson import write_geojson

        return write_geojson(events, fh)
    raise ValueError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
