"""Command line: thin typer wrappers over library functions that return data."""
from __future__ import annotations

import json
import sys
import warnings
from pathlib import Path
from typing import List, Optional

import typer

from ..errors import Errors

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Extract checkable BPJS Ketenagakerjaan coverage claims from Indonesian news.")


def _root(root: Optional[Path]) -> Path:
    from ..corpus.store import project_root

    return root if root is not None else project_root()


@app.command()
def validate(root: Optional[Path] = typer.Option(None, "--root", help="Checkout or data folder (default: this project)."),
             fmt: str = typer.Option("text", "--format", help="text or json")) -> None:
    """Check every article and annotation; report all problems; exit 1 on any error."""
    from ..corpus.validate import validate as run

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
    from ..corpus.validate import check_markup_files

    problems = check_markup_files(files)
    for p in problems:
        typer.echo(str(p))
    errors = [p for p in problems if p.severity == "error"]
    typer.echo(f"{len(files)} files: {len(errors)} errors, {len(problems) - len(errors)} warnings")
    raise typer.Exit(1 if errors else 0)


@app.command("prefill-claims")
def prefill_claims_cmd(files: List[Path] = typer.Argument(..., help="Markup files (annotations/markup/*.ann)."),
                       replace: bool = typer.Option(False, "--replace", help="Replace an existing claims section."),
                       model: Optional[Path] = typer.Option(None, "--model", help="Pipeline (default: shipped).")) -> None:
    """Write the claim builder's proposal into each file's claims section, for review."""
    from ..api import load
    from ..corpus.prefill import prefill_claims

    nlp = load(model)
    failed = 0
    for path in files:
        try:
            res = prefill_claims(path, nlp, replace=replace)
        except ValueError as exc:
            typer.echo(str(exc), err=True)
            failed += 1
            continue
        state = "written" if res["written"] else "kept (has a claims section; --replace to overwrite)"
        typer.echo(f"{path}: {res['claims']} claims, {state}")
    raise typer.Exit(1 if failed else 0)


@app.command("compile")
def compile_cmd(files: List[Path] = typer.Argument(..., help="Markup files to compile."),
                root: Optional[Path] = typer.Option(None, "--root", help="Data folder to write into.")) -> None:
    """Compile markup files into corpus/<id>.txt, corpus/articles.jsonl and annotations/gold.jsonl."""
    from ..corpus.store import compile_markup

    try:
        ids = compile_markup(files, _root(root))
    except ValueError as exc:
        typer.echo(str(exc), err=True)
        typer.echo("nothing was written", err=True)
        raise typer.Exit(1)
    typer.echo(f"compiled {len(ids)} articles")


@app.command()
def stats(root: Optional[Path] = typer.Option(None, "--root", help="Data folder (default: this project)."),
          fmt: str = typer.Option("text", "--format", help="text or json")) -> None:
    """Corpus statistics: labels, relations, splits, origins, provinces, regulation types."""
    from ..corpus.stats import corpus_stats, format_stats

    s = corpus_stats(_root(root))
    typer.echo(json.dumps(s, ensure_ascii=False, indent=2) if fmt == "json" else format_stats(s))


@app.command()
def qa(root: Optional[Path] = typer.Option(None, "--root", help="Data folder (default: this project)."),
       fmt: str = typer.Option("text", "--format", help="text or json"),
       show_all: bool = typer.Option(False, "--all", help="Also list justified hits.")) -> None:
    """Annotation QA: likely misses and inconsistencies; exit 1 while any hit is unexplained."""
    from ..corpus.qa import qa_to_dict, run_qa

    result = run_qa(_root(root))
    if fmt == "json":
        typer.echo(json.dumps(qa_to_dict(result), ensure_ascii=False, indent=2))
    else:
        for h in (result["hits"] if show_all else result["unexplained"]):
            typer.echo(str(h))
        typer.echo(f"{len(result['hits'])} hits: {result['justified']} justified in annotations/qa/justified.jsonl, "
                   f"{len(result['unexplained'])} unexplained {result['by_check']}")
    raise typer.Exit(1 if result["unexplained"] else 0)


@app.command()
def extract(files: List[Path] = typer.Argument(..., help="Article files (UTF-8 text; .html/.htm read as HTML)."),
            fmt: str = typer.Option("table", "--format", help="table, jsonl or csv"),
            model: Optional[Path] = typer.Option(None, "--model", help="Pipeline directory (default: shipped)."),
            published: Optional[str] = typer.Option(None, "--published", help="Article date (YYYY-MM-DD) for all files."),
            output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write here instead of stdout."),
            html_report: Optional[Path] = typer.Option(None, "--html", help="Also write an HTML report (displaCy view "
                                                       "of each article + claims table) to this file."),
            n_process: int = typer.Option(1, "--n-process", help="Worker processes (folder/JSONL/Parquet input)."),
            batch_size: int = typer.Option(64, "--batch-size", help="Articles per committed batch (folder etc.)."),
            resume: bool = typer.Option(True, "--resume/--no-resume", help="Skip articles a previous run wrote."),
            id_field: str = typer.Option("id", "--id-field", help="Id field/column of JSONL or Parquet input."),
            text_field: str = typer.Option("text", "--text-field", help="Text field/column of JSONL or Parquet input."),
            published_field: str = typer.Option("published", "--published-field", help="Date field/column.")) -> None:
    """Extract coverage claims from article files and print them.

    A folder (every *.txt below it), a .jsonl or a .parquet file of articles is processed at corpus
    scale instead: claims go batch by batch to --output (claims.jsonl, or claims.parquet: a folder of
    part files) with a progress bar, and a re-run resumes where an interrupted one stopped.
    """
    from ..api import analyse, claims_to_frame, extract as run, load
    from ..io.batch import is_collection
    from ..io.fileio import read_text

    if any(is_collection(f) for f in files):
        if html_report is not None:
            typer.echo("[E015] --html: expected article files, found a folder, JSONL or Parquet input "
                       "(report a sample of its articles instead)", err=True)
            raise typer.Exit(2)
        _extract_collection(files, output=output, model=model, published=published, n_process=n_process,
                            batch_size=batch_size, resume=resume, fields=(id_field, text_field, published_field))
        return
    if fmt not in ("table", "jsonl", "csv"):
        typer.echo(f"[E015] --format: expected table, jsonl or csv, found {fmt!r}", err=True)
        raise typer.Exit(2)
    try:
        nlp = load(model)
    except ValueError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2)
    claims, results = [], []
    for i, f in enumerate(files, start=1):
        try:
            text = read_text(f)
        except ValueError as exc:
            typer.echo(str(exc), err=True)
            raise typer.Exit(2)
        if len(files) > 1 and fmt == "table":
            typer.echo(f"[{i}/{len(files)}] {f}", err=True)
        is_html = Path(f).suffix.lower() in (".html", ".htm")
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            if html_report is not None:
                results.append(analyse(text, published=published, article_id=Path(f).stem, html=is_html, nlp=nlp))
                claims.extend(results[-1].claims)
            else:
                claims.extend(run(text, published=published, article_id=Path(f).stem, html=is_html, nlp=nlp))
        for w in caught:
            typer.echo(f"warning: {w.message}", err=True)
    df = claims_to_frame(claims)
    if fmt == "jsonl":
        body = "".join(json.dumps(c.to_dict(), ensure_ascii=False) + "\n" for c in claims)
    elif fmt == "csv":
        flat = df.copy()
        for col in ("money", "regulations"):
            flat[col] = flat[col].map(lambda v: json.dumps(v, ensure_ascii=False))
        body = flat.to_csv(index=False)
    else:
        body = _table(df)
    if html_report is not None:
        from ..io.fileio import atomic_write_text
        from ..io.report import render_page

        atomic_write_text(html_report, render_page(results))
        typer.echo(f"wrote the HTML report of {len(results)} articles to {html_report}", err=True)
    if output is not None:
        from ..io.fileio import atomic_write_text

        atomic_write_text(output, body)
        typer.echo(f"wrote {len(claims)} claims to {output}", err=True)
    else:
        typer.echo(body, nl=False)


def _extract_collection(sources: List[Path], *, output: Optional[Path], model: Optional[Path], published: Optional[str],
                        n_process: int, batch_size: int, resume: bool, fields) -> None:
    """``extract`` over folders / JSONL / Parquet: the batch path of ``batch.extract_to_file``."""
    from ..api import load
    from ..io.batch import extract_to_file

    if output is None:
        typer.echo("[E015] --output: expected claims.jsonl or claims.parquet for folder, JSONL or Parquet input "
                   "(claims are written batch by batch so that a re-run can resume), found none", err=True)
        raise typer.Exit(2)
    try:
        nlp = load(model)
        res = extract_to_file(sources, output, nlp=nlp, n_process=n_process, batch_size=batch_size, resume=resume,
                              progress=True, published=published, id_field=fields[0], text_field=fields[1],
                              published_field=fields[2])
    except ValueError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2)
    except KeyboardInterrupt:
        typer.echo(f"interrupted: the batches already written to {output} are kept; run the same command again "
                   "to resume", err=True)
        raise typer.Exit(130)
    for msg in res["problems"][:10]:
        typer.echo(f"skipped: {msg}", err=True)
    for msg in res["warnings"][:5]:
        typer.echo(f"warning: {msg}", err=True)
    if res["n_warnings"] > 5:
        typer.echo(f"... {res['n_warnings'] - 5} more warnings", err=True)
    typer.echo(f"wrote {res['claims']} claims from {res['articles']} articles to {output} in {res['seconds']} s "
               f"({res['skipped']} already done, {res['invalid']} unreadable, {res['duplicates']} duplicate ids; "
               f"{res['total_claims']} claims in total)", err=True)


def _table(df) -> str:
    if df.empty:
        return "no coverage claims found\n"
    show = df.assign(
        value=df.apply(lambda r: _fmt_value(r["value"], r["unit"], r["qualifier"], r["upper"]), axis=1),
        money=df["money"].map(lambda ms: "; ".join(m["text"] for m in ms)),
        regulations=df["regulations"].map(lambda rs: "; ".join(r["text"] for r in rs)),
    )[["article_id", "kind", "value", "region", "region_code", "period", "org", "money", "regulations"]]
    import pandas as pd

    with pd.option_context("display.max_rows", None, "display.max_columns", None, "display.width", 200,
                           "display.max_colwidth", 38):
        return show.fillna("").to_string(index=False) + f"\n{len(df)} claims\n"


def _fmt_value(value, unit, qualifier, upper) -> str:
    if value is None or value != value:
        return "?"
    q = {"approx": "~", "at_least": ">=", "at_most": "<=", "exact": "", "range": ""}.get(qualifier, "")
    if unit == "percent":
        v = f"{value:g}%" if upper is None or upper != upper else f"{value:g}-{upper:g}%"
    else:
        v = f"{value:,.0f}" if upper is None or upper != upper else f"{value:,.0f}-{upper:,.0f}"
        v = f"{v} {unit}" if unit else v
    return q + v


@app.command()
def train(config: Optional[str] = typer.Option(None, "--config", help="Config name (default, trf, tiny) or path."),
          output: Optional[Path] = typer.Option(None, "--output", help="Pipeline directory (default: ner_model/)."),
          seed: int = typer.Option(0, "--seed", help="Random seed."),
          root: Optional[Path] = typer.Option(None, "--root", help="Data folder (default: this project)."),
          transformer: Optional[str] = typer.Option(None, "--transformer", help="Local HF model dir (trf config)."),
          gpu: int = typer.Option(-1, "--gpu", help="GPU id, -1 for CPU."),
          max_steps: Optional[int] = typer.Option(None, "--max-steps", help="Override training.max_steps.")) -> None:
    """Validate, train NER + relation extractor, keep the best dev checkpoint, swap it into place atomically."""
    from ..training.train import train as run

    overrides = {"training.max_steps": max_steps} if max_steps else None
    try:
        result = run(_root(root), config=config, output=output, seed=seed, overrides=overrides,
                     transformer=transformer, use_gpu=gpu)
    except ValueError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1)
    sc = result["scores"]
    typer.echo(f"saved {result['output']} in {result['seconds']} s: ents_f {sc.get('ents_f', 0):.3f}, "
               f"rel_micro_f {sc.get('rel_micro_f', 0):.3f} (dev); data sha256 {result['data_sha256'][:12]}")


@app.command()
def evaluate(model: Optional[Path] = typer.Option(None, "--model", help="Pipeline directory (default: shipped)."),
             split: str = typer.Option("test", "--split", help="test, dev, train or all"),
             fmt: str = typer.Option("md", "--format", help="md or json"),
             output: Optional[Path] = typer.Option(None, "--output", help="Write the report here."),
             root: Optional[Path] = typer.Option(None, "--root", help="Data folder (default: this project)."),
             thresholds: Optional[Path] = typer.Option(None, "--thresholds",
                                                       help="Fail (exit 1) when a metric is below its floor."),
             gold: Optional[Path] = typer.Option(None, "--gold", help="An external gold JSONL (e.g. "
                                                 "../shared/realdev/gold.jsonl) instead of the corpus."),
             texts: Optional[Path] = typer.Option(None, "--texts", help="With --gold: the folder of <id>.txt texts.")
             ) -> None:
    """Per-label P/R/F for entities, relations and claims, overall and per origin, per claim field and by
    claim score, with the worst errors; on a corpus split or on an external gold set (--gold, --texts)."""
    from ..training.evaluate import check_thresholds, evaluate as run, evaluate_gold, format_markdown

    try:
        if gold is not None or texts is not None:
            if gold is None or texts is None:
                raise ValueError(Errors.E015.format(what="evaluate --gold/--texts", expected="both options",
                                                    found="only " + ("--gold" if gold else "--texts")))
            res = evaluate_gold(gold, texts, model, progress=sys.stderr.isatty())
            for item in res["skipped"]:
                typer.echo(f"skipped {item['id']}: {item['reason']}", err=True)
        else:
            res = run(model, split=split, root=_root(root))
    except ValueError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2)
    body = json.dumps(res, ensure_ascii=False, indent=2) if fmt == "json" else format_markdown(res)
    if output is not None:
        from ..io.fileio import atomic_write_text

        atomic_write_text(output, body + "\n")
    typer.echo(body)
    if thresholds is not None:
        failures = check_thresholds(res, thresholds, model_dir=model, root=_root(root))
        for f in failures:
            typer.echo(f"GATE FAILED: {f}", err=True)
        if failures:
            raise typer.Exit(1)
        typer.echo("gate: every metric is at or above its floor, and the model is fresh", err=True)


@app.command()
def preannotate(files: List[Path] = typer.Argument(..., help="Article text files."),
                fmt: str = typer.Option(..., "--format", help="labelstudio or doccano"),
                output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write tasks here."),
                model: Optional[Path] = typer.Option(None, "--model", help="Pipeline directory."),
                published: Optional[str] = typer.Option(None, "--published", help="Article date for all files.")) -> None:
    """Write the model's entities and relations as Label Studio or doccano tasks to correct."""
    from ..api import load
    from ..corpus.interchange import LABEL_STUDIO_CONFIG, preannotate as run

    try:
        body = run(files, fmt=fmt, nlp=load(model), published=published)
    except ValueError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2)
    if output is not None:
        from ..io.fileio import atomic_write_text

        atomic_write_text(output, body)
        typer.echo(f"wrote {len(files)} tasks to {output}", err=True)
        if fmt == "labelstudio":
            typer.echo("Label Studio labeling config:\n" + LABEL_STUDIO_CONFIG, err=True)
    else:
        typer.echo(body, nl=False)


@app.command("import")
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
        ids = import_export(export, fmt=fmt, root=_root(root), origin=origin, split=split, overwrite=overwrite,
                            id_prefix=id_prefix)
    except ValueError as exc:
        typer.echo(str(exc), err=True)
        typer.echo("nothing was written", err=True)
        raise typer.Exit(1)
    typer.echo(f"imported {len(ids)} articles: {', '.join(ids)}")


def main() -> None:  # pragma: no cover - console entry point
    app()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(app())
