"""Annotation QA: list likely misses and inconsistencies for a person to fix or justify.

Checks (each hit names the article, the line in its markup/corpus text and the words):
- ``percent``: a number followed by "persen"/"%" outside any PERCENT;
- ``money``: "Rp" (or another currency word) followed by a number outside any MONEY;
- ``regulation``: a regulation keyword followed by a number outside any REGULATION;
- ``region``: a known region name (the gazetteer) outside REGION/ORG/REGULATION;
- ``figure_no_relation``: a PERCENT/COUNT next to a coverage word with no relation at all;
- ``label_conflict``: the same string labelled differently across articles.

A hit is justified by a line in ``annotations/qa/justified.jsonl``:
``{"check": ..., "id": ..., "text": ..., "reason": ...}`` (``id`` may be "*" for every article).
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Dict, List, Optional, Union

from .store import load_articles, project_root
from ..io.fileio import read_jsonl
from ..pipeline.tokenizer import blank
from ..resources import load

JUSTIFIED_FILE = Path("annotations") / "qa" / "justified.jsonl"
#: words that make a figure next to them a likely coverage figure (``resources/qa_cues.json``)
COVERAGE_WORDS = frozenset(load("qa_cues")["coverage_words"])
#: tokens around a figure searched for a coverage word, and tokens after a regulation keyword for its number
COVERAGE_WINDOW = 5
REGULATION_WINDOW = 5


@dataclass(frozen=True)
class QAHit:
    """One QA finding. check (str); id (str): article; line (int): line in the article text; text (str): the
    words concerned; context (str): the sentence; detail (str): what looks wrong."""

    check: str
    id: str
    line: int
    text: str
    context: str
    detail: str

    def __str__(self) -> str:
        return f"[{self.check}] {self.id}:{self.line} {self.text!r}: {self.detail}\n    {self.context[:160]}"


def _inside(start: int, end: int, spans) -> Optional[str]:
    for s, e, label in spans:
        if s <= start and end <= e:
            return label
    return None


def run_qa(root: Optional[Union[str, Path]] = None) -> Dict:
    """Run every check over the corpus.

    RETURNS (dict): {"hits": [QAHit...], "unexplained": [QAHit...], "justified": int, "by_check": {...}}.
    """
    from ..pipeline.entity_patterns import EntityPatterns, lexicon

    root = Path(root) if root is not None else project_root()
    nlp = blank()
    patterns = EntityPatterns(nlp)
    lx = lexicon()
    reg_words = set(lx["regulation_types"]) | {p.split()[0] for p in lx["regulation_type_phrases"]}
    number_markers = set(lx["number_markers"])
    percent_words = set(lx["percent_words"])
    currency = set(lx["currency"])
    hits: List[QAHit] = []
    surface_labels: Dict[str, Dict[str, List[str]]] = defaultdict(lambda: defaultdict(list))
    for art in load_articles(root):
        doc = nlp(art.text)
        spans = [(e["start"], e["end"], e["label"]) for e in art.entities]
        related = set()
        for r in art.relations:
            related.add(r["head"])
            related.add(r["child"])

        def hit(check, start, end, detail):
            sent = doc.char_span(start, end, alignment_mode="expand")
            context = sent.sent.text if sent is not None else art.text[max(0, start - 60):end + 60]
            hits.append(QAHit(check, art.id, art.text.count("\n", 0, start) + 1, art.text[start:end],
                              context.strip(), detail))

        for i, tok in enumerate(doc):
            s, e = tok.idx, tok.idx + len(tok)
            prev = doc[i - 1] if i > 0 else None
            nxt = doc[i + 1] if i + 1 < len(doc) else None
            if tok.lower_ in percent_words and prev is not None and (prev.like_num or prev.lower_ in
                                                                                 lx["number_words"]):
                if _inside(prev.idx, e, spans) != "PERCENT":
                    hit("percent", prev.idx, e, "number with persen/% is not inside a PERCENT")
            if tok.lower_ in currency and nxt is not None and nxt.like_num:
                end = nxt.idx + len(nxt)
                if _inside(s, end, spans) != "MONEY":
                    hit("money", s, end, "Rp + number is not inside a MONEY")
            if tok.lower_ in reg_words and tok.text[:1].isupper():
                window = doc[i + 1:i + 1 + REGULATION_WINDOW]
                if any(t.lower_ in number_markers or t.like_num for t in window[:4]):
                    if _inside(s, e, spans) != "REGULATION":
                        hit("regulation", s, window[-1].idx + len(window[-1]),
                            "regulation keyword with a number is not inside a REGULATION")
        for span in patterns.match(doc):
            if span.label_ != "REGION":
                continue
            if _inside(span.start_char, span.end_char, spans) is None and not any(
                    s < span.end_char and span.start_char < e for s, e, _ in spans):
                hit("region", span.start_char, span.end_char, "known region name outside any entity")
        for idx, (s, e, label) in enumerate(spans):
            surface_labels[art.text[s:e].lower()][label].append(art.id)
            if label not in ("PERCENT", "COUNT") or idx in related:
                continue
            span = doc.char_span(s, e)
            if span is None:
                continue
            window = doc[max(span.sent.start, span.start - COVERAGE_WINDOW):
                         min(span.sent.end, span.end + COVERAGE_WINDOW)]
            if any(t.lower_ in COVERAGE_WORDS for t in window):
                hit("figure_no_relation", s, e, "figure next to a coverage word has no relation")
    for surface, labels in surface_labels.items():
        if len(labels) > 1:
            detail = "; ".join(f"{lab} in {sorted(set(ids))[:4]}" for lab, ids in labels.items())
            hits.append(QAHit("label_conflict", "*", 0, surface, "", f"labelled differently: {detail}"))
    justified = []
    path = root / JUSTIFIED_FILE
    if path.exists():
        justified = read_jsonl(path)
    keys = {(j["check"], j["id"], j["text"]) for j in justified}
    unexplained = [h for h in hits if (h.check, h.id, h.text) not in keys and (h.check, "*", h.text) not in keys]
    by_check: Dict[str, int] = defaultdict(int)
    for h in unexplained:
        by_check[h.check] += 1
    return {"hits": hits, "unexplained": unexplained, "justified": len(hits) - len(unexplained),
            "by_check": dict(by_check)}


def qa_to_dict(result: Dict) -> Dict:
    return {"n_hits": len(result["hits"]), "justified": result["justified"], "by_check": result["by_check"],
            "unexplained": [asdict(h) for h in result["unexplained"]]}
