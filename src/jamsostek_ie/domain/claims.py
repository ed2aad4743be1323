"""Coverage claims: typed results assembled from entities, relations and the normalisers."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Dict, List, Optional, Tuple

from spacy.tokens import Doc, Span

from .normalize import (Period, Quantity, Regulation, parse_money, parse_percent, parse_period, parse_quantity,
                        parse_regulation)
from .regions import Organisation, Region, canonical_org, resolve_region
from ..pipeline.rel_features import _is_dateline
from ..schema import CLAIM_RELATIONS

_NATIONAL_WORDS = ("nasional", "seluruh indonesia", "se-indonesia", "secara nasional", "tingkat nasional")


@dataclass(frozen=True)
class Evidence:
    """Where a claim comes from.

    article_id (str | None): the article. sentence (str): the sentence text.
    start / end (int): character offsets of the sentence in the article text.
    figure_start / figure_end (int): character offsets of the figure.
    """

    article_id: Optional[str]
    sentence: str
    start: int
    end: int
    figure_start: int
    figure_end: int


@dataclass(frozen=True)
class MoneyAmount:
    """An AMOUNT_FOR amount tied to a claim. text (str); value (float | None) in rupiah; qualifier (str)."""

    text: str
    value: Optional[float]
    qualifier: str = "exact"


@dataclass(frozen=True)
class CoverageClaim:
    """One coverage claim (schema: one per PERCENT/COUNT with COVERAGE_OF or TARGET_OF).

    kind (str): "achieved" or "target". figure (str): the figure as written. label (str): PERCENT or COUNT.
    value (float | None): normalised value (31.85; 5900000). qualifier (str): exact/approx/at_least/at_most/range.
    upper (float | None): upper bound of a range. unit (str | None): "percent" or the counted noun.
    region (Region | None): the canonical region. org (Organisation | None): who claims it.
    workforce (Quantity | None): the base for the same region in the sentence.
    money (list[MoneyAmount]); regulations (list[Regulation]); period (Period | None).
    evidence (Evidence): sentence and offsets. score (float | None): relation probability when predicted.
    """

    kind: str
    figure: str
    label: str
    value: Optional[float]
    qualifier: str
    upper: Optional[float]
    unit: Optional[str]
    region: Optional[Region]
    org: Optional[Organisation]
    workforce: Optional[Quantity]
    money: Tuple[MoneyAmount, ...]
    regulations: Tuple[Regulation, ...]
    period: Optional[Period]
    evidence: Evidence
    score: Optional[float] = None

    def to_dict(self) -> Dict:
        """A flat, JSON-ready dict (one level of nesting for lists)."""
        r, o, w, p, e = self.region, self.org, self.workforce, self.period, self.evidence
        return {
            "article_id": e.article_id,
            "kind": self.kind,
            "label": self.label,
            "figure": self.figure,
            "value": self.value,
            "qualifier": self.qualifier,
            "upper": self.upper,
            "unit": self.unit,
            "region": r.name if r else None,
            "region_level": r.level if r else None,
            "region_code": r.code if r else None,
            "province": (r.name if r and r.level == "province" else (r.province if r else None)),
            "org": o.name if o else None,
            "org_office": o.office if o else None,
            "org_text": o.text if o else None,
            "workforce": w.value if w else None,
            "money": [{"text": m.text, "value": m.value, "qualifier": m.qualifier} for m in self.money],
            "regulations": [{"text": g.text, "type": g.type, "number": g.number, "year": g.year,
                             "region": g.region.name if g.region else None} for g in self.regulations],
            "period": str(p) if p else None,
            "period_year": p.year if p else None,
            "period_month": p.month if p else None,
            "sentence": e.sentence,
            "sentence_start": e.start,
            "sentence_end": e.end,
            "figure_start": e.figure_start,
            "figure_end": e.figure_end,
            "score": self.score,
        }

    def key(self) -> Tuple:
        """The matching key of the evaluation: kind, canonical region and value."""
        region = self.region.name if self.region else None
        value = None if self.value is None else round(self.value, 2)
        return (self.kind, region, value)


# ---------------------------------------------------------------- building


def _before(span: Span, n: int = 4) -> str:
    doc = span.doc
    start = max(span.sent.start if doc.has_annotation("SENT_START") else 0, span.start - n)
    return doc[start:span.start].text + " "


def figure_quantity(span: Span) -> Optional[Quantity]:
    """Normalise a PERCENT or COUNT span (qualifier words before it included)."""
    if span.label_ == "PERCENT":
        return parse_percent(span.text, before=_before(span))
    if span.label_ == "COUNT":
        return parse_quantity(span.text, before=_before(span))
    return None


def _region_of_span(span: Span) -> Optional[Region]:
    prev = span.doc[span.start - 1].lower_ if span.start > 0 else ""
    prefer = "regency" if prev in ("bupati", "kabupaten", "pemkab") else ("city" if prev in ("kota", "walikota")
                                                                             else None)
    return resolve_region(span.text, prefer=prefer)


def article_region(doc: Doc, n_sents: int = 3) -> Optional[Region]:
    """The region an article is about: the first region-bearing mention of its headline/lead.

    Datelines are skipped (they say where the reporter was), and so are page noise lines (photo
    captions, "Baca Juga:" links, timestamps), which can name an unrelated place; an ORG counts
    through the region its name carries ("BPJS Ketenagakerjaan Kanwil Jabar" → Jawa Barat).
    """
    sents = lead_sentences(doc, n_sents) if doc.has_annotation("SENT_START") else [doc[:]]
    for sent in sents:
        for ent in sent.ents:
            if ent.label_ == "REGION" and not _is_dateline(ent):
                r = _region_of_span(ent)
                if r is not None and r.level != "country":
                    return r
            elif ent.label_ == "ORG":
                o = canonical_org(ent.text)
                if o is not None and o.region is not None and o.region.level != "country":
                    return o.region
    return None


_NOISE_LINE = re.compile(r"^\W*(?:foto|ilustrasi|caption|keterangan foto|dok\.|dokumentasi|baca juga|simak juga|"
                         r"lihat juga|editor|penulis|reporter|sumber|loading|advertisement|scroll to continue)\b",
                         re.IGNORECASE)


def lead_sentences(doc: Doc, n: int):
    """The first ``n`` sentences of the article that are text, not page noise: photo captions,
    "Baca Juga:" links, author tags and lines without a letter (timestamps) are passed over."""
    found = 0
    for sent in doc.sents:
        if found >= n:
            break
        text = sent.text.strip()
        if not text or not any(c.isalpha() for c in text) or _NOISE_LINE.match(text):
            continue
        found += 1
        yield sent


def _headline_period(doc: Doc, published) -> Optional[Period]:
    if not doc.has_annotation("SENT_START"):
        return None
    first = next(doc.sents, None)
    if first is None or first.text.rstrip().endswith("."):
        return None  # a lead sentence, not a headline
    return parse_period(first.text, published=published)


def _span_key(span: Span) -> Tuple[int, int]:
    return (span.start, span.end)


def build_claims(doc: Doc, *, published=None, article_id: Optional[str] = None) -> List[CoverageClaim]:
    """Assemble coverage claims from ``doc.ents`` and ``doc._.relations``.

    doc (Doc): entities set, relations in ``doc._.relations``, sentence boundaries set.
    published (date | str | None): the article date, for relative periods ("tahun depan").
    article_id (str | None): recorded in each claim's evidence.
    RETURNS (list[CoverageClaim]): one claim per figure with COVERAGE_OF or TARGET_OF, in text order.
    """
    rels = doc._.relations or []
    if not rels:
        return []
    spans = {_span_key(e): e for e in doc.ents}
    by_head: Dict[Tuple[int, int], List[dict]] = {}
    for rel in rels:
        by_head.setdefault(tuple(rel["head"]), []).append(rel)
    art_region = None
    art_region_done = False
    headline_period = _headline_period(doc, published)
    headline_kinds = set()
    if headline_period is not None:
        first = next(doc.sents)
        headline_kinds = {CLAIM_RELATIONS[r["label"]] for r in rels
                          if r["label"] in CLAIM_RELATIONS and first.start <= r["head"][0] < first.end}
    # article-level money and regulations, keyed by canonical region / org name
    money_by_target: Dict[str, List[MoneyAmount]] = {}
    regs_by_target: Dict[str, List[Regulation]] = {}
    for rel in rels:
        head, child = spans.get(tuple(rel["head"])), spans.get(tuple(rel["child"]))
        if head is None or child is None:
            continue
        targets = _target_names(child)
        if rel["label"] == "AMOUNT_FOR":
            q = parse_money(head.text, before=_before(head))
            for t in targets:
                money_by_target.setdefault(t, []).append(MoneyAmount(head.text, q.value if q else None,
                                                                     q.qualifier if q else "exact"))
        elif rel["label"] == "LEGAL_BASIS":
            reg = parse_regulation(head.text)
            if reg is not None:
                for t in targets:
                    regs_by_target.setdefault(t, []).append(reg)
    claims: List[CoverageClaim] = []
    for key in sorted(by_head):
        head = spans.get(key)
        if head is None or head.label_ not in ("PERCENT", "COUNT"):
            continue
        head_rels = by_head[key]
        claim_rel = next((r for r in sorted(head_rels, key=lambda r: -r.get("score", 1.0))
                          if r["label"] in CLAIM_RELATIONS), None)
        if claim_rel is None:
            continue
        target = spans.get(tuple(claim_rel["child"]))
        if target is None:
            continue
        sent = head.sent if doc.has_annotation("SENT_START") else doc[:]
        q = figure_quantity(head)
        if q is None:
            continue  # a figure we cannot read yields no claim rather than a claim without a value
        region: Optional[Region] = None
        org: Optional[Organisation] = None
        claimed = next((spans.get(tuple(r["child"])) for r in head_rels if r["label"] == "CLAIMED_BY"), None)
        if claimed is not None:
            org = canonical_org(claimed.text)
        if target.label_ == "REGION":
            region = _region_of_span(target)
        else:
            torg = canonical_org(target.text)
            org = org or torg
            if torg is not None and torg.region is not None:
                region = torg.region
            else:
                low = sent.text.lower()
                if any(w in low for w in _NATIONAL_WORDS) or " indonesia" in low:
                    region = resolve_region("nasional")
                else:
                    if not art_region_done:
                        art_region, art_region_done = article_region(doc), True
                    region = art_region if art_region is not None else resolve_region("nasional")
        workforce = None
        for other in sent.ents:
            if other.label_ != "COUNT" or other == head:
                continue
            for r in by_head.get(_span_key(other), []):
                if r["label"] != "WORKFORCE_OF":
                    continue
                wchild = spans.get(tuple(r["child"]))
                wreg = _region_of_span(wchild) if wchild is not None and wchild.label_ == "REGION" else (
                    (canonical_org(wchild.text).region if wchild is not None else None))
                if wchild is not None and (wchild == target or (wreg is not None and region is not None
                                                                and wreg.name == region.name)):
                    workforce = parse_quantity(other.text, before=_before(other))
        money: List[MoneyAmount] = []
        for t in {f"span:{head.start}:{head.end}"} | _target_names(target) | (
                {f"org:{org.name}|{org.region.name if org.region else ''}"} if org else set()):
            money.extend(money_by_target.get(t, []))
        regulations: List[Regulation] = []
        for t in _target_names(target) | ({f"region:{region.name}"} if region else set()) | (
                {f"org:{org.name}|{org.region.name if org.region else ''}"} if org else set()):
            for reg in regs_by_target.get(t, []):
                if reg not in regulations:
                    regulations.append(reg)
        period = parse_period(sent.text, published=published, anchor=head.start_char - sent.start_char)
        kind = CLAIM_RELATIONS[claim_rel["label"]]
        if period is None and headline_period is not None and kind in headline_kinds:
            period = headline_period
        evidence = Evidence(article_id, sent.text, sent.start_char, sent.end_char, head.start_char, head.end_char)
        claims.append(CoverageClaim(
            kind=kind, figure=head.text, label=head.label_,
            value=q.value if q else None, qualifier=q.qualifier if q else "exact", upper=q.upper if q else None,
            unit=q.unit if q else None, region=region, org=org, workforce=workforce,
            money=tuple(dict.fromkeys(money)), regulations=tuple(regulations), period=period, evidence=evidence,
            score=claim_rel.get("score"),
        ))
    return claims


def _target_names(span: Span) -> set:
    """Keys under which money/regulations attach: the span itself, its canonical region or org."""
    out = {f"span:{span.start}:{span.end}"}
    if span.label_ == "REGION":
        r = _region_of_span(span)
        if r is not None:
            out.add(f"region:{r.name}")
    elif span.label_ == "ORG":
        o = canonical_org(span.text)
        if o is not None:
            out.add(f"org:{o.name}|{o.region.name if o.region else ''}")
            if o.region is not None:
                out.add(f"region:{o.region.name}")
    return out
