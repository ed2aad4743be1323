"""The wheel carries the library and the trained pipeline, and works in a fresh virtual environment.

Slow (about a minute and a half: a wheel build, then a venv whose dependencies come from the package
index or pip's cache). The wheel is built from a copy of the repository's files, so the build leaves
nothing in the checkout; the venv has no system site-packages and the commands run from a folder
outside the repository with PYTHONPATH and the JAMSOSTEK_IE_* variables removed, so nothing of the
repository can leak in.
"""
import json
import os
import shutil
import subprocess
import sys
import time
import venv
import zipfile
from pathlib import Path

import pytest

ARTICLE = ("Cakupan Jamsostek Jatim Tembus 41 Persen\n"
           "SURABAYA - BPJS Ketenagakerjaan Kanwil Jawa Timur mencatat cakupan kepesertaan di Jawa Timur "
           "mencapai 41,2 persen hingga Oktober 2024.\n")
_IGNORED = shutil.ignore_patterns(".git", "build", "dist", "*.egg-info", "__pycache__", "*.pyc", ".pytest_cache",
                                  ".hypothesis", ".benchmarks", "screenshots", ".venv", "venv", "*.spacy", "report*.html",
                                  ".cache", ".train-*", "realdev_texts")


def NOT_SOURCES(folder, names):
    """What the checkout copy leaves out; a top-level ``training/`` (spaCy's outputs) but not the package's."""
    skip = set(_IGNORED(folder, names))
    if "training" in names and (Path(folder) / "setup.py").exists():
        skip.add("training")
    return skip


def _run(cmd, **kw):
    res = subprocess.run(cmd, capture_output=True, text=True, **kw)
    assert res.returncode == 0, f"{cmd}\n{res.stdout[-3000:]}\n{res.stderr[-3000:]}"
    return res


@pytest.mark.slow
def test_wheel_installs_into_a_fresh_venv_and_runs_without_the_repository(repo_root, tmp_path):
    timings = {}
    src = tmp_path / "checkout"
    shutil.copytree(repo_root, src, ignore=NOT_SOURCES)
    t = time.perf_counter()
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--wheel-dir", str(tmp_path / "dist"), str(src)])
    timings["wheel_s"] = time.perf_counter() - t
    (wheel,) = (tmp_path / "dist").glob("jamsostek_ie-*.whl")

    names = set(zipfile.ZipFile(wheel).namelist())
    model_files = {n.split("jamsostek_ie/ner_model/", 1)[1] for n in names if n.startswith("jamsostek_ie/ner_model/")}
    shipped = {str(p.relative_to(repo_root / "ner_model")) for p in (repo_root / "ner_model").rglob("*")
               if p.is_file() and "__pycache__" not in p.parts}
    assert model_files == shipped  # the whole trained pipeline, nothing else
    assert {"jamsostek_ie/api.py", "jamsostek_ie/io/report.py", "jamsostek_ie/configs/default.cfg",
            "jamsostek_ie/configs/tiny.cfg", "jamsostek_ie/resources/language_cues.json",
            "jamsostek_ie/dask.py", "jamsostek_ie/resources/relevance.json"} <= names
    assert not any(n.startswith(("corpus/", "annotations/", "tests/", "ner_model/")) for n in names)

    env_dir = tmp_path / "venv"
    t = time.perf_counter()
    venv.EnvBuilder(with_pip=True, system_site_packages=False, clear=True).create(env_dir)
    py, cli = env_dir / "bin" / "python", env_dir / "bin" / "jamsostek-ie"
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV") and not k.startswith("JAMSOSTEK_IE_")}
    env["PATH"] = f"{env_dir / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    _run([str(py), "-m", "pip", "install", "--quiet", str(wheel)], env=env)
    timings["venv_install_s"] = time.perf_counter() - t

    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "berita.txt").write_text(ARTICLE, encoding="utf-8")
    probe = (
        "import json, spacy, jamsostek_ie\n"
        "from jamsostek_ie.api import default_model_path\n"
        "from jamsostek_ie.training.train import configs_dir\n"
        "nlp = spacy.load(default_model_path())\n"  # plain spacy.load: factories come from entry points
        "claims = jamsostek_ie.extract(open('berita.txt', encoding='utf-8').read(), published='2024-11-02')\n"
        "print(json.dumps({'package': jamsostek_ie.__file__, 'model': str(default_model_path()),\n"
        "                  'configs': sorted(p.name for p in configs_dir().glob('*.cfg')),\n"
        "                  'pipes': nlp.pipe_names, 'values': [c.value for c in claims]}))\n"
    )
    got = json.loads(_run([str(py), "-c", probe], cwd=outside, env=env).stdout.strip().splitlines()[-1])
    site = str(env_dir)
    assert got["package"].startswith(site) and got["model"].startswith(site), got
    assert str(repo_root) not in got["package"] + got["model"]
    assert {"default.cfg", "tiny.cfg"} <= set(got["configs"])
    assert got["pipes"][-2:] == ["relation_extractor", "coverage_claims"] and 41.2 in got["values"]

    res = _run([str(cli), "extract", "berita.txt", "--format", "jsonl", "--html", "report.html"], cwd=outside, env=env)
    rows = [json.loads(line) for line in res.stdout.splitlines() if line.strip()]
    assert any(r["value"] == 41.2 and r["region"] == "Jawa Timur" for r in rows)
    assert 'class="claim-row"' in (outside / "report.html").read_text(encoding="utf-8")
    print(f"\nwheel {wheel.stat().st_size / 1e6:.2f} MB built in {timings['wheel_s']:.1f} s; "
          f"fresh venv + install {timings['venv_install_s']:.1f} s")
