"""Figures in entity text: counts, percentages and money, each parsed by a small pure function
that returns None rather than a guess.

- ``parse_quantity("5,9 juta pekerja")`` → value 5900000, qualifier "exact", unit "pekerja"
- ``parse_percent("31,85 persen")`` → 31.85
- ``parse_money("Rp5.060.579.420.000")`` → 5060579420000 (lokal-id's Rupiah parser)

Separators follow the text's convention: "31,85" and "31.9" are decimals; "5.900.000" and
"175,813" are thousands; "27.025 ribu" is 27,025 thousand.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Optional

from lokal import parse_rupiah

from ..resources import load
from .periods import MONTHS


_LEXICON = load("entity_lexicon")
_CUES = load("number_cues")
#: characters before a figure searched for a qualifier ("lebih dari", "sekitar")
QUALIFIER_WINDOW = 40
#: the largest value read as a percentage
MAX_PERCENT = 1000


def alternation(words, *, escape: bool = True, longest_first: bool = True) -> str:
    """A non-capturing regex group matching any of ``words`` (escaped; longest first, so that "ribuan"
    is tried before "ribu")."""
    words = sorted(words, key=len, reverse=True) if longest_first else list(words)
    return "(?:" + "|".join(re.escape(w) if escape else w for w in words) + ")"


_SCALE_WORDS = alternation(_LEXICON["scale_words"])
_NUM = r"[0-9]+(?:[.,][0-9]+)*"
_NUM_WORDS = alternation(_LEXICON["number_words"], longest_first=False)
_NUMERIC_HEAD = re.compile(
    rf"^\s*(?P<num>{_NUM}(?:-an)?|{_NUM_WORDS}(?:\s+{_NUM_WORDS})*)"
    rf"(?:\s*(?:-|–|hingga|sampai|s\.d\.?|s/d)\s*(?P<upper>{_NUM}))?"
    rf"(?:\s*(?P<scale>{_SCALE_WORDS}(?:-an)?)\b)?(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL,
)
_CLASSIFIERS = re.compile(rf"^{alternation(_CUES['count_classifiers'])}\s+", re.IGNORECASE)
_NOT_COUNT_UNITS = frozenset(_CUES["not_count_units"])
_QUALIFIER_TAIL = {"at_most": rf"(?:\s+{re.escape(_CUES['qualifier_after_at_most'])})?"}
#: (qualifier, the regex of the words that give it right before a figure), tried in this order
_BEFORE_QUALIFIERS = [
    (name, re.compile(alternation(words, longest_first=False) + _QUALIFIER_TAIL.get(name, "") + r"\s*$",
                      re.IGNORECASE))
    for name, words in _CUES["qualifiers_before"].items()
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
    context = context[-QUALIFIER_WINDOW:]
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
        if unit.split()[0] in MONTHS or unit.split()[0] in _NOT_COUNT_UNITS:
            return None  # "17 Februari", "2 tahun": a date or duration, not a count
    return Quantity(value, qualifier, upper, unit)


_PERCENT = re.compile(
    rf"^\s*(?P<num>{_NUM}|{_NUM_WORDS}(?:\s+{_NUM_WORDS})*)"
    rf"(?:\s*(?:-|–|hingga|sampai)\s*(?P<upper>{_NUM}))?\s*{alternation(_LEXICON['percent_words'])}",
    re.IGNORECASE,
)


def parse_percent(text: str, *, before: str = "") -> Optional[Quantity]:
    """Parse a PERCENT span ("31,85 persen", "31.9%", "70 %", "tiga puluh persen").

    In a percentage one separator is always a decimal mark ("35,35", "31.9").
    RETURNS (Quantity | None): unit "percent"; None when the text is not a percentage in 0..MAX_PERCENT.
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
    if value is None or not 0 <= value <= MAX_PERCENT:
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
