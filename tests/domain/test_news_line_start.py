"""Issue 14.2: dateline checks look a few tokens back, not along a whole 2 MB line, per entity."""
from jamsostek_ie.domain.news import is_dateline, line_start
from jamsostek_ie.pipeline.tokenizer import blank


def test_long_line_dateline_check_is_bounded():
    nlp = blank()
    nlp.add_pipe("jamsostek_patterns")
    doc = nlp("kata " * 3000 + "BANDUNG, data 5 persen.\nBANDUNG, Cakupan 31 persen.")
    places = [e for e in doc.ents if e.text == "BANDUNG"]
    assert [is_dateline(e) for e in places] == [False, True]
    first = places[0]
    assert line_start(first) == 0 and line_start(first, limit=4) == first.start - 4
    assert line_start(places[1], limit=4) == places[1].start


def test_a_place_after_an_outlet_name_is_a_dateline(blank_nlp):
    from spacy.tokens import Span

    from jamsostek_ie.domain.news import is_dateline

    doc = blank_nlp("Bisnisnusantara.com, JAKARTA – BPJS Ketenagakerjaan membukukan dana kelolaan.")
    i = next(t.i for t in doc if t.text == "JAKARTA")
    assert is_dateline(Span(doc, i, i + 1, label="REGION"))
