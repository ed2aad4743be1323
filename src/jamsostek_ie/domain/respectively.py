""""masing-masing" lists: figures and regions paired in order (SCHEMA, context links; GUIDELINES).

"Kota Tarakan, Bulungan dan Nunukan masing-masing mencatat 61,2 persen, 44,9 persen dan 38,4 persen"
gives 61,2 → Tarakan, 44,9 → Bulungan, 38,4 → Nunukan. When the figures' sentence names no list of
regions ("cakupan di ketiga daerah itu masing-masing 15,2 persen, 17,8 persen dan 13,9 persen"), the
list is the one of the sentence just before ("Ketiganya adalah Kota Subulussalam, Kabupaten Aceh
Singkil dan Kabupaten Simeulue.").
"""
from __future__ import annotations

from typing import Dict, List, Optional, Tuple

from spacy.tokens import Doc, Span

from .news import is_dateline, is_other_part

SpanKey = Tuple[int, int]
#: how "masing-masing" is written (the tokenizer keeps the hyphenated form as one token)
RESPECTIVELY = frozenset({"masing-masing", "masing2"})
#: how many sentences back a list of regions may stand
LOOK_BACK = 2


#: what may stand between the regions of one list: "Kota Tarakan, Bulungan dan Nunukan"
LIST_JOINERS = frozenset({",", "dan", "serta", "&", "(", ")"})


def ents_by_sentence(doc: Doc, sents: List[Span]) -> List[List[Span]]:
    """The entities of each sentence, in one sweep (``Span.ents`` scans the whole document each call)."""
    out: List[List[Span]] = [[] for _ in sents]
    k = 0
    for ent in doc.ents:
        while k < len(sents) and sents[k].end <= ent.start:
            k += 1
        if k < len(sents) and sents[k].start <= ent.start:
            out[k].append(ent)
    return out


def _regions(ents: List[Span], before: Optional[int] = None) -> List[Span]:
    return [e for e in ents if e.label_ == "REGION" and not is_dateline(e) and (before is None or e.end <= before)]


def region_lists(doc: Doc, ents: List[Span], before: Optional[int] = None) -> List[List[Span]]:
    """The lists of regions among a sentence's entities ("Kabupaten Muara Enim dan Kabupaten Penukal
    Abab Lematang Ilir (PALI)" is one list of two: an abbreviation in brackets is the place before it)."""
    runs: List[List[Span]] = []
    for r in _regions(ents, before):
        prev = runs[-1][-1] if runs else None
        gap = doc[prev.end:r.start] if prev is not None else None
        if gap is not None and len(gap) == 1 and gap[0].text == "(" and r.end < len(doc) and doc[r.end].text == ")":
            continue  # "(PALI)", "(Kuansing)": the same place again
        if gap is not None and len(gap) > 0 and all(t.lower_ in LIST_JOINERS for t in gap):
            runs[-1].append(r)
        else:
            runs.append([r])
    return runs


def respectively_regions(doc: Doc) -> Dict[SpanKey, Span]:
    """For each figure of a "masing-masing" list, the REGION it is paired with (token offsets → Span).

    Figures: the PERCENTs or COUNTs (the label of the first one) after "masing-masing" in its sentence.
    Regions: the last list of as many REGIONs (``region_lists``) before "masing-masing" in that
    sentence, else in the nearest of the two sentences before. RETURNS an empty dict when the counts never agree.
    """
    if not doc.has_annotation("SENT_START"):
        return {}
    out: Dict[SpanKey, Span] = {}
    marks = [t.i for t in doc if t.lower_ in RESPECTIVELY]
    if not marks:
        return out
    sents = list(doc.sents)
    ents = ents_by_sentence(doc, sents)
    m = 0
    for k, sent in enumerate(sents):
        while m < len(marks) and marks[m] < sent.start:
            m += 1
        if m >= len(marks) or marks[m] >= sent.end:
            continue
        mark = marks[m]
        figures = [e for e in ents[k] if e.label_ in ("PERCENT", "COUNT") and e.start > mark]
        if len(figures) < 2:
            continue
        figures = [e for e in figures if e.label_ == figures[0].label_]
        n = len(figures)
        regions = next((run for run in reversed(region_lists(doc, ents[k], before=mark)) if len(run) == n), [])
        for j in range(k - 1, max(0, k - LOOK_BACK) - 1, -1):
            if regions or is_other_part(sents[j]):
                break
            regions = next((run for run in reversed(region_lists(doc, ents[j])) if len(run) == n), [])
        if len(regions) == len(figures):
            out.update({(f.start, f.end): r for f, r in zip(figures, regions)})
    return out
