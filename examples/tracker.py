"""articles → claims → tracker → chart, as a notebook would do it (cells marked ``# %%``).

    python examples/tracker.py            # writes $TMPDIR/jamsostek_tracker_example/ (database, page, chart)

Needs the tracker extra: ``pip install -e ".[tracker]"``.
"""
# %% [markdown]
# ## 1. Articles
# The corpus articles of West Java, with their metadata (outlet, date) from `corpus/articles.jsonl`.

# %%
import json
import tempfile
from pathlib import Path

import jamsostek_ie
from jamsostek_ie.tracker import charts, store
from jamsostek_ie.tracker.page import render_page

root = Path(__file__).resolve().parents[1]
meta = [json.loads(line) for line in (root / "corpus" / "articles.jsonl").read_text(encoding="utf-8").splitlines()]
texts = {m["id"]: (root / "corpus" / f"{m['id']}.txt").read_text(encoding="utf-8") for m in meta}
west_java = [m for m in meta if any(w in texts[m["id"]] for w in ("Jawa Barat", "Jabar"))]
print(len(west_java), "articles mention West Java")

# %% [markdown]
# ## 2. Claims
# One claim per figure per sentence (`CoverageClaim`), the same figure often several times.

# %%
nlp = jamsostek_ie.load()
claims = []
for m, found in zip(west_java, jamsostek_ie.extract_many([texts[m["id"]] for m in west_java], nlp=nlp,
                                                         published=[m["published"] for m in west_java],
                                                         article_ids=[m["id"] for m in west_java])):
    claims += found
print(len(claims), "claim mentions")

# %% [markdown]
# ## 3. Tracker
# Mentions become facts (within rounding; syndicated copies counted once), checks run, and every
# region gets one row. The texts go along so that copies are found from them.

# %%
res = jamsostek_ie.track(claims, articles=[dict(m, text=texts[m["id"]]) for m in west_java])
print(res.summary())
regions = res.frame("regions")
print(regions[["region", "code", "achieved_pct", "achieved_pct_as_of", "target_pct", "target_pct_year", "gap_pct",
               "n_independent", "n_conflicts"]].head(15).to_string(index=False))

# %%
conflicts = res.frame("conflicts")
print(conflicts[conflicts.independent][["region", "kind", "period", "value_a", "article_a", "value_b",
                                        "article_b"]].to_string(index=False))
print(res.frame("consistency")[["article_id", "region", "percent", "count", "base", "implied_percent",
                                "tolerance_pp", "status"]].to_string(index=False))

# %% [markdown]
# ## 4. Chart, page and database

# %%
out = Path(tempfile.gettempdir()) / "jamsostek_tracker_example"
fig = charts.timeseries_chart(res, "32")  # Jawa Barat by its Kemendagri code
charts.save(fig, out / "jawa_barat", salt="32")
(out / "tracker.html").write_text(render_page(res), encoding="utf-8")
store.write(out / "tracker.duckdb", res)
print(store.read_table(out / "tracker.duckdb", "", sql="SELECT region, achieved_pct, target_pct FROM regions "
                                                         "WHERE level = 'province'"))
print("wrote", sorted(str(p) for p in out.iterdir()))  # open tracker.html in a browser
