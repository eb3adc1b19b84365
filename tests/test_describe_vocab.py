"""describe_vocab(): JSONL rows, resume after interruptions, malformed vocabularies, the CLI and SLR export."""

import json
import os
import subprocess
import sys

import pytest
from typer.testing import CliRunner

import signbridge.tools.describe.core as core
from signbridge.knowledge.errors import InputError, PathNotAllowedError
from signbridge.tools.describe import describe_vocab, export_slr, read_vocab

WORDS = ["Haus", "Raumstation", "Schlüssel", "Licht", "egal", "Nase"]


def rows(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f]


@pytest.fixture
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_vocab_run_writes_one_row_per_word(settings, kb, in_tmp):
    summary = describe_vocab(WORDS + ["Haus"], "gsg", settings, "d.jsonl", progress=False, kb=kb)
    assert summary.total == len(WORDS) and summary.written == len(WORDS) and summary.duplicates == 1
    assert summary.grounded == len(WORDS) - 1 and summary.ungrounded == 1
    data = rows(in_tmp / "d.jsonl")
    assert [r["word"] for r in data] == WORDS
    assert {r["word"] for r in data if not r["grounded"]} == {"Raumstation"}


def test_resume_after_a_crash_neither_duplicates_nor_loses(settings, kb, in_tmp, monkeypatch):
    real = core.describe
    calls = {"n": 0}

    def crashing(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 4:
            raise KeyboardInterrupt  # the user pressed Ctrl-C mid-run
        return real(*args, **kwargs)

    monkeypatch.setattr(core, "describe", crashing)
    with pytest.raises(KeyboardInterrupt):
        describe_vocab(WORDS, "gsg", settings, "d.jsonl", progress=False, kb=kb)
    assert len(rows(in_tmp / "d.jsonl")) == 3
    monkeypatch.setattr(core, "describe", real)
    summary = describe_vocab(WORDS, "gsg", settings, "d.jsonl", resume=True, progress=False, kb=kb)
    assert summary.skipped == 3 and summary.written == 3
    assert [r["word"] for r in rows(in_tmp / "d.jsonl")] == WORDS


def test_resume_after_a_kill_mid_line(settings, kb, in_tmp):
    describe_vocab(WORDS, "gsg", settings, "d.jsonl", progress=False, kb=kb)
    path = in_tmp / "d.jsonl"
    data = path.read_bytes()
    last_start = data.rstrip(b"\n").rfind(b"\n") + 1
    path.write_bytes(data[: last_start + 25])  # a kill while the last row was being written
    summary = describe_vocab(WORDS, "gsg", settings, "d.jsonl", resume=True, progress=False, kb=kb)
    assert summary.dropped_partial_line and summary.written == 1 and summary.skipped == len(WORDS) - 1
    assert [r["word"] for r in rows(path)] == WORDS
    again = describe_vocab(WORDS, "gsg", settings, "d.jsonl", resume=True, progress=False, kb=kb)
    assert again.written == 0 and len(rows(path)) == len(WORDS)


def test_existing_output_needs_resume_and_corrupt_rows_are_refused(settings, kb, in_tmp):
    describe_vocab(WORDS[:2], "gsg", settings, "d.jsonl", progress=False, kb=kb)
    with pytest.raises(InputError, match="--resume"):
        describe_vocab(WORDS, "gsg", settings, "d.jsonl", progress=False, kb=kb)
    (in_tmp / "bad.jsonl").write_text('{"word": "Haus", "language": "gsg"}\nnot json\n{"word": "x", "language": "gsg"}\n')
    with pytest.raises(InputError, match="line 2"):
        describe_vocab(WORDS, "gsg", settings, "bad.jsonl", resume=True, progress=False, kb=kb)


@pytest.mark.parametrize("content, message", [
    (b"", "has no words"),
    (b"# only a comment\n\n   \n", "has no words"),
    (b"Haus\n\x00\x01\x02binary", "binary"),
    (b"Haus\n" + b"x" * 5000 + b"\n", "line 2"),
    (b"Haus\nK\xe4se\n", "not UTF-8 .*line 2"),
    (b"Haus\nBu\x07ch\n", "control characters"),
])
def test_malformed_vocab_files(settings, in_tmp, content, message):
    (in_tmp / "v.txt").write_bytes(content)
    with pytest.raises(InputError, match=message):
        read_vocab("v.txt", settings)


def test_vocab_paths_are_confined(settings, in_tmp, kb):
    with pytest.raises(InputError, match="not found"):
        read_vocab("missing.txt", settings)
    with pytest.raises(PathNotAllowedError):  # paths a model chose; the user's own: tests/test_paths.py
        read_vocab("/etc/passwd", settings.untrusted())
    with pytest.raises(PathNotAllowedError):
        describe_vocab(["Haus"], "gsg", settings.untrusted(), "/etc/evil.jsonl", progress=False, kb=kb)
    (in_tmp / "v.txt").write_text("\ufeffHaus\n  Licht  \n# note\nguten   Morgen\n", encoding="utf-8")
    assert read_vocab("v.txt", settings) == ["Haus", "Licht", "guten Morgen"]


def test_export_for_the_slr_trainer(settings, kb, in_tmp):
    describe_vocab(WORDS, "gsg", settings, "d.jsonl", progress=False, kb=kb)
    out = export_slr("d.jsonl", "slr.json", settings)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert list(data) == WORDS
    assert set(data["Haus"]) >= {"global", "synonyms", "parts", "grounded"}
    assert "flat hand" in data["Haus"]["parts"]["right_hand"] and data["Haus"]["synonyms"]
    assert data["Raumstation"]["grounded"] is False and data["Raumstation"]["global"] == ""


def test_cli_single_word_and_vocab(cli_env, tmp_path):
    import signbridge.agents.cli  # noqa: F401  (registers every command)
    from signbridge.agents.cli.app import app

    runner = CliRunner()
    result = runner.invoke(app, ["describe", "Haus", "--lang", "DGS", "--json"])
    assert result.exit_code == 0, result.output
    row = json.loads(result.stdout)
    assert row["grounded"] and row["language"] == "gsg"
    human = runner.invoke(app, ["describe", "Raumstation", "--lang", "gsg"])
    assert human.exit_code == 0 and "not grounded" in human.stdout
    (tmp_path / "classes.txt").write_text("Haus\nNase\nRaumstation\n", encoding="utf-8")
    result = runner.invoke(app, ["describe", "--vocab", "classes.txt", "--lang", "gsg", "--out", "d.jsonl",
                                 "--export-slr", "slr.json", "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["written"] == 3 and summary["grounded"] == 2
    assert (tmp_path / "d.jsonl").exists() and (tmp_path / "slr.json").exists()


def test_cli_errors_are_one_line(cli_env, tmp_path):
    (tmp_path / "bin.txt").write_bytes(b"\x00\xff\x00")
    env = {**os.environ, **cli_env}
    env.pop("SIGNBRIDGE_LLM_BASE_URL", None)
    proc = subprocess.run([sys.executable, "-m", "signbridge.agents.cli", "describe", "--vocab", "bin.txt", "--lang", "gsg",
                           "--out", "d.jsonl"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    if "No module named agents.cli.__main__" in proc.stderr:  # no __main__: use the console script
        proc = subprocess.run([os.path.join(os.path.dirname(sys.executable), "signbridge"), "describe", "--vocab",
                               "bin.txt", "--lang", "gsg", "--out", "d.jsonl"], cwd=tmp_path, env=env,
                              capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0 and "binary" in proc.stderr and "Traceback" not in proc.stderr
