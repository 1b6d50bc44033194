"""Bundled data: one resolver (pipeline.paths), the same files in a checkout and in the wheel,
and CLAIMSCOPE_CONFIGS honoured by every reader."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from pipeline import paths
from pipeline.errors import ConfigError

ROOT = Path(__file__).resolve().parent.parent
PIPELINE_MODELS = ("claimscope-stance", "claimscope-checkworthiness", "claimscope-frames")
"""The default models of the pipeline's stages (every folder of models/ is bundled)."""
NOT_BUNDLED = (".cache/", "/weights/", "/eval/", ".png")
"""What pyproject.toml leaves out of the bundled models/ folder."""


def _files(folder: Path) -> set[str]:
    return {
        str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts
    }


def test_trafilatura_s_html_cleaner_is_a_declared_pinned_dependency() -> None:
    from importlib.metadata import requires

    declared = [r for r in requires("claimscope") or [] if r.lower().startswith("lxml")]
    assert any(r.replace("-", "_").startswith("lxml_html_clean==") for r in declared), declared
    import trafilatura  # fails without lxml_html_clean

    assert trafilatura.extract("<html><body><article><p>" + "Text. " * 40 + "</p></article></body></html>")


def test_the_checkout_bundles_the_top_level_folders_themselves() -> None:
    assert paths.bundled("configs") == ROOT / "configs"
    # The whole models/ folder: a model folder added there (models/claimscope-shared) is bundled too.
    assert paths.bundled("models") == ROOT / "models"
    for folder in (ROOT / "models").iterdir():
        if folder.is_dir() and folder.name != ".cache":
            assert paths.bundled("models", folder.name) == folder
    assert (
        paths.bundled("annotations", "train", "claims.jsonl")
        == ROOT / "annotations" / "train" / "claims.jsonl"
    )
    # Every stage's default model resolves to a bundled folder with its model.json.
    for name in PIPELINE_MODELS:
        assert (paths.locate(f"models/{name}") / "model.json").is_file()


def test_user_paths_fall_back_to_bundled_files_from_any_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert (
        paths.locate("configs/train/semeval2016-svm.cfg")
        == ROOT / "configs" / "train" / "semeval2016-svm.cfg"
    )
    assert paths.locate("models/claimscope-stance") == ROOT / "models" / "claimscope-stance"
    assert paths.locate("models/not-a-model") == Path("models/not-a-model")  # named as typed in errors
    (tmp_path / "configs").mkdir()
    (tmp_path / "configs" / "default.cfg").write_text("[nlp]\n", encoding="utf-8")
    assert paths.locate("configs/default.cfg") == Path("configs/default.cfg")  # the user's own file wins


def test_no_module_but_paths_finds_data_from_the_source_tree() -> None:
    """The issue's first defect: readers built ``configs/`` and ``models/`` paths from their own
    file (``Path(__file__).parents[2] / "configs"``), which points into site-packages once
    installed. Only pipeline.paths may locate the repository or the bundled data."""
    import re

    climbing = re.compile(r"__file__[^\n]*(\.parents\[|\.parent\.parent)|PROJECT_ROOT|\.parents\[2\]")
    offenders = [
        f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
        for path in sorted((ROOT / "pipeline").rglob("*.py"))
        if path.name != "paths.py"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if climbing.search(line)
    ]
    assert offenders == [], "use pipeline.paths (locate, bundled, configs_dir, datasets_dir):\n" + "\n".join(
        offenders
    )


def test_CLAIMSCOPE_CONFIGS_is_read_by_every_reader(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline.annotate.exchange import frame_labels
    from pipeline.ingest import load_settings
    from pipeline.kb import default_kb_path
    from pipeline.network.options import load_options
    from pipeline.nlp import read_config
    from pipeline.runfolder import RunData

    mine = tmp_path / "my-configs"
    shutil.copytree(ROOT / "configs", mine)
    ingest = (mine / "ingest.cfg").read_text(encoding="utf-8")
    (mine / "ingest.cfg").write_text(ingest.replace("\nmin_chars = 200", "\nmin_chars = 7"), encoding="utf-8")
    network = (mine / "network.cfg").read_text(encoding="utf-8")
    (mine / "network.cfg").write_text(network.replace("top_n = 40", "top_n = 7"), encoding="utf-8")
    with open(mine / "frames.jsonl", "a", encoding="utf-8") as fh:
        fh.write(json.dumps({"label": "my-own-frame", "description": "d", "examples": [], "cues": []}) + "\n")
    monkeypatch.setenv("CLAIMSCOPE_CONFIGS", str(mine))
    monkeypatch.chdir(tmp_path)

    assert paths.default_config_path() == mine / "default.cfg"
    assert read_config() is not None
    assert load_settings().min_chars == 7
    assert load_options().top_n == 7
    assert default_kb_path() == mine / "kb"
    assert "my-own-frame" in frame_labels(RunData())
    assert paths.resolve_config_path("", "lexicons/hedges.json") == mine / "lexicons" / "hedges.json"


def test_a_wrong_CLAIMSCOPE_CONFIGS_or_a_missing_default_file_is_a_coded_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pipeline.nlp import read_config

    monkeypatch.setenv("CLAIMSCOPE_CONFIGS", str(tmp_path / "nowhere"))
    with pytest.raises(ConfigError, match=r"\[E007\] CLAIMSCOPE_CONFIGS is set to .*nowhere"):
        read_config()
    monkeypatch.setenv("CLAIMSCOPE_CONFIGS", str(tmp_path))
    with pytest.raises(
        ConfigError, match=r"\[E008\] The default file .*default.cfg is missing. CLAIMSCOPE_CONFIGS is set"
    ):
        read_config()


@pytest.mark.slow
def test_the_wheel_holds_and_resolves_the_same_files_as_the_checkout(tmp_path: Path) -> None:
    """Build the wheel as ``pip install .`` does, unpack it, and import claimscope from it alone."""
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path / "dist"),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert build.returncode == 0, build.stderr
    wheel = next((tmp_path / "dist").glob("claimscope-*.whl"))
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as zf:
        zf.extractall(site)
    data = site / "pipeline" / "_data"
    assert not any(p.is_symlink() for p in data.rglob("*"))
    assert _files(data / "configs") == _files(ROOT / "configs")
    shipped, source = _files(data / "models"), _files(ROOT / "models")
    assert shipped == {f for f in source if not any(part in "/" + f for part in NOT_BUNDLED)}
    assert {f.split("/")[0] for f in shipped} >= {*PIPELINE_MODELS, "README.md"}
    assert _files(data / "annotations") == {"train/claims.jsonl", "train/README.md"}

    probe = """
import json, pipeline
from pipeline import paths
from pipeline.ingest import load_settings
from pipeline.kb import load_kb
from pipeline.network.options import load_options
from pipeline.training.families import load_model
from pipeline.training.datasets import load_dataset
load_settings(); load_options(); load_kb()
load_model(paths.locate("models/claimscope-stance"))
print(json.dumps({
    "package": pipeline.__file__,
    "configs": str(paths.configs_dir()),
    "train_config": str(paths.locate("configs/train/semeval2016-svm.cfg")),
    "examples": len(load_dataset("claimscope")),
}))
"""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "CLAIMSCOPE_CONFIGS"}
    env["PYTHONPATH"] = str(site)
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=elsewhere, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    assert found["package"].startswith(str(site))
    assert found["configs"] == str(data / "configs")
    assert found["train_config"] == str(data / "configs" / "train" / "semeval2016-svm.cfg")
    assert found["examples"] > 100
