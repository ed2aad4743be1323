"""Memory and time of ``extract`` on very long texts (paragraph-chunked), each size in a fresh process.

    python benchmarks/bench_long.py                 # 0.5, 1 and 5 MB
    python benchmarks/bench_long.py --mb 5 --json   # one size, one JSON object per line
    python benchmarks/bench_long.py --whole 0.5     # also: the same text as ONE Doc, for comparison

The text is the corpus articles repeated, separated by blank lines, up to the size asked (in MB of
UTF-8). Figures: ``rss_loaded_mb`` (peak RSS after loading the pipeline and reading the text),
``peak_rss_mb`` (peak RSS of the whole run), ``growth_mb`` (their difference: what extraction
added), ``seconds``, ``claims``, and a check that every claim's offsets index the long text.
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Optional

ROOT = Path(__file__).resolve().parents[1]


def long_text(mb: float, root: Path = ROOT) -> str:
    """The corpus articles repeated, separated by blank lines, up to ``mb`` megabytes of UTF-8."""
    from jamsostek_ie.corpus.store import load_articles

    texts = [a.text.strip() for a in load_articles(root)]
    target = int(mb * 1_000_000)
    parts, size, i = [], 0, 0
    while size < target:
        t = texts[i % len(texts)]
        parts.append(t)
        size += len(t.encode("utf-8")) + 2
        i += 1
    return "\n\n".join(parts)


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(mb: float, whole: bool = False, max_chunk_chars: Optional[int] = None) -> dict:
    """Run one extraction in this process and report memory and time."""
    import jamsostek_ie

    nlp = jamsostek_ie.load()
    text = long_text(mb)
    kwargs = {"max_chunk_chars": max_chunk_chars} if max_chunk_chars else {}
    if whole:  # one Doc for the whole text: what chunking avoids
        nlp.max_length = len(text) + 1
        kwargs["max_chunk_chars"] = len(text) + 1
    loaded = _peak_mb()
    t = time.perf_counter()
    claims = jamsostek_ie.extract(text, nlp=nlp, **kwargs)
    seconds = time.perf_counter() - t
    ok = all(text[c.evidence.figure_start:c.evidence.figure_end] == c.figure and
             text[c.evidence.start:c.evidence.end] == c.evidence.sentence for c in claims)
    peak = _peak_mb()
    return {"mb": mb, "chars": len(text), "whole_doc": whole, "max_chunk_chars": kwargs.get("max_chunk_chars"),
            "claims": len(claims), "offsets_ok": ok,
            "seconds": round(seconds, 1), "rss_loaded_mb": round(loaded, 1), "peak_rss_mb": round(peak, 1),
            "growth_mb": round(peak - loaded, 1)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, action="append", help="text size in MB (repeatable); default 0.5, 1, 5")
    ap.add_argument("--whole", type=float, action="append", default=[],
                    help="also process a text of this size as one Doc (no chunking)")
    ap.add_argument("--json", action="store_true", help="one JSON object per line")
    ap.add_argument("--max-chunk-chars", type=int, help="chunk size (default: the library's, 20,000)")
    ap.add_argument("--one", type=float, help=argparse.SUPPRESS)  # child mode
    ap.add_argument("--one-whole", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one is not None:
        print(json.dumps(measure(args.one, args.one_whole, args.max_chunk_chars)))
        return
    runs = [(mb, False) for mb in (args.mb or [0.5, 1.0, 5.0])] + [(mb, True) for mb in args.whole]
    for mb, whole in runs:
        cmd = [sys.executable, __file__, "--one", str(mb)] + (["--one-whole"] if whole else []) + (
            ["--max-chunk-chars", str(args.max_chunk_chars)] if args.max_chunk_chars else [])
        out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1]
        res = json.loads(out)
        if args.json:
            print(json.dumps(res))
        else:
            print(f"{res['mb']:>5} MB {'one Doc' if whole else 'chunked'}: {res['claims']} claims in "
                  f"{res['seconds']} s; peak RSS {res['peak_rss_mb']} MB ({res['rss_loaded_mb']} MB after load, "
                  f"+{res['growth_mb']} MB); offsets ok: {res['offsets_ok']}")


if __name__ == "__main__":
    main()
