"""Checks of an annotation record beyond its entities: the schema-v2 context-link rule for relations
that cross sentences, and the reviewed claims against their figures and relations.

Context-link rule (``../shared/SCHEMA.md``, "Context links"): a relation may cross sentences only when
it is COVERAGE_OF, TARGET_OF, WORKFORCE_OF or CLAIMED_BY from a PERCENT/COUNT whose own sentence names
no REGION it could link to (datelines don't count; a REGION that only describes another place, D43, gets
a warning), to an entity of an EARLIER sentence that is not a caption or "Baca
Juga" line (nor is the figure's), and the figure takes no same-sentence role relation as well. An
ORG in the figure's sentence does not forbid a context link: the annotator may judge that the figure
cannot link to it (a Kanwil of several provinces, GUIDELINES D45).
"""
from __future__ import annotations

from typing import Callable, Dict, List, Optional

from spacy.tokens import Doc, Span

from ..domain.claim_builder import figure_quantity
from ..domain.claims import same_value
from ..domain.news import head_sentences, is_dateline, is_other_part
from ..domain.regions import lookup_place, resolve_region
from ..errors import Errors, Warnings
from ..pipeline.rel_candidates import CONTEXT_SENTENCES, HEAD_SENTENCES
from ..schema import CLAIM_RELATIONS, FIGURE_LABELS

CONTEXT_LABELS = frozenset({"COVERAGE_OF", "TARGET_OF", "WORKFORCE_OF", "CLAIMED_BY"})
ROLE_LABELS = frozenset({"COVERAGE_OF", "TARGET_OF", "WORKFORCE_OF"})
KIND_RELATION = {kind: label for label, kind in CLAIM_RELATIONS.items()}


def is_context(head: Span, child: Span) -> bool:
    """Whether a relation between these spans crosses sentences (a context link)."""
    return head.sent.start != child.sent.start


def context_violation(doc: Doc, head: Span, child: Span, label: str, same_sentence_roles: set) -> Optional[str]:
    """Why a cross-sentence relation breaks the context-link rule, or None when the rule allows it."""
    if label not in CONTEXT_LABELS or head.label_ not in FIGURE_LABELS:
        return f"only {sorted(CONTEXT_LABELS)} from a PERCENT/COUNT may link to an earlier sentence"
    if child.sent.start > head.sent.start:
        return "it points forward; a context link points to an earlier sentence"
    if is_other_part(head.sent) or is_other_part(child.sent):
        return "one end lies in a caption or 'Baca Juga' line, another article part"
    if is_dateline(child):
        return "the anchor is a dateline"
    if label in ROLE_LABELS and (head.start, head.end) in same_sentence_roles:
        return "the figure already has a role relation in its own sentence"
    return None


def context_distance(doc: Doc, head: Span, child: Span) -> Optional[int]:
    """How many article sentences back the anchor is, when it is neither headline nor lead and lies
    beyond the sentences the relation extractor reads; None when the extractor can reach it."""
    heads = {s.start for s in head_sentences(doc, HEAD_SENTENCES)}
    if child.sent.start in heads:
        return None
    sents = [s for s in doc.sents if child.sent.start <= s.start < head.sent.start and not is_other_part(s)]
    return len(sents) if len(sents) > CONTEXT_SENTENCES else None


def check_relations_v2(doc: Doc, spans: Dict[int, Span], relations: List[dict],
                       add: Callable[..., None]) -> List[bool]:
    """Apply the context-link rule to every cross-sentence relation; RETURNS one context flag per relation."""
    roles = {(spans[r["head"]].start, spans[r["head"]].end) for r in relations
             if r.get("label") in ROLE_LABELS and r.get("head") in spans and r.get("child") in spans
             and not is_context(spans[r["head"]], spans[r["child"]])}
    flags = []
    for k, rel in enumerate(relations):
        head, child = spans.get(rel.get("head")), spans.get(rel.get("child"))
        if head is None or child is None or not is_context(head, child):
            flags.append(False)
            continue
        flags.append(True)
        why = context_violation(doc, head, child, rel["label"], roles)
        if why is not None:
            add("error", Errors.E024, index=k, label=rel["label"], head=head.text[:60], child=child.text[:60], why=why)
            continue
        if any(e.label_ == "REGION" and e.sent.start == head.sent.start and not is_dateline(e)
               for e in spans.values()):
            add("warning", Warnings.W006, index=k, label=rel["label"], head=head.text[:60], child=child.text[:60])
            continue
        distance = context_distance(doc, head, child)
        if distance is not None:
            add("warning", Warnings.W004, index=k, label=rel["label"], head=head.text[:60], child=child.text[:60],
                distance=distance, limit=CONTEXT_SENTENCES)
    return flags


def claim_region(name: str, code: Optional[str]):
    """The region a claim names: its canonical name, or a district's bare name ("Bojongsoang") with its code."""
    region = resolve_region(name)
    if region is None or (code and region.code != code):
        district = resolve_region(f"Kecamatan {name}")
        if district is not None and (not code or district.code == code):
            return district
    return region


def check_claims(claims: List[dict], spans: Dict[int, Span], relations: List[dict], context: List[bool],
                 add: Callable[..., None]) -> None:
    """Check reviewed claims: each names a figure with the relation its kind says, its value reads from
    the figure, its region resolves to its code (a village, or a cluster written as a REGION of the
    article such as "Malang Raya", has none); and every claim figure has one."""
    wanted = {}
    for rel, ctx in zip(relations, context):
        if rel.get("label") in CLAIM_RELATIONS and rel.get("head") in spans:
            wanted.setdefault((rel["head"], CLAIM_RELATIONS[rel["label"]]), ctx)
    seen = set()
    for k, claim in enumerate(claims):
        fig = claim.get("figure")
        span = spans.get(fig)
        kind = claim.get("kind")

        def bad(expected, found):
            add("error", Errors.E023, index=k, kind=kind, figure=span.text if span is not None else fig,
                expected=expected, found=found)

        if span is None:
            bad("the index of a PERCENT/COUNT entity", repr(fig))
            continue
        seen.add((fig, kind))
        if (fig, kind) not in wanted:
            bad(f"a {KIND_RELATION.get(kind, 'COVERAGE_OF/TARGET_OF')} relation from this figure", "none")
        q = figure_quantity(span)  # a figure the normalisers cannot read ("sembilan koma delapan") is the
        if q is not None and not same_value(q.value, claim.get("value")):  # annotator's to read
            bad(f"the value the figure reads as ({q.value})", claim.get("value"))
        region = claim.get("region")
        resolved = claim_region(region, claim.get("region_code")) if region else None
        named = {e.text for e in spans.values() if e.label_ == "REGION"}
        if region and resolved is None and not lookup_place(region) and region not in named:
            bad("a canonical region name", repr(region))
        elif resolved is not None and (claim.get("region_code") or None) != resolved.code:
            bad(f"region code {resolved.code!r} of {resolved.name}", repr(claim.get("region_code")))
    for (fig, kind) in sorted(set(wanted) - seen):
        add("error", Errors.E023, index="-", kind=kind, figure=spans[fig].text, expected="a reviewed claim line",
            found="none")


def claim_context(claims: List[dict], relations: List[dict], context: List[bool]) -> List[bool]:
    """Whether each claim comes from a context link (its figure's claim relation crosses sentences)."""
    flags = {}
    for rel, ctx in zip(relations, context):
        if rel.get("label") in CLAIM_RELATIONS:
            flags[(rel["head"], CLAIM_RELATIONS[rel["label"]])] = ctx
    return [bool(flags.get((c.get("figure"), c.get("kind")))) for c in claims]
