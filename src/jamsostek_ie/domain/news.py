"""How a news page is laid out: datelines, page-noise lines (captions, "Baca Juga", author tags),
the headline and the lead. One place for what several steps need to know about a page.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from typing import Iterator, List, Optional

from spacy.tokens import Doc, Span

from ..resources import load as load_resource

#: what follows a dateline's place or outlet: "PONTIANAK, outlet.com -", "Jambi (ANTARA) -", "KETIK | BANDUNG"
DATELINE_SEPARATORS = frozenset({",", "–", "—", "-", "(", ")", "|", ":"})
#: how far into its line a dateline's place (REGION) or outlet (ORG) may start, in tokens
DATELINE_MAX_OFFSET = {"REGION": 3, "ORG": 4}
#: page noise that opens a line: captions, related-article links, author tags, widgets
NOISE_LINE = re.compile(r"^\W*(?:foto|ilustrasi|caption|keterangan foto|dok\.|dokumentasi|baca juga|simak juga|"
                        r"lihat juga|berita terkait|editor|penulis|reporter|sumber|loading|advertisement|"
                        r"scroll to continue)\b", re.IGNORECASE)
#: lines that belong to another article part: figures there never link to the article's sentences
OTHER_PART_LINE = re.compile(r"^\W*(?:foto|ilustrasi|caption|keterangan foto|baca juga|simak juga|lihat juga|"
                             r"berita terkait)\b", re.IGNORECASE)


def line_start(span: Span, limit: Optional[int] = None) -> int:
    """Token index where ``span``'s line starts; with ``limit``, at most ``limit`` tokens back (a
    caller that only asks whether the line starts within a few tokens then does not walk a whole
    2 MB line for each entity)."""
    doc = span.doc
    i = span.start
    stop = 0 if limit is None else max(0, span.start - limit)
    while i > stop and "\n" not in doc[i - 1].whitespace_ and not (doc[i - 1].is_space and "\n" in doc[i - 1].text):
        i -= 1
    return i


def is_dateline(span: Span) -> bool:
    """A place or outlet at the start of a line, followed by a comma, dash, bracket or bar:
    "PONTIANAK, insidepontianak.com -", "KETIK, BANDUNG –", "Bandarlampung (ANTARA) -".

    span (Span): a REGION or ORG entity. RETURNS (bool): whether it belongs to a dateline.
    """
    doc = span.doc
    most = DATELINE_MAX_OFFSET.get(span.label_, 3)
    offset = span.start - line_start(span, limit=most + 1)
    if offset > most:
        return False
    if span.label_ != "ORG" and offset > 0 and not span.text.isupper():
        return False
    before = doc[span.start - offset:span.start]
    if span.label_ != "ORG" and not all(t.is_punct or t.text.isupper() or _is_outlet(t.text) for t in before):
        return False  # "Untuk NTT, data ..." is a sentence; "KETIK, BANDUNG –", "Bisnisnusantara.com, JAKARTA –" datelines
    if span.label_ == "ORG" and "." not in span.text and not span.text.isupper():
        return False  # outlets read "ANTARA", "insidepontianak.com"; "Kepala BPJS ... Cabang Pati, ..." is none
    separators = DATELINE_SEPARATORS - ({"("} if span.label_ == "ORG" else {")"})
    nxt = doc[span.end: min(span.end + 2, len(doc))]
    return len(nxt) > 0 and nxt[0].text in separators


#: ``doc.user_data`` key of the sentence starts (ints, so a Doc still serialises)
SENT_STARTS_KEY = "jamsostek_ie.sentence_starts"


def sentence_span(span: Span) -> Span:
    """The sentence of ``span`` (the whole Doc without sentence boundaries), found by bisection in the
    Doc's sentence starts, computed once: ``Span.sent`` walks back token by token, which made every
    figure of a 2 MB line without full stops cost the length of its chunk."""
    doc = span.doc
    if not doc.has_annotation("SENT_START"):
        return doc[:]
    starts = doc.user_data.get(SENT_STARTS_KEY)
    if starts is None or (starts and starts[-1] >= len(doc)):
        starts = [s.start for s in doc.sents]
        doc.user_data[SENT_STARTS_KEY] = starts
    i = bisect_right(starts, span.start) - 1
    end = starts[i + 1] if i + 1 < len(starts) else len(doc)
    return doc[starts[i]:end]


def _is_outlet(text: str) -> bool:
    """A news outlet's name as datelines write it ("Bisnisnusantara.com", "sulawesiterkini.id")."""
    return re.match(load_resource("entity_lexicon")["outlet_pattern"], text) is not None


def is_noise(sent: Span) -> bool:
    """Page noise rather than article text: a caption, a "Baca Juga" link, an author tag, a line
    without a letter (a timestamp)."""
    text = sent.text.strip()
    return not text or not any(c.isalpha() for c in text) or NOISE_LINE.match(text) is not None


#: a "Baca Juga" sentence longer than this (tokens) has the next sentence glued to it: it is not all noise
OTHER_PART_MAX_TOKENS = 30


def is_other_part(sent: Span) -> bool:
    """A sentence of another article part (a caption, a related-article link): never a link anchor.
    A long one is a link title glued to the article's next sentence and counts as article text."""
    return len(sent) <= OTHER_PART_MAX_TOKENS and OTHER_PART_LINE.match(sent.text.strip()) is not None


def lead_sentences(doc: Doc, n: int) -> Iterator[Span]:
    """The first ``n`` sentences of the article that are text, not page noise."""
    found = 0
    for sent in doc.sents:
        if found >= n:
            break
        if is_noise(sent):
            continue
        found += 1
        yield sent


def headline(doc: Doc) -> Optional[Span]:
    """The headline: the first sentence when it does not end like a lead sentence (with a full stop)."""
    if not doc.has_annotation("SENT_START"):
        return None
    first = next(doc.sents, None)
    if first is None or first.text.rstrip().endswith("."):
        return None
    return first


def head_sentences(doc: Doc, n: int = 3) -> List[Span]:
    """Headline and lead: the sentences an article states its subject in."""
    return list(lead_sentences(doc, n)) if doc.has_annotation("SENT_START") else [doc[:]]
