"""Scoring runs against gold annotations (``claimscope evaluate --gold --pred``)."""

from pipeline.evaluation.claims import evaluate_run

__all__ = ["evaluate_run"]
