"""Issue 14.3: a lone surrogate neither crashes extract nor aborts a batch; a failing record is named."""
import json

import jamsostek_ie
from jamsostek_ie.io.batch import extract_to_file, read_claims
from jamsostek_ie.text.clean import clean_surrogates
from tests.stub_pipeline import stub_nlp

TEXT = "Cakupan kepesertaan BPJS Ketenagakerjaan di Jawa Barat mencapai 31,85 persen."


def test_lone_surrogate_extract_keeps_offsets():
    nlp = stub_nlp()
    bad = "\ud800 " + TEXT
    claims = jamsostek_ie.extract(bad, nlp=nlp, article_id="a\udc80")
    ref = jamsostek_ie.extract("x " + TEXT, nlp=nlp)
    assert [(c.figure, c.evidence.figure_start) for c in claims] == [(c.figure, c.evidence.figure_start) for c in ref]
    assert bad[claims[0].evidence.figure_start:claims[0].evidence.figure_end] == "31,85 persen"
    assert claims[0].evidence.article_id == "a\ufffd"
    assert clean_surrogates("a\ud800b\udfff") == "a\ufffdb\ufffd" and clean_surrogates(TEXT) is TEXT
    assert list(jamsostek_ie.extract_many(["\udfff" + TEXT], nlp=nlp))[0][0].figure == "31,85 persen"


def test_lone_surrogate_in_jsonl_batch_goes_on(tmp_path):
    src = tmp_path / "in.jsonl"
    lines = [json.dumps({"id": "a", "text": TEXT}),
             '{"id": "b", "text": "\\ud800 ' + TEXT + '"}',  # a JSON escape of a lone surrogate
             '{"id": "c\\udc00", "text": "' + TEXT + '"}',
             json.dumps({"id": "d", "text": TEXT})]
    src.write_text("\n".join(lines) + "\n")
    res = extract_to_file(src, tmp_path / "out.jsonl", nlp=stub_nlp(), batch_size=1)
    assert res["articles"] == 4 and res["claims"] == 4 and res["invalid"] == 0
    assert sorted(read_claims(tmp_path / "out.jsonl")["article_id"]) == ["a", "b", "c\ufffd", "d"]


def test_failing_record_is_named_and_the_batch_goes_on(tmp_path, monkeypatch):
    nlp = stub_nlp()

    @__import__("spacy").Language.component("test_boom_on_kaboom")
    def boom(doc):
        if "KABOOM" in doc.text:
            raise RuntimeError("component failed")
        return doc

    nlp.add_pipe("test_boom_on_kaboom", first=True)
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps({"id": i, "text": t}) for i, t in
                             [("a", TEXT), ("bad", "KABOOM " + TEXT), ("c", TEXT)]) + "\n")
    res = extract_to_file(src, tmp_path / "out.jsonl", nlp=nlp)
    assert res["articles"] == 2 and res["claims"] == 2 and res["invalid"] == 1
    assert any(f"{src}:2 (id bad)" in p and "component failed" in p for p in res["problems"])
    again = extract_to_file(src, tmp_path / "out.jsonl", nlp=nlp)  # a rerun retries only the bad one
    assert again["skipped"] == 2 and again["invalid"] == 1


def test_broken_pipeline_is_e017_not_every_record_skipped(tmp_path):
    import pytest
    import spacy

    @spacy.Language.component("test_always_fails")
    def always_fails(doc):
        raise RuntimeError("shape mismatch")

    nlp = stub_nlp()
    nlp.add_pipe("test_always_fails")
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "a", "text": TEXT}) + "\n" + json.dumps({"id": "b", "text": TEXT}) + "\n")
    with pytest.raises(ValueError, match="E017.*fails on every text.*shape mismatch"):
        extract_to_file(src, tmp_path / "out.jsonl", nlp=nlp)
