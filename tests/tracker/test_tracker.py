"""The coverage tracker: facts from claims, syndication, checks, region rows, the database, page and charts.

Most tests build claims by hand from the small articles in tests/fixtures/tracker (no model needed);
one runs the shipped pipeline on them, one opens the page in headless Chromium.
"""
import json
import re
from pathlib import Path

import pytest

import jamsostek_ie
from jamsostek_ie.io.formats import claim_schema
from jamsostek_ie.tracker import track, track_files
from jamsostek_ie.tracker import store, syndication
from jamsostek_ie.tracker.checks import check_figures
from jamsostek_ie.tracker.facts import precision, same_within_rounding
from jamsostek_ie.tracker.page import render_page

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "tracker"
TEXTS = {p.stem: p.read_text(encoding="utf-8") for p in sorted(FIX.glob("*.txt"))}
META = [json.loads(line) for line in (FIX / "articles.jsonl").read_text(encoding="utf-8").splitlines()]
JB = {"region": "Jawa Barat", "region_level": "province", "region_code": "32", "province": "Jawa Barat"}
KB = {"region": "Kabupaten Bandung", "region_level": "regency", "region_code": "32.04", "province": "Jawa Barat"}


def claim(aid, figure, kind, region, period, value, unit="percent", **extra):
    """A claim record (``CoverageClaim.to_dict`` fields) for ``figure`` in fixture article ``aid``."""
    text = TEXTS[aid]
    start = text.index(figure)
    end = start + len(figure)
    s0 = text.rfind("\n", 0, start) + 1
    s1 = text.find("\n", end)
    s1 = len(text) if s1 < 0 else s1
    year, _, month = (period or "").partition("-")
    row = {name: None for name in claim_schema().names}
    row.update({"article_id": aid, "kind": kind, "label": "PERCENT" if unit == "percent" else "COUNT",
                "figure": figure, "value": value, "qualifier": "exact", "unit": unit, **region, "money": [],
                "regulations": [], "period": period, "period_year": int(year) if year else None,
                "period_month": int(month) if month else None, "sentence": text[s0:s1], "sentence_start": s0,
                "sentence_end": s1, "figure_start": start, "figure_end": end})
    row.update(extra)
    return row


def story(aid):
    """The claims of the Antara story, as each of its copies carries them."""
    return [claim(aid, "31,85 Persen", "achieved", JB, None, 31.85),
            claim(aid, "31,85 persen", "achieved", JB, "2023-10", 31.85),
            claim(aid, "6,12 juta pekerja", "achieved", JB, None, 6120000.0, "pekerja", workforce=19200000.0),
            claim(aid, "70 persen", "target", JB, "2024", 70.0)]


CLAIMS = (story("antara_jabar") + story("jabarnews_copy") + [
    claim("pikiran_jabar", "32 persen", "achieved", JB, "2023-10", 32.0, qualifier="approx"),
    claim("pikiran_jabar", "27,4 persen", "achieved", JB, "2022-12", 27.4),
    claim("radar_jabar", "29,5 persen", "achieved", JB, "2023-10", 29.5),
    claim("bandung_2023", "28 persen", "achieved", KB, "2023-11", 28.0),
    claim("bandung_2023", "35 persen", "target", KB, "2024", 35.0),
    claim("bandung_2023", "40 persen", "target", KB, "2024", 40.0),
    claim("bandung_2024", "33 persen", "achieved", KB, "2024-07", 33.0, workforce=1200000.0),
    claim("bandung_2024", "500.000 pekerja", "achieved", KB, "2024-07", 500000.0, "pekerja", workforce=1200000.0),
])
ARTICLES = [dict(m, text=TEXTS[m["id"]]) for m in META]


@pytest.fixture(scope="module")
def result():
    return track(CLAIMS, articles=ARTICLES)


def _fact(result, region, kind, value, unit="percent"):
    return next(f for f in result.facts if f.region == region and f.kind == kind and f.unit == unit
                and f.value == value)


def _write_jsonl(path, rows):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


# ---------------------------------------------------------------- rounding, syndication, facts


@pytest.mark.parametrize("value,step", [(31.85, 0.01), (31.9, 0.1), (70.0, 1.0), (468000.0, 1000.0),
                                        (2000000.0, 100000.0), (5912345.0, 1.0), (0.0, 1.0)])
def test_precision_is_the_last_stated_digit(value, step):
    assert precision(value) == pytest.approx(step)


@pytest.mark.parametrize("a,b,same", [(31.85, 31.9, True), (31.85, 32.0, True), (31.4, 32.0, False),
                                      (31.85, 31.7, False), (5912345.0, 5900000.0, True),
                                      (1600000.0, 2000000.0, False), (1960000.0, 2000000.0, True)])
def test_values_merge_within_rounding_only(a, b, same):
    assert same_within_rounding(a, b) is same
    assert same_within_rounding(b, a) is same


def test_syndicated_copy_is_near_identical_by_shingles_and_other_reports_are_not():
    story_, copy_, other_ = (syndication.shingles(TEXTS[i]) for i in ("antara_jabar", "jabarnews_copy", "pikiran_jabar"))
    copy, other = syndication.jaccard(story_, copy_), syndication.jaccard(story_, other_)
    assert copy >= syndication.THRESHOLD > 0.1 > other
    est = syndication.similarity(syndication.signature(TEXTS["antara_jabar"]),
                                 syndication.signature(TEXTS["jabarnews_copy"]))
    assert est == pytest.approx(copy, abs=0.1)  # MinHash estimates the exact Jaccard


def test_syndication_groups_copies_from_texts(result):
    assert [(p.article_a, p.article_b, p.basis) for p in result.syndicated_pairs] == \
        [("antara_jabar", "jabarnews_copy", "text")]
    assert result.syndication_groups() == {"antara_jabar": ["antara_jabar", "jabarnews_copy"]}
    arts = {a.article_id: a for a in result.articles}
    assert arts["jabarnews_copy"].syndication_group == "antara_jabar"
    assert arts["radar_jabar"].syndication_group == "radar_jabar"


def test_syndication_falls_back_to_claim_sentences_without_texts():
    res = track(CLAIMS, articles=META)  # metadata only: no text
    assert [(p.article_a, p.article_b, p.basis) for p in res.syndicated_pairs] == \
        [("antara_jabar", "jabarnews_copy", "sentences")]
    assert res.syndicated_pairs[0].similarity >= syndication.THRESHOLD  # the datelines differ


def test_mentions_of_one_figure_become_one_fact_listing_every_source(result):
    f = _fact(result, "Jawa Barat", "achieved", 31.85)
    assert f.period == "2023-10" and f.as_of == "2023-10" and f.region_code == "32"
    # headline + lead of the story and its copy, and another outlet's rounded "32 persen"
    assert (f.n_sources, f.n_articles, f.n_independent) == (5, 3, 2)
    by_id = {s.source_id: s for s in result.sources}
    srcs = [by_id[i] for i in f.source_ids]
    assert {s.article_id for s in srcs} == {"antara_jabar", "jabarnews_copy", "pikiran_jabar"}
    for s in srcs:  # offsets index the article text
        assert TEXTS[s.article_id][s.figure_start:s.figure_end] == s.figure
        assert TEXTS[s.article_id][s.sentence_start:s.sentence_end] == s.sentence
    headline = next(s for s in srcs if s.figure == "31,85 Persen" and s.article_id == "antara_jabar")
    assert headline.period is None and headline.fact_period == "2023-10"  # the lead's period
    assert (f.first_published, f.last_published) == ("2023-11-02", "2023-11-20")
    assert len(result.sources) == len(CLAIMS) and len(result.facts) == 10


def test_fact_ids_are_stable_and_a_figure_without_period_is_dated_by_its_article(result):
    again = track(list(reversed(CLAIMS)), articles=ARTICLES)
    assert {f.fact_id for f in again.facts} == {f.fact_id for f in result.facts}
    count = _fact(result, "Jawa Barat", "achieved", 6120000.0, "pekerja")
    assert (count.period, count.as_of, count.period_basis) == (None, "2023-11", "published")


def test_track_takes_coverage_claims_dicts_and_frames(result, shipped_nlp):
    import pandas as pd

    from_frame = track(pd.DataFrame(CLAIMS), articles=pd.DataFrame(ARTICLES))
    assert from_frame.summary() == result.summary()
    claims = jamsostek_ie.extract(TEXTS["radar_jabar"], article_id="radar_jabar", published="2023-11-25",
                                  nlp=shipped_nlp)
    res = jamsostek_ie.track(claims)
    assert [(f.region, f.kind, f.value, f.period) for f in res.facts] == [("Jawa Barat", "achieved", 29.5, "2023-10")]


# ---------------------------------------------------------------- checks and regions


@pytest.mark.parametrize("percent,count,base,q,status", [
    (41.2, 1080000.0, 2620000.0, "exact", "consistent"),     # 41.22 %
    (31.85, 6120000.0, 19200000.0, "exact", "consistent"),   # 31.875 %
    (33.0, 500000.0, 1200000.0, "exact", "inconsistent"),   # 41.7 %
    (30.0, 500000.0, 1200000.0, "at_least", "consistent"),  # "lebih dari 30 persen"
    (45.0, 500000.0, 1200000.0, "at_least", "inconsistent"),
])
def test_percent_against_count_over_base(percent, count, base, q, status):
    implied, diff, tol, got = check_figures(percent, count, base, percent_qualifier=q)
    assert got == status
    assert implied == pytest.approx(count / base * 100, abs=1e-3) and tol >= 0.5


def test_consistency_checks_are_rows_in_sentence_and_article_scope(result):
    checks = {(c.article_id, c.scope): c for c in result.consistency}
    assert set(checks) == {("antara_jabar", "article"), ("jabarnews_copy", "article"), ("bandung_2024", "sentence")}
    bad = checks[("bandung_2024", "sentence")]
    assert bad.status == "inconsistent" and bad.implied_percent == pytest.approx(41.6667, abs=1e-3)
    assert bad.difference_pp == pytest.approx(8.6667, abs=1e-3) and bad.tolerance_pp < 4  # 0.5 + rounding of "1,2 juta"
    assert checks[("antara_jabar", "article")].status == "consistent"
    assert _fact(result, "Kabupaten Bandung", "achieved", 33.0).consistency == "inconsistent"
    assert _fact(result, "Jawa Barat", "achieved", 31.85).consistency == "consistent"


def test_conflicts_list_both_sources_and_say_whether_they_are_independent(result):
    conflicts = {(c.region, c.kind, c.period): c for c in result.conflicts}
    assert set(conflicts) == {("Jawa Barat", "achieved", "2023-10"), ("Kabupaten Bandung", "target", "2024")}
    jb = conflicts[("Jawa Barat", "achieved", "2023-10")]
    assert (jb.value_a, jb.value_b, jb.independent) == (29.5, 31.85, True)
    assert jb.article_a == "radar_jabar" and jb.article_b in {"antara_jabar", "jabarnews_copy", "pikiran_jabar"}
    kb = conflicts[("Kabupaten Bandung", "target", "2024")]
    assert (kb.value_a, kb.value_b, kb.independent) == (35.0, 40.0, False)  # one article says both
    assert kb.article_a == kb.article_b == "bandung_2023"


def test_region_rows(result):
    rows = {r.region: r for r in result.regions}
    assert list(rows) == ["Jawa Barat", "Kabupaten Bandung"]
    jb = rows["Jawa Barat"]
    assert (jb.code, jb.level, jb.province_code) == ("32", "province", "32")
    # 29.5 is as recent, but 31.85 has two independent sources
    assert (jb.achieved_pct, jb.achieved_pct_as_of) == (31.85, "2023-10")
    assert (jb.achieved_workers, jb.target_pct, jb.target_pct_year) == (6120000.0, 70.0, 2024)
    assert jb.gap_pct == pytest.approx(38.15) and jb.workforce == 19200000.0
    assert (jb.n_articles, jb.n_independent, jb.newest_source, jb.n_conflicts) == (4, 3, "2023-11-25", 1)
    kb = rows["Kabupaten Bandung"]
    assert (kb.code, kb.level, kb.province, kb.province_code) == ("32.04", "regency", "Jawa Barat", "32")
    assert (kb.achieved_pct, kb.achieved_pct_as_of, kb.achieved_workers) == (33.0, "2024-07", 500000.0)
    assert (kb.n_inconsistent, kb.n_conflicts, kb.target_pct_year) == (1, 0, 2024)
    assert result.frame("regions").shape[0] == 2 and set(result.frames()) >= {"facts", "sources", "conflicts"}


# ---------------------------------------------------------------- database


def _plain(v):
    if hasattr(v, "tolist"):
        return list(v)
    return None if v is None or (isinstance(v, float) and v != v) or str(v) in ("NaT", "<NA>") else v


def _table_rows(db, table, key):
    df = store.read_table(db, table, sql=f"SELECT * FROM {table} ORDER BY {key}")
    return [{k: _plain(v) for k, v in rec.items()} for rec in df.to_dict("records")]


def test_database_update_is_idempotent_and_adds_without_duplicates(tmp_path):
    first = _write_jsonl(tmp_path / "first.jsonl", [c for c in CLAIMS if c["article_id"] != "radar_jabar"])
    second = _write_jsonl(tmp_path / "second.jsonl", [c for c in CLAIMS if c["article_id"] == "radar_jabar"])
    db = tmp_path / "tracker.duckdb"
    res = track_files([first, FIX / "articles.jsonl"], db=db)
    assert res["db_tables"]["sources"] == len(CLAIMS) - 1 and res["db_tables"]["conflicts"] == 1
    before = {t: _table_rows(db, t, store.PRIMARY_KEYS[t][0]) for t in ("articles", "sources", "facts", "regions")}
    track_files([first, FIX / "articles.jsonl"], db=db)  # the same again: nothing changes
    assert {t: _table_rows(db, t, store.PRIMARY_KEYS[t][0]) for t in before} == before
    res = track_files([second], db=db)  # one more article
    assert res["db_tables"]["sources"] == len(CLAIMS) and res["db_tables"]["conflicts"] == 2
    assert res["db_tables"]["articles"] == 6
    once = track(CLAIMS, articles=META)
    assert {r["fact_id"] for r in _table_rows(db, "facts", "fact_id")} == {f.fact_id for f in once.facts}
    arts = {r["article_id"]: r for r in _table_rows(db, "articles", "article_id")}
    assert arts["radar_jabar"]["outlet"] == "Radar Contoh"  # metadata of the first run kept
    # an article given again replaces its own sources
    fewer = _write_jsonl(tmp_path / "fewer.jsonl", [c for c in CLAIMS if c["article_id"] == "bandung_2023"][:1])
    res = track_files([fewer], db=db)
    assert res["db_tables"]["sources"] == len(CLAIMS) - 2 and res["db_tables"]["conflicts"] == 1


def test_readme_queries_run(tmp_path):
    db = tmp_path / "t.duckdb"
    track_files([_write_jsonl(tmp_path / "c.jsonl", CLAIMS), FIX / "articles.jsonl"], db=db)
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Coverage tracker"):]
    queries = re.findall(r"```sql\n(.*?)```", section, re.S)
    assert len(queries) >= 2
    low = store.read_table(db, "", sql=queries[0])
    assert list(low["region"]) == ["Jawa Barat"]
    sources = store.read_table(db, "", sql=queries[1])
    assert set(sources["article_id"]) == {"antara_jabar", "jabarnews_copy", "pikiran_jabar"}
    assert "outlet" in sources.columns and "sentence" in sources.columns


def test_failed_update_leaves_the_old_database_intact(tmp_path, monkeypatch):
    db = tmp_path / "t.duckdb"
    claims = _write_jsonl(tmp_path / "c.jsonl", CLAIMS)
    track_files([claims], db=db)
    old = db.read_bytes()
    real = store._frame

    def broken(result, table):
        if table == "regions":
            raise RuntimeError("disk full")
        return real(result, table)

    monkeypatch.setattr(store, "_frame", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        track_files([claims, FIX / "articles.jsonl"], db=db)
    assert db.read_bytes() == old
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.jsonl", "t.duckdb"]  # no temporary files left


def test_a_database_of_another_version_or_kind_is_refused(tmp_path):
    import duckdb

    claims = _write_jsonl(tmp_path / "c.jsonl", CLAIMS)
    other = tmp_path / "other.duckdb"
    con = duckdb.connect(str(other))
    con.execute("CREATE TABLE tracker_meta (key VARCHAR, value VARCHAR)")
    con.execute("INSERT INTO tracker_meta VALUES ('schema', 'jamsostek_ie.tracker.v0')")
    con.close()
    with pytest.raises(ValueError, match=r"E026.*other\.duckdb.*another version.*tracker\.v0"):
        track_files([claims], db=other)
    junk = tmp_path / "junk.duckdb"
    junk.write_text("not a database")
    with pytest.raises(ValueError, match=r"E026.*junk\.duckdb.*cannot open"):
        track_files([claims], db=junk)
    assert junk.read_text() == "not a database"


def test_export_csv_and_parquet(tmp_path, result):
    import pandas as pd

    files = store.export(result, tmp_path / "out")
    assert sorted(p.name for p in files) == sorted(f"{t}.{x}" for t in store.TABLES for x in ("csv", "parquet"))
    facts = pd.read_parquet(tmp_path / "out" / "facts.parquet")
    assert len(facts) == len(result.facts) and "source_ids" in facts.columns
    assert len(pd.read_csv(tmp_path / "out" / "regions.csv")) == 2
    assert "text_signature" not in pd.read_csv(tmp_path / "out" / "articles.csv").columns


# ---------------------------------------------------------------- bad input


def test_bad_inputs_name_the_file_and_what_is_missing(tmp_path):
    db, html = tmp_path / "t.duckdb", tmp_path / "t.html"
    old = _write_jsonl(tmp_path / "old.jsonl", [{k: v for k, v in c.items() if k != "region_code"} for c in CLAIMS])
    with pytest.raises(ValueError, match=r"E025.*old\.jsonl:1.*'region_code'.*another version|E025.*old\.jsonl:1.*"
                                         r"'region_code'.*this version"):
        track_files([old], db=db, html=html)
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n")
    with pytest.raises(ValueError, match=r"E025.*empty\.jsonl.*empty"):
        track_files([empty], db=db)
    broken = _write_jsonl(tmp_path / "broken.jsonl", CLAIMS[:2])
    broken.write_text(broken.read_text() + '{"article_id": "x", \n')
    with pytest.raises(ValueError, match=r"E001.*broken\.jsonl:3"):
        track_files([broken], db=db)
    typed = _write_jsonl(tmp_path / "typed.jsonl", [dict(CLAIMS[0], figure_start="12")])
    with pytest.raises(ValueError, match=r"E012.*typed\.jsonl:1.*figure_start"):
        track_files([typed], db=db)
    with pytest.raises(ValueError, match=r"E025.*missing\.jsonl.*does not exist"):
        track_files([tmp_path / "missing.jsonl"], db=db)
    import pandas as pd

    pq = tmp_path / "claims.parquet"
    pd.DataFrame(CLAIMS).drop(columns=["sentence_start"]).to_parquet(pq)
    with pytest.raises(ValueError, match=r"E025.*claims\.parquet.*'sentence_start'"):
        track_files([pq], db=db)
    assert not db.exists() and not html.exists()  # nothing half-written
    with pytest.raises(ValueError, match=r"E025.*missing column"):
        track([{"kind": "achieved", "value": 1.0}])


# ---------------------------------------------------------------- command line, model, page


def test_cli_track_writes_database_page_charts_and_exports(tmp_path):
    from typer.testing import CliRunner

    from jamsostek_ie.cli import app

    claims = _write_jsonl(tmp_path / "claims.jsonl", CLAIMS)
    out = tmp_path / "out"
    args = ["track", str(claims), "--articles", str(FIX / "articles.jsonl"), "--db", str(out / "t.duckdb"),
            "--html", str(out / "tracker.html"), "--plots", str(out / "plots"), "--export", str(out / "export")]
    res = CliRunner().invoke(app, args)
    assert res.exit_code == 0, res.output
    assert "16 claim mentions → 10 facts; 2 regions; 1 conflicts between independent sources" in res.output
    assert "1 groups of syndicated copies" in res.output
    plots = out / "plots"
    assert (plots / "coverage_vs_target.png").stat().st_size > 10_000
    assert sorted(p.name for p in (plots / "timeseries").iterdir()) == [
        "32-04_kabupaten-bandung.png", "32-04_kabupaten-bandung.svg", "32_jawa-barat.png", "32_jawa-barat.svg"]
    svg = (plots / "timeseries" / "32_jawa-barat.svg").read_text()
    assert svg.startswith("<?xml") and 'xlink:href="../tracker.html#fact-' in svg
    assert (out / "export" / "facts.csv").exists()
    bad = _write_jsonl(tmp_path / "bad.jsonl", [{k: v for k, v in CLAIMS[0].items() if k != "sentence"}])
    res = CliRunner().invoke(app, ["track", str(bad), "--db", str(tmp_path / "new.duckdb")])
    assert res.exit_code == 2 and "E025" in res.output and "'sentence'" in res.output
    assert "nothing was written" in res.output and not (tmp_path / "new.duckdb").exists()


def test_track_articles_directly_with_the_shipped_model(tmp_path, shipped_nlp, capsys):
    db = tmp_path / "t.duckdb"
    res = track_files(sorted(FIX.glob("*.txt")), db=db, nlp=shipped_nlp, progress=True)
    assert "track: extract" in capsys.readouterr().err  # the progress bar
    r = res["result"]
    assert res["extracted"] == 6 and r.syndication_groups() == {"antara_jabar": ["antara_jabar", "jabarnews_copy"]}
    arts = {a.article_id: a for a in r.articles}
    assert arts["antara_jabar"].outlet == "ANTARA" and arts["antara_jabar"].published == "2023-11-02"  # sibling jsonl
    f = _fact(r, "Jawa Barat", "achieved", 31.85)
    assert f.n_independent == 2 and f.n_articles == 3
    assert any(c.independent and c.region == "Jawa Barat" for c in r.conflicts)
    assert any(c.status == "inconsistent" and c.article_id == "bandung_2024" for c in r.consistency)
    assert store.read_table(db, "facts").shape[0] == len(r.facts)


def test_page_is_self_contained_and_its_links_resolve(result):
    page = render_page(result)
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    for external in ("<link", "<script", " src=", "@import", "url(http", "xlink:href=\"http"):
        assert external not in page, external
    assert page.count('<tr class="region-row"') == len(result.regions)
    assert page.count('<tr class="fact"') == len(result.facts)
    assert page.count('<li class="source"') == len(result.sources)
    assert page.count("<svg") == 3  # the province chart and two time series
    ids = re.findall(r' id="([^"]+)"', page)
    targets = set(re.findall(r'href="#([^"]+)"', page))
    assert targets <= set(ids), targets - set(ids)
    svg_links = set(re.findall(r'xlink:href="#(fact-[0-9a-f]+)"', page))
    dated_pct = {f"fact-{f.fact_id}" for f in result.facts if f.unit == "percent" and f.as_of}
    assert svg_links == dated_pct  # every point of a time series links to its fact
    assert 'href="https://www.antaranews.example/berita/cakupan-jabar"' in page


# ---------------------------------------------------------------- in a real browser

@pytest.mark.slow
def test_tracker_page_in_headless_chromium(browser, repo_root, tmp_path):
    from selenium.webdriver.common.by import By
    from typer.testing import CliRunner

    from jamsostek_ie.cli import app

    claims = _write_jsonl(tmp_path / "claims.jsonl", CLAIMS)
    page = tmp_path / "tracker.html"
    res = CliRunner().invoke(app, ["track", str(claims), "--articles", str(FIX / "articles.jsonl"),
                                   "--db", str(tmp_path / "t.duckdb"), "--html", str(page)])
    assert res.exit_code == 0, res.output
    expected = track(CLAIMS, articles=ARTICLES)

    browser.get(page.as_uri())
    rows = browser.find_elements(By.CSS_SELECTOR, "table.regions tr.region-row")
    assert [r.find_element(By.CSS_SELECTOR, "td a").text for r in rows] == [r.region for r in expected.regions]
    jb = rows[0].find_elements(By.TAG_NAME, "td")
    assert jb[3].text == "31.85%" and jb[6].text == "70%" and jb[7].text == "2024"
    charts = browser.find_elements(By.CSS_SELECTOR, "div.chart svg")
    assert len(charts) == 3
    assert browser.execute_script("return performance.getEntriesByType('resource').length") == 0  # nothing fetched
    # every link of the charts lands on an element of the page: bars on regions, points on facts
    hrefs = browser.execute_script(
        "return Array.from(document.querySelectorAll('svg a')).map(a => a.getAttribute('xlink:href') || "
        "a.getAttribute('href'))")
    assert len(hrefs) >= len(expected.facts) - 2 and all(h.startswith("#") for h in hrefs)
    for h in hrefs:
        assert browser.execute_script("return document.getElementById(arguments[0]) !== null", h[1:]), h
    point = next(h for h in hrefs if h.startswith("#fact-"))
    browser.execute_script("location.hash = arguments[0]", point)
    fact = browser.find_element(By.ID, point[1:])
    assert browser.execute_script("return document.querySelector(':target') === arguments[0]", fact)
    sources = fact.find_elements(By.CSS_SELECTOR, "li.source")
    assert sources and all(s.find_element(By.CSS_SELECTOR, ".sentence b").text for s in sources)
    urls = browser.find_elements(By.CSS_SELECTOR, "a.source-url")
    assert urls and all(u.get_attribute("href").startswith("https://") for u in urls)
    # the value in the region table links to the fact with its sources
    rows[0].find_elements(By.TAG_NAME, "td")[3].find_element(By.TAG_NAME, "a").click()
    target = browser.find_element(By.ID, browser.execute_script("return location.hash").lstrip("#"))
    assert "31.85%" in target.text and "ANTARA" in target.text and "JabarNews" in target.text

    shots = repo_root / "screenshots"
    shots.mkdir(exist_ok=True)
    browser.execute_script("window.scrollTo(0, 0)")
    assert browser.save_screenshot(str(shots / "tracker.png"))
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", target)
    assert browser.save_screenshot(str(shots / "tracker_fact.png"))
    assert (shots / "tracker.png").stat().st_size > 10_000
