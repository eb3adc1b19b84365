"""Playback speed and render size: `produce --speed/--size`, and the chat follow-ups that ask for them
("slower", "bigger", "use the German word Danke instead") read by the offline planner."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image
from pose_format import Pose
from typer.testing import CliRunner

import signbridge.agents.cli  # noqa: F401  (registers every command)
from signbridge.agents.cli.app import app
from signbridge.agents.planner import plan, understand
from signbridge.knowledge.errors import InputError

runner = CliRunner()


def _produce(*args):
    result = runner.invoke(app, ["produce", "Anna", "--lang", "ase", "--fingerspell", "--json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_speed_resamples_frames_at_the_same_fps_and_size_sets_the_render(cli_env, tmp_path):
    normal = _produce("--out", "normal.pose")
    slow = _produce("--out", "slow.pose", "--speed", "0.5", "--size", "200", "--render", "slow.gif")
    fast = _produce("--out", "fast.pose", "--speed", "2")
    assert slow["fps"] == normal["fps"] == fast["fps"] == 25
    assert slow["frames"] == 2 * normal["frames"] and fast["frames"] == round(normal["frames"] / 2)
    assert len(Pose.read(Path(slow["pose"]).read_bytes()).body.data) == slow["frames"]
    assert slow["coverage"][0]["frames"] == [0, 2 * normal["coverage"][0]["frames"][1]]  # spans follow the frames
    assert any("0.5x speed" in note for note in slow["notes"])
    assert any("frames 200 pixels" in note for note in slow["notes"])
    with Image.open(tmp_path / "slow.gif") as gif:
        assert max(gif.size) == 200


def test_out_of_range_speed_or_size_is_one_line(cli_env, tmp_path):
    for args, message in [(["--speed", "0"], "speed 0 is out of range"), (["--size", "10"], "size 10 is out of range"),
                          (["--size", "5000"], "size 5000 is out of range")]:
        result = runner.invoke(app, ["produce", "Anna", "--lang", "ase", *args])
        assert isinstance(result.exception, InputError) and message in str(result.exception)
    done = subprocess.run([sys.executable, "-m", "signbridge.agents.cli", "produce", "Anna", "--lang", "ase", "--speed",
                           "9"], capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert done.returncode == 2 and done.stderr.count("\n") == 1, done.stderr
    assert "speed 9 is out of range: use 0.25 to 4" in done.stderr and done.stdout == ""


FIRST = "How do I sign 'thank you' in DGS?"


@pytest.mark.parametrize("prompt, speed, size", [
    ("slower", 0.5, None), ("slower please", 0.5, None), ("can you make it bigger?", None, 480),
    ("bigger and slower", 0.5, 480), ("sign it faster", 2.0, None), ("too fast", 0.5, None), ("smaller", None, 214),
    ("langsamer bitte", 0.5, None), ("größer", None, 480), ("plus lentement", 0.5, None), ("más despacio", 0.5, None),
    ("più lento", 0.5, None), ("mais devagar", 0.5, None), ("langzamer", 0.5, None), ("wolniej", 0.5, None),
    ("daha yavaş", 0.5, None), ("더 천천히", 0.5, None),
])
def test_slower_and_bigger_redo_the_previous_production(prompt, speed, size):
    u = understand(prompt, understand(FIRST))
    assert (u.intent, u.language, u.text, u.speed, u.size) == ("sign", "gsg", "thank you", speed, size)
    args = plan(u)[-1].args
    assert args.get("speed") == speed and args.get("size") == size


@pytest.mark.parametrize("prompt", [
    "use the German word Danke instead", "use 'Danke' instead", "nimm stattdessen das Wort Danke",
    "verwende das deutsche Wort Danke", "utilise plutôt le mot allemand Danke",
    "usa la palabra alemana Danke en su lugar", "gebruik het Duitse woord Danke", "użyj słowa Danke",
])
def test_use_another_word_instead_redoes_with_that_text(prompt):
    u = understand(prompt, understand(FIRST))
    assert (u.intent, u.language, u.text) == ("sign", "gsg", "Danke")


def test_changes_add_up_within_limits_and_carry_over():
    u = understand("slower", understand("fingerspell Anna in ASL"))
    assert (u.intent, u.speed) == ("fingerspell", 0.5)
    u = understand("even slower", u)
    u = understand("slower", u)
    assert u.speed == 0.25 and any("limited to 0.25-4x" in note for note in u.notes)
    assert understand("and in BSL?", u).speed == 0.25  # a language switch keeps the rate asked for
    assert understand("slower", understand("look up Haus in DGS")).intent == "unsupported"  # no animation to slow
    assert understand("slower").intent == "unsupported"  # nothing to redo
    # a quoted word is a text of its own, and "use a gif" is no new text
    assert understand("how do I sign 'bigger'?", understand(FIRST)).text == "bigger"
    assert understand("now use a gif", understand(FIRST)).text == "thank you"


def test_chat_redoes_the_production_slower(cli_env):
    session = "fingerspell Anna in ASL\nslower\n/quit\n"
    result = runner.invoke(app, ["chat", "--backend", "offline", "--json"], input=session)
    assert result.exit_code == 0, result.output
    answers = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    first, second = answers[0], answers[1]
    assert second["intent"] == "fingerspell" and second["text"] == "Anna"
    assert second["steps"][-1]["args"]["speed"] == 0.5
    frames = [answer["results"][-1]["data"]["frames"] for answer in (first, second)]
    assert frames[1] == 2 * frames[0]
