"""A problem found in a file: what, where (file, line, article id) and how bad."""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Optional

from ..errors import Errors, code_of, error


@dataclass(frozen=True)
class Problem:
    """One validation finding.

    severity (str): "error" or "warning".
    code (str): catalogue code, e.g. "E006".
    message (str): the full message, naming what was expected and what was found.
    file (str): the file, relative to the data root when possible.
    line (int | None): 1-based line in that file, when it has lines.
    article_id (str | None): the article concerned, when known.
    """

    severity: str
    code: str
    message: str
    file: str
    line: Optional[int] = None
    article_id: Optional[str] = None

    def __str__(self) -> str:
        return f"{self.severity.upper()} {self.message}"

    def to_dict(self) -> dict:
        return asdict(self)


def where(file: str, line: Optional[int] = None, article_id: Optional[str] = None) -> str:
    """Format a location as ``file:line (article id)``."""
    out = file if line is None else f"{file}:{line}"
    return out if article_id is None else f"{out} (article {article_id})"


def make(severity: str, template: str, file: str, line: Optional[int] = None,
         article_id: Optional[str] = None, **fields) -> Problem:
    """Build a Problem from a catalogue template (``Errors.E006``, ``Warnings.W001``; see errors.py).

    RETURNS (Problem): its ``code`` is the catalogue code of ``template``.
    RAISES JamsostekError: E015 when ``template`` is not a catalogue message (it carries no code).
    """
    code = code_of(template)
    if code is None:
        raise error(Errors.E015, what="Problem template", expected="a catalogue message (errors.Errors, "
                    "errors.Warnings)", found=repr(template[:40]))
    message = template.format(where=where(file, line, article_id), **fields)
    return Problem(severity, code, message, file, line, article_id)
