"""Whitespace inside a line, normalised for matching: "31,85  persen" (two spaces), "31,85\\tpersen",
"31,85\\u2009persen" (a thin space) read as "31,85 persen", so the tokenizer, the patterns and the model
see one plain space where the writer put any run of spaces, tabs or Unicode spaces between two words.

Line breaks, and whitespace at the start or end of a line, are kept as they are (paragraphs and
sentence boundaries stay). The pipeline runs on the squeezed text; ``Squeezed`` maps every offset back
to the original text, so claims and entities index the text the caller gave.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from typing import List, Optional, Tuple

#: a run of whitespace other than a line break, between two non-space characters of one line
_RUN = re.compile(r"(?<=\S)[^\S\n]+(?=\S)")


@dataclass(frozen=True)
class Squeezed:
    """The squeezed text and the way back: ``original[to_original(i)]`` is ``text[i]`` for every
    non-space character. text (str); original (str); starts / deltas: breakpoints of the offset map."""

    text: str
    original: str
    starts: Tuple[int, ...]
    deltas: Tuple[int, ...]

    def to_original(self, i: int) -> int:
        """The original offset of squeezed offset ``i`` (a start offset, or ``len(text)``)."""
        k = bisect_right(self.starts, i) - 1
        return i + (self.deltas[k] if k >= 0 else 0)

    def span(self, start: int, end: int) -> Tuple[int, int]:
        """A squeezed [start, end) span → the original span (its end after its last character)."""
        if end <= start:
            o = self.to_original(start)
            return o, o
        return self.to_original(start), self.to_original(end - 1) + 1


def squeeze_whitespace(text: str) -> Optional[Squeezed]:
    """``text`` with each in-line whitespace run between two words made one space; None when the text
    has no such run other than single spaces (then it goes to the pipeline unchanged)."""
    parts: List[str] = []
    starts: List[int] = []
    deltas: List[int] = []
    pos = 0  # in text
    delta = 0  # original - squeezed after the last run
    for m in _RUN.finditer(text):
        if m.group() == " ":
            continue
        parts.append(text[pos:m.start()])
        parts.append(" ")
        delta += len(m.group()) - 1
        starts.append(m.start() - (delta - (len(m.group()) - 1)) + 1)  # squeezed offset after the space
        deltas.append(delta)
        pos = m.end()
    if not parts:
        return None
    parts.append(text[pos:])
    return Squeezed("".join(parts), text, tuple(starts), tuple(deltas))


def unsqueeze_claim(claim, sq: Squeezed):
    """A claim found in ``sq.text`` with offsets, sentences and the figure of the original text."""
    e = claim.evidence
    s, t = sq.span(e.start, e.end)
    fs, ft = sq.span(e.figure_start, e.figure_end)
    fields = {"start": s, "end": t, "figure_start": fs, "figure_end": ft, "sentence": sq.original[s:t]}
    if e.anchor_start is not None and e.anchor_end is not None:
        a, b = sq.span(e.anchor_start, e.anchor_end)
        fields.update(anchor_start=a, anchor_end=b, anchor_sentence=sq.original[a:b])
    figure = sq.original[fs:ft] if sq.text[e.figure_start:e.figure_end] == claim.figure else claim.figure
    return replace(claim, figure=figure, evidence=replace(e, **fields))


def unsqueeze_entities(entities: List[tuple], sq: Squeezed) -> List[tuple]:
    """(start, end, label) spans of ``sq.text`` → spans of the original text."""
    return [(*sq.span(s, e), label) for s, e, label in entities]
