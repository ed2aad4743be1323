"""Predicted relations made consistent with what a figure's words say (the claim builder's rules).

The relation extractor scores pairs; the domain knows more about single figures. Applied to its
decoded relations, so ``doc._.relations`` and ``doc._.claims`` never disagree:

- a figure that is no coverage figure (``figure_roles.is_distractor``: growth rates, new sign-ups,
  counts of villages, uncovered workers) keeps no COVERAGE_OF/TARGET_OF (SCHEMA: such figures get no
  claim relation); a base (``is_workforce_figure``: "dari total 1,6 juta pekerja") is relinked as
  WORKFORCE_OF;
- a kind word right before a figure decides COVERAGE_OF vs TARGET_OF (``figure_roles.cue_kind``);
- a link to a venue ("kata ... di Banjarmasin") is dropped (GUIDELINES D45);
- a "masing-masing" list pairs figures and regions in order (``respectively``);
- LEGAL_BASIS never goes to the subject of a regulation's title ("UU ... tentang BPJS");
- money stated "untuk/bagi N pekerja" is AMOUNT_FOR that group (``money_for_groups``);
- AMOUNT_FOR never goes to a count of cases, claims, villages or employers (money for workers, SCHEMA);
- CLAIMED_BY stays only on a figure that keeps a COVERAGE_OF, TARGET_OF or WORKFORCE_OF (SCHEMA).
"""
from __future__ import annotations

from typing import Dict, List, Tuple

from spacy.tokens import Doc

from .claim_builder import is_venue
from .figure_roles import counts_non_workers, cue_kind, is_distractor, is_other_scheme, is_workforce_figure, refresh
from .news import sentence_span
from .respectively import respectively_regions

KIND_RELATION = {"achieved": "COVERAGE_OF", "target": "TARGET_OF"}
ROLE_RELATIONS = frozenset({"COVERAGE_OF", "TARGET_OF", "WORKFORCE_OF"})


#: the score a rule-made AMOUNT_FOR carries (below every threshold: it is not the model's)
MONEY_FOR_SCORE = 0.5
#: "Rp 41,3 miliar untuk 205 ribu pekerja", "Rp1,81 miliar bagi 9.000 pekerja": money for a group
MONEY_FOR_WORDS = frozenset({"untuk", "bagi"})


def money_for_groups(doc: Doc) -> List[Tuple]:
    """(MONEY, COUNT) pairs where the money is stated for a group of workers right after it: "Rp 3,6
    miliar untuk 14.500 pekerja rentan", "Rp1,81 miliar bagi (iuran) 9.000 pekerja" (SCHEMA AMOUNT_FOR:
    money budgeted for a group of workers). Claims paid "kepada 8.215 peserta" are left to the model."""
    ents = list(doc.ents)
    by_start = {e.start: e for e in ents}
    out = []
    for money in ents:
        if money.label_ != "MONEY" or money.end + 1 >= len(doc) or doc[money.end].lower_ not in MONEY_FOR_WORDS:
            continue
        j = money.end + 1
        if doc[j].lower_ == "iuran":
            j += 1
        group = by_start.get(j)
        if group is not None and group.label_ == "COUNT" and not counts_non_workers(group) \
                and sentence_span(group).start == sentence_span(money).start:
            out.append((money, group))
    return out


def repair_relations(doc: Doc, rels: List[dict]) -> List[dict]:
    """``rels`` (decoded, predicted relations of ``doc``) with the figure rules applied; new dicts."""
    refresh(doc)  # entities may have changed since the rules last read this Doc
    spans = {(e.start, e.end): e for e in doc.ents}
    paired = None
    out: Dict[Tuple, dict] = {}
    for rel in rels:
        rel = dict(rel)
        head, child = spans.get(tuple(rel["head"])), spans.get(tuple(rel["child"]))
        if head is not None and child is not None and rel["label"] in KIND_RELATION.values():
            if child.label_ == "REGION" and is_venue(child):
                continue
            if is_distractor(head):
                if not is_workforce_figure(head):
                    continue
                rel["label"] = "WORKFORCE_OF"  # a base: its link says whose workforce it is
            else:
                rel["label"] = KIND_RELATION.get(cue_kind(head) or "", rel["label"])
            if paired is None:
                paired = respectively_regions(doc)
            region = paired.get((head.start, head.end))
            if region is not None and child.label_ == "REGION":
                rel["child"] = (region.start, region.end)
                rel["context"] = sentence_span(region).start != sentence_span(head).start
        if (rel["label"] == "WORKFORCE_OF" and head is not None
                and (counts_non_workers(head) or is_other_scheme(head))):
            continue  # "326 proyek", "280,3 juta jiwa" peserta JKN: no workforce of Jamsostek coverage
        if (rel["label"] == "LEGAL_BASIS" and child is not None and child.start > 0
                and doc[child.start - 1].lower_ == "tentang"):
            continue  # "UU Nomor 24 Tahun 2011 tentang BPJS": the regulation's subject, not who applies it
        if rel["label"] == "AMOUNT_FOR" and child is not None and counts_non_workers(child):
            continue  # money "untuk 1.137 kasus", "68 kelurahan": not for a group of workers (SCHEMA)
        key = (tuple(rel["head"]), tuple(rel["child"]), rel["label"])
        if key not in out or out[key].get("score", 0) < rel.get("score", 0):
            out[key] = rel
    for money, group in money_for_groups(doc):
        key = ((money.start, money.end), (group.start, group.end), "AMOUNT_FOR")
        out.setdefault(key, {"head": key[0], "child": key[1], "label": "AMOUNT_FOR", "score": MONEY_FOR_SCORE,
                             "context": False})
    roles = {k[0] for k in out if k[2] in ROLE_RELATIONS}
    return [r for k, r in out.items() if k[2] != "CLAIMED_BY" or k[0] in roles]
