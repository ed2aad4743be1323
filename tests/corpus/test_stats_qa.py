"""The corpus meets the corpus issue's numbers, and annotation QA has no unexplained hit."""
import pytest
from typer.testing import CliRunner

from jamsostek_ie.cli import app
from jamsostek_ie.corpus.stats import corpus_stats


@pytest.fixture(scope="module")
def stats(repo_root):
    return corpus_stats(repo_root)


def test_corpus_size(stats):
    assert stats["articles"] >= 65 and stats["words"] >= 25_000
    assert stats["entities"] >= 2_000 and stats["relations"] >= 600
    assert set(stats["per_label"]) == {"ORG", "REGION", "PERCENT", "COUNT", "MONEY", "REGULATION"}


def test_corpus_coverage(stats):
    assert stats["n_provinces"] >= 30 and stats["n_regencies_cities"] >= 40
    assert stats["articles_with_national_scope"] >= 1
    assert len(stats["articles_without_claims"]) >= 10
    assert {"UU", "PP", "Perpres", "Inpres", "Permenaker", "Permendagri", "Perda", "Pergub", "Perbup", "Perwali",
            "Kepgub", "SE", "RPJMN", "RPJMD"} <= set(stats["regulation_types"])


def test_splits(stats, repo_root):
    from jamsostek_ie.corpus.store import load_articles

    arts = load_articles(repo_root)
    assert all(a.split == "test" for a in arts if a.origin == "real")
    written = [a for a in arts if a.origin == "written"]
    share = {s: sum(a.split == s for a in written) / len(written) for s in ("train", "dev", "test")}
    assert 0.6 <= share["train"] <= 0.8 and 0.1 <= share["dev"] <= 0.2 and 0.1 <= share["test"] <= 0.2


def test_stats_json_cli(repo_root):
    import json

    res = CliRunner().invoke(app, ["stats", "--format", "json", "--root", str(repo_root)])
    assert res.exit_code == 0
    assert json.loads(res.output)["articles"] >= 65


@pytest.mark.slow
def test_qa_has_no_unexplained_hit(repo_root):
    from jamsostek_ie.corpus.qa import run_qa

    res = run_qa(repo_root)
    assert res["unexplained"] == [], [str(h) for h in res["unexplained"][:5]]
    assert res["justified"] == len(res["hits"])
