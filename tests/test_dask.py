"""The Dask engine: it reads like the local engine, names bad records as the local engine does, and on a
``distributed.LocalCluster`` (2 worker processes) gives the local engine's claims, survives a worker
killed mid-run with every article written once, and runs from the CLI."""
import json
import os
import signal
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

pytest.importorskip("dask.dataframe")
pytest.importorskip("distributed")

from typer.testing import CliRunner  # noqa: E402

from jamsostek_ie.io.batch import claim_schema, extract_to_file, read_articles  # noqa: E402
from jamsostek_ie.cli import app  # noqa: E402
from jamsostek_ie.dask import (SUMMARY_FILE, article_counts, extract_frame, extract_to_parquet,  # noqa: E402
                               read_frame)

OFF_TOPIC = ["Hujan deras merendam 1.200 rumah di Kabupaten Bekasi; BPBD mengerahkan 300 personel.",
             "Timnas Indonesia menang 2-0 di Stadion Gelora Bung Karno, disaksikan 75.000 penonton."]


def _short(text: str, n: int = 600) -> str:
    """The head of an article: its first lines up to about ``n`` characters (the claims of the lead)."""
    cut = text.find("\n", n)
    return text if cut < 0 else text[:cut]


def _write_jsonl(path, rows):
    path.write_text("".join(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                    encoding="utf-8")
    return path


def _rows(output):
    import pyarrow.parquet as pq

    return pq.read_table(output).to_pylist()


def _frame_records(ddf):
    df = ddf.compute(scheduler="sync")
    return [(r["id"], r["text"], r["published"], r["_problem"])
            for r in df.astype(object).where(df.notna(), None).to_dict("records")]


BAD_ROWS = [{"id": "ok", "text": "Teks."}, {"id": "angka", "text": 123}, {"text": "Tanpa id."}, "\n",
            "{rusak\n", "[1, 2]\n", {"id": 7, "body": "no text field"},
            {"id": "d", "text": "T", "published": "2024-05-01"}]


# ---------------------------------------------------------------- without a cluster


def test_read_frame_reads_like_the_local_engine(tmp_path):
    import pandas as pd

    src = _write_jsonl(tmp_path / "feed.jsonl", BAD_ROWS)
    ddf = read_frame(src, partition_size=3)
    assert ddf.npartitions == 3 and list(ddf.columns) == ["id", "text", "published", "_problem"]
    assert _frame_records(ddf) == [(r.id, r.text, r.published, r.problem) for r in read_articles(src)]

    dataset = tmp_path / "dataset"
    dataset.mkdir()
    pd.DataFrame({"id": ["a", "b", None], "text": ["Satu.", "Dua.", "Tiga."],
                  "published": pd.to_datetime(["2024-01-02", None, "2024-03-04"])}).to_parquet(
        dataset / "part.0.parquet", row_group_size=1)
    pd.DataFrame({"id": ["c"], "text": ["Empat."]}).to_parquet(dataset / "part.1.parquet")
    (dataset / "_SUCCESS.parquet").write_bytes(b"")  # hidden from the reader, as in Spark/Dask output
    ddf = read_frame(dataset, partition_size=2)
    assert ddf.npartitions == 3  # whole row groups: 2 + 1 rows of the first file, then the second
    parts = sorted(dataset.glob("part.*.parquet"))
    assert _frame_records(ddf) == [(r.id, r.text, r.published, r.problem) for r in read_articles(parts)]


def test_bad_sources_fail_before_any_work(tmp_path):
    import pandas as pd

    with pytest.raises(ValueError, match=r"E019.*does not exist"):
        read_frame(tmp_path / "missing.jsonl")
    (tmp_path / "txt").mkdir()
    (tmp_path / "txt" / "a.txt").write_text("Teks.")
    with pytest.raises(ValueError, match=r"E019.*no \.parquet part files.*local engine"):
        read_frame(tmp_path / "txt")
    with pytest.raises(ValueError, match=r"E019.*expected a \.jsonl file"):
        read_frame(tmp_path / "txt" / "a.txt")
    pd.DataFrame({"id": ["a"], "body": ["b"]}).to_parquet(tmp_path / "n.parquet")
    with pytest.raises(ValueError, match=r"E019.*no column 'text'.*--text-field"):
        read_frame(tmp_path / "n.parquet")
    with pytest.raises(ValueError, match=r"E020.*not empty and has no _summary\.json"):
        (tmp_path / "mine").mkdir()
        (tmp_path / "mine" / "notes.txt").write_text("keep me")
        extract_to_parquet(_write_jsonl(tmp_path / "a.jsonl", BAD_ROWS[:1]), tmp_path / "mine")
    assert (tmp_path / "mine" / "notes.txt").read_text() == "keep me"
    with pytest.raises(ValueError, match=r"E020.*a folder"):
        extract_to_parquet(tmp_path / "a.jsonl", tmp_path / "claims.jsonl")


def test_a_bad_record_fails_with_the_local_engines_message(tmp_path):
    import dask.dataframe as dd
    import pandas as pd

    src = _write_jsonl(tmp_path / "feed.jsonl", BAD_ROWS[:2])
    (local,) = [r.problem for r in read_articles(src) if r.problem]  # what extract_to_file reports and skips
    assert local == f"{src}:2 (id angka): 'text' is int, expected a string"
    with pytest.raises(ValueError, match=r"\[E029\] bad article record") as exc:
        extract_frame(read_frame(src)).compute(scheduler="sync")
    assert local in str(exc.value)

    frame = dd.from_pandas(pd.DataFrame({"id": ["a", None], "text": ["Teks.", "Teks."]}), npartitions=1)
    with pytest.raises(ValueError, match=r"E029.*partition 0, row 1: no 'id' value"):
        extract_frame(frame).compute(scheduler="sync")
    numbers = dd.from_pandas(pd.DataFrame({"id": ["a"], "text": [5]}), npartitions=1)
    with pytest.raises(ValueError, match=r"E029.*partition 0, row 0 \(id a\): 'text' is int, expected a string"):
        extract_frame(numbers).compute(scheduler="sync")
    with pytest.raises(ValueError, match=r"E015.*errors"):
        extract_frame(frame, errors="ignore")
    with pytest.raises(ValueError, match=r"E019.*no column 'body'"):
        extract_frame(frame, text_column="body")


def test_skipped_bad_records_are_counted(tmp_path):
    src = _write_jsonl(tmp_path / "feed.jsonl", BAD_ROWS[1:7])  # one off-topic article: no model
    ddf = read_frame(src, partition_size=4)
    claims = extract_frame(ddf, errors="skip").compute(scheduler="sync")
    assert claims.empty and list(claims.columns) == claim_schema().names
    counts = article_counts(ddf).compute(scheduler="sync")
    problems = [p for ps in counts["problems"] for p in json.loads(ps)]
    assert (counts["articles"].sum(), counts["invalid"].sum()) == (1, 4)  # "Tanpa id." has an id: line3
    assert problems == [r.problem for r in read_articles(src) if r.problem]


# ---------------------------------------------------------------- on a LocalCluster


@pytest.fixture(scope="module")
def news(repo_root, tmp_path_factory):
    """200 short articles as JSONL: the heads of 150 corpus articles, 40 of them again under other ids,
    and 10 off-topic ones (which the prefilter skips)."""
    from jamsostek_ie.corpus.store import load_articles

    rows = [{"id": a.id, "text": _short(a.text), "published": a.meta.get("published")}
            for a in load_articles(repo_root)][:150]
    rows += [{**r, "id": r["id"] + "-again"} for r in rows[:40]]
    rows += [{"id": f"off{i}", "text": OFF_TOPIC[i % 2]} for i in range(10)]
    assert len(rows) == 200
    return _write_jsonl(tmp_path_factory.mktemp("news") / "news.jsonl", rows)


@pytest.fixture(scope="module")
def reference(news, shipped_nlp, tmp_path_factory):
    """The single-process ``extract`` output for ``news`` (with the prefilter, the dask engine's default), and
    how many articles the prefilter skipped: the 10 off-topic ones and the heads cut before the first mention."""
    out = tmp_path_factory.mktemp("reference") / "claims.parquet"
    res = extract_to_file(news, out, nlp=shipped_nlp, prefilter=True)
    assert res["articles"] == 200 and res["prefiltered"] >= 10 and res["claims"] > 100
    return _rows(out), res["prefiltered"]


@pytest.fixture(scope="module")
def client():
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None) as cluster, \
            Client(cluster) as c:
        yield c


def _loaded_models():
    from jamsostek_ie import dask as engine

    return sorted(engine._NLP)


@pytest.mark.slow
def test_claims_on_a_local_cluster_equal_the_local_engine(client, news, reference, shipped_nlp, tmp_path):
    out = tmp_path / "claims"
    res = extract_to_parquet(news, out, scheduler=client, model=shipped_nlp.path, partition_size=25)
    rows, prefiltered = reference
    assert _rows(out) == rows
    assert (res["articles"], res["prefiltered"], res["invalid"], res["claims"]) == (200, prefiltered, 0, len(rows))
    assert (res["partitions"], res["workers"]) == (8, 2)
    summary = json.loads((out / SUMMARY_FILE).read_text())
    assert summary["status"] == "done" and summary["prefiltered"] == prefiltered and summary["model"] == res["model"]
    # 8 partitions, one pipeline per worker process
    assert list(client.run(_loaded_models).values()) == [[str(shipped_nlp.path.resolve())]] * 2


@pytest.mark.slow
def test_a_worker_killed_mid_run_is_retried_and_every_article_is_written_once(client, news, reference, shipped_nlp,
                                                                             tmp_path):
    out = tmp_path / "claims"
    pids = client.run(os.getpid)
    victim = sorted(pids)[0]
    with ThreadPoolExecutor(1) as pool:
        run = pool.submit(extract_to_parquet, news, out, scheduler=client, model=shipped_nlp.path, partition_size=5)
        deadline = time.time() + 120
        while time.time() < deadline and not run.done():  # a partition written, the victim busy with another
            if any(out.glob("part-*.parquet")) and client.processing().get(victim):
                break
            time.sleep(0.02)
        assert not run.done(), "the run ended before a worker could be killed"
        os.kill(pids[victim], signal.SIGKILL)
        res = run.result(timeout=300)
    assert pids[victim] not in client.run(os.getpid).values()  # the nanny started a fresh worker process
    assert (res["articles"], res["partitions"]) == (200, 40)
    assert _rows(out) == reference[0]  # every claim once, none lost, none twice
    assert len(list(out.glob("part-*.parquet"))) == 40


@pytest.mark.slow
def test_cli_dask_engine_reports_bad_records_like_the_local_engine(client, repo_root, shipped_nlp, tmp_path):
    src = _write_jsonl(tmp_path / "feed.jsonl", [{"id": "a", "text": _short((repo_root / "corpus" / (
        "000_fc5a0832b3148d0c.txt")).read_text(encoding="utf-8"))}] + BAD_ROWS[1:3])
    local = [r.problem for r in read_articles(src) if r.problem]
    with pytest.raises(ValueError, match=r"E029") as exc:
        extract_frame(read_frame(src), model=shipped_nlp.path).compute()  # on the cluster: the worker's error
    assert local[0] in str(exc.value)
    out = tmp_path / "claims"
    res = CliRunner().invoke(app, ["extract", str(src), "--engine", "dask", "--scheduler", client.scheduler.address,
                                   "--model", str(shipped_nlp.path), "--output", str(out)])
    assert res.exit_code == 0, res.output
    assert [line for line in res.output.splitlines() if line.startswith("skipped: ")] == \
        [f"skipped: {p}" for p in local]
    assert "from 2 articles" in res.output and "on 2 Dask workers" in res.output and _rows(out)
    both = CliRunner().invoke(app, ["extract", str(src), "--engine", "dask", "--scheduler", "tcp://x:1",
                                    "--workers", "2", "--output", str(out)])
    assert both.exit_code == 2 and "E015" in both.output
