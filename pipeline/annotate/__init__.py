"""Round trips with annotation tools and agreement metrics; independent of the store.

Converters take and return plain :class:`pipeline.types.Article` / :class:`pipeline.types.Claim`
records, so they serve a run folder and the review app's store alike.
"""
