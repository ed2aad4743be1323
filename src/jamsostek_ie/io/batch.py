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
import os
import time
import warnings
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Dict, Iterator, List, Optional, Sequence, Tuple, Union

from spacy.language import Language

from ..errors import Errors

PathLike = Union[str, Path]
#: input suffixes read as collections of articles
COLLECTION_SUFFIXES = (".jsonl", ".parquet")
#: output suffixes: one JSONL file, or a folder of Parquet part files
OUTPUT_SUFFIXES = (".jsonl", ".parquet")
PROGRESS_FORMAT = "jamsostek_ie.batch.v1"
MAX_REPORTED = 50


@dataclass(frozen=True)
class ArticleRecord:
    """One article to extract from.

    id (str): the article id (file path without suffix, the id field, or the line / row number).
    text (str | None): the text; None when the record has none (then ``problem`` says why).
    published (str | None): the article date (ISO), or None.
    problem (str | None): why the record cannot be read, or None.
    """

    id: str
    text: Optional[str]
    published: Optional[str] = None
    problem: Optional[str] = None


# ---------------------------------------------------------------- reading


def is_collection(path: PathLike) -> bool:
    """True for inputs that hold many articles: a folder, a ``.jsonl`` or a ``.parquet`` file."""
    path = Path(path)
    return path.is_dir() or path.suffix.lower() in COLLECTION_SUFFIXES


def _iso(value) -> Optional[str]:
    if value is None or value != value:  # None or NaN
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    return text or None


def _record(rid: str, text, published, where: str, text_field: str) -> ArticleRecord:
    where = f"{where} (id {rid})"
    if text is None:
        return ArticleRecord(rid, None, None, f"{where}: no '{text_field}' field")
    if not isinstance(text, str):
        return ArticleRecord(rid, None, None, f"{where}: '{text_field}' is {type(text).__name__}, expected a string")
    return ArticleRecord(rid, text, _iso(published))


def _read_folder(path: Path) -> Iterator[ArticleRecord]:
    from .fileio import read_text

    for f in sorted(path.rglob("*.txt")):
        rid = f.relative_to(path).with_suffix("").as_posix()
        try:
            yield ArticleRecord(rid, read_text(f))
        except ValueError as exc:
            yield ArticleRecord(rid, None, None, str(exc))


def _read_jsonl(path: Path, id_field: str, text_field: str, published_field: str) -> Iterator[ArticleRecord]:
    with open(path, encoding="utf-8", errors="replace", newline="") as fh:
        for no, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            where = f"{path}:{no}"
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                yield ArticleRecord(f"line{no}", None, None,
                                    Errors.E001.format(where=where, detail=f"{exc.msg} at column {exc.colno}"))
                continue
            if not isinstance(rec, dict):
                yield ArticleRecord(f"line{no}", None, None, Errors.E001.format(
                    where=where, detail=f"expected an object, found {type(rec).__name__}"))
                continue
            rid = rec.get(id_field)
            yield _record(str(rid) if rid is not None else f"line{no}", rec.get(text_field), rec.get(published_field),
                          where, text_field)


def _read_parquet(path: Path, id_field: str, text_field: str, published_field: str,
                  chunk_rows: int = 256) -> Iterator[ArticleRecord]:
    import pyarrow.parquet as pq

    pf = pq.ParquetFile(path)
    names = pf.schema_arrow.names
    if text_field not in names:
        raise ValueError(Errors.E019.format(where=path, detail=f"no column '{text_field}' (columns: {names}); "
                                            "name the text column with --text-field"))
    columns = [c for c in (id_field, text_field, published_field) if c in names]
    row = 0
    for batch in pf.iter_batches(batch_size=chunk_rows, columns=columns):
        data = batch.to_pydict()
        for i in range(batch.num_rows):
            rid = data[id_field][i] if id_field in data else None
            yield _record(str(rid) if rid is not None else f"row{row}", data[text_field][i],
                          data[published_field][i] if published_field in data else None, f"{path}:row {row}",
                          text_field)
            row += 1


def read_articles(sources: Union[PathLike, Sequence[PathLike]], *, id_field: str = "id", text_field: str = "text",
                  published_field: str = "published") -> Iterator[ArticleRecord]:
    """Stream the articles of one or more sources, in a stable order (a re-run sees the same ids).

    sources (Path | list[Path]): folders (every ``*.txt`` below, id = path without suffix), ``.jsonl``
        files (one JSON object per line), ``.parquet`` files, or single ``.txt`` files (id = file stem).
    id_field / text_field / published_field (str): field or column names in JSONL and Parquet input;
        a record without an id gets ``line<N>`` / ``row<N>``.
    RETURNS (Iterator[ArticleRecord]): one record per article; unreadable ones carry ``problem``.
    RAISES ValueError: E019 when a source does not exist, has an unknown type, or lacks the text column.
    """
    paths = [Path(sources)] if isinstance(sources, (str, Path)) else [Path(s) for s in sources]
    for p in paths:  # fail before any work
        if not p.exists():
            raise ValueError(Errors.E019.format(where=p, detail="does not exist"))
        if not p.is_dir() and p.suffix.lower() not in COLLECTION_SUFFIXES + (".txt",):
            raise ValueError(Errors.E019.format(where=p, detail="expected a folder of .txt files, a .jsonl, a .parquet "
                                                "or a .txt file"))
    for p in paths:
        if p.is_dir():
            yield from _read_folder(p)
        elif p.suffix.lower() == ".jsonl":
            yield from _read_jsonl(p, id_field, text_field, published_field)
        elif p.suffix.lower() == ".parquet":
            yield from _read_parquet(p, id_field, text_field, published_field)
        else:
            yield from _read_folder_file(p)


def _read_folder_file(path: Path) -> Iterator[ArticleRecord]:
    from .fileio import read_text

    try:
        yield ArticleRecord(path.stem, read_text(path))
    except ValueError as exc:
        yield ArticleRecord(path.stem, None, None, str(exc))


def count_articles(sources: Union[PathLike, Sequence[PathLike]]) -> int:
    """How many articles ``read_articles`` will yield (cheap: file names, line counts, Parquet metadata)."""
    import pyarrow.parquet as pq

    paths = [Path(sources)] if isinstance(sources, (str, Path)) else [Path(s) for s in sources]
    n = 0
    for p in paths:
        if p.is_dir():
            n += sum(1 for _ in p.rglob("*.txt"))
        elif p.suffix.lower() == ".jsonl":
            with open(p, "rb") as fh:
                n += sum(1 for line in fh if line.strip())
        elif p.suffix.lower() == ".parquet":
            n += pq.ParquetFile(p).metadata.num_rows
        else:
            n += 1
    return n


# ---------------------------------------------------------------- claim records


def claim_schema():
    """The Arrow schema of one claim record (``CoverageClaim.to_dict``), for Parquet and ``datasets``.

    RETURNS (pyarrow.Schema): typed columns, so every part file and every ``Dataset.map`` batch agree.
    """
    import pyarrow as pa

    s, f, i = pa.string(), pa.float64(), pa.int64()
    money = pa.list_(pa.struct([("text", s), ("value", f), ("qualifier", s)]))
    regulations = pa.list_(pa.struct([("text", s), ("type", s), ("number", s), ("year", i), ("region", s)]))
    return pa.schema([
        ("article_id", s), ("kind", s), ("label", s), ("figure", s), ("value", f), ("qualifier", s), ("upper", f),
        ("unit", s), ("region", s), ("region_level", s), ("region_code", s), ("province", s), ("org", s),
        ("org_office", s), ("org_text", s), ("workforce", f), ("money", money), ("regulations", regulations),
        ("period", s), ("period_year", i), ("period_month", i), ("sentence", s), ("sentence_start", i),
        ("sentence_end", i), ("figure_start", i), ("figure_end", i), ("score", f), ("context", pa.bool_()),
        ("anchor_sentence", s), ("anchor_start", i), ("anchor_end", i),
    ])


# ---------------------------------------------------------------- sinks


def _fsync_append(path: Path, text: str) -> int:
    """Append ``text`` to ``path``, flushed to disk. RETURNS (int): the file size afterwards."""
    with open(path, "a", encoding="utf-8", newline="\n") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
        return fh.tell()


def _read_progress(path: Path) -> Tuple[Optional[dict], List[dict]]:
    """Header and committed batch lines of a progress file; a torn last line is cut off the file."""
    if not path.exists():
        return None, []
    raw = path.read_bytes()
    header, batches, good = None, [], 0
    pos = 0
    for line in raw.split(b"\n"):
        end = pos + len(line) + 1
        if end > len(raw):  # no newline: a line cut by a crash
            break
        try:
            rec = json.loads(line)
        except json.JSONDecodeError:
            break
        if header is None:
            header = rec
        else:
            batches.append(rec)
        good, pos = end, end
    if good < len(raw):
        with open(path, "r+b") as fh:
            fh.truncate(good)
    return header, batches


class _Sink:
    """Where claims go, batch by batch; ``done`` holds the ids of committed articles."""

    kind = ""

    def __init__(self, output: Path, progress: Path, header: dict, resume: bool) -> None:
        self.output, self.progress, self.header = output, progress, header
        self.done: set = set()
        self.n_batches = 0
        self.n_claims_before = 0
        old_header, batches = _read_progress(progress) if resume else (None, [])
        if resume and old_header is None and self._has_output():
            raise ValueError(Errors.E020.format(path=output, detail="it exists but has no progress file, so it was "
                                                "not written by a batch run; remove it or pass --no-resume "
                                                "(resume=False) to overwrite it"))
        if old_header is not None:
            for key in ("format", "model", "output_kind"):
                if old_header.get(key) != header.get(key):
                    raise ValueError(Errors.E020.format(path=output, detail=(
                        f"it was started with {key} {old_header.get(key)!r}, this run has {header.get(key)!r}; "
                        "use the same settings to resume, or pass --no-resume (resume=False) to start over")))
            for b in batches:
                self.done.update(b["ids"])
                self.n_claims_before += b.get("claims", 0)
            self.n_batches = len(batches)
            self._recover(batches)
        else:
            self._reset()
            _fsync_append(progress, json.dumps(header, ensure_ascii=False) + "\n")

    def _commit(self, ids: List[str], n_claims: int, **extra) -> None:
        line = {"batch": self.n_batches, "ids": ids, "claims": n_claims, **extra}
        _fsync_append(self.progress, json.dumps(line, ensure_ascii=False) + "\n")
        self.done.update(ids)
        self.n_batches += 1

    def _has_output(self) -> bool:
        raise NotImplementedError

    def _reset(self) -> None:
        raise NotImplementedError

    def _recover(self, batches: List[dict]) -> None:
        raise NotImplementedError

    def write(self, ids: List[str], rows: List[dict]) -> None:
        raise NotImplementedError


class JsonlSink(_Sink):
    """Claims appended to one JSONL file; the progress file records the file size after each batch."""

    kind = "jsonl"

    def __init__(self, output: Path, header: dict, resume: bool) -> None:
        super().__init__(output, output.with_name(output.name + ".progress"), header, resume)

    def _has_output(self) -> bool:
        return self.output.exists()

    def _reset(self) -> None:
        self.output.parent.mkdir(parents=True, exist_ok=True)
        self.output.write_bytes(b"")
        self.progress.write_bytes(b"")

    def _recover(self, batches: List[dict]) -> None:
        offset = batches[-1]["offset"] if batches else 0
        if not self.output.exists():
            raise ValueError(Errors.E020.format(path=self.output, detail="its progress file exists but the claims "
                                                "file is gone; pass --no-resume (resume=False) to start over"))
        if self.output.stat().st_size < offset:
            raise ValueError(Errors.E020.format(path=self.output, detail=(
                f"it is shorter ({self.output.stat().st_size} bytes) than its progress file records ({offset}); "
                "pass --no-resume (resume=False) to start over")))
        with open(self.output, "r+b") as fh:  # drop what a crashed batch left half-written
            fh.truncate(offset)

    def write(self, ids: List[str], rows: List[dict]) -> None:
        offset = _fsync_append(self.output, "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
        self._commit(ids, len(rows), offset=offset)


class ParquetSink(_Sink):
    """One Parquet part file per batch inside the output folder (read it whole with ``pd.read_parquet(folder)``)."""

    kind = "parquet"

    def __init__(self, output: Path, header: dict, resume: bool) -> None:
        super().__init__(output, output / "_progress.jsonl", header, resume)

    def _has_output(self) -> bool:
        return self.output.exists() and (not self.output.is_dir() or any(self.output.iterdir()))

    def _reset(self) -> None:
        if self.output.exists() and not self.output.is_dir():
            raise ValueError(Errors.E020.format(path=self.output, detail="a Parquet output is a folder of part "
                                                "files, but a file of that name exists; remove it"))
        self.output.mkdir(parents=True, exist_ok=True)
        for p in self.output.glob("part-*.parquet"):
            p.unlink()
        self.progress.write_bytes(b"")

    def _recover(self, batches: List[dict]) -> None:
        keep = {b["part"] for b in batches}
        for p in self.output.glob("part-*.parquet"):  # parts of a batch that never committed
            if p.name not in keep:
                p.unlink()
        for p in self.output.glob(".part-*.tmp"):
            p.unlink()
        missing = sorted(k for k in keep if not (self.output / k).exists())
        if missing:
            raise ValueError(Errors.E020.format(path=self.output, detail=f"part files {missing[:3]} recorded as done "
                                                "are gone; pass --no-resume (resume=False) to start over"))

    def write(self, ids: List[str], rows: List[dict]) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        name = f"part-{self.n_batches:06d}.parquet"
        tmp = self.output / f".{name}.tmp"
        pq.write_table(pa.Table.from_pylist(rows, schema=claim_schema()), tmp)
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, self.output / name)
        self._commit(ids, len(rows), part=name)


def open_sink(output: PathLike, *, header: dict, resume: bool = True) -> _Sink:
    """A JSONL or Parquet sink for ``output`` (chosen by its suffix), resumed from its progress file.

    RAISES ValueError: E020 when the output cannot be resumed safely (see the message).
    """
    output = Path(output)
    suffix = output.suffix.lower()
    if suffix not in OUTPUT_SUFFIXES:
        raise ValueError(Errors.E015.format(what="--output", expected="a .jsonl file or a .parquet folder",
                                            found=str(output)))
    cls = JsonlSink if suffix == ".jsonl" else ParquetSink
    return cls(output, {**header, "output_kind": cls.kind}, resume)


# ---------------------------------------------------------------- extraction


def model_signature(nlp: Language) -> str:
    """A short, stable identity of a pipeline: name, version and a hash of its meta and config."""
    meta = nlp.meta or {}
    ident = _sha256(json.dumps(meta, sort_keys=True, default=str) + nlp.config.to_str())
    return f"{meta.get('name', 'pipeline')}-{meta.get('version', '?')}-{ident[:12]}"


def extract_to_file(sources: Union[PathLike, Sequence[PathLike]], output: PathLike, *,
                    nlp: Optional[Language] = None, n_process: int = 1, batch_size: int = 64,
                    resume: bool = True, progress: bool = False, published: Optional[str] = None,
                    id_field: str = "id", text_field: str = "text", published_field: str = "published",
                    window: int = 2048) -> Dict:
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
    RETURNS (dict): {"output", "articles" (done in this run), "claims" (written in this run), "skipped"
        (already done), "duplicates", "invalid", "problems" (first messages), "batches", "total_claims",
        "seconds", "warnings" (first messages, e.g. W003 for text in another language), "n_warnings"}.
    RAISES ValueError: E019 (input) or E020 (output) before any article is processed.
    """
    from tqdm.auto import tqdm

    from ..api import _default_nlp, extract_many

    started = time.time()
    if batch_size < 1 or n_process < 1:
        raise ValueError(Errors.E015.format(what="batch_size / n_process", expected="at least 1",
                                            found=f"{batch_size} / {n_process}"))
    nlp = nlp or _default_nlp()
    window_size = max(batch_size, window)
    total = count_articles(sources) if progress else None
    records = read_articles(sources, id_field=id_field, text_field=text_field, published_field=published_field)
    first = next(records, None)  # validates the sources before the output is touched
    sink = open_sink(output, header={"format": PROGRESS_FORMAT, "model": model_signature(nlp)}, resume=resume)
    out = {"output": str(output), "articles": 0, "claims": 0, "skipped": 0, "duplicates": 0, "invalid": 0,
           "problems": [], "batches": 0, "warnings": [], "n_warnings": 0}
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
        ``batch_size`` articles as the results stream in."""
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            results = extract_many([r.text for r in chunk], published=[r.published or published for r in chunk],
                                   article_ids=[r.id for r in chunk], n_process=n_process, nlp=nlp)
            batch: List[ArticleRecord] = []
            rows: List[dict] = []
            for rec, claims in zip(chunk, results):
                batch.append(rec)
                rows.extend(c.to_dict() for c in claims)
                bar.update(1)
                if len(batch) >= batch_size:
                    commit(batch, rows)
                    batch, rows = [], []
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
    rows = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines() if line.strip()]
    return pd.DataFrame(rows, columns=claim_schema().names)


# ---------------------------------------------------------------- datasets


_WORKER_NLP: Dict[str, Language] = {}


def _worker_nlp(model: Optional[str]) -> Language:
    """The pipeline of a ``Dataset.map`` worker, loaded once per process."""
    from ..api import _default_nlp, load

    key = model or ""
    if key not in _WORKER_NLP:
        _WORKER_NLP[key] = load(model) if model else _default_nlp()
    return _WORKER_NLP[key]


def _map_claims(batch: Dict[str, list], *, model: Optional[str], text_column: str, id_column: Optional[str],
                published_column: Optional[str], claims_column: str, model_fingerprint: str) -> Dict[str, list]:
    from ..api import extract_many

    texts = batch[text_column]
    n = len(texts)
    ids = [None if v is None else str(v) for v in batch[id_column]] if id_column else [None] * n
    pubs = [_iso(v) for v in batch[published_column]] if published_column else [None] * n
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
        raise ValueError(Errors.E019.format(where="dataset", detail=f"no column '{text_column}' "
                                            f"(columns: {ds.column_names})"))
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
