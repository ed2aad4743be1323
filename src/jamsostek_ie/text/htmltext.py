"""HTML → plain text for extraction, with a map from every text offset back to the HTML source.

Parsed with the standard library's ``html.parser.HTMLParser`` (no regexes over markup):

- ``script``, ``style``, ``noscript``, ``template``, ``head``, ``nav``, ``aside``, ``footer``,
  ``button``, ``select``, ``svg``, ``iframe`` ... are dropped with their content;
- block elements (``p``, ``div``, ``h1``–``h6``, ``article``, ``section``, ``blockquote``,
  ``figcaption``, ``table`` ...) become paragraph breaks (``"\\n\\n"``), ``br``, ``li`` and ``tr``
  line breaks, table cells a space: our sentencizer ends a sentence at every line break, so a
  headline or a list item is a sentence of its own;
- whitespace inside a paragraph collapses to one space, ``&nbsp;`` included; character references
  (``&amp;``, ``&#8211;``) are resolved.

``HtmlText.text`` is the plain text the pipeline reads; ``HtmlText.to_source(start, end)`` gives
the ``[start, end)`` range of the HTML source that produced ``text[start:end]`` (for a figure
written ``<b>31,85</b>&nbsp;persen`` that range covers the tags and the reference too).
"""
from __future__ import annotations

import html as html_lib
import re
from array import array
from bisect import bisect_right
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Dict, List, Optional, Tuple

from ..domain.claims import CoverageClaim, Evidence

#: elements dropped together with everything inside them
SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "head", "nav", "aside", "footer",
                       "button", "select", "option", "textarea", "svg", "math", "iframe", "object", "canvas",
                       "audio", "video", "menu", "dialog"})
#: elements that end a paragraph
BLOCK_TAGS = frozenset({"address", "article", "blockquote", "body", "caption", "center", "dd", "details", "div",
                        "dl", "dt", "fieldset", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6",
                        "header", "hgroup", "hr", "html", "main", "ol", "p", "pre", "section", "summary",
                        "table", "tbody", "tfoot", "thead", "ul"})
#: elements that end a line
LINE_TAGS = frozenset({"br", "li", "tr"})
#: elements that separate words
SPACE_TAGS = frozenset({"td", "th", "img", "input", "wbr"})
#: what may stand in <head>; any other element closes a <head> left open
HEAD_TAGS = frozenset({"base", "link", "meta", "noscript", "script", "style", "template", "title"})
VOID_TAGS = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
                       "track", "wbr"})

_WS = re.compile(r"[ \t\n\r\f\v\u00a0]+")
_REF = re.compile(r"&(?:#[xX][0-9a-fA-F]+|#[0-9]+|[A-Za-z][A-Za-z0-9]*);?")
_BREAK_RANK = {" ": 1, "\n": 2, "\n\n": 3}


@dataclass
class HtmlText:
    """Plain text extracted from HTML, with its offset map.

    text (str): the plain text (what the pipeline reads and what claim offsets index).
    source (str): the HTML it came from.
    Segments map text to source: segment k starts at text offset ``_tstart[k]``; when
    ``_ident[k]`` is 1 its characters are copied one-to-one from ``_sstart[k]`` on, otherwise
    every character of it came from the whole source range ``[_sstart[k], _send[k])`` (a
    character reference, a collapsed run of whitespace, a tag turned into a line break).
    """

    text: str
    source: str
    _tstart: array = field(default_factory=lambda: array("q"), repr=False)
    _sstart: array = field(default_factory=lambda: array("q"), repr=False)
    _send: array = field(default_factory=lambda: array("q"), repr=False)
    _ident: array = field(default_factory=lambda: array("b"), repr=False)

    def char_source(self, i: int) -> Tuple[int, int]:
        """The source range of text character ``i``.

        i (int): an offset in ``text`` (0 <= i < len(text)).
        RETURNS (tuple[int, int]): ``[start, end)`` in ``source``.
        """
        if not 0 <= i < len(self.text):
            from ..errors import Errors, error

            raise error(Errors.E015, cls=IndexError, what="HtmlText.char_source",
                        expected=f"0 <= i < {len(self.text)}", found=i)
        k = bisect_right(self._tstart, i) - 1
        if self._ident[k]:
            s = self._sstart[k] + (i - self._tstart[k])
            return s, s + 1
        return self._sstart[k], self._send[k]

    def to_source(self, start: int, end: int) -> Tuple[int, int]:
        """The HTML source range that produced ``text[start:end]``.

        start / end (int): offsets in ``text``, ``start < end``.
        RETURNS (tuple[int, int]): ``[start, end)`` in ``source``.
        """
        if end <= start:
            s = self.char_source(min(start, len(self.text) - 1))[0] if self.text else 0
            return s, s
        return self.char_source(start)[0], self.char_source(end - 1)[1]


class _Collector(HTMLParser):
    """Walks the HTML once, building the text and its segments."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self.source = source
        self.line_starts = array("q", [0])
        self.line_starts.extend(m.end() for m in re.finditer("\n", source))
        self.parts: List[str] = []
        self.n = 0  # characters of text so far
        self.tstart, self.sstart, self.send, self.ident = array("q"), array("q"), array("q"), array("b")
        self.stack: List[str] = []
        self.open: Dict[str, int] = {}  # open elements by tag: membership in O(1), not a scan of the stack
        self.skip = 0  # open elements in SKIP_TAGS
        self.pending: Optional[Tuple[str, int, int]] = None  # break to emit before the next word

    # -- positions
    def _pos(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    # -- output
    def _emit(self, text: str, s: int, e: int, ident: bool) -> None:
        if not text:
            return
        if ident and self.ident and self.ident[-1] and self.send[-1] == s and \
                self.tstart[-1] + (self.send[-1] - self.sstart[-1]) == self.n:
            self.send[-1] = e  # extend the previous one-to-one segment
        else:
            self.tstart.append(self.n)
            self.sstart.append(s)
            self.send.append(e)
            self.ident.append(1 if ident else 0)
        self.parts.append(text)
        self.n += len(text)

    def _break(self, kind: str, s: int, e: int) -> None:
        if self.n == 0:
            return  # nothing before it: leading breaks are dropped
        if self.pending is None or _BREAK_RANK[kind] > _BREAK_RANK[self.pending[0]]:
            self.pending = (kind, s, e)

    def _word(self, text: str, s: int, e: int, ident: bool) -> None:
        if self.pending is not None:
            kind, ps, pe = self.pending
            self.pending = None
            if kind == " " and pe - ps == 1 and self.source[ps] == " ":
                self._emit(" ", ps, pe, True)
            else:
                self._emit(kind, ps, pe, False)
        self._emit(text, s, e, ident)

    # -- parser callbacks
    def handle_starttag(self, tag: str, attrs) -> None:
        s = self._pos()
        e = s + len(self.get_starttag_text() or "")
        if tag not in HEAD_TAGS and self.open.get("head"):
            self._close("head")
        if tag not in VOID_TAGS:
            self.stack.append(tag)
            self.open[tag] = self.open.get(tag, 0) + 1
            if tag in SKIP_TAGS:
                self.skip += 1
        if self.skip:
            return
        self._tag_break(tag, s, e)

    def handle_startendtag(self, tag: str, attrs) -> None:
        s = self._pos()
        e = s + len(self.get_starttag_text() or "")
        if not self.skip:
            self._tag_break(tag, s, e)

    def handle_endtag(self, tag: str) -> None:
        s = self._pos()
        end = self.source.find(">", s)
        e = end + 1 if end >= 0 else len(self.source)
        self._close(tag)
        if not self.skip:
            self._tag_break(tag, s, e)

    def _close(self, tag: str) -> None:
        """Close the innermost open ``tag`` and whatever was left open inside it."""
        if not self.open.get(tag):
            return
        while self.stack:  # each element is popped once: linear over the document
            top = self.stack.pop()
            self.open[top] -= 1
            if top in SKIP_TAGS:
                self.skip -= 1
            if top == tag:
                break

    def _tag_break(self, tag: str, s: int, e: int) -> None:
        if tag in BLOCK_TAGS:
            self._break("\n\n", s, e)
        elif tag in LINE_TAGS:
            self._break("\n", s, e)
        elif tag in SPACE_TAGS:
            self._break(" ", s, e)

    def handle_data(self, data: str) -> None:
        if self.skip or not data:
            return
        base = self._pos()
        pos = 0
        for m in _WS.finditer(data):
            if m.start() > pos:
                self._word(data[pos:m.start()], base + pos, base + m.start(), True)
            self._break(" ", base + m.start(), base + m.end())
            pos = m.end()
        if pos < len(data):
            self._word(data[pos:], base + pos, base + len(data), True)

    def _ref(self) -> None:
        if self.skip:
            return
        s = self._pos()
        m = _REF.match(self.source, s)
        e = m.end() if m else s + 1
        value = html_lib.unescape(self.source[s:e])
        if not value.strip() or value == "\u00a0":
            self._break(" ", s, e)
        else:
            self._word(value, s, e, False)

    def handle_entityref(self, name: str) -> None:
        self._ref()

    def handle_charref(self, name: str) -> None:
        self._ref()


def html_to_text(source: str) -> HtmlText:
    """Extract the readable text of an HTML page or fragment.

    source (str): HTML.
    RETURNS (HtmlText): ``.text`` (paragraphs separated by blank lines) and the offset map.
    RAISES TypeError: E015 when ``source`` is not a str.
    """
    if not isinstance(source, str):
        from ..errors import Errors, error

        raise error(Errors.E015, cls=TypeError, what="html", expected="str", found=type(source).__name__)
    p = _Collector(source)
    p.feed(source)
    p.close()
    return HtmlText("".join(p.parts), source, p.tstart, p.sstart, p.send, p.ident)


@dataclass(frozen=True)
class HtmlEvidence(Evidence):
    """Evidence of a claim found in HTML (``extract(..., html=True)``).

    ``start``/``end``/``figure_start``/``figure_end`` index the plain text ``html_to_text(html).text``
    (as for any text); ``source_start``/``source_end`` and ``source_figure_start``/``source_figure_end``
    index the HTML source string itself.
    """

    source_start: int = 0
    source_end: int = 0
    source_figure_start: int = 0
    source_figure_end: int = 0


def map_claim_to_source(claim: CoverageClaim, ht: HtmlText) -> CoverageClaim:
    """The same claim with ``HtmlEvidence`` that also points into the HTML source."""
    from dataclasses import replace

    e = claim.evidence
    s, t = ht.to_source(e.start, e.end)
    fs, ft = ht.to_source(e.figure_start, e.figure_end)
    ev = HtmlEvidence(e.article_id, e.sentence, e.start, e.end, e.figure_start, e.figure_end,
                      source_start=s, source_end=t, source_figure_start=fs, source_figure_end=ft)
    return replace(claim, evidence=ev)
