"""Claim matching, per-field accuracy, P/R by score, and scoring an external gold set whose texts live
outside the repository (missing or changed texts are skipped and listed, never scored)."""
from __future__ import annotations

import json

import pytest

from jamsostek_ie.corpus.gold_sets import gold_claims_from_record, load_gold_set, normalise_page_text
from jamsostek_ie.domain.claims import CoverageClaim, Evidence, GoldClaim, same_value
from jamsostek_ie.domain.regions import resolve_region
from jamsostek_ie.pipeline.rel_scoring import calibrate, fit_calibration
from jamsostek_ie.training.scoring import FieldAccuracy, match_claims, same_organisation, threshold_table


def _pred(kind, value, region, start=0, score=0.9, context=False):
    return CoverageClaim(kind=kind, figure=str(value), label="PERCENT", value=value, qualifier="exact", upper=None,
                         unit="percent", region=resolve_region(region), org=None, workforce=None, money=(),
                         regulations=(), period=None, evidence=Evidence("a", "s", 0, 1, start, start + 2),
                         score=score, context=context)


def test_values_match_within_half_a_percent():
    assert same_value(41.2, 41.3) and same_value(1_000_000, 1_004_000)
    assert not same_value(41.2, 41.5) and not same_value(1_000_000, 1_006_000)
    assert same_value(None, None) and not same_value(None, 3.0)


def test_one_gold_claim_per_prediction_and_region_by_code():
    gold = [GoldClaim("achieved", 31.85, region="Jawa Barat", region_code="32", figure_start=10),
            GoldClaim("target", 70.0, region="Jabar")]  # an alias resolves to the same code
    pred = [_pred("achieved", 31.85, "Jabar", start=10), _pred("achieved", 31.85, "Jawa Barat", start=50),
            _pred("target", 70.0, "Provinsi Jawa Barat"), _pred("target", 70.0, "Jawa Tengah")]
    pairs, fp, fn = match_claims(pred, gold)
    assert pairs == [(0, 0), (2, 1)] and fp == [1, 3] and fn == []


def test_kind_must_agree():
    pairs, fp, fn = match_claims([_pred("target", 31.85, "Jawa Barat")], [GoldClaim("achieved", 31.85, region="Jawa Barat")])
    assert pairs == [] and fp == [0] and fn == [0]


def test_field_accuracy_counts_figures_with_the_same_kind():
    gold = [GoldClaim("achieved", 31.85, unit="percent", region="Jawa Barat", region_code="32", period_year=2023,
                      figure_start=0)]
    fields = FieldAccuracy()
    fields.add([_pred("achieved", 31.85, "Jawa Tengah", start=0)], gold, article_id="a")
    res = fields.to_dict()
    assert res["n"] == 1 and res["region"] == 0.0 and res["value"] == 1.0 and res["period"] == 0.0
    assert {e["field"] for e in fields.errors} == {"region", "period"}


def test_organisations_match_by_canonical_name_and_office_region():
    assert same_organisation("BPJamsostek Jabar", "BPJS Ketenagakerjaan Kanwil Jawa Barat")
    assert not same_organisation("BPJS Ketenagakerjaan Kanwil Jawa Barat", "BPJS Ketenagakerjaan Kanwil Jawa Timur")
    assert same_organisation(None, None) and not same_organisation("Pemkab Gianyar", None)


def test_threshold_table_trades_recall_for_precision():
    gold = [GoldClaim("achieved", 10.0, region="Aceh"), GoldClaim("achieved", 20.0, region="Aceh")]
    pred = [_pred("achieved", 10.0, "Aceh", score=0.95), _pred("achieved", 30.0, "Aceh", score=0.4),
            _pred("achieved", 20.0, "Aceh", score=0.6)]
    rows = {r["threshold"]: r for r in threshold_table([(pred, gold)], thresholds=(0.0, 0.5, 0.9))}
    assert rows[0.0]["claims"] == 3 and rows[0.0]["r"] == 1.0 and rows[0.0]["p"] == pytest.approx(2 / 3, abs=1e-3)
    assert rows[0.5]["p"] == 1.0 and rows[0.5]["r"] == 1.0
    assert rows[0.9]["claims"] == 1 and rows[0.9]["r"] == 0.5


def test_calibration_is_monotonic_and_maps_scores_to_hit_rates():
    table = fit_calibration([0.2, 0.3, 0.4, 0.6, 0.7, 0.9], [False, True, False, True, True, True])
    values = [calibrate(s, table) for s in (0.1, 0.35, 0.65, 0.95)]
    assert values == sorted(values) and values[-1] == 1.0 and values[0] == 0.0


def test_realdev_style_claims_are_aligned_to_their_figures():
    rec = {"entities": [{"start": 0, "end": 4, "label": "REGION", "text": "Aceh"},
                        {"start": 10, "end": 19, "label": "PERCENT", "text": "23 persen"},
                        {"start": 30, "end": 39, "label": "PERCENT", "text": "43 persen"}],
           "relations": [{"head": 2, "child": 0, "label": "TARGET_OF", "context": True},
                         {"head": 1, "child": 0, "label": "COVERAGE_OF", "context": False}],
           "claims": [{"kind": "achieved", "value": 23, "region": "Aceh", "context": False},
                      {"kind": "target", "value": 43, "region": "Aceh", "context": True}]}
    claims = gold_claims_from_record(rec)
    assert [(c.figure_start, c.context) for c in claims] == [(10, False), (30, True)]


@pytest.fixture()
def external(tmp_path, repo_root):
    """A two-record external gold set built from the mini fixture: one text present, one missing,
    one changed; the texts folder lives outside the gold folder."""
    mini = repo_root / "tests" / "fixtures" / "mini"
    gold_dir, texts = tmp_path / "gold", tmp_path / "texts"
    gold_dir.mkdir()
    texts.mkdir()
    records = [json.loads(line) for line in (mini / "annotations" / "gold.jsonl").read_text().splitlines()]
    records.append(dict(records[0], id="mini_missing"))
    records.append(dict(records[1], id="mini_changed"))
    (gold_dir / "gold.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    text1 = (mini / "corpus" / "mini_001.txt").read_text()
    (texts / "mini_001.txt").write_text(text1.replace(" ", "\u00a0", 1))  # no-break space: normalised away
    (texts / "mini_002.txt").write_text((mini / "corpus" / "mini_002.txt").read_text())
    (texts / "mini_changed.txt").write_text("Teks yang lain sama sekali.")
    return gold_dir / "gold.jsonl", texts


def test_external_gold_set_skips_missing_and_changed_texts(external):
    gold, texts = external
    articles, skipped = load_gold_set(gold, texts)
    assert [a.id for a in articles] == ["mini_001", "mini_002"]
    assert {s["id"] for s in skipped} == {"mini_missing", "mini_changed"}
    assert "no text" in next(s["reason"] for s in skipped if s["id"] == "mini_missing")
    assert "differs" in next(s["reason"] for s in skipped if s["id"] == "mini_changed")
    assert "\u00a0" not in articles[0].text  # scored on the normalised text the offsets index
    assert normalise_page_text("a\u00a0b\u200bc") == "a bc"


def test_external_gold_set_errors_name_the_path(tmp_path):
    with pytest.raises(ValueError, match="expected a gold JSONL file"):
        load_gold_set(tmp_path / "nope.jsonl", tmp_path)
    (tmp_path / "g.jsonl").write_text("")
    with pytest.raises(ValueError, match="expected a folder of <id>.txt texts"):
        load_gold_set(tmp_path / "g.jsonl", tmp_path / "missing")


def test_evaluate_gold_reports_v1_v2_fields_thresholds_and_skips(external, shipped_nlp):
    from jamsostek_ie.training.evaluate import evaluate_gold, format_markdown

    gold, texts = external
    res = evaluate_gold(gold, texts, shipped_nlp)
    assert res["n_docs"] == 2 and {s["id"] for s in res["skipped"]} == {"mini_missing", "mini_changed"}
    for key in ("claims_v1", "claims_no_context", "claims_builder"):
        assert set(res[key]) == {"p", "r", "f", "support"}
    assert res["claims_builder"]["f"] == 1.0  # the mini gold claims are what the builder makes of its relations
    assert [r["threshold"] for r in res["claims_by_threshold"]][:2] == [0.0, 0.3]
    assert set(res["claim_fields"]) == {"n", "region", "value", "qualifier", "unit", "period", "org"}
    report = format_markdown(res)
    assert "Skipped" in report and "mini_missing" in report and "Claims by score threshold" in report
