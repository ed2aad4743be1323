"""Bad files: malformed JSON lines, non-UTF-8, BOM, CRLF → a clear error or correct handling, no partial write."""
import json
import os

import pytest
from typer.testing import CliRunner

from jamsostek_ie.cli import app
from jamsostek_ie.io.fileio import atomic_write_text, iter_jsonl, read_jsonl, read_text

ARTICLE = ("Cakupan Jamsostek Jatim Tembus 41 Persen\n"
           "SURABAYA – BPJS Ketenagakerjaan Kanwil Jawa Timur mencatat cakupan kepesertaan di Jawa Timur "
           "mencapai 41,2 persen hingga Oktober 2024.")


def test_windows_1252_file_names_file_line_byte_and_fix(tmp_path):
    p = tmp_path / "berita.txt"
    p.write_bytes(ARTICLE.encode("cp1252"))  # the en dash is 0x96 in Windows-1252
    with pytest.raises(ValueError) as exc:
        read_text(p)
    msg = str(exc.value)
    assert msg.startswith(f"[E013] {p}:2:") and "0x96" in msg and "column 10" in msg and "iconv" in msg


def test_utf16_file_is_recognised(tmp_path):
    p = tmp_path / "berita.txt"
    p.write_bytes(ARTICLE.encode("utf-16"))
    with pytest.raises(ValueError, match="E013.*UTF-16"):
        read_text(p)


def test_bom_and_crlf_are_normalised(tmp_path):
    p = tmp_path / "berita.txt"
    p.write_bytes(b"\xef\xbb\xbf" + ARTICLE.replace("\n", "\r\n").encode("utf-8"))
    assert read_text(p) == ARTICLE
    q = tmp_path / "old_mac.txt"
    q.write_bytes(ARTICLE.replace("\n", "\r").encode("utf-8"))
    assert read_text(q) == ARTICLE


def test_missing_file_is_e013(tmp_path):
    with pytest.raises(ValueError, match="E013.*nope.txt"):
        read_text(tmp_path / "nope.txt")


def test_malformed_json_lines_are_located(tmp_path):
    p = tmp_path / "a.jsonl"
    p.write_bytes(b'\xef\xbb\xbf{"id": "a"}\r\n\r\n{"id": "b",\r\n[1, 2]\r\n{"id": "c"}\r\n')
    rows = list(iter_jsonl(p))
    assert [no for no, _ in rows] == [1, 3, 4, 5]
    assert rows[0][1] == {"id": "a"} and rows[3][1] == {"id": "c"}
    assert isinstance(rows[1][1], ValueError) and f"{p}:3: invalid JSON" in str(rows[1][1])
    assert "expected an object, found list" in str(rows[2][1])
    with pytest.raises(ValueError, match=r"E001.*a\.jsonl:3"):
        read_jsonl(p)


def test_atomic_write_never_leaves_a_partial_file(tmp_path):
    p = tmp_path / "out.jsonl"
    p.write_text("old content\n")
    with pytest.raises(UnicodeEncodeError):
        atomic_write_text(p, "x" * 100_000 + "\ud800")  # a lone surrogate cannot be encoded: fails mid-write
    assert p.read_text() == "old content\n"
    assert os.listdir(tmp_path) == ["out.jsonl"]  # no temporary file left behind
    atomic_write_text(p, "new\n")
    assert p.read_text() == "new\n"


def test_atomic_write_gives_normal_permissions(tmp_path):
    old = os.umask(0o022)
    try:
        atomic_write_text(tmp_path / "report.html", "<p>x</p>")
        assert (tmp_path / "report.html").stat().st_mode & 0o777 == 0o644  # not mkstemp's 0600
        (tmp_path / "report.html").chmod(0o640)
        atomic_write_text(tmp_path / "report.html", "<p>y</p>")
        assert (tmp_path / "report.html").stat().st_mode & 0o777 == 0o640  # an existing file keeps its mode
    finally:
        os.umask(old)


def test_markup_file_in_windows_1252_is_one_clear_problem(tmp_path):
    from jamsostek_ie.corpus.markup import read_markup

    p = tmp_path / "w999.ann"
    p.write_bytes("id: w999\n---\nBANDUNG – [Jawa Barat](REGION)\n".encode("cp1252"))
    art = read_markup(p)
    assert [pr.code for pr in art.problems] == ["E013"]
    assert "w999.ann:3" in art.problems[0].message and "0x96" in art.problems[0].message


@pytest.mark.slow
def test_cli_extract_writes_nothing_when_one_input_is_bad(tmp_path, shipped_nlp, repo_root):
    good = tmp_path / "good.txt"
    good.write_bytes(b"\xef\xbb\xbf" + ARTICLE.replace("\n", "\r\n").encode("utf-8"))
    bad = tmp_path / "bad.txt"
    bad.write_bytes(ARTICLE.encode("cp1252"))
    out, report = tmp_path / "claims.jsonl", tmp_path / "report.html"
    runner = CliRunner()
    args = ["extract", str(good), str(bad), "--format", "jsonl", "--output", str(out), "--html", str(report),
            "--model", str(repo_root / "ner_model")]
    res = runner.invoke(app, args)
    assert res.exit_code == 2 and "E013" in res.output and "bad.txt:2" in res.output
    assert not out.exists() and not report.exists()
    res = runner.invoke(app, args[:2] + args[3:])  # the good file alone: BOM and CRLF handled
    assert res.exit_code == 0, res.output
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert any(r["value"] == 41.2 for r in rows)
    text = ARTICLE  # offsets index the normalised text (BOM dropped, CRLF → LF)
    assert all(text[r["figure_start"]:r["figure_end"]] == r["figure"] for r in rows)
    assert report.exists() and "claim-row" in report.read_text()


@pytest.mark.slow
def test_cli_reads_html_pages_and_reports_foreign_text(tmp_path, repo_root):
    head, body = ARTICLE.split("\n", 1)
    page = tmp_path / "halaman.html"
    page.write_text(f"<html><head><style>p {{}}</style></head><body><nav>Beranda</nav><h1>{head}</h1>"
                    f"<p>{body.replace('41,2 persen', '<b>41,2</b>&nbsp;persen')}</p></body></html>", encoding="utf-8")
    english = tmp_path / "english.txt"
    english.write_text("Coverage in Jakarta reached 60 percent in 2023, the agency said, and it is rising.\n")
    res = CliRunner().invoke(app, ["extract", str(page), str(english), "--format", "jsonl",
                                   "--model", str(repo_root / "ner_model")])
    assert res.exit_code == 0, res.output
    rows = [json.loads(line) for line in res.stdout.splitlines() if line.startswith("{")]
    assert {r["article_id"] for r in rows} == {"halaman"} and any(r["value"] == 41.2 for r in rows)
    assert "warning: [W003] english" in res.output
