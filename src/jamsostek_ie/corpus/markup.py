"""Inline annotation markup: write articles in a text editor, compile them to corpus + JSONL.

A markup file has a header, the article body and an optional relations block::

    id: w012_kaltim_ucj
    title: Cakupan Jamsostek Kaltim Tembus 40 Persen
    outlet: kaltimpost.id
    published: 2024-05-12
    url:
    origin: written
    split: train
    ---
    SAMARINDA - [BPJS Ketenagakerjaan Kanwil Kalimantan](ORG o1) mencatat cakupan
    kepesertaan di [Kalimantan Timur](REGION r1) mencapai [40,2 persen](PERCENT p1).
    === relations ===
    p1 COVERAGE_OF r1
    p1 CLAIMED_BY o1

Entities are ``[surface text](LABEL)`` or ``[surface text](LABEL id)``; an id is needed only when a
relation refers to the entity. The surface text may not contain ``[``, ``]`` or a line break.
Relation lines are ``HEAD_ID LABEL CHILD_ID``; ``#`` starts a comment. The body is everything
between the ``---`` line and the first section line (or the end of file), markup removed, exactly:
the compiled text is what the offsets point into.

An optional claims section lists the reviewed gold claims, one line per claim figure, nine fields
separated by ``|`` (``-`` for none)::

    === claims ===
    # figure | kind | value | qualifier | unit | region | code | org | period
    p1 | achieved | 40.2 | exact | percent | Kalimantan Timur | 64 | BPJS Ketenagakerjaan Kanwil Kalimantan | 2024-05
    c3 | target | 500000 | range 600000 | pekerja | Kota Bandung | 32.73 | - | 2025

``qualifier`` is one of exact, approx, at_least, at_most or ``range UPPER``; ``region`` the canonical
name (``Indonesia`` for national figures, code ``-``); ``org`` the organisation as written in the
text; ``period`` ``YYYY`` or ``YYYY-MM``. ``jamsostek-ie claims prefill`` writes the section from the
claim builder for review.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Tuple

from ..errors import Errors
from .problems import Problem, make
from .validate import id_problem
from ..schema import ENTITY_LABELS, QUALIFIERS, RELATION_LABELS

HEADER_FIELDS = ("id", "title", "outlet", "published", "url", "origin", "split")
RELATIONS_MARKER = "=== relations ==="
CLAIMS_MARKER = "=== claims ==="
SECTION_MARKERS = (RELATIONS_MARKER, CLAIMS_MARKER)
CLAIM_FIELDS = ("figure", "kind", "value", "qualifier", "unit", "region", "code", "org", "period")
CLAIM_KINDS = ("achieved", "target")
_PERIOD = re.compile(r"^((?:19|20)[0-9]{2})(?:-(0[1-9]|1[0-2]))?$")
_ENTITY = re.compile(r"\[([^\[\]\n]+?)\]\(([A-Z_]+)(?:[ \t]+([A-Za-z0-9_\-]+))?\)")
_ID = re.compile(r"^[A-Za-z0-9_\-]+$")


@dataclass
class MarkupArticle:
    """A parsed markup file.

    meta (dict): header fields (id, title, outlet, published, url, origin, split).
    text (str): the article text with markup removed.
    entities (list[dict]): {"start", "end", "label"} in order of appearance.
    relations (list[dict]): {"head", "child", "label"} as indices into entities.
    claims (list[dict] | None): reviewed gold claims ({"figure": entity index, "kind", "value",
        "qualifier", "upper", "unit", "region", "region_code", "org", "period_year", "period_month",
        "line"}); None when the file has no claims section.
    problems (list[Problem]): markup errors; the article is only usable when empty.
    """

    meta: Dict[str, Optional[str]]
    text: str
    entities: List[dict] = field(default_factory=list)
    relations: List[dict] = field(default_factory=list)
    problems: List[Problem] = field(default_factory=list)
    claims: Optional[List[dict]] = None
    entity_ids: Dict[int, str] = field(default_factory=dict)

    @property
    def id(self) -> Optional[str]:
        return self.meta.get("id")


def parse_markup(source: str, *, file: str = "<markup>") -> MarkupArticle:
    """Parse markup text into text, entities and relations; collect every problem.

    source (str): the markup file's content.
    file (str): the file name used in problem messages.
    RETURNS (MarkupArticle): the parsed article, with ``problems`` listing all errors.
    """
    source = source.replace("\r\n", "\n").replace("\r", "\n")
    if source.startswith("\ufeff"):
        source = source[1:]
    lines = source.split("\n")
    problems: List[Problem] = []
    meta: Dict[str, Optional[str]] = {k: None for k in HEADER_FIELDS}

    def err(line: Optional[int], detail: str) -> None:
        problems.append(make("error", Errors.E014, file, line, meta.get("id"), detail=detail))

    try:
        sep = lines.index("---")
    except ValueError:
        err(None, "no '---' line separating the header from the text")
        return MarkupArticle(meta, "", problems=problems)
    for no, line in enumerate(lines[:sep], start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, colon, value = line.partition(":")
        key = key.strip()
        if not colon or key not in HEADER_FIELDS:
            err(no, f"expected a header line 'key: value' with key in {list(HEADER_FIELDS)}, found {line!r}")
            continue
        meta[key] = value.strip() or None
    if not meta["id"]:
        err(None, "the header has no 'id'")
    elif id_problem(meta["id"]) is not None:
        shown = meta["id"] if len(meta["id"]) <= 60 else meta["id"][:40] + "..."
        err(1, f"id must be {id_problem(meta['id'])}, found {shown!r}")

    sections = {m: i for i, line in enumerate(lines) if i > sep for m in SECTION_MARKERS if line == m}
    rel_at = min(sections.values(), default=len(lines))
    if not sections:
        while rel_at > sep + 1 and lines[rel_at - 1] == "":
            rel_at -= 1  # trailing blank lines of the file are not text
    body_lines = lines[sep + 1:rel_at]

    text_parts: List[str] = []
    entities: List[dict] = []
    ids: Dict[str, int] = {}
    offset = 0
    for i, line in enumerate(body_lines):
        no = sep + 2 + i
        pos = 0
        for m in _ENTITY.finditer(line):
            surface, label, eid = m.group(1), m.group(2), m.group(3)
            if label not in ENTITY_LABELS:
                err(no, f"unknown entity label '{label}' in {m.group(0)!r}: expected one of {list(ENTITY_LABELS)}")
                continue
            before = line[pos:m.start()]
            text_parts.append(before)
            offset += len(before)
            if surface != surface.strip():
                err(no, f"entity {m.group(0)!r} starts or ends with white space")
            entities.append({"start": offset, "end": offset + len(surface), "label": label})
            if eid:
                if eid in ids:
                    err(no, f"entity id '{eid}' used twice")
                ids[eid] = len(entities) - 1
            text_parts.append(surface)
            offset += len(surface)
            pos = m.end()
        rest = line[pos:]
        leftover = re.search(r"\]\([A-Z_]+(?:\s+\S+)?\)", rest)
        if leftover:
            err(no, f"unmatched entity markup near {rest[max(0, leftover.start() - 30):leftover.end()]!r}")
        text_parts.append(rest)
        offset += len(rest)
        if i < len(body_lines) - 1:
            text_parts.append("\n")
            offset += 1
    text = "".join(text_parts)

    def section(marker: str) -> List[Tuple[int, str]]:
        if marker not in sections:
            return []
        start = sections[marker] + 1
        end = min([i for i in sections.values() if i > sections[marker]], default=len(lines))
        return [(no, line.split("#", 1)[0].strip()) for no, line in enumerate(lines[start:end], start=start + 1)]

    relations = _parse_relations(section(RELATIONS_MARKER), ids, err)
    claims = _parse_claims(section(CLAIMS_MARKER), ids, entities, err) if CLAIMS_MARKER in sections else None
    return MarkupArticle(meta, text, entities, relations, problems, claims, {i: k for k, i in ids.items()})


def _parse_relations(rows: List[Tuple[int, str]], ids: Dict[str, int], err) -> List[dict]:
    relations: List[dict] = []
    seen: set = set()
    for no, line in rows:
        if not line:
            continue
        parts = line.split()
        if len(parts) != 3:
            err(no, f"expected a relation 'HEAD_ID LABEL CHILD_ID', found {line!r}")
            continue
        head, label, child = parts
        if label not in RELATION_LABELS:
            err(no, f"unknown relation label '{label}': expected one of {list(RELATION_LABELS)}")
            continue
        missing = [x for x in (head, child) if x not in ids]
        if missing:
            err(no, f"relation {line!r} names entity id(s) {missing} that no entity in the text carries")
            continue
        key = (ids[head], ids[child], label)
        if key in seen:
            err(no, f"relation {line!r} is listed twice")
            continue
        seen.add(key)
        relations.append({"head": ids[head], "child": ids[child], "label": label})
    return relations


def _none(value: str) -> Optional[str]:
    return None if value in ("", "-") else value


def _parse_claims(rows: List[Tuple[int, str]], ids: Dict[str, int], entities: List[dict], err) -> List[dict]:
    claims: List[dict] = []
    seen: set = set()
    for no, line in rows:
        if not line:
            continue
        parts = [p.strip() for p in line.split("|")]
        if len(parts) != len(CLAIM_FIELDS):
            err(no, f"expected a claim with {len(CLAIM_FIELDS)} fields '{' | '.join(CLAIM_FIELDS)}', "
                    f"found {len(parts)}: {line!r}")
            continue
        fig, kind, value, qualifier, unit, region, code, org, period = parts
        if fig not in ids:
            err(no, f"claim {line!r} names entity id '{fig}' that no entity in the text carries")
            continue
        if entities[ids[fig]]["label"] not in ("PERCENT", "COUNT"):
            err(no, f"claim figure '{fig}' is a {entities[ids[fig]]['label']}: expected a PERCENT or COUNT")
            continue
        if kind not in CLAIM_KINDS:
            err(no, f"claim kind: expected one of {list(CLAIM_KINDS)}, found {kind!r}")
            continue
        try:
            number = float(value)
        except ValueError:
            err(no, f"claim value: expected a number with '.' as decimal point (31.85, 5900000), found {value!r}")
            continue
        qual, _, upper_text = qualifier.partition(" ")
        upper = None
        if qual not in QUALIFIERS:
            err(no, f"claim qualifier: expected one of {list(QUALIFIERS)} (range with its upper bound), "
                    f"found {qualifier!r}")
            continue
        if qual == "range":
            try:
                upper = float(upper_text)
            except ValueError:
                err(no, f"claim qualifier: expected 'range UPPER' with a number, found {qualifier!r}")
                continue
        elif upper_text:
            err(no, f"claim qualifier: only 'range' takes an upper bound, found {qualifier!r}")
            continue
        pm = _PERIOD.match(period) if _none(period) else None
        if _none(period) and not pm:
            err(no, f"claim period: expected YYYY, YYYY-MM or '-', found {period!r}")
            continue
        if not _none(region):
            err(no, f"claim region: expected a canonical region name (Indonesia for national), found {region!r}")
            continue
        key = (ids[fig], kind)
        if key in seen:
            err(no, f"claim for '{fig}' ({kind}) is listed twice")
            continue
        seen.add(key)
        claims.append({"figure": ids[fig], "kind": kind, "value": int(number) if number.is_integer() else number,
                       "qualifier": qual, "upper": upper, "unit": _none(unit), "region": region,
                       "region_code": _none(code), "org": _none(org),
                       "period_year": int(pm.group(1)) if pm else None,
                       "period_month": int(pm.group(2)) if pm and pm.group(2) else None, "line": no})
    return claims




def read_markup(path: Path) -> MarkupArticle:
    """Read and parse a markup file (UTF-8, BOM and CRLF tolerated)."""
    from ..io.fileio import read_text

    path = Path(path)
    try:
        source = read_text(path)  # E013 with line, byte and the iconv command for non-UTF-8 files
    except ValueError as exc:
        article = MarkupArticle({k: None for k in HEADER_FIELDS}, "")
        article.problems.append(Problem("error", getattr(exc, "code", "E013"), str(exc), str(path)))
        return article
    return parse_markup(source, file=str(path))


def to_markup(meta: Dict[str, Optional[str]], text: str, entities: List[dict],
              relations: List[dict]) -> str:
    """Render an annotated article as markup (the inverse of ``parse_markup``).

    Entities get ids ``e<index>`` when a relation refers to them.
    RETURNS (str): markup text.
    """
    used = {r["head"] for r in relations} | {r["child"] for r in relations}
    order = sorted(range(len(entities)), key=lambda i: entities[i]["start"])
    out: List[str] = [f"{k}: {meta.get(k) or ''}".rstrip() for k in HEADER_FIELDS]
    out.append("---")
    body: List[str] = []
    pos = 0
    for i in order:
        ent = entities[i]
        body.append(text[pos:ent["start"]])
        tag = f"{ent['label']} e{i}" if i in used else ent["label"]
        body.append(f"[{text[ent['start']:ent['end']]}]({tag})")
        pos = ent["end"]
    body.append(text[pos:])
    out.append("".join(body))
    if relations:
        out.append(RELATIONS_MARKER)
        out.extend(f"e{r['head']} {r['label']} e{r['child']}" for r in relations)
    return "\n".join(out) + "\n"


def spans_of(article: MarkupArticle) -> List[Tuple[int, int, str]]:
    """(start, end, label) of each entity, for quick inspection."""
    return [(e["start"], e["end"], e["label"]) for e in article.entities]
