""""masing-masing" lists pair figures and regions in order, in the sentence or the one before."""
from jamsostek_ie.domain.respectively import respectively_regions
from tests.helpers import doc_with_ents as _doc


def _pairs(doc):
    return {doc[a:b].text: r.text for (a, b), r in respectively_regions(doc).items()}


def test_pairs_in_the_same_sentence_take_the_nearest_list(blank_nlp):
    text = ("Di Kalimantan Barat, tiga kabupaten terendah adalah Sintang, Landak dan Sanggau, yang masing-masing "
            "baru 21,3 persen, 19,6 persen dan 27,8 persen.")
    doc = _doc(blank_nlp, text, [("Kalimantan Barat", "REGION"), ("Sintang", "REGION"), ("Landak", "REGION"),
                                 ("Sanggau", "REGION"), ("21,3 persen", "PERCENT"), ("19,6 persen", "PERCENT"),
                                 ("27,8 persen", "PERCENT")])
    assert _pairs(doc) == {"21,3 persen": "Sintang", "19,6 persen": "Landak", "27,8 persen": "Sanggau"}


def test_pairs_with_the_list_of_the_sentence_before(blank_nlp):
    text = ("Ketiganya adalah Kota Subulussalam, Kabupaten Aceh Singkil dan Kabupaten Simeulue. Per Juni 2023, "
            "cakupan di ketiga daerah itu masing-masing 15,2 persen, 17,8 persen dan 13,9 persen.")
    doc = _doc(blank_nlp, text, [("Kota Subulussalam", "REGION"), ("Kabupaten Aceh Singkil", "REGION"),
                                 ("Kabupaten Simeulue", "REGION"), ("15,2 persen", "PERCENT"),
                                 ("17,8 persen", "PERCENT"), ("13,9 persen", "PERCENT")])
    assert _pairs(doc)["17,8 persen"] == "Kabupaten Aceh Singkil"


def test_no_pairs_when_the_counts_disagree(blank_nlp):
    text = "Bulungan dan Nunukan masing-masing mencatat 61,2 persen, 44,9 persen dan 38,4 persen."
    doc = _doc(blank_nlp, text, [("Bulungan", "REGION"), ("Nunukan", "REGION"), ("61,2 persen", "PERCENT"),
                                 ("44,9 persen", "PERCENT"), ("38,4 persen", "PERCENT")])
    assert _pairs(doc) == {}
