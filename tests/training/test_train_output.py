"""Issue 14.1: `train --output` refuses targets that are not pipelines written by `train`, before training."""
import os

import pytest
from typer.testing import CliRunner

from jamsostek_ie.cli import app
from jamsostek_ie.training.train import check_output_target, clean_stale_work_dirs, train


def _no_training(monkeypatch):
    import spacy.cli.train as st

    def boom(*a, **k):
        raise AssertionError("training started although the target is refused")

    monkeypatch.setattr(st, "train", boom)


def test_train_output_folder_that_is_not_a_pipeline_is_refused_untouched(mini_root, tmp_path, monkeypatch):
    _no_training(monkeypatch)
    out = tmp_path / "mine"
    out.mkdir()
    (out / "thesis.docx").write_text("precious")
    res = CliRunner().invoke(app, ["train", "--root", str(mini_root), "--config", "tiny", "--output", str(out)])
    assert res.exit_code == 1
    assert "E020" in res.output and "not a pipeline" in res.output
    assert (out / "thesis.docx").read_text() == "precious"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine", "mini"]


def test_train_output_that_is_a_file_is_refused_untouched(mini_root, tmp_path, monkeypatch):
    _no_training(monkeypatch)
    out = tmp_path / "model.bin"
    out.write_text("weights of something else")
    with pytest.raises(ValueError, match="E020.*a file"):
        train(mini_root, config="tiny", output=out)
    assert out.is_file() and out.read_text() == "weights of something else"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mini", "model.bin"]


def test_train_output_real_pipeline_or_empty_folder_is_accepted(tmp_path):
    pipe = tmp_path / "pipe"
    pipe.mkdir()
    (pipe / "meta.json").write_text('{"name": "jamsostek_ie", "data_sha256": "ab"}')
    (pipe / "config.cfg").write_text("[nlp]\n")
    check_output_target(pipe)
    (tmp_path / "empty").mkdir()
    check_output_target(tmp_path / "empty")
    check_output_target(tmp_path / "new")
    (pipe / "meta.json").write_text('{"name": "other"}')
    with pytest.raises(ValueError, match="E020"):
        check_output_target(pipe)


def test_train_stale_work_dirs_of_killed_runs_are_cleaned(tmp_path):
    dead = tmp_path / ".train-dead"
    dead.mkdir()
    (dead / "junk").write_text("x")
    orphan = tmp_path / ".train-nopid"
    orphan.mkdir()
    live = tmp_path / ".train-live"
    live.mkdir()
    (live / ".owner-pid").write_text(str(os.getppid()))  # a process that is alive
    pid = os.fork()
    if pid == 0:
        os._exit(0)
    os.waitpid(pid, 0)
    (dead / ".owner-pid").write_text(str(pid))  # a process that is gone
    removed = clean_stale_work_dirs(tmp_path)
    assert sorted(p.name for p in removed) == [".train-dead", ".train-nopid"]
    assert live.exists() and not dead.exists() and not orphan.exists()
