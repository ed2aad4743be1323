"""Which entity pairs the relation extractor scores: same-sentence pairs the schema allows, and the
schema-v2 context candidates of a figure whose own sentence names no region and no organisation.

Context candidates (``../shared/SCHEMA.md``, "Context links"): for a PERCENT/COUNT whose sentence has
no REGION (datelines don't count), the REGIONs and ORGs of the few sentences before it and of the
headline and lead; never forward, never from or into another article part (a caption, a "Baca Juga"
line). A sentence whose only anchors are organisations still gets them, because an organisation there
may be one the figure cannot link to (a Kanwil of several provinces, a body named in passing); the
relation extractor decides, and a figure that links inside its own sentence keeps no context link. The work per document is bounded: same-sentence pairs are at
most ``MAX_PAIR_GAP`` tokens apart and a figure has at most ``MAX_CONTEXT_ANCHORS`` context candidates,
so time grows linearly with the text even for sentence-less, entity-dense input.
"""
from __future__ import annotations

import bisect
from typing import Dict, List, Optional, Tuple

from spacy.tokens import Doc, Span

from ..domain.news import head_sentences, is_dateline, is_other_part
from ..schema import ENTITY_LABELS, FIGURE_LABELS, allowed_relations

_ALLOWED = {(h, c): bool(allowed_relations(h, c)) for h in ENTITY_LABELS for c in ENTITY_LABELS}
#: the longest gap (tokens) between the two entities of a same-sentence candidate (the corpus's longest is 44)
MAX_PAIR_GAP = 60
#: how many sentences before a figure's own are searched for a context anchor (besides headline and lead)
CONTEXT_SENTENCES = 3
#: headline and lead: the first sentences of text that a figure may speak of as the article's subject
HEAD_SENTENCES = 3
#: at most this many context candidates per figure (nearest first)
MAX_CONTEXT_ANCHORS = 8
ANCHOR_LABELS = ("REGION", "ORG")

Pair = Tuple[Span, Span]


class DocContext:
    """Per-document data every pair of the document shares, computed once: entities, sentence bounds,
    the entities of each sentence, datelines, organisation kinds and the context candidates."""

    def __init__(self, doc: Doc, *, context_links: bool = True) -> None:
        self.doc = doc
        self.context_links = context_links
        self.ents = list(doc.ents)
        self.has_sents = doc.has_annotation("SENT_START")
        self.sents = list(doc.sents) if self.has_sents else [doc[:]]
        self.sent_starts = [s.start for s in self.sents]
        self.sent_index: Dict[Tuple[int, int], int] = {}
        self.sent_ents: List[List[Span]] = [[] for _ in self.sents]
        for e in self.ents:
            i = bisect.bisect_right(self.sent_starts, e.start) - 1
            self.sent_index[(e.start, e.end)] = i
            self.sent_ents[i].append(e)
        self.dateline = {(e.start, e.end): is_dateline(e) for e in self.ents if e.label_ in ANCHOR_LABELS}
        self.other_part = [is_other_part(s) for s in self.sents] if self.has_sents else [False]
        heads = head_sentences(doc, HEAD_SENTENCES) if self.has_sents else []
        self.head_index = {bisect.bisect_right(self.sent_starts, s.start) - 1 for s in heads}
        self._figure_rows: Dict[Tuple[int, int], object] = {}
        self._orgs: Dict[Tuple[int, int], Tuple[str, bool, bool]] = {}
        self._context: Optional[Dict[Tuple[int, int], List[Tuple[Span, int]]]] = None
        self.lower = [t.lower_ for t in doc]  # token texts, lower-cased once for the cue features
        self._words: Dict[tuple, frozenset] = {}

    def index_of(self, span: Span) -> int:
        return self.sent_index[(span.start, span.end)]

    def sent_of(self, span: Span) -> Span:
        return self.sents[self.index_of(span)]

    def ents_of(self, span: Span) -> List[Span]:
        """The entities of ``span``'s sentence."""
        return self.sent_ents[self.index_of(span)]

    def anchors_in(self, i: int) -> List[Span]:
        """REGIONs and ORGs of sentence ``i`` a figure could link to (datelines don't count)."""
        return [e for e in self.sent_ents[i] if e.label_ in ANCHOR_LABELS and not self.dateline.get((e.start, e.end))]

    def n_regions(self, span: Span) -> int:
        """How many REGIONs other than datelines ``span``'s sentence has."""
        return sum(1 for e in self.anchors_in(self.index_of(span)) if e.label_ == "REGION")

    def org(self, span: Span) -> Tuple[str, bool, bool]:
        """(kind, whether its name carries a region, whether it is a dateline outlet) of an ORG, computed once."""
        key = (span.start, span.end)
        info = self._orgs.get(key)
        if info is None:
            from ..domain.organisations import canonical_org

            org = canonical_org(span.text)
            info = (org.kind if org else "other", bool(org and org.region is not None), is_dateline(span))
            self._orgs[key] = info
        return info

    def context_candidates(self) -> Dict[Tuple[int, int], List[Tuple[Span, int]]]:
        """Figure (start, end) → [(anchor entity, its sentence index)], nearest first."""
        if self._context is None:
            self._context = {}
            if self.context_links and self.has_sents:
                for i, group in enumerate(self.sent_ents):
                    if self.other_part[i] or any(e.label_ == "REGION" for e in self.anchors_in(i)):
                        continue
                    for fig in group:
                        if fig.label_ in FIGURE_LABELS:
                            self._context[(fig.start, fig.end)] = self._anchors_before(i)
        return self._context

    def _anchors_before(self, i: int) -> List[Tuple[Span, int]]:
        found: List[Tuple[Span, int]] = []
        seen, steps = set(), 0
        j = i - 1
        while j >= 0 and steps < CONTEXT_SENTENCES:
            if not self.other_part[j]:
                steps += 1
                seen.add(j)
                found.extend((e, j) for e in reversed(self.anchors_in(j)))
            j -= 1
        for j in sorted(self.head_index):
            if j < i and j not in seen and not self.other_part[j]:
                found.extend((e, j) for e in self.anchors_in(j))
        return found[:MAX_CONTEXT_ANCHORS]

    def is_context(self, head: Span, child: Span) -> bool:
        return self.index_of(head) != self.index_of(child)


def candidate_pairs(doc: Doc, ctx: Optional[DocContext] = None, *, context_links: bool = True) -> List[Pair]:
    """Ordered (head, child) pairs the relation extractor scores, in document order of the head.

    Same-sentence pairs the schema allows (at most ``MAX_PAIR_GAP`` tokens apart), then for each figure
    without an anchor in its own sentence its context candidates. A Doc without sentence boundaries
    counts as one sentence.
    RETURNS (list[tuple[Span, Span]]): candidate pairs.
    """
    ctx = ctx or DocContext(doc, context_links=context_links)
    pairs: List[Pair] = []
    for group in ctx.sent_ents:
        for h in group:
            for c in group:
                if h.start == c.start or not _ALLOWED.get((h.label_, c.label_)):
                    continue
                if max(h.start, c.start) - min(h.end, c.end) <= MAX_PAIR_GAP:
                    pairs.append((h, c))
    for key, anchors in ctx.context_candidates().items():
        head = next(e for e in ctx.sent_ents[ctx.sent_index[key]] if (e.start, e.end) == key)
        pairs.extend((head, a) for a, _ in anchors if _ALLOWED.get((head.label_, a.label_)))
    return sorted(pairs, key=lambda p: (p[0].start, p[1].start))
