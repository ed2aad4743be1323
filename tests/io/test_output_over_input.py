"""Issue 14.4: an output that is one of the inputs is refused in every mode, before anything is read."""
import pytest
from typer.testing import CliRunner

from jamsostek_ie.cli import app
from jamsostek_ie.io.batch import extract_to_file
from jamsostek_ie.io.sources import check_outputs_not_inputs

ARTICLE = "Cakupan di Jawa Barat 31,85 persen.\n"


def test_extract_output_over_input_article_file_is_refused(tmp_path):
    art = tmp_path / "art.txt"
    art.write_text(ARTICLE)
    res = CliRunner().invoke(app, ["extract", str(art), "--output", str(art)])
    assert res.exit_code == 2 and "E020" in res.output and "is the input" in res.output
    assert art.read_text() == ARTICLE
    res = CliRunner().invoke(app, ["extract", str(art), "--html", str(tmp_path / "." / "art.txt")])
    assert res.exit_code == 2 and art.read_text() == ARTICLE


def test_extract_output_over_input_jsonl_no_resume_is_refused(tmp_path):
    src = tmp_path / "x.jsonl"
    body = '{"id": "a", "text": "Cakupan 31,85 persen."}\n'
    src.write_text(body)
    res = CliRunner().invoke(app, ["extract", str(src), "--output", str(src), "--no-resume"])
    assert res.exit_code == 2 and "E020" in res.output
    assert src.read_text() == body
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.jsonl"]
    with pytest.raises(ValueError, match="E020"):
        extract_to_file(src, tmp_path / "sub" / ".." / "x.jsonl", resume=False, nlp=object())


def test_extract_output_folder_holding_the_input_is_refused(tmp_path):
    out = tmp_path / "claims.parquet"
    out.mkdir()
    src = out / "in.jsonl"
    src.write_text("{}\n")
    with pytest.raises(ValueError, match="E020.*holding the input"):
        check_outputs_not_inputs([src], [out])
    folder = tmp_path / "texts"
    folder.mkdir()
    with pytest.raises(ValueError, match="E020"):
        check_outputs_not_inputs([folder / "a.txt"], [folder])
    check_outputs_not_inputs([folder], [tmp_path / "claims.jsonl"])  # a different path is fine


def test_extract_output_over_input_hard_link_is_refused(tmp_path):
    import os

    art = tmp_path / "a.txt"
    art.write_text(ARTICLE)
    os.link(art, tmp_path / "b.txt")
    with pytest.raises(ValueError, match="E020"):
        check_outputs_not_inputs([art], [tmp_path / "b.txt"])
