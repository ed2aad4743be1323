"""Sentence boundaries for news text: line breaks, and ., ! or ? (with a closing quote) before a new word.

A headline, a dateline paragraph or a "Baca Juga:" line is a sentence of its own because it
sits on its own line. Abbreviations such as "No." or "Rp." are single tokens, so they never end
a sentence.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

_ENDERS = frozenset({".", "!", "?", "…"})
_CLOSERS = frozenset({'"', "”", "’", "'", ")", "»"})


@Language.factory("jamsostek_sentencizer", default_config={})
def make_sentencizer(nlp: Language, name: str) -> "NewsSentencizer":
    return NewsSentencizer(name=name)


class NewsSentencizer:
    """Rule-based sentence splitter; stateless, so there is nothing to save."""

    def __init__(self, *, name: str = "jamsostek_sentencizer") -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        set_sentence_starts(doc)
        return doc

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


def set_sentence_starts(doc: Doc) -> None:
    """Set ``is_sent_start`` on every token of ``doc``.

    doc (Doc): the document, changed in place.
    """
    ended = False  # a sentence-ending mark was seen and only closers followed it
    for i, token in enumerate(doc):
        if i == 0:
            token.is_sent_start = True
            ended = token.text in _ENDERS
            continue
        prev = doc[i - 1]
        newline = "\n" in prev.whitespace_ or (prev.is_space and "\n" in prev.text)
        if token.is_space:
            token.is_sent_start = False
            continue
        if newline:
            token.is_sent_start = True
        elif ended and token.text not in _CLOSERS and token.text not in _ENDERS:
            token.is_sent_start = True
        else:
            token.is_sent_start = False
        if token.text in _ENDERS:
            ended = True
        elif token.text in _CLOSERS and ended:
            pass
        else:
            ended = False
