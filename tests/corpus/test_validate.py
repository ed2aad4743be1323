"""The validator: the repository passes; every broken fixture fails with a precise message."""
import hashlib
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jamsostek_ie.cli import app
from jamsostek_ie.corpus.validate import validate


def _gold(root: Path):
    return [json.loads(l) for l in (root / "annotations" / "gold.jsonl").read_text().splitlines() if l.strip()]


def _write_gold(root: Path, recs):
    (root / "annotations" / "gold.jsonl").write_text("".join(json.dumps(r) + "\n" for r in recs))


def _snapshot(root: Path):
    return {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_repository_validates(repo_root):
    report = validate(repo_root)
    assert report.errors == [], [str(p) for p in report.errors[:5]]
    assert report.n_articles >= 65


def test_mini_fixture_validates(mini_root):
    assert validate(mini_root).ok


def mutate_invalid_json(root):
    p = root / "annotations" / "gold.jsonl"
    p.write_text(p.read_text() + '{"id": "mini_003", "entities": [\n')


def mutate_duplicate_id(root):
    recs = _gold(root)
    _write_gold(root, recs + [recs[0]])


def mutate_unknown_id(root):
    recs = _gold(root)
    extra = dict(recs[0], id="nope_999")
    _write_gold(root, recs + [extra])


def mutate_hash(root):
    p = root / "corpus" / "mini_001.txt"
    p.write_text(p.read_text() + " (diubah)")


def mutate_offsets(root):
    recs = _gold(root)
    recs[0]["entities"][0]["end"] = 10_000
    _write_gold(root, recs)


def mutate_boundary(root):
    recs = _gold(root)
    recs[0]["entities"][1]["start"] += 1  # "35 Persen" → "5 Persen"
    _write_gold(root, recs)


def mutate_overlap(root):
    recs = _gold(root)
    e = recs[0]["entities"][1]
    recs[0]["entities"].append({"start": e["start"], "end": e["end"], "label": "COUNT"})
    _write_gold(root, recs)


def mutate_label(root):
    recs = _gold(root)
    recs[0]["entities"][0]["label"] = "PLACE"
    _write_gold(root, recs)


def mutate_relation_label(root):
    recs = _gold(root)
    recs[0]["relations"][0]["label"] = "LOCATED_IN"
    _write_gold(root, recs)


def mutate_relation_endpoint(root):
    recs = _gold(root)
    recs[0]["relations"][0]["child"] = 99
    _write_gold(root, recs)


def mutate_relation_types(root):
    recs = _gold(root)
    ents = recs[0]["entities"]
    region = next(i for i, e in enumerate(ents) if e["label"] == "REGION")
    pct = next(i for i, e in enumerate(ents) if e["label"] == "PERCENT")
    recs[0]["relations"].append({"head": pct, "child": region, "label": "CLAIMED_BY"})
    _write_gold(root, recs)


def mutate_cross_sentence(root):
    recs = _gold(root)
    ents = recs[0]["entities"]
    text = (root / "corpus" / "mini_001.txt").read_text()
    head = next(i for i, e in enumerate(ents) if text[e["start"]:e["end"]] == "35 Persen")
    child = next(i for i, e in enumerate(ents) if text[e["start"]:e["end"]] == "Kalimantan Barat")
    recs[0]["relations"].append({"head": head, "child": child, "label": "TARGET_OF"})
    _write_gold(root, recs)


CASES = [
    ("invalid_json", mutate_invalid_json, "E001", "annotations/gold.jsonl:3", "invalid JSON"),
    ("duplicate_id", mutate_duplicate_id, "E002", "annotations/gold.jsonl:3", "duplicate article id 'mini_001'"),
    ("unknown_id", mutate_unknown_id, "E003", "annotations/gold.jsonl:3", "unknown article id 'nope_999'"),
    ("hash_mismatch", mutate_hash, "E004", "annotations/gold.jsonl:1", "text hash mismatch for 'mini_001'"),
    ("offsets", mutate_offsets, "E005", "(article mini_001)", "out of range"),
    ("token_boundary", mutate_boundary, "E006", "(article mini_001)", "tokens there are ['35', 'Persen']"),
    ("overlap", mutate_overlap, "E007", "(article mini_001)", "overlaps entity"),
    ("unknown_label", mutate_label, "E008", "(article mini_001)", "unknown label 'PLACE'"),
    ("unknown_relation", mutate_relation_label, "E009", "(article mini_001)", "unknown label 'LOCATED_IN'"),
    ("missing_endpoint", mutate_relation_endpoint, "E010", "(article mini_001)", "child=99 does not exist"),
    ("forbidden_types", mutate_relation_types, "E011", "(article mini_001)",
     "CLAIMED_BY from PERCENT '35 Persen' to REGION 'Kalbar' is not allowed"),
]


@pytest.mark.parametrize("name,mutate,code,where,fragment", CASES, ids=[c[0] for c in CASES])
def test_each_broken_fixture_fails_precisely(mini_root, name, mutate, code, where, fragment):
    mutate(mini_root)
    before = _snapshot(mini_root)
    report = validate(mini_root)
    assert not report.ok
    hits = [p for p in report.errors if p.code == code]
    assert hits, [str(p) for p in report.problems]
    assert any(where in p.message and fragment in p.message for p in hits), [p.message for p in hits]
    assert _snapshot(mini_root) == before  # nothing modified


def test_forward_cross_sentence_relation_is_an_error(mini_root):
    """Schema v2: a relation may cross sentences only as a context link back to an earlier sentence; the
    headline's figure pointing forward to the lead's region is none."""
    mutate_cross_sentence(mini_root)
    report = validate(mini_root)
    assert not report.ok
    assert any(p.code == "E024" and "points forward" in p.message for p in report.errors)


def test_context_link_from_a_sentence_with_a_region_is_a_warning(mini_root):
    """The lead's 50 % target linked back to the headline's region although its own sentence names one
    (Kalbar): allowed only as the annotator's call (D43), so validation warns."""
    recs = _gold(mini_root)
    ents = recs[0]["entities"]
    text = (mini_root / "corpus" / "mini_001.txt").read_text()
    head = next(i for i, e in enumerate(ents) if text[e["start"]:e["end"]] == "50 %")
    child = next(i for i, e in enumerate(ents) if text[e["start"]:e["end"]] == "Kalbar" and e["start"] < 40)
    recs[0]["relations"] = [r for r in recs[0]["relations"] if r["head"] != head]
    recs[0]["relations"].append({"head": head, "child": child, "label": "TARGET_OF"})
    _write_gold(mini_root, recs)
    report = validate(mini_root)
    assert report.ok, [str(p) for p in report.errors]
    assert any(p.code == "W006" and "names a REGION" in p.message for p in report.warnings)


def test_all_problems_are_reported_in_one_run(mini_root):
    mutate_label(mini_root)
    mutate_relation_endpoint(mini_root)
    codes = {p.code for p in validate(mini_root).errors}
    assert {"E008", "E010"} <= codes


def test_bad_article_metadata(mini_root):
    p = mini_root / "corpus" / "articles.jsonl"
    recs = [json.loads(l) for l in p.read_text().splitlines()]
    recs[0]["split"] = "training"
    recs[1]["published"] = "kemarin"
    p.write_text("".join(json.dumps(r) + "\n" for r in recs))
    msgs = [p.message for p in validate(mini_root).errors]
    assert any("split: expected train/dev/test, found 'training'" in m for m in msgs)
    assert any("published: expected an ISO date" in m for m in msgs)


def test_cli_exit_codes_and_root_option(mini_root):
    runner = CliRunner()
    ok = runner.invoke(app, ["validate", "--root", str(mini_root)])
    assert ok.exit_code == 0 and "0 errors" in ok.output
    mutate_overlap(mini_root)
    bad = runner.invoke(app, ["validate", "--root", str(mini_root)])
    assert bad.exit_code == 1 and "E007" in bad.output
