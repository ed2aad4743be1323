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
