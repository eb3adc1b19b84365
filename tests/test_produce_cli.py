"""`signbridge produce`: JSON shape, files, batch mode with manifest and resume, one-line errors."""

import json
import subprocess
import sys
from pathlib import Path

from pose_format import Pose
from typer.testing import CliRunner

import signbridge.agents.cli  # noqa: F401  (registers every command)
from signbridge.agents.cli.app import app

runner = CliRunner()


def test_produce_json_and_files(cli_env, tmp_path):
    result = runner.invoke(app, ["produce", "Hallo Anna", "--lang", "DGS", "--fingerspell", "--out", "hallo.pose",
                                 "--render", "hallo.gif", "--render", "hallo.svg", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["language"] == "gsg" and data["glosses"] == ["HALLO", "ANNA"]
    assert data["pose"] == str((tmp_path / "hallo.pose").resolve())
    assert data["fps"] == 25 and data["frames"] == len(Pose.read(Path(data["pose"]).read_bytes()).body.data)
    assert [Path(p).name for p in data["renders"]] == ["hallo.gif", "hallo.svg"]
    assert [c["source"] for c in data["coverage"]] == ["fingerspelling", "fingerspelling"]


def test_produce_human_output(cli_env):
    result = runner.invoke(app, ["produce", "Guten Morgen", "--lang", "gsg"])
    assert result.exit_code == 0, result.output
    assert "GUTEN-MORGEN" in result.stdout and "Animated from HamNoSys (rule-based)" in result.stdout


def test_batch_numbered_outputs_manifest_and_resume(cli_env, tmp_path):
    lines = tmp_path / "texts.txt"
    lines.write_text("Hallo\n\n# a comment\nder die das\nAnna Zoe\n", encoding="utf-8")
    args = ["produce", "--batch", str(lines), "--lang", "gsg", "--out", "batch", "--render", ".gif", "--json"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert (summary["done"], summary["failed"], summary["skipped"], summary["lines"]) == (2, 1, 0, 3)
    folder = tmp_path / "batch"
    assert sorted(p.name for p in folder.iterdir()) == [
        "0001.gif", "0001.gsg.pose", "0005.gif", "0005.gsg.pose", "manifest.jsonl"]
    rows = [json.loads(r) for r in (folder / "manifest.jsonl").read_text().splitlines()]
    assert [(r["line"], r["ok"]) for r in rows] == [(1, True), (4, False), (5, True)]
    assert "only function words" in rows[1]["error"] and rows[2]["glosses"] == ["ANNA", "ZOE"]
    again = json.loads(runner.invoke(app, args).stdout)  # resumable: finished lines are skipped
    assert (again["done"], again["skipped"]) == (0, 2)


def test_errors_are_one_line_with_exit_2(cli_env, tmp_path):
    cases = [
        (["produce", "Hallo", "--lang", "gsg", "--render", "x.bmp"], "unknown render format"),
        (["produce", "Hallo", "--lang", "klingon"], "unknown sign language"),
        (["produce", "", "--lang", "gsg"], "nothing to produce"),
        (["produce", "Hallo", "--lang", "gsg", "--out", "hallo.txt"], "use one of .pose"),
    ]
    for args, message in cases:
        done = subprocess.run([sys.executable, "-m", "signbridge.agents.cli", *args], capture_output=True, text=True,
                              timeout=120, cwd=tmp_path)
        assert done.returncode == 2, (args, done.stderr)
        assert done.stderr.count("\n") == 1 and message in done.stderr, done.stderr
        assert "Traceback" not in done.stderr and done.stdout == ""


def _main(monkeypatch, capsys, *args) -> tuple[int, str, str]:
    """The real entry point in-process: (exit code, stdout, stderr)."""
    monkeypatch.setattr(sys, "argv", ["signbridge", *args])
    try:
        signbridge.agents.cli.main()
        code = 0
    except SystemExit as stop:
        code = stop.code or 0
    captured = capsys.readouterr()
    errors = [line for line in captured.err.splitlines() if line.startswith("error:")]  # (progress lines aside)
    assert len(errors) == (code == 2) and "Traceback" not in captured.err, captured.err
    return code, captured.out, "\n".join(errors)


def test_batch_stops_before_the_disk_fills_and_resumes(cli_env, tmp_path, monkeypatch, capsys):
    import shutil
    from collections import namedtuple

    from signbridge.tools.production_batch import MIN_FREE_BYTES

    usage = namedtuple("usage", "total used free")
    free = {"bytes": 10**12}
    monkeypatch.setattr(shutil, "disk_usage", lambda path: usage(2 * 10**12, 10**12 - free["bytes"], free["bytes"]))
    lines = tmp_path / "texts.txt"
    lines.write_text("Anna\nZoe\nHallo\n", encoding="utf-8")
    args = ["produce", "--batch", str(lines), "--lang", "gsg", "--fingerspell", "--out", "b", "--render", ".gif"]

    free["bytes"] = MIN_FREE_BYTES - 1  # a full disk: refused before anything is produced
    code, out, err = _main(monkeypatch, capsys, *args)
    assert code == 2 and err.startswith("error: not enough free disk"), err
    assert "the 3 lines left" in err and "0 lines written" in err
    assert sorted(p.name for p in (tmp_path / "b").iterdir()) == ["manifest.jsonl"]

    # room for the first line only: it stops after it, saying how much the rest needs
    calls = []

    def shrinking(path):
        calls.append(path)
        return usage(2 * 10**12, 0, 10**12 if len(calls) == 1 else MIN_FREE_BYTES + 1000)

    monkeypatch.setattr(shutil, "disk_usage", shrinking)
    code, out, err = _main(monkeypatch, capsys, *args)
    assert code == 2 and "not enough free disk" in err, err
    assert "the 2 lines left" in err and "per line so far" in err and "1 lines written; rerun to resume" in err
    assert sorted(p.name for p in (tmp_path / "b").iterdir()) == ["0001.gif", "0001.gsg.pose", "manifest.jsonl"]

    free["bytes"] = 10**12  # space again: the rerun does the two lines left
    monkeypatch.setattr(shutil, "disk_usage", lambda path: usage(2 * 10**12, 0, free["bytes"]))
    code, out, err = _main(monkeypatch, capsys, *args, "--json")
    assert code == 0, err
    summary = json.loads(out)
    assert (summary["done"], summary["skipped"], summary["failed"]) == (2, 1, 0)
