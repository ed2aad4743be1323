"""Issue 14.8: an over-long (or badly formed) id is refused before anything is written."""
import json
from pathlib import Path

import pytest

from jamsostek_ie.corpus.interchange import import_export
from jamsostek_ie.corpus.store import compile_markup
from jamsostek_ie.corpus.validate import MAX_ID_LENGTH, id_problem

EXPORTS = Path(__file__).resolve().parents[1] / "fixtures" / "exports"


def _snapshot(root: Path) -> dict:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _markup(aid: str) -> str:
    return (f"id: {aid}\ntitle: t\noutlet: x.id\npublished: 2024-01-01\nurl: https://x.id/a\norigin: written\n"
            "split: train\n---\nCakupan di [Jawa Barat](REGION) mencapai [31,85 persen](PERCENT).\n")


def test_compile_over_long_id_writes_nothing(mini_root, tmp_path):
    (tmp_path / "a.ann").write_text(_markup("ok_first"))
    (tmp_path / "b.ann").write_text(_markup("x" * 250))
    before = _snapshot(mini_root)
    with pytest.raises(ValueError, match=f"at most {MAX_ID_LENGTH} characters") as exc:
        compile_markup([tmp_path / "a.ann", tmp_path / "b.ann"], mini_root)
    assert "b.ann" in str(exc.value)
    assert _snapshot(mini_root) == before


def test_import_over_long_id_writes_nothing(mini_root, tmp_path):
    rec = json.loads((EXPORTS / "doccano_export.jsonl").read_text().splitlines()[0])
    rec["id"] = "y" * 250
    src = tmp_path / "long.jsonl"
    src.write_text(json.dumps(rec) + "\n")
    before = _snapshot(mini_root)
    with pytest.raises(ValueError, match="E012.*at most 120 characters"):
        import_export(src, fmt="doccano", root=mini_root)
    assert _snapshot(mini_root) == before


def test_id_checks_length_and_characters():
    assert id_problem("a" * MAX_ID_LENGTH) is None
    assert id_problem("a" * (MAX_ID_LENGTH + 1)) is not None
    assert id_problem("abc\n") is not None and id_problem("a/b") is not None and id_problem(7) is not None
