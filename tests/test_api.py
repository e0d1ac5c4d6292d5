"""The HTTP face returns what the core returns."""
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from rasd.api import create_app

SAMPLES = Path(__file__).resolve().parents[1] / "examples" / "seeds"


def test_extract_route_returns_a_document_record():
    client = TestClient(create_app())
    res = client.post("/extract", json={"text": "قتل 5 مدنيين في قصف مدفعي على مدينة إدلب.", "id": "x",
                                        "published": "2025-11-01"})
    assert res.status_code == 200
    rec = res.json()
    assert rec["doc_id"] == "x" and rec["published"] == "2025-11-01"
    kinds = [(q["kind"], q["value"]) for ev in rec["events"] for q in ev["quantities"]]
    assert ("killed", 5) in kinds


def test_extract_route_rejects_empty_text():
    assert TestClient(create_app()).post("/extract", json={"text": ""}).status_code == 422


def test_parse_routes():
    client = TestClient(create_app())
    nums = client.post("/parse/numbers", json={"lines": ["نحو ألفي نازح"]}).json()
    assert (nums[0]["value"], nums[0]["qualifier"]) == (2000, "about")
    dates = client.post("/parse/dates", json={"lines": ["أمس الأربعاء"], "ref": "2025-11-13"}).json()
    assert dates[0]["start"] == "2025-11-12"


def test_corpus_routes_need_a_database():
    assert TestClient(create_app()).get("/events").status_code == 503


def test_events_route_over_an_ingested_corpus(tmp_path):
    from rasd.corpus import events, ingest

    db = f"sqlite:///{tmp_path / 'c.db'}"
    ingest([str(SAMPLES)], db_url=db)
    client = TestClient(create_app(db))
    got = client.get("/events").json()
    assert len(got) == len(list(events(db)))
    assert client.get("/stats").status_code == 200
    assert client.get("/stats", params={"by": "colour"}).status_code == 422
    assert "<svg" in client.get("/").text
