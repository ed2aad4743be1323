"""Repairs of entity spans the statistical NER proposes, from what the labels mean (``clean_span``),
and the end of an office name where its known places end (``trim_to_known_place``).
"""
from __future__ import annotations

import re
from typing import Optional

from spacy.tokens import Doc, Span

from ..resources import load as load_resource


def lexicon() -> dict:
    return load_resource("entity_lexicon")


_GENERIC_ORG = frozenset({"pemerintah", "pemda", "pemkot", "pemkab", "pemprov", "disnaker", "disnakertrans", "dprd",
                          "dinas", "kantor", "badan", "bank", "kementerian", "pt"})
_LEAD_REGION = frozenset({"wilayah", "daerah", "se", "seluruh", "kawasan"})
_NUMERIC = re.compile(r"^[0-9]+(?:[.,][0-9]+)*$")
#: a number written with thousands groups ("213.582", "1,159,887"): a count even with no noun after it
GROUPED_NUMBER = re.compile(r"^[0-9]{1,3}(?:[.,][0-9]{3})+$")


def clean_span(span: Span) -> Optional[Span]:
    """Repair or drop an entity the statistical NER proposed, using what the labels mean.

    COUNT: trailing function words are cut ("3,7 miliar Rupiah telah"); a span that is money
    becomes MONEY; one that does not read as a quantity ("27 November", "1a huruf") or is a bare
    number without scale word or noun ("29") is dropped. REGION: a mention that is neither in the
    gazetteer nor a Kemendagri district/village name nor written with a place prefix is dropped
    ("Linmas", "Monitoring"), and so are "nasional" after a superlative ("terbanyak nasional") and a
    lower-case word that is a regency's name too ("batu bara": coal). RETURNS (Span | None): the span to keep.
    """
    from ..domain.numbers import parse_money, parse_percent, parse_quantity
    from ..domain.regulations import parse_regulation
    from ..domain.regions import lookup_place, resolve_region

    doc = span.doc
    lx = lexicon()
    stop = set(lx["stop_tail"])
    lower_stop = set(lx["stop_tail_lowercase"])
    start, end = span.start, span.end
    while end > start + 1 and (doc[end - 1].lower_ in stop or doc[end - 1].is_punct
                               or (doc[end - 1].text in lower_stop)):
        end -= 1
    text = doc[start:end].text
    if "\n" in text or ":" in text:
        return None  # timestamps, lines glued together
    label = span.label_
    if label == "COUNT":
        words = [t.lower_ for t in doc[start:end]]
        if any(w in ("rp", "rp.", "rupiah", "idr") for w in words):
            label = "MONEY"
        else:
            q = parse_quantity(text)
            if q is None or (q.unit is not None and len(q.unit) < 3):
                return None
            has_scale = any(w in lx["scale_words"] or w == "-an" for w in words)
            end = cut_after_noun(doc, start, end)
            if end - start == 1 and not has_scale and not GROUPED_NUMBER.match(doc[start].text):
                return None  # a bare small number ("29"); "213.582" alone is a count (SCHEMA: spanned alone)
            if start > 0 and doc[start - 1].lower_ == "salah" and doc[start].lower_ == "satu":
                return None  # "salah satu peserta": one of, not a count
    if label == "MONEY" and parse_money(doc[start:end].text) is None:
        return None
    if label == "PERCENT" and parse_percent(doc[start:end].text) is None:
        return None
    if label == "REGULATION":
        reg = parse_regulation(text)
        if reg is None or (reg.number is None and reg.year is None) or text.count("(") != text.count(")"):
            return None
    if label == "ORG" and end - start == 1 and doc[start].lower_ in _GENERIC_ORG:
        return None
    if label == "ORG" and text.isupper() and "." not in text and end - start <= 3 and known_place(text):
        label = "REGION"  # a dateline's place in capitals ("RADARPEKALONGAN.CO.ID, KENDAL –")
    words = {t.lower_ for t in doc[start:end]}
    if label == "ORG" and words & _BPJS_WORDS and "kesehatan" not in words:
        end = trim_to_known_place(doc, start, end)  # "... BPJS Ketenagakerjaan Jawa Barat Romie Erfianto"
    if label == "REGION":
        while end - start > 1 and doc[start].lower_ in _LEAD_REGION:
            start += 1
        text = doc[start:end].text
        if text.lower() == "nasional" and start > 0 and doc[start - 1].lower_ in lx["superlatives"]:
            return None  # "terbanyak nasional": the scope of a ranking, not the figure's region
        if lowercase_common_word(text):
            return None
        if resolve_region(text) is None:
            end = extend_to_region(doc, start, end)
            text = doc[start:end].text
        if resolve_region(text) is None and not lookup_place(text):
            return None
    if (start, end, label) == (span.start, span.end, span.label_):
        return span
    return Span(doc, start, end, label=label)


_BPJS_WORDS = frozenset({"bpjs", "bpjamsostek", "bpjstk", "jamsostek"})
_OFFICE_OR_CORE = frozenset({"bpjs", "ketenagakerjaan", "tk", "naker", "bp", "jamsostek", "bpjamsostek", "bpjstk",
                             "kanwil", "cabang", "kcp", "wilayah", "kc", "perintis", "pembantu", "pusat", "ri",
                             "kantor", "utama", "ketenaga", "kerjaan"})


#: how many capitalised words a REGION the NER cut short may be extended by
REGION_EXTENSION = 2


def extend_to_region(doc: Doc, start: int, end: int) -> int:
    """The end of the longest known region that starts like ``doc[start:end]`` and goes on with up to
    two capitalised words: the NER's "Kabupaten Aceh" + "Singkil" → "Kabupaten Aceh Singkil"."""
    from ..domain.regions import resolve_region

    best = end
    for extra in range(1, REGION_EXTENSION + 1):
        stop = end + extra
        if stop > len(doc) or not (doc[stop - 1].is_alpha and doc[stop - 1].is_title):
            break
        if resolve_region(doc[start:stop].text) is not None:
            best = stop
    return best


def lowercase_common_word(text: str) -> bool:
    """A lower-case REGION candidate that is a common word too ("batu bara": coal): place names are
    capitalised; "nasional" and a province written in lower case (a typo) stay."""
    from ..domain.regions import resolve_region

    if not text.islower() or text == "nasional":
        return False
    r = resolve_region(text)
    return r is None or r.level != "province"


def known_place(text: str) -> bool:
    from ..domain.regions import lookup_place, resolve_region

    return resolve_region(text) is not None or lookup_place(text, villages=False)


def trim_to_known_place(doc: Doc, start: int, end: int) -> int:
    """End of an office name: the words after its last BPJS/office word are kept only while they form
    known places (gazetteer regions, Kemendagri districts), so a person named after the office stays
    out: "Kantor Cabang BPJS Ketenagakerjaan Pontianak Ryan Gustaviana" ends after "Pontianak";
    "BPJS Ketenagakerjaan Cabang Bojongsoang Kabupaten Bandung" keeps both places. A span without an
    office word is returned whole."""
    last = max((i for i in range(start, end) if doc[i].lower_ in _OFFICE_OR_CORE), default=None)
    if last is None:
        return end
    i = last + 1
    while i < end:
        if not doc[i].text[:1].isupper():
            break  # places are written capitalised: "BPJS Ketenagakerjaan baru menyentuh" ends at the name
        j = next((j for j in range(end, i, -1) if known_place(doc[i:j].text)), None)
        if j is None:
            break
        i = j
        if i + 1 < end and doc[i].text == "-" and known_place(doc[i + 1].text):
            i += 1  # "KC Tabalong-Balangan": an office of two places
    return i


def cut_after_noun(doc: Doc, start: int, end: int) -> int:
    """A COUNT ends at its counted noun: "26.373 pekerja rentan" → "26.373 pekerja"."""
    lx = lexicon()
    nouns = sorted((n.split() for n in lx["count_nouns"]), key=len, reverse=True)
    numeric = set(lx["scale_words"]) | set(lx["number_words"]) | set(lx["classifiers"]) | {"-an", "-", "–"}
    i = start
    while i < end and (doc[i].like_num or doc[i].lower_ in numeric or _NUMERIC.match(doc[i].text)):
        i += 1
    if i >= end:
        return end
    for noun in nouns:
        if [t.lower_ for t in doc[i:i + len(noun)]] == noun:
            return min(end, i + len(noun))
    if doc[i].lower_ in set(lx["not_count_nouns"]) or "." in doc[i].text:
        return i  # "213.582 berdasarkan data BPS", "18 jpnn.com": the number alone
    return min(end, i + 1)
