"""What a case kind is: an input model, the expect keys it checks, the metrics it measures, run + check.

A kind calls the same public function a user's command calls (lookup, produce, describe, ask,
back-translation), importing it with a plain import inside `run` (so starting a run stays light) and
inside `with capability(name):`, so that a first-party module missing from an install fails the case
with "capability not installed" instead of crashing the whole run.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from pydantic import BaseModel

from signbridge.knowledge.errors import SignbridgeError
from signbridge.knowledge.text import normalize_text


class CapabilityMissing(SignbridgeError):
    """The module a case kind calls is not installed/written yet."""


class NotRun(Exception):
    """The case cannot run in this configuration (e.g. no checkpoint given): reported, not failed."""


@dataclass
class Outcome:
    """What running one case produced."""

    output: dict[str, Any]  # the capability's JSON (to_json()), shown in reports
    measurements: dict[str, float] = field(default_factory=dict)  # metric name -> value
    language: str | None = None  # the sign language the case exercised (for per-language aggregates)
    pairs: list[tuple[str, str]] = field(default_factory=list)  # (reference, hypothesis) for text metrics


@dataclass
class Check:
    """One expectation compared with what happened."""

    name: str
    ok: bool
    expected: Any
    actual: Any

    def to_json(self) -> dict:
        return {"name": self.name, "ok": self.ok, "expected": self.expected, "actual": self.actual}


@dataclass
class RunContext:
    settings: Any  # knowledge.settings.Settings
    out_dir: Path  # a folder this case may write into
    checkpoint: Path | None = None  # --checkpoint: folder of trained models (back-translation)
    knowledge: Any = None  # the run's KnowledgeHandle (one knowledge base for every case of a run)

    @property
    def kb(self):
        """The knowledge base, opened by the first case that needs it."""
        if self.knowledge is None:
            from signbridge.knowledge.store import KnowledgeHandle

            self.knowledge = KnowledgeHandle(self.settings)
        return self.knowledge.get()


class Kind:
    """Base class; subclasses set the class attributes and implement `run` and `check`."""

    name: ClassVar[str]
    Input: ClassVar[type[BaseModel]]
    EXPECT: ClassVar[frozenset[str]] = frozenset()
    METRICS: ClassVar[frozenset[str]] = frozenset()

    def run(self, inp: BaseModel, ctx: RunContext) -> Outcome:
        raise NotImplementedError

    def check(self, expect, outcome: Outcome) -> list[Check]:
        return []


@contextmanager
def capability(kind: str):
    """Imports inside this block that find no signbridge module raise `CapabilityMissing` for `kind`.

    Only a missing first-party module is "not installed"; a missing third-party import inside it is a
    real error and surfaces as such.
    """
    try:
        yield
    except ModuleNotFoundError as error:
        if error.name and error.name.split(".")[0] == "signbridge":
            raise CapabilityMissing(f"capability not installed: the '{kind}' kind needs {error.name}, "
                                    "which is not available") from None
        raise


def norm_text(text: Any) -> str:
    """Compare texts leniently: NFC, casefold, no surrounding punctuation, single spaces."""
    if text is None:
        return ""
    return normalize_text(str(text)).strip(" \t\"'“”„«»‚‘’.,;:!?¿¡()[]")


def as_list(value) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def check_text(name: str, expected, actual) -> Check:
    options = as_list(expected)
    ok = norm_text(actual) in {norm_text(o) for o in options}
    return Check(name, ok, expected, actual)


def language_code(name: str | None) -> str | None:
    """Resolve a language name/alias to its code; unknown names stay as written (and fail to match)."""
    if name is None:
        return None
    from signbridge.knowledge.errors import UnknownLanguageError
    from signbridge.knowledge.languages import resolve

    try:
        return resolve(name).code
    except (UnknownLanguageError, ValueError, KeyError):
        return str(name)


def known_code(name: str | None) -> str | None:
    """The code of a resolvable language name, else None (unknown names are not aggregate labels)."""
    from signbridge.knowledge.errors import UnknownLanguageError
    from signbridge.knowledge.languages import resolve

    if not name:
        return None
    try:
        return resolve(name).code
    except (UnknownLanguageError, ValueError, KeyError):
        return None


def input_language(name: str) -> str:
    """Resolve a case's input language strictly, as the CLI does: an unknown name is a user error."""
    from signbridge.knowledge.languages import resolve

    return resolve(name).code


def check_language(expected, actual) -> Check:
    options = {language_code(o) for o in as_list(expected)}
    return Check("language", language_code(actual) in options if actual else False, expected, actual)


def check_coverage_sources(expected: list[str], coverage: list[dict]) -> Check:
    """Every coverage item's source must be one of `expected` (and there must be coverage)."""
    sources = [str(item.get("source")) for item in coverage]
    bad = [s for s in sources if s not in expected]
    return Check("coverage_sources", bool(sources) and not bad, expected, sorted(set(sources)))


def to_json(result: Any) -> dict:
    """A capability result as a JSON dict (to_json(), model_dump() or dataclass)."""
    if isinstance(result, dict):
        return result
    if hasattr(result, "to_json"):
        return result.to_json()
    if hasattr(result, "model_dump"):
        return result.model_dump(mode="json")
    if hasattr(result, "__dataclass_fields__"):
        from dataclasses import asdict

        return asdict(result)
    return {"value": repr(result)}
