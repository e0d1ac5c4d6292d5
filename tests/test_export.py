"""Exports: CorpusEvent JSONL per the contract, ACLED csv columns, GeoJSON, filters."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from rasd.corpus import events, ingest_records
from rasd.export import write_events
from rasd.export.acled import COLUMNS
from rasd.store import db

FIX = Path(__file__).parent / "fixtures" / "records"
ACLED = ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
         "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
         "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude",
         "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp"]
CONTRACT = {"id", "type", "sub_type", "plover", "granularity", "time", "location", "actors", "targets", "sources",
            "quantities", "conflicts", "contains", "contained_in"}


@pytest.fixture(scope="module")
def url(tmp_path_factory):
    u = f"sqlite:///{tmp_path_factory.mktemp('exp') / 'c.db'}"
    recs = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(FIX.glob("*.json"))]
    for r in recs:  # give the actors ACLED inter codes, as the lexicon does
        for e in r["entities"]:
            e["acled_inter"] = {"US Central Command": 8, "United States Armed Forces": 8,
                                "Islamic State": 2}.get(e["name_en"])
    ingest_records(recs, u)
    yield u
    db.dispose(u)


def dump(u, fmt, **filters) -> str:
    buf = io.StringIO()
    write_events(events(u, filters or None, internal=fmt == "csv"), fmt, buf)
    return buf.getvalue()


def test_jsonl_records_follow_the_contract(url):
    lines = [json.loads(x) for x in dump(url, "jsonl").splitlines()]
    assert len(lines) == 14
    for ev in lines:
        assert CONTRACT <= set(ev) and not any(k.startswith("_") for k in ev)
        for s in ev["sources"]:
            assert set(s) == {"doc_id", "source", "outlet", "published", "event_id"}
        for q in ev["quantities"]:
            assert {"kind", "party", "low", "best", "high", "status", "claims"} <= set(q)
            assert q["status"] in ("agree", "consistent", "conflict")
            for c in q["claims"]:
                assert {"doc_id", "source", "value", "qualifier", "span"} <= set(c)
    by_id = {e["id"]: e for e in lines}
    for e in lines:
        for c in e["contains"]:
            assert e["id"] in by_id[c]["contained_in"]


def test_csv_has_acled_columns(url):
    assert COLUMNS == ACLED
    rows = list(csv.DictReader(io.StringIO(dump(url, "csv"))))
    assert rows and list(rows[0]) == ACLED
    stmt = next(r for r in rows if r["event_date"] == "2025-10-01")
    assert stmt["event_id_cnty"].startswith("SYR") and stmt["iso"] == "760" and stmt["country"] == "Syria"
    assert stmt["region"] == "Middle East" and stmt["disorder_type"] == "Political violence"
    assert (stmt["actor1"], stmt["actor2"], stmt["inter1"], stmt["inter2"], stmt["interaction"]) == \
        ("US Central Command", "Islamic State", "8", "2", "28")
    assert stmt["fatalities"] == "5" and stmt["time_precision"] == "1"
    assert stmt["source"].split("; ") == ["Al-Thawra", "Zagros", "Sputnik Arabic"]
    assert "aggregate" in stmt["tags"] and "killed 5" in stmt["notes"]
    town = next(r for r in rows if r["location"] == "Maarat al-Numan")
    assert (town["admin1"], town["geo_precision"], town["latitude"]) == ("Idlib", "1", "35.648")


def test_geojson_is_a_feature_collection(url):
    g = json.loads(dump(url, "geojson"))
    assert g["type"] == "FeatureCollection" and len(g["features"]) == 14
    town = next(f for f in g["features"] if f["properties"]["location"]
                and f["properties"]["location"]["name_en"] == "Maarat al-Numan")
    assert town["geometry"] == {"type": "Point", "coordinates": [36.672, 35.648]}
    assert any(f["geometry"] is None for f in g["features"])  # events with no place stay in the collection


@pytest.mark.parametrize("filters, expect", [
    ({"date_from": "2025-12-01"}, {"2025-07-01", "2025-12-16", "2025-12-19", "2025-12-20"}),
    ({"date_from": "2025-11-01", "date_to": "2025-11-09"}, {"2025-07-01", "2025-10-01", "2025-11-01"}),
    ({"type": "explosions/remote violence"}, {"2025-12-19"}),
    ({"place": "idlib"}, {"2025-12-16", None}),
    ({"actor": "jordan"}, {"2025-12-19"}),
])
def test_filters(url, filters, expect):
    got = {json.loads(x)["time"]["start"] for x in dump(url, "jsonl", **filters).splitlines()}
    assert got == expect


def test_unknown_format_is_refused():
    with pytest.raises(ValueError):
        write_events([], "xml", io.StringIO())
