"""An HTML report people read at a glance: each article rendered by displaCy, claims in a table.

One self-contained page (inline CSS, no scripts, fonts or images from elsewhere):

- a claims table (article, kind, value, region, period, org, money, regulations, sentence) whose
  links jump to the claim's figure inside its sentence in the article below;
- every article rendered with displaCy's ``ent`` style in our colours for the six labels, each
  claim figure outlined and numbered, its number linking back to its row.

``render_page`` writes the page of ``jamsostek-ie extract ... --html report.html``; ``render``
shows the same for one Doc (or an ``Extraction``) in a notebook.
"""
from __future__ import annotations

import html
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Dict, Iterable, List, Optional, Sequence, Tuple, Union

from spacy import displacy
from spacy.tokens import Doc

from ..domain.claims import CoverageClaim
from ..schema import ENTITY_LABELS
from .formats import REPORT_COLUMNS, format_figure

if TYPE_CHECKING:  # pragma: no cover
    from ..api import Extraction

#: background colour per entity label (light, so dark text stays readable)
LABEL_COLORS: Dict[str, str] = {
    "ORG": "#a9dcf5",
    "REGION": "#ffd68a",
    "PERCENT": "#b9eda5",
    "COUNT": "#d5c4f7",
    "MONEY": "#f9bfd2",
    "REGULATION": "#dcdcc6",
}

#: characters of a claim's sentence shown on each side of the figure in the table
SENTENCE_CONTEXT = 90

# displaCy's entity template with our classes/attributes; ``params`` of each span fill cls/attrs/extra
_ENT_TEMPLATE = (
    '<mark class="entity{cls}" data-label="{label}"{attrs} style="background: {bg}">{text}'
    '<span class="ent-label">{label}</span>{extra}</mark>'
)

CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: #1d2327;
       margin: 0; background: #f4f5f7; }
.jie { max-width: 1320px; margin: 0 auto; padding: 1.2rem 1.5rem 3rem; }
.jie h1 { font-size: 1.55rem; margin: 0.4rem 0 0.2rem; }
.jie h2 { font-size: 1.2rem; margin: 1.6rem 0 0.5rem; }
.jie .summary { color: #55606a; margin: 0 0 0.8rem; }
.jie .legend { display: flex; flex-wrap: wrap; gap: 0.4rem; margin: 0.4rem 0 1rem; font-size: 0.85rem; }
.jie .legend span { padding: 0.15em 0.55em; border-radius: 0.35em; }
.jie .legend .claim-key { background: #fff; box-shadow: inset 0 0 0 2px #c92a2a; font-weight: 600; }
.jie table.claims { border-collapse: collapse; width: 100%; background: #fff; font-size: 0.88rem;
                    box-shadow: 0 1px 3px rgba(0,0,0,.12); }
.jie table.claims th { background: #2b3a4a; color: #fff; text-align: left; padding: 0.45rem 0.5rem;
                       position: sticky; top: 0; }
.jie table.claims td { padding: 0.4rem 0.5rem; border-top: 1px solid #e3e6ea; vertical-align: top; }
.jie table.claims tr:nth-child(even) td { background: #fafbfc; }
.jie table.claims tr:target td { background: #fff3bf; }
.jie td.value { font-weight: 700; white-space: nowrap; }
.jie td.kind span { padding: 0.1em 0.45em; border-radius: 0.3em; font-size: 0.8rem; font-weight: 600; }
.jie .kind-achieved { background: #d3f9d8; color: #2b8a3e; }
.jie .kind-target { background: #e7f5ff; color: #1864ab; }
.jie td.sentence { color: #495057; min-width: 16rem; }
.jie td.article { min-width: 8rem; max-width: 12rem; overflow-wrap: anywhere; font-size: 0.8rem; }
.jie .table-wrap { overflow-x: auto; }
.jie td.money { min-width: 7rem; }
.jie td.sentence b { color: #c92a2a; }
.jie td.sentence .anchor { margin-top: .25rem; padding-left: .5rem; border-left: 3px solid #adb5bd; color: #6c757d; }
.jie td .code { color: #868e96; font-size: 0.78rem; }
.jie a { color: #1971c2; text-decoration: none; }
.jie a:hover { text-decoration: underline; }
.jie section.article { background: #fff; margin: 1.2rem 0; padding: 0.4rem 1.2rem 1rem; border-radius: 6px;
                       box-shadow: 0 1px 3px rgba(0,0,0,.12); }
.jie section.article h2 { margin-top: 0.8rem; }
.jie section.article .meta { color: #6c757d; font-size: 0.85rem; margin: 0 0 0.6rem; }
.jie .note { color: #b35c00; font-size: 0.9rem; }
.jie .entities { line-height: 2.4; font-size: 0.98rem; }
.jie mark.entity { padding: 0.25em 0.45em; margin: 0 0.15em; line-height: 1; border-radius: 0.35em;
                   color: #1d2327; }
.jie mark.entity .ent-label { font-size: 0.62em; font-weight: 700; margin-left: 0.35rem; vertical-align: middle;
                              letter-spacing: 0.02em; opacity: 0.75; }
.jie mark.claim-figure { box-shadow: 0 0 0 2px #c92a2a; font-weight: 700; scroll-margin-top: 35vh; }
.jie mark.claim-figure:target { box-shadow: 0 0 0 4px #f08c00; }
.jie a.claim-ref { font-size: 0.7em; font-weight: 700; margin-left: 0.3rem; background: #c92a2a; color: #fff;
                   padding: 0.05em 0.35em; border-radius: 0.6em; vertical-align: super; }
.jie .empty { color: #868e96; font-style: italic; }
"""


class _Article:
    """What the report shows of one article: text, entity spans, claims, a title, an anchor prefix."""

    def __init__(self, text: str, entities: Sequence[Tuple[int, int, str]], claims: Sequence[CoverageClaim],
                 title: str, anchor: str, note: str = "") -> None:
        self.text = text
        self.entities = sorted(entities)
        self.claims = list(claims)
        self.title = title
        self.anchor = anchor
        self.note = note


def _as_articles(items) -> List[_Article]:
    from ..api import Extraction

    if isinstance(items, (Doc, Extraction)):
        items = [items]
    out = []
    for i, item in enumerate(items, start=1):
        if isinstance(item, Doc):
            claims = list(item._.claims or []) if Doc.has_extension("claims") else []
            aid = item.user_data.get("article_id")
            ents = [(e.start_char, e.end_char, e.label_) for e in item.ents]
            out.append(_Article(item.text, ents, claims, aid or f"article {i}", f"a{i}"))
        elif isinstance(item, Extraction):
            note = "" if item.language == "id" else (
                f"skipped: the text reads as another language ({item.language}); no claims are extracted from it")
            out.append(_Article(item.text, item.entities, item.claims, item.article_id or f"article {i}",
                                f"a{i}", note))
        else:
            from ..errors import Errors, error

            raise error(Errors.E015, cls=TypeError, what="render", expected="a Doc, an Extraction or a list of them",
                        found=type(item).__name__)
    return out


def format_value(claim: CoverageClaim) -> str:
    """A claim's value as people write it: "31.85%", "~468,000 peserta", "≥70%", "40–50%" (typographic
    signs; see ``formats.format_figure``).

    claim (CoverageClaim): the claim.
    RETURNS (str): the value with its qualifier and unit; "?" when it has no value.
    """
    return format_figure(claim.value, claim.unit, claim.qualifier, claim.upper)


def _e(value) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _figure_key(claim: CoverageClaim) -> Tuple[int, int]:
    return claim.evidence.figure_start, claim.evidence.figure_end


def _claim_ids(articles: List[_Article]) -> Dict[Tuple[str, Tuple[int, int]], int]:
    ids, n = {}, 0
    for art in articles:
        for c in art.claims:
            key = (art.anchor, _figure_key(c))
            if key not in ids:
                n += 1
                ids[key] = n
    return ids


def _render_article(art: _Article, ids: Dict) -> str:
    figures = {}
    for c in art.claims:
        figures.setdefault(_figure_key(c), c)
    spans = []
    for start, end, label in art.entities:
        claim = figures.get((start, end))
        params = {"cls": "", "attrs": "", "extra": ""}
        if claim is not None:
            n = ids[(art.anchor, (start, end))]
            region = claim.region.name if claim.region else "?"
            tip = f"claim {n}: {claim.kind} {format_value(claim)}, {region}" + (
                f", {claim.period}" if claim.period else "")
            params = {"cls": " claim-figure", "attrs": f' id="{art.anchor}-c{n}" title="{_e(tip)}"',
                      "extra": f'<a class="claim-ref" href="#row-{art.anchor}-c{n}">{n}</a>'}
        spans.append({"start": start, "end": end, "label": label, "params": params})
    body = displacy.render({"text": art.text, "ents": spans, "title": None}, style="ent", manual=True,
                           page=False, jupyter=False,
                           options={"colors": LABEL_COLORS, "template": _ENT_TEMPLATE})
    n_claims = len(art.claims)
    meta = (f"{n_claims} claim{'s' if n_claims != 1 else ''} · {len(art.entities)} entities · "
            f"{len(art.text):,} characters")
    note = f'<p class="note">{_e(art.note)}</p>' if art.note else ""
    return (f'<section class="article" id="{art.anchor}"><h2>{_e(art.title)}</h2>'
            f'<p class="meta">{meta}</p>{note}{body}</section>')


def _sentence_html(claim: CoverageClaim, context: int = SENTENCE_CONTEXT) -> str:
    """The sentence around the figure (at most ``context`` characters each side, cut at a space), the
    figure in bold."""
    e = claim.evidence
    s = e.sentence
    a, b = e.figure_start - e.start, e.figure_end - e.start
    if not 0 <= a <= b <= len(s):
        return _e(s)
    lo, hi = max(0, a - context), min(len(s), b + context)
    if lo > 0:
        cut = s.find(" ", lo, a)
        lo = cut + 1 if cut >= 0 else lo
    if hi < len(s):
        cut = s.rfind(" ", b, hi)
        hi = cut if cut >= 0 else hi
    left = ("…" if lo > 0 else "") + s[lo:a]
    right = s[b:hi] + ("…" if hi < len(s) else "")
    return f"{_e(left)}<b>{_e(s[a:b])}</b>{_e(right)}"


def _anchor_html(claim: CoverageClaim) -> str:
    """For a claim from a context link (schema v2): the earlier sentence that names its region or org."""
    e = claim.evidence
    if not claim.context or not e.anchor_sentence:
        return ""
    return (f'<div class="anchor" title="characters {e.anchor_start}–{e.anchor_end}">'
            f'<span class="code">context</span> {_e(e.anchor_sentence.strip())}</div>')


def _claims_table(articles: List[_Article], ids: Dict, with_article: bool) -> str:
    head = ["#"] + (["article"] if with_article else []) + list(REPORT_COLUMNS)
    rows = []
    for art in articles:
        for c in art.claims:
            n = ids[(art.anchor, _figure_key(c))]
            target = f"#{art.anchor}-c{n}"
            region = ""
            if c.region is not None:
                code = f' <span class="code">{_e(c.region.code)}</span>' if c.region.code else ""
                region = _e(c.region.name) + code
            org = ""
            if c.org is not None:
                org = _e(c.org.name) + (f' <span class="code">{_e(c.org.office)}</span>' if c.org.office else "")
            cells = [f'<td><a href="{target}">{n}</a></td>']
            if with_article:
                cells.append(f'<td class="article"><a href="#{art.anchor}">{_e(art.title)}</a></td>')
            cells += [
                f'<td class="kind"><span class="kind-{_e(c.kind)}">{_e(c.kind)}</span></td>',
                f'<td class="value">{_e(format_value(c))}</td>',
                f"<td>{region}</td>",
                f"<td>{_e(c.period) if c.period else ''}</td>",
                f"<td>{org}</td>",
                f"<td class=\"money\">{'<br>'.join(_e(m.text) for m in c.money)}</td>",
                f"<td>{'<br>'.join(_e(r.text) for r in c.regulations)}</td>",
                f'<td class="sentence"><a href="{target}" title="{_e(c.evidence.sentence)} '
                f'(characters {c.evidence.start}–{c.evidence.end})">{_sentence_html(c)}</a>{_anchor_html(c)}</td>',
            ]
            rows.append(f'<tr class="claim-row" id="row-{art.anchor}-c{n}">{"".join(cells)}</tr>')
    if not rows:
        return '<p class="empty">No coverage claims found.</p>'
    return ('<div class="table-wrap"><table class="claims"><thead><tr>' + "".join(f"<th>{h}</th>" for h in head) +
            "</tr></thead><tbody>" + "".join(rows) + "</tbody></table></div>")


def _legend() -> str:
    keys = "".join(f'<span style="background: {LABEL_COLORS[label]}">{label}</span>' for label in ENTITY_LABELS)
    return f'<div class="legend">{keys}<span class="claim-key">claim figure</span></div>'


def render_fragment(items, *, title: str = "Coverage claims") -> str:
    """The report as an HTML fragment (its ``<style>`` included), for pages and notebooks.

    items (Doc | Extraction | Sequence): one article or several.
    title (str): the heading.
    RETURNS (str): HTML.
    """
    articles = _as_articles(items)
    ids = _claim_ids(articles)
    n_claims = len(ids)
    summary = (f"{len(articles)} article{'s' if len(articles) != 1 else ''}, "
               f"{n_claims} claim{'s' if n_claims != 1 else ''}")
    parts = [f"<style>{CSS}</style>", '<div class="jie">', f"<h1>{_e(title)}</h1>",
             f'<p class="summary">{summary}</p>', _legend(),
             '<section id="claims"><h2>Claims</h2>', _claims_table(articles, ids, len(articles) > 1), "</section>"]
    parts += [_render_article(a, ids) for a in articles]
    parts.append("</div>")
    return "".join(parts)


def render_page(items, *, title: str = "Coverage claims") -> str:
    """A complete, self-contained HTML page (what ``jamsostek-ie extract ... --html`` writes).

    items (Doc | Extraction | Sequence): the articles.
    title (str): page title and heading.
    RETURNS (str): the page.
    """
    from .. import __version__

    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return ('<!DOCTYPE html><html lang="id"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{_e(title)}</title></head><body>{render_fragment(items, title=title)}"
            f'<footer class="jie" style="color:#868e96;font-size:.8rem">jamsostek_ie {__version__} · {stamp}</footer>'
            "</body></html>")


def render(items: Union[Doc, "Extraction", Iterable], *, jupyter: Optional[bool] = None,
           page: bool = False) -> Optional[str]:
    """Show a Doc's (or an ``Extraction``'s) entities and claims as in the HTML report.

    items (Doc | Extraction | Sequence): e.g. ``nlp(text)`` or ``jamsostek_ie.analyse(text)``.
    jupyter (bool | None): display in the notebook; None = when running in one (as displaCy does).
    page (bool): a complete HTML page instead of a fragment.
    RETURNS (str | None): the HTML; None when it was displayed in a notebook.
    """
    from spacy.util import is_in_jupyter

    markup = render_page(items) if page else render_fragment(items)
    if jupyter if jupyter is not None else is_in_jupyter():
        from IPython.display import HTML, display

        display(HTML(markup))
        return None
    return markup
