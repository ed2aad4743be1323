"""Corpus-scale extraction: reading folders / JSONL / Parquet, incremental JSONL and Parquet output,
crash and resume, n_process, the ``datasets`` path and the CLI over a folder."""
import json
import shutil

import pytest
from typer.testing import CliRunner

import jamsostek_ie
from jamsostek_ie.io.batch import (ArticleRecord, claim_schema, count_articles, extract_dataset, extract_to_file,
                                read_articles, read_claims)
from jamsostek_ie.cli import app


@pytest.fixture(scope="module")
def articles(repo_root):
    """Nine corpus articles (the first ones carry claims) as {id, text, published} records."""
    from jamsostek_ie.corpus.store import load_articles

    arts = load_articles(repo_root)[:9]
    return [{"id": a.id, "text": a.text, "published": a.meta.get("published")} for a in arts]


@pytest.fixture()
def jsonl_source(tmp_path, articles):
    src = tmp_path / "articles.jsonl"
    src.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in articles), encoding="utf-8")
    return src


def test_read_articles_from_folder_jsonl_and_parquet(tmp_path):
    import pandas as pd

    folder = tmp_path / "news"
    (folder / "2024").mkdir(parents=True)
    (folder / "a.txt").write_text("Teks A.", encoding="utf-8")
    (folder / "2024" / "b.txt").write_text("Teks B.", encoding="utf-8")
    (folder / "notes.md").write_text("not an article")
    recs = list(read_articles(folder))
    assert [(r.id, r.text) for r in recs] == [("2024/b", "Teks B."), ("a", "Teks A.")]

    jl = tmp_path / "feed.jsonl"
    jl.write_text('{"uid": 7, "body": "Satu.", "date": "2024-05-01"}\n\nnot json\n{"uid": 8}\n'
                  '{"body": "Tanpa id."}\n', encoding="utf-8")
    recs = list(read_articles(jl, id_field="uid", text_field="body", published_field="date"))
    assert recs[0] == ArticleRecord("7", "Satu.", "2024-05-01")
    assert recs[1].id == "line3" and recs[1].text is None and "E001" in recs[1].problem
    assert recs[2].id == "8" and "no 'body' field" in recs[2].problem
    assert recs[3].id == "line5" and recs[3].text == "Tanpa id."

    pq_file = tmp_path / "news.parquet"
    pd.DataFrame({"id": ["p1", "p2"], "text": ["Dua.", "Tiga."],
                  "published": pd.to_datetime(["2024-01-02", None])}).to_parquet(pq_file)
    recs = list(read_articles([pq_file, folder / "a.txt"]))
    assert [(r.id, r.text, r.published) for r in recs] == [("p1", "Dua.", "2024-01-02"), ("p2", "Tiga.", None),
                                                           ("a", "Teks A.", None)]
    assert count_articles([folder, jl, pq_file]) == 2 + 4 + 2


def test_bad_inputs_fail_before_any_work(tmp_path):
    import pandas as pd

    with pytest.raises(ValueError, match=r"E019.*does not exist"):
        list(read_articles(tmp_path / "missing.jsonl"))
    (tmp_path / "x.csv").write_text("id,text\n")
    with pytest.raises(ValueError, match=r"E019.*expected a folder"):
        list(read_articles([tmp_path / "x.csv"]))
    pd.DataFrame({"id": ["a"], "body": ["b"]}).to_parquet(tmp_path / "n.parquet")
    with pytest.raises(ValueError, match=r"E019.*no column 'text'.*--text-field"):
        list(read_articles(tmp_path / "n.parquet"))


def test_claim_schema_matches_claim_dicts(shipped_nlp, articles):
    import pyarrow as pa

    rows = [c.to_dict() for a in articles for c in jamsostek_ie.extract(a["text"], published=a["published"],
                                                                         article_id=a["id"], nlp=shipped_nlp)]
    assert rows, "the first corpus articles should give claims"
    assert claim_schema().names == list(rows[0]), "CoverageClaim.to_dict changed: update batch.claim_schema"
    assert pa.Table.from_pylist(rows, schema=claim_schema()).to_pylist() == rows


def _rows(output):
    """The claim records of a run's output, as plain Python values (None, not NaN)."""
    if output.suffix == ".parquet":
        import pyarrow.parquet as pq

        return pq.read_table(output).to_pylist()
    return [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]


class PowerCut(BaseException):
    """A process killed mid-run: not an error of one record (which the batch reports and skips), so it
    is a BaseException that nothing in the batch path may catch."""


def _crash_at_article(monkeypatch, n):
    """Make the run die while the ``n``-th article (0-based) is being extracted, as a killed process would."""
    real = jamsostek_ie.api.extract_many
    done = {"n": 0}

    def flaky(texts, **kwargs):
        for claims in real(texts, **kwargs):
            if done["n"] == n:
                raise PowerCut("power cut")
            done["n"] += 1
            yield claims

    monkeypatch.setattr(jamsostek_ie.api, "extract_many", flaky)


@pytest.mark.parametrize("suffix", [".jsonl", ".parquet"])
def test_crash_loses_at_most_the_current_batch_and_a_rerun_resumes(shipped_nlp, jsonl_source, tmp_path, monkeypatch,
                                                                   suffix):
    ref = extract_to_file(jsonl_source, tmp_path / f"ref{suffix}", nlp=shipped_nlp, batch_size=3)
    assert ref["articles"] == 9 and ref["batches"] == 3 and ref["claims"] > 0
    out = tmp_path / f"claims{suffix}"

    with monkeypatch.context() as m:
        _crash_at_article(m, 7)  # batches of 3: two committed, the third dies after one article
        with pytest.raises(PowerCut, match="power cut"):
            extract_to_file(jsonl_source, out, nlp=shipped_nlp, batch_size=3)
    done = [json.loads(line)["id"] for line in jsonl_source.read_text().splitlines()][:6]
    reference = _rows(tmp_path / f"ref{suffix}")
    # the two committed batches are on disk, exactly as in the uninterrupted run; the third is lost
    assert _rows(out) == [r for r in reference if r["article_id"] in done]
    # what a crash in the middle of writing leaves behind: a torn claim line / an orphan part file
    if suffix == ".jsonl":
        with open(out, "a", encoding="utf-8") as fh:
            fh.write('{"article_id": "torn", "kind": "ach')
        with open(out.with_name(out.name + ".progress"), "a", encoding="utf-8") as fh:
            fh.write('{"batch": 2, "ids": ["w1')
    else:
        shutil.copy(out / "part-000000.parquet", out / "part-000002.parquet")
        (out / ".part-000003.parquet.tmp").write_bytes(b"PAR1 half")

    res = extract_to_file(jsonl_source, out, nlp=shipped_nlp, batch_size=3)
    assert (res["skipped"], res["articles"], res["batches"]) == (6, 3, 1)
    assert res["total_claims"] == ref["claims"]
    assert _rows(out) == reference

    again = extract_to_file(jsonl_source, out, nlp=shipped_nlp, batch_size=3)
    assert (again["skipped"], again["articles"], again["claims"]) == (9, 0, 0)
    assert _rows(out) == reference and len(read_claims(out)) == ref["claims"]


def test_resume_refuses_what_it_cannot_trust(shipped_nlp, jsonl_source, tmp_path):
    foreign = tmp_path / "mine.jsonl"
    foreign.write_text('{"kept": true}\n')
    with pytest.raises(ValueError, match=r"E020.*no progress file"):
        extract_to_file(jsonl_source, foreign, nlp=shipped_nlp)
    assert foreign.read_text() == '{"kept": true}\n'
    with pytest.raises(ValueError, match=r"E015.*\.jsonl file or a \.parquet folder"):
        extract_to_file(jsonl_source, tmp_path / "claims.csv", nlp=shipped_nlp)

    out = tmp_path / "claims.jsonl"
    first = extract_to_file(jsonl_source, out, nlp=shipped_nlp, batch_size=4)
    progress = out.with_name(out.name + ".progress")
    lines = progress.read_text().splitlines()
    header = json.loads(lines[0])
    progress.write_text("\n".join([json.dumps({**header, "model": "another-model"})] + lines[1:]) + "\n")
    with pytest.raises(ValueError, match=r"E020.*started with model 'another-model'"):
        extract_to_file(jsonl_source, out, nlp=shipped_nlp)
    fresh = extract_to_file(jsonl_source, out, nlp=shipped_nlp, batch_size=4, resume=False)
    assert fresh["articles"] == 9 and fresh["skipped"] == 0 and len(read_claims(out)) == first["claims"]


def test_unreadable_and_duplicate_records_are_reported_and_skipped(shipped_nlp, articles, tmp_path):
    src = tmp_path / "mixed.jsonl"
    rows = [articles[0], {"id": "no-text"}, articles[0], articles[1]]
    src.write_text("".join(json.dumps(r) + "\n" for r in rows) + "{broken\n", encoding="utf-8")
    res = extract_to_file(src, tmp_path / "c.jsonl", nlp=shipped_nlp)
    assert (res["articles"], res["invalid"], res["duplicates"]) == (2, 2, 1)
    assert any("no-text" in p for p in res["problems"]) and any("E001" in p for p in res["problems"])
    assert set(read_claims(tmp_path / "c.jsonl")["article_id"]) <= {articles[0]["id"], articles[1]["id"]}


@pytest.mark.slow
def test_n_process_2_gives_the_same_claims(shipped_nlp, jsonl_source, tmp_path):
    one = extract_to_file(jsonl_source, tmp_path / "one.jsonl", nlp=shipped_nlp, batch_size=5)
    # windows of 4 articles: three extract_many calls, each with its own two workers
    two = extract_to_file(jsonl_source, tmp_path / "two.jsonl", nlp=shipped_nlp, batch_size=3, n_process=2,
                          window=4)
    assert two["articles"] == one["articles"] == 9 and two["batches"] == 5  # 3+1, 3+1, 1
    assert (tmp_path / "two.jsonl").read_text() == (tmp_path / "one.jsonl").read_text() != ""


@pytest.mark.slow
def test_extract_dataset_adds_a_typed_claims_column(shipped_nlp, repo_root):
    from jamsostek_ie.corpus.store import load_dataset

    ds = load_dataset(repo_root)["test"].select(range(6))
    out = extract_dataset(ds, model=shipped_nlp.path, num_proc=2, batch_size=2)
    assert out.column_names == ds.column_names + ["claims"]
    assert out.features["claims"].feature["money"].feature["value"].dtype == "float64"
    direct = [[c.to_dict() for c in cs] for cs in jamsostek_ie.extract_many(
        ds["text"], published=ds["published"], article_ids=ds["id"], nlp=shipped_nlp)]
    claims = list(out["claims"])
    assert claims == direct and any(direct)
    json.dumps(claims)  # JSON-serialisable as it comes
    with pytest.raises(ValueError, match=r"E019.*no column 'body'"):
        extract_dataset(ds, text_column="body", model=shipped_nlp.path)


def test_cli_extract_over_a_folder_writes_incrementally_and_resumes(shipped_nlp, articles, tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    for a in articles[:4]:
        (folder / f"{a['id']}.txt").write_text(a["text"], encoding="utf-8")
    runner = CliRunner()
    out = tmp_path / "claims.jsonl"
    model = str(shipped_nlp.path)
    res = runner.invoke(app, ["extract", str(folder), "--model", model, "-o", str(out), "--batch-size", "2"])
    assert res.exit_code == 0, res.output
    assert "from 4 articles" in res.output and out.exists()
    n = len(read_claims(out))
    assert {json.loads(line)["batch"] for line in out.with_name(out.name + ".progress").read_text().splitlines()[1:]} \
        == {0, 1}
    again = runner.invoke(app, ["extract", str(folder), "--model", model, "-o", str(out)])
    assert again.exit_code == 0 and "4 already done" in again.output and len(read_claims(out)) == n
    missing = runner.invoke(app, ["extract", str(folder), "--model", model])
    assert missing.exit_code == 2 and "E015" in missing.output and "--output" in missing.output
