"""Issue 14.7: the batch JSONL reader makes read_text's checks: non-UTF-8 lines are E013, a BOM is dropped."""
import json

import pytest

from jamsostek_ie.io.sources import read_articles


def test_jsonl_latin1_line_is_e013_naming_the_line(tmp_path):
    src = tmp_path / "a.jsonl"
    good = json.dumps({"id": "a", "text": "Cakupan 31,85 persen."}).encode()
    bad = '{"id": "b", "text": "Jaminan sosial d\xe9j\xe0 31 persen."}'.encode("latin-1")
    src.write_bytes(good + b"\n" + bad + b"\n" + good.replace(b'"a"', b'"c"') + b"\n")
    recs = list(read_articles(src))
    assert [r.id for r in recs] == ["a", "line2", "c"]
    assert recs[1].text is None and recs[1].problem.startswith("[E013]")
    assert f"{src}:2" in recs[1].problem and "0xe9" in recs[1].problem
    assert "\ufffd" not in (recs[0].text + recs[2].text)


def test_jsonl_utf8_bom_keeps_line_1_valid(tmp_path):
    src = tmp_path / "a.jsonl"
    src.write_bytes(b"\xef\xbb\xbf" + json.dumps({"id": "a", "text": "x"}).encode() + b"\r\n"
                    + json.dumps({"id": "b", "text": "y"}).encode() + b"\r\n")
    recs = list(read_articles(src))
    assert [(r.id, r.text, r.problem) for r in recs] == [("a", "x", None), ("b", "y", None)]


def test_jsonl_utf16_is_e013(tmp_path):
    src = tmp_path / "a.jsonl"
    src.write_bytes(json.dumps({"id": "a", "text": "x"}).encode("utf-16"))
    with pytest.raises(ValueError, match="E013.*UTF-16"):
        list(read_articles(src))
