"""The public API on the shipped model (loaded once per session)."""
import pytest

import jamsostek_ie

TEXT = ("Cakupan Jamsostek Jatim Tembus 41 Persen\n"
        "SURABAYA - BPJS Ketenagakerjaan Kanwil Jawa Timur mencatat cakupan kepesertaan di Jawa Timur "
        "mencapai 41,2 persen hingga Oktober 2024. Tahun depan, Pemprov Jatim menargetkan 50 persen.")


def test_extract_finds_claims(shipped_nlp):
    claims = jamsostek_ie.extract(TEXT, published="2024-11-02", nlp=shipped_nlp)
    assert claims, "no claim found"
    by_value = {c.value: c for c in claims}
    assert 41.2 in by_value
    c = by_value[41.2]
    assert c.kind == "achieved" and c.region.name == "Jawa Timur" and c.region.code == "35"
    assert str(c.period) == "2024-10"
    for c in claims:
        assert c.figure in c.evidence.sentence
        assert TEXT[c.evidence.figure_start:c.evidence.figure_end] == c.figure


@pytest.mark.parametrize("bad", [None, b"bytes", 42, ["list"]])
def test_non_text_raises_type_error_naming_the_type(bad):
    with pytest.raises(TypeError, match=type(bad).__name__):
        jamsostek_ie.extract(bad)


@pytest.mark.parametrize("empty", ["", "   ", "\n\t\n"])
def test_empty_text_gives_no_claims(empty):
    assert jamsostek_ie.extract(empty) == []


def test_extract_many_matches_extract(shipped_nlp):
    texts = [TEXT, "Tidak ada angka.", TEXT.replace("41,2", "39,9")]
    many = list(jamsostek_ie.extract_many(texts, nlp=shipped_nlp, published=["2024-11-02"] * 3,
                                          article_ids=["a", "b", "c"]))
    assert len(many) == 3 and many[1] == []
    single = jamsostek_ie.extract(TEXT, published="2024-11-02", article_id="a", nlp=shipped_nlp)
    assert [c.to_dict() for c in many[0]] == [c.to_dict() for c in single]


def test_claims_to_frame(shipped_nlp):
    df = jamsostek_ie.claims_to_frame(jamsostek_ie.extract(TEXT, nlp=shipped_nlp))
    assert {"kind", "value", "region", "region_code", "period", "sentence"} <= set(df.columns)
    assert len(jamsostek_ie.claims_to_frame([])) == 0


def test_load_bad_path_explains(tmp_path):
    with pytest.raises(ValueError, match="E017"):
        jamsostek_ie.load(tmp_path)


def test_spacy_load_works_through_entry_points(repo_root):
    import spacy

    nlp = spacy.load(repo_root / "ner_model")
    assert nlp.pipe_names[-2:] == ["relation_extractor", "coverage_claims"]
    assert nlp(TEXT)._.claims is not None
