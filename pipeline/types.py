"""Records claimscope reads and writes: the data contract, declared once as typed dataclasses.

No logic lives here beyond (de)serialisation. Every writer goes through ``to_dict`` and
every reader through ``from_dict``. The field types (``Literal`` label sets included) and
the constraints in each field's metadata are the whole declaration: the JSON Schemas
(:mod:`pipeline.schema`) and the Hugging Face ``Features`` (:mod:`pipeline.dataset`) are
generated from it by :mod:`pipeline.contract`. See ``CONTRACT.md`` (shared docs).

A field made with :func:`extension` is an extension of the shared contract: written by
claimscope, but not required of a record by the JSON Schema.
"""

from __future__ import annotations

from dataclasses import MISSING, asdict, dataclass, field
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
LABEL_SOURCES: tuple[str, ...] = ("model", "human")
ReviewField = Literal["stance", "frames"]
REVIEW_FIELDS: tuple[str, ...] = ("stance", "frames")
TargetRole = Literal["holder"]
"""``role`` of a draft target (:class:`pipeline.components.claim_draft.DraftTarget`): the holder
named again as a target ("NATO sees NATO's ..."); stance stages skip it."""

PROVENANCE_KEYS: tuple[str, ...] = (
    "span",
    "speaker",
    "holder",
    "targets",
    "stance",
    "frames",
    "type",
    "hedged",
    "checkworthiness",
)
"""The stages a claim's ``provenance`` names (which component decided each field)."""


def spec(*, default: Any = MISSING, default_factory: Any = MISSING, **schema: Any) -> Any:
    """A contract field with JSON Schema constraints (``minLength=1``, ``minimum=0``, ...).

    ``items={...}`` constrains the items of a list; ``feature="string"`` overrides the
    generated Hugging Face feature; ``keys=(...)`` names the keys of a mapping.
    """
    return field(default=default, default_factory=default_factory, metadata={"schema": schema})


def extension(*, default: Any = MISSING, default_factory: Any = MISSING, **schema: Any) -> Any:
    """A field claimscope adds to the shared contract (optional in the JSON Schema)."""
    return field(
        default=default, default_factory=default_factory, metadata={"schema": schema, "extension": True}
    )


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
    start: int = spec(minimum=0)
    end: int = spec(minimum=0)
    kind: BlockKind = spec()


@dataclass
class Link(_Record):
    start: int = spec(minimum=0)
    end: int = spec(minimum=0)
    href: str = spec()


@dataclass
class ArticleActor(_Record):
    """An actor mentioned anywhere in an article, with its mention count."""

    id: str
    type: ActorType
    name: str
    mentions: int = spec(minimum=1)


@dataclass
class Article(_Record):
    doc_id: str = spec(minLength=1)
    source_path: str = spec()
    text: str = spec()
    title: str | None = None
    author: str | None = None
    source: str | None = None
    url: str | None = None
    published: str | None = spec(default=None, pattern=r"^\d{4}-\d{2}-\d{2}$")
    language: str = spec(default="en", minLength=2, maxLength=3)
    blocks: list[Block] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    actors: list[ArticleActor] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # Extensions to the contract (documented in README "Output files").
    author_bio: str | None = extension(default=None)
    raw_offsets: list[list[int]] = extension(default_factory=list, items={"minItems": 3, "maxItems": 3})
    """Run-length map from normalised text to raw input: ``[[norm_start, raw_start, length], ...]``."""
    duplicate_of: str | None = extension(default=None)
    """``doc_id`` of an earlier article in the batch this one near-duplicates."""
    metadata: dict[str, Any] = extension(default_factory=dict)

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
    kind: SpeakerKind = "author"
    start: int | None = extension(default=None)
    end: int | None = extension(default=None)


@dataclass
class Holder(_Record):
    id: str | None
    name: str | None
    start: int | None = extension(default=None)
    end: int | None = extension(default=None)


@dataclass
class ActorMention(_Record):
    text: str
    start: int = spec(minimum=0)
    end: int = spec(minimum=0)
    type: ActorType = spec()
    id: str | None = spec()


@dataclass
class Target(_Record):
    id: str
    text: str
    stance: Stance
    score: float = spec(minimum=0, maximum=1)
    start: int | None = extension(default=None)
    end: int | None = extension(default=None)
    type: str | None = extension(default=None)


@dataclass
class Frame(_Record):
    label: str
    score: float = spec(minimum=0, maximum=1)


@dataclass
class Claim(_Record):
    claim_id: str = spec(minLength=1)
    doc_id: str = spec(minLength=1)
    text: str = spec(minLength=1)
    start: int = spec(minimum=0)
    end: int = spec(minimum=0)
    section: str | None = spec()
    type: ClaimType = spec()
    speaker: Speaker = spec()
    holder: Holder | None = spec()
    actors: list[ActorMention] = spec()
    targets: list[Target] = spec()
    frames: list[Frame] = spec()
    hedged: bool = spec()
    hedges: list[str] = spec()
    label_source: LabelSource = "model"
    provenance: dict[str, str] = spec(default_factory=dict, keys=PROVENANCE_KEYS)
    # Extensions: further holders of a coordinated subject ("the Baltic countries and Poland see ..."),
    # and scores the review queue and researchers use.
    co_holders: list[Holder] = extension(default_factory=list)
    type_score: float = extension(default=0.0, minimum=0, maximum=1)
    checkworthiness: float = extension(default=0.0, minimum=0, maximum=1)
    needs_review: bool = extension(default=False)
    """A model label fell below its review threshold (chosen on dev): review this claim first."""
    review: list[ReviewField] = extension(default_factory=list, feature="string")
    """Which fields were unsure (``stance``, ``frames``); a plain string list in the dataset."""

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
    code: str = spec(pattern=r"^E\d{3}$")
    message: str = spec()
    doc_id: str | None = extension(default=None)
    """The article that failed; None for an input that never became an article (ingest errors)."""

    def to_dict(self) -> dict[str, Any]:
        # An ingest error names a file, not an article: its line has no doc_id key.
        data = asdict(self)
        if data["doc_id"] is None:
            del data["doc_id"]
        return data
