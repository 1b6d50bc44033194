"""The README's code blocks and how the docs test runs each one.

Every fenced ``bash`` or ``python`` block of README.md is an example. The HTML comment just
above a block (invisible on the rendered page) says what the example needs:

    <!-- docs-test: slow given=out/corpus creates=out/report.html -->

``slow`` / ``long``
    pytest markers (``long``: training runs of many minutes; ``pytest -m long``).
``skip=REASON``
    not run (``make test`` inside the test suite it starts); the reason is the skip message.
``needs=seeds|datasets|corpora``
    reads ``../shared/seeds``, the public datasets or the shared corpora; skipped with a message when absent.
``workspace=clone|repo``
    runs in a copy of the tracked files (``pip install .``), or in the repository itself
    (``make demo``, with ``VENV`` and ``OUT`` pointing at the test's venv and a temporary folder).
``provides=PATH`` / ``given=PATH,...``
    the block that makes ``out/corpus`` runs once per session; blocks ``given`` it get a copy.
    ``given=export.json`` is a Label Studio export in which an annotator accepted every prediction.
``creates=PATH,...``
    files the example must have written.
``serve`` / ``background=PROGRAM``
    ``claimscope serve`` (or lines starting with PROGRAM) run in the background until the
    block ends; the next line runs once the server answers (or its ``--port`` accepts connections).
``sub=OLD:NEW``
    replace a placeholder of the README (``SCHED``); ``FREE_PORT`` is a free local port.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"

_BLOCK = re.compile(r"(?:<!-- docs-test:(?P<tags>[^>]*)-->\s*\n)?```(?P<lang>[a-z]*)\n(?P<body>.*?)```", re.S)


@dataclass
class Block:
    """One example of the README."""

    line: int
    lang: str
    body: str
    tags: dict[str, list[str]] = field(default_factory=dict)
    commented: bool = False
    """True when a docs-test comment precedes the block (every example needs one)."""

    @property
    def id(self) -> str:
        first = next((c for c in self.commands() if c), self.lang)
        return f"L{self.line}-{re.sub(r'[^A-Za-z0-9.-]+', '-', first)[:48].strip('-')}"

    def has(self, tag: str) -> bool:
        return tag in self.tags

    def values(self, tag: str) -> list[str]:
        return [v for item in self.tags.get(tag, []) for v in item.split(",") if v]

    def commands(self) -> list[str]:
        """Shell lines without comments, continuation lines joined."""
        if self.lang != "bash":
            return []
        joined = re.sub(r"\\\n\s*", " ", self.body)
        return [strip_comment(line).strip() for line in joined.splitlines() if strip_comment(line).strip()]


def strip_comment(line: str) -> str:
    """A shell line without its trailing ``# comment`` (a ``#`` after whitespace, outside quotes)."""
    quote = ""
    for i, ch in enumerate(line):
        if ch in "'\"" and not quote:
            quote = ch
        elif ch == quote:
            quote = ""
        elif ch == "#" and not quote and (i == 0 or line[i - 1].isspace()):
            return line[:i]
    return line


def read_blocks(path: Path = README) -> list[Block]:
    text = path.read_text(encoding="utf-8")
    blocks = []
    for match in _BLOCK.finditer(text):
        tags: dict[str, list[str]] = {}
        raw = match.group("tags") or ""
        raw, _, reason = raw.partition("skip=")  # the skip reason is the rest of the comment
        if reason:
            tags["skip"] = [reason.strip()]
        for item in raw.split():
            key, _, value = item.partition("=")
            tags.setdefault(key, []).append(value)
        line = text.count("\n", 0, match.start("body"))
        blocks.append(
            Block(line, match.group("lang"), match.group("body"), tags, match.group("tags") is not None)
        )
    return blocks


def tagged(path: Path = README) -> tuple[list[Block], list[Block]]:
    """``(examples, untagged)``: blocks with a docs-test comment, and any block without one."""
    blocks = read_blocks(path)
    return [b for b in blocks if b.commented], [b for b in blocks if not b.commented]
