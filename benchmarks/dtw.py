"""python benchmarks/dtw.py [--repeat 3]

Wall time of `signbridge.models.metrics.dtw_mje` (cost matrix by broadcasting, the recursion one
anti-diagonal at a time) against a baseline measured in the same run: the same definition written as
plain Python loops over every cell (one frame pair at a time, numpy only for the joint distances).
Inputs: random (frames, 50 points, 3) poses of the sizes text-to-pose evaluation sees (a 6-12 s
fingerspelled word at 12.5 fps is 75-150 frames). Prints seconds (median of --repeat) and the speed-up.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

SIZES = [(40, 30), (150, 120), (300, 260)]


def loop_dtw(a: np.ndarray, b: np.ndarray) -> float:
    """DTW-MJE cell by cell (every joint visible): the baseline."""
    n, m = len(a), len(b)
    acc = np.full((n + 1, m + 1), np.inf)
    steps = np.zeros((n + 1, m + 1), dtype=int)
    acc[0, 0] = 0.0
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            cost = float(np.sqrt(((a[i - 1] - b[j - 1]) ** 2).sum(-1)).mean())  # mean joint error of one pair
            options = ((acc[i - 1, j - 1], steps[i - 1, j - 1]), (acc[i - 1, j], steps[i - 1, j]),
                       (acc[i, j - 1], steps[i, j - 1]))
            best = min(range(3), key=lambda t: options[t][0])
            acc[i, j] = cost + options[best][0]
            steps[i, j] = options[best][1] + 1
    return float(acc[n, m] / steps[n, m])


def timed(fn, *args, repeat: int) -> tuple[float, float]:
    times, value = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        value = fn(*args)
        times.append(time.perf_counter() - start)
    return statistics.median(times), value


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[2])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    from signbridge.models.metrics import dtw_mje

    rng = np.random.default_rng(0)
    print(f"{'frames':>10} {'dtw_mje s':>10} {'loops s':>10} {'speed-up':>9}  same value")
    for n, m in SIZES:
        a, b = rng.normal(size=(n, 50, 3)), rng.normal(size=(m, 50, 3))
        ours, value = timed(dtw_mje, a, b, repeat=args.repeat)
        base, expected = timed(loop_dtw, a, b, repeat=1)  # the baseline is slow: timed once
        print(f"{n:>4} x {m:<4} {ours:>10.4f} {base:>10.4f} {base / ours:>8.1f}x  {abs(value - expected) < 1e-9}")


if __name__ == "__main__":
    main()
