"""The package's data files (word lists, cues, gazetteer), read through one cached loader.

Every word list and cue the code uses lives in a JSON file of this folder; code never repeats one.
"""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources as _files
from typing import Any


@lru_cache(maxsize=None)
def load(name: str) -> Any:
    """The parsed content of ``resources/<name>.json``.

    name (str): the file name without ``.json`` ("entity_lexicon", "region_aliases", ...).
    RETURNS (Any): the parsed JSON (cached: treat it as read-only).
    RAISES FileNotFoundError: when no such resource ships with the package.
    """
    path = _files.files("jamsostek_ie").joinpath("resources", f"{name}.json")
    if not path.is_file():
        raise FileNotFoundError(f"jamsostek_ie resource {name!r}: expected resources/{name}.json in the package")
    return json.loads(path.read_text(encoding="utf-8"))
