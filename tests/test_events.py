"""Events from short Arabic reports: type, period, claimant, and what must not be reported."""
import datetime as dt

import pytest

from rasd.extract import build_doc
from rasd.ingest import RawDocument

REF = dt.date(2025, 12, 30)  # a Tuesday


def _doc(text, ref=REF):
    return build_doc(RawDocument("t", "t.txt", text, published=ref))


def _name(doc, eid):
    e = doc.entity(eid)
    return e.name_en if e else None


@pytest.mark.parametrize("text,etype,sub", [
    ("شنت طائرات التحالف الدولي غارات جوية على مواقع لداعش في البادية أسفرت عن مقتل 6 عناصر.",
     "Explosions/Remote violence", "Air/drone strike"),
    ("اندلعت اشتباكات عنيفة بين قسد والجيش الوطني قرب منبج أسفرت عن مقتل 9 مقاتلين.", "Battles", "Armed clash"),
    ("اعتقلت قوات الأمن 23 شخصا خلال حملة مداهمات في حي بابا عمرو.", "Strategic developments", "Arrests"),
    ("قتل 5 مدنيين بينهم طفلان في هجوم لمسلحين مجهولين على سيارة في ريف درعا.", "Violence against civilians", "Attack"),
    ("ضبطت الجمارك 300 قطعة سلاح في شاحنة عند معبر نصيب.", "Strategic developments", "Disrupted weapons use"),
    ("أعلنت الحكومة السورية توقيع اتفاق مع قسد لدمج المؤسسات المدنية والعسكرية.", "Strategic developments", "Agreement"),
    # triggers with the article or in the accusative, imperfect and plural verbs
    ("تجددت الاشتباكات في حي الشيخ مقصود بحلب مساء اليوم.", "Battles", "Armed clash"),
    ("أطلق مسلحون صاروخا سقط قرب مطار أربيل.", "Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ("مسلحون مجهولون يخطفون تاجرا في مدينة الرمادي.", "Violence against civilians", "Abduction/forced disappearance"),
    # who was harmed types a killing without figures
    ("مقتل طفل برصاص قناص في حي بستان القصر.", "Violence against civilians", "Attack"),
    ("مقتل شرطي برصاص مسلحين في قضاء الطارمية.", "Battles", "Armed clash"),
    ("اغتيال مختار قرية في ريف درعا الغربي.", "Violence against civilians", "Attack"),
    ("مقتل متظاهر برصاص قوات الأمن خلال احتجاجات في الناصرية.", "Protests", "Excessive force against protesters"),
    # protesters who burn and throw stones riot; a weapon intercepted or defused is disrupted use
    ("أحرق محتجون مبنى البلدية في مدينة الكوت احتجاجا على انقطاع الكهرباء.", "Riots", "Violent demonstration"),
    ("أعلن الجيش اعتراض طائرة مسيرة مفخخة فوق قاعدة عين الأسد.", "Strategic developments", "Disrupted weapons use"),
    ("تمكنت فرق الهندسة من تفكيك عبوة ناسفة زرعت على طريق المطار.", "Strategic developments",
     "Disrupted weapons use"),
    ("عثرت القوات الأمنية على مخبأ يضم صواريخ وقذائف هاون في وادي حوران.", "Strategic developments",
     "Disrupted weapons use"),
    ("قصف بالكلور على بلدة اللطامنة أدى إلى حالات اختناق.", "Explosions/Remote violence", "Chemical weapon"),
    ("أحبطت قوى الأمن الداخلي هجوما لتنظيم داعش بسيارة مفخخة قرب مقر الشرطة في الحسكة.", "Strategic developments",
     "Disrupted weapons use"),
])
def test_event_type(text, etype, sub):
    doc = _doc(text)
    assert doc.events, "no event"
    assert (doc.events[0].type, doc.events[0].sub_type) == (etype, sub)


@pytest.mark.parametrize("text", [
    "نفت وزارة الدفاع التركية أن تكون طائراتها قد قصفت القرية.",
    "وقالت الوزارة إنها ستواصل ملاحقة خلايا التنظيم في البادية.",
    "كانت الخلية تخطط لشن هجمات على مقرات أمنية في المدينة.",
    "لم يتم توقيع أي اتفاق حتى الآن بين الطرفين.",
])
def test_denied_planned_and_future_events_are_not_reported(text):
    assert _doc(text).events == []


@pytest.mark.parametrize("text", [
    # denials reach the whole clause; threats and plans a few words further than negation
    "نفى الجيش العراقي بشكل قاطع تنفيذ أي ضربات جوية على مواقع في قضاء سنجار.",
    "توعد قائد الفصيل المسلح بشن هجمات جديدة على مواقع الجيش.",
    "قال الوزير إن القوات سيشن هجوما واسعا على معاقل التنظيم.",
    # what sounds like an attack but reports none: accidents, disease, sport, prices, false reports, trials
    "لقي ثلاثة أشخاص مصرعهم في حادث سير على طريق بغداد كركوك.",
    "انفجار أسطوانة غاز داخل مطعم في الكرادة يسفر عن إصابة خمسة أشخاص.",
    "سجلت وزارة الصحة 12 وفاة بالكوليرا خلال أسبوع.",
    "خاض المنتخب معركة شرسة أمام منافسه في الدوري.",
    "انفجار الأسعار في الأسواق قبيل العيد.",
    "تداولت صفحات أنباء عن قصف السوق، وهي أنباء غير صحيحة.",
    "أصدرت المحكمة حكما بالإعدام بحق مدانين بتفجير سيارة مفخخة في الكرادة.",
    "وافقت الخارجية الأمريكية على صفقة محتملة لبيع صواريخ مضادة للطائرات.",
    # generic, asked, retold as background; a dawn is no detonation
    "جددت الخارجية رفضها أي استهداف للمدنيين في المنطقة.",
    "كيف تغيرت تكتيكات التنظيم في الهجمات الانتحارية؟",
    "وكانت طائرات التحالف قد قتلت زعيم التنظيم بغارة قرب الحدود عام 2019.",
    "يذكر أن المدينة شهدت معارك عنيفة خلال عام 2016 بين القوات الحكومية والتنظيم.",
    "وصل الوفد إلى بغداد فجر اليوم لبحث ملف الحدود.",
    "افتتحت الشرطة العسكرية نقطة مراقبة قرب خط فض الاشتباك.",
    "جرت عملية تبادل أسرى بين الطرفين برعاية دولية.",
    # threats reach their clause; figures of speech with the article; history dated by an old year
    "هدد زعيم الجماعة في كلمة مصورة بثتها حسابات مقربة منها بتنفيذ هجمات على المقرات الحكومية.",
    "تشتد المعركة الانتخابية في المحافظة مع اقتراب موعد الاقتراع.",
    "شهدت المدينة عام 1991 انتفاضة دامية راح ضحيتها آلاف المدنيين.",
    "تحشد الفصائل قواتها على أطراف المدينة تمهيدا لهجوم جديد.",
])
def test_no_conflict_event_is_reported(text):
    assert _doc(text).events == []


def test_a_headline_alone_is_an_event():
    doc = _doc("مقتل ثلاثة عناصر من الجيش بهجوم لداعش في بادية السخنة")
    assert [(e.type, e.sub_type) for e in doc.events] == [("Battles", "Armed clash")]


def test_a_headline_that_retells_the_lead_is_not_a_second_event():
    doc = _doc("اشتباكات في ريف دير الزور\n\nاندلعت اشتباكات عنيفة بين قسد ومسلحين من العشائر في بلدة ذيبان أمس.")
    assert len(doc.events) == 1


def test_period_from_an_explicit_range_and_claimant():
    doc = _doc("أعلنت القيادة المركزية الأمريكية، يوم الثلاثاء، أن قواتها نفذت 11 مهمة بين 20 و29 من الشهر الجاري "
               "أسفرت عن مقتل 7 من عناصر داعش.")
    ev = doc.events[0]
    assert (ev.time["start"], ev.time["end"]) == ("2025-12-20", "2025-12-29")
    assert ev.granularity == "aggregate"
    assert _name(doc, ev.claimant) == "United States Central Command"
    killed = next(q for q in ev.quantities if q.kind == "killed")
    assert _name(doc, killed.party) == "Islamic State"


def test_statement_day_is_not_the_event_day():
    doc = _doc("قالت وزارة الداخلية، اليوم الثلاثاء، إن قواتها قبضت على 4 مطلوبين في حمص أمس الاثنين.")
    ev = doc.events[0]
    assert ev.time["start"] == "2025-12-29"


def test_open_range_runs_to_the_publication_date():
    doc = _doc("ومنذ يوليو الماضي، أسفرت العمليات عن مقتل 14 عنصرا من التنظيم واعتقال 119 آخرين.")
    ev = doc.events[0]
    assert (ev.time["start"], ev.time["end"]) == ("2025-07-01", "2025-12-30")


def test_an_embedded_older_story_keeps_its_events_apart():
    text = ("أعلنت وزارة الداخلية العراقية القبض على 5 إرهابيين في كركوك يوم الاثنين.\n"
            "مقتل جنديين بهجوم لداعش في ديالى\n"
            "أعلنت خلية الإعلام الأمني مقتل 3 جنود بهجوم لداعش في ديالى.")
    doc = _doc(text)
    assert sorted({ev.story for ev in doc.events}) == [0, 1]
    kinds = {(ev.story, q.kind) for ev in doc.events for q in ev.quantities}
    assert (0, "arrested") in kinds and (1, "killed") in kinds


@pytest.mark.parametrize("text,etype,sub", [
    ("انفجرت عبوة ناسفة بسيارة عسكرية على طريق الرقة دير الزور.", "Explosions/Remote violence",
     "Remote explosive/landmine/IED"),
    ("اندلعت اشتباكات عنيفة بين مسلحين محليين وقوات الأمن في مدينة جاسم بريف درعا.", "Battles", "Armed clash"),
    ("قصفت طائرات مسيرة تركية قرية في ريف القامشلي.", "Explosions/Remote violence", "Air/drone strike"),
    ("اختطف مسلحون مجهولون طبيبا في مدينة السويداء.", "Violence against civilians", "Abduction/forced disappearance"),
    ("شهدت دمشق تظاهرة حاشدة تطالب بالإفراج عن المعتقلين.", "Protests", "Peaceful protest"),
])
def test_a_sentence_without_figures_still_reports_its_event(text, etype, sub):
    doc = _doc(text)
    assert [(e.type, e.sub_type) for e in doc.events] == [(etype, sub)]


@pytest.mark.parametrize("text", [
    "وقع وزيرا الخارجية مذكرة تفاهم للتعاون الاقتصادي بين البلدين.",
    "افتتحت وزارة التربية 20 مدرسة جديدة في ريف حلب.",
])
def test_non_violent_news_reports_no_conflict_event(text):
    assert all(e.type != "Battles" and not e.type.startswith("Explosions") for e in _doc(text).events)


def test_an_anaphoric_month_is_the_month_named_before():
    doc = _doc("شهد شهر آب الماضي تصاعدا في الهجمات. ونفذت خلايا التنظيم خلال الشهر 23 هجوما في المنطقة.",
               dt.date(2025, 9, 2))
    ev = next(e for e in doc.events if any(q.kind == "attacks" for q in e.quantities))
    assert (ev.time["start"], ev.time["end"]) == ("2025-08-01", "2025-08-31")


def test_an_embedded_story_reads_its_days_against_its_own_date_line():
    text = ("استشهد مواطنان بقصف مسيرة تركية اليوم الثلاثاء قرب قامشلو.\n\n"
            "قصف تركي يطال قرى ريف تل تمر وإصابة أربعة مدنيين\n"
            "11 شباط 2026\n\n"
            "قصف الجيش التركي، صباح اليوم الأربعاء، بالمدفعية قرى في ريف تل تمر ما أدى إلى إصابة أربعة مدنيين.")
    doc = _doc(text, dt.date(2026, 2, 24))
    old = next(e for e in doc.events if any(q.kind == "injured" and q.value == 4 for q in e.quantities))
    assert old.time["start"] == "2026-02-11" and old.story == 1


def test_the_lines_of_a_list_belong_to_the_event_that_introduced_them():
    text = ("وثق المرصد مقتل 120 شخصا خلال شهر شباط الماضي. وتوزعت الحصيلة على النحو التالي:\n"
            "70 مدنيا، بينهم 9 أطفال.\n31 من عناصر وزارة الدفاع.\n19 من مقاتلي قوات سوريا الديمقراطية.")
    doc = _doc(text, dt.date(2026, 3, 1))
    assert len(doc.events) == 1
    ev = doc.events[0]
    assert {q.value for q in ev.quantities} >= {120, 70, 31, 19}
    assert (ev.time["start"], ev.time["end"]) == ("2026-02-01", "2026-02-28")


@pytest.mark.parametrize("text,place", [
    # the ends of a road are not where the ambush was; the dateline's city is where the report was filed
    ("قتل 9 عناصر من الجيش بكمين على الطريق الواصل بين مدينتي تدمر ودير الزور، قرب بلدة السخنة في ريف حمص.",
     "As Sukhnah"),
    ("دمشق – «القدس العربي»: قتل 7 جنود بكمين في بادية السخنة شرقي حمص مساء الثلاثاء.", None),
])
def test_event_place(text, place):
    from rasd.extract import extract

    rec = extract(RawDocument("t", "t.txt", text, published=REF))
    loc = rec["events"][0]["location"]
    if place:
        assert loc["name_en"] == place
    else:
        assert loc is None or loc["name_en"] != "Damascus"
