"""Pre-fill a markup file's claims section from the claim builder, for the annotator to review.

The builder runs on the file's own gold entities and relations; what it writes is a proposal. Once
a file has a claims section, the annotator owns it: ``prefill_claims`` leaves it alone unless told
to replace it.
"""
from __future__ import annotations

from pathlib import Path
from typing import Dict, List, Optional, Union

from spacy.language import Language

from ..domain.claim_builder import build_claims
from .store import Article, article_to_doc
from ..errors import Errors
from ..io.fileio import atomic_write_text, read_text
from .markup import CLAIM_FIELDS, CLAIMS_MARKER, parse_markup

PathLike = Union[str, Path]


def _num(value: Optional[float]) -> str:
    if value is None:
        return "-"
    return str(int(value)) if float(value).is_integer() else repr(round(float(value), 4))


def claim_line(fig_id: str, claim) -> str:
    """One claims-section line for a built ``CoverageClaim``."""
    qualifier = claim.qualifier if claim.qualifier != "range" else f"range {_num(claim.upper)}"
    region = claim.region.name if claim.region else "-"
    code = (claim.region.code or "-") if claim.region else "-"
    org = claim.org.text if claim.org else "-"
    period = "-" if claim.period is None else (f"{claim.period.year}-{claim.period.month:02d}" if claim.period.month
                                                else str(claim.period.year))
    fields = [fig_id, claim.kind, _num(claim.value), qualifier, claim.unit or "-", region, code, org, period]
    return " | ".join(fields)


def prefill_claims(path: PathLike, nlp: Language, *, replace: bool = False, write: bool = True) -> Dict:
    """Write the builder's claims into a markup file's claims section.

    path (PathLike): the markup file. nlp (Language): a pipeline whose tokenizer and sentencizer are used.
    replace (bool): replace an existing claims section (default: leave such a file alone).
    write (bool): write the file (atomically); False only returns the new text.
    RETURNS (dict): {"file", "claims": n, "written": bool, "text": new markup}.
    RAISES ValueError: E014 when the file has markup errors.
    """
    path = Path(path)
    source = read_text(path)
    art = parse_markup(source, file=str(path))
    if art.problems:
        raise ValueError(art.problems[0].message)
    if art.claims is not None and not replace:
        return {"file": str(path), "claims": len(art.claims), "written": False, "text": source}
    article = Article(dict(art.meta), art.text, art.entities, art.relations, True)
    doc = article_to_doc(nlp, article)
    by_start = {(e["start"], e["end"]): i for i, e in enumerate(art.entities)}
    lines: List[str] = []
    for claim in build_claims(doc, published=art.meta.get("published"), article_id=art.id):
        idx = by_start.get((claim.evidence.figure_start, claim.evidence.figure_end))
        fig_id = art.entity_ids.get(idx) if idx is not None else None
        if fig_id is None:
            raise ValueError(Errors.E014.format(where=str(path), detail=f"claim figure {claim.figure!r} has no entity id"))
        lines.append(claim_line(fig_id, claim))
    head = source.split("\n" + CLAIMS_MARKER + "\n", 1)[0].rstrip("\n")
    text = head + "\n" + CLAIMS_MARKER + "\n# " + " | ".join(CLAIM_FIELDS) + "\n" + "".join(l + "\n" for l in lines)
    if write:
        atomic_write_text(path, text)
    return {"file": str(path), "claims": len(lines), "written": write, "text": text}
