"""Normalisation of entity text, re-exported from where it lives: ``numbers`` (Quantity, parse_quantity,
parse_percent, parse_money, qualifier_before), ``periods`` (Period, parse_period, infer_published, MONTHS)
and ``regulations`` (Regulation, parse_regulation). New code imports from those modules.
"""
from __future__ import annotations

from .numbers import Quantity, parse_money, parse_percent, parse_quantity, qualifier_before
from .periods import MONTHS, Period, infer_published, parse_period
from .regulations import Regulation, parse_regulation

__all__ = ["Quantity", "parse_money", "parse_percent", "parse_quantity", "qualifier_before", "MONTHS", "Period",
           "infer_published", "parse_period", "Regulation", "parse_regulation"]
