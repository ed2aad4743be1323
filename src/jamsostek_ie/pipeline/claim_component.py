"""The ``coverage_claims`` component: sets ``doc._.claims`` from entities and relations."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..domain.claim_builder import build_claims
from .extensions import StatelessComponent, install_extensions


@Language.factory("coverage_claims", requires=["doc.ents", "doc._.relations"], assigns=["doc._.claims"],
                  default_config={})
def make_coverage_claims(nlp: Language, name: str) -> "CoverageClaims":
    return CoverageClaims(name=name)


class CoverageClaims(StatelessComponent):
    """Build ``CoverageClaim`` objects; reads ``doc.user_data["published"]`` and ``["article_id"]`` when set."""

    def __init__(self, *, name: str = "coverage_claims") -> None:
        install_extensions()
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        doc._.claims = build_claims(doc, published=doc.user_data.get("published"),
                                    article_id=doc.user_data.get("article_id"))
        return doc
