"""Run suites: every case through its kind, checks against `expect`, aggregates for reports and --json.

Statuses: `pass` (every check held), `fail` (a check or threshold did not hold), `error` (the call
raised, or the capability is not installed), `not_run` (the configuration cannot run it, e.g. no
checkpoint: reported, never counted as failed). A suite passes when its pass rate over the cases
that ran reaches `min_pass_rate` and its suite thresholds hold; the run is ok when every suite passes.
"""

from __future__ import annotations

import json
import re
import time
import traceback
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from signbridge.models import metrics
from signbridge.evals.kinds import get_kind
from signbridge.evals.kinds.base import CapabilityMissing, Check, NotRun, Outcome, RunContext, as_list, known_code
from signbridge.evals.suites import Case, Suite, Threshold
from signbridge.knowledge.errors import SignbridgeError


def _plain(value: Any) -> Any:
    """JSON-safe copy (paths, numpy scalars, dataclasses become strings/numbers)."""
    return json.loads(json.dumps(value, ensure_ascii=False, default=lambda v: v.tolist() if hasattr(v, "tolist") else str(v)))


@dataclass
class CaseResult:
    suite: str
    id: str
    kind: str
    status: str  # pass | fail | error | not_run
    language: str | None
    latency_ms: float | None
    checks: list[Check] = field(default_factory=list)
    measurements: dict[str, float] = field(default_factory=dict)
    error: str | None = None
    trace: str | None = None  # last lines of an unexpected traceback, for the report
    input: dict = field(default_factory=dict)
    output: dict = field(default_factory=dict)
    tags: list[str] = field(default_factory=list)
    description: str | None = None

    @property
    def failed_checks(self) -> list[Check]:
        return [c for c in self.checks if not c.ok]

    def summary(self) -> str:
        """One line saying why a case did not pass (empty for a pass)."""
        if self.status == "pass":
            return ""
        if self.error and self.status in ("error", "not_run"):
            return self.error
        return "; ".join(f"{c.name}: expected {c.expected!r}, got {c.actual!r}" for c in self.failed_checks)

    def to_json(self) -> dict:
        return _plain({
            "suite": self.suite, "id": self.id, "kind": self.kind, "status": self.status, "language": self.language,
            "latency_ms": None if self.latency_ms is None else round(self.latency_ms, 2),
            "checks": [c.to_json() for c in self.checks], "measurements": self.measurements,
            "error": self.error, "input": self.input, "output": self.output, "tags": self.tags,
            "summary": self.summary(),
        })


@dataclass
class SuiteResult:
    name: str
    path: str | None
    description: str | None
    min_pass_rate: float
    cases: list[CaseResult]
    threshold_checks: list[Check] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        counts = {"pass": 0, "fail": 0, "error": 0, "not_run": 0}
        for case in self.cases:
            counts[case.status] += 1
        return counts

    @property
    def ran(self) -> int:
        return sum(c.status != "not_run" for c in self.cases)

    @property
    def pass_rate(self) -> float | None:
        return self.counts["pass"] / self.ran if self.ran else None

    @property
    def status(self) -> str:
        if not self.ran:
            return "not_run"
        ok = self.pass_rate >= self.min_pass_rate - 1e-12 and all(c.ok for c in self.threshold_checks)
        return "pass" if ok else "fail"

    def to_json(self) -> dict:
        return _plain({
            "name": self.name, "path": self.path, "status": self.status, "pass_rate": self.pass_rate,
            "min_pass_rate": self.min_pass_rate, "counts": self.counts,
            "thresholds": [c.to_json() for c in self.threshold_checks],
            "latency_ms": metrics.latency_percentiles([c.latency_ms for c in self.cases if c.latency_ms is not None]),
            "metrics": mean_measurements(self.cases),
        })


@dataclass
class RunResult:
    suites: list[SuiteResult]
    checkpoint: str | None = None
    started: str = ""
    seconds: float = 0.0
    interrupted: bool = False  # Ctrl-C: the cases after it are reported as not run

    @property
    def cases(self) -> list[CaseResult]:
        return [c for s in self.suites for c in s.cases]

    @property
    def ok(self) -> bool:
        return not self.interrupted and all(s.status in ("pass", "not_run") for s in self.suites)

    def aggregates(self) -> dict:
        cases = self.cases
        ran = [c for c in cases if c.status != "not_run"]
        by_language: dict[str, list[CaseResult]] = defaultdict(list)
        by_kind: dict[str, list[CaseResult]] = defaultdict(list)
        by_tag: dict[str, list[CaseResult]] = defaultdict(list)
        for case in cases:
            by_language[case.language or "(none)"].append(case)
            by_kind[case.kind].append(case)
            for tag in case.tags:
                by_tag[f"{case.suite}:{tag}"].append(case)
        return _plain({
            "ok": self.ok,
            "cases": len(cases),
            "counts": {s: sum(c.status == s for c in cases) for s in ("pass", "fail", "error", "not_run")},
            "pass_rate": (sum(c.status == "pass" for c in ran) / len(ran)) if ran else None,
            "suites": {s.name: {"status": s.status, "pass_rate": s.pass_rate, **s.counts} for s in self.suites},
            "languages": {lang: _group(group) for lang, group in sorted(by_language.items())},
            "kinds": {kind: _group(group) for kind, group in sorted(by_kind.items())},
            "tags": {tag: _group(group) for tag, group in sorted(by_tag.items())},
            "latency_ms": metrics.latency_percentiles([c.latency_ms for c in ran if c.latency_ms is not None]),
        })

    def to_json(self) -> dict:
        return _plain({
            "ok": self.ok, "interrupted": self.interrupted, "started": self.started, "seconds": round(self.seconds, 2),
            "checkpoint": self.checkpoint,
            "aggregates": self.aggregates(),
            "suites": [s.to_json() for s in self.suites],
            "cases": [c.to_json() for c in self.cases],
        })


def _group(cases: list[CaseResult]) -> dict:
    ran = [c for c in cases if c.status != "not_run"]
    passed = sum(c.status == "pass" for c in ran)
    return {"cases": len(cases), "ran": len(ran), "passed": passed,
            "pass_rate": passed / len(ran) if ran else None,
            "latency_ms": metrics.latency_percentiles([c.latency_ms for c in ran if c.latency_ms is not None]),
            "metrics": mean_measurements(cases)}


def mean_measurements(cases: list[CaseResult]) -> dict[str, float]:
    """Mean of every per-case measurement over the cases that have it (so recall_at_k -> recall@k)."""
    values: dict[str, list[float]] = defaultdict(list)
    for case in cases:
        if case.status == "not_run":
            continue
        for name, value in case.measurements.items():
            if value is not None:
                values[name].append(float(value))
    return {name: sum(v) / len(v) for name, v in sorted(values.items())}


def _threshold_check(threshold: Threshold, value: float | None, prefix: str = "") -> Check:
    return Check(f"{prefix}{threshold.metric}", threshold.holds(value), threshold.describe(), value)


def _error_matches(expected: bool | str, error: BaseException) -> bool:
    if expected is True:
        return isinstance(error, SignbridgeError)
    text = f"{type(error).__name__}: {error}".casefold()
    return str(expected).casefold() in text


def _one_line(text: str) -> str:
    return re.sub(r"\s*\n\s*", " ", text).strip()


def _safe_name(text: str) -> str:
    """A file name from a suite or case name: no separators, never '.' or '..' (no leading dots)."""
    return re.sub(r"[^\w.-]+", "_", text)[:80].lstrip(".") or "case"


def run_case(case: Case, suite: Suite, settings, out_root: Path, checkpoint: Path | None = None,
             knowledge=None) -> CaseResult:
    """Run one case; never raises for a problem inside the case (it becomes the case's status).
    `knowledge`: the run's `KnowledgeHandle` (default: the case opens its own when it needs one)."""
    kind = get_kind(case.kind)
    inp = case.input.model_dump(mode="json")
    # the case's language for aggregates: its input's, else the expected one, else what the call reports
    expected_language = as_list(case.expect.language)[0] if case.expect.language else None
    result = CaseResult(suite=suite.name, id=case.id, kind=case.kind, status="pass", latency_ms=None,
                        language=known_code(inp.get("language") or expected_language),
                        input=inp, tags=case.tags, description=case.description)
    out_dir = out_root / _safe_name(suite.name) / _safe_name(case.id)
    out_dir.mkdir(parents=True, exist_ok=True)
    # each case writes into its own folder, which is also its settings' out_dir (tools confine writes there)
    case_settings = settings.with_(out_dir=out_dir) if hasattr(settings, "with_") else settings
    ctx = RunContext(settings=case_settings, out_dir=out_dir, checkpoint=checkpoint, knowledge=knowledge)
    expect = case.expect
    start = time.perf_counter()
    try:
        outcome: Outcome = kind.run(case.input, ctx)
    except NotRun as reason:
        result.status, result.error = "not_run", _one_line(str(reason))
        return result
    except CapabilityMissing as error:  # nothing ran: no latency to report
        result.status, result.error = "error", str(error)
        return result
    except Exception as error:  # noqa: BLE001 - one case's crash must not end the run
        result.latency_ms = (time.perf_counter() - start) * 1000
        result.measurements["latency_ms"] = result.latency_ms
        if expect.error is not None and expect.error is not False and _error_matches(expect.error, error):
            result.checks.append(Check("error", True, expect.error, f"{type(error).__name__}: {error}"))
            result.output = {"error": f"{type(error).__name__}: {error}"}
            return result
        result.status = "error"
        result.error = _one_line(str(error) if isinstance(error, SignbridgeError) else f"{type(error).__name__}: {error}")
        if not isinstance(error, SignbridgeError):
            result.trace = "".join(traceback.format_exception(error)[-6:])
        return result
    result.latency_ms = (time.perf_counter() - start) * 1000
    result.output = _plain(outcome.output)
    result.language = known_code(outcome.language) or result.language
    if expect.error not in (None, False):
        result.checks.append(Check("error", False, expect.error, "no error"))
    try:
        result.checks.extend(kind.check(expect, outcome))
    except Exception as error:  # noqa: BLE001 - a malformed capability output is that case's error
        result.status, result.error = "error", f"checking the output failed: {type(error).__name__}: {error}"
        result.trace = "".join(traceback.format_exception(error)[-6:])
    result.measurements = {k: float(v) for k, v in outcome.measurements.items() if v is not None}
    result.measurements["latency_ms"] = result.latency_ms
    if expect.max_latency_ms is not None:
        result.checks.append(Check("max_latency_ms", result.latency_ms <= expect.max_latency_ms,
                                   f"<= {expect.max_latency_ms:g}", round(result.latency_ms, 1)))
    for threshold in expect.metrics:
        result.checks.append(_threshold_check(threshold, result.measurements.get(threshold.metric)))
    if result.status == "pass" and not all(c.ok for c in result.checks):
        result.status = "fail"
    return result


def _interrupted(case: Case, suite: Suite) -> CaseResult:
    return CaseResult(suite=suite.name, id=case.id, kind=case.kind, status="not_run", language=None, latency_ms=None,
                      error="interrupted before this case ran", input=case.input.model_dump(mode="json"), tags=case.tags)


def run_suite(suite: Suite, settings, out_root: Path, checkpoint: Path | None = None,
              on_case: Callable[[CaseResult], None] | None = None, stop: list | None = None,
              knowledge=None) -> SuiteResult:
    """Run one suite. Ctrl-C stops at the current case: the rest are reported as not run and
    `stop` (if given) gets an entry, so the caller still writes its report."""
    cases = []
    for case in suite.cases:
        if stop:
            cases.append(_interrupted(case, suite))
            continue
        try:
            result = run_case(case, suite, settings, out_root, checkpoint, knowledge)
        except KeyboardInterrupt:
            if stop is None:
                raise
            stop.append(case.id)
            result = _interrupted(case, suite)
        cases.append(result)
        if on_case:
            on_case(result)
    result = SuiteResult(name=suite.name, path=str(suite.path) if suite.path else None, description=suite.description,
                         min_pass_rate=suite.min_pass_rate, cases=cases)
    if result.ran:
        means = mean_measurements(cases)
        means["pass_rate"] = result.pass_rate
        result.threshold_checks = [_threshold_check(t, means.get(t.metric), prefix="mean ") for t in suite.thresholds]
    return result


def run_suites(suites: list[Suite], settings, out_root: Path | None = None, checkpoint: Path | None = None,
               on_case: Callable[[CaseResult], None] | None = None) -> RunResult:
    """Run every suite in order. `out_root` defaults to <settings.out_dir>/eval; cases write below it."""
    started = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    t0 = time.perf_counter()
    out_root = (Path(out_root) if out_root else Path(settings.out_dir) / "eval").resolve()
    stop: list = []
    from signbridge.knowledge.store import KnowledgeHandle

    knowledge = KnowledgeHandle(settings, progress=False)  # one knowledge base for the run, opened when first needed
    results = [run_suite(s, settings, out_root, checkpoint, on_case, stop, knowledge) for s in suites]
    return RunResult(suites=results, checkpoint=str(checkpoint) if checkpoint else None, started=started,
                     seconds=time.perf_counter() - t0, interrupted=bool(stop))
