"""CorpusEvents as rows with ACLED's columns.

Mapping (ACLED codebook): disorder_type from event_type; actor1/assoc_actor_1
from the actors, actor2/assoc_actor_2 from the targets; inter codes from the
actors' ``acled_inter`` when the lexicon gave one; interaction = the two inter
codes, smaller first; time_precision 1 day / 2 week / 3 month or coarser;
geo_precision as recorded; fatalities = the reconciled ``best`` of the killed
figures; notes is a short English summary of the reconciled figures;
``source`` lists every outlet that reported the event.
"""
from __future__ import annotations

import csv
import time as _time
from collections.abc import Iterable
from typing import IO

from rasd.export.countries import country

COLUMNS = ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
           "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
           "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
           "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities",
           "tags", "timestamp"]

DISORDER = {"Battles": "Political violence", "Explosions/Remote violence": "Political violence",
            "Violence against civilians": "Political violence", "Protests": "Demonstrations",
            "Riots": "Demonstrations", "Strategic developments": "Strategic developments"}
TIME_PRECISION = {"day": 1, "week": 2}


def row(ev: dict) -> dict:
    """One ACLED-style row of a CorpusEvent."""
    t = ev.get("time") or {}
    loc = ev.get("location") or {}
    c = country(loc.get("country")) or {}
    when = t.get("start") or t.get("end") or min(
        (s["published"] for s in ev.get("sources") or [] if s.get("published")), default="")
    actors, targets = ev.get("actors") or [], ev.get("targets") or []
    inter = ev.get("_inter") or {}
    i1 = inter.get(actors[0]) if actors else None
    i2 = inter.get(targets[0]) if targets else None
    pair = sorted(i for i in (i1, i2) if i is not None)
    interaction = (f"{pair[0]}{pair[1]}" if len(pair) == 2 else f"{pair[0]}0") if pair else ""
    killed = [q for q in ev.get("quantities") or [] if q["kind"] == "killed"]
    outlets = list(dict.fromkeys(s.get("outlet") or s.get("source") or s.get("doc_id")
                                 for s in ev.get("sources") or []))
    tags = []
    if ev.get("granularity") == "aggregate":
        tags.append("aggregate")
    if any(q["status"] == "conflict" for q in ev.get("quantities") or []):
        tags.append("conflicting figures")
    if ev.get("contained_in"):
        tags.append("included in " + ", ".join(ev["contained_in"]))
    return {
        "event_id_cnty": f"{c.get('iso3', 'XXX')}{str(ev['id']).removeprefix('ce')}",
        "event_date": when,
        "year": when[:4],
        "time_precision": TIME_PRECISION.get(t.get("precision"), 3),
        "disorder_type": DISORDER.get(ev.get("type"), ""),
        "event_type": ev.get("type") or "",
        "sub_event_type": ev.get("sub_type") or "",
        "actor1": actors[0] if actors else "",
        "assoc_actor_1": "; ".join(actors[1:]),
        "inter1": i1 if i1 is not None else "",
        "actor2": targets[0] if targets else "",
        "assoc_actor_2": "; ".join(targets[1:]),
        "inter2": i2 if i2 is not None else "",
        "interaction": interaction,
        "civilian_targeting": "Civilian targeting" if ev.get("type") == "Violence against civilians" or i2 == 7
        else "",
        "iso": c.get("numeric", ""),
        "region": c.get("region", ""),
        "country": c.get("name", ""),
        "admin1": loc.get("admin1") or "",
        "admin2": loc.get("admin2") or "",
        "admin3": "",
        "location": loc.get("name_en") or "",
        "latitude": loc.get("lat") if loc.get("lat") is not None else "",
        "longitude": loc.get("lon") if loc.get("lon") is not None else "",
        "geo_precision": loc.get("precision") or "",
        "source": "; ".join(o for o in outlets if o),
        "source_scale": "",
        "notes": notes(ev),
        "fatalities": sum(q["best"] or 0 for q in killed),
        "tags": "; ".join(tags),
        "timestamp": ev.get("_timestamp") or int(_time.time()),
    }


def notes(ev: dict) -> str:
    """A one-line English summary: when, who against whom, what, the reconciled figures, how many reports."""
    t = ev.get("time") or {}
    s, e = t.get("start"), t.get("end")
    when = "Undated" if not s else f"On {s}" if s == e or not e else f"Between {s} and {e}"
    who = ", ".join(ev.get("actors") or []) or "Unidentified actor"
    whom = ", ".join(ev.get("targets") or [])
    what = ev.get("sub_type") or ev.get("type") or "event"
    out = f"{when}: {who}{' against ' + whom if whom else ''} ({what})."
    figs = [f"{q['kind']} {q['best']}" + (f" (reports range {q['low']}-{q['high']})" if q["status"] == "conflict"
                                          else "") for q in ev.get("quantities") or []]
    if figs:
        out += " Figures: " + "; ".join(figs) + "."
    return out + f" Reported by {len(ev.get('sources') or [])} source(s)."


def write_csv(events: Iterable[dict], fh: IO[str]) -> int:
    w = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
    w.writeheader()
    n = 0
    for ev in events:
        w.writerow(row(ev))
        n += 1
    return n
