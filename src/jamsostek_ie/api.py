"""Public API: load the shipped pipeline, extract claims from texts, tabulate them.

Robustness: a non-``str`` raises ``TypeError``; empty text gives ``[]``; a long text is processed
in paragraph-aligned chunks (``chunking.py``) with offsets into the whole text; HTML is reduced to
its readable text (``htmltext.py``); text in another language (``language.py``) yields no claims.
"""
from __future__ import annotations

import json
import threading
from collections import deque
from dataclasses import dataclass, field
from datetime import date
from itertools import groupby
from pathlib import Path
from typing import Dict, Iterable, Iterator, List, Optional, Sequence, Tuple, Union

from spacy.language import Language
from spacy.tokens import Doc

from .text.chunking import MAX_CHUNK_CHARS
from .text.clean import clean_surrogates
from .domain.claims import CoverageClaim, select_claims
from .errors import Errors, JamsostekError, error
from .paths import CHECKOUT_DIR, PACKAGE_DIR
from .pipeline.extensions import install_extensions
from .pipeline.long_text import prepare_doc, resolve_published, run_text, skip_foreign  # noqa: F401 (public here)
from .text.htmltext import HtmlText, html_to_text, map_claim_to_source
from .text.whitespace import squeeze_whitespace, unsqueeze_claim

PathLike = Union[str, Path]
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
    claims, out.language = run_text(nlp, plain, published=published, article_id=article_id,
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
    claims, _ = run_text(nlp, plain, published=published, article_id=article_id, max_chunk_chars=max_chunk_chars,
                     entities=None)
    claims = select_claims(claims, min_score=min_score, context_links=context_links)
    return [map_claim_to_source(c, ht) for c in claims] if ht is not None else claims


def _queued_docs(nlp: Language, items, pending: deque) -> Iterator[Doc]:
    """Docs for ``nlp.pipe``; what each needs afterwards goes to ``pending``. A skipped text (empty, or
    another language) still travels through the pipe as an empty Doc, so the order is kept."""
    for plain, published, article_id, ht in items:
        skip = not plain.strip() or skip_foreign(plain, article_id) is not None
        pending.append((skip, ht))
        yield prepare_doc(nlp, "" if skip else plain, published, article_id)


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
                claims, _ = run_text(nlp, plain, published=p, article_id=a, max_chunk_chars=max_chunk_chars,
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
