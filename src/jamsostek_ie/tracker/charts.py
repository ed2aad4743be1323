"""Charts of the tracker (matplotlib, no pyplot state, Agg for PNG): coverage against target per
province, and a time series per region whose points link to their facts' sources.

SVG output keeps text as text (small files) and carries links: a bar links to its region, a point to
its fact (``link`` chooses the address: an anchor of the tracker page, or the source's url).
"""
from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path
from typing import Callable, Dict, List, Optional

from .items import Fact, RegionRow, TrackerResult

ACHIEVED, TARGET, NATIONAL = "#2b8a3e", "#1864ab", "#c92a2a"
#: a region gets a time series when its achieved percent facts fall in at least this many months
MIN_POINTS = 2
#: a time series with at most this many points labels each of them
LABEL_ALL = 10


def anchor(prefix: str, key: str) -> str:
    """An HTML id for a region / fact / source key ("region-32-04", "fact-1a2b...")."""
    return f"{prefix}-" + re.sub(r"[^A-Za-z0-9_-]+", "-", key).strip("-")


def _month(as_of: str) -> date:
    year, _, month = as_of.partition("-")
    return date(int(year), int(month or 12), 15)


def _figure(width: float, height: float):
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=100)
    return fig, fig.add_subplot()


def coverage_chart(result: TrackerResult, *, link: Optional[Callable[[RegionRow], Optional[str]]] = None):
    """Horizontal bars: the latest achieved coverage (%) of every province, its target as a marker,
    sorted by coverage; the national figure as a dashed line.

    link (callable | None): region row → url of its bar (e.g. "#region-32").
    RETURNS (matplotlib.figure.Figure | None): None when no province has a percent figure.
    """
    rows = [r for r in result.regions if r.level == "province" and (r.achieved_pct is not None or
                                                                    r.target_pct is not None)]
    if not rows:
        return None
    rows.sort(key=lambda r: (r.achieved_pct is not None, r.achieved_pct or 0.0, r.target_pct or 0.0))
    height = 1.6 + 0.34 * len(rows)
    fig, ax = _figure(10, height)
    longest = max(len(f"{r.region}  ({r.achieved_pct_as_of or 'no achieved figure'})") for r in rows)
    fig.subplots_adjust(left=min(0.5, (0.3 + 0.062 * longest) / 10), right=0.98, top=1 - 0.85 / height,
                        bottom=0.75 / height)
    ys = list(range(len(rows)))
    bars = ax.barh(ys, [r.achieved_pct or 0.0 for r in rows], color=ACHIEVED, height=0.62,
                   label="latest achieved coverage")
    for bar, r in zip(bars, rows):
        url = link(r) if link else None
        if url:
            bar.set_url(url)
        label = f"{r.achieved_pct:g}%" if r.achieved_pct is not None else "–"
        if r.target_pct is not None:
            label += f"  target {r.target_pct:g}%" + (f" ({r.target_pct_year})" if r.target_pct_year else "")
        ax.text(max(r.achieved_pct or 0.0, r.target_pct or 0.0) + 1.2, bar.get_y() + bar.get_height() / 2, label,
                va="center", fontsize=7.5, color="#343a40")
    tx = [(y, r.target_pct) for y, r in zip(ys, rows) if r.target_pct is not None]
    if tx:
        ax.scatter([t for _, t in tx], [y for y, _ in tx], marker="D", s=34, color=TARGET, zorder=3,
                   label="latest target")
    national = next((r for r in result.regions if r.level == "country" and r.achieved_pct is not None), None)
    if national is not None:
        ax.axvline(national.achieved_pct, color=NATIONAL, linestyle="--", linewidth=1,
                   label=f"Indonesia {national.achieved_pct:g}% ({national.achieved_pct_as_of})")
    ax.set_yticks(ys, [f"{r.region}  ({r.achieved_pct_as_of or 'no achieved figure'})" for r in rows], fontsize=8.5)
    top = max([r.achieved_pct or 0 for r in rows] + [t for _, t in tx] + [10.0])
    ax.set_xlim(0, top * 1.3)
    ax.set_xlabel("workers covered by BPJS Ketenagakerjaan (%)")
    ax.set_title("Latest achieved coverage against target, per province", loc="left", fontsize=12, pad=22)
    ax.grid(axis="x", color="#dee2e6", linewidth=0.6)
    ax.set_axisbelow(True)
    ax.set_ylim(-0.7, len(rows) - 0.3)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncol=3, fontsize=8, frameon=False, borderaxespad=0.2)
    return fig


def series_points(result: TrackerResult, region_key: str) -> List[Fact]:
    """The dated percent facts of a region (achieved and target), oldest first."""
    return sorted((f for f in result.facts if f.region_key == region_key and f.unit == "percent" and f.as_of),
                  key=lambda f: (f.as_of, f.kind, f.value))


def series_regions(result: TrackerResult, min_points: int = MIN_POINTS) -> List[RegionRow]:
    """The region rows that get a time series: achieved percent facts in at least ``min_points`` months."""
    months: Dict[str, set] = {}
    for f in result.facts:
        if f.unit == "percent" and f.as_of and f.kind == "achieved":
            months.setdefault(f.region_key, set()).add(f.as_of)
    return [r for r in result.regions if len(months.get(r.region_key, ())) >= min_points]


def timeseries_chart(result: TrackerResult, region_key: str, *,
                     link: Optional[Callable[[Fact], Optional[str]]] = None):
    """Achieved coverage (%) of one region over time, targets at their year; every point a link.

    Points only, no line: two sources may give different values for one month (see the conflicts).

    link (callable | None): fact → url of its point (e.g. "#fact-<id>", the row listing its sources).
    RETURNS (matplotlib.figure.Figure | None): None without dated percent facts.
    """
    points = series_points(result, region_key)
    if not points:
        return None
    row = next((r for r in result.regions if r.region_key == region_key), None)
    name = row.region if row else points[0].region
    fig, ax = _figure(7.5, 3.3)
    fig.subplots_adjust(left=0.09, right=0.98, top=0.88, bottom=0.13)
    for kind, colour, marker, label in (("achieved", ACHIEVED, "o", "achieved"), ("target", TARGET, "D", "target")):
        pts = [f for f in points if f.kind == kind]
        if not pts:
            continue
        xs, ys = [_month(f.as_of) for f in pts], [f.value for f in pts]
        sc = ax.scatter(xs, ys, color=colour if kind == "achieved" else "white", edgecolors=colour, marker=marker,
                        s=[30 + 14 * min(f.n_independent, 5) for f in pts], linewidths=1.5, zorder=3,
                        label=f"{label} (size: independent sources)" if kind == "achieved" else label)
        if link:
            sc.set_urls([link(f) for f in pts])
        # every value when there are few points, else only the newest one of each kind; a value with a
        # higher one in the same month goes below its point
        for x, f in (zip(xs, pts) if len(points) <= LABEL_ALL else [(xs[-1], pts[-1])]):
            below = any(g.as_of == f.as_of and g.value > f.value for g in pts)
            ax.annotate(f"{f.value:g}%", (x, f.value), textcoords="offset points", xytext=(0, -13 if below else 7),
                        ha="center", fontsize=7.5, color=colour)
    ax.set_ylabel("coverage (%)")
    title = f"{name} ({row.code})" if row and row.code else str(name)
    ax.set_title(f"{title}: coverage over time", loc="left", fontsize=11)
    ax.grid(color="#e9ecef", linewidth=0.6)
    ax.set_ylim(0, min(100, max(f.value for f in points) * 1.25 + 2))
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.legend(loc="lower right", fontsize=7.5, frameon=False, ncol=2)
    from matplotlib.dates import AutoDateLocator, DateFormatter

    ax.xaxis.set_major_locator(AutoDateLocator(minticks=3, maxticks=7))
    ax.xaxis.set_major_formatter(DateFormatter("%Y-%m"))
    return fig


def render_all(result: TrackerResult, *, progress: bool = False) -> Dict[str, tuple]:
    """Every chart once: key → (figure, inline SVG with "#fact-…" / "#region-…" links).

    RETURNS (dict): "coverage" and each region key with a time series.
    """
    import sys

    from tqdm.auto import tqdm

    out = {}
    cov = coverage_chart(result, link=lambda r: "#" + anchor("region", r.region_key))
    if cov is not None:
        out["coverage"] = (cov, svg_text(cov, salt="coverage"))
    rows = series_regions(result)
    for r in tqdm(rows, unit="chart", desc="track: charts", disable=not progress or len(rows) < 10, file=sys.stderr):
        fig = timeseries_chart(result, r.region_key, link=lambda f: "#" + anchor("fact", f.fact_id))
        if fig is not None:
            out[r.region_key] = (fig, svg_text(fig, salt=r.region_key))
    return out


def svg_text(fig, *, salt: str) -> str:
    """The figure as an inline ``<svg>`` element (no XML prolog; ids salted so that several figures
    can share one page)."""
    import matplotlib

    buf = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": salt}):
        fig.savefig(buf, format="svg", metadata={"Date": None})
    text = buf.getvalue()
    return text[text.index("<svg"):]


def save(fig, base: Path, *, salt: str) -> List[Path]:
    """Write ``base``.png (150 dpi) and ``base``.svg. RETURNS (list[Path]): the two files."""
    import matplotlib

    base.parent.mkdir(parents=True, exist_ok=True)
    png, svg = base.with_suffix(".png"), base.with_suffix(".svg")
    fig.savefig(png, format="png", dpi=150, metadata={"Software": None})
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": salt}):
        fig.savefig(svg, format="svg", metadata={"Date": None})
    return [png, svg]
