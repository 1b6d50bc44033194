"""The JSON Schema and the Hugging Face ``Features`` of a record, derived from its declaration.

The records of :mod:`pipeline.types` are the one declaration of the data contract: field
types (``Literal`` label sets, nested records, ``X | None``), defaults, and the constraints in
each field's metadata. This module reads that declaration; it holds no field names of its own.

* :func:`json_schema` -- draft 2020-12 schema of a record (what :mod:`pipeline.schema` validates).
* :func:`features` -- ``datasets.Features`` (``ClassLabel`` for label sets, never inferred).
* :func:`row` -- a written record shaped to those features (absent nested records become
  all-null structs, defaults filled in).
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Sequence
from functools import cache
from typing import Any, Literal, Union

_JSON_TYPES: dict[type, str] = {str: "string", int: "integer", float: "number", bool: "boolean"}
_FEATURE_DTYPES: dict[type, str] = {str: "string", int: "int32", float: "float32", bool: "bool"}


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _fields(cls: type) -> tuple[dataclasses.Field[Any], ...]:
    return dataclasses.fields(cls)


def _schema_meta(f: dataclasses.Field[Any]) -> dict[str, Any]:
    return dict(f.metadata.get("schema", {}))


def _unwrap_optional(tp: Any) -> tuple[Any, bool]:
    """``X | None`` -> ``(X, True)``; anything else -> ``(tp, False)``."""
    if typing.get_origin(tp) in (Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(args) == 1 and len(args) < len(typing.get_args(tp)):
            return args[0], True
    return tp, False


def _is_record(tp: Any) -> bool:
    return isinstance(tp, type) and dataclasses.is_dataclass(tp)


# --- JSON Schema -----------------------------------------------------------------------------


def json_schema(cls: type, title: str) -> dict[str, Any]:
    """The draft 2020-12 JSON Schema of the record class ``cls``."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": title,
        **_object_schema(cls),
    }


def _object_schema(cls: type, nullable: bool = False) -> dict[str, Any]:
    hints = _hints(cls)
    properties = {f.name: _field_schema(hints[f.name], _schema_meta(f)) for f in _fields(cls)}
    required = [f.name for f in _fields(cls) if not f.metadata.get("extension")]
    return {
        "type": ["object", "null"] if nullable else "object",
        "required": required,
        "properties": properties,
    }


def _field_schema(tp: Any, meta: dict[str, Any]) -> dict[str, Any]:
    meta.pop("feature", None)
    meta.pop("keys", None)  # the keys a dataset row carries; a written record may hold more
    items = meta.pop("items", None)
    schema = _type_schema(tp)
    if items:
        schema["items"] = {**schema["items"], **items}
    return {**schema, **meta}


def _type_schema(tp: Any) -> dict[str, Any]:
    inner, nullable = _unwrap_optional(tp)
    origin = typing.get_origin(inner)
    if _is_record(inner):
        return _object_schema(inner, nullable)
    if origin is Literal:
        values = list(typing.get_args(inner))
        return {"enum": [*values, None] if nullable else values}
    if origin is list:
        (item,) = typing.get_args(inner)
        return {"type": ["array", "null"] if nullable else "array", "items": _type_schema(item)}
    if origin is dict:
        _key, value = typing.get_args(inner)
        schema: dict[str, Any] = {"type": "object"}
        if value is not Any:
            schema["additionalProperties"] = _type_schema(value)
        return schema
    if inner in _JSON_TYPES:
        name = _JSON_TYPES[inner]
        return {"type": [name, "null"] if nullable else name}
    raise TypeError(f"No JSON Schema for the field type {tp!r}; declare records with plain types.")


# --- Hugging Face Features -------------------------------------------------------------------


def features(cls: type, order: Sequence[str] | None = None) -> Any:
    """The ``datasets.Features`` of the record class ``cls`` (columns in ``order`` if given).

    ``order`` must name every field exactly once: it only fixes the column order of a
    dataset that was published before the declaration was.
    """
    from datasets import Features

    columns = _feature_dict(cls)
    if order is not None:
        if sorted(order) != sorted(columns):
            raise ValueError(f"The column order of {cls.__name__} must name each of its fields once.")
        columns = {name: columns[name] for name in order}
    return Features(columns)


def _feature_dict(cls: type) -> dict[str, Any]:
    hints = _hints(cls)
    return {f.name: _field_feature(hints[f.name], _schema_meta(f)) for f in _fields(cls)}


def _field_feature(tp: Any, meta: dict[str, Any]) -> Any:
    from datasets import List, Value

    override = meta.get("feature")
    inner, _nullable = _unwrap_optional(tp)
    if override is not None:
        return List(Value(override)) if typing.get_origin(inner) is list else Value(override)
    if meta.get("keys") is not None:
        (_key, value) = typing.get_args(inner)
        return {key: _type_feature(value) for key in meta["keys"]}
    return _type_feature(tp)


def _type_feature(tp: Any) -> Any:
    from datasets import ClassLabel, List, Value

    inner, _nullable = _unwrap_optional(tp)
    origin = typing.get_origin(inner)
    if _is_record(inner):
        return _feature_dict(inner)
    if origin is Literal:
        return ClassLabel(names=list(typing.get_args(inner)))
    if origin is list:
        (item,) = typing.get_args(inner)
        return List(_type_feature(item))
    if inner in _FEATURE_DTYPES:
        return Value(_FEATURE_DTYPES[inner])
    raise TypeError(f"No dataset feature for the field type {tp!r}.")


# --- rows ------------------------------------------------------------------------------------


def row(cls: type, record: dict[str, Any], order: Sequence[str] | None = None) -> dict[str, Any]:
    """``record`` (as written in a JSONL file) shaped to :func:`features` of ``cls``."""
    hints = _hints(cls)
    by_name = {f.name: f for f in _fields(cls)}
    out: dict[str, Any] = {}
    for name in order or list(by_name):
        f = by_name[name]
        value = record.get(name, _default(f))
        out[name] = _field_value(hints[name], _schema_meta(f), value)
    return out


def _default(f: dataclasses.Field[Any]) -> Any:
    if f.default is not dataclasses.MISSING:
        return f.default
    if f.default_factory is not dataclasses.MISSING:
        return f.default_factory()
    return None


def _field_value(tp: Any, meta: dict[str, Any], value: Any) -> Any:
    if meta.get("keys") is not None:
        mapping = value or {}
        return {key: mapping.get(key) for key in meta["keys"]}
    return _value(tp, value)


def _value(tp: Any, value: Any) -> Any:
    inner, _nullable = _unwrap_optional(tp)
    origin = typing.get_origin(inner)
    if _is_record(inner):
        data = value or {}
        hints = _hints(inner)
        return {f.name: _value(hints[f.name], data.get(f.name)) for f in _fields(inner)}
    if origin is list:
        (item,) = typing.get_args(inner)
        return [_value(item, v) for v in (value or [])]
    if inner is bool:
        return bool(value)
    if value is None:
        return None
    if inner is float:
        return float(value)
    return value
