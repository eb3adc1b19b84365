"""Long work reports progress: the library through a callback, the CLI as status lines when stderr is a pipe."""

import subprocess
import sys
import time

from signbridge.knowledge.progress import LineReporter, status, tracker
from signbridge.tools.describe import describe_vocab


def test_library_reports_to_a_callback(settings, kb, tmp_path):
    events = []
    describe_vocab(["Haus", "Licht", "Nase"], "gsg", settings, tmp_path / "out" / "d.jsonl", progress=events.append,
                   kb=kb)
    assert [e.completed for e in events if not e.finished] == [0, 1, 2, 3]
    assert events[-1].finished and events[-1].total == 3 and events[-1].description == "describing"


def test_line_reporter_writes_periodic_lines_only_for_long_jobs(capsys):
    reporter = LineReporter(every=0.2, first=0.2)
    with status("a quick job", progress=reporter):
        pass
    with tracker(reporter) as bar:
        task = bar.add_task("a long job", total=4)
        for _ in range(4):
            time.sleep(0.15)
            bar.advance(task)
    lines = capsys.readouterr().err.splitlines()
    assert not any("quick" in line for line in lines)
    assert len(lines) >= 3 and all(line.startswith("signbridge: a long job") for line in lines)
    assert lines[-1].endswith(" s") and "4/4 (100%), done in" in lines[-1]


def test_cli_prints_status_lines_when_stderr_is_not_a_terminal(cli_env, tmp_path):
    (tmp_path / "words.txt").write_text("Anna\nOtto\nEva\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "signbridge.agents.cli", "produce", "--batch", "words.txt", "--lang",
                           "ase", "--fingerspell", "--render", ".gif", "--out", "b"], capture_output=True, text=True,
                          timeout=300, env={**__import__("os").environ, "SIGNBRIDGE_PROGRESS_EVERY": "0.3"})
    assert done.returncode == 0, done.stderr
    lines = [line for line in done.stderr.splitlines() if line.startswith("signbridge: produce")]
    assert len(lines) >= 2 and "3/3 (100%), done in" in lines[-1]
    assert "\x1b[" not in done.stderr  # no terminal escapes in a log
