"""Scores: one P/R/F implementation (spaCy's ``PRFScore``) for entities, relations and claims,
claim matching, per-field accuracy of claims, and precision/recall by claim score.

Claim matching rule (``../shared/realdev/README.md``): a predicted claim matches a gold claim when
kind, canonical region (Kemendagri code; "Indonesia" for national) and value (within 0.5 %) agree;
each gold claim matches at most one prediction.
"""
from __future__ import annotations

from typing import Callable, Dict, Hashable, Iterable, List, Optional, Sequence, Tuple

from spacy.scorer import PRFScore

from ..domain.claims import CoverageClaim, GoldClaim, same_value
from ..domain.organisations import canonical_org

#: the claim fields whose accuracy the report gives, for figures where gold and prediction agree on kind
CLAIM_FIELDS: Tuple[str, ...] = ("region", "value", "qualifier", "unit", "period", "org")
#: claim-score thresholds of the precision/recall table
SCORE_THRESHOLDS: Tuple[float, ...] = (0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95)


def prf_dict(score: PRFScore) -> Dict[str, float]:
    """{"p", "r", "f", "support"} of a ``PRFScore``, rounded to 4 places."""
    return {"p": round(score.precision, 4), "r": round(score.recall, 4), "f": round(score.fscore, 4),
            "support": score.tp + score.fn}


class LabelledScores:
    """Micro and per-label P/R/F over sets of keys (entities, relations), one ``PRFScore`` per label."""

    def __init__(self, labels: Sequence[str]):
        self.labels = list(labels)
        self.by_label: Dict[str, PRFScore] = {label: PRFScore() for label in labels}

    def add(self, pred: set, gold: set, label_of: Callable[[Hashable], str]) -> None:
        for key in pred | gold:
            score = self.by_label.setdefault(label_of(key), PRFScore())
            if key in pred and key in gold:
                score.tp += 1
            elif key in pred:
                score.fp += 1
            else:
                score.fn += 1

    def micro(self) -> PRFScore:
        total = PRFScore()
        for score in self.by_label.values():
            total += score
        return total

    def per_type(self) -> Dict[str, Dict[str, float]]:
        return {label: prf_dict(self.by_label[label]) for label in self.labels}


def _claim_region(claim) -> Optional[str]:
    return claim.region_key()


def claims_agree(pred: CoverageClaim, gold: GoldClaim) -> bool:
    """The matching rule: same kind, same canonical region, same value within 0.5 %."""
    return pred.kind == gold.kind and _claim_region(pred) == _claim_region(gold) and same_value(pred.value, gold.value)


def match_claims(pred: Sequence[CoverageClaim], gold: Sequence[GoldClaim]) -> Tuple[List[Tuple[int, int]], List[int],
                                                                                   List[int]]:
    """Pair predictions with gold claims, one gold claim per prediction (the same figure first).

    RETURNS (tuple): (matched (pred index, gold index) pairs, unmatched pred indices, unmatched gold indices).
    """
    free = set(range(len(gold)))
    pairs: List[Tuple[int, int]] = []
    unmatched: List[int] = []
    for i, p in enumerate(pred):
        fits = [j for j in sorted(free) if claims_agree(p, gold[j])]
        same_figure = [j for j in fits if gold[j].figure_start == p.evidence.figure_start]
        if fits:
            j = (same_figure or fits)[0]
            free.discard(j)
            pairs.append((i, j))
        else:
            unmatched.append(i)
    return pairs, unmatched, sorted(free)


def claim_score(pred: Sequence[CoverageClaim], gold: Sequence[GoldClaim]) -> PRFScore:
    pairs, fp, fn = match_claims(pred, gold)
    return PRFScore(tp=len(pairs), fp=len(fp), fn=len(fn))


def _period_of(claim: CoverageClaim) -> Optional[str]:
    p = claim.period
    if p is None:
        return None
    return f"{p.year}-{p.month:02d}" if p.month else str(p.year)


def _org_of(claim: CoverageClaim) -> Optional[str]:
    return claim.org.text if claim.org else None


def same_organisation(a: Optional[str], b: Optional[str]) -> bool:
    """Whether two organisation mentions name the same body: the same text, or the same canonical
    organisation and office region ("BPJamsostek Jabar" and "BPJS Ketenagakerjaan Kanwil Jawa Barat")."""
    if a is None or b is None:
        return a is b
    if a.strip().lower() == b.strip().lower():
        return True
    oa, ob = canonical_org(a), canonical_org(b)
    if oa is None or ob is None:
        return False
    return (oa.name, oa.region.name if oa.region else None) == (ob.name, ob.region.name if ob.region else None)


def field_values(pred: CoverageClaim, gold: GoldClaim) -> Dict[str, Tuple[bool, object, object]]:
    """For one figure: (equal?, predicted, gold) of each field of ``CLAIM_FIELDS``."""
    values = {
        "region": (_claim_region(pred), _claim_region(gold)),
        "value": (pred.value, gold.value),
        "qualifier": (pred.qualifier, gold.qualifier),
        "unit": (pred.unit, gold.unit),
        "period": (_period_of(pred), gold.period),
        "org": (_org_of(pred), gold.org),
    }
    out = {}
    for name, (p, g) in values.items():
        if name == "value":
            equal = same_value(p, g)
        elif name == "org":
            equal = same_organisation(p, g)
        elif name == "unit":
            equal = (p or "").lower() == (g or "").lower()
        else:
            equal = p == g
        out[name] = (equal, p, g)
    return out


class FieldAccuracy:
    """Accuracy of each claim field over the figures where gold and prediction agree on kind."""

    def __init__(self) -> None:
        self.n = 0
        self.correct = {name: 0 for name in CLAIM_FIELDS}
        self.errors: List[dict] = []

    def add(self, pred: Sequence[CoverageClaim], gold: Sequence[GoldClaim], *, article_id: str = "") -> None:
        by_figure = {(g.figure_start, g.kind): g for g in gold if g.figure_start is not None}
        for p in pred:
            g = by_figure.get((p.evidence.figure_start, p.kind))
            if g is None:
                continue
            self.n += 1
            for name, (equal, pv, gv) in field_values(p, g).items():
                self.correct[name] += equal
                if not equal:
                    self.errors.append({"id": article_id, "field": name, "figure": p.figure, "predicted": pv,
                                        "gold": gv, "sentence": p.evidence.sentence.strip()[:300]})

    def to_dict(self) -> Dict:
        return {"n": self.n, **{name: round(self.correct[name] / self.n, 4) if self.n else 0.0
                                for name in CLAIM_FIELDS}}


def threshold_table(items: Iterable[Tuple[Sequence[CoverageClaim], Sequence[GoldClaim]]],
                    thresholds: Sequence[float] = SCORE_THRESHOLDS) -> List[Dict[str, float]]:
    """Claim precision and recall when only claims scoring at least each threshold are kept.

    items: (predicted claims, gold claims) per article. RETURNS (list[dict]): {"threshold", "p", "r", "f",
    "claims"} per threshold.
    """
    items = [(list(p), list(g)) for p, g in items]
    rows = []
    for t in thresholds:
        total = PRFScore()
        kept = 0
        for pred, gold in items:
            keep = [c for c in pred if c.score is None or c.score >= t]
            kept += len(keep)
            total += claim_score(keep, gold)
        rows.append({"threshold": t, **{k: v for k, v in prf_dict(total).items() if k != "support"},
                     "claims": kept})
    return rows
