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

from ..errors import Errors
from .extensions import install_extensions
from .rel_candidates import DocContext, candidate_pairs
from .rel_features import N_FEATURES, N_FIGURE_FEATURES, candidate_rows
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

#: labels whose probability is gated by the figure's role: P(label | pair) = P(attach) x P(role | figure)
FIGURE_ROLES: Tuple[str, ...] = ("COVERAGE_OF", "TARGET_OF", "WORKFORCE_OF")


# ---------------------------------------------------------------- model


@registry.architectures("jamsostek_ie.RelationModel.v2")
def build_relation_model(tok2vec: Model, hidden_width: int = 64, role_width: int = 32, dropout: float = 0.1,
                         use_vectors: bool = False, nO: Optional[int] = None) -> Model[List[Doc], Floats2d]:
    """Factorised relation classifier over the candidate pairs of ``candidate_pairs``.

    Two small networks share one row per pair (``rel_features.candidate_rows``):
    an *attachment* network sees the pair features (and, with ``use_vectors``, the pooled token
    vectors of head and child) and gives one sigmoid per label; a *role* network sees only the
    figure features (the figure and its sentence) and gives one sigmoid per figure role
    (COVERAGE_OF, TARGET_OF, WORKFORCE_OF). A role label's probability is the product of the two,
    so what makes a figure a coverage figure is learnt once from every figure of the corpus, and
    what makes it attach to a region or to an organisation is learnt separately.

    tok2vec (Model): token vectors (a listener to the pipeline's tok2vec/transformer, or its own).
    hidden_width (int): hidden width of the attachment network. role_width (int): of the role network.
    dropout (float): dropout rate. use_vectors (bool): add pooled token vectors of head and child to
        the attachment input; False keeps only the hand features, which transfer better across
        outlets while the training data is small.
    RETURNS (Model[List[Doc], Floats2d]): one row of label probabilities per candidate pair.
    """
    from thinc.api import Dropout, Linear, Logistic, Relu

    instances = Model("rel_instances", _instances_forward, init=_instances_init, layers=[tok2vec],
                      refs={"tok2vec": tok2vec}, attrs={"use_vectors": use_vectors})
    attach = chain(Relu(nO=hidden_width), Dropout(dropout), Linear(nO=nO), Logistic())
    role = chain(Relu(nO=role_width), Dropout(dropout), Linear(nO=len(FIGURE_ROLES)), Logistic())
    gated = Model("rel_gated", _gated_forward, init=_gated_init, layers=[attach, role],
                  refs={"attach": attach, "role": role}, attrs={"gated": None})
    model = chain(instances, gated)
    model.set_ref("instances", instances)
    model.set_ref("gated", gated)
    model.set_ref("output_layer", attach.layers[-2])
    return model


def _instances_init(model: Model, X: Optional[List[Doc]] = None, Y=None) -> None:
    model.get_ref("tok2vec").initialize(X=X)


def _instances_forward(model: Model, docs: List[Doc], is_train: bool):
    """Docs → one row per candidate pair: [head vector, child vector,] pair features, figure features."""
    ops: Ops = model.ops
    tok2vec = model.get_ref("tok2vec")
    tokvecs, bp_tokvecs = tok2vec(docs, is_train)
    use_vectors = model.attrs.get("use_vectors", False)
    context_links = model.attrs.get("context_links", True)
    width = (tokvecs[0].shape[1] if tokvecs else tok2vec.get_dim("nO")) if use_vectors else 0
    blocks = []
    spans: List[Tuple[int, int, int, int, int]] = []
    for d, (doc, vecs) in enumerate(zip(docs, tokvecs)):
        pairs, feats = candidate_rows(doc, context_links=context_links)
        if not pairs:
            continue
        feats = ops.asarray(feats)
        if use_vectors:
            pooled = [ops.xp.concatenate([vecs[h.start:h.end].mean(axis=0), vecs[c.start:c.end].mean(axis=0)])
                      for h, c in pairs]
            feats = ops.xp.hstack([ops.xp.vstack(pooled), feats])
            spans.extend((d, h.start, h.end, c.start, c.end) for h, c in pairs)
        blocks.append(feats)
    output = ops.xp.vstack(blocks) if blocks else ops.alloc2f(0, 2 * width + N_FEATURES)

    def backprop(d_output: Floats2d):
        # without vectors no gradient reaches the token vectors, but a shared tok2vec still waits for
        # this call (its last listener triggers its update), so zeros go back
        d_tokvecs = [ops.alloc2f(*v.shape) for v in tokvecs]
        for row, (d, hs, he, cs, ce) in enumerate(spans):
            d_tokvecs[d][hs:he] += d_output[row, :width] / (he - hs)
            d_tokvecs[d][cs:ce] += d_output[row, width:2 * width] / (ce - cs)
        return bp_tokvecs(d_tokvecs)

    return output, backprop


def _gated_init(model: Model, X: Optional[Floats2d] = None, Y=None) -> None:
    if X is not None:
        model.get_ref("attach").initialize(X=X[:, :-N_FIGURE_FEATURES])
        model.get_ref("role").initialize(X=X[:, -N_FIGURE_FEATURES:])
    else:
        model.get_ref("attach").initialize()
        model.get_ref("role").initialize()


def _gated_forward(model: Model, X: Floats2d, is_train: bool):
    gated = model.attrs["gated"]
    if not gated:
        raise ValueError("[E017] relation model: the gated label columns were never set (initialize the "
                         "relation_extractor before using it)")
    A, bp_attach = model.get_ref("attach")(X[:, :-N_FIGURE_FEATURES], is_train)
    R, bp_role = model.get_ref("role")(X[:, -N_FIGURE_FEATURES:], is_train)
    P = A.copy()
    P[:, gated] = A[:, gated] * R

    def backprop(dP: Floats2d) -> Floats2d:
        dA = dP.copy()
        dA[:, gated] = dP[:, gated] * R
        dR = dP[:, gated] * A[:, gated]
        return model.ops.xp.hstack([bp_attach(dA), bp_role(dR)])

    return P, backprop


# ---------------------------------------------------------------- component

#: the relations whose score becomes a claim's score
CLAIM_LABELS = ("COVERAGE_OF", "TARGET_OF")


def fit_calibration(scores: List[float], correct: List[bool]) -> Dict[str, List[float]]:
    """Isotonic calibration (pool adjacent violators) of claim scores against whether the claim was right.

    scores (list[float]): raw relation probabilities of predicted claims (dev set).
    correct (list[bool]): whether each matched a gold claim.
    RETURNS (dict): {"scores": increasing lower bounds, "values": P(correct) from each bound on}.
    """
    pairs = sorted(zip(scores, correct))
    blocks: List[List[float]] = []  # [lowest score, sum correct, count]
    for score, ok in pairs:
        blocks.append([score, float(ok), 1.0])
        while len(blocks) > 1 and blocks[-2][1] / blocks[-2][2] >= blocks[-1][1] / blocks[-1][2]:
            low, total, n = blocks.pop()
            blocks[-1][1] += total
            blocks[-1][2] += n
    return {"scores": [round(b[0], 4) for b in blocks], "values": [round(b[1] / b[2], 4) for b in blocks]}


def calibrate(score: float, table: Dict[str, List[float]]) -> float:
    """P(correct) of a claim with this raw score, from a ``fit_calibration`` table (step function)."""
    import bisect

    i = bisect.bisect_right(table["scores"], score) - 1
    return table["values"][max(i, 0)] if table["values"] else score


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
            rels = decode_relations(scored, self.threshold, self.figure_threshold, self.context_threshold)
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
            raise ValueError(f"[E015] relation loss: expected {scores.shape} gold rows, found {truths.shape}")
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
            raise ValueError(Errors.E015.format(what="relation_extractor labels",
                                                expected=f"all of {list(FIGURE_ROLES)}", found=list(self.labels)))
        # columns in FIGURE_ROLES order, aligned with the role network's outputs
        self.model.get_ref("gated").attrs["gated"] = [self.labels.index(label) for label in FIGURE_ROLES]
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
