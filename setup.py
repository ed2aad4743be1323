"""Build hook: wheels carry the trained pipeline and the training configs as package data.

At build time ``ner_model/`` is copied to ``jamsostek_ie/ner_model/`` (where
``api.default_model_path()`` looks) and ``configs/*.cfg`` to ``jamsostek_ie/configs/`` (where
``train.configs_dir()`` looks), inside the build directory only: nothing is duplicated in git.
Editable installs (``pip install -e .``) skip the copy; there the package finds the checkout's
``ner_model/`` and ``configs/``. Everything else lives in ``setup.cfg``.
"""
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
PACKAGE = "jamsostek_ie"


class BuildPyWithModel(build_py):
    """``build_py`` that also copies the shipped pipeline and the configs into the package."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        model = ROOT / "ner_model"
        if not (model / "meta.json").exists() or not (model / "config.cfg").exists():
            raise SystemExit(f"[E017] model at {model}: expected a trained pipeline to package (config.cfg, "
                             "meta.json); found none: run `jamsostek-ie train` first")
        target = Path(self.build_lib) / PACKAGE
        dst = target / "ner_model"
        if dst.exists():
            shutil.rmtree(dst)
        shutil.copytree(model, dst, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", ".*"))
        configs = target / "configs"
        if configs.exists():
            shutil.rmtree(configs)
        configs.mkdir(parents=True)
        for cfg in sorted((ROOT / "configs").glob("*.cfg")):
            shutil.copy2(cfg, configs / cfg.name)


setup(cmdclass={"build_py": BuildPyWithModel})
