"""The benchmark script runs and prints one JSON object with the documented keys."""
import json
import subprocess
import sys

import pytest


@pytest.mark.slow
def test_bench_json_has_the_documented_figures(repo_root):
    cmd = [sys.executable, str(repo_root / "benchmarks" / "bench.py"), "--json", "--repeats", "1", "--load-repeats", "1",
           "--limit", "12", "--n-process", "2"]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    for key in ("tokenizer_wps", "ner_wps", "pipeline_wps", "pipeline_wps_cold", "load_s", "model_mb",
                "peak_rss_mb",
                "pipeline_wps_n2", "n_process_speedup", "n_process_worker_peak_rss_mb", "peak_rss_mb_by_stage"):
        assert key in out, key
    assert out["tokenizer_wps"] > out["pipeline_wps"] > 0 and out["model_mb"] > 0
    stages = out["peak_rss_mb_by_stage"]
    assert list(stages)[:4] == ["load", "tokenizer", "plain_ner", "pipeline"]
    assert list(stages.values()) == sorted(stages.values())  # a running maximum
