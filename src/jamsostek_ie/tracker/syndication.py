"""Syndicated copies: near-identical articles (one Antara story on five portals) are one source.

How: each article becomes the set of its word 5-grams ("shingles": lower-cased ``\\w+`` words, so
figures count as words); two articles are copies when the Jaccard similarity of their shingle sets is
at least ``THRESHOLD`` (0.5). The similarity is estimated from 128-value MinHash signatures (exact in
expectation, standard error about 0.044 at 0.5), and candidate pairs come from locality-sensitive
hashing (64 bands of 2 values), so the work grows with the number of articles, not with its square.
Copies are grouped transitively (union-find); the group id is the smallest article id in it.

An article's text is used when it is available; for articles known only through their claims (a
claims file without the articles), the concatenated claim sentences stand in for the text. Two
independently written reports share few 5-grams (at most 0.02 between any two of the 123 corpus
articles, many of them about the same province), a copy with a new dateline, headline or a "Baca
juga" line keeps most of them.
"""
from __future__ import annotations

import hashlib
import re
from itertools import combinations
from typing import Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

import numpy as np

SHINGLE_WORDS = 5
NUM_PERM = 128
BANDS = 64
THRESHOLD = 0.5
#: identifies how signatures are computed; stored with them so that old and new ones stay comparable
SIGNATURE_VERSION = f"minhash-w{SHINGLE_WORDS}-p{NUM_PERM}-v1"

_PRIME = (1 << 31) - 1
_RNG = np.random.RandomState(15)
_A = _RNG.randint(1, _PRIME, size=NUM_PERM).astype(np.uint64)
_B = _RNG.randint(0, _PRIME, size=NUM_PERM).astype(np.uint64)
_WORD = re.compile(r"\w+")


def shingles(text: str, size: int = SHINGLE_WORDS) -> set:
    """The set of word ``size``-grams of a text (a shorter text is one shingle)."""
    words = _WORD.findall(text.lower())
    if not words:
        return set()
    if len(words) < size:
        return {" ".join(words)}
    return {" ".join(words[i:i + size]) for i in range(len(words) - size + 1)}


def jaccard(a: set, b: set) -> float:
    """Exact Jaccard similarity of two sets (0.0 when both are empty)."""
    return len(a & b) / len(a | b) if a or b else 0.0


def signature(text: Optional[str]) -> Optional[Tuple[int, ...]]:
    """The MinHash signature of a text's shingles (``NUM_PERM`` ints below 2**31), or None for no words."""
    sh = shingles(text or "")
    if not sh:
        return None
    x = np.fromiter((int.from_bytes(hashlib.blake2b(s.encode("utf-8"), digest_size=8).digest(), "little") % _PRIME
                     for s in sh), dtype=np.uint64, count=len(sh))
    sig = ((_A[:, None] * x[None, :] + _B[:, None]) % _PRIME).min(axis=1)
    return tuple(int(v) for v in sig)


def similarity(a: Sequence[int], b: Sequence[int]) -> float:
    """Estimated Jaccard similarity of two MinHash signatures: the share of equal positions."""
    return float(np.mean(np.asarray(a) == np.asarray(b)))


def candidate_pairs(signatures: Mapping[str, Sequence[int]]) -> Iterable[Tuple[str, str]]:
    """Pairs of ids that share at least one LSH band (every pair above about 0.3 similarity shows up)."""
    rows = NUM_PERM // BANDS
    seen = set()
    for band in range(BANDS):
        buckets: Dict[Tuple[int, ...], List[str]] = {}
        for aid, sig in signatures.items():
            buckets.setdefault(tuple(sig[band * rows:(band + 1) * rows]), []).append(aid)
        for ids in buckets.values():
            for pair in combinations(sorted(ids), 2):
                if pair not in seen:
                    seen.add(pair)
                    yield pair


def similar_pairs(text_sigs: Mapping[str, Optional[Sequence[int]]],
                  sentence_sigs: Mapping[str, Optional[Sequence[int]]], *,
                  threshold: float = THRESHOLD) -> List[Tuple[str, str, float, str]]:
    """Pairs of near-identical articles.

    text_sigs (dict): article id → signature of its text (None when the text is unknown).
    sentence_sigs (dict): article id → signature of its claim sentences (None when it has no claims).
    threshold (float): the least estimated Jaccard similarity of a copy.
    RETURNS (list[tuple]): (article a, article b, similarity, basis) with a < b; basis "text" when both
        texts are known, else "sentences".
    """
    texts = {k: v for k, v in text_sigs.items() if v is not None}
    out = []
    for a, b in candidate_pairs(texts):
        sim = similarity(texts[a], texts[b])
        if sim >= threshold:
            out.append((a, b, round(sim, 4), "text"))
    sents = {k: v for k, v in sentence_sigs.items() if v is not None}
    for a, b in candidate_pairs(sents):
        if a in texts and b in texts:
            continue  # both texts known: the text decides
        sim = similarity(sents[a], sents[b])
        if sim >= threshold:
            out.append((a, b, round(sim, 4), "sentences"))
    return sorted(out)


def groups(article_ids: Iterable[str], pairs: Iterable[Tuple]) -> Dict[str, str]:
    """Union-find over the pairs. RETURNS (dict): article id → group id (the smallest id of its group)."""
    parent = {a: a for a in article_ids}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for pair in pairs:
        a, b = pair[0], pair[1]
        parent.setdefault(a, a)
        parent.setdefault(b, b)
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return {a: find(a) for a in parent}
