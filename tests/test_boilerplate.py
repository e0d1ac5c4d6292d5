"""Body versus page furniture (rasd.ingest.boilerplate) on synthetic pages and the annotated samples."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from rasd.ingest import body_spans, dateline, guess_title, read_documents
from rasd.ingest.boilerplate import classify

PAGES = Path(__file__).parent / "fixtures" / "ingest" / "pages"
SHARED = Path(__file__).resolve().parents[2] / "shared"


def _page(name: str) -> tuple[str, list[tuple[int, int]]]:
    text = (PAGES / name).read_text(encoding="utf-8")
    from rasd.ingest import parse_header

    head = parse_header(text)
    return text, body_spans(text, head[2] if head else 0)


def _inside(text: str, body: list[tuple[int, int]], fragment: str) -> bool:
    at = text.index(fragment)
    return any(s <= at and at + len(fragment) <= e for s, e in body)


def _overlaps(text: str, body: list[tuple[int, int]], fragment: str) -> bool:
    return any(s < m.end() and e > m.start() for m in re.finditer(re.escape(fragment), text) for s, e in body)


# (page, fragment, expected: True = article text, False = furniture)
CASES = [
    ("widgets.txt", "الرئيسية » أخبار", False),                    # breadcrumb navigation
    ("widgets.txt", "عاجل", False),                                # top label
    ("widgets.txt", "مقتل ثلاثة مدنيين بقصف مدفعي", True),          # headline followed by the article
    ("widgets.txt", "دمشق - رصد", False),                          # standalone dateline
    ("widgets.txt", "منذ 3 ساعات", False),                         # relative timestamp
    ("widgets.txt", "آخر تحديث: 14 نوفمبر", False),                # update stamp
    ("widgets.txt", "بقلم: أحمد العلي", False),                    # byline
    ("widgets.txt", "شارك\n", False),                              # share prompt
    ("widgets.txt", "فيسبوك تويتر واتساب", False),                 # share buttons
    ("widgets.txt", "قُتل ثلاثة مدنيين وأصيب خمسة آخرون", True),
    ("widgets.txt", "(صورة: الدفاع المدني السوري)", False),         # caption credit
    ("widgets.txt", "صورة تعبيرية لقصف سابق", False),              # illustrative-photo caption
    ("widgets.txt", "تصعيد متواصل", True),                         # subheading followed by a paragraph
    ("widgets.txt", "وقال الناطق باسم الدفاع المدني:", True),       # colon line introducing a quote
    ("widgets.txt", "نعمل في ظروف صعبة للغاية", True),
    ("widgets.txt", "اقرأ أيضاً: انفجار عبوة ناسفة", False),        # inline "read also" link
    ("widgets.txt", "وتضمنت مطالب الأهالي:", True),
    ("widgets.txt", "فتح ممرات إنسانية", True),                    # list item after a colon line
    ("widgets.txt", "المصدر: وكالة رصد للأنباء", False),            # source credit
    ("widgets.txt", "الكلمات المفتاحية", False),                   # tag heading
    ("widgets.txt", "الدفاع المدني\n", False),                     # a tag under it
    ("widgets.txt", "اشترك في النشرة البريدية", False),             # newsletter prompt
    ("widgets.txt", "حمّل تطبيقنا", False),                        # app prompt
    ("widgets.txt", "جميع الحقوق محفوظة", False),                  # copyright
    ("related_box.txt", "https://example.org/news/123", False),    # header line
    ("related_box.txt", "الجيش يعلن السيطرة على قرية", True),
    ("related_box.txt", "اقرأ أيضا", False),                        # list heading mid-article
    ("related_box.txt", "قصف جوي يستهدف مواقع في البادية", False),   # its headlines
    ("related_box.txt", "الأمم المتحدة تحذر من كارثة", False),
    ("related_box.txt", "وقالت مصادر ميدانية إن الاشتباكات", True),  # the article resumes after the box
    ("related_box.txt", "نشر في 12/11/2025", False),
    ("related_box.txt", "12:30 م", False),                          # clock time
    ("related_box.txt", "الأكثر قراءة", False),
    ("related_box.txt", "مجلس الأمن يناقش الوضع", False),
    ("related_box.txt", "أضف تعليقك", False),
    ("related_box.txt", "جميع التعليقات تمثل آراء أصحابها", False),  # prose inside the comment section
    ("headline_run.txt", "قتلى بانفجار في ريف حلب", True),
    ("headline_run.txt", "وتبنى تنظيم الدولة الهجوم", True),
    ("headline_run.txt", "أخبار متعلقة", False),
    ("headline_run.txt", "قصف إسرائيلي على مواقع في ريف دمشق", False),  # run-on line of headlines
    ("inline_widget.txt", "فتحت تحقيقاً في الحادث.", True),
    ("inline_widget.txt", "مجهولون يغتالون مختاراً", False),          # widget glued after the last sentence
    ("inline_widget.txt", "الأمن العام", False),                     # trailing tag lines
    ("captions.txt", "خاص", False),
    ("captions.txt", "كتب: فريق التحرير", False),
    ("captions.txt", "نشر في: الثلاثاء 9 ديسمبر 2025", False),
    ("captions.txt", "1250 مشاهدة", False),                          # view counter
    ("captions.txt", "عناصر من قوى الأمن خلال\n", False),             # alt text …
    ("captions.txt", "عناصر من قوى الأمن خلال العملية", False),       # … and the caption that extends it
    ("captions.txt", "أعلنت وزارة الداخلية، مساء الاثنين", True),
    ("captions.txt", "(أرشيفية)", False),
    ("captions.txt", "عمليات متواصلة", True),
    ("captions.txt", "لن نسمح بزعزعة الاستقرار", True),
    ("captions.txt", "المصدر\n", False),                             # bare source marker …
    ("captions.txt", "سانا", False),                                 # … and the name under it
    ("captions.txt", "انسخ الرابط", False),
    ("captions.txt", "مشاركة عبر", False),
    ("captions.txt", "تلغرام | واتساب", False),
    ("captions.txt", "تابعونا على تلغرام", False),
    ("captions.txt", "#سوريا #حمص", False),                          # hashtag list
    ("captions.txt", "وسوم: حمص", False),
    ("captions.txt", "لا توجد تعليقات", False),
    ("captions.txt", "اترك تعليقاً", False),
]


@pytest.mark.parametrize("page,fragment,expected", CASES)
def test_page_lines(page: str, fragment: str, expected: bool) -> None:
    text, body = _page(page)
    assert fragment in text
    if expected:
        assert _inside(text, body, fragment), f"article text dropped: {fragment!r}"
    else:
        assert not _overlaps(text, body, fragment), f"furniture kept: {fragment!r}"


@pytest.mark.parametrize("page", sorted(p.name for p in PAGES.glob("*.txt")))
def test_spans_are_trimmed_sorted_and_disjoint(page: str) -> None:
    text, body = _page(page)
    assert body
    prev = -1
    for s, e in body:
        assert prev <= s < e <= len(text)
        assert not text[s].isspace() and not text[e - 1].isspace()
        prev = e


PARA = "وقال المتحدث باسم الدفاع المدني إن فرق الإنقاذ انتشلت جثث الضحايا، وإن البحث ما زال جارياً عن مفقودين."
LONG_NO_COMMA = ("وأوضح المرصد أن القوات الحكومية استقدمت تعزيزات عسكرية جديدة إلى محاور القتال في ريف المحافظة الجنوبي "
                 "وسط قصف مدفعي متبادل بين الطرفين طال عدة قرى وبلدات في المنطقة وأدى إلى موجة نزوح جديدة للسكان نحو "
                 "المخيمات القريبة من الحدود مع تزايد المخاوف من توسع رقعة المعارك في الأيام المقبلة.")
RUN = ("الجيش يعلن إسقاط طائرة مسيرة في درعا الحكومة تعلن خطة لإعادة الإعمار في حمص اشتباكات بين العشائر وقسد في "
       "دير الزور الأمم المتحدة تدعو إلى وقف إطلاق النار مجلس الأمن يناقش الوضع الإنساني في المخيمات وزير الخارجية "
       "يلتقي نظيره التركي في أنقرة")

# Lines that look a little like furniture but are article text (and the converse), in context.
CONTEXT = [
    (f"مصادر: اتفاق وشيك بين دمشق وقسد\n{PARA}", "مصادر: اتفاق وشيك", True),           # headline style, not a credit
    (f"{PARA}\nتعليقات دولية على الاتفاق\n{PARA}", "تعليقات دولية", True),              # subheading, not a widget
    (f"{PARA}\nالمزيد من التعزيزات إلى إدلب\n{PARA}", "المزيد من التعزيزات", True),
    (f"{PARA}\nشارك الآلاف في التشييع\n{PARA}", "شارك الآلاف", True),
    (f"{PARA}\nوقال «الجيش» إن «القوات» تقدمت.\n", "وقال «الجيش»", True),             # quotes are not breadcrumbs
    (f"{PARA}\n{LONG_NO_COMMA}\n{PARA}", LONG_NO_COMMA[:40], True),                     # long sentence, no comma
    (f"{PARA}\n{RUN}", RUN[:30], False),                                                  # trailing run, no heading
    (f"{PARA}\n{RUN}\n{PARA}", RUN[:30], True),                                          # …but kept mid-article
    (f"{PARA}\n15 آذار 2025\n{PARA}", "15 آذار 2025", False),                           # bare date line
    (f"{PARA} شارك عبر فيسبوك تويتر", "شارك عبر", False),                                  # widget glued to a sentence
]


@pytest.mark.parametrize("text,fragment,expected", CONTEXT)
def test_lines_in_context(text: str, fragment: str, expected: bool) -> None:
    body = body_spans(text)
    if expected:
        assert _inside(text, body, fragment)
    else:
        assert not _overlaps(text, body, fragment)
    assert _inside(text, body, PARA[:30])


def test_start_skips_what_precedes_it() -> None:
    text = "عنوان قديم لا علاقة له\nقال المتحدث إن الهجوم وقع فجراً، وأسفر عن مقتل شخصين.\n"
    start = text.index("\n") + 1
    assert body_spans(text, start) == [(start, len(text) - 1)]


def test_header_line_is_never_body() -> None:
    text = " date 2025-11-13 https://example.com/a\n\nوقال المتحدث إن الهجوم وقع فجراً، وأسفر عن مقتل شخصين.\n"
    assert body_spans(text) == [(text.index("وقال"), len(text) - 1)]


def test_one_line_flash_without_punctuation_is_kept() -> None:
    text = "مقتل ثلاثة عناصر بانفجار عبوة ناسفة في ريف درعا"
    assert body_spans(text) == [(0, len(text))]


def test_article_that_lost_its_full_stops_is_kept() -> None:
    lines = ["قصف مدفعي يستهدف بلدات في ريف إدلب الجنوبي",
             "وقال الدفاع المدني إن فرقه استجابت لعدة مواقع استهدفها القصف صباح اليوم في المنطقة",
             "وأضاف أن القصف أدى إلى أضرار كبيرة في منازل المدنيين والبنى التحتية في البلدات المستهدفة",
             "وتشهد المنطقة منذ أسابيع تصعيداً متواصلاً من جانب قوات النظام والميليشيات الموالية لها"]
    text = "\n".join(lines)
    body = body_spans(text)
    assert all(_inside(text, body, ln) for ln in lines)


TITLES = [
    ("عاجل\n\nالجيش يسيطر على بلدة في ريف حماة\n\nأعلن الجيش السيطرة على البلدة، بعد معارك عنيفة استمرت يومين.",
     "الجيش يسيطر على بلدة في ريف حماة"),
    ("زاكروس - أربيل\nأعلنت القوات الأمنية، اليوم، اعتقال خمسة متهمين بالإرهاب في عملية نوعية غرب المدينة.", None),
    ("عاجل: مقتل خمسة مدنيين بقصف على ريف إدلب\nقتل خمسة مدنيين، اليوم، بقصف مدفعي على بلدة في ريف إدلب.",
     "مقتل خمسة مدنيين بقصف على ريف إدلب"),
    ("وقال المتحدث إن الهجوم وقع فجراً.\nوأضاف أن التحقيقات جارية، وأن المسؤولين سيحاسبون.", None),
]


@pytest.mark.parametrize("text,title", TITLES)
def test_guess_title(text: str, title: str | None) -> None:
    span = guess_title(text, body_spans(text))
    assert (text[span[0]:span[1]] if span else None) == title


DATELINES = [
    ("زاكروس - أربيل\nأعلنت القوات الأمنية اعتقال خمسة متهمين في عملية نوعية.", "زاكروس - أربيل"),
    ("عنوان الخبر هنا\nالثورة – عدي جضعان:\nنفذت القوات عملية أمنية، وأسفرت عن اعتقال خمسة.", "الثورة – عدي جضعان"),
    ("دمشق - سانا: أعلنت وزارة الداخلية، اليوم، تفكيك خلية إرهابية في ريف المدينة.", "دمشق - سانا"),
    ("أعلنت وزارة الداخلية، اليوم، تفكيك خلية إرهابية في ريف دمشق - بحسب بيان.", None),
]


@pytest.mark.parametrize("text,expected", DATELINES)
def test_dateline(text: str, expected: str | None) -> None:
    span = dateline(text)
    assert (text[span[0]:span[1]] if span else None) == expected


def test_classify_names_the_reason() -> None:
    text, _ = _page("captions.txt")
    reasons = {ln.raw: ln.out for ln in classify(text)}
    assert reasons["1250 مشاهدة"] == "counter"
    assert reasons["انسخ الرابط"] == "share"
    assert reasons["عمليات متواصلة"] == ""


# ---------------------------------------------------------------- the annotated samples

def _gold() -> list[dict]:
    path = SHARED / "eval" / "gold" / "seeds.json"
    if not path.exists():
        pytest.skip("shared/eval/gold not beside the repository")
    return json.loads(path.read_text(encoding="utf-8"))["documents"]


def _sample(name: str):
    doc = next(read_documents([str(SHARED / "corpus" / "seeds" / name)]))
    assert not isinstance(doc, Exception), doc
    # offsets must agree with the scorer's plain UTF-8 read of the file
    assert doc.text == (SHARED / "corpus" / "seeds" / name).read_text(encoding="utf-8")
    return doc, body_spans(doc.text, doc.header_end)


def test_samples_boilerplate_outside_quotes_and_facts_inside() -> None:
    for g in _gold():
        doc, body = _sample(g["doc"])
        for frag in g.get("boilerplate", []):
            assert not _overlaps(doc.text, body, frag), f"{g['doc']}: boilerplate in body: {frag!r}"
        for q in g.get("quotes", []):
            assert _inside(doc.text, body, q["contains"]), f"{g['doc']}: quote outside body: {q['contains']!r}"
        for fact in g.get("facts", []):
            hits = [m.start() for m in re.finditer(rf"(?<!\d){fact['value']}(?!\d)", doc.text)]
            if hits:  # figures written in digits: at least one mention is article text
                assert any(s <= h < e for h in hits for s, e in body), f"{g['doc']}: fact {fact['value']} outside"


def test_samples_keep_almost_all_text() -> None:
    """Boilerplate is removed, article paragraphs are not: most characters stay in the body."""
    for g in _gold():
        doc, body = _sample(g["doc"])
        kept = sum(e - s for s, e in body)
        furniture = sum(len(f) for f in g.get("boilerplate", []))
        assert kept >= 0.6 * (len(doc.text.strip()) - furniture), g["doc"]


# ---------------------------------------------------------------- any text at all

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_PIECES = st.sampled_from(["قال", "الجيش", "آخر الأخبار", "التعليقات (0)", "شارك", "المصدر:", "،", ".", "..", ":",
                           "\n", "\n\n", " ", "  ", "\r\n", "\ufeff", "date 2025-01-01 http://x", "12:30", "منذ",
                           "3", "ساعات", "(", ")", "-", "–", "»", "#وسم", "https://a.b/c", "ـ", "؟", "\u200f"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_PIECES, st.text(max_size=8)), max_size=60), st.integers(0, 40))
def test_any_text_gives_valid_spans(pieces: list[str], start: int) -> None:
    text = " ".join(pieces)
    start = min(start, len(text))
    body = body_spans(text, start)
    prev = start
    for s, e in body:
        assert prev <= s < e <= len(text)
        assert text[s:e] == text[s:e].strip()
        prev = e
    title = guess_title(text, body, start)
    assert title is None or any(s <= title[0] < title[1] <= e for s, e in body)
    line = dateline(text, start)
    assert line is None or start <= line[0] < line[1] <= len(text)
