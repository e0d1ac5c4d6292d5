"""Document metadata: the publication date read from the date line under a headline."""
import pytest

from rasd.extract import build_doc
from rasd.ingest import RawDocument


@pytest.mark.parametrize("line,published", [
    ("نشر في: 11 مارس 2026 - 15:40 بتوقيت أبوظبي", "2026-03-11"),
    ("نُشر: 10:18-4 مارس 2026 م ـ 14 رَمضان 1447 هـ", "2026-03-04"),
    ("الثلاثاء 7 أبريل 2026 - 09:30 GMT", "2026-04-07"),
    ("2026/03/07", "2026-03-07"),
    ("تاريخ النشر: 25/01/2026 - 09:12 ص", "2026-01-25"),
])
def test_date_line_is_the_publication_date(line, published):
    text = f"عنوان الخبر عن اشتباكات في المدينة\n{line}\n\nاندلعت اشتباكات عنيفة في المدينة أمس، وأسفرت عن مقتل ثلاثة أشخاص."
    doc = build_doc(RawDocument("t", "t.txt", text))
    assert doc.published.isoformat() == published and doc.published_inferred


def test_clock_minutes_begin_no_date():
    from rasd.dates import find_dates

    got = [d.text for d in find_dates("نُشر: 10:18-4 مارس 2026", None)]
    assert got == ["4 مارس 2026"]
