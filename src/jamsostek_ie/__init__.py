"""jamsostek_ie: structured BPJS Ketenagakerjaan coverage claims from Indonesian news.

Quick start::

    import jamsostek_ie
    claims = jamsostek_ie.extract("... cakupan kepesertaan di Jawa Barat baru 31,85 persen ...")
    df = jamsostek_ie.claims_to_frame(claims)
"""
from __future__ import annotations

from .pipeline import claim_component, entity_patterns, relation_extractor, sentences, tokenizer  # noqa: F401
from .api import Extraction, analyse, claims_to_frame, extract, extract_many, load
from .domain.claims import CoverageClaim, Evidence, MoneyAmount
from .schema import ENTITY_LABELS, RELATION_LABELS
from .text.htmltext import HtmlEvidence, html_to_text
from .io.report import render
from .tracker import track  # after the names it imports (extract_many, CoverageClaim)

__version__ = "0.1.0"
__all__ = ["load", "extract", "extract_many", "analyse", "Extraction", "render", "html_to_text", "HtmlEvidence", "track",
           "claims_to_frame", "CoverageClaim", "Evidence", "MoneyAmount",
           "ENTITY_LABELS", "RELATION_LABELS", "__version__"]
