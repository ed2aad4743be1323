"""Time in news text: the period a figure refers to (``parse_period("hingga Oktober 2023")`` → 2023-10)
and the date the article states for itself (``infer_published``).
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import date
from typing import Dict, Optional, Tuple

from ..errors import Errors, error
from ..resources import load


_CUES = load("period_cues")
#: the years a written date or period can have
MIN_YEAR, MAX_YEAR = 1900, 2099
#: the years a number standing alone ("pada 2023" aside) is read as a period year
BARE_YEAR_MIN, BARE_YEAR_MAX = 2000, 2049
#: characters of the article start that count as the page head (where its date line is)
HEAD_CHARS = 600


def year_pattern(lo: int = MIN_YEAR, hi: int = MAX_YEAR) -> str:
    """A non-capturing regex group for the four-digit years ``lo``..``hi`` (whole decades: 1950, 2049).

    RETURNS (str): e.g. "(?:19[5-9][0-9]|20[0-4][0-9])" for 1950..2049.
    """
    if lo % 10 or hi % 10 != 9 or lo > hi:
        raise error(Errors.E015, what="year_pattern", expected="whole decades (lo ending in 0, hi in 9)",
                    found=f"{lo}..{hi}")
    parts = []
    for century in range(lo // 100, hi // 100 + 1):
        first = max(lo, century * 100) // 10 % 10
        last = min(hi, century * 100 + 99) // 10 % 10
        decades = "[0-9]" if (first, last) == (0, 9) else f"[{first}-{last}]" if first != last else str(first)
        parts.append(f"{century}{decades}[0-9]")
    return "(?:" + "|".join(parts) + ")"


_YEAR = year_pattern()
#: month name or abbreviation → month number
MONTHS: Dict[str, int] = dict(_CUES["months"])
_MONTH_RX = "|".join(sorted(MONTHS, key=len, reverse=True))
_MONTH_YEAR = re.compile(rf"\b(?P<month>{_MONTH_RX})\.?\s+(?P<year>{_YEAR})\b", re.IGNORECASE)
_YEAR_PHRASE = re.compile(rf"\b(?:{'|'.join(_CUES['year_phrase_words'])})\s+(?P<year>{_YEAR})\b", re.IGNORECASE)
_BARE_YEAR = re.compile(rf"(?<![0-9/.,])(?P<year>{year_pattern(BARE_YEAR_MIN, BARE_YEAR_MAX)})(?![0-9/.,])")
#: (phrase regex, years from the article date, the month it implies)
_RELATIVE = [(re.compile(r["pattern"].replace("{year}", _YEAR), re.IGNORECASE), r["delta"], r["month"])
             for r in _CUES["relative"]]
_DATE_LIKE = re.compile(rf"\(?\d{{1,2}}/\d{{1,2}}/{_YEAR}\)?")


@dataclass(frozen=True)
class Period:
    """The time a figure refers to. year (int); month (int | None); text (str): the phrase it came from."""

    year: int
    month: Optional[int] = None
    text: str = ""

    def to_dict(self) -> dict:
        return asdict(self)

    def __str__(self) -> str:
        return f"{self.year}-{self.month:02d}" if self.month else str(self.year)


def _as_date(published) -> Optional[date]:
    if published is None:
        return None
    if isinstance(published, date):
        return published
    try:
        return date.fromisoformat(str(published)[:10])
    except ValueError:
        return None


def parse_period(text: str, *, published=None, anchor: Optional[int] = None) -> Optional[Period]:
    """The period a sentence states: "hingga Oktober 2023" → 2023-10; "tahun depan" → published year + 1.

    text (str): the sentence (or headline).
    published (date | str | None): the article date, to resolve relative phrases.
    anchor (int | None): character offset of the figure in ``text``; the nearest phrase wins.
    RETURNS (Period | None): None when the text states no period (relative phrases need ``published``).
    """
    if not isinstance(text, str) or not text:
        return None
    pub = _as_date(published)
    clean = _DATE_LIKE.sub(lambda m: " " * len(m.group(0)), text)  # event dates "(9/8/2023)" are not periods
    found: list[Tuple[int, Period]] = []
    for m in _MONTH_YEAR.finditer(clean):
        found.append((m.start(), Period(int(m.group("year")), MONTHS[m.group("month").lower()], m.group(0))))
    taken = [(s, s + len(p.text)) for s, p in found]
    for m in _YEAR_PHRASE.finditer(clean):
        if any(a <= m.start("year") < b for a, b in taken):
            continue
        month = 12 if m.group(0).lower().startswith("akhir") else None
        found.append((m.start(), Period(int(m.group("year")), month, m.group(0))))
        taken.append((m.start(), m.end()))
    if not found:
        for m in _BARE_YEAR.finditer(clean):
            if any(a <= m.start() < b for a, b in taken):
                continue
            found.append((m.start(), Period(int(m.group("year")), None, m.group(0))))
    if pub is not None:
        for rx, delta, month in _RELATIVE:
            for m in rx.finditer(clean):
                if any(a <= m.start() < b or m.start() <= a < m.end() for a, b in taken):
                    continue
                found.append((m.start(), Period(pub.year + delta, month, m.group(0))))
                taken.append((m.start(), m.end()))
    if not found:
        return None
    if anchor is None:
        return sorted(found, key=lambda x: x[0])[0][1]
    return min(found, key=lambda x: abs(x[0] - anchor))[1]


# ---------------------------------------------------------------- the article's own date

_DAY_NAMES = "(?:" + "|".join(map(re.escape, _CUES["day_names"])) + ")"
_ISO_STAMP = re.compile(rf"(?<![0-9])(?P<y>{_YEAR})-(?P<m>[01]?[0-9])-(?P<d>[0-3]?[0-9])(?![0-9])")
# a written date counts only as a date line: after a day name ("Jumat, 24 Agustus 2024") or before a
# clock time ("24 Agustus 2024 | 10:12 WIB"); "per 31 Desember 2024" in a sentence is a data date
_DMY = rf"(?P<d>[0-3]?[0-9])\s+(?P<month>{_MONTH_RX})\.?\s+(?P<y>{_YEAR})"
_DMY_WORDS = (re.compile(rf"\b{_DAY_NAMES}\s*,?\s*{_DMY}\b", re.IGNORECASE),
              re.compile(rf"(?<![0-9]){_DMY}\s*[|,\-–]?\s*(?:pukul\s*)?[0-2]?[0-9][:.][0-5][0-9]", re.IGNORECASE))
_DAY_SLASH = re.compile(rf"\b{_DAY_NAMES}\s*,?\s*\(?\s*(?P<d>[0-3]?[0-9])/(?P<m>[01]?[0-9])/(?P<y>{_YEAR})",
                        re.IGNORECASE)


def _valid_date(y: int, m: int, d: int) -> Optional[date]:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def infer_published(text: str, *, head_chars: int = HEAD_CHARS) -> Optional[date]:
    """The article's date as the page states it, for resolving "tahun ini" / "tahun depan".

    Looks, in this order, for a timestamp or a written date in the page head ("2024-11-15 23:43:09",
    "Jumat, 24 Agustus 2024") and for an event date with a day name in the text ("Rabu (9/8/2023)",
    which news uses for the day of the reported event, normally the day of publication or the one
    before). Dates inside regulations ("Nomor 5 Tahun 2023") or periods ("hingga Oktober 2023") are
    not dates and are not read.

    text (str): the article text. head_chars (int): how much of the start counts as the page head.
    RETURNS (date | None): None when the text states no full date.
    """
    if not isinstance(text, str) or not text:
        return None
    head = text[:head_chars]
    for rx, month_words in ((_ISO_STAMP, False), (_DMY_WORDS[0], True), (_DMY_WORDS[1], True)):
        for m in rx.finditer(head):
            month = MONTHS[m.group("month").lower()] if month_words else int(m.group("m"))
            found = _valid_date(int(m.group("y")), month, int(m.group("d")))
            if found is not None:
                return found
    for m in _DAY_SLASH.finditer(text):
        found = _valid_date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        if found is not None:
            return found
    return None
