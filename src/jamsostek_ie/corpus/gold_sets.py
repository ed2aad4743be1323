"""Gold claims of annotation records, and gold sets whose texts live outside the repository.

An external gold set (``../shared/realdev``) is a JSONL of records ``{id, text_sha256, entities,
relations, claims}`` plus, beside it, an ``articles.jsonl`` with metadata. Its texts are third-party
pages that are not distributed: each lives in ``<texts>/<id>.txt``. A record whose text is missing,
or whose text (after the set's normalisation) hashes differently, is skipped and listed, never scored.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Dict, List, Optional, Tuple, Union

from ..domain.claims import GoldClaim, same_value
from ..errors import Errors
from ..io.fileio import read_jsonl, read_text, text_sha256
from ..schema import CLAIM_RELATIONS
from .store import Article

PathLike = Union[str, Path]
#: characters the realdev README deletes before hashing (no-break spaces become plain spaces)
_DROP = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")


def normalise_page_text(text: str) -> str:
    """The normalisation gold offsets index: U+00A0 → space; zero-width characters and soft hyphens deleted."""
    return _DROP.sub("", text.replace("\u00a0", " "))


def _figure_value(entity: dict, text: Optional[str]) -> Optional[float]:
    from ..domain.normalize import parse_percent, parse_quantity

    surface = entity.get("text") or (text[entity["start"]:entity["end"]] if text else "")
    q = parse_percent(surface) if entity.get("label") == "PERCENT" else parse_quantity(surface)
    return q.value if q else None


def gold_claims_from_record(rec: dict, text: Optional[str] = None) -> Optional[List[GoldClaim]]:
    """The reviewed claims of an annotation record, with their figures' offsets; None when it has none.

    A claim names its figure by entity index (``figure``) or offsets (``figure_start``); a record
    without either (the realdev format) is aligned: each claim takes the first unused figure with the
    relation its kind says and its context flag, preferring one whose value reads as the claim's.
    """
    claims = rec.get("claims")
    if claims is None:
        return None
    entities, relations = rec.get("entities", []), rec.get("relations", [])
    kind_of = {label: kind for label, kind in CLAIM_RELATIONS.items()}
    pool = sorted({(r["head"], kind_of[r["label"]], bool(r.get("context"))) for r in relations
                   if r["label"] in CLAIM_RELATIONS}, key=lambda x: entities[x[0]]["start"])
    used = set()
    out = []
    for c in claims:
        c = dict(c)
        figure = c.pop("figure", None)
        if figure is None and c.get("figure_start") is None:
            fits = [f for f in pool if f not in used and f[1] == c.get("kind") and f[2] == bool(c.get("context"))]
            same = [f for f in fits if same_value(_figure_value(entities[f[0]], text), c.get("value"))]
            if same or fits:
                used.add((same or fits)[0])
                figure = (same or fits)[0][0]
        if figure is not None and 0 <= figure < len(entities):
            c["figure_start"], c["figure_end"] = entities[figure]["start"], entities[figure]["end"]
        out.append(GoldClaim.from_dict(c))
    return out


def load_gold_set(gold: PathLike, texts: PathLike) -> Tuple[List[Article], List[Dict[str, str]]]:
    """Articles of an external gold set whose texts are present and unchanged.

    gold (path): the gold JSONL. texts (path): the folder of ``<id>.txt`` texts.
    RETURNS (tuple): (articles, skipped) with skipped = [{"id", "reason"}].
    RAISES ValueError: E019 when the gold file or the texts folder does not exist; E001 for bad JSON.
    """
    gold, texts = Path(gold), Path(texts)
    if not gold.is_file():
        raise ValueError(Errors.E019.format(where=str(gold), detail="expected a gold JSONL file, found none"))
    if not texts.is_dir():
        raise ValueError(Errors.E019.format(where=str(texts), detail="expected a folder of <id>.txt texts, found none"))
    meta_file = gold.parent / "articles.jsonl"
    metas = {m["id"]: m for m in read_jsonl(meta_file)} if meta_file.is_file() and meta_file != gold else {}
    articles, skipped = [], []
    for rec in read_jsonl(gold):
        rid = rec.get("id")
        path = texts / f"{rid}.txt"
        if not path.is_file():
            skipped.append({"id": rid, "reason": f"no text at {path}"})
            continue
        text = normalise_page_text(read_text(path))
        if text_sha256(text) != rec.get("text_sha256"):
            skipped.append({"id": rid, "reason": f"text sha256 {text_sha256(text)[:12]} differs from the gold's "
                                                 f"{str(rec.get('text_sha256'))[:12]}"})
            continue
        meta = {"id": rid, "origin": "real", "split": "external", "published": None, **metas.get(rid, {})}
        relations = [{"head": r["head"], "child": r["child"], "label": r["label"],
                      "context": bool(r.get("context"))} for r in rec.get("relations", [])]
        articles.append(Article(meta, text, list(rec.get("entities", [])), relations, True,
                                gold_claims_from_record(rec, text)))
    return articles, skipped
