"""Schema, consistency and lookup checks for the actor, person, title, outlet and trigger lexicons.

The lexicons are data edited by hand; these tests catch what hand edits break:
duplicate ids, dangling parent/affiliation ids, an alias silently shared by two
actors, ACLED codes out of range, a quantity kind with no trigger words, and a
name that no longer resolves to the entity it should.
"""
from __future__ import annotations

import json
import re
from collections import defaultdict
from functools import cache
from pathlib import Path

import pytest

import rasd
from rasd.text.normalize import fold

DATA = Path(rasd.__file__).parent / "lexicon" / "data"

ACLED_CATEGORIES = {1: "State forces", 2: "Rebel groups", 3: "Political militias", 4: "Identity militias",
                    5: "Rioters", 6: "Protesters", 7: "Civilians", 8: "External/Other forces"}
ACLED_SUB_TYPES = {
    "Battles": {"Armed clash", "Government regains territory", "Non-state actor overtakes territory"},
    "Explosions/Remote violence": {"Chemical weapon", "Air/drone strike", "Suicide bomb",
                                   "Shelling/artillery/missile attack", "Remote explosive/landmine/IED", "Grenade"},
    "Violence against civilians": {"Sexual violence", "Attack", "Abduction/forced disappearance"},
    "Protests": {"Peaceful protest", "Protest with intervention", "Excessive force against protesters"},
    "Riots": {"Violent demonstration", "Mob violence"},
    "Strategic developments": {"Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
                               "Headquarters or base established", "Looting/property destruction",
                               "Non-violent transfer of territory", "Other"},
}
PLOVER = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT",
          "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}
# Quantity kinds of the output contract (shared/contract/OUTPUT.md), less the catch-all "other".
CONTRACT_KINDS = {"killed", "injured", "arrested", "operations", "raids", "strikes", "targets", "caches", "weapons",
                  "munitions", "members", "displaced", "attacks"}
HOST = re.compile(r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+(/[A-Za-z0-9_-]+)*$")


@cache
def load(name: str) -> dict:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def entries(name: str) -> list[dict]:
    return load(name)["entries"]


def actor_keys(e: dict, weak: bool = True) -> set[str]:
    names = [e["name_ar"], *e["aliases_ar"], *(e.get("weak_aliases_ar", []) if weak else [])]
    return {fold(n) for n in names}


@cache
def alias_index(name: str) -> dict[str, frozenset[str]]:
    """folded strong name -> ids carrying it (weak aliases excluded)."""
    idx: dict[str, set[str]] = defaultdict(set)
    for e in entries(name):
        for k in actor_keys(e, weak=False):
            idx[k].add(e["id"])
    return {k: frozenset(v) for k, v in idx.items()}


def resolve_host(url_or_host: str) -> str | None:
    """The outlet whose host (or host/path prefix) matches, walking up parent domains."""
    s = re.sub(r"^[a-z]+://", "", url_or_host.lower())
    host, _, path = s.partition("/")
    table = {}
    for e in entries("outlets.json"):
        for h in e["hosts"] + e.get("unsure_hosts", []):
            table[h] = e["id"]
    labels = host.split(".")
    for i in range(len(labels) - 1):
        base = ".".join(labels[i:])
        for h, oid in sorted(table.items(), key=lambda kv: -len(kv[0])):
            hh, _, hp = h.partition("/")
            if hh == base and (not hp or path.startswith(hp)):
                return oid
    return None


# ---------------------------------------------------------------- headers and counts

@pytest.mark.parametrize("name", ["actors.json", "persons.json", "titles.json", "outlets.json"])
def test_about_header(name: str) -> None:
    about = load(name)["_about"]
    assert about["what"] and about["sources"]
    assert about["licence"].startswith("CC0")


@pytest.mark.parametrize("name,minimum", [("actors.json", 170), ("persons.json", 60), ("outlets.json", 80),
                                          ("titles.json", 40)])
def test_counts(name: str, minimum: int) -> None:
    assert len(entries(name)) >= minimum


def test_ids_unique_across_actors_persons_outlets() -> None:
    ids = [e["id"] for f in ("actors.json", "persons.json", "outlets.json") for e in entries(f)]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    assert not dupes


@pytest.mark.parametrize("name", ["actors.json", "persons.json", "outlets.json"])
def test_entries_have_names_and_aliases(name: str) -> None:
    for e in entries(name):
        assert e["name_en"].strip() and e["name_ar"].strip(), e["id"]
        assert re.search("[\u0621-\u064a]", e["name_ar"]), e["id"]
        assert e["aliases_ar"] or e.get("no_alias_reason"), f"{e['id']}: no Arabic alias and no reason"
        keys = [fold(a) for a in e["aliases_ar"]]
        assert len(keys) == len(set(keys)), f"{e['id']}: duplicate aliases after fold"
        assert fold(e["name_ar"]) not in keys, f"{e['id']}: name repeated among aliases"
        assert e["source"], e["id"]


# ---------------------------------------------------------------- actors

def test_actor_schema() -> None:
    kinds = {"state_forces", "government", "ministry", "security", "intelligence", "armed_group", "militia",
             "international", "coalition", "political", "media", "tribe", "other"}
    ids = {e["id"] for e in entries("actors.json")}
    for e in entries("actors.json"):
        assert e["type"] == "organization", e["id"]
        assert e["kind"] in kinds, e["id"]
        assert e["acled_inter"] in ACLED_CATEGORIES, e["id"]
        assert e["acled_category"] == ACLED_CATEGORIES[e["acled_inter"]], e["id"]
        assert e.get("acled_inter_home", 1) in ACLED_CATEGORIES
        assert e["country"] is None or re.fullmatch("[A-Z]{2}", e["country"]), e["id"]
        assert e["parent"] is None or e["parent"] in ids, e["id"]
        assert e.get("successor") is None or e["successor"] in ids, e["id"]
        for k in ("from", "to"):
            v = e.get("period", {}).get(k)
            assert v is None or re.fullmatch(r"\d{4}-\d{2}-\d{2}", v), e["id"]


def test_foreign_state_forces_are_external_in_theatre() -> None:
    for e in entries("actors.json"):
        if e["country"] not in (None, "SY", "IQ") and e["kind"] in ("state_forces", "ministry", "government"):
            assert e["acled_inter"] == 8, e["id"]


def test_no_alias_shared_by_two_actors_unless_declared_ambiguous() -> None:
    ids = {e["id"] for e in entries("actors.json")}
    declared: dict[str, set[frozenset[str]]] = defaultdict(set)
    for g in load("actors.json")["ambiguous"]:
        assert set(g["ids"]) <= ids and len(g["ids"]) >= 2
        assert g["reason"].strip() and g["resolve"] in {"country", "region", "date", "context"}
        assert g["default"] in g["ids"]
        if g["resolve"] == "date":
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", g["cutoff"])
        for a in g["aliases"]:
            declared[fold(a)].add(frozenset(g["ids"]))
    owners: dict[str, set[str]] = defaultdict(set)
    for e in entries("actors.json"):
        for k in actor_keys(e):
            owners[k].add(e["id"])
    undeclared = {k: sorted(v) for k, v in owners.items()
                  if len(v) > 1 and not any(v <= g for g in declared.get(k, ()))}
    assert not undeclared
    # every declared alias really is carried by each actor of its group
    by_id = {e["id"]: e for e in entries("actors.json")}
    for g in load("actors.json")["ambiguous"]:
        for a in g["aliases"]:
            assert all(fold(a) in actor_keys(by_id[i]) for i in g["ids"]), (a, g["ids"])


ACTOR_LOOKUPS = [
    ("قسد", "sdf"), ("قوات سورية الديموقراطية", "sdf"), ("وحدات حماية الشعب", "ypg"), ("الأسايش", "asayish"),
    ("الإدارة الذاتية", "aanes"), ("مجلس دير الزور العسكري", "sdf:deir-ez-zor-mc"),
    ("داعش", "isis"), ("تنظيم داعش", "isis"), ("داعـ ـش", "isis"),
    ("تنظيم الدولة", "isis"), ("الدولة الإسلامية في العراق والشام", "isis"), ("خلايا داعش", "isis"),
    ("هيئة تحرير الشام", "hts"), ("جبهة فتح الشام", "nusra"), ("حراس الدين", "hurras-al-din"),
    ("الحزب الإسلامي التركستاني", "tip"), ("أنصار التوحيد", "ansar-al-tawhid"),
    ("سنتكوم", "us:centcom"), ("القيادة المركزية الأميركية", "us:centcom"), ("القيادة الوسطى الأمريكية", "us:centcom"),
    ("الجيش الأمريكي", "us:forces"), ("القوات الأميركية", "us:forces"), ("البنتاغون", "us:dod"),
    ("الخارجية الأميركية", "us:dos"), ("البيت الأبيض", "us:white-house"),
    ("قوة المهام المشتركة - عملية العزم الصلب", "us:cjtf-oir"), ("العزم المتأصل", "us:cjtf-oir"),
    ("التحالف الدولي", "coalition"), ("التحالف الدولي لمحاربة داعش", "coalition"), ("قوات التحالف", "coalition"),
    ("القوات الأردنية", "jo:forces"), ("القوات المسلحة الأردنية", "jo:forces"),
    ("وزارة الداخلية السورية", "sy:moi"), ("وزارة الداخلية", "sy:moi"), ("قيادة الأمن الداخلي", "sy:isc"),
    ("الأمن العام", "sy:isc"), ("جهاز الاستخبارات العامة", "sy:gis"), ("وزارة الدفاع", "sy:mod"),
    ("الضابطة الجمركية", "sy:customs"), ("إدارة العمليات العسكرية", "sy:military-operations"),
    ("الفرقة الرابعة", "sy:4th-division"), ("فلول النظام", "sy:regime-remnants"), ("قوات النظام", "sy:assad-forces"),
    ("الجيش الوطني السوري", "sna"), ("العمشات", "sna:amshat"), ("الحمزات", "sna:hamza"),
    ("فرقة السلطان مراد", "sna:sultan-murad"), ("أحرار الشام", "ahrar-al-sham"), ("حزب العمال الكردستاني", "pkk"),
    ("الاستخبارات التركية", "tr:mit"), ("الجيش التركي", "tr:forces"),
    ("قوات الأمن العراقية", "iq:isf"), ("جهاز مكافحة الإرهاب", "iq:cts"), ("قيادة العمليات المشتركة", "iq:joc"),
    ("خلية الإعلام الأمني", "iq:smc"), ("الحشد الشعبي", "iq:pmf"), ("كتائب حزب الله", "kataib-hezbollah"),
    ("عصائب أهل الحق", "aah"), ("البيشمركة", "iq:peshmerga"), ("حكومة إقليم كردستان", "krg"),
    ("القوات الروسية", "ru:forces"), ("الحرس الثوري", "ir:irgc"), ("فيلق القدس", "ir:quds-force"),
    ("حزب الله اللبناني", "hezbollah"), ("جيش الاحتلال", "il:idf"), ("الجيش الإسرائيلي", "il:idf"),
    ("الأمم المتحدة", "un"), ("مجلس الأمن", "unsc"), ("المفوضية السامية لشؤون اللاجئين", "unhcr"),
    ("اليونيسف", "unicef"), ("أوتشا", "ocha"), ("برنامج الأغذية العالمي", "wfp"),
    ("لجنة التحقيق الدولية", "un:coi"), ("منظمة حظر الأسلحة الكيميائية", "opcw"),
    ("الصليب الأحمر", "icrc"), ("الهلال الأحمر العربي السوري", "sarc"), ("الخوذ البيضاء", "white-helmets"),
    ("المرصد السوري لحقوق الإنسان", "sohr"), ("الشبكة السورية لحقوق الإنسان", "snhr"),
    ("الاتحاد الأوروبي", "eu"), ("الجامعة العربية", "arab-league"), ("الناتو", "nato"),
]


@pytest.mark.parametrize("alias,expected", ACTOR_LOOKUPS)
def test_actor_alias_resolves(alias: str, expected: str) -> None:
    assert alias_index("actors.json").get(fold(alias)) == frozenset({expected})


@pytest.mark.parametrize("alias,expected", [
    ("مسلحون مجهولون", {"sy:uag", "iq:uag"}),
    ("المدنيين", {"sy:civilians", "iq:civilians"}),
    ("الجيش العربي السوري", {"sy:army", "sy:assad-forces"}),
    ("الحكومة السورية", {"sy:gov", "sy:assad-regime"}),
])
def test_ambiguous_alias_resolves_to_its_group(alias: str, expected: set[str]) -> None:
    assert alias_index("actors.json").get(fold(alias)) == frozenset(expected)


@pytest.mark.parametrize("alias,expected", [("القيادة المركزية", "us:centcom"), ("التحالف", "coalition"),
                                            ("الحشد", "iq:pmf")])
def test_short_forms_are_weak_aliases(alias: str, expected: str) -> None:
    by_id = {e["id"]: e for e in entries("actors.json")}
    assert fold(alias) in {fold(a) for a in by_id[expected]["weak_aliases_ar"]}
    assert fold(alias) not in alias_index("actors.json")


# ---------------------------------------------------------------- persons

def test_person_schema() -> None:
    actor_ids = {e["id"] for e in entries("actors.json")}
    for e in entries("persons.json"):
        assert e["type"] == "person"
        assert e["affiliation"] in actor_ids, e["id"]
        assert e["role_en"].strip() and isinstance(e["titles"], list) and e["titles"], e["id"]
        assert e["status"] in {"current", "former"}, e["id"]
        assert e["country"] is None or re.fullmatch("[A-Z]{2}", e["country"]), e["id"]
        if "surname_alias" in e:
            assert fold(e["surname_alias"]) in {fold(a) for a in e["aliases_ar"]}, e["id"]


def test_person_aliases_unique_and_distinct_from_actors() -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for e in entries("persons.json"):
        for k in actor_keys(e):
            owners[k].add(e["id"])
    assert not {k: v for k, v in owners.items() if len(v) > 1}
    actor_names = set(alias_index("actors.json"))
    assert not sorted(k for k in owners if k in actor_names)


@pytest.mark.parametrize("alias,expected", [
    ("أحمد الشرع", "person:ahmed-al-sharaa"), ("الشرع", "person:ahmed-al-sharaa"),
    ("أبو محمد الجولاني", "person:ahmed-al-sharaa"), ("أسعد الشيباني", "person:asaad-al-shaibani"),
    ("مرهف أبو قصرة", "person:murhaf-abu-qasra"), ("أنس خطاب", "person:anas-khattab"),
    ("حمزة المصطفى", "person:hamza-al-mustafa"), ("نور الدين البابا", "person:nour-al-din-al-baba"),
    ("مظلوم كوباني", "person:mazloum-abdi"), ("دونالد ترمب", "person:donald-trump"), ("روبيو", "person:marco-rubio"),
    ("بيت هيجسيث", "person:pete-hegseth"), ("كوبر", "person:brad-cooper"), ("مايكل كوريلا", "person:michael-kurilla"),
    ("توم باراك", "person:tom-barrack"), ("محمد شياع السوداني", "person:mohammed-shia-al-sudani"),
    ("إردوغان", "person:recep-tayyip-erdogan"), ("هاكان فيدان", "person:hakan-fidan"),
    ("بوتين", "person:vladimir-putin"), ("نتانياهو", "person:benjamin-netanyahu"),
    ("غوتيريس", "person:antonio-guterres"), ("غير بيدرسون", "person:geir-pedersen"),
    ("أبو بكر البغدادي", "person:abu-bakr-al-baghdadi"), ("أبو إبراهيم القرشي", "person:abu-ibrahim-al-qurashi"),
    ("بشار الأسد", "person:bashar-al-assad"), ("ماهر الأسد", "person:maher-al-assad"),
])
def test_person_alias_resolves(alias: str, expected: str) -> None:
    assert alias_index("persons.json").get(fold(alias)) == frozenset({expected})


@pytest.mark.parametrize("person,title", [
    ("person:brad-cooper", "الأدميرال"), ("person:brad-cooper", "قائد القيادة المركزية"),
    ("person:nour-al-din-al-baba", "المتحدث باسم وزارة الداخلية"), ("person:anas-khattab", "وزير الداخلية"),
    ("person:ahmed-al-sharaa", "الرئيس"),
])
def test_person_titles(person: str, title: str) -> None:
    e = next(p for p in entries("persons.json") if p["id"] == person)
    assert fold(title) in {fold(t) for t in e["titles"]}


# ---------------------------------------------------------------- titles

def test_title_schema() -> None:
    ids = [t["id"] for t in entries("titles.json")]
    assert len(ids) == len(set(ids))
    for t in entries("titles.json"):
        assert t["kind"] in {"military_rank", "office", "honorific"}, t["id"]
        assert isinstance(t["expects_org"], bool) and t["ar"] and t["en"], t["id"]
        if t["kind"] == "military_rank" and not t.get("suffix"):
            assert isinstance(t["rank"], int), t["id"]


@pytest.mark.parametrize("form,title_id,expects_org", [
    ("الأدميرال", "title:admiral", False), ("الادميرال", "title:admiral", False), ("أدميرال", "title:admiral", False),
    ("الفريق أول", "title:general-first", False), ("العماد", "title:general-ar", False),
    ("اللواء", "title:major-general", False), ("العميد", "title:brigadier", False), ("العقيد", "title:colonel", False),
    ("الرقيب", "title:sergeant", False), ("المتحدث باسم", "title:spokesperson", True),
    ("الناطق الرسمي باسم", "title:spokesperson", True), ("قائد", "title:commander", True),
    ("محافظ", "title:governor", True), ("المبعوث الأممي", "title:envoy", True), ("الشيخ", "title:sheikh", False),
    ("د.", "title:doctor", False), ("رئيس الوزراء", "title:prime-minister", False), ("الوزير", "title:minister", False),
])
def test_title_lookup(form: str, title_id: str, expects_org: bool) -> None:
    hits = [t for t in entries("titles.json") if fold(form) in {fold(a) for a in t["ar"]}]
    assert [t["id"] for t in hits] == [title_id]
    assert hits[0]["expects_org"] is expects_org


def test_minister_fields_cover_security_ministries() -> None:
    minister = next(t for t in entries("titles.json") if t["id"] == "title:minister")
    fields = {fold(f["ar"]) for f in minister["fields"]}
    assert {fold(x) for x in ("الداخلية", "الدفاع", "الخارجية", "الإعلام", "العدل")} <= fields


# ---------------------------------------------------------------- outlets

def test_outlet_schema() -> None:
    seen: dict[str, str] = {}
    for e in entries("outlets.json"):
        assert e["kind"] in {"agency", "tv", "newspaper", "website", "state"}, e["id"]
        hosts = e["hosts"] + e.get("unsure_hosts", [])
        assert bool(e.get("unsure")) == bool(e.get("unsure_hosts")), e["id"]
        for h in hosts:
            assert HOST.match(h), (e["id"], h)
            assert h not in seen, (h, seen.get(h), e["id"])
            seen[h] = e["id"]
        assert e["country"] is None or re.fullmatch("[A-Z]{2}", e["country"]), e["id"]
    assert sum(1 for e in entries("outlets.json") if e["hosts"]) >= 80


def test_outlet_names_shared_only_when_declared() -> None:
    declared = {fold(g["alias"]): set(g["ids"]) for g in load("outlets.json")["ambiguous"]}
    owners: dict[str, set[str]] = defaultdict(set)
    for e in entries("outlets.json"):
        for k in actor_keys(e):
            owners[k].add(e["id"])
    assert not {k: v for k, v in owners.items() if len(v) > 1 and declared.get(k) != v}


@pytest.mark.parametrize("url,expected", [
    ("https://sarabic.ae/20251130/x.html", "outlet:sputnik-arabic"),
    ("https://www.aljazeera.net/news/2025/11/1/x", "outlet:aljazeera"),
    ("alarabiya.net", "outlet:alarabiya"), ("https://www.skynewsarabia.com/middle-east/1", "outlet:skynewsarabia"),
    ("https://www.enabbaladi.net/archives/1", "outlet:enab-baladi"), ("https://www.syria.tv/x", "outlet:syria-tv"),
    ("https://shaam.org/news/x", "outlet:shaam"), ("https://thawra.sy/?p=1", "outlet:al-thawra"),
    ("https://www.sana.sy/?p=1", "outlet:sana"), ("https://www.bbc.com/arabic/articles/x", "outlet:bbc-arabic"),
    ("https://arabic.rt.com/middle_east/1", "outlet:rt-arabic"), ("https://www.aa.com.tr/ar/x", "outlet:anadolu-ar"),
    ("https://www.ina.iq/1", "outlet:ina"), ("https://www.rudaw.net/arabic/x", "outlet:rudaw"),
    ("https://www.bbc.com/news/x", None), ("https://example.org/x", None),
])
def test_outlet_from_url(url: str, expected: str | None) -> None:
    assert resolve_host(url) == expected


@pytest.mark.parametrize("name,expected", [("سانا", "outlet:sana"), ("عنب بلدي", "outlet:enab-baladi"),
                                           ("الثورة", "outlet:al-thawra"), ("سبوتنيك", "outlet:sputnik-arabic"),
                                           ("شبكة شام", "outlet:shaam"), ("زمان الوصل", "outlet:zaman-al-wasl"),
                                           ("روسيا اليوم", "outlet:rt-arabic"), ("شفق نيوز", "outlet:shafaq")])
def test_outlet_name_resolves(name: str, expected: str) -> None:
    assert alias_index("outlets.json").get(fold(name)) == frozenset({expected})


def test_common_word_mastheads_are_flagged_generic() -> None:
    by_id = {e["id"]: e for e in entries("outlets.json")}
    for oid in ("outlet:al-thawra", "outlet:aljazeera", "outlet:alarabiya", "outlet:tishreen", "outlet:al-watan-sy"):
        assert by_id[oid].get("generic_name") is True, oid
