"""claimscope's spaCy components. Importing this package registers every ``claimscope_*`` factory."""

from __future__ import annotations

import importlib

# One module per stage; optional stages whose dependencies are missing are skipped
# here and reported by ``pipeline.nlp.load`` only if a config asks for them.
COMPONENT_MODULES = (
    "actor_ruler",
    "actor_linker",
    "claim_segmenter",
    "quotes",
    "attribution",
    "targets",
    "stance_rules",
    "frame_rules",
    "claim_type",
    "hedging",
    "stance_transformer",
    "frame_encoder",
    "checkworthiness",
    "transformer",
    "stance_head",
    "frame_head",
    "type_head",
    "checkworthiness_head",
)

for _name in COMPONENT_MODULES:
    try:
        importlib.import_module(f"{__name__}.{_name}")
    except ModuleNotFoundError as _exc:  # a stage not (yet) installed
        if _exc.name != f"{__name__}.{_name}":
            raise
