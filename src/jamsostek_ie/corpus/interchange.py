"""Label Studio and doccano: pre-annotated tasks out, corrected exports in.

Formats (as those tools document them):
- Label Studio: a JSON list of tasks ``{"data": {"text", ...}, "predictions"|"annotations": [{"result":
  [...]}]}``; an entity result is ``{"id", "from_name": "label", "to_name": "text", "type": "labels",
  "value": {"start", "end", "text", "labels": [LABEL]}}``, a relation result is ``{"type":
  "relation", "from_id", "to_id", "direction": "right", "labels": [LABEL]}``.
- doccano (sequence labeling with relations): JSONL, one object per line ``{"id", "text",
  "entities": [{"id", "label", "start_offset", "end_offset"}], "relations": [{"id", "from_id",
  "to_id", "type"}]}``.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Iterable, List, Optional, Sequence, Union

from spacy.tokens import Doc

from ..errors import Errors, error
from ..io.fileio import read_text

PathLike = Union[str, Path]
FORMATS = ("labelstudio", "doccano")
LABEL_STUDIO_CONFIG = """<View>
  <Relations>
    <Relation value="COVERAGE_OF"/><Relation value="TARGET_OF"/><Relation value="WORKFORCE_OF"/>
    <Relation value="CLAIMED_BY"/><Relation value="AMOUNT_FOR"/><Relation value="LEGAL_BASIS"/>
  </Relations>
  <Labels name="label" toName="text">
    <Label value="ORG"/><Label value="REGION"/><Label value="PERCENT"/>
    <Label value="COUNT"/><Label value="MONEY"/><Label value="REGULATION"/>
  </Labels>
  <Text name="text" value="$text"/>
</View>"""


def _doc_annotation(doc: Doc):
    ents = list(doc.ents)
    index = {(e.start, e.end): i for i, e in enumerate(ents)}
    rels = []
    for r in doc._.relations or []:
        h, c = index.get(tuple(r["head"])), index.get(tuple(r["child"]))
        if h is not None and c is not None:
            rels.append((h, c, r["label"]))
    return ents, rels


def to_labelstudio(doc: Doc, *, task_id: str, meta: Optional[dict] = None) -> dict:
    """One Label Studio task with the pipeline's entities and relations as predictions."""
    ents, rels = _doc_annotation(doc)
    result = [{"id": f"e{i}", "from_name": "label", "to_name": "text", "type": "labels",
               "value": {"start": e.start_char, "end": e.end_char, "text": e.text, "labels": [e.label_]}}
              for i, e in enumerate(ents)]
    result += [{"type": "relation", "from_id": f"e{h}", "to_id": f"e{c}", "direction": "right", "labels": [lab]}
               for h, c, lab in rels]
    return {"data": {"text": doc.text, "id": task_id, **(meta or {})},
            "predictions": [{"model_version": "jamsostek_ie", "result": result}]}


def to_doccano(doc: Doc, *, task_id: str, meta: Optional[dict] = None) -> dict:
    """One doccano JSONL record with the pipeline's entities and relations."""
    ents, rels = _doc_annotation(doc)
    return {"id": task_id, "text": doc.text, **(meta or {}),
            "entities": [{"id": i, "label": e.label_, "start_offset": e.start_char, "end_offset": e.end_char}
                         for i, e in enumerate(ents)],
            "relations": [{"id": k, "from_id": h, "to_id": c, "type": lab} for k, (h, c, lab) in enumerate(rels)]}


def preannotate(files: Sequence[PathLike], *, fmt: str, nlp=None, published: Optional[str] = None) -> str:
    """Run the pipeline over article files and return tasks for Label Studio (JSON) or doccano (JSONL)."""
    from ..api import default_nlp

    if fmt not in FORMATS:
        raise error(Errors.E015, what="--format", expected=" or ".join(FORMATS), found=fmt)
    nlp = nlp or default_nlp()
    tasks = []
    for f in files:
        text = read_text(f)
        doc = nlp.make_doc(text)
        if published:
            doc.user_data["published"] = published
        doc = nlp(doc)
        tid = _safe_id(Path(f).stem)
        meta = {"published": published} if published else {}
        tasks.append(to_labelstudio(doc, task_id=tid, meta=meta) if fmt == "labelstudio"
                     else to_doccano(doc, task_id=tid, meta=meta))
    if fmt == "labelstudio":
        return json.dumps(tasks, ensure_ascii=False, indent=1) + "\n"
    return "".join(json.dumps(t, ensure_ascii=False) + "\n" for t in tasks)


def _safe_id(raw) -> str:
    return re.sub(r"[^A-Za-z0-9_\-]+", "_", str(raw)).strip("_") or "article"


def _obj(value, where: str, what: str) -> dict:
    """``value`` when it is a JSON object; RAISES JamsostekError: E012 naming ``what`` otherwise."""
    if not isinstance(value, dict):
        raise _problem(where, f"{what} is {type(value).__name__} {str(value)[:40]!r}, expected an object")
    return value


def _objs(values, where: str, what: str) -> List[dict]:
    """A JSON list of objects (None → []); RAISES JamsostekError: E012 for another value or item."""
    if values is None:
        return []
    if not isinstance(values, list):
        raise _problem(where, f"{what} is {type(values).__name__}, expected a list of objects")
    return [_obj(v, where, f"an item of {what}") for v in values]


def _problem(src: str, detail: str) -> ValueError:
    return error(Errors.E012, where=src, field="export", expected="the tool's documented JSON", found=detail)


def from_labelstudio(data, *, source: str = "<export>") -> List[dict]:
    """Label Studio JSON export → items for ``corpus.add_articles`` (uses the latest annotation)."""
    if not isinstance(data, list):
        raise _problem(source, f"a list of tasks expected, found {type(data).__name__}")
    items = []
    for n, task in enumerate(data):
        where = f"{source}: task {n}"
        task = _obj(task, where, "task")
        text = _obj(task.get("data") or {}, where, "data").get("text")
        if not isinstance(text, str):
            raise _problem(where, "no data.text")
        anns = [a for a in _objs(task.get("annotations"), where, "annotations") if not a.get("was_cancelled")] or \
            _objs(task.get("predictions"), where, "predictions")
        if not anns:
            raise _problem(where, "no annotations")
        result = _objs(anns[-1].get("result"), where, "result")
        ents, ids = [], {}
        for r in result:
            if r.get("type") == "labels":
                v = _obj(r.get("value") or {}, where, "result value")
                ids[r.get("id")] = len(ents)
                ents.append({"start": v.get("start"), "end": v.get("end"), "label": (v.get("labels") or [None])[0]})
        rels = []
        for r in result:
            if r.get("type") == "relation":
                if r.get("from_id") not in ids or r.get("to_id") not in ids:
                    raise _problem(where, f"relation between unknown regions {r.get('from_id')}→{r.get('to_id')}")
                for lab in r.get("labels") or []:
                    rels.append({"head": ids[r["from_id"]], "child": ids[r["to_id"]], "label": lab})
        d = task["data"]
        items.append({"meta": {"id": _safe_id(d.get("id") or task.get("id") or f"ls_{n}"), "title": d.get("title"),
                               "outlet": d.get("outlet"), "published": d.get("published"), "url": d.get("url")},
                      "text": text, "entities": ents, "relations": rels, "source": where})
    return items


def from_doccano(lines: Iterable[dict], *, source: str = "<export>") -> List[dict]:
    """doccano JSONL export (records with entities and relations) → items for ``corpus.add_articles``."""
    items = []
    for n, rec in enumerate(lines):
        where = f"{source}: line {n + 1}"
        rec = _obj(rec, where, "record")
        text = rec.get("text")
        if not isinstance(text, str):
            raise _problem(where, "no text")
        ids, ents = {}, []
        for e in _objs(rec.get("entities"), where, "entities"):
            ids[e.get("id")] = len(ents)
            ents.append({"start": e.get("start_offset"), "end": e.get("end_offset"), "label": e.get("label")})
        rels = []
        for r in _objs(rec.get("relations"), where, "relations"):
            if r.get("from_id") not in ids or r.get("to_id") not in ids:
                raise _problem(where, f"relation between unknown entities {r.get('from_id')}→{r.get('to_id')}")
            rels.append({"head": ids[r["from_id"]], "child": ids[r["to_id"]], "label": r.get("type")})
        items.append({"meta": {"id": _safe_id(rec.get("id") if rec.get("id") is not None else f"dc_{n}"),
                               "title": rec.get("title"), "outlet": rec.get("outlet"),
                               "published": rec.get("published"), "url": rec.get("url")},
                      "text": text, "entities": ents, "relations": rels, "source": where})
    return items


def import_export(path: PathLike, *, fmt: str, root: Optional[PathLike] = None, origin: str = "real",
                  split: str = "train", overwrite: bool = False, id_prefix: str = "") -> List[str]:
    """Convert a Label Studio or doccano export and add its articles to the corpus.

    Everything is validated before anything is written; an existing id is refused unless ``overwrite``.
    RETURNS (list[str]): the ids added.
    """
    from .store import add_articles
    from ..io.fileio import iter_jsonl

    path = Path(path)
    if fmt == "labelstudio":
        try:
            data = json.loads(read_text(path))
        except json.JSONDecodeError as exc:
            raise error(Errors.E001, where=f"{path}:{exc.lineno}", detail=exc.msg) from exc
        items = from_labelstudio(data, source=str(path))
    elif fmt == "doccano":
        recs = []
        for _, rec in iter_jsonl(path):
            if isinstance(rec, ValueError):
                raise rec
            recs.append(rec)
        items = from_doccano(recs, source=str(path))
    else:
        raise error(Errors.E015, what="--format", expected=" or ".join(FORMATS), found=fmt)
    for it in items:
        it["meta"].update({"id": id_prefix + it["meta"]["id"], "origin": origin, "split": split})
    return add_articles(items, root, overwrite=overwrite)
