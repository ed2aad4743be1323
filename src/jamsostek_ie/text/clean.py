"""Characters a pipeline cannot take: lone UTF-16 surrogates (``"\\ud800"``, from a JSON ``\\ud800``
escape or a ``surrogateescape`` decode) cannot be encoded as UTF-8, so spaCy's string store and every
UTF-8 writer fail on them. They become U+FFFD, one character for one, so every offset still holds."""
from __future__ import annotations

import re

_SURROGATE = re.compile("[\ud800-\udfff]")
REPLACEMENT = "\ufffd"


def has_surrogates(text: str) -> bool:
    """Whether ``text`` holds a character that UTF-8 cannot encode (a lone surrogate)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def clean_surrogates(text: str) -> str:
    """``text`` with each lone surrogate replaced by U+FFFD; same length, so offsets index both."""
    return _SURROGATE.sub(REPLACEMENT, text) if has_surrogates(text) else text
