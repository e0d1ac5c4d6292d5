"""rasd.numbers: a table of news expressions plus span, scanning and robustness tests."""
from __future__ import annotations

import csv
import dataclasses
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rasd import numbers
from rasd.numbers import Number, find_numbers, parse_number, parse_numbers_lines
from rasd.text.normalize import normalize

_TABLE = Path(__file__).parent / "data" / "numbers.tsv"


def _cell(s: str) -> int | float | None:
    if s == "":
        return None
    try:
        return int(s)
    except ValueError:
        return float(s)


def _rows() -> list[tuple[str, int | float | None, str | None, int | None, int | None]]:
    with _TABLE.open(encoding="utf-8", newline="") as f:
        return [(r["text"], _cell(r["value"]), r["qualifier"] or None, _cell(r["low"]), _cell(r["high"]))
                for r in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)]


ROWS = _rows()


def test_table_is_large_enough() -> None:
    assert len(ROWS) >= 220
    assert len({r[0] for r in ROWS}) == len(ROWS), "duplicate expressions in numbers.tsv"


@pytest.mark.parametrize(("text", "value", "qualifier", "low", "high"), ROWS, ids=[r[0] for r in ROWS])
def test_table(text: str, value, qualifier, low, high) -> None:
    n = parse_number(text)
    got = (n.value, n.qualifier, n.low, n.high) if n else (None, None, None, None)
    if isinstance(value, float) and n is not None:
        assert n.value == pytest.approx(value)
        got = (value,) + got[1:]
    assert got == (value, qualifier, low, high)


def _one(text: str) -> Number:
    found = find_numbers(text)
    assert len(found) == 1, found
    return found[0]


# ---------------------------------------------------------------- spans


def test_span_includes_qualifier_before() -> None:
    text = "نفذت القيادة أكثر من 22 عملية ضد التنظيم"
    n = _one(text)
    assert (n.value, n.qualifier) == (22, "more_than")
    assert text[n.start:n.end] == n.text == "أكثر من 22"
    assert text[n.num_start:n.num_end] == "22"


def test_span_includes_qualifier_after_the_counted_noun() -> None:
    text = "قتل 12 شخصا على الأقل في الهجوم"
    n = _one(text)
    assert n.text == "12 شخصا على الأقل"
    assert text[n.num_start:n.num_end] == "12"
    assert (n.qualifier, n.low, n.high) == ("at_least", 12, None)


def test_after_qualifier_of_the_next_number_is_not_taken() -> None:
    a, b = find_numbers("قتل 5 أشخاص وأصيب على الأقل 20 آخرون")
    assert (a.value, a.qualifier) == (5, "exact")
    assert (b.value, b.qualifier, b.text) == (20, "at_least", "على الأقل 20")


def test_clitics_are_outside_the_number_span() -> None:
    text = "قتل خمسة وأصيب بثلاثة صواريخ لأكثر من عشرين"
    nums = find_numbers(text)
    assert [n.value for n in nums] == [5, 3, 20]
    assert text[nums[1].num_start:nums[1].num_end] == "ثلاثة"
    assert nums[2].text == "أكثر من عشرين"  # the ل of لأكثر stays out


def test_several_numbers_in_one_sentence() -> None:
    text = "أسفرت العمليات عن مقتل 5 من عناصر التنظيم، واعتقال 19، وتدمير أربعة مخابئ في الفترة من 1 إلى 6 نوفمبر"
    nums = find_numbers(text)
    assert [(n.value, n.form) for n in nums] == [(5, "digits"), (19, "digits"), (4, "words"), (1, "digits"),
                                                 (6, "digits")]
    for n in nums:
        assert text[n.start:n.end] == n.text


def test_compound_words_in_running_text() -> None:
    text = "أعلنت الوزارة مقتل ثلاثةٍ وعشرين شخصاً وإصابة مئتين وخمسين آخرين"
    a, b = find_numbers(text)
    assert (a.value, a.text) == (23, "ثلاثةٍ وعشرين")  # the trailing tanween belongs to the word
    assert (b.value, b.text) == (250, "مئتين وخمسين")


def test_lists_joined_by_waw_stay_separate() -> None:
    assert [n.value for n in find_numbers("5 قتلى و3 جرحى")] == [5, 3]
    assert [n.value for n in find_numbers("قتل عشرة وعشرين")] == [10, 20]
    assert [n.value for n in find_numbers("خمسة وأربعة")] == [5, 4]


def test_start_end_window() -> None:
    text = "قتل 12 شخصا ونزح 300 آخرون"
    s = text.index("ونزح")
    nums = find_numbers(text, s, len(text))
    assert [n.value for n in nums] == [300]
    assert text[nums[0].start:nums[0].end] == "300"
    assert find_numbers(text, 0, s)[0].value == 12
    assert find_numbers(text, 5, 2) == []


def test_forms() -> None:
    forms = {t: _one(t).form for t in ["15 عنصرا", "خمسة عشر", "70 ألف", "الخامس", "عشرات", "نصف"]}
    assert forms == {"15 عنصرا": "digits", "خمسة عشر": "words", "70 ألف": "mixed", "الخامس": "ordinal",
                     "عشرات": "vague", "نصف": "fraction"}


def test_ordinal_count_is_not_cardinal() -> None:
    n = _one("تأكيد إصابة خامس بالمرض")
    assert (n.value, n.form) == (5, "ordinal")


def test_percent_sign_words_are_not_a_hundredth() -> None:
    assert [n.value for n in find_numbers("ثلاثون في المئة من السكان و40 بالمائة")] == [30, 40]


# ---------------------------------------------------------------- not numbers


@pytest.mark.parametrize("text", [
    "وقع الهجوم يوم السبت الماضي", "صباح الخميس", "يوم الأربعاء المقبل", "بعد صلاة الجمعة",
    "يوم الاثنين", "الاثنين الماضي", "يوم الأحد", "عاد مرة ثانية", "دعوات إلى تظاهرة مليونية",
    "لم يصب أحد بأذى", "ولم يتبن أحد الهجوم", "سقط عدد من القتلى", "لست أدري", "وعده بالمساعدة",
    "مقاتلات F16 وقاذفات B-52", "تحدث في آن واحد", "ضبط كميات من الذخيرة وكمية من الأسلحة", "وبعده بيوم",
])
def test_not_numbers(text: str) -> None:
    assert find_numbers(text) == []


def test_digits_in_urls_come_out_without_crossing_separators() -> None:
    text = "https://example.com/ar/20251113/أكثر-من-22-عملية-1107070880.html"
    nums = find_numbers(text)
    assert [n.value for n in nums] == [20251113, 22, 1107070880]
    assert all(n.text.isdigit() for n in nums)


def test_digit_groupings() -> None:
    got = [(n.value) for n in find_numbers("13.11.2025 و 5،6 و 3,000,000 و 0.500 و 12.5")]
    assert got == [13, 11, 2025, 5, 6, 3000000, 0.5, 12.5]


# ---------------------------------------------------------------- CLI glue


def test_parse_numbers_lines() -> None:
    out = list(parse_numbers_lines(["نحو 25 عنصرا\n", "يوم السبت\n", "عشرات القتلى"]))
    assert out[0] == {"text": "نحو 25 عنصرا", "value": 25, "qualifier": "about", "low": 22, "high": 28}
    assert out[1] == {"text": "يوم السبت", "value": None, "qualifier": None, "low": None, "high": None}
    assert out[2]["value"] == 20 and out[2]["high"] == 99
    json.dumps(out, ensure_ascii=False)


def test_number_is_frozen() -> None:
    n = _one("12")
    with pytest.raises(dataclasses.FrozenInstanceError):
        n.value = 3  # type: ignore[misc]


# ---------------------------------------------------------------- robustness

_PIECES = st.sampled_from([
    " ", "  ", "\n", "و", "ب", "ال", "لل", "ـ", "\u064b", "\u0650", "،", ",", ".", "٫", "٬", "/", "-", "%", ":",
    "1", "5", "٣", "۷", "0", "F", "x", "خمسة", "عشر", "عشرين", "مئة", "ألف", "آلاف", "مليون", "نصف", "أرباع",
    "أكثر من", "نحو", "على الأقل", "تقريبا", "بين", "أو", "ونيف", "نيف", "عشرات", "بضعة", "عدة", "أحد", "إحدى",
    "الحادي", "الخامس", "الاثنين", "يوم", "في المئة", "قتيلا", "ﻻ", "\u200f", "http://a.b/", "ة", "ى",
])


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join) | st.text(max_size=60))
def test_find_numbers_never_crashes_and_spans_are_sane(text: str) -> None:
    for n in find_numbers(text):
        assert 0 <= n.start <= n.num_start < n.num_end <= n.end <= len(text)
        assert n.text == text[n.start:n.end]
        assert not text[n.start].isspace() and not text[n.end - 1].isspace()
        assert n.qualifier in {"exact", "about", "more_than", "less_than", "at_least", "at_most"}
        assert n.form in {"digits", "words", "mixed", "ordinal", "vague", "fraction"}
        if n.low is not None and n.high is not None:
            assert n.low <= n.high
    parse_number(text)


# ---------------------------------------------------------------- one normalization, lazy windows

_SAMPLES = sorted((Path(__file__).parents[1] / "examples" / "seeds").glob("*.txt"))
_FILLER = st.sampled_from([
    "وقال المتحدث باسم الوزارة في بيان نشره على موقعها الرسمي إن", "في ريف المحافظة الشرقي",
    "واستهدفت الغارات مواقع التنظيم قرب الحدود", "حسب ما أفادت به مصادر محلية", "https://example.com/x-y",
])


def _spans(found: list[Number]) -> list[tuple]:
    return [dataclasses.astuple(n) for n in found]


def _paragraphs(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for para in text.split("\n"):
        out.append((pos, pos + len(para)))
        pos += len(para) + 1
    return out


def _unwindowed(text: str) -> list[tuple]:
    """The reference: every offset tried, one window over all tokens (no candidate regex, no jumps)."""
    nm = normalize(text, fold=True)
    found = numbers._Scan(nm, 0, len(nm.text), len(text)).scan(range(len(nm.text)), None)
    return [(q.p.value, q.qualifier, q.low, q.high, s, e, ns, ne) for q, s, e, ns, ne in found]


def _windowed(text: str) -> list[tuple]:
    return [(n.value, n.qualifier, n.low, n.high, n.start, n.end, n.num_start, n.num_end) for n in find_numbers(text)]


def test_samples_are_there() -> None:
    assert len(_SAMPLES) >= 5


@pytest.mark.parametrize("k", range(len(_SAMPLES)))
def test_shared_normalization_and_windows_change_nothing_on_articles(k: int) -> None:
    text = _SAMPLES[k].read_text(encoding="utf-8")
    norm = normalize(text, fold=True)
    whole = find_numbers(text)
    assert whole
    assert _spans(find_numbers(text, norm=norm)) == _spans(whole)
    assert _windowed(text) == _unwindowed(text)
    for s, e in _paragraphs(text):
        assert _spans(find_numbers(text, s, e, norm=norm)) == _spans(find_numbers(text, s, e))


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES | _FILLER, max_size=60).map(" ".join) | st.text(max_size=80),
       st.integers(-3, 400), st.integers(-3, 400) | st.none())
def test_shared_normalization_and_windows_change_nothing(text: str, start: int, end: int | None) -> None:
    norm = normalize(text, fold=True)
    assert _spans(find_numbers(text, start, end, norm=norm)) == _spans(find_numbers(text, start, end))
    assert _windowed(text) == _unwindowed(text)


def test_norm_of_another_text_is_refused() -> None:
    with pytest.raises(ValueError):
        find_numbers("قتل 5", norm=normalize("قتل 6", fold=True))


_QUALIFIERS = sorted({p for ps in numbers._DATA["qualifiers_before"].values() for p in ps})
_FAR = "وقال المتحدث باسم الوزارة في بيان نشره على موقعها الرسمي إن الغارات استهدفت " * 2


@pytest.mark.parametrize("phrase", _QUALIFIERS)
def test_a_window_far_into_the_text_sees_the_longest_qualifier(phrase: str) -> None:
    for number in ("20", "الـ20", "عشرين"):
        text = _FAR + phrase + " " + number + " " + _FAR
        assert _windowed(text) == _unwindowed(text)
        assert find_numbers(text)[0].qualifier != "exact", number


def test_a_window_far_into_the_text_sees_a_range() -> None:
    for phrase in numbers._DATA["range_between"]:
        text = _FAR + phrase + " 20 و30 " + _FAR
        assert _windowed(text) == _unwindowed(text)
        assert (find_numbers(text)[0].low, find_numbers(text)[0].high) == (20, 30)


def test_a_span_ending_before_a_final_mark_stays_inside_it() -> None:
    text = "قتل ثلاثةٌ أشخاص"
    end = text.index("\u064c")
    for norm in (None, normalize(text, fold=True)):
        assert [n.text for n in find_numbers(text, 0, end, norm=norm)] == ["ثلاثة"]
    assert [n.text for n in find_numbers(text)] == ["ثلاثةٌ"]


def test_a_span_cutting_an_identifier_reads_its_digits_alone() -> None:
    text = "مقاتلات F16 وقاذفات B-52 وشبكة 4G"
    cuts = {(text.index("16"), None): ["16"], (text.index("-52"), None): ["52"], (0, text.index("G")): ["4"]}
    for (start, end), want in cuts.items():
        for norm in (None, normalize(text, fold=True)):
            assert [n.text for n in find_numbers(text, start, end, norm=norm)] == want, (start, end)
    assert find_numbers(text) == []
