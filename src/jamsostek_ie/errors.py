"""One catalogue of error and warning codes, as spaCy keeps its own (``spacy.errors``).

Each message is a class attribute; its code is the attribute's name: ``Errors.E017`` reads
"[E017] model at {path}: {detail}". Raise with ``raise error(Errors.E017, path=..., detail=...)``: a
``JamsostekError`` (a ``ValueError``) whose ``.code`` is "E017", so nothing has to match a message to
know which error it is. Messages say what was expected and what was found.
"""
from __future__ import annotations

import re
from typing import Dict, Optional, Type

_CODE = re.compile(r"^\[(?P<code>[EW][0-9]{3})\] ")


class ErrorsWithCodes(type):
    """Prefixes each catalogue message with its attribute name ("[E001] ..."), as spaCy does."""

    def __getattribute__(self, code: str):
        msg = super().__getattribute__(code)
        if code.startswith("_") or not isinstance(msg, str) or _CODE.match(msg):
            return msg
        return f"[{code}] {msg}"

    def codes(self) -> Dict[str, str]:
        """Code → its message template (with the prefix)."""
        return {name: getattr(self, name) for name in vars(self) if re.fullmatch(r"[EW][0-9]{3}", name)}


class Errors(metaclass=ErrorsWithCodes):
    """Error messages: ``raise error(Errors.E001, where=..., detail=...)``; ``Errors.E001.format(...)`` for the text."""

    E001 = "{where}: invalid JSON: {detail}"
    E002 = "{where}: duplicate article id '{id}' (first seen at {first})"
    E003 = "{where}: unknown article id '{id}': no {expected}"
    E004 = ("{where}: text hash mismatch for '{id}': annotations expect sha256 {expected}, "
            "corpus text has {found} (the text changed after it was annotated)")
    E005 = "{where}: entity {index} [{start}:{end}] out of range: the text has {length} characters"
    E006 = ("{where}: entity {index} [{start}:{end}] '{span}' ({label}) is not on token boundaries: "
            "tokens there are {tokens}")
    E007 = ("{where}: entity {index} [{start}:{end}] '{span}' overlaps entity {other} "
            "[{ostart}:{oend}] '{ospan}'")
    E008 = "{where}: entity {index} has unknown label '{label}': expected one of {expected}"
    E009 = "{where}: relation {index} has unknown label '{label}': expected one of {expected}"
    E010 = "{where}: relation {index} endpoint {field}={value} does not exist: {n} entities"
    E011 = ("{where}: relation {index} {label} from {head_label} '{head}' to {child_label} '{child}' "
            "is not allowed: {label} goes from {heads} to {children}")
    E012 = "{where}: {field}: expected {expected}, found {found}"
    E013 = "{where}: cannot read file: {detail}"
    E014 = "{where}: markup error: {detail}"
    E015 = "{what}: expected {expected}, found {found}"
    E016 = "{where}: refusing to overwrite existing article '{id}' (pass overwrite=True / --overwrite)"
    E017 = "model at {path}: {detail}"
    E018 = "training failed: {detail}; the model at {path} was left untouched"
    E019 = "input {where}: {detail}"
    E020 = "output {path}: {detail}"
    E021 = ("{what} needs spacy-transformers and torch, which are not installed: install the trf extra "
            "(`pip install torch==2.13.0 && pip install -e \".[trf]\"`; on a GPU machine install the CUDA build "
            "of torch first); {detail}")
    E022 = "transformer {name}: {detail}"
    E023 = "{where}: claim {index} ({kind} '{figure}'): expected {expected}, found {found}"
    E024 = ("{where}: relation {index} {label} links '{head}' to '{child}' in another sentence, which the "
            "schema allows only as a context link (v2): {why}")
    E025 = "tracker input {where}: {detail}"
    E026 = "tracker database {path}: {detail}"
    E027 = "tracker output {path}: {detail}"
    E028 = ("{what} needs dask[dataframe] and distributed, which are not installed: install the dask extra "
            "(`pip install -e \".[dask]\"`); {detail}")
    E029 = ("bad article record {record} (the local engine reports and skips it; pass errors='skip' to "
            "extract_frame to do the same)")
    E030 = "relation model: {detail}"


class Warnings(metaclass=ErrorsWithCodes):
    """Warnings: reported, but do not fail validation."""

    W001 = ("{where}: relation {index} {label} links '{head}' and '{child}' across sentences "
            "(the schema keeps both ends in one sentence)")
    W002 = "{where}: article '{id}' has no annotation line"
    W004 = ("{where}: relation {index} {label} links '{head}' to '{child}' {distance} sentences back, beyond "
            "the headline, the lead and the {limit} sentences before it that the relation extractor reads")
    W005 = "{where}: article '{id}' has no reviewed claims (no claims section / record field)"
    W006 = ("{where}: relation {index} {label} links '{head}' to '{child}' in an earlier sentence although "
            "its own sentence names a REGION: a context link only when the figure cannot link to that region "
            "(GUIDELINES D43); the relation extractor offers no context candidates there")
    W003 = ("{where}{part}: skipped, the text reads as another language ({language}: {foreign} of its "
            "function words against {indonesian} Indonesian ones); no claims are extracted from it")


class JamsostekError(ValueError):
    """Every error this package raises on bad input: a ``ValueError`` that carries its catalogue code.

    code (str): "E017", taken from the catalogue attribute the message came from.
    """

    def __init__(self, message: str, code: Optional[str] = None) -> None:
        super().__init__(message)
        self.code = code if code is not None else code_of(message)


def code_of(message: str) -> Optional[str]:
    """The catalogue code of a message or template ("[E006] ..." → "E006"); None for other text."""
    m = _CODE.match(message)
    return m.group("code") if m else None


def error(template: str, cls: Type[Exception] = JamsostekError, **fields) -> Exception:
    """The exception for a catalogue entry, to ``raise``: ``raise error(Errors.E015, what=..., ...)``.

    template (str): a catalogue message (``Errors.E015``). cls (type): ``JamsostekError`` by default;
        ``TypeError`` for a value of the wrong type.
    **fields: the message's placeholders.
    RETURNS (Exception): ``cls(message)``; a ``JamsostekError`` carries ``.code``, other types get it as an attribute.
    """
    message = template.format(**fields)
    if isinstance(cls, type) and issubclass(cls, JamsostekError):
        return cls(message, code_of(template))
    exc = cls(message)
    exc.code = code_of(template)
    return exc
