"""The CLI shell: help, JSON output, one-line errors, --debug, lazy imports."""

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

import signbridge.agents.cli  # noqa: F401  (registers every command)
from signbridge.agents.cli.app import app

runner = CliRunner()
SIGNBRIDGE = [sys.executable, "-m", "signbridge.agents.cli"]


def run(*args, env=None):
    return subprocess.run([*SIGNBRIDGE, *args], capture_output=True, text=True, env=env, timeout=120)


def test_help_lists_the_command_surface():
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("languages", "knowledge", "eval", "train"):
        assert command in result.output


def test_languages_json_shape(cli_env):
    result = runner.invoke(app, ["languages", "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    by_code = {row["code"]: row for row in rows}
    for key in ("code", "name", "aliases", "lexicon_entries", "fingerspelling"):
        assert key in by_code["gsg"]
    assert by_code["gsg"]["fingerspelling"] is True and by_code["gsg"]["lexicon_entries"] > 1000
    assert "DGS" in by_code["gsg"]["aliases"] and "GSL" in by_code["gsg"]["aliases"]
    assert by_code["kvk"]["lexicon_entries"] == 0


def test_unknown_language_is_one_line_and_exit_2(cli_env):
    result = run("languages", "klingon", env={**_env(), **cli_env})
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert result.stderr.startswith("error: unknown sign language 'klingon'")
    assert "Traceback" not in result.stderr


def test_debug_shows_the_traceback(cli_env):
    result = run("--debug", "languages", "klingon", env={**_env(), **cli_env})
    assert result.returncode != 0 and "Traceback" in result.stderr


def test_startup_does_not_import_heavy_libraries():
    code = ("import sys, agents.cli; heavy = [m for m in ('torch', 'chromadb', 'langgraph', 'mediapipe', "
            "'llama_index', 'matplotlib', 'transformers', 'cv2') if m in sys.modules]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "[]", out.stdout + out.stderr


@pytest.mark.parametrize("args", [["languages", "--json"], ["--help"]])
def test_commands_run_as_a_process(args, cli_env):
    result = run(*args, env={**_env(), **cli_env})
    assert result.returncode == 0, result.stderr


def _env():
    import os

    return {k: v for k, v in os.environ.items() if not k.startswith("SIGNBRIDGE_")}


def test_chat_json_prints_one_answer_per_line_and_follow_ups_reuse_the_text(cli_env):
    result = runner.invoke(app, ["chat", "--json"], input="fingerspell Anna in ASL\nand in DGS?\n/quit\n")
    assert result.exit_code == 0, result.output
    answers = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert [(a["intent"], a["language"], a["text"]) for a in answers] == [
        ("fingerspell", "ase", "Anna"), ("fingerspell", "gsg", "Anna")]
