"""One catalogue of error and warning codes. Messages say what was expected and what was found."""
from __future__ import annotations


class Errors:
    """Error messages, used as ``ValueError(Errors.E001.format(...))``."""

    E001 = "[E001] {where}: invalid JSON: {detail}"
    E002 = "[E002] {where}: duplicate article id '{id}' (first seen at {first})"
    E003 = "[E003] {where}: unknown article id '{id}': no {expected}"
    E004 = ("[E004] {where}: text hash mismatch for '{id}': annotations expect sha256 {expected}, "
            "corpus text has {found} (the text changed after it was annotated)")
    E005 = "[E005] {where}: entity {index} [{start}:{end}] out of range: the text has {length} characters"
    E006 = ("[E006] {where}: entity {index} [{start}:{end}] '{span}' ({label}) is not on token boundaries: "
            "tokens there are {tokens}")
    E007 = ("[E007] {where}: entity {index} [{start}:{end}] '{span}' overlaps entity {other} "
            "[{ostart}:{oend}] '{ospan}'")
    E008 = "[E008] {where}: entity {index} has unknown label '{label}': expected one of {expected}"
    E009 = "[E009] {where}: relation {index} has unknown label '{label}': expected one of {expected}"
    E010 = "[E010] {where}: relation {index} endpoint {field}={value} does not exist: {n} entities"
    E011 = ("[E011] {where}: relation {index} {label} from {head_label} '{head}' to {child_label} '{child}' "
            "is not allowed: {label} goes from {heads} to {children}")
    E012 = "[E012] {where}: {field}: expected {expected}, found {found}"
    E013 = "[E013] {where}: cannot read file: {detail}"
    E014 = "[E014] {where}: markup error: {detail}"
    E015 = "[E015] {what}: expected {expected}, found {found}"
    E016 = "[E016] {where}: refusing to overwrite existing article '{id}' (pass overwrite=True / --overwrite)"
    E017 = "[E017] model at {path}: {detail}"
    E018 = "[E018] training failed: {detail}; the model at {path} was left untouched"
    E019 = "[E019] input {where}: {detail}"
    E020 = "[E020] output {path}: {detail}"
    E021 = ("[E021] {what} needs spacy-transformers and torch, which are not installed: install the trf extra "
            "(`pip install torch==2.13.0 && pip install -e \".[trf]\"`; on a GPU machine install the CUDA build "
            "of torch first); {detail}")
    E022 = "[E022] transformer {name}: {detail}"
    E023 = "[E023] {where}: claim {index} ({kind} '{figure}'): expected {expected}, found {found}"
    E024 = ("[E024] {where}: relation {index} {label} links '{head}' to '{child}' in another sentence, which the "
            "schema allows only as a context link (v2): {why}")


class Warnings:
    """Warnings: reported, but do not fail validation."""

    W001 = ("[W001] {where}: relation {index} {label} links '{head}' and '{child}' across sentences "
            "(the schema keeps both ends in one sentence)")
    W002 = "[W002] {where}: article '{id}' has no annotation line"
    W004 = ("[W004] {where}: relation {index} {label} links '{head}' to '{child}' {distance} sentences back, beyond "
            "the headline, the lead and the {limit} sentences before it that the relation extractor reads")
    W005 = "[W005] {where}: article '{id}' has no reviewed claims (no claims section / record field)"
    W003 = ("[W003] {where}{part}: skipped, the text reads as another language ({language}: {foreign} of its "
            "function words against {indonesian} Indonesian ones); no claims are extracted from it")
