"""Schema-v2 context links in the pipeline: which candidates the relation extractor scores, how it
decodes them, and the claims the builder makes of them."""
from __future__ import annotations

from spacy.tokens import Span

from jamsostek_ie.domain.claim_builder import build_claims
from tests.helpers import doc_with_ents, ent
from jamsostek_ie.pipeline.rel_candidates import MAX_CONTEXT_ANCHORS, DocContext, candidate_pairs
from jamsostek_ie.pipeline.rel_features import N_CONTEXT_FEATURES, N_PAIR_FEATURES, candidate_rows
from jamsostek_ie.pipeline.relation_extractor import decode_relations

TEXT = ("Cakupan Jamsostek Kalbar Naik\n"
        "PONTIANAK - BPJS Ketenagakerjaan Kanwil Kalimantan mencatat cakupan di Kalimantan Barat hingga Mei 2024.\n"
        "Angka ini setara 35 persen dari pekerja.\n"
        "Baca Juga: Klaim JHT di Sambas Naik\n"
        "Masing-masing 26 persen dan 31 persen.\n")
ENTS = [("Kalbar", "REGION"), ("PONTIANAK", "REGION"), ("BPJS Ketenagakerjaan Kanwil Kalimantan", "ORG"),
        ("Kalimantan Barat", "REGION"), ("35 persen", "PERCENT"), ("Sambas", "REGION"), ("26 persen", "PERCENT"),
        ("31 persen", "PERCENT")]


def _doc(nlp):
    return doc_with_ents(nlp, TEXT, ENTS)


def test_a_figure_without_a_region_gets_earlier_anchors_only(blank_nlp):
    doc = _doc(blank_nlp)
    pairs = candidate_pairs(doc)
    anchors = {c.text for h, c in pairs if h.text == "35 persen"}
    assert anchors == {"Kalbar", "BPJS Ketenagakerjaan Kanwil Kalimantan", "Kalimantan Barat"}  # no dateline
    assert not any(c.text == "Sambas" for h, c in pairs)  # a "Baca Juga" line is another article part
    assert all(c.start < h.start for h, c in pairs if h.sent.start != c.sent.start)  # never forward
    assert all(h.sent.start == c.sent.start for h, c in candidate_pairs(doc, context_links=False))


def test_context_features_mark_context_pairs_only(blank_nlp):
    doc = _doc(blank_nlp)
    ctx = DocContext(doc)
    pairs, rows = candidate_rows(doc, ctx)
    for (h, c), row in zip(pairs, rows):
        is_context = ctx.is_context(h, c)
        first_context_column = N_PAIR_FEATURES - N_CONTEXT_FEATURES  # the block's "is a context pair" column
        assert row[first_context_column] == (1.0 if is_context else 0.0)


def test_masing_masing_figures_reach_the_regions_in_order(blank_nlp):
    doc = _doc(blank_nlp)
    anchors = [c.text for h, c in candidate_pairs(doc) if h.text == "26 persen"]
    assert "Kalimantan Barat" in anchors and len(anchors) <= MAX_CONTEXT_ANCHORS


def _scored(doc, head, child, label, score, context):
    h, c = ent(doc, head), ent(doc, child)
    return {"head": (h.start, h.end), "child": (c.start, c.end), "label": label, "score": score, "context": context}


def test_decoding_keeps_the_best_anchor_and_never_beside_a_local_role(blank_nlp):
    doc = _doc(blank_nlp)
    scored = [_scored(doc, "35 persen", "Kalimantan Barat", "COVERAGE_OF", 0.8, True),
              _scored(doc, "35 persen", "Kalbar", "COVERAGE_OF", 0.7, True),
              _scored(doc, "35 persen", "BPJS Ketenagakerjaan Kanwil Kalimantan", "CLAIMED_BY", 0.9, True),
              _scored(doc, "26 persen", "Kalimantan Barat", "CLAIMED_BY", 0.9, True)]
    rels = decode_relations(scored, 0.5, 1.0, 0.6)
    kept = {(doc[r["head"][0]:r["head"][1]].text, doc[r["child"][0]:r["child"][1]].text, r["label"]) for r in rels}
    assert kept == {("35 persen", "Kalimantan Barat", "COVERAGE_OF"),
                    ("35 persen", "BPJS Ketenagakerjaan Kanwil Kalimantan", "CLAIMED_BY")}  # no CLAIMED_BY alone
    assert decode_relations(scored, 0.5, 1.0, 0.85) == []  # the context threshold is its own
    local = _scored(doc, "Kalimantan Barat", "Kalimantan Barat", "COVERAGE_OF", 0.9, False)
    local["head"] = _scored(doc, "35 persen", "Kalbar", "TARGET_OF", 0.9, False)["head"]
    assert all(not r.get("context") for r in decode_relations(scored + [local], 0.5, 1.0, 0.6))


def test_context_claims_carry_the_anchor_sentence_and_can_be_switched_off(blank_nlp):
    doc = _doc(blank_nlp)
    rel = _scored(doc, "35 persen", "Kalimantan Barat", "COVERAGE_OF", 0.8, True)
    doc._.relations = [rel]
    claims = build_claims(doc, published="2024-06-01")
    assert len(claims) == 1 and claims[0].context and claims[0].region.code == "61"
    assert claims[0].evidence.anchor_sentence.startswith("PONTIANAK")
    assert claims[0].period is not None and (claims[0].period.year, claims[0].period.month) == (2024, 5)
    assert claims[0].to_dict()["anchor_start"] == TEXT.index("PONTIANAK")
    assert build_claims(doc, published="2024-06-01", context_links=False) == []
