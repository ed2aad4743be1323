import json

import pytest

from jamsostek_ie.corpus.store import (add_articles, article_to_doc, compile_markup, load_articles, load_dataset, load_docs,
                                 write_docbins)
from jamsostek_ie.pipeline.tokenizer import blank


def test_load_articles_and_docs(mini_root, blank_nlp):
    arts = load_articles(mini_root)
    assert [a.id for a in arts] == ["mini_001", "mini_002"]
    doc = article_to_doc(blank_nlp, arts[0])
    assert [e.text for e in doc.ents][:3] == ["Kalbar", "35 Persen", "PONTIANAK"]
    labels = {r["label"] for r in doc._.relations}
    assert {"COVERAGE_OF", "CLAIMED_BY", "WORKFORCE_OF", "TARGET_OF", "LEGAL_BASIS"} <= labels
    assert doc.user_data["split"] == "train" and doc.user_data["origin"] == "written"


def test_docbins_keep_entities_and_relations(mini_root, tmp_path):
    from spacy.tokens import DocBin

    nlp = blank()
    paths = write_docbins(tmp_path / "bins", mini_root, nlp=nlp)
    docs = list(DocBin().from_disk(paths["train"]).get_docs(nlp.vocab))
    gold = load_docs(nlp, mini_root, splits=["train"])[0]
    assert len(docs) == 1
    assert [(e.start, e.end, e.label_) for e in docs[0].ents] == [(e.start, e.end, e.label_) for e in gold.ents]
    assert [(tuple(r["head"]), tuple(r["child"]), r["label"]) for r in docs[0]._.relations] == \
           [(tuple(r["head"]), tuple(r["child"]), r["label"]) for r in gold._.relations]


def test_dataset_dict(mini_root):
    ds = load_dataset(mini_root)
    assert set(ds) == {"train", "dev", "test"}
    row = ds["train"][0]
    assert row["id"] == "mini_001" and row["entities"][0]["text"] == "Kalbar"
    assert ds["dev"].num_rows == 1 and ds["test"].num_rows == 0


def test_add_articles_refuses_overwrite_and_writes_nothing_on_error(mini_root):
    arts = load_articles(mini_root)
    item = {"meta": dict(arts[0].meta), "text": arts[0].text, "entities": arts[0].entities,
            "relations": arts[0].relations, "source": "x"}
    before = (mini_root / "annotations" / "gold.jsonl").read_text()
    with pytest.raises(ValueError, match="E016"):
        add_articles([item], mini_root)
    bad = dict(item, meta=dict(item["meta"], id="mini_003"), entities=[{"start": 0, "end": 3, "label": "ORG"}])
    with pytest.raises(ValueError, match="E006"):
        add_articles([bad], mini_root)
    assert (mini_root / "annotations" / "gold.jsonl").read_text() == before
    assert not (mini_root / "corpus" / "mini_003.txt").exists()
    new = dict(item, meta=dict(item["meta"], id="mini_003"))
    assert add_articles([new], mini_root) == ["mini_003"]
    assert len(load_articles(mini_root)) == 3


def test_compile_markup_is_idempotent(mini_root):
    files = sorted((mini_root / "annotations" / "markup").glob("*.ann"))
    before = {p: p.read_bytes() for p in (mini_root / "corpus").glob("*")}
    compile_markup(files, mini_root)
    assert {p: p.read_bytes() for p in (mini_root / "corpus").glob("*")} == before


def test_repository_markup_matches_compiled_gold(repo_root, tmp_path):
    """The markup files are the source of the corpus: compiling them reproduces the committed JSONL."""
    import shutil

    shutil.copytree(repo_root / "annotations" / "markup", tmp_path / "annotations" / "markup")
    (tmp_path / "corpus").mkdir()
    compile_markup(sorted((tmp_path / "annotations" / "markup").glob("*.ann")), tmp_path)
    for name in ("corpus/articles.jsonl", "annotations/gold.jsonl"):
        assert (tmp_path / name).read_text() == (repo_root / name).read_text(), name
