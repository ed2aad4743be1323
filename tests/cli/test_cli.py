"""The CLI's plain functions (what each command wraps) and the shared pipeline of CLI tests."""
import json

import pytest
from typer.testing import CliRunner

from jamsostek_ie.cli import app
from jamsostek_ie.cli.extract_command import check_file_inputs, claims_table, format_claims
from jamsostek_ie.cli.model_commands import run_evaluation
from jamsostek_ie.errors import JamsostekError

TEXT = ("SURABAYA - BPJS Ketenagakerjaan Kanwil Jawa Timur mencatat cakupan kepesertaan di Jawa Timur "
        "mencapai 41,2 persen hingga Oktober 2024.")


def test_cli_commands_share_the_session_pipeline(repo_root, shipped_nlp):
    from jamsostek_ie.api import load_cached

    assert load_cached(repo_root / "ner_model") is shipped_nlp


def test_input_errors_carry_their_code(tmp_path):
    with pytest.raises(JamsostekError, match="--format") as exc:
        check_file_inputs([tmp_path / "a.txt"], fmt="xml", html_report=None)
    assert exc.value.code == "E015"
    with pytest.raises(JamsostekError, match="--html") as exc:
        check_file_inputs([tmp_path], fmt="table", html_report=tmp_path / "r.html")
    assert exc.value.code == "E015"
    assert check_file_inputs([tmp_path], fmt="xml", html_report=None) is True
    with pytest.raises(JamsostekError, match="both options") as exc:
        run_evaluation(None, split="test", root=None, gold=tmp_path / "gold.jsonl", texts=None)
    assert exc.value.code == "E015"


def test_formats_of_claims(shipped_nlp):
    import jamsostek_ie

    claims = jamsostek_ie.extract(TEXT, published="2024-11-02", nlp=shipped_nlp)
    assert claims
    rows = [json.loads(line) for line in format_claims(claims, "jsonl").splitlines()]
    assert [r["value"] for r in rows] == [c.value for c in claims]
    assert format_claims(claims, "csv").startswith("article_id,")
    table = format_claims(claims, "table")
    assert "41.2%" in table and table.endswith(f"\n{len(claims)} claims\n")
    assert claims_table(jamsostek_ie.claims_to_frame([])) == "no coverage claims found\n"


def test_cli_errors_exit_2_with_the_code(tmp_path):
    res = CliRunner().invoke(app, ["extract", str(tmp_path / "a.txt"), "--format", "xml"])
    assert res.exit_code == 2 and "[E015] --format" in res.output
