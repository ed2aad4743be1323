"""Command line: thin typer wrappers over library functions that return data.

The commands live in ``corpus_commands`` (validate, check, compile, prefill-claims, stats, qa,
preannotate, import), ``extract_command`` (extract), ``model_commands`` (train, evaluate) and
``track_command`` (track).
"""
from __future__ import annotations

import sys

import typer

from . import corpus_commands, extract_command, model_commands, track_command

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Extract checkable BPJS Ketenagakerjaan coverage claims from Indonesian news.")

app.command()(corpus_commands.validate)
app.command()(corpus_commands.check)
app.command("prefill-claims")(corpus_commands.prefill_claims_cmd)
app.command("compile")(corpus_commands.compile_cmd)
app.command()(corpus_commands.stats)
app.command()(corpus_commands.qa)
app.command()(extract_command.extract)
app.command()(model_commands.train)
app.command()(model_commands.evaluate)
app.command("track")(track_command.track_cmd)
app.command()(corpus_commands.preannotate)
app.command("import")(corpus_commands.import_cmd)


def main() -> None:  # pragma: no cover - console entry point
    app()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(app())
