"""The corpus commands: ingest (paths through the extractor, or saved records), events, stats, conflicts."""
from __future__ import annotations

import csv
import io
import json
import sys
import types
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from rasd.cli_corpus import register
from rasd.store import db

FIX = Path(__file__).parent / "fixtures" / "records"
runner = CliRunner()


def app() -> typer.Typer:
    a = typer.Typer()
    register(a)
    return a


@pytest.fixture
def url(tmp_path, monkeypatch):
    u = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("RASD_DB", u)
    yield u
    db.dispose(u)


@pytest.fixture
def records_file(tmp_path) -> Path:
    p = tmp_path / "records.jsonl"
    p.write_text("".join(json.dumps(json.loads(f.read_text(encoding="utf-8")), ensure_ascii=False) + "\n"
                         for f in sorted(FIX.glob("*.json"))), encoding="utf-8")
    return p


@pytest.mark.parametrize("cmd", ["ingest", "events", "stats", "conflicts"])
def test_help(cmd):
    r = runner.invoke(app(), [cmd, "--help"])
    assert r.exit_code == 0 and "--db" in r.output and "RASD_DB" in r.output


def test_ingest_paths_through_the_extractor(url, tmp_path, monkeypatch):
    """`rasd ingest PATH` reads documents with rasd.extract.extract_records (stubbed here)."""
    seen = {}

    def extract_records(paths, manifest):
        seen["args"] = (list(paths), manifest)
        for f in sorted(FIX.glob("*.json")):
            yield json.loads(f.read_text(encoding="utf-8"))
        yield "unreadable.html: not UTF-8"  # a ReadError stands for itself

    monkeypatch.setitem(sys.modules, "rasd.extract", types.SimpleNamespace(extract_records=extract_records))
    (tmp_path / "docs").mkdir()
    r = runner.invoke(app(), ["ingest", str(tmp_path / "docs"), "--json", "-q"])
    assert r.exit_code == 0, r.output
    s = json.loads(r.output)
    assert (s["added"], s["events"], len(s["errors"])) == (5, 19, 1)
    assert seen["args"] == ([str(tmp_path / "docs")], None)


def test_ingest_records_twice_is_idempotent(url, records_file):
    first = runner.invoke(app(), ["ingest", "--records", str(records_file), "--json", "-q"])
    again = runner.invoke(app(), ["ingest", "--records", str(records_file), "--json", "-q"])
    assert json.loads(first.output)["added"] == 5
    s = json.loads(again.output)
    assert (s["added"], s["unchanged"], s["canonical_total"]) == (0, 5, json.loads(first.output)["canonical_total"])


def test_ingest_shows_a_summary(url, records_file):
    r = runner.invoke(app(), ["ingest", "--records", str(records_file)])
    assert r.exit_code == 0
    assert "new canonical events" in r.output and "reports linked to known events" in r.output


def test_events_formats_and_filters(url, records_file):
    runner.invoke(app(), ["ingest", "--records", str(records_file), "-q"])
    lines = runner.invoke(app(), ["events", "--format", "jsonl"]).output.splitlines()
    assert len(lines) == 14 and all(json.loads(x)["id"].startswith("ce") for x in lines)
    rows = list(csv.DictReader(io.StringIO(runner.invoke(app(), ["events", "-f", "csv", "--type", "Battles"]).output)))
    assert {r["event_type"] for r in rows} == {"Battles"} and len(rows) == 4
    g = json.loads(runner.invoke(app(), ["events", "-f", "geojson", "--from", "2025-12-01"]).output)
    assert g["type"] == "FeatureCollection" and len(g["features"]) == 4
    bad = runner.invoke(app(), ["events", "-f", "xml"])
    assert bad.exit_code != 0


def test_events_to_file(url, records_file, tmp_path):
    runner.invoke(app(), ["ingest", "--records", str(records_file), "-q"])
    out = tmp_path / "e.jsonl"
    assert runner.invoke(app(), ["events", "-o", str(out), "--actor", "central command"]).exit_code == 0
    assert all("US Central Command" in json.loads(x)["actors"] for x in out.read_text().splitlines())


def test_stats_explains_totals(url, records_file):
    runner.invoke(app(), ["ingest", "--records", str(records_file), "-q"])
    text = runner.invoke(app(), ["stats"]).output
    assert "killed: 18" in text and "already included in" in text
    res = json.loads(runner.invoke(app(), ["stats", "--by", "party,period", "-f", "json"]).output)
    assert res["by"] == ["kind", "party", "period"]
    assert runner.invoke(app(), ["stats", "--by", "colour"]).exit_code != 0


def test_conflicts_lists_the_rank_disagreement(url, records_file):
    runner.invoke(app(), ["ingest", "--records", str(records_file), "-q"])
    text = runner.invoke(app(), ["conflicts"]).output
    assert "title:Brad Cooper" in text and "Admiral" in text and "General" in text
    rows = [json.loads(x) for x in runner.invoke(app(), ["conflicts", "-f", "json"]).output.splitlines()]
    assert rows and all(r["conflicts"] for r in rows)


def test_db_option_beats_env(tmp_path, records_file, monkeypatch):
    monkeypatch.setenv("RASD_DB", f"sqlite:///{tmp_path / 'env.db'}")
    other = f"sqlite:///{tmp_path / 'opt.db'}"
    runner.invoke(app(), ["ingest", "--records", str(records_file), "-q", "--db", other])
    assert (tmp_path / "opt.db").exists() and not (tmp_path / "env.db").exists()
    db.dispose(other)


def test_the_cli_default_store_is_the_stores_default():
    from rasd.cli_corpus import DEFAULT_URL as cli_default
    from rasd.store.db import DEFAULT_URL as store_default

    assert cli_default == store_default
