"""Small builders the tests share: a Doc with given entities, predicted relations between them."""
from typing import Iterable, List, Sequence, Tuple

from jamsostek_ie.pipeline.extensions import install_extensions


def doc_with_ents(nlp, text: str, ents: Iterable[Tuple]):
    """``nlp(text)`` with exactly ``ents`` as its entities: (surface, label) pairs, each at its first
    occurrence, or (surface, label, char offset). ``install_extensions`` is done, so ``doc._`` works."""
    install_extensions()
    doc = nlp(text)
    spans = []
    for ent in ents:
        surface, label = ent[0], ent[1]
        start = ent[2] if len(ent) > 2 else text.index(surface)
        span = doc.char_span(start, start + len(surface), label=label)
        assert span is not None, f"{surface!r} is no token span of {text!r}"
        spans.append(span)
    doc.ents = spans
    return doc


def ent(doc, surface: str):
    """The entity of ``doc`` written ``surface``."""
    return next(e for e in doc.ents if e.text == surface)


def predicted(doc, triples: Sequence[Tuple[str, str, str]], score: float = 0.9) -> List[dict]:
    """Relation dicts (head surface, child surface, label) scored like the extractor's (veto mode)."""
    return [{"head": (ent(doc, h).start, ent(doc, h).end), "child": (ent(doc, c).start, ent(doc, c).end),
             "label": label, "score": score} for h, c, label in triples]
