"""rasd.dates: table of Arabic news date expressions, spans in running text, robustness."""
from __future__ import annotations

import dataclasses
import datetime as dt
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rasd import dates
from rasd.dates import DateExpr, find_dates, parse_date, parse_dates_lines
from rasd.text.normalize import normalize

D = dt.date.fromisoformat
TABLE = Path(__file__).parent / "data" / "dates.tsv"


def _rows() -> list[tuple[str, str, str, str, str]]:
    lines = [ln for ln in TABLE.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    header, *rows = lines
    assert header.split("\t") == ["text", "ref", "start", "end", "precision"]
    out = [tuple(r.split("\t")) for r in rows]
    assert all(len(r) == 5 for r in out), [r for r in out if len(r) != 5]
    return out  # type: ignore[return-value]


ROWS = _rows()


def test_table_is_large_enough() -> None:
    assert len(ROWS) >= 170
    assert len({r[0] for r in ROWS}) >= 170


@pytest.mark.parametrize("text,ref,start,end,precision", ROWS, ids=[f"{i}:{r[0]}" for i, r in enumerate(ROWS)])
def test_table(text: str, ref: str, start: str, end: str, precision: str) -> None:
    d = parse_date(text, D(ref))
    if start == "-":
        assert d is None, d
        return
    assert d is not None
    got = (d.start.isoformat() if d.start else "null", d.end.isoformat() if d.end else "null", d.precision)
    assert got == (start, end, precision)


# --------------------------------------------------------------------------- running text

REF = dt.date(2025, 11, 13)  # a Thursday


def spans(text: str, ref: dt.date = REF) -> list[tuple[str, str | None, str | None, str]]:
    out = []
    for d in find_dates(text, ref):
        assert text[d.start_off:d.end_off] == d.text
        out.append((d.text, d.start and d.start.isoformat(), d.end and d.end.isoformat(), d.kind))
    return out


def test_range_is_one_expression_and_glued_word_left_out() -> None:
    text = "نفذت خلال الفترة من 24 إلى 27 نوفمبرعملية واسعة أدت إلى تدمير مخابئ"
    assert spans(text, dt.date(2025, 11, 30)) == [("من 24 إلى 27 نوفمبر", "2025-11-24", "2025-11-27", "range")]


def test_combined_month_systems_in_a_range() -> None:
    text = "بأن العمليات نفذت في الفترة من 1 أكتوبر/تشرين الأول إلى 6 نوفمبر/تشرين الثاني الماضيين."
    [(t, s, e, k)] = spans(text)
    assert t.startswith("من 1 أكتوبر") and t.endswith("تشرين الثاني الماضيين")
    assert (s, e, k) == ("2025-10-01", "2025-11-06", "range")


def test_between_with_glued_conjunction_and_following_sentence() -> None:
    text = "في الفترة ما بين 1 أكتوبر و6 نوفمبر/ تشرين الثاني.وأكدت القيادة"
    assert spans(text) == [("ما بين 1 أكتوبر و6 نوفمبر/ تشرين الثاني", "2025-10-01", "2025-11-06", "range")]


def test_weekday_after_today_and_yesterday() -> None:
    text = "ونشرت القيادة، اليوم الخميس، بيانا. وقال الوزير، أمس الأربعاء، إن الرئيس أبلغه."
    assert spans(text) == [("اليوم الخميس", "2025-11-13", "2025-11-13", "relative"),
                           ("أمس الأربعاء", "2025-11-12", "2025-11-12", "relative")]


def test_founding_year_is_still_a_year_expression() -> None:
    text = "قوات العزم الصلب، التي تأسست عام 2014 لدعم الشركاء، وخلال مراحل الذروة عام 2019"
    assert [(t, s, e) for t, s, e, _ in spans(text)] == [
        ("عام 2014", "2014-01-01", "2014-12-31"), ("عام 2019", "2019-01-01", "2019-12-31")]


def test_open_range_keeps_conjunction_outside_span() -> None:
    text = "وأضافت أنه ومنذ يوليو/تموز الماضي، أسفرت العمليات عن مقتل 14"
    assert spans(text, dt.date(2025, 12, 30)) == [
        ("منذ يوليو/تموز الماضي", "2025-07-01", "2025-12-30", "open_range")]


def test_ordinal_range_with_since_and_until() -> None:
    text = 'وقالت في بيان إنه "منذ الأول من تشرين الاول لغاية السادس من شهر تشرين الثاني نفذت'
    [(t, s, e, k)] = spans(text)
    assert t == "منذ الأول من تشرين الاول لغاية السادس من شهر تشرين الثاني"
    assert (s, e, k) == ("2025-10-01", "2025-11-06", "range")


def test_several_expressions_in_one_sentence() -> None:
    text = "قتل ثلاثة أمس وأصيب آخرون الأحد، بعد هجوم مماثل في أكتوبر الماضي وهجوم ثالث عام 2024."
    assert [t for t, *_ in spans(text)] == ["أمس", "الأحد", "أكتوبر الماضي", "عام 2024"]


def test_current_month_day_with_night_and_relative() -> None:
    text = "خلال 11 مهمة جرت بين 20 و29 من الشهر الجاري، وفي ليل الجمعة السبت استهدفت غارة موقعا"
    got = spans(text, dt.date(2025, 12, 30))
    assert got == [("بين 20 و29 من الشهر الجاري", "2025-12-20", "2025-12-29", "range"),
                   ("ليل الجمعة السبت", "2025-12-26", "2025-12-27", "weekday")]


def test_original_offsets_survive_diacritics_tatweel_and_indic_digits() -> None:
    text = "وقع الهجوم في ١٦ كانونِ الأوّل ٢٠٢٥ قرب معرة النعمان، وفي 1447هـ أيضا"
    got = find_dates(text, REF)
    assert [d.text for d in got] == ["١٦ كانونِ الأوّل ٢٠٢٥", "1447هـ"]
    assert got[0].start == got[0].end == dt.date(2025, 12, 16) and got[0].explicit_year


def test_start_end_window_and_absolute_offsets() -> None:
    text = "أمس. وفي 5 أكتوبر الماضي. واليوم"
    s = text.index("وفي")
    got = find_dates(text, REF, s, text.index("واليوم"))
    assert [(d.text, d.start_off) for d in got] == [("5 أكتوبر الماضي", text.index("5 أكتوبر"))]
    assert find_dates(text, REF, 5, 5) == [] and find_dates(text, REF, 50, 10) == []


@pytest.mark.parametrize("text", [
    "وقال الرئيس رجب طيب أردوغان إن بلاده",
    "وكان رمضان قديروف قد صرح",
    "وقال إن الجيش مارس ضغوطا كبيرة على السكان",
    "واستخدم المسلحون سيارة من نوع نيسان بيضاء",
    "قتل أكثر من 2000 عنصر و15 مدنيا في 22 عملية",
    "في اليوم التالي عاد الأهالي، وفي ذلك اليوم لم يسجل أي هجوم",
    "وقال إن الأحد عشر موقوفا نقلوا إلى السجن",
    "وسجلت النتيجة صفر إصابات",
])
def test_not_dates_in_running_text(text: str) -> None:
    assert find_dates(text, REF) == []


def test_bare_month_needs_a_word_of_time_but_qualifier_or_preposition_is_enough() -> None:
    assert [t for t, *_ in spans("شهد مارس تصعيدا")] == []
    assert [t for t, *_ in spans("شهد شهر مارس تصعيدا")] == ["شهر مارس"]
    assert [t for t, *_ in spans("تصاعدت الهجمات في مارس الماضي")] == ["مارس الماضي"]
    assert [t for t, *_ in spans("تصاعدت الهجمات في آذار")] == ["آذار"]


def test_a_date_list_carries_its_context_across_the_conjunction() -> None:
    assert [t for t, *_ in spans("وقعت الهجمات في آب وأيلول، وخلال عامي 2023 و2024")] == [
        "آب", "أيلول", "عامي 2023", "2024"]
    assert [t for t, *_ in spans("قتل 6 ونوفمبر")] == []


def test_header_line_date_and_bare_year_rules() -> None:
    text = "date 2025-11-13 https://example.org/x\nقتل 2019 شخصا. وفي 2019 بدأت الحملة"
    got = spans(text)
    assert [t for t, *_ in got] == ["2025-11-13", "2019"]
    assert got[1][0] == "2019" and text.index("وفي 2019") + 4 == find_dates(text, REF)[1].start_off


def test_no_reference_date() -> None:
    assert parse_date("16 كانون الأول 2025", None).start == dt.date(2025, 12, 16)
    d = parse_date("أمس", None)
    assert d is not None and d.start is None and d.precision == "unknown"
    assert parse_date("في أكتوبر", None).start is None


def test_dataclass_fields_and_flags() -> None:
    d = parse_date("أواخر نوفمبر", REF)
    assert isinstance(d, DateExpr) and d.approx and not d.explicit_year and d.kind == "vague"
    d = parse_date("منذ مطلع العام", REF)
    assert d.kind == "open_range" and d.approx and d.end == REF
    d = parse_date("16/12/2025", REF)
    assert d.kind == "point" and d.explicit_year and not d.approx


def test_parse_dates_lines() -> None:
    out = list(parse_dates_lines(["منذ يوليو الماضي\n", "لا تاريخ هنا", "16-12-2025"], REF))
    assert out == [
        {"text": "منذ يوليو الماضي", "start": "2025-07-01", "end": "2025-11-13", "precision": "month"},
        {"text": "لا تاريخ هنا", "start": None, "end": None, "precision": None},
        {"text": "16-12-2025", "start": "2025-12-16", "end": "2025-12-16", "precision": "day"},
    ]


# --------------------------------------------------------------------------- robustness

_PIECES = ["من", "إلى", "بين", "و", "منذ", "حتى", "لغاية", "في", "خلال", "الماضي", "الجاري", "المقبل",
           "نوفمبر", "تشرين", "الأول", "الثاني", "كانون", "رمضان", "جمادى", "الآخرة", "هـ", "م", "عام",
           "العام", "الشهر", "الأسبوع", "اليوم", "أمس", "الخميس", "ليل", "الجمعة", "السبت", "مطلع",
           "أواخر", "غرة", "يوم", "قبل", "يومين", "الأيام", "الثلاثة", "ال", "ـ", "/", "-", ".", "(", ")",
           "،", "\n", " ", "0", "1", "16", "31", "32", "99", "2025", "1447", "9999", "٢٠٢٥", "ً", "ّ",
           "ﻻ", "\u200f"]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_PIECES) | st.text(max_size=4), max_size=40),
       st.dates(min_value=dt.date(1, 1, 8), max_value=dt.date(9999, 12, 24)) | st.none(),
       st.integers(-5, 200), st.integers(-5, 200) | st.none())
def test_find_dates_never_crashes_and_spans_lie_within(pieces, ref, start, end) -> None:
    text = " ".join(pieces)
    for d in find_dates(text, ref, start, end):
        assert 0 <= d.start_off < d.end_off <= len(text)
        assert text[d.start_off:d.end_off] == d.text
        assert d.precision in ("day", "week", "month", "year", "unknown")
        assert d.start is None or d.end is None or d.start <= d.end
    parse_date(text, ref)


def test_speed_at_least_half_a_megabyte_per_second() -> None:
    para = ("أعلنت القيادة المركزية في بيان أن قواتها نفذت بالتعاون مع الشركاء المحليين عمليات عدة ضد خلايا "
            "التنظيم في ريف دير الزور الشرقي أسفرت عن مقتل عدد من العناصر واعتقال آخرين وضبط أسلحة وذخائر، "
            "وقال مسؤول محلي إن الهجوم استهدف نقطة عسكرية قرب الطريق الدولي.\n"
            "وكانت الوزارة قد أعلنت يوم الثلاثاء 16 كانون الأول 2025 تفكيك خلية، منذ يوليو الماضي.\n")
    text = para * (1_000_000 // len(para.encode()))
    t0 = time.perf_counter()
    found = find_dates(text, REF)
    elapsed = time.perf_counter() - t0
    assert len(found) == 2 * text.count("تفكيك")
    assert len(text.encode()) / elapsed > 500_000, f"{elapsed:.2f}s for {len(text.encode())} bytes"


# --------------------------------------------------------------------------- one normalization, stretches

_SAMPLES = sorted((Path(__file__).parents[1] / "examples" / "seeds").glob("*.txt"))
_FILLER = ["وقال المتحدث باسم الوزارة في بيان نشره على موقعها", "واستهدفت الغارات مواقع قرب الحدود",
           "بالتزامن", "للعملية", "والعمليات", "فالوضع", "مقتل", "هجوم", "نوفمبرعملية", "كانون الثانيعملية",
           "للأحد", "للشهر", "وللأسبوع", "بالعام", "فالسبت"]


def _tuples(found: list[DateExpr]) -> list[tuple]:
    return [dataclasses.astuple(d) for d in found]


def _by_lines(text: str, ref: dt.date | None, start: int = 0, end: int | None = None) -> list[tuple]:
    """The reference: every line tokenized and parsed whole, not only the stretches around anchors."""
    return _tuples(dates._find(text, ref, start, end, False, None, dates._lines))


def test_samples_are_there() -> None:
    assert len(_SAMPLES) >= 5


@pytest.mark.parametrize("k", range(len(_SAMPLES)))
def test_shared_normalization_and_stretches_change_nothing_on_articles(k: int) -> None:
    text = _SAMPLES[k].read_text(encoding="utf-8")
    norm = normalize(text, fold=True)
    whole = _tuples(find_dates(text, REF))
    assert whole and whole == _by_lines(text, REF)
    assert _tuples(find_dates(text, REF, norm=norm)) == whole
    pos = 0
    for para in text.split("\n"):
        s, e = pos, pos + len(para)
        assert _tuples(find_dates(text, REF, s, e, norm=norm)) == _tuples(find_dates(text, REF, s, e))
        pos = e + 1


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_PIECES + _FILLER) | st.text(max_size=4), max_size=60),
       st.sampled_from(["", " ", "\n"]),
       st.dates(min_value=dt.date(1, 1, 8), max_value=dt.date(9999, 12, 24)) | st.none(),
       st.integers(-5, 300), st.integers(-5, 300) | st.none())
def test_shared_normalization_and_stretches_change_nothing(pieces, sep, ref, start, end) -> None:
    text = sep.join(pieces)
    found = _tuples(find_dates(text, ref, start, end))
    assert found == _by_lines(text, ref, start, end)
    assert _tuples(find_dates(text, ref, start, end, norm=normalize(text, fold=True))) == found


def test_weekday_after_contracted_article() -> None:
    # لل + الخميس: the stretch finder knows the proclitic forms the tokenizer splits
    assert spans("تأجلت الجلسة للخميس") == [("لخميس", "2025-11-13", "2025-11-13", "weekday")]


def test_norm_of_another_text_is_refused() -> None:
    with pytest.raises(ValueError):
        find_dates("في 2025", REF, norm=normalize("في 2024", fold=True))


@pytest.mark.parametrize("text", ["وقع 2025 مقتل", "عام 2025م", "2025 مقتل 3", "في 1447 هـ أيضا", "1447 هجوم",
                                  "منذ 2019 هجمات و2020", "27 نوفمبرعملية", "كانون الثانيعملية 2025"])
def test_stretch_edges_agree_with_whole_lines(text: str) -> None:
    assert _tuples(find_dates(text, REF)) == _by_lines(text, REF)


def test_a_span_ending_before_a_final_mark_stays_inside_it() -> None:
    text = "وصل غداً وفد"
    end = text.index("\u064b")
    for norm in (None, normalize(text, fold=True)):
        assert [d.text for d in find_dates(text, REF, 0, end, norm=norm)] == ["غدا"]
    assert [d.text for d in find_dates(text, REF)] == ["غداً"]
