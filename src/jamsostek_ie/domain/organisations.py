"""Organisations → canonical names: BPJS Ketenagakerjaan and its offices (with the region an office
name carries), regional governments and their agencies, national bodies.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Dict, Optional, Tuple

from ..resources import load
from .regions import (KAB_PREFIX, KOTA_PREFIX, PAREN, Region, alias_table, aliases, district_index, gazetteer,
                      lookup_district, name_key, nospace, region_from_code, region_in_words, region_run, resolve_region)


_FORMS = load("organisation_forms")


def _words_rx(words, anchor: str = r"\b") -> "re.Pattern":
    """``words`` (regex fragments) as one alternation between word boundaries (``anchor`` before)."""
    return re.compile(anchor + "(?:" + "|".join(words) + r")\b")


_BPJS_TK = _words_rx(_FORMS["bpjs_tk_forms"])
_BPJS_BARE = re.compile(r"^(?:kantor\s+)?bpjs\b(?!\s*kesehatan)")
_BPJS_KES = re.compile(r"\bbpjs\s*kesehatan\b")
_BPJS_OFFICE_FIRST = _words_rx(_FORMS["office_first_words"], anchor="^")
#: (office level, the words that name it), the first that matches wins
_OFFICE = [(o["level"], _words_rx(o["forms"])) for o in _FORMS["office_levels"]]
_OFFICE_WORDS = _words_rx(load("entity_lexicon")["office_words"])

#: how a regional government body's name starts (as ``name_key`` writes it) → (the level of the region that follows,
#: None for any; the canonical prefix, "" where the name is built from the region: "Pemerintah Kota Medan")
_GOV_FORMS: Dict[str, Tuple[Optional[str], str]] = {
    prefix: (g["level"], g["canonical"]) for g in _FORMS["government_forms"] for prefix in g["prefixes"]}
_GOV_RX = re.compile(r"^(" + "|".join(sorted(map(re.escape, _GOV_FORMS), key=len, reverse=True)) + r")\s+")
_GOV_GENERIC = "pemerintah "

#: national bodies: canonical name, kind, the ways news writes them (as ``name_key`` writes them, without "RI")
_NATIONAL_BODIES: Tuple[Tuple[str, str, Tuple[str, ...]], ...] = tuple(
    (b["name"], b["kind"], tuple(b["forms"])) for b in _FORMS["national_bodies"])
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


@lru_cache(maxsize=2048)
def _district_regency(name: str, scope: Optional[Tuple[str, ...]]) -> Optional[Region]:
    """The one regency/city (inside ``scope``'s codes, if given) with districts named ``name`` or "``name`` …"
    ("cikupa" → Kabupaten Tangerang, "cikarang" → Kabupaten Bekasi); None when none or several."""
    found = {code.rsplit(".", 1)[0] for key, codes in district_index().items()
             if key == name or key.startswith(name + " ") for code in codes
             if scope is None or any(code.startswith(c + ".") for c in scope)}
    return region_from_code(found.pop()) if len(found) == 1 else None


def _scope(run: str, region: Region) -> Tuple[str, ...]:
    """The codes a region run can stand for: both for a bare name a regency and a city share ("tangerang")."""
    k = name_key(run)
    if region.level == "province" or KAB_PREFIX.match(k) or KOTA_PREFIX.match(k):
        return (region.code,)
    alias = alias_table().get(k)
    if isinstance(alias, tuple) and len(alias) > 1:
        return alias
    return tuple(gazetteer()[2].get(nospace(k), ())) or (region.code,)


@lru_cache(maxsize=4096)
def _office_region(words: Tuple[str, ...]) -> Optional[Region]:
    """The region a BPJS office name carries once the BPJS and office words are gone.

    A region followed by a district narrows to the regency/city holding it ("tangerang cikupa" → Kabupaten
    Tangerang, "jakarta cilandak" → Kota Jakarta Selatan); a district alone is that district when its name is
    unique ("bojongsoang"), else the one regency whose districts carry the name ("cikarang" → Kabupaten Bekasi).
    """
    if not words:
        return None
    run = region_run(words, leading=True)
    if run is None:
        name = " ".join(words)
        return lookup_district(name) or _district_regency(name, None)
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
    return resolve_region(rest) or region_in_words(rest.split())


def _gov_name(canonical: str, region: Region, text: str) -> str:
    """"DPRD Jawa Barat", "Disnaker Kabupaten Badung", "Pemerintah Kota Medan", "Pemerintah Provinsi Bali",
    "Pemerintah Aceh" (the official name where the aliases give one)."""
    if canonical:
        return f"{canonical} {region.name}"
    if region.level == "province":
        return aliases().get("government_names", {}).get(region.code) or f"Pemerintah Provinsi {region.name}"
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
    k = name_key(PAREN.sub(" ", text))
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
