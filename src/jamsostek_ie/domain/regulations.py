"""Regulation mentions: ``parse_regulation("Inpres No. 2/2021")`` → type "Inpres", number "2", year 2021."""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Optional

from ..resources import load
from .periods import year_pattern
from .regions import Region, region_in_words, resolve_region


#: the years a regulation can carry
MIN_REGULATION_YEAR, MAX_REGULATION_YEAR = 1950, 2049
#: (canonical type, regex of the ways news writes it), tried in this order (``resources/regulation_types.json``)
_REG_TYPES = [(t["type"], "|".join(t["forms"])) for t in load("regulation_types")["types"]]
_REG_TYPE_RX = re.compile(r"^\s*(?P<type>" + "|".join(f"(?:{rx})" for _, rx in _REG_TYPES) + r")\b", re.IGNORECASE)
_REG_NUMBER = re.compile(r"\b(?:nomor|nomer|nomo|no\.?|nmr\.?|no)\s*:?\s*(?P<num>[0-9][0-9A-Za-z./\-]*)", re.IGNORECASE)
_REG_YEAR = year_pattern(MIN_REGULATION_YEAR, MAX_REGULATION_YEAR)
_YEAR = re.compile(rf"(?<![0-9])({_REG_YEAR})(?![0-9])")


@dataclass(frozen=True)
class Regulation:
    """A parsed regulation.

    type (str): canonical type ("UU", "PP", "Inpres", "Pergub", "Perda", "RPJMN", ...).
    number (str | None): the number as written, without leading zeros ("2", "560.05/Kep.69-Kesra").
    year (int | None): the year. region (Region | None): issuing region where stated.
    text (str): the mention as written.
    """

    type: str
    number: Optional[str]
    year: Optional[int]
    region: Optional[Region]
    text: str

    def to_dict(self) -> dict:
        d = asdict(self)
        d["region"] = self.region.to_dict() if self.region else None
        return d


def parse_regulation(text: str) -> Optional[Regulation]:
    """Parse a REGULATION span: "Inpres No. 2/2021", "Peraturan Gubernur Jawa Barat Nomor 158 Tahun 2021".

    RETURNS (Regulation | None): None when no known type starts the text.
    """
    if not isinstance(text, str):
        return None
    m = _REG_TYPE_RX.match(text)
    if not m:
        return None
    typed = m.group("type").lower()
    rtype = next(name for name, rx in _REG_TYPES if re.fullmatch(rx, typed, re.IGNORECASE))
    rest = text[m.end():]
    number = None
    year = None
    nm = _REG_NUMBER.search(rest)
    head = rest
    if nm:
        head = rest[:nm.start()]
        raw = nm.group("num").rstrip(".,")
        tail = rest[nm.end():]
        # "2/2021" or "560.05/Kep.69-Kesra/2022": a trailing /YEAR is the year
        ym = re.search(rf"/({_REG_YEAR})$", raw)
        if ym:
            year = int(ym.group(1))
            raw = raw[: ym.start()]
        number = raw
        ty = _YEAR.search(tail)
        if year is None and ty:
            year = int(ty.group(1))
    else:
        bare = re.match(rf"^\s*(?P<num>[0-9][0-9A-Za-z./\-]*?)\s*(?:/|tahun|th\.?|thn)\s*(?P<year>{year_pattern()})\b",
                        rest, re.IGNORECASE)
        if bare:
            head = ""
            number = bare.group("num")
            year = int(bare.group("year"))
        else:
            ty = _YEAR.search(rest)
            if ty:
                year = int(ty.group(1))
                head = rest[:ty.start()]
    if number is not None:
        number = re.sub(r"^0+(?=[0-9])", "", number)
    head = re.sub(r"\b(?:tahun|th|thn)\b\.?\s*$", "", head.strip(), flags=re.IGNORECASE).strip()
    region = resolve_region(head) if head else None
    if region is None and head:
        region = region_in_words(head.split())
    if rtype == "Perda" and typed == "qanun" and region is None:
        region = resolve_region("aceh")
    if rtype == "RPJMN" and region is None:
        region = resolve_region("nasional")
    return Regulation(rtype, number, year, region, text)
