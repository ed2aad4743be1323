"""Corpus I/O: articles + annotations → spaCy Docs, DocBin files and a ``datasets.DatasetDict``."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Sequence

from spacy.language import Language
from spacy.tokens import Doc, DocBin

from ..errors import Errors
from ..paths import CHECKOUT_DIR
from ..pipeline.extensions import install_extensions
from ..io.fileio import atomic_write_text, dumps_jsonl, read_jsonl, read_text, text_sha256
from .validate import ANNOTATIONS_DIR, ARTICLES_FILE, CORPUS_DIR, check_annotation, validate

GOLD_FILE = ANNOTATIONS_DIR / "gold.jsonl"
ARTICLE_FIELDS = ("id", "title", "outlet", "published", "url", "origin", "split")


def project_root() -> Path:
    """The data root: ``$JAMSOSTEK_IE_ROOT``, else the checkout this package lives in, else the cwd."""
    import os

    env = os.environ.get("JAMSOSTEK_IE_ROOT")
    if env:
        return Path(env)
    here = CHECKOUT_DIR
    if (here / ARTICLES_FILE).exists():
        return here
    return Path.cwd()


@dataclass
class Article:
    """One corpus article with its gold annotation (when it has one).

    meta (dict): the articles.jsonl record. text (str): the article text.
    entities / relations (list[dict]): gold annotation; empty when not annotated.
    annotated (bool): whether the article has an annotation record.
    claims (list[GoldClaim] | None): the reviewed gold claims; None when the record has none.
    """

    meta: dict
    text: str
    entities: List[dict] = field(default_factory=list)
    relations: List[dict] = field(default_factory=list)
    annotated: bool = False
    claims: Optional[List] = None

    @property
    def id(self) -> str:
        return self.meta["id"]

    @property
    def split(self) -> str:
        return self.meta.get("split", "train")

    @property
    def origin(self) -> str:
        return self.meta.get("origin", "written")


def load_articles(root: Path | str | None = None, *, splits: Optional[Sequence[str]] = None) -> List[Article]:
    """Read articles and their gold annotations, sorted by id.

    root (Path | str | None): data folder (default: ``project_root()``).
    splits (Sequence[str] | None): keep only these splits.
    RETURNS (list[Article]): the articles.
    RAISES ValueError: when a file is unreadable or malformed (run ``validate`` for a full report).
    """
    root = Path(root) if root is not None else project_root()
    metas = read_jsonl(root / ARTICLES_FILE)
    anns: Dict[str, dict] = {}
    for path in sorted((root / ANNOTATIONS_DIR).glob("*.jsonl")):
        for no, rec in enumerate(read_jsonl(path), start=1):
            if not isinstance(rec.get("id"), str):
                raise ValueError(Errors.E012.format(where=f"{path} (record {no})", field="id", expected="a string",
                                                    found=repr(rec.get("id"))[:60]))
            anns[rec["id"]] = rec
    out = []
    for meta in sorted(metas, key=lambda m: m["id"]):
        if splits is not None and meta.get("split") not in splits:
            continue
        text = read_text(root / CORPUS_DIR / f"{meta['id']}.txt")
        ann = anns.get(meta["id"])
        if ann is not None and ann.get("text_sha256") != text_sha256(text):
            raise ValueError(Errors.E004.format(where=str(root / ANNOTATIONS_DIR), id=meta["id"],
                                                expected=ann.get("text_sha256"), found=text_sha256(text)))
        out.append(Article(meta, text, list(ann["entities"]) if ann else [],
                           list(ann["relations"]) if ann else [], ann is not None,
                           gold_claims_from_record(ann) if ann else None))
    return out


def gold_claims_from_record(rec: dict):
    """The reviewed claims of an annotation record (see ``corpus.gold_sets``)."""
    from .gold_sets import gold_claims_from_record as claims_of

    return claims_of(rec)


def article_to_doc(nlp: Language, article: Article) -> Doc:
    """Tokenize an article and set its gold entities (``doc.ents``) and relations (``doc._.relations``).

    RETURNS (Doc): the annotated Doc; ``doc.user_data`` holds the article id, split and origin.
    """
    install_extensions()
    doc = nlp.make_doc(article.text)
    for name, proc in nlp.pipeline:
        if name == "jamsostek_sentencizer":
            doc = proc(doc)
    spans = []
    index = {}
    for i, ent in enumerate(article.entities):
        span = doc.char_span(ent["start"], ent["end"], label=ent["label"])
        if span is None:
            raise ValueError(Errors.E015.format(what=f"article {article.id} entity {i}",
                                                expected="a span on token boundaries",
                                                found=repr(article.text[ent['start']:ent['end']])))
        index[i] = span
        spans.append(span)
    doc.ents = sorted(spans, key=lambda s: s.start)
    doc._.relations = [
        {"head": (index[r["head"]].start, index[r["head"]].end), "child": (index[r["child"]].start, index[r["child"]].end),
         "label": r["label"]}
        for r in article.relations
    ]
    doc.user_data["article_id"] = article.id
    doc.user_data["split"] = article.split
    doc.user_data["origin"] = article.origin
    doc.user_data["published"] = article.meta.get("published")
    return doc


def load_docs(nlp: Language, root: Path | str | None = None, *, splits: Optional[Sequence[str]] = None,
              annotated_only: bool = True) -> List[Doc]:
    """Gold Docs for the given splits (all splits by default)."""
    return [article_to_doc(nlp, a) for a in load_articles(root, splits=splits) if a.annotated or not annotated_only]


def write_docbins(output_dir: Path | str, root: Path | str | None = None, *, nlp: Optional[Language] = None) -> Dict[str, Path]:
    """Write ``train.spacy``, ``dev.spacy`` and ``test.spacy`` for ``spacy train``.

    Relations travel in ``doc.user_data`` (DocBin stores it), so they survive the round trip.
    RETURNS (dict): split → path written.
    """
    from ..pipeline.tokenizer import blank

    nlp = nlp or blank()
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    out = {}
    for split in ("train", "dev", "test"):
        db = DocBin(store_user_data=True)
        for doc in load_docs(nlp, root, splits=[split]):
            doc.user_data["relations"] = doc._.relations
            db.add(doc)
        path = output_dir / f"{split}.spacy"
        db.to_disk(path)
        out[split] = path
    return out


def load_dataset(root: Path | str | None = None):
    """The corpus as a ``datasets.DatasetDict`` with train/dev/test splits, for notebooks.

    Each row: id, title, outlet, published, url, origin, split, text, entities (list of
    {start, end, label, text}), relations (list of {head, child, label}).
    RETURNS (datasets.DatasetDict): one Dataset per split.
    """
    import datasets

    features = datasets.Features({
        **{k: datasets.Value("string") for k in ARTICLE_FIELDS},
        "text": datasets.Value("string"),
        "entities": [{"start": datasets.Value("int32"), "end": datasets.Value("int32"),
                      "label": datasets.Value("string"), "text": datasets.Value("string")}],
        "relations": [{"head": datasets.Value("int32"), "child": datasets.Value("int32"),
                       "label": datasets.Value("string")}],
    })
    rows: Dict[str, List[dict]] = {"train": [], "dev": [], "test": []}
    for a in load_articles(root):
        row = {k: (None if a.meta.get(k) is None else str(a.meta.get(k))) for k in ARTICLE_FIELDS}
        row["text"] = a.text
        row["entities"] = [{**e, "text": a.text[e["start"]:e["end"]]} for e in a.entities]
        row["relations"] = list(a.relations)
        rows.setdefault(a.split, []).append(row)
    def table(split_rows: List[dict]):
        return datasets.Dataset.from_dict({k: [r[k] for r in split_rows] for k in features}, features=features)

    return datasets.DatasetDict({s: table(r) for s, r in rows.items()})


def add_articles(items: Iterable[dict], root: Path | str | None = None, *, overwrite: bool = False,
                 nlp: Optional[Language] = None) -> List[str]:
    """Add or replace articles (text + metadata + annotation), validating everything before writing.

    items (Iterable[dict]): each {"meta": {...}, "text": str, "entities": [...], "relations": [...],
        "source": str (for messages)}.
    overwrite (bool): replace articles whose id already exists; otherwise refuse (E016).
    RETURNS (list[str]): the ids written.
    RAISES ValueError: listing every problem; in that case nothing was written.
    """
    from ..pipeline.tokenizer import blank

    root = Path(root) if root is not None else project_root()
    nlp = nlp or blank()
    items = list(items)
    metas = read_jsonl(root / ARTICLES_FILE) if (root / ARTICLES_FILE).exists() else []
    gold_path = root / GOLD_FILE
    gold = read_jsonl(gold_path) if gold_path.exists() else []
    existing = {m["id"] for m in metas}
    problems: List[str] = []
    ids_seen = set()
    for item in items:
        meta, src = item["meta"], item.get("source", "<input>")
        aid = meta.get("id")
        if aid in ids_seen:
            problems.append(Errors.E002.format(where=src, id=aid, first="the same batch"))
        ids_seen.add(aid)
        if aid in existing and not overwrite:
            problems.append(Errors.E016.format(where=src, id=aid))
        rec = {"id": aid, "entities": item["entities"], "relations": item["relations"], "claims": item.get("claims")}
        from .validate import check_article_record

        problems.extend(str(p) for p in check_article_record({k: meta.get(k) for k in ARTICLE_FIELDS}, src, 1))
        problems.extend(str(p) for p in check_annotation(rec, item["text"], nlp, file=src) if p.severity == "error")
    if problems:
        raise ValueError("\n".join(problems))
    new_meta = {m["id"]: m for m in metas}
    new_gold = {g["id"]: g for g in gold}
    from .validate import context_flags

    for item in items:
        meta = {k: item["meta"].get(k) for k in ARTICLE_FIELDS}
        new_meta[meta["id"]] = meta
        new_gold[meta["id"]] = gold_record(item, nlp, context_flags)
    for item in items:
        atomic_write_text(root / CORPUS_DIR / f"{item['meta']['id']}.txt", item["text"])
    atomic_write_text(root / ARTICLES_FILE, dumps_jsonl(new_meta[k] for k in sorted(new_meta)))
    atomic_write_text(gold_path, dumps_jsonl(new_gold[k] for k in sorted(new_gold)))
    return [item["meta"]["id"] for item in items]


CLAIM_RECORD_FIELDS = ("figure", "kind", "value", "qualifier", "upper", "unit", "region", "region_code", "org",
                      "period_year", "period_month")


def gold_record(item: dict, nlp: Language, context_flags) -> dict:
    """The ``gold.jsonl`` record of one article: entities, relations and reviewed claims, each relation
    and claim flagged ``context`` when it crosses sentences (schema v2)."""
    rec = {"id": item["meta"]["id"], "entities": item["entities"], "relations": item["relations"],
           "claims": item.get("claims")}
    rel_flags, claim_flags = context_flags(rec, item["text"], nlp)
    out = {"id": rec["id"], "text_sha256": text_sha256(item["text"]),
           "entities": [{"start": e["start"], "end": e["end"], "label": e["label"]} for e in item["entities"]],
           "relations": [{"head": r["head"], "child": r["child"], "label": r["label"], "context": flag}
                         for r, flag in zip(item["relations"], rel_flags)]}
    if rec["claims"] is not None:
        out["claims"] = [{**{k: c.get(k) for k in CLAIM_RECORD_FIELDS}, "context": flag}
                         for c, flag in zip(rec["claims"], claim_flags)]
    return out


def compile_markup(paths: Sequence[Path | str], root: Path | str | None = None, *,
                   nlp: Optional[Language] = None) -> List[str]:
    """Compile markup files (see ``markup.py``) into ``corpus/`` and ``annotations/gold.jsonl``.

    Markup files are the source of truth for their articles, so existing ids are replaced.
    RETURNS (list[str]): ids written. RAISES ValueError: every problem; nothing written then.
    """
    from .markup import read_markup

    items, problems = [], []
    for path in paths:
        art = read_markup(Path(path))
        problems.extend(str(p) for p in art.problems)
        items.append({"meta": art.meta, "text": art.text, "entities": art.entities,
                      "relations": art.relations, "claims": art.claims, "source": str(path)})
    if problems:
        raise ValueError("\n".join(problems))
    return add_articles(items, root, overwrite=True, nlp=nlp)


__all__ = ["Article", "load_articles", "article_to_doc", "load_docs", "write_docbins", "load_dataset",
           "add_articles", "compile_markup", "project_root", "validate"]
