from jamsostek_ie.corpus.markup import parse_markup, to_markup

GOOD = """id: t1
title: Judul
outlet: contoh.id
published: 2024-01-02
url:
origin: written
split: train
---
Di [Jawa Barat](REGION r1) cakupan [31,85 persen](PERCENT p1).
Baris (dua) [Rp 5 miliar](MONEY).
=== relations ===
p1 COVERAGE_OF r1  # comment
"""


def test_parse_text_offsets_and_relations():
    art = parse_markup(GOOD)
    assert art.problems == []
    assert art.text == "Di Jawa Barat cakupan 31,85 persen.\nBaris (dua) Rp 5 miliar."
    spans = [art.text[e["start"]:e["end"]] for e in art.entities]
    assert spans == ["Jawa Barat", "31,85 persen", "Rp 5 miliar"]
    assert art.relations == [{"head": 1, "child": 0, "label": "COVERAGE_OF"}]
    assert art.meta["published"] == "2024-01-02" and art.meta["url"] is None


def test_round_trip_through_to_markup():
    art = parse_markup(GOOD)
    again = parse_markup(to_markup(art.meta, art.text, art.entities, art.relations))
    assert again.text == art.text and again.entities == art.entities and again.relations == art.relations


def test_errors_are_collected_with_lines():
    bad = GOOD.replace("(PERCENT p1)", "(PERCEN p1)").replace("p1 COVERAGE_OF r1", "p1 COVERAGE_OF r9\nbad line")
    art = parse_markup(bad, file="x.ann")
    msgs = [str(p) for p in art.problems]
    assert any("unknown entity label 'PERCEN'" in m and "x.ann:9" in m for m in msgs)
    assert any("names entity id(s)" in m for m in msgs)
    assert any("expected a relation" in m for m in msgs)


def test_missing_separator_is_an_error():
    art = parse_markup("id: x\nno separator")
    assert art.problems and "---" in art.problems[0].message


def test_crlf_and_bom_are_tolerated():
    art = parse_markup("\ufeff" + GOOD.replace("\n", "\r\n"))
    assert art.problems == [] and "\r" not in art.text
