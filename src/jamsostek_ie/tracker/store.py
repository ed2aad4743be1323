"""The tracker database (DuckDB) and CSV / Parquet exports.

Tables (one per item type of ``items``; columns = its fields): ``articles``, ``sources``, ``facts``,
``conflicts``, ``consistency``, ``syndicated_pairs``, ``regions``, plus ``tracker_meta`` (schema
version, settings, when it was last updated).

Updates are idempotent merges keyed on stable ids (article id; a source's hash of article id and
offsets; a fact's hash of region, kind, unit, value and period): ``merge`` joins what the database
holds with the new input (an article given again replaces its own sources, everything else stays),
the tracker recomputes facts, conflicts, checks and region rows from all sources, and ``write``
rewrites the tables in one transaction on a copy of the file, which replaces the old one by rename
only after the commit. A failed run leaves the old database as it was; a re-run over the same
articles changes nothing; tables or views you add yourself are kept.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import fields
from datetime import datetime, timezone
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple, Union

from jamsostek_ie.errors import Errors, error

from . import syndication
from .items import TABLES, Article, TrackerResult, columns

PathLike = Union[str, Path]
SCHEMA_VERSION = "jamsostek_ie.tracker.v1"
PRIMARY_KEYS = {"articles": ("article_id",), "sources": ("source_id",), "facts": ("fact_id",),
                "conflicts": ("conflict_id",), "consistency": ("check_id",),
                "syndicated_pairs": ("article_a", "article_b"), "regions": ("region_key",)}
DATE_COLUMNS = frozenset({"published", "first_published", "last_published", "newest_source"})
#: internal columns left out of CSV / Parquet exports
NOT_EXPORTED = {"articles": ("text_signature", "sentence_signature")}


def _sql_type(name: str, annotation: str) -> str:
    if name in DATE_COLUMNS:
        return "DATE"
    if "Tuple[int" in annotation:
        return "BIGINT[]"
    if "Tuple[str" in annotation:
        return "VARCHAR[]"
    for py, sql in (("bool", "BOOLEAN"), ("float", "DOUBLE"), ("int", "BIGINT")):
        if py in annotation:
            return sql
    return "VARCHAR"


def table_ddl(table: str) -> str:
    """The CREATE TABLE statement of a tracker table (types from the item type's annotations)."""
    cols = [f'"{f.name}" {_sql_type(f.name, str(f.type))}' for f in fields(TABLES[table])]
    keys = ", ".join(PRIMARY_KEYS[table])
    return f'CREATE TABLE IF NOT EXISTS {table} ({", ".join(cols)}, PRIMARY KEY ({keys}))'


def _connect(path: Path, read_only: bool = False):
    import duckdb

    try:
        return duckdb.connect(str(path), read_only=read_only)
    except Exception as exc:  # duckdb raises IOException / InvalidInputException for foreign files
        raise error(Errors.E026, path=path, detail=f"cannot open it as a DuckDB database: {exc}") from exc


def _check_meta(con, path: Path) -> None:
    tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    if "tracker_meta" not in tables:
        raise error(Errors.E026, path=path, detail=(
            f"a DuckDB database but not a tracker database (no tracker_meta table; tables: {sorted(tables)}); "
            "give a new file to --db"))
    meta = dict(con.execute("SELECT key, value FROM tracker_meta").fetchall())
    for key, expected in (("schema", SCHEMA_VERSION), ("syndication", syndication.SIGNATURE_VERSION)):
        if meta.get(key) != expected:
            raise error(Errors.E026, path=path, detail=(
                f"written by another version of the tracker ({key} {meta.get(key)!r}, this version writes "
                f"{expected!r}); track into a new file, or rebuild it from the claims files"))
    missing = [t for t in TABLES if t not in tables]
    if missing:
        raise error(Errors.E026, path=path, detail=f"tables {missing} are missing")
    for table in ("articles", "sources"):
        have = {r[0] for r in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ?", [table]).fetchall()}
        lost = [c for c in columns(TABLES[table]) if c not in have]
        if lost:
            raise error(Errors.E026, path=path, detail=f"table {table} lacks columns {lost}")


def load(path: PathLike) -> Tuple[List[dict], List[Article]]:
    """What a tracker database holds: its sources as claim rows and its articles (with signatures).

    RETURNS (tuple): (claim rows, articles); ([], []) when the file does not exist.
    RAISES ValueError: E026 when it is not a tracker database of this version.
    """
    path = Path(path)
    if not path.exists():
        return [], []
    con = _connect(path, read_only=True)
    try:
        _check_meta(con, path)
        cols = columns(TABLES["sources"])
        rows = [dict(zip(cols, r)) for r in con.execute(
            f"SELECT {', '.join(cols)} FROM sources ORDER BY article_id, figure_start").fetchall()]
        acols = columns(Article)
        arts = []
        for r in con.execute(f"SELECT {', '.join(acols)} FROM articles ORDER BY article_id").fetchall():
            rec = dict(zip(acols, r))
            rec["published"] = rec["published"].isoformat() if rec["published"] is not None else None
            for k in ("text_signature", "sentence_signature"):
                rec[k] = tuple(rec[k]) if rec[k] is not None else None
            arts.append(Article(**rec))
    finally:
        con.close()
    return rows, arts


def merge(old_rows: Sequence[dict], old_articles: Sequence[Article], new_rows: Sequence[dict],
          new_articles: Sequence[Article], *, replaced: Sequence[str]) -> Tuple[List[dict], List[Article]]:
    """Join a database's content with new input.

    old_rows / old_articles: from ``load``. new_rows (list[dict]): new claim rows. new_articles
        (list[Article]): new article metadata (a field the new record lacks keeps its old value).
    replaced (list[str]): ids of the articles whose claims the new input gives: their old sources go.
    RETURNS (tuple): (claim rows, articles) to track.
    """
    from dataclasses import asdict, replace as _replace

    gone = set(replaced)
    rows = [r for r in old_rows if r.get("article_id") not in gone] + list(new_rows)
    arts = {a.article_id: a for a in old_articles}
    for a in new_articles:
        old = arts.get(a.article_id)
        if old is None:
            arts[a.article_id] = a
            continue
        fresh = {k: v for k, v in asdict(a).items() if v is not None and k not in ("n_sources", "syndication_group")}
        arts[a.article_id] = _replace(old, **fresh)
    return rows, list(arts.values())


def _frame(result: TrackerResult, table: str):
    df = result.frame(table)
    for col in df.columns:
        if col in DATE_COLUMNS:
            import pandas as pd

            df[col] = pd.to_datetime(df[col], errors="coerce").dt.date
        elif df[col].map(lambda v: isinstance(v, tuple)).any():
            df[col] = df[col].map(lambda v: list(v) if isinstance(v, tuple) else v)
    return df


def write(path: PathLike, result: TrackerResult) -> Dict[str, int]:
    """Upsert a tracker result into the database at ``path`` (created when missing), atomically.

    result (TrackerResult): computed over everything the database should hold (``load`` + new input).
    RETURNS (dict): rows per table after the update.
    RAISES ValueError: E026 when the existing file is not a tracker database of this version.
    """
    from jamsostek_ie import __version__

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        if path.exists():
            shutil.copyfile(path, tmp)
        else:
            tmp.unlink()
        con = _connect(tmp)
        try:
            if path.exists():
                _check_meta(con, path)
            con.execute("BEGIN TRANSACTION")
            con.execute("CREATE TABLE IF NOT EXISTS tracker_meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
            for table in TABLES:
                con.execute(table_ddl(table))
            for table in TABLES:
                df = _frame(result, table)
                cols = ", ".join(f'"{c}"' for c in df.columns)
                con.register("incoming", df)
                con.execute(f"DELETE FROM {table}")
                con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM incoming")
                con.unregister("incoming")
            meta = {"schema": SCHEMA_VERSION, "syndication": syndication.SIGNATURE_VERSION,
                    "jamsostek_ie": __version__, "updated": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                    **{k: str(v) for k, v in result.settings.items()}}
            con.execute("DELETE FROM tracker_meta")
            con.executemany("INSERT INTO tracker_meta VALUES (?, ?)", sorted(meta.items()))
            con.execute("COMMIT")
            counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
            con.execute("CHECKPOINT")
        finally:
            con.close()
        os.replace(tmp, path)
    except BaseException:
        for leftover in (tmp, Path(str(tmp) + ".wal")):
            if leftover.exists():
                leftover.unlink()
        raise
    return counts


def export(result: TrackerResult, folder: PathLike, *, formats: Sequence[str] = ("csv", "parquet")) -> List[Path]:
    """Every table as ``<folder>/<table>.csv`` and / or ``.parquet`` (each written atomically).

    RETURNS (list[Path]): the files written.
    """
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise error(Errors.E027, path=folder, detail="--export expects a folder, a file of that name "
                                            "exists")
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for table in TABLES:
        df = result.frame(table).drop(columns=list(NOT_EXPORTED.get(table, ())))
        for col in df.columns:
            if df[col].map(lambda v: isinstance(v, tuple)).any():
                df[col] = df[col].map(lambda v: ";".join(map(str, v)) if isinstance(v, tuple) else v)
        for fmt in formats:
            target = folder / f"{table}.{fmt}"
            tmp = folder / f".{table}.{fmt}.tmp"
            if fmt == "csv":
                df.to_csv(tmp, index=False)
            elif fmt == "parquet":
                df.to_parquet(tmp, index=False)
            else:
                raise error(Errors.E015, what="export format", expected="csv or parquet", found=fmt)
            os.replace(tmp, target)
            written.append(target)
    return written


def read_table(path: PathLike, table: str, *, sql: Optional[str] = None):
    """A table of a tracker database (or the result of ``sql``) as a pandas DataFrame."""
    con = _connect(Path(path), read_only=True)
    try:
        return con.execute(sql or f"SELECT * FROM {table}").fetchdf()
    finally:
        con.close()
