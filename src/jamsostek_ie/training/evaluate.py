"""End-to-end evaluation: entities, relations (on predicted and on gold entities) and claims,
overall and per origin (real vs written), per claim field, by claim score, with the worst errors.

Gold claims are data: the reviewed claims stored with each article (``annotations/gold.jsonl``, or an
external gold set such as ``../shared/realdev``), never rebuilt by the code under test. The builder
alone is scored separately ("claims on gold entities and relations"). Claims are scored twice: on
every claim (schema v2, ``claims_*``) and on same-sentence claims only (schema v1, ``claims_v1``); and
the pipeline's own claims without its context links (``claims_no_context``) show what they add.
Matching rule: see ``training/scoring.py``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Union

from spacy.language import Language
from spacy.scorer import PRFScore
from spacy.tokens import Doc

from ..corpus.store import Article, article_to_doc, load_articles, project_root
from ..domain.claim_builder import build_claims
from ..domain.claims import CoverageClaim, GoldClaim
from ..errors import Errors
from ..pipeline.rel_scoring import relation_keys
from ..schema import ENTITY_LABELS, RELATION_LABELS
from .scoring import FieldAccuracy, LabelledScores, claim_score, match_claims, prf_dict, threshold_table

PathLike = Union[str, Path]
SPLITS = ("all", "train", "dev", "test")


def _run_gold_entities(nlp: Language, gold: Doc) -> Doc:
    """Relations on gold entities: tokenize, split sentences, set gold ents, run tok2vec + relation extractor."""
    doc = nlp.make_doc(gold.text)
    names = dict(nlp.pipeline)
    if "jamsostek_sentencizer" in names:
        doc = names["jamsostek_sentencizer"](doc)
    doc.ents = [doc.char_span(e.start_char, e.end_char, label=e.label_) for e in gold.ents]
    for name, proc in nlp.pipeline:
        if name in ("tok2vec", "transformer", "relation_extractor"):
            doc = proc(doc)
    return doc


def _context_keys(doc: Doc, relations: List[dict]) -> set:
    """Relation keys of the relations that cross sentences (schema-v2 context links)."""
    out = set()
    for rel in relations:
        head, child = doc[rel["head"][0]:rel["head"][1]], doc[rel["child"][0]:rel["child"][1]]
        if head.sent.start != child.sent.start:
            out |= relation_keys(doc, [rel])
    return out


@dataclass
class _Tally:
    """Counts of one scope (all articles, or one origin)."""

    n_docs: int = 0
    ents: LabelledScores = field(default_factory=lambda: LabelledScores(ENTITY_LABELS))
    rel: LabelledScores = field(default_factory=lambda: LabelledScores(RELATION_LABELS))
    rel_v1: LabelledScores = field(default_factory=lambda: LabelledScores(RELATION_LABELS))
    rel_gold: LabelledScores = field(default_factory=lambda: LabelledScores(RELATION_LABELS))
    claims: PRFScore = field(default_factory=PRFScore)
    claims_v1: PRFScore = field(default_factory=PRFScore)
    claims_no_context: PRFScore = field(default_factory=PRFScore)
    claims_builder: PRFScore = field(default_factory=PRFScore)
    fields: FieldAccuracy = field(default_factory=FieldAccuracy)
    scored: List = field(default_factory=list)

    def summary(self) -> Dict:
        out: Dict = {"n_docs": self.n_docs}
        for name, scores in (("ents", self.ents), ("rel", self.rel), ("rel_gold", self.rel_gold)):
            m = prf_dict(scores.micro())
            out.update({f"{name}_p": m["p"], f"{name}_r": m["r"], f"{name}_f": m["f"],
                        f"{name}_per_type": scores.per_type()})
        out["rel_v1"] = prf_dict(self.rel_v1.micro())
        c = prf_dict(self.claims)
        out.update({"claims_p": c["p"], "claims_r": c["r"], "claims_f": c["f"], "claims_tp": self.claims.tp,
                    "claims_fp": self.claims.fp, "claims_fn": self.claims.fn})
        out["claims_v1"] = prf_dict(self.claims_v1)
        out["claims_no_context"] = prf_dict(self.claims_no_context)
        out["claims_builder"] = prf_dict(self.claims_builder)
        out["claim_fields"] = self.fields.to_dict()
        out["claims_by_threshold"] = threshold_table(self.scored)
        return out


def gold_claims_of(article: Article, gold_doc: Doc) -> List[GoldClaim]:
    """The article's reviewed claims; for an article without any, the builder's on its gold annotation
    (reported as ``unreviewed`` so that a score never silently rests on the code under test)."""
    if article.claims is not None:
        return list(article.claims)
    return [GoldClaim(kind=c.kind, value=c.value, qualifier=c.qualifier, upper=c.upper, unit=c.unit,
                      region=c.region.name if c.region else None, region_code=c.region.code if c.region else None,
                      org=c.org.text if c.org else None, period_year=c.period.year if c.period else None,
                      period_month=c.period.month if c.period else None, context=c.context,
                      figure_start=c.evidence.figure_start, figure_end=c.evidence.figure_end)
            for c in build_claims(gold_doc, published=article.meta.get("published"), article_id=article.id)]


def _errors_of(art: Article, gold: Doc, pred_ents, gold_ents, pred_rels, gold_rels, pred_claims, gold_claims):
    def sent_of(start: int) -> str:
        span = gold.char_span(start, start + 1, alignment_mode="expand")
        return span.sent.text.strip()[:300] if span is not None else ""

    errors: Dict[str, List[dict]] = {}
    base = {"id": art.id, "origin": art.origin}
    for kind, keys in (("entity_fp", pred_ents - gold_ents), ("entity_fn", gold_ents - pred_ents)):
        errors[kind] = [{**base, "label": lab, "text": art.text[s:e], "sentence": sent_of(s)} for s, e, lab in sorted(keys)]
    for kind, keys in (("relation_fp", pred_rels - gold_rels), ("relation_fn", gold_rels - pred_rels)):
        errors[kind] = [{**base, "label": lab, "head": art.text[hs:he], "child": art.text[cs:ce], "sentence": sent_of(hs)}
                        for (hs, he), (cs, ce), lab in sorted(keys)]
    _, fp, fn = match_claims(pred_claims, gold_claims)
    errors["claim_fp"] = [{**base, "kind": c.kind, "figure": c.figure, "value": c.value, "context": c.context,
                           "region": c.region.name if c.region else None, "sentence": c.evidence.sentence.strip()[:300]}
                          for c in (pred_claims[i] for i in fp)]
    errors["claim_fn"] = [{**base, "kind": g.kind, "figure": art.text[g.figure_start:g.figure_end]
                           if g.figure_start is not None else None, "value": g.value, "region": g.region,
                           "context": g.context, "sentence": sent_of(g.figure_start) if g.figure_start is not None else ""}
                          for g in (gold_claims[j] for j in fn)]
    return errors


def evaluate_articles(nlp: Language, articles: Sequence[Article], *, n_errors: int = 15,
                      progress: bool = False) -> Dict:
    """Score a pipeline on annotated articles (the core of ``evaluate`` and ``evaluate_gold``).

    nlp (Language): the pipeline. articles (Sequence[Article]): annotated articles.
    n_errors (int): how many errors of each kind to list. progress (bool): a progress bar on stderr.
    RETURNS (dict): see ``evaluate``.
    """
    overall = _Tally()
    origins: Dict[str, _Tally] = {"real": _Tally(), "written": _Tally()}
    errors: Dict[str, List[dict]] = {}
    unreviewed: List[str] = []
    items = articles
    if progress:
        from tqdm import tqdm

        items = tqdm(articles, desc="evaluate", unit="article", leave=False)
    for art in items:
        gold = article_to_doc(nlp, art)
        doc = nlp.make_doc(art.text)
        doc.user_data["published"] = art.meta.get("published")
        doc.user_data["article_id"] = art.id
        pred = nlp(doc)
        gold_ents = {(e.start_char, e.end_char, e.label_) for e in gold.ents}
        pred_ents = {(e.start_char, e.end_char, e.label_) for e in pred.ents}
        gold_rels, pred_rels = relation_keys(gold), relation_keys(pred)
        gold_ctx, pred_ctx = _context_keys(gold, gold._.relations), _context_keys(pred, pred._.relations or [])
        pred_rels_g = relation_keys(_run_gold_entities(nlp, gold))
        if art.claims is None:
            unreviewed.append(art.id)
        gold_claims = gold_claims_of(art, gold)
        gold_v1 = [g for g in gold_claims if not g.context]
        pred_claims: List[CoverageClaim] = list(pred._.claims or [])
        pred_v1 = [c for c in pred_claims if not c.context]
        built = build_claims(gold, published=art.meta.get("published"), article_id=art.id)
        for st in (overall, origins.setdefault(art.origin, _Tally())):
            st.n_docs += 1
            st.ents.add(pred_ents, gold_ents, lambda k: k[2])
            st.rel.add(pred_rels, gold_rels, lambda k: k[2])
            st.rel_v1.add(pred_rels - pred_ctx, gold_rels - gold_ctx, lambda k: k[2])
            st.rel_gold.add(pred_rels_g, gold_rels, lambda k: k[2])
            st.claims += claim_score(pred_claims, gold_claims)
            st.claims_v1 += claim_score(pred_v1, gold_v1)
            st.claims_no_context += claim_score(pred_v1, gold_claims)
            st.claims_builder += claim_score(built, gold_claims)
            st.fields.add(pred_claims, gold_claims, article_id=art.id)
            st.scored.append((pred_claims, gold_claims))
        for kind, found in _errors_of(art, gold, pred_ents, gold_ents, pred_rels, gold_rels, pred_claims,
                                      gold_claims).items():
            errors.setdefault(kind, []).extend(found)
    result = overall.summary()
    result["by_origin"] = {k: v.summary() for k, v in origins.items()}
    order = {"real": 0, "written": 1}  # the worst errors first: real articles
    errors["claim_field"] = overall.fields.errors
    result["errors"] = {k: sorted(v, key=lambda x: (order.get(x.get("origin"), 2), x["id"]))[:n_errors]
                        for k, v in errors.items()}
    result["error_counts"] = {k: len(v) for k, v in errors.items()}
    result["unreviewed_claims"] = unreviewed
    return result


def _pipeline(model: Optional[Union[PathLike, Language]]) -> Language:
    from ..api import load

    return model if isinstance(model, Language) else load(model)


def evaluate(model: Optional[Union[PathLike, Language]] = None, *, split: str = "test",
             root: Optional[PathLike] = None, n_errors: int = 15) -> Dict:
    """Evaluate a pipeline on a split of the corpus.

    model (path | Language | None): the pipeline (default: the shipped model).
    split (str): "test", "dev", "train" or "all".
    root (path | None): data folder (default: the project).
    n_errors (int): how many false positives / negatives of each kind to list.
    RETURNS (dict): spaCy-style keys (ents_p, ents_r, ents_f, ents_per_type, rel_p, rel_r, rel_f,
        rel_gold_f, rel_per_type, claims_p, claims_r, claims_f), claims_v1 / claims_no_context /
        claims_builder ({p, r, f}), claim_fields (accuracy per field), claims_by_threshold,
        ``by_origin`` with the same keys for "real" and "written", and ``errors``.
    """
    if split not in SPLITS:
        raise ValueError(Errors.E015.format(what="split", expected="test, dev, train or all", found=repr(split)))
    nlp = _pipeline(model)
    root = Path(root) if root is not None else project_root()
    articles = [a for a in load_articles(root, splits=None if split == "all" else [split]) if a.annotated]
    result = evaluate_articles(nlp, articles, n_errors=n_errors)
    result["split"] = split
    result["model"] = str(model) if not isinstance(model, Language) else "<Language>"
    return result


def evaluate_gold(gold: PathLike, texts: PathLike, model: Optional[Union[PathLike, Language]] = None, *,
                  n_errors: int = 15, progress: bool = False) -> Dict:
    """Evaluate a pipeline on a gold set whose texts live outside the repository (e.g. ../shared/realdev).

    gold (path): the gold JSONL (``id``, ``text_sha256``, ``entities``, ``relations``, ``claims``); an
        ``articles.jsonl`` beside it adds metadata (published, origin).
    texts (path): a folder with ``<id>.txt`` for each record.
    RETURNS (dict): the report of ``evaluate`` plus ``skipped``: [{"id", "reason"}] for records whose text
        is missing or whose sha256 differs (never scored).
    """
    from ..corpus.gold_sets import load_gold_set

    articles, skipped = load_gold_set(gold, texts)
    result = evaluate_articles(_pipeline(model), articles, n_errors=n_errors, progress=progress)
    result.update({"split": Path(gold).parent.name or str(gold), "gold": str(gold), "texts": str(texts),
                   "skipped": skipped, "model": str(model) if not isinstance(model, Language) else "<Language>"})
    return result


def _fmt(x: float) -> str:
    return f"{x:.3f}"


def format_markdown(res: Dict) -> str:
    """The evaluation as a Markdown report."""
    out = [f"# jamsostek_ie evaluation: `{res['split']}` ({res['n_docs']} articles)", ""]
    if res.get("skipped"):
        out += ["Skipped (text missing or changed, not scored): " +
                ", ".join(f"`{s['id']}` ({s['reason']})" for s in res["skipped"]), ""]
    if res.get("unreviewed_claims"):
        out += [f"Articles without reviewed claims (scored against the builder's claims): "
                f"{len(res['unreviewed_claims'])}", ""]
    out += ["| scope | ents P | ents R | ents F | rel P | rel R | rel F | rel F (gold ents) | claims P | claims R | "
            "claims F | claims F v1 | claims F without context links | claims F of the builder on gold |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    scopes = [("all", res)] + [(k, v) for k, v in res["by_origin"].items() if v["n_docs"]]
    for name, r in scopes:
        out.append(f"| {name} ({r['n_docs']}) | {_fmt(r['ents_p'])} | {_fmt(r['ents_r'])} | {_fmt(r['ents_f'])} | "
                   f"{_fmt(r['rel_p'])} | {_fmt(r['rel_r'])} | {_fmt(r['rel_f'])} | {_fmt(r['rel_gold_f'])} | "
                   f"{_fmt(r['claims_p'])} | {_fmt(r['claims_r'])} | {_fmt(r['claims_f'])} | "
                   f"{_fmt(r['claims_v1']['f'])} | {_fmt(r['claims_no_context']['f'])} | "
                   f"{_fmt(r['claims_builder']['f'])} |")
    for title, key in (("Entities per label", "ents_per_type"), ("Relations per label (predicted entities)",
                                                                  "rel_per_type"),
                       ("Relations per label (gold entities)", "rel_gold_per_type")):
        out += ["", f"## {title}", "", "| label | scope | P | R | F | support |", "|---|---|---|---|---|---|"]
        for lab in res[key]:
            for name, r in scopes:
                t = r[key][lab]
                out.append(f"| {lab} | {name} | {_fmt(t['p'])} | {_fmt(t['r'])} | {_fmt(t['f'])} | {t['support']} |")
    fields = res["claim_fields"]
    names = [k for k in fields if k != "n"]
    out += ["", f"## Claim fields (accuracy over the {fields['n']} figures where gold and prediction agree on kind)",
            "", "| " + " | ".join(names) + " |", "|" + "---|" * len(names),
            "| " + " | ".join(_fmt(fields[k]) for k in names) + " |"]
    out += ["", "## Claims by score threshold (`extract(..., min_score=t)`)", "", "| threshold | P | R | F | claims |",
            "|---|---|---|---|---|"]
    out += [f"| {r['threshold']} | {_fmt(r['p'])} | {_fmt(r['r'])} | {_fmt(r['f'])} | {r['claims']} |"
            for r in res["claims_by_threshold"]]
    out += ["", "Claim matching: kind, canonical region (Kemendagri code) and value (within 0.5 %) must agree; one "
                "gold claim per prediction.", "", "## Worst errors", ""]
    for kind, items in res["errors"].items():
        out.append(f"### {kind.replace('_', ' ')} ({res['error_counts'][kind]} in total)")
        for it in items:
            if kind == "claim_field":
                out.append(f"- `{it['id']}` [{it['field']}] **{it['figure']}**: predicted {it['predicted']!r}, "
                           f"gold {it['gold']!r} — {it['sentence'][:200]}")
                continue
            what = it.get("text") or (f"{it.get('head')} → {it.get('child')}" if "head" in it else
                                      f"{it.get('kind')} {it.get('figure')} ({it.get('region')})")
            out.append(f"- `{it['id']}` [{it.get('label', it.get('kind'))}] **{what}** — {it['sentence'][:200]}")
        out.append("")
    return "\n".join(out)


def _lookup(res: Dict, dotted: str):
    cur = res
    for part in dotted.split("."):
        if not isinstance(cur, dict) or part not in cur:
            return None
        cur = cur[part]
    return cur


def check_thresholds(res: Dict, thresholds: PathLike, *, model_dir: Optional[PathLike] = None,
                     root: Optional[PathLike] = None) -> List[str]:
    """Compare an evaluation with ``evaluation/thresholds.json`` and check the model is not stale.

    thresholds (path): {"metric.path": floor, ...}, e.g. {"ents_f": 0.85, "by_origin.real.claims_f": 0.7}.
    RETURNS (list[str]): one message per failure (empty when the gate passes).
    """
    import json

    from ..api import default_model_path
    from .train import data_hash

    floors = json.loads(Path(thresholds).read_text(encoding="utf-8"))
    failures = []
    for key, floor in floors.items():
        if key.startswith("_"):
            continue
        value = _lookup(res, key)
        if value is None:
            failures.append(f"{key}: no such metric in the evaluation")
        elif value < floor:
            failures.append(f"{key} = {value:.4f} is below its floor {floor}")
    mdir = Path(model_dir) if model_dir is not None else default_model_path()
    meta_path = mdir / "meta.json"
    if meta_path.exists():
        recorded = json.loads(meta_path.read_text(encoding="utf-8")).get("data_sha256")
        current = data_hash(root if root is not None else project_root())
        if recorded != current:
            failures.append(f"ner_model is stale: trained on data sha256 {str(recorded)[:12]}, the annotations now "
                            f"hash to {current[:12]}; retrain with `jamsostek-ie train`")
    return failures


ENTITY_ORDERS = ("ner_only", "patterns_only", "patterns_then_ner", "ner_then_patterns_fill",
                 "ner_then_patterns_overwrite")


def compare_entity_orders(model: Optional[Union[PathLike, Language]] = None, *, split: str = "dev",
                          root: Optional[PathLike] = None) -> Dict[str, Dict]:
    """Entity P/R/F of each way of combining the trained NER and the patterns, on one split.

    RETURNS (dict): order name → {"ents_p", "ents_r", "ents_f", "ents_per_type"}.
    """
    from ..api import load
    from ..pipeline.entity_patterns import EntityPatterns

    nlp = model if isinstance(model, Language) else load(model)
    root = Path(root) if root is not None else project_root()
    arts = [a for a in load_articles(root, splits=None if split == "all" else [split]) if a.annotated]
    fill = EntityPatterns(nlp, overwrite_ents=False)
    overwrite = EntityPatterns(nlp, overwrite_ents=True)
    procs = dict(nlp.pipeline)
    counts = {name: LabelledScores(ENTITY_LABELS) for name in ENTITY_ORDERS}
    for art in arts:
        gold = {(s, e, lab) for s, e, lab in ((x["start"], x["end"], x["label"]) for x in art.entities)}

        def run(names, doc):
            for n in names:
                doc = procs[n](doc)
            return doc

        base = ["jamsostek_sentencizer", "tok2vec"] if "tok2vec" in procs else ["jamsostek_sentencizer"]
        variants = {}
        variants["ner_only"] = run(base + ["ner"], nlp.make_doc(art.text))
        variants["patterns_only"] = fill(nlp.make_doc(art.text))
        d = overwrite(run(base, nlp.make_doc(art.text)))
        variants["patterns_then_ner"] = procs["ner"](d)
        variants["ner_then_patterns_fill"] = fill(run(base + ["ner"], nlp.make_doc(art.text)))
        variants["ner_then_patterns_overwrite"] = overwrite(run(base + ["ner"], nlp.make_doc(art.text)))
        for name, doc in variants.items():
            pred = {(e.start_char, e.end_char, e.label_) for e in doc.ents}
            counts[name].add(pred, gold, lambda k: k[2])
    out = {}
    for name, c in counts.items():
        m = prf_dict(c.micro())
        out[name] = {"ents_p": m["p"], "ents_r": m["r"], "ents_f": m["f"], "ents_per_type": c.per_type()}
    return out
