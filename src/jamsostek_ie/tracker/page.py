"""The tracker page: one self-contained HTML file (inline CSS and SVG; no scripts, nothing fetched).

Sections: the coverage-against-target chart per province, the per-region table, conflicts,
consistency checks, syndicated copies, then every region in detail: its time series (each point links
to its fact) and its facts, each listing its sources (article, outlet, date, url, the sentence with
the figure in bold, character offsets). Every value in the tables links to the fact behind it.
"""
from __future__ import annotations

import html
from datetime import datetime, timezone
from typing import Dict, List, Optional

from . import charts
from .items import TRACKED_LEVELS, Article, Fact, RegionRow, Source, TrackerResult

CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: #1d2327;
       margin: 0; background: #f4f5f7; }
.trk { max-width: 1320px; margin: 0 auto; padding: 1.2rem 1.5rem 3rem; }
.trk h1 { font-size: 1.6rem; margin: 0.4rem 0 0.2rem; }
.trk h2 { font-size: 1.25rem; margin: 2rem 0 0.5rem; }
.trk h3 { font-size: 1.05rem; margin: 0.6rem 0 0.4rem; }
.trk .summary { color: #55606a; margin: 0 0 0.6rem; }
.trk nav a { margin-right: 1rem; }
.trk .note { color: #55606a; font-size: 0.88rem; max-width: 60rem; }
.trk .chart { background: #fff; border-radius: 6px; box-shadow: 0 1px 3px rgba(0,0,0,.12); padding: 0.5rem; }
.trk .chart svg { max-width: 100%; height: auto; }
.trk table { border-collapse: collapse; width: 100%; background: #fff; font-size: 0.86rem;
             box-shadow: 0 1px 3px rgba(0,0,0,.12); }
.trk th { background: #2b3a4a; color: #fff; text-align: left; padding: 0.4rem 0.5rem; position: sticky; top: 0; }
.trk td { padding: 0.35rem 0.5rem; border-top: 1px solid #e3e6ea; vertical-align: top; }
.trk tr:nth-child(even) td { background: #fafbfc; }
.trk tr:target td, .trk li:target { background: #fff3bf; }
.trk table.regions td:first-child { white-space: nowrap; }
.trk td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.trk .code { color: #868e96; font-size: 0.78rem; }
.trk .warn { color: #c92a2a; font-weight: 600; }
.trk .ok { color: #2b8a3e; }
.trk .kind-achieved { color: #2b8a3e; font-weight: 600; }
.trk .kind-target { color: #1864ab; font-weight: 600; }
.trk section.region { background: #fff; margin: 1rem 0; padding: 0.4rem 1rem 0.8rem; border-radius: 6px;
                      box-shadow: 0 1px 3px rgba(0,0,0,.12); }
.trk section.region table { box-shadow: none; }
.trk section.region:target { outline: 3px solid #f08c00; }
.trk ul.sources { margin: 0; padding-left: 1.1rem; }
.trk ul.sources li { margin: 0.15rem 0; }
.trk .sentence b { color: #c92a2a; }
.trk .meta { color: #6c757d; font-size: 0.8rem; }
.trk a { color: #1971c2; text-decoration: none; }
.trk a:hover { text-decoration: underline; }
.trk .empty { color: #868e96; font-style: italic; }
"""


def _e(value) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _pct(value: Optional[float]) -> str:
    return "" if value is None else f"{value:g}%"


def _count(value: Optional[float]) -> str:
    return "" if value is None else f"{value:,.0f}"


def fact_value(f: Fact) -> str:
    """A fact's value as people write it: "31.85%", "~468,000 peserta", "≥70%", "40–50%"."""
    q = {"approx": "~", "at_least": "≥", "at_most": "≤"}.get(f.qualifier or "", "")
    if f.unit == "percent":
        v = f"{f.value:g}%" if f.upper is None else f"{f.value:g}–{f.upper:g}%"
    else:
        v = f"{f.value:,.0f}" if f.upper is None else f"{f.value:,.0f}–{f.upper:,.0f}"
        v = f"{v} {f.unit}" if f.unit else v
    return q + v


def _fact_link(fid: Optional[str], text: str) -> str:
    if not fid or not text:
        return _e(text)
    return f'<a href="#{charts.anchor("fact", fid)}">{_e(text)}</a>'


def _region_cell(r: RegionRow) -> str:
    code = f' <span class="code">{_e(r.code)}</span>' if r.code else ""
    return f'<a href="#{charts.anchor("region", r.region_key)}">{_e(r.region)}</a>{code}'


def _regions_table(rows: List[RegionRow]) -> str:
    if not rows:
        return '<p class="empty">No province, regency or city has a coverage figure.</p>'
    head = ["region", "level", "province", "achieved %", "as of", "achieved workers", "target %", "target year",
            "gap (pp)", "target workers", "workforce", "independent sources", "newest source", "conflicts",
            "inconsistent"]
    body = []
    for r in rows:
        cells = [
            f"<td>{_region_cell(r)}</td>", f"<td>{_e(r.level)}</td>", f"<td>{_e(r.province)}</td>",
            f'<td class="num achieved">{_fact_link(r.achieved_pct_fact, _pct(r.achieved_pct))}</td>',
            f'<td class="num">{_e(r.achieved_pct_as_of)}</td>',
            f'<td class="num">{_fact_link(r.achieved_workers_fact, _count(r.achieved_workers))}</td>',
            f'<td class="num target">{_fact_link(r.target_pct_fact, _pct(r.target_pct))}</td>',
            f'<td class="num">{_e(r.target_pct_year)}</td>',
            f'<td class="num">{"" if r.gap_pct is None else f"{r.gap_pct:+.2f}"}</td>',
            f'<td class="num">{_fact_link(r.target_workers_fact, _count(r.target_workers))}</td>',
            f'<td class="num">{_count(r.workforce)}</td>',
            f'<td class="num">{r.n_independent}</td>', f'<td class="num">{_e(r.newest_source)}</td>',
            f'<td class="num{" warn" if r.n_conflicts else ""}">{r.n_conflicts}</td>',
            f'<td class="num{" warn" if r.n_inconsistent else ""}">{r.n_inconsistent}</td>']
        body.append(f'<tr class="region-row" id="{charts.anchor("row", r.region_key)}">{"".join(cells)}</tr>')
    return _table("regions", head, body)


def _table(cls: str, head: List[str], body: List[str]) -> str:
    return (f'<div style="overflow-x:auto"><table class="{cls}"><thead><tr>' +
            "".join(f"<th>{_e(h)}</th>" for h in head) + "</tr></thead><tbody>" + "".join(body) +
            "</tbody></table></div>")


def _source_ref(s: Source, articles: Dict[str, Article]) -> str:
    a = articles.get(s.article_id)
    outlet = f" · {_e(a.outlet)}" if a and a.outlet else ""
    date = f" · {_e(a.published)}" if a and a.published else ""
    return f'<a href="#{charts.anchor("src", s.source_id)}">{_e(s.article_id)}</a>{outlet}{date}'


def _conflicts_table(result: TrackerResult, by_source: Dict[str, Source], articles: Dict[str, Article]) -> str:
    if not result.conflicts:
        return '<p class="empty">No two facts disagree.</p>'
    facts = {f.fact_id: f for f in result.facts}
    head = ["region", "kind", "period", "value A", "source A", "value B", "source B", "independent"]
    body = []
    for c in sorted(result.conflicts, key=lambda c: (not c.independent, c.region or "", c.period)):
        cells = [f"<td>{_e(c.region)} <span class='code'>{_e(c.region_code)}</span></td>",
                 f'<td class="kind-{_e(c.kind)}">{_e(c.kind)}</td>', f"<td>{_e(c.period)}</td>",
                 f'<td class="num">{_fact_link(c.fact_a, fact_value(facts[c.fact_a]))}</td>',
                 f"<td>{_source_ref(by_source[c.source_a], articles)}</td>",
                 f'<td class="num">{_fact_link(c.fact_b, fact_value(facts[c.fact_b]))}</td>',
                 f"<td>{_source_ref(by_source[c.source_b], articles)}</td>",
                 f'<td class="{"warn" if c.independent else ""}">'
                 f'{"yes" if c.independent else "no: one article (and its copies)"}</td>']
        body.append(f'<tr class="conflict-row" id="{charts.anchor("conflict", c.conflict_id)}">{"".join(cells)}</tr>')
    return _table("conflicts", head, body)


def _consistency_table(result: TrackerResult, by_source: Dict[str, Source], articles: Dict[str, Article]) -> str:
    if not result.consistency:
        return '<p class="empty">No article gives a percent together with its count and base.</p>'
    head = ["article", "region", "kind", "percent", "count", "base", "count / base", "difference (pp)",
            "tolerance (pp)", "status", "scope"]
    body = []
    for c in sorted(result.consistency, key=lambda c: (c.status != "inconsistent", c.article_id)):
        cells = [f"<td>{_source_ref(by_source[c.percent_source], articles)}</td>", f"<td>{_e(c.region)}</td>",
                 f'<td class="kind-{_e(c.kind)}">{_e(c.kind)}</td>',
                 f'<td class="num">{_fact_link(c.percent_fact, _pct(c.percent))}</td>',
                 f'<td class="num">{_fact_link(c.count_fact, _count(c.count))}</td>',
                 f'<td class="num">{_count(c.base)}</td>', f'<td class="num">{c.implied_percent:.2f}%</td>',
                 f'<td class="num">{c.difference_pp:+.2f}</td>', f'<td class="num">±{c.tolerance_pp:.2f}</td>',
                 f'<td class="{"warn" if c.status == "inconsistent" else "ok"}">{_e(c.status)}</td>',
                 f"<td>{_e(c.scope)}</td>"]
        body.append(f'<tr class="check-row">{"".join(cells)}</tr>')
    return _table("consistency", head, body)


def _syndication_table(result: TrackerResult, articles: Dict[str, Article]) -> str:
    groups = result.syndication_groups()
    if not groups:
        return '<p class="empty">No two articles are copies of one story.</p>'
    sims: Dict[str, List[str]] = {}
    for p in result.syndicated_pairs:
        sims.setdefault(articles[p.article_a].syndication_group or p.article_a, []).append(
            f"{p.similarity:.2f} ({p.basis})")
    body = []
    for gid, ids in groups.items():
        arts = "<br>".join(f"{_e(i)}" + (f" · {_e(articles[i].outlet)}" if articles[i].outlet else "") +
                           (f" · {_e(articles[i].published)}" if articles[i].published else "") for i in ids)
        body.append(f'<tr class="syndication-row"><td>{_e(gid)}</td><td>{arts}</td>'
                    f'<td>{_e(", ".join(sims.get(gid, [])))}</td></tr>')
    return _table("syndication", ["group", "articles", "similarity (basis)"], body)


def _sentence(s: Source) -> str:
    a, b = s.figure_start - s.sentence_start, s.figure_end - s.sentence_start
    text = s.sentence
    if not 0 <= a <= b <= len(text):
        return _e(text)
    return f"{_e(text[:a])}<b>{_e(text[a:b])}</b>{_e(text[b:])}"


def _source_item(s: Source, articles: Dict[str, Article]) -> str:
    a = articles.get(s.article_id)
    bits = [f'<span class="article-id">{_e(s.article_id)}</span>']
    if a and a.outlet:
        bits.append(f'<span class="outlet">{_e(a.outlet)}</span>')
    if a and a.published:
        bits.append(_e(a.published))
    if a and a.url:
        bits.append(f'<a class="source-url" href="{_e(a.url)}" rel="noreferrer">{_e(a.url)}</a>')
    if a and a.syndication_group and a.syndication_group != a.article_id:
        bits.append(f"copy of {_e(a.syndication_group)}")
    offsets = f"characters {s.sentence_start}–{s.sentence_end}, figure {s.figure_start}–{s.figure_end}"
    return (f'<li class="source" id="{charts.anchor("src", s.source_id)}"><span class="meta">{" · ".join(bits)} · '
            f'{offsets}</span><br><span class="sentence">{_sentence(s)}</span></li>')


def _region_section(key: str, title: str, facts: List[Fact], by_source: Dict[str, Source],
                    articles: Dict[str, Article], svg: Optional[str]) -> str:
    chart = f'<div class="chart timeseries">{svg}</div>' if svg else ""
    rows = []
    for f in facts:
        consistency = "" if f.consistency is None else (
            f'<span class="{"warn" if f.consistency == "inconsistent" else "ok"}">{_e(f.consistency)}</span>')
        srcs = "".join(_source_item(by_source[i], articles) for i in f.source_ids)
        rows.append(
            f'<tr class="fact" id="{charts.anchor("fact", f.fact_id)}"><td class="kind-{_e(f.kind)}">{_e(f.kind)}</td>'
            f'<td class="num">{_e(fact_value(f))}</td><td>{_e(f.period or "")}</td>'
            f'<td>{_e(f.as_of)} <span class="code">{_e(f.period_basis)}</span></td>'
            f'<td class="num">{f.n_independent} / {f.n_sources}</td><td>{consistency}'
            f'{" <span class=warn>conflict</span>" if f.n_conflicts else ""}</td>'
            f'<td><ul class="sources">{srcs}</ul></td></tr>')
    table = _table("facts", ["kind", "value", "period", "as of", "independent / mentions", "checks", "sources"], rows)
    return (f'<section class="region" id="{charts.anchor("region", key)}"><h3>{title}</h3>{chart}{table}'
            f'<p class="meta"><a href="#{charts.anchor("row", key)}">back to the table</a></p></section>')


def render_page(result: TrackerResult, *, title: str = "BPJS Ketenagakerjaan coverage tracker",
                svgs: Optional[Dict[str, str]] = None) -> str:
    """The tracker page (what ``jamsostek-ie track ... --html`` writes).

    result (TrackerResult): from ``track``. title (str): page title and heading.
    svgs (dict | None): inline SVGs already rendered ("coverage" and region keys, as ``charts.render_all``
        gives them); rendered here when None.
    RETURNS (str): one self-contained HTML page.
    """
    from jamsostek_ie import __version__

    by_source = {s.source_id: s for s in result.sources}
    articles = {a.article_id: a for a in result.articles}
    sm = result.summary()
    summary = (f"{sm['articles']} articles · {sm['sources']} claim mentions → {sm['facts']} facts · "
               f"{sm['regions']} regions · {sm['conflicts']} conflicts between independent sources · "
               f"{sm['consistency_checks']} consistency checks ({sm['inconsistent']} inconsistent) · "
               f"{sm['syndicated_groups']} groups of syndicated copies")
    if svgs is None:
        svgs = {k: svg for k, (_, svg) in charts.render_all(result).items()}
    cov_html = (f'<div class="chart coverage">{svgs["coverage"]}</div>' if "coverage" in svgs
                else '<p class="empty">No province has a coverage figure in percent.</p>')
    facts_of: Dict[str, List[Fact]] = {}
    for f in result.facts:
        facts_of.setdefault(f.region_key, []).append(f)
    details = []
    tracked = {r.region_key for r in result.regions}
    for r in result.regions:
        code = f' <span class="code">{_e(r.code)} · {_e(r.level)}</span>'
        details.append(_region_section(r.region_key, _e(r.region) + code, facts_of.get(r.region_key, []),
                                       by_source, articles, svgs.get(r.region_key)))
    others = [k for k in facts_of if k not in tracked]
    for key in sorted(others):
        f0 = facts_of[key][0]
        details.append(_region_section(key, f'{_e(f0.region or "no region")} <span class="code">{_e(f0.region_level)}'
                                       f'</span>', facts_of[key], by_source, articles, None))
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    threshold = result.settings.get("syndication_threshold")
    notes = (f"Facts merge the mentions of one figure (same region, kind, unit, period; values equal within "
             f"rounding). Articles whose word 5-grams overlap by at least {threshold}"
             f" (Jaccard) are copies of one story and count as one independent source. A percent is consistent "
             f"with count / base within {result.settings.get('tolerance_pp')} percentage points plus the rounding "
             f"of the stated figures. Levels tracked per region: {', '.join(TRACKED_LEVELS)}.")
    parts = [
        '<!DOCTYPE html><html lang="id"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title><style>{CSS}</style></head><body><div class=\"trk\">",
        f"<h1>{_e(title)}</h1>", f'<p class="summary">{_e(summary)}</p>',
        '<nav><a href="#chart">chart</a><a href="#regions">regions</a><a href="#conflicts">conflicts</a>'
        '<a href="#consistency">consistency</a><a href="#syndication">syndication</a>'
        '<a href="#details">details</a></nav>', f'<p class="note">{_e(notes)}</p>',
        '<section id="chart"><h2>Coverage against target, per province</h2>', cov_html, "</section>",
        '<section id="regions"><h2>Per region</h2>', _regions_table(result.regions), "</section>",
        '<section id="conflicts"><h2>Conflicts</h2>', _conflicts_table(result, by_source, articles), "</section>",
        '<section id="consistency"><h2>Percent against count / base</h2>',
        _consistency_table(result, by_source, articles), "</section>",
        '<section id="syndication"><h2>Syndicated copies</h2>', _syndication_table(result, articles), "</section>",
        '<section id="details"><h2>Regions in detail</h2>', "".join(details), "</section>",
        f'<p class="meta">jamsostek_ie {_e(__version__)} · {stamp}</p></div></body></html>']
    return "".join(parts)
