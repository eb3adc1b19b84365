"""Eval suites: the YAML format, its pydantic validation, and loading files or folders.

A suite is one YAML file::

    name: dgs-lookup                 # required, unique among the suites of a run
    description: Lookups in the DGS dictionary shipped with signwriting.
    min_pass_rate: 1.0               # optional: the suite fails below this pass rate (default 1.0)
    thresholds:                      # optional: limits on the MEAN of a per-case metric
      - {metric: latency_ms, max: 500}
    defaults:                        # optional: merged under every case (the case wins)
      kind: lookup
      input: {language: gsg, k: 5}
      expect: {max_latency_ms: 2000}
      tags: [dgs]
    cases:
      - id: exact-haus               # optional; default "<kind>-<n>"
        input: {query: Haus}
        expect: {top1: HAUS}
      - kind: produce
        input: {text: hallo, language: gsg}
        expect:
          min_frames: 10
          coverage_sources: [lexicon, fingerspelling]
          metrics: [{metric: missing_tokens, max: 0}]

Every case has a `kind` (agent, lookup, produce, describe, backtranslate; see evals/kinds/),
an `input` (validated by the kind's own pydantic model, unknown keys refused) and an `expect`
(the `Expect` fields below; each kind accepts only the keys it can check). Metric thresholds name a
metric the kind measures, e.g. `{metric: cer, max: 0.3}`; `expect: {metric: cer, max: 0.3}` is
shorthand for a single threshold. A malformed suite raises `InputError` with one line naming the
file and the case.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from signbridge.knowledge.errors import InputError

StrOrList = str | list[str]
# expect keys every kind accepts (checked by the runner itself)
COMMON_EXPECT = frozenset({"error", "max_latency_ms", "metrics", "metric", "min", "max"})


class Threshold(BaseModel):
    """A limit on one metric: `{metric: cer, max: 0.3}` or `{metric: bleu, min: 0.2}`."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)  # a NaN limit would always pass
    metric: str = Field(description="metric name the case kind measures (see the kind's METRICS)")
    min: float | None = Field(default=None, description="the metric must be >= min")
    max: float | None = Field(default=None, description="the metric must be <= max")

    @model_validator(mode="after")
    def _one_bound(self):
        if self.min is None and self.max is None:
            raise ValueError(f"threshold on '{self.metric}' needs min or max")
        return self

    def holds(self, value: float | None) -> bool:
        if value is None:
            return False
        if self.min is not None and value < self.min:
            return False
        if self.max is not None and value > self.max:
            return False
        return True

    def describe(self) -> str:
        parts = []
        if self.min is not None:
            parts.append(f">= {self.min:g}")
        if self.max is not None:
            parts.append(f"<= {self.max:g}")
        return f"{self.metric} " + " and ".join(parts)


class Expect(BaseModel):
    """What a case must produce. Every field is optional; a kind accepts only the keys it checks.

    String fields accept one value or a list of acceptable values; text comparisons ignore case,
    surrounding punctuation and repeated spaces.
    """

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)  # a NaN limit would always pass
    # agent
    intent: StrOrList | None = Field(default=None, description="agent intent (sign, fingerspell, lookup, ...)")
    text: StrOrList | None = Field(default=None, description="the text the agent extracted to sign/spell/describe")
    tools: list[str] | None = Field(default=None, description="agent: tools that must appear among its steps")
    steps_ok: bool | None = Field(default=None, description="agent: every step succeeded (true) ")
    answer_contains: list[str] | None = Field(default=None, description="substrings the answer must contain (case-insensitive)")
    artifacts: list[str] | None = Field(default=None, description="artifact kinds that must be present (pose, gif, ...)")
    # several kinds
    language: StrOrList | None = Field(default=None, description="resolved sign-language code (a name or alias is resolved first)")
    # lookup
    top1: StrOrList | None = Field(default=None, description="gloss of the best hit (must also be confident)")
    in_top_k: StrOrList | None = Field(default=None, description="a gloss that must appear among the hits")
    not_confident: bool | None = Field(default=None, description="true: no hit may be confident (a non-entry)")
    # produce / agent
    coverage_sources: list[str] | None = Field(default=None, description="every coverage item's source is one of these")
    min_frames: int | None = Field(default=None, description="produce: at least this many pose frames")
    # describe
    grounded: bool | None = Field(default=None, description="describe: the description is grounded in a dictionary entry")
    has_parts: list[str] | None = Field(default=None, description="describe: parts that must be non-empty (right_hand, movement, ...)")
    parts_empty: bool | None = Field(default=None, description="describe: true = every part is empty (nothing invented for a word without an entry)")
    notation: StrOrList | None = Field(default=None, description="describe: notation of the first source (hamnosys, signwriting, ...)")
    # every kind
    error: bool | str | None = Field(default=None, description="true or a substring: the call must fail with a user-facing error")
    max_latency_ms: float | None = Field(default=None, description="wall-clock limit for the case")
    metrics: list[Threshold] = Field(default_factory=list, description="thresholds on the kind's measured metrics")

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, data: Any):
        # `expect: {metric: cer, max: 0.3}` -> `expect: {metrics: [{metric: cer, max: 0.3}]}`
        if isinstance(data, dict) and "metric" in data:
            data = dict(data)
            single = {k: data.pop(k) for k in ("metric", "min", "max") if k in data}
            data["metrics"] = list(data.get("metrics") or []) + [single]
        return data


class Defaults(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)  # a NaN limit would always pass
    kind: str | None = None
    input: dict[str, Any] = Field(default_factory=dict)
    expect: dict[str, Any] = Field(default_factory=dict)
    tags: list[str] = Field(default_factory=list)


class RawCase(BaseModel):
    """A case as written; `Case` is the validated, defaults-merged form the runner uses."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)  # a NaN limit would always pass
    id: str | None = None
    kind: str | None = None
    input: dict[str, Any] = Field(default_factory=dict)
    expect: dict[str, Any] = Field(default_factory=dict)
    tags: list[str] = Field(default_factory=list)
    description: str | None = None


class Case(BaseModel):
    id: str
    kind: str
    input: BaseModel  # the kind's own input model
    expect: Expect
    tags: list[str] = Field(default_factory=list)
    description: str | None = None

    model_config = ConfigDict(arbitrary_types_allowed=True)


class RawSuite(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)  # a NaN limit would always pass
    name: str
    description: str | None = None
    min_pass_rate: float = Field(default=1.0, ge=0.0, le=1.0)
    thresholds: list[Threshold] = Field(default_factory=list)
    defaults: Defaults = Field(default_factory=Defaults)
    cases: list[RawCase] = Field(min_length=1)

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("name must not be empty")
        return value.strip()


class Suite(BaseModel):
    name: str
    description: str | None
    path: Path | None
    min_pass_rate: float
    thresholds: list[Threshold]
    cases: list[Case]


def _first_error(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(p) for p in first["loc"]) or "(top level)"
    more = f" (+{error.error_count() - 1} more)" if error.error_count() > 1 else ""
    return f"{where}: {first['msg']}{more}"


def _merge_case(raw: RawCase, defaults: Defaults, index: int, label: str) -> Case:
    from signbridge.evals.kinds import get_kind

    kind_name = raw.kind or defaults.kind
    case_label = f"case {index + 1}" + (f" '{raw.id}'" if raw.id else "")
    if not kind_name:
        raise InputError(f"{label}: {case_label}: no kind (set `kind:` on the case or in `defaults`)")
    try:
        kind = get_kind(kind_name)
    except InputError as error:
        raise InputError(f"{label}: {case_label}: {error}") from None
    case_label += f" ({kind_name})"
    try:
        data_in = {**defaults.input, **raw.input}
        # keep only defaults the kind knows, so one `defaults.input` can serve mixed kinds
        known = set(kind.Input.model_fields)
        data_in = {k: v for k, v in data_in.items() if k in raw.input or k in known}
        inp = kind.Input.model_validate(data_in)
    except ValidationError as error:
        raise InputError(f"{label}: {case_label}: input.{_first_error(error)}") from None
    allowed = kind.EXPECT | COMMON_EXPECT
    not_allowed = sorted(k for k in raw.expect if k not in allowed and k in Expect.model_fields)
    if not_allowed:
        raise InputError(f"{label}: {case_label}: expect key(s) {not_allowed} do not apply to kind "
                         f"'{kind_name}' (it checks: {', '.join(sorted(allowed))})")
    try:
        # defaults that the kind cannot check are dropped, so one `defaults.expect` can serve mixed kinds
        merged = {**{k: v for k, v in defaults.expect.items() if k in allowed}, **raw.expect}
        expect = Expect.model_validate(merged)
    except ValidationError as error:
        raise InputError(f"{label}: {case_label}: expect.{_first_error(error)}") from None
    for threshold in expect.metrics:
        if threshold.metric not in kind.METRICS | {"latency_ms"}:
            raise InputError(f"{label}: {case_label}: unknown metric '{threshold.metric}' for kind '{kind_name}' "
                             f"(it measures: {', '.join(sorted(kind.METRICS | {'latency_ms'}))})")
    case_id = raw.id or f"{kind_name}-{index + 1}"
    return Case(id=case_id, kind=kind_name, input=inp, expect=expect,
                tags=list(dict.fromkeys(defaults.tags + raw.tags)), description=raw.description)


def parse_suite(data: Any, label: str = "suite", path: Path | None = None) -> Suite:
    """Validate a parsed YAML document into a `Suite`; raise `InputError` with one line on any problem."""
    if not isinstance(data, dict):
        raise InputError(f"{label}: a suite must be a mapping with `name` and `cases`, got {type(data).__name__}")
    try:
        raw = RawSuite.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        loc = list(first["loc"])
        if len(loc) >= 2 and loc[0] == "cases" and isinstance(loc[1], int):
            case = (data.get("cases") or [None])[loc[1]] if isinstance(data.get("cases"), list) else None
            name = f" '{case.get('id')}'" if isinstance(case, dict) and case.get("id") else ""
            rest = ".".join(str(p) for p in loc[2:]) or "(case)"
            raise InputError(f"{label}: case {loc[1] + 1}{name}: {rest}: {first['msg']}") from None
        raise InputError(f"{label}: {_first_error(error)}") from None
    cases = [_merge_case(c, raw.defaults, i, label) for i, c in enumerate(raw.cases)]
    seen: set[str] = set()
    for case in cases:
        if case.id in seen:
            raise InputError(f"{label}: case id '{case.id}' is used twice; ids must be unique within a suite")
        seen.add(case.id)
    for threshold in raw.thresholds:
        from signbridge.evals.kinds import get_kind

        known = set().union(*(get_kind(c.kind).METRICS for c in cases)) | {"latency_ms", "pass_rate"}
        if threshold.metric not in known:
            raise InputError(f"{label}: suite threshold on unknown metric '{threshold.metric}' (known: {', '.join(sorted(known))})")
    return Suite(name=raw.name, description=raw.description, path=path, min_pass_rate=raw.min_pass_rate,
                 thresholds=raw.thresholds, cases=cases)


def load_suite(path: str | Path) -> Suite:
    """Read and validate one suite file."""
    import yaml

    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"suite file '{path}' does not exist") from None
    except UnicodeDecodeError:
        raise InputError(f"suite file '{path}' is not UTF-8 text: give a YAML file saved as UTF-8") from None
    except OSError as error:
        raise InputError(f"cannot read suite file '{path}': {error.strerror}") from None
    try:
        data = yaml.safe_load(text)
        return parse_suite(data, label=path.name, path=path)
    except RecursionError:
        raise InputError(f"{path.name}: nested too deeply to be an eval suite (a case is a flat mapping)") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark else ""
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise InputError(f"{path.name}:{where} is not valid YAML: {problem}") from None


def suite_files(target: str | Path) -> list[Path]:
    """A suite file, or every *.yaml/*.yml in a folder (sorted; `example.yaml` included)."""
    target = Path(target)
    if target.is_dir():
        files = sorted(p for p in target.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
        if not files:
            raise InputError(f"no *.yaml suites in folder '{target}'")
        return files
    if not target.exists():
        raise InputError(f"suite '{target}' does not exist (give a .yaml file or a folder of them; "
                         f"built-in suites: {builtin_dir()})")
    return [target]


def load_suites(*targets: str | Path) -> list[Suite]:
    """Every suite in the given files/folders; suite names must be unique across all of them."""
    files = list(dict.fromkeys(p.resolve() for t in targets for p in suite_files(t)))
    suites = [load_suite(p) for p in files]
    names: dict[str, Path | None] = {}
    for suite in suites:
        if suite.name in names:
            raise InputError(f"two suites are named '{suite.name}' ({names[suite.name]} and {suite.path}); names must be unique")
        names[suite.name] = suite.path
    return suites


def builtin_dir() -> Path:
    """The folder of suites shipped with signbridge (evals/suites/)."""
    return Path(__file__).resolve().parent / "suites"

