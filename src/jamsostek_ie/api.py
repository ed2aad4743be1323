"""Public API: load the shipped pipeline, extract claims from texts, tabulate them."""
from __future__ import annotations

import threading
from datetime import date
from pathlib import Path
from typing import Iterable, Iterator, List, Optional, Sequence, Union

from spacy.language import Language
from spacy.tokens import Doc

from .claims import CoverageClaim
from .errors import Errors
from .extensions import install_extensions

PathLike = Union[str, Path]
_LOCK = threading.Lock()
_DEFAULT: Optional[Language] = None


def default_model_path() -> Path:
    """Where the shipped pipeline lives: ``$JAMSOSTEK_IE_MODEL``, the checkout's ``ner_model/``, or the
    copy installed inside the package (``jamsostek_ie/ner_model``)."""
    import os

    env = os.environ.get("JAMSOSTEK_IE_MODEL")
    if env:
        return Path(env)
    here = Path(__file__).resolve()
    installed = here.parent / "ner_model"
    if (installed / "meta.json").exists():
        return installed
    checkout = here.parents[2] / "ner_model"
    if (checkout / "meta.json").exists():
        return checkout
    return installed


def load(path: Optional[PathLike] = None, **kwargs) -> Language:
    """Load a jamsostek_ie pipeline (the shipped one by default).

    path (str | Path | None): a pipeline directory; None for the shipped model.
    **kwargs: passed to ``spacy.load`` (e.g. ``exclude=[...]``).
    RETURNS (Language): the pipeline; ``nlp(text)._.claims`` holds the claims.
    RAISES ValueError: E017 when the directory is not a pipeline.
    """
    import spacy

    install_extensions()
    target = Path(path) if path is not None else default_model_path()
    if not (target / "meta.json").exists() or not (target / "config.cfg").exists():
        raise ValueError(Errors.E017.format(path=target, detail="expected a spaCy pipeline directory with "
                                            "config.cfg and meta.json; found none (train one with "
                                            "`jamsostek-ie train` or pass the path of one)"))
    return spacy.load(target, **kwargs)


def _default_nlp() -> Language:
    global _DEFAULT
    with _LOCK:
        if _DEFAULT is None:
            _DEFAULT = load()
        return _DEFAULT


def _check_text(text, where: str = "text") -> str:
    if not isinstance(text, str):
        raise TypeError(f"[E015] {where}: expected str, found {type(text).__name__}")
    return text


def _prepare(nlp: Language, text: str, published, article_id: Optional[str]) -> Doc:
    doc = nlp.make_doc(text)
    if published is not None:
        doc.user_data["published"] = published.isoformat() if isinstance(published, date) else str(published)
    if article_id is not None:
        doc.user_data["article_id"] = article_id
    return doc


def extract(text: str, *, published: Union[str, date, None] = None, article_id: Optional[str] = None,
            nlp: Optional[Language] = None) -> List[CoverageClaim]:
    """Coverage claims of one article.

    text (str): the article text (headline first when you have it).
    published (str | date | None): the article date; resolves "tahun ini", "tahun depan".
    article_id (str | None): recorded in each claim's evidence.
    nlp (Language | None): a loaded pipeline; the shipped one by default.
    RETURNS (list[CoverageClaim]): claims in text order; [] for empty or whitespace-only text.
    RAISES TypeError: when ``text`` is not a str.
    """
    _check_text(text)
    if not text.strip():
        return []
    nlp = nlp or _default_nlp()
    doc = nlp(_prepare(nlp, text, published, article_id))
    return list(doc._.claims or [])


def extract_many(texts: Iterable[str], *, published: Optional[Sequence] = None,
                 article_ids: Optional[Sequence[str]] = None, n_process: int = 1, batch_size: int = 16,
                 nlp: Optional[Language] = None) -> Iterator[List[CoverageClaim]]:
    """Claims for many texts, streamed in input order.

    texts (Iterable[str]): article texts.
    published / article_ids (Sequence | None): per-text dates and ids, aligned with ``texts``.
    n_process (int): worker processes (spaCy's ``nlp.pipe``). batch_size (int): texts per batch.
    RETURNS (Iterator[list[CoverageClaim]]): one list per input text.
    """
    nlp = nlp or _default_nlp()
    texts = list(texts)
    for i, t in enumerate(texts):
        _check_text(t, f"texts[{i}]")
    pubs = list(published) if published is not None else [None] * len(texts)
    ids = list(article_ids) if article_ids is not None else [None] * len(texts)
    if len(pubs) != len(texts) or len(ids) != len(texts):
        raise ValueError(Errors.E015.format(what="extract_many", expected=f"{len(texts)} dates/ids",
                                            found=f"{len(pubs)} dates and {len(ids)} ids"))
    docs = (_prepare(nlp, t, p, a) for t, p, a in zip(texts, pubs, ids))
    if n_process == 1 or "coverage_claims" not in nlp.pipe_names:
        for doc in nlp.pipe(docs, batch_size=batch_size):
            yield list(doc._.claims or [])
        return
    # claims are Python objects that Doc serialisation between processes cannot carry: the workers
    # stop after the relations and the claims are built here
    from .claims import build_claims

    with nlp.select_pipes(disable=["coverage_claims"]):
        for doc in nlp.pipe(docs, n_process=n_process, batch_size=batch_size):
            yield build_claims(doc, published=doc.user_data.get("published"),
                               article_id=doc.user_data.get("article_id"))


def claims_to_frame(claims: Iterable[CoverageClaim]):
    """A pandas DataFrame with one row per claim (columns of ``CoverageClaim.to_dict``)."""
    import pandas as pd

    rows = [c.to_dict() for c in claims]
    columns = list(rows[0]) if rows else list(_empty_columns())
    return pd.DataFrame(rows, columns=columns)


def _empty_columns():
    from .claims import Evidence
    from .claims import CoverageClaim as C

    dummy = C("achieved", "", "PERCENT", None, "exact", None, None, None, None, None, (), (), None,
              Evidence(None, "", 0, 0, 0, 0))
    return dummy.to_dict().keys()
