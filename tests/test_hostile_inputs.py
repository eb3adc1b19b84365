"""The hostile-input corpus as a table: every case builds its bad input in a temporary folder, runs the
real command line in-process (`signbridge.agents.cli.main`, so the output layer and exit codes are the
ones users see) and checks the exit code, that stderr is one line without a traceback or an internal
exception name (or the right result, where there is one), and that nothing was written outside the
working folder's output and the data directory.

Cases fixed together with this corpus: damaged index files, NaN/inf/0-frame poses, garbage rows in
imports, unknown or aliased languages, emoji lines, BOMs, NaN thresholds, '..' names, deep nesting,
unbounded numeric options, terminal escapes in messages. README "Reliability" counts them.
"""

import json
import shutil
import sqlite3
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np
import pytest

import signbridge.agents.cli as cli
from signbridge.knowledge.package_data import fingerspelling_clips


@dataclass
class Case:
    id: str
    build: Callable[[Path], list[str]]  # makes the input in the work folder, returns the CLI arguments
    exit: int = 2
    message: str = ""  # a fragment of stderr (or of stdout with exit 0)
    check: Callable[[Path, str], None] | None = None  # extra checks on (work folder, stdout)
    private_home: bool = False  # changes the index (damage, imports): run on a copy of it
    damage: Callable[[Path], None] | None = None  # (home) -> None, applied to the private home
    env: dict = field(default_factory=dict)


# ------------------------------------------------------------------ inputs

def _clip():
    return next(c for c in fingerspelling_clips() if c.signed_language == "ase")


def _pose(path: Path, change=None) -> Path:
    from pose_format import Pose

    pose = Pose.read(Path(_clip().path).read_bytes())
    if change:
        change(pose)
    with open(path, "wb") as f:
        pose.write(f)
    return path


def _nan(pose):
    pose.body.data[:] = np.nan


def _inf(pose):
    pose.body.data[0, 0, :5] = np.inf


def _zero_frames(pose):
    pose.body.data = pose.body.data[:0]
    pose.body.confidence = pose.body.confidence[:0]


def _nan_fps(pose):
    pose.body.fps = float("nan")


def _lexicon(rows):
    """spoken-to-signed lexicon: rows of (file, word, signed_language, pose change)."""
    def build(work: Path) -> list[str]:
        folder = work / "lex"
        folder.mkdir()
        lines = ["path,spoken_language,signed_language,start,end,words,glosses,priority"]
        for i, (word, language, change) in enumerate(rows):
            _pose(folder / f"{i}.pose", change)
            lines.append(f"{i}.pose,en,{language},0,0,\"{word}\",,0")
        (folder / "index.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
        return ["knowledge", "import", "spoken-to-signed", str(folder), "--name", f"hostile-{work.parent.name}", "--json"]
    return build


def _failed_reasons(expected: dict[str, str]):
    def check(work: Path, stdout: str) -> None:
        report = json.loads(stdout)
        reasons = {f["item"].split("|")[1]: f["reason"] for f in report["failed"]}
        for word, fragment in expected.items():
            assert fragment in reasons.get(word, ""), (word, reasons)
    return check


def _file(name: str, data: bytes | str, args: Callable[[Path], list[str]]):
    def build(work: Path) -> list[str]:
        path = work / name
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        return args(path)
    return build


def _recognize(change):
    return lambda work: ["recognize", str(_pose(work / "in.pose", change)), "--lang", "ase"]


def _suite(text: str):
    return _file("suite.yaml", text, lambda p: ["eval", "run", str(p), "--out", "out/eval"])


def _deep_suite(depth: int = 3000) -> str:
    return "name: deep\ncases:\n  - " + "[" * depth + "]" * depth + "\n"


def _kb_path(home: Path) -> Path:
    return home / "index" / "kb.sqlite"


def _sql(statement: str):
    def damage(home: Path) -> None:
        with sqlite3.connect(_kb_path(home)) as conn:
            conn.execute(statement)
    return damage


def _describe_vocab(text: str):
    return _file("vocab.txt", text, lambda p: ["describe", "--vocab", str(p), "--lang", "gsg", "--out",
                                              "out/d.jsonl", "--json"])


def _batch(text: str):
    return _file("lines.txt", text, lambda p: ["produce", "--batch", str(p), "--lang", "ase", "--fingerspell",
                                              "--out", "out/batch", "--json"])


def _batch_first_line_is_plain(work: Path, stdout: str) -> None:
    rows = [json.loads(line) for line in (work / "out/batch/manifest.jsonl").read_text().splitlines()]
    assert rows[0]["text"] == "ab" and rows[0]["ok"]


def _aliases_resolved(work: Path, stdout: str) -> None:
    report = json.loads(stdout)
    assert report["newly_done"] == 1, report
    from signbridge.knowledge.lookup import lookup
    from signbridge.knowledge.settings import Settings
    from signbridge.knowledge.store import KnowledgeBase

    hits = lookup("Kitchenette", "ase", kb=KnowledgeBase.open(Settings.from_env(), progress=False)).hits
    assert hits and hits[0].entry.language == "ase" and hits[0].entry.gloss == "KITCHENETTE"


CASES = [
    # imports: garbage rows are failed items, the good row goes in (exit 0)
    Case("import-garbage-rows", _lexicon([
        ("Nanwort", "ase", _nan), ("Infwort", "ase", _inf), ("Ha\x00us", "ase", None), ("Alien", "klingon", None),
        ("Kitchenette", "ASL", None)]), exit=0, private_home=True,
         check=lambda w, out: (_failed_reasons({"Nanwort": "NaN or infinite", "Infwort": "NaN or infinite",
                                                 "Alien": "unknown language 'klingon'",
                                                 "Ha\x00us": "control characters"})(w, out), _aliases_resolved(w, out))),
    Case("import-only-garbage", _lexicon([("Leer", "ase", _zero_frames)]), exit=1, private_home=True),
    # recognition of poses that hold nothing
    Case("recognize-nan-pose", _recognize(_nan), message="cannot be recognised"),
    Case("recognize-zero-frames", _recognize(_zero_frames), message="cannot be recognised"),
    Case("recognize-nan-fps", _recognize(_nan_fps), message="frame rate"),
    # batch work carries on; a BOM is not text
    Case("describe-vocab-emoji-line", _describe_vocab("Haus\n\U0001F600\U0001F600\n"), exit=0,
         check=lambda w, out: (json.loads(out)["written"] == 1 or pytest.fail(out),
                               "\U0001F600" in json.loads(out)["failed"][0]["word"] or pytest.fail(out))),
    Case("describe-vocab-only-emoji", _describe_vocab("\U0001F600\n"), exit=1),
    Case("produce-batch-bom", _batch("\ufeffab\n"), exit=0, check=_batch_first_line_is_plain),
    # eval suites
    Case("suite-nan-min", _suite("name: s\ncases:\n  - {id: a, kind: lookup, input: {query: Haus, language: gsg}, "
                                 "expect: {metric: recall_at_k, min: .nan}}\n"), message="finite number"),
    Case("suite-nan-max", _suite("name: s\ncases:\n  - {id: a, kind: lookup, input: {query: Haus, language: gsg}, "
                                 "expect: {metric: reciprocal_rank, max: .inf}}\n"), message="finite number"),
    Case("suite-deep-nesting", _suite(_deep_suite()), message="nested too deeply"),
    Case("suite-dot-dot-names", _suite("name: '..'\ncases:\n  - {id: '..', kind: produce, "
                                       "input: {text: ab, language: ase}}\n"), exit=0),
    # damaged index files: which file, how to rebuild, exit 2 (stats.json is rewritten)
    Case("index-stats-garbage", lambda w: ["knowledge", "stats", "--json"], exit=0, private_home=True,
         damage=lambda home: (home / "index" / "stats.json").write_bytes(bytes(range(256)))),
    Case("index-lock-is-a-folder", lambda w: ["knowledge", "stats"], message=".lock is a folder", private_home=True,
         damage=lambda home: (home / "index" / ".lock").unlink() or (home / "index" / ".lock").mkdir()),
    Case("index-is-a-file", lambda w: ["knowledge", "stats"], message="index is a file", private_home=True,
         damage=lambda home: shutil.rmtree(home / "index") or (home / "index").write_text("x")),
    Case("index-generation-not-a-number", lambda w: ["lookup", "Haus", "--lang", "gsg"], message="knowledge build",
         private_home=True, damage=_sql("UPDATE meta SET value='seven' WHERE key='generation'")),
    Case("index-entry-bad-json", lambda w: ["lookup", "Haus", "--lang", "gsg"], message="is damaged",
         private_home=True, damage=_sql("UPDATE entries SET data='{not json' WHERE rowid=1")),
    # unbounded numbers are refused before any work
    Case("train-fsbench-huge-words", lambda w: ["train", "fsbench", "--words", "1000000000"], message="20000"),
    Case("train-huge-steps", lambda w: ["train", "text2pose", "--steps", "100000000000", "--out", "out/t"],
         message="1000000"),
    Case("train-garbage-skels", _file("c.skels", bytes(range(256)) * 4, lambda p: [
        "train", "text2pose", "--data", str(p), "--languages", "ase", "--steps", "1", "--out", "out/t"]),
         message="is missing next to"),
    Case("train-garbage-manifest", _file("c.jsonl", "not json\n", lambda p: [
        "train", "text2pose", "--data", str(p), "--languages", "ase", "--steps", "1", "--out", "out/t"]),
         message="is not JSON"),
    # text from a file or a model never drives the terminal
    Case("escape-sequences-in-message", lambda w: ["lookup", "Haus", "--lang", "x\x1b]0;pwned\x07\x1b[2J"],
         message="unknown sign language"),
]


@pytest.fixture
def work(tmp_path, monkeypatch, home):
    folder = tmp_path / "work"
    folder.mkdir()
    monkeypatch.chdir(folder)
    monkeypatch.setenv("SIGNBRIDGE_HOME", str(home))
    monkeypatch.setenv("SIGNBRIDGE_OUT", str(folder / "out"))
    monkeypatch.setenv("MPLCONFIGDIR", str(tmp_path / "mpl"))
    monkeypatch.delenv("SIGNBRIDGE_LLM_BASE_URL", raising=False)
    return folder


def _tree(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*")} if root.exists() else set()


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_hostile_input(case, work, kb, monkeypatch, capsys):
    if case.private_home:
        private = work.parent / "home"
        shutil.copytree(kb.settings.home / "index", private / "index")
        if case.damage:
            case.damage(private)
        monkeypatch.setenv("SIGNBRIDGE_HOME", str(private))
    args = case.build(work)
    before_outside = _tree(work.parent) - {str(Path(work.name) / p) for p in _tree(work)}
    before_work = _tree(work)
    monkeypatch.setattr(sys, "argv", ["signbridge", *args])
    with pytest.raises(SystemExit) as exit_info:
        cli.main()
        raise SystemExit(0)
    code = exit_info.value.code or 0
    captured = capsys.readouterr()
    assert code == case.exit, (code, captured.err[-800:])
    err_lines = [line for line in captured.err.splitlines() if line.startswith("error:")]
    assert "Traceback" not in captured.err and "\x1b]" not in captured.err and "\x1b[2J" not in captured.err
    if case.exit == 2:
        assert len(err_lines) == 1 or "Usage:" in captured.err, captured.err[-800:]
        assert "rerun with --debug" not in captured.err  # an internal exception name is not a message
        assert case.message in captured.err, captured.err[-800:]
    elif case.message:
        assert case.message in captured.out + captured.err
    if case.check:
        case.check(work, captured.out)
    # nothing outside the working folder changed but the data dir (and matplotlib's cache)
    after_outside = _tree(work.parent) - {str(Path(work.name) / p) for p in _tree(work)}
    new_outside = {p for p in after_outside - before_outside if not p.startswith(("home", "mpl"))}
    assert not new_outside, new_outside
    new_in_work = {p for p in _tree(work) - before_work if not p.startswith("out")}
    assert not new_in_work, new_in_work


def test_corpus_size_is_in_the_readme():
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert f"{len(CASES)} hostile-input cases" in readme
