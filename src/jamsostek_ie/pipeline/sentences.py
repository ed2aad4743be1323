"""Sentence boundaries for news text: line breaks, and ., ! or ? (with a closing quote) before a new word.

A sentence longer than ``MAX_SENTENCE_TOKENS`` ends at its next comma or semicolon, and failing that
every ``HARD_SENTENCE_TOKENS`` tokens, so that the work per sentence stays bounded.

A headline, a dateline paragraph or a "Baca Juga:" line is a sentence of its own because it
sits on its own line. Abbreviations such as "No." or "Rp." are single tokens, so they never end
a sentence.
"""
from __future__ import annotations

import numpy
from spacy.attrs import IS_SPACE, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from .extensions import StatelessComponent

_ENDERS = frozenset({".", "!", "?", "…"})
_CLOSERS = frozenset({'"', "”", "’", "'", ")", "»"})
#: a sentence this many tokens long ends at its next comma or semicolon (work per sentence stays bounded
#: on text without full stops: a 2 MB line of figures and places)
MAX_SENTENCE_TOKENS = 150
#: ... and, with no comma or semicolon either, every this many tokens
HARD_SENTENCE_TOKENS = 200
_SOFT_BREAKS = frozenset({",", ";"})


@Language.factory("jamsostek_sentencizer", default_config={})
def make_sentencizer(nlp: Language, name: str) -> "NewsSentencizer":
    return NewsSentencizer(name=name)


class NewsSentencizer(StatelessComponent):
    """Rule-based sentence splitter; stateless, so there is nothing to save."""

    def __init__(self, *, name: str = "jamsostek_sentencizer") -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        set_sentence_starts(doc)
        return doc


def set_sentence_starts(doc: Doc) -> None:
    """Set ``is_sent_start`` on every token of ``doc``.

    doc (Doc): the document, changed in place. The rules run over plain strings and the result is
    written in one ``Doc.from_array`` call, which is several times faster than setting tokens one by one.
    """
    n = len(doc)
    if n == 0:
        return
    words = [t.text for t in doc]
    spaces = doc.to_array(IS_SPACE)
    starts = numpy.full(n, -1, dtype="int32")  # spaCy: 1 = starts a sentence, -1 = does not
    starts[0] = 1
    ended = words[0] in _ENDERS  # a sentence-ending mark was seen and only closers followed it
    newline = "\n" in doc[0].whitespace_ or (bool(spaces[0]) and "\n" in words[0])
    length = 1  # tokens (not spaces) of the sentence so far
    cut = False  # an over-long sentence reached a comma / semicolon: the next token starts one
    for i in range(1, n):
        word = words[i]
        if spaces[i]:
            newline = newline or "\n" in word
            continue
        if newline or cut or length >= HARD_SENTENCE_TOKENS or (
                ended and word not in _CLOSERS and word not in _ENDERS):
            starts[i] = 1
            length = 0
        length += 1
        cut = length >= MAX_SENTENCE_TOKENS and word in _SOFT_BREAKS
        if word in _ENDERS:
            ended = True
        elif not (word in _CLOSERS and ended):
            ended = False
        newline = False
    doc.from_array([SENT_START], starts.reshape(-1, 1).astype("uint64"))
