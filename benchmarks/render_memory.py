"""python benchmarks/render_memory.py --letters 100 2000

(`tests/test_render_memory.py` runs it small: `--letters 25 100 --size 96 --json`.)

Memory of long renders: a fingerspelled ASL production of a short and a long text (N characters of
random words) rendered to GIF + MP4 + HTML at 320 px, as `signbridge produce TEXT --lang ase
--fingerspell --render x.gif --render x.mp4 --render x.html` does, each length in its own process.

Per length: the process's peak RSS while producing the pose (which grows with the text), and what
rendering adds on top of the RSS before it (the kernel's peak mark is reset after the production and
freed heap is handed back first). The baseline is the shortest text in the same run: the render's
ratio long/short stays ~1 when frames are streamed (when every frame was held it grew with the
frames: a 2,000-character text went past 23 GB).
"""

import argparse
import json
import os
import random
import string
import subprocess
import sys
import tempfile
from pathlib import Path

_MEASURE = r"""
import ctypes, json, sys, time
from pathlib import Path
import av, cv2, PIL.GifImagePlugin  # libraries loaded before measuring: they are not frames
import signbridge.tools.render.animation, signbridge.tools.render.html, signbridge.tools.render.signwriting_svg
from signbridge.knowledge.settings import Settings
from signbridge.tools.production import ProductionConfig, fingerspell
from signbridge.tools.render import render_all

def status(key):
    for line in open("/proc/self/status"):
        if line.startswith(key):
            return int(line.split()[1]) / 1024  # MB

text, out, size = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
result = fingerspell(text, "ase", Settings(home=out / "home", out_dir=out), out=out / "x.pose",
                     config=ProductionConfig(render_size=size))
production_peak = status("VmHWM:")
ctypes.CDLL("libc.so.6").malloc_trim(0)
with open("/proc/self/clear_refs", "w") as f:
    f.write("5")  # reset the peak mark (VmHWM) to the current RSS
before = status("VmRSS:")
start = time.perf_counter()
written = render_all(result, [out / "x.gif", out / "x.mp4", out / "x.html"], size=size)
print(json.dumps({"frames": result.frames, "production_peak": production_peak, "render_adds": status("VmHWM:") - before,
                  "peak": max(production_peak, status("VmHWM:")), "render_s": time.perf_counter() - start,
                  "mb": [p.stat().st_size / 2**20 for p in written]}))
"""


def text_of(n: int, seed: int = 0) -> str:
    """n characters: random lowercase words of 3-9 letters separated by single spaces."""
    rng = random.Random(seed)
    words, length = [], 0
    while length < n:
        word = "".join(rng.choices(string.ascii_lowercase, k=rng.randint(3, 9)))
        words.append(word)
        length += len(word) + 1
    return " ".join(words)[:n].strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, nargs="+", default=[100, 2000], help="text lengths (characters)")
    parser.add_argument("--size", type=int, default=320, help="animation frame size in pixels")
    parser.add_argument("--json", action="store_true", help="print one JSON object per length instead of the table")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="signbridge-bench-") as tmp:
        for n in sorted(args.letters):
            folder = Path(tmp) / str(n)
            env = {**os.environ, "SIGNBRIDGE_HOME": str(folder / "home")}
            done = subprocess.run([sys.executable, "-c", _MEASURE, text_of(n), str(folder), str(args.size)],
                                  capture_output=True, text=True, env=env)
            if done.returncode != 0:
                raise SystemExit(done.stderr[-2000:])
            rows.append((n, json.loads(done.stdout.splitlines()[-1])))
    if args.json:
        for n, r in rows:
            print(json.dumps({"chars": n, **r}))
        return
    print(f"{'chars':>6} {'frames':>7} {'peak MB: production':>20} {'render adds MB':>15} {'process peak MB':>16} "
          f"{'render s':>9}  output MB (gif / mp4 / html)")
    for n, r in rows:
        print(f"{n:>6} {r['frames']:>7} {r['production_peak']:>20.0f} {r['render_adds']:>15.1f} {r['peak']:>16.0f} "
              f"{r['render_s']:>9.0f}  {' / '.join(f'{mb:.1f}' for mb in r['mb'])}")
    (n0, a), (n1, b) = rows[0], rows[-1]
    print(f"{n1} vs {n0} characters: {b['frames'] / a['frames']:.1f}x the frames; rendering adds "
          f"{b['render_adds'] / a['render_adds']:.2f}x the memory; process peak {b['peak'] / a['peak']:.2f}x "
          f"(the pose: {(b['production_peak'] - a['production_peak']) / (b['frames'] - a['frames']) * 1024:.0f} KB "
          "per frame while producing)")


if __name__ == "__main__":
    main()
