"""Gold claims as reviewed data: the markup claims section, what compile stores, what validate checks,
and the schema-v2 context-link rule for relations that cross sentences."""
from __future__ import annotations

import json

import pytest

from jamsostek_ie.corpus.markup import parse_markup
from jamsostek_ie.corpus.store import compile_markup, load_articles
from jamsostek_ie.corpus.validate import check_markup_files, validate

HEADER = """id: t001_context
title: Cakupan Jamsostek Kalbar Naik
outlet: contoh.id
published: 2024-05-02
url:
origin: written
split: train
---
"""
BODY = """Cakupan Jamsostek [Kalbar](REGION r0) Naik
PONTIANAK, [contoh.id](ORG) - [BPJS Ketenagakerjaan Kanwil Kalimantan](ORG o1) mencatat cakupan di [Kalimantan Barat](REGION r1) mencapai [35,35 persen](PERCENT p1) hingga April 2024.
Angka ini setara [620.000 pekerja](COUNT c1) yang sudah terlindungi.
Baca Juga: Klaim JHT di [Sambas](REGION r9) Naik
Tahun depan targetnya [50 persen](PERCENT p2).
"""
RELATIONS = """=== relations ===
p1 COVERAGE_OF r1
p1 CLAIMED_BY o1
c1 COVERAGE_OF r1
c1 CLAIMED_BY o1
p2 TARGET_OF r1
"""
CLAIMS = """=== claims ===
# figure | kind | value | qualifier | unit | region | code | org | period
p1 | achieved | 35.35 | exact | percent | Kalimantan Barat | 61 | BPJS Ketenagakerjaan Kanwil Kalimantan | 2024-04
c1 | achieved | 620000 | exact | pekerja | Kalimantan Barat | 61 | BPJS Ketenagakerjaan Kanwil Kalimantan | 2024-04
p2 | target | 50 | exact | percent | Kalimantan Barat | 61 | - | 2025
"""


def _write(tmp_path, body=BODY, relations=RELATIONS, claims=CLAIMS, name="t001_context.ann"):
    path = tmp_path / name
    path.write_text(HEADER + body + relations + claims, encoding="utf-8")
    return path


def test_claims_section_is_parsed_with_figures_and_fields():
    art = parse_markup(HEADER + BODY + RELATIONS + CLAIMS)
    assert not art.problems
    assert [(c["kind"], c["value"], c["unit"], c["region_code"], c["period_year"], c["period_month"])
            for c in art.claims] == [("achieved", 35.35, "percent", "61", 2024, 4),
                                     ("achieved", 620000, "pekerja", "61", 2024, 4),
                                     ("target", 50, "percent", "61", 2025, None)]
    assert art.text.startswith("Cakupan Jamsostek Kalbar Naik\n")
    assert art.entities[art.claims[1]["figure"]]["label"] == "COUNT"


@pytest.mark.parametrize("line,fragment", [
    ("p1 | achieved | 35,35 | exact | percent | Kalimantan Barat | 61 | - | -", "'.' as decimal point"),
    ("p1 | reached | 35.35 | exact | percent | Kalimantan Barat | 61 | - | -", "claim kind"),
    ("p1 | achieved | 35.35 | roughly | percent | Kalimantan Barat | 61 | - | -", "claim qualifier"),
    ("p1 | achieved | 35.35 | exact | percent | Kalimantan Barat | 61 | - | 24", "claim period"),
    ("zz | achieved | 35.35 | exact | percent | Kalimantan Barat | 61 | - | -", "no entity in the text carries"),
    ("o1 | achieved | 35.35 | exact | percent | Kalimantan Barat | 61 | - | -", "expected a PERCENT or COUNT"),
    ("p1 | achieved | 35.35 | exact | percent", "expected a claim with 9 fields"),
])
def test_bad_claim_lines_are_reported_with_their_line(line, fragment):
    source = HEADER + BODY + RELATIONS + "=== claims ===\n" + line + "\n"
    art = parse_markup(source, file="x.ann")
    assert art.problems and fragment in art.problems[0].message
    assert art.problems[0].line == source.split("\n").index(line) + 1


def test_context_link_is_accepted_and_flagged_by_compile(tmp_path, blank_nlp):
    path = _write(tmp_path)
    assert [p for p in check_markup_files([path]) if p.severity == "error"] == []
    root = tmp_path / "data"
    compile_markup([path], root, nlp=blank_nlp)
    rec = json.loads((root / "annotations" / "gold.jsonl").read_text().splitlines()[0])
    assert [r["context"] for r in rec["relations"]] == [False, False, True, True, True]
    assert [c["context"] for c in rec["claims"]] == [False, True, True]
    art = load_articles(root)[0]
    assert [(c.kind, c.value, c.context) for c in art.claims] == [("achieved", 35.35, False),
                                                                    ("achieved", 620000, True), ("target", 50, True)]
    assert art.text[art.claims[1].figure_start:art.claims[1].figure_end] == "620.000 pekerja"
    assert validate(root).ok


@pytest.mark.parametrize("relation,fragment", [
    ("p2 COVERAGE_OF r9", "caption or 'Baca Juga'"),      # back into a "Baca Juga" line
    ("p1 COVERAGE_OF r0", "already has a role relation"),  # it links in its own sentence
    ("p1 TARGET_OF r9", "points forward"),
])
def test_cross_sentence_relations_outside_the_rule_are_errors(tmp_path, relation, fragment):
    path = _write(tmp_path, relations=RELATIONS + relation + "\n", claims="")
    errors = [p for p in check_markup_files([path]) if p.code == "E024"]
    assert errors and any(fragment in p.message for p in errors), [p.message for p in errors]


def test_a_figure_that_links_in_its_sentence_takes_no_context_link(tmp_path):
    body = BODY.replace("Angka ini setara [620.000 pekerja](COUNT c1)",
                        "Angka ini setara [620.000 pekerja](COUNT c1) menurut [Disnaker](ORG o2)")
    path = _write(tmp_path, body=body, relations=RELATIONS + "c1 WORKFORCE_OF o2\n", claims="")
    errors = [p for p in check_markup_files([path]) if p.code == "E024"]
    assert any("already has a role relation in its own sentence" in p.message for p in errors)


@pytest.mark.parametrize("claims,fragment", [
    (CLAIMS.replace("35.35 | exact", "36.35 | exact"), "the value the figure reads as (35.35)"),
    (CLAIMS.replace("| 61 | BPJS Ketenagakerjaan Kanwil Kalimantan | 2024-04\nc1", "| 62 | - | 2024-04\nc1"),
     "region code '61'"),
    (CLAIMS.replace("p2 | target", "p2 | achieved"), "a COVERAGE_OF relation"),
    ("\n".join(CLAIMS.splitlines()[:3]) + "\n", "a reviewed claim line"),
])
def test_stored_claims_are_checked_against_figures_and_relations(tmp_path, claims, fragment):
    path = _write(tmp_path, claims=claims)
    errors = [p for p in check_markup_files([path]) if p.code == "E023"]
    assert errors and any(fragment in p.message for p in errors), [p.message for p in errors]


def test_an_article_without_claims_section_is_a_warning(tmp_path):
    path = _write(tmp_path, claims="")
    problems = check_markup_files([path])
    assert [p.code for p in problems if p.severity == "warning"] == ["W005"]
    assert not [p for p in problems if p.severity == "error"]


def test_prefill_writes_a_section_and_then_leaves_it_to_the_annotator(tmp_path, blank_nlp):
    from jamsostek_ie.corpus.prefill import prefill_claims

    path = _write(tmp_path, claims="")
    res = prefill_claims(path, blank_nlp)
    assert res["written"] and res["claims"] == 3
    art = parse_markup(path.read_text(encoding="utf-8"))
    assert not art.problems and [c["kind"] for c in art.claims] == ["achieved", "achieved", "target"]
    assert [c["region_code"] for c in art.claims] == ["61", "61", "61"]
    path.write_text(path.read_text(encoding="utf-8").replace("| 2025", "| 2026"), encoding="utf-8")
    again = prefill_claims(path, blank_nlp)
    assert not again["written"] and "| 2026" in path.read_text(encoding="utf-8")
