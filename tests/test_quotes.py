"""Quotations and speakers: VSO and SVO subjects, participles, continuation quotes, nested names."""
import datetime as dt

from rasd.extract import build_doc
from rasd.ingest import RawDocument


def _quotes(text):
    doc = build_doc(RawDocument("t", "t.txt", text, published=dt.date(2025, 12, 1)))
    names = {e.id: e.name_en for e in doc.entities}
    return [(doc.text[q.start:q.end], names.get(q.speaker)) for q in doc.quotes]


def test_vso_speaker_with_title_and_comma():
    got = _quotes('وقال وزير الخارجية التركي هاكان فيدان، اليوم الأحد، إن "بلاده لن تسمح بقيام كيان إرهابي على حدودها".')
    assert got == [("بلاده لن تسمح بقيام كيان إرهابي على حدودها", "Hakan Fidan")]


def test_continuation_quote_inherits_the_speaker():
    got = _quotes('قال رجب طيب أردوغان إن "العملية ستستمر حتى تحقيق أهدافها كاملة". وأضاف: "لن نتراجع عن حماية حدودنا '
                  'الجنوبية مهما كلف الأمر".')
    assert [s for _, s in got] == ["Recep Tayyip Erdoğan", "Recep Tayyip Erdoğan"]


def test_participle_continues_the_sentence_speaker():
    got = _quotes('وأوضح مظلوم عبدي أن المفاوضات مستمرة، مؤكدا أن "قسد لن تسلم سلاحها قبل الاتفاق على ضمانات واضحة".')
    assert got and got[0][1] == "Mazloum Abdi"


def test_a_quoted_name_is_not_speech_and_nested_names_stay_inside():
    got = _quotes('قالت الوزارة إن "الهجوم الذي نفذه "داعش" على الحاجز أوقع ثلاثة قتلى" بحسب مصادرها.')
    assert [t for t, _ in got] == ['الهجوم الذي نفذه "داعش" على الحاجز أوقع ثلاثة قتلى']


def test_short_scare_quotes_are_not_quotes():
    assert _quotes('وأعلنت "سنتكوم" عن عملية "عين الصقر" في البادية.') == []


def test_organization_speaker():
    got = _quotes('وقالت القيادة المركزية الأمريكية في بيان إن "قواتها دمرت مخابئ أسلحة تابعة للتنظيم في البادية السورية".')
    assert got[0][1] == "United States Central Command"
