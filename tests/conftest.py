"""Shared fixtures: the shipped model is loaded once per session; data fixtures are copied to tmp_path."""
from __future__ import annotations

import shutil
import tempfile
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


# ---------------------------------------------------------------- a real browser (report and tracker pages)

CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")


@pytest.fixture()
def browser():
    """A headless Chromium driven by Selenium (skipped where Debian's chromium is not installed)."""
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        pytest.skip("needs Debian's chromium and chromium-driver (/usr/bin/chromium, /usr/bin/chromedriver): "
                    "`apt-get install -y chromium chromium-driver` (.ci/run installs them)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="jie-chromium-")
    opts = webdriver.ChromeOptions()
    opts.binary_location = str(CHROMIUM)
    for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", f"--user-data-dir={profile}", "--window-size=1400,1800"):
        opts.add_argument(arg)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=opts)  # no Selenium Manager download
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
