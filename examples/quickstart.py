"""load → extract → DataFrame → evaluate, as a notebook would do it.

    python examples/quickstart.py
"""
import jamsostek_ie
from jamsostek_ie.corpus.store import load_dataset
from jamsostek_ie.training.evaluate import evaluate

nlp = jamsostek_ie.load()                      # the shipped pipeline in ner_model/
ds = load_dataset()                            # datasets.DatasetDict: train / dev / test
test = ds["test"]
print(test)

claims = []
for row in test.select(range(3)):
    claims += jamsostek_ie.extract(row["text"], published=row["published"], article_id=row["id"], nlp=nlp)
df = jamsostek_ie.claims_to_frame(claims)
print(df[["article_id", "kind", "value", "unit", "region", "region_code", "period", "org"]].to_string(index=False))

scores = evaluate(nlp, split="test")
print({k: scores[k] for k in ("ents_f", "rel_f", "rel_gold_f", "claims_f")})
print("real articles:", {k: scores["by_origin"]["real"][k] for k in ("ents_f", "rel_f", "claims_f")})
