"""The confusion matrix of a trained model as CSV and PNG (beside its metrics.json)."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from pipeline.io import write_atomic


def write_confusion(
    table: list[list[int]], labels: Sequence[str], out_stem: Path, title: str = ""
) -> list[Path]:
    """Confusion matrix as CSV and PNG (matplotlib, Agg backend); returns the two paths."""
    out_stem.parent.mkdir(parents=True, exist_ok=True)
    csv_path, png_path = out_stem.with_suffix(".csv"), out_stem.with_suffix(".png")
    lines = [["gold\\pred", *labels]] + [
        [lab, *map(str, row)] for lab, row in zip(labels, table, strict=True)
    ]
    import io

    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(lines)
    write_atomic(csv_path, buffer.getvalue())
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(1.4 * len(labels) + 2, 1.2 * len(labels) + 1.5))
    ax.imshow(np.asarray(table), cmap="Blues")
    ax.set_xticks(range(len(labels)), labels=list(labels), rotation=30)
    ax.set_yticks(range(len(labels)), labels=list(labels))
    ax.set_xlabel("predicted")
    ax.set_ylabel("gold")
    for i, row in enumerate(table):
        for j, v in enumerate(row):
            ax.text(j, i, str(v), ha="center", va="center")
    ax.set_title(title)
    fig.tight_layout()
    fig.savefig(png_path, dpi=100)
    plt.close(fig)
    return [csv_path, png_path]
