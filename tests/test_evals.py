"""Eval suites: format validation, the runner on passing/failing cases, the CLI and the reports."""

import json
import re
from pathlib import Path

import pytest
from pydantic import BaseModel, ConfigDict

from signbridge.evals.kinds import register_kind, unregister_kind
from signbridge.evals.kinds.base import Check, Kind, NotRun, Outcome, capability, check_language, check_text
from signbridge.evals.runner import run_suites
from signbridge.evals.suites import builtin_dir, load_suite, load_suites, parse_suite
from signbridge.knowledge.errors import InputError


class EchoInput(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str
    language: str | None = None
    crash: bool = False
    user_error: bool = False
    skip: bool = False
    missing: bool = False


class EchoKind(Kind):
    """A test-only kind: upper-cases its text; can crash, raise a user error, skip or miss a module."""

    name = "echo"
    Input = EchoInput
    EXPECT = frozenset({"text", "language"})
    METRICS = frozenset({"length"})

    def run(self, inp, ctx):
        if inp.missing:
            with capability(self.name):
                import signbridge.no_such_capability.module  # noqa: F401
        if inp.skip:
            raise NotRun("needs something this run does not have")
        if inp.crash:
            raise ZeroDivisionError("boom")
        if inp.user_error:
            raise InputError("the text was not acceptable")
        (ctx.out_dir / "echo.txt").write_text(inp.text)
        return Outcome(output={"text": inp.text.upper(), "language": inp.language},
                       measurements={"length": float(len(inp.text))}, language=inp.language)

    def check(self, expect, outcome):
        checks: list[Check] = []
        if expect.text is not None:
            checks.append(check_text("text", expect.text, outcome.output["text"]))
        if expect.language is not None:
            checks.append(check_language(expect.language, outcome.output["language"]))
        return checks


@pytest.fixture(autouse=True)
def echo_kind():
    register_kind(EchoKind())
    yield
    unregister_kind("echo")


MIXED = """
name: mixed
min_pass_rate: 0.5
thresholds:
  - {metric: length, max: 100}
defaults:
  kind: echo
  input: {language: gsg}
cases:
  - id: ok-text
    input: {text: hallo}
    expect: {text: HALLO, language: DGS}
  - id: ok-alternatives
    input: {text: "hallo welt"}
    expect: {text: ["nope", "Hallo Welt!"]}
  - id: wrong-text
    input: {text: haus}
    expect: {text: MAUS}
  - id: metric-fails
    input: {text: "a long sentence"}
    expect: {metric: length, max: 5}
  - id: crash
    input: {text: x, crash: true}
  - id: expected-error
    input: {text: x, user_error: true}
    expect: {error: not acceptable}
  - id: unexpected-success
    input: {text: x, language: ase}
    expect: {error: true}
  - id: skipped
    input: {text: x, skip: true}
  - id: not-installed
    input: {text: x, missing: true}
"""


def write(tmp_path: Path, text: str, name: str = "suite.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_runner_statuses_and_aggregates(tmp_path, settings):
    suite = load_suite(write(tmp_path, MIXED))
    run = run_suites([suite], settings, out_root=tmp_path / "runs")
    status = {c.id: c.status for c in run.cases}
    assert status == {"ok-text": "pass", "ok-alternatives": "pass", "wrong-text": "fail", "metric-fails": "fail",
                      "crash": "error", "expected-error": "pass", "unexpected-success": "fail",
                      "skipped": "not_run", "not-installed": "error"}
    cases = {c.id: c for c in run.cases}
    assert "capability not installed" in cases["not-installed"].error
    assert cases["crash"].error == "ZeroDivisionError: boom" and "ZeroDivisionError" in cases["crash"].trace
    assert "expected 'MAUS', got 'HAUS'" in cases["wrong-text"].summary()
    assert cases["metric-fails"].measurements["length"] == 15.0
    assert (tmp_path / "runs" / "mixed" / "ok-text" / "echo.txt").read_text() == "hallo"
    suite_result = run.suites[0]
    # 3 of 8 cases that ran passed; not_run is left out of the rate
    assert suite_result.counts == {"pass": 3, "fail": 3, "error": 2, "not_run": 1}
    assert suite_result.pass_rate == pytest.approx(3 / 8)
    assert suite_result.status == "fail" and not run.ok
    agg = run.aggregates()
    assert agg["languages"]["gsg"]["cases"] == 8 and agg["languages"]["ase"]["passed"] == 0
    assert agg["latency_ms"]["n"] == 7  # not-installed and skipped cases did not run anything
    data = json.loads(json.dumps(run.to_json()))
    assert data["suites"][0]["counts"]["fail"] == 3 and len(data["cases"]) == 9


def test_min_pass_rate_and_suite_thresholds(tmp_path, settings):
    text = """
name: rate
min_pass_rate: 0.5
thresholds: [{metric: length, max: 4}]
defaults: {kind: echo}
cases:
  - {input: {text: ab}, expect: {text: AB}}
  - {input: {text: cdef}, expect: {text: nope}}
"""
    run = run_suites([load_suite(write(tmp_path, text))], settings, out_root=tmp_path / "o")
    suite = run.suites[0]
    assert suite.pass_rate == 0.5 and suite.threshold_checks[0].ok  # mean length 3 <= 4
    assert suite.status == "pass" and run.ok
    strict = load_suite(write(tmp_path, text.replace("max: 4", "max: 2"), "strict.yaml"))
    assert run_suites([strict], settings, out_root=tmp_path / "o").ok is False


def test_all_not_run_is_not_a_failure(tmp_path, settings):
    text = "name: later\ncases:\n  - {kind: echo, input: {text: x, skip: true}}\n"
    run = run_suites([load_suite(write(tmp_path, text))], settings, out_root=tmp_path / "o")
    assert run.suites[0].status == "not_run" and run.ok


@pytest.mark.parametrize("text, message", [
    ("name: x\ncases:\n  - {kind: nope, input: {}}\n", r"case 1: unknown case kind 'nope' \(known: .*echo"),
    ("name: x\ncases:\n  - {id: a, input: {text: hi}}\n", r"case 1 'a': no kind"),
    ("name: x\ncases:\n  - {id: a, kind: echo, input: {txt: hi}}\n", r"case 1 'a' \(echo\): input\.text: Field required"),
    ("name: x\ncases:\n  - {id: a, kind: echo, input: {text: hi}, expect: {top1: X}}\n",
     r"case 1 'a' \(echo\): expect key\(s\) \['top1'\] do not apply to kind 'echo'"),
    ("name: x\ncases:\n  - {id: a, kind: echo, input: {text: hi}, expect: {metric: bleu, min: 1}}\n",
     r"unknown metric 'bleu' for kind 'echo' \(it measures: latency_ms, length\)"),
    ("name: x\ncases:\n  - {id: a, kind: echo, input: {text: hi}, expect: {metric: length}}\n", r"needs min or max"),
    ("name: x\ncases:\n  - {kind: echo, input: {text: a}}\n  - {id: b, kind: echo, input: {text: b}, expect: {txet: B}}\n",
     r"case 2 'b' \(echo\): expect\.txet: Extra inputs are not permitted"),
    ("name: x\ncases:\n  - {id: a, kind: echo, input: {text: a}}\n  - {id: a, kind: echo, input: {text: b}}\n", r"case id 'a' is used twice"),
    ("cases:\n  - {kind: echo, input: {text: a}}\n", r"suite.yaml: name: Field required"),
    ("name: x\ncases: []\n", r"cases: List should have at least 1 item"),
    ("name: x\ncases:\n  - {kind: echo, input: {text: a}, bogus: 1}\n", r"case 1: bogus: Extra inputs"),
    ("name: x\ncases: [\n", r"suite.yaml: line \d+ is not valid YAML"),
    ("- just a list\n", r"a suite must be a mapping"),
])
def test_malformed_suites_give_one_clear_line(tmp_path, text, message):
    with pytest.raises(InputError) as error:
        load_suite(write(tmp_path, text))
    assert "\n" not in str(error.value)
    assert re.search(message, str(error.value)), str(error.value)


def test_defaults_merge_and_mixed_kinds():
    suite = parse_suite({
        "name": "d",
        "defaults": {"kind": "echo", "input": {"language": "gsg", "k": 3}, "expect": {"text": "X", "top1": "Y"}, "tags": ["t"]},
        "cases": [{"input": {"text": "x"}}, {"kind": "lookup", "input": {"query": "Haus"}, "tags": ["u"]}],
    })
    echo, lookup = suite.cases
    assert echo.input.language == "gsg" and echo.expect.text == "X" and echo.expect.top1 is None  # top1 not for echo
    assert lookup.input.k == 3 and lookup.input.language == "gsg" and lookup.expect.top1 == "Y" and lookup.expect.text is None
    assert lookup.tags == ["t", "u"] and echo.id == "echo-1" and lookup.id == "lookup-2"


def test_builtin_suites_are_valid():
    suites = load_suites(builtin_dir())
    names = {s.name for s in suites}
    assert {"example", "dgs-lookup", "production-sanity", "description-grounding", "fs-bench-backtranslation"} <= names
    lookup = next(s for s in suites if s.name == "dgs-lookup")
    tags = {t for c in lookup.cases for t in c.tags}
    assert {"exact", "typo", "umlaut", "inflection", "non-entry"} <= tags
    from signbridge.knowledge.package_data import fingerspelling_pose_languages

    production = next(s for s in suites if s.name == "production-sanity")
    assert set(fingerspelling_pose_languages()) <= {c.input.language for c in production.cases}


def test_missing_suite_path(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        load_suites(tmp_path / "nope.yaml")
    with pytest.raises(InputError, match="no \\*.yaml suites"):
        load_suites(tmp_path)


# ----------------------------------------------------------------------------- CLI and reports

def _cli(args, env):
    from typer.testing import CliRunner

    import signbridge.agents.cli  # noqa: F401  (registers every command)
    from signbridge.agents.cli.app import app

    return CliRunner().invoke(app, args, env=env)


def test_cli_json_report_and_exit_codes(tmp_path, cli_env):
    failing = write(tmp_path, MIXED)
    report, md = tmp_path / "r" / "report.html", tmp_path / "r" / "report.md"
    result = _cli(["eval", "run", str(failing), "--json", "--report", str(report), "--markdown", str(md)], cli_env)
    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)  # stdout holds JSON only
    assert data["ok"] is False and data["aggregates"]["counts"] == {"pass": 3, "fail": 3, "error": 2, "not_run": 1}
    assert data["aggregates"]["suites"]["mixed"]["pass_rate"] == pytest.approx(3 / 8)
    assert {"p50", "p95"} <= set(data["aggregates"]["latency_ms"])
    assert "gsg" in data["aggregates"]["languages"]
    html = report.read_text(encoding="utf-8")
    images = re.findall(r"<img [^>]*src='data:image/png;base64,([A-Za-z0-9+/=]+)'", html)
    assert len(images) >= 3
    import base64

    assert all(base64.b64decode(i)[:8] == b"\x89PNG\r\n\x1a\n" for i in images)
    assert "wrong-text" in html and "MAUS" in html and "<link" not in html and "<script" not in html
    text = md.read_text(encoding="utf-8")
    assert "| mixed | fail | 38% |" in text and "### mixed / wrong-text: fail" in text
    for link in re.findall(r"!\[[^\]]*\]\(([^)]+)\)", text):
        assert (md.parent / link).read_bytes()[:4] == b"\x89PNG"

    passing = write(tmp_path, "name: fine\ncases:\n  - {kind: echo, input: {text: a}, expect: {text: A}}\n", "ok.yaml")
    result = _cli(["eval", "run", str(passing)], cli_env)
    assert result.exit_code == 0, result.output
    assert "PASS" in result.stdout and "1 passed" in result.stdout


def test_cli_only_filter_and_bad_suite(tmp_path, cli_env):
    suite = write(tmp_path, MIXED)
    result = _cli(["eval", "run", str(suite), "--only", "ok-", "--json"], cli_env)
    assert result.exit_code == 0 and len(json.loads(result.stdout)["cases"]) == 2
    bad = write(tmp_path, "name: x\ncases:\n  - {kind: echo, input: {}}\n", "bad.yaml")
    result = _cli(["eval", "run", str(bad)], cli_env)
    assert isinstance(result.exception, InputError) and "bad.yaml: case 1 (echo): input.text" in str(result.exception)


def test_cli_list(cli_env):
    result = _cli(["eval", "list", "--json"], cli_env)
    assert result.exit_code == 0
    assert "dgs-lookup" in {row["name"] for row in json.loads(result.stdout)}


def test_backtranslation_without_checkpoint_is_not_run(tmp_path, cli_env):
    suite = builtin_dir() / "fs_bench_backtranslation.yaml"
    result = _cli(["eval", "run", str(suite), "--json"], cli_env)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["cases"] and {c["status"] for c in data["cases"]} == {"not_run"}
    assert "--checkpoint" in data["cases"][0]["error"]


def test_real_lookup_cases(tmp_path, settings):
    text = """
name: real-lookup
defaults: {kind: lookup, input: {language: DGS}}
cases:
  - {id: right, input: {query: Haus}, expect: {top1: HAUS, language: gsg}}
  - {id: wrong, input: {query: Haus}, expect: {top1: MAUS}}
  - {id: nonsense, input: {query: Quxblarfengrund}, expect: {not_confident: true}}
  - {id: bad-language, input: {query: Haus, language: Klingon Sign Language}, expect: {error: true}}
"""
    run = run_suites([load_suite(write(tmp_path, text))], settings, out_root=tmp_path / "o")
    status = {c.id: c.status for c in run.cases}
    assert status == {"right": "pass", "wrong": "fail", "nonsense": "pass", "bad-language": "pass"}, [c.summary() for c in run.cases]
    right = run.cases[0]
    assert right.measurements["reciprocal_rank"] == 1.0 and right.output["hits"][0]["gloss"] == "HAUS"


def test_backtranslate_kind_scores_pairs(tmp_path, settings, monkeypatch):
    """The kind with a stand-in for models.backtranslate: scoring, checkpoint confinement, not-run."""
    from signbridge.knowledge.errors import NotConfiguredError

    calls = []

    def fake_backtranslate(words, language, generator_dir, recognizer_dir, settings):
        calls.append((language, generator_dir, recognizer_dir))
        if language == "fsl":
            raise NotConfiguredError("no fsl group in this checkpoint")
        return [(w, w if i % 2 == 0 else w[:-1] + "x") for i, w in enumerate(words)]

    monkeypatch.setattr("signbridge.models.backtranslate.backtranslate", fake_backtranslate)
    checkpoint = tmp_path / "ckpt"
    (checkpoint / "gen").mkdir(parents=True)
    text = """
name: bt
defaults: {kind: backtranslate}
cases:
  - {id: ase, input: {words: [haus, baum], language: ASL, generator: gen}, expect: {metric: cer, max: 0.2}}
  - {id: strict, input: {words: [haus, baum], language: ase}, expect: {metrics: [{metric: exact_match, min: 1}]}}
  - {id: fsl, input: {words: [maison], language: fsl}}
  - {id: escape, input: {words: [a], language: ase, generator: ../..}}
"""
    suite = load_suite(write(tmp_path, text))
    run = run_suites([suite], settings, out_root=tmp_path / "o", checkpoint=checkpoint)
    cases = {c.id: c for c in run.cases}
    assert cases["ase"].status == "pass"
    assert cases["ase"].measurements["cer"] == pytest.approx(1 / 8)  # one substitution in 8 reference letters
    assert cases["ase"].measurements["exact_match"] == 0.5 and cases["ase"].measurements["words"] == 2
    assert calls[0] == ("ase", (checkpoint / "gen").resolve(), checkpoint.resolve())
    assert cases["strict"].status == "fail"
    assert cases["fsl"].status == "not_run" and "no fsl group" in cases["fsl"].error
    assert cases["escape"].status == "error" and "outside the allowed folders" in cases["escape"].error
    no_checkpoint = run_suites([suite], settings, out_root=tmp_path / "o")
    assert {c.status for c in no_checkpoint.cases} == {"not_run"} and no_checkpoint.ok


def test_real_produce_cases(tmp_path, settings):
    text = """
name: real-produce
defaults: {kind: produce, input: {language: ase}}
cases:
  - {id: ok, input: {text: hi}, expect: {min_frames: 5, coverage_sources: [fingerspelling, lexicon], language: ASL}}
  - {id: too-short, input: {text: hi}, expect: {min_frames: 100000}}
"""
    run = run_suites([load_suite(write(tmp_path, text))], settings, out_root=tmp_path / "o")
    ok, short = run.cases
    assert ok.status == "pass", ok.summary()
    assert any(c.name == "pose_file" and c.ok for c in ok.checks)  # the .pose was read back
    assert ok.measurements["finite_fraction"] == 1.0 and ok.measurements["missing_tokens"] == 0
    assert Path(ok.output["pose"]).is_relative_to(tmp_path / "o")
    assert short.status == "fail" and "min_frames" in short.summary()


def test_interruption_keeps_what_ran(tmp_path, settings):
    class Interrupting(EchoKind):
        name = "interrupting"

        def run(self, inp, ctx):
            if inp.text == "stop":
                raise KeyboardInterrupt
            return super().run(inp, ctx)

    register_kind(Interrupting())
    try:
        text = "name: i\ndefaults: {kind: interrupting}\ncases:\n  - {input: {text: a}}\n  - {input: {text: stop}}\n  - {input: {text: c}}\n"
        run = run_suites([load_suite(write(tmp_path, text))], settings, out_root=tmp_path / "o")
    finally:
        unregister_kind("interrupting")
    assert [c.status for c in run.cases] == ["pass", "not_run", "not_run"]
    assert run.interrupted and not run.ok and "interrupted" in run.cases[2].error


def test_report_leaves_no_folder_in_the_temp_dir(tmp_path, cli_env, monkeypatch):
    import tempfile

    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    monkeypatch.setenv("MPLCONFIGDIR", "")
    monkeypatch.delenv("MPLCONFIGDIR")  # as for a user who never set it (restored after the test)
    report = tmp_path / "r" / "report.html"
    for _ in range(2):
        result = _cli(["eval", "run", str(write(tmp_path, MIXED)), "--report", str(report)], cli_env)
        assert result.exit_code == 1 and report.exists(), result.output
    assert "data:image/png;base64," in report.read_text(encoding="utf-8")
    assert not list(temp.glob("signbridge-mpl-*")) and not list(temp.iterdir()), list(temp.iterdir())
    assert (Path(cli_env["SIGNBRIDGE_HOME"]) / "cache" / "matplotlib").is_dir()  # matplotlib's cache: the data dir
