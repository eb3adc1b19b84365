"""Shared types that cross module boundaries: lexicon entries and lookup hits."""

from dataclasses import asdict, dataclass, field
from typing import Literal

EntryKind = Literal["sign", "letter", "document"]


@dataclass
class Source:
    name: str  # e.g. "signwriting-dgs", "spoken-to-signed-fingerspelling", "import:my-ksl"
    version: str = "unknown"  # package version or dataset version
    license: str = "unknown"
    url: str | None = None


@dataclass
class LexiconEntry:
    id: str  # unique across the knowledge base: "<source>:<original id>"
    language: str  # ISO 639-3 sign-language code
    gloss: str  # clean canonical gloss, upper case: "LICHT"
    words: list[str]  # dictionary words in the spoken language: ["Licht"]
    source: Source
    kind: EntryKind = "sign"
    original_gloss: str | None = None  # as the source spells it: "S3-05019-V_LICHT"
    variant: str | None = None  # what distinguishes variants of the same word ("1", "DIALEKT")
    pose_path: str | None = None  # absolute .pose path (package data in place, imports content-addressed)
    pose_start_ms: int | None = None
    pose_end_ms: int | None = None
    signwriting: str | None = None  # FSW
    hamnosys: str | None = None  # HamNoSys in Unicode private-use symbols
    description: str | None = None
    extra: dict = field(default_factory=dict)

    @property
    def has_pose(self) -> bool:
        return self.pose_path is not None

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "LexiconEntry":
        data = dict(data)
        data["source"] = Source(**data["source"])
        return cls(**data)


@dataclass
class LookupHit:
    entry: LexiconEntry
    score: float  # 0..1, higher is better
    confident: bool  # calibrated: true only for a real match of the query
    match: str  # how it matched: "exact", "lemma", "fuzzy", "phrase", "vector", ...
    variants: list[LexiconEntry] = field(default_factory=list)  # other entries for the same word and gloss

    @property
    def entries(self) -> list[LexiconEntry]:
        """The hit's entry followed by its variants."""
        return [self.entry, *self.variants]

    def to_json(self) -> dict:
        """The PRODUCT.md shape of one hit (plus a few extra keys)."""
        e = self.entry
        return {
            "gloss": e.gloss,
            "words": e.words,
            "score": round(self.score, 4),
            "confident": self.confident,
            "source": e.source.name,
            "has_pose": e.has_pose,
            "signwriting": e.signwriting,
            "hamnosys": e.hamnosys,
            "language": e.language,
            "match": self.match,
            "id": e.id,
            "original_gloss": e.original_gloss,
            "license": e.source.license,
            "variants": [{"id": v.id, "original_gloss": v.original_gloss, "variant": v.variant,
                          "has_pose": v.has_pose, "signwriting": v.signwriting, "hamnosys": v.hamnosys}
                         for v in self.variants],
        }


@dataclass
class LookupResult:
    query: str
    language: str | None  # the language searched, None = all
    hits: list[LookupHit]
    notes: list[str] = field(default_factory=list)  # e.g. "cross-lingual lookup needs an LLM"

    def to_json(self) -> dict:
        return {"query": self.query, "language": self.language,
                "hits": [h.to_json() for h in self.hits], "notes": self.notes}
