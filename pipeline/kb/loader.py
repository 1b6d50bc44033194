"""Read the knowledge base from a folder of JSONL files (``configs/kb/`` by default).

Every ``*.jsonl`` in the folder is read in name order, then every ``*.jsonl`` in its
``user/`` subfolder (the place for a user's own actors and concepts), then any extra
paths given. ``person_titles.txt`` (one title per line) lists the words stripped from
person names ("President", "Chancellor").
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from pipeline.errors import KnowledgeBaseError
from pipeline.kb.base import KnowledgeBase
from pipeline.kb.records import ENTITY_TYPES, ContextAlias, Entity, Membership, Role

USER_SUBFOLDER = "user"
TITLES_FILE = "person_titles.txt"
_MERGED_LISTS = ("aliases", "adjectives", "metonyms")


def default_kb_path() -> Path:
    """The ``kb`` folder of the configs folder (``$CLAIMSCOPE_CONFIGS`` or the bundled ``configs/``)."""
    from pipeline.paths import config_file

    return config_file("kb")


def resolve_kb_path(path: str | Path | None) -> Path:
    """``None`` or ``""`` -> the bundled folder; anything else as given."""
    from pipeline.paths import locate

    if path is None or str(path) == "":
        return default_kb_path()
    return locate(path)


def kb_files(path: str | Path | None = None, extra_paths: Sequence[str | Path] = ()) -> list[Path]:
    """The JSONL files :func:`load_kb` reads, in order."""
    root = resolve_kb_path(path)
    if not root.exists():
        raise KnowledgeBaseError("E206", path=str(root))
    files: list[Path] = [root] if root.is_file() else sorted(root.glob("*.jsonl"))
    user = root / USER_SUBFOLDER
    if root.is_dir() and user.is_dir():
        files += sorted(user.glob("*.jsonl"))
    for extra in extra_paths:
        extra_path = Path(extra)
        if not extra_path.exists():
            raise KnowledgeBaseError("E206", path=str(extra_path))
        files += [extra_path] if extra_path.is_file() else sorted(extra_path.glob("*.jsonl"))
    return files


def load_kb(
    path: str | Path | None = None,
    *,
    extra_paths: Sequence[str | Path] = (),
    strict: bool = True,
) -> KnowledgeBase:
    """Load the knowledge base from ``path`` (default: the bundled ``configs/kb``).

    ``strict`` raises :class:`~pipeline.errors.KnowledgeBaseError` on an unreadable line,
    a duplicate id (E202) or any :meth:`KnowledgeBase.validate` problem (E208); with
    ``strict=False`` the problems are kept for ``validate()`` to report.
    """
    root = resolve_kb_path(path)
    records: list[tuple[dict[str, Any], str]] = []
    for file in kb_files(path, extra_paths):
        records += [(rec, str(file)) for rec in read_kb_file(file)]
    titles_file = (root if root.is_dir() else root.parent) / TITLES_FILE
    titles = _read_titles(titles_file) if titles_file.exists() else []
    kb = build_kb(records, titles, strict=strict)
    if strict:
        problems = kb.validate()
        if problems:
            raise KnowledgeBaseError("E208", count=len(problems), first=problems[0])
    return kb


def read_kb_file(path: Path) -> list[dict[str, Any]]:
    """The records of one JSONL file; a bad line raises E201 naming the file and line."""
    out: list[dict[str, Any]] = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, start=1):
            if not line.strip() or line.lstrip().startswith("//"):
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise KnowledgeBaseError("E201", path=f"{path}:{n}", detail=str(exc)) from exc
            if not isinstance(record, dict):
                raise KnowledgeBaseError("E201", path=f"{path}:{n}", detail="a line must be a JSON object")
            record["_line"] = n
            out.append(record)
    return out


def build_kb(
    records: Iterable[tuple[dict[str, Any], str]],
    titles: Iterable[str] = (),
    *,
    strict: bool = True,
) -> KnowledgeBase:
    """Records (with their source names) -> :class:`KnowledgeBase`.

    A record with ``"merge": true`` whose id exists adds its aliases, adjectives,
    metonyms, members and roles to that entity instead of redefining it.
    """
    entities: dict[str, Entity] = {}
    context: list[ContextAlias] = []
    problems: list[str] = []
    title_list = list(titles)
    for raw, source in records:
        record = {k: v for k, v in raw.items() if k != "_line"}
        line = raw.get("_line", "?")
        kind = record.get("type")
        where = f"{source}:{line}"
        if kind == "alias":
            context.append(ContextAlias.from_dict(record, source=where))
            continue
        if kind == "titles":
            title_list += [str(t) for t in record.get("titles", [])]
            continue
        if kind not in ENTITY_TYPES:
            raise KnowledgeBaseError("E207", path=source, line=line, type=kind, known=", ".join(ENTITY_TYPES))
        if "id" not in record or "name" not in record:
            raise KnowledgeBaseError("E201", path=where, detail="every entity needs 'id' and 'name'")
        entity_id = str(record["id"])
        if entity_id in entities:
            if record.get("merge"):
                _merge(entities[entity_id], record)
                continue
            first = entities[entity_id].source
            if strict:
                raise KnowledgeBaseError("E202", id=entity_id, first=first, second=where)
            problems.append(f"E202 id {entity_id!r} defined twice ({first} and {where})")
            continue
        entities[entity_id] = Entity.from_dict(record, source=where)
    return KnowledgeBase(entities.values(), context, title_list, problems)


def _merge(entity: Entity, record: dict[str, Any]) -> None:
    for key in _MERGED_LISTS:
        current: list[str] = getattr(entity, key)
        current += [a for a in record.get(key, []) if a not in current]
    entity.members += [Membership.from_dict(m) for m in record.get("members", [])]
    entity.roles += [Role.from_dict(r) for r in record.get("roles", [])]


def _read_titles(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]
