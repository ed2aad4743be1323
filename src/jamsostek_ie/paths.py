"""Where the package, the checkout around it and their data live, defined once."""
from __future__ import annotations

from pathlib import Path

#: the installed package folder (``.../jamsostek_ie``)
PACKAGE_DIR = Path(__file__).resolve().parent
#: the checkout the package lives in when installed editable (``src/jamsostek_ie`` → the repo root)
CHECKOUT_DIR = PACKAGE_DIR.parents[1]
