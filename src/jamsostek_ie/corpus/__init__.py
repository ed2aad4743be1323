"""The annotated corpus: articles and gold annotation (store), the markup authoring format, reviewed
claims (prefill, gold_checks), validation, QA, statistics, external gold sets and interchange."""
from .store import Article, add_articles, compile_markup, load_articles, load_dataset, load_docs  # noqa: F401
