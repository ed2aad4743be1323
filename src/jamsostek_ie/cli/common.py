"""What every command shares: the data root, writing a result, turning an error into an exit code."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer


def data_root(root: Optional[Path]) -> Path:
    """``--root`` as given, or the project's data folder."""
    from ..corpus.store import project_root

    return root if root is not None else project_root()


def fail(exc: BaseException, exit_code: int, *notes: str) -> typer.Exit:
    """Print an error (and notes) on stderr; RETURNS the ``typer.Exit`` to raise."""
    typer.echo(str(exc), err=True)
    for note in notes:
        typer.echo(note, err=True)
    return typer.Exit(exit_code)


def write_output(output: Path, body: str, message: str) -> None:
    """Write ``body`` to ``output`` atomically and say so on stderr."""
    from ..io.fileio import atomic_write_text

    atomic_write_text(output, body)
    typer.echo(message, err=True)


def echo_limited(messages, limit: int, prefix: str, *, total: Optional[int] = None, more: str = "{n} more") -> None:
    """The first ``limit`` messages on stderr, each after ``prefix``, then "... <more>" for the rest.

    total (int | None): how many there are in all (default: ``len(messages)``).
    more (str): the line for the rest, ``{n}`` standing for their number ("{n} more warnings").
    """
    messages = list(messages)
    for msg in messages[:limit]:
        typer.echo(f"{prefix}{msg}", err=True)
    total = len(messages) if total is None else total
    if total > limit:
        typer.echo("... " + more.format(n=total - limit), err=True)
