"""Dask engine figures in one run: the relevance prefilter's words/s, extraction throughput on a local
Dask cluster of 1 and of 2 worker processes, where the time goes, and the peak memory per worker.

    python benchmarks/bench_dask.py                 # readable report (~7 min on a busy 2-core machine)
    python benchmarks/bench_dask.py --json          # one JSON object

Figures: prefilter_wps_offtopic: words/s of ``prefilter.is_relevant`` over the corpus with every mention
masked (each article scanned to its end: the common case in a crawl) and prefilter_wps_corpus over the
corpus as it is (the scan stops at the first mention), median of ``--repeats`` passes, one core.
dask_wps_n1 / dask_wps_n2: words/s of ``jamsostek_ie.dask.extract_to_parquet`` over the corpus repeated
``--copies`` times (unique ids), with the workers started and the pipeline loaded beforehand (their
costs are cluster_start_s and load_s), median of ``--repeats`` runs; speedup_n2 is their ratio.
local_wps: one pass of the local engine (``extract_to_file``, one process, same articles). For each
worker count: busy (the share of worker time spent inside tasks, from the task stream), cpu (worker
CPU seconds per wall-clock second per worker: below busy when other processes took the cores),
words_per_cpu_s (words per worker CPU second: the speed a worker would have on a core of its own) and
the seconds per task kind; speedup_n2 is measured, speedup_n2_a_core_each what 2 workers would give
over 1 with a core each (2 x words_per_cpu_s_n2 x busy_n2 / (words_per_cpu_s_n1 x busy_n1)): on a
shared machine the two differ by the CPU the other processes took. worker_rss_after_load_mb /
worker_peak_rss_mb: the largest worker's resident memory after loading the pipeline and its peak
after the runs (``ru_maxrss``).
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _worker_usage():
    import resource

    r = resource.getrusage(resource.RUSAGE_SELF)
    return {"cpu": r.ru_utime + r.ru_stime, "peak_mb": r.ru_maxrss / 1024}


def prefilter_speed(texts, repeats: int) -> dict:
    from jamsostek_ie.text.prefilter import is_relevant, relevance_pattern

    masked = [relevance_pattern().sub("XXX", t) for t in texts]
    out = {"corpus_articles": len(texts), "corpus_articles_prefiltered": sum(not is_relevant(t) for t in texts)}
    for name, sample in (("offtopic", masked * 10), ("corpus", texts * 10)):
        words = sum(len(t.split()) for t in sample)
        rates = []
        for _ in range(repeats):
            t = time.perf_counter()
            for text in sample:
                is_relevant(text)
            rates.append(words / (time.perf_counter() - t))
        out[f"prefilter_wps_{name}"] = round(statistics.median(rates))
    return out


def _task_kinds(stream) -> dict:
    """Seconds of compute per task kind (the key name without its token)."""
    kinds: dict = {}
    for task in stream:
        name = task["key"][0] if isinstance(task["key"], tuple) else task["key"]
        kind = str(name).rsplit("-", 1)[0]
        secs = sum(s["stop"] - s["start"] for s in task["startstops"] if s["action"] == "compute")
        kinds[kind] = kinds.get(kind, 0.0) + secs
    return {k: round(v, 2) for k, v in sorted(kinds.items(), key=lambda kv: -kv[1]) if v >= 0.01}


def dask_speed(src: Path, tmp: Path, n_workers: int, words: int, args) -> dict:
    from distributed import Client, LocalCluster, get_task_stream

    from jamsostek_ie.dask import extract_to_parquet, preload

    t = time.perf_counter()
    with LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        started = time.perf_counter() - t
        t = time.perf_counter()
        client.run(preload, args.model)
        load_s = time.perf_counter() - t
        after_load = max(u["peak_mb"] for u in client.run(_worker_usage).values())
        runs = []
        for i in range(args.repeats):
            before = client.run(_worker_usage)
            with get_task_stream(client) as ts:
                t = time.perf_counter()
                res = extract_to_parquet(src, tmp / f"out-{n_workers}-{i}", scheduler=client, model=args.model,
                                         partition_size=args.partition_size)
                wall = time.perf_counter() - t
            after = client.run(_worker_usage)
            cpu = sum(after[w]["cpu"] - before[w]["cpu"] for w in after if w in before)
            busy = sum(s["stop"] - s["start"] for task in ts.data for s in task["startstops"]
                       if s["action"] == "compute")
            runs.append({"wall_s": wall, "busy": busy / (wall * n_workers), "cpu": cpu / (wall * n_workers),
                         "words_per_cpu_s": words / cpu,
                         "kinds": _task_kinds(ts.data), "claims": res["claims"], "partitions": res["partitions"]})
        peak = max(u["peak_mb"] for u in client.run(_worker_usage).values())
    mid = sorted(runs, key=lambda r: r["wall_s"])[len(runs) // 2]
    return {f"dask_wps_n{n_workers}": round(words / mid["wall_s"]),
            f"dask_wall_s_n{n_workers}": round(mid["wall_s"], 2),
            f"busy_n{n_workers}": round(mid["busy"], 3), f"cpu_n{n_workers}": round(mid["cpu"], 3),
            f"words_per_cpu_s_n{n_workers}": round(mid["words_per_cpu_s"]),
            f"task_seconds_n{n_workers}": mid["kinds"], f"cluster_start_s_n{n_workers}": round(started, 2),
            f"load_s_n{n_workers}": round(load_s, 2), f"worker_rss_after_load_mb_n{n_workers}": round(after_load, 1),
            f"worker_peak_rss_mb_n{n_workers}": round(peak, 1), "claims": mid["claims"],
            "partitions": mid["partitions"]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--copies", type=int, default=2, help="the corpus repeated this many times (unique ids)")
    ap.add_argument("--partition-size", type=int, default=32, help="articles per Dask partition")
    ap.add_argument("--model", default=str(ROOT / "ner_model"))
    ap.add_argument("--workers", default="1,2", help="worker counts to time, comma-separated")
    args = ap.parse_args()

    from jamsostek_ie.io.batch import extract_to_file
    from jamsostek_ie.corpus import load_articles

    arts = load_articles(ROOT)
    out = {"cpu_count": os.cpu_count(), "loadavg_start": [round(x, 2) for x in os.getloadavg()]}
    out.update(prefilter_speed([a.text for a in arts], args.repeats))
    rows = [{"id": f"{a.id}#{k}", "text": a.text, "published": a.meta.get("published")}
            for k in range(args.copies) for a in arts]
    words = sum(len(r["text"].split()) for r in rows)
    out.update(n_articles=len(rows), n_words=words, partition_size=args.partition_size, repeats=args.repeats)
    with tempfile.TemporaryDirectory(prefix="bench-dask-") as tmp:
        tmp = Path(tmp)
        src = tmp / "news.jsonl"
        src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
        for n in [int(x) for x in args.workers.split(",")]:
            out.update(dask_speed(src, tmp, n, words, args))
        import jamsostek_ie

        nlp = jamsostek_ie.load(args.model)
        cpu, t = _worker_usage()["cpu"], time.perf_counter()
        extract_to_file(src, tmp / "local.parquet", nlp=nlp, prefilter=True)
        out["local_wps"] = round(words / (time.perf_counter() - t))
        out["local_words_per_cpu_s"] = round(words / (_worker_usage()["cpu"] - cpu))
    if "dask_wps_n1" in out and "dask_wps_n2" in out:
        out["speedup_n2"] = round(out["dask_wps_n2"] / out["dask_wps_n1"], 3)
        # what the same workers would do with a core each: words per CPU second x workers x time in tasks
        out["speedup_n2_a_core_each"] = round(2 * out["words_per_cpu_s_n2"] * out["busy_n2"] /
                                              (out["words_per_cpu_s_n1"] * out["busy_n1"]), 3)
    out["loadavg_end"] = [round(x, 2) for x in os.getloadavg()]
    if args.json:
        print(json.dumps(out))
    else:
        for k, v in out.items():
            print(f"{k:>32}: {v}")


if __name__ == "__main__":
    main()
