"""From claim mentions to facts: the same figure for the same region, kind, unit and period is one fact.

Rounding: a figure is as precise as its last stated digit, and never coarser than its second
significant digit (31.85 → 0.01; 70 → 1; 468,000 → 1,000; "2 juta" → 100,000). Two values are the
same fact when the more precise one, rounded to the precision of the other, gives the other
(31.85 ≈ 31.9 ≈ 32; 5,912,345 ≈ 5.9 juta; but 31.4 ≠ 32 and 1.6 juta ≠ 2 juta). Within a group the
most precise value stands for the fact and every other value joins the closest fact it rounds to.

Periods: within one article, a mention that states no period takes the period another sentence of the
same article states for the same figure (a headline repeats the lead's "hingga Oktober 2023" figure).
A fact with no stated period at all is dated by its oldest article (``period_basis`` "published").
"""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import replace
from typing import Dict, List, Mapping, Optional, Sequence, Tuple

from .items import Fact, Source, stable_id

_EPS = 1e-9


def precision(value: float) -> float:
    """The step of a stated figure: its last stated digit, at most its second significant digit."""
    text = f"{abs(value):.6f}".rstrip("0").rstrip(".")
    if "." in text:
        return 10.0 ** -len(text.split(".")[1])
    if text == "0":
        return 1.0
    trailing = len(text) - len(text.rstrip("0"))
    return float(10 ** min(trailing, max(len(text) - 2, 0)))


def same_within_rounding(a: float, b: float) -> bool:
    """True when ``a`` and ``b`` are one figure stated with different precision (see the module doc)."""
    step = max(precision(a), precision(b))
    return abs(a - b) <= step / 2 + _EPS * max(1.0, abs(a), abs(b))


def value_text(value: Optional[float]) -> str:
    """A value written at its own precision ("31.85", "70", "5900000"): the form hashed into fact ids."""
    if value is None:
        return ""
    step = precision(value)
    decimals = -int(round(math.log10(step))) if step < 1 else 0
    return f"{value:.{decimals}f}"


def region_key(code: Optional[str], name: Optional[str]) -> str:
    """How a region is identified: its Kemendagri code, else its canonical name."""
    if code:
        return code
    return f"name:{name}" if name else "unknown"


def _num(value) -> Optional[float]:
    if value is None or value != value:
        return None
    return float(value)


def _int(value) -> Optional[int]:
    if value is None or value != value:
        return None
    return int(value)


def _str(value) -> Optional[str]:
    if value is None or value != value:
        return None
    return str(value)


def source_id(article_id: str, sentence_start: int, figure_start: int, figure_end: int) -> str:
    """The stable id of a mention: hash of article id and offsets."""
    return stable_id("source", article_id, sentence_start, figure_start, figure_end)


def build_sources(rows: Sequence[Mapping], problems: List[str]) -> List[Source]:
    """One ``Source`` per claim row (``CoverageClaim.to_dict`` fields), periods filled within articles.

    rows (list[dict]): claim records. problems (list[str]): gets one line per row that is skipped
        (no value) or repeated (the same article and offsets twice).
    RETURNS (list[Source]): sorted by article and offset; ``fact_id`` is filled in by ``build_facts``.
    """
    out: Dict[str, Source] = {}
    for row in rows:
        aid = _str(row.get("article_id")) or "unknown"
        value = _num(row.get("value"))
        where = f"{aid} [{row.get('figure_start')}:{row.get('figure_end')}] '{row.get('figure')}'"
        if value is None:
            problems.append(f"{where}: claim without a value, not tracked")
            continue
        sid = source_id(aid, int(row["sentence_start"]), int(row["figure_start"]), int(row["figure_end"]))
        if sid in out:
            problems.append(f"{where}: the same claim twice in the input, counted once")
            continue
        out[sid] = Source(
            source_id=sid, fact_id="", article_id=aid, kind=str(row["kind"]), label=_str(row.get("label")),
            figure=_str(row.get("figure")), value=value, qualifier=_str(row.get("qualifier")),
            upper=_num(row.get("upper")), unit=_str(row.get("unit")),
            region_key=region_key(_str(row.get("region_code")), _str(row.get("region"))),
            region=_str(row.get("region")), region_level=_str(row.get("region_level")),
            region_code=_str(row.get("region_code")), province=_str(row.get("province")), org=_str(row.get("org")),
            workforce=_num(row.get("workforce")), period=_str(row.get("period")),
            period_year=_int(row.get("period_year")), period_month=_int(row.get("period_month")),
            fact_period=_str(row.get("period")), sentence=str(row.get("sentence") or ""),
            sentence_start=int(row["sentence_start"]), sentence_end=int(row["sentence_end"]),
            figure_start=int(row["figure_start"]), figure_end=int(row["figure_end"]), score=_num(row.get("score")))
    sources = sorted(out.values(), key=lambda s: (s.article_id, s.figure_start, s.figure_end))
    return _inherit_periods(sources)


def _group_key(s: Source) -> Tuple:
    return (s.region_key, s.kind, s.unit or "", value_text(s.upper))


def _inherit_periods(sources: List[Source]) -> List[Source]:
    """A mention without a period takes the most common period its article states for the same figure."""
    by_article: Dict[Tuple, List[Source]] = {}
    for s in sources:
        by_article.setdefault((s.article_id,) + _group_key(s), []).append(s)
    out = {}
    for group in by_article.values():
        stated = [s for s in group if s.period]
        for s in group:
            if s.period or not stated:
                continue
            periods = Counter(t.period for t in stated if same_within_rounding(t.value, s.value))
            if periods:
                out[s.source_id] = periods.most_common(1)[0][0]
    return [replace(s, fact_period=out[s.source_id]) if s.source_id in out else s for s in sources]


def _period_parts(period: Optional[str]) -> Tuple[Optional[int], Optional[int]]:
    if not period:
        return None, None
    year, _, month = period.partition("-")
    return int(year), (int(month) if month else None)


def as_of(kind: str, period: Optional[str], earliest_published: Optional[str]) -> Tuple[Optional[str], str]:
    """The month a fact refers to, and on what basis.

    A stated month is used as is, a stated year means its December; but an achieved figure cannot
    postdate its report, so it is never later than the month of its oldest article (a 2024 figure
    reported in June 2024 is as of 2024-06). Without a period: the month of the oldest article.
    RETURNS (tuple): ("YYYY-MM" | None, "stated" | "published" | "none").
    """
    year, month = _period_parts(period)
    pub = earliest_published[:7] if earliest_published else None
    if year is None:
        return (pub, "published") if pub else (None, "none")
    stated = f"{year:04d}-{month or 12:02d}"
    if kind == "achieved" and pub and pub < stated:
        return pub, "stated"
    return stated, "stated"


def _clusters(values: List[Source]) -> List[List[Source]]:
    """Values of one group clustered within rounding; the most precise value of each cluster first."""
    order = sorted(values, key=lambda s: (precision(s.value), s.value, s.article_id, s.figure_start))
    clusters: List[List[Source]] = []
    for s in order:
        best, best_d = None, None
        for c in clusters:
            if same_within_rounding(c[0].value, s.value):
                d = abs(c[0].value - s.value)
                if best_d is None or d < best_d:
                    best, best_d = c, d
        if best is None:
            clusters.append([s])
        else:
            best.append(s)
    return clusters


def build_facts(sources: List[Source], *, published: Mapping[str, Optional[str]],
                group_of: Mapping[str, str]) -> Tuple[List[Fact], List[Source]]:
    """Cluster mentions into facts.

    sources (list[Source]): from ``build_sources``. published (dict): article id → ISO date (or None).
    group_of (dict): article id → syndication group id.
    RETURNS (tuple): the facts (by region, kind, percent first, unit, as_of, value) and the sources with their
        ``fact_id`` set.
    """
    groups: Dict[Tuple, List[Source]] = {}
    for s in sources:
        groups.setdefault(_group_key(s) + (s.fact_period or "",), []).append(s)
    facts, fact_of = [], {}
    for key, members in groups.items():
        rkey, kind, unit, upper, period = key
        for cluster in _clusters(members):
            rep = cluster[0]
            fid = stable_id("fact", rkey, kind, unit, upper, period, value_text(rep.value))
            dates = sorted(d for d in (published.get(s.article_id) for s in cluster) if d)
            when, basis = as_of(kind, period or None, dates[0] if dates else None)
            year, month = _period_parts(period or None)
            first = min(cluster, key=lambda s: (s.region_code is None, s.article_id))
            facts.append(Fact(
                fact_id=fid, region_key=rkey, region=first.region, region_level=first.region_level,
                region_code=first.region_code, province=first.province, kind=kind, label=rep.label,
                unit=rep.unit, value=rep.value, upper=rep.upper, qualifier=rep.qualifier, period=period or None,
                period_year=year, period_month=month, period_basis=basis, as_of=when,
                n_sources=len(cluster), n_articles=len({s.article_id for s in cluster}),
                n_independent=len({group_of.get(s.article_id, s.article_id) for s in cluster}),
                first_published=dates[0] if dates else None, last_published=dates[-1] if dates else None,
                source_ids=tuple(s.source_id for s in sorted(cluster, key=lambda s: (s.article_id, s.figure_start)))))
            for s in cluster:
                fact_of[s.source_id] = fid
    facts.sort(key=lambda f: (f.region_key, f.kind, f.unit != "percent", f.unit or "", f.as_of or "", f.value))
    return facts, [replace(s, fact_id=fact_of[s.source_id]) for s in sources]
