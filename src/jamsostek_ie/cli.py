"""Command line: thin typer wrappers over library functions that return data."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import List, Optional

import typer

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Extract checkable BPJS Ketenagakerjaan coverage claims from Indonesian news.")


def _root(root: Optional[Path]) -> Path:
    from .corpus import project_root

    return root if root is not None else project_root()


@app.command()
def validate(root: Optional[Path] = typer.Option(None, "--root", help="Checkout or data folder (default: this project)."),
             fmt: str = typer.Option("text", "--format", help="text or json")) -> None:
    """Check every article and annotation; report all problems; exit 1 on any error."""
    from .validate import validate as run

    report = run(_root(root))
    if fmt == "json":
        typer.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        for p in report.problems:
            typer.echo(str(p), err=p.severity == "error")
        typer.echo(f"{report.n_articles} articles, {report.n_annotated} annotated: "
                   f"{len(report.errors)} errors, {len(report.warnings)} warnings")
    raise typer.Exit(0 if report.ok else 1)


@app.command()
def check(files: List[Path] = typer.Argument(..., help="Markup files (annotations/markup/*.ann).")) -> None:
    """Check markup files without writing anything: markup, offsets, token boundaries, schema."""
    from .validate import check_markup_files

    problems = check_markup_files(files)
    for p in problems:
        typer.echo(str(p))
    errors = [p for p in problems if p.severity == "error"]
    typer.echo(f"{len(files)} files: {len(errors)} errors, {len(problems) - len(errors)} warnings")
    raise typer.Exit(1 if errors else 0)


@app.command("compile")
def compile_cmd(files: List[Path] = typer.Argument(..., help="Markup files to compile."),
                root: Optional[Path] = typer.Option(None, "--root", help="Data folder to write into.")) -> None:
    """Compile markup files into corpus/<id>.txt, corpus/articles.jsonl and annotations/gold.jsonl."""
    from .corpus import compile_markup

    try:
        ids = compile_markup(files, _root(root))
    except ValueError as exc:
        typer.echo(str(exc), err=True)
        typer.echo("nothing was written", err=True)
        raise typer.Exit(1)
    typer.echo(f"compiled {len(ids)} articles")


def main() -> None:  # pragma: no cover - console entry point
    app()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(app())
