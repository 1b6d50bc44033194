"""Block kinds from the text of one block (and its markdown hint).

Front matter and closing signatures need the neighbouring blocks: see
:mod:`pipeline.ingest.metadata`, which calls these predicates.
"""

from __future__ import annotations

import re

from pipeline.ingest.dates import parse_date
from pipeline.ingest.settings import IngestSettings

_TERMINAL = frozenset(".!?…:;")
_CLOSERS = "\"'”’»)]"
_OPENERS = "\"'“‘«(["
TURN_LABEL = re.compile(r"^[ \t]*([A-Z][A-Z .'’-]{0,40}[A-Z]|Q):[ \t]*(?:\n|\Z|(?=\S))", re.MULTILINE)
"""A transcript's speaker label at the start of a line: ``JOURNALIST:`` alone (on its line, or
as the whole of a stripped line), or ``CLARK: text`` ("PRIME MINISTER:", "Q:"); ingestion keeps
turns out of headings and starts a paragraph at them, attribution starts turns at them."""

_QUOTE_PAIRS = {"“": "”", "«": "»", '"': '"', "‘": "’"}


def ends_sentence(text: str) -> bool:
    """True if the text ends with terminal punctuation (closing quotes/brackets ignored)."""
    stripped = text.rstrip().rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] in _TERMINAL


def starts_lowercase(text: str) -> bool:
    stripped = text.lstrip(_OPENERS)
    return bool(stripped) and stripped[0].islower()


def word_count(text: str) -> int:
    return len(text.split())


def is_dateline(text: str, settings: IngestSettings) -> bool:
    return parse_date(text, settings) is not None


def source_of(text: str, settings: IngestSettings) -> str | None:
    """The source named by a line like "Originally published by X", else None."""
    if word_count(text) > settings.boilerplate_max_words:
        return None
    for pattern in settings.source_res:
        match = pattern.fullmatch(text.strip())
        if match:
            return match.group(1).strip().rstrip(".").strip() or None
    return None


def is_boilerplate(text: str, settings: IngestSettings) -> bool:
    """Site furniture: source and copyright lines, share and newsletter prompts, navigation,
    photo captions and credits, tags (``boilerplate_patterns``) and menus (:func:`is_menu`)."""
    if word_count(text) > settings.boilerplate_max_words:
        return False
    if source_of(text, settings) or is_menu(text, settings):
        return True
    return any(p.fullmatch(text.strip()) for p in settings.boilerplate_res)


def is_menu(text: str, settings: IngestSettings) -> bool:
    """A navigation or breadcrumb line: "Home | Analysis | Opinion", "World › Europe › Defence"."""
    items = [item.strip() for item in settings.menu_split_re.split(text.strip())]
    return len(items) >= settings.menu_min_items and all(
        item and word_count(item) <= settings.menu_item_max_words and not ends_sentence(item)
        for item in items
    )


def dated_line(text: str, settings: IngestSettings) -> str | None:
    """The (first) date of a front-matter line that is dates plus short extras ("March 3, 2026 • 6 min
    read", "Published: 10 April 2026 · Updated: 11 April 2026"), else None. A line that is only a
    date is :func:`is_dateline`."""
    parts = [p.strip() for p in settings.menu_split_re.split(text.strip())]
    for sep in settings.byline_date_separators:
        parts = [q.strip() for p in parts for q in p.split(sep)]
    parts = [p for p in parts if p]
    dates = [d for d in (parse_date(p, settings) for p in parts) if d is not None]
    if not dates or len(parts) < 2:
        return None
    others = [p for p in parts if parse_date(p, settings) is None]
    if all(word_count(p) <= settings.menu_item_max_words and not ends_sentence(p) for p in others):
        return dates[0]
    return None


def bio_author(text: str, settings: IngestSettings) -> str | None:
    """The person a closing bio line describes ("Jane Doe is a senior fellow at ..."), else None."""
    if word_count(text) > settings.bio_max_words:
        return None
    match = settings.bio_re.fullmatch(text.strip())
    if match is None:
        return None
    name = match.group("name").strip()
    return name if is_name_like(name, settings) else None


def is_numbered_heading(text: str, settings: IngestSettings) -> bool:
    """ "1. The United States: ...", "A. The French Axis: ...", "IV) Outlook"."""
    return (
        len(text) <= settings.heading_max_chars
        and not text.rstrip().endswith((".", ";", ","))  # "2. Russia is exhausted;" is a list item
        and settings.numbered_heading_re.fullmatch(text) is not None
        and _first_letter_upper(text.split(None, 1)[1] if " " in text else "")
    )


def is_question_heading(text: str, settings: IngestSettings) -> bool:
    stripped = text.strip()
    if not stripped.endswith("?") or word_count(stripped) > settings.question_heading_max_words:
        return False
    # A single question, not a run of sentences.
    inner = stripped[:-1]
    return not any(ch in inner for ch in ".!?") and _first_letter_upper(stripped)


def is_title_like(text: str, settings: IngestSettings) -> bool:
    """Short line starting upper case, without final sentence punctuation."""
    stripped = text.strip()
    if not stripped or word_count(stripped) > settings.heading_max_words:
        return False
    if len(stripped) > settings.heading_max_chars:
        return False
    if ends_sentence(stripped) or stripped.rstrip("\"'”’»)]").endswith(","):
        return False
    return _first_letter_upper(stripped)


def is_heading_text(text: str, settings: IngestSettings) -> bool:
    """Looks like a heading from its text alone (numbered, question or title-like). A transcript's
    turn ("PM: Morning Karl, how are you?", "JOURNALIST:") and a transcriber's note ("[Inaudible]")
    are not headings."""
    stripped = text.strip()
    label = TURN_LABEL.match(stripped)
    if label and (label.end() == len(stripped) or stripped.endswith(("?", ".", "!"))):
        return False  # a turn, not "NATO: The Next Decade"
    if stripped.startswith("[") and stripped.endswith("]"):
        return False
    return (
        is_numbered_heading(text, settings)
        or is_question_heading(text, settings)
        or is_title_like(text, settings)
    )


def is_quote(text: str) -> bool:
    """The whole block is one quotation: opens with a quote mark, closes with its pair."""
    stripped = text.strip()
    if len(stripped) < 3:
        return False
    close = _QUOTE_PAIRS.get(stripped[0])
    if close is None:
        return False
    body = stripped.rstrip(".,;")
    if not body.endswith(close):
        return False
    inner = body[1:-1]
    if close == '"':
        return '"' not in inner
    return close not in inner and stripped[0] not in inner


def is_name_like(text: str, settings: IngestSettings) -> bool:
    """2-4 capitalised name words ("Yauheni Preiherman", "Anne-Marie van Dijk")."""
    words = text.strip().split()
    if not settings.name_min_words <= len(words) <= settings.name_max_words:
        return False
    if any(w in settings.not_name_set for w in words):
        return False
    if not all(settings.name_word_re.fullmatch(w) for w in words):
        return False
    # At least two words that are real capitalised names (not initials, particles).
    return sum(1 for w in words if len(w) > 2 and w[0].isupper() and w[1].islower()) >= 2


def byline_name(text: str, settings: IngestSettings) -> str | None:
    """The author named by a byline line, else None: "By Jane Doe", "By JANE DOE", "By Prof. Jane
    Doe, Senior Fellow, Centre X", "Authors: Jane Doe and John Smith, Chatham House", a bare name, or
    a bare name with a role ("Jane Doe | Opinion Contributor")."""
    stripped = text.strip()
    match = settings.byline_prefix_re.fullmatch(stripped)
    if match:
        candidate = match.group(1).strip().rstrip(".")
        if candidate.isupper():
            candidate = candidate.title()  # "By JANE DOE AND JOHN SMITH"
        names = _leading_names(candidate, settings)
        if not names:
            return None
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    if is_name_like(stripped, settings):
        return stripped
    head, sep, rest = _name_and_affiliation(_without_honorific(stripped, settings))
    if sep and is_name_like(head, settings) and settings.byline_role_re.fullmatch(rest):
        return head
    return None


def _leading_names(candidate: str, settings: IngestSettings) -> list[str]:
    """The person names a byline starts with, up to the first part that is not one (an affiliation:
    "Senior Fellow", "Rand Corporation")."""
    names: list[str] = []
    for part in re.split(r"\s*[,|;]\s*|\s+[—–]\s+", candidate):
        for sub in re.split(r"\s+(?:and|&)\s+", part, flags=re.IGNORECASE):
            name = _without_honorific(sub.strip(), settings)
            if not is_name_like(name, settings) or settings.byline_role_re.fullmatch(name):
                return names
            names.append(name)
    return names


def _name_and_affiliation(text: str) -> tuple[str, str, str]:
    for sep in ("|", ",", " — ", " – "):
        if sep in text:
            head, _, rest = text.partition(sep)
            return head.strip(), sep, rest.strip()
    return text, "", ""


def _without_honorific(name: str, settings: IngestSettings) -> str:
    match = settings.honorific_re.match(name)
    return name[match.end() :] if match and match.end() < len(name) else name


def split_names(text: str) -> list[str]:
    """The names of a co-authored byline: "Jane Doe, John Smith and Ann Lee" -> three names."""
    for sep in (" and ", " & ", ", "):
        text = text.replace(sep, "\x00")
    return [t for t in text.split("\x00") if t.strip()]


def classify_body(text: str, hint: str | None, settings: IngestSettings) -> str:
    """Kind of a block in the body (not front matter, not the closing signature)."""
    if hint == "heading":
        return "heading"
    if hint == "quote" or is_quote(text):
        return "quote"
    if is_dateline(text, settings):
        return "dateline"
    if is_boilerplate(text, settings):
        return "boilerplate"
    if is_heading_text(text, settings):
        return "heading"
    return "paragraph"


def _first_letter_upper(text: str) -> bool:
    for ch in text:
        if ch.isalpha():
            return ch.isupper()
        if ch.isdigit():
            return True
    return False
