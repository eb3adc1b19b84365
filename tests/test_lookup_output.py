"""`signbridge lookup` at 80 columns: one line a hit; `--long` gives the details."""

from typer.testing import CliRunner

import signbridge.agents.cli  # noqa: F401  (registers every command)
from signbridge.agents.cli.app import app

runner = CliRunner()


def test_one_line_a_hit_at_80_columns(cli_env, monkeypatch, kb):
    monkeypatch.setenv("COLUMNS", "80")
    result = runner.invoke(app, ["lookup", "Morgen", "-k", "5"])  # all languages: the widest form
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "lookup 'Morgen' (all languages)" and len(lines) == 6
    assert all(len(line) <= 80 for line in lines)
    first = lines[1].split()
    assert first[:2] == ["1", "MORGEN"] and "gsg" in first and "sure" in first


def test_long_shows_details(cli_env, monkeypatch, kb):
    monkeypatch.setenv("COLUMNS", "80")
    result = runner.invoke(app, ["lookup", "Haus", "--lang", "gsg", "-k", "2", "--long"])
    assert result.exit_code == 0, result.output
    assert "match exact" in result.stdout and "source: signwriting-dgs" in result.stdout
    assert "words: Haus" in result.stdout and all(len(line) <= 80 for line in result.stdout.splitlines())
