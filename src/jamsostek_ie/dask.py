"""Corpus-scale extraction on Dask: claims from a whole news crawl, on a cluster.

``read_frame`` turns JSONL files and Parquet datasets into a Dask DataFrame of articles, with the ids,
checks and messages of ``batch.read_articles``; ``extract_frame`` sends each partition through
``nlp.pipe`` (``api.extract_many``) on a pipeline loaded once per worker process, after the relevance
prefilter (``prefilter.py``); ``extract_to_parquet`` writes the claims as a Parquet dataset with the
columns of the local engine's Parquet output, plus ``_summary.json`` with the counts.

Retries: every task is a pure function of its partition, and each part file's name is fixed by its
partition number. When a worker dies, the scheduler runs its partitions again elsewhere and the
retries rewrite the same files with the same rows, so the output holds every article exactly once.
"""
from __future__ import annotations

import json
import os
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Dict, Iterator, List, Optional, Sequence, Tuple, Union

from .api import extract_many, load
from .io.batch import model_signature
from .io.formats import claim_schema
from .io.sources import ArticleRecord, article_record, jsonl_record  # the local engine's record checks
from .errors import Errors
from .text.prefilter import is_relevant, prefilter_signature

try:
    import dask.dataframe as dd
except ImportError as exc:  # pragma: no cover - the dask extra is optional
    raise ImportError(Errors.E028.format(what="jamsostek_ie.dask", detail=str(exc))) from exc

PathLike = Union[str, Path]
#: articles per partition: the unit of work, of retry and of one part file (about a minute on one core)
PARTITION_SIZE = 1000
#: rows with a non-null value here are bad records; ``read_frame`` puts the local engine's message in it
PROBLEM_COLUMN = "_problem"
SUMMARY_FILE = "_summary.json"
SUMMARY_FORMAT = "jamsostek_ie.dask.v1"
MAX_REPORTED = 50
ERRORS = ("raise", "skip")

__all__ = ["read_frame", "extract_frame", "article_counts", "extract_to_parquet", "worker_nlp", "preload"]


# ---------------------------------------------------------------- reading


def _string_frame(columns: Dict[str, list]):
    import pandas as pd
    import pyarrow as pa

    dtype = pd.ArrowDtype(pa.string())
    return pd.DataFrame({name: pd.array(values, dtype=dtype) for name, values in columns.items()})


def _articles_frame(records: Sequence[ArticleRecord]):
    return _string_frame({"id": [r.id for r in records], "text": [r.text for r in records],
                          "published": [r.published for r in records], PROBLEM_COLUMN: [r.problem for r in records]})


def _jsonl_records(path: str, offset: int, n_lines: int, first_no: int, fields: Tuple[str, str, str]):
    """The records of ``n_lines`` lines of a JSONL file from byte ``offset`` (line ``first_no``), checked and
    numbered as ``read_articles`` does (``io.sources.jsonl_record``)."""
    with open(path, "rb") as fh:
        fh.seek(offset)
        for no in range(first_no, first_no + n_lines):
            raw = fh.readline()
            if no == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            rec = jsonl_record(raw, no, path, fields)
            if rec is not None:
                yield rec


def _parquet_records(path: str, groups: Tuple[int, ...], first_row: int, fields: Tuple[str, str, str]):
    import pyarrow.parquet as pq

    id_field, text_field, published_field = fields
    pf = pq.ParquetFile(path)
    names = pf.schema_arrow.names
    data = pf.read_row_groups(list(groups), columns=[c for c in fields if c in names]).to_pydict()
    for i, text in enumerate(data[text_field]):
        row = first_row + i
        rid = data[id_field][i] if id_field in data else None
        yield article_record(str(rid) if rid is not None else f"row{row}", text,
                             data[published_field][i] if published_field in data else None, f"{path}:row {row}",
                             text_field)


def _read_piece(piece: tuple):
    """One partition of ``read_frame``: ("jsonl", path, offset, n_lines, first_no, fields) or
    ("parquet", path, row_groups, first_row, fields)."""
    reader = _jsonl_records if piece[0] == "jsonl" else _parquet_records
    return _articles_frame(list(reader(*piece[1:])))


def _jsonl_pieces(path: Path, size: int, fields) -> Iterator[tuple]:
    offset = start = 0
    first, n = 1, 0
    with open(path, "rb") as fh:
        for line in fh:
            offset += len(line)
            n += 1
            if n == size:
                yield ("jsonl", str(path), start, n, first, fields)
                start, first, n = offset, first + n, 0
    if n:
        yield ("jsonl", str(path), start, n, first, fields)


def _parquet_pieces(path: Path, size: int, fields) -> Iterator[tuple]:
    """Whole row groups, gathered until a piece holds at least ``size`` rows (a row group is never split)."""
    import pyarrow.parquet as pq

    pf = pq.ParquetFile(path)
    if fields[1] not in pf.schema_arrow.names:
        raise ValueError(Errors.E019.format(where=path, detail=f"no column '{fields[1]}' (columns: "
                                            f"{pf.schema_arrow.names}); name the text column with --text-field"))
    groups: List[int] = []
    first = n = 0  # first row of the piece, rows in it
    for g in range(pf.metadata.num_row_groups):
        groups.append(g)
        n += pf.metadata.row_group(g).num_rows
        if n >= size:
            yield ("parquet", str(path), tuple(groups), first, fields)
            groups, first, n = [], first + n, 0
    if groups:
        yield ("parquet", str(path), tuple(groups), first, fields)


def _source_files(sources) -> List[Path]:
    paths = [Path(sources)] if isinstance(sources, (str, Path)) else [Path(s) for s in sources]
    files: List[Path] = []
    for p in paths:
        if not p.exists():
            raise ValueError(Errors.E019.format(where=p, detail="does not exist"))
        if p.is_dir():
            parts = sorted(f for f in p.rglob("*.parquet") if not f.name.startswith(("_", ".")))
            if not parts:
                raise ValueError(Errors.E019.format(where=p, detail="no .parquet part files below it: the dask engine "
                                                    "reads Parquet datasets and JSONL files (a folder of .txt files "
                                                    "goes through the local engine)"))
            files.extend(parts)
        elif p.suffix.lower() in (".jsonl", ".parquet"):
            files.append(p)
        else:
            raise ValueError(Errors.E019.format(where=p, detail="expected a .jsonl file, a .parquet file or a folder "
                                                "of .parquet part files"))
    return files


def read_frame(sources: Union[PathLike, Sequence[PathLike]], *, id_field: str = "id", text_field: str = "text",
               published_field: str = "published", partition_size: int = PARTITION_SIZE):
    """Articles of JSONL files and Parquet datasets as a Dask DataFrame, in a stable order.

    sources (Path | list[Path]): ``.jsonl`` files, ``.parquet`` files, or folders of ``.parquet`` part files.
    id_field / text_field / published_field (str): field or column names; as in ``batch.read_articles``, a
        record without an id gets ``line<N>`` / ``row<N>``.
    partition_size (int): JSONL lines per partition; for Parquet, whole row groups up to about this many rows.
    RETURNS (dask.dataframe.DataFrame): columns id, text, published and ``_problem`` (Arrow strings);
        ``_problem`` holds the local engine's message for a record that cannot be read, else null.
    RAISES ValueError: E019 when a source does not exist, has an unknown type or lacks the text column.
    """
    if partition_size < 1:
        raise ValueError(Errors.E015.format(what="partition_size", expected="at least 1", found=partition_size))
    fields = (id_field, text_field, published_field)
    pieces: List[tuple] = []
    for f in _source_files(sources):
        pieces.extend((_jsonl_pieces if f.suffix.lower() == ".jsonl" else _parquet_pieces)(f, partition_size, fields))
    if not pieces:
        raise ValueError(Errors.E019.format(where=", ".join(map(str, sources if isinstance(sources, (list, tuple))
                                                                else [sources])), detail="holds no articles"))
    return dd.from_map(_read_piece, pieces, meta=_articles_frame([]), label="read-articles", enforce_metadata=False)


# ---------------------------------------------------------------- records and the pipeline per worker


_NLP: Dict[str, tuple] = {}
_NLP_LOCK = threading.Lock()


def worker_nlp(model: Optional[str] = None):
    """The pipeline of this process, loaded on first use and kept for every later partition.

    model (str | None): pipeline directory as the worker sees it; None for the shipped one.
    RETURNS (tuple): (Language, threading.Lock): hold the lock around ``nlp.pipe`` (a worker with several
        threads then runs its partitions one at a time on one copy of the pipeline).
    """
    key = str(model) if model else ""
    with _NLP_LOCK:
        if key not in _NLP:
            _NLP[key] = (load(model), threading.Lock())
        return _NLP[key]


def preload(model: Optional[str] = None) -> str:
    """Load the pipeline in this process (``client.run(preload, model)`` on every worker) and name it.

    RETURNS (str): ``batch.model_signature`` of the pipeline, so that a client can check that all workers agree.
    """
    return model_signature(worker_nlp(model)[0])


def _value(v):
    """None for every kind of missing value (None, NaN, pd.NA, NaT), else ``v``."""
    import pandas as pd

    return None if v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and v != v) else v


def _records(pdf, text_column: str, id_column: str, published_column: Optional[str],
             number: Optional[int]) -> List[ArticleRecord]:
    """The rows of a partition as checked records (``problem`` set on a bad one, naming it)."""
    n = len(pdf)

    def column(name):
        return pdf[name].tolist() if name and name in pdf.columns else [None] * n

    texts, ids, pubs, probs = column(text_column), column(id_column), column(published_column), column(PROBLEM_COLUMN)
    out = []
    for i in range(n):
        rid, problem = _value(ids[i]), _value(probs[i])
        where = f"partition {number}, row {i}"
        if problem is not None:
            out.append(ArticleRecord(str(rid), None, None, str(problem)))
        elif rid is None:
            out.append(ArticleRecord(where, None, None, f"{where}: no '{id_column}' value"))
        else:
            out.append(article_record(str(rid), _value(texts[i]), _value(pubs[i]), where, text_column))
    return out


def _claims_meta():
    import pandas as pd

    return claim_schema().empty_table().to_pandas(types_mapper=pd.ArrowDtype)


def _claims_partition(pdf, *, model: Optional[str], text_column: str, id_column: str,
                      published_column: Optional[str], published: Optional[str], prefilter: bool, errors: str,
                      batch_size: int, partition_info: Optional[dict] = None):
    import pandas as pd
    import pyarrow as pa

    records = _records(pdf, text_column, id_column, published_column, (partition_info or {}).get("number"))
    bad = next((r for r in records if r.problem is not None), None)
    if bad is not None and errors == "raise":
        raise ValueError(Errors.E029.format(record=bad.problem))
    todo = [r for r in records if r.problem is None and (not prefilter or is_relevant(r.text))]
    rows: List[dict] = []
    if todo:
        nlp, lock = worker_nlp(model)
        with lock:
            for claims in extract_many([r.text for r in todo], published=[r.published or published for r in todo],
                                       article_ids=[r.id for r in todo], nlp=nlp, batch_size=batch_size):
                rows.extend(c.to_dict() for c in claims)
    return pa.Table.from_pylist(rows, schema=claim_schema()).to_pandas(types_mapper=pd.ArrowDtype)


def _counts_partition(pdf, *, text_column: str, id_column: str, prefilter: bool,
                      partition_info: Optional[dict] = None):
    import pandas as pd

    records = _records(pdf, text_column, id_column, None, (partition_info or {}).get("number"))
    problems = [r.problem for r in records if r.problem is not None]
    good = [r for r in records if r.problem is None]
    skipped = sum(1 for r in good if not is_relevant(r.text)) if prefilter else 0
    return pd.DataFrame({"articles": [len(good)], "prefiltered": [skipped], "invalid": [len(problems)],
                         "problems": [json.dumps(problems[:MAX_REPORTED], ensure_ascii=False)]})


def _check_frame(ddf, text_column: str, id_column: str) -> None:
    for name in (text_column, id_column):
        if name not in ddf.columns:
            raise ValueError(Errors.E019.format(where="dask dataframe", detail=f"no column '{name}' "
                                                f"(columns: {list(ddf.columns)})"))


def _model_arg(model: Optional[PathLike]) -> Optional[str]:
    """A model path the workers can use: absolute when it exists here, else as given (a path on the workers)."""
    if model is None:
        return None
    p = Path(model)
    return str(p.resolve()) if p.exists() else str(model)


# ---------------------------------------------------------------- public API


def extract_frame(ddf, text_column: str = "text", id_column: str = "id", published_column: Optional[str] = "published",
                  *, model: Optional[PathLike] = None, published: Optional[str] = None, prefilter: bool = True,
                  errors: str = "raise", batch_size: int = 16):
    """The coverage claims of a Dask DataFrame of articles, as a (lazy) Dask DataFrame.

    ddf (dask.dataframe.DataFrame): one article per row (``read_frame``, or any frame with such columns).
    text_column / id_column (str): the text and id columns. published_column (str | None): the date
        column, used when present. published (str | None): date for articles that carry none.
    model (Path | None): pipeline directory (the shipped one by default); each worker loads it once.
    prefilter (bool): articles that never mention BPJS Ketenagakerjaan skip the model (``prefilter.py``).
    errors (str): "raise": a bad record (text not a string, no id, unreadable line) fails the run with
        E029 naming it; "skip": it gives no claims (``article_counts`` reports it, as the local engine does).
    batch_size (int): texts per ``nlp.pipe`` batch.
    RETURNS (dask.dataframe.DataFrame): one row per claim, the columns and Arrow types of ``claim_schema()``
        (those of the local engine's Parquet output), partition by partition in article order.
    RAISES ValueError: E019 when a column is missing; E015 for an unknown ``errors``.
    """
    if errors not in ERRORS:
        raise ValueError(Errors.E015.format(what="errors", expected=" or ".join(ERRORS), found=repr(errors)))
    _check_frame(ddf, text_column, id_column)
    return ddf.map_partitions(
        _claims_partition, meta=_claims_meta(), enforce_metadata=False, model=_model_arg(model),
        text_column=text_column, id_column=id_column,
        published_column=published_column if published_column in ddf.columns else None, published=published,
        prefilter=prefilter, errors=errors, batch_size=batch_size)


def article_counts(ddf, text_column: str = "text", id_column: str = "id", *, prefilter: bool = True):
    """Per partition: valid articles, how many of them the prefilter skips, bad records and their messages.

    Cheap (no model): compute it together with ``extract_frame`` (``dask.compute(claims_write, counts)``) and
    the partitions are read once for both.
    RETURNS (dask.dataframe.DataFrame): columns articles, prefiltered, invalid (int) and problems (a JSON list).
    """
    import pandas as pd

    _check_frame(ddf, text_column, id_column)
    meta = pd.DataFrame({"articles": pd.Series([], dtype="int64"), "prefiltered": pd.Series([], dtype="int64"),
                         "invalid": pd.Series([], dtype="int64"), "problems": pd.Series([], dtype=object)})
    return ddf.map_partitions(_counts_partition, meta=meta, enforce_metadata=False, text_column=text_column,
                              id_column=id_column, prefilter=prefilter)


def _part_name(i: int) -> str:
    return f"part-{i:06d}.parquet"


def _prepare_output(output: Path) -> None:
    """Refuse an output the dask engine did not write; clear a previous run's part files."""
    if output.suffix.lower() == ".jsonl" or (output.exists() and not output.is_dir()):
        raise ValueError(Errors.E020.format(path=output, detail="the dask engine writes a Parquet dataset: a folder "
                                            "of part files (e.g. claims/ or claims.parquet), not a file"))
    if output.exists() and any(output.iterdir()):
        summary = output / SUMMARY_FILE
        try:
            ours = json.loads(summary.read_text(encoding="utf-8")).get("format") == SUMMARY_FORMAT
        except (OSError, ValueError):
            ours = False
        if not ours:
            raise ValueError(Errors.E020.format(path=output, detail=f"it is not empty and has no {SUMMARY_FILE}, so "
                                                "the dask engine did not write it; remove it or choose another folder"))
        for p in output.glob("part-*.parquet"):
            p.unlink()
    output.mkdir(parents=True, exist_ok=True)


def _write_summary(output: Path, summary: dict) -> None:
    tmp = output / f".{SUMMARY_FILE}.tmp"
    tmp.write_text(json.dumps(summary, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, output / SUMMARY_FILE)


@contextmanager
def connect(scheduler=None, workers: Optional[int] = None):
    """A ``distributed.Client``: ``scheduler`` itself when it is one, a connection to a scheduler address,
    or a local cluster of ``workers`` processes (one per core by default, one thread each); closed after.
    """
    from distributed import Client, LocalCluster

    if scheduler is not None and not isinstance(scheduler, str):
        yield scheduler
        return
    if scheduler:
        with Client(scheduler) as client:
            yield client
        return
    n = workers or os.cpu_count() or 1
    with LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster, \
            Client(cluster) as client:
        yield client


def extract_to_parquet(sources: Union[PathLike, Sequence[PathLike]], output: PathLike, *, scheduler=None,
                       workers: Optional[int] = None, model: Optional[PathLike] = None, prefilter: bool = True,
                       partition_size: int = PARTITION_SIZE, published: Optional[str] = None, id_field: str = "id",
                       text_field: str = "text", published_field: str = "published", errors: str = "skip",
                       batch_size: int = 16) -> Dict:
    """Extract the claims of JSONL files / Parquet datasets on a Dask cluster into a Parquet dataset.

    sources (Path | list[Path]): see ``read_frame``. output (Path): a folder (created): one
        ``part-NNNNNN.parquet`` per partition and ``_summary.json``; a previous output of this function is
        replaced, any other non-empty folder refused.
    scheduler (str | distributed.Client | None): a scheduler address (``tcp://host:8786``) or a client;
        None starts a local cluster of ``workers`` processes (default: one per core).
    model (Path | None): pipeline directory, as the workers see it (absolute when it exists here).
    prefilter (bool): articles that never mention BPJS Ketenagakerjaan skip the model (default on).
    partition_size (int): articles per partition (task, retry and part file).
    errors (str): "skip" (default): bad records are reported and skipped, with the local engine's
        messages; "raise": the first fails the run (E029).
    Other arguments as in ``batch.extract_to_file``.
    RETURNS (dict): {"output", "articles" (valid articles read), "claims", "prefiltered" (articles the prefilter
        kept from the model), "invalid", "problems" (first messages), "partitions", "workers", "model",
        "seconds"}; the same counts are in ``<output>/_summary.json``.
    RAISES ValueError: E019 (input) or E020 (output) before any work; E029 with ``errors="raise"``.
    """
    import pyarrow.parquet as pq

    started = time.time()
    output = Path(output)
    ddf = read_frame(sources, id_field=id_field, text_field=text_field, published_field=published_field,
                     partition_size=partition_size)
    _prepare_output(output)
    summary = {"format": SUMMARY_FORMAT, "status": "running", "sources": [str(s) for s in _source_files(sources)],
               "prefilter": prefilter_signature() if prefilter else None}
    _write_summary(output, summary)
    model_path = _model_arg(model)
    with connect(scheduler, workers) as client:
        signatures = sorted(set(client.run(preload, model_path).values()))  # fails early when workers lack it
        claims = extract_frame(ddf, model=model_path, published=published, prefilter=prefilter, errors=errors,
                               batch_size=batch_size)
        write = claims.to_parquet(output, write_index=False, name_function=_part_name, compute=False,
                                  write_metadata_file=False, schema=claim_schema())
        counts = article_counts(ddf, prefilter=prefilter)
        _, per_partition = client.gather(client.compute([write, counts]))
        n_workers = len(client.scheduler_info()["workers"])
    problems = [p for ps in per_partition["problems"] for p in json.loads(ps)]
    summary.update(status="done", model=signatures[0] if len(signatures) == 1 else signatures,
                   articles=int(per_partition["articles"].sum()), prefiltered=int(per_partition["prefiltered"].sum()),
                   invalid=int(per_partition["invalid"].sum()), problems=problems[:MAX_REPORTED],
                   claims=sum(pq.ParquetFile(p).metadata.num_rows for p in output.glob("part-*.parquet")),
                   partitions=ddf.npartitions, workers=n_workers, seconds=round(time.time() - started, 2))
    _write_summary(output, summary)
    return {"output": str(output), **{k: summary[k] for k in ("articles", "claims", "prefiltered", "invalid",
                                                              "problems", "partitions", "workers", "model",
                                                              "seconds")}}
