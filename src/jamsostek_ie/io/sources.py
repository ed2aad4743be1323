"""Reading articles: folders of ``.txt`` files, JSONL and Parquet collections, single files.

``read_articles`` streams ``ArticleRecord``s in a stable order (a re-run sees the same ids);
``count_articles`` counts them cheaply for a progress bar.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Tuple, Iterator, Optional, Sequence, Union

from ..errors import Errors, error

PathLike = Union[str, Path]
#: input suffixes read as collections of articles
COLLECTION_SUFFIXES = (".jsonl", ".parquet")
#: rows read from a Parquet file at a time
PARQUET_CHUNK_ROWS = 256


@dataclass(frozen=True)
class ArticleRecord:
    """One article to extract from.

    id (str): the article id (file path without suffix, the id field, or the line / row number).
    text (str | None): the text; None when the record has none (then ``problem`` says why).
    published (str | None): the article date (ISO), or None.
    problem (str | None): why the record cannot be read, or None.
    where (str | None): the file (and line / row) it came from, for messages.
    """

    id: str
    text: Optional[str]
    published: Optional[str] = None
    problem: Optional[str] = None
    where: Optional[str] = field(default=None, compare=False)  # file and line / row, for messages


def is_collection(path: PathLike) -> bool:
    """True for inputs that hold many articles: a folder, a ``.jsonl`` or a ``.parquet`` file."""
    path = Path(path)
    return path.is_dir() or path.suffix.lower() in COLLECTION_SUFFIXES


def iso_date(value) -> Optional[str]:
    """A date value (date, datetime, ISO string) as an ISO string; None for None, NaN or blank."""
    if value is None or value != value:  # None or NaN
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    return text or None


def article_record(rid: str, text, published, where: str, text_field: str) -> ArticleRecord:
    """One JSONL / Parquet record; lone surrogates in its id, text or date become U+FFFD (same length)."""
    from ..text.clean import clean_surrogates

    rid = clean_surrogates(rid)
    if isinstance(text, str):
        text = clean_surrogates(text)
    if isinstance(published, str):
        published = clean_surrogates(published)
    at = where
    where = f"{where} (id {rid})"
    if text is None:
        return ArticleRecord(rid, None, None, f"{where}: no '{text_field}' field")
    if not isinstance(text, str):
        return ArticleRecord(rid, None, None, f"{where}: '{text_field}' is {type(text).__name__}, expected a string")
    from ..api import check_published

    day = iso_date(published)
    try:
        check_published(day)
    except ValueError as exc:
        return ArticleRecord(rid, None, None, f"{where}: {exc}")
    return ArticleRecord(rid, text, day, where=at)


def _read_file(rid: str, path: Path) -> ArticleRecord:
    """One ``.txt`` article; a file that cannot be read becomes a record with its problem."""
    from .fileio import read_text

    try:
        return ArticleRecord(rid, read_text(path), where=str(path))
    except ValueError as exc:
        return ArticleRecord(rid, None, None, str(exc))


def _read_folder(path: Path) -> Iterator[ArticleRecord]:
    for f in sorted(path.rglob("*.txt")):
        yield _read_file(f.relative_to(path).with_suffix("").as_posix(), f)


def jsonl_record(raw: bytes, no: int, path, fields: Tuple[str, str, str]) -> Optional[ArticleRecord]:
    """The article record of one JSONL line (bytes, without its line number's BOM), checked as
    ``read_articles`` checks it: None for a blank line; a record with ``problem`` for a line that is not
    UTF-8 (E013), not JSON (E001) or not an object (E001); else ``article_record``'s checks."""
    id_field, text_field, published_field = fields
    if not raw.strip():
        return None
    where = f"{path}:{no}"
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return ArticleRecord(f"line{no}", None, None, Errors.E013.format(where=where, detail=(
            f"not UTF-8: byte 0x{raw[exc.start]:02x} at column {exc.start + 1} (Windows-1252 or Latin-1?); "
            "re-save the file as UTF-8, e.g. `iconv -f WINDOWS-1252 -t UTF-8`")))
    try:
        rec = json.loads(line)
    except json.JSONDecodeError as exc:
        return ArticleRecord(f"line{no}", None, None,
                             Errors.E001.format(where=where, detail=f"{exc.msg} at column {exc.colno}"))
    if not isinstance(rec, dict):
        return ArticleRecord(f"line{no}", None, None, Errors.E001.format(
            where=where, detail=f"expected an object, found {type(rec).__name__}"))
    rid = rec.get(id_field)
    return article_record(str(rid) if rid is not None else f"line{no}", rec.get(text_field),
                          rec.get(published_field), where, text_field)


def _read_jsonl(path: Path, id_field: str, text_field: str, published_field: str) -> Iterator[ArticleRecord]:
    with open(path, "rb") as fh:
        for no, raw in enumerate(fh, start=1):
            if no == 1:
                if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
                    raise error(Errors.E013, where=f"{path}:1", detail="not UTF-8 but UTF-16 (its byte-order "
                                "mark); re-save it as UTF-8, e.g. `iconv -f UTF-16 -t UTF-8`")
                if raw.startswith(b"\xef\xbb\xbf"):  # a UTF-8 byte-order mark, as read_text drops it
                    raw = raw[3:]
            rec = jsonl_record(raw, no, path, (id_field, text_field, published_field))
            if rec is not None:
                yield rec


def _parquet_file(path: Path):
    """``pyarrow.parquet.ParquetFile(path)``; RAISES JamsostekError: E019 naming a corrupt file."""
    import pyarrow.parquet as pq

    try:
        return pq.ParquetFile(path)
    except (OSError, ValueError, TypeError) as exc:  # pyarrow.ArrowInvalid is a ValueError
        raise error(Errors.E019, where=path, detail=f"not a readable Parquet file: {exc}") from exc


def _read_parquet(path: Path, id_field: str, text_field: str, published_field: str,
                  chunk_rows: int = PARQUET_CHUNK_ROWS) -> Iterator[ArticleRecord]:
    pf = _parquet_file(path)
    names = pf.schema_arrow.names
    if text_field not in names:
        raise error(Errors.E019, where=path, detail=f"no column '{text_field}' (columns: {names}); "
                    "name the text column with --text-field")
    columns = [c for c in (id_field, text_field, published_field) if c in names]
    row = 0
    batches = pf.iter_batches(batch_size=chunk_rows, columns=columns)
    while True:
        try:
            batch = next(batches, None)
        except (OSError, ValueError) as exc:  # a damaged row group: the rest of the file cannot be read
            yield ArticleRecord(f"row{row}", None, None, Errors.E019.format(
                where=f"{path}:row {row}", detail=f"damaged from here on, the rows after it are not read: {exc}"))
            return
        if batch is None:
            return
        data = batch.to_pydict()
        for i in range(batch.num_rows):
            rid = data[id_field][i] if id_field in data else None
            yield article_record(str(rid) if rid is not None else f"row{row}", data[text_field][i],
                          data[published_field][i] if published_field in data else None, f"{path}:row {row}",
                          text_field)
            row += 1


def source_paths(sources: Union[PathLike, Sequence[PathLike]]) -> list:
    """One source or several, as a list of Paths."""
    return [Path(sources)] if isinstance(sources, (str, Path)) else [Path(s) for s in sources]


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
    paths = source_paths(sources)
    from .fileio import non_regular_kind

    for p in paths:  # fail before any work
        if not p.exists():
            raise error(Errors.E019, where=p, detail="does not exist")
        kind = non_regular_kind(p)
        if kind not in (None, "a folder") and p.suffix.lower() in COLLECTION_SUFFIXES:
            raise error(Errors.E019, where=p, detail=f"not a regular file but {kind} (reading it could block forever)")
        if not p.is_dir() and p.suffix.lower() not in COLLECTION_SUFFIXES + (".txt",):
            raise error(Errors.E019, where=p, detail="expected a folder of .txt files, a .jsonl, a .parquet "
                        "or a .txt file")
    for p in paths:
        if p.is_dir():
            yield from _read_folder(p)
        elif p.suffix.lower() == ".jsonl":
            yield from _read_jsonl(p, id_field, text_field, published_field)
        elif p.suffix.lower() == ".parquet":
            yield from _read_parquet(p, id_field, text_field, published_field)
        else:
            yield _read_file(p.stem, p)


def _same_or_inside(inp: Path, out: Path) -> bool:
    """Whether ``inp`` is ``out`` (same resolved path or same file) or lies inside the folder ``out``."""
    a, b = inp.resolve(), out.resolve()
    if a == b or b in a.parents:
        return True
    try:
        return inp.exists() and out.exists() and os.path.samefile(inp, out)
    except OSError:
        return False


def check_outputs_not_inputs(sources: Union[PathLike, Sequence[PathLike]],
                             outputs: Sequence[Optional[PathLike]]) -> None:
    """Refuse an output that is one of the inputs (same resolved path or file), or an output folder that
    holds an input: writing it would destroy what is read. Call before reading anything.

    outputs (list): output paths (None entries ignored); a JSONL output's ``.progress`` file counts too.
    RAISES JamsostekError: E020 naming the output and the input.
    """
    paths = source_paths(sources)
    for out in outputs:
        if out is None:
            continue
        out = Path(out)
        guarded = [out]
        if out.suffix.lower() == ".jsonl":
            guarded.append(out.with_name(out.name + ".progress"))
        for g in guarded:
            for inp in paths:
                if _same_or_inside(inp, g):
                    what = "is the input" if inp.resolve() == g.resolve() or not g.is_dir() else "is a folder holding the input"
                    raise error(Errors.E020, path=out, detail=f"{what} {inp}; writing it would destroy the input "
                                "(choose another output)")


def count_articles(sources: Union[PathLike, Sequence[PathLike]]) -> int:
    """How many articles ``read_articles`` will yield (cheap: file names, line counts, Parquet metadata)."""
    paths = source_paths(sources)
    n = 0
    for p in paths:
        if p.is_dir():
            n += sum(1 for _ in p.rglob("*.txt"))
        elif p.suffix.lower() == ".jsonl":
            with open(p, "rb") as fh:
                n += sum(1 for line in fh if line.strip())
        elif p.suffix.lower() == ".parquet":
            n += _parquet_file(p).metadata.num_rows
        else:
            n += 1
    return n
