"""Stable ids, one function each: :func:`slugify` for people and other named actors, :func:`claim_id`.

``slugify`` gives the id of a person the knowledge base does not know. The same function
serves an article's author, a quoted speaker and a person mention (the actor linker), so
one person has one id wherever the pipeline meets them.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'"})


def slugify(name: str) -> str:
    """``"Marco Rubio"`` -> ``"marco-rubio"``: accents folded, other characters dropped.

    Letters that decompose into an ASCII letter and a mark keep the letter
    (``"Marc-André"`` -> ``"marc-andre"``); letters with no ASCII decomposition are dropped
    (``"Radosław Sikorski"`` -> ``"radosaw-sikorski"``), and a name in a non-Latin script
    gives ``""`` (no id). That is how the ids of person mentions in written outputs have
    always been made; transliterating would change published ids.
    """
    # A typographic apostrophe separates like the ASCII one: "Mu’izzaddin" and "Mu'izzaddin" both
    # give "mu-izzaddin" (as the gold has it), "O’Brien" and "O'Brien" both "o-brien".
    name = name.translate(_APOSTROPHES)
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")


def claim_id(doc_id: str, start: int, end: int) -> str:
    """Stable claim id: the same article (same ``doc_id``) and span always give the same id."""
    return hashlib.sha1(f"{doc_id}:{start}:{end}".encode()).hexdigest()[:16]
