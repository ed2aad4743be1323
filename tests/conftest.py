"""Shared fixtures: the shipped model is loaded once per session; data fixtures are copied to tmp_path."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MINI = Path(__file__).resolve().parent / "fixtures" / "mini"


def pytest_addoption(parser):
    parser.addoption("--skip-slow", action="store_true", default=False, help="skip tests marked slow")


def pytest_collection_modifyitems(config, items):
    if config.getoption("--skip-slow"):
        skip = pytest.mark.skip(reason="--skip-slow given")
        for item in items:
            if "slow" in item.keywords:
                item.add_marker(skip)


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def blank_nlp():
    from jamsostek_ie.pipeline.tokenizer import blank

    return blank()


@pytest.fixture(scope="session")
def shipped_nlp():
    """The shipped pipeline in ner_model/, loaded once for the whole session: the same object the CLI
    commands get (``api.load_cached``), so CLI tests do not load it again."""
    from jamsostek_ie.api import load_cached

    return load_cached(ROOT / "ner_model")


@pytest.fixture()
def mini_root(tmp_path) -> Path:
    """A writable copy of the two-article fixture corpus."""
    dst = tmp_path / "mini"
    shutil.copytree(MINI, dst)
    return dst


@pytest.fixture(scope="session")
def pattern_nlp():
    """A blank pipeline with only the sentencizer and the pattern component."""
    from jamsostek_ie.pipeline.tokenizer import blank

    nlp = blank()
    nlp.add_pipe("jamsostek_patterns")
    return nlp
