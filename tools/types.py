"""Types the tools pass around: gloss tokens, per-token coverage, the production result and the language list."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

# playback and render limits of a production (produce --speed/--size, the agent's produce tools)
SPEED_RANGE = (0.25, 4.0)  # playback rate: 0.5 = half speed
SIZE_RANGE = (64, 1024)  # animation frame size in pixels (longest side)
RENDER_SIZE = 320  # the default frame size

GlossKind = Literal["sign", "name", "number"]
CoverageSource = Literal["lexicon", "fingerspelling", "generated", "missing"]


@dataclass
class Gloss:
    """One gloss token that remembers the words it came from."""

    gloss: str  # upper-case gloss, e.g. "HAUS"
    word: str  # the source word(s) as written, e.g. "Häuser"
    lemma: str  # the dictionary form used for lookup, e.g. "Haus"
    kind: GlossKind = "sign"  # names and numbers are fingerspelled unless the lexicon has a sign
    position: int = 0  # index of the source word in the text
    backend: str = "simple"  # which glosser made it

    def to_json(self) -> dict[str, Any]:
        return {"gloss": self.gloss, "word": self.word, "lemma": self.lemma, "kind": self.kind,
                "position": self.position, "backend": self.backend}


@dataclass
class Coverage:
    """Where one token's part of the output came from."""

    token: str  # the source word (or the character that could not be spelled)
    gloss: str
    source: CoverageSource
    detail: str = ""  # how: "dictionary sign", "spelled H-A-L-L-O", "no 'ж' in the gsg alphabet"
    entry_id: str | None = None  # knowledge-base entry id for lexicon hits
    provenance: str | None = None  # source dataset/package and version
    license: str | None = None
    signwriting: str | None = None  # FSW shown for this token (dictionary entry or fingerspelling)
    hamnosys: str | None = None  # the dictionary entry's HamNoSys (animated from, exported as SiGML)
    frames: tuple[int, int] | None = None  # [start, end) in the output pose

    def to_json(self) -> dict[str, Any]:
        from signbridge.tools.coverage_text import kind_of

        return {"token": self.token, "gloss": self.gloss, "source": self.source, "outcome": kind_of(self).name,
                "detail": self.detail,
                "entry_id": self.entry_id, "provenance": self.provenance, "license": self.license,
                "signwriting": self.signwriting, "hamnosys": self.hamnosys, "frames": list(self.frames) if self.frames else None}


@dataclass
class ProductionResult:
    """text -> glosses -> pose (+ renders), with coverage per token."""

    text: str
    language: str  # ISO 639-3 code
    glosses: list[Gloss]
    coverage: list[Coverage]
    pose: Any = None  # pose_format.Pose, None when nothing could be animated
    pose_path: Path | None = None
    fps: float = 0.0
    renders: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    glosser: str = "simple"
    dictionary_entries: int | None = None  # signs installed for the language (None: the dictionary was not consulted)

    @property
    def frames(self) -> int:
        return 0 if self.pose is None else int(self.pose.body.data.shape[0])

    @property
    def signwriting(self) -> list[str]:
        """FSW signs in gloss order (dictionary entries and fingerspelling)."""
        return [c.signwriting for c in self.coverage if c.signwriting]

    def to_json(self) -> dict[str, Any]:
        """The PRODUCT.md `produce --json` shape, plus gloss details, notes and SignWriting."""
        return {
            "text": self.text,
            "language": self.language,
            "glosses": [g.gloss for g in self.glosses],
            "pose": str(self.pose_path) if self.pose_path else None,
            "frames": self.frames,
            "fps": self.fps,
            "renders": [str(p) for p in self.renders],
            "coverage": [c.to_json() for c in self.coverage],
            "gloss_tokens": [g.to_json() for g in self.glosses],
            "glosser": self.glosser,
            "signwriting": self.signwriting,
            "notes": self.notes,
            "dictionary_entries": self.dictionary_entries,
        }


@dataclass
class LanguageRow:
    """One sign language and what is installed for it (`list_languages`)."""

    code: str  # ISO 639-3
    name: str
    lexicon_entries: int
    fingerspelling_clips: int
    signwriting_fingerspelling: bool
    fingerspelling: bool  # poses or SignWriting letters
    details: dict[str, Any] | None = None  # one language asked for: aliases, lexicon_sources, spoken

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "name": self.name, "lexicon_entries": self.lexicon_entries,
                "fingerspelling_clips": self.fingerspelling_clips,
                "signwriting_fingerspelling": self.signwriting_fingerspelling, "fingerspelling": self.fingerspelling,
                **(self.details or {})}


@dataclass
class LanguagesResult:
    """The languages `list_languages` shows (all of them, or the one asked for, with details)."""

    languages: list[LanguageRow]

    def to_json(self) -> dict[str, Any]:
        return {"languages": [row.to_json() for row in self.languages]}
