"""Coverage tracker: from sentence-level claims to a per-region dataset an analyst can publish.

``track(claims)`` merges the mentions of one figure into facts (syndicated copies counted once),
checks percents against counts and bases, lists conflicting sources and gives one row per province,
regency and city; ``track_files`` (``jamsostek-ie track``) reads claims or articles from files and
writes a DuckDB database, an HTML page and charts.
"""
from __future__ import annotations

from .core import track
from .items import (Article, ConsistencyCheck, Conflict, Fact, RegionRow, Source, SyndicatedPair,
                    TrackerResult)

__all__ = ["track", "track_files", "TrackerResult", "Article", "Source", "Fact", "Conflict", "ConsistencyCheck",
           "SyndicatedPair", "RegionRow"]


def track_files(*args, **kwargs):
    """``command.track_files``: read inputs, track, write the database, page and charts (see there)."""
    from .command import track_files as run

    return run(*args, **kwargs)
