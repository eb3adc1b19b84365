"""python benchmarks/crash_resume.py --kills 3 --rows 200 --words 200 --steps 24

kill -9 at random points, then resume: items lost or duplicated (goal: 0 and 0) for an import, a
`describe --vocab` run and a training run; plus identical imports racing on one data directory.

Each job runs the real `signbridge` command as a subprocess in a fresh data directory (under a
temporary folder, removed at the end), is sent SIGKILL after a random delay `--kills` times, and is
then rerun to completion (the same command: imports and batches resume; training with --resume).

- import: a spoken-to-signed lexicon of `--rows` rows (copies of a packaged letter clip). Lost =
  rows with no entry afterwards; duplicated = entries beyond one per row.
- describe: a vocabulary of `--words` DGS headwords. Lost = words missing from the JSONL;
  duplicated = words written more than once.
- training: `train text2pose --preset tiny` for `--steps` steps, saving every 2 steps. Lost =
  steps not reached; "duplicated" = weights that differ from an uninterrupted run of the same seed
  (max |difference|, goal 0.0: resuming is bit-exact).
- race: `--racers` identical imports started at once on one data directory. Duplicated = entries
  beyond one per row; also how many processes reported the rows as newly imported (goal: 1).

The baseline for each job is the same command run without kills, in the same invocation.
"""

import argparse
import csv
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def run(args: list[str], env: dict, cwd: Path, kill_after: float | None = None) -> tuple[int, str]:
    """Run `signbridge ARGS`; with `kill_after`, SIGKILL it after that many seconds (if still running)."""
    proc = subprocess.Popen([sys.executable, "-m", "signbridge.agents.cli", *args], env=env, cwd=cwd,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    if kill_after is None:
        out, _ = proc.communicate()
        return proc.returncode, out
    try:
        out, _ = proc.communicate(timeout=kill_after)
        return proc.returncode, out  # finished before the kill
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
        proc.communicate()
        return -9, ""


def fresh_home(base: Path, name: str, seed_home: Path | None) -> Path:
    """A data directory; a copy of a built index when one is given (building one takes ~30 s)."""
    home = base / name
    if seed_home is not None and (seed_home / "index").is_dir():
        shutil.copytree(seed_home / "index", home / "index")
        shutil.copytree(seed_home / "cache", home / "cache", dirs_exist_ok=True) if (seed_home / "cache").is_dir() else None
    home.mkdir(parents=True, exist_ok=True)
    return home


def env_for(home: Path) -> dict:
    return {**os.environ, "SIGNBRIDGE_HOME": str(home), "SIGNBRIDGE_OUT": str(home.parent / "out")}


def make_lexicon(folder: Path, rows: int) -> Path:
    from signbridge.knowledge.package_data import fingerspelling_clips

    clip = next(c for c in fingerspelling_clips() if c.signed_language == "ase")
    folder.mkdir(parents=True)
    shutil.copy(clip.path, folder / "a.pose")
    with open(folder / "index.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["path", "spoken_language", "signed_language", "start", "end", "words", "glosses", "priority"])
        for i in range(rows):
            writer.writerow(["a.pose", "en", "ase", 0, 0, f"word{i:05d}", f"W{i:05d}", 0])
    return folder


def import_counts(home: Path, source: str) -> tuple[int, int]:
    """(entries, distinct words) of one import source."""
    with sqlite3.connect(home / "index" / "kb.sqlite") as conn:
        return conn.execute("SELECT COUNT(*), COUNT(DISTINCT json_extract(data, '$.words')) FROM entries "
                            "WHERE source=?", (source,)).fetchone()


def kill_points(rng: random.Random, kills: int, span: float) -> list[float]:
    return [rng.uniform(0.15, 0.6) * span for _ in range(kills)]  # resumed runs are shorter


def bench_import(base: Path, seed_home: Path, rows: int, kills: int, rng: random.Random) -> dict:
    lexicon = make_lexicon(base / "lex", rows)
    args = ["knowledge", "import", "spoken-to-signed", str(lexicon), "--name", "crash", "--json"]
    home = fresh_home(base, "import-baseline", seed_home)
    start = time.perf_counter()
    run(args, env_for(home), base)
    span = time.perf_counter() - start
    home = fresh_home(base, "import-killed", seed_home)
    killed = sum(run(args, env_for(home), base, kill_after=t)[0] == -9 for t in kill_points(rng, kills, span))
    run(args, env_for(home), base)
    entries, distinct = import_counts(home, "import:crash")
    return {"job": "import", "items": rows, "kills": killed, "lost": rows - distinct, "duplicated": entries - distinct,
            "baseline_s": round(span, 1)}


def bench_race(base: Path, seed_home: Path, rows: int, racers: int) -> dict:
    lexicon = base / "lex"
    home = fresh_home(base, "race", seed_home)
    args = [sys.executable, "-m", "signbridge.agents.cli", "knowledge", "import", "spoken-to-signed", str(lexicon),
            "--name", "race", "--json"]
    procs = [subprocess.Popen(args, env=env_for(home), cwd=base, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                              text=True) for _ in range(racers)]
    reports = [json.loads(p.communicate()[0] or "{}") for p in procs]
    entries, distinct = import_counts(home, "import:race")
    return {"job": f"race ({racers} identical imports)", "items": rows, "kills": 0, "lost": rows - distinct,
            "duplicated": entries - distinct,
            "newly_imported_by": sum(1 for r in reports if r.get("newly_done"))}


def bench_describe(base: Path, seed_home: Path, words: int, kills: int, rng: random.Random) -> dict:
    from signbridge.knowledge.sources.dgs import load_dgs_entries

    vocab = sorted({e.words[0] for e in load_dgs_entries() if e.words and e.words[0].isalpha()})[:words]
    (base / "vocab.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")
    home = fresh_home(base, "describe", seed_home)
    out = base / "desc.jsonl"
    args = ["describe", "--vocab", str(base / "vocab.txt"), "--lang", "gsg", "--out", str(out), "--json"]
    start = time.perf_counter()
    run(args, env_for(home), base)
    span = time.perf_counter() - start
    out.unlink()
    killed = 0
    for t in kill_points(rng, kills, span):
        code, _ = run(args + (["--resume"] if out.exists() else []), env_for(home), base, kill_after=t)
        killed += code == -9
    run(args + (["--resume"] if out.exists() else []), env_for(home), base)
    written = [json.loads(line)["word"] for line in out.read_text(encoding="utf-8").splitlines() if line.strip()]
    return {"job": "describe --vocab", "items": len(vocab), "kills": killed, "lost": len(set(vocab) - set(written)),
            "duplicated": len(written) - len(set(written)), "baseline_s": round(span, 1)}


def bench_training(base: Path, seed_home: Path, steps: int, kills: int, rng: random.Random) -> dict:
    from safetensors.torch import load_file

    home = fresh_home(base, "train", seed_home)
    config = base / "train.json"  # a save every 2 steps, the RL loss with the PLC (its state is saved too)
    config.write_text(json.dumps({"save_every": 2, "loss": "rl", "plc": True, "eval_words": 2, "max_frames": 60}))
    common = ["train", "text2pose", "--config", str(config), "--preset", "tiny", "--languages", "ase",
              "--steps", str(steps), "--words", "40", "--seed", "0", "--json"]
    start = time.perf_counter()
    run(common + ["--out", str(base / "straight")], env_for(home), base)
    span = time.perf_counter() - start
    target = base / "killed"
    killed = 0
    for t in kill_points(rng, kills, span):
        code, _ = run(common + ["--out", str(target), "--resume"], env_for(home), base, kill_after=t)
        killed += code == -9
    run(common + ["--out", str(target), "--resume"], env_for(home), base)
    a = load_file(str(base / "straight" / "groups" / "ase" / "model.safetensors"))
    b = load_file(str(target / "groups" / "ase" / "model.safetensors"))
    diff = max(float((a[k] - b[k]).abs().max()) for k in a)
    state = json.loads((target / "groups" / "ase" / "trainer_state.json").read_text())
    return {"job": "train text2pose", "items": steps, "kills": killed, "lost": steps - int(state["step"]),
            "duplicated": 0 if diff == 0.0 else 1, "max_weight_difference": diff, "baseline_s": round(span, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=3)
    parser.add_argument("--rows", type=int, default=200)
    parser.add_argument("--words", type=int, default=200)
    parser.add_argument("--steps", type=int, default=24)
    parser.add_argument("--racers", type=int, default=4)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--seed-home", type=Path, default=Path(os.environ.get("SIGNBRIDGE_HOME", "")) or None,
                        help="a data directory whose built index is copied (default $SIGNBRIDGE_HOME)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    base = Path(tempfile.mkdtemp(prefix="signbridge-crash-"))
    rows = []
    try:
        rows.append(bench_import(base, args.seed_home, args.rows, args.kills, rng))
        rows.append(bench_race(base, args.seed_home, args.rows, args.racers))
        rows.append(bench_describe(base, args.seed_home, args.words, args.kills, rng))
        rows.append(bench_training(base, args.seed_home, args.steps, args.kills, rng))
    finally:
        shutil.rmtree(base, ignore_errors=True)
    if args.json:
        print(json.dumps(rows, indent=1))
        return
    print(f"{'job':34} {'items':>6} {'kills':>6} {'lost':>5} {'duplicated':>10}  notes")
    for r in rows:
        notes = {k: v for k, v in r.items() if k not in ("job", "items", "kills", "lost", "duplicated")}
        print(f"{r['job']:34} {r['items']:>6} {r['kills']:>6} {r['lost']:>5} {r['duplicated']:>10}  {notes}")


if __name__ == "__main__":
    main()
