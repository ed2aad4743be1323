"""spaCy's Indonesian tokenizer with the exceptions Indonesian coverage news needs.

Every exception below is a case from real reporting, each pinned by a test in
``tests/pipeline/test_tokenizer.py``:

- ``Rp5.060.579.420.000`` → ``Rp`` + ``5.060.579.420.000`` (spaCy's default already splits it);
  ``Rp.10,5`` and ``Rp. 3`` → ``Rp.`` + amount (the default gives ``Rp`` + ``.10,5``).
- Abbreviations with a dot stay one token so they never end a sentence: ``Kab.``, ``Prov.``, ``Kec.``,
  ``Jl.``, ``Dr.``, ``Thn.`` ...
- ``468.000-an`` → ``468.000`` + ``-an``: the approximate suffix stays one token.
- ``persennya`` → ``persen`` + ``nya``; ``70persen`` / ``31,85persen`` → number + ``persen``.
- ``5,9juta``, ``80ribu`` → number + scale word (the default already covers most scale words).
- ``No.2/2021`` → ``No.`` + ``2`` + ``/`` + ``2021`` (so a regulation number starts on a token).
- ``tahun2023`` (a common typo) → ``tahun`` + ``2023``.
- Hyphenated words (``anak-anak``, ``Undang-Undang``) stay whole through one pattern instead of
  spaCy's 15,573 listed reduplications, so the pipeline loads in a fraction of a second.
- A dateline glued to the outlet (``Bangli-RMNews``, ``LEBAK-LebakTerkini.com``) splits at the hyphen:
  a capitalised word after the hyphen that does not repeat the one before is another name.
"""
from __future__ import annotations

import re
from typing import Callable

import spacy
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

from ..resources import load

TOKENIZER_NAME = "jamsostek_ie.tokenizer.v1"

_EXTRA_PREFIXES = [r"[Rr][Pp]\.(?=\s*[0-9])"]
_EXTRA_SUFFIXES = [
    r"(?<=[0-9])-an",
    r"(?<=[Pp]ersen)nya",
    r"(?<=PERSEN)NYA",
    r"(?<=[0-9])(?:[Pp]ersen|PERSEN)",
    r"(?<=[0-9])(?:[Mm]iliar|[Mm]ilyar|[Tt]riliun)",
]
_EXTRA_INFIXES = [
    r"(?<=\b[Nn][Oo]\.)(?=[0-9])",
    r"(?<=\b[Tt]ahun)(?=[0-9]{4})",
    r"(?<=\bTAHUN)(?=[0-9]{4})",
]
#: abbreviations written with a dot (as written, upper and lower case) stay one token
_SPECIAL_CASES = {
    orth: [{"ORTH": orth}]
    for base in load("tokenizer_exceptions")["dotted_abbreviations"]
    for orth in (f"{base}.", f"{base.upper()}.", f"{base.lower()}.")
}


#: Hyphenated words ("anak-anak", "Undang-Undang", "sebaik-baiknya") stay one token. spaCy's Indonesian
#: defaults list 15,573 such reduplications as special cases, which makes building (and loading) a
#: tokenizer take seconds; one pattern keeps every such word whole instead, listed or not.
_HYPHENATED = re.compile(r"^(?![Ss][Ee]-)[^\W\d_]+(?:-[^\W\d_]+)+$")  # but "se-Jawa Barat" splits


#: "Bangli-RMNews", "LEBAK-LebakTerkini.com": a word, a hyphen, then a capitalised word that does not
#: repeat it ("Undang-Undang" does): a place glued to the next name. A lookahead, so that the rule
#: survives spaCy's serialisation of token_match and url_match as regex patterns.
_NOT_GLUED = r"(?!([^\W\d_]+)-(?!(?i:\1)(?:-|$))[A-Z])"


def _is_listed_hyphenation(key: str) -> bool:
    return _HYPHENATED.match(key) is not None


def build_tokenizer(nlp: Language) -> Tokenizer:
    """Build the project tokenizer for an Indonesian ``nlp`` object.

    nlp (Language): a ``spacy.blank("id")``-style pipeline whose defaults provide the rules.
    RETURNS (Tokenizer): the tokenizer with our exceptions added.
    """
    defaults = nlp.Defaults
    prefixes = _EXTRA_PREFIXES + list(defaults.prefixes or [])
    suffixes = _EXTRA_SUFFIXES + list(defaults.suffixes or [])
    infixes = _EXTRA_INFIXES + list(defaults.infixes or [])
    exceptions = {k: v for k, v in defaults.tokenizer_exceptions.items() if not _is_listed_hyphenation(k)}
    exceptions.update(_SPECIAL_CASES)
    base_match = defaults.token_match
    pattern = "^" + _NOT_GLUED + _HYPHENATED.pattern[1:]
    if base_match is not None:  # spaCy serialises token_match as the pattern of a compiled regex
        pattern = f"(?:{pattern})|(?:{base_match.__self__.pattern})"
    token_match = re.compile(pattern).match
    url_match = None
    if defaults.url_match is not None:
        url = defaults.url_match.__self__.pattern
        flags = re.match(r"^\(\?[aiLmsux]+\)", url)  # global flags must stay first
        cut = flags.end() if flags else 0
        url_match = re.compile(url[:cut] + _NOT_GLUED + url[cut:]).match

    return Tokenizer(
        nlp.vocab,
        rules=exceptions,
        prefix_search=compile_prefix_regex(prefixes).search,
        suffix_search=compile_suffix_regex(suffixes).search,
        infix_finditer=compile_infix_regex(infixes).finditer,
        token_match=token_match,
        url_match=url_match,
    )


@spacy.registry.tokenizers(TOKENIZER_NAME)
def create_tokenizer() -> Callable[[Language], Tokenizer]:
    """Registered tokenizer factory, referenced from the pipeline config."""
    return build_tokenizer


def blank() -> Language:
    """A blank Indonesian pipeline with the project tokenizer and sentence splitter.

    RETURNS (Language): ``spacy.blank("id")`` configured for jamsostek_ie.
    """
    from . import sentences  # noqa: F401  (registers the factory)

    nlp = spacy.blank("id", config={"nlp": {"tokenizer": {"@tokenizers": TOKENIZER_NAME}}})
    nlp.add_pipe("jamsostek_sentencizer")
    return nlp
