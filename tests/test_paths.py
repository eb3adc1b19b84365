"""One path policy, both ways: the user's own paths go anywhere the OS allows; a model's are confined."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import signbridge.agents.cli  # noqa: F401  (registers every command)
from signbridge.agents.cli.app import app
from signbridge.agents.service import ask
from signbridge.knowledge.errors import PathNotAllowedError
from signbridge.knowledge.settings import Settings
from signbridge.tools.agent_tools import ToolContext, run_tool

runner = CliRunner()


@pytest.fixture
def elsewhere(tmp_path_factory, cli_env, monkeypatch):
    """A folder outside the working dir, the output dir and the data dir; HOME points at another one."""
    home = tmp_path_factory.mktemp("user-home")
    monkeypatch.setenv("HOME", str(home))
    return tmp_path_factory.mktemp("elsewhere")


def ok(args):
    result = runner.invoke(app, args)
    assert result.exit_code == 0, (result.output, result.exception)
    return result


def test_user_paths_are_honoured_anywhere(elsewhere):
    data = json.loads(ok(["produce", "Hallo", "--lang", "gsg", "--fingerspell", "--out", "~/signs/hallo.pose",
                          "--render", str(elsewhere / "hallo.svg"), "--json"]).stdout)
    assert data["pose"] == str(Path.home() / "signs" / "hallo.pose") and Path(data["pose"]).is_file()
    assert (elsewhere / "hallo.svg").is_file()

    (elsewhere / "words.txt").write_text("Anna\n", encoding="utf-8")
    ok(["produce", "--batch", str(elsewhere / "words.txt"), "--lang", "gsg", "--fingerspell", "--out",
        str(elsewhere / "batch"), "--json"])
    assert (elsewhere / "batch" / "manifest.jsonl").is_file()

    (elsewhere / "vocab.txt").write_text("Haus\n", encoding="utf-8")
    ok(["describe", "--vocab", str(elsewhere / "vocab.txt"), "--lang", "gsg", "--out", str(elsewhere / "d.jsonl")])
    assert json.loads((elsewhere / "d.jsonl").read_text().splitlines()[0])["word"] == "Haus"

    ok(["ask", "fingerspell Anna in ASL", "--out", str(elsewhere / "asked"), "--json"])
    assert any((elsewhere / "asked").glob("*.pose"))

    suite = elsewhere / "s.yaml"
    suite.write_text("name: s\ncases:\n  - kind: lookup\n    input: {query: Haus, language: gsg}\n", encoding="utf-8")
    ok(["eval", "run", str(suite), "--report", str(elsewhere / "r.html"), "--out", str(elsewhere / "ev")])
    assert (elsewhere / "r.html").is_file()

    recognized = runner.invoke(app, ["recognize", data["pose"], "--lang", "gsg"])  # read from ~: no model, no refusal
    assert "no SLR" in str(recognized.exception) and "outside" not in str(recognized.exception)


def test_train_checkpoint_folder_may_be_anywhere(elsewhere):
    from signbridge.agents.cli.app import settings
    from signbridge.agents.cli.train import _checkpoint_dir

    assert _checkpoint_dir(elsewhere / "ckpt", settings()) == (elsewhere / "ckpt").resolve()


def test_model_chosen_paths_are_confined(elsewhere, tmp_path):
    user = Settings.from_env(trusted_paths=True)  # even under the CLI's trusted settings
    ctx = ToolContext(user, cwd=tmp_path)
    assert not ctx.settings.paths.trusted
    _, output = run_tool("produce_sign", {"text": "Anna", "language": "ASL", "out": str(elsewhere / "x.pose")}, ctx)
    assert output.ok and not (elsewhere / "x.pose").exists()
    assert all(Path(a.path).parent == ctx.out_dir for a in output.artifacts)
    assert any("outside the output folder" in n for n in output.notes)
    (elsewhere / "clip.pose").write_bytes(b"x")
    _, output = run_tool("recognize_sign", {"path": str(elsewhere / "clip.pose"), "language": "ASL"}, ctx)
    assert not output.ok and "outside the allowed folders" in output.error


def test_paths_in_request_text_are_confined(cli_env, tmp_path):
    result = ask("sign 'hallo' in DGS and save it to ../x.pose", Settings.from_env(trusted_paths=True),
                 backend="offline")
    assert "outside the output folder" in result.answer and not (tmp_path.parent / "x.pose").exists()


def test_policy_unit(tmp_path):
    confined = Settings(home=tmp_path / "h", out_dir=tmp_path / "out", cwd=tmp_path).untrusted().paths
    assert confined.write("a/b.pose") == (tmp_path / "out" / "a" / "b.pose").resolve()
    for bad in ("../x.pose", "/tmp/x.pose", "~/x.pose"):
        with pytest.raises(PathNotAllowedError, match="outside the output folder"):
            confined.write(bad)
    with pytest.raises(PathNotAllowedError, match="outside the allowed folders"):
        confined.read("/etc/passwd")
    assert confined.read("v.txt") == (tmp_path / "v.txt").resolve()  # the working directory is a read root
    assert confined.inside_out_dir("/etc/x.gif") == ((tmp_path / "out" / "x.gif").resolve(), True)
    own = Settings(home=tmp_path / "h", out_dir=tmp_path / "out", cwd=tmp_path).paths  # the user's code: trusted
    assert own.write("/tmp/x.pose") == Path("/tmp/x.pose").resolve() and own.read("../v.txt") == (tmp_path.parent / "v.txt")
    assert own.write("~/x.pose") == Path.home().resolve() / "x.pose"
