"""Label Studio / doccano round trips, with fixtures following those tools' documented export JSON."""
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jamsostek_ie.cli import app
from jamsostek_ie.corpus.store import load_articles
from jamsostek_ie.corpus.interchange import from_doccano, from_labelstudio, import_export

EXPORTS = Path(__file__).resolve().parents[1] / "fixtures" / "exports"


def test_labelstudio_import_adds_article(mini_root):
    ids = import_export(EXPORTS / "labelstudio_export.json", fmt="labelstudio", root=mini_root)
    assert ids == ["sleman_2025_01"]
    art = {a.id: a for a in load_articles(mini_root)}["sleman_2025_01"]
    assert art.meta["published"] == "2025-01-15" and art.origin == "real" and art.split == "train"
    assert [art.text[e["start"]:e["end"]] for e in art.entities] == ["BPJS Ketenagakerjaan", "Kabupaten Sleman",
                                                                     "41,5 persen"]
    assert {r["label"] for r in art.relations} == {"COVERAGE_OF", "CLAIMED_BY"}


def test_doccano_import_and_refusal_to_overwrite(mini_root):
    ids = import_export(EXPORTS / "doccano_export.jsonl", fmt="doccano", root=mini_root, id_prefix="dc_")
    assert ids == ["dc_42"]
    with pytest.raises(ValueError, match="E016"):
        import_export(EXPORTS / "doccano_export.jsonl", fmt="doccano", root=mini_root, id_prefix="dc_")
    assert import_export(EXPORTS / "doccano_export.jsonl", fmt="doccano", root=mini_root, id_prefix="dc_",
                         overwrite=True) == ["dc_42"]


def test_bad_export_writes_nothing(mini_root, tmp_path):
    rec = json.loads((EXPORTS / "doccano_export.jsonl").read_text())
    rec["entities"][0]["end_offset"] -= 2  # not on a token boundary
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(rec) + "\n")
    before = (mini_root / "annotations" / "gold.jsonl").read_text()
    res = CliRunner().invoke(app, ["import", str(bad), "--format", "doccano", "--root", str(mini_root)])
    assert res.exit_code == 1 and "E006" in res.output and "nothing was written" in res.output
    assert (mini_root / "annotations" / "gold.jsonl").read_text() == before


def test_relation_to_unknown_entity_is_explained():
    with pytest.raises(ValueError, match="unknown entities"):
        from_doccano([{"id": 1, "text": "x", "entities": [], "relations": [{"from_id": 1, "to_id": 2, "type": "X"}]}])
    with pytest.raises(ValueError, match="a list of tasks"):
        from_labelstudio({"data": {}})


def test_preannotate_round_trips_through_both_tools(repo_root, shipped_nlp, tmp_path):
    from jamsostek_ie.corpus.interchange import preannotate

    f = repo_root / "corpus" / "004_969941d29e84afc7.txt"
    ls = json.loads(preannotate([f], fmt="labelstudio", nlp=shipped_nlp))
    assert ls[0]["predictions"][0]["result"]
    # a user accepts the predictions as they are: the export then carries them as annotations
    ls[0]["annotations"] = [{"result": ls[0]["predictions"][0]["result"]}]
    items = from_labelstudio(ls)
    doc = shipped_nlp(f.read_text())
    assert len(items[0]["entities"]) == len(doc.ents)
    assert len(items[0]["relations"]) == len(doc._.relations)
    dc = [json.loads(l) for l in preannotate([f], fmt="doccano", nlp=shipped_nlp).splitlines()]
    assert from_doccano(dc)[0]["entities"] == items[0]["entities"]
