"""Split a long text into pieces of bounded size at paragraph boundaries, keeping offsets.

Our sentencizer ends a sentence at every line break, so a cut at a line break never splits a
sentence: a chunked text yields the same sentences as the whole text. Only a single line longer
than the limit is cut elsewhere (after a sentence-ending mark, else at whitespace, else hard).
"""
from __future__ import annotations

import re
from typing import Iterator, Tuple

#: default chunk size in characters; corpus articles (the longest has 7,064) are never chunked
MAX_CHUNK_CHARS = 20_000

_SENT_END = re.compile(r"[.!?…][\"”’')»]*\s+")
_SPACE = re.compile(r"\s+")


def _cut(text: str, start: int, limit: int) -> int:
    """The end of the chunk that starts at ``start``: the best boundary in ``text[start:limit]``."""
    window_start = start + (limit - start) // 2  # never a chunk under half the limit when a cut exists
    for sep in ("\n\n", "\n"):
        i = text.rfind(sep, window_start, limit)
        if i >= 0:
            return i + len(sep)
    best = -1
    for m in _SENT_END.finditer(text, window_start, limit):
        best = m.end()
    if best > start:
        return best
    for m in _SPACE.finditer(text, window_start, limit):
        best = m.end()
    if best > start:
        return best
    return limit


def chunk_spans(text: str, max_chars: int = MAX_CHUNK_CHARS) -> Iterator[Tuple[int, int]]:
    """(start, end) character offsets of consecutive chunks that cover ``text`` exactly.

    text (str): the text.
    max_chars (int): the most characters of one chunk (at least 2).
    RETURNS (Iterator[tuple[int, int]]): chunks in order; one chunk when the text fits.
    RAISES ValueError: E015 when ``max_chars`` is below 2.
    """
    if max_chars < 2:
        from ..errors import Errors, error

        raise error(Errors.E015, what="max_chars", expected="an integer of at least 2",
                    found=repr(max_chars))
    n = len(text)
    start = 0
    while start < n:
        limit = start + max_chars
        end = n if limit >= n else _cut(text, start, limit)
        yield start, end
        start = end
