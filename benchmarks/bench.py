"""Speed, load time and size of the shipped pipeline, measured in one run.

    python benchmarks/bench.py            # readable report
    python benchmarks/bench.py --json     # one JSON object

Figures (words/s = whitespace-separated words of the corpus per second on one process):
tokenizer_wps (tokenizer only), ner_wps (a plain tok2vec+ner pipeline of the same width, depth and
embedding rows, untrained weights of the same shape), pipeline_wps (full ``extract``: sentences, tok2vec, ner,
patterns, relations, claims), pipeline_vs_ner (ratio of the two, from the same run), load_s
(``jamsostek_ie.load()`` in a fresh process), model_mb (size of ner_model/), peak_rss_mb, and,
with ``--n-process 2``, the speed-up of ``extract_many(n_process=2)``. Each speed is the median of
``--repeats`` timed passes over the corpus.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _median_wps(fn, texts, words, repeats):
    rates = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn(texts)
        rates.append(words / (time.perf_counter() - t))
    return statistics.median(rates)


def plain_ner(width: int, depth: int, rows):
    import spacy

    from jamsostek_ie.tokenizer import TOKENIZER_NAME

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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--model", default=str(ROOT / "ner_model"))
    ap.add_argument("--n-process", type=int, default=1, help="also time extract_many with this many processes")
    ap.add_argument("--train-time", action="store_true", help="also time a full retrain (minutes)")
    args = ap.parse_args()

    import jamsostek_ie
    from jamsostek_ie.corpus import load_articles

    texts = [a.text for a in load_articles(ROOT)]
    words = sum(len(t.split()) for t in texts)
    out = {"n_texts": len(texts), "n_words": words, "repeats": args.repeats}

    cmd = [sys.executable, "-c", f"import time; t=time.perf_counter(); import jamsostek_ie; "
                                 f"jamsostek_ie.load({args.model!r}); print(time.perf_counter()-t)"]
    loads = [float(subprocess.run(cmd, capture_output=True, text=True, check=True).stdout) for _ in range(3)]
    out["load_s"] = round(statistics.median(loads), 3)

    nlp = jamsostek_ie.load(args.model)
    t2v = nlp.config["components"]["tok2vec"]["model"]
    width, depth, rows = t2v["encode"]["width"], t2v["encode"]["depth"], t2v["embed"]["rows"]
    out["tok2vec_width"], out["tok2vec_depth"] = width, depth
    out["tokenizer_wps"] = round(_median_wps(lambda ts: [nlp.make_doc(t) for t in ts], texts, words, args.repeats))
    plain = plain_ner(width, depth, rows)
    out["ner_wps"] = round(_median_wps(lambda ts: list(plain.pipe(ts)), texts, words, args.repeats))
    out["pipeline_wps"] = round(_median_wps(lambda ts: list(jamsostek_ie.extract_many(ts, nlp=nlp)), texts, words,
                                            args.repeats))
    out["pipeline_vs_ner"] = round(out["pipeline_wps"] / out["ner_wps"], 3)
    if args.n_process > 1:
        t = time.perf_counter()
        list(jamsostek_ie.extract_many(texts * 2, nlp=nlp, n_process=args.n_process, batch_size=8))
        multi = 2 * words / (time.perf_counter() - t)
        out[f"pipeline_wps_n{args.n_process}"] = round(multi)
        out["n_process_speedup"] = round(multi / out["pipeline_wps"], 3)
    size = sum(p.stat().st_size for p in Path(args.model).rglob("*") if p.is_file())
    out["model_mb"] = round(size / 2**20, 2)
    out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    if args.train_time:
        from jamsostek_ie.train import train

        t = time.perf_counter()
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            train(ROOT, output=Path(tmp) / "m")
        out["train_s"] = round(time.perf_counter() - t, 1)
    out["cpu_count"] = os.cpu_count()
    if args.json:
        print(json.dumps(out))
    else:
        for k, v in out.items():
            print(f"{k:>22}: {v}")


if __name__ == "__main__":
    main()
