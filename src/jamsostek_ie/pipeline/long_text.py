"""Running the pipeline over one text of any length: in-line whitespace read as one space, lone
surrogates cleaned, text in another language skipped, and a long text processed in paragraph-aligned
chunks whose claims and entities come back with offsets into the whole text.

Each later chunk carries the article head (headline and lead, where the article's region and period
are read) and the sentences just before it (where its first figures' context links and cue words
are), so the claims come out as for the whole text.
"""
from __future__ import annotations

import re
import warnings
from dataclasses import replace
from datetime import date
from typing import Iterator, List, Optional, Tuple

from spacy.language import Language
from spacy.tokens import Doc

from ..domain.claims import CoverageClaim
from ..errors import Warnings
from ..text.chunking import chunk_spans
from ..text.clean import clean_surrogates
from ..text.language import guess_language
from ..text.whitespace import squeeze_whitespace, unsqueeze_claim, unsqueeze_entities

#: sentences of the article head a later chunk carries, and at most this many characters of them
CONTEXT_SENTS = 3
CONTEXT_MAX_CHARS = 2_000
#: chunks of one long text sent through ``nlp.pipe`` together
CHUNK_BATCH = 4


def prepare_doc(nlp: Language, text: str, published, article_id: Optional[str]) -> Doc:
    doc = nlp.make_doc(text)
    if published is not None:
        doc.user_data["published"] = published.isoformat() if isinstance(published, date) else str(published)
    if article_id is not None:
        doc.user_data["article_id"] = clean_surrogates(article_id) if isinstance(article_id, str) else article_id
    return doc



def shift_claim(claim: CoverageClaim, delta: int, head_chars: int = 0) -> CoverageClaim:
    """Move a chunk's claim into the whole text's offsets. An anchor sentence inside the article head
    the chunk carries in front (its first ``head_chars`` characters, the text's own beginning) keeps
    its offsets; any other moves with the chunk."""
    if delta == 0:
        return claim
    e = claim.evidence
    anchor = {}
    if e.anchor_start is not None and e.anchor_start >= head_chars:
        anchor = dict(anchor_start=e.anchor_start + delta, anchor_end=e.anchor_end + delta)
    return replace(claim, evidence=replace(e, start=e.start + delta, end=e.end + delta,
                                           figure_start=e.figure_start + delta, figure_end=e.figure_end + delta,
                                           **anchor))


#: characters of the text before a chunk that it carries as context (the sentences a figure at the chunk's
#: start refers back to, and the sentence its features read before it)
OVERLAP_CHARS = 1_500


def overlap_start(text: str, start: int, head_end: int, limit: int = OVERLAP_CHARS) -> int:
    """Where the context a chunk starting at ``start`` carries begins: at most ``limit`` characters back,
    at a paragraph or line start, never inside the article head (which the chunk carries anyway)."""
    lo = max(head_end, start - limit)
    if lo >= start:
        return start
    cut = text.find("\n", lo, start)
    return cut + 1 if cut >= 0 else start


def skip_foreign(text: str, article_id: Optional[str], where: str = "") -> Optional[str]:
    """The language ``text`` reads as when it is not Indonesian (then a warning is issued), else None."""
    guess = guess_language(text)
    if not guess.is_foreign:
        return None
    warnings.warn(Warnings.W003.format(where=article_id or "text", part=where, language=guess.language,
                                       foreign=guess.foreign, indonesian=guess.indonesian), stacklevel=3)
    return guess.language


def context_prefix(doc: Doc, n_sents: int = CONTEXT_SENTS, max_chars: int = CONTEXT_MAX_CHARS) -> str:
    """The article head (headline and lead: the sentences ``claims.article_region`` and the headline
    period read) that later chunks of a long text carry in front, so their claims get the same
    article-level region and period as if the text had been processed whole."""
    end = 0
    for i, sent in enumerate(doc.sents):
        if i >= n_sents:
            break
        end = sent.end_char
    head = doc.text[:end]
    if len(head) > max_chars:
        cut = head.rfind(" ", 0, max_chars)
        head = head[:cut if cut > 0 else max_chars]
    return head.rstrip()


_TRAILING_END = re.compile(r"[.!?…][\"”’')»]*$")


def lead_text(prefix: str, text: str, start: int) -> str:
    """What a later chunk starting at ``start`` is preceded by: the article head, then a token that
    leaves the sentencizer in the state the original text leaves it at ``start`` (after a sentence
    end or not), then a paragraph break."""
    if not prefix:
        return ""
    before = text[max(0, start - 16):start].rstrip()
    m = _TRAILING_END.search(before)
    return f"{prefix} {m.group() if m else '¶'}\n\n"


def resolve_published(published, text: str):
    """The article date used for relative periods: ``published`` as given; when None, the date the
    page states (a timestamp, "Jumat, 24 Agustus 2024", an event date "Rabu (9/8/2023)"; see
    ``domain.periods.infer_published``); False means no date at all.
    """
    if published is False:
        return None
    if published is None:
        from ..domain.periods import infer_published

        return infer_published(text)
    return published


def run_text(nlp: Language, text: str, *, published, article_id: Optional[str], max_chunk_chars: int,
         entities: Optional[list]) -> Tuple[List[CoverageClaim], str]:
    """Claims of a plain text, chunked when it is long; entity spans appended to ``entities``.

    In-line whitespace runs ("31,85  persen", a tab, a thin space) are read as one space
    (``text.whitespace``); offsets still index ``text``.
    RETURNS (tuple): the claims (offsets into ``text``) and the language ("id" unless skipped).
    """
    sq = squeeze_whitespace(text)
    if sq is None:
        return run_plain(nlp, text, published=published, article_id=article_id, max_chunk_chars=max_chunk_chars,
                          entities=entities)
    found: Optional[list] = [] if entities is not None else None
    claims, lang = run_plain(nlp, sq.text, published=published, article_id=article_id,
                              max_chunk_chars=max_chunk_chars, entities=found)
    if entities is not None:
        entities.extend(unsqueeze_entities(found, sq))
    return [unsqueeze_claim(c, sq) for c in claims], lang


def run_plain(nlp: Language, text: str, *, published, article_id: Optional[str], max_chunk_chars: int,
               entities: Optional[list]) -> Tuple[List[CoverageClaim], str]:
    """``_run`` on a text whose whitespace needs no squeezing."""
    published = resolve_published(published, text)
    spans = chunk_spans(text, max_chunk_chars)
    first = next(spans)
    if first[1] == len(text):  # fits in one piece: the whole text, exactly as before
        lang = skip_foreign(text, article_id)
        if lang is not None:
            return [], lang
        doc = nlp(prepare_doc(nlp, text, published, article_id))
        if entities is not None:
            entities.extend((e.start_char, e.end_char, e.label_) for e in doc.ents)
        return list(doc._.claims or []), "id"

    claims: List[CoverageClaim] = []
    foreign: List[str] = []  # languages of the chunks skipped
    processed = 0
    prefix = ""
    s0, e0 = first
    chunk = text[s0:e0]
    lang = skip_foreign(chunk, article_id, f" characters {s0}-{e0}")
    if lang is None:
        doc = nlp(prepare_doc(nlp, chunk, published, article_id))
        processed += 1
        claims.extend(doc._.claims or [])
        if entities is not None:
            entities.extend((e.start_char, e.end_char, e.label_) for e in doc.ents)
        prefix = context_prefix(doc)
        del doc
    else:
        foreign.append(lang)

    def docs() -> Iterator[Doc]:
        for s, e in spans:
            chunk = text[s:e]
            if not chunk.strip():
                continue
            lang = skip_foreign(chunk, article_id, f" characters {s}-{e}")
            if lang is not None:
                foreign.append(lang)
                continue
            o = overlap_start(text, s, len(prefix))  # the sentences just before the chunk, as context
            doc = prepare_doc(nlp, lead_text(prefix, text, o) + text[o:s] + chunk, published, article_id)
            doc.user_data["chunk_start"], doc.user_data["overlap_start"] = s, o
            yield doc

    for doc in nlp.pipe(docs(), batch_size=CHUNK_BATCH):
        processed += 1
        s, o = doc.user_data["chunk_start"], doc.user_data["overlap_start"]
        n_lead = len(lead_text(prefix, text, o)) + (s - o)
        delta = s - n_lead
        claims.extend(shift_claim(c, delta, len(prefix)) for c in (doc._.claims or [])
                      if c.evidence.figure_start >= n_lead)
        if entities is not None:
            entities.extend((e.start_char + delta, e.end_char + delta, e.label_) for e in doc.ents
                            if e.start_char >= n_lead)
    return claims, ("id" if processed or not foreign else foreign[0])
