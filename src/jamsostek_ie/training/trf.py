"""The optional transformer pipeline (``configs/transformer.cfg``): checks that run before training or
loading it, so a missing extra or a wrong model directory is explained instead of failing deep inside
spaCy or transformers."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import List, Optional, Union

from ..errors import Errors

PathLike = Union[str, Path]
TOKENIZER_FILES = ("tokenizer.json", "vocab.txt", "vocab.json", "sentencepiece.bpe.model", "spiece.model",
                   "tokenizer.model")
#: the model name in configs/transformer.cfg: --transformer always replaces it
PLACEHOLDER = "PASS --transformer NAME_OR_DIR"
WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin", "model.safetensors.index.json",
                "pytorch_model.bin.index.json")


def trf_installed() -> bool:
    """True when spacy-transformers and torch can be imported (the ``trf`` extra is installed)."""
    return all(importlib.util.find_spec(m) is not None for m in ("spacy_transformers", "torch", "transformers"))


def config_uses_transformer(config_text: str) -> bool:
    """True when a pipeline config has a ``transformer`` component (spacy-transformers' factory)."""
    from thinc.api import Config

    cfg = Config().from_str(config_text, interpolate=False)
    return any(isinstance(c, dict) and c.get("factory") == "transformer"
               for c in cfg.get("components", {}).values())


def require_trf(what: str) -> None:
    """Raise E021 when the trf extra is missing. what (str): what needs it, for the message."""
    if not trf_installed():
        missing = [m for m in ("spacy_transformers", "torch", "transformers") if importlib.util.find_spec(m) is None]
        raise ValueError(Errors.E021.format(what=what, detail=f"missing: {', '.join(missing)}"))


def check_transformer(name: str) -> str:
    """Check a ``--transformer`` value before training starts.

    name (str): a local directory written by ``save_pretrained`` (config.json, weights, tokenizer files),
        or a Hugging Face model name already in the local cache (nothing is downloaded).
    RETURNS (str): the absolute directory, or the name when it is a cached model.
    RAISES ValueError: E022 saying what is missing.
    """
    path = Path(name).expanduser()
    if path.exists():
        if not path.is_dir():
            raise ValueError(Errors.E022.format(name=name, detail="is a file; expected the directory that "
                                                "`save_pretrained` wrote"))
        missing: List[str] = []
        if not (path / "config.json").exists():
            missing.append("config.json")
        if not any((path / f).exists() for f in WEIGHT_FILES):
            missing.append(f"weights (one of {', '.join(WEIGHT_FILES)})")
        if not any((path / f).exists() for f in TOKENIZER_FILES):
            missing.append(f"tokenizer files (one of {', '.join(TOKENIZER_FILES)})")
        if missing:
            raise ValueError(Errors.E022.format(name=name, detail=(
                f"the directory lacks {'; '.join(missing)}; save both model and tokenizer there with "
                "`AutoModel.from_pretrained(NAME).save_pretrained(DIR)` and "
                "`AutoTokenizer.from_pretrained(NAME).save_pretrained(DIR)`")))
        try:
            json.loads((path / "config.json").read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ValueError(Errors.E022.format(name=name, detail=f"config.json is not valid JSON ({exc})")) from exc
        return str(path.resolve())
    looks_like_path = (path.is_absolute() or name.startswith((".", "~")) or name.count("/") > 1
                       or name.endswith("/") or "\\" in name)
    if not looks_like_path and _in_hf_cache(name):
        return name
    raise ValueError(Errors.E022.format(name=name, detail=(
        "no such directory" + ("" if looks_like_path else ", and no model of that name in the local Hugging Face "
                               "cache") + "; training reads the model from disk and downloads nothing: download it "
        "once (e.g. `huggingface-cli download indobenchmark/indobert-base-p1 --local-dir models/indobert`) "
        "and pass that directory")))


def _in_hf_cache(name: str) -> bool:
    try:
        from huggingface_hub import try_to_load_from_cache
    except ImportError:  # pragma: no cover - comes with transformers
        return False
    try:
        found = try_to_load_from_cache(name, "config.json")
    except Exception:  # an invalid repo id
        return False
    return isinstance(found, str)


def prepare_training(config_path: PathLike, transformer: Optional[str]) -> Optional[str]:
    """Checks before ``train`` runs a config: the trf extra and the ``--transformer`` model.

    config_path (Path): the resolved config file. transformer (str | None): the ``--transformer`` value.
    RETURNS (str | None): the transformer to put in ``components.transformer.model.name`` (None: keep).
    RAISES ValueError: E021 (extra missing), E022 (no or bad transformer), E015 (--transformer on a
        config without a transformer).
    """
    uses = config_uses_transformer(Path(config_path).read_text(encoding="utf-8"))
    if not uses:
        if transformer is not None:
            raise ValueError(Errors.E015.format(what="--transformer", expected="a config with a transformer "
                                                "component (--config trf)", found=f"config {Path(config_path).name}"))
        return None
    require_trf(f"the config {Path(config_path).name}")
    if transformer is None:
        from thinc.api import Config

        cfg = Config().from_str(Path(config_path).read_text(encoding="utf-8"), interpolate=False)
        named = cfg["components"].get("transformer", {}).get("model", {}).get("name")
        if isinstance(named, str) and named and named != PLACEHOLDER:
            return check_transformer(named)
        raise ValueError(Errors.E022.format(name="(none given)", detail=(
            f"the config {Path(config_path).name} trains on a Hugging Face encoder: pass --transformer DIR "
            "(transformer=DIR), a local model directory such as an Indonesian BERT you downloaded")))
    return check_transformer(transformer)


def check_loadable(model_dir: PathLike) -> None:
    """Raise E021 when a saved pipeline has a transformer but the trf extra is missing."""
    cfg = Path(model_dir) / "config.cfg"
    if cfg.exists() and not trf_installed() and config_uses_transformer(cfg.read_text(encoding="utf-8")):
        require_trf(f"the pipeline at {model_dir}")


def build_wordpiece_bert(out: PathLike, texts: List[PathLike], *, vocab_size: int, hidden_size: int,
                         num_hidden_layers: int, num_attention_heads: int, intermediate_size: int) -> Path:
    """Save an untrained BERT whose WordPiece vocabulary is learnt from ``texts``, laid out as a downloaded
    model (config, weights, tokenizer files), for smoke tests and CPU benchmarks with no model hub.

    out (Path): the directory to create. texts (list[Path]): text files for the vocabulary.
    vocab_size / hidden_size / num_hidden_layers / num_attention_heads / intermediate_size (int): the
        ``BertConfig`` shape. RETURNS (Path): ``out``.
    """
    from tokenizers import BertWordPieceTokenizer
    from transformers import BertConfig, BertModel, BertTokenizerFast

    out = Path(out)
    out.mkdir(parents=True)
    wp = BertWordPieceTokenizer(lowercase=True)
    wp.train([str(p) for p in texts], vocab_size=vocab_size, min_frequency=2, show_progress=False)
    wp.save_model(str(out))
    tok = BertTokenizerFast(vocab_file=str(out / "vocab.txt"), do_lower_case=True)
    tok.save_pretrained(out)
    BertModel(BertConfig(vocab_size=tok.vocab_size, hidden_size=hidden_size, num_hidden_layers=num_hidden_layers,
                         num_attention_heads=num_attention_heads, intermediate_size=intermediate_size,
                         max_position_embeddings=512)).save_pretrained(out)
    return out
