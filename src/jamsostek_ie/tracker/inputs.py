"""Read what the tracker tracks: claims files (``extract`` output) or articles, plus article metadata.

Each input path is one of:

- a claims file ``extract`` wrote: ``claims.jsonl`` (one ``CoverageClaim.to_dict`` per line) or
  ``claims.parquet`` (a folder of part files, or one file);
- articles: ``.txt`` files, a folder of them, a ``.jsonl`` / ``.parquet`` of ``{"id", "text", "published"}``
  records (other fields such as ``outlet``, ``url``, ``title`` are kept as metadata);
- metadata only: a ``.jsonl`` / ``.parquet`` of records with an ``id`` and no text (``corpus/articles.jsonl``).

A JSONL file's kind is told by its first record, a Parquet file's by its columns. Next to ``.txt``
inputs, an ``articles.jsonl`` in the same folder is read as their metadata (outlet, url, dates).
Everything is read and checked before anything is extracted or written.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Union

from jamsostek_ie.io.batch import read_claims
from jamsostek_ie.io.formats import claim_schema
from jamsostek_ie.io.sources import read_articles
from jamsostek_ie.errors import Errors, error

from .core import ARTICLE_FIELDS, REQUIRED_COLUMNS, claim_rows

PathLike = Union[str, Path]
#: metadata file looked for next to .txt inputs
SIBLING_METADATA = "articles.jsonl"


@dataclass
class Inputs:
    """What the inputs hold.

    claims (list[dict]): claim rows read from claims files.
    articles (dict): article id → metadata record (title, outlet, url, published, origin; ``text`` when known).
    to_extract (list[dict]): articles with text and no claims read from a file: {"id", "text", "published"}.
    problems (list[str]): records skipped and why. kinds (dict): path → "claims" | "articles" | "metadata".
    """

    claims: List[dict] = field(default_factory=list)
    articles: Dict[str, dict] = field(default_factory=dict)
    to_extract: List[dict] = field(default_factory=list)
    problems: List[str] = field(default_factory=list)
    kinds: Dict[str, str] = field(default_factory=dict)


def _first_record(path: Path) -> Optional[dict]:
    with open(path, encoding="utf-8", errors="replace") as fh:
        for no, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                raise error(Errors.E001, where=f"{path}:{no}", detail=f"{exc.msg} at column {exc.colno}")
            if not isinstance(rec, dict):
                raise error(Errors.E001, where=f"{path}:{no}",
                                                    detail=f"expected an object, found {type(rec).__name__}")
            return rec
    return None


def _kind_of_names(names: Sequence[str]) -> str:
    if "kind" in names and "figure_start" in names:
        return "claims"
    return "articles" if "text" in names else "metadata"


def _parquet_names(path: Path) -> List[str]:
    import pyarrow.parquet as pq

    part = path
    if path.is_dir():
        parts = sorted(path.glob("*.parquet"))
        if not parts:
            raise error(Errors.E025, where=path, detail="empty: a Parquet folder without part files")
        part = parts[0]
    try:
        return list(pq.read_schema(part).names)
    except Exception as exc:  # pyarrow raises several types for files that are not Parquet
        raise error(Errors.E025, where=part, detail=f"cannot read it as Parquet: {exc}") from exc


def input_kind(path: PathLike) -> str:
    """What an input holds: "claims", "articles" or "metadata" (see the module doc).

    RAISES ValueError: E025 when it does not exist, is empty or of an unknown type.
    """
    path = Path(path)
    if not path.exists():
        raise error(Errors.E025, where=path, detail="does not exist")
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        return _kind_of_names(_parquet_names(path))
    if path.is_dir():
        if not any(path.rglob("*.txt")):
            raise error(Errors.E025, where=path, detail="empty: no *.txt articles in this folder")
        return "articles"
    if suffix == ".txt":
        return "articles"
    if suffix == ".jsonl":
        first = _first_record(path)
        if first is None:
            raise error(Errors.E025, where=path, detail="empty: no records (nothing to track)")
        if "id" not in first and "text" not in first and "kind" not in first:
            raise error(Errors.E025, where=path, detail=(
                f"its first record has neither claim fields nor an 'id' (fields: {sorted(first)})"))
        return _kind_of_names(list(first))
    raise error(Errors.E025, where=path, detail=(
        "expected claims (.jsonl, .parquet), articles (.txt, a folder of .txt, .jsonl, .parquet) "
        "or article metadata (.jsonl)"))


def _check_claim_record(rec: dict, where: str) -> None:
    missing = [c for c in REQUIRED_COLUMNS if c not in rec]
    if missing:
        claim_rows([rec], where=where)  # raises E025 with the standard message
    for name in ("sentence_start", "sentence_end", "figure_start", "figure_end"):
        if not isinstance(rec[name], int) or isinstance(rec[name], bool):
            raise error(Errors.E012, where=where, field=name, expected="an integer offset",
                                                found=repr(rec[name]))
    if rec["value"] is not None and not isinstance(rec["value"], (int, float)):
        raise error(Errors.E012, where=where, field="value", expected="a number or null",
                                            found=repr(rec["value"]))


def read_claims_file(path: PathLike, problems: Optional[List[str]] = None) -> List[dict]:
    """The claim rows of a claims JSONL file or Parquet file/folder, every record checked.

    RAISES ValueError: E001 (bad JSON line), E025 (missing columns: another version, or not a claims
        file), E012 (a field of the wrong type), each naming the file (and line).
    """
    path = Path(path)
    known = set(claim_schema().names)
    if path.suffix.lower() == ".parquet":
        names = _parquet_names(path)
        missing = [c for c in REQUIRED_COLUMNS if c not in names]
        if missing:
            claim_rows([{n: None for n in names}], where=str(path))
        rows = claim_rows(read_claims(path), where=str(path))
        extra = sorted(set(names) - known)
        if not rows:
            raise error(Errors.E025, where=path, detail="empty: no claims (nothing to track)")
    else:
        rows, extra_set = [], set()
        with open(path, encoding="utf-8") as fh:
            for no, line in enumerate(fh, start=1):
                if not line.strip():
                    continue
                where = f"{path}:{no}"
                try:
                    rec = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise error(Errors.E001, where=where, detail=f"{exc.msg} at column {exc.colno}")
                if not isinstance(rec, dict):
                    raise error(Errors.E001, where=where,
                                                        detail=f"expected an object, found {type(rec).__name__}")
                _check_claim_record(rec, where)
                extra_set.update(set(rec) - known)
                rows.append(rec)
        extra = sorted(extra_set)
    if extra and problems is not None:
        problems.append(f"{path}: columns {extra} are not in this version's claim schema (ignored)")
    return rows


def _metadata_records(path: Path, id_field: str) -> List[dict]:
    """Records of a metadata / articles file (JSONL or Parquet), with ``id`` set."""
    if path.suffix.lower() == ".parquet":
        import pyarrow.parquet as pq

        names = _parquet_names(path)
        cols = [c for c in (id_field, "text", *ARTICLE_FIELDS) if c in names]
        recs = pq.read_table(path, columns=cols).to_pylist()
    else:
        recs = []
        with open(path, encoding="utf-8", errors="replace") as fh:
            for line in fh:
                try:
                    rec = json.loads(line) if line.strip() else None
                except json.JSONDecodeError:
                    rec = None  # reported by read_articles for article files; metadata lines are best effort
                if isinstance(rec, dict):
                    recs.append(rec)
    out = []
    for rec in recs:
        if rec.get(id_field) is not None:
            out.append({**{k: rec.get(k) for k in (*ARTICLE_FIELDS, "text") if rec.get(k) is not None},
                        "id": str(rec[id_field])})
    return out


def _merge_meta(store: Dict[str, dict], rec: dict, *, override: bool) -> None:
    old = store.setdefault(rec["id"], {"id": rec["id"]})
    for k, v in rec.items():
        if v is not None and (override or old.get(k) is None):
            old[k] = v


def read_inputs(paths: Sequence[PathLike], *, articles: Optional[PathLike] = None, id_field: str = "id",
                text_field: str = "text", published_field: str = "published") -> Inputs:
    """Read every input (see the module doc) before any work.

    paths (list[Path]): claims files, article files or folders, metadata files.
    articles (Path | None): a metadata file (JSONL or Parquet: id, title, outlet, url, published, text)
        whose fields win over the others.
    id_field / text_field / published_field (str): field names of JSONL / Parquet article records.
    RETURNS (Inputs).
    RAISES ValueError: E025 (missing, empty or unknown input, missing columns), E001 (bad JSON), E012.
    """
    if not paths:
        raise error(Errors.E025, where="(none)", detail="no input files given")
    out = Inputs()
    kinds = {str(p): input_kind(p) for p in paths}
    out.kinds = kinds
    siblings = set()
    for p in map(Path, paths):
        kind = kinds[str(p)]
        if kind == "claims":
            out.claims.extend(read_claims_file(p, out.problems))
        elif kind == "metadata":
            for rec in _metadata_records(p, id_field):
                _merge_meta(out.articles, rec, override=False)
        else:
            folder = p if p.is_dir() else p.parent
            if p.suffix.lower() in (".txt",) or p.is_dir():
                siblings.add(folder / SIBLING_METADATA)
            else:
                for rec in _metadata_records(p, id_field):
                    rec.pop("text", None)
                    _merge_meta(out.articles, rec, override=False)
            seen = {r["id"] for r in out.to_extract}
            for rec in read_articles(p, id_field=id_field, text_field=text_field, published_field=published_field):
                if rec.problem is not None:
                    out.problems.append(rec.problem)
                elif rec.id in seen:
                    out.problems.append(f"{p}: article id '{rec.id}' given twice, later copy skipped")
                else:
                    seen.add(rec.id)
                    out.to_extract.append({"id": rec.id, "text": rec.text, "published": rec.published})
    for sib in sorted(siblings):
        if sib.is_file() and str(sib) not in kinds:
            for rec in _metadata_records(sib, "id"):
                rec.pop("text", None)
                _merge_meta(out.articles, rec, override=False)
    if articles is not None:
        if input_kind(articles) == "claims":
            raise error(Errors.E025, where=articles, detail="--articles expects article metadata "
                                                "(id, outlet, url, published, text), found a claims file")
        for rec in _metadata_records(Path(articles), id_field):
            _merge_meta(out.articles, rec, override=True)
    for rec in out.to_extract:
        meta = out.articles.setdefault(rec["id"], {"id": rec["id"]})
        meta["text"] = rec["text"]
        if meta.get("published") is None and rec["published"]:
            meta["published"] = rec["published"]
    have_claims = {r.get("article_id") for r in out.claims}
    out.to_extract = [r for r in out.to_extract if r["id"] not in have_claims]
    if not out.claims and not out.to_extract:
        why = "no claims and no article texts"
        if out.problems:
            why += " (every article record was skipped: " + "; ".join(out.problems[:3]) + ")"
        raise error(Errors.E025, where=", ".join(map(str, paths)), detail=f"nothing to track: {why}")
    return out
