"""The actor knowledge base: states, alliances, organisations, people, groups and concepts.

Data lives in JSONL files under ``configs/kb/`` (see its README); this package reads
and queries it::

    from pipeline.kb import load_kb
    kb = load_kb()                      # bundled configs/kb (+ configs/kb/user/*.jsonl)
    kb.get("NATO").name                 # 'North Atlantic Treaty Organization'
    kb.members("NATO", "2022-01-01")    # member ids on that date (no FIN)
    kb.memberships("TUR", "2024-06-01") # ['G20', 'NATO', ...]
"""

from __future__ import annotations

from pipeline.kb.base import KnowledgeBase, is_case_sensitive, parse_date, split_determiner
from pipeline.kb.loader import build_kb, default_kb_path, kb_files, load_kb, resolve_kb_path
from pipeline.kb.records import (
    ALIAS_KINDS,
    ENTITY_TYPES,
    AliasEntry,
    ContextAlias,
    Entity,
    Membership,
    Role,
)

__all__ = [
    "ALIAS_KINDS",
    "ENTITY_TYPES",
    "AliasEntry",
    "ContextAlias",
    "Entity",
    "KnowledgeBase",
    "Membership",
    "Role",
    "build_kb",
    "default_kb_path",
    "is_case_sensitive",
    "kb_files",
    "load_kb",
    "parse_date",
    "resolve_kb_path",
    "split_determiner",
]
