"""Discourse networks from the claims dataset (Leifeld's DNA, computed from claims).

Public API (imported lazily so ``import pipeline.network`` stays cheap)::

    from pipeline.network import extract_statements, build_networks, run_network
    found = extract_statements("out/")              # StatementSet: statements + counts
    graphs = build_networks(found.statements)       # dict of networkx graphs
    render_network_figures(graphs["affiliation"], "figs/")
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS: dict[str, str] = {
    "Statement": "pipeline.network.statements",
    "deduplicate": "pipeline.network.statements",
    "NetworkOptions": "pipeline.network.options",
    "load_options": "pipeline.network.options",
    "extract_statements": "pipeline.network.extract",
    "affiliation_network": "pipeline.network.affiliation",
    "actor_network": "pipeline.network.onemode",
    "concept_network": "pipeline.network.onemode",
    "time_windows": "pipeline.network.windows",
    "windows_for": "pipeline.network.windows",
    "build_networks": "pipeline.network.build",
    "run_network": "pipeline.network.build",
    "write_network": "pipeline.network.export",
    "write_statements_csv": "pipeline.network.export",
    "render_network_figures": "pipeline.network.figures",
    "KbLookup": "pipeline.network.kb_attributes",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'pipeline.network' has no attribute {name!r}")
