"""``track``: sentence-level claims in, a per-region dataset out (facts, sources, checks, region rows).

Steps: claim rows → sources (one per mention) → syndication groups (near-identical articles) → facts
(mentions of one figure merged within rounding) → consistency checks and conflicts → region rows.
Nothing here reads or writes files; see ``inputs``, ``store``, ``page`` and ``charts`` for that.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from typing import Dict, List, Mapping, Optional

from jamsostek_ie import CoverageClaim
from jamsostek_ie.errors import Errors, error

from . import syndication
from .checks import TOLERANCE_PP, consistency_checks, find_conflicts
from .facts import build_facts, build_sources
from .items import Article, SyndicatedPair, TrackerResult
from .summary import region_rows

#: claim fields the tracker needs (every other ``CoverageClaim.to_dict`` field is optional)
REQUIRED_COLUMNS = ("article_id", "kind", "value", "unit", "region", "region_level", "region_code",
                    "sentence", "sentence_start", "sentence_end", "figure_start", "figure_end")
#: article metadata fields read from article records (``id`` or ``article_id`` names the article)
ARTICLE_FIELDS = ("title", "outlet", "url", "published", "origin")


def _is_frame(obj) -> bool:
    return hasattr(obj, "to_dict") and hasattr(obj, "columns")


def _clean(value):
    """NaN / NaT / pandas NA (empty DataFrame cells) → None."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    if type(value).__name__ in ("NAType", "NaTType"):
        return None
    return value


def claim_rows(claims, *, where: str = "claims") -> List[dict]:
    """Claims as plain dicts (``CoverageClaim.to_dict`` fields), checked for the fields the tracker needs.

    claims (list[CoverageClaim] | list[dict] | pandas.DataFrame): e.g. ``extract`` results, or
        ``batch.read_claims(path)``.
    where (str): named in error messages (a file name).
    RETURNS (list[dict]): one dict per claim.
    RAISES ValueError: E025 naming the missing fields.
    """
    if _is_frame(claims):
        missing = [c for c in REQUIRED_COLUMNS if c not in claims.columns]
        if missing:
            raise error(Errors.E025, where=where, detail=_missing_detail(missing))
        return [{k: _clean(v) for k, v in rec.items()} for rec in claims.to_dict("records")]
    rows = []
    for i, c in enumerate(claims):
        if isinstance(c, CoverageClaim):
            rows.append(c.to_dict())
            continue
        if not isinstance(c, Mapping):
            raise error(Errors.E025, where=f"{where}[{i}]", detail=(
                f"expected a CoverageClaim or a dict of its fields, found {type(c).__name__}"))
        missing = [k for k in REQUIRED_COLUMNS if k not in c]
        if missing:
            raise error(Errors.E025, where=f"{where}[{i}]", detail=_missing_detail(missing))
        rows.append(dict(c))
    return rows


def _missing_detail(missing: List[str]) -> str:
    return (f"missing column(s) {', '.join(repr(m) for m in missing)}: not the claims of this version of "
            "jamsostek_ie (CoverageClaim.to_dict / batch.claim_schema); re-run `jamsostek-ie extract` on the "
            "articles, or give the articles themselves")


def iso_date(value) -> Optional[str]:
    """An ISO date (YYYY-MM-DD) from a date, datetime, pandas Timestamp or string; None when it is not one."""
    value = _clean(value)
    if value is None:
        return None
    if isinstance(value, datetime) or (hasattr(value, "date") and callable(value.date)):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    try:
        return date.fromisoformat(str(value).strip()[:10]).isoformat()
    except ValueError:
        return None


def article_items(articles) -> Dict[str, Article]:
    """Article metadata as ``Article`` items keyed by id; a ``text`` field gives the text signature.

    articles (None | Mapping | Iterable[dict | Article] | DataFrame): records with ``id`` (or
        ``article_id``) and any of title, outlet, url, published, origin, text; or id → record.
    RETURNS (dict[str, Article]).
    RAISES ValueError: E025 for a record without an id.
    """
    if articles is None:
        return {}
    if _is_frame(articles):
        articles = articles.to_dict("records")
    elif isinstance(articles, Mapping):
        articles = [dict(rec, id=k) if isinstance(rec, Mapping) else rec for k, rec in articles.items()]
    out: Dict[str, Article] = {}
    for i, rec in enumerate(articles):
        if isinstance(rec, Article):
            out[rec.article_id] = rec
            continue
        rec = {k: _clean(v) for k, v in dict(rec).items()}
        aid = rec.get("id", rec.get("article_id"))
        if aid is None:
            raise error(Errors.E025, where=f"articles[{i}]", detail="no 'id' (or 'article_id') field")
        text = rec.get("text")
        meta = {k: (str(rec[k]) if rec.get(k) is not None else None) for k in ARTICLE_FIELDS}
        meta["published"] = iso_date(rec.get("published"))
        out[str(aid)] = Article(str(aid), **meta,
                                text_signature=syndication.signature(text) if isinstance(text, str) else None)
    return out


def track(claims, *, articles=None,
          syndication_threshold: float = syndication.THRESHOLD, tolerance_pp: float = TOLERANCE_PP,
          problems: Optional[List[str]] = None) -> TrackerResult:
    """Turn sentence-level claims into facts, checks and one row per region.

    claims (list[CoverageClaim] | list[dict] | DataFrame): what ``extract`` / ``extract_many`` return,
        or what ``jamsostek-ie extract`` writes (read with ``batch.read_claims``).
    articles (None | list[dict] | dict | DataFrame): article metadata (id, title, outlet, url, published,
        origin) and, where known, ``text`` (for syndication); claims of articles not listed still count,
        without a date or outlet.
    syndication_threshold (float): the least Jaccard similarity of word 5-grams for two articles to
        count as copies of one story (``syndication``).
    tolerance_pp (float): percentage points allowed between a percent and count / base, on top of
        rounding (``checks``).
    problems (list[str] | None): earlier problems to carry into the result.
    RETURNS (TrackerResult): articles, sources, facts, conflicts, consistency, syndicated_pairs, regions.
    RAISES ValueError: E025 when a claim lacks a field the tracker needs.
    """
    problems = list(problems or [])
    rows = claim_rows(claims)
    arts = article_items(articles)
    sources = build_sources(rows, problems)
    by_article: Dict[str, list] = {}
    for s in sources:
        by_article.setdefault(s.article_id, []).append(s)
    for aid, srcs in by_article.items():
        art = arts.get(aid) or Article(aid)
        sentences = sorted({(s.sentence_start, s.sentence) for s in srcs})
        arts[aid] = replace(art, sentence_signature=syndication.signature(" ".join(t for _, t in sentences)),
                            n_sources=len(srcs))
    for aid, art in arts.items():
        if aid not in by_article and art.n_sources:
            arts[aid] = replace(art, n_sources=0)
    pairs = syndication.similar_pairs({a: x.text_signature for a, x in arts.items()},
                                      {a: x.sentence_signature for a, x in arts.items()},
                                      threshold=syndication_threshold)
    group_of = syndication.groups(arts, pairs)
    arts = {a: replace(x, syndication_group=group_of[a]) for a, x in sorted(arts.items())}
    published = {a: x.published for a, x in arts.items()}
    facts, sources = build_facts(sources, published=published, group_of=group_of)
    checks = consistency_checks(sources, tolerance_pp=tolerance_pp)
    conflicts = find_conflicts(facts, sources, group_of)
    status: Dict[str, str] = {}
    for c in checks:
        for fid in (c.percent_fact, c.count_fact):
            if status.get(fid) != "inconsistent":
                status[fid] = c.status
    n_conf: Dict[str, int] = {}
    for c in conflicts:
        if c.independent:
            n_conf[c.fact_a] = n_conf.get(c.fact_a, 0) + 1
            n_conf[c.fact_b] = n_conf.get(c.fact_b, 0) + 1
    facts = [replace(f, consistency=status.get(f.fact_id), n_conflicts=n_conf.get(f.fact_id, 0)) for f in facts]
    regions = region_rows(facts, sources, conflicts, checks, published=published, group_of=group_of)
    return TrackerResult(
        articles=list(arts.values()), sources=sources, facts=facts, conflicts=conflicts, consistency=checks,
        syndicated_pairs=[SyndicatedPair(*p) for p in pairs], regions=regions, problems=problems,
        settings={"syndication": syndication.SIGNATURE_VERSION, "syndication_threshold": syndication_threshold,
                  "tolerance_pp": tolerance_pp})
