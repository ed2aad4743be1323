"""The per-region table: the latest achieved coverage and target of every province, regency and city.

"Latest achieved" is the achieved fact with the newest ``as_of`` month (ties: more independent sources,
then the newest article). "Latest target" is the target stated most recently (newest article); on a
tie the nearest target year that has not passed when it was stated. The gap is target − achieved
(percentage points, and workers). The workforce base is the one stated with the newest figure.
"""
from __future__ import annotations

from typing import Dict, List, Mapping, Optional, Sequence

from .items import TRACKED_LEVELS, ConsistencyCheck, Conflict, Fact, RegionRow, Source, is_worker_count

_LEVEL_ORDER = {"country": 0, "province": 1}  # regencies and cities after them, interleaved by code


def _achieved_key(f: Fact):
    return (f.as_of or "", f.n_independent, f.last_published or "", f.n_sources, f.value)


def _target_key(f: Fact):
    pub_year = int(f.last_published[:4]) if f.last_published else None
    year = f.period_year
    upcoming = year is not None and (pub_year is None or year >= pub_year)
    return (f.last_published or "", f.as_of if not f.last_published else "", upcoming,
            -year if upcoming else (year or 0), f.n_independent, f.value)


def latest(facts: Sequence[Fact], kind: str, *, percent: bool) -> Optional[Fact]:
    """The latest fact of a kind, in percent (``percent=True``) or in workers."""
    pool = [f for f in facts if f.kind == kind and
            (f.unit == "percent" if percent else is_worker_count(f.unit, f.label))]
    if not pool:
        return None
    return max(pool, key=_achieved_key if kind == "achieved" else _target_key)


def _province_code(level: Optional[str], code: Optional[str]) -> Optional[str]:
    if not code or level == "country":
        return None
    return code.split(".")[0]


def _code_parts(code: Optional[str]) -> List[int]:
    return [int(p) if p.isdigit() else 0 for p in (code or "").split(".") if p]


def region_rows(facts: Sequence[Fact], sources: Sequence[Source], conflicts: Sequence[Conflict],
                checks: Sequence[ConsistencyCheck], *, published: Mapping[str, Optional[str]],
                group_of: Mapping[str, str]) -> List[RegionRow]:
    """One row per tracked region (country, province, regency, city) that has at least one fact.

    RETURNS (list[RegionRow]): the country first, then provinces, regencies and cities by Kemendagri code.
    """
    by_region: Dict[str, List[Fact]] = {}
    for f in facts:
        if f.region_level in TRACKED_LEVELS:
            by_region.setdefault(f.region_key, []).append(f)
    fact_of = {f.fact_id: f for f in facts}
    src_by_region: Dict[str, List[Source]] = {}
    for s in sources:
        src_by_region.setdefault(s.region_key, []).append(s)
    rows = []
    for rkey, rfacts in by_region.items():
        first = rfacts[0]
        srcs = src_by_region.get(rkey, [])
        ach_p, ach_w = latest(rfacts, "achieved", percent=True), latest(rfacts, "achieved", percent=False)
        tgt_p, tgt_w = latest(rfacts, "target", percent=True), latest(rfacts, "target", percent=False)
        based = [s for s in srcs if s.workforce is not None]
        base = max(based, key=lambda s: (fact_of[s.fact_id].as_of or "", published.get(s.article_id) or ""),
                   default=None)
        dates = [d for d in (published.get(s.article_id) for s in srcs) if d]
        rows.append(RegionRow(
            region_key=rkey, region=first.region, level=first.region_level, code=first.region_code,
            province=first.region if first.region_level == "province" else first.province,
            province_code=_province_code(first.region_level, first.region_code),
            achieved_pct=ach_p.value if ach_p else None, achieved_pct_as_of=ach_p.as_of if ach_p else None,
            achieved_pct_fact=ach_p.fact_id if ach_p else None,
            achieved_workers=ach_w.value if ach_w else None, achieved_workers_as_of=ach_w.as_of if ach_w else None,
            achieved_workers_fact=ach_w.fact_id if ach_w else None,
            target_pct=tgt_p.value if tgt_p else None, target_pct_year=tgt_p.period_year if tgt_p else None,
            target_pct_fact=tgt_p.fact_id if tgt_p else None,
            target_workers=tgt_w.value if tgt_w else None, target_workers_year=tgt_w.period_year if tgt_w else None,
            target_workers_fact=tgt_w.fact_id if tgt_w else None,
            gap_pct=round(tgt_p.value - ach_p.value, 4) if tgt_p and ach_p else None,
            gap_workers=(tgt_w.value - ach_w.value) if tgt_w and ach_w else None,
            workforce=base.workforce if base else None,
            workforce_as_of=fact_of[base.fact_id].as_of if base else None,
            n_facts=len(rfacts), n_sources=len(srcs), n_articles=len({s.article_id for s in srcs}),
            n_independent=len({group_of.get(s.article_id, s.article_id) for s in srcs}),
            newest_source=max(dates) if dates else None,
            n_conflicts=sum(c.independent and c.region_key == rkey for c in conflicts),
            n_inconsistent=sum(c.status == "inconsistent" and c.region_key == rkey for c in checks)))
    rows.sort(key=lambda r: (_LEVEL_ORDER.get(r.level or "", 2), _code_parts(r.code), r.region or ""))
    return rows
