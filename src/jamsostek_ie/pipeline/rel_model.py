"""The relation extractor's model: a factorised classifier over candidate pairs (``rel_candidates``).

P(COVERAGE_OF/TARGET_OF/WORKFORCE_OF | pair) = P(attach | pair features) x P(role | figure features);
the other labels are the attachment network's alone.
"""
from __future__ import annotations

from typing import List, Optional, Tuple

from spacy.tokens import Doc
from spacy.util import registry
from thinc.api import Model, Ops, chain
from thinc.types import Floats2d

from ..errors import Errors, error
from .rel_features import N_FEATURES, N_FIGURE_FEATURES, candidate_rows

#: labels whose probability is gated by the figure's role: P(label | pair) = P(attach) x P(role | figure)
FIGURE_ROLES: Tuple[str, ...] = ("COVERAGE_OF", "TARGET_OF", "WORKFORCE_OF")


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
        raise error(Errors.E030, detail="the gated label columns were never set (initialize the relation_extractor "
                    "before using it)")
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
