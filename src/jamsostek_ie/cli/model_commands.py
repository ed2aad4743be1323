"""Model commands: train, evaluate."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Dict, Optional

import typer

from .common import data_root, fail


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
        result = run(data_root(root), config=config, output=output, seed=seed, overrides=overrides,
                     transformer=transformer, use_gpu=gpu)
    except ValueError as exc:
        raise fail(exc, 1)
    sc = result["scores"]
    typer.echo(f"saved {result['output']} in {result['seconds']} s: ents_f {sc.get('ents_f', 0):.3f}, "
               f"rel_micro_f {sc.get('rel_micro_f', 0):.3f} (dev); data sha256 {result['data_sha256'][:12]}")


def run_evaluation(model: Optional[Path], *, split: str, root: Optional[Path], gold: Optional[Path],
                   texts: Optional[Path]) -> Dict:
    """``evaluate`` on a corpus split, or on an external gold set when ``gold`` and ``texts`` are given.

    RETURNS (dict): the evaluation result. RAISES JamsostekError: E015 when only one of gold / texts is given.
    """
    from ..errors import Errors, error
    from ..training.evaluate import evaluate, evaluate_gold

    if gold is None and texts is None:
        return evaluate(model, split=split, root=data_root(root))
    if gold is None or texts is None:
        raise error(Errors.E015, what="evaluate --gold/--texts", expected="both options",
                    found="only " + ("--gold" if gold else "--texts"))
    return evaluate_gold(gold, texts, model, progress=sys.stderr.isatty())


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
    from ..io.fileio import atomic_write_text
    from ..training.evaluate import check_thresholds, format_markdown

    try:
        res = run_evaluation(model, split=split, root=root, gold=gold, texts=texts)
    except ValueError as exc:
        raise fail(exc, 2)
    for item in res.get("skipped", []) if gold is not None else []:
        typer.echo(f"skipped {item['id']}: {item['reason']}", err=True)
    body = json.dumps(res, ensure_ascii=False, indent=2) if fmt == "json" else format_markdown(res)
    if output is not None:
        atomic_write_text(output, body + "\n")
    typer.echo(body)
    if thresholds is not None:
        failures = check_thresholds(res, thresholds, model_dir=model, root=data_root(root))
        for f in failures:
            typer.echo(f"GATE FAILED: {f}", err=True)
        if failures:
            raise typer.Exit(1)
        typer.echo("gate: every metric is at or above its floor, and the model is fresh", err=True)
