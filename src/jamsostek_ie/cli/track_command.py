"""The coverage tracker command: facts per region from claims or articles (``jamsostek_ie.tracker``)."""
from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from .common import echo_limited, fail

#: notes and written files listed (the rest are counted)
SHOWN_NOTES = 10
SHOWN_FILES = 12


def track_cmd(inputs: List[Path] = typer.Argument(..., help="Claims files (extract's .jsonl / .parquet), articles "
                                                 "(.txt, folders, .jsonl / .parquet with text) or metadata .jsonl."),
              db: Optional[Path] = typer.Option(None, "--db", help="DuckDB database to create or update."),
              html_page: Optional[Path] = typer.Option(None, "--html", help="Write the tracker page here."),
              plots: Optional[Path] = typer.Option(None, "--plots", help="Folder for PNG and SVG charts."),
              export: Optional[Path] = typer.Option(None, "--export", help="Folder for every table as CSV + Parquet."),
              articles: Optional[Path] = typer.Option(None, "--articles", help="Article metadata (id, outlet, url, "
                                                      "published, title, text) that wins over the inputs'."),
              model: Optional[Path] = typer.Option(None, "--model", help="Pipeline directory (default: shipped)."),
              n_process: int = typer.Option(1, "--n-process", help="Worker processes for extraction.")) -> None:
    """Coverage tracker: facts per region from claims or articles, into a DuckDB file, a page and charts."""
    from ..tracker import track_files

    try:
        res = track_files(inputs, db=db, html=html_page, plots=plots, export=export, articles=articles, model=model,
                          n_process=n_process, progress=True)
    except ValueError as exc:
        raise fail(exc, 2, "nothing was written")
    echo_limited(res["problems"], SHOWN_NOTES, "note: ", total=res["n_problems"], more="{n} more notes")
    typer.echo(f"{res['articles']} articles ({res['extracted']} extracted now), {res['sources']} claim mentions → "
               f"{res['facts']} facts; {res['regions']} regions; {res['conflicts']} conflicts between independent "
               f"sources ({res['conflicts_same_source']} within one source); {res['consistency_checks']} consistency "
               f"checks ({res['inconsistent']} inconsistent); {res['syndicated_groups']} groups of syndicated copies "
               f"({res['syndicated_articles']} articles); {res['seconds']} s")
    echo_limited(res["files"], SHOWN_FILES, "wrote ", more="and {n} more files")
