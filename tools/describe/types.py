"""Typed results of the describe tool: one `Description` per word, a `Summary` per vocabulary run."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

PART_NAMES = ("right_hand", "left_hand", "face", "mouth", "body", "movement")
Backend = Literal["offline", "openai"]


class Parts(BaseModel):
    """Per-body-part texts (GSP-MC's five skeleton groups, plus movement); "" = the source says nothing."""

    right_hand: str = ""
    left_hand: str = ""
    face: str = ""
    mouth: str = ""
    body: str = ""
    movement: str = ""

    def empty(self) -> bool:
        return not any(getattr(self, name) for name in PART_NAMES)


class SourceRef(BaseModel):
    """A dictionary entry or document passage a description was built from."""

    id: str
    source: str
    license: str = "unknown"
    version: str = "unknown"
    kind: Literal["lexicon", "document"] = "lexicon"
    notation: str | None = None  # "hamnosys" | "signwriting" | "description"
    gloss: str | None = None
    variant: str | None = None


class Description(BaseModel):
    word: str
    language: str
    gloss: str | None = None
    global_: str = Field(default="", alias="global")
    synonyms: list[str] = Field(default_factory=list)
    parts: Parts = Field(default_factory=Parts)
    grounded: bool = False
    sources: list[SourceRef] = Field(default_factory=list)
    backend: Backend = "offline"
    method: str = "rule-based"  # "rule-based" | "llm-rewrite"
    prompt_version: str | None = None
    model: str | None = None
    structured: Parts | None = None  # llm rows: the rule-based parts the rewrite started from
    coverage: dict = Field(default_factory=dict)  # symbols of the notation understood by the parser
    notes: list[str] = Field(default_factory=list)

    model_config = {"populate_by_name": True}

    def to_json(self) -> dict:
        """The PRODUCT.md describe row (plus extra keys); `prompt_version` only on LLM rows."""
        data = self.model_dump(mode="json", by_alias=True)
        for key in ("prompt_version", "model", "structured"):
            if data.get(key) is None:
                data.pop(key, None)
        return data


class Summary(BaseModel):
    out_path: Path
    language: str
    backend: Backend
    total: int  # distinct words in the vocabulary
    written: int  # rows written in this run
    skipped: int  # already in the file (resume)
    grounded: int  # grounded rows among those written in this run
    ungrounded: int
    llm_fallbacks: int = 0  # LLM rows that kept the rule-based text after errors
    duplicates: int = 0  # repeated words in the vocabulary file, described once
    dropped_partial_line: bool = False
    export_path: Path | None = None
    failed: list[dict] = []  # [{"word", "reason"}]: words that cannot be described; the run goes on

    def to_json(self) -> dict:
        return self.model_dump(mode="json")
