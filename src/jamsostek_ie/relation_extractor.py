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
from spacy.util import filter_spans, registry
from thinc.api import Config, Model, Ops, chain, set_dropout_rate
from thinc.types import Floats2d

from .extensions import install_extensions
from .rel_features import N_FEATURES, DocContext, candidate_pairs, pair_features
from .schema import RELATION_LABELS, relation_allowed

DEFAULT_REL_MODEL = """
[model]
@architectures = "jamsostek_ie.RelationModel.v1"
hidden_width = 64
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


# ---------------------------------------------------------------- model


@registry.architectures("jamsostek_ie.RelationModel.v1")
def build_relation_model(tok2vec: Model, hidden_width: int = 64, dropout: float = 0.1, use_vectors: bool = False,
                         nO: Optional[int] = None) -> Model[List[Doc], Floats2d]:
    """Pooled token vectors of head and child + hand features → hidden layer → one sigmoid per label.

    tok2vec (Model): token vectors (a listener to the pipeline's tok2vec, or its own).
    hidden_width (int): width of the hidden layer. dropout (float): dropout rate.
    use_vectors (bool): include the pooled token vectors; False keeps only the hand features
        (``rel_features.py``), which transfer better across outlets when training data is small.
    RETURNS (Model[List[Doc], Floats2d]): one row per candidate pair of ``candidate_pairs``.
    """
    from thinc.api import Dropout, Linear, Logistic, Relu

    instances = Model("rel_instances", _instances_forward, init=_instances_init, layers=[tok2vec],
                      refs={"tok2vec": tok2vec}, dims={"nO": None})
    classifier = chain(Relu(nO=hidden_width), Dropout(dropout), Linear(nO=nO), Logistic())
    model = chain(instances, classifier)
    model.set_ref("classifier", classifier)
    model.set_ref("output_layer", classifier.layers[-2])
    model.attrs["n_features"] = N_FEATURES
    instances.attrs["use_vectors"] = use_vectors
    return model


def _instances_init(model: Model, X: Optional[List[Doc]] = None, Y=None) -> None:
    model.get_ref("tok2vec").initialize(X=X)


def _instances_forward(model: Model, docs: List[Doc], is_train: bool):
    ops: Ops = model.ops
    tok2vec = model.get_ref("tok2vec")
    tokvecs, bp_tokvecs = tok2vec(docs, is_train)
    if not model.attrs.get("use_vectors", True):
        rows = []
        for doc in docs:
            ctx = DocContext(doc)
            rows.extend(pair_features(h, c, ctx) for h, c in candidate_pairs(doc, ctx))
        output = ops.asarray(numpy.vstack(rows)) if rows else ops.alloc2f(0, N_FEATURES)

        def backprop_features(d_output: Floats2d):
            # no gradient flows to the token vectors, but a shared tok2vec still waits for this call
            # (the last listener triggers its update), so pass zeros back
            return bp_tokvecs([ops.alloc2f(*v.shape) for v in tokvecs])

        return output, backprop_features
    width = tokvecs[0].shape[1] if tokvecs else tok2vec.get_dim("nO")
    rows = []
    spans: List[Tuple[int, int, int, int, int]] = []
    for d, (doc, vecs) in enumerate(zip(docs, tokvecs)):
        ctx = DocContext(doc)
        for head, child in candidate_pairs(doc, ctx):
            h = vecs[head.start:head.end].mean(axis=0)
            c = vecs[child.start:child.end].mean(axis=0)
            feats = ops.asarray(pair_features(head, child, ctx))
            rows.append(ops.xp.concatenate([h, c, feats]))
            spans.append((d, head.start, head.end, child.start, child.end))
    n_in = 2 * width + N_FEATURES
    output = ops.xp.vstack(rows) if rows else ops.alloc2f(0, n_in)

    def backprop(d_output: Floats2d):
        d_tokvecs = [ops.alloc2f(*v.shape) for v in tokvecs]
        for row, (d, hs, he, cs, ce) in enumerate(spans):
            d_tokvecs[d][hs:he] += d_output[row, :width] / (he - hs)
            d_tokvecs[d][cs:ce] += d_output[row, width:2 * width] / (ce - cs)
        return bp_tokvecs(d_tokvecs)

    return output, backprop


# ---------------------------------------------------------------- component

_FIGURE_ROLES = frozenset({"COVERAGE_OF", "TARGET_OF", "WORKFORCE_OF"})


def decode_relations(scored: List[dict], threshold: float, figure_threshold: float = 1.0) -> List[dict]:
    """Keep the scored relations at or above ``threshold``; a PERCENT/COUNT left without any
    COVERAGE_OF, TARGET_OF or WORKFORCE_OF also keeps its best such role when that scores at least
    ``figure_threshold``.

    scored (list[dict]): every allowed pair and label with its "score".
    RETURNS (list[dict]): the relations to set on the Doc.
    """
    rels = [r for r in scored if r["score"] >= threshold]
    has_role = {tuple(r["head"]) for r in rels if r["label"] in _FIGURE_ROLES}
    best: Dict[Tuple[int, int], dict] = {}
    for r in scored:
        key = tuple(r["head"])
        if r["label"] in _FIGURE_ROLES and (key not in best or r["score"] > best[key]["score"]):
            best[key] = r
    return rels + [r for key, r in best.items() if key not in has_role and r["score"] >= figure_threshold]


@Language.factory(
    "relation_extractor",
    requires=["doc.ents", "token.is_sent_start"],
    assigns=["doc._.relations"],
    default_config={"model": DEFAULT_REL_CONFIG, "threshold": 0.5, "figure_threshold": 1.0,
                    "scorer": {"@scorers": "jamsostek_ie.relation_scorer.v1"}},
    default_score_weights={"rel_micro_f": 1.0, "rel_micro_p": None, "rel_micro_r": None},
)
def make_relation_extractor(nlp: Language, name: str, model: Model, *, threshold: float, figure_threshold: float,
                            scorer: Optional[Callable]) -> "RelationExtractor":
    return RelationExtractor(nlp.vocab, model, name=name, threshold=threshold, figure_threshold=figure_threshold,
                             scorer=scorer)


class RelationExtractor(TrainablePipe):
    """Multi-label classifier over candidate entity pairs.

    vocab (Vocab): the shared vocabulary. model (Model): see ``build_relation_model``.
    threshold (float): minimum probability to keep a relation.
    figure_threshold (float): a PERCENT/COUNT left without any COVERAGE_OF, TARGET_OF or WORKFORCE_OF
        above ``threshold`` still gets its single best one of those when it scores at least this
        (1.0 disables it). Most figures in coverage news have exactly one such role.
    scorer (Callable | None): scores ``doc._.relations`` (default: per-label P/R/F).
    """

    def __init__(self, vocab, model: Model, name: str = "relation_extractor", *, threshold: float = 0.5,
                 figure_threshold: float = 1.0, scorer: Optional[Callable] = None) -> None:
        install_extensions()
        self.vocab = vocab
        self.model = model
        self.name = name
        self.scorer = scorer
        self.cfg: Dict = {"labels": list(RELATION_LABELS), "threshold": threshold,
                          "figure_threshold": figure_threshold}

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
            for head, child in candidate_pairs(doc):
                for j, label in enumerate(self.labels):
                    if relation_allowed(label, head.label_, child.label_):
                        scored.append({"head": (head.start, head.end), "child": (child.start, child.end),
                                       "label": label, "score": round(float(scores[row, j]), 4)})
                row += 1
            doc._.relations = decode_relations(scored, self.threshold, self.figure_threshold)

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
        if not any(candidate_pairs(d) for d in docs):
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
            for head, child in candidate_pairs(eg.predicted):
                key = ((head.start_char, head.end_char), (child.start_char, child.end_char))
                rows.append([1.0 if (key[0], key[1], label) in gold else 0.0 for label in self.labels])
        return numpy.asarray(rows, dtype="float32").reshape(-1, len(self.labels))

    def get_loss(self, examples: Iterable[Example], scores: Floats2d) -> Tuple[float, Floats2d]:
        truths = self.model.ops.asarray(self.gold_matrix(examples))
        if truths.shape != scores.shape:
            raise ValueError(f"[E015] relation loss: expected {scores.shape} gold rows, found {truths.shape}")
        d_scores = (scores - truths) / max(1, scores.shape[0])
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
        self.model.initialize(X=docs)


# ---------------------------------------------------------------- scoring


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
    tp = {l: 0 for l in labels}
    fp = {l: 0 for l in labels}
    fn = {l: 0 for l in labels}
    for pred, gold in pairs:
        for key in pred:
            (tp if key in gold else fp)[key[2]] = (tp if key in gold else fp).get(key[2], 0) + 1
        for key in gold - pred:
            fn[key[2]] = fn.get(key[2], 0) + 1

    def prf(t, p, n):
        prec = t / (t + p) if t + p else 0.0
        rec = t / (t + n) if t + n else 0.0
        return prec, rec, (2 * prec * rec / (prec + rec) if prec + rec else 0.0)

    per = {}
    for l in labels:
        p, r, f = prf(tp.get(l, 0), fp.get(l, 0), fn.get(l, 0))
        per[l] = {"p": p, "r": r, "f": f, "support": tp.get(l, 0) + fn.get(l, 0)}
    p, r, f = prf(sum(tp.values()), sum(fp.values()), sum(fn.values()))
    return {"rel_micro_p": p, "rel_micro_r": r, "rel_micro_f": f, "rel_f_per_type": per}


def score_relations(examples: Iterable[Example], **kwargs) -> Dict:
    """Scorer for ``nlp.evaluate`` and ``spacy train``: relations on the entities the pipeline predicted."""
    return score_relation_sets((relation_keys(eg.predicted), relation_keys(eg.reference)) for eg in examples)


@registry.scorers("jamsostek_ie.relation_scorer.v1")
def make_relation_scorer() -> Callable:
    return score_relations
