"""The command line keeps to the contract: parse numbers/dates JSONL, extract records, clear errors."""
import json
from pathlib import Path

from typer.testing import CliRunner

from rasd.cli import app

runner = CliRunner()
SAMPLES = Path(__file__).resolve().parents[1] / "examples" / "seeds"


def _jsonl(out):
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def test_help_on_every_command():
    for args in ([], ["extract"], ["parse"], ["parse", "numbers"], ["parse", "dates"]):
        res = runner.invoke(app, [*args, "--help"])
        assert res.exit_code == 0 and "Usage" in res.output


def test_parse_numbers():
    res = runner.invoke(app, ["parse", "numbers"], input="أكثر من 22 عملية\nنحو ألفي نازح\nلا شيء هنا\n")
    rows = _jsonl(res.stdout)
    assert [(r["value"], r["qualifier"]) for r in rows] == [(22, "more_than"), (2000, "about"), (None, None)]
    assert rows[0]["text"] == "أكثر من 22 عملية"


def test_parse_dates():
    res = runner.invoke(app, ["parse", "dates", "--ref", "2025-11-13"],
                        input="من 1 أكتوبر/تشرين الأول إلى 6 نوفمبر/تشرين الثاني\nأمس الأربعاء\n")
    rows = _jsonl(res.stdout)
    assert (rows[0]["start"], rows[0]["end"], rows[0]["precision"]) == ("2025-10-01", "2025-11-06", "day")
    assert rows[1]["start"] == rows[1]["end"] == "2025-11-12"


def test_parse_dates_rejects_a_bad_reference():
    res = runner.invoke(app, ["parse", "dates", "--ref", "13/11/2025"], input="أمس\n")
    assert res.exit_code == 2 and "--ref" in res.output


def test_extract_jsonl_and_json_agree():
    one = _jsonl(runner.invoke(app, ["extract", str(SAMPLES), "--format", "jsonl"]).stdout)
    arr = json.loads(runner.invoke(app, ["extract", str(SAMPLES), "--format", "json"]).stdout)
    assert len(one) == len(arr) == 5 and [r["doc_id"] for r in one] == [r["doc_id"] for r in arr]
    assert all(r["source"].startswith(str(SAMPLES)) for r in one)


def test_extract_reports_bad_files_and_goes_on(tmp_path):
    (tmp_path / "a.txt").write_text("قتل 3 أشخاص في قصف على مدينة إدلب.", encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "c.txt").write_text("", encoding="utf-8")
    res = runner.invoke(app, ["extract", str(tmp_path), "--format", "jsonl"])
    assert res.exit_code == 1
    assert [r["doc_id"] for r in _jsonl(res.stdout)] == ["a"]
    assert "b.txt" in res.stderr and "c.txt" in res.stderr


def test_extract_table_is_readable():
    res = runner.invoke(app, ["extract", str(SAMPLES / "003_7a94448b6aca1802.txt"), "--format", "table"])
    assert res.exit_code == 0 and "Events" in res.stdout and "caches" in res.stdout
