"""End-to-end evaluation: entities, relations (on predicted and on gold entities) and claims,
overall and per origin (real vs written), with the worst errors for error analysis.

Claim matching rule: a predicted claim matches a gold claim when kind (achieved/target),
canonical region name and value (rounded to 2 decimals) agree; each gold claim matches at most one
prediction. Gold claims are built from the gold entities and relations by the same claim builder.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple, Union

from spacy.language import Language
from spacy.tokens import Doc

from ..domain.claim_builder import build_claims
from ..corpus.store import Article, load_articles, project_root
from ..pipeline.relation_extractor import relation_keys
from ..schema import ENTITY_LABELS, RELATION_LABELS

PathLike = Union[str, Path]


def _prf(tp: int, fp: int, fn: int) -> Tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


class _Counts:
    def __init__(self, labels: Sequence[str]):
        self.tp: Counter = Counter()
        self.fp: Counter = Counter()
        self.fn: Counter = Counter()
        self.labels = list(labels)

    def add(self, pred: set, gold: set, label_of) -> None:
        for k in pred & gold:
            self.tp[label_of(k)] += 1
        for k in pred - gold:
            self.fp[label_of(k)] += 1
        for k in gold - pred:
            self.fn[label_of(k)] += 1

    def micro(self) -> Tuple[float, float, float]:
        return _prf(sum(self.tp.values()), sum(self.fp.values()), sum(self.fn.values()))

    def per_type(self) -> Dict[str, Dict[str, float]]:
        out = {}
        for lab in self.labels:
            p, r, f = _prf(self.tp[lab], self.fp[lab], self.fn[lab])
            out[lab] = {"p": round(p, 4), "r": round(r, 4), "f": round(f, 4), "support": self.tp[lab] + self.fn[lab]}
        return out


def _claim_multiset(claims) -> Counter:
    return Counter(c.key() for c in claims)


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


def _empty_stats():
    return {"ents": _Counts(ENTITY_LABELS), "rel": _Counts(RELATION_LABELS), "rel_gold": _Counts(RELATION_LABELS),
            "claims": [0, 0, 0], "n_docs": 0}


def _summarise(st) -> Dict:
    ep, er, ef = st["ents"].micro()
    rp, rr, rf = st["rel"].micro()
    gp, gr, gf = st["rel_gold"].micro()
    cp, cr, cf = _prf(*st["claims"])
    r4 = lambda x: round(x, 4)  # noqa: E731
    return {"n_docs": st["n_docs"], "ents_p": r4(ep), "ents_r": r4(er), "ents_f": r4(ef),
            "ents_per_type": st["ents"].per_type(),
            "rel_p": r4(rp), "rel_r": r4(rr), "rel_f": r4(rf), "rel_per_type": st["rel"].per_type(),
            "rel_gold_p": r4(gp), "rel_gold_r": r4(gr), "rel_gold_f": r4(gf),
            "rel_gold_per_type": st["rel_gold"].per_type(),
            "claims_p": r4(cp), "claims_r": r4(cr), "claims_f": r4(cf),
            "claims_tp": st["claims"][0], "claims_fp": st["claims"][1], "claims_fn": st["claims"][2]}


def evaluate(model: Optional[Union[PathLike, Language]] = None, *, split: str = "test",
             root: Optional[PathLike] = None, n_errors: int = 15) -> Dict:
    """Evaluate a pipeline on a split of the corpus.

    model (path | Language | None): the pipeline (default: the shipped model).
    split (str): "test", "dev", "train" or "all".
    root (path | None): data folder (default: the project).
    n_errors (int): how many false positives / negatives of each kind to list.
    RETURNS (dict): spaCy-style keys (ents_p, ents_r, ents_f, ents_per_type, rel_p, rel_r, rel_f,
        rel_gold_f, rel_per_type, claims_p, claims_r, claims_f), ``by_origin`` with the same keys for
        "real" and "written", and ``errors`` for error analysis.
    """
    from ..api import load
    from ..corpus.store import article_to_doc

    nlp = model if isinstance(model, Language) else load(model)
    root = Path(root) if root is not None else project_root()
    splits = None if split == "all" else [split]
    if split not in ("all", "train", "dev", "test"):
        raise ValueError(f"[E015] split: expected test, dev, train or all, found {split!r}")
    articles: List[Article] = [a for a in load_articles(root, splits=splits) if a.annotated]
    overall = _empty_stats()
    origins = {"real": _empty_stats(), "written": _empty_stats()}
    errors = {"entity_fp": [], "entity_fn": [], "relation_fp": [], "relation_fn": [], "claim_fp": [],
              "claim_fn": []}
    for art in articles:
        gold = article_to_doc(nlp, art)
        doc = nlp.make_doc(art.text)
        doc.user_data["published"] = art.meta.get("published")
        doc.user_data["article_id"] = art.id
        pred = nlp(doc)
        gold_ents = {(e.start_char, e.end_char, e.label_) for e in gold.ents}
        pred_ents = {(e.start_char, e.end_char, e.label_) for e in pred.ents}
        gold_rels, pred_rels = relation_keys(gold), relation_keys(pred)
        pred_rels_g = relation_keys(_run_gold_entities(nlp, gold))
        gold_claims = build_claims(gold, published=art.meta.get("published"), article_id=art.id)
        pred_claims = list(pred._.claims or [])
        gm, pm = _claim_multiset(gold_claims), _claim_multiset(pred_claims)
        tp = sum((gm & pm).values())
        cl = [tp, sum(pm.values()) - tp, sum(gm.values()) - tp]
        for st in (overall, origins.setdefault(art.origin, _empty_stats())):
            st["n_docs"] += 1
            st["ents"].add(pred_ents, gold_ents, lambda k: k[2])
            st["rel"].add(pred_rels, gold_rels, lambda k: k[2])
            st["rel_gold"].add(pred_rels_g, gold_rels, lambda k: k[2])
            for i in range(3):
                st["claims"][i] += cl[i]

        def sent_of(start: int) -> str:
            span = gold.char_span(start, start + 1, alignment_mode="expand")
            return span.sent.text.strip()[:300] if span is not None else ""

        for kind, keys in (("entity_fp", pred_ents - gold_ents), ("entity_fn", gold_ents - pred_ents)):
            for s, e, lab in sorted(keys):
                errors[kind].append({"id": art.id, "origin": art.origin, "label": lab, "text": art.text[s:e],
                                     "sentence": sent_of(s)})
        for kind, keys in (("relation_fp", pred_rels - gold_rels), ("relation_fn", gold_rels - pred_rels)):
            for (hs, he), (cs, ce), lab in sorted(keys):
                errors[kind].append({"id": art.id, "origin": art.origin, "label": lab, "head": art.text[hs:he],
                                     "child": art.text[cs:ce], "sentence": sent_of(hs)})
        for kind, mine, other in (("claim_fp", pred_claims, gm), ("claim_fn", gold_claims, pm)):
            left = Counter(other)
            for c in mine:
                if left[c.key()] > 0:
                    left[c.key()] -= 1
                    continue
                errors[kind].append({"id": art.id, "origin": art.origin, "kind": c.kind, "figure": c.figure,
                                     "value": c.value, "region": c.region.name if c.region else None,
                                     "sentence": c.evidence.sentence.strip()[:300]})
    result = _summarise(overall)
    result["split"] = split
    result["model"] = str(model) if not isinstance(model, Language) else "<Language>"
    result["by_origin"] = {k: _summarise(v) for k, v in origins.items()}
    # the worst errors first: real articles, then labels that carry claims
    order = {"real": 0, "written": 1}
    result["errors"] = {k: sorted(v, key=lambda x: (order.get(x["origin"], 2), x["id"]))[:n_errors]
                        for k, v in errors.items()}
    result["error_counts"] = {k: len(v) for k, v in errors.items()}
    return result


def _fmt(x: float) -> str:
    return f"{x:.3f}"


def format_markdown(res: Dict) -> str:
    """The evaluation as a Markdown report."""
    out = [f"# jamsostek_ie evaluation: split `{res['split']}` ({res['n_docs']} articles)", "",
           "| scope | ents P | ents R | ents F | rel P | rel R | rel F | rel F (gold ents) | claims P | claims R | claims F |",
           "|---|---|---|---|---|---|---|---|---|---|---|"]
    scopes = [("all", res)] + [(k, v) for k, v in res["by_origin"].items() if v["n_docs"]]
    for name, r in scopes:
        out.append(f"| {name} ({r['n_docs']}) | {_fmt(r['ents_p'])} | {_fmt(r['ents_r'])} | {_fmt(r['ents_f'])} | "
                   f"{_fmt(r['rel_p'])} | {_fmt(r['rel_r'])} | {_fmt(r['rel_f'])} | {_fmt(r['rel_gold_f'])} | "
                   f"{_fmt(r['claims_p'])} | {_fmt(r['claims_r'])} | {_fmt(r['claims_f'])} |")
    for title, key in (("Entities per label", "ents_per_type"), ("Relations per label (predicted entities)",
                                                                  "rel_per_type"),
                       ("Relations per label (gold entities)", "rel_gold_per_type")):
        out += ["", f"## {title}", "", "| label | scope | P | R | F | support |", "|---|---|---|---|---|---|"]
        for lab in res[key]:
            for name, r in scopes:
                t = r[key][lab]
                out.append(f"| {lab} | {name} | {_fmt(t['p'])} | {_fmt(t['r'])} | {_fmt(t['f'])} | {t['support']} |")
    out += ["", "Claim matching: kind, canonical region and value (2 decimals) must agree; one gold claim per "
                "prediction.", "", "## Worst errors", ""]
    for kind, items in res["errors"].items():
        out.append(f"### {kind.replace('_', ' ')} ({res['error_counts'][kind]} in total)")
        for it in items:
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
    counts = {name: _Counts(ENTITY_LABELS) for name in ENTITY_ORDERS}
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
        p, r, f = c.micro()
        out[name] = {"ents_p": round(p, 4), "ents_r": round(r, 4), "ents_f": round(f, 4), "ents_per_type": c.per_type()}
    return out
