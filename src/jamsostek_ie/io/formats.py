"""The claim record, defined once: its columns (``CoverageClaim.to_dict``), their Arrow types, the
columns the CLI table and the HTML report show, and the one formatter for a claim's value.
"""
from __future__ import annotations

import math
from typing import Dict, Optional, Tuple

#: every column of a claim record, in ``CoverageClaim.to_dict`` order, with its type: "str", "float",
#: "int", "bool", or "money" / "regulations" (lists of records, typed in ``claim_schema``)
CLAIM_COLUMNS: Tuple[Tuple[str, str], ...] = (
    ("article_id", "str"), ("kind", "str"), ("label", "str"), ("figure", "str"), ("value", "float"),
    ("qualifier", "str"), ("upper", "float"), ("unit", "str"), ("region", "str"), ("region_level", "str"),
    ("region_code", "str"), ("province", "str"), ("org", "str"), ("org_office", "str"), ("org_text", "str"),
    ("workforce", "float"), ("money", "money"), ("regulations", "regulations"), ("period", "str"),
    ("period_year", "int"), ("period_month", "int"), ("sentence", "str"), ("sentence_start", "int"),
    ("sentence_end", "int"), ("figure_start", "int"), ("figure_end", "int"), ("score", "float"),
    ("context", "bool"), ("anchor_sentence", "str"), ("anchor_start", "int"), ("anchor_end", "int"),
)
#: the column names alone
CLAIM_COLUMN_NAMES: Tuple[str, ...] = tuple(name for name, _ in CLAIM_COLUMNS)
#: fields of one ``money`` / ``regulations`` item, with their types
MONEY_FIELDS: Tuple[Tuple[str, str], ...] = (("text", "str"), ("value", "float"), ("qualifier", "str"))
REGULATION_FIELDS: Tuple[Tuple[str, str], ...] = (("text", "str"), ("type", "str"), ("number", "str"),
                                                  ("year", "int"), ("region", "str"))
#: the columns of the CLI's claims table (``jamsostek-ie extract``)
TABLE_COLUMNS: Tuple[str, ...] = ("article_id", "kind", "value", "region", "region_code", "period", "org", "money",
                                  "regulations")
#: the columns of the HTML report's claims table ("article" only when it shows several articles)
REPORT_COLUMNS: Tuple[str, ...] = ("kind", "value", "region", "period", "org", "money", "regulations", "sentence")


def claim_schema():
    """The Arrow schema of one claim record (``CoverageClaim.to_dict``), for Parquet and ``datasets``.

    RETURNS (pyarrow.Schema): typed columns, so every part file and every ``Dataset.map`` batch agree.
    """
    import pyarrow as pa

    scalar = {"str": pa.string(), "float": pa.float64(), "int": pa.int64(), "bool": pa.bool_()}

    def struct(fields):
        return pa.list_(pa.struct([(name, scalar[kind]) for name, kind in fields]))

    types = {**scalar, "money": struct(MONEY_FIELDS), "regulations": struct(REGULATION_FIELDS)}
    return pa.schema([(name, types[kind]) for name, kind in CLAIM_COLUMNS])


#: how a qualifier shows before a value, for each style
QUALIFIER_SIGNS: Dict[str, Dict[str, str]] = {
    "text": {"approx": "~", "at_least": "≥", "at_most": "≤"},
    "ascii": {"approx": "~", "at_least": ">=", "at_most": "<="},
}
#: the dash between the bounds of a range, for each style
RANGE_DASH: Dict[str, str] = {"text": "–", "ascii": "-"}


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def format_figure(value: Optional[float], unit: Optional[str], qualifier: Optional[str],
                  upper: Optional[float] = None, *, style: str = "text") -> str:
    """A claim's value as people write it: "31.85%", "~468,000 peserta", "≥70%", "40–50%".

    value / unit / qualifier / upper: the claim's fields (None or NaN for a missing value or bound).
    style (str): "text" (typographic signs: the HTML report) or "ascii" (">=", "-": the CLI table).
    RETURNS (str): the value with its qualifier and unit; "?" when it has no value.
    """
    if _missing(value):
        return "?"
    q = QUALIFIER_SIGNS[style].get(qualifier, "")
    dash = RANGE_DASH[style]
    if unit == "percent":
        return q + (f"{value:g}%" if _missing(upper) else f"{value:g}{dash}{upper:g}%")
    v = f"{value:,.0f}" if _missing(upper) else f"{value:,.0f}{dash}{upper:,.0f}"
    return q + (f"{v} {unit}" if unit else v)
