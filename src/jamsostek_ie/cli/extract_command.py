"""``jamsostek-ie extract``: claims of article files (printed), or of a folder / JSONL / Parquet
collection (written batch by batch, resumable)."""
from __future__ import annotations

import json
import warnings
from pathlib import Path
from typing import Dict, Iterator, List, Optional, Sequence, Tuple

import typer

from ..errors import Errors, JamsostekError, error
from .common import echo_limited, fail, write_output

#: the formats ``extract`` prints article files' claims in
FORMATS = ("table", "jsonl", "csv")
#: problems and warnings of a collection run printed (the rest are counted)
SHOWN_PROBLEMS = 10
SHOWN_WARNINGS = 5
#: the width of the claims table and of its widest column
TABLE_WIDTH = 200
TABLE_COLUMN_WIDTH = 38


def check_file_inputs(files: Sequence[Path], *, fmt: str, html_report: Optional[Path]) -> bool:
    """Whether ``files`` name a collection (folder, JSONL, Parquet) rather than article files.

    RAISES JamsostekError: E015 for an HTML report of a collection, or an unknown format for article files.
    """
    from ..io.batch import is_collection

    if any(is_collection(f) for f in files):
        if html_report is not None:
            raise error(Errors.E015, what="--html", expected="article files", found="a folder, JSONL or Parquet "
                        "input (report a sample of its articles instead)")
        return True
    if fmt not in FORMATS:
        raise error(Errors.E015, what="--format", expected="table, jsonl or csv", found=repr(fmt))
    return False


def check_output_kind(output: Optional[Path], files: Sequence[Path]) -> None:
    """``--output`` must be a file (or, for a .parquet output of a collection, a folder of part files):
    an existing folder is refused before any work. RAISES JamsostekError: E020."""
    if output is None or not output.is_dir():
        return
    from ..io.batch import is_collection

    if output.suffix.lower() == ".parquet" and any(is_collection(f) for f in files):
        return
    raise error(Errors.E020, path=output, detail="is a folder; name a file to write (e.g. "
                f"{output / 'claims.jsonl'})")


def iter_file_claims(files: Sequence[Path], nlp, *, published: Optional[str],
                     analyse: bool) -> Iterator[Tuple[Path, list, object, list]]:
    """Claims of each article file, in order: (path, claims, Extraction or None, warnings caught).

    analyse (bool): also build each file's ``Extraction`` (for the HTML report).
    RAISES JamsostekError: E013 when a file cannot be read.
    """
    from ..api import analyse as run_analyse, extract
    from ..io.fileio import non_regular_kind, read_text

    for f in files:
        kind = non_regular_kind(f)
        if kind is not None and kind != "a folder":  # a FIFO would block forever: skip it with a warning
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                warnings.warn(f"{f}: not a regular file but {kind}; skipped")
            yield f, [], None, list(caught)
            continue
        text = read_text(f)
        is_html = Path(f).suffix.lower() in (".html", ".htm")
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            if analyse:
                result = run_analyse(text, published=published, article_id=Path(f).stem, html=is_html, nlp=nlp)
                claims = result.claims
            else:
                result = None
                claims = extract(text, published=published, article_id=Path(f).stem, html=is_html, nlp=nlp)
        yield f, claims, result, list(caught)


def format_claims(claims: list, fmt: str) -> str:
    """Claims as ``extract`` prints them: "table", "jsonl" (``CoverageClaim.to_dict``) or "csv"."""
    from ..api import claims_to_frame

    if fmt == "jsonl":
        return "".join(json.dumps(c.to_dict(), ensure_ascii=False) + "\n" for c in claims)
    df = claims_to_frame(claims)
    if fmt == "csv":
        flat = df.copy()
        for col in ("money", "regulations"):
            flat[col] = flat[col].map(lambda v: json.dumps(v, ensure_ascii=False))
        return flat.to_csv(index=False)
    return claims_table(df)


def claims_table(df) -> str:
    """The claims table of the CLI (``io.formats.TABLE_COLUMNS``, values by ``format_figure``)."""
    import pandas as pd

    from ..io.formats import TABLE_COLUMNS, format_figure

    if df.empty:
        return "no coverage claims found\n"
    show = df.assign(
        value=df.apply(lambda r: format_figure(r["value"], r["unit"], r["qualifier"], r["upper"], style="ascii"),
                       axis=1),
        money=df["money"].map(lambda ms: "; ".join(m["text"] for m in ms)),
        regulations=df["regulations"].map(lambda rs: "; ".join(r["text"] for r in rs)),
    )[list(TABLE_COLUMNS)]
    with pd.option_context("display.max_rows", None, "display.max_columns", None, "display.width", TABLE_WIDTH,
                           "display.max_colwidth", TABLE_COLUMN_WIDTH):
        return show.fillna("").to_string(index=False) + f"\n{len(df)} claims\n"


def extract_collection(sources: List[Path], *, output: Optional[Path], model: Optional[Path],
                       published: Optional[str], n_process: int, batch_size: int, resume: bool,
                       fields: Tuple[str, str, str], prefilter: bool = False) -> Dict:
    """``extract`` over folders / JSONL / Parquet: ``batch.extract_to_file`` with a progress bar.

    RETURNS (dict): ``extract_to_file``'s result.
    RAISES JamsostekError: E015 without ``output``; what ``load`` and ``extract_to_file`` raise.
    """
    from ..api import load_cached
    from ..io.batch import extract_to_file

    if output is None:
        raise error(Errors.E015, what="--output", expected="claims.jsonl or claims.parquet for folder, JSONL or "
                    "Parquet input (claims are written batch by batch so that a re-run can resume)", found="none")
    return extract_to_file(sources, output, nlp=load_cached(model), n_process=n_process, batch_size=batch_size,
                           resume=resume, progress=True, published=published, id_field=fields[0],
                           text_field=fields[1], published_field=fields[2], prefilter=prefilter)


def extract_dask(sources: List[Path], *, output: Optional[Path], model: Optional[Path], published: Optional[str],
                 batch_size: Optional[int], scheduler: Optional[str], workers: Optional[int], prefilter: bool,
                 fields: Tuple[str, str, str]) -> Dict:
    """``extract --engine dask``: ``jamsostek_ie.dask.extract_to_parquet`` on a local or remote Dask cluster.

    RETURNS (dict): ``extract_to_parquet``'s result.
    RAISES JamsostekError: E015 without ``output`` or with both ``scheduler`` and ``workers``; E028 without dask.
    """
    if output is None:
        raise error(Errors.E015, what="--output", expected="a folder for the Parquet dataset of claims", found="none")
    if scheduler is not None and workers is not None:
        raise error(Errors.E015, what="--scheduler / --workers", expected="one of them (--workers sizes a local "
                    "cluster)", found="both")
    from ..dask import PARTITION_SIZE, extract_to_parquet

    return extract_to_parquet(sources, output, scheduler=scheduler, workers=workers, model=model, prefilter=prefilter,
                              partition_size=batch_size or PARTITION_SIZE, published=published, id_field=fields[0],
                              text_field=fields[1], published_field=fields[2])


def _report_collection(res: Dict, output: Path) -> None:
    for msg in res["problems"][:SHOWN_PROBLEMS]:
        typer.echo(f"skipped: {msg}", err=True)
    echo_limited(res["warnings"], SHOWN_WARNINGS, "warning: ", total=res["n_warnings"], more="{n} more warnings")
    typer.echo(f"wrote {res['claims']} claims from {res['articles']} articles to {output} in {res['seconds']} s "
               f"({res['skipped']} already done, {res['invalid']} unreadable, {res['duplicates']} duplicate ids; "
               f"{res['total_claims']} claims in total)", err=True)
    if res.get("prefiltered"):
        typer.echo(f"the relevance prefilter kept {res['prefiltered']} articles that never mention BPJS "
                   "Ketenagakerjaan from the model", err=True)


def _report_dask(res: Dict, output: Path) -> None:
    for msg in res["problems"][:SHOWN_PROBLEMS]:
        typer.echo(f"skipped: {msg}", err=True)
    typer.echo(f"wrote {res['claims']} claims from {res['articles']} articles to {output} in {res['seconds']} s on "
               f"{res['workers']} Dask workers ({res['partitions']} partitions; {res['prefiltered']} articles skipped "
               f"by the relevance prefilter, {res['invalid']} unreadable)", err=True)


def extract(files: List[Path] = typer.Argument(..., help="Article files (UTF-8 text; .html/.htm read as HTML)."),
            fmt: str = typer.Option("table", "--format", help="table, jsonl or csv"),
            model: Optional[Path] = typer.Option(None, "--model", help="Pipeline directory (default: shipped)."),
            published: Optional[str] = typer.Option(None, "--published", help="Article date (YYYY-MM-DD) for all files."),
            output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write here instead of stdout."),
            html_report: Optional[Path] = typer.Option(None, "--html", help="Also write an HTML report (displaCy view "
                                                       "of each article + claims table) to this file."),
            n_process: int = typer.Option(1, "--n-process", help="Worker processes (folder/JSONL/Parquet input)."),
            batch_size: Optional[int] = typer.Option(None, "--batch-size", help="Articles per committed batch "
                                                     "(folder etc.; default 64); per partition with --engine dask "
                                                     "(default 1000)."),
            resume: bool = typer.Option(True, "--resume/--no-resume", help="Skip articles a previous run wrote."),
            id_field: str = typer.Option("id", "--id-field", help="Id field/column of JSONL or Parquet input."),
            text_field: str = typer.Option("text", "--text-field", help="Text field/column of JSONL or Parquet input."),
            published_field: str = typer.Option("published", "--published-field", help="Date field/column."),
            engine: str = typer.Option("local", "--engine", help="local, or dask: JSONL / Parquet datasets on a Dask "
                                       "cluster, written as a Parquet dataset (a folder) to --output."),
            scheduler: Optional[str] = typer.Option(None, "--scheduler", help="--engine dask: address of a running "
                                                    "Dask scheduler (tcp://host:8786)."),
            workers: Optional[int] = typer.Option(None, "--workers", help="--engine dask: worker processes of a local "
                                                  "cluster (default: one per core)."),
            prefilter: Optional[bool] = typer.Option(None, "--prefilter/--no-prefilter", help="Articles that never "
                                                     "mention BPJS Ketenagakerjaan skip the model (default: on with "
                                                     "--engine dask, off otherwise).")) -> None:
    """Extract coverage claims from article files and print them.

    A folder (every *.txt below it), a .jsonl or a .parquet file of articles is processed at corpus
    scale instead: claims go batch by batch to --output (claims.jsonl, or claims.parquet: a folder of
    part files) with a progress bar, and a re-run resumes where an interrupted one stopped. With
    --engine dask, JSONL files and Parquet datasets are processed on a Dask cluster instead.
    """
    from ..api import check_published, load_cached
    from ..io.sources import check_outputs_not_inputs

    fields = (id_field, text_field, published_field)
    try:
        check_outputs_not_inputs(files, [output, html_report])  # before anything is read
        check_published(published, "--published")
        if engine != "dask":  # the Dask engine writes a Parquet dataset: a folder
            check_output_kind(output, files)
        if engine not in ("local", "dask"):
            raise error(Errors.E015, what="--engine", expected="local or dask", found=repr(engine))
        if engine == "dask" and html_report is not None:
            raise error(Errors.E015, what="--html", expected="article files", found="--engine dask")
        collection = engine == "dask" or check_file_inputs(files, fmt=fmt, html_report=html_report)
    except JamsostekError as exc:
        raise fail(exc, 2)
    if engine == "dask":
        try:
            res = extract_dask(files, output=output, model=model, published=published, batch_size=batch_size,
                               scheduler=scheduler, workers=workers, prefilter=prefilter is not False, fields=fields)
        except (ImportError, ValueError) as exc:
            raise fail(exc, 2)
        _report_dask(res, output)
        return
    if collection:
        try:
            res = extract_collection(files, output=output, model=model, published=published, n_process=n_process,
                                     batch_size=batch_size or 64, resume=resume, fields=fields,
                                     prefilter=bool(prefilter))
        except ValueError as exc:
            raise fail(exc, 2)
        except KeyboardInterrupt:
            typer.echo(f"interrupted: the batches already written to {output} are kept; run the same command "
                       "again to resume", err=True)
            raise typer.Exit(130)
        _report_collection(res, output)
        return
    try:
        nlp = load_cached(model)
    except ValueError as exc:
        raise fail(exc, 2)
    claims, results = [], []
    runs = iter_file_claims(files, nlp, published=published, analyse=html_report is not None)
    for i in range(1, len(files) + 1):
        if len(files) > 1 and fmt == "table":
            typer.echo(f"[{i}/{len(files)}] {files[i - 1]}", err=True)
        try:
            _, file_claims, result, caught = next(runs)
        except JamsostekError as exc:
            raise fail(exc, 2)
        claims.extend(file_claims)
        if result is not None:
            results.append(result)
        for w in caught:
            typer.echo(f"warning: {w.message}", err=True)
    body = format_claims(claims, fmt)
    if html_report is not None:
        from ..io.report import render_page

        write_output(html_report, render_page(results), f"wrote the HTML report of {len(results)} articles to "
                     f"{html_report}")
    if output is not None:
        write_output(output, body, f"wrote {len(claims)} claims to {output}")
    else:
        typer.echo(body, nl=False)
