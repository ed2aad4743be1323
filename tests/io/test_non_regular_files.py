"""Issue 14.5: a FIFO (or other non-regular file) named *.txt / *.jsonl is skipped or refused, never read."""
import os
import signal

import pytest
from typer.testing import CliRunner

from jamsostek_ie.io.fileio import read_text
from jamsostek_ie.io.sources import read_articles
from tests.stub_pipeline import stub_nlp

TEXT = "Cakupan kepesertaan BPJS Ketenagakerjaan di Jawa Barat mencapai 31,85 persen.\n"


@pytest.fixture(autouse=True)
def no_hang():
    def boom(*_):
        raise TimeoutError("blocked on a FIFO")

    old = signal.signal(signal.SIGALRM, boom)
    signal.alarm(20)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, old)


def test_fifo_txt_in_a_folder_is_skipped_with_its_name(tmp_path):
    from jamsostek_ie.io.batch import extract_to_file

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(TEXT)
    os.mkfifo(tmp_path / "in" / "b.txt")
    recs = list(read_articles(tmp_path / "in"))
    assert [r.id for r in recs] == ["a", "b"] and recs[0].problem is None
    assert "FIFO" in recs[1].problem and "b.txt" in recs[1].problem
    res = extract_to_file(tmp_path / "in", tmp_path / "c.jsonl", nlp=stub_nlp())
    assert res["articles"] == 1 and res["claims"] == 1 and res["invalid"] == 1
    assert any("FIFO" in p for p in res["problems"])


def test_fifo_named_directly_is_skipped_or_refused(tmp_path, monkeypatch):
    import jamsostek_ie.api as api
    from jamsostek_ie.cli import app

    fifo = tmp_path / "x.txt"
    os.mkfifo(fifo)
    with pytest.raises(ValueError, match="E013.*FIFO"):
        read_text(fifo)
    os.mkfifo(tmp_path / "x.jsonl")
    with pytest.raises(ValueError, match="E019.*FIFO"):
        list(read_articles(tmp_path / "x.jsonl"))
    (tmp_path / "ok.txt").write_text(TEXT)
    nlp = stub_nlp()
    monkeypatch.setattr(api, "load_cached", lambda model=None: nlp)
    res = CliRunner().invoke(app, ["extract", str(fifo), str(tmp_path / "ok.txt"), "--format", "jsonl"])
    assert res.exit_code == 0, res.output
    assert "not a regular file but a FIFO; skipped" in res.output and "31,85 persen" in res.output
