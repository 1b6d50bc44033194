"""Records claimscope reads and writes: the data contract as typed dataclasses.

No logic lives here beyond (de)serialisation. Every writer goes through
``to_dict`` and every reader through ``from_dict`` so the schema is declared once.
See ``CONTRACT.md`` (shared docs) and ``pipeline/schema.py`` for the JSON schema.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

SCHEMA_VERSION = "1.0"

BlockKind = Literal["heading", "paragraph", "quote", "byline", "bio", "dateline", "boilerplate"]
BLOCK_KINDS: tuple[str, ...] = (
    "heading",
    "paragraph",
    "quote",
    "byline",
    "bio",
    "dateline",
    "boilerplate",
)
ActorType = Literal["state", "alliance", "organisation", "person", "group", "concept"]
ACTOR_TYPES: tuple[str, ...] = ("state", "alliance", "organisation", "person", "group", "concept")
Stance = Literal["favor", "against", "neutral"]
STANCES: tuple[str, ...] = ("favor", "against", "neutral")
ClaimType = Literal["evaluation", "prediction", "causal", "prescription", "factual"]
CLAIM_TYPES: tuple[str, ...] = ("evaluation", "prediction", "causal", "prescription", "factual")
SpeakerKind = Literal["author", "quoted", "reported"]
SPEAKER_KINDS: tuple[str, ...] = ("author", "quoted", "reported")
LabelSource = Literal["model", "human"]


class _Record:
    """Mixin: ``to_dict`` / ``from_dict`` for (nested) dataclass records."""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)  # type: ignore[call-overload, no-any-return]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Any:
        known = _field_names(cls)
        return cls(**{k: v for k, v in data.items() if k in known})


def _field_names(cls: Any) -> Any:
    """The field names of a record class: the dataclass's own table (``fields()`` rebuilds a tuple per call)."""
    return cls.__dataclass_fields__


@dataclass
class Block(_Record):
    start: int
    end: int
    kind: str


@dataclass
class Link(_Record):
    start: int
    end: int
    href: str


@dataclass
class ArticleActor(_Record):
    """An actor mentioned anywhere in an article, with its mention count."""

    id: str
    type: str
    name: str
    mentions: int


@dataclass
class Article(_Record):
    doc_id: str
    source_path: str
    text: str
    title: str | None = None
    author: str | None = None
    source: str | None = None
    url: str | None = None
    published: str | None = None
    language: str = "en"
    blocks: list[Block] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    actors: list[ArticleActor] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # Extensions to the contract (documented in README "Output files").
    author_bio: str | None = None
    raw_offsets: list[list[int]] = field(default_factory=list)
    """Run-length map from normalised text to raw input: ``[[norm_start, raw_start, length], ...]``."""
    duplicate_of: str | None = None
    """``doc_id`` of an earlier article in the batch this one near-duplicates."""
    metadata: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        data = dict(data)
        data["blocks"] = [Block.from_dict(b) for b in data.get("blocks", [])]
        data["links"] = [Link.from_dict(b) for b in data.get("links", [])]
        data["actors"] = [ArticleActor.from_dict(b) for b in data.get("actors", [])]
        known = _field_names(cls)
        return cls(**{k: v for k, v in data.items() if k in known})


@dataclass
class Speaker(_Record):
    id: str | None
    name: str | None
    kind: str = "author"
    start: int | None = None
    end: int | None = None


@dataclass
class Holder(_Record):
    id: str | None
    name: str | None
    start: int | None = None
    end: int | None = None


@dataclass
class ActorMention(_Record):
    text: str
    start: int
    end: int
    type: str
    id: str | None


@dataclass
class Target(_Record):
    id: str
    text: str
    stance: str
    score: float
    start: int | None = None
    end: int | None = None
    type: str | None = None


@dataclass
class Frame(_Record):
    label: str
    score: float


@dataclass
class Claim(_Record):
    claim_id: str
    doc_id: str
    text: str
    start: int
    end: int
    section: str | None
    type: str
    speaker: Speaker
    holder: Holder | None
    actors: list[ActorMention]
    targets: list[Target]
    frames: list[Frame]
    hedged: bool
    hedges: list[str]
    label_source: str = "model"
    provenance: dict[str, str] = field(default_factory=dict)
    # Extensions: further holders of a coordinated subject ("the Baltic countries and Poland see ..."),
    # and scores the review queue and researchers use.
    co_holders: list[Holder] = field(default_factory=list)
    type_score: float = 0.0
    checkworthiness: float = 0.0
    needs_review: bool = False
    """A model label fell below its review threshold (chosen on dev): review this claim first."""
    review: list[str] = field(default_factory=list)
    """Which fields were unsure (``stance``, ``frames``)."""

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Claim:
        data = dict(data)
        data["speaker"] = Speaker.from_dict(data["speaker"])
        data["holder"] = Holder.from_dict(data["holder"]) if data.get("holder") else None
        data["co_holders"] = [Holder.from_dict(h) for h in data.get("co_holders", [])]
        data["actors"] = [ActorMention.from_dict(a) for a in data.get("actors", [])]
        data["targets"] = [Target.from_dict(t) for t in data.get("targets", [])]
        data["frames"] = [Frame.from_dict(f) for f in data.get("frames", [])]
        known = _field_names(cls)
        return cls(**{k: v for k, v in data.items() if k in known})


@dataclass
class ErrorRecord(_Record):
    path: str
    code: str
    message: str
    doc_id: str | None = None
    """The article that failed; None for an input that never became an article (ingest errors)."""

    def to_dict(self) -> dict[str, Any]:
        # An ingest error names a file, not an article: its line has no doc_id key.
        data = asdict(self)
        if data["doc_id"] is None:
            del data["doc_id"]
        return data
