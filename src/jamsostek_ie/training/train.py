"""Training: validate, build DocBins, run ``spacy train``, and swap the result into place atomically."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import Dict, Optional, Union

from ..errors import Errors, error
from ..paths import CHECKOUT_DIR, PACKAGE_DIR
from ..io.fileio import atomic_write_text

PathLike = Union[str, Path]
CONFIGS = {"default": "default.cfg", "cnn": "default.cfg", "trf": "transformer.cfg", "tiny": "tiny.cfg"}


def configs_dir() -> Path:
    """The folder with the shipped configs (inside the package, mirrored at the repo's ``configs/``)."""
    packaged = PACKAGE_DIR / "configs"
    return packaged if packaged.exists() else CHECKOUT_DIR / "configs"


def resolve_config(config: Optional[PathLike]) -> Path:
    """A config name ("default", "trf", "tiny") or path → an existing config file."""
    if config is None:
        config = "default"
    name = str(config)
    if name in CONFIGS:
        path = configs_dir() / CONFIGS[name]
    else:
        path = Path(name)
    if not path.exists():
        raise ValueError(Errors.E015.format(what="--config", expected=f"one of {sorted(CONFIGS)} or a config file",
                                            found=str(config)))
    return path


def data_hash(root: PathLike) -> str:
    """sha256 over the training data: articles.jsonl, every corpus text and every annotation file.

    The CI gate compares it with the hash recorded in the shipped model's meta.json.
    """
    from ..corpus.validate import ANNOTATIONS_DIR, ARTICLES_FILE, CORPUS_DIR

    root = Path(root)
    h = hashlib.sha256()
    files = [root / ARTICLES_FILE] + sorted((root / CORPUS_DIR).glob("*.txt")) + sorted(
        (root / ANNOTATIONS_DIR).glob("*.jsonl"))
    for f in files:
        h.update(f.relative_to(root).as_posix().encode())
        h.update(b"\0")
        h.update(f.read_bytes().replace(b"\r\n", b"\n"))
        h.update(b"\0")
    return h.hexdigest()


def train(root: Optional[PathLike] = None, *, config: Optional[PathLike] = None, output: Optional[PathLike] = None,
          seed: int = 0, overrides: Optional[Dict[str, object]] = None, use_gpu: int = -1,
          transformer: Optional[str] = None) -> Dict:
    """Train the pipeline on ``root``'s corpus and write it to ``output`` atomically.

    root (Path | None): data folder (default: the project). config (str | Path | None): config name or path.
    output (Path | None): where the pipeline goes (default: ``<root>/ner_model``).
    seed (int): random seed; same seed and data give the same scores.
    overrides (dict | None): extra config overrides ("training.max_steps": 20, ...).
    transformer (str | None): a local Hugging Face model directory or name for the ``trf`` config.
    RETURNS (dict): {"output", "scores", "data_sha256", "seconds", "config"}.
    RAISES ValueError: when the data does not validate or training fails; ``output`` is untouched then.
    """
    from spacy.cli.train import train as spacy_train

    from ..corpus.store import project_root, write_docbins
    from ..corpus.validate import validate

    root = Path(root) if root is not None else project_root()
    output = Path(output) if output is not None else root / "ner_model"
    check_output_target(output)  # before anything long: an existing target must be a pipeline we wrote
    cfg_path = resolve_config(config)
    from .trf import prepare_training

    transformer = prepare_training(cfg_path, transformer)  # trf extra installed, model dir complete (E021/E022)
    report = validate(root)
    if not report.ok:
        raise ValueError(Errors.E018.format(detail="the data does not validate:\n" +
                                            "\n".join(str(p) for p in report.errors[:50]), path=output))
    started = time.time()
    output.parent.mkdir(parents=True, exist_ok=True)
    clean_stale_work_dirs(output.parent)
    check_output_target(output)
    work = Path(tempfile.mkdtemp(prefix=".train-", dir=output.parent))
    (work / _OWNER).write_text(str(os.getpid()), encoding="utf-8")
    try:
        paths = write_docbins(work / "data", root)
        ov = {"paths.train": str(paths["train"]), "paths.dev": str(paths["dev"]), "system.seed": seed}
        if transformer is not None:
            ov["components.transformer.model.name"] = transformer
        ov.update(overrides or {})
        spacy_train(cfg_path, work / "out", overrides=ov, use_gpu=use_gpu)
        best = work / "out" / "model-best"
        if not (best / "meta.json").exists():
            raise ValueError("spaCy wrote no model-best")
        threshold = tune_threshold(best, root)
        _forget_data_paths(best / "config.cfg")
        meta = json.loads((best / "meta.json").read_text(encoding="utf-8"))
        if threshold is not None:
            meta["relation_threshold"] = threshold
        digest = data_hash(root)
        meta.update({"name": "jamsostek_ie", "version": _version(), "description":
                     "BPJS Ketenagakerjaan coverage claims from Indonesian news (jamsostek_ie)",
                     "data_sha256": digest, "train_seed": seed, "train_config": cfg_path.name,
                     "train_seconds": round(time.time() - started, 1)})
        atomic_write_text(best / "meta.json", json.dumps(meta, indent=2, ensure_ascii=False) + "\n")
        _swap(best, output)
    except BaseException as exc:
        if getattr(exc, "code", None) == "E018":
            raise
        if isinstance(exc, (KeyboardInterrupt, SystemExit)):
            raise
        raise ValueError(Errors.E018.format(detail=f"{type(exc).__name__}: {exc}", path=output)) from exc
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return {"output": str(output), "scores": meta.get("performance", {}), "data_sha256": digest,
            "seconds": meta["train_seconds"], "config": str(cfg_path)}


THRESHOLDS = (0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7)
FIGURE_THRESHOLDS = (0.05, 0.1, 0.15, 0.2, 0.3, 1.0)
CONTEXT_THRESHOLDS = (0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6, 0.7, 0.8, 1.01)


def tune_threshold(model_dir: Path, root: Path) -> Optional[Dict]:
    """Pick the relation thresholds with the best dev score (predicted entities).

    The score is the mean of relation micro-F and claim F (against the stored gold claims) on dev.
    Tried: ``threshold`` (any same-sentence relation) × ``figure_threshold`` (the single best role of a
    figure that has none), with context links off; then ``context_threshold`` (schema-v2 context
    links) with the winners, among the values whose dev claim precision is at least that of the
    same-sentence claims alone (context links add recall, never at precision's cost). The model in ``model_dir`` is rewritten with them (component cfg and
    config.cfg).
    RETURNS (dict | None): {"threshold", "figure_threshold", "context_threshold", "dev_score", "tried"};
    None without a relation extractor or dev data.
    """
    import spacy
    from spacy.scorer import PRFScore
    from spacy.util import load_config

    from ..corpus.store import article_to_doc, load_articles
    from ..domain.claim_builder import build_claims
    from ..pipeline.rel_scoring import relation_keys, score_relation_sets
    from ..domain.relation_repair import repair_relations
    from ..pipeline.relation_extractor import decode_relations
    from .evaluate import gold_claims_of
    from .scoring import claim_score

    nlp = spacy.load(model_dir)
    if "relation_extractor" not in nlp.pipe_names:
        return None
    arts = [a for a in load_articles(root, splits=["dev"]) if a.annotated]
    if not arts:
        return None
    rel = nlp.get_pipe("relation_extractor")
    rel.cfg["threshold"], rel.cfg["figure_threshold"], rel.cfg["context_threshold"] = 0.0, 1.0, 0.0
    rel.cfg.pop("calibration", None)  # fit on raw scores: a model tuned before carries its old table
    golds, preds = [], []
    for art in arts:
        gold = article_to_doc(nlp, art)
        golds.append((relation_keys(gold), gold_claims_of(art, gold)))
        doc = nlp.make_doc(art.text)
        for name, proc in nlp.pipeline:
            if name not in ("relation_extractor", "coverage_claims"):
                doc = proc(doc)
        doc = rel(doc)  # scores every allowed pair (thresholds 0)
        preds.append((doc, list(doc._.relations), art.meta.get("published")))
    precision: Dict[str, float] = {}

    def dev_score(key: str, t: float, ft: float, ct: float) -> float:
        pairs, claims = [], PRFScore()
        for (doc, all_rels, pub), (gold_rels, gold_claims) in zip(preds, golds):
            doc._.relations = repair_relations(doc, decode_relations(all_rels, t, ft, ct))
            pairs.append((relation_keys(doc), gold_rels))
            claims += claim_score(build_claims(doc, published=pub), gold_claims)
        precision[key] = claims.precision
        return round((score_relation_sets(pairs)["rel_micro_f"] + claims.fscore) / 2, 4)

    tried = {f"{t}/{ft}/off": dev_score(f"{t}/{ft}/off", t, ft, 1.01) for t in THRESHOLDS for ft in FIGURE_THRESHOLDS}
    def rank(key: str) -> tuple:  # ties: the threshold nearer 0.5, then the higher one (fewer, surer relations)
        t, ft = (float(x) for x in key.split("/")[:2])
        return tried[key], -abs(t - 0.5), t, ft

    best = max(tried, key=rank)
    t, ft = (float(x) for x in best.split("/")[:2])
    for ct in CONTEXT_THRESHOLDS:
        key = f"{t}/{ft}/{'off' if ct > 1 else ct}"
        tried[key] = dev_score(key, t, ft, ct)
    # context links must add recall without costing precision: a threshold whose dev claim precision
    # falls below the same-sentence claims' is not taken (issue: "precision not lower than without them")
    floor = precision[f"{t}/{ft}/off"]
    allowed = [k for k in tried if k.startswith(f"{t}/{ft}/") and precision[k] >= floor]
    best = max(allowed, key=lambda k: (tried[k], k.endswith("/off")))
    ct = 1.01 if best.endswith("/off") else float(best.split("/")[2])
    values = {"threshold": t, "figure_threshold": ft, "context_threshold": ct}
    values["calibration"] = _calibration(preds, golds, values)
    rel.cfg.update(values)
    rel.to_disk(model_dir / "relation_extractor")
    cfg = load_config(model_dir / "config.cfg")
    cfg["components"]["relation_extractor"].update({k: v for k, v in values.items() if k != "calibration"})
    cfg.to_disk(model_dir / "config.cfg")
    return {**values, "dev_score": tried[best], "tried": tried}


def _calibration(preds, golds, values: Dict) -> Dict:
    """Fit the claim-score calibration on dev with the chosen thresholds: P(claim right | raw score)."""
    from ..domain.claim_builder import build_claims
    from ..pipeline.rel_scoring import fit_calibration
    from ..domain.relation_repair import repair_relations
    from ..pipeline.relation_extractor import decode_relations
    from .scoring import match_claims

    scores, correct = [], []
    for (doc, all_rels, pub), (_, gold_claims) in zip(preds, golds):
        doc._.relations = repair_relations(doc, decode_relations(all_rels, values["threshold"],
                                                                 values["figure_threshold"],
                                                                 values["context_threshold"]))
        claims = build_claims(doc, published=pub)
        pairs, _, _ = match_claims(claims, gold_claims)
        right = {i for i, _ in pairs}
        scores += [c.score or 0.0 for c in claims]
        correct += [i in right for i in range(len(claims))]
    return fit_calibration(scores, correct)


def _forget_data_paths(config_path: Path) -> None:
    """Blank the temporary training/dev DocBin paths spaCy recorded in the saved config: they point into
    a folder that no longer exists (``jamsostek-ie train`` fills them in again on every run)."""
    from spacy.util import load_config

    cfg = load_config(config_path)
    for key in ("train", "dev"):
        if key in cfg["paths"]:
            cfg["paths"][key] = None
    cfg.to_disk(config_path)


def _version() -> str:
    from .. import __version__

    return __version__


_OWNER = ".owner-pid"


def is_trained_pipeline(path: Path) -> bool:
    """Whether ``path`` is a folder holding a pipeline written by ``train``: a ``meta.json`` naming
    jamsostek_ie with a recorded data hash, and a ``config.cfg``."""
    path = Path(path)
    if not path.is_dir() or path.is_symlink() or not (path / "config.cfg").is_file():
        return False
    try:
        meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(meta, dict) and meta.get("name") == "jamsostek_ie" and "data_sha256" in meta


def check_output_target(output: Path) -> None:
    """Refuse an existing ``output`` that is not a pipeline written by ``train`` (a file, a link, a
    folder of other things): training would replace it. Nothing is touched.
    RAISES JamsostekError: E020."""
    output = Path(output)
    if not (output.exists() or output.is_symlink()):
        return
    if output.is_symlink() or not output.is_dir():
        what = "a link" if output.is_symlink() else "a file"
        raise error(Errors.E020, path=output, detail=f"exists and is {what}, not a pipeline written by `train`; "
                    "refusing to replace it (choose another --output or remove it yourself)")
    if is_trained_pipeline(output):
        return
    if not any(output.iterdir()):
        return  # an empty folder holds nothing to lose
    raise error(Errors.E020, path=output, detail="exists and is not a pipeline written by `train` (no meta.json "
                "naming jamsostek_ie with a data hash); refusing to replace its contents (choose another --output)")


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def clean_stale_work_dirs(parent: Path) -> list:
    """Remove ``.train-*`` work folders left in ``parent`` by killed runs (their owner process is gone, or
    they record none). RETURNS (list): the removed paths."""
    removed = []
    for p in Path(parent).glob(".train-*"):
        if not p.is_dir() or p.is_symlink():
            continue
        try:
            pid = int((p / _OWNER).read_text(encoding="utf-8").strip())
        except (OSError, ValueError):
            pid = None
        if pid is not None and pid != os.getpid() and _pid_alive(pid):
            continue  # another run is training now
        shutil.rmtree(p, ignore_errors=True)
        removed.append(p)
    return removed


def _swap(new: Path, target: Path) -> None:
    """Replace ``target`` by ``new`` with renames only: the old pipeline stays whole until the last step."""
    target = Path(target)
    check_output_target(target)  # nothing else appeared there while training ran
    staged = target.parent / f".{target.name}.new"
    old = target.parent / f".{target.name}.old"
    for p in (staged, old):
        if p.exists():
            shutil.rmtree(p)
    shutil.copytree(new, staged)
    if target.exists():
        target.rename(old)
    staged.rename(target)
    if old.exists():
        shutil.rmtree(old)
