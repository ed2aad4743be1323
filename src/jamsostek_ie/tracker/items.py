"""Typed items of the coverage tracker: articles, sources (claim mentions), facts, checks, region rows.

Every item is a frozen dataclass with a stable id (a hash of what identifies it), so a re-run over
more articles finds the same ids again and updates rows instead of adding copies.
"""
from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field, fields
from typing import Dict, List, Optional, Tuple

#: region levels that get a row in the per-region table (others stay facts: island groups, BPJS office areas)
TRACKED_LEVELS = ("country", "province", "regency", "city")
#: counted nouns read as "workers" for the region table's worker columns (a count without a noun counts too);
#: counts of other groups ("nelayan", "petani", "perangkat desa") stay facts of their own
WORKER_UNITS = frozenset({"pekerja", "peserta", "orang", "tenaga kerja", "buruh", "karyawan", "jiwa"})


def stable_id(*parts) -> str:
    """A short, stable id: the first 16 hex digits of the sha1 of the parts joined by '|'."""
    text = "|".join("" if p is None else str(p) for p in parts)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def is_worker_count(unit: Optional[str], label: Optional[str] = "COUNT") -> bool:
    """True for a count of workers in general (not of fishermen, farmers, villages ...)."""
    return label == "COUNT" and (unit is None or unit in WORKER_UNITS)


@dataclass(frozen=True)
class Article:
    """One article and what the tracker knows of it.

    article_id (str). title / outlet / url (str | None). published (str | None): ISO date.
    origin (str | None): e.g. "real" / "written" in the corpus metadata.
    syndication_group (str | None): the id of its group of near-identical copies (the smallest article id
        of the group; the article's own id when it has no copy).
    text_signature / sentence_signature (tuple[int] | None): MinHash signatures of the word shingles of
        its text and of its claim sentences (see ``syndication``).
    n_sources (int): claim mentions it contributes.
    """

    article_id: str
    title: Optional[str] = None
    outlet: Optional[str] = None
    url: Optional[str] = None
    published: Optional[str] = None
    origin: Optional[str] = None
    syndication_group: Optional[str] = None
    text_signature: Optional[Tuple[int, ...]] = None
    sentence_signature: Optional[Tuple[int, ...]] = None
    n_sources: int = 0


@dataclass(frozen=True)
class Source:
    """One claim mention: a figure in a sentence of an article (a ``CoverageClaim.to_dict`` row, kept whole).

    source_id (str): hash of article id and offsets. fact_id (str): the fact it supports.
    The other fields are the claim's (``CoverageClaim.to_dict``); ``period`` is the period the sentence
    states, ``fact_period`` the one the fact uses (a repeated figure without a period takes the period a
    sentence of the same article states for it).
    """

    source_id: str
    fact_id: str
    article_id: str
    kind: str
    label: Optional[str]
    figure: Optional[str]
    value: float
    qualifier: Optional[str]
    upper: Optional[float]
    unit: Optional[str]
    region_key: str
    region: Optional[str]
    region_level: Optional[str]
    region_code: Optional[str]
    province: Optional[str]
    org: Optional[str]
    workforce: Optional[float]
    period: Optional[str]
    period_year: Optional[int]
    period_month: Optional[int]
    fact_period: Optional[str]
    sentence: str
    sentence_start: int
    sentence_end: int
    figure_start: int
    figure_end: int
    score: Optional[float] = None


@dataclass(frozen=True)
class Fact:
    """Claims for the same region, kind, unit, value (within rounding) and period: one fact, many sources.

    fact_id (str): hash of region, kind, unit, value and period. value (float): the most precise value
        stated (its sources may round it). period (str | None): stated ("2024", "2023-10"), else None.
    period_basis (str): "stated", or "published" when the date of its first article stands in for a
        period ("none" without either). as_of (str | None): "YYYY-MM" the figure refers to.
    n_sources / n_articles / n_independent (int): mentions, articles, syndication groups (copies count once).
    first_published / last_published (str | None): dates of its oldest and newest article.
    source_ids (tuple[str]): its sources. consistency (str | None): "consistent" / "inconsistent" when a
        count/base/percent check covers it, else None. n_conflicts (int): conflicts it is part of.
    """

    fact_id: str
    region_key: str
    region: Optional[str]
    region_level: Optional[str]
    region_code: Optional[str]
    province: Optional[str]
    kind: str
    label: Optional[str]
    unit: Optional[str]
    value: float
    upper: Optional[float]
    qualifier: Optional[str]
    period: Optional[str]
    period_year: Optional[int]
    period_month: Optional[int]
    period_basis: str
    as_of: Optional[str]
    n_sources: int
    n_articles: int
    n_independent: int
    first_published: Optional[str]
    last_published: Optional[str]
    source_ids: Tuple[str, ...] = ()
    consistency: Optional[str] = None
    n_conflicts: int = 0


@dataclass(frozen=True)
class Conflict:
    """Two facts with different values for the same region, kind, unit and period.

    period (str): the period compared (stated, else the month the article was published).
    independent (bool): True when the two facts have sources in different syndication groups (two
        independent reports disagree); False when only one article (or copies of it) gives both.
    source_a / source_b (str): a source of each side (from different groups when independent).
    """

    conflict_id: str
    region_key: str
    region: Optional[str]
    region_code: Optional[str]
    kind: str
    unit: Optional[str]
    period: str
    fact_a: str
    value_a: float
    fact_b: str
    value_b: float
    difference: float
    independent: bool
    source_a: str
    source_b: str
    article_a: str
    article_b: str


@dataclass(frozen=True)
class ConsistencyCheck:
    """Does a stated percent agree with a stated count and base (count / base × 100)?

    scope (str): "sentence" (all three in one sentence) or "article" (percent and count in different
        sentences of one article, same region and kind). implied_percent (float): count / base × 100.
    difference_pp (float): implied − stated, in percentage points. tolerance_pp (float): what is allowed:
        the stated tolerance plus the rounding of the three stated figures. status (str): "consistent" or
        "inconsistent".
    """

    check_id: str
    scope: str
    article_id: str
    region_key: str
    region: Optional[str]
    kind: str
    period: Optional[str]
    percent: float
    count: float
    count_unit: Optional[str]
    base: float
    implied_percent: float
    difference_pp: float
    tolerance_pp: float
    status: str
    percent_source: str
    count_source: str
    percent_fact: str
    count_fact: str


@dataclass(frozen=True)
class SyndicatedPair:
    """Two articles whose shingle sets overlap above the threshold (near-identical copies).

    similarity (float): estimated Jaccard similarity of their word shingles. basis (str): "text" or
        "sentences" (claim sentences, when a text is not available).
    """

    article_a: str
    article_b: str
    similarity: float
    basis: str


@dataclass(frozen=True)
class RegionRow:
    """The latest state of one province, regency or city (or the country).

    achieved_pct / achieved_workers: the latest achieved coverage in percent and in workers (with the
        "YYYY-MM" it refers to and the fact behind it). target_pct / target_workers: the latest target
        (the most recently stated one; the nearest target year on a tie) and its year.
    gap_pct (float | None): target − achieved, percentage points. gap_workers: the same in workers.
    workforce (float | None): the latest workforce base stated for the region.
    n_sources / n_articles / n_independent: mentions, articles and independent sources (syndication
        groups) of all its facts; newest_source: date of the newest article.
    n_conflicts: conflicts between independent sources. n_inconsistent: failed consistency checks.
    """

    region_key: str
    region: Optional[str]
    level: Optional[str]
    code: Optional[str]
    province: Optional[str]
    province_code: Optional[str]
    achieved_pct: Optional[float] = None
    achieved_pct_as_of: Optional[str] = None
    achieved_pct_fact: Optional[str] = None
    achieved_workers: Optional[float] = None
    achieved_workers_as_of: Optional[str] = None
    achieved_workers_fact: Optional[str] = None
    target_pct: Optional[float] = None
    target_pct_year: Optional[int] = None
    target_pct_fact: Optional[str] = None
    target_workers: Optional[float] = None
    target_workers_year: Optional[int] = None
    target_workers_fact: Optional[str] = None
    gap_pct: Optional[float] = None
    gap_workers: Optional[float] = None
    workforce: Optional[float] = None
    workforce_as_of: Optional[str] = None
    n_facts: int = 0
    n_sources: int = 0
    n_articles: int = 0
    n_independent: int = 0
    newest_source: Optional[str] = None
    n_conflicts: int = 0
    n_inconsistent: int = 0


#: table name → item type, in the order the tables are documented
TABLES = {"articles": Article, "sources": Source, "facts": Fact, "conflicts": Conflict,
          "consistency": ConsistencyCheck, "syndicated_pairs": SyndicatedPair, "regions": RegionRow}


def columns(item_type) -> List[str]:
    """The field names of an item type, in order (the columns of its table)."""
    return [f.name for f in fields(item_type)]


@dataclass
class TrackerResult:
    """What ``track`` returns: plain lists of typed items, and DataFrames on demand.

    articles / sources / facts / conflicts / consistency / syndicated_pairs / regions (list): the items.
    problems (list[str]): what was skipped and why (unreadable records, claims without a value).
    settings (dict): the thresholds and tolerances used.
    """

    articles: List[Article] = field(default_factory=list)
    sources: List[Source] = field(default_factory=list)
    facts: List[Fact] = field(default_factory=list)
    conflicts: List[Conflict] = field(default_factory=list)
    consistency: List[ConsistencyCheck] = field(default_factory=list)
    syndicated_pairs: List[SyndicatedPair] = field(default_factory=list)
    regions: List[RegionRow] = field(default_factory=list)
    problems: List[str] = field(default_factory=list)
    settings: Dict = field(default_factory=dict)

    def frame(self, table: str):
        """One table as a pandas DataFrame (columns in the order of its item type)."""
        import pandas as pd

        item_type = TABLES[table]
        rows = [asdict(x) for x in getattr(self, table)]
        return pd.DataFrame(rows, columns=columns(item_type))

    def frames(self) -> Dict:
        """Every table as a pandas DataFrame, keyed by table name."""
        return {name: self.frame(name) for name in TABLES}

    def syndication_groups(self) -> Dict[str, List[str]]:
        """Groups of two or more near-identical articles: group id → article ids."""
        groups: Dict[str, List[str]] = {}
        for a in self.articles:
            groups.setdefault(a.syndication_group or a.article_id, []).append(a.article_id)
        return {g: sorted(ids) for g, ids in sorted(groups.items()) if len(ids) > 1}

    def summary(self) -> Dict:
        """Counts of everything, for printing."""
        return {"articles": len(self.articles), "sources": len(self.sources), "facts": len(self.facts),
                "regions": len(self.regions), "conflicts": sum(c.independent for c in self.conflicts),
                "conflicts_same_source": sum(not c.independent for c in self.conflicts),
                "consistency_checks": len(self.consistency),
                "inconsistent": sum(c.status == "inconsistent" for c in self.consistency),
                "syndicated_groups": len(self.syndication_groups()),
                "syndicated_articles": sum(len(v) for v in self.syndication_groups().values()),
                "problems": len(self.problems)}
