"""The transformer option: configs/transformer.cfg, the checks before training and loading, and a tiny
BERT (made here, never downloaded) that trains a few steps, saves, loads and extracts claims."""
import importlib.util
import json
import shutil
import socket
import time

import pytest
from thinc.api import Config

from jamsostek_ie.training.trf import check_transformer, config_uses_transformer, prepare_training, trf_installed

needs_trf = pytest.mark.skipif(not trf_installed(), reason="the trf extra (torch, spacy-transformers) is not "
                               "installed: pip install torch==2.13.0 && pip install -e '.[test,trf]'")


@pytest.fixture(scope="module")
def trf_config(repo_root):
    from jamsostek_ie.training.train import resolve_config

    return Config().from_str(resolve_config("trf").read_text(), interpolate=False)


def test_trf_config_shares_one_transformer_between_ner_and_relations(trf_config, repo_root):
    pipeline = trf_config["nlp"]["pipeline"]
    assert pipeline[:3] == ["jamsostek_sentencizer", "transformer", "ner"]
    assert pipeline[-2:] == ["relation_extractor", "coverage_claims"]
    comps = trf_config["components"]
    assert comps["transformer"]["factory"] == "transformer"
    for name in ("ner", "relation_extractor"):
        listener = comps[name]["model"]["tok2vec"]
        assert listener["@architectures"] == "spacy-transformers.TransformerListener.v1"
        assert listener["upstream"] in ("transformer", "*") and "@layers" in listener["pooling"]
    assert comps["relation_extractor"]["model"]["use_vectors"] is True
    # the relation model is the one the default pipeline uses (same architecture, same settings but the vectors)
    default = Config().from_str((repo_root / "configs" / "default.cfg").read_text(), interpolate=False)
    rel = dict(comps["relation_extractor"]["model"])
    rel_default = dict(default["components"]["relation_extractor"]["model"])
    assert rel["@architectures"] == rel_default["@architectures"]
    assert set(rel) == set(rel_default)
    assert config_uses_transformer((repo_root / "configs" / "transformer.cfg").read_text())
    assert not config_uses_transformer((repo_root / "configs" / "default.cfg").read_text())


def test_trf_without_transformer_or_with_a_missing_dir_is_explained(repo_root, tmp_path, monkeypatch):
    from jamsostek_ie.training.train import resolve_config

    monkeypatch.setattr("jamsostek_ie.training.trf.trf_installed", lambda: True)
    cfg = resolve_config("trf")
    with pytest.raises(ValueError, match=r"E022.*pass --transformer"):
        prepare_training(cfg, None)
    with pytest.raises(ValueError, match=r"E022.*no such directory"):
        prepare_training(cfg, str(tmp_path / "nowhere" / "indobert"))
    half = tmp_path / "half"
    half.mkdir()
    (half / "config.json").write_text("{}")
    with pytest.raises(ValueError, match=r"E022.*lacks weights.*tokenizer files"):
        check_transformer(str(half))
    with pytest.raises(ValueError, match=r"E015.*--transformer.*default.cfg"):
        prepare_training(resolve_config("default"), str(half))
    assert prepare_training(resolve_config("default"), None) is None


def test_trf_without_the_extra_says_to_install_it(repo_root, tmp_path, monkeypatch):
    import jamsostek_ie
    from jamsostek_ie.training.train import resolve_config, train

    real = importlib.util.find_spec
    monkeypatch.setattr("jamsostek_ie.training.trf.importlib.util.find_spec",
                        lambda name, *a: None if name == "spacy_transformers" else real(name, *a))
    with pytest.raises(ValueError, match=r"E021.*trf extra.*spacy_transformers"):
        train(tmp_path, config="trf", transformer=str(tmp_path), output=tmp_path / "m")
    model = tmp_path / "trf_model"  # a saved transformer pipeline, loaded without the extra
    model.mkdir()
    shutil.copy(resolve_config("trf"), model / "config.cfg")
    (model / "meta.json").write_text("{}")
    with pytest.raises(ValueError, match=r"E021.*trf_model"):
        jamsostek_ie.load(model)


def _tiny_bert(repo_root, out):
    """A 2-layer BERT of width 32 with a WordPiece vocabulary trained on our corpus, saved like a download."""
    from jamsostek_ie.training.trf import build_wordpiece_bert

    return build_wordpiece_bert(out, sorted((repo_root / "corpus").glob("*.txt")), vocab_size=3000, hidden_size=32,
                                num_hidden_layers=2, num_attention_heads=2, intermediate_size=64)


@pytest.fixture()
def offline(monkeypatch):
    """No network: the hub's offline switches on, and any socket connection fails the test."""
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")
    import huggingface_hub.constants
    import transformers.utils.hub

    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", True)
    monkeypatch.setattr(transformers.utils.hub, "_is_offline_mode", True)

    def refuse(*args, **kwargs):
        raise AssertionError(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.mark.slow
@needs_trf
def test_tiny_bert_trains_saves_loads_and_extracts(repo_root, mini_root, tmp_path, offline):
    import jamsostek_ie
    from jamsostek_ie.training.train import train

    bert = _tiny_bert(repo_root, tmp_path / "tiny-bert")
    started = time.perf_counter()
    res = train(mini_root, config="trf", transformer=str(bert), output=tmp_path / "model", seed=0,
                overrides={"training.max_steps": 6, "training.eval_frequency": 3})
    seconds = time.perf_counter() - started
    meta = json.loads((tmp_path / "model" / "meta.json").read_text())
    assert meta["train_config"] == "transformer.cfg" and "ents_f" in res["scores"]
    shutil.rmtree(bert)  # the saved pipeline carries the transformer: the source directory is not needed
    nlp = jamsostek_ie.load(tmp_path / "model")
    assert nlp.pipe_names == ["jamsostek_sentencizer", "transformer", "ner", "jamsostek_patterns",
                              "relation_extractor", "coverage_claims"]
    assert set(nlp.get_pipe("transformer").listening_components) == {"ner", "relation_extractor"}

    text = (repo_root / "corpus" / "000_fc5a0832b3148d0c.txt").read_text(encoding="utf-8")
    claims = jamsostek_ie.extract(text, published="2023-12-21", article_id="a0", nlp=nlp)
    assert isinstance(claims, list)
    for c in claims:
        assert text[c.evidence.figure_start:c.evidence.figure_end] == c.figure and c.evidence.article_id == "a0"

    # the relation extractor listens: its scores change when the transformer output is taken away
    with nlp.select_pipes(disable=["relation_extractor", "coverage_claims"]):
        doc = nlp(text)
    rel = nlp.get_pipe("relation_extractor")
    assert len(doc.ents) > 1
    with_vectors = rel.model.ops.to_numpy(rel.predict([doc]))
    doc._.trf_data = None  # the listener then sees zero vectors
    without = rel.model.ops.to_numpy(rel.predict([doc]))
    assert with_vectors.shape == without.shape and with_vectors.shape[0] > 0
    assert abs(with_vectors - without).max() > 1e-6
    print(f"tiny BERT: trained 6 steps in {seconds:.1f} s")
