"""What the transformer pipeline costs on a CPU, without downloading anything.

    HF_HUB_OFFLINE=1 python benchmarks/trf_cpu.py        # ~10 min on 2 cores; needs the trf extra

Builds an encoder of BERT-base shape (12 layers, width 768, 12 heads; random weights, a WordPiece
vocabulary of our corpus instead of IndoBERT's 50k words), trains ``configs/transformer.cfg`` for 4
steps on the corpus (plus spaCy's dev evaluations and the threshold tuning), and times extraction
over 15 articles. The scores are meaningless (random weights); the times and the size are what a
real base-size model costs on this hardware. Everything is written to a temporary directory.
"""
from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    import jamsostek_ie
    from jamsostek_ie.corpus.store import load_articles
    from jamsostek_ie.training.train import train
    from jamsostek_ie.training.trf import build_wordpiece_bert

    with tempfile.TemporaryDirectory(prefix="trf-cpu-") as tmp:
        bert = build_wordpiece_bert(Path(tmp) / "bert", sorted((ROOT / "corpus").glob("*.txt")), vocab_size=8000,
                                    hidden_size=768, num_hidden_layers=12, num_attention_heads=12,
                                    intermediate_size=3072)
        t = time.perf_counter()
        train(ROOT, config="trf", transformer=str(bert), output=Path(tmp) / "model",
              overrides={"training.max_steps": 4, "training.eval_frequency": 1000})
        train_s = time.perf_counter() - t
        nlp = jamsostek_ie.load(Path(tmp) / "model")
        texts = [a.text for a in load_articles(ROOT)][:15]
        words = sum(len(x.split()) for x in texts)
        t = time.perf_counter()
        list(jamsostek_ie.extract_many(texts, nlp=nlp))
        wps = words / (time.perf_counter() - t)
        size = sum(p.stat().st_size for p in (Path(tmp) / "model").rglob("*") if p.is_file())
    print(json.dumps({"vocab": sum(1 for _ in open(bert / "vocab.txt", encoding="utf-8")), "train_4_steps_total_s": round(train_s, 1), "extract_wps": round(wps),
                      "words": words, "model_mb": round(size / 2**20)}))


if __name__ == "__main__":
    main()
