"""Corpus commands: validate, check, compile, prefill-claims, stats, qa, preannotate, import."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Dict, List, Optional

import typer

from .common import data_root, fail, write_output


def validate(root: Optional[Path] = typer.Option(None, "--root", help="Checkout or data folder (default: this project)."),
             fmt: str = typer.Option("text", "--format", help="text or json")) -> None:
    """Check every article and annotation; report all problems; exit 1 on any error."""
    from ..corpus.validate import validate as run

    report = run(data_root(root))
    if fmt == "json":
        typer.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        for p in report.problems:
            typer.echo(str(p), err=p.severity == "error")
        typer.echo(f"{report.n_articles} articles, {report.n_annotated} annotated: "
                   f"{len(report.errors)} errors, {len(report.warnings)} warnings")
    raise typer.Exit(0 if report.ok else 1)


def check(files: List[Path] = typer.Argument(..., help="Markup files (annotations/markup/*.ann).")) -> None:
    """Check markup files without writing anything: markup, offsets, token boundaries, schema."""
    from ..corpus.validate import check_markup_files

    problems = check_markup_files(files)
    for p in problems:
        typer.echo(str(p))
    errors = [p for p in problems if p.severity == "error"]
    typer.echo(f"{len(files)} files: {len(errors)} errors, {len(problems) - len(errors)} warnings")
    raise typer.Exit(1 if errors else 0)


def prefill_files(files: List[Path], *, model: Optional[Path], replace: bool) -> List[Dict]:
    """``prefill_claims`` over many files. RETURNS (list[dict]): per file {"path", "result"} or {"path", "error"}."""
    from ..api import load_cached
    from ..corpus.prefill import prefill_claims

    nlp = load_cached(model)
    out = []
    for path in files:
        try:
            out.append({"path": path, "result": prefill_claims(path, nlp, replace=replace)})
        except ValueError as exc:
            out.append({"path": path, "error": str(exc)})
    return out


def prefill_claims_cmd(files: List[Path] = typer.Argument(..., help="Markup files (annotations/markup/*.ann)."),
                       replace: bool = typer.Option(False, "--replace", help="Replace an existing claims section."),
                       model: Optional[Path] = typer.Option(None, "--model", help="Pipeline (default: shipped).")) -> None:
    """Write the claim builder's proposal into each file's claims section, for review."""
    failed = 0
    for item in prefill_files(files, model=model, replace=replace):
        if "error" in item:
            typer.echo(item["error"], err=True)
            failed += 1
            continue
        res = item["result"]
        state = "written" if res["written"] else "kept (has a claims section; --replace to overwrite)"
        typer.echo(f"{item['path']}: {res['claims']} claims, {state}")
    raise typer.Exit(1 if failed else 0)


def compile_cmd(files: List[Path] = typer.Argument(..., help="Markup files to compile."),
                root: Optional[Path] = typer.Option(None, "--root", help="Data folder to write into.")) -> None:
    """Compile markup files into corpus/<id>.txt, corpus/articles.jsonl and annotations/gold.jsonl."""
    from ..corpus.store import compile_markup

    try:
        ids = compile_markup(files, data_root(root))
    except ValueError as exc:
        raise fail(exc, 1, "nothing was written")
    typer.echo(f"compiled {len(ids)} articles")


def stats(root: Optional[Path] = typer.Option(None, "--root", help="Data folder (default: this project)."),
          fmt: str = typer.Option("text", "--format", help="text or json")) -> None:
    """Corpus statistics: labels, relations, splits, origins, provinces, regulation types."""
    from ..corpus.stats import corpus_stats, format_stats

    try:
        s = corpus_stats(data_root(root))
    except ValueError as exc:
        raise fail(exc, 2, "run `jamsostek-ie validate` for a full report")
    typer.echo(json.dumps(s, ensure_ascii=False, indent=2) if fmt == "json" else format_stats(s))


def qa(root: Optional[Path] = typer.Option(None, "--root", help="Data folder (default: this project)."),
       fmt: str = typer.Option("text", "--format", help="text or json"),
       show_all: bool = typer.Option(False, "--all", help="Also list justified hits.")) -> None:
    """Annotation QA: likely misses and inconsistencies; exit 1 while any hit is unexplained."""
    from ..corpus.qa import qa_to_dict, run_qa

    try:
        result = run_qa(data_root(root))
    except ValueError as exc:
        raise fail(exc, 2, "run `jamsostek-ie validate` for a full report")
    if fmt == "json":
        typer.echo(json.dumps(qa_to_dict(result), ensure_ascii=False, indent=2))
    else:
        for h in (result["hits"] if show_all else result["unexplained"]):
            typer.echo(str(h))
        typer.echo(f"{len(result['hits'])} hits: {result['justified']} justified in annotations/qa/justified.jsonl, "
                   f"{len(result['unexplained'])} unexplained {result['by_check']}")
    raise typer.Exit(1 if result["unexplained"] else 0)


def preannotate(files: List[Path] = typer.Argument(..., help="Article text files."),
                fmt: str = typer.Option(..., "--format", help="labelstudio or doccano"),
                output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write tasks here."),
                model: Optional[Path] = typer.Option(None, "--model", help="Pipeline directory."),
                published: Optional[str] = typer.Option(None, "--published", help="Article date for all files.")) -> None:
    """Write the model's entities and relations as Label Studio or doccano tasks to correct."""
    from ..api import load_cached
    from ..corpus.interchange import LABEL_STUDIO_CONFIG, preannotate as run

    try:
        body = run(files, fmt=fmt, nlp=load_cached(model), published=published)
    except ValueError as exc:
        raise fail(exc, 2)
    if output is None:
        typer.echo(body, nl=False)
        return
    write_output(output, body, f"wrote {len(files)} tasks to {output}")
    if fmt == "labelstudio":
        typer.echo("Label Studio labeling config:\n" + LABEL_STUDIO_CONFIG, err=True)


def import_cmd(export: Path = typer.Argument(..., help="A Label Studio JSON or doccano JSONL export."),
               fmt: str = typer.Option(..., "--format", help="labelstudio or doccano"),
               root: Optional[Path] = typer.Option(None, "--root", help="Data folder (default: this project)."),
               origin: str = typer.Option("real", "--origin", help="real or written"),
               split: str = typer.Option("train", "--split", help="train, dev or test"),
               overwrite: bool = typer.Option(False, "--overwrite", help="Replace articles whose id exists."),
               id_prefix: str = typer.Option("", "--id-prefix", help="Prefix for the imported ids.")) -> None:
    """Add annotated articles from a Label Studio or doccano export (validated before anything is written)."""
    from ..corpus.interchange import import_export

    try:
        ids = import_export(export, fmt=fmt, root=data_root(root), origin=origin, split=split, overwrite=overwrite,
                            id_prefix=id_prefix)
    except ValueError as exc:
        raise fail(exc, 1, "nothing was written")
    typer.echo(f"imported {len(ids)} articles: {', '.join(ids)}")
