"""Where claimscope finds its data: the one place that resolves bundled and external paths.

The bundled data (``configs/``, the committed models: the whole ``models/`` folder except
``models/.cache``, uncommitted ``weights/`` and evaluation outputs, see ``pyproject.toml``;
and the team-written training claims) is package data under ``pipeline/_data``. In a source
checkout those entries are symbolic links to the top-level folders, so an editable
install and an installed wheel resolve the same files, and a model folder added under
``models/`` is bundled without further changes; in a wheel they are copies.

* :func:`configs_dir`: ``$CLAIMSCOPE_CONFIGS`` if set, else the bundled ``configs/``.
* :func:`locate`: a path the user typed (``configs/train/x.cfg``, ``models/NAME``,
  ``annotations/...``) as given when it exists, else its bundled counterpart, else (in a
  source checkout) the checkout's file.
* :func:`datasets_dir`: the public datasets (``$CLAIMSCOPE_DATASETS``, else ``../shared/datasets``).
"""

from __future__ import annotations

import os
from pathlib import Path

from pipeline.errors import ConfigError

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = PACKAGE_DIR / "_data"
"""Bundled data inside the installed package (symbolic links in a source checkout)."""

BUNDLED_ROOTS: tuple[str, ...] = ("configs", "models", "annotations")
"""Top-level folders of the repository that have a bundled counterpart under ``_data``."""

CONFIGS_ENV = "CLAIMSCOPE_CONFIGS"
DATASETS_ENV = "CLAIMSCOPE_DATASETS"
# The review store every command with --db opens (serve, import, agreement, gold).
DEFAULT_DB = "sqlite:///claimscope.db"
DB_ENV = "CLAIMSCOPE_DB"
DB_HELP = "Store URL: sqlite:///path.db (WAL; default) or postgresql+psycopg://user@host/db."


def bundled(*parts: str) -> Path:
    """A file or folder of the bundled data (``bundled("models", "claimscope-stance")``).

    Symbolic links are resolved, so a source checkout reports ``<repo>/configs/...``.
    """
    return DATA_DIR.joinpath(*parts).resolve()


def configs_dir() -> Path:
    """The configs folder: ``$CLAIMSCOPE_CONFIGS`` if set, else the bundled ``configs/``."""
    env = os.environ.get(CONFIGS_ENV)
    if env:
        folder = Path(env).expanduser()
        if not folder.is_dir():
            raise ConfigError("E007", name=CONFIGS_ENV, path=folder)
        return folder
    return bundled("configs")


def config_file(name: str) -> Path:
    """A file of the configs folder, e.g. ``config_file("ingest.cfg")``."""
    return configs_dir() / name


def default_config_path() -> Path:
    """The pipeline config used when ``--config`` is not given."""
    return config_file("default.cfg")


def require_default(path: Path) -> Path:
    """``path`` (a default file from :func:`config_file`) if it exists, else a coded error."""
    if path.is_file():
        return path
    if os.environ.get(CONFIGS_ENV):
        hint = (
            f"{CONFIGS_ENV} is set: add the file to that folder (a full copy: 'claimscope configs "
            f"--copy-to DIR'), or unset {CONFIGS_ENV}."
        )
    else:
        hint = (
            "The installation is incomplete: reinstall claimscope (pip install --force-reinstall claimscope)."
        )
    raise ConfigError("E008", path=path, hint=hint)


def resolve_config_path(path: str | Path | None, default: str) -> Path:
    """A data file of a pipeline stage: ``path`` if given (see :func:`locate`), else
    ``default`` inside :func:`configs_dir` (an empty string in a config means the default)."""
    if path:
        return locate(path)
    return require_default(config_file(default))


def locate(path: str | Path) -> Path:
    """``path`` as given when it exists (or is absolute); else, for a relative path under
    ``configs/``, ``models/`` or ``annotations/``, the bundled file of that name, or the
    file of the source checkout (an editable install: ``annotations/real``, not bundled).

    So ``claimscope train --config configs/train/x.cfg`` and ``--model models/claimscope-stance``
    work from any directory after ``pip install``. A path found nowhere is returned as
    given, so that the error names what the user typed.
    """
    given = Path(path).expanduser()
    if given.is_absolute() or given.exists() or not given.parts:
        return given
    root, rest = given.parts[0], given.parts[1:]
    if root not in BUNDLED_ROOTS:
        return given
    candidate = configs_dir().joinpath(*rest) if root == "configs" else bundled(root, *rest)
    if candidate.exists():
        return candidate
    checkout = source_checkout()
    if checkout is not None and (checkout / given).exists():
        return checkout / given
    return given


def models_dir() -> Path:
    """Where ``claimscope train`` writes a model when ``--out`` is not given: ``./models``."""
    return Path("models")


def writable_model_dir(model: Path) -> Path:
    """Where files about ``model`` (e.g. its ``eval/`` reports) are written: the model folder
    itself, or ``./models/NAME`` for a model bundled inside the installed package."""
    return models_dir() / model.name if model.resolve().is_relative_to(PACKAGE_DIR) else model


def datasets_dir() -> Path:
    """The public datasets folder: ``$CLAIMSCOPE_DATASETS``, else ``../shared/datasets``
    (from the working directory, then from the source checkout)."""
    env = os.environ.get(DATASETS_ENV)
    if env:
        return Path(env).expanduser()
    candidates = [Path.cwd().parent / "shared" / "datasets"]
    checkout = source_checkout()
    if checkout is not None:
        candidates.append(checkout.parent / "shared" / "datasets")
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    return candidates[0]


def source_checkout() -> Path | None:
    """The repository folder when claimscope runs from a source checkout (editable install)."""
    root = PACKAGE_DIR.parent
    return root if (root / "pyproject.toml").is_file() and (root / "configs").is_dir() else None


def display(path: str | Path) -> str:
    """``path`` relative to the working directory (``../shared/...`` above it), for manifests."""
    return os.path.relpath(Path(path).resolve())
