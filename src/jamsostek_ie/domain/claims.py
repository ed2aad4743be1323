"""Coverage claims as typed results: what the pipeline predicts (``CoverageClaim``) and what an
annotator reviewed (``GoldClaim``). ``claim_builder`` assembles the former from entities and relations.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Dict, Optional, Tuple

from .numbers import Quantity
from .organisations import Organisation
from .periods import Period
from .regions import Region, resolve_region
from .regulations import Regulation

#: relative tolerance within which two claim values are the same figure (the realdev scoring rule)
VALUE_TOLERANCE = 0.005


@dataclass(frozen=True)
class Evidence:
    """Where a claim comes from.

    article_id (str | None): the article. sentence (str): the sentence text.
    start / end (int): character offsets of the sentence in the article text.
    figure_start / figure_end (int): character offsets of the figure.
    anchor_sentence / anchor_start / anchor_end: for a claim from a context link (schema v2), the
        earlier sentence that names the claim's region or organisation; None otherwise.
    """

    article_id: Optional[str]
    sentence: str
    start: int
    end: int
    figure_start: int
    figure_end: int
    anchor_sentence: Optional[str] = None
    anchor_start: Optional[int] = None
    anchor_end: Optional[int] = None


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
    context (bool): the region or organisation comes from an earlier sentence (a schema-v2 context link).
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
    context: bool = False

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
            "context": self.context,
            "anchor_sentence": e.anchor_sentence,
            "anchor_start": e.anchor_start,
            "anchor_end": e.anchor_end,
        }

    def key(self) -> Tuple:
        """Kind, canonical region and value (2 decimals): what identifies the claim."""
        region = self.region.name if self.region else None
        value = None if self.value is None else round(self.value, 2)
        return (self.kind, region, value)

    def region_key(self) -> Optional[str]:
        """The region as the evaluation compares it: Kemendagri code, or the name where none exists."""
        return region_key(self.region)


def select_claims(claims, *, min_score: Optional[float] = None, context_links: bool = True) -> list:
    """Keep the claims a caller asked for.

    min_score (float | None): drop claims whose (calibrated) score is below this: trades recall for
        precision (README, Quality, gives the threshold for precision 0.95 and its recall).
    context_links (bool): False drops claims whose region or organisation comes from an earlier
        sentence (schema-v2 context links), leaving same-sentence claims only.
    RETURNS (list[CoverageClaim]): the kept claims, in their order.
    """
    return [c for c in claims if (context_links or not c.context)
            and (min_score is None or (c.score is not None and c.score >= min_score))]


def region_key(region: Optional[Region]) -> Optional[str]:
    """Kemendagri code of a region, its name where it has none ("Indonesia"), None for no region."""
    if region is None:
        return None
    return region.code or region.name


def same_value(a: Optional[float], b: Optional[float], tolerance: float = VALUE_TOLERANCE) -> bool:
    """Whether two claim values are the same figure: equal within ``tolerance`` (relative)."""
    if a is None or b is None:
        return a is b
    return abs(a - b) <= tolerance * max(abs(a), abs(b), 1e-9)


@dataclass(frozen=True)
class GoldClaim:
    """A reviewed gold claim (annotation JSONL ``claims``; markup ``=== claims ===``).

    kind (str); value (float); qualifier (str); upper (float | None); unit (str | None);
    region (str | None): canonical region name ("Indonesia" for national); region_code (str | None);
    org (str | None): the organisation as written; period_year / period_month (int | None);
    context (bool): from a schema-v2 context link; figure_start / figure_end (int | None): the
    figure's character offsets when known.
    """

    kind: str
    value: float
    qualifier: str = "exact"
    upper: Optional[float] = None
    unit: Optional[str] = None
    region: Optional[str] = None
    region_code: Optional[str] = None
    org: Optional[str] = None
    period_year: Optional[int] = None
    period_month: Optional[int] = None
    context: bool = False
    figure_start: Optional[int] = None
    figure_end: Optional[int] = None

    @classmethod
    def from_dict(cls, rec: Dict) -> "GoldClaim":
        """Build from a JSONL record (unknown keys are ignored)."""
        names = cls.__dataclass_fields__
        return cls(**{k: v for k, v in rec.items() if k in names})

    def to_dict(self) -> Dict:
        return asdict(self)

    def region_key(self) -> Optional[str]:
        """Kemendagri code (looked up from the name when not stored), or the name ("Indonesia")."""
        if self.region_code:
            return self.region_code
        if self.region is None:
            return None
        return region_key(resolve_region(self.region)) or self.region

    @property
    def period(self) -> Optional[str]:
        if self.period_year is None:
            return None
        return f"{self.period_year}-{self.period_month:02d}" if self.period_month else str(self.period_year)
