"""The real gold corpus: stand-off passages of the shared corpora, their two annotation passes,
the adjudicated gold, agreement and the published dataset (issue "Real commentary, annotated").

No source text is stored in the project: every record points into ``../shared/corpora`` by record id,
character offsets and a SHA-256 of the span, and :mod:`pipeline.gold.corpora` materialises it.
"""
