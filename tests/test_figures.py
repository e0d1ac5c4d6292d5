"""Figures read from whole Arabic sentences: kind, value, qualifier and party (table-driven)."""
import datetime as dt
from pathlib import Path

import pytest

from rasd.extract import build_doc
from rasd.ingest import RawDocument

DATA = Path(__file__).parent / "data"


def _rows(name):
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            yield line.split("\t")


def _figures(sentence):
    doc = build_doc(RawDocument("t", "t.txt", sentence, published=dt.date(2025, 12, 1)))
    names = {e.id: e.name_en for e in doc.entities}
    return [(q.kind, q.value, q.qualifier, names.get(q.party, q.party)) for ev in doc.events for q in ev.quantities]


@pytest.mark.parametrize("sentence,kind,value,qualifier,party", list(_rows("figures.tsv")))
def test_figure(sentence, kind, value, qualifier, party):
    got = _figures(sentence)
    hits = [g for g in got if g[0] == kind and g[1] == int(value)]
    assert hits, got
    assert hits[0][2] == qualifier
    if party != "-":
        assert hits[0][3] == party, got


@pytest.mark.parametrize("sentence,value", list(_rows("not_figures.tsv")))
def test_not_a_figure(sentence, value):
    assert all(v != int(value) for _, v, _, _ in _figures(sentence))


def test_a_figure_repeated_in_one_article_is_one_fact():
    text = "قتل 7 مسلحين في اشتباك.\nوأكد المصدر مقتل 7 مسلحين في الاشتباك نفسه."
    assert [g[:2] for g in _figures(text)] == [("killed", 7)]


def test_combined_killed_and_arrested_is_one_undivided_figure():
    got = _figures("أسفرت العمليات عن مقتل واعتقال نحو 30 عنصرا من التنظيم.")
    assert [g[:3] for g in got] == [("other", 30, "about")]


def test_the_lines_of_a_list_count_what_its_figure_counted():
    text = ("وثق المرصد مقتل 120 شخصا خلال الشهر. وتوزعت الحصيلة على النحو التالي:\n"
            "70 مدنيا، بينهم 9 أطفال.\n31 من عناصر وزارة الدفاع.\n19 من مقاتلي قوات سوريا الديمقراطية.\n\n"
            "وفي سياق آخر، افتتحت الحكومة 3 مدارس.")
    got = {(k, v) for k, v, _, _ in _figures(text)}
    assert {("killed", 120), ("killed", 70), ("killed", 31), ("killed", 19)} <= got
    assert not any(v == 3 and k == "killed" for k, v in got)
