"""Normalisation of entity text: small pure functions, each returning None rather than a guess.

- ``parse_quantity("5,9 juta pekerja")`` → value 5900000, qualifier "exact", unit "pekerja"
- ``parse_percent("31,85 persen")`` → 31.85
- ``parse_money("Rp5.060.579.420.000")`` → 5060579420000 (lokal-id's Rupiah parser)
- ``parse_regulation("Inpres No. 2/2021")`` → type "Inpres", number "2", year 2021
- ``parse_period("hingga Oktober 2023", published=None)`` → year 2023, month 10

Separators follow the text's convention: "31,85" and "31.9" are decimals; "5.900.000" and
"175,813" are thousands; "27.025 ribu" is 27,025 thousand.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import date
from typing import Optional, Tuple

from lokal import parse_rupiah

from .regions import Region, resolve_region


_SCALE_WORDS = r"(?:ribuan|ribu|rb|jutaan|juta|jt|miliaran|miliar|milyar|triliunan|triliun)"
_NUM = r"[0-9]+(?:[.,][0-9]+)*"
_NUM_WORDS = (r"(?:nol|satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh|sebelas|seratus|seribu|"
              r"sejuta|setengah|belas|puluh|ratus)")
_NUMERIC_HEAD = re.compile(
    rf"^\s*(?P<num>{_NUM}(?:-an)?|{_NUM_WORDS}(?:\s+{_NUM_WORDS})*)"
    rf"(?:\s*(?:-|–|hingga|sampai|s\.d\.?|s/d)\s*(?P<upper>{_NUM}))?"
    rf"(?:\s*(?P<scale>{_SCALE_WORDS}(?:-an)?)\b)?(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL,
)
_CLASSIFIERS = re.compile(r"^(?:orang|jiwa|buah|unit|ekor)\s+", re.IGNORECASE)
_BEFORE_QUALIFIERS = [
    ("at_least", re.compile(r"(?:lebih dari|lebih|di atas|diatas|minimal|sedikitnya|setidaknya|paling sedikit|"
                            r"tidak kurang dari|melampaui|melebihi)\s*$", re.IGNORECASE)),
    ("at_most", re.compile(r"(?:hampir|kurang dari|nyaris|mendekati|di bawah|dibawah|maksimal|paling banyak|"
                           r"tidak lebih dari|belum sampai)(?:\s+sekitar)?\s*$", re.IGNORECASE)),
    ("approx", re.compile(r"(?:sekitar|kurang lebih|kurleb|kira-kira|kira kira|sekira|kisaran|lebih kurang|"
                          r"sebanyak kurang lebih|rata-rata|±|~|disekitar|di sekitar)\s*$", re.IGNORECASE)),
]


@dataclass(frozen=True)
class Quantity:
    """A normalised figure.

    value (float): the number (an int-valued float for counts and money).
    qualifier (str): exact, approx, at_least, at_most or range.
    upper (float | None): the upper bound of a range.
    unit (str | None): "percent", "rupiah" or the counted noun ("pekerja").
    """

    value: float
    qualifier: str = "exact"
    upper: Optional[float] = None
    unit: Optional[str] = None

    def to_dict(self) -> dict:
        return asdict(self)


def _number(text: str, *, has_scale: bool) -> Optional[float]:
    """Parse one numeral (digits with separators, or number words) through lokal-id."""
    text = text.strip()
    if not text:
        return None
    parsed = parse_rupiah(text)
    if parsed is None:
        return None
    return float(parsed.amount)


def qualifier_before(context: str) -> Optional[str]:
    """The qualifier that the words right before a figure give ("lebih dari" → at_least)."""
    context = context[-40:]
    for name, rx in _BEFORE_QUALIFIERS:
        if rx.search(context):
            return name
    return None


def parse_quantity(text: str, *, before: str = "") -> Optional[Quantity]:
    """Parse a COUNT span: numeral, scale word, qualifiers and counted noun.

    text (str): "5,9 juta pekerja", "468.000-an peserta", "500-600 ribu pekerja", "dua juta orang".
    before (str): the text right before the span, for "lebih dari", "hampir", "sekitar".
    RETURNS (Quantity | None): None when no number can be read.
    """
    if not isinstance(text, str):
        return None
    m = _NUMERIC_HEAD.match(text)
    if not m:
        return None
    num, upper_s, scale = m.group("num"), m.group("upper"), m.group("scale")
    rest = m.group("rest").strip()
    approx = False
    num_clean = re.sub(r"\s*-\s*an$", "", num.strip())
    if num_clean != num.strip():
        approx = True
    if rest.lower().startswith("-an"):
        rest, approx = rest[3:].strip(), True
    scale_word = ""
    if scale:
        s = scale.lower()
        if s.endswith("-an"):
            s, approx = s[:-3], True
        if s.endswith("an") and s not in ("jutaan",) and s[:-2] in ("ribu", "miliar", "triliun"):
            s, approx = s[:-2], True
        if s == "jutaan":
            s, approx = "juta", True
        scale_word = s
    value = _number(f"{num_clean} {scale_word}".strip(), has_scale=bool(scale_word))
    if value is None:
        return None
    upper = None
    qualifier = "approx" if approx else "exact"
    if upper_s:
        upper = _number(f"{upper_s} {scale_word}".strip(), has_scale=bool(scale_word))
        if upper is None or upper < value:
            return None
        qualifier = "range"
    elif before:
        q = qualifier_before(before)
        if q:
            qualifier = q
    unit = _CLASSIFIERS.sub("", rest).strip(" .,;:") or None
    if unit:
        unit = unit.lower()
        if unit.split()[0] in MONTHS or unit.split()[0] in ("tahun", "persen", "%"):
            return None  # "17 Februari", "2 tahun": a date or duration, not a count
    return Quantity(value, qualifier, upper, unit)


_PERCENT = re.compile(
    rf"^\s*(?P<num>{_NUM}|{_NUM_WORDS}(?:\s+{_NUM_WORDS})*)"
    rf"(?:\s*(?:-|–|hingga|sampai)\s*(?P<upper>{_NUM}))?\s*(?:persen|%|prosen|pct)",
    re.IGNORECASE,
)


def parse_percent(text: str, *, before: str = "") -> Optional[Quantity]:
    """Parse a PERCENT span ("31,85 persen", "31.9%", "70 %", "tiga puluh persen").

    In a percentage one separator is always a decimal mark ("35,35", "31.9").
    RETURNS (Quantity | None): unit "percent"; None when the text is not a percentage in 0..1000.
    """
    if not isinstance(text, str):
        return None
    m = _PERCENT.match(text)
    if not m:
        return None

    def one(s: str) -> Optional[float]:
        if re.fullmatch(r"[0-9]+(?:[.,][0-9]+)?", s):
            return float(s.replace(",", "."))
        if re.fullmatch(_NUM, s):
            return None  # "1.234.5 persen": not a percentage
        p = parse_rupiah(s)
        return float(p.amount) if p else None

    value = one(m.group("num"))
    if value is None or not 0 <= value <= 1000:
        return None
    upper = one(m.group("upper")) if m.group("upper") else None
    qualifier = "range" if upper is not None else (qualifier_before(before) if before else None) or "exact"
    return Quantity(value, qualifier, upper, "percent")


def parse_money(text: str, *, before: str = "") -> Optional[Quantity]:
    """Parse a MONEY span through lokal-id's Rupiah parser ("Rp5.060.579.420.000", "159 Miliar Rupiah").

    RETURNS (Quantity | None): value in rupiah, unit "rupiah".
    """
    if not isinstance(text, str) or not re.search(r"[0-9]|satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|se",
                                                  text, re.IGNORECASE):
        return None
    cleaned = re.sub(r"\b(?:IDR|rupiah)\b", " ", text, flags=re.IGNORECASE)
    parsed = parse_rupiah(cleaned)
    if parsed is None:
        return None
    qualifier = "approx" if parsed.approximate else (qualifier_before(before) if before else None) or "exact"
    return Quantity(float(parsed.amount), qualifier, None, "rupiah")


# ---------------------------------------------------------------- regulations

_REG_TYPES = [
    ("UU", r"undang[\s-]*undang|uu"),
    ("Perppu", r"perppu|perpu"),
    ("PP", r"peraturan pemerintah|pp"),
    ("Perpres", r"peraturan presiden|perpres"),
    ("Inpres", r"instruksi presiden|inpres"),
    ("Keppres", r"keputusan presiden|keppres"),
    ("Permenaker", r"peraturan menteri ketenagakerjaan|permenaker|permenakertrans|peraturan menaker"),
    ("Permendagri", r"peraturan menteri dalam negeri|permendagri|pemendagri|permendagri"),
    ("Kepmenaker", r"keputusan menteri ketenagakerjaan|kepmenaker"),
    ("Permen", r"peraturan menteri|permen"),
    ("Perda", r"peraturan daerah|perda|qanun"),
    ("PMK", r"peraturan menteri keuangan|pmk"),
    ("Permendes", r"peraturan menteri desa|permendes"),
    ("Ingub", r"instruksi gubernur|ingub"),
    ("Inbup", r"instruksi bupati|inbup"),
    ("Inwali", r"instruksi wali\s*kota|inwal|inwali"),
    ("RPD", r"rpd|rencana pembangunan daerah"),
    ("Pergub", r"peraturan gubernur|pergub"),
    ("Perbup", r"peraturan bupati|perbup"),
    ("Perwali", r"peraturan wali\s*kota|perwali|perwalkot|perwal|perwako"),
    ("Kepgub", r"kep[a-z]*san gubernur|kepgub|kep\. gubernur"),
    ("Kepbup", r"kep[a-z]*san bupati|kepbup"),
    ("Kepwali", r"kep[a-z]*san wali\s*kota|kepwali"),
    ("SE", r"surat edaran|se"),
    ("RPJMN", r"rpjmn|rencana pembangunan jangka menengah nasional"),
    ("RPJMD", r"rpjmd|rencana pembangunan jangka menengah daerah"),
]
_REG_TYPE_RX = re.compile(r"^\s*(?P<type>" + "|".join(f"(?:{rx})" for _, rx in _REG_TYPES) + r")\b", re.IGNORECASE)
_REG_NUMBER = re.compile(r"\b(?:nomor|nomer|nomo|no\.?|nmr\.?|no)\s*:?\s*(?P<num>[0-9][0-9A-Za-z./\-]*)", re.IGNORECASE)
_YEAR = re.compile(r"(?<![0-9])(19[5-9][0-9]|20[0-4][0-9])(?![0-9])")


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
        ym = re.search(r"/(19[5-9][0-9]|20[0-4][0-9])$", raw)
        if ym:
            year = int(ym.group(1))
            raw = raw[: ym.start()]
        number = raw
        ty = _YEAR.search(tail)
        if year is None and ty:
            year = int(ty.group(1))
    else:
        bare = re.match(r"^\s*(?P<num>[0-9][0-9A-Za-z./\-]*?)\s*(?:/|tahun|th\.?|thn)\s*(?P<year>(?:19|20)[0-9]{2})\b",
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
        from .regions import _region_in_words

        region = _region_in_words(head.split())
    if rtype == "Perda" and typed == "qanun" and region is None:
        region = resolve_region("aceh")
    if rtype == "RPJMN" and region is None:
        region = resolve_region("nasional")
    return Regulation(rtype, number, year, region, text)


# ---------------------------------------------------------------- periods

MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "pebruari": 2, "feb": 2, "maret": 3, "mar": 3, "april": 4, "apr": 4,
    "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "agustus": 8, "agu": 8, "agt": 8, "agus": 8,
    "september": 9, "sept": 9, "sep": 9, "oktober": 10, "okt": 10, "november": 11, "nov": 11,
    "desember": 12, "des": 12,
}
_MONTH_RX = "|".join(sorted(MONTHS, key=len, reverse=True))
_MONTH_YEAR = re.compile(rf"\b(?P<month>{_MONTH_RX})\.?\s+(?P<year>(?:19|20)[0-9]{{2}})\b", re.IGNORECASE)
_YEAR_PHRASE = re.compile(
    r"\b(?:tahun|th\.?|thn|pada|hingga|sampai|di|akhir|awal|per|sepanjang|semester\s+[I1-2]+|triwulan\s+[IV1-4]+)\s+"
    r"(?P<year>(?:19|20)[0-9]{2})\b", re.IGNORECASE)
_BARE_YEAR = re.compile(r"(?<![0-9/.,])(?P<year>20[0-4][0-9])(?![0-9/.,])")
_RELATIVE = [
    (re.compile(r"\bakhir tahun (?:ini|nanti)\b|\bakhir tahun\b(?!\s*(?:19|20)[0-9]{2})", re.IGNORECASE), 0, 12),
    (re.compile(r"\btahun depan\b|\btahun mendatang\b", re.IGNORECASE), 1, None),
    (re.compile(r"\btahun lalu\b|\btahun sebelumnya\b", re.IGNORECASE), -1, None),
    (re.compile(r"\btahun ini\b|\bsaat ini\b|\bhingga kini\b", re.IGNORECASE), 0, None),
]
_DATE_LIKE = re.compile(r"\(?\d{1,2}/\d{1,2}/(?:19|20)\d{2}\)?")


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

_DAY_NAMES = r"(?:senin|selasa|rabu|kamis|jumat|jum'at|sabtu|minggu|ahad)"
_ISO_STAMP = re.compile(r"(?<![0-9])(?P<y>(?:19|20)[0-9]{2})-(?P<m>[01]?[0-9])-(?P<d>[0-3]?[0-9])(?![0-9])")
# a written date counts only as a date line: after a day name ("Jumat, 24 Agustus 2024") or before a
# clock time ("24 Agustus 2024 | 10:12 WIB"); "per 31 Desember 2024" in a sentence is a data date
_DMY = rf"(?P<d>[0-3]?[0-9])\s+(?P<month>{_MONTH_RX})\.?\s+(?P<y>(?:19|20)[0-9]{{2}})"
_DMY_WORDS = (re.compile(rf"\b{_DAY_NAMES}\s*,?\s*{_DMY}\b", re.IGNORECASE),
              re.compile(rf"(?<![0-9]){_DMY}\s*[|,\-–]?\s*(?:pukul\s*)?[0-2]?[0-9][:.][0-5][0-9]", re.IGNORECASE))
_DAY_SLASH = re.compile(rf"\b{_DAY_NAMES}\s*,?\s*\(?\s*(?P<d>[0-3]?[0-9])/(?P<m>[01]?[0-9])/(?P<y>(?:19|20)[0-9]{{2}})",
                        re.IGNORECASE)


def _valid_date(y: int, m: int, d: int) -> Optional[date]:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def infer_published(text: str, *, head_chars: int = 600) -> Optional[date]:
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
