"""Corpus-scale extraction: stream articles from folders, JSONL or Parquet files, write claims batch by
batch (JSONL or Parquet), resume after a crash; and a ``datasets`` path (``Dataset.map``).

Crash safety: claims are written one batch of articles at a time, and a batch counts as done only
after its claims are on disk and a line naming its article ids is appended to a progress file
(``<output>.progress`` next to a JSONL output, ``<output>/_progress.jsonl`` inside a Parquet folder).
A crash therefore loses at most the batch in flight; a re-run of the same command drops whatever
that batch left half-written and skips every article already done.
"""
from __future__ import annotations

import json
import time
import warnings
from dataclasses import replace
from pathlib import Path
from typing import Dict, Iterator, List, Optional, Sequence, Union

from spacy.language import Language

from ..errors import Errors, error
from .formats import CLAIM_COLUMN_NAMES, claim_schema
from .sinks import OUTPUT_SUFFIXES, JsonlSink, ParquetSink, Sink, open_sink
from .sources import (COLLECTION_SUFFIXES, ArticleRecord, PathLike, check_outputs_not_inputs, count_articles,
                      is_collection, iso_date, read_articles, source_paths)

__all__ = ["ArticleRecord", "COLLECTION_SUFFIXES", "OUTPUT_SUFFIXES", "JsonlSink", "ParquetSink", "Sink",
           "claim_schema", "count_articles", "extract_dataset", "extract_to_file", "is_collection", "model_signature",
           "open_sink", "read_articles", "read_claims", "source_paths"]

PROGRESS_FORMAT = "jamsostek_ie.batch.v1"
#: problems and warnings listed in a run's result (the rest are counted)
MAX_REPORTED = 50
#: articles held in memory and sent through one ``extract_many`` call
DEFAULT_WINDOW = 2048
#: characters of the model hash in ``model_signature``
SIGNATURE_HASH_CHARS = 12


# ---------------------------------------------------------------- extraction


def model_signature(nlp: Language) -> str:
    """A short, stable identity of a pipeline: name, version and a hash of its meta and config."""
    meta = nlp.meta or {}
    ident = _sha256(json.dumps(meta, sort_keys=True, default=str) + nlp.config.to_str())
    return f"{meta.get('name', 'pipeline')}-{meta.get('version', '?')}-{ident[:SIGNATURE_HASH_CHARS]}"


def extract_to_file(sources: Union[PathLike, Sequence[PathLike]], output: PathLike, *,
                    nlp: Optional[Language] = None, n_process: int = 1, batch_size: int = 64,
                    resume: bool = True, progress: bool = False, published: Optional[str] = None,
                    id_field: str = "id", text_field: str = "text", published_field: str = "published",
                    window: int = DEFAULT_WINDOW, prefilter: bool = False) -> Dict:
    """Extract the claims of many articles into a JSONL file or a Parquet folder, batch by batch.

    sources (Path | list[Path]): see ``read_articles``.
    output (Path): ``*.jsonl`` (one claim per line, ``CoverageClaim.to_dict``) or ``*.parquet`` (a folder
        with one part file per batch).
    nlp (Language | None): a loaded pipeline; the shipped one by default.
    n_process (int): worker processes for ``extract_many``. batch_size (int): articles per committed batch
        (a crash loses at most one batch).
    resume (bool): skip the articles a previous run committed (default); False starts ``output`` over.
    progress (bool): show a progress bar on stderr.
    published (str | None): date for articles that carry none (e.g. ``.txt`` files).
    id_field / text_field / published_field (str): JSONL field / Parquet column names.
    window (int): articles held in memory and sent through one ``extract_many`` call (at least
        ``batch_size``): worker processes and the pipeline's lookup caches then live across many
        batches instead of starting cold for each.
    prefilter (bool): articles that do not mention BPJS Ketenagakerjaan / Jamsostek (``text.prefilter``)
        skip the model; they count as done, with no claims.
    RETURNS (dict): {"output", "articles" (done in this run), "claims" (written in this run), "skipped"
        (already done), "duplicates", "invalid", "problems" (first messages), "batches", "total_claims",
        "seconds", "warnings" (first messages, e.g. W003 for text in another language), "n_warnings",
        "prefiltered" (articles of this run the prefilter kept from the model)}.
    RAISES ValueError: E019 (input) or E020 (output) before any article is processed.
    """
    from tqdm.auto import tqdm

    from ..api import default_nlp, extract_many

    started = time.time()
    check_outputs_not_inputs(sources, [output])  # before anything is read or written
    from ..api import check_published

    check_published(published)
    if batch_size < 1 or n_process < 1:
        raise error(Errors.E015, what="batch_size / n_process", expected="at least 1",
                    found=f"{batch_size} / {n_process}")
    nlp = nlp or default_nlp()
    window_size = max(batch_size, window)
    total = count_articles(sources) if progress else None
    records = read_articles(sources, id_field=id_field, text_field=text_field, published_field=published_field)
    first = next(records, None)  # validates the sources before the output is touched
    header = {"format": PROGRESS_FORMAT, "model": model_signature(nlp)}
    relevant = None
    if prefilter:
        from ..text.prefilter import is_relevant, prefilter_signature

        relevant, header["prefilter"] = is_relevant, prefilter_signature()
    sink = open_sink(output, header=header, resume=resume)
    out = {"output": str(output), "articles": 0, "claims": 0, "skipped": 0, "duplicates": 0, "invalid": 0,
           "problems": [], "batches": 0, "warnings": [], "n_warnings": 0, "prefiltered": 0}
    seen: set = set()
    bar = tqdm(total=total, unit="article", disable=not progress, dynamic_ncols=True, desc="extract")

    def problem(msg: str) -> None:
        if len(out["problems"]) < MAX_REPORTED:
            out["problems"].append(msg)

    def commit(batch: List[ArticleRecord], rows: List[dict]) -> None:
        sink.write([r.id for r in batch], rows)
        out["articles"] += len(batch)
        out["claims"] += len(rows)
        out["batches"] += 1

    def run_window(chunk: List[ArticleRecord]) -> None:
        """One ``extract_many`` call (its worker processes live for the whole window), committed every
        ``batch_size`` articles as the results stream in, so a crash loses at most the batch in flight.
        A record that breaks the call sends the rest of the window through one by one, naming it."""
        batch: List[ArticleRecord] = []
        rows: List[dict] = []

        def take(rec: ArticleRecord, claims) -> None:
            nonlocal batch, rows
            bar.update(1)
            if isinstance(claims, Exception):
                out["invalid"] += 1
                problem(f"{rec.where or rec.id} (id {rec.id}): extraction failed: {type(claims).__name__}: {claims}")
                return
            batch.append(rec)
            rows.extend(c.to_dict() for c in claims)
            if len(batch) >= batch_size:
                commit(batch, rows)
                batch, rows = [], []

        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            done = 0
            try:
                for claims in extract_many([r.text for r in chunk], published=[r.published or published for r in chunk],
                                           article_ids=[r.id for r in chunk], n_process=n_process, nlp=nlp):
                    take(chunk[done], claims)
                    done += 1
            except (KeyboardInterrupt, SystemExit):
                raise
            except Exception as exc:  # a record broke the call: the rest one by one, naming the bad ones
                rest = chunk[done:]
                results = [_extract_one(nlp, r, published) for r in rest]
                if results and all(isinstance(r, Exception) for r in results):
                    probe = _extract_one(nlp, ArticleRecord("probe", PROBE_TEXT), None)
                    if isinstance(probe, Exception):  # the pipeline itself is broken, not the records
                        raise error(Errors.E017, path=getattr(nlp, "path", None) or "(in memory)",
                                    detail=f"the pipeline fails on every text: {type(probe).__name__}: "
                                    f"{probe}") from exc
                for rec, claims in zip(rest, results):
                    take(rec, claims)
            if batch:
                commit(batch, rows)
        out["n_warnings"] += len(caught)
        out["warnings"].extend(str(w.message) for w in caught[:max(0, MAX_REPORTED - len(out["warnings"]))])

    pending: List[ArticleRecord] = []
    try:
        for rec in _chain_first(first, records):
            if rec.id in seen:
                out["duplicates"] += 1
                problem(f"{rec.id}: duplicate id, later occurrence skipped")
                bar.update(1)
                continue
            seen.add(rec.id)
            if rec.id in sink.done:
                out["skipped"] += 1
                bar.update(1)
                continue
            if rec.problem is not None:
                out["invalid"] += 1
                problem(rec.problem)
                bar.update(1)
                continue
            if relevant is not None and not relevant(rec.text):
                out["prefiltered"] += 1
                rec = replace(rec, text="")  # no model; committed with its batch, so a re-run skips it
            pending.append(rec)
            if len(pending) >= window_size:
                run_window(pending)
                pending = []
        if pending:
            run_window(pending)
    finally:
        bar.close()
    out["total_claims"] = sink.n_claims_before + out["claims"]
    out["seconds"] = round(time.time() - started, 2)
    return out


#: a text any working pipeline processes (the probe that tells a broken pipeline from bad records)
PROBE_TEXT = "Cakupan kepesertaan di Jawa Barat mencapai 31,85 persen."


def _extract_one(nlp: Language, rec: ArticleRecord, published: Optional[str]):
    """The claims of one record, or the exception it raised (the batch goes on without it)."""
    from ..api import extract

    try:
        return extract(rec.text, published=rec.published or published, article_id=rec.id, nlp=nlp)
    except (KeyboardInterrupt, SystemExit):
        raise
    except Exception as exc:
        return exc


def _sha256(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _chain_first(first: Optional[ArticleRecord], rest: Iterator[ArticleRecord]) -> Iterator[ArticleRecord]:
    if first is not None:
        yield first
        yield from rest


def read_claims(output: PathLike):
    """The claims a batch run wrote (JSONL file or Parquet folder) as a pandas DataFrame.

    RETURNS (pandas.DataFrame): one row per claim, columns of ``CoverageClaim.to_dict``.
    """
    import pandas as pd

    output = Path(output)
    if output.suffix.lower() == ".parquet":
        return pd.read_parquet(output)
    rows = [json.loads(line) for line in output.read_text(encoding="utf-8").split("\n") if line.strip()]
    return pd.DataFrame(rows, columns=list(CLAIM_COLUMN_NAMES))


# ---------------------------------------------------------------- datasets


_WORKER_NLP: Dict[str, Language] = {}


def _worker_nlp(model: Optional[str]) -> Language:
    """The pipeline of a ``Dataset.map`` worker, loaded once per process."""
    from ..api import default_nlp, load

    key = model or ""
    if key not in _WORKER_NLP:
        _WORKER_NLP[key] = load(model) if model else default_nlp()
    return _WORKER_NLP[key]


def _map_claims(batch: Dict[str, list], *, model: Optional[str], text_column: str, id_column: Optional[str],
                published_column: Optional[str], claims_column: str, model_fingerprint: str) -> Dict[str, list]:
    from ..api import extract_many

    texts = batch[text_column]
    n = len(texts)
    ids = [None if v is None else str(v) for v in batch[id_column]] if id_column else [None] * n
    pubs = [iso_date(v) for v in batch[published_column]] if published_column else [None] * n
    safe = [t if isinstance(t, str) else "" for t in texts]  # a missing text gives no claims
    claims = extract_many(safe, published=pubs, article_ids=ids, nlp=_worker_nlp(model))
    return {claims_column: [[c.to_dict() for c in cs] for cs in claims]}


def extract_dataset(ds, *, text_column: str = "text", id_column: Optional[str] = "id",
                    published_column: Optional[str] = "published", model: Optional[PathLike] = None,
                    num_proc: Optional[int] = None, batch_size: int = 32, claims_column: str = "claims"):
    """Add a column of claims to a ``datasets.Dataset`` with ``Dataset.map`` (``num_proc`` workers).

    ds (datasets.Dataset): one article per row.
    text_column (str): the text column. id_column / published_column (str | None): used when present.
    model (Path | None): pipeline directory (default: the shipped one); each worker loads it once.
    num_proc (int | None): worker processes for ``Dataset.map``. batch_size (int): rows per map batch.
    claims_column (str): name of the new column.
    RETURNS (datasets.Dataset): ``ds`` plus ``claims_column``: per row a list of claim dicts
        (``CoverageClaim.to_dict``, typed by ``claim_schema``); datasets' cache applies as usual.
    RAISES ValueError: E019 when ``text_column`` is missing.
    """
    import datasets

    if text_column not in ds.column_names:
        raise error(Errors.E019, where="dataset", detail=f"no column '{text_column}' "
                    f"(columns: {ds.column_names})")
    model_path = str(model) if model is not None else None
    meta_file = Path(model_path or _default_model_dir()) / "meta.json"
    fingerprint = _sha256(meta_file.read_text(encoding="utf-8")) if meta_file.exists() else ""
    features = ds.features.copy()
    features[claims_column] = datasets.Features.from_arrow_schema(
        _claims_list_schema(claims_column))[claims_column]
    kwargs = {"model": model_path, "text_column": text_column,
              "id_column": id_column if id_column in ds.column_names else None,
              "published_column": published_column if published_column in ds.column_names else None,
              "claims_column": claims_column, "model_fingerprint": fingerprint}
    return ds.map(_map_claims, batched=True, batch_size=batch_size, num_proc=num_proc, fn_kwargs=kwargs,
                  features=features, desc="extract claims")


def _claims_list_schema(column: str):
    import pyarrow as pa

    return pa.schema([(column, pa.list_(pa.struct(list(claim_schema()))))])


def _default_model_dir() -> Path:
    from ..api import default_model_path

    return default_model_path()
