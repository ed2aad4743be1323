"""``track_files``: what ``jamsostek-ie track`` does, as a plain function that returns a dict.

Read and check every input (and the existing database) → extract the claims of articles given as
text (progress bar on stderr) → merge with the database → track → render the page and the charts →
only then write: the database (atomically), the page, the chart files, the exports. A bad input
raises before anything is written.
"""
from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Union

from jamsostek_ie import extract_many, load
from jamsostek_ie.errors import Errors, error
from jamsostek_ie.io.fileio import atomic_write_text

from . import charts, store, syndication
from .checks import TOLERANCE_PP
from .core import article_items, track
from .inputs import read_inputs
from .items import TrackerResult
from .page import render_page

PathLike = Union[str, Path]
MAX_REPORTED = 50
COVERAGE_PLOT = "coverage_vs_target"


def extract_rows(records: Sequence[dict], meta: Dict[str, dict], *, nlp=None, n_process: int = 1,
                 progress: bool = False, problems: Optional[List[str]] = None) -> List[dict]:
    """Claims (``CoverageClaim.to_dict`` rows) of articles given as text, with a progress bar on stderr.

    records (list[dict]): {"id", "text", "published"}. meta (dict): id → metadata (its ``published`` wins).
    nlp (Language | None): the pipeline (the shipped one by default).
    RETURNS (list[dict]): the claim rows, in article order.
    """
    from tqdm.auto import tqdm

    texts = [r["text"] for r in records]
    ids = [r["id"] for r in records]
    dates = [meta.get(r["id"], {}).get("published") or r.get("published") for r in records]
    rows: List[dict] = []
    bar = tqdm(total=len(records), unit="article", desc="track: extract", disable=not progress, file=sys.stderr,
               dynamic_ncols=True)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            for claims in extract_many(texts, published=dates, article_ids=ids, n_process=n_process, nlp=nlp):
                rows.extend(c.to_dict() for c in claims)
                bar.update(1)
    finally:
        bar.close()
    if problems is not None:
        problems.extend(str(w.message) for w in caught)
    return rows


def _check_outputs(html: Optional[Path], plots: Optional[Path], export: Optional[Path], db: Optional[Path]) -> None:
    for path, what in ((plots, "--plots"), (export, "--export")):
        if path is not None and path.exists() and not path.is_dir():
            raise error(Errors.E027, path=path, detail=f"{what} expects a folder, a file of that name "
                                                "exists")
    for path, what in ((html, "--html"), (db, "--db")):
        if path is not None and path.is_dir():
            raise error(Errors.E027, path=path, detail=f"{what} expects a file, a folder of that name "
                                                "exists")


def _require(module: str, what: str) -> None:
    import importlib.util

    if importlib.util.find_spec(module) is None:
        raise ImportError(f"{what} needs {module}, which is not installed: pip install 'jamsostek_ie[tracker]' "
                          f"(or pip install {module})")


def _slug(text: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in text.lower()).split())


def plot_name(row) -> str:
    """File name (without suffix) of a region's time series: "32_jawa-barat", "indonesia"."""
    name = _slug(row.region or "region")
    return f"{row.code.replace('.', '-')}_{name}" if row.code else name


def _write_plots(rendered: Dict[str, tuple], result: TrackerResult, folder: Path, html: Optional[Path]) -> List[Path]:
    """PNG and SVG of every chart into ``folder`` (written to a temporary folder first, then moved in)."""
    folder.mkdir(parents=True, exist_ok=True)
    page = os.path.relpath(html.resolve(), folder.resolve()) if html is not None else ""
    rows = {r.region_key: r for r in result.regions}
    tmp = Path(tempfile.mkdtemp(prefix=".plots.", dir=folder))
    written = []
    try:
        for key, (fig, svg) in rendered.items():
            name = COVERAGE_PLOT if key == "coverage" else f"timeseries/{plot_name(rows[key])}"
            base = tmp / name
            base.parent.mkdir(parents=True, exist_ok=True)
            fig.savefig(base.with_suffix(".png"), format="png", dpi=150 if key == "coverage" else 110,
                        metadata={"Software": None})
            if page:  # the points and bars link to the tracker page
                svg = svg.replace('xlink:href="#', f'xlink:href="{page}#')
            base.with_suffix(".svg").write_text('<?xml version="1.0" encoding="utf-8" standalone="no"?>\n' + svg,
                                                encoding="utf-8")
            written += [Path(name + ".png"), Path(name + ".svg")]
        for rel in written:
            (folder / rel).parent.mkdir(parents=True, exist_ok=True)
            os.replace(tmp / rel, folder / rel)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return [folder / rel for rel in written]


def track_files(inputs: Sequence[PathLike], *, db: Optional[PathLike] = None, html: Optional[PathLike] = None,
                plots: Optional[PathLike] = None, export: Optional[PathLike] = None,
                articles: Optional[PathLike] = None, model: Optional[PathLike] = None, nlp=None, n_process: int = 1,
                progress: bool = False, id_field: str = "id", text_field: str = "text",
                published_field: str = "published", syndication_threshold: float = syndication.THRESHOLD,
                tolerance_pp: float = TOLERANCE_PP) -> Dict:
    """Track claims files or articles into a DuckDB database, an HTML page, charts and exports.

    inputs (list[Path]): claims files (``extract`` output: .jsonl, .parquet), article files or folders
        (.txt, folder, .jsonl / .parquet with text) and metadata files (``inputs``).
    db (Path | None): the DuckDB database, created or updated (re-running adds without duplicating).
    html (Path | None): the tracker page. plots (Path | None): a folder for PNG + SVG charts.
    export (Path | None): a folder for every table as CSV and Parquet.
    articles (Path | None): article metadata (id, title, outlet, url, published, text) that wins.
    model (Path | None) / nlp (Language | None): the pipeline for articles given as text.
    n_process (int): worker processes for extraction. progress (bool): progress bars on stderr.
    RETURNS (dict): counts (articles, sources, facts, regions, conflicts, ...), "extracted" (articles
        extracted in this run), "db_tables" (rows per table), "files" (what was written), "problems",
        "seconds", and "result" (the TrackerResult).
    RAISES ValueError: E001 / E012 / E025 (inputs), E026 (database), E027 (outputs), before anything is written.
    """
    started = time.time()
    db, html, plots, export = (Path(p) if p is not None else None for p in (db, html, plots, export))
    _check_outputs(html, plots, export, db)
    if db is not None:
        _require("duckdb", "--db")
    if html is not None or plots is not None:
        _require("matplotlib", "--html / --plots")
    inp = read_inputs(inputs, articles=articles, id_field=id_field, text_field=text_field,
                      published_field=published_field)
    old_rows, old_arts = store.load(db) if db is not None else ([], [])
    new_rows = list(inp.claims)
    if inp.to_extract:
        if nlp is None:
            nlp = load(model) if model is not None else None
        new_rows += extract_rows(inp.to_extract, inp.articles, nlp=nlp, n_process=n_process, progress=progress,
                                 problems=inp.problems)
    replaced = {r.get("article_id") for r in inp.claims} | {r["id"] for r in inp.to_extract}
    rows, arts = store.merge(old_rows, old_arts, new_rows, list(article_items(inp.articles).values()),
                             replaced=sorted(x for x in replaced if x))
    result = track(rows, articles=arts, syndication_threshold=syndication_threshold, tolerance_pp=tolerance_pp,
                   problems=inp.problems)
    rendered = charts.render_all(result, progress=progress) if (html is not None or plots is not None) else {}
    page = render_page(result, svgs={k: v[1] for k, v in rendered.items()}) if html is not None else None
    files: List[str] = []
    tables = store.write(db, result) if db is not None else {}
    if db is not None:
        files.append(str(db))
    if page is not None:
        atomic_write_text(html, page)
        files.append(str(html))
    if plots is not None:
        files += [str(p) for p in _write_plots(rendered, result, plots, html)]
    if export is not None:
        files += [str(p) for p in store.export(result, export)]
    return {**result.summary(), "extracted": len(inp.to_extract), "db_tables": tables, "files": files,
            "problems": result.problems[:MAX_REPORTED], "n_problems": len(result.problems),
            "seconds": round(time.time() - started, 2), "result": result}
