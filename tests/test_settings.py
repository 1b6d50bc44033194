"""Settings sections are validated in one place, from the settings classes' type hints and bounds."""

from __future__ import annotations

import pytest

from pipeline.batch import BatchSettings
from pipeline.engine import RunSettings
from pipeline.errors import ConfigError
from pipeline.report.settings import ReportSettings
from pipeline.serve.settings import ServeSettings


def _config(**run: object) -> dict[str, object]:
    return {"claimscope": {"run": run}}


def test_run_settings_from_config_with_defaults() -> None:
    settings = RunSettings.from_config(_config(batch_size=8, article_timeout_seconds=30))
    assert (settings.batch_size, settings.max_article_chars, settings.article_timeout_seconds) == (
        8,
        400_000,
        30,
    )
    assert RunSettings.from_config({}) == RunSettings()


@pytest.mark.parametrize(
    ("run", "message"),
    [
        (
            {"batch_size": 0},
            r"\[E006\] The 'claimscope.run.batch_size' parameter must be a positive integer\. Got 0",
        ),
        ({"batch_size": "16"}, r"claimscope.run.batch_size' parameter must be a positive integer\. Got '16'"),
        (
            {"max_article_chars": -1},
            r"claimscope.run.max_article_chars' parameter must be a non-negative integer",
        ),
        ({"article_timeout_seconds": True}, r"claimscope.run.article_timeout_seconds"),
        (
            {"batch_sise": 16},
            r"claimscope.run.batch_sise' parameter must be one of article_timeout_seconds, ",
        ),
    ],
)
def test_run_settings_refuse_wrong_values_and_unknown_keys(run: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        RunSettings.from_config(_config(**run))


def test_the_other_sections_use_the_same_checks() -> None:
    with pytest.raises(
        ConfigError, match=r"claimscope.batch.partition_size' parameter must be a positive integer"
    ):
        BatchSettings.from_config({"claimscope": {"batch": {"partition_size": 0}}})
    with pytest.raises(
        ConfigError, match=r"claimscope.serve.login_backoff_seconds' parameter must be a positive"
    ):
        ServeSettings.from_dict({"login_backoff_seconds": 0})
    with pytest.raises(ConfigError, match=r"claimscope.serve.no_such_key"):
        ServeSettings.from_dict({"no_such_key": 1})
    with pytest.raises(
        ConfigError, match=r"claimscope.report.top_actors' parameter must be a positive integer"
    ):
        ReportSettings(top_actors=0)
    assert ReportSettings.from_dict({"top_actors": 5, "unrelated": 1, "top_frames": None}).top_actors == 5
