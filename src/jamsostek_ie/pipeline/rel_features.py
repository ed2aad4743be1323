"""Hand-built features of the relation extractor's candidate pairs (``rel_candidates``).

Two feature vectors per candidate pair:

- ``pair_features``: what decides *which* entity a figure, amount or regulation attaches to:
  entity labels, distance, order, what lies between the two (other figures, other regions, a
  clause break), how many regions and organisations the sentence has, cue words; and for a
  schema-v2 context candidate, how far back its sentence is, whether it is the headline or lead,
  whether it is the nearest such anchor, and whether a "masing-masing" list pairs them in order.
- ``figure_features``: what decides a figure's *role* (coverage reached, target, workforce base,
  or none) from the figure and its sentence alone (and the sentence before it, which introduces a
  list line): cue words around it, the counted noun, distractor words (growth, claims paid, new
  sign-ups, shares, ranks, BPJS Kesehatan), headline or quote. They are the same for every pair of
  one figure, so the role is learnt from every figure of the corpus whatever it is linked to.

Every word list comes from ``resources/relation_cues.json``.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Dict, FrozenSet, List, Sequence, Tuple

import numpy
from spacy.tokens import Span

from ..resources import load as load_resource
from ..schema import ENTITY_LABELS, FIGURE_LABELS
from .rel_candidates import DocContext, candidate_pairs

_LABEL_INDEX = {label: i for i, label in enumerate(ENTITY_LABELS)}
_DIST_BUCKETS = (1, 2, 3, 5, 8, 12, 20, 35)
_ORG_KINDS = ("bpjs_tk", "government", "bpjs_kesehatan")
#: tokens of text between two entities that their cue features read at most (bounds the work per pair)
MAX_BETWEEN_TOKENS = 40
#: a sentence longer than this many tokens is "long" (a feature)
LONG_SENTENCE = 40


@lru_cache(maxsize=1)
def _lists() -> Dict[str, object]:
    raw = load_resource("relation_cues")
    cues = {name: frozenset(words) for name, words in raw["cues"].items()}
    out = {key: tuple(raw[key]) for key in ("prev_child", "prev_head", "next_head")}
    out.update({key: frozenset(raw[key]) for key in ("unit_nouns", "people_nouns", "workforce_words",
                                                      "national_words", "bpjs_words", "quote_marks", "clause_marks",
                                                      "anaphora", "respectively", "list_marks")})
    out["cues"] = cues
    out["cue_names"] = tuple(cues)
    out["near_groups"] = tuple(frozenset(g) for g in raw["near_groups"])
    out["coverage_words"] = out["near_groups"][0]
    return out


def _n_cues() -> int:
    return len(_lists()["cue_names"])


def _pair_width() -> int:
    L = _lists()
    n = _n_cues()
    return (2 * len(ENTITY_LABELS) + len(_DIST_BUCKETS) + 1 + 1 + 4 + 4 + 4 + 3 + 3 + 3 * n + 6 + 3 + 3 + 2 + 3
            + len(L["prev_child"]) + len(L["prev_head"]) + len(L["next_head"]) + 2 * n + 4 + 8 + 4 + 4
            + N_CONTEXT_FEATURES)


def _figure_width() -> int:
    L = _lists()
    n = _n_cues()
    return (2 + 6 * n + len(L["prev_head"]) + len(L["next_head"]) + len(L["near_groups"]) + 2 + 2 + 3 + 3 + 3 + 2
            + 2 + 2)


#: context-candidate block at the end of the pair features
N_CONTEXT_FEATURES = 1 + 4 + 2 + 3 + 2 + 3 + 2 + 3 + 3 + 2 + 1
N_PAIR_FEATURES = _pair_width()
N_FIGURE_FEATURES = _figure_width()
#: columns of one candidate-pair row: pair features, then figure features (zeros for a non-figure head)
N_FEATURES = N_PAIR_FEATURES + N_FIGURE_FEATURES


def _bucket(value: int, edges: Sequence[int]) -> List[float]:
    out = [0.0] * len(edges)
    for i, edge in enumerate(edges):
        if value <= edge:
            out[i] = 1.0
            break
    else:
        out[-1] = 1.0
    return out


def _words(tokens) -> FrozenSet[str]:
    """Lower-cased tokens and two-token phrases of ``tokens`` (so "bpjs kesehatan" can match)."""
    low = [t.lower_ for t in tokens]
    return frozenset(low) | frozenset(f"{a} {b}" for a, b in zip(low, low[1:]))


def _cues(tokens) -> List[float]:
    words = _words(tokens)
    L = _lists()
    return [1.0 if words & L["cues"][name] else 0.0 for name in L["cue_names"]]


def _words_r(ctx: DocContext, *ranges: Tuple[int, int]) -> FrozenSet[str]:
    """``_words`` of the tokens of these token ranges, concatenated, computed once per document: the
    same sentence and window ranges recur for every pair of a figure, and bounded work per pair is
    what keeps long, entity-dense texts linear in practice."""
    cache = ctx._words
    words = cache.get(ranges)
    if words is None:
        low = [w for a, b in ranges for w in ctx.lower[a:b]]
        words = frozenset(low) | frozenset(f"{a} {b}" for a, b in zip(low, low[1:]))
        cache[ranges] = words
    return words


def _cues_r(ctx: DocContext, *ranges: Tuple[int, int]) -> List[float]:
    words = _words_r(ctx, *ranges)
    L = _lists()
    return [1.0 if words & L["cues"][name] else 0.0 for name in L["cue_names"]]


def _one_hot(word: str, vocab: Sequence[str]) -> List[float]:
    return [1.0 if word == w else 0.0 for w in vocab]


def figure_row(head: Span, ctx: DocContext) -> numpy.ndarray:
    """``figure_features`` of ``head``, computed once per figure (zeros for MONEY/REGULATION heads)."""
    key = (head.start, head.end)
    row = ctx._figure_rows.get(key)
    if row is None:
        row = (figure_features(head, ctx) if head.label_ in FIGURE_LABELS
               else numpy.zeros(N_FIGURE_FEATURES, dtype="float32"))
        ctx._figure_rows[key] = row
    return row


def candidate_rows(doc, ctx: DocContext = None, *, context_links: bool = True) -> Tuple[List[Tuple[Span, Span]],
                                                                                        numpy.ndarray]:
    """Candidate pairs of ``doc`` and their feature rows (pair features, then figure features).

    RETURNS (tuple[list, numpy.ndarray]): the pairs of ``candidate_pairs`` and an array of shape
        (len(pairs), N_FEATURES).
    """
    ctx = ctx or DocContext(doc, context_links=context_links)
    pairs = candidate_pairs(doc, ctx)
    if not pairs:
        return pairs, numpy.zeros((0, N_FEATURES), dtype="float32")
    rows = [numpy.concatenate([pair_features(h, c, ctx), figure_row(h, ctx)]) for h, c in pairs]
    return pairs, numpy.vstack(rows)


def figure_features(head: Span, ctx: DocContext = None) -> numpy.ndarray:
    """Feature vector (length ``N_FIGURE_FEATURES``) of a PERCENT/COUNT and its sentence, whatever it
    is paired with: what its role (coverage, target, workforce base, none) depends on."""
    doc = head.doc
    ctx = ctx or DocContext(doc)
    L = _lists()
    sent = ctx.sent_of(head)
    i = ctx.index_of(head)
    sent_ents = ctx.ents_of(head)
    f: List[float] = [1.0 if head.label_ == "PERCENT" else 0.0, 1.0 if head.label_ == "COUNT" else 0.0]
    for width in (3, 8):
        f += _cues_r(ctx, (max(sent.start, head.start - width), head.start))
    f += _cues_r(ctx, (head.end, min(sent.end, head.end + 3)), (head.start, head.end))
    f += _cues_r(ctx, (head.end, min(sent.end, head.end + 8)))
    f += _cues_r(ctx, (sent.start, sent.end))
    prev_sent = ctx.sents[i - 1] if i > 0 else None
    f += _cues_r(ctx, (prev_sent.start, prev_sent.end)) if prev_sent is not None else [0.0] * _n_cues()
    ph = doc[head.start - 1].lower_ if head.start > sent.start else ""
    f += _one_hot(ph, L["prev_head"])
    nh = doc[head.end].lower_ if head.end < sent.end else ""
    f += _one_hot(nh, L["next_head"])
    near = _words_r(ctx, (max(sent.start, head.start - 8), min(sent.end, head.end + 6)))
    f += [1.0 if near & group else 0.0 for group in L["near_groups"]]
    last = head[-1].lower_
    f += [1.0 if head.label_ == "COUNT" and last in L["unit_nouns"] else 0.0,
          1.0 if head.label_ == "COUNT" and last in L["people_nouns"] else 0.0]
    f += [1.0 if sent.start == 0 else 0.0, 1.0 if _words_r(ctx, (sent.start, sent.end)) & L["national_words"] else 0.0]
    f += _bucket(ctx.n_regions(head), (0, 1, 2))
    f += _bucket(sum(1 for e in sent_ents if e.label_ == "ORG"), (0, 1, 2))
    figures = [e for e in sent_ents if e.label_ in FIGURE_LABELS]
    f += _bucket(len(figures), (1, 2, 3))
    index = next((k for k, e in enumerate(figures) if e.start == head.start), 0)
    f += [1.0 if index == 0 else 0.0, 1.0 if index == len(figures) - 1 else 0.0]
    f += [1.0 if any(t.text in L["quote_marks"] for t in sent) else 0.0,
          1.0 if ph in {"dari", "total"} or (head.start - 2 >= sent.start and doc[head.start - 2].lower_ == "dari")
          else 0.0]
    first = sent[0].text if len(sent) else ""
    f += [1.0 if first in L["list_marks"] or any(t.text == ":" for t in doc[sent.start:head.start]) else 0.0,
          1.0 if len(sent) <= 12 else 0.0]
    return numpy.asarray(f, dtype="float32")


def context_features(head: Span, child: Span, ctx: DocContext) -> List[float]:
    """The context-candidate block (length ``N_CONTEXT_FEATURES``); zeros for a same-sentence pair."""
    if not ctx.is_context(head, child):
        return [0.0] * N_CONTEXT_FEATURES
    L = _lists()
    doc = head.doc
    hi, ci = ctx.index_of(head), ctx.index_of(child)
    sent, anchor_sent = ctx.sents[hi], ctx.sents[ci]
    anchors = ctx.context_candidates().get((head.start, head.end), [])
    same_label = [a for a, _ in anchors if a.label_ == child.label_]
    rank = next((k for k, a in enumerate(same_label) if a.start == child.start), len(same_label))
    nearest_sent = min((j for _, j in anchors), key=lambda j: hi - j, default=ci)
    words = _words_r(ctx, (sent.start, sent.end))
    anchor_regions = [e for e in ctx.anchors_in(ci) if e.label_ == child.label_]
    figures = [e for e in ctx.ents_of(head) if e.label_ in FIGURE_LABELS]
    fig_index = next((k for k, e in enumerate(figures) if e.start == head.start), 0)
    child_index = next((k for k, e in enumerate(anchor_regions) if e.start == child.start), -1)
    org_kind = ctx.org(child)[0] if child.label_ == "ORG" else ""
    f = [1.0]
    f += _bucket(hi - ci, (1, 2, 3, 4))
    f += [1.0 if ci in ctx.head_index else 0.0, 1.0 if ci == 0 else 0.0]
    f += _bucket(rank, (0, 1, 2))
    f += [1.0 if any(e.label_ in FIGURE_LABELS for e in ctx.sent_ents[ci]) else 0.0,
          1.0 if _words_r(ctx, (anchor_sent.start, anchor_sent.end)) & L["coverage_words"] else 0.0]
    f += _bucket(len(anchor_regions), (1, 2, 3))
    f += [1.0 if words & L["anaphora"] else 0.0, 1.0 if words & L["respectively"] else 0.0]
    f += [1.0 if words & L["respectively"] and fig_index == child_index else 0.0,
          1.0 if ci == nearest_sent else 0.0,
          1.0 if child.label_ == "REGION" else 0.0]
    f += [1.0 if org_kind == "bpjs_tk" else 0.0, 1.0 if org_kind == "government" else 0.0,
          1.0 if any(t.text in L["quote_marks"] for t in doc[sent.start:min(sent.end, sent.start + 2)]) else 0.0]
    f += [1.0 if len(sent) <= 12 else 0.0, 1.0 if any(t.text == ":" for t in doc[sent.start:head.start]) else 0.0]
    f += [1.0 if ctx.anchors_in(hi) else 0.0]
    return f


def pair_features(head: Span, child: Span, ctx: DocContext = None) -> numpy.ndarray:
    """Feature vector (length ``N_PAIR_FEATURES``) for one candidate pair.

    ctx (DocContext | None): the document's shared data; pass it when scoring many pairs of one Doc.
    """
    doc = head.doc
    ctx = ctx or DocContext(doc)
    L = _lists()
    cues = L["cues"]
    f: List[float] = []
    hl = [0.0] * len(ENTITY_LABELS)
    hl[_LABEL_INDEX[head.label_]] = 1.0
    cl = [0.0] * len(ENTITY_LABELS)
    cl[_LABEL_INDEX[child.label_]] = 1.0
    f += hl + cl
    lo, hi = (head, child) if head.start < child.start else (child, head)
    gap = max(0, hi.start - lo.end)
    f += _bucket(gap, _DIST_BUCKETS)
    f.append(1.0 if head.start < child.start else 0.0)
    between_tokens = doc[max(lo.end, hi.start - MAX_BETWEEN_TOKENS):hi.start]
    f.append(1.0 if any(t.text in L["clause_marks"] for t in between_tokens) else 0.0)
    sent = ctx.sent_of(head)
    sent_ents = ctx.ents_of(head)
    ents_between = [e for e in sent_ents if e.start >= lo.end and e.end <= hi.start]
    figures_between = sum(1 for e in ents_between if e.label_ in FIGURE_LABELS)
    same_between = sum(1 for e in ents_between if e.label_ == child.label_)
    f += _bucket(len(ents_between), (0, 1, 2, 3))
    f += _bucket(figures_between, (0, 1, 2, 3))
    f += _bucket(same_between, (0, 1, 2, 3))
    # rank of this child among same-label children of the head in the sentence, by distance
    dist = abs(child.start - head.start)
    rivals = [e for e in sent_ents if e.label_ == child.label_ and e != child]
    f += _bucket(sum(1 for e in rivals if abs(e.start - head.start) < dist), (0, 1, 2))
    # rank of this head among figures competing for the child
    hrivals = [e for e in sent_ents if e.label_ == head.label_ and e != head]
    f += _bucket(sum(1 for e in hrivals if abs(e.start - child.start) < dist), (0, 1, 2))
    before_head = doc[max(sent.start, head.start - 6):head.start]
    after_head = doc[head.end:min(sent.end, head.end + 4)]
    f += (_cues_r(ctx, (before_head.start, before_head.end)) + _cues_r(ctx, (between_tokens.start, between_tokens.end))
          + _cues_r(ctx, (after_head.start, after_head.end), (head.start, head.end)))
    prev = doc[child.start - 1] if child.start > 0 else None
    f.append(1.0 if prev is not None and prev.lower_ in cues["title"] else 0.0)
    f.append(1.0 if ctx.dateline.get((child.start, child.end), False) else 0.0)
    f.append(1.0 if sent.start == 0 else 0.0)
    f.append(1.0 if head.label_ == "COUNT" and head[-1].lower_ in L["unit_nouns"] else 0.0)
    f.append(1.0 if _words_r(ctx, (sent.start, sent.end)) & L["national_words"] else 0.0)
    bpjs_child = child.label_ == "ORG" and bool(_words_r(ctx, (child.start, child.end)) & L["bpjs_words"])
    f.append(1.0 if bpjs_child else 0.0)
    # how many regions / orgs / figures the sentence has (the schema links to an ORG only without a REGION)
    n_regions = ctx.n_regions(head)
    f += _bucket(n_regions, (0, 1, 2))
    f += _bucket(sum(1 for e in sent_ents if e.label_ == "ORG"), (0, 1, 2))
    org_kind, org_region, org_outlet = ctx.org(child) if child.label_ == "ORG" else ("", False, False)
    f += [1.0 if child.label_ == "ORG" and org_region else 0.0,
          1.0 if child.label_ == "ORG" and not org_region else 0.0]
    f += _bucket(sum(1 for t in between_tokens if t.text in {",", ";"}), (0, 1, 2))
    pc = doc[child.start - 1].lower_ if child.start > 0 else ""
    f += _one_hot(pc, L["prev_child"])
    ph = doc[head.start - 1].lower_ if head.start > sent.start else ""
    f += _one_hot(ph, L["prev_head"])
    nh = doc[head.end].lower_ if head.end < sent.end else ""
    f += _one_hot(nh, L["next_head"])
    f += _cues_r(ctx, (sent.start, head.start)) + _cues_r(ctx, (sent.start, sent.end))
    window = _words_r(ctx, (max(sent.start, head.start - 4), min(sent.end, head.end + 4)))
    f.append(1.0 if head.label_ == "COUNT" and window & L["workforce_words"] else 0.0)
    f.append(1.0 if _words_r(ctx, (head.end, min(sent.end, head.end + 4))) & cues["negation"] else 0.0)
    f.append(1.0 if child.start < head.start and not figures_between else 0.0)
    f.append(1.0 if sent.end - sent.start > LONG_SENTENCE else 0.0)
    # interactions a linear layer cannot form by itself
    is_fig = head.label_ in FIGURE_LABELS
    target_cue = bool(_words_r(ctx, (sent.start, sent.end)) & (cues["target"] - {"hingga", "tahun", "bisa", "naik",
                                                                                 "menjadi", "upaya"}))
    f += [1.0 if is_fig and child.label_ == "ORG" and n_regions == 0 else 0.0,
          1.0 if is_fig and child.label_ == "ORG" and n_regions == 0 and target_cue else 0.0,
          1.0 if is_fig and child.label_ == "ORG" and n_regions == 0 and not target_cue else 0.0,
          1.0 if is_fig and child.label_ == "REGION" and n_regions == 1 else 0.0,
          1.0 if is_fig and child.label_ == "REGION" and target_cue else 0.0,
          1.0 if is_fig and child.label_ == "ORG" and n_regions > 0 else 0.0,
          1.0 if head.label_ == "MONEY" and child.label_ == "COUNT" else 0.0,
          1.0 if is_fig and child.label_ == "ORG" and n_regions == 0 and bpjs_child else 0.0]
    # which organisation: the kind of the child, and whether the sentence offers another government or
    # BPJS body for the figure (an outlet in a dateline is never the scope of a figure)
    f += [1.0 if org_kind == k else 0.0 for k in _ORG_KINDS] + [1.0 if org_outlet else 0.0]
    others = [ctx.org(e) for e in sent_ents if e.label_ == "ORG" and e.start != child.start]
    f += [1.0 if any(o[0] == "government" for o in others) else 0.0,
          1.0 if any(o[0] == "bpjs_tk" for o in others) else 0.0,
          1.0 if child.label_ == "ORG" and not org_outlet and not any(not o[2] for o in others) else 0.0,
          1.0 if is_fig and child.label_ == "ORG" and n_regions == 0 and org_kind in ("bpjs_tk", "government")
          and not org_outlet else 0.0]
    f += context_features(head, child, ctx)
    return numpy.asarray(f, dtype="float32")
