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
