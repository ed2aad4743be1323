"""Public API: load the shipped pipeline, extract claims from texts, tabulate them.

Robustness: a non-``str`` raises ``TypeError``; empty text gives ``[]``; a long text is processed
in paragraph-aligned chunks (``chunking.py``) with offsets into the whole text; HTML is reduced to
its readable text (``htmltext.py``); text in another language (``language.py``) yields no claims.
"""
from __future__ import annotations

import json
import re
import threading
import warnings
from collections import deque
from dataclasses import dataclass, field, replace
from datetime import date
from itertools import groupby
from pathlib import Path
from typing import Dict, Iterable, Iterator, List, Optional, Sequence, Tuple, Union

from spacy.language import Language
from spacy.tokens import Doc

from .text.chunking import MAX_CHUNK_CHARS, chunk_spans
from .text.clean import clean_surrogates
from .text.whitespace import squeeze_whitespace, unsqueeze_claim, unsqueeze_entities
from .domain.claims import CoverageClaim, select_claims
from .errors import Errors, JamsostekError, Warnings, error
from .paths import CHECKOUT_DIR, PACKAGE_DIR
from .pipeline.extensions import install_extensions
from .text.htmltext import HtmlText, html_to_text, map_claim_to_source
from .text.language import guess_language

PathLike = Union[str, Path]
#: sentences of the article head that later chunks of a long text carry as context (headline + lead)
CONTEXT_SENTS = 3
CONTEXT_MAX_CHARS = 2_000
#: chunks of a long text in flight at once (memory stays at about CHUNK_BATCH × max_chunk_chars)
CHUNK_BATCH = 4
_LOCK = threading.Lock()
_LOADED: Dict[Tuple[str, int], Language] = {}


def default_model_path() -> Path:
    """Where the shipped pipeline lives: ``$JAMSOSTEK_IE_MODEL``, the checkout's ``ner_model/``, or the
    copy installed inside the package (``jamsostek_ie/ner_model``)."""
    import os

    env = os.environ.get("JAMSOSTEK_IE_MODEL")
    if env:
        return Path(env)
    installed = PACKAGE_DIR / "ner_model"
    if (installed / "meta.json").exists():
        return installed
    checkout = CHECKOUT_DIR / "ner_model"
    if (checkout / "meta.json").exists():
        return checkout
    return installed


def load(path: Optional[PathLike] = None, **kwargs) -> Language:
    """Load a jamsostek_ie pipeline (the shipped one by default).

    path (str | Path | None): a pipeline directory; None for the shipped model.
    **kwargs: passed to ``spacy.load`` (e.g. ``exclude=[...]``).
    RETURNS (Language): the pipeline; ``nlp(text)._.claims`` holds the claims.
    RAISES ValueError: E017 when the directory is not a pipeline; E021 when it needs the trf extra.
    """
    import spacy

    install_extensions()
    target = Path(path) if path is not None else default_model_path()
    if not (target / "meta.json").exists() or not (target / "config.cfg").exists():
        raise error(Errors.E017, path=target, detail="expected a spaCy pipeline directory with "
                    "config.cfg and meta.json; found none (train one with "
                    "`jamsostek-ie train` or pass the path of one)")
    from .training.trf import check_loadable

    try:
        meta = json.loads((target / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise error(Errors.E017, path=target, detail=f"{target / 'meta.json'} cannot be read: {exc} (the pipeline "
                    "is damaged: restore it or retrain it with `jamsostek-ie train`)") from exc
    if not isinstance(meta, dict):
        raise error(Errors.E017, path=target, detail=f"{target / 'meta.json'}: expected a JSON object, found "
                    f"{type(meta).__name__}")
    check_loadable(target)  # a transformer pipeline without the trf extra: E021, not spaCy's unknown factory
    try:
        return spacy.load(target, **kwargs)
    except (KeyboardInterrupt, SystemExit, MemoryError):
        raise
    except JamsostekError:
        raise
    except Exception as exc:
        where = _blamed_file(exc, target) or target
        raise error(Errors.E017, path=target, detail=f"{where} cannot be loaded: {type(exc).__name__}: {exc} "
                    "(the pipeline is damaged or incomplete: restore it or retrain it with "
                    "`jamsostek-ie train`)") from exc


def _blamed_file(exc: BaseException, target: Path) -> Optional[Path]:
    """The file inside ``target`` that a failed ``spacy.load`` was reading: the exception's own
    ``filename``, else the deepest path under ``target`` held by a frame of its traceback."""
    root = target.resolve()

    def inside(value) -> Optional[Path]:
        if isinstance(value, Path) or (isinstance(value, str) and "/" in value):
            try:
                p = Path(value).resolve()
            except (OSError, ValueError):
                return None
            return p if root in p.parents else None
        return None

    found = inside(getattr(exc, "filename", None))
    if found is not None:
        return found
    tb = exc.__traceback__
    while tb is not None:
        for value in list(tb.tb_frame.f_locals.values()):
            p = inside(value)
            if p is not None:
                found = p
        tb = tb.tb_next
    return found


def load_cached(path: Optional[PathLike] = None) -> Language:
    """The pipeline at ``path`` (the shipped one by default), loaded once per process: later calls for the
    same directory return the same object while its ``meta.json`` is unchanged (thread-safe).

    RAISES JamsostekError: as ``load``.
    """
    target = Path(path) if path is not None else default_model_path()
    meta = target / "meta.json"
    key = (str(target.resolve()), meta.stat().st_mtime_ns if meta.exists() else 0)
    with _LOCK:
        if key not in _LOADED:
            _LOADED[key] = load(target)
        return _LOADED[key]


def default_nlp() -> Language:
    """The shipped pipeline, loaded once per process (thread-safe)."""
    return load_cached()


def _check_text(text, where: str = "text") -> str:
    if not isinstance(text, str):
        hint = " (decode it first, e.g. data.decode('utf-8'))" if isinstance(text, (bytes, bytearray)) else ""
        raise error(Errors.E015, cls=TypeError, what=where, expected="str", found=type(text).__name__ + hint)
    return clean_surrogates(text)  # lone surrogates → U+FFFD, same length: offsets hold


def _prepare(nlp: Language, text: str, published, article_id: Optional[str]) -> Doc:
    doc = nlp.make_doc(text)
    if published is not None:
        doc.user_data["published"] = published.isoformat() if isinstance(published, date) else str(published)
    if article_id is not None:
        doc.user_data["article_id"] = clean_surrogates(article_id) if isinstance(article_id, str) else article_id
    return doc


@dataclass
class Extraction:
    """One article's extraction: claims plus what a report needs to show them.

    text (str): the text every offset refers to (for HTML input: ``html_to_text(html).text``).
    claims (list[CoverageClaim]): the claims, in text order.
    entities (list[tuple[int, int, str]]): (start, end, label) of every entity, character offsets in ``text``.
    article_id (str | None): the article id given.
    language (str): "id", or the other language the text was taken for (then it was skipped: no claims).
    html (HtmlText | None): the HTML source and its offset map, for HTML input.
    """

    text: str
    claims: List[CoverageClaim] = field(default_factory=list)
    entities: List[Tuple[int, int, str]] = field(default_factory=list)
    article_id: Optional[str] = None
    language: str = "id"
    html: Optional["HtmlText"] = None


def _shift_claim(claim: CoverageClaim, delta: int, head_chars: int = 0) -> CoverageClaim:
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


def _overlap_start(text: str, start: int, head_end: int, limit: int = OVERLAP_CHARS) -> int:
    """Where the context a chunk starting at ``start`` carries begins: at most ``limit`` characters back,
    at a paragraph or line start, never inside the article head (which the chunk carries anyway)."""
    lo = max(head_end, start - limit)
    if lo >= start:
        return start
    cut = text.find("\n", lo, start)
    return cut + 1 if cut >= 0 else start


def _skip_foreign(text: str, article_id: Optional[str], where: str = "") -> Optional[str]:
    """The language ``text`` reads as when it is not Indonesian (then a warning is issued), else None."""
    guess = guess_language(text)
    if not guess.is_foreign:
        return None
    warnings.warn(Warnings.W003.format(where=article_id or "text", part=where, language=guess.language,
                                       foreign=guess.foreign, indonesian=guess.indonesian), stacklevel=3)
    return guess.language


def _context_prefix(doc: Doc, n_sents: int = CONTEXT_SENTS, max_chars: int = CONTEXT_MAX_CHARS) -> str:
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


def _lead(prefix: str, text: str, start: int) -> str:
    """What a later chunk starting at ``start`` is preceded by: the article head, then a token that
    leaves the sentencizer in the state the original text leaves it at ``start`` (after a sentence
    end or not), then a paragraph break."""
    if not prefix:
        return ""
    before = text[max(0, start - 16):start].rstrip()
    m = _TRAILING_END.search(before)
    return f"{prefix} {m.group() if m else '¶'}\n\n"


def check_published(published, where: str = "published"):
    """``published`` as ``extract`` takes it: None, False, a date, or an ISO date string ("2024-08-24",
    a timestamp "2024-08-24T10:00"); RETURNS it unchanged.
    RAISES JamsostekError: E015 for a string that is no date ("24/08/2024", "kemarin");
    TypeError for another type."""
    if published is None or published is False or isinstance(published, date):
        return published
    if not isinstance(published, str):
        raise error(Errors.E015, cls=TypeError, what=where, expected="an ISO date string, a date, None or False",
                    found=type(published).__name__)
    try:
        date.fromisoformat(published.strip()[:10])
    except ValueError:
        raise error(Errors.E015, what=where, expected="an ISO date (YYYY-MM-DD)", found=repr(published)) from None
    return published


def resolve_published(published, text: str):
    """The article date used for relative periods: ``published`` as given; when None, the date the
    page states (a timestamp, "Jumat, 24 Agustus 2024", an event date "Rabu (9/8/2023)"; see
    ``domain.periods.infer_published``); False means no date at all.
    """
    if published is False:
        return None
    if published is None:
        from .domain.periods import infer_published

        return infer_published(text)
    return published


def _run(nlp: Language, text: str, *, published, article_id: Optional[str], max_chunk_chars: int,
         entities: Optional[list]) -> Tuple[List[CoverageClaim], str]:
    """Claims of a plain text, chunked when it is long; entity spans appended to ``entities``.

    In-line whitespace runs ("31,85  persen", a tab, a thin space) are read as one space
    (``text.whitespace``); offsets still index ``text``.
    RETURNS (tuple): the claims (offsets into ``text``) and the language ("id" unless skipped).
    """
    sq = squeeze_whitespace(text)
    if sq is None:
        return _run_plain(nlp, text, published=published, article_id=article_id, max_chunk_chars=max_chunk_chars,
                          entities=entities)
    found: Optional[list] = [] if entities is not None else None
    claims, lang = _run_plain(nlp, sq.text, published=published, article_id=article_id,
                              max_chunk_chars=max_chunk_chars, entities=found)
    if entities is not None:
        entities.extend(unsqueeze_entities(found, sq))
    return [unsqueeze_claim(c, sq) for c in claims], lang


def _run_plain(nlp: Language, text: str, *, published, article_id: Optional[str], max_chunk_chars: int,
               entities: Optional[list]) -> Tuple[List[CoverageClaim], str]:
    """``_run`` on a text whose whitespace needs no squeezing."""
    published = resolve_published(published, text)
    spans = chunk_spans(text, max_chunk_chars)
    first = next(spans)
    if first[1] == len(text):  # fits in one piece: the whole text, exactly as before
        lang = _skip_foreign(text, article_id)
        if lang is not None:
            return [], lang
        doc = nlp(_prepare(nlp, text, published, article_id))
        if entities is not None:
            entities.extend((e.start_char, e.end_char, e.label_) for e in doc.ents)
        return list(doc._.claims or []), "id"

    claims: List[CoverageClaim] = []
    foreign: List[str] = []  # languages of the chunks skipped
    processed = 0
    prefix = ""
    s0, e0 = first
    chunk = text[s0:e0]
    lang = _skip_foreign(chunk, article_id, f" characters {s0}-{e0}")
    if lang is None:
        doc = nlp(_prepare(nlp, chunk, published, article_id))
        processed += 1
        claims.extend(doc._.claims or [])
        if entities is not None:
            entities.extend((e.start_char, e.end_char, e.label_) for e in doc.ents)
        prefix = _context_prefix(doc)
        del doc
    else:
        foreign.append(lang)

    def docs() -> Iterator[Doc]:
        for s, e in spans:
            chunk = text[s:e]
            if not chunk.strip():
                continue
            lang = _skip_foreign(chunk, article_id, f" characters {s}-{e}")
            if lang is not None:
                foreign.append(lang)
                continue
            o = _overlap_start(text, s, len(prefix))  # the sentences just before the chunk, as context
            doc = _prepare(nlp, _lead(prefix, text, o) + text[o:s] + chunk, published, article_id)
            doc.user_data["chunk_start"], doc.user_data["overlap_start"] = s, o
            yield doc

    for doc in nlp.pipe(docs(), batch_size=CHUNK_BATCH):
        processed += 1
        s, o = doc.user_data["chunk_start"], doc.user_data["overlap_start"]
        n_lead = len(_lead(prefix, text, o)) + (s - o)
        delta = s - n_lead
        claims.extend(_shift_claim(c, delta, len(prefix)) for c in (doc._.claims or [])
                      if c.evidence.figure_start >= n_lead)
        if entities is not None:
            entities.extend((e.start_char + delta, e.end_char + delta, e.label_) for e in doc.ents
                            if e.start_char >= n_lead)
    return claims, ("id" if processed or not foreign else foreign[0])


def analyse(text: str, *, published: Union[str, date, None] = None, article_id: Optional[str] = None,
            html: bool = False, nlp: Optional[Language] = None, max_chunk_chars: int = MAX_CHUNK_CHARS,
            min_score: Optional[float] = None, context_links: bool = True) -> Extraction:
    """Claims and entities of one article, for reports (``jamsostek_ie.render``) and inspection.

    Same arguments as ``extract``.
    RETURNS (Extraction): the text the offsets refer to, the claims, every entity span.
    RAISES TypeError: when ``text`` is not a str.
    """
    text = _check_text(text)
    check_published(published)
    ht = html_to_text(text) if html else None
    plain = ht.text if ht is not None else text
    out = Extraction(plain, article_id=article_id, html=ht)
    if not plain.strip():
        return out
    nlp = nlp or default_nlp()
    claims, out.language = _run(nlp, plain, published=published, article_id=article_id,
                                max_chunk_chars=max_chunk_chars, entities=out.entities)
    claims = select_claims(claims, min_score=min_score, context_links=context_links)
    out.claims = [map_claim_to_source(c, ht) for c in claims] if ht is not None else claims
    return out


def extract(text: str, *, published: Union[str, date, None] = None, article_id: Optional[str] = None,
            html: bool = False, nlp: Optional[Language] = None, max_chunk_chars: int = MAX_CHUNK_CHARS,
            min_score: Optional[float] = None, context_links: bool = True) -> List[CoverageClaim]:
    """Coverage claims of one article.

    text (str): the article text (headline first when you have it), or HTML with ``html=True``.
    published (str | date | None | False): the article date; resolves "tahun ini", "tahun depan".
        None (the default) reads the date the page states, when it states one (a timestamp,
        "Jumat, 24 Agustus 2024", "Rabu (9/8/2023)"); False uses no date (relative periods stay null).
    article_id (str | None): recorded in each claim's evidence.
    html (bool): ``text`` is HTML: its readable text is extracted first (``html_to_text``); claim
        offsets then index that plain text, and ``claim.evidence`` (an ``HtmlEvidence``) also
        carries ``source_*`` offsets into the HTML string.
    nlp (Language | None): a loaded pipeline; the shipped one by default.
    max_chunk_chars (int): a longer text is processed in paragraph-aligned chunks of at most this
        many characters, in bounded memory; offsets still index the whole text.
    min_score (float | None): keep only claims whose calibrated score is at least this (higher
        precision, lower recall; see README, Quality).
    context_links (bool): False keeps only claims whose region or organisation is named in their own
        sentence (no schema-v2 context links).
    RETURNS (list[CoverageClaim]): claims in text order; [] for empty or whitespace-only text and for
        text in another language (warning W003).
    RAISES TypeError: when ``text`` is not a str.
    """
    text = _check_text(text)
    check_published(published)
    ht = html_to_text(text) if html else None
    plain = ht.text if ht is not None else text
    if not plain.strip():
        return []
    nlp = nlp or default_nlp()
    claims, _ = _run(nlp, plain, published=published, article_id=article_id, max_chunk_chars=max_chunk_chars,
                     entities=None)
    claims = select_claims(claims, min_score=min_score, context_links=context_links)
    return [map_claim_to_source(c, ht) for c in claims] if ht is not None else claims


def _queued_docs(nlp: Language, items, pending: deque) -> Iterator[Doc]:
    """Docs for ``nlp.pipe``; what each needs afterwards goes to ``pending``. A skipped text (empty, or
    another language) still travels through the pipe as an empty Doc, so the order is kept."""
    for plain, published, article_id, ht in items:
        skip = not plain.strip() or _skip_foreign(plain, article_id) is not None
        pending.append((skip, ht))
        yield _prepare(nlp, "" if skip else plain, published, article_id)


def extract_many(texts: Iterable[str], *, published: Optional[Sequence] = None,
                 article_ids: Optional[Sequence[str]] = None, n_process: int = 1, batch_size: int = 16,
                 html: bool = False, nlp: Optional[Language] = None, max_chunk_chars: int = MAX_CHUNK_CHARS,
                 min_score: Optional[float] = None, context_links: bool = True) -> Iterator[List[CoverageClaim]]:
    """Claims for many texts, streamed in input order.

    texts (Iterable[str]): article texts (HTML with ``html=True``).
    published / article_ids (Sequence | None): per-text dates and ids, aligned with ``texts``; a None
        date is read from its text, as ``extract`` does.
    n_process (int): worker processes (spaCy's ``nlp.pipe``). batch_size (int): texts per batch.
    html / max_chunk_chars / min_score / context_links: as for ``extract``; a text longer than
        ``max_chunk_chars`` is processed on its own, chunked, between the batches.
    RETURNS (Iterator[list[CoverageClaim]]): one list per input text.
    RAISES TypeError: when a text is not a str (checked before any work).
    """
    if isinstance(texts, (str, bytes, bytearray)):
        raise error(Errors.E015, cls=TypeError, what="extract_many(texts)", expected="an iterable of texts "
                    "(a list of str)", found=f"a single {type(texts).__name__}: use extract(text) or "
                    "extract_many([text])")
    for name, value in (("batch_size", batch_size), ("n_process", n_process)):
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise error(Errors.E015, what=f"extract_many({name}=)", expected="an int of at least 1",
                        found=repr(value))
    nlp = nlp or default_nlp()
    texts = list(texts)
    for i, t in enumerate(texts):
        texts[i] = _check_text(t, f"texts[{i}]")
    if isinstance(published, (str, date)):
        raise error(Errors.E015, cls=TypeError, what="extract_many(published=)", expected="one date per text "
                    "(a list)", found=f"a single {type(published).__name__}: pass [date] * len(texts)")
    pubs = [check_published(p, f"published[{i}]") for i, p in enumerate(published)] if published is not None \
        else [None] * len(texts)
    ids = list(article_ids) if article_ids is not None else [None] * len(texts)
    if len(pubs) != len(texts) or len(ids) != len(texts):
        raise error(Errors.E015, what="extract_many", expected=f"{len(texts)} dates/ids",
                    found=f"{len(pubs)} dates and {len(ids)} ids")

    return _stream_many(texts, pubs, ids, n_process=n_process, batch_size=batch_size, html=html, nlp=nlp,
                        max_chunk_chars=max_chunk_chars, min_score=min_score, context_links=context_links)


def _stream_many(texts: List[str], pubs: list, ids: list, *, n_process: int, batch_size: int, html: bool,
                 nlp: Language, max_chunk_chars: int, min_score: Optional[float],
                 context_links: bool) -> Iterator[List[CoverageClaim]]:
    """``extract_many`` after its checks (which run when it is called, not when it is first iterated)."""
    def items():
        for t, p, a in zip(texts, pubs, ids):
            ht = html_to_text(t) if html else None
            plain = ht.text if ht is not None else t
            if len(plain) > max_chunk_chars:  # _run squeezes whitespace itself
                yield plain, p, a, (ht, None)
                continue
            sq = squeeze_whitespace(plain)
            yield (sq.text if sq is not None else plain), resolve_published(p, plain), a, (ht, sq)

    def finish(claims, hts):
        ht, sq = hts
        claims = select_claims(claims, min_score=min_score, context_links=context_links)
        if sq is not None:
            claims = [unsqueeze_claim(c, sq) for c in claims]
        return [map_claim_to_source(c, ht) for c in claims] if ht is not None else list(claims)

    for long, group in groupby(items(), key=lambda it: len(it[0]) > max_chunk_chars):
        if long:
            for plain, p, a, ht in group:
                claims, _ = _run(nlp, plain, published=p, article_id=a, max_chunk_chars=max_chunk_chars,
                                 entities=None)
                yield finish(claims, ht)
            continue
        pending: deque = deque()  # (skipped, HtmlText) of each text sent into the pipe, in order
        docs = _queued_docs(nlp, group, pending)
        if n_process == 1 or "coverage_claims" not in nlp.pipe_names:
            for doc in nlp.pipe(docs, batch_size=batch_size):
                skip, ht = pending.popleft()
                yield [] if skip else finish(doc._.claims or [], ht)
            continue
        # claims are Python objects that Doc serialisation between processes cannot carry: the workers
        # stop after the relations and the claims are built here
        from .domain.claim_builder import build_claims

        from .io.workers import workers_die_with_parent

        with nlp.select_pipes(disable=["coverage_claims"]), workers_die_with_parent():
            for doc in nlp.pipe(docs, n_process=n_process, batch_size=batch_size):
                skip, ht = pending.popleft()
                yield [] if skip else finish(build_claims(doc, published=doc.user_data.get("published"),
                                                          article_id=doc.user_data.get("article_id")), ht)


def claims_to_frame(claims: Iterable[CoverageClaim]):
    """A pandas DataFrame with one row per claim (columns of ``CoverageClaim.to_dict``)."""
    import pandas as pd

    from .io.formats import CLAIM_COLUMN_NAMES

    return pd.DataFrame([c.to_dict() for c in claims], columns=list(CLAIM_COLUMN_NAMES))
