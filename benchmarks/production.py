"""python benchmarks/production.py [--repeat 3] [--lang gsg] [WORD ...]

Fingerspelling production, wall time with process start included, in one run:

- signbridge: `signbridge produce "W1 W2 ..." --lang gsg --fingerspell --out OUT.pose`
- baseline: spoken-to-signed's `FingerspellingPoseLookup().lookup(word, ...)` for every word
  (it joins each word's letters with `concatenate_poses`) and `concatenate_poses` over the words,
  written to a .pose, in a fresh `python` process (its progress prints silenced).

Both write a joined .pose of the same words. Prints per-run seconds, medians and the ratio
signbridge / baseline (lower is better; target <= 0.5). Also times the in-process join alone.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WORDS = ["Hallo", "Welt", "Gebärdensprache", "Schule", "Freund", "Familie", "Berlin", "Straße"]
SPOKEN = {"gsg": "de", "ase": "en", "sgg": "de", "asq": "de", "fsl": "fr", "ise": "it", "ssp": "es"}

BASELINE = r"""
import contextlib, io, sys
out, spoken, signed, words = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
with contextlib.redirect_stdout(io.StringIO()):
    from spoken_to_signed.gloss_to_pose.concatenate import concatenate_poses
    from spoken_to_signed.gloss_to_pose.lookup.fingerspelling_lookup import FingerspellingPoseLookup
    lookup = FingerspellingPoseLookup()
    poses = [lookup.lookup(w, w, spoken, signed).pose for w in words]
    pose = concatenate_poses(poses) if len(poses) > 1 else poses[0]
with open(out, "wb") as f:
    pose.write(f)
"""


def timed(cmd: list[str], env: dict, cwd: Path | None = None) -> float:
    start = time.perf_counter()
    done = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True, timeout=600)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd[:4])} ...\n{done.stderr[-2000:]}")
    return elapsed


def frames(path: Path) -> tuple[int, int]:
    from pose_format import Pose

    pose = Pose.read(path.read_bytes())
    return pose.body.data.shape[0], pose.body.data.shape[2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("words", nargs="*", default=WORDS)
    parser.add_argument("--lang", default="gsg")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    python = sys.executable
    signbridge = str(Path(python).with_name("signbridge"))
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        env = {**os.environ, "SIGNBRIDGE_HOME": str(tmp / "home"), "SIGNBRIDGE_OUT": str(tmp / "out")}
        ours_cmd = [signbridge, "produce", " ".join(args.words), "--lang", args.lang, "--fingerspell",
                    "--out", str(tmp / "ours.pose")]
        base_cmd = [python, "-c", BASELINE, str(tmp / "base.pose"), SPOKEN.get(args.lang, "de"), args.lang,
                    *[w.lower() for w in args.words]]
        ours_cmd_run = lambda: timed(ours_cmd, env, cwd=tmp)  # noqa: E731
        # warm the file cache for both (first read of the clips from disk is not what we compare)
        timed(base_cmd, env)
        ours_cmd_run()
        ours, base = [], []
        for _ in range(args.repeat):  # interleaved so background load hits both alike
            base.append(timed(base_cmd, env))
            ours.append(ours_cmd_run())
        o, b = statistics.median(ours), statistics.median(base)
        of, bf = frames(tmp / "ours.pose"), frames(tmp / "base.pose")

        # the join alone, in process (no start-up): our spell+join vs spoken-to-signed's lookup+concatenate
        sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
        import contextlib
        import io

        from signbridge.knowledge.fingerspelling import spell_pose

        spell_pose(" ".join(args.words), args.lang)  # warm caches
        start = time.perf_counter()
        spell_pose(" ".join(args.words), args.lang)
        ours_join = time.perf_counter() - start
        with contextlib.redirect_stdout(io.StringIO()):
            from spoken_to_signed.gloss_to_pose.concatenate import concatenate_poses
            from spoken_to_signed.gloss_to_pose.lookup.fingerspelling_lookup import FingerspellingPoseLookup

            lookup = FingerspellingPoseLookup()
            start = time.perf_counter()
            concatenate_poses([lookup.lookup(w.lower(), w.lower(), SPOKEN.get(args.lang, "de"), args.lang).pose
                               for w in args.words])
            base_join = time.perf_counter() - start

    print(f"words ({len(args.words)}): {' '.join(args.words)}  language: {args.lang}")
    print(f"signbridge produce --fingerspell: {' '.join(f'{t:.2f}' for t in ours)} s  median {o:.2f} s  "
          f"-> {of[0]} frames x {of[1]} points")
    print(f"spoken-to-signed lookup+concat:   {' '.join(f'{t:.2f}' for t in base)} s  median {b:.2f} s  "
          f"-> {bf[0]} frames x {bf[1]} points")
    print(f"ratio (process start included): {o / b:.3f}  ({b / o:.1f}x faster)")
    print(f"in-process join only: signbridge {ours_join * 1000:.0f} ms, spoken-to-signed {base_join * 1000:.0f} ms, "
          f"ratio {ours_join / base_join:.3f}")


if __name__ == "__main__":
    main()
