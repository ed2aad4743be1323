"""Checks a fact-checker wants: does a percent agree with its count and base, and do sources disagree?

Consistency (``consistency_checks``): where a sentence gives a count, its base (the claim's
``workforce``) and a percent for the same region and kind, or an article gives one percent and one
worker count with its base for the same region and kind (and period, where both state one),
count / base × 100 must equal the percent within ``TOLERANCE_PP`` (0.5 percentage points) plus what
rounding the three stated figures allows (half a unit of each figure's last digit, carried through
the division). "lebih dari" / "hingga" figures (at_least / at_most) are checked on their open side only. Nothing is dropped: every
checked triple is a row, consistent or not.

Conflicts (``find_conflicts``): two facts for the same region, kind, unit and period whose values
differ beyond rounding. The period compared is the stated one, or for a figure without one the month
its first article appeared. ``independent`` says whether the two values come from different
syndication groups (two reports disagree) or only from one article and its copies (a sub-group figure
or a correction inside one report); both are listed.
"""
from __future__ import annotations

from itertools import combinations
from typing import Dict, List, Mapping, Optional, Sequence, Tuple

from .facts import precision, same_within_rounding
from .items import ConsistencyCheck, Conflict, Fact, Source, is_worker_count, stable_id

TOLERANCE_PP = 0.5


def check_figures(percent: float, count: float, base: float, *, percent_qualifier: Optional[str] = "exact",
                  count_qualifier: Optional[str] = "exact", percent_upper: Optional[float] = None,
                  tolerance_pp: float = TOLERANCE_PP) -> Tuple[float, float, float, str]:
    """Compare a stated percent with count / base.

    RETURNS (tuple): (implied percent, difference in points (implied − stated), tolerance in points,
        "consistent" | "inconsistent").
    """
    implied = count / base * 100.0
    dc, db, dp = precision(count) / 2, precision(base) / 2, precision(percent) / 2
    lo = (count - dc) / (base + db) * 100.0
    hi = (count + dc) / max(base - db, 1e-9) * 100.0
    tol = tolerance_pp + max(hi - implied, implied - lo) + dp
    diff = implied - percent
    if percent_qualifier == "range" and percent_upper is not None:
        ok = percent - tol <= implied <= percent_upper + tol
    elif percent_qualifier == "at_least" or count_qualifier == "at_most":
        ok = implied >= percent - tol
    elif percent_qualifier == "at_most" or count_qualifier == "at_least":
        ok = implied <= percent + tol
    else:
        ok = abs(diff) <= tol
    return round(implied, 4), round(diff, 4), round(tol, 4), "consistent" if ok else "inconsistent"


def _check(scope: str, p: Source, c: Source, base: float, tolerance_pp: float) -> ConsistencyCheck:
    implied, diff, tol, status = check_figures(p.value, c.value, base, percent_qualifier=p.qualifier,
                                               count_qualifier=c.qualifier, percent_upper=p.upper,
                                               tolerance_pp=tolerance_pp)
    return ConsistencyCheck(
        check_id=stable_id("check", scope, p.source_id, c.source_id, base), scope=scope, article_id=p.article_id,
        region_key=p.region_key, region=p.region, kind=p.kind, period=p.fact_period, percent=p.value, count=c.value,
        count_unit=c.unit, base=base, implied_percent=implied, difference_pp=diff, tolerance_pp=tol, status=status,
        percent_source=p.source_id, count_source=c.source_id, percent_fact=p.fact_id, count_fact=c.fact_id)


def consistency_checks(sources: Sequence[Source], *, tolerance_pp: float = TOLERANCE_PP) -> List[ConsistencyCheck]:
    """Every checkable (percent, count, base) of the sources, sentence scope first.

    Sentence scope: each count with a base is paired with the nearest percent of its sentence for the
    same region and kind (the base is the count's, else the percent's). Article scope: when an article
    gives exactly one percent fact and one worker-count fact for a region and kind (of one period, or
    one of them without a period) in different sentences, and the count is stated with its base
    ("6,12 juta dari 19,2 juta pekerja"; a percent stated with another base is about another group).
    A "count" equal to its base is the base itself and is not checked.
    RETURNS (list[ConsistencyCheck]): one row per distinct (article, percent fact, count fact, base).
    """
    out: List[ConsistencyCheck] = []
    done = set()
    by_sentence: Dict[Tuple, List[Source]] = {}
    for s in sources:
        by_sentence.setdefault((s.article_id, s.sentence_start), []).append(s)
    for group in by_sentence.values():
        for c in group:
            if c.label != "COUNT":
                continue
            pcts = [p for p in group if p.unit == "percent" and p.region_key == c.region_key and p.kind == c.kind]
            if not pcts:
                continue
            p = min(pcts, key=lambda p: abs(p.figure_start - c.figure_start))
            base = c.workforce if c.workforce is not None else p.workforce
            if base is None or base <= 0 or same_within_rounding(c.value, base):
                continue
            key = (c.article_id, p.fact_id, c.fact_id)
            if key not in done:
                done.add(key)
                out.append(_check("sentence", p, c, base, tolerance_pp))
    by_topic: Dict[Tuple, List[Source]] = {}
    for s in sources:
        by_topic.setdefault((s.article_id, s.region_key, s.kind), []).append(s)
    for (aid, _, _), group in by_topic.items():
        pcts = {s.fact_id: s for s in group if s.unit == "percent"}
        cnts = {s.fact_id: s for s in group if is_worker_count(s.unit, s.label)}
        if len(pcts) != 1 or len(cnts) != 1:
            continue  # nothing to check, or no way to tell which percent goes with which count
        (p,), (c,) = pcts.values(), cnts.values()
        c = next((s for s in group if s.fact_id == c.fact_id and s.workforce is not None), c)
        base = c.workforce
        if base is None or base <= 0 or same_within_rounding(c.value, base):
            continue
        if p.workforce is not None and not same_within_rounding(p.workforce, base):
            continue  # the percent is of another base
        if p.fact_period and c.fact_period and p.fact_period != c.fact_period:
            continue  # figures of different periods
        if (aid, p.fact_id, c.fact_id) in done:
            continue  # already checked inside a sentence
        done.add((aid, p.fact_id, c.fact_id))
        out.append(_check("article", p, c, base, tolerance_pp))
    return out


def _period_compared(f: Fact) -> str:
    return f.period or f.as_of or "undated"


def find_conflicts(facts: Sequence[Fact], sources: Sequence[Source],
                   group_of: Mapping[str, str]) -> List[Conflict]:
    """Pairs of facts with different values for one region, kind, unit and period (see the module doc).

    RETURNS (list[Conflict]): sorted by region, kind and period; value_a < value_b.
    """
    by_id = {s.source_id: s for s in sources}
    groups: Dict[Tuple, List[Fact]] = {}
    for f in facts:
        groups.setdefault((f.region_key, f.kind, f.unit or "", f.upper, _period_compared(f)), []).append(f)
    out = []
    for (rkey, kind, unit, _, period), members in sorted(groups.items(), key=lambda kv: str(kv[0])):
        for a, b in combinations(sorted(members, key=lambda f: (f.value, f.fact_id)), 2):
            sa = [by_id[i] for i in a.source_ids]
            sb = [by_id[i] for i in b.source_ids]
            pair = next(((x, y) for x in sa for y in sb
                         if group_of.get(x.article_id, x.article_id) != group_of.get(y.article_id, y.article_id)),
                        None)
            independent = pair is not None
            x, y = pair if pair is not None else (sa[0], sb[0])
            out.append(Conflict(
                conflict_id=stable_id("conflict", a.fact_id, b.fact_id), region_key=rkey, region=a.region,
                region_code=a.region_code, kind=kind, unit=a.unit, period=period, fact_a=a.fact_id, value_a=a.value,
                fact_b=b.fact_id, value_b=b.value, difference=round(b.value - a.value, 6), independent=independent,
                source_a=x.source_id, source_b=y.source_id, article_a=x.article_id, article_b=y.article_id))
    return out
