"""Round trips with annotation tools and agreement metrics.

Converters take and return plain :class:`pipeline.types.Article` / :class:`pipeline.types.Claim`
records, so they serve a run folder and the review app's store alike. The store never imports
this package: applying a Label Studio export to a store project lives here
(:mod:`pipeline.annotate.store_import`), on top of the store's own API.
"""
