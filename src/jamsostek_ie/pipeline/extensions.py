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


class StatelessComponent:
    """A pipeline component with nothing to save: ``pipe`` calls ``__call__`` doc by doc, and the
    serialisation methods spaCy expects write and read nothing. Subclasses define ``__call__``."""

    name = ""

    def __call__(self, doc: Doc) -> Doc:  # pragma: no cover - defined by subclasses
        raise NotImplementedError

    def pipe(self, docs, batch_size: int = 128):
        for doc in docs:
            yield self(doc)

    def to_disk(self, path, *, exclude=tuple()):
        return None

    def from_disk(self, path, *, exclude=tuple()):
        return self

    def to_bytes(self, *, exclude=tuple()):
        return b""

    def from_bytes(self, data, *, exclude=tuple()):
        return self
