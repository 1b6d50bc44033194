"""Coded, actionable errors.

Every failure a user can cause raises a :class:`ClaimscopeError` subclass whose
message starts with a stable code (``[E101]``), says what went wrong and what to
do. Batch stages catch them per input and record ``code`` and ``message`` in
``errors.jsonl`` instead of stopping.

Code ranges: E0xx configuration and installation, E1xx ingestion, E2xx
pipeline and knowledge base, E3xx training and evaluation, E4xx annotation
store and round trips, E5xx batch processing.
"""

from __future__ import annotations

from typing import Any


class ErrorCode:
    """Message templates keyed by code. Format with keyword arguments."""

    E001 = 'File not found: {path}. Check the path (a relative path starts from the working directory); omit --config, or leave a data path empty (""), to use the bundled file.'
    E002 = "Could not parse config {path}: {detail}. Check the section names and value syntax (spaCy config format)."
    E003 = "Required package '{package}' is not installed. Install it with: pip install {pip_line}"
    E004 = "No input matched {pattern!r}. Give existing files, folders or globs (.txt, .md, .html, .htm, .jsonl, .pdf)."
    E005 = "Output folder {path} is not writable: {detail}. Choose another --out folder."
    E006 = "The '{name}' parameter must be {expected}. Got {got!r} instead."
    E007 = "{name} is set to {path}, which is not a folder. Point it to a folder laid out like the bundled configs (make one with 'claimscope configs --copy-to DIR'), or unset it."
    E008 = "The default file {path} is missing. {hint}"

    E101 = "File is empty (or only whitespace). Nothing to ingest; remove it or add text."
    E102 = "File looks binary ({detail}). Only .txt, .md, .html/.htm, .jsonl and .pdf articles are read; a PDF must be named .pdf."
    E103 = "File is {size} bytes, over the limit of {limit} bytes. Raise ingest.max_bytes in the config if it is a real article."
    E104 = "JSONL line {line} is not valid JSON ({detail}). The other lines were ingested; fix or remove this one."
    E105 = "JSONL line {line} has neither 'text' nor 'html'. Each line needs one of them."
    E106 = "No article text could be extracted from the HTML ({detail}). Is this page an article?"
    E107 = "Unsupported file type '{suffix}'. Supported: .txt, .md, .html, .htm, .jsonl, .pdf."
    E108 = "File could not be read: {detail}."
    E109 = "Text is too short after normalisation ({chars} characters); not an article."
    E110 = "JSONL line {line}: '{field}' must be {expected}, got {got}. Fix that line; the other lines were ingested."
    E111 = "{path} is a symbolic link loop ({detail}); it was skipped. Remove the link or point it at a real file or folder."
    E112 = "Could not read {path} while walking the inputs ({detail}); it was skipped with everything under it. Fix its permissions or leave it out of the inputs, then run again (with --resume to keep what is done)."
    E113 = "The PDF is encrypted with a password. Save an unprotected copy (or the article's text) and ingest that."
    E114 = "The PDF has no text layer ({pages} page(s) of images: a scan?). Run OCR on it first (for example 'ocrmypdf in.pdf out.pdf') and ingest the result."
    E115 = "The PDF could not be parsed ({detail}). Open and re-save it (print to PDF), or ingest the article's text instead."

    E201 = "Knowledge base file {path} is invalid: {detail}."
    E202 = "Knowledge base id {id!r} is defined twice ({first} and {second}). Ids must be unique."
    E203 = "Pipeline component '{name}' requires '{requires}', which no earlier component sets. Add a component that provides it before '{name}' in [nlp.pipeline]."
    E204 = "Article {doc_id} failed in the pipeline: {detail}."
    E205 = "Article {doc_id} exceeded the time budget of {seconds}s and was skipped."
    E206 = 'Knowledge base folder or file {path} not found. Give an existing folder of .jsonl files as kb_path, or leave it empty ("") to use the bundled configs/kb.'
    E207 = "Knowledge base file {path} line {line}: unknown record type {type!r}. Known: {known}. Fix the 'type' field of that line."
    E208 = "Knowledge base is inconsistent ({count} problem(s)); first: {first}. Fix the data files, or load with strict=False to inspect KnowledgeBase.validate()."

    E301 = "Dataset {path} not found or unreadable: {detail}."
    E302 = "Unknown dataset format {name!r}. Known: {known}."
    E303 = "Model folder {path} is missing {what}. Train a model there with 'claimscope train' first."
    E306 = "Model folder {path} has no trained weights ({what}): only its card and metrics are committed. Train it first: claimscope train --config {config}{out}"
    E304 = "Unknown model family {name!r}. Known: {known}."
    E305 = "Gold file {path} and run {pred} have no article in common: the gold annotates {gold}; the run holds {run}. Score a run of the articles the gold annotates (claimscope run THOSE_FILES --out DIR)."
    E311 = "Corpus {corpus!r} not found at {path}. Pass the folder that holds the shared corpora with --corpus-dir (default ../shared/corpora); the corpus is published as: {source}."
    E312 = "Record {record_id!r} is not in corpus {corpus!r} ({path}). The gold was built from another version of the corpus: get the version named in the dataset card."
    E313 = "The {what} at {corpus}:{record_id}[{start}:{end}] does not match the gold: {detail}. The corpus file differs from the one the gold was built on; get the version named in the dataset card (annotations/real/README.md)."

    E401 = "Claim {claim_id} was changed by {user} since you loaded it (version {current}, yours {yours}). Reload the claim and apply your change again."
    E402 = "Label Studio export {path} is not in the expected format: {detail}."
    E403 = "Permission denied: {detail}."
    E404 = "Offset {offset} of {what} in document {doc_id} falls inside a character (a UTF-16 surrogate pair or past the text end). Fix the span in the annotation tool so it starts and ends on character boundaries."
    E405 = "Unknown {what} format {name!r}. Known: {known}."
    E406 = "Cannot open the store {url}: {detail}. Give a URL such as sqlite:///claims.db or postgresql+psycopg://user@host/db."
    E407 = "Project {name!r} not found in the store. Load a run into it with 'claimscope load-run DIR --db URL --project {name}'."
    E408 = "{path} is not a run folder: {detail}. Point to the --out folder of 'claimscope run' (articles.jsonl + claims.jsonl)."
    E409 = "The store schema is at version {found}, newer than this claimscope ({known}). Upgrade claimscope before opening it."
    E410 = "{what} {name!r} {detail}."
    E411 = "{path}: {count} problem(s) found; nothing was imported. Fix them in Label Studio (or in the file) and import the whole file again:\n{problems}"
    E412 = "Request body too large: {size} bytes, over the limit of {limit} bytes for {path}. Send smaller edits (a claim is a few KB); an administrator can raise max_body_bytes in [claimscope.serve]."
    E413 = "Request body is not valid JSON: {detail}. Send one JSON object (nested at most {depth} levels)."
    E414 = "Too many failed logins {what}; try again in {seconds} seconds. If you forgot your password, ask an administrator to set a new one with 'claimscope users password'."
    E415 = "Label Studio export {path} not found. Export the project from Label Studio (Export, JSON) and give that file with --file."

    E501 = "Output folder {path} holds a run with another config hash ({old}); this config hashes to {new}. Use a new --out folder, or run without --resume to start over."
    E502 = "Article {doc_id} has {chars} characters, over the per-article budget of {limit}; it was skipped. Raise max_article_chars in [claimscope.run] if it is a real article."
    E503 = "Run folder {path} has neither claims.jsonl nor articles.jsonl. Point the report at the --out folder of 'claimscope run'."
    E504 = "Could not reach the Dask scheduler at {address}: {detail}. Check the address (tcp://HOST:8786) and that 'dask scheduler' is running and reachable."
    E505 = "A worker process died while processing the batch ({detail}). Already written results are kept; run again with --resume to finish."
    E506 = "Output folder {path} is in use by another claimscope process (pid {pid} on {host}, started {started}: {command}). Wait for it to finish (then use --resume), or choose another --out folder; two writers in one folder would corrupt it."
    E507 = "Output folder {path} could not be locked: {detail}. Check that the folder is writable and on a local file system, or choose another --out folder."


class ClaimscopeError(Exception):
    """Base of every error claimscope raises on purpose."""

    code: str = "E000"

    def __init__(self, code: str, **kwargs: Any) -> None:
        template = getattr(ErrorCode, code)
        self.code = code
        self.detail = kwargs
        super().__init__(f"[{code}] " + template.format(**kwargs))

    @property
    def message(self) -> str:
        return str(self)


class ConfigError(ClaimscopeError):
    """A config file or parameter is wrong."""


class MissingPackageError(ClaimscopeError):
    """A model or optional dependency is not installed."""


class IngestError(ClaimscopeError):
    """An input file cannot become an article."""


class KnowledgeBaseError(ClaimscopeError):
    """A knowledge base data file is invalid."""


class PipelineError(ClaimscopeError):
    """An article failed inside the NLP pipeline."""


class TrainingError(ClaimscopeError):
    """Training or evaluation cannot proceed."""


class StoreError(ClaimscopeError):
    """The annotation store refused an operation."""


class BatchError(ClaimscopeError):
    """A batch run cannot start or resume."""


class RequestError(ClaimscopeError):
    """The review app refused a request (too large, malformed, too many login attempts)."""
