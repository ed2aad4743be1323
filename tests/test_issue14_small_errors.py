"""Issue 14.9: clear errors, naming the file, instead of tracebacks or silent nonsense."""
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

import jamsostek_ie
from jamsostek_ie.cli import app
from tests.stub_pipeline import stub_nlp

ROOT = Path(__file__).resolve().parents[1]
TEXT = "Cakupan kepesertaan BPJS Ketenagakerjaan di Jawa Barat mencapai 31,85 persen."


@pytest.fixture()
def model_copy(tmp_path):
    dst = tmp_path / "model"
    shutil.copytree(ROOT / "ner_model", dst)
    return dst


def test_load_corrupt_meta_json_names_the_file(model_copy):
    (model_copy / "meta.json").write_text('{"name": ')
    with pytest.raises(ValueError, match=r"E017.*meta\.json cannot be read") as exc:
        jamsostek_ie.load(model_copy)
    assert exc.value.code == "E017"


def test_load_truncated_weights_names_the_component(model_copy):
    weights = model_copy / "ner" / "model"
    weights.write_bytes(weights.read_bytes()[:1000])
    with pytest.raises(ValueError, match=r"E017.*/ner\b.*cannot be loaded"):
        jamsostek_ie.load(model_copy)


def test_load_missing_component_folder_names_the_file(model_copy):
    shutil.rmtree(model_copy / "relation_extractor")
    with pytest.raises(ValueError, match=r"E017.*relation_extractor.*cannot be loaded"):
        jamsostek_ie.load(model_copy)


def test_extract_output_that_is_a_folder_is_refused(tmp_path):
    art = tmp_path / "a.txt"
    art.write_text(TEXT)
    (tmp_path / "out").mkdir()
    res = CliRunner().invoke(app, ["extract", str(art), "--output", str(tmp_path / "out")])
    assert res.exit_code == 2 and "E020" in res.output and "is a folder" in res.output
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "a", "text": TEXT}) + "\n")
    (tmp_path / "claims.jsonl").mkdir()
    from jamsostek_ie.io.batch import extract_to_file

    for resume in (True, False):
        with pytest.raises(ValueError, match="E020.*is a folder"):
            extract_to_file(src, tmp_path / "claims.jsonl", nlp=stub_nlp(), resume=resume)


def test_corrupt_parquet_is_e019_naming_the_file(tmp_path):
    from jamsostek_ie.io.batch import count_articles, read_articles

    bad = tmp_path / "a.parquet"
    bad.write_bytes(b"PAR1 this is not parquet at all")
    with pytest.raises(ValueError, match="E019.*a.parquet.*not a readable Parquet"):
        list(read_articles(bad))
    with pytest.raises(ValueError, match="E019"):
        count_articles(bad)


def test_interchange_items_not_objects_are_e012():
    from jamsostek_ie.corpus.interchange import from_doccano, from_labelstudio

    for data in (["a task"], [{"data": "text"}], [{"data": {"text": "x"}, "annotations": ["x"]}],
                 [{"data": {"text": "x"}, "annotations": [{"result": [1]}]}]):
        with pytest.raises(ValueError, match="E012.*task 0"):
            from_labelstudio(data)
    for recs in ([7], [{"text": "x", "entities": ["e"]}], [{"text": "x", "relations": {"a": 1}}]):
        with pytest.raises(ValueError, match="E012.*line 1"):
            from_doccano(recs)


@pytest.mark.parametrize("command", ["stats", "qa"])
def test_stats_qa_on_corrupt_gold_jsonl_is_a_clear_error(mini_root, command):
    gold = mini_root / "annotations" / "gold.jsonl"
    gold.write_text(gold.read_text() + '{"id": "broken\n')
    res = CliRunner().invoke(app, [command, "--root", str(mini_root)])
    assert res.exit_code == 2, res.output
    assert "E001" in res.output and "gold.jsonl" in res.output and "Traceback" not in res.output
    gold.write_text(gold.read_text().replace('{"id": "broken\n', '{"entities": []}\n'))
    res = CliRunner().invoke(app, [command, "--root", str(mini_root)])
    assert res.exit_code == 2 and "E012" in res.output and "gold.jsonl" in res.output


def test_extract_many_a_string_batch_size_0_and_bad_published_raise():
    nlp = stub_nlp()
    with pytest.raises(TypeError, match="E015.*single str"):
        jamsostek_ie.extract_many(TEXT, nlp=nlp)
    with pytest.raises(ValueError, match="E015.*batch_size"):
        jamsostek_ie.extract_many([TEXT], batch_size=0, nlp=nlp)
    with pytest.raises(ValueError, match="E015.*n_process"):
        jamsostek_ie.extract_many([TEXT], n_process=0, nlp=nlp)
    with pytest.raises(TypeError, match="E015.*published"):
        jamsostek_ie.extract_many([TEXT], published="2024-01-01", nlp=nlp)
    with pytest.raises(ValueError, match="E015.*published.*kemarin"):
        jamsostek_ie.extract(TEXT, published="kemarin", nlp=nlp)
    assert jamsostek_ie.extract(TEXT, published="2024-08-24T10:00", nlp=nlp)


def test_extract_unreadable_published_value_is_a_clear_error(tmp_path):
    art = tmp_path / "a.txt"
    art.write_text(TEXT)
    res = CliRunner().invoke(app, ["extract", str(art), "--published", "24/08/2024"])
    assert res.exit_code == 2 and "E015" in res.output and "--published" in res.output
