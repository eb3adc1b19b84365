"""The built-in eval suites pass on the offline default (the issue asks for them in CI).

This runs `signbridge eval run` with no argument: every case of every built-in suite through the
same code paths users hit. Back-translation cases need a checkpoint and report "not run".
"""

import json

from typer.testing import CliRunner

import signbridge.agents.cli  # noqa: F401  (registers every command)
from signbridge.agents.cli.app import app


def test_every_builtin_suite_passes_offline(cli_env, tmp_path):
    report = tmp_path / "report.html"
    result = CliRunner().invoke(app, ["eval", "run", "--json", "--report", str(report)])
    assert result.exit_code == 0, result.output[-3000:]
    data = json.loads(result.output)
    counts = data["aggregates"]["counts"]
    assert data["ok"] and counts["fail"] == 0 and counts["error"] == 0
    assert counts["pass"] >= 150  # lookup, production, descriptions and the agent all ran
    assert set(data["aggregates"]["suites"]) >= {"dgs-lookup", "production-sanity", "description-grounding",
                                                "agent-multilingual", "fs-bench-backtranslation"}
    assert report.exists() and "data:image/png;base64," in report.read_text(encoding="utf-8")
