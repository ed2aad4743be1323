"""The HTML report: one self-contained page, displaCy entities, claim figures, a linked claims table."""
import html
import re

import pytest

import jamsostek_ie
from jamsostek_ie.io.report import LABEL_COLORS, format_value, render_fragment, render_page

SEEDS = ("000_fc5a0832b3148d0c", "001_9d553b610f3e2b5b")


@pytest.fixture(scope="module")
def results(shipped_nlp, repo_root):
    from jamsostek_ie.corpus.store import load_articles

    arts = {a.id: a for a in load_articles(repo_root)}
    out = [jamsostek_ie.analyse(arts[i].text, published=arts[i].meta["published"], article_id=i, nlp=shipped_nlp)
           for i in SEEDS]
    out.append(jamsostek_ie.analyse("Tidak ada angka <b>cakupan</b> & <script>alert(1)</script> di sini.",
                                    article_id="tanpa_klaim", nlp=shipped_nlp))
    return out


def test_page_is_self_contained(results):
    page = render_page(results)
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    for external in ("<link", "<script", " src=", "@import", "url(", 'href="http'):
        assert external not in page, external


def test_one_row_per_claim_and_links_resolve(results):
    page = render_page(results)
    n_claims = sum(len(r.claims) for r in results)
    assert n_claims >= 10
    assert page.count('<tr class="claim-row"') == n_claims
    ids = set(re.findall(r'id="([^"]+)"', page))
    targets = set(re.findall(r'href="#([^"]+)"', page))
    assert targets <= ids, targets - ids
    # every row links to a claim figure, every figure's badge back to its row
    assert {t for t in targets if re.fullmatch(r"a\d+-c\d+", t)} == {i for i in ids if re.fullmatch(r"a\d+-c\d+", i)}


def test_entities_coloured_and_claim_figures_marked(results):
    page = render_page(results)
    n_ents = sum(len(r.entities) for r in results)
    assert page.count('<mark class="entity') == n_ents
    figures = {(r.article_id, c.evidence.figure_start) for r in results for c in r.claims}
    assert page.count('<mark class="entity claim-figure"') == len(figures)
    for label, colour in LABEL_COLORS.items():
        assert f'data-label="{label}" style="background: {colour}"' in page or label not in \
            {lab for r in results for _, _, lab in r.entities}


def test_table_columns_show_the_claim_fields(results):
    page = render_page(results)
    for col in ("region", "kind", "value", "period", "org", "money", "regulations", "sentence"):
        assert f"<th>{col}</th>" in page
    rows = dict(re.findall(r'<tr class="claim-row" id="row-([^"]+)">(.*?)</tr>', page, re.S))
    checked = 0
    for art, res in enumerate(results, start=1):
        for c in res.claims:  # claims are numbered through the page in order
            n = checked + 1
            assert re.search(rf'id="a{art}-c{n}"[^>]*>{re.escape(html.escape(c.figure))}<', page)
            row = rows[f"a{art}-c{n}"]
            assert f'<td class="value">{html.escape(format_value(c))}</td>' in row
            assert f"<b>{html.escape(c.figure)}</b>" in row and f'<span class="kind-{c.kind}">' in row
            for part in ([c.region.name] if c.region else []) + ([str(c.period)] if c.period else []) + \
                    [m.text for m in c.money] + [r.text for r in c.regulations] + ([c.org.name] if c.org else []):
                assert html.escape(part) in row, (part, row)
            checked += 1
    assert checked == sum(len(r.claims) for r in results)


def test_article_text_and_titles_are_escaped():
    text = "Tidak ada angka <b>cakupan</b> & <script>alert(1)</script> di sini."
    start = text.index("<script>")
    art = jamsostek_ie.Extraction(text, entities=[(start, start + 8, "ORG")], article_id="<i>judul</i>")
    page = render_page([art])
    assert "<script" not in page and "<b>cakupan" not in page and "<i>judul" not in page
    assert "&lt;script&gt;<span" in page and "&lt;b&gt;cakupan&lt;/b&gt; &amp;" in page
    assert "No coverage claims found" in page


@pytest.mark.parametrize("value,qualifier,upper,unit,expected", [
    (31.85, "exact", None, "percent", "31.85%"),
    (70.0, "at_least", None, "percent", "≥70%"),
    (40.0, "range", 50.0, "percent", "40–50%"),
    (468000.0, "approx", None, "peserta", "~468,000 peserta"),
    (17800000.0, "at_most", None, None, "≤17,800,000"),
    (None, "exact", None, "percent", "?"),
])
def test_format_value(value, qualifier, upper, unit, expected):
    from jamsostek_ie.domain.claims import CoverageClaim, Evidence

    c = CoverageClaim("achieved", "x", "PERCENT", value, qualifier, upper, unit, None, None, None, (), (), None,
                      Evidence(None, "x", 0, 1, 0, 1))
    assert format_value(c) == expected


def test_render_doc_outside_and_inside_a_notebook(shipped_nlp, monkeypatch):
    doc = shipped_nlp("Cakupan kepesertaan di Jawa Timur mencapai 41,2 persen hingga Oktober 2024.")
    html = jamsostek_ie.render(doc, jupyter=False)
    assert isinstance(html, str) and '<tr class="claim-row"' in html and "claim-figure" in html
    assert html == render_fragment(doc)
    ipd = pytest.importorskip("IPython.display")
    shown = []
    monkeypatch.setattr(ipd, "display", lambda obj: shown.append(obj))
    assert jamsostek_ie.render(doc, jupyter=True) is None
    assert shown and shown[0].data == html


def test_render_refuses_other_objects():
    with pytest.raises(TypeError, match="E015.*str"):
        render_fragment(["just a string"])


# ---------------------------------------------------------------- in a real browser

@pytest.mark.slow
def test_report_in_headless_chromium(browser, repo_root, tmp_path):
    import json

    from selenium.webdriver.common.by import By
    from typer.testing import CliRunner

    from jamsostek_ie.cli import app

    files = [str(repo_root / "corpus" / f"{i}.txt") for i in SEEDS]
    report, claims_out = tmp_path / "report.html", tmp_path / "claims.jsonl"
    res = CliRunner().invoke(app, ["extract", *files, "--format", "jsonl", "--output", str(claims_out),
                                   "--html", str(report), "--model", str(repo_root / "ner_model")])
    assert res.exit_code == 0, res.output
    claims = [json.loads(line) for line in claims_out.read_text().splitlines()]

    browser.get(report.as_uri())
    rows = browser.find_elements(By.CSS_SELECTOR, "table.claims tr.claim-row")
    assert len(rows) == len(claims) > 0
    marks = browser.find_elements(By.CSS_SELECTOR, "section.article mark.entity")
    labels = {m.get_attribute("data-label") for m in marks}
    assert len(marks) > 50 and {"ORG", "REGION", "PERCENT", "COUNT", "MONEY", "REGULATION"} <= labels
    figures = browser.find_elements(By.CSS_SELECTOR, "mark.claim-figure")
    assert len(figures) == len({(c["article_id"], c["figure_start"]) for c in claims})
    # nothing was fetched: the page is self-contained
    assert browser.execute_script("return performance.getEntriesByType('resource').length") == 0
    # a row's link lands on the claim's figure, inside its sentence in the article
    row = rows[len(rows) // 2]
    claim = claims[len(rows) // 2]  # rows follow the claims' order
    assert row.find_element(By.CSS_SELECTOR, "td.sentence b").text == claim["figure"]
    row.find_element(By.CSS_SELECTOR, "td.sentence a").click()
    target = browser.execute_script("return location.hash").lstrip("#")
    fig = browser.find_element(By.ID, target)
    assert "claim-figure" in fig.get_attribute("class") and fig.text.startswith(claim["figure"])
    assert browser.execute_script("return document.querySelector(':target') === arguments[0]", fig)
    assert fig.find_element(By.XPATH, "./ancestor::section").get_attribute("id") == \
        f"a{SEEDS.index(claim['article_id']) + 1}"

    shots = repo_root / "screenshots"
    shots.mkdir(exist_ok=True)
    browser.execute_script("window.scrollTo(0, 0)")
    assert browser.save_screenshot(str(shots / "report.png"))
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", fig)
    assert browser.save_screenshot(str(shots / "report_claim_target.png"))
    assert (shots / "report.png").stat().st_size > 10_000


def test_context_claim_shows_its_anchor_sentence():
    """A claim from a context link (schema v2) shows the earlier sentence that names its region."""
    from jamsostek_ie.domain.claims import CoverageClaim, Evidence
    from jamsostek_ie.domain.regions import resolve_region

    text = "Cakupan di Kalbar naik tahun ini. Angka ini setara 35 persen dari pekerja."
    fig = text.index("35 persen")
    second = text.index("Angka")
    claim = CoverageClaim("achieved", "35 persen", "PERCENT", 35.0, "exact", None, "percent", resolve_region("Kalbar"),
                          None, None, (), (), None,
                          Evidence("a", text[second:], second, len(text), fig, fig + 9, text[:second - 1], 0,
                                   second - 1), 0.9, True)
    art = jamsostek_ie.Extraction(text, claims=[claim], article_id="a")
    page = render_page([art])
    assert '<div class="anchor"' in page and "Cakupan di Kalbar naik tahun ini." in page
    plain = dict(claim.__dict__, context=False)
    page = render_page([jamsostek_ie.Extraction(text, claims=[CoverageClaim(**plain)], article_id="a")])
    assert '<div class="anchor"' not in page
