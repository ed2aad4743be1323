"""Trainable relation extractor: classifies candidate entity pairs of a sentence into relation labels.

Multi-label (a figure can be COVERAGE_OF a region and CLAIMED_BY an org); the decision threshold
lives in the config. Predictions go to ``doc._.relations`` as
``{"head": (start, end), "child": (start, end), "label": str, "score": float}`` with token offsets.
Training uses the gold entities of each example; prediction and scoring use whatever entities the
Doc has, so predicted entities that differ from gold never crash it (unmatched pairs are negatives).
"""
from __future__ import annotations

from itertools import islice
from typing import Callable, Dict, Iterable, List, Optional, Tuple

import numpy
from spacy.language import Language
from spacy.pipeline import TrainablePipe
from spacy.tokens import Doc
from spacy.training import Example, validate_get_examples
from spacy.util import filter_spans
from thinc.api import Config, Model, set_dropout_rate
from thinc.types import Floats2d

from ..domain.relation_repair import repair_relations
from ..errors import Errors, error
from .extensions import install_extensions
from .rel_candidates import DocContext, candidate_pairs
from . import rel_scoring  # noqa: F401  (registers the scorer the default config names)
from .rel_model import FIGURE_ROLES
from .rel_scoring import calibrate, relation_keys
from ..schema import RELATION_LABELS, relation_allowed

DEFAULT_REL_MODEL = """
[model]
@architectures = "jamsostek_ie.RelationModel.v2"
hidden_width = 64
role_width = 32
dropout = 0.1
use_vectors = false

[model.tok2vec]
@architectures = "spacy.HashEmbedCNN.v2"
pretrained_vectors = null
width = 64
depth = 2
embed_size = 2000
window_size = 1
maxout_pieces = 3
subword_features = true
"""
DEFAULT_REL_CONFIG = Config().from_str(DEFAULT_REL_MODEL)["model"]



# ---------------------------------------------------------------- component

#: the relations whose score becomes a claim's score
CLAIM_LABELS = ("COVERAGE_OF", "TARGET_OF")


def decode_relations(scored: List[dict], threshold: float, figure_threshold: float = 1.0,
                     context_threshold: Optional[float] = None) -> List[dict]:
    """Choose the relations to set from every scored pair and label.

    Same-sentence relations are kept at or above ``threshold``; a PERCENT/COUNT left without any
    COVERAGE_OF, TARGET_OF or WORKFORCE_OF also keeps its best such role when that scores at least
    ``figure_threshold``. Context relations (``"context": True``, schema v2) are kept at or above
    ``context_threshold`` (default: ``threshold``), only the best anchor per figure and label, and
    only for a figure that has no role relation in its own sentence.
    scored (list[dict]): every allowed pair and label with its "score" (and "context").
    RETURNS (list[dict]): the relations to set on the Doc.
    """
    local = [r for r in scored if not r.get("context")]
    rels = [r for r in local if r["score"] >= threshold]
    has_role = {tuple(r["head"]) for r in rels if r["label"] in FIGURE_ROLES}
    best: Dict[Tuple[int, int], dict] = {}
    for r in local:
        key = tuple(r["head"])
        if r["label"] in FIGURE_ROLES and (key not in best or r["score"] > best[key]["score"]):
            best[key] = r
    rels += [r for key, r in best.items() if key not in has_role and r["score"] >= figure_threshold]
    has_role |= {tuple(r["head"]) for r in rels if r["label"] in FIGURE_ROLES}
    cut = threshold if context_threshold is None else context_threshold
    context: Dict[Tuple[Tuple[int, int], str], dict] = {}
    for r in scored:
        if not r.get("context") or r["score"] < cut or tuple(r["head"]) in has_role:
            continue
        key = (tuple(r["head"]), r["label"])
        if key not in context or r["score"] > context[key]["score"]:
            context[key] = r
    roles = {head for head, label in context if label in FIGURE_ROLES}
    return rels + [r for (head, label), r in context.items() if label in FIGURE_ROLES or head in roles]


@Language.factory(
    "relation_extractor",
    requires=["doc.ents", "token.is_sent_start"],
    assigns=["doc._.relations"],
    default_config={"model": DEFAULT_REL_CONFIG, "threshold": 0.5, "figure_threshold": 1.0,
                    "context_threshold": 0.5, "context_links": True,
                    "scorer": {"@scorers": "jamsostek_ie.relation_scorer.v1"}},
    default_score_weights={"rel_micro_f": 1.0, "rel_micro_p": None, "rel_micro_r": None},
)
def make_relation_extractor(nlp: Language, name: str, model: Model, *, threshold: float, figure_threshold: float,
                            context_threshold: float, context_links: bool,
                            scorer: Optional[Callable]) -> "RelationExtractor":
    return RelationExtractor(nlp.vocab, model, name=name, threshold=threshold, figure_threshold=figure_threshold,
                             context_threshold=context_threshold, context_links=context_links, scorer=scorer)


class RelationExtractor(TrainablePipe):
    """Multi-label classifier over candidate entity pairs.

    vocab (Vocab): the shared vocabulary. model (Model): see ``build_relation_model``.
    threshold (float): minimum probability to keep a relation.
    figure_threshold (float): a PERCENT/COUNT left without any COVERAGE_OF, TARGET_OF or WORKFORCE_OF
        above ``threshold`` still gets its single best one of those when it scores at least this
        (1.0 disables it). Most figures in coverage news have exactly one such role.
    context_threshold (float): minimum probability of a context link (schema v2) to an earlier sentence.
    context_links (bool): score context candidates at all; False gives same-sentence relations only.
    scorer (Callable | None): scores ``doc._.relations`` (default: per-label P/R/F).
    """

    def __init__(self, vocab, model: Model, name: str = "relation_extractor", *, threshold: float = 0.5,
                 figure_threshold: float = 1.0, context_threshold: float = 0.5, context_links: bool = True,
                 scorer: Optional[Callable] = None) -> None:
        install_extensions()
        self.vocab = vocab
        self.model = model
        self.name = name
        self.scorer = scorer
        self.cfg: Dict = {"labels": list(RELATION_LABELS), "threshold": threshold,
                          "figure_threshold": figure_threshold, "context_threshold": context_threshold,
                          "context_links": context_links}
        self._sync_context_links()

    def _sync_context_links(self) -> None:
        """The model's instance layer reads the candidates the component's config asks for."""
        if self.model.has_ref("instances"):
            self.model.get_ref("instances").attrs["context_links"] = bool(self.cfg.get("context_links", True))

    @property
    def context_links(self) -> bool:
        return bool(self.cfg.get("context_links", True))

    @context_links.setter
    def context_links(self, value: bool) -> None:
        self.cfg["context_links"] = bool(value)
        self._sync_context_links()

    @property
    def context_threshold(self) -> float:
        return float(self.cfg.get("context_threshold", self.threshold))

    def from_disk(self, path, *, exclude=tuple()):
        out = super().from_disk(path, exclude=exclude)
        self._sync_context_links()
        return out

    def from_bytes(self, bytes_data, *, exclude=tuple()):
        out = super().from_bytes(bytes_data, exclude=exclude)
        self._sync_context_links()
        return out

    @property
    def labels(self) -> Tuple[str, ...]:
        return tuple(self.cfg["labels"])

    @property
    def threshold(self) -> float:
        return float(self.cfg["threshold"])

    def add_label(self, label: str) -> int:
        if label in self.cfg["labels"]:
            return 0
        self.cfg["labels"].append(label)
        return 1

    def predict(self, docs: Iterable[Doc]) -> Floats2d:
        docs = list(docs)
        return self.model.predict(docs)

    @property
    def figure_threshold(self) -> float:
        return float(self.cfg.get("figure_threshold", 1.0))

    def set_annotations(self, docs: Iterable[Doc], scores: Floats2d) -> None:
        scores = self.model.ops.to_numpy(scores)
        row = 0
        for doc in docs:
            scored = []
            ctx = DocContext(doc, context_links=self.context_links)
            for head, child in candidate_pairs(doc, ctx):
                context = ctx.is_context(head, child)
                for j, label in enumerate(self.labels):
                    if relation_allowed(label, head.label_, child.label_):
                        scored.append({"head": (head.start, head.end), "child": (child.start, child.end),
                                       "label": label, "score": round(float(scores[row, j]), 4),
                                       "context": context})
                row += 1
            rels = repair_relations(doc, decode_relations(scored, self.threshold, self.figure_threshold,
                                                          self.context_threshold))
            table = self.cfg.get("calibration")
            for rel in rels:
                if table and rel["label"] in CLAIM_LABELS:
                    rel["calibrated"] = calibrate(rel["score"], table)
            doc._.relations = rels

    def _gold_docs(self, examples: Iterable[Example]) -> List[Doc]:
        """Put the gold entities on each example's predicted Doc (teacher forcing) and return those Docs."""
        docs = []
        for eg in examples:
            pred = eg.predicted
            spans = []
            for ent in eg.reference.ents:
                span = pred.char_span(ent.start_char, ent.end_char, label=ent.label_)
                if span is not None:
                    spans.append(span)
            pred.ents = filter_spans(spans)
            if not pred.has_annotation("SENT_START") and eg.reference.has_annotation("SENT_START"):
                for tok, rtok in zip(pred, eg.reference):
                    tok.is_sent_start = rtok.is_sent_start
            docs.append(pred)
        return docs

    def update(self, examples: Iterable[Example], *, drop: float = 0.0, sgd=None,
               losses: Optional[Dict[str, float]] = None) -> Dict[str, float]:
        losses = {} if losses is None else losses
        losses.setdefault(self.name, 0.0)
        examples = list(examples)
        validate_get_examples(lambda: examples, "RelationExtractor.update")
        docs = self._gold_docs(examples)
        if not any(candidate_pairs(d, context_links=self.context_links) for d in docs):
            return losses
        set_dropout_rate(self.model, drop)
        scores, backprop = self.model.begin_update(docs)
        loss, d_scores = self.get_loss(examples, scores)
        backprop(d_scores)
        if sgd is not None:
            self.finish_update(sgd)
        losses[self.name] += loss
        return losses

    def gold_matrix(self, examples: Iterable[Example]) -> numpy.ndarray:
        """Gold labels for the candidate pairs of each example's predicted Doc (char-offset matching)."""
        rows = []
        for eg in examples:
            gold = relation_keys(eg.reference)
            for head, child in candidate_pairs(eg.predicted, context_links=self.context_links):
                key = ((head.start_char, head.end_char), (child.start_char, child.end_char))
                rows.append([1.0 if (key[0], key[1], label) in gold else 0.0 for label in self.labels])
        return numpy.asarray(rows, dtype="float32").reshape(-1, len(self.labels))

    def get_loss(self, examples: Iterable[Example], scores: Floats2d) -> Tuple[float, Floats2d]:
        truths = self.model.ops.asarray(self.gold_matrix(examples))
        if truths.shape != scores.shape:
            raise error(Errors.E015, what="relation loss", expected=f"{scores.shape} gold rows", found=truths.shape)
        # gradient of the binary cross-entropy with respect to the probabilities (the gated product
        # is not a single logistic, so the usual "scores - truths" shortcut does not apply)
        xp = self.model.ops.xp
        d_scores = (scores - truths) / xp.clip(scores * (1 - scores), 1e-4, None) / max(1, scores.shape[0])
        eps = 1e-7
        loss = -float(((truths * self.model.ops.xp.log(scores + eps))
                       + (1 - truths) * self.model.ops.xp.log(1 - scores + eps)).sum()) / max(1, scores.shape[0])
        return loss, d_scores

    def initialize(self, get_examples: Callable[[], Iterable[Example]], *, nlp: Optional[Language] = None,
                   labels: Optional[List[str]] = None) -> None:
        validate_get_examples(get_examples, "RelationExtractor.initialize")
        if labels:
            self.cfg["labels"] = list(labels)
        subbatch = list(islice(get_examples(), 10))
        docs = self._gold_docs(subbatch)
        self.model.get_ref("output_layer").set_dim("nO", len(self.labels))
        missing = [label for label in FIGURE_ROLES if label not in self.labels]
        if missing:
            raise error(Errors.E015, what="relation_extractor labels", expected=f"all of {list(FIGURE_ROLES)}",
                        found=list(self.labels))
        # columns in FIGURE_ROLES order, aligned with the role network's outputs
        self.model.get_ref("gated").attrs["gated"] = [self.labels.index(label) for label in FIGURE_ROLES]
        self.model.initialize(X=docs)


