"""Settings sections of a config (``[claimscope.run]``, ``[claimscope.batch]``, ``[claimscope.serve]``,
``[claimscope.report]``), validated in one place from the settings class's type hints.

A settings class is a frozen dataclass whose fields declare the type of each key and, in the
field metadata (:func:`pipeline.types.spec`), its bounds (``minimum``, ``exclusiveMinimum``,
``maximum``). :func:`from_section` builds one from a config section: unknown keys and values of
the wrong type or out of bounds are an E006 naming the key, what it must be and what it got.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Mapping
from typing import Any, Literal, TypeVar

from pipeline.errors import ConfigError

S = TypeVar("S")


def section(config: Any, *path: str) -> dict[str, Any]:
    """The nested section ``path`` of a config (``{}`` when absent)."""
    node: Any = config
    for key in path:
        node = node.get(key, {}) if isinstance(node, Mapping) else {}
    return dict(node) if isinstance(node, Mapping) else {}


def from_section(cls: type[S], data: Mapping[str, Any], prefix: str, *, unknown: str = "error") -> S:
    """``cls`` built from ``data`` (a config section named ``prefix``), every value checked.

    ``unknown="ignore"`` skips keys the class does not declare (for sections shared with
    other readers); the default refuses them, naming the known keys.
    """
    fields = {f.name: f for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    extra = sorted(set(data) - set(fields))
    if extra and unknown == "error":
        raise ConfigError(
            "E006", name=f"{prefix}.{extra[0]}", expected=f"one of {', '.join(sorted(fields))}", got=extra[0]
        )
    settings = cls(**{k: v for k, v in data.items() if k in fields})
    validate(settings, prefix)
    return settings


def validate(settings: Any, prefix: str) -> None:
    """Check every field of a settings object against its type hint and bounds (E006)."""
    hints = typing.get_type_hints(type(settings))
    for f in dataclasses.fields(settings):
        check(f"{prefix}.{f.name}", getattr(settings, f.name), hints[f.name], f.metadata.get("schema", {}))


def check(name: str, value: Any, tp: Any, bounds: Mapping[str, Any] | None = None) -> None:
    """Raise E006 unless ``value`` has type ``tp`` and lies within ``bounds``."""
    expected = _describe(tp, bounds or {})
    if not _is_instance(value, tp):
        raise ConfigError("E006", name=name, expected=expected, got=value)
    bounds = bounds or {}
    if isinstance(value, int | float) and not isinstance(value, bool):
        low, high = bounds.get("minimum"), bounds.get("maximum")
        strict_low = bounds.get("exclusiveMinimum")
        if (
            (low is not None and value < low)
            or (high is not None and value > high)
            or (strict_low is not None and value <= strict_low)
        ):
            raise ConfigError("E006", name=name, expected=expected, got=value)


def _is_instance(value: Any, tp: Any) -> bool:
    origin = typing.get_origin(tp)
    if tp is bool:
        return isinstance(value, bool)
    if tp is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if tp is float:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if tp is str:
        return isinstance(value, str)
    if origin is Literal:
        return value in typing.get_args(tp)
    if origin is list:
        (item,) = typing.get_args(tp)
        return isinstance(value, list | tuple) and all(_is_instance(v, item) for v in value)
    if origin in (typing.Union, types.UnionType):
        return any(_is_instance(value, arg) for arg in typing.get_args(tp))
    if tp is type(None):
        return value is None
    return True  # a type this checker does not describe: left to the class


def _describe(tp: Any, bounds: Mapping[str, Any]) -> str:
    names = {bool: "true or false", int: "an integer", float: "a number", str: "a string"}
    text = names.get(tp, "a list" if typing.get_origin(tp) is list else str(tp))
    if typing.get_origin(tp) is Literal:
        text = "one of " + ", ".join(repr(a) for a in typing.get_args(tp))
    if bounds.get("exclusiveMinimum") == 0 or bounds.get("minimum") == 1:
        text = f"a positive {'integer' if tp is int else 'number'}"
    elif bounds.get("minimum") == 0:
        text = f"a non-negative {'integer' if tp is int else 'number'}"
    return text
