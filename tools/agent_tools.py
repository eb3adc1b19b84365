"""The agent's tools: typed functions whose docstring is the description the model reads.

Each tool takes a pydantic argument model (validated: an LLM's arguments are untrusted) and a
`ToolContext` holding the run-time settings and the knowledge base, which stay out of the arguments.
Capabilities are imported inside the functions, so importing this module is cheap.

Each tool returns a `ToolOutput` carrying its capability's typed result (`ProductionResult`,
`LookupResult`, `Description`, `RecognitionResult`, `LanguagesResult`): answers read its attributes,
`data` is its JSON (`to_json()`, the PRODUCT.md shapes). The language is resolved once, by the argument
model (a name or abbreviation becomes its registry code); the tools pass the registry's `Language` on,
and nothing resolves it again.

Safety: every path a model chooses is untrusted (knowledge/paths.py): the context's settings are
`Settings.untrusted()`, so a tool writes only inside the output folder (an absolute or `../` path is
rewritten to a file name inside it, and the output says so) and reads only from the read roots.
"""

from __future__ import annotations

import inspect
import json
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic.json_schema import SkipJsonSchema

from signbridge.knowledge.errors import SignbridgeError
from signbridge.knowledge.settings import Settings
from signbridge.knowledge.text import slug
from signbridge.tools.render import FORMATS
from signbridge.tools.types import RENDER_SIZE, SIZE_RANGE, SPEED_RANGE

if TYPE_CHECKING:
    from signbridge.knowledge.types import LookupResult
    from signbridge.tools.describe.types import Description
    from signbridge.tools.recognition import RecognitionResult
    from signbridge.tools.types import LanguagesResult, ProductionResult

RenderFormat = Literal[FORMATS]  # type: ignore[valid-type]  # the render formats, from tools/render
ToolResult = Union["ProductionResult", "LookupResult", "Description", "RecognitionResult", "LanguagesResult"]


@dataclass(frozen=True)
class ToolContext:
    """What tools need besides their arguments: settings, the output folder, where reads may happen, and
    the knowledge base (a `KnowledgeBase`, or the owner's `KnowledgeHandle`; default: a handle of this
    context's own, opened by the first tool that needs the dictionary)."""

    settings: Settings
    cwd: Path = field(default_factory=Path.cwd)
    llm: bool = False  # the agent runs on an LLM endpoint: tools may use it too (describe refines with it)
    knowledge: Any = None  # KnowledgeBase | KnowledgeHandle | None

    def __post_init__(self):
        from signbridge.knowledge.store import KnowledgeHandle

        # the index is read with the caller's settings; the paths a model chose are confined below
        handle = KnowledgeHandle.wrap(self.knowledge) if self.knowledge is not None else KnowledgeHandle(self.settings)
        object.__setattr__(self, "knowledge", handle)
        # a model chose these paths, whoever built the settings: confine them
        object.__setattr__(self, "settings", self.settings.untrusted(cwd=self.cwd))

    @property
    def kb(self):
        """The knowledge base (opened on first use, refreshed when another process changed it)."""
        return self.knowledge.get()

    @property
    def out_dir(self) -> Path:
        return self.settings.paths.out_dir


@dataclass
class Artifact:
    kind: str  # pose, gif, mp4, html, svg, png
    path: str

    def to_json(self) -> dict:
        return {"kind": self.kind, "path": self.path}


@dataclass
class ToolOutput:
    """One tool run: its typed result, artifacts, coverage and notes for people.

    `result` is None only when the tool did not run (a refused or failed call: `error` says why)."""

    ok: bool
    result: ToolResult | None = None
    artifacts: list[Artifact] = field(default_factory=list)
    coverage: list[dict] = field(default_factory=list)  # production coverage as JSON (the `ask --json` list)
    notes: list[str] = field(default_factory=list)
    error: str | None = None
    model_view: dict | None = None  # a compact form of `data` for the model (None: `data` itself)

    @cached_property
    def data(self) -> dict:
        """The result's JSON: what `ask --json` shows under `results` and the model reads."""
        return self.result.to_json() if self.result is not None else {}

    def for_model(self, limit: int = 8000) -> str:
        """The tool message an LLM reads: compact JSON, truncated."""
        payload = {"ok": self.ok, "error": self.error, "notes": self.notes,
                   "data": self.data if self.model_view is None else self.model_view,
                   "artifacts": [a.to_json() for a in self.artifacts]}
        text = json.dumps(payload, ensure_ascii=False, default=str)
        return text if len(text) <= limit else text[: limit - 20] + "...(truncated)"


# ---------------------------------------------------------------------------------------------
# argument models


def _resolve_language(value: str | None) -> str | None:
    if value is None or not str(value).strip():
        return None
    from signbridge.knowledge.languages import resolve

    return resolve(str(value)).code  # UnknownLanguageError is turned into a validation error below


class _Args(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @field_validator("language", mode="before", check_fields=False)
    @classmethod
    def _language(cls, value):
        try:
            return _resolve_language(value)
        except SignbridgeError as error:
            raise ValueError(str(error)) from None


Text = Field(min_length=1, max_length=300, description="the word or sentence, copied from the user's words")
# a model may sign or look up a translation instead of the user's words, if it says which words it translates
Source = Field(default=None, max_length=300, description="only when text is a translation: the user's exact words "
                                                        "it translates (e.g. text 'danke', source_text 'thank you')")
Lang = Field(description="sign language: ISO 639-3 code or a name/abbreviation (ase, gsg, 'DGS', 'KSL', 'Libras')")


class ListLanguagesArgs(_Args):
    query: str | None = Field(default=None, max_length=80, description="one language to show (code or name); omit for all")

    @field_validator("query", mode="before")
    @classmethod
    def _query(cls, value):  # a language too: resolved here, once
        try:
            return _resolve_language(value)
        except SignbridgeError as error:
            raise ValueError(str(error)) from None


class LookupSignArgs(_Args):
    query: str = Field(min_length=1, max_length=200, description="word or short phrase to look up")
    source_text: str | None = Source
    language: str | None = Field(default=None, description="sign language code or name; omit to search all")
    k: int = Field(default=5, ge=1, le=20, description="number of hits")


class ProduceSignArgs(_Args):
    text: str = Text
    language: str = Lang
    source_text: str | None = Source
    out: str | None = Field(default=None, max_length=200, description="file name for the .pose inside the output folder")
    renders: list[RenderFormat] = Field(default_factory=lambda: ["gif", "svg"], max_length=4,
                                        description="renderings to write next to the pose: gif, mp4, html, svg "
                                                    "(svg = SignWriting)")
    speed: float = Field(default=1.0, ge=SPEED_RANGE[0], le=SPEED_RANGE[1],
                         description="playback rate: 1 = as recorded, 0.5 = half speed (slower), 2 = twice as fast")
    size: int = Field(default=RENDER_SIZE, ge=SIZE_RANGE[0], le=SIZE_RANGE[1],
                      description="animation frame size in pixels (longest side); larger = bigger")

    # the hybrid router's sign-language word order (grounded glosses of `text`); not offered to models in the
    # schema, and checked like any argument when one is sent (signbridge.tools.glossing.order)
    glosses: SkipJsonSchema[list[str] | None] = Field(default=None, max_length=24)

    @field_validator("out")
    @classmethod
    def _pose_name(cls, value):
        if value is not None and not value.lower().endswith(".pose"):
            raise ValueError("out must be a .pose file name")
        return value


class FingerspellArgs(ProduceSignArgs):
    glosses: SkipJsonSchema[None] = None  # letters have no word order
    renders: list[RenderFormat] = Field(default_factory=lambda: ["gif"], max_length=4,
                                        description="renderings to write next to the pose: gif, mp4, html, svg")


class DescribeSignArgs(_Args):
    word: str = Field(min_length=1, max_length=100, description="the word whose sign to describe")
    language: str = Lang
    source_text: str | None = Source


class VideoArgs(_Args):
    path: str = Field(min_length=1, max_length=500, description="video (.mp4/.mov/.webm) or pose (.pose) file to read")
    language: str = Lang


# ---------------------------------------------------------------------------------------------
# helpers


def _output_paths(args: ProduceSignArgs, ctx: ToolContext, stem_prefix: str) -> tuple[Path, list[Path], list[str]]:
    """The .pose path and render paths inside the output folder; notes when a requested path was rewritten."""
    notes = []
    out_dir = ctx.out_dir
    if args.out:
        pose_path, rewritten = ctx.settings.paths.inside_out_dir(args.out)
        if rewritten:
            notes.append(f"the requested output '{args.out}' is outside the output folder; wrote {pose_path} instead")
    else:
        pose_path = (out_dir / f"{stem_prefix}-{args.language}-{slug(args.text)}.pose").resolve()
    renders = [pose_path.with_suffix(f".{fmt}") for fmt in dict.fromkeys(args.renders)]
    pose_path.parent.mkdir(parents=True, exist_ok=True)
    return pose_path, renders, notes


def _language(code: str):
    """The registry's Language for a code the argument model resolved (an exact look-up, no second resolution)."""
    from signbridge.knowledge.languages import get

    return get(code)


def _production_output(result: "ProductionResult", notes: list[str]) -> ToolOutput:
    artifacts = [Artifact("pose", str(result.pose_path))] if result.pose_path else []
    for render in result.renders:
        artifacts.append(Artifact(Path(render).suffix.lstrip(".").lower() or "file", str(render)))
    return ToolOutput(ok=True, result=result, artifacts=artifacts, coverage=[c.to_json() for c in result.coverage],
                      notes=notes + list(result.notes))


# ---------------------------------------------------------------------------------------------
# the tools (docstrings are what the model reads)


def list_languages(args: ListLanguagesArgs, ctx: ToolContext) -> ToolOutput:
    """List the sign languages signbridge knows, with what is installed for each: dictionary entries,
    fingerspelling poses, SignWriting fingerspelling. Give `query` to show one language."""
    from signbridge.knowledge.inventory import Inventory, inventory
    from signbridge.knowledge.languages import all_languages
    from signbridge.tools.types import LanguageRow, LanguagesResult

    installed = inventory(ctx.settings)
    chosen = [_language(args.query)] if args.query else list(all_languages())
    rows = []
    for lang in chosen:
        inv = installed.get(lang.code, Inventory(lang.code))
        # one language: the details too (the full list stays short for the model)
        details = dict(aliases=lang.aliases[:8], lexicon_sources=inv.sources, spoken=list(lang.spoken)) if args.query else None
        rows.append(LanguageRow(lang.code, lang.name, inv.lexicon_entries, inv.fingerspelling_clips,
                                inv.signwriting_fingerspelling, inv.fingerspelling, details))
    # columns instead of repeated keys, so the list of 60 languages fits the model's tool message
    columns = ["code", "name", "lexicon_entries", "fingerspelling_clips", "signwriting_fingerspelling"]
    view = {"columns": columns, "rows": [[getattr(r, c) for c in columns] for r in rows]} if not args.query else None
    return ToolOutput(ok=True, result=LanguagesResult(rows), model_view=view)


def lookup_sign(args: LookupSignArgs, ctx: ToolContext) -> ToolOutput:
    """Look a word or short phrase up in the sign dictionaries (gloss, SignWriting, HamNoSys, pose).
    Hits marked confident are real matches; the others are only suggestions."""
    from signbridge.knowledge.lookup import lookup

    result = lookup(args.query, args.language, k=args.k, settings=ctx.settings, kb=ctx.kb)
    return ToolOutput(ok=True, result=result, notes=list(result.notes))


def produce_sign(args: ProduceSignArgs, ctx: ToolContext) -> ToolOutput:
    """Produce a word or sentence in a sign language: text -> glosses -> a .pose skeleton animation
    (+ GIF/MP4 renders). Dictionary signs where installed, fingerspelling for the rest; the coverage
    says which token came from where."""
    from signbridge.tools.production import ProductionConfig, produce

    pose_path, renders, notes = _output_paths(args, ctx, "sign")
    order = None
    if args.glosses:
        from signbridge.tools.glossing.order import ground_order

        ordered = ground_order(args.glosses, args.text, _language(args.language), ctx.kb)
        if ordered.refused:
            notes.append(f"the gloss order {' '.join(args.glosses)} was refused ({ordered.refused}); "
                         "the spoken word order is kept")
        else:
            order = ordered.positions
    result = produce(args.text, _language(args.language), ctx.settings, glosser="simple", out=pose_path, renders=tuple(renders),
                     config=ProductionConfig(speed=args.speed, render_size=args.size), kb=ctx.kb, order=order)
    return _production_output(result, notes)


def fingerspell(args: FingerspellArgs, ctx: ToolContext) -> ToolOutput:
    """Fingerspell a word or name letter by letter in a sign language's manual alphabet: a .pose
    animation (+ GIF/MP4 renders), or SignWriting letters where no pose alphabet is installed."""
    from signbridge.tools.production import ProductionConfig
    from signbridge.tools.production import fingerspell as spell

    pose_path, renders, notes = _output_paths(args, ctx, "spell")
    result = spell(args.text, _language(args.language), ctx.settings, out=pose_path, renders=tuple(renders),
                   config=ProductionConfig(speed=args.speed, render_size=args.size))
    return _production_output(result, notes)


def describe_sign(args: DescribeSignArgs, ctx: ToolContext) -> ToolOutput:
    """Describe how a sign is made (hands, handshape, movement, face, mouth), grounded in a dictionary
    entry (HamNoSys/SignWriting) where one exists; says when it is not grounded."""
    from signbridge.tools.describe import describe

    result = describe(args.word, _language(args.language), ctx.settings, backend="openai" if ctx.llm else "offline",
                      kb=ctx.kb)
    return ToolOutput(ok=True, result=result, notes=list(result.notes))


def translate_sign(args: VideoArgs, ctx: ToolContext) -> ToolOutput:
    """Translate a signed video or pose file into spoken-language text (sign language translation).
    Needs a trained SLT model for that language; otherwise says how to train or import one."""
    from signbridge.tools.recognition import translate

    return _recognition(translate, args, ctx)


def recognize_sign(args: VideoArgs, ctx: ToolContext) -> ToolOutput:
    """Recognise which isolated sign a video or pose file shows (sign language recognition).
    Needs a trained SLR model for that language; otherwise says how to train or import one."""
    from signbridge.tools.recognition import recognize

    return _recognition(recognize, args, ctx)


def _recognition(function, args: VideoArgs, ctx: ToolContext) -> ToolOutput:
    result = function(args.path, _language(args.language), ctx.settings)
    return ToolOutput(ok=result.ok, result=result, notes=list(result.notes), error=None if result.ok else result.message)


# ---------------------------------------------------------------------------------------------
# registry


@dataclass(frozen=True)
class AgentTool:
    name: str
    func: Callable[[BaseModel, ToolContext], ToolOutput]
    args_model: type[BaseModel]

    @property
    def description(self) -> str:
        return " ".join(inspect.getdoc(self.func).split())

    def openai_schema(self) -> dict:
        """The OpenAI function-calling schema (also what langchain's bind_tools accepts)."""
        schema = self.args_model.model_json_schema()
        schema.pop("title", None)
        for prop in schema.get("properties", {}).values():
            prop.pop("title", None)
        return {"type": "function", "function": {"name": self.name, "description": self.description, "parameters": schema}}


def _tool(func) -> AgentTool:
    args_model = inspect.signature(func).parameters["args"].annotation
    if isinstance(args_model, str):  # postponed annotations
        args_model = globals()[args_model]
    return AgentTool(func.__name__, func, args_model)


TOOLS: list[AgentTool] = [_tool(f) for f in (list_languages, lookup_sign, produce_sign, fingerspell, describe_sign,
                                             translate_sign, recognize_sign)]
_BY_NAME = {t.name: t for t in TOOLS}


def get_tool(name: str) -> AgentTool | None:
    return _BY_NAME.get(name)


def run_tool(name: str, raw_args: dict | str | None, ctx: ToolContext) -> tuple[dict, ToolOutput]:
    """Validate and run one tool call; never raises for bad calls. Returns (validated args, output)."""
    tool = get_tool(name)
    if tool is None:
        return {}, ToolOutput(ok=False, error=f"unknown tool '{name}' (known: {', '.join(_BY_NAME)})")
    if isinstance(raw_args, str):
        try:
            raw_args = json.loads(raw_args or "{}")
        except ValueError:
            return {}, ToolOutput(ok=False, error=f"{name}: arguments are not valid JSON")
    if not isinstance(raw_args, dict):
        return {}, ToolOutput(ok=False, error=f"{name}: arguments must be an object")
    try:
        args = tool.args_model.model_validate(raw_args)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "arguments"
        message = first["msg"].removeprefix("Value error, ")
        return dict(raw_args), ToolOutput(ok=False, error=f"{name}: invalid {where}: {message}")
    clean = args.model_dump(exclude_none=True)
    try:
        return clean, tool.func(args, ctx)
    except SignbridgeError as error:
        return clean, ToolOutput(ok=False, error=str(error))
    except ModuleNotFoundError as error:
        return clean, ToolOutput(ok=False, error=f"{name} is not available in this install (missing module '{error.name}')")
    except Exception as error:  # a bug in a capability: reported in the step, the agent still answers
        return clean, ToolOutput(ok=False, error=f"{name} failed unexpectedly: {type(error).__name__}: {error}")
