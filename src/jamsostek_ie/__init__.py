"""jamsostek_ie: structured BPJS Ketenagakerjaan coverage claims from Indonesian news."""
from __future__ import annotations

from . import sentences, tokenizer  # noqa: F401  (register spaCy factories)
from .schema import ENTITY_LABELS, RELATION_LABELS

__version__ = "0.1.0"
__all__ = ["ENTITY_LABELS", "RELATION_LABELS", "__version__"]
