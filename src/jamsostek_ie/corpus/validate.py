"""Check every article and annotation and report ALL problems in one run; nothing is modified."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Dict, List, Optional, Sequence

from spacy.language import Language

from ..errors import Errors, Warnings
from ..io.fileio import iter_jsonl, read_text, text_sha256
from .gold_checks import check_claims, check_relations_v2, claim_context
from .problems import Problem, make
from ..schema import ENTITY_LABELS, ORIGINS, RELATION_LABELS, RELATION_TYPES, SPLITS
from ..pipeline.tokenizer import blank

ARTICLES_FILE = Path("corpus") / "articles.jsonl"
CORPUS_DIR = Path("corpus")
ANNOTATIONS_DIR = Path("annotations")
ID_PATTERN = re.compile(r"^[A-Za-z0-9_\-]+$")
#: the longest article id: it names files (corpus/<id>.txt and their temporary siblings)
MAX_ID_LENGTH = 120


def id_problem(aid) -> Optional[str]:
    """Why ``aid`` cannot be an article id (letters, digits, '_' or '-', at most ``MAX_ID_LENGTH``
    characters), or None when it can."""
    if not isinstance(aid, str) or not ID_PATTERN.fullmatch(aid):
        return "letters, digits, '_' or '-'"
    if len(aid) > MAX_ID_LENGTH:
        return f"at most {MAX_ID_LENGTH} characters (found {len(aid)})"
    return None


@dataclass
class ValidationReport:
    """Everything ``validate`` found.

    problems (list[Problem]): errors and warnings, in file order.
    n_articles (int): article records read.
    n_annotated (int): annotation records read.
    """

    problems: List[Problem] = field(default_factory=list)
    n_articles: int = 0
    n_annotated: int = 0

    @property
    def errors(self) -> List[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> List[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def ok(self) -> bool:
        return not self.errors

    def to_dict(self) -> dict:
        return {"ok": self.ok, "n_articles": self.n_articles, "n_annotated": self.n_annotated,
                "errors": [p.to_dict() for p in self.errors],
                "warnings": [p.to_dict() for p in self.warnings]}


def _span_repr(text: str, start: int, end: int) -> str:
    s = text[start:end]
    return s if len(s) <= 60 else s[:57] + "..."


def check_annotation(record: dict, text: str, nlp: Language, *, file: str,
                     line: Optional[int] = None) -> List[Problem]:
    """Check one annotation record against its article text.

    record (dict): {"id", "entities", "relations", ...}.
    text (str): the article text the offsets point into.
    nlp (Language): provides the tokenizer and sentence splitter.
    file (str): file name for messages. line (int | None): line in that file.
    RETURNS (list[Problem]): every problem found (empty when the record is clean).
    """
    aid = record.get("id")
    out: List[Problem] = []

    def add(severity, template, **kw):
        out.append(make(severity, template, file, line, aid, **kw))

    entities = record.get("entities", [])
    relations = record.get("relations", [])
    if not isinstance(entities, list):
        add("error", Errors.E012, field="entities", expected="a list", found=type(entities).__name__)
        entities = []
    if not isinstance(relations, list):
        add("error", Errors.E012, field="relations", expected="a list", found=type(relations).__name__)
        relations = []

    doc = nlp(text)
    starts = {t.idx: t.i for t in doc}
    ends = {t.idx + len(t.text): t.i for t in doc}
    good: Dict[int, dict] = {}
    for i, ent in enumerate(entities):
        if not isinstance(ent, dict) or not all(isinstance(ent.get(k), int) for k in ("start", "end")):
            add("error", Errors.E012, field=f"entities[{i}]", expected="{start: int, end: int, label: str}",
                found=repr(ent)[:80])
            continue
        start, end, label = ent["start"], ent["end"], ent.get("label")
        if label not in ENTITY_LABELS:
            add("error", Errors.E008, index=i, label=label, expected=list(ENTITY_LABELS))
            continue
        if not (0 <= start < end <= len(text)):
            add("error", Errors.E005, index=i, start=start, end=end, length=len(text))
            continue
        if start not in starts or end not in ends:
            lo = doc.char_span(start, end, alignment_mode="expand")
            toks = [t.text for t in lo] if lo is not None else []
            add("error", Errors.E006, index=i, start=start, end=end, span=_span_repr(text, start, end),
                label=label, tokens=toks)
            continue
        good[i] = ent
    ordered = sorted(good.items(), key=lambda kv: (kv[1]["start"], kv[1]["end"]))
    for (i, a), (j, b) in zip(ordered, ordered[1:]):
        if b["start"] < a["end"]:
            add("error", Errors.E007, index=j, start=b["start"], end=b["end"], span=_span_repr(text, b["start"], b["end"]),
                other=i, ostart=a["start"], oend=a["end"], ospan=_span_repr(text, a["start"], a["end"]))

    n = len(entities)
    for k, rel in enumerate(relations):
        if not isinstance(rel, dict):
            add("error", Errors.E012, field=f"relations[{k}]", expected="{head, child, label}", found=repr(rel)[:80])
            continue
        label = rel.get("label")
        if label not in RELATION_LABELS:
            add("error", Errors.E009, index=k, label=label, expected=list(RELATION_LABELS))
            continue
        bad = False
        for fld in ("head", "child"):
            v = rel.get(fld)
            if not isinstance(v, int) or not 0 <= v < n:
                add("error", Errors.E010, index=k, field=fld, value=v, n=n)
                bad = True
        if bad or rel["head"] not in good or rel["child"] not in good:
            continue
        h, c = good[rel["head"]], good[rel["child"]]
        heads, children = RELATION_TYPES[label]
        hs, cs = _span_repr(text, h["start"], h["end"]), _span_repr(text, c["start"], c["end"])
        if h["label"] not in heads or c["label"] not in children:
            add("error", Errors.E011, index=k, label=label, head_label=h["label"], head=hs,
                child_label=c["label"], child=cs, heads="|".join(sorted(heads)), children="|".join(sorted(children)))
            continue
    spans = {i: doc.char_span(e["start"], e["end"], label=e["label"]) for i, e in good.items()}
    linked = [r for r in relations if isinstance(r, dict) and r.get("head") in spans and r.get("child") in spans
              and r.get("label") in RELATION_LABELS]
    context = check_relations_v2(doc, spans, linked, add)
    claims = record.get("claims")
    if claims is None:
        add("warning", Warnings.W005, id=aid)
    elif not isinstance(claims, list):
        add("error", Errors.E012, field="claims", expected="a list", found=type(claims).__name__)
    else:
        check_claims(claims, spans, linked, context, add)
    return out


def context_flags(record: dict, text: str, nlp: Language):
    """Which relations and claims of a (valid) record are context links: (relation flags, claim flags)."""
    doc = nlp(text)
    spans = {i: doc.char_span(e["start"], e["end"], label=e["label"]) for i, e in enumerate(record["entities"])}
    relations = record["relations"]
    rel_flags = [spans[r["head"]].sent.start != spans[r["child"]].sent.start for r in relations]
    return rel_flags, claim_context(record.get("claims") or [], relations, rel_flags)


def check_article_record(rec: dict, file: str, line: int) -> List[Problem]:
    aid = rec.get("id")
    out: List[Problem] = []

    def bad(fld, expected, found):
        out.append(make("error", Errors.E012, file, line, aid if isinstance(aid, str) else None,
                        field=fld, expected=expected, found=repr(found)))

    why = id_problem(aid)
    if why is not None:
        bad("id", why, aid if not isinstance(aid, str) or len(aid) <= MAX_ID_LENGTH else aid[:40] + "...")
    if rec.get("origin") not in ORIGINS:
        bad("origin", " or ".join(ORIGINS), rec.get("origin"))
    if rec.get("split") not in SPLITS:
        bad("split", "/".join(SPLITS), rec.get("split"))
    for fld in ("title", "outlet", "url"):
        if rec.get(fld) is not None and not isinstance(rec.get(fld), str):
            bad(fld, "a string or null", rec.get(fld))
    pub = rec.get("published")
    if pub is not None:
        try:
            date.fromisoformat(str(pub)[:10])
        except ValueError:
            bad("published", "an ISO date (YYYY-MM-DD) or null", pub)
    return out


def validate(root: Path | str = ".", *, nlp: Optional[Language] = None) -> ValidationReport:
    """Validate a data folder holding ``corpus/`` and ``annotations/``.

    root (Path | str): the checkout or data folder.
    nlp (Language | None): tokenizer + sentence splitter; the project blank pipeline by default.
    RETURNS (ValidationReport): all problems; nothing on disk is changed.
    """
    root = Path(root)
    nlp = nlp or blank()
    report = ValidationReport()
    articles_path = root / ARTICLES_FILE
    texts: Dict[str, str] = {}
    article_line: Dict[str, int] = {}

    def rel(p: Path) -> str:
        try:
            return str(p.relative_to(root))
        except ValueError:
            return str(p)

    if not articles_path.exists():
        report.problems.append(make("error", Errors.E013, rel(articles_path), detail="file not found"))
        return report
    try:
        rows = list(iter_jsonl(articles_path))
    except ValueError as exc:
        report.problems.append(Problem("error", getattr(exc, "code", "E013"), str(exc), rel(articles_path)))
        rows = []
    for no, rec in rows:
        if isinstance(rec, ValueError):
            report.problems.append(Problem("error", getattr(rec, "code", "E001"), str(rec), rel(articles_path), no))
            continue
        report.n_articles += 1
        report.problems.extend(check_article_record(rec, rel(articles_path), no))
        aid = rec.get("id")
        if not isinstance(aid, str):
            continue
        if aid in article_line:
            report.problems.append(make("error", Errors.E002, rel(articles_path), no, aid, id=aid,
                                        first=f"line {article_line[aid]}"))
            continue
        article_line[aid] = no
        txt = root / CORPUS_DIR / f"{aid}.txt"
        if not txt.exists():
            report.problems.append(make("error", Errors.E003, rel(articles_path), no, aid, id=aid,
                                        expected=f"text file {rel(txt)}"))
            continue
        try:
            texts[aid] = read_text(txt)
        except ValueError as exc:
            report.problems.append(Problem("error", getattr(exc, "code", "E013"), str(exc), rel(txt), None, aid))

    seen: Dict[str, str] = {}
    ann_files = sorted((root / ANNOTATIONS_DIR).glob("*.jsonl"))
    if not ann_files:
        report.problems.append(make("error", Errors.E013, rel(root / ANNOTATIONS_DIR),
                                    detail="no *.jsonl annotation file"))
    for path in ann_files:
        try:
            rows = list(iter_jsonl(path))
        except ValueError as exc:
            report.problems.append(Problem("error", getattr(exc, "code", "E013"), str(exc), rel(path)))
            continue
        for no, rec in rows:
            if isinstance(rec, ValueError):
                report.problems.append(Problem("error", getattr(rec, "code", "E001"), str(rec), rel(path), no))
                continue
            report.n_annotated += 1
            aid = rec.get("id")
            if not isinstance(aid, str):
                report.problems.append(make("error", Errors.E012, rel(path), no, field="id",
                                            expected="a string article id", found=repr(aid)))
                continue
            if aid in seen:
                report.problems.append(make("error", Errors.E002, rel(path), no, aid, id=aid, first=seen[aid]))
                continue
            seen[aid] = f"{rel(path)}:{no}"
            if aid not in texts:
                if aid not in article_line:
                    report.problems.append(make("error", Errors.E003, rel(path), no, aid, id=aid,
                                                expected=f"record in {ARTICLES_FILE}"))
                continue
            text = texts[aid]
            found = text_sha256(text)
            if rec.get("text_sha256") != found:
                report.problems.append(make("error", Errors.E004, rel(path), no, aid, id=aid,
                                            expected=rec.get("text_sha256"), found=found))
                continue
            report.problems.extend(check_annotation(rec, text, nlp, file=rel(path), line=no))
    for aid, no in article_line.items():
        if aid not in seen:
            report.problems.append(make("warning", Warnings.W002, rel(articles_path), no, aid, id=aid))
    return report


def check_markup_files(paths: Sequence[Path | str], *, nlp: Optional[Language] = None) -> List[Problem]:
    """Parse markup files and check them as the validator would (without a corpus).

    RETURNS (list[Problem]): markup, offset, token-boundary and schema problems of every file.
    """
    from .markup import read_markup

    nlp = nlp or blank()
    problems: List[Problem] = []
    for path in paths:
        art = read_markup(Path(path))
        problems.extend(art.problems)
        if art.problems:
            continue
        rec = {"id": art.id, "entities": art.entities, "relations": art.relations, "claims": art.claims}
        problems.extend(check_annotation(rec, art.text, nlp, file=str(path)))
        meta = dict(art.meta)
        problems.extend(check_article_record(meta, str(path), 1))
    return problems
