"""Is a text Indonesian? A cheap function-word test, so other languages yield no claims.

The pipeline is trained on Indonesian news; on English or German text its figures and links are
guesses (an English "60 percent ... Jakarta" would become a claim). ``extract`` therefore skips
text that reads as another language. Function words come from ``resources/language_cues.json``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Dict, FrozenSet, Tuple

from ..resources import load

_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class LanguageGuess:
    """The function-word counts of a text.

    indonesian (int): Indonesian cue words found.
    foreign (int): cue words of other languages found.
    language (str): "id", or the code of the foreign language with most cues ("en", "de", ...).
    """

    indonesian: int
    foreign: int
    language: str

    @property
    def is_foreign(self) -> bool:
        """True when the text reads as another language (see ``_cues()["min_foreign"]``)."""
        return self.language != "id"


@lru_cache(maxsize=1)
def _cues() -> Tuple[FrozenSet[str], Dict[str, str], int]:
    data = load("language_cues")
    foreign = {w: lang for lang, words in data["foreign"].items() for w in words}
    return frozenset(data["indonesian"]), foreign, int(data["min_foreign"])


def guess_language(text: str) -> LanguageGuess:
    """Count Indonesian and foreign function words of ``text``.

    text (str): any text.
    RETURNS (LanguageGuess): "id" unless at least ``min_foreign`` foreign cue words are found and
        they outnumber the Indonesian ones. Text with no cue words at all (a headline, a table,
        random characters) counts as Indonesian, so nothing Indonesian is ever skipped for lack of cues.
    """
    indonesian, foreign, min_foreign = _cues()
    n_id = 0
    per_lang: Dict[str, int] = {}
    for m in _WORD.finditer(text):
        w = m.group().lower()
        if w in indonesian:
            n_id += 1
        else:
            lang = foreign.get(w)
            if lang is not None:
                per_lang[lang] = per_lang.get(lang, 0) + 1
    n_foreign = sum(per_lang.values())
    if n_foreign >= min_foreign and n_foreign > n_id:
        return LanguageGuess(n_id, n_foreign, max(per_lang, key=per_lang.get))
    return LanguageGuess(n_id, n_foreign, "id")
