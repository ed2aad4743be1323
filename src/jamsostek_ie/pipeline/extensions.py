"""Doc/Span extensions, installed in one place."""
from __future__ import annotations

from spacy.tokens import Doc


def install_extensions() -> None:
    """Register ``doc._.relations`` (gold or predicted relations) and ``doc._.claims``.

    ``doc._.relations`` is a list of {"head": (start, end), "child": (start, end), "label": str,
    "score": float (predictions only)} with token offsets of the entity spans.
    """
    if not Doc.has_extension("relations"):
        Doc.set_extension("relations", default=None)
    if not Doc.has_extension("claims"):
        Doc.set_extension("claims", default=None)
