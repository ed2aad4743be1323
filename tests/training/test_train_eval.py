"""Training (smoke, tiny config) and the evaluation report/gate on the shipped model."""
import json
import shutil

import pytest
from typer.testing import CliRunner

from jamsostek_ie.cli import app


@pytest.mark.slow
def test_smoke_training_writes_a_loadable_model_with_data_hash(mini_root, tmp_path):
    import jamsostek_ie
    from jamsostek_ie.training.train import data_hash, train

    (mini_root / "corpus" / "articles.jsonl")  # the mini corpus has a train and a dev article
    out = tmp_path / "model"
    res = train(mini_root, config="tiny", output=out, seed=1)
    meta = json.loads((out / "meta.json").read_text())
    assert meta["data_sha256"] == data_hash(mini_root) == res["data_sha256"]
    assert "relation_threshold" in meta
    from spacy.util import load_config

    paths = load_config(out / "config.cfg")["paths"]
    assert paths["train"] is None and paths["dev"] is None  # no dangling temporary paths in the shipped config
    nlp = jamsostek_ie.load(out)
    assert nlp.pipe_names == ["jamsostek_sentencizer", "tok2vec", "ner", "jamsostek_patterns",
                              "relation_extractor", "coverage_claims"]
    assert isinstance(jamsostek_ie.extract("Cakupan di Jawa Barat 31,85 persen.", nlp=nlp), list)


@pytest.mark.slow
def test_failed_training_leaves_the_existing_model_untouched(mini_root, tmp_path):
    from jamsostek_ie.training.train import train

    out = tmp_path / "model"
    out.mkdir()
    (out / "meta.json").write_text('{"name": "jamsostek_ie", "data_sha256": "0", "keep": true}')
    (out / "config.cfg").write_text("[nlp]\n")
    gold = mini_root / "annotations" / "gold.jsonl"
    gold.write_text(gold.read_text().replace('"label": "ORG"', '"label": "ORGX"', 1))
    with pytest.raises(ValueError, match="E018"):
        train(mini_root, config="tiny", output=out)
    assert (out / "meta.json").read_text() == '{"name": "jamsostek_ie", "data_sha256": "0", "keep": true}'
    assert not any(p.name.startswith(".train-") for p in tmp_path.iterdir())


def test_unknown_config_is_explained():
    from jamsostek_ie.training.train import resolve_config

    with pytest.raises(ValueError, match="expected one of"):
        resolve_config("huge")


def test_data_hash_changes_with_annotations(mini_root):
    from jamsostek_ie.training.train import data_hash

    before = data_hash(mini_root)
    gold = mini_root / "annotations" / "gold.jsonl"
    gold.write_text(gold.read_text() + "\n")
    assert data_hash(mini_root) != before


@pytest.fixture(scope="module")
def test_report(repo_root, shipped_nlp):
    from jamsostek_ie.training.evaluate import evaluate

    return evaluate(shipped_nlp, split="test", root=repo_root)


def test_report_has_spacy_style_keys(test_report):
    keys = {"ents_p", "ents_r", "ents_f", "ents_per_type", "rel_p", "rel_r", "rel_f", "rel_gold_f", "rel_per_type",
            "claims_p", "claims_r", "claims_f", "by_origin"}
    assert keys <= set(test_report)
    assert keys - {"by_origin"} <= set(test_report["by_origin"]["real"])
    assert test_report["by_origin"]["real"]["n_docs"] == 5
    assert set(test_report["ents_per_type"]["ORG"]) == {"p", "r", "f", "support"}
    fp = test_report["errors"]["entity_fp"]
    assert isinstance(fp, list) and (fp or test_report["ents_p"] == 1.0)
    assert all({"id", "label", "text"} <= set(e) for e in fp)


def test_markdown_report(test_report):
    from jamsostek_ie.training.evaluate import format_markdown

    md = format_markdown(test_report)
    assert "| real (5) |" in md and "## Entities per label" in md and "## Worst errors" in md


def test_gate_passes_on_the_shipped_model(test_report, repo_root):
    from jamsostek_ie.training.evaluate import check_thresholds

    assert check_thresholds(test_report, repo_root / "evaluation" / "thresholds.json", root=repo_root) == []


def test_gate_fails_on_a_raised_floor_and_on_a_stale_model(test_report, repo_root, tmp_path):
    from jamsostek_ie.training.evaluate import check_thresholds

    floors = tmp_path / "t.json"
    floors.write_text(json.dumps({"ents_f": 0.999, "by_origin.real.claims_f": 0.0}))
    fails = check_thresholds(test_report, floors, root=repo_root)
    assert any("ents_f" in f and "below its floor" in f for f in fails)
    stale = tmp_path / "model"
    shutil.copytree(repo_root / "ner_model", stale)
    meta = json.loads((stale / "meta.json").read_text())
    meta["data_sha256"] = "0" * 64
    (stale / "meta.json").write_text(json.dumps(meta))
    fails = check_thresholds(test_report, repo_root / "evaluation" / "thresholds.json", model_dir=stale,
                             root=repo_root)
    assert any("stale" in f for f in fails)


def test_shipped_model_is_fresh(repo_root):
    from jamsostek_ie.training.train import data_hash

    meta = json.loads((repo_root / "ner_model" / "meta.json").read_text())
    assert meta["data_sha256"] == data_hash(repo_root), "ner_model is stale: retrain with `jamsostek-ie train`"


def test_cli_extract_formats(repo_root, tmp_path):
    runner = CliRunner()
    files = [str(p) for p in sorted((repo_root / "corpus").glob("00*.txt"))[:2]]
    table = runner.invoke(app, ["extract", *files])
    assert table.exit_code == 0 and "claims" in table.output
    jl = runner.invoke(app, ["extract", "--format", "jsonl", *files])
    rows = [json.loads(l) for l in jl.output.splitlines() if l.strip()]
    assert rows and all("region" in r for r in rows)
    out = tmp_path / "c.csv"
    csv = runner.invoke(app, ["extract", "--format", "csv", "--output", str(out), *files])
    assert csv.exit_code == 0 and out.read_text().startswith("article_id,")
    bad = tmp_path / "cp1252.txt"
    bad.write_bytes("Cakupan 31,85 persen \u201ckutip\u201d".encode("cp1252"))
    res = runner.invoke(app, ["extract", str(bad)])
    assert res.exit_code == 2 and "not UTF-8" in res.output
