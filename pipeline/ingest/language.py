"""Language identification with py3langid (offline, bundled model)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from pipeline.ingest.settings import IngestSettings


@lru_cache(maxsize=1)
def _identifier() -> Any:
    # Loading the model takes ~0.5 s; do it once per process, on first use.
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=False)


def detect_language(text: str, settings: IngestSettings) -> str:
    """ISO 639-1 code of ``text``; ``default_language`` when the text is too short to tell."""
    sample = text[: settings.language_sample_chars]
    if len(sample.strip()) < settings.language_min_chars:
        return settings.default_language
    lang, _score = _identifier().classify(sample)
    return str(lang)
