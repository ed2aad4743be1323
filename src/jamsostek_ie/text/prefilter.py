"""Relevance prefilter: does an article mention BPJS Ketenagakerjaan at all?

Most articles of a news crawl are about something else; they skip the model. The test is one
compiled regular expression, built from the phrases in ``resources/relevance.json`` as a trie (the
alternatives share their prefixes, as in Aho-Corasick), searched case-insensitively; it stops at the
first mention. An article without any mention is scanned whole, at several million words per second
on one core (``benchmarks/bench_dask.py``), a few hundred times the speed of the pipeline.
"""
from __future__ import annotations

import hashlib
import json
import re
from functools import lru_cache
from typing import Dict, Iterable, Optional, Pattern

from ..resources import load as load_resource

#: the gap between the words of a phrase: spaces, punctuation or nothing (a trie edge of its own)
_GAP = object()


def _lexicon() -> dict:
    return load_resource("relevance")


def _units(phrase: str):
    """The trie path of a phrase: its characters, with one gap between words."""
    for i, word in enumerate(phrase.lower().split()):
        if i:
            yield _GAP
        yield from word


def _trie_regex(node: Dict, gap: str) -> str:
    """The regex of a trie node; a node where a phrase ends matches there (longer phrases add nothing)."""
    if None in node:
        return ""
    alts = [(gap if unit is _GAP else re.escape(unit)) + _trie_regex(child, gap) for unit, child in node.items()]
    return alts[0] if len(alts) == 1 else "(?:" + "|".join(sorted(alts)) + ")"


def build_pattern(phrases: Iterable[str], max_gap: int = 3) -> Pattern:
    """One regex that finds any of ``phrases`` at the start of a word, case-insensitively.

    phrases (Iterable[str]): lower-case phrases; words may be joined by up to ``max_gap`` non-word
        characters or by nothing, and more letters may follow the last one.
    max_gap (int): the longest run of spaces / punctuation between two words of a phrase.
    RETURNS (re.Pattern): the compiled pattern (use ``.search``).
    """
    trie: Dict = {}
    for phrase in phrases:
        node = trie
        for unit in _units(phrase):
            node = node.setdefault(unit, {})
        node[None] = {}
    if not trie:
        raise ValueError("build_pattern: no phrases")
    return re.compile(r"\b" + _trie_regex(trie, rf"[\W_]{{0,{max_gap}}}"), re.IGNORECASE)


@lru_cache(maxsize=1)
def relevance_pattern() -> Pattern:
    """The pattern of the shipped phrase list (``resources/relevance.json``), compiled once per process."""
    lex = _lexicon()
    return build_pattern(lex["phrases"], lex.get("max_gap", 3))


def is_relevant(text: str, pattern: Optional[Pattern] = None) -> bool:
    """True when ``text`` mentions BPJS Ketenagakerjaan / Jamsostek in a spelling the phrase list knows.

    text (str): the article text (HTML works too: tags are non-word characters).
    pattern (re.Pattern | None): another pattern (``build_pattern``); the shipped one by default.
    RETURNS (bool): False means the article cannot hold a claim about BPJS Ketenagakerjaan coverage.
    """
    return (pattern or relevance_pattern()).search(text) is not None


def first_mention(text: str) -> Optional[str]:
    """The first mention ``is_relevant`` found in ``text`` (for inspection), or None."""
    m = relevance_pattern().search(text)
    return m.group() if m else None


def prefilter_signature() -> str:
    """A short identity of the phrase list, recorded with outputs so that a resumed run uses the same one."""
    lex = _lexicon()
    body = json.dumps([lex.get("max_gap", 3), sorted(lex["phrases"])], ensure_ascii=False)
    return "relevance-" + hashlib.sha256(body.encode("utf-8")).hexdigest()[:12]
