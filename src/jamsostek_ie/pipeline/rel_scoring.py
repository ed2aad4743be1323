"""Scoring relations (per label and micro P/R/F, spaCy's ``PRFScore``) and calibrating claim scores."""
from __future__ import annotations

import bisect
from typing import Callable, Dict, Iterable, List, Optional, Tuple

from spacy.scorer import PRFScore
from spacy.tokens import Doc
from spacy.training import Example
from spacy.util import registry

from ..schema import RELATION_LABELS


def fit_calibration(scores: List[float], correct: List[bool]) -> Dict[str, List[float]]:
    """Isotonic calibration (pool adjacent violators) of claim scores against whether the claim was right.

    scores (list[float]): raw relation probabilities of predicted claims (dev set).
    correct (list[bool]): whether each matched a gold claim.
    RETURNS (dict): {"scores": increasing lower bounds, "values": P(correct) from each bound on}.
    """
    tied: Dict[float, List[float]] = {}
    for score, ok in zip(scores, correct):  # equal scores pool first: one step per distinct score
        t = tied.setdefault(score, [0.0, 0.0])
        t[0] += float(ok)
        t[1] += 1.0
    blocks: List[List[float]] = []  # [lowest score, sum correct, count]
    for score in sorted(tied):
        blocks.append([score, tied[score][0], tied[score][1]])
        while len(blocks) > 1 and blocks[-2][1] / blocks[-2][2] >= blocks[-1][1] / blocks[-1][2]:
            low, total, n = blocks.pop()
            blocks[-1][1] += total
            blocks[-1][2] += n
    return {"scores": [round(b[0], 4) for b in blocks], "values": [round(b[1] / b[2], 4) for b in blocks]}


def calibrate(score: float, table: Dict[str, List[float]]) -> float:
    """P(correct) of a claim with this raw score, from a ``fit_calibration`` table (step function)."""
    i = bisect.bisect_right(table["scores"], score) - 1
    return table["values"][max(i, 0)] if table["values"] else score


def relation_keys(doc: Doc, relations: Optional[List[dict]] = None) -> set:
    """Relations as {((head_start_char, head_end_char), (child_start_char, child_end_char), label)}.

    doc (Doc): the document. relations (list | None): relation dicts (default: ``doc._.relations``).
    """
    out = set()
    for rel in (doc._.relations or []) if relations is None else relations:
        hs, he = rel["head"]
        cs, ce = rel["child"]
        if he > len(doc) or ce > len(doc):
            continue
        head, child = doc[hs:he], doc[cs:ce]
        out.add(((head.start_char, head.end_char), (child.start_char, child.end_char), rel["label"]))
    return out


def score_relation_sets(pairs: Iterable[Tuple[set, set]], labels=RELATION_LABELS) -> Dict:
    """Micro and per-label P/R/F from (predicted, gold) relation key sets."""
    per = {label: PRFScore() for label in labels}
    for pred, gold in pairs:
        for key in pred | gold:
            score = per.setdefault(key[2], PRFScore())
            score.tp += key in pred and key in gold
            score.fp += key in pred and key not in gold
            score.fn += key in gold and key not in pred
    total = PRFScore()
    for score in per.values():
        total += score
    return {"rel_micro_p": total.precision, "rel_micro_r": total.recall, "rel_micro_f": total.fscore,
            "rel_f_per_type": {label: {"p": sc.precision, "r": sc.recall, "f": sc.fscore, "support": sc.tp + sc.fn}
                               for label, sc in per.items() if label in labels}}


def score_relations(examples: Iterable[Example], **kwargs) -> Dict:
    """Scorer for ``nlp.evaluate`` and ``spacy train``: relations on the entities the pipeline predicted."""
    return score_relation_sets((relation_keys(eg.predicted), relation_keys(eg.reference)) for eg in examples)


@registry.scorers("jamsostek_ie.relation_scorer.v1")
def make_relation_scorer() -> Callable:
    return score_relations
