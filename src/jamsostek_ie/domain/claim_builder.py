"""Assemble ``CoverageClaim``s from a Doc's entities and relations (rules of ../shared/SCHEMA.md).

One claim per PERCENT/COUNT with COVERAGE_OF (achieved) or TARGET_OF (target). The steps, each a
function of its own: read the figure (``figure_quantity``), find its region and organisation
(``claim_scope``), its period (``claim_period``), its workforce base, money and regulations
(``ArticleIndex``). A figure whose claim relation reaches into an earlier sentence (a schema-v2
context link) gets ``context=True`` and the anchor's sentence in its evidence.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, List, Optional, Set, Tuple

from spacy.tokens import Doc, Span

from .claims import CoverageClaim, Evidence, MoneyAmount
from .figure_roles import cue_kind, is_distractor, refresh
from .news import head_sentences, headline, is_dateline, sentence_span
from .numbers import Quantity, parse_money, parse_percent, parse_quantity
from .organisations import Organisation, canonical_org
from .periods import Period, parse_period
from .regions import Region, resolve_region
from .regulations import Regulation, parse_regulation
from .respectively import respectively_regions
from ..resources import load as load_resource
from ..schema import CLAIM_RELATIONS

SpanKey = Tuple[int, int]
#: words before a figure that may qualify it ("sekitar", "lebih dari"), in tokens
QUALIFIER_WINDOW = 4


def _national_words() -> Tuple[str, ...]:
    return tuple(load_resource("claim_cues")["national_words"])


def span_key(span: Span) -> SpanKey:
    return (span.start, span.end)


def sentence_of(span: Span) -> Span:
    return sentence_span(span)


def words_before(span: Span, n: int = QUALIFIER_WINDOW) -> str:
    """The ``n`` tokens before ``span`` inside its sentence (where qualifiers such as "sekitar" stand)."""
    start = max(sentence_of(span).start, span.start - n)
    return span.doc[start:span.start].text + " "


def figure_quantity(span: Span) -> Optional[Quantity]:
    """Normalise a PERCENT or COUNT span (qualifier words before it included)."""
    if span.label_ == "PERCENT":
        return parse_percent(span.text, before=words_before(span))
    if span.label_ == "COUNT":
        return parse_quantity(span.text, before=words_before(span))
    return None


def region_of_span(span: Span) -> Optional[Region]:
    """The canonical region of a REGION span; the word before it breaks ties (Bupati X → the regency)."""
    prev = span.doc[span.start - 1].lower_ if span.start > 0 else ""
    prefer = "regency" if prev in ("bupati", "kabupaten", "pemkab") else ("city" if prev in ("kota", "walikota")
                                                                             else None)
    return resolve_region(span.text, prefer=prefer)


def article_region_mention(doc: Doc, n_sents: int = 3) -> Tuple[Optional[Region], Optional[Span]]:
    """The region an article is about and the sentence naming it: the first region-bearing mention of
    its headline/lead.

    Datelines and page noise (captions, "Baca Juga:" links, timestamps) are skipped; an ORG counts
    through the region its name carries ("BPJS Ketenagakerjaan Kanwil Jabar" → Jawa Barat).
    """
    for sent in head_sentences(doc, n_sents):
        for ent in sent.ents:
            if ent.label_ == "REGION" and not is_dateline(ent):
                r = region_of_span(ent)
                if r is not None and r.level != "country":
                    return r, sent
            elif ent.label_ == "ORG":
                o = canonical_org(ent.text)
                if o is not None and o.region is not None and o.region.level != "country":
                    return o.region, sent
    return None, None


def article_region(doc: Doc, n_sents: int = 3) -> Optional[Region]:
    """The region an article is about (``article_region_mention`` without the sentence)."""
    return article_region_mention(doc, n_sents)[0]


def target_names(span: Span) -> Set[str]:
    """Keys under which money and regulations attach: the span itself, its canonical region or org."""
    out = {f"span:{span.start}:{span.end}"}
    if span.label_ == "REGION":
        r = region_of_span(span)
        if r is not None:
            out.add(f"region:{r.name}")
    elif span.label_ == "ORG":
        o = canonical_org(span.text)
        if o is not None:
            out.add(org_key(o))
            if o.region is not None:
                out.add(f"region:{o.region.name}")
    return out


def org_key(org: Organisation) -> str:
    return f"org:{org.name}|{org.region.name if org.region else ''}"


@dataclass
class ArticleIndex:
    """What every claim of one Doc looks up: entities by token offsets, relations by head, and the
    article-level money and regulations keyed by ``target_names``."""

    doc: Doc
    spans: Dict[SpanKey, Span] = field(default_factory=dict)
    by_head: Dict[SpanKey, List[dict]] = field(default_factory=dict)
    money: Dict[str, List[MoneyAmount]] = field(default_factory=dict)
    regulations: Dict[str, List[Regulation]] = field(default_factory=dict)
    _region: Optional[Tuple[Optional[Region], Optional[Span]]] = None
    _respectively: Optional[Dict[SpanKey, Span]] = None

    @classmethod
    def build(cls, doc: Doc) -> "ArticleIndex":
        index = cls(doc, {span_key(e): e for e in doc.ents})
        for rel in doc._.relations or []:
            index.by_head.setdefault(tuple(rel["head"]), []).append(rel)
            head, child = index.spans.get(tuple(rel["head"])), index.spans.get(tuple(rel["child"]))
            if head is None or child is None:
                continue
            if rel["label"] == "AMOUNT_FOR":
                q = parse_money(head.text, before=words_before(head))
                amount = MoneyAmount(head.text, q.value if q else None, q.qualifier if q else "exact")
                for t in target_names(child):
                    index.money.setdefault(t, []).append(amount)
            elif rel["label"] == "LEGAL_BASIS":
                reg = parse_regulation(head.text)
                for t in target_names(child) if reg is not None else ():
                    index.regulations.setdefault(t, []).append(reg)
        return index

    def article_region(self) -> Optional[Region]:
        return self.article_mention()[0]

    def article_mention(self) -> Tuple[Optional[Region], Optional[Span]]:
        if self._region is None:
            self._region = article_region_mention(self.doc)
        return self._region

    def respectively(self) -> Dict[SpanKey, Span]:
        """The REGION each figure of a "masing-masing" list is paired with (``respectively_regions``)."""
        if self._respectively is None:
            self._respectively = respectively_regions(self.doc)
        return self._respectively

    def child(self, rel: dict) -> Optional[Span]:
        return self.spans.get(tuple(rel["child"]))


#: region levels an article can be about that lie inside a multi-province office's area
ONE_AREA_LEVELS = ("province", "regency", "city")


#: how many tokens around a figure the sentence-level cues read (bounded for entity-dense long lines)
NEAR_WINDOW = 40


def near_text(head: Span) -> str:
    """The lower-cased text of the figure's sentence within ``NEAR_WINDOW`` tokens of it."""
    sent = sentence_of(head)
    return " " + head.doc[max(sent.start, head.start - NEAR_WINDOW):min(sent.end, head.end + NEAR_WINDOW)].text.lower()


def office_area_anchor(head: Span, target: Span, index: ArticleIndex) -> Optional[Span]:
    """GUIDELINES D45 for predicted links: a figure linked to a Kanwil that covers several provinces
    ("Kanwil Sumbagut") in an article about one province is that province's figure, unless its sentence
    speaks of the whole office area ("wilayah kerjanya", "seluruh wilayah"). RETURNS the sentence naming
    the article's region (the claim's context anchor), else None."""
    if target.label_ != "ORG":
        return None
    torg = canonical_org(target.text)
    if torg is None or torg.region is None or torg.region.level != "office_area":
        return None
    region, mention = index.article_mention()
    if region is None or region.level not in ONE_AREA_LEVELS or mention is None:
        return None
    low = near_text(head)
    if any(w in low for w in load_resource("claim_cues")["office_area_words"]):
        return None
    return mention if mention.start != sentence_of(head).start else None


def is_venue(region: Span) -> bool:
    """A REGION that is where something was said or where someone comes from, not where coverage is:
    "tegas Adi Hendratta di Banjarmasin", "agen Perisai asal Kecamatan Mollo Utara", "kantor cabang Jakarta"
    (but workers "asal Kaltara" are that region's workers)."""
    cues = load_resource("claim_cues")
    doc, sent = region.doc, sentence_of(region)
    prev = doc[region.start - 1].lower_ if region.start > sent.start else ""
    if prev in cues["venue_before"]:
        before_prev = doc[region.start - 2].lower_ if region.start - 1 > sent.start else ""
        return not (prev == "asal" and before_prev in cues["workers_from"])  # "pekerja migran asal Kaltara"
    if prev != "di":
        return False
    clause = [t.lower_ for t in doc[max(sent.start, region.start - 8):region.start - 1]]
    return any(w in cues["speech_verbs"] for w in clause)


def national_article_link(head: Span, target: Span, region: Optional[Region], index: ArticleIndex) -> bool:
    """A predicted context link from a figure of a national article (no region in its headline and lead)
    to a province or regency named in passing before it ("Adapun Sulawesi Tenggara ... Dari sisi target,
    lembaga ini membidik 10,5 juta pekerja"): the figure is the country's, unless its sentence points
    back to a place ("di provinsi itu", "daerah tersebut")."""
    if target.label_ != "REGION" or region is None or region.level == "country":
        return False
    article = index.article_region()
    if article is not None and article.level != "country":
        return False
    low = near_text(head)
    return not any(w in low for w in load_resource("claim_cues")["place_anaphora"])


def claim_scope(head: Span, target: Span, claimed: Optional[Span],
                index: ArticleIndex) -> Tuple[Optional[Region], Optional[Organisation]]:
    """Region and organisation of a claim: the linked REGION; for a figure linked to an ORG the region
    its name carries, else Indonesia when the sentence says national, else the article's region."""
    org = canonical_org(claimed.text) if claimed is not None else None
    if target.label_ == "REGION":
        return region_of_span(target), org
    torg = canonical_org(target.text)
    org = org or torg
    if torg is not None and torg.region is not None:
        return torg.region, org
    low = sentence_of(head).text.lower()
    if any(w in low for w in _national_words()) or " indonesia" in low:
        return resolve_region("nasional"), org
    region = index.article_region()
    return (region if region is not None else resolve_region("nasional")), org


#: ``doc.user_data`` key of the per-sentence entity index of ``sentence_ents``
SENT_ENTS_KEY = "jamsostek_ie.sentence_ents"


def sentence_ents(sent: Span) -> List[Span]:
    """The entities of a sentence, from a per-document index built once (``Span.ents`` scans every
    entity of the document, which made claims quadratic in entity-dense texts)."""
    doc = sent.doc
    table = doc.user_data.get(SENT_ENTS_KEY)
    if table is None:  # build_claims drops it first, so entities set since are seen
        table = {}
        for ent in doc.ents:
            table.setdefault(sentence_span(ent).start if doc.has_annotation("SENT_START") else 0, []).append(ent)
        doc.user_data[SENT_ENTS_KEY] = table
    return table.get(sent.start, [])


def sentence_text_for_periods(sent: Span) -> str:
    """The sentence with its regulations blanked out (same length): "Perbup Nomor 5 Tahun 2023" dates
    the regulation, not the figure (GUIDELINES D57)."""
    text = sent.text
    for ent in sentence_ents(sent):
        if ent.label_ == "REGULATION":
            a, b = ent.start_char - sent.start_char, ent.end_char - sent.start_char
            text = text[:a] + " " * (b - a) + text[b:]
    return text


def _claim_period_of(text: str, published, anchor: Optional[int] = None) -> Optional[Period]:
    cues = load_resource("claim_cues")
    period = parse_period(text, published=published, anchor=anchor)
    if period is None:
        return None
    phrase = (period.text or "").strip().lower()
    if phrase in cues["no_period_phrases"]:
        return None
    if period.month is not None and phrase.split(" ", 1)[0] in cues["year_end_words"]:
        return Period(period.year, None, period.text)  # "akhir 2024": the year, not December
    return period


def claim_period(head: Span, anchor: Optional[Span], kind: str, published, headline_period: Optional[Period],
                 headline_kinds: Set[str]) -> Optional[Period]:
    """The period a figure refers to: its own sentence, else (context links) the anchor's sentence,
    else the headline's period for claims of the headline's own kind."""
    sent = sentence_of(head)
    period = _claim_period_of(sentence_text_for_periods(sent), published, head.start_char - sent.start_char)
    if period is None and anchor is not None:
        period = _claim_period_of(sentence_text_for_periods(anchor), published)
    if period is None and headline_period is not None and kind in headline_kinds:
        period = headline_period
    return period


def workforce_for(head: Span, target: Span, region: Optional[Region], index: ArticleIndex) -> Optional[Quantity]:
    """A WORKFORCE_OF count of the figure's sentence for the same region (or the same target)."""
    workforce = None
    for other in sentence_ents(sentence_of(head)):
        if other.label_ != "COUNT" or other == head:
            continue
        for rel in index.by_head.get(span_key(other), []):
            wchild = index.child(rel) if rel["label"] == "WORKFORCE_OF" else None
            if wchild is None:
                continue
            worg = canonical_org(wchild.text) if wchild.label_ == "ORG" else None
            wreg = region_of_span(wchild) if wchild.label_ == "REGION" else (worg.region if worg else None)
            if wchild == target or (wreg is not None and region is not None and wreg.name == region.name):
                workforce = parse_quantity(other.text, before=words_before(other))
    return workforce


def money_and_regulations(head: Span, target: Span, region: Optional[Region], org: Optional[Organisation],
                          index: ArticleIndex) -> Tuple[Tuple[MoneyAmount, ...], Tuple[Regulation, ...]]:
    """AMOUNT_FOR amounts tied to the figure, its target or org; LEGAL_BASIS of its region or org."""
    org_keys = {org_key(org)} if org else set()
    money: List[MoneyAmount] = []
    for t in sorted({f"span:{head.start}:{head.end}"} | target_names(target) | org_keys):
        money.extend(index.money.get(t, []))
    regulations: List[Regulation] = []
    for t in sorted(target_names(target) | ({f"region:{region.name}"} if region else set()) | org_keys):
        for reg in index.regulations.get(t, []):
            if reg not in regulations:
                regulations.append(reg)
    return tuple(dict.fromkeys(money)), tuple(regulations)


def _headline_scope(doc: Doc, published, rels: List[dict]) -> Tuple[Optional[Period], Set[str]]:
    first = headline(doc)
    period = _claim_period_of(sentence_text_for_periods(first), published) if first is not None else None
    if period is None:
        return None, set()
    kinds = {CLAIM_RELATIONS[r["label"]] for r in rels
             if r["label"] in CLAIM_RELATIONS and first.start <= r["head"][0] < first.end}
    return period, kinds


def build_claim(head: Span, head_rels: List[dict], index: ArticleIndex, *, published, article_id: Optional[str],
                headline_period: Optional[Period] = None, headline_kinds: Set[str] = frozenset(),
                context_links: bool = True, veto: bool = True) -> Optional[CoverageClaim]:
    """The claim of one figure, or None when it has no claim relation or cannot be read."""
    ranked = sorted(head_rels, key=lambda r: -r.get("score", 1.0))
    sent = sentence_of(head)
    for claim_rel in (r for r in ranked if r["label"] in CLAIM_RELATIONS):
        target = index.child(claim_rel)
        if target is None:
            continue
        anchor = sentence_of(target) if sentence_of(target).start != sent.start else None
        if anchor is not None and not context_links:
            continue
        break
    else:
        return None
    q = figure_quantity(head)
    if q is None:
        return None  # a figure we cannot read yields no claim rather than a claim without a value
    if veto and is_distractor(head):
        return None
    claimed = next((index.child(r) for r in ranked if r["label"] == "CLAIMED_BY"
                    and (context_links or sentence_of(index.child(r)).start == sent.start)), None)
    region, org = claim_scope(head, target, claimed, index)
    area_anchor = office_area_anchor(head, target, index) if veto and context_links else None
    if area_anchor is not None:
        region, anchor = index.article_region(), anchor or area_anchor
    paired = index.respectively().get(span_key(head)) if veto else None
    if paired is not None and (context_links or sentence_of(paired).start == sent.start):
        # "X, Y dan Z masing-masing 1, 2 dan 3 persen": the list decides, not the extractor's pick
        region = region_of_span(paired) or region
        anchor = sentence_of(paired) if sentence_of(paired).start != sent.start else None
    if veto and target.label_ == "REGION" and is_venue(target):
        return None  # the place a statement was made or a person comes from is no figure's region (D45)
    if veto and anchor is not None and national_article_link(head, target, region, index):
        region = resolve_region("nasional")
    if veto and region is None:
        return None  # a predicted link to a place we cannot resolve ("ketiga daerah"): no claim without a region
    kind = CLAIM_RELATIONS[claim_rel["label"]]
    if veto:  # predicted relations: a kind word right before the figure outranks the label
        kind = cue_kind(head) or kind
    money, regulations = money_and_regulations(head, target, region, org, index)
    evidence = Evidence(article_id, sent.text, sent.start_char, sent.end_char, head.start_char, head.end_char,
                        anchor.text if anchor is not None else None,
                        anchor.start_char if anchor is not None else None,
                        anchor.end_char if anchor is not None else None)
    return CoverageClaim(
        kind=kind, figure=head.text, label=head.label_, value=q.value, qualifier=q.qualifier, upper=q.upper,
        unit=q.unit, region=region, org=org, workforce=workforce_for(head, target, region, index), money=money,
        regulations=regulations, period=claim_period(head, anchor, kind, published, headline_period, headline_kinds),
        evidence=evidence, score=claim_rel.get("calibrated", claim_rel.get("score")), context=anchor is not None)


def build_claims(doc: Doc, *, published=None, article_id: Optional[str] = None,
                 context_links: bool = True, veto: Optional[bool] = None) -> List[CoverageClaim]:
    """Assemble coverage claims from ``doc.ents`` and ``doc._.relations``.

    doc (Doc): entities set, relations in ``doc._.relations``, sentence boundaries set.
    published (date | str | None): the article date, for relative periods ("tahun depan").
    article_id (str | None): recorded in each claim's evidence.
    context_links (bool): keep claims whose region or organisation is named in an earlier sentence.
    veto (bool | None): drop figures whose nearest words say they are no coverage figure
        (``figure_roles.is_distractor``) and let a kind word right before a figure decide its kind
        (``figure_roles.cue_kind``); None: on for predicted relations (they carry scores), off for gold
        ones, whose annotator has already decided.
    RETURNS (list[CoverageClaim]): one claim per figure with COVERAGE_OF or TARGET_OF, in text order.
    """
    rels = doc._.relations or []
    if not rels:
        return []
    doc.user_data.pop(SENT_ENTS_KEY, None)
    refresh(doc)
    try:
        return _build_all(doc, rels, published=published, article_id=article_id, context_links=context_links,
                          veto=veto)
    finally:
        doc.user_data.pop(SENT_ENTS_KEY, None)  # spans in user_data would break Doc serialisation


def _build_all(doc: Doc, rels: List[dict], *, published, article_id, context_links: bool,
               veto: Optional[bool]) -> List[CoverageClaim]:
    index = ArticleIndex.build(doc)
    headline_period, headline_kinds = _headline_scope(doc, published, rels)
    if veto is None:
        veto = any("score" in r for r in rels)  # predicted relations carry scores, gold ones do not
    claims: List[CoverageClaim] = []
    for key in sorted(index.by_head):
        head = index.spans.get(key)
        if head is None or head.label_ not in ("PERCENT", "COUNT"):
            continue
        claim = build_claim(head, index.by_head[key], index, published=published, article_id=article_id,
                            headline_period=headline_period, headline_kinds=headline_kinds,
                            context_links=context_links, veto=veto)
        if claim is not None:
            claims.append(claim)
    return claims
